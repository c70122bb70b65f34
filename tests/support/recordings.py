"""Helpers for the cloud-recording and archiving tests: a host, a meeting played with cloud
recording through the simulator's control API, the outbox, and spec views of recordings."""

from __future__ import annotations

import copy
from typing import Any

import httpx

from support.meetings import new_host
from support.server import ServerProcess

SPEC = "meetings.json"
MASTER_SPEC = "master-accounts/meetings.json"


def host_with(api: httpx.Client, **recording: Any) -> dict[str, Any]:
    """A fresh licensed host whose recording settings include `recording`."""
    host = new_host(api)
    if recording:
        r = api.patch(f"/users/{host['id']}/settings", json={"recording": recording})
        assert r.status_code == 204, r.text
    return host


def create_meeting(api: httpx.Client, host: dict[str, Any], **fields: Any) -> dict[str, Any]:
    body = {
        "topic": "Recorded meeting",
        "type": 2,
        "start_time": "2031-01-01T10:00:00Z",
        "duration": 60,
        "timezone": "UTC",
        **fields,
    }
    r = api.post(f"/users/{host['id']}/meetings", json=body)
    assert r.status_code == 201, r.text
    return dict(r.json())


def play(server: ServerProcess, meeting_id: int, **spec: Any) -> dict[str, Any]:
    """Play a scenario on the meeting; default: 3 hours ago, 60 minutes, cloud recording on."""
    body: dict[str, Any] = {
        "meeting_id": meeting_id,
        "start": "-3h",
        "recording": "cloud",
        "end": 60,
        **spec,
    }
    r = httpx.post(server.base_url + "/_zoomstack/sim/scenarios", json=body, timeout=30)
    assert r.status_code == 200, r.text
    return dict(r.json())


def recorded(
    api: httpx.Client, server: ServerProcess, host: dict[str, Any], **spec: Any
) -> tuple[dict[str, Any], dict[str, Any]]:
    """A meeting of `host` played with cloud recording, and its GET recordings body."""
    meeting = create_meeting(api, host)
    play(server, meeting["id"], **spec)
    r = api.get(f"/meetings/{meeting['id']}/recordings")
    assert r.status_code == 200, r.text
    return meeting, dict(r.json())


def spec_view(body: dict[str, Any]) -> dict[str, Any]:
    """A recording body as meetings.json describes it, for schema validation: that document
    types the meeting `type` as a string and leaves TIMELINE out of `file_type`, where Zoom
    (and zoomstack, docs/recordings.md) send an integer and list TIMELINE files."""
    out = copy.deepcopy(body)
    meetings = out.get("meetings") if isinstance(out.get("meetings"), list) else [out]
    for m in meetings:
        if isinstance(m.get("type"), int):
            m["type"] = str(m["type"])
        if isinstance(m.get("recording_files"), list):
            m["recording_files"] = [
                f for f in m["recording_files"] if f.get("file_type") != "TIMELINE"
            ]
    return out


def files_of(rec: dict[str, Any], file_type: str) -> list[dict[str, Any]]:
    return [f for f in rec["recording_files"] if f["file_type"] == file_type]


def download(url: str, token: str | None = None, **kw: Any) -> httpx.Response:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return httpx.get(url, headers=headers, timeout=30, **kw)
