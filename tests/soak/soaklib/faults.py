"""Scenarios 4–7, the desk when things go wrong: killed in the middle of saves, the file
written by another program at the same moment, the file swapped for a link and back,
hostile Word files and paragraphs."""

from __future__ import annotations

import copy
import json
import os
import re
import threading
import time
from pathlib import Path

from . import project, word
from .context import Run
from .desk import Http, Server
from .figures import Clock, Result, Tally, mib, ms, percentile
from .load import wait_first_build

SAMPLE = project.SAMPLE
#: Article whose paragraph the desk edits in scenarios 5 and 6, and the one whose title
#: the outside program edits (different articles: a merge could keep both, but the rule
#: is that a save on an old revision is refused).
DESK_ARTICLE, OUTSIDE_ARTICLE = 5, 30


def folder_of(run: Run) -> Path:
    return run.root / "issues" / SAMPLE


def caught_up(http: Http, path: Path, tally: Tally, timeout: float = 5.0):
    """GETs the document until its revision is the file's on disk (the desk has noticed
    every change): (revision, document, in step?)."""
    clock = Clock(timeout)
    while True:
        reply, rev, doc = http.document(SAMPLE)
        tally.note(f"GET /api/issues/{SAMPLE}", reply)
        want = project.revision_of(path.read_bytes())
        if rev == want or clock.over():
            return rev, doc, rev == want
        time.sleep(0.05)


def write_outside(path: Path, data: bytes, how: str):
    """Writes the issue file as a text editor would: a scratch file renamed over it, or the
    file itself truncated and written again."""
    if how == "rename":
        scratch = path.with_name(".issue.toml.soak~")
        scratch.write_bytes(data)
        os.replace(scratch, path)
    else:
        with open(path, "wb") as f:
            f.write(data)


def with_title_marker(text: str, title: str, marker: str) -> str:
    """`text` with `marker` put right after the title `title` (the first occurrence)."""
    needle = f'title = "{title}'
    if needle not in text:
        raise RuntimeError(f"title {title!r} not found in issue.toml")
    return text.replace(needle, needle + marker, 1)


def outside_title(run: Run) -> str:
    table = project.parse(project.issue_file(run.root, SAMPLE).read_bytes())
    return project.file_articles(table)[OUTSIDE_ARTICLE]["title"]


def markers(value, pattern: str) -> set[str]:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return set(re.findall(pattern, text))


