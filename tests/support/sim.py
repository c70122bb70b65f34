"""Helpers for the simulator and past-meeting tests: steps and scenarios through the control API,
events of one meeting from the outbox, times relative to the server clock."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx

from support.meetings import assert_event_matches_spec, iso, new_host, server_now, store
from support.server import ServerProcess
from zoomstack import jsonutil

__all__ = ["iso", "new_host", "server_now"]


def step(
    control: httpx.Client,
    meeting_id: int | str,
    what: str,
    /,
    kind: str = "meetings",
    expect: int = 200,
    **body: Any,
) -> Any:
    """One simulator step (`what`: start, join, leave, ...) with its body."""
    r = control.post(f"/sim/{kind}/{meeting_id}/{what}", json=body)
    assert r.status_code == expect, r.text
    return r.json()


def state(control: httpx.Client, meeting_id: int | str, kind: str = "meetings") -> dict[str, Any]:
    r = control.get(f"/sim/{kind}/{meeting_id}")
    assert r.status_code == 200, r.text
    return dict(r.json())


def play(control: httpx.Client, scenario: dict[str, Any], expect: int = 200) -> dict[str, Any]:
    r = control.post("/sim/scenarios", json=scenario)
    assert r.status_code == expect, r.text
    return dict(r.json())


def hours_ago(server: ServerProcess, hours: float) -> str:
    return iso(server_now(server) - timedelta(hours=hours))


class Timeline:
    """Step times as ISO strings at fixed offsets before one reading of the server clock."""

    def __init__(self, server: ServerProcess) -> None:
        self.now = server_now(server).replace(microsecond=0)

    def ago(self, hours: float = 0, minutes: float = 0) -> str:
        return iso(self.now - timedelta(hours=hours, minutes=minutes))


def create_meeting(api: httpx.Client, host_id: str, **body: Any) -> dict[str, Any]:
    payload: dict[str, Any] = {"topic": "Simulated", "type": 2, "duration": 60, **body}
    r = api.post(f"/users/{host_id}/meetings", json=payload)
    assert r.status_code == 201, r.text
    return dict(r.json())


def outbox_mark(server: ServerProcess) -> int:
    with store(server).transaction() as tx:
        row = tx.fetchone("SELECT COALESCE(MAX(seq), 0) FROM outbox")
    return int(row[0])


# Events other areas emit from the simulator's hooks (cloud recordings when an instance ends).
HOOK_EVENTS = frozenset({"recording.completed", "recording.transcript_completed"})


def events_of(
    server: ServerProcess, number: int | str, mark: int = 0, shared: Path | None = None
) -> list[dict[str, Any]]:
    """Every event the simulator sent about one meeting/webinar after `mark`, in outbox order
    (HOOK_EVENTS left out); each checked against Zoom's webhook schema when `shared` is
    given."""
    with store(server).transaction() as tx:
        rows = tx.fetchall("SELECT body FROM outbox WHERE seq > ? ORDER BY seq", (mark,))
    out = []
    for (raw,) in rows:
        body = jsonutil.loads(raw) if isinstance(raw, str | bytes) else raw
        obj = body.get("payload", {}).get("object", {})
        if body.get("event") in HOOK_EVENTS:
            continue
        if isinstance(obj, dict) and str(obj.get("id")) == str(number):
            out.append(dict(body))
    if shared is not None:
        for body in out:
            assert_event_matches_spec(shared, body)
    return out


def names(events: list[dict[str, Any]]) -> list[str]:
    return [e["event"] for e in events]
