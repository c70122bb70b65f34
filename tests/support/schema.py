"""Validate API responses against the official response schemas in ../shared/zoom-spec.

`assert_matches_spec(shared, "meetings.json", "GET", "/tsp", 200, body)` finds the operation's
response schema (OpenAPI 3 `content` or Swagger 2 `schema`), resolves local `$ref`s, turns
OpenAPI `nullable` into JSON Schema types, tolerates extra properties, and validates with
jsonschema Draft 4. Formats are not checked (Zoom's documents use them loosely).
"""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path
from typing import Any

from jsonschema import Draft4Validator

_MAX_DEPTH = 40
_DROP = frozenset({"readOnly", "writeOnly", "deprecated", "example", "examples", "description"})


@functools.cache
def _load(path: str) -> dict[str, Any]:
    with open(path, encoding="utf-8") as fh:
        return dict(json.load(fh))


def _pointer(doc: dict[str, Any], ref: str) -> Any:
    node: Any = doc
    for part in ref.lstrip("#/").split("/"):
        node = node[part.replace("~1", "/").replace("~0", "~")]
    return node


def _convert(doc: dict[str, Any], node: Any, depth: int = 0) -> Any:
    if depth > _MAX_DEPTH:
        return {}
    if isinstance(node, list):
        return [_convert(doc, n, depth + 1) for n in node]
    if not isinstance(node, dict):
        return node
    if "$ref" in node and isinstance(node["$ref"], str) and node["$ref"].startswith("#/"):
        return _convert(doc, _pointer(doc, node["$ref"]), depth + 1)
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key in _DROP or key.startswith("x-") or key == "additionalProperties":
            continue
        if key == "properties" and isinstance(value, dict):
            out[key] = {k: _convert(doc, v, depth + 1) for k, v in value.items()}
        else:
            out[key] = _convert(doc, value, depth + 1)
    if out.pop("nullable", False) and "type" in out:
        t = out["type"]
        out["type"] = [*t, "null"] if isinstance(t, list) else [t, "null"]
    # A spec slip (archive files' `complete_time`): a date-time typed as an object.
    if out.get("type") == "object" and node.get("format") == "date-time":
        out["type"] = "string"
    # A spec slip (2018 `/webhooks` events): an array's allowed values on the array itself.
    items = out.get("items")
    if out.get("type") == "array" and "enum" in out and isinstance(items, dict):
        if "enum" not in items:
            out["items"] = {**items, "enum": out["enum"]}
        del out["enum"]
    # Templated allowed values ("$name left the meeting." in the dashboards): any name.
    enum = out.get("enum")
    if isinstance(enum, list) and any(isinstance(v, str) and "$name" in v for v in enum):
        patterns = [
            "^" + re.escape(v).replace(re.escape("$name"), ".+") + "$"
            for v in enum
            if isinstance(v, str) and "$name" in v
        ]
        plain = [v for v in enum if not (isinstance(v, str) and "$name" in v)]
        del out["enum"]
        out["anyOf"] = [{"enum": plain}, *({"pattern": p} for p in patterns)]
    return out


def response_schema(
    shared: Path, spec_file: str, method: str, path: str, status: int
) -> dict[str, Any]:
    doc = _load(str(shared / "zoom-spec" / spec_file))
    op = doc["paths"][path][method.lower()]
    resp = op["responses"][str(status)]
    if "$ref" in resp:
        resp = _pointer(doc, resp["$ref"])
    raw = resp.get("schema")
    if raw is None:
        content = resp.get("content") or {}
        media = content.get("application/json") or next(iter(content.values()), {})
        raw = media.get("schema")
    assert raw is not None, f"{method} {path} documents no {status} response body"
    return dict(_convert(doc, raw))


def assert_matches_spec(
    shared: Path, spec_file: str, method: str, path: str, status: int, body: Any
) -> None:
    schema = response_schema(shared, spec_file, method, path, status)
    problems = [
        f"{'/'.join(map(str, e.absolute_path)) or '<root>'}: {e.message}"
        for e in Draft4Validator(schema).iter_errors(body)
    ]
    assert not problems, f"{method} {path} {status} does not match the spec:\n" + "\n".join(
        problems
    )


def assert_event_matches_spec(shared: Path, spec_file: str, body: dict[str, Any]) -> None:
    """Validate a webhook event body against its schema in zoom-spec/webhooks/<spec_file>."""
    doc = _load(str(shared / "zoom-spec" / "webhooks" / spec_file))
    op = doc["webhooks"][body["event"]]["post"]
    raw = op["requestBody"]["content"]["application/json"]["schema"]
    schema = _convert(doc, raw)
    problems = [
        f"{'/'.join(map(str, e.absolute_path)) or '<root>'}: {e.message}"
        for e in Draft4Validator(schema).iter_errors(body)
    ]
    assert not problems, f"{body['event']} does not match the spec:\n" + "\n".join(problems)