# -- 4 ------------------------------------------------------------------------------------
def kills(run: Run, res: Result):
    """kill -9 in the middle of bursts of saves, then the file and the folders looked at."""
    s = run.sizes
    tmp = run.work / "server-tmp"
    tmp.mkdir(exist_ok=True)
    env = {"TMPDIR": str(tmp)}
    folder = folder_of(run)
    path = folder / "issue.toml"
    tally = Tally()
    pattern = r"\[k\d+t\d+e\d+\]"

    def temp_entries() -> set[str]:
        return {p.name for p in tmp.iterdir() if p.name.startswith("bulletin-")}

    def scratch_files() -> list[str]:
        found = list(folder.glob(".bulletin-*")) + list(folder.parent.glob(".bulletin-*"))
        return sorted(str(p.relative_to(run.root)) for p in found)

    owned_by_dead: set[str] = set()
    reported: set[str] = set()
    counts = {"half_written": 0, "unknown_version": 0, "acknowledged_not_in_history": 0, "parts_left_after_restart": 0,
              "dead_temp_dirs_left": 0, "restart_unreadable": 0}
    servers: list[Server] = []
    for k in range(s.kills + 1):
        present = temp_entries()
        server = run.server(f"s4-kill-{k}", f"issues/{SAMPLE}", env)
        servers.append(server)
        http = server.http()
        reply, rev, doc = http.document(SAMPLE)
        tally.note(f"GET /api/issues/{SAMPLE}", reply)
        time.sleep(0.5)
        on_disk = project.revision_of(path.read_bytes())
        if k > 0:
            # What the killed process left, now that the next one has started.
            left = [n for n in scratch_files() if n not in reported]
            dead = sorted(owned_by_dead & temp_entries())
            reported.update(left)
            row = {"restart_status": reply.status, "restart_in_step": rev == on_disk,
                        "scratch_left_after_restart": len(left),
                        "dead_temp_dirs_after_restart": len(dead)}
            counts["parts_left_after_restart"] += len(left)
            counts["dead_temp_dirs_left"] += len(dead)
            if reply.status != 200 or rev != on_disk:
                counts["restart_unreadable"] += 1
            res.notes.extend(f"left by the server killed in round {k - 1}, still there after "
                             f"the next start: {n}" for n in left + dead)
            res.rows[-1].update(row)
        owned_by_dead = temp_entries() - present
        if k == s.kills:
            res.figures["temp_dirs_of_last_server"] = len(owned_by_dead)
            code = server.stop()
            res.figures["clean_stop_exit_code"] = code
            kept = sorted(owned_by_dead & temp_entries())
            res.figures["temp_dirs_left_after_clean_stop"] = len(kept)
            res.notes.extend(f"left in TMPDIR by a server stopped with SIGTERM: {n}" for n in kept)
            break
        if doc is None:
            raise RuntimeError(f"round {k}: GET /api/issues/{SAMPLE} answered {reply.status}")

        pre_bytes = path.read_bytes()
        # The burst: three tabs saving as fast as the desk answers.
        acked = {on_disk}
        in_flight: dict[int, set[str]] = {}
        lock = threading.Lock()
        killed = threading.Event()

        def burst(t: int, rev: str, doc: dict):
            http, n = server.http(), 0
            index = (k * 3 + t) * 2 % 40
            while not killed.is_set():
                new = copy.deepcopy(doc)
                project.append_marker(new, index, f"[k{k}t{t}e{n}]")
                n += 1
                with lock:
                    in_flight[t] = markers(new, pattern)
                reply = http.save(SAMPLE, rev, new, f"burst-{t}")
                if killed.is_set() and reply.status == 0:
                    return
                tally.note(f"PUT /api/issues/{SAMPLE}", reply, latency="save")
                if reply.status == 200:
                    answer = reply.json()
                    # A merged save: the tab takes the merged document, as the page does.
                    rev, doc = answer["revision"], answer["issue"] if answer.get("merged") else new
                    with lock:
                        acked.add(rev)
                        in_flight.pop(t, None)
                    tally.saved()
                elif reply.status == 409:
                    with lock:
                        in_flight.pop(t, None)
                    r, rev2, doc2 = http.document(SAMPLE)
                    if killed.is_set() and r.status == 0:
                        return
                    tally.note(f"GET /api/issues/{SAMPLE}", r)
                    if doc2 is not None:
                        rev, doc = rev2, doc2
                else:
                    time.sleep(0.05)

        threads = [threading.Thread(target=burst, args=(t, rev, doc), daemon=True)
                   for t in range(3)]
        for t in threads:
            t.start()
        delay = run.rng.uniform(0.3, 1.5)
        time.sleep(delay)
        with lock:
            saves_before = len(acked) - 1
            killed.set()
            server.kill()
            pending = [set(m) for m in in_flight.values()]
        for t in threads:
            t.join(10)

        failures_before = counts["half_written"] + counts["unknown_version"]
        data = path.read_bytes()
        table = project.parse(data)
        revision = project.revision_of(data)
        if table is None:
            verdict = "HALF (does not parse)"
            counts["half_written"] += 1
        elif revision == on_disk:
            verdict = "as before the burst"
        elif revision in acked:
            verdict = "an acknowledged save"
        elif any(markers(data.decode(), pattern) == m for m in pending):
            verdict = "a whole save in flight"
        elif revision in recorded(path):
            verdict = "a save in flight, merged with the others (a recorded version)"
        else:
            verdict = "UNKNOWN (none of the versions sent)"
            counts["unknown_version"] += 1
        unkept = acked - {on_disk} - recorded(path)
        counts["acknowledged_not_in_history"] += len(unkept)
        code, line = project.check(run.binary, run.root, SAMPLE)
        if counts["half_written"] + counts["unknown_version"] > failures_before:
            # Put back the last good file, so that the next rounds test the desk again.
            path.write_bytes(pre_bytes)
        res.rows.append({"round": k, "killed_after_s": round(delay, 2),
                         "acknowledged_saves": saves_before, "file_is": verdict,
                         "check_exit": code,
                         "scratch_right_after_kill": len(scratch_files())})
        run.log(f"  round {k}: killed after {delay:.2f} s and {saves_before} saves; "
                f"issue.toml: {verdict}; `bulletin check` exit {code}")

    res.tally(tally, {"save": "save_latency"})
    res.figures.update({"kills": s.kills, **counts})
    res.invariant("half_written", counts["half_written"], counts["half_written"] == 0,
                  "issue.toml that does not parse after a kill")
    res.invariant("unknown_version", counts["unknown_version"], counts["unknown_version"] == 0,
                  "issue.toml that is none of the versions sent (pre-burst, acknowledged, "
                  "in flight)")
    res.invariant("acknowledged_not_in_history", counts["acknowledged_not_in_history"],
                  counts["acknowledged_not_in_history"] == 0,
                  "acknowledged saves missing from the issue's history (.history/versions.jsonl)")
    res.invariant("scratch_files_left", counts["parts_left_after_restart"],
                  counts["parts_left_after_restart"] == 0,
                  ".bulletin-* files in issues/ or the issue folder after the next start")
    res.invariant("dead_temp_dirs_left", counts["dead_temp_dirs_left"],
                  counts["dead_temp_dirs_left"] == 0,
                  "bulletin-* folders of killed servers in TMPDIR after the next start")
    res.invariant("restart_unreadable", counts["restart_unreadable"],
                  counts["restart_unreadable"] == 0,
                  "restarts whose GET failed or whose revision is not the file's")
    res.panics(*servers)


