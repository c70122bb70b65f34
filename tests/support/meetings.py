"""Helpers for the Meetings tests: fresh hosts (the per-host daily limit never bites), the
server clock, the event outbox, and states only the simulator reaches (a live meeting)."""

from __future__ import annotations

import atexit
import base64
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from jsonschema import Draft4Validator

from support.server import ServerProcess
from support.users import create_user
from zoomstack import jsonutil
from zoomstack.store import Store, open_store

SPEC = "meetings.json"
WEBHOOKS = "webhooks/meetings.json"
_stores: dict[str, Store] = {}


def store(server: ServerProcess) -> Store:
    url = server.database_url or f"sqlite:///{server.data_dir}/zoomstack.sqlite3"
    if url not in _stores:
        _stores[url] = open_store(url)
    return _stores[url]


@atexit.register
def _close_stores() -> None:
    for s in _stores.values():
        s.close()


def new_host(api: httpx.Client, **info: Any) -> dict[str, Any]:
    """A licensed API user (custCreate) to host meetings; returns the GET user object."""
    created = create_user(api, "custCreate", 2, first_name="Hana", last_name="Host", **info)
    r = api.get(f"/users/{created['id']}")
    assert r.status_code == 200, r.text
    return dict(r.json())


def server_now(server: ServerProcess) -> datetime:
    now_ms = httpx.get(server.base_url + "/_zoomstack/clock").json()["now_ms"]
    return datetime.fromtimestamp(now_ms / 1000, tz=UTC)


def iso(dt: datetime) -> str:
    return dt.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def in_days(server: ServerProcess, days: float) -> str:
    return iso(server_now(server) + timedelta(days=days))


def create(api: httpx.Client, user_id: str, **body: Any) -> dict[str, Any]:
    r = api.post(f"/users/{user_id}/meetings", json=body)
    assert r.status_code == 201, r.text
    return dict(r.json())


def jwt_claims(token: str) -> dict[str, Any]:
    body = token.split(".")[1]
    return dict(json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))))


def set_fields(server: ServerProcess, meeting_id: int | str, **fields: Any) -> None:
    """Change stored fields directly (e.g. status "started", which only the simulator sets)."""
    with store(server).transaction() as tx:
        found = tx.get_with_account("meeting", str(meeting_id))
        assert found is not None
        doc = found[0]
        doc.update(fields)
        tx.update("meeting", str(meeting_id), doc)


def outbox_mark(server: ServerProcess) -> int:
    with store(server).transaction() as tx:
        row = tx.fetchone("SELECT COALESCE(MAX(seq), 0) FROM outbox")
    return int(row[0])


def events(
    server: ServerProcess, mark: int, event: str, meeting_id: int | str
) -> list[dict[str, Any]]:
    """Bodies of `event` about one meeting recorded after `mark`, oldest first."""
    with store(server).transaction() as tx:
        rows = tx.fetchall(
            "SELECT body FROM outbox WHERE seq > ? AND event = ? ORDER BY seq", (mark, event)
        )
    out = []
    for (raw,) in rows:
        body = jsonutil.loads(raw) if isinstance(raw, str | bytes) else raw
        if str(body["payload"]["object"].get("id")) == str(meeting_id):
            out.append(dict(body))
    return out


def private_server() -> ServerProcess:
    """A server of the test's own, for tests that move the clock far."""
    return ServerProcess.for_current_store().start()


# -- webhook payload schemas -----------------------------------------------------------------
def _resolve(doc: dict[str, Any], node: Any, depth: int = 0) -> Any:
    if depth > 40:
        return {}
    if isinstance(node, list):
        return [_resolve(doc, n, depth + 1) for n in node]
    if not isinstance(node, dict):
        return node
    ref = node.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/"):
        parts = [p.replace("~1", "/").replace("~0", "~") for p in ref[2:].split("/")]
        # The webhook documents point into "paths" although their events live in "webhooks".
        if parts[0] == "paths" and "paths" not in doc:
            parts[0] = "webhooks"
        target: Any = doc
        for part in parts:
            target = target[part]
        return _resolve(doc, target, depth + 1)
    out = {
        k: _resolve(doc, v, depth + 1)
        for k, v in node.items()
        if k not in ("example", "examples", "description", "additionalProperties", "format")
    }
    if out.pop("nullable", False) and "type" in out:
        out["type"] = [out["type"], "null"]
    return out


def assert_event_matches_spec(shared: Path, body: dict[str, Any]) -> None:
    with open(shared / "zoom-spec" / WEBHOOKS, encoding="utf-8") as fh:
        doc = json.load(fh)
    operation = next(iter(doc["webhooks"][body["event"]].values()))
    schema = _resolve(doc, operation["requestBody"]["content"]["application/json"]["schema"])
    problems = [
        f"{'/'.join(map(str, e.absolute_path)) or '<root>'}: {e.message}"
        for e in Draft4Validator(schema).iter_errors(body)
    ]
    assert not problems, f"{body['event']} does not match the spec:\n" + "\n".join(problems)
