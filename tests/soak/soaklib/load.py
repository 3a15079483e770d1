"""Scenarios 1–3, the desk under load: twenty editors on one issue, twenty on twenty
issues, and every issue opened one after another then left (memory given back?)."""

from __future__ import annotations

import copy
import threading
import time
from dataclasses import dataclass, field

from . import project
from .context import Run
from .desk import EventStream, Server
from .figures import Clock, Result, Tally, mib, ms, percentile

#: How long a first build may take on a busy machine.
FIRST_BUILD_SECS = 180.0
#: Edits a client tries before it gives one up (each 409 means re-reading the document).
ATTEMPTS = 8


@dataclass
class Ack:
    marker: str
    revision: str
    at: float  # when the 200 arrived (time.monotonic())


@dataclass
class Editor:
    """A browser tab: its event stream, the document and revision it holds, its edits to
    one article (article `index`), each with a marker of its own."""

    server: Server
    issue: str
    name: str
    index: int
    tally: Tally
    stream: EventStream | None = None
    revision: str | None = None
    doc: dict | None = None
    acks: list[Ack] = field(default_factory=list)
    given_up: int = 0
    edits: int = 0
    merged: int = 0
    merge_conflicts: int = 0

    def open(self) -> bool:
        self.stream = self.server.events(self.issue)
        return self.reread()

    def reread(self) -> bool:
        reply, self.revision, self.doc = self.server.http().document(self.issue)
        self.tally.note(f"GET /api/issues/{self.issue}", reply)
        return self.doc is not None

    def edit(self, rng) -> bool:
        """One edit saved on the revision held, re-reading on 409: True once acknowledged."""
        marker = f"[{self.name}e{self.edits:04d}]"
        self.edits += 1
        http = self.server.http()
        for attempt in range(ATTEMPTS):
            if self.doc is None and not self.reread():
                return False
            doc = copy.deepcopy(self.doc)
            project.append_marker(doc, self.index, marker)
            reply = http.save(self.issue, self.revision, doc, self.name)
            self.tally.note(f"PUT /api/issues/{self.issue}", reply, latency="save")
            if reply.status == 200:
                answer = reply.json()
                # A save on an older revision is merged with what others saved since: the
                # tab takes the merged document, as the desk's page does.
                self.revision = answer["revision"]
                self.doc = answer["issue"] if answer.get("merged") else doc
                self.merged += bool(answer.get("merged"))
                self.merge_conflicts += len(answer.get("conflicts") or [])
                self.acks.append(Ack(marker, self.revision, time.monotonic()))
                self.tally.saved()
                return True
            if reply.status != 409:
                return False
            time.sleep(rng.uniform(0, 0.02 * (attempt + 1)))
            self.reread()
        self.given_up += 1
        return False


def rebuilt_latencies(editor: Editor) -> tuple[list[float], int]:
    """For each acknowledged save of `editor`, the time from its 200 to the first `rebuilt`
    event on its stream for that revision or a later one (saves are coalesced into one
    rebuild of the newest); and how many saves no `rebuilt` ever covered."""
    events = editor.stream.snapshot()
    order: dict[str, int] = {}
    for ev in events:
        if ev.name in ("saved", "reloaded") and ev.revision and ev.revision not in order:
            order[ev.revision] = len(order)
    out, missing = [], 0
    for ack in editor.acks:
        seq = order.get(ack.revision)
        found = None
        if seq is not None:
            for ev in events:
                if ev.name == "rebuilt" and order.get(ev.revision, -1) >= seq:
                    found = ev
                    break
        if found is None:
            missing += 1
        else:
            out.append(max(0.0, found.at - ack.at))
    return out, missing


def lost_saves(run: Run, editors: list[Editor]) -> tuple[int, int, list[str]]:
    """Acknowledged markers missing from the issue files now: (lost, checked, examples)."""
    lost, checked, examples = 0, 0, []
    files: dict[str, list[dict] | None] = {}
    for ed in editors:
        if ed.issue not in files:
            table = project.parse(project.issue_file(run.root, ed.issue).read_bytes())
            files[ed.issue] = project.file_articles(table) if table is not None else None
        articles = files[ed.issue]
        for ack in ed.acks:
            checked += 1
            if articles is None or ack.marker not in project.article_text(articles[ed.index]):
                lost += 1
                if len(examples) < 5:
                    examples.append(f"{ed.issue} article {ed.index + 1}: {ack.marker} "
                                    f"(acknowledged as revision {ack.revision})")
    return lost, checked, examples


