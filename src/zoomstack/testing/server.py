"""Start and stop zoomstack servers for tests: a child process, a thread of this process, or a
server someone else runs.

Every server the kit starts listens on a free loopback port, keeps its SQLite file in a
throwaway folder (removed at stop) and, unless told otherwise, starts its virtual clock at the
same fixed instant, so that tests do not depend on the day or hour they run.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, Self

import httpx

from zoomstack.testing import DEFAULT_CLOCK_START
from zoomstack.testing.lifecycle import Lifecycle

if TYPE_CHECKING:
    from zoomstack.testing.client import Zoomstack

LOOPBACK = "127.0.0.1"

ClockStart = str | datetime | None


class ServerError(RuntimeError):
    """A server did not start or does not answer (a child process's message ends with the
    tail of its log)."""


class Server(Protocol):
    """What fixtures and helpers need from any server: where it is, and a handle to it."""

    @property
    def base_url(self) -> str: ...

    def start(self) -> Self: ...

    def stop(self) -> None: ...

    def client(self) -> Zoomstack: ...


def free_port() -> int:
    with socket.socket() as s:
        s.bind((LOOPBACK, 0))
        return int(s.getsockname()[1])


def clock_start_text(value: ClockStart) -> str:
    """The ZOOMSTACK_CLOCK_START value: "" (the wall clock) for None, "", "now" or "wall"."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        moment = value if value.tzinfo else value.replace(tzinfo=UTC)
        return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    text = value.strip()
    return "" if text.lower() in ("", "now", "wall") else text


def wait_healthy(base_url: str, timeout: float = 10.0, pid: int | None = None) -> dict[str, Any]:
    """Poll /_zoomstack/health until it answers (from process `pid`, when given)."""
    deadline = time.monotonic() + timeout
    last = "no answer"
    while True:
        try:
            resp = httpx.get(base_url + "/_zoomstack/health", timeout=2)
            if resp.status_code == 200:
                body = resp.json()
                if pid is None or body.get("pid") == pid:
                    return dict(body)
                last = f"answered by process {body.get('pid')}, not {pid}"
            else:
                last = f"HTTP {resp.status_code}"
        except (httpx.HTTPError, ValueError) as exc:
            last = str(exc) or type(exc).__name__
        if time.monotonic() >= deadline:
            raise ServerError(f"no zoomstack server answers at {base_url} ({last})")
        time.sleep(0.05)


class _ServerBase(Lifecycle):
    @property
    def base_url(self) -> str:
        raise NotImplementedError

    def client(self) -> Zoomstack:
        """A handle on this server (zoomstack.testing.Zoomstack)."""
        from zoomstack.testing.client import Zoomstack

        return Zoomstack(self.base_url)


class _Started(_ServerBase):
    """What the servers the kit starts have in common: options, data folder, handle."""

    def __init__(
        self,
        *,
        clock_start: ClockStart = DEFAULT_CLOCK_START,
        seed: int | None = None,
        database_url: str = "",
        rate_limits: bool = False,
        env: Mapping[str, str] | None = None,
        data_dir: str | os.PathLike[str] | None = None,
        timeout: float = 30.0,
    ) -> None:
        self.clock_start = clock_start_text(clock_start)
        self.seed = seed
        self.database_url = database_url
        self.rate_limits = rate_limits
        self.env = dict(env or {})
        self.timeout = timeout
        self._own_data_dir = data_dir is None
        self.data_dir = str(data_dir) if data_dir is not None else ""
        self.port = 0

    @property
    def base_url(self) -> str:
        if not self.port:
            raise ServerError("the server is not running")
        return f"http://{LOOPBACK}:{self.port}"

    def settings_env(self) -> dict[str, str]:
        """The server's configuration as ZOOMSTACK_* variables (`env` first, the kit's last)."""
        out = dict(self.env)
        # Zoom's per-second limits would make a fast test suite flaky; tests of throttling
        # ask for them (rate_limits=True).
        out.setdefault("ZOOMSTACK_RATE_LIMITS", "1" if self.rate_limits else "0")
        if self.clock_start:
            out["ZOOMSTACK_CLOCK_START"] = self.clock_start
        if self.seed is not None:
            out["ZOOMSTACK_SEED"] = str(self.seed)
        out.update(
            {
                "ZOOMSTACK_HOST": LOOPBACK,
                "ZOOMSTACK_PORT": str(self.port),
                "ZOOMSTACK_DATA_DIR": self.data_dir,
                "ZOOMSTACK_DATABASE_URL": self.database_url,
                # A public URL left over in `env` would point clients at another server.
                "ZOOMSTACK_PUBLIC_URL": "",
            }
        )
        return out

    def _make_data_dir(self) -> None:
        if self._own_data_dir:
            self.data_dir = tempfile.mkdtemp(prefix="zoomstack-")
        else:
            Path(self.data_dir).mkdir(parents=True, exist_ok=True)

    def _drop_data_dir(self) -> None:
        if self._own_data_dir and self.data_dir:
            shutil.rmtree(self.data_dir, ignore_errors=True)
            self.data_dir = ""


