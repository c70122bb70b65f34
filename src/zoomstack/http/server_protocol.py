"""uvicorn's httptools protocol, with the common response written in one step.

uvicorn checks and writes every response header in Python: two regular-expression searches,
a lower-casing and four list appends per header. Zoom's answers carry seven headers (four of
them X-RateLimit-*), so writing them cost more than the scope and rate-limit checks
themselves. uvicorn also writes the head and the body with two transport writes: two `send`
system calls per answer.

Here a response goes out with its head and body in one write, and:

- The edge (app.py) may hand over header lines it encoded itself (the ASGI extension
  `messages.HEADER_LINES`, listed in the scope): the constant lines are encoded once, when the
  server starts, and only numbers are filled in per request. The server adds Content-Length
  from the body.
- Ordinary ASGI header pairs, in the shape the edge produces (lower-case names, Content-Length
  last, no Transfer-Encoding or Connection), are checked with uvicorn's rules applied once to
  all names (each distinct name checked once) and once to all values, and joined in C.

Anything else takes uvicorn's own path unchanged, including every error it raises. Parsing,
flow control, pipelining, keep-alive and shutdown stay uvicorn's: only `send` on the request
cycle changes. That relies on uvicorn internals (`_start_asgi_task`, the cycle's attributes),
so `protocol()` picks this class only for the uvicorn versions it was tested with;
`ZOOMSTACK_HTTP_PROTOCOL=uvicorn` turns it off.
"""

from __future__ import annotations

import operator
import os
from typing import Any

import uvicorn
from uvicorn.protocols.http.httptools_impl import (
    HEADER_RE,
    STATUS_LINE,
    HttpToolsProtocol,
    RequestResponseCycle,
)

from zoomstack.http.messages import HEADER_LINES, header_pairs

# uvicorn versions whose httptools protocol this was read against and tested with.
TESTED_UVICORN = ((0, 54), (0, 54))

_EXTENSIONS: dict[str, dict[str, Any]] = {HEADER_LINES: {}}
_LENGTH = b"content-length"
# Headers that change how a response is framed: uvicorn's path handles them.
_FRAMING = frozenset((b"content-length", b"transfer-encoding", b"connection"))
_KNOWN_NAMES: set[bytes] = set()
_NAME = operator.itemgetter(0)
# What uvicorn's value pattern allows: tab, visible ASCII and space, and bytes above 0x7f.
_LINE_BYTES = bytes([9, *range(0x20, 0x7F), *range(0x80, 0x100)])
_HEADER_SEP = b": "
_CRLF = b"\r\n"
_LENGTH_LINE = b"content-length: %d\r\n\r\n"
_CHUNKED_END = b"transfer-encoding: chunked\r\n\r\n"


class _Cycle(RequestResponseCycle):
    # The status line and header lines of a response waiting to leave with its body, without
    # the blank line that ends them; and whether they already hold the Content-Length.
    _head: bytes | None = None
    _sized = False
    # A start message with header lines that uvicorn will send, held until the body tells
    # its length.
    _pending: Any = None

    async def send(self, message: Any) -> None:
        if self._head is not None:
            await self._send_body(message)
        elif self._pending is not None:
            await self._send_pending(message)
        elif not self.response_started and message["type"] == "http.response.start":
            if (
                self.keep_alive
                and not self.disconnected
                and not self.flow.write_paused
                and not self.access_log
                and not self.default_headers
                and self.scope["method"] != "HEAD"
                and self._start(message)
            ):
                return
            if HEADER_LINES in message:
                self._pending = _plain(message)
                return
            await super().send(message)
        else:
            await super().send(message)

    def _start(self, message: Any) -> bool:
        """Keep the head for the body's write; False where uvicorn must send it."""
        status = message["status"]
        pairs = message.get("headers")
        lines = message.get(HEADER_LINES)
        if lines is not None:
            encoded = _encode_pairs(pairs) if pairs else b""
            if encoded is None or status not in STATUS_LINE:
                # Pairs uvicorn must judge: it raises on the invalid ones as it always does.
                return False
            self._head = STATUS_LINE[status] + encoded + lines
            self._sized = False
        else:
            sized = _encode_head(status, pairs)
            if sized is None:
                return False
            self._head, self.expected_content_length = sized
            self._sized = True
            self.chunked_encoding = False
        self.response_started = True
        self.waiting_for_100_continue = False
        return True

    async def _send_pending(self, message: Any) -> None:
        start = self._pending
        assert start is not None
        self._pending = None
        if message["type"] == "http.response.body" and not message.get("more_body", False):
            start["headers"].append((_LENGTH, b"%d" % len(message.get("body", b""))))
        await super().send(start)
        await super().send(message)

    async def _send_body(self, message: Any) -> None:
        head = self._head
        assert head is not None
        self._head = None
        if self.disconnected:
            return
        body = message.get("body", b"") if message["type"] == "http.response.body" else None
        more = message.get("more_body", False)
        if self._sized:
            if body is None or more or len(body) != self.expected_content_length:
                # Streaming, or a body that does not match its length: uvicorn's rules decide.
                self.transport.write(head + _CRLF)
                await super().send(message)
                return
            self.transport.write(b"".join((head, _CRLF, body)))
        elif body is None or more:
            # Lines without a length and a body in parts: chunked, as uvicorn would send it.
            self.chunked_encoding = True
            self.expected_content_length = 0
            self.transport.write(head + _CHUNKED_END)
            await super().send(message)
            return
        else:
            self.transport.write(b"".join((head, _LENGTH_LINE % len(body), body)))
        self.expected_content_length = 0
        self.response_complete = True
        self.message_event.set()
        self.on_response()