def wait_first_build(stream: EventStream, timeout: float = FIRST_BUILD_SECS):
    return stream.wait_for(lambda ev: ev.name == "rebuilt", timeout)


def settle(run: Run, editors: list[Editor], timeout: float = 60.0) -> int:
    """Waits (`timeout` in all) until each editor's stream has a `rebuilt` of its issue's
    file as it is now; the number of issues that never got there."""
    late, clock = 0, Clock(timeout)
    for issue in sorted({ed.issue for ed in editors}):
        want = project.revision_of(project.issue_file(run.root, issue).read_bytes())
        stream = next(ed.stream for ed in editors if ed.issue == issue)
        if stream.wait_for(lambda ev: ev.name == "rebuilt" and ev.revision == want,
                           max(0.0, clock.left())) is None:
            late += 1
    return late


def edit_loop(run: Run, editors: list[Editor], seconds: float, pause: tuple[float, float]):
    """Each editor saves an edit every `pause` seconds (uniform) for `seconds`."""
    clock = Clock(seconds)

    def work(ed: Editor, rng):
        while True:
            wait = rng.uniform(*pause)
            if clock.left() < wait:
                return
            time.sleep(wait)
            ed.edit(rng)

    threads = [threading.Thread(target=work, args=(ed, type(run.rng)(run.rng.random())),
                                daemon=True) for ed in editors]
    for t in threads:
        t.start()
    progress = time.monotonic()
    while any(t.is_alive() for t in threads):
        time.sleep(0.5)
        if time.monotonic() - progress >= 10:
            progress = time.monotonic()
            saves = sum(len(ed.acks) for ed in editors)
            run.log(f"  {saves} saves so far, {clock.left():.0f} s left")
        if clock.left() < -120:
            run.log("  clients did not finish within 2 minutes of the end")
            break


def report_editors(run: Run, res: Result, editors: list[Editor], tally: Tally):
    latencies, missing = [], 0
    for ed in editors:
        lat, miss = rebuilt_latencies(ed)
        latencies += lat
        missing += miss
    for lat in latencies:
        tally.add_latency("rebuilt", lat)
    res.tally(tally, {"save": "save_latency", "rebuilt": "rebuilt_latency"})
    res.figures["saves_given_up"] = sum(ed.given_up for ed in editors)
    res.figures["saves_merged"] = sum(ed.merged for ed in editors)
    res.figures["merge_conflicts"] = sum(ed.merge_conflicts for ed in editors)
    res.invariant("merge_conflicts", res.figures["merge_conflicts"], res.figures["merge_conflicts"] == 0,
                  "conflicts although every client edits an article of its own")
    res.figures["saves_without_rebuilt_event"] = missing
    lost, checked, examples = lost_saves(run, editors)
    res.figures["acknowledged_edits_checked"] = checked
    res.figures["lost_saves"] = lost
    res.notes.extend(f"lost: {e}" for e in examples)
    res.invariant("lost_saves", lost, lost == 0,
                  "acknowledged edits missing from issue.toml at the end")
    # Nobody writes the files from outside here: a `reloaded` event means the desk took one
    # of its own writes for another program's (and may have gone back to an older text).
    reloads = {(ed.issue, ev.revision) for ed in editors for ev in ed.stream.snapshot()
               if ev.name == "reloaded"}
    res.figures["reloaded_events"] = len(reloads)
    acked = {ack.revision for ed in editors for ack in ed.acks}
    for issue, revision in sorted(reloads, key=str)[:5]:
        res.notes.append(f"`reloaded` {issue} {revision}: "
                         + ("an acknowledged save's revision (the desk's own write)"
                            if revision in acked else "a revision no save was acknowledged as"))
    streams_bad = sum(1 for ed in editors if ed.stream.status != 200)
    res.invariant("event_streams_refused", streams_bad, streams_bad == 0,
                  "event streams that did not open with 200")
    p95 = percentile(latencies, 95)
    res.target("reloaded_events", len(reloads), 0, not reloads,
               "`reloaded` events although only the desk wrote")
    res.target("rebuilt_p95_ms", ms(p95), "< 1000", None if p95 is None else p95 < 1.0,
               "from a save's 200 to the `rebuilt` event that covers it")


