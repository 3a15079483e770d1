"""What a scenario measured: counts of requests by outcome, latencies, memory and threads,
the invariants that must hold and the targets figures should meet; and the JSON and
Markdown reports made of them."""

from __future__ import annotations

import json
import math
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from .desk import Reply, Server


def percentile(values: list[float], p: float) -> float | None:
    """The `p`th percentile (nearest rank) of `values`, None when there are none."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[rank - 1]


def ms(seconds: float | None) -> float | None:
    return None if seconds is None else round(seconds * 1000, 1)


def mib(kb: int | None) -> float | None:
    return None if kb is None else round(kb / 1024, 1)


class Tally:
    """Requests of one scenario by outcome, thread-safe."""

    def __init__(self):
        self.lock = threading.Lock()
        self.requests = 0
        self.saves = 0
        self.conflicts = 0
        self.errors = 0
        self.server_errors = 0
        self.samples: list[str] = []  # a few unexpected answers, for the report
        self.latency: dict[str, list[float]] = {}

    def note(self, what: str, reply: Reply, ok: tuple[int, ...] = (200,),
             latency: str | None = None) -> Reply:
        """Counts `reply` to request `what`: statuses in `ok` are expected, 409 is a
        conflict (expected or not), 5xx a server error, anything else (no answer included)
        an error."""
        with self.lock:
            self.requests += 1
            if reply.status >= 500:
                self.server_errors += 1
                self.errors += 1
                self._sample(what, reply)
            elif reply.status == 409 or reply.status in ok:
                self.conflicts += reply.status == 409
                if latency and reply.status in ok:
                    self.latency.setdefault(latency, []).append(reply.seconds)
            else:
                self.errors += 1
                self._sample(what, reply)
        return reply

    def saved(self, n: int = 1):
        with self.lock:
            self.saves += n

    def _sample(self, what: str, reply: Reply):
        if len(self.samples) < 8:
            body = reply.body[:300].decode("utf-8", "replace")
            self.samples.append(f"{what}: {reply.status} {reply.error or body}")

    def add_latency(self, kind: str, seconds: float):
        with self.lock:
            self.latency.setdefault(kind, []).append(seconds)


@dataclass
class Result:
    """One scenario's outcome."""

    key: str
    title: str
    figures: dict = field(default_factory=dict)
    invariants: list[dict] = field(default_factory=list)
    targets: list[dict] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    rows: list[dict] = field(default_factory=list)  # per round, when a scenario has rounds
    seconds: float = 0.0
    crashed: str = ""

    def invariant(self, name: str, value, ok: bool, what: str):
        """A hard invariant: the run fails when it does not hold."""
        self.invariants.append({"name": name, "value": value, "ok": bool(ok), "what": what})

    def target(self, name: str, value, limit, met: bool | None, what: str):
        """A figure's target: reported met or not (fails the run only with --strict);
        `met` None when it could not be measured."""
        self.targets.append({"name": name, "value": value, "target": limit, "met": met,
                             "what": what})

    def failed(self) -> list[str]:
        out = [f"{self.key}: {i['name']} = {i['value']} ({i['what']})"
               for i in self.invariants if not i["ok"]]
        if self.crashed:
            out.append(f"{self.key}: the scenario itself failed: {self.crashed}")
        return out

    def unmet(self) -> list[str]:
        return [f"{self.key}: {t['name']} = {t['value']} (target {t['target']})"
                for t in self.targets if t["met"] is not True]

    def tally(self, tally: Tally, latencies: dict[str, str] | None = None):
        """The standard figures from `tally`; `latencies` names which latency lists to
        report (key → label)."""
        self.figures.update({
            "requests": tally.requests, "saves": tally.saves, "conflicts_409": tally.conflicts,
            "errors": tally.errors, "responses_5xx": tally.server_errors,
        })
        for key, label in (latencies or {}).items():
            values = tally.latency.get(key, [])
            self.figures[f"{label}_n"] = len(values)
            self.figures[f"{label}_p50_ms"] = ms(percentile(values, 50))
            self.figures[f"{label}_p95_ms"] = ms(percentile(values, 95))
            self.figures[f"{label}_max_ms"] = ms(max(values) if values else None)
        if tally.samples:
            self.notes.extend(f"unexpected answer: {s}" for s in tally.samples)
        self.invariant("responses_5xx", tally.server_errors, tally.server_errors == 0,
                       "answers with status 500 or above")

    def process(self, server: Server, before: dict, after: dict | None = None):
        """Memory and threads of `server` before and after, and the panics in its stderr."""
        after = after if after is not None else server.status()
        self.figures.update({
            "rss_before_mib": mib(before.get("VmRSS")),
            "rss_after_mib": mib(after.get("VmRSS")),
            "rss_peak_sampled_mib": mib(server.peak_sampled_kb() or None),
            "vmhwm_mib": mib(after.get("VmHWM")),
            "threads_before": before.get("Threads"),
            "threads_after": after.get("Threads"),
        })
        self.panics(server)

    def panics(self, *servers: Server):
        lines = [line for s in servers for line in s.panics()]
        count = self.figures.get("panics", 0) + len(lines)
        self.figures["panics"] = count
        self.notes.extend(f"panic: {line}" for line in lines[:5])
        self.invariants = [i for i in self.invariants if i["name"] != "panics"]
        self.invariant("panics", count, count == 0, "panics reported in the server's stderr")


