"""zoomstack's server protocol (http/server_protocol.py), driven without sockets: what goes on
the wire for each kind of response, and that whatever it does not take on itself reaches
uvicorn's own rules unchanged."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
import uvicorn
from uvicorn.server import ServerState

from zoomstack.http import server_protocol
from zoomstack.http.messages import HEADER_LINES

pytestmark = pytest.mark.skipif(
    not server_protocol.supported(), reason="this uvicorn version runs its own protocol"
)

App = Callable[[dict[str, Any], Any, Any], Awaitable[None]]


class _Transport(asyncio.Transport):
    def __init__(self) -> None:
        super().__init__()
        self.writes: list[bytes] = []
        self.closed = False

    def get_extra_info(self, name: str, default: Any = None) -> Any:
        return {"sockname": ("127.0.0.1", 8000), "peername": ("127.0.0.1", 50000)}.get(
            name, default
        )

    def write(self, data: Any) -> None:
        self.writes.append(bytes(data))

    def is_closing(self) -> bool:
        return self.closed

    def close(self) -> None:
        self.closed = True

    def pause_reading(self) -> None:
        pass

    def resume_reading(self) -> None:
        pass


def _exchange(app: App, raw: bytes) -> _Transport:
    """Feed `raw` to one connection and let every request it holds be answered."""

    async def run() -> _Transport:
        config = uvicorn.Config(
            app,
            http=server_protocol.ZoomstackHttpProtocol,
            lifespan="off",
            log_level="critical",
            access_log=False,
            server_header=False,
            date_header=False,
            proxy_headers=False,
        )
        config.load()
        state = ServerState()
        protocol = server_protocol.ZoomstackHttpProtocol(
            config=config, server_state=state, app_state={}
        )
        transport = _Transport()
        protocol.connection_made(transport)
        protocol.data_received(raw)
        for _ in range(200):
            await asyncio.sleep(0)
            if not state.tasks and not protocol.pipeline:
                break
        if protocol.timeout_keep_alive_task is not None:
            protocol.timeout_keep_alive_task.cancel()
        return transport

    return asyncio.run(run())


def _app(start: dict[str, Any], *bodies: dict[str, Any], seen: list[Any] | None = None) -> App:
    async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
        if seen is not None:
            seen.append(scope)
        await send(start)
        for body in bodies:
            await send(body)

    return app


GET = b"GET /x HTTP/1.1\r\nhost: a\r\n\r\n"
BODY = {"type": "http.response.body", "body": b"hello"}


def _start(*pairs: tuple[bytes, bytes], status: int = 200, lines: bytes | None = None) -> Any:
    """An `http.response.start` message; `lines` adds the header-lines extension's key."""
    message: dict[str, Any] = {
        "type": "http.response.start",
        "status": status,
        "headers": list(pairs),
    }
    if lines is not None:
        message[HEADER_LINES] = lines
    return message


def test_pairs_in_the_edge_shape_go_out_in_one_write() -> None:
    start = _start((b"content-type", b"text/plain"), (b"content-length", b"5"))
    t = _exchange(_app(start, BODY), GET)
    assert t.writes == [
        b"HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\ncontent-length: 5\r\n\r\nhello"
    ]


def test_header_lines_are_listed_in_the_scope_and_sized_from_the_body() -> None:
    seen: list[Any] = []
    start = _start((b"location", b"/y"), status=201, lines=b"x-a: 1\r\n")
    t = _exchange(_app(start, BODY, seen=seen), GET)
    assert HEADER_LINES in seen[0]["extensions"]
    assert t.writes == [
        b"HTTP/1.1 201 Created\r\nlocation: /y\r\nx-a: 1\r\ncontent-length: 5\r\n\r\nhello"
    ]


@pytest.mark.parametrize("lines", [True, False])
@pytest.mark.parametrize("value", [b"a\r\nx-injected: 1", b"a\nb", b"a\x00b"])
def test_a_bad_value_reaches_uvicorns_check(value: bytes, lines: bool) -> None:
    start = _start((b"location", value))
    if lines:
        start[HEADER_LINES] = b"x-a: 1\r\n"
    else:
        start["headers"].append((b"content-length", b"5"))
    t = _exchange(_app(start, BODY), GET)
    # uvicorn refuses the header (the app's send raises) and drops the connection.
    assert b"x-injected" not in b"".join(t.writes)
    assert not any(w.startswith(b"HTTP/1.1 200") for w in t.writes)
    assert t.closed


def test_pairs_outside_the_edge_shape_take_uvicorns_path() -> None:
    start = _start((b"Content-Length", b"5"), (b"X-Mixed", b"v"))
    t = _exchange(_app(start, BODY), GET)
    # uvicorn lower-cases and writes head and body apart.
    assert t.writes == [b"HTTP/1.1 200 OK\r\ncontent-length: 5\r\nx-mixed: v\r\n\r\n", b"hello"]


def test_a_body_in_parts_with_header_lines_is_chunked() -> None:
    start = _start(lines=b"")
    part = {"type": "http.response.body", "body": b"ab", "more_body": True}
    last = {"type": "http.response.body", "body": b"c"}
    t = _exchange(_app(start, part, last), GET)
    assert b"".join(t.writes) == (
        b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n2\r\nab\r\n1\r\nc\r\n0\r\n\r\n"
    )


def test_a_body_longer_than_its_length_is_refused_as_uvicorn_does() -> None:
    start = _start((b"content-length", b"2"))
    t = _exchange(_app(start, BODY), GET)
    assert b"hello" not in b"".join(t.writes)
    assert t.closed


def test_http_10_gets_a_length_and_a_close() -> None:
    start = _start(lines=b"x: 1\r\n")
    t = _exchange(_app(start, BODY), b"GET /x HTTP/1.0\r\n\r\n")
    out = b"".join(t.writes)
    assert out.startswith(b"HTTP/1.1 200 OK\r\n")
    assert b"x: 1\r\n" in out and b"content-length: 5\r\n" in out
    assert b"connection: close\r\n" in out and b"transfer-encoding" not in out
    assert out.endswith(b"\r\n\r\nhello")
    assert t.closed


def test_head_keeps_the_length_and_sends_no_body() -> None:
    start = _start((b"content-length", b"5"))
    t = _exchange(
        _app(start, {"type": "http.response.body", "body": b""}), b"HEAD /x HTTP/1.1\r\n\r\n"
    )
    assert b"".join(t.writes) == b"HTTP/1.1 200 OK\r\ncontent-length: 5\r\n\r\n"


def test_pipelined_requests_are_answered_in_order() -> None:
    async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
        body = scope["path"].encode()
        await send(_start(lines=b""))
        await send({"type": "http.response.body", "body": body})

    raw = b"GET /one HTTP/1.1\r\n\r\nGET /two HTTP/1.1\r\n\r\nGET /three HTTP/1.1\r\n\r\n"
    t = _exchange(app, raw)
    out = b"".join(t.writes)
    assert out.count(b"HTTP/1.1 200 OK") == 3
    assert out.index(b"/one") < out.index(b"/two") < out.index(b"/three")
    assert not t.closed


def test_the_protocol_can_be_switched_off(monkeypatch: pytest.MonkeyPatch) -> None:
    assert server_protocol.protocol() is server_protocol.ZoomstackHttpProtocol
    monkeypatch.setenv("ZOOMSTACK_HTTP_PROTOCOL", "uvicorn")
    assert server_protocol.protocol() == "auto"
