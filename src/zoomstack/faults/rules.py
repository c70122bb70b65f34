"""Fault rules: which requests they match and what they answer instead of (or before) the
real handler.

A rule is plain data (stored as JSON in the store's meta table, so every server process on a
shared PostgreSQL applies the same rules); `FaultSet` is its compiled form, matched on the
edge only while at least one rule exists.
"""

from __future__ import annotations

import fnmatch
import random
import re
from dataclasses import dataclass, field
from typing import Any

from zoomstack import errors, jsonutil
from zoomstack.ratelimit.limiter import DAILY_MESSAGE, QPS_MESSAGE

META_KEY = "faults"
MAX_RULES = 100
MAX_DELAY_MS = 120_000
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS")

# What each preset answers; `status`, `code`, `message`, `headers` given with it win.
PRESETS: dict[str, tuple[int, int, str]] = {
    "rate_limit": (429, 429, QPS_MESSAGE),
    "daily_limit": (429, 429, DAILY_MESSAGE),
    "token_expired": (401, 124, "Access token is expired."),
    "token_invalid": (401, 124, "Invalid access token."),
    "server_error": (500, 500, "Internal server error."),
    "unavailable": (503, 503, "Service Unavailable"),
    "gateway_timeout": (504, 504, "Gateway Timeout"),
}

# Default messages when a rule names only a status.
_REASONS = {
    400: (300, "Bad Request"),
    401: (124, "Invalid access token."),
    403: (403, "Forbidden"),
    404: (404, "Not Found"),
    409: (409, "Conflict"),
    429: (429, QPS_MESSAGE),
    500: (500, "Internal server error."),
    502: (502, "Bad Gateway"),
    503: (503, "Service Unavailable"),
    504: (504, "Gateway Timeout"),
}

_TOKEN = re.compile(r"^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$")
# Framing headers belong to the server; a rule may not forge them.
_RESERVED = {"content-length", "transfer-encoding", "connection", "x-zm-trackingid"}
_FIELDS = {
    "method",
    "path",
    "operation",
    "preset",
    "status",
    "code",
    "message",
    "body",
    "headers",
    "delay_ms",
    "after",
    "times",
    "probability",
}


@dataclass(slots=True)
class Fault:
    id: str
    method: str | None
    path: str
    operation: str | None
    preset: str | None
    status: int | None
    code: int | None
    message: str | None
    body: Any
    headers: dict[str, str]
    delay_ms: int
    after: int
    times: int | None
    probability: float
    created_ms: int
    # Compiled on load, not stored.
    _path_re: re.Pattern[str] | None = field(default=None, repr=False)
    _rng: random.Random | None = field(default=None, repr=False)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "method": self.method,
            "path": self.path,
            "operation": self.operation,
            "preset": self.preset,
            "status": self.status,
            "code": self.code,
            "message": self.message,
            "body": self.body,
            "headers": self.headers,
            "delay_ms": self.delay_ms,
            "after": self.after,
            "times": self.times,
            "probability": self.probability,
            "created_ms": self.created_ms,
        }

    @property
    def answers(self) -> bool:
        """False for a pure delay: the request goes on to its real handler afterwards."""
        return self.status is not None or self.preset is not None or self.body is not None

    def matches(self, method: str, path: str, operation: str | None) -> bool:
        if self.method is not None and self.method != method:
            return False
        if self.operation is not None and self.operation != operation:
            return False
        assert self._path_re is not None
        return self._path_re.match(path) is not None

    def sampled(self) -> bool:
        if self.probability >= 1.0:
            return True
        assert self._rng is not None
        return self._rng.random() < self.probability

    def fires(self, matched: int) -> bool:
        """`matched` counts this rule's matching requests, this one included."""
        if matched <= self.after:
            return False
        return self.times is None or matched <= self.after + self.times

    def status_code_message(self) -> tuple[int, int, str]:
        status, code, message = PRESETS[self.preset] if self.preset else (500, 500, "")
        if self.status is not None:
            status = self.status
            if self.preset is None:
                code, message = _REASONS.get(status, (status, "Injected fault."))
        if self.code is not None:
            code = self.code
        if self.message is not None:
            message = self.message
        return status, code, message


class FaultSet:
    """The rules of one stored version, in creation order."""

    def __init__(self, raw: str, rules: list[Fault]) -> None:
        self.raw = raw
        self.rules = rules
        self.uses_operation = any(r.operation is not None for r in rules)

    def matching(self, method: str, path: str, operation: str | None) -> list[Fault]:
        return [r for r in self.rules if r.matches(method, path, operation)]