# -- 5 ------------------------------------------------------------------------------------
def outside_races(run: Run, res: Result):
    """Another program writes issue.toml; 0–50 ms later the desk saves on the revision held
    before: refused (409), or the outside edit kept."""
    s = run.sizes
    server = run.server("s5-outside-races", f"issues/{SAMPLE}")
    server.start_sampling()
    before = server.status()
    path = project.issue_file(run.root, SAMPLE)
    tally, http = Tally(), server.http()
    stream = server.events(SAMPLE)
    if wait_first_build(stream) is None:
        raise RuntimeError("no first `rebuilt` event")
    title = outside_title(run)
    outside, desk_acked = [], []
    counts = {"stale_saves_refused": 0, "stale_saves_accepted": 0,
              "lost_at_once": 0, "reloads_missed": 0, "out_of_step": 0,
              "fresh_saves_refused": 0}
    reload_lat = []
    modes: dict[str, dict] = {}
    for k in range(s.races):
        rev, doc, in_step = caught_up(http, path, tally)
        counts["out_of_step"] += not in_step
        if doc is None:
            raise RuntimeError(f"race {k}: the desk gives no document")
        how = "rename" if k % 2 == 0 else "in place"
        marker = f"[o{k:03d}]"
        new = with_title_marker(path.read_text("utf-8"), title, marker).encode()
        since = stream.count()
        t_write = time.monotonic()
        write_outside(path, new, how)
        outside.append(marker)
        time.sleep(run.rng.uniform(0, 0.05))
        stale = copy.deepcopy(doc)
        project.append_marker(stale, DESK_ARTICLE, f"[d{k:03d}]")
        reply = tally.note(f"PUT (stale, {how})", http.save(SAMPLE, rev, stale, "soak-race"),
                           ok=(200, 409))
        by_mode = modes.setdefault(how, {"written": 0, "refused": 0, "accepted": 0,
                                         "lost_at_once": 0})
        by_mode["written"] += 1
        if reply.status == 409:
            counts["stale_saves_refused"] += 1
            by_mode["refused"] += 1
        elif reply.status == 200:
            counts["stale_saves_accepted"] += 1
            by_mode["accepted"] += 1
            if marker not in path.read_text("utf-8"):
                counts["lost_at_once"] += 1
                by_mode["lost_at_once"] += 1
        want = project.revision_of(new)
        ev = stream.wait_for(lambda e: e.name == "reloaded" and e.revision == want, 3.0, since)
        if ev:
            reload_lat.append(ev.at - t_write)
        else:
            counts["reloads_missed"] += 1
        # A save on the revision the desk now holds must go through.
        rev, doc, in_step = caught_up(http, path, tally)
        fresh = copy.deepcopy(doc)
        project.append_marker(fresh, DESK_ARTICLE, f"[f{k:03d}]")
        reply = tally.note("PUT (fresh)", http.save(SAMPLE, rev, fresh, "soak-race"),
                           latency="save")
        if reply.status == 200:
            desk_acked.append(f"[f{k:03d}]")
            tally.saved()
        elif reply.status == 409:
            counts["fresh_saves_refused"] += 1
        if (k + 1) % 10 == 0:
            run.log(f"  {k + 1} races: {counts['stale_saves_accepted']} stale saves accepted, "
                    f"{counts['lost_at_once']} outside edits lost at once")
    time.sleep(0.5)
    final = path.read_text("utf-8")
    table = project.parse(final.encode())
    articles = project.file_articles(table) if table else []
    title_now = articles[OUTSIDE_ARTICLE]["title"] if articles else ""
    desk_now = project.article_text(articles[DESK_ARTICLE]) if articles else ""
    lost_outside = [m for m in outside if m not in title_now]
    lost_desk = [m for m in desk_acked if m not in desk_now]
    after = server.status()
    stream.close()
    res.tally(tally, {"save": "save_latency"})
    res.figures.update({"races": s.races, **counts,
                        "outside_edits": len(outside),
                        "outside_edits_lost": len(lost_outside),
                        "desk_saves_lost": len(lost_desk),
                        "reloaded_p50_ms": ms(percentile(reload_lat, 50)),
                        "reloaded_p95_ms": ms(percentile(reload_lat, 95))})
    res.rows = [{"outside write": how, **n} for how, n in modes.items()]
    if lost_outside:
        res.notes.append(f"outside edits lost: {' '.join(lost_outside[:20])}")
    res.invariant("outside_edits_lost", len(lost_outside), not lost_outside,
                  "outside edits missing from issue.toml at the end")
    res.invariant("lost_saves", len(lost_desk), not lost_desk,
                  "acknowledged desk saves missing at the end")
    res.invariant("file_parses", table is not None, table is not None,
                  "issue.toml parses at the end")
    res.process(server, before, after)
    server.stop()


