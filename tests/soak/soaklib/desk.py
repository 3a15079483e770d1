"""A `bulletin serve` process seen from outside: started on a scratch project, its address
read from its first line, its memory and threads read from /proc, its stderr searched for
panics; HTTP requests and event streams to it (127.0.0.1 only)."""

from __future__ import annotations

import http.client
import json
import os
import re
import signal
import socket
import subprocess
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

#: How long the server may take to print its address.
START_TIMEOUT = 30.0
#: How long one request may take (a zip bomb may keep the server busy).
REQUEST_TIMEOUT = 60.0


def proc_status(pid: int) -> dict | None:
    """VmRSS, VmHWM, RssAnon, RssFile (kB) and Threads of process `pid` from /proc, or None
    once it is gone. RssFile is mostly the program's own code, paged in as it runs."""
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    out = {}
    for line in text.splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM", "RssAnon", "RssFile", "Threads"):
            out[key] = int(value.split()[0])
    return out


class Server:
    """One `bulletin serve TARGET --port 0` process in `project`."""

    def __init__(self, binary: Path, project: Path, target: str, log_dir: Path, name: str,
                 env: dict | None = None):
        self.binary, self.project, self.target = binary, project, target
        self.stderr_path = log_dir / f"{name}.stderr"
        self.env = dict(os.environ, LANG="C.UTF-8", RUST_BACKTRACE="1")
        self.env.pop("BULLETIN_DESK_IDLE_SECS", None)
        self.env.update(env or {})
        self.proc: subprocess.Popen | None = None
        self.port = 0
        self.samples: list[tuple[float, int]] = []  # (time, VmRSS kB)
        self._sampling = threading.Event()

    # -- life ------------------------------------------------------------------------
    def start(self) -> "Server":
        err = open(self.stderr_path, "ab")
        self.proc = subprocess.Popen(
            [str(self.binary), "serve", self.target, "--port", "0"], cwd=self.project,
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=err, env=self.env)
        err.close()
        first: list[bytes] = []
        reader = threading.Thread(target=lambda: first.append(self.proc.stdout.readline()),
                                  daemon=True)
        reader.start()
        reader.join(START_TIMEOUT)
        line = first[0].decode("utf-8", "replace").strip() if first else ""
        m = re.fullmatch(r"http://127\.0\.0\.1:(\d+)/", line)
        if not m:
            self.kill()
            raise RuntimeError(f"`bulletin serve` did not print its address (got {line!r}); "
                               f"see {self.stderr_path}")
        self.port = int(m.group(1))
        # Whatever else it prints goes nowhere, so that a full pipe never blocks it.
        threading.Thread(target=self._drain, daemon=True).start()
        return self

    def _drain(self):
        try:
            while self.proc and self.proc.stdout.read(65536):
                pass
        except (OSError, ValueError):
            pass

    @property
    def pid(self) -> int:
        return self.proc.pid

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def stop(self, timeout: float = 15.0) -> int | None:
        """SIGTERM, then SIGKILL after `timeout`: the exit code."""
        self.stop_sampling()
        if not self.proc:
            return None
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        return self.proc.returncode

    def kill(self):
        """SIGKILL (kill -9), as a crash or a power cut would stop it."""
        self.stop_sampling()
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait()

    # -- what it shows ---------------------------------------------------------------
    def status(self) -> dict:
        return (proc_status(self.pid) if self.alive() else None) or {}

    def rss_kb(self) -> int | None:
        return self.status().get("VmRSS")

    def start_sampling(self, every: float = 0.25):
        """Samples VmRSS in the background until stopped (the peak between reads)."""
        self._sampling.clear()

        def run():
            while not self._sampling.is_set() and self.alive():
                rss = self.rss_kb()
                if rss is not None:
                    self.samples.append((time.monotonic(), rss))
                self._sampling.wait(every)

        threading.Thread(target=run, daemon=True).start()

    def stop_sampling(self):
        self._sampling.set()

    def peak_sampled_kb(self) -> int:
        return max((rss for _, rss in self.samples), default=0)

    def panics(self) -> list[str]:
        """Lines of its stderr that report a panic."""
        try:
            text = self.stderr_path.read_text("utf-8", "replace")
        except OSError:
            return []
        return [line for line in text.splitlines() if "panicked" in line]

    # -- HTTP --------------------------------------------------------------------------
    @property
    def host(self) -> str:
        return f"127.0.0.1:{self.port}"

    @property
    def origin(self) -> str:
        return f"http://{self.host}"

    def http(self) -> "Http":
        return Http(self)

    def events(self, issue: str, lang: str = "en") -> "EventStream":
        return EventStream(self, issue, lang).open()


@dataclass
class Reply:
    status: int  # 0: no answer (connection refused, reset, timed out)
    body: bytes
    seconds: float
    error: str = ""

    def json(self):
        try:
            return json.loads(self.body)
        except ValueError:
            return None

    @property
    def code(self) -> str:
        data = self.json()
        if isinstance(data, dict) and isinstance(data.get("error"), dict):
            return str(data["error"].get("code", ""))
        return ""

    @property
    def message(self) -> str:
        data = self.json()
        if isinstance(data, dict) and isinstance(data.get("error"), dict):
            return str(data["error"].get("message", ""))
        return ""


