"""Run a real zoomstack server process on loopback for tests (SQLite or PostgreSQL)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

ACCOUNT_ID = "zoomstackDevAccount001"
CLIENT_ID = "zoomstackDevClientId01"
CLIENT_SECRET = "zoomstack-dev-client-secret-000000"
WEBHOOK_SECRET = "zoomstack-dev-webhook-secret"

REPO = Path(__file__).resolve().parents[2]


def shared_dir() -> Path | None:
    explicit = os.environ.get("ZOOMSTACK_SHARED")
    for cand in (explicit, REPO.parent / "shared"):
        if cand and (Path(cand) / "zoom-spec").is_dir():
            return Path(cand)
    return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def pg_admin_url() -> str | None:
    return os.environ.get("ZOOMSTACK_TEST_DATABASE_URL") or None


def create_pg_database() -> str:
    """A fresh database on the test PostgreSQL server; returns its URL."""
    import psycopg

    admin = pg_admin_url()
    assert admin
    name = "zs_" + uuid.uuid4().hex[:12]
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    base, _, _ = admin.rpartition("/")
    return f"{base}/{name}"


class RenewingBearer(httpx.Auth):
    """Bearer auth that fetches a new token once when the server says it expired, as real
    clients do; tests that move the shared virtual clock forward stay harmless to others."""

    def __init__(self, server: ServerProcess, token: str | None = None) -> None:
        self.server = server
        self.token = token or server.token()

    def auth_flow(self, request: httpx.Request) -> Any:
        request.headers["Authorization"] = f"Bearer {self.token}"
        response = yield request
        if response.status_code == 401 and b"expired" in response.read():
            self.token = self.server.token()
            request.headers["Authorization"] = f"Bearer {self.token}"
            yield request


CLOCK_START = "2030-06-12T12:00:00Z"


@dataclass
class ServerProcess:
    """One server process; `database_url` empty means SQLite in `data_dir`."""

    database_url: str = ""
    data_dir: str = field(default_factory=lambda: tempfile.mkdtemp(prefix="zs-test-"))
    port: int = field(default_factory=free_port)
    env: dict[str, str] = field(default_factory=dict)
    proc: subprocess.Popen[bytes] | None = None
    log_path: str = ""

    @classmethod
    def for_current_store(cls, **kw: Any) -> ServerProcess:
        url = create_pg_database() if pg_admin_url() else ""
        return cls(database_url=url, **kw)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def store(self) -> str:
        return "postgres" if self.database_url else "sqlite"

    def start(self, timeout: float = 20.0) -> ServerProcess:
        env = {k: v for k, v in os.environ.items() if not k.startswith("ZOOMSTACK_")}
        env.update(
            {
                "ZOOMSTACK_HOST": "127.0.0.1",
                "ZOOMSTACK_PORT": str(self.port),
                "ZOOMSTACK_DATA_DIR": self.data_dir,
                "ZOOMSTACK_DATABASE_URL": self.database_url,
                "PYTHONUNBUFFERED": "1",
                # The shared test servers run unthrottled: Zoom's 80 requests/s would throttle
                # a fast suite. Rate-limit tests start their own servers with limits on.
                "ZOOMSTACK_RATE_LIMITS": "0",
                # Every test server's clock starts at the same instant (a Wednesday at noon,
                # mid-month), so no test depends on the day, hour or month it runs in.
                "ZOOMSTACK_CLOCK_START": CLOCK_START,
            }
        )
        env.update(self.env)
        for _ in range(3):
            if self._launch(env, timeout):
                return self
            # Another test's server took the port between the choice and the bind (or while
            # this one was down for a restart): start over on a fresh port.
            self.port = free_port()
        raise RuntimeError(f"server could not bind a port:\n{self.log()}")

    def _launch(self, env: dict[str, str], timeout: float) -> bool:
        env = env | {"ZOOMSTACK_PORT": str(self.port)}
        self.log_path = os.path.join(self.data_dir, f"server-{self.port}.log")
        log = open(self.log_path, "ab")  # noqa: SIM115 - owned by the child process
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "zoomstack", "serve"],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            cwd=str(REPO),
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                if "address already in use" in self.log().lower():
                    return False
                raise RuntimeError(f"server exited early:\n{self.log()}")
            try:
                r = httpx.get(self.base_url + "/_zoomstack/health", timeout=1)
                # Only this process's answer counts: another server may hold the port.
                if r.status_code == 200 and r.json().get("pid") == self.proc.pid:
                    return True
            except httpx.HTTPError:
                pass
            time.sleep(0.05)
        raise RuntimeError(f"server did not start:\n{self.log()}")

    def log(self) -> str:
        try:
            return Path(self.log_path).read_text(errors="replace")[-5000:]
        except OSError:
            return ""

    def kill(self) -> None:
        """SIGKILL: no shutdown hooks, no flushing — a crash."""
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(10)

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.kill()

    def token(self) -> str:
        resp = httpx.post(
            self.base_url + "/oauth/token",
            params={"grant_type": "account_credentials", "account_id": ACCOUNT_ID},
            auth=(CLIENT_ID, CLIENT_SECRET),
        )
        resp.raise_for_status()
        return str(resp.json()["access_token"])

    def api(self, token: str | None = None) -> httpx.Client:
        """An API client that renews its token when the (virtual) clock has expired it."""
        return httpx.Client(
            base_url=self.base_url + "/v2", auth=RenewingBearer(self, token), timeout=30
        )

    def control(self) -> httpx.Client:
        return httpx.Client(base_url=self.base_url + "/_zoomstack", timeout=30)