# -- 6 ------------------------------------------------------------------------------------
def link_swaps(run: Run, res: Result):
    """issue.toml replaced by a link to a file outside the project, then the real file put
    back and edited outside: the desk must notice the edit."""
    s = run.sizes
    server = run.server("s6-link-swaps", f"issues/{SAMPLE}")
    server.start_sampling()
    before = server.status()
    path = project.issue_file(run.root, SAMPLE)
    outside_dir = run.work / "outside-the-project"
    outside_dir.mkdir(exist_ok=True)
    tally, http = Tally(), server.http()
    stream = server.events(SAMPLE)
    if wait_first_build(stream) is None:
        raise RuntimeError("no first `rebuilt` event")
    title = outside_title(run)
    edits = []
    counts = {"noticed_by_reloaded": 0, "noticed_by_409": 0, "stale_saves_accepted": 0,
              "lost_at_once": 0, "outside_file_written": 0, "outside_file_served": 0}
    for k in range(s.swaps):
        rev0, doc0, _ = caught_up(http, path, tally)
        if doc0 is None:
            raise RuntimeError(f"swap {k}: the desk gives no document")
        real = path.read_bytes()
        target = outside_dir / f"issue-{k}.toml"
        target.write_bytes(with_title_marker(real.decode(), title, f"[l{k:02d}]").encode())
        link = path.with_name(".soak-link")
        os.symlink(target, link)
        os.replace(link, path)
        time.sleep(1.5)
        linked_get = tally.note("GET while linked", http.get(f"/api/issues/{SAMPLE}"),
                                ok=(200, 403, 422))
        served = linked_get.status == 200 and f"[l{k:02d}]" in linked_get.body.decode("utf-8",
                                                                                    "replace")
        counts["outside_file_served"] += served
        held = target.read_bytes()
        during = copy.deepcopy(doc0)
        project.append_marker(during, DESK_ARTICLE, f"[w{k:02d}]")
        linked_put = tally.note("PUT while linked", http.save(SAMPLE, rev0, during, "soak-link"),
                                ok=(200, 403, 422))
        wrote_outside = target.read_bytes() != held
        counts["outside_file_written"] += wrote_outside
        # The real file back (renamed over the link), a moment, then edited outside.
        write_outside(path, real, "rename")
        time.sleep(1.5)
        marker = f"[a{k:02d}]"
        edited = with_title_marker(real.decode(), title, marker).encode()
        since = stream.count()
        t_write = time.monotonic()
        write_outside(path, edited, "rename")
        want = project.revision_of(edited)
        ev = stream.wait_for(lambda e: e.name == "reloaded" and e.revision == want, 5.0, since)
        counts["noticed_by_reloaded"] += ev is not None
        stale = copy.deepcopy(doc0)
        project.append_marker(stale, DESK_ARTICLE, f"[s{k:02d}]")
        reply = tally.note("PUT on the revision before the swap",
                           http.save(SAMPLE, rev0, stale, "soak-link"), ok=(200, 409))
        lost = False
        if reply.status == 409:
            counts["noticed_by_409"] += 1
        elif reply.status == 200:
            counts["stale_saves_accepted"] += 1
            lost = marker not in path.read_text("utf-8")
            counts["lost_at_once"] += lost
        edits.append(marker)
        res.rows.append({"swap": k, "get_while_linked": linked_get.status,
                         "served_the_outside_file": served,
                         "put_while_linked": linked_put.status,
                         "outside_file_written": wrote_outside,
                         "reloaded_ms": ms(ev.at - t_write) if ev else None,
                         "stale_put": reply.status, "outside_edit_lost": lost})
        run.log(f"  swap {k}: GET/PUT while linked {linked_get.status}/{linked_put.status}; "
                f"reloaded {'yes' if ev else 'no'}; stale save {reply.status}"
                f"{'; the outside edit was lost' if lost else ''}")
    time.sleep(0.5)
    final = project.parse(path.read_bytes())
    title_now = project.file_articles(final)[OUTSIDE_ARTICLE]["title"] if final else ""
    lost_final = [m for m in edits if m not in title_now]
    after = server.status()
    stream.close()
    res.tally(tally)
    res.figures.update({"swaps": s.swaps, **counts, "outside_edits_lost": len(lost_final)})
    res.invariant("outside_edits_lost", len(lost_final), not lost_final,
                  "edits made outside after a link swap missing at the end")
    res.invariant("outside_file_written", counts["outside_file_written"],
                  counts["outside_file_written"] == 0,
                  "saves that changed a file outside the project through the link")
    res.invariant("outside_file_served", counts["outside_file_served"],
                  counts["outside_file_served"] == 0,
                  "GETs that served the file outside the project the link points to")
    res.process(server, before, after)
    server.stop()


