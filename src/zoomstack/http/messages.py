"""Plain request and response values for the ASGI edge."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

from zoomstack import jsonutil

JSON_TYPE = b"application/json;charset=UTF-8"
JSON_LINE = b"content-type: " + JSON_TYPE + b"\r\n"
# An ASGI extension of zoomstack's own server protocol (http/server_protocol.py): where the
# scope lists it, `http.response.start` may carry encoded header lines under this key; the
# server adds Content-Length from the body, which then comes in one message.
HEADER_LINES = "zoomstack.header_lines"
TRACKING_LINE = b"x-zm-trackingid: "


def header_pairs(lines: bytes) -> list[tuple[bytes, bytes]]:
    """Encoded header lines (`name: value\r\n` each) as ASGI header pairs."""
    pairs = []
    for line in lines.split(b"\r\n"):
        if line:
            name, _, value = line.partition(b": ")
            pairs.append((name, value))
    return pairs


@dataclass(slots=True)
class Request:
    method: str
    path: str
    raw_path: bytes
    query_string: bytes
    raw_headers: list[tuple[bytes, bytes]]
    body: bytes = b""
    _query: dict[str, str] | None = None
    _headers: dict[str, str] | None = None

    @property
    def headers(self) -> dict[str, str]:
        """Header names are lower-case (ASGI servers deliver them so); built on first use."""
        if self._headers is None:
            self._headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in self.raw_headers}
        return self._headers

    def header(self, name: bytes) -> str | None:
        """One header without building the whole mapping (the hot path needs only a few)."""
        for k, v in self.raw_headers:
            if k == name:
                return v.decode("latin-1")
        return None

    @property
    def query(self) -> dict[str, str]:
        """First value of each query parameter; later repeats are ignored."""
        if self._query is None:
            q: dict[str, str] = {}
            if not self.query_string:
                self._query = q
                return q
            for k, v in parse_qsl(self.query_string.decode("latin-1"), keep_blank_values=True):
                q.setdefault(k, v)
            self._query = q
        return self._query

    def form(self) -> dict[str, str]:
        """application/x-www-form-urlencoded body parameters."""
        out: dict[str, str] = {}
        try:
            text = self.body.decode("utf-8")
        except UnicodeDecodeError:
            return out
        for k, v in parse_qsl(text, keep_blank_values=True):
            out.setdefault(k, v)
        return out


@dataclass(slots=True)
class Response:
    status: int = 200
    body: bytes = b""
    headers: list[tuple[bytes, bytes]] = field(default_factory=list)
    # Header lines already encoded (`name: value\r\n`), made by zoomstack's own code from
    # constants and numbers, never from request data: they go out as they are.
    lines: bytes = b""

    @classmethod
    def json(cls, value: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
        hdrs = [(k.lower().encode(), v.encode()) for k, v in headers.items()] if headers else []
        return cls(status, jsonutil.dumps(value), hdrs, JSON_LINE)

    @classmethod
    def empty(cls, status: int = 204) -> Response:
        return cls(status, b"", [])

    @classmethod
    def html(cls, text: str, status: int = 200) -> Response:
        return cls(status, text.encode(), [(b"content-type", b"text/html; charset=utf-8")])

    @classmethod
    def text(
        cls, text: str, status: int = 200, content_type: str = "text/plain; charset=utf-8"
    ) -> Response:
        return cls(status, text.encode(), [(b"content-type", content_type.encode())])

    @classmethod
    def redirect(cls, location: str, status: int = 302) -> Response:
        return cls(status, b"", [(b"location", location.encode())])

    @classmethod
    def binary(cls, data: bytes, content_type: str, filename: str | None = None) -> Response:
        hdrs = [(b"content-type", content_type.encode())]
        if filename:
            hdrs.append((b"content-disposition", f'attachment; filename="{filename}"'.encode()))
        return cls(200, data, hdrs)