class Http:
    """Requests as the desk's own page makes them, each on a connection of its own (so that
    a write is never sent twice on a connection the server had closed)."""

    def __init__(self, server: Server):
        self.server = server

    def close(self):
        pass

    def request(self, method: str, path: str, body: bytes = b"", content_type: str = "",
                timeout: float = REQUEST_TIMEOUT) -> Reply:
        headers = {"Host": self.server.host, "Connection": "close"}
        if method != "GET":
            headers["Origin"] = self.server.origin
            headers["Content-Type"] = content_type or "application/json"
        start = time.monotonic()
        conn = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=timeout)
        try:
            conn.request(method, path, body=body or None, headers=headers)
            resp = conn.getresponse()
            data = resp.read()
            return Reply(resp.status, data, time.monotonic() - start)
        except (OSError, http.client.HTTPException) as e:
            return Reply(0, b"", time.monotonic() - start, repr(e))
        finally:
            conn.close()

    def get(self, path: str, **kw) -> Reply:
        return self.request("GET", path, **kw)

    def json(self, method: str, path: str, value, **kw) -> Reply:
        return self.request(method, path, json.dumps(value, ensure_ascii=False).encode(), **kw)

    def document(self, issue: str) -> tuple[Reply, str | None, dict | None]:
        """GET /api/issues/ID: (reply, revision, document)."""
        reply = self.get(f"/api/issues/{issue}")
        data = reply.json() if reply.status == 200 else None
        if not isinstance(data, dict):
            return reply, None, None
        return reply, data.get("revision"), data.get("issue")

    def save(self, issue: str, base: str, doc: dict, client: str) -> Reply:
        return self.json("PUT", f"/api/issues/{issue}",
                         {"base_revision": base, "client": client, "lang": "en", "issue": doc})


@dataclass
class Event:
    at: float  # time.monotonic() when its last line arrived
    name: str
    revision: str | None
    data: dict | None = field(default=None, repr=False)


class EventStream:
    """GET /api/issues/ID/events read in a thread of its own, as a browser tab's
    EventSource; every event kept with the time it arrived."""

    def __init__(self, server: Server, issue: str, lang: str = "en"):
        self.server, self.issue, self.lang = server, issue, lang
        self.events: list[Event] = []
        self.cond = threading.Condition()
        self.status = 0
        self.ended = False
        self.error = ""
        self._sock: socket.socket | None = None
        self._conn: http.client.HTTPConnection | None = None
        self._closing = False

    def open(self) -> "EventStream":
        threading.Thread(target=self._run, daemon=True).start()
        return self

    def _run(self):
        try:
            conn = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=600)
            self._conn = conn
            conn.request("GET", f"/api/issues/{self.issue}/events?lang={self.lang}",
                         headers={"Host": self.server.host, "Accept": "text/event-stream"})
            self._sock = conn.sock
            resp = conn.getresponse()
            self.status = resp.status
            if resp.status != 200:
                resp.read()
                return
            name, data = "message", []
            while True:
                line = resp.readline()
                if not line:
                    break
                line = line.decode("utf-8", "replace").rstrip("\r\n")
                if line == "":
                    if data:
                        self._dispatch(name, "\n".join(data))
                    name, data = "message", []
                elif line.startswith(":"):
                    continue
                elif line.startswith("event:"):
                    name = line[6:].strip()
                elif line.startswith("data:"):
                    data.append(line[5:].lstrip(" ") if line[5:6] == " " else line[5:])
        except (OSError, http.client.HTTPException, ValueError, AttributeError) as e:
            # (AttributeError: http.client reading a chunk of a connection shut meanwhile.)
            if not self._closing:
                self.error = repr(e)
        finally:
            if self._conn is not None:
                self._conn.close()
            with self.cond:
                self.ended = True
                self.cond.notify_all()

    def _dispatch(self, name: str, text: str):
        try:
            data = json.loads(text)
        except ValueError:
            data = None
        revision = data.get("revision") if isinstance(data, dict) else None
        keep = data if name in ("hello", "saved", "reloaded") else None
        with self.cond:
            self.events.append(Event(time.monotonic(), name, revision, keep))
            self.cond.notify_all()

    def wait_for(self, pred, timeout: float, since: int = 0) -> Event | None:
        """The first event from index `since` on for which `pred(event)` holds, waiting
        up to `timeout` seconds for it."""
        deadline = time.monotonic() + timeout
        with self.cond:
            while True:
                for ev in self.events[since:]:
                    if pred(ev):
                        return ev
                left = deadline - time.monotonic()
                if left <= 0 or self.ended:
                    return None
                self.cond.wait(min(left, 0.5))

    def count(self) -> int:
        with self.cond:
            return len(self.events)

    def snapshot(self) -> list[Event]:
        with self.cond:
            return list(self.events)

    def close(self):
        """Closes the connection, as a tab that is closed does."""
        self._closing = True
        sock = self._sock
        if sock is not None:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
