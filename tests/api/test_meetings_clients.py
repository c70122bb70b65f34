"""Unmodified Zoom client libraries scheduling meetings against zoomstack."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import httpx
import pytest

from support.clients import without_cached_token, zoom_python_client, zoomus_client
from support.meetings import new_host, server_now
from support.server import ServerProcess


@pytest.fixture()
def host(api: httpx.Client) -> dict[str, Any]:
    return new_host(api)


@pytest.fixture()
def no_cached_token() -> Iterator[None]:
    yield from without_cached_token()


def test_zoomus_meeting_lifecycle(server: ServerProcess, host: dict[str, Any]) -> None:
    client = zoomus_client(server)
    start = (server_now(server) + timedelta(days=3)).replace(microsecond=0, tzinfo=None)
    r = client.meeting.create(
        user_id=host["id"], topic="From zoomus", type=2, start_time=start, duration=40,
        timezone="UTC", settings={"join_before_host": True},
    )  # fmt: skip
    assert r.status_code == 201, r.text
    created = r.json()
    meeting_id = created["id"]
    assert created["start_time"] == start.strftime("%Y-%m-%dT%H:%M:%SZ")

    r = client.meeting.get(id=meeting_id)  # zoomus repeats id=... in the query string
    assert r.status_code == 200 and r.json()["topic"] == "From zoomus"
    assert r.json()["settings"]["join_before_host"] is True

    r = client.meeting.update(id=meeting_id, topic="Renamed by zoomus", duration=50)
    assert r.status_code == 204, r.text
    got = client.meeting.get(id=meeting_id).json()
    assert (got["topic"], got["duration"]) == ("Renamed by zoomus", 50)

    r = client.meeting.list(user_id=host["id"])
    assert r.status_code == 200
    assert meeting_id in [m["id"] for m in r.json()["meetings"]]

    assert client.meeting.update_status(id=meeting_id, action="end").status_code == 400
    assert client.meeting.delete(id=meeting_id).status_code == 204
    assert client.meeting.get(id=meeting_id).status_code == 404


def test_zoom_python_client_reads_meetings(
    server: ServerProcess, api: httpx.Client, host: dict[str, Any], no_cached_token: None
) -> None:
    start = server_now(server) + timedelta(days=2)
    r = api.post(
        f"/users/{host['id']}/meetings",
        json={
            "topic": "For zoom-python-client",
            "start_time": start.strftime("%Y-%m-%dT%H:%M:%SZ"),
        },
    )
    assert r.status_code == 201
    meeting = r.json()

    client = zoom_python_client(server)
    got = client.meetings.get_meeting(str(meeting["id"]))
    assert got["id"] == meeting["id"] and got["topic"] == "For zoom-python-client"
    assert got["start_url"].startswith(f"{server.base_url}/s/{meeting['id']}?zak=")

    day = start.date().isoformat()
    listed = client.users.get_user_meetings(
        host["id"], {"type": "upcoming", "page_size": 10, "from_date": day, "to_date": day}
    )
    assert [m["id"] for m in listed["meetings"]] == [meeting["id"]]
    assert listed["total_records"] == 1