# -- 1 ------------------------------------------------------------------------------------
def one_issue(run: Run, res: Result):
    """Twenty clients on one issue, each on an article of its own."""
    s = run.sizes
    server = run.server("s1-one-issue", f"issues/{project.SAMPLE}")
    server.start_sampling()
    before = server.status()
    tally = Tally()
    count = len(project.doc_articles(server.http().document(project.SAMPLE)[2] or {}))
    if count < s.clients:
        raise RuntimeError(f"the sample has {count} articles, fewer than {s.clients} clients")
    # Spread over the issue, so that edits land on many pages.
    indexes = [i * count // s.clients for i in range(s.clients)]
    editors = [Editor(server, project.SAMPLE, f"c{i:02d}", indexes[i], tally)
               for i in range(s.clients)]
    for ed in editors:
        if not ed.open():
            raise RuntimeError(f"{ed.name} could not read the document")
    if wait_first_build(editors[0].stream) is None:
        raise RuntimeError("no `rebuilt` event within 3 minutes of opening the issue")
    run.log(f"  {s.clients} clients ready; saving every 1–2 s for {s.one_issue_secs:.0f} s")
    edit_loop(run, editors, s.one_issue_secs, (1.0, 2.0))
    late = settle(run, editors)
    after = server.status()
    for ed in editors:
        ed.stream.close()
    report_editors(run, res, editors, tally)
    res.figures = {"clients": s.clients, "seconds_saving": s.one_issue_secs, **res.figures,
                   "issues_without_final_rebuilt": late}
    res.process(server, before, after)
    rss_bound(res, server, after)
    server.stop()


def rss_bound(res: Result, server: Server, after: dict):
    peak = max(server.peak_sampled_kb(), after.get("VmHWM", 0))
    res.target("rss_peak_mib", mib(peak), "≤ 1024", peak <= 1024 * 1024,
               "the server's peak memory (VmHWM)")


# -- 2 ------------------------------------------------------------------------------------
def many_issues(run: Run, res: Result):
    """Twenty clients on twenty issues, each saving every 2 s."""
    s = run.sizes
    ids = run.issue_ids[-s.clients:]
    server = run.server("s2-many-issues", "issues/")
    server.start_sampling()
    before = server.status()
    tally = Tally()
    editors = [Editor(server, issue, f"c{i:02d}", (i * 7) % 40, tally)
               for i, issue in enumerate(ids)]
    start = time.monotonic()
    for ed in editors:
        if not ed.open():
            raise RuntimeError(f"{ed.name} could not read issue {ed.issue}")
    clock = Clock(FIRST_BUILD_SECS)
    unbuilt = [ed.issue for ed in editors
               if wait_first_build(ed.stream, max(0.0, clock.left())) is None]
    if unbuilt:
        raise RuntimeError(f"no first `rebuilt` within 3 minutes for {unbuilt}")
    res.figures["all_first_builds_s"] = round(time.monotonic() - start, 1)
    run.log(f"  {len(ids)} issues open and built in {res.figures['all_first_builds_s']} s; "
            f"saving every 2 s for {s.many_issues_secs:.0f} s")
    edit_loop(run, editors, s.many_issues_secs, (1.5, 2.5))
    late = settle(run, editors)
    after = server.status()
    for ed in editors:
        ed.stream.close()
    report_editors(run, res, editors, tally)
    res.figures = {"clients": len(editors), "issues": len(ids),
                   "seconds_saving": s.many_issues_secs, **res.figures,
                   "issues_without_final_rebuilt": late}
    res.target("conflicts_409", tally.conflicts, 0, tally.conflicts == 0,
               "409s although each issue has one client only")
    res.process(server, before, after)
    rss_bound(res, server, after)
    server.stop()


# -- 3 ------------------------------------------------------------------------------------
#: How much more than at its start the server may hold once every issue it opened is
#: asleep (3, a hard invariant). Measured on the development machine: 21–23 MiB, of
#: which about 15 MiB is the program's own code that building paged in (file-backed:
#: RssFile) and about 7 MiB heap (RssAnon): pages that objects outliving an issue still
#: use, and the allocator's own records of the pages it made at the peak. It held 34 MiB
#: more before the threads that made an issue's memory were asked to give back what others
#: freed, 66 MiB more before Typst's emptied caches gave their memory back. The issue's
#: target, 1.2 × the start, is reported below as a target (not met).
RELEASED_WITHIN_KB = 30 * 1024
#: Opening the 24 issues a second time and letting them sleep again must leave no more
#: behind than the first time did (within 2 MiB: 0.4 measured; the build before the
#: threads gave back what others freed in their pages left 2.8 MiB more).
AGAIN_WITHIN_KB = 2 * 1024


def open_all_then_close(run: Run, server, label: str):
    """Every issue opened one after another (stream open, first `rebuilt` awaited, streams
    kept open), then every stream closed and RSS watched: (rows, the server's status with
    one issue open, with all open, the RSS watched, at the end)."""
    s = run.sizes
    streams, rows = [], []
    one = {}
    for n, issue in enumerate(run.issue_ids, 1):
        t0 = time.monotonic()
        stream = server.events(issue)
        streams.append(stream)
        ev = wait_first_build(stream)
        if ev is None:
            raise RuntimeError(f"no first `rebuilt` for {issue} within 3 minutes "
                               f"(stream status {stream.status})")
        st = server.status()
        rows.append({"issue": issue, "first_rebuilt_ms": ms(ev.at - t0),
                     "rss_mib": mib(st.get("VmRSS")), "threads": st.get("Threads")})
        if n == 1:
            one = st
        if n % 6 == 0:
            run.log(f"  {label}{n} issues open, RSS {mib(st.get('VmRSS'))} MiB")
    opened = server.status()
    for stream in streams:
        stream.close()
    closed_at = time.monotonic()
    run.log(f"  {label}all streams closed; RSS sampled for {s.release_watch_secs:.0f} s "
            f"(idle delay {'default' if s.idle_secs is None else f'{s.idle_secs:g} s'})")
    watch = []
    while time.monotonic() - closed_at < s.release_watch_secs:
        time.sleep(1.0)
        st = server.status()
        watch.append((round(time.monotonic() - closed_at, 1), st.get("VmRSS"), st.get("Threads")))
    return rows, one, opened, watch, server.status()


def open_and_release(run: Run, res: Result):
    """Every issue opened one after another, then every stream closed: the peak and whether
    the memory comes back."""
    s = run.sizes
    env = {} if s.idle_secs is None else {"BULLETIN_DESK_IDLE_SECS": f"{s.idle_secs:g}"}
    server = run.server("s3-open-release", "issues/", env)
    server.start_sampling(0.1)
    tally = Tally()
    tally.note("GET /api/session", server.http().get("/api/session"))
    time.sleep(0.5)
    start = server.status()
    rows, one, opened, watch, end = open_all_then_close(run, server, "")
    # The same again: what the issues leave behind once asleep must not grow with every
    # issue opened (the server runs for weeks).
    _, _, _, _, again = open_all_then_close(run, server, "again: ")
    peak_kb = max(server.peak_sampled_kb(), again.get("VmHWM", 0))
    # The issues still open again after being put to sleep.
    reopen = server.events(run.issue_ids[0])
    t0 = time.monotonic()
    back = wait_first_build(reopen)
    reply = tally.note(f"GET /api/issues/{run.issue_ids[0]}",
                       server.http().get(f"/api/issues/{run.issue_ids[0]}"))
    reopen.close()

    start_kb, end_kb = start.get("VmRSS", 0), end.get("VmRSS", 0)
    grown_kb = end_kb - start_kb
    run.log(f"  RSS {mib(end_kb)} MiB once every issue is asleep, {mib(grown_kb)} MiB over its "
            f"start (at most {RELEASED_WITHIN_KB // 1024}); anonymous {mib(start.get('RssAnon'))}"
            f" → {mib(end.get('RssAnon'))} MiB, file-backed {mib(start.get('RssFile'))} → "
            f"{mib(end.get('RssFile'))} MiB")
    res.rows = rows
    res.tally(tally)
    res.figures.update({
        "issues_opened": len(rows),
        "rss_start_mib": mib(start_kb),
        "rss_one_issue_mib": mib(one.get("VmRSS")),
        "rss_all_open_mib": mib(opened.get("VmRSS")),
        "rss_peak_mib": mib(peak_kb),
        "vmhwm_mib": mib(end.get("VmHWM")),
        "rss_min_after_close_mib": mib(min((r for _, r, _ in watch if r), default=None)),
        "rss_end_mib": mib(end_kb),
        "rss_end_over_start": round(end_kb / start_kb, 2) if start_kb else None,
        "rss_end_minus_start_mib": mib(grown_kb),
        "rss_end_again_mib": mib(again.get("VmRSS")),
        "rss_end_again_minus_end_mib": mib(again.get("VmRSS", 0) - end_kb),
        "rss_anon_end_again_mib": mib(again.get("RssAnon")),
        "rss_anon_start_mib": mib(start.get("RssAnon")),
        "rss_anon_end_mib": mib(end.get("RssAnon")),
        "rss_file_start_mib": mib(start.get("RssFile")),
        "rss_file_end_mib": mib(end.get("RssFile")),
        "rss_anon_end_minus_start_mib": mib(end.get("RssAnon", 0) - start.get("RssAnon", 0)),
        "rss_end_over_one_issue": (round(end_kb / one["VmRSS"], 2)
                                   if one.get("VmRSS") else None),
        "threads_start": start.get("Threads"),
        "threads_all_open": opened.get("Threads"),
        "threads_end": end.get("Threads"),
        "watched_after_close_s": s.release_watch_secs,
        "idle_secs": s.idle_secs if s.idle_secs is not None else "default",
        "reopened_rebuilt_ms": ms(back.at - t0) if back else None,
    })
    res.notes.append("RSS after every stream closed (s, MiB, threads): " + ", ".join(
        f"{t:g}:{mib(r)}/{th}" for t, r, th in watch[:: max(1, len(watch) // 12)]))
    if run.mode == "short":
        res.notes.append(f"short run: RSS watched {s.release_watch_secs:.0f} s after closing "
                         f"(not 60 s), with BULLETIN_DESK_IDLE_SECS={s.idle_secs:g}")
    res.notes.append("rss_start is the server's once it has answered /api/session, before "
                     "any issue is open (no fonts loaded yet); rss_end_over_one_issue compares "
                     "the end with the server holding one issue")
    res.invariant("reopen_after_release", "ok" if back and reply.status == 200 else "failed",
                  bool(back) and reply.status == 200,
                  "an issue put to sleep opens and builds again")
    res.invariant("rss_end_minus_start_mib", mib(grown_kb),
                  bool(start_kb) and bool(end_kb) and grown_kb <= RELEASED_WITHIN_KB,
                  f"RSS once every issue is asleep, less the server's at start: at most "
                  f"{RELEASED_WITHIN_KB // 1024} MiB")
    res.invariant("rss_end_again_minus_end_mib", mib(again.get("VmRSS", 0) - end_kb),
                  bool(again.get("VmRSS")) and again.get("VmRSS", 0) - end_kb <= AGAIN_WITHIN_KB,
                  f"RSS once every issue, opened a second time, is asleep again, less the "
                  f"first time's: at most {AGAIN_WITHIN_KB // 1024} MiB (no growth per issue opened)")
    res.target("rss_peak_mib", mib(peak_kb), "≤ 1024", peak_kb <= 1024 * 1024,
               "the server's peak memory (VmHWM), every issue open and after")
    res.target("rss_end_vs_start", res.figures["rss_end_over_start"], "≤ 1.2",
               bool(start_kb) and end_kb <= 1.2 * start_kb,
               "RSS once every stream has been closed, against the server's at start")
    res.panics(server)
    server.stop()
