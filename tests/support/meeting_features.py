"""Helpers for the meeting-features tests: users and meetings on the server clock, and the
events recorded in the outbox."""

from __future__ import annotations

import uuid
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx

from support.meetings import in_days
from support.meetings import server_now as server_now  # re-exported for the tests
from support.meetings import store as _store
from support.schema import assert_event_matches_spec
from support.server import ServerProcess
from zoomstack import jsonutil


def create_meeting(
    api: httpx.Client,
    server: ServerProcess,
    settings: dict[str, Any] | None = None,
    host: str = "me",
    **fields: Any,
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "topic": "Feature test",
        "type": 2,
        "start_time": in_days(server, 3),
        "duration": 60,
        "timezone": "UTC",
        "settings": settings or {},
    }
    body.update(fields)
    r = api.post(f"/users/{host}/meetings", json=body)
    assert r.status_code == 201, r.text
    return dict(r.json())


def weekly_series(server: ServerProcess, times: int = 4, days: float = 2) -> dict[str, Any]:
    """A weekly series whose first occurrence is its start, `days` from the server's now:
    the weekday is the start's own (in UTC, the series' timezone), whatever day it is today."""
    start = server_now(server) + timedelta(days=days)
    zoom_weekday = (start.weekday() + 1) % 7 + 1  # Zoom: 1 = Sunday ... 7 = Saturday
    return {
        "type": 8,
        "start_time": start.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "timezone": "UTC",
        "duration": 45,
        "recurrence": {
            "type": 2,
            "repeat_interval": 1,
            "weekly_days": str(zoom_weekday),
            "end_times": times,
        },
    }


def events(
    server: ServerProcess, event: str, meeting_id: int | str, shared: Path | None = None
) -> list[dict[str, Any]]:
    """Bodies of `event` recorded in the outbox for one meeting, oldest first; each checked
    against Zoom's webhook schema when `shared` is given."""
    with _store(server).transaction() as tx:
        rows = tx.fetchall("SELECT body FROM outbox WHERE event = ? ORDER BY seq", (event,))
    out = []
    for (raw,) in rows:
        body = jsonutil.loads(raw) if isinstance(raw, str | bytes) else raw
        if str(body["payload"]["object"].get("id")) == str(meeting_id):
            out.append(dict(body))
    if shared is not None:
        for body in out:
            assert_event_matches_spec(shared, "meetings.json", body)
    return out


def create_user(api: httpx.Client, user_type: int = 2, **settings: Any) -> dict[str, Any]:
    """A fresh user of the account (licensed by default), with optional settings sections."""
    email = f"host-{uuid.uuid4().hex[:10]}@example.org"
    r = api.post(
        "/users",
        json={
            "action": "custCreate",
            "user_info": {"email": email, "type": user_type, "first_name": "Host"},
        },
    )
    assert r.status_code == 201, r.text
    user = dict(r.json())
    if settings:
        r = api.patch(f"/users/{user['id']}/settings", json=settings)
        assert r.status_code == 204, r.text
    return user
