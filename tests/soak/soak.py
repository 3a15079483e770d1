#!/usr/bin/env python3
"""Soak and fault suite for the editors' desk (`bulletin serve`).

    python3 tests/soak/soak.py --bulletin target/release/bulletin --short   # CI, ≤ ~3 min
    python3 tests/soak/soak.py --bulletin target/release/bulletin --full    # ~15–20 min

Runs on a scratch copy of the project (layouts/ and issues/ copied, fonts/ linked), in a
temporary folder; only 127.0.0.1 traffic. Scenarios (--only 1,4 picks some):

  1  twenty clients on one issue: saves, 409s, save and `rebuilt` latency, lost saves
  2  twenty clients on twenty issues: `rebuilt` p95 (target < 1 s)
  3  every issue opened one after another, then left: peak RSS (≤ 1 GiB), RSS given back
  4  kill -9 during bursts of saves: the file whole, no scratch files left behind
  5  outside writes racing desk saves: no outside edit lost
  6  issue.toml swapped for a link and back, then edited outside: the desk notices
  7  hostile files: zip bomb, huge Word file, not a zip, 1 MB of U+007F: 4xx, never 5xx

Writes soak.json and soak.md to --report (target/soak/). Exit 1 when a hard invariant
fails (a lost save or outside edit, a 5xx, a panic, a half-written file, …); a figure's
target not met fails the run only with --strict. Exit 2 when the suite cannot run.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from soaklib import faults, load, project  # noqa: E402
from soaklib.context import Run, fail_fast  # noqa: E402
from soaklib.figures import Result, write_reports  # noqa: E402

SCENARIOS = {
    "1": ("twenty clients on one issue", load.one_issue),
    "2": ("twenty clients on twenty issues", load.many_issues),
    "3": ("issues opened one after another, then released", load.open_and_release),
    "4": ("kill -9 during bursts of saves", faults.kills),
    "5": ("outside writes racing desk saves", faults.outside_races),
    "6": ("issue.toml swapped for a link and back", faults.link_swaps),
    "7": ("hostile files", faults.hostile),
}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--bulletin", type=Path, default=project.REPO / "target/release/bulletin",
                    help="the binary to test (default: target/release/bulletin)")
    form = ap.add_mutually_exclusive_group()
    form.add_argument("--short", action="store_const", dest="mode", const="short",
                      help="the short form CI runs (the default)")
    form.add_argument("--full", action="store_const", dest="mode", const="full",
                      help="the full form, ~15–20 minutes")
    ap.add_argument("--report", type=Path, default=project.REPO / "target/soak",
                    help="folder for soak.json and soak.md (default: target/soak/)")
    ap.add_argument("--only", default="", help="scenarios to run, e.g. 1,4 (default: all)")
    ap.add_argument("--strict", action="store_true",
                    help="also fail when a figure misses its target")
    ap.add_argument("--keep", action="store_true", help="keep the scratch folder")
    ap.add_argument("--seed", type=int, default=19, help="seed of the random pauses")
    ap.add_argument("--limit-minutes", type=float, default=None,
                    help="the whole run's limit (default: 10 short, 45 full)")
    args = ap.parse_args()
    mode = args.mode or "short"
    binary = args.bulletin.resolve()
    if not binary.is_file():
        fail_fast(f"no binary at {binary}")
    keys = [k.strip() for k in args.only.split(",") if k.strip()] or list(SCENARIOS)
    unknown = [k for k in keys if k not in SCENARIOS]
    if unknown:
        fail_fast(f"no scenario {', '.join(unknown)} (there are 1–7)")
    version = subprocess.run([str(binary), "--version"], capture_output=True,
                             text=True).stdout.strip()
    digest = hashlib.sha256(binary.read_bytes()).hexdigest()

    work = Path(tempfile.mkdtemp(prefix="bulletin-soak-"))
    root = work / "project"
    run = Run(binary, root, work, mode, args.seed)
    started = datetime.datetime.now().astimezone().isoformat(timespec="seconds")
    run.log(f"soak ({mode}) of {binary} ({version}, sha256 {digest[:16]}…); "
            f"scratch project in {root}")
    project.make_project(root)
    run.issue_ids = project.make_issues(root, run.sizes.issues)
    checks = project.check_all(binary, root, run.issue_ids)
    bad = {i: line for i, (code, line) in checks.items() if code != 0}
    if bad:
        fail_fast(f"the scratch issues do not check: {bad}")
    run.log(f"{len(run.issue_ids)} issues made and checked ({run.issue_ids[0]} … "
            f"{run.issue_ids[-1]})")

    results: list[Result] = []
    run.watchdog(args.limit_minutes or run.sizes.limit_minutes)
    try:
        for key in keys:
            title, scenario = SCENARIOS[key]
            res = Result(key, title)
            if run.aborted.is_set():
                res.crashed = "not run: the run was over its time limit"
                results.append(res)
                continue
            run.log(f"scenario {key}: {title}")
            t0 = time.monotonic()
            try:
                scenario(run, res)
            except Exception as e:  # the scenario could not go on: a failure, reported
                res.crashed = f"{type(e).__name__}: {e}"
                if run.aborted.is_set():
                    res.crashed = f"stopped at the run's time limit ({res.crashed})"
                res.notes.append(traceback.format_exc(limit=4))
                for server in run.servers:
                    res.panics(server) if server.alive() else None
            finally:
                run.stop_all()
            res.seconds = round(time.monotonic() - t0, 1)
            results.append(res)
            verdict = "ok" if not res.failed() else f"{len(res.failed())} invariant(s) failed"
            run.log(f"scenario {key} done in {res.seconds:.0f} s: {verdict}; "
                    + ", ".join(f"{k}={v}" for k, v in list(res.figures.items())[:10]))
            for line in res.failed():
                run.log(f"  FAIL {line}")
    finally:
        run.stop_all()

    meta = {"binary": str(binary), "version": version, "sha256": digest, "mode": mode, "started": started,
            "seconds": round(time.monotonic() - run.started, 1), "seed": args.seed,
            "scratch": str(work) if args.keep else None}
    json_path, md_path = write_reports(args.report, meta, results)
    hard = [f for r in results for f in r.failed()]
    unmet = [u for r in results for u in r.unmet()]
    run.log(f"report: {md_path} and {json_path}")
    if args.keep:
        run.log(f"scratch kept: {work}")
    else:
        shutil.rmtree(work, ignore_errors=True)
    for line in hard:
        print(f"HARD FAILURE {line}", flush=True)
    for line in unmet:
        print(f"target not met: {line}", flush=True)
    print(f"soak: {len(hard)} hard failure(s), {len(unmet)} target(s) not met "
          f"in {meta['seconds']:.0f} s", flush=True)
    if hard or (args.strict and unmet):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