class SubprocessServer(_Started):
    """`python -m zoomstack serve` in a child process: the user's process stays untouched."""

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.proc: subprocess.Popen[bytes] | None = None
        self.log_path = ""

    def start(self) -> Self:
        if self.proc is not None:
            return self
        self._make_data_dir()
        try:
            for _ in range(5):
                self.port = free_port()
                if self._launch():
                    return self
                # Someone took the port between its choice and the child's bind: take another.
            raise ServerError(f"zoomstack could not bind a loopback port\n{self.log()}")
        except BaseException:
            self.stop()
            raise

    def _child_env(self) -> dict[str, str]:
        # The developer's own ZOOMSTACK_* settings (a PostgreSQL URL, a webhook URL) must not
        # leak into a throwaway test server.
        env = {k: v for k, v in os.environ.items() if not k.startswith("ZOOMSTACK_")}
        env.update(self.settings_env())
        env["PYTHONUNBUFFERED"] = "1"
        # The child imports the same zoomstack as this process, installed or not.
        package_root = str(Path(__file__).resolve().parents[2])
        env["PYTHONPATH"] = os.pathsep.join(
            p for p in (package_root, env.get("PYTHONPATH", "")) if p
        )
        return env

    def _launch(self) -> bool:
        self.log_path = os.path.join(self.data_dir, f"zoomstack-{self.port}.log")
        with open(self.log_path, "ab") as log:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "zoomstack", "serve"],
                env=self._child_env(),
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                # Not the caller's folder: `python -m` puts the working folder first on the
                # path, where a project's own modules could shadow zoomstack's.
                cwd=self.data_dir,
            )
        deadline = time.monotonic() + self.timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                self.proc = None
                if "address already in use" in self.log().lower():
                    return False
                raise ServerError(f"zoomstack exited at start\n{self.log()}")
            try:
                resp = httpx.get(self.base_url + "/_zoomstack/health", timeout=1)
                # Only this child's answer counts: another server may hold the port.
                if resp.status_code == 200 and resp.json().get("pid") == self.proc.pid:
                    return True
            except (httpx.HTTPError, ValueError):
                pass
            time.sleep(0.05)
        raise ServerError(f"zoomstack did not answer within {self.timeout:g} s\n{self.log()}")

    def log(self) -> str:
        """The end of the server's output."""
        try:
            return Path(self.log_path).read_text(errors="replace")[-5000:]
        except OSError:
            return ""

    def stop(self) -> None:
        proc, self.proc = self.proc, None
        if proc is not None and proc.poll() is None:
            # SIGTERM lets uvicorn shut the app down: rate-limit counters and webhook lanes are
            # flushed as after a normal stop.
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(10)
        self.port = 0
        self._drop_data_dir()


# zoomstack keeps some state per process (the page-token secret, the token cache, the ID
# generator), so two servers in one process would disturb each other.
_in_process_lock = threading.Lock()