def compile_rule(data: dict[str, Any], seed: int) -> Fault:
    rule = Fault(
        id=str(data["id"]),
        method=data.get("method"),
        path=str(data.get("path") or "*"),
        operation=data.get("operation"),
        preset=data.get("preset"),
        status=data.get("status"),
        code=data.get("code"),
        message=data.get("message"),
        body=data.get("body"),
        headers=dict(data.get("headers") or {}),
        delay_ms=int(data.get("delay_ms") or 0),
        after=int(data.get("after") or 0),
        times=data.get("times"),
        probability=float(data.get("probability", 1.0)),
        created_ms=int(data.get("created_ms") or 0),
    )
    rule._path_re = re.compile(fnmatch.translate(rule.path))
    # A rule's coin flips repeat across runs when the server is seeded (ZOOMSTACK_SEED).
    rule._rng = random.Random(f"{seed}:{rule.id}") if seed else random.Random()
    return rule


def load(raw: str | None, seed: int) -> FaultSet | None:
    """The compiled rules of a stored value; None when there are none (the edge then skips
    fault matching entirely)."""
    if not raw:
        return None
    items = jsonutil.loads(raw)
    if not items:
        return None
    return FaultSet(raw, [compile_rule(item, seed) for item in items])


def dump(rules: list[dict[str, Any]]) -> str:
    return jsonutil.dumps_str(rules)


# -- checking a new rule -------------------------------------------------------------------
def _bad(name: str, message: str) -> errors.ZoomError:
    return errors.field_error(name, message)


def _int(body: dict[str, Any], name: str, low: int, high: int) -> int | None:
    value = body.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise _bad(name, f"must be an integer from {low} to {high}")
    return value


def check(body: dict[str, Any], operation_ids: set[str]) -> dict[str, Any]:
    """A rule from a control-API body, checked field by field (without its id)."""
    unknown = sorted(set(body) - _FIELDS)
    if unknown:
        raise _bad(unknown[0], "unknown field")
    out: dict[str, Any] = {}
    method = body.get("method")
    if method is not None:
        if not isinstance(method, str) or method.upper() not in METHODS:
            raise _bad("method", "must be one of " + ", ".join(METHODS))
        method = method.upper()
    out["method"] = method
    path = body.get("path", "*")
    if not isinstance(path, str) or not path or len(path) > 1000 or "\x00" in path:
        raise _bad("path", "must be a path pattern such as /v2/users/*")
    out["path"] = path
    operation = body.get("operation")
    if operation is not None and (not isinstance(operation, str) or operation not in operation_ids):
        raise _bad("operation", "must be an operation ID of the API (GET /_zoomstack/ops)")
    out["operation"] = operation
    preset = body.get("preset")
    if preset is not None and preset not in PRESETS:
        raise _bad("preset", "must be one of " + ", ".join(PRESETS))
    out["preset"] = preset
    out["status"] = _int(body, "status", 400, 599)
    out["code"] = _int(body, "code", 0, 2**31 - 1)
    message = body.get("message")
    if message is not None and (not isinstance(message, str) or len(message) > 2000):
        raise _bad("message", "must be a string of at most 2000 characters")
    out["message"] = message
    out["body"] = body.get("body")
    if out["body"] is not None and (out["code"] is not None or message is not None):
        raise _bad("body", "give either body or code/message")
    out["headers"] = _headers(body.get("headers"))
    out["delay_ms"] = _int(body, "delay_ms", 0, MAX_DELAY_MS) or 0
    out["after"] = _int(body, "after", 0, 2**31 - 1) or 0
    out["times"] = _int(body, "times", 1, 2**31 - 1)
    probability = body.get("probability", 1.0)
    if (
        isinstance(probability, bool)
        or not isinstance(probability, int | float)
        or not 0 < probability <= 1
    ):
        raise _bad("probability", "must be a number greater than 0 and at most 1")
    out["probability"] = float(probability)
    answers = out["status"] is not None or preset is not None or out["body"] is not None
    if not answers and not out["delay_ms"]:
        raise _bad("status", "give a status, a preset, a body or a delay_ms")
    if not answers and (out["code"] is not None or message is not None or out["headers"]):
        raise _bad("status", "code, message and headers need a status or a preset")
    return out


def _headers(value: Any) -> dict[str, str]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise _bad("headers", "must be an object of header names and values")
    out: dict[str, str] = {}
    for name, v in value.items():
        if not _TOKEN.match(name) or name.lower() in _RESERVED:
            raise _bad("headers", f"not a header name that a rule may set: {name!r}")
        if not isinstance(v, str) or any(c in v for c in "\r\n\x00"):
            raise _bad("headers", f"value of {name} must be a one-line string")
        try:
            v.encode("latin-1")
        except UnicodeEncodeError:
            raise _bad("headers", f"value of {name} must be Latin-1 text") from None
        out[name] = v
    return out