class Clock:
    """Bounded loops: seconds left of a budget."""

    def __init__(self, seconds: float):
        self.end = time.monotonic() + seconds

    def left(self) -> float:
        return self.end - time.monotonic()

    def over(self) -> bool:
        return self.left() <= 0


# -- reports ------------------------------------------------------------------------------
def _cell(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value).replace("|", "\\|").replace("\n", " ")


def write_reports(directory: Path, meta: dict, results: list[Result]) -> tuple[Path, Path]:
    directory.mkdir(parents=True, exist_ok=True)
    hard = [f for r in results for f in r.failed()]
    unmet = [u for r in results for u in r.unmet()]
    report = {"meta": meta, "hard_failures": hard, "targets_not_met": unmet,
              "scenarios": [r.__dict__ for r in results]}
    json_path = directory / "soak.json"
    json_path.write_text(json.dumps(report, ensure_ascii=False, indent=2), "utf-8")

    out = [f"# Soak and fault suite: {meta['mode']} run", ""]
    out += [f"- binary: `{meta['binary']}` ({meta.get('version', '?')}, "
            f"sha256 `{meta.get('sha256', '?')[:16]}…`)",
            f"- started {meta['started']}, {meta['seconds']:.0f} s, "
            f"scenarios {', '.join(r.key for r in results)}",
            f"- hard invariants: **{'all hold' if not hard else f'{len(hard)} failed'}**; "
            f"targets: {'all met' if not unmet else f'{len(unmet)} not met'}", ""]
    if hard:
        out += ["Failed invariants:", ""] + [f"- {h}" for h in hard] + [""]
    if unmet:
        out += ["Targets not met:", ""] + [f"- {u}" for u in unmet] + [""]
    for r in results:
        out += [f"## {r.key}. {r.title}", "", f"{r.seconds:.0f} s.", ""]
        if r.crashed:
            out += [f"**The scenario stopped early:** {r.crashed}", ""]
        out += ["| figure | value |", "|---|---|"]
        out += [f"| {k} | {_cell(v)} |" for k, v in r.figures.items()]
        out.append("")
        if r.invariants or r.targets:
            out += ["| check | value | target | result |", "|---|---|---|---|"]
            for i in r.invariants:
                out.append(f"| {i['name']} (hard: {i['what']}) | {_cell(i['value'])} | "
                           f"— | {'holds' if i['ok'] else '**FAILS**'} |")
            for t in r.targets:
                result = {True: "met", False: "**not met**", None: "not measured"}[t["met"]]
                out.append(f"| {t['name']} ({t['what']}) | {_cell(t['value'])} | "
                           f"{_cell(t['target'])} | {result} |")
            out.append("")
        if r.rows:
            keys = list(dict.fromkeys(k for row in r.rows for k in row))
            out += ["| " + " | ".join(keys) + " |", "|" + "---|" * len(keys)]
            out += ["| " + " | ".join(_cell(row.get(k)) for k in keys) + " |" for row in r.rows]
            out.append("")
        if r.notes:
            out += [f"- {n}" for n in r.notes[:30]]
            if len(r.notes) > 30:
                out.append(f"- … {len(r.notes) - 30} more in soak.json")
            out.append("")
    md_path = directory / "soak.md"
    md_path.write_text("\n".join(out), "utf-8")
    return json_path, md_path
