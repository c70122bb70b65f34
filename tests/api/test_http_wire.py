"""What the server writes on the socket: raw HTTP/1.1 against the real server process, for
the cases an HTTP client library smooths over (pipelining, HTTP/1.0, HEAD, one connection
for many answers)."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest

from support.server import ServerProcess


@pytest.fixture(scope="module")
def server() -> Iterator[ServerProcess]:
    """Rate limits on, so every API answer carries the X-RateLimit-* headers."""
    proc = ServerProcess.for_current_store(env={"ZOOMSTACK_RATE_LIMITS": "1"}).start()
    yield proc
    proc.stop()


@pytest.fixture(scope="module")
def token(server: ServerProcess) -> str:
    return server.token()


def _raw(server: ServerProcess, data: bytes, answers: int) -> bytes:
    """Send `data` on one connection; read until `answers` complete responses arrived (or the
    server closed)."""
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
        sock.sendall(data)
        out = b""
        while _complete(out) < answers:
            chunk = sock.recv(65536)
            if not chunk:
                break
            out += chunk
        return out


def _complete(out: bytes) -> int:
    """How many whole Content-Length-framed responses `out` holds."""
    count, pos = 0, 0
    while True:
        end = out.find(b"\r\n\r\n", pos)
        if end < 0:
            return count
        head = out[pos:end].lower()
        length = 0
        for line in head.split(b"\r\n"):
            if line.startswith(b"content-length:"):
                length = int(line.split(b":", 1)[1])
        if head.startswith(b"head ") or len(out) < end + 4 + length:
            return count
        count += 1
        pos = end + 4 + length


def _heads(out: bytes) -> list[dict[bytes, bytes]]:
    heads = []
    for block in out.split(b"HTTP/1.1 ")[1:]:
        head = block.split(b"\r\n\r\n", 1)[0]
        status, *lines = head.split(b"\r\n")
        fields = {b":status": status.split(b" ", 1)[0]}
        for line in lines:
            name, _, value = line.partition(b": ")
            fields[name] = value
        heads.append(fields)
    return heads


def test_pipelined_api_requests_answer_in_order_with_every_header(
    server: ServerProcess, token: str
) -> None:
    auth = f"authorization: Bearer {token}\r\n".encode()
    data = (
        b"GET /v2/users/me HTTP/1.1\r\nhost: x\r\n" + auth + b"\r\n"
        b"GET /v2/users/nobody-here HTTP/1.1\r\nhost: x\r\n" + auth + b"\r\n"
        b"GET /_zoomstack/health HTTP/1.1\r\nhost: x\r\n\r\n"
    )
    out = _raw(server, data, 3)
    heads = _heads(out)
    assert [h[b":status"] for h in heads] == [b"200", b"404", b"200"]
    for h in heads[:2]:
        assert h[b"content-type"] == b"application/json;charset=UTF-8"
        assert h[b"x-ratelimit-category"] == b"Light"
        assert h[b"x-ratelimit-type"] == b"QPS"
        assert {b"x-ratelimit-limit", b"x-ratelimit-remaining", b"x-zm-trackingid"} <= set(h)
        assert b"transfer-encoding" not in h
    assert b"1001" in out and b'"status":"ok"' in out


def test_http_10_answers_with_a_length_and_closes(server: ServerProcess, token: str) -> None:
    data = f"GET /v2/users/me HTTP/1.0\r\nauthorization: Bearer {token}\r\n\r\n".encode()
    out = _raw(server, data, 1)
    (head,) = _heads(out)
    assert head[b":status"] == b"200"
    assert head[b"connection"] == b"close"
    assert b"transfer-encoding" not in head
    body = out.split(b"\r\n\r\n", 1)[1]
    assert int(head[b"content-length"]) == len(body) and body.startswith(b'{"id":')


def test_head_announces_the_get_length_without_a_body(server: ServerProcess, token: str) -> None:
    auth = f"authorization: Bearer {token}\r\n".encode()
    get = _raw(server, b"GET /v2/users/me HTTP/1.1\r\n" + auth + b"connection: close\r\n\r\n", 1)
    head_out = _raw(
        server, b"HEAD /v2/users/me HTTP/1.1\r\n" + auth + b"connection: close\r\n\r\n", 1
    )
    (head,) = _heads(head_out)
    assert head[b":status"] == b"200"
    assert head[b"content-length"] == _heads(get)[0][b"content-length"]
    assert head_out.endswith(b"\r\n\r\n")