# -- 7 ------------------------------------------------------------------------------------
MAX_FILE_BYTES = 32 << 20
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def hostile(run: Run, res: Result):
    """Word files and paragraphs meant to hurt: 4xx with a message or a file that opens,
    never 5xx."""
    s = run.sizes
    server = run.server("s7-hostile", f"issues/{SAMPLE}")
    server.start_sampling(0.1)
    before = server.status()
    path = project.issue_file(run.root, SAMPLE)
    folder = path.parent
    tally, http = Tally(), server.http()
    stream = server.events(SAMPLE)
    if wait_first_build(stream) is None:
        raise RuntimeError("no first `rebuilt` event")
    t0 = time.monotonic()
    bomb = word.bomb(s.bomb_mib)
    run.log(f"  zip bomb made: {len(bomb) / 1e6:.1f} MB inflating to {s.bomb_mib} MiB "
            f"({time.monotonic() - t0:.1f} s)")
    picture = word.png()
    cases = [
        ("not a zip", "docx", b"PK\x03\x04 this is not a zip archive at all " * 1000),
        (f"zip bomb ({s.bomb_mib} MiB inflated)", "docx", bomb),
        ("Word file with a picture", "docx", word.article(
            "带图片的文章", ["第一段正文。", "第二段正文。"], "来源：《测试日报》 2023年8月3日",
            png=picture)),
        ("paragraph of 1 MB of U+007F", "put", 1 << 20),
        ("paragraph of 6 MB of U+007F (36 MB once escaped)", "put", 6 << 20),
        (f"Word file of {s.paragraphs} paragraphs", "docx", word.long_article(s.paragraphs)),
    ]
    counts = {"answers_5xx": 0, "refusals_without_message": 0, "unopenable_after": 0,
              "unparseable_after": 0, "refused_but_written": 0, "pictures_missing": 0}
    for name, kind, body in cases:
        rev, doc, _ = caught_up(http, path, tally)
        if doc is None:
            raise RuntimeError(f"before “{name}”: the desk gives no document")
        file_before = path.read_bytes()
        mark = len(server.samples)
        if kind == "docx":
            section = doc["sections"][1]["key"]
            reply = http.request(
                "POST", f"/api/issues/{SAMPLE}/sections/{section}/docx?base_revision={rev}"
                f"&name=soak.docx&lang=en", body, content_type=DOCX_TYPE, timeout=300)
        else:
            big = copy.deepcopy(doc)
            big["sections"][0]["articles"][0]["paragraphs"].append("\u007f" * body)
            reply = http.save(SAMPLE, rev, big, "soak-hostile")
        tally.note(name, reply, ok=tuple(range(200, 300)) + tuple(range(400, 500)))
        peak = max((r for _, r in server.samples[mark:]), default=0) or server.rss_kb()
        get, _, doc_after = http.document(SAMPLE)
        tally.note(f"GET after {name}", get)
        file_after = path.read_bytes()
        # The loader's limit (docs/desk-api.md): a larger file cannot be opened again.
        parses = project.parse(file_after) is not None and len(file_after) <= MAX_FILE_BYTES
        row = {"case": name, "status": reply.status, "code": reply.code or None,
               "seconds": round(reply.seconds, 2), "rss_peak_mib": mib(peak),
               "get_after": get.status, "file_opens": parses,
               "file_mb": round(len(file_after) / 1e6, 1),
               "file_changed": file_after != file_before}
        counts["answers_5xx"] += reply.status >= 500 or reply.status == 0
        if 400 <= reply.status < 500:
            counts["refusals_without_message"] += not reply.message
            counts["refused_but_written"] += file_after != file_before
        counts["unopenable_after"] += get.status != 200
        counts["unparseable_after"] += not parses
        if name.startswith("Word file with a picture") and reply.status == 200:
            figures = [p["figure"] for a in project.doc_articles(reply.json()["issue"])
                       for p in a.get("paragraphs", [])
                       if isinstance(p, dict) and isinstance(p.get("figure"), (str, dict))]
            srcs = [f if isinstance(f, str) else f.get("src", "") for f in figures]
            srcs = [x for x in srcs if x]
            written = [x for x in srcs if (folder / x).is_file()
                       and (folder / x).read_bytes() == picture]
            row["pictures"] = f"{len(written)} of {len(srcs)} written"
            counts["pictures_missing"] += len(srcs) - len(written) if srcs else 1
        res.rows.append(row)
        run.log(f"  {name}: {reply.status} {reply.code} in {reply.seconds:.1f} s; "
                f"GET after {get.status}; file opens {parses}")
        if reply.status == 0:
            res.notes.append(f"{name}: no answer ({reply.error})")
        if reply.status == 200 and kind == "put" and doc_after is not None:
            # Put the issue back as it was, so that the next case starts from it.
            rev_now, _, _ = caught_up(http, path, tally)
            tally.note("PUT (undo)", http.save(SAMPLE, rev_now, doc, "soak-hostile"))
    after = server.status()
    stream.close()
    res.tally(tally)
    res.figures.update(counts)
    res.invariant("answers_5xx_or_none", counts["answers_5xx"], counts["answers_5xx"] == 0,
                  "hostile requests answered 5xx or not at all")
    res.invariant("refusals_without_message", counts["refusals_without_message"],
                  counts["refusals_without_message"] == 0, "4xx answers without a message")
    res.invariant("unopenable_after", counts["unopenable_after"] + counts["unparseable_after"],
                  counts["unopenable_after"] + counts["unparseable_after"] == 0,
                  "the document cannot be opened after a hostile request (GET not 200, the "
                  "TOML does not parse, or the file is over the loader's 32 MiB)")
    res.invariant("refused_but_written", counts["refused_but_written"],
                  counts["refused_but_written"] == 0, "refused requests that changed the file")
    res.invariant("pictures_missing", counts["pictures_missing"],
                  counts["pictures_missing"] == 0,
                  "pictures of an imported Word file not written beside issue.toml")
    res.process(server, before, after)
    server.stop()


def recorded(issue_file) -> set[str]:
    """The revisions the history beside `issue_file` records (a line cut short by a kill is
    not a record)."""
    path = issue_file.parent / ".history" / "versions.jsonl"
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return set()
    whole = text[: text.rfind("\n") + 1]
    return {json.loads(line)["revision"] for line in whole.splitlines() if line.strip()}
