"""The whole server stack in one process, without sockets: uvicorn's protocol as zoomstack
runs it (parser, request cycle, response writing) in front of an App, fed raw HTTP/1.1
requests through a transport that only collects what is written.

Over HTTP on a shared two-core machine, wrk and the server compete for the same cores and
rounds swing by 30 %; here one process alternates between servers in tight loops, so two
configurations can be compared to within about a percent. What it leaves out (the kernel's
socket work, wrk's share of the CPU) is the same for both.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

from uvicorn.server import ServerState

from zoomstack.http import server_protocol


class _Transport(asyncio.Transport):
    def __init__(self) -> None:
        super().__init__()
        self.written: list[bytes] = []

    def get_extra_info(self, name: str, default: Any = None) -> Any:
        if name == "sockname":
            return ("127.0.0.1", 8000)
        if name == "peername":
            return ("127.0.0.1", 50000)
        return default

    def write(self, data: bytes | bytearray | memoryview) -> None:
        self.written.append(bytes(data))

    def is_closing(self) -> bool:
        return False

    def pause_reading(self) -> None:
        pass

    def resume_reading(self) -> None:
        pass

    def close(self) -> None:
        pass


def request(method: str, target: str, headers: dict[str, str], body: bytes = b"") -> bytes:
    lines = [f"{method} {target} HTTP/1.1", "host: 127.0.0.1:8000"]
    lines += [f"{k}: {v}" for k, v in headers.items()]
    if body:
        lines.append(f"content-length: {len(body)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


class Stack:
    """One keep-alive connection to `app` through zoomstack's server protocol."""

    def __init__(self, app: Any) -> None:
        config = server_protocol.uvicorn_config(app, lifespan="off")
        config.load()
        protocol_class = config.http_protocol_class
        self.protocol: Any = protocol_class(  # type: ignore[call-arg]
            config=config, server_state=ServerState(), app_state={}
        )
        self.transport = _Transport()
        self.protocol.connection_made(self.transport)

    async def send(self, raw: bytes) -> bytes:
        """One request; its whole response (head and body) as written."""
        self.transport.written.clear()
        self.protocol.data_received(raw)
        while not self.protocol.cycle.response_complete:
            await asyncio.sleep(0)
        return b"".join(self.transport.written)

    async def per_request_ns(self, raw: bytes, n: int) -> float:
        protocol = self.protocol
        t0 = time.perf_counter()
        for _ in range(n):
            protocol.data_received(raw)
            while not protocol.cycle.response_complete:
                await asyncio.sleep(0)
        elapsed = time.perf_counter() - t0
        self.transport.written.clear()
        return elapsed / n * 1e9

    def close(self) -> None:
        self.protocol.connection_lost(None)


async def _serve_worker(checks: bool, once: int | None) -> None:
    """Set up one App (checks on or off), then answer lines of `n` on stdin with the
    nanoseconds per GET /v2/users/me over `n` requests; or, with `once`, make that many
    requests and exit (for instruction counting)."""
    import base64
    import dataclasses
    import json
    import shutil
    import sys
    import tempfile

    from zoomstack.app import App
    from zoomstack.config import load_settings

    account = "zoomstackDevAccount001"
    client = ("zoomstackDevClientId01", "zoomstack-dev-client-secret-000000")
    data_dir = tempfile.mkdtemp(prefix="zs-bench-stack-")
    settings = dataclasses.replace(
        load_settings(), data_dir=data_dir, scope_checks=checks, log_requests=False
    )
    app = App(settings)
    await app.startup()
    stack = Stack(app)
    try:
        basic = base64.b64encode(f"{client[0]}:{client[1]}".encode()).decode()
        answer = await stack.send(
            request(
                "POST",
                f"/oauth/token?grant_type=account_credentials&account_id={account}",
                {"authorization": f"Basic {basic}"},
            )
        )
        token = json.loads(answer.split(b"\r\n\r\n", 1)[1])["access_token"]
        # On: counted against a per-second limit too high to reach. Off: the limits switched off.
        limits = {"overrides": {"LIGHT": {"per_second": 10**9}}} if checks else {"enabled": False}
        answer = await stack.send(
            request(
                "PATCH",
                f"/_zoomstack/accounts/{account}/rate_limits",
                {"content-type": "application/json"},
                json.dumps(limits).encode(),
            )
        )
        assert answer.startswith(b"HTTP/1.1 200"), answer[:200]
        get = request("GET", "/v2/users/me", {"authorization": f"Bearer {token}"})
        answer = await stack.send(get)
        assert answer.startswith(b"HTTP/1.1 200"), answer[:200]
        assert (b"x-ratelimit-limit" in answer) == checks
        if once is not None:
            await stack.per_request_ns(get, once)
            return
        print("ready", flush=True)
        for line in sys.stdin:
            print(round(await stack.per_request_ns(get, int(line))), flush=True)
    finally:
        stack.close()
        await app.shutdown()
        shutil.rmtree(data_dir, ignore_errors=True)


def _main() -> None:
    import sys

    checks = sys.argv[1] == "on"
    once = int(sys.argv[2]) if len(sys.argv) > 2 else None
    try:
        import uvloop
    except ImportError:
        asyncio.run(_serve_worker(checks, once))
    else:
        uvloop.run(_serve_worker(checks, once))


if __name__ == "__main__":
    _main()