def _plain(message: Any) -> dict[str, Any]:
    """A start message with encoded lines, as an ordinary ASGI one."""
    out = {k: v for k, v in message.items() if k != HEADER_LINES}
    out["headers"] = [*message.get("headers", ()), *header_pairs(message[HEADER_LINES])]
    return out


def _encode_pairs(pairs: Any) -> bytes | None:
    """ASGI header pairs as header lines, or None where uvicorn's own path must decide: names
    must be lower-case tokens and not framing headers (each distinct name is checked once:
    they come from code, a handful in all); values are checked every time, all at once."""
    try:
        if not _KNOWN_NAMES.issuperset(map(_NAME, pairs)) and not _learn(pairs):
            return None
        block = _CRLF.join(map(_HEADER_SEP.join, pairs)) + _CRLF
        # Left after deleting every byte a header line may hold: only the line separators.
        if block.translate(None, _LINE_BYTES) != _CRLF * len(pairs):
            return None
        return block
    except (TypeError, ValueError):
        return None


def _encode_head(status: int, pairs: Any) -> tuple[bytes, int] | None:
    """The status line and header lines of ordinary pairs with the body's length (Content-Length
    must be the last pair), or None where uvicorn's own path must decide."""
    try:
        last = pairs[-1]
        if last[0] != _LENGTH:
            return None
        length = int(last[1])
        block = _encode_pairs(pairs[:-1])
        if block is None:
            return None
        return STATUS_LINE[status] + block + b"content-length: %d\r\n" % length, length
    except (TypeError, ValueError, KeyError, IndexError):
        return None


def _learn(pairs: list[tuple[bytes, bytes]]) -> bool:
    names = [name for name, _ in pairs]
    for name in names:
        if (
            not isinstance(name, bytes)
            or not name
            or HEADER_RE.search(name)
            or name != name.lower()
            or name in _FRAMING
        ):
            return False
    if len(_KNOWN_NAMES) < 1024:
        _KNOWN_NAMES.update(names)
    return True


class ZoomstackHttpProtocol(HttpToolsProtocol):
    def _start_asgi_task(self, cycle: RequestResponseCycle, app: Any) -> None:
        # The cycle is made by uvicorn's header callback; before the application first runs,
        # it gets this module's `send`, and the scope lists the header-lines extension.
        cycle.__class__ = _Cycle
        scope: Any = cycle.scope
        extensions = scope.get("extensions")
        scope["extensions"] = _EXTENSIONS if extensions is None else extensions | _EXTENSIONS
        super()._start_asgi_task(cycle, app)


def supported() -> bool:
    try:
        version = tuple(int(p) for p in uvicorn.__version__.split(".")[:2])
    except ValueError:
        return False
    low, high = TESTED_UVICORN
    return low <= version <= high and hasattr(HttpToolsProtocol, "_start_asgi_task")


def protocol() -> type[HttpToolsProtocol] | str:
    """The protocol `zoomstack serve` runs: this one where it fits, else uvicorn's choice."""
    if os.environ.get("ZOOMSTACK_HTTP_PROTOCOL", "").lower() == "uvicorn" or not supported():
        return "auto"
    return ZoomstackHttpProtocol


def uvicorn_config(
    app: Any, host: str = "127.0.0.1", port: int = 0, **extra: Any
) -> uvicorn.Config:
    """The server settings of `zoomstack serve` (the benchmarks serve their baseline app with
    the same ones)."""
    options: dict[str, Any] = {
        "host": host,
        "port": port,
        "loop": "auto",
        "http": protocol(),
        "lifespan": "on",
        "access_log": False,
        "log_level": "warning",
        "server_header": False,
        "date_header": False,
        # Nothing uses the client's address, so X-Forwarded-* need no rewriting per request.
        "proxy_headers": False,
    }
    return uvicorn.Config(app, **(options | extra))
