"""What every scenario shares: the binary, the scratch project, the run's sizes (short or
full), progress lines, and the servers started (all stopped at the end)."""

from __future__ import annotations

import random
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from .desk import Server


@dataclass(frozen=True)
class Sizes:
    """How long and how many, per form of the run."""

    clients: int
    one_issue_secs: float  # 1: saving for this long
    many_issues_secs: float  # 2
    issues: int  # 3: issues in the project (and opened one after another)
    idle_secs: float | None  # 3: BULLETIN_DESK_IDLE_SECS (None: the server's default)
    release_watch_secs: float  # 3: RSS sampled for this long once every stream is closed
    kills: int  # 4
    races: int  # 5
    swaps: int  # 6
    bomb_mib: int  # 7: what the zip bomb inflates to
    paragraphs: int  # 7: paragraphs of the long Word file
    limit_minutes: float  # the whole run, after which every server is killed

    @staticmethod
    def of(mode: str) -> "Sizes":
        if mode == "full":
            return Sizes(clients=20, one_issue_secs=360, many_issues_secs=360, issues=24,
                         idle_secs=None, release_watch_secs=60, kills=10, races=100, swaps=10,
                         bomb_mib=2000, paragraphs=50_000, limit_minutes=45)
        return Sizes(clients=20, one_issue_secs=20, many_issues_secs=20, issues=24,
                     idle_secs=5, release_watch_secs=15, kills=10, races=20, swaps=3,
                     bomb_mib=1024, paragraphs=30_000, limit_minutes=10)


class Run:
    def __init__(self, binary: Path, root: Path, work: Path, mode: str, seed: int):
        self.binary, self.root, self.work, self.mode = binary, root, work, mode
        self.sizes = Sizes.of(mode)
        self.rng = random.Random(seed)
        self.started = time.monotonic()
        self.servers: list[Server] = []
        self.logs = work / "logs"
        self.logs.mkdir(parents=True, exist_ok=True)
        self.issue_ids: list[str] = []
        self.aborted = threading.Event()

    def log(self, text: str):
        print(f"[{time.monotonic() - self.started:7.1f}s] {text}", flush=True)

    def watchdog(self, minutes: float):
        """After `minutes`, every server is killed and no further scenario starts: the run
        ends with what it has, and fails."""
        self.aborted = threading.Event()

        def abort():
            self.log(f"the run took over {minutes:g} minutes: stopping every server")
            self.aborted.set()
            for server in self.servers:
                server.kill()

        timer = threading.Timer(minutes * 60, abort)
        timer.daemon = True
        timer.start()

    def server(self, name: str, target: str, env: dict | None = None) -> Server:
        """A started `bulletin serve TARGET` on the scratch project, stderr in logs/."""
        if self.aborted.is_set():
            raise RuntimeError("the run is over its time limit")
        server = Server(self.binary, self.root, target, self.logs, name, env)
        self.servers.append(server)
        server.start()
        self.log(f"{name}: `bulletin serve {target}` on port {server.port} (pid {server.pid})")
        return server

    def stop_all(self):
        for server in self.servers:
            if server.alive():
                server.stop()


def fail_fast(message: str):
    print(f"soak: {message}", file=sys.stderr, flush=True)
    sys.exit(2)