class InProcessServer(_Started):
    """zoomstack's app served by uvicorn in a background thread with its own event loop."""

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self._server: Any = None
        self._thread: threading.Thread | None = None
        self._failure: BaseException | None = None
        self._ready = threading.Event()
        self._holds_lock = False

    def start(self) -> Self:
        if self._thread is not None:
            return self
        for key in self.env:
            if not key.startswith("ZOOMSTACK_"):
                raise ValueError(f"an in-process server reads ZOOMSTACK_* settings only: {key}")
        if not _in_process_lock.acquire(blocking=False):
            raise ServerError(
                "an in-process zoomstack server is already running in this process; "
                "stop it first or use SubprocessServer"
            )
        self._holds_lock = True
        try:
            self._start()
        except BaseException:
            self.stop()
            raise
        return self

    def _start(self) -> None:
        import uvicorn

        from zoomstack.app import App
        from zoomstack.config import load_settings
        from zoomstack.http import server_protocol
        from zoomstack.oauth import tokens

        self._make_data_dir()
        # Binding here, before the thread starts, leaves no window for another process to
        # take the port.
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.bind((LOOPBACK, 0))
        self.port = int(sock.getsockname()[1])
        tokens.forget_all()
        app = App(load_settings(env=self.settings_env()))
        # log_config=None: uvicorn must not reconfigure the logging of the user's process.
        config = server_protocol.uvicorn_config(app, LOOPBACK, self.port, log_config=None)
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(
            target=self._run, args=(app, sock), name="zoomstack-server", daemon=True
        )
        self._thread.start()
        deadline = time.monotonic() + self.timeout
        while not self._server.started:
            if self._failure is not None or not self._thread.is_alive():
                raise ServerError("zoomstack failed to start in this process") from self._failure
            if time.monotonic() > deadline:
                raise ServerError(f"zoomstack did not start within {self.timeout:g} s")
            self._ready.wait(0.02)
        wait_healthy(self.base_url, timeout=self.timeout, pid=os.getpid())

    def _run(self, app: Any, sock: socket.socket) -> None:
        thresholds = gc.get_threshold()

        async def serve() -> None:
            # Started here rather than by uvicorn's lifespan so that a failure reaches the
            # caller with its traceback (uvicorn would log it and exit the thread).
            await app.startup()
            # The app tunes the garbage collector for a server process of its own; this
            # process is the user's test run, whose objects must stay collectable.
            gc.unfreeze()
            gc.set_threshold(*thresholds)
            await self._server.serve(sockets=[sock])

        try:
            with asyncio.Runner() as runner:
                runner.run(serve())
        except BaseException as exc:
            self._failure = exc
        finally:
            sock.close()
            self._ready.set()

    def stop(self) -> None:
        server, thread = self._server, self._thread
        self._server = self._thread = None
        if server is not None:
            server.should_exit = True
        if thread is not None:
            thread.join(15)
        self.port = 0
        self._drop_data_dir()
        if self._holds_lock:
            self._holds_lock = False
            _in_process_lock.release()


class ExternalServer(_ServerBase):
    """A server started by someone else (`--zoomstack-url`): checked, never started or stopped."""

    def __init__(self, url: str, timeout: float = 10.0) -> None:
        self.url = url.rstrip("/")
        if self.url.endswith("/v2"):
            self.url = self.url[: -len("/v2")]
        self.timeout = timeout

    @property
    def base_url(self) -> str:
        return self.url

    def start(self) -> Self:
        wait_healthy(self.url, self.timeout)
        return self

    def stop(self) -> None:
        pass


@contextlib.contextmanager
def running(*, in_process: bool = True, **options: Any) -> Iterator[Zoomstack]:
    """A fresh server for the `with` block, and a handle to it.

    In this process by default (no child process to start); `in_process=False` starts
    `python -m zoomstack serve` instead. Options: `clock_start` (default DEFAULT_CLOCK_START;
    None for the wall clock), `seed`, `database_url`, `rate_limits`, `env` (more ZOOMSTACK_*
    settings), `data_dir`, `timeout`.
    """
    server: _Started = InProcessServer(**options) if in_process else SubprocessServer(**options)
    with server:
        handle = server.client()
        handle.server = server
        try:
            yield handle
        finally:
            handle.close()
