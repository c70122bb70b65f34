"""The body of a control-API request (/_zoomstack/...) that takes a JSON object."""

from __future__ import annotations

from typing import Any

from zoomstack import errors, jsonutil
from zoomstack.http.messages import Request


def json_object(req: Request) -> dict[str, Any]:
    """The body's JSON object (an empty body is `{}`); Zoom's invalid-JSON error otherwise."""
    if not req.body.strip():
        return {}
    try:
        value = jsonutil.loads(req.body)
    except (jsonutil.JSONDecodeError, UnicodeDecodeError):
        raise errors.invalid_json() from None
    if not isinstance(value, dict):
        raise errors.invalid_json()
    return dict(value)
