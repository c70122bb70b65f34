"""The test servers' own harness: a port taken between its choice and the bind (by another
test's server, typically while one restarts) is left for a fresh one."""

from __future__ import annotations

import socket

import httpx

from support.server import ServerProcess


def test_a_taken_port_is_left_for_a_fresh_one() -> None:
    with socket.socket() as squatter:
        squatter.bind(("127.0.0.1", 0))
        squatter.listen()
        taken = squatter.getsockname()[1]
        proc = ServerProcess.for_current_store(port=taken).start()
        try:
            assert proc.port != taken
            health = httpx.get(proc.base_url + "/_zoomstack/health").json()
            assert health["status"] == "ok" and health["pid"] == proc.proc.pid  # type: ignore[union-attr]
        finally:
            proc.stop()
