"""The body of a control-API request (/_zoomstack/...) that takes a JSON object."""

from __future__ import annotations

from typing import Any

from zoomstack.context import parse_json_object
from zoomstack.http.messages import Request


def json_object(req: Request) -> dict[str, Any]:
    """The body's JSON object (an empty body is `{}`); Zoom's invalid-JSON error otherwise."""
    return parse_json_object(req.body, required=False)
