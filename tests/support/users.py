"""Helpers for the Users area tests: unique users, the event outbox, webhook payload schemas."""

from __future__ import annotations

import functools
import json
import sqlite3
import uuid
from pathlib import Path
from typing import Any

import httpx
from jsonschema import Draft4Validator

from support.server import ServerProcess

# Smallest valid-looking files: the server decides types from these leading bytes.
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(32)
JPEG = b"\xff\xd8\xff\xe0" + bytes(32)
GIF = b"GIF89a" + bytes(32)
MP4 = b"\x00\x00\x00\x18ftypmp42" + bytes(32)


def new_email(prefix: str = "user") -> str:
    return f"{prefix}-{uuid.uuid4().hex[:12]}@example.com"


def create_user(
    api: httpx.Client, action: str = "custCreate", user_type: int = 2, **info: Any
) -> dict[str, Any]:
    """Create a user and return the create response (id, email, ...)."""
    body = {"action": action, "user_info": {"email": new_email(), "type": user_type, **info}}
    resp = api.post("/users", json=body)
    assert resp.status_code == 201, resp.text
    return dict(resp.json())


# -- the outbox ----------------------------------------------------------------------------------
def _rows(server: ServerProcess, sql: str, params: tuple[Any, ...]) -> list[Any]:
    if server.database_url:
        import psycopg

        with psycopg.connect(server.database_url) as conn:
            return list(conn.execute(sql.replace("?", "%s"), params).fetchall())
    path = Path(server.data_dir) / "zoomstack.sqlite3"
    conn = sqlite3.connect(path)
    try:
        return list(conn.execute(sql, params).fetchall())
    finally:
        conn.close()


def outbox_mark(server: ServerProcess) -> int:
    """The newest event's sequence number; events after it are the test's."""
    rows = _rows(server, "SELECT COALESCE(MAX(seq), 0) FROM outbox", ())
    return int(rows[0][0])


def events_since(
    server: ServerProcess, mark: int, event: str | None = None, object_id: str | None = None
) -> list[dict[str, Any]]:
    """Events recorded after `mark` (they are written in the request's own transaction)."""
    rows = _rows(server, "SELECT event, body FROM outbox WHERE seq > ? ORDER BY seq", (mark,))
    out = []
    for name, body in rows:
        data = json.loads(body) if isinstance(body, str | bytes) else body
        if event is not None and name != event:
            continue
        if object_id is not None and data["payload"]["object"].get("id") != object_id:
            continue
        out.append(data)
    return out


def one_event(
    server: ServerProcess, mark: int, event: str, object_id: str | None = None
) -> dict[str, Any]:
    found = events_since(server, mark, event, object_id)
    assert len(found) == 1, f"expected one {event} for {object_id}, got {found}"
    return found[0]


# -- webhook payload schemas -----------------------------------------------------------------
@functools.cache
def _load(path: str) -> dict[str, Any]:
    with open(path, encoding="utf-8") as fh:
        return dict(json.load(fh))


def _resolve(doc: dict[str, Any], node: Any, depth: int = 0) -> Any:
    if depth > 40:
        return {}
    if isinstance(node, list):
        return [_resolve(doc, n, depth + 1) for n in node]
    if not isinstance(node, dict):
        return node
    if isinstance(node.get("$ref"), str):
        target: Any = doc
        for part in node["$ref"].lstrip("#/").split("/"):
            target = target[part]
        return _resolve(doc, target, depth + 1)
    out = {
        k: _resolve(doc, v, depth + 1)
        for k, v in node.items()
        if k not in ("example", "description", "additionalProperties", "format")
    }
    if out.pop("nullable", False) and "type" in out:
        out["type"] = [out["type"], "null"]
    return out


def assert_event_matches_spec(shared: Path, spec_file: str, body: dict[str, Any]) -> None:
    doc = _load(str(shared / "zoom-spec" / spec_file))
    event = doc["webhooks"][body["event"]]
    operation = next(iter(event.values()))
    schema = operation["requestBody"]["content"]["application/json"]["schema"]
    validator = Draft4Validator(_resolve(doc, schema))
    problems = [
        f"{'/'.join(map(str, e.absolute_path)) or '<root>'}: {e.message}"
        for e in validator.iter_errors(body)
    ]
    assert not problems, f"{body['event']} does not match the spec:\n" + "\n".join(problems)


def assert_matches_branch(
    shared: Path, spec_file: str, method: str, path: str, status: int, branch: int, body: Any
) -> None:
    """Validate against one alternative of a `oneOf` response schema. Zoom's alternatives
    overlap (no required fields), so plain `oneOf` validation can never pass."""
    from support.schema import response_schema

    schema = response_schema(shared, spec_file, method, path, status)["oneOf"][branch]
    problems = [
        f"{'/'.join(map(str, e.absolute_path)) or '<root>'}: {e.message}"
        for e in Draft4Validator(schema).iter_errors(body)
    ]
    assert not problems, f"{method} {path} does not match the spec:\n" + "\n".join(problems)
