"""multipart/form-data request bodies (file uploads), parsed with python-multipart.

`parse_multipart(ctx)` returns each part by field name: a `(filename, content_type, bytes)`
tuple for file parts, the decoded text for plain fields. A body that is not multipart, or that
cannot be parsed, yields `{}`: callers answer with Zoom's "missing part" error for the field they
need, which is what Zoom says for both cases.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from python_multipart.exceptions import MultipartParseError
from python_multipart.multipart import MultipartParser, parse_options_header

if TYPE_CHECKING:
    from zoomstack.context import Ctx

FilePart = tuple[str, str, bytes]
Parts = dict[str, FilePart | str]


class _Collector:
    """Callbacks for MultipartParser that gather parts with their headers."""

    def __init__(self) -> None:
        self.parts: Parts = {}
        self._headers: dict[str, str] = {}
        self._field = b""
        self._value = b""
        self._data: list[bytes] = []

    def part_begin(self) -> None:
        self._headers = {}
        self._data = []

    def header_field(self, data: bytes, start: int, end: int) -> None:
        self._field += data[start:end]

    def header_value(self, data: bytes, start: int, end: int) -> None:
        self._value += data[start:end]

    def header_end(self) -> None:
        # Latin-1 keeps every byte as one character: header parsing works on the raw bytes,
        # and values that name text (file names) are decoded as UTF-8 once taken apart.
        name = self._field.decode("latin-1").strip().lower()
        self._headers[name] = self._value.decode("latin-1").strip()
        self._field = b""
        self._value = b""

    def part_data(self, data: bytes, start: int, end: int) -> None:
        self._data.append(data[start:end])

    def part_end(self) -> None:
        _, params = parse_options_header(self._headers.get("content-disposition", ""))
        name = params.get(b"name", b"").decode("utf-8", "replace")
        if not name or name in self.parts:
            # Zoom reads the first part of a name; later duplicates are ignored.
            return
        body = b"".join(self._data)
        if b"filename" in params:
            filename = params[b"filename"].decode("utf-8", "replace")
            content_type = self._headers.get("content-type", "application/octet-stream")
            content_type = content_type.encode("latin-1").decode("utf-8", "replace")
            self.parts[name] = (filename, content_type, body)
        else:
            self.parts[name] = body.decode("utf-8", "replace")


def parse_body(content_type: str, body: bytes) -> Parts:
    kind, params = parse_options_header(content_type)
    boundary = params.get(b"boundary")
    if kind != b"multipart/form-data" or not boundary:
        return {}
    collector = _Collector()
    parser = MultipartParser(
        boundary,
        {
            "on_part_begin": collector.part_begin,
            "on_part_data": collector.part_data,
            "on_part_end": collector.part_end,
            "on_header_field": collector.header_field,
            "on_header_value": collector.header_value,
            "on_header_end": collector.header_end,
        },
    )
    try:
        parser.write(body)
        parser.finalize()
    except (MultipartParseError, ValueError):
        return {}
    return collector.parts


def parse_multipart(ctx: Ctx) -> Parts:
    return parse_body(ctx.content_type, ctx.body_bytes)


def file_part(parts: Parts, name: str) -> FilePart | None:
    """The named part if it is a file part."""
    value = parts.get(name)
    return value if isinstance(value, tuple) else None
