"""Meetings over time, on a server of this module's own (its clock moves by days): the per-host
daily create/update limit, the recovery window of deleted meetings, past occurrences and the
expiry of meeting IDs."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from support.meetings import (
    assert_event_matches_spec,
    create,
    events,
    new_host,
    outbox_mark,
    private_server,
)
from support.server import ServerProcess

LIMIT_MESSAGE = (
    "You have exceeded the daily rate limit (100) of Meeting Create/Update API requests"
    " permitted for this particular user. You may resume these requests at GMT 00:00:00."
)


@pytest.fixture(scope="module")
def own_server() -> Iterator[ServerProcess]:
    srv = private_server()
    # Midday UTC, far from the daily reset, whatever the wall clock says.
    httpx.post(srv.base_url + "/_zoomstack/clock", json={"set": "2030-06-10T12:00:00Z"})
    yield srv
    srv.stop()


@pytest.fixture()
def own_api(own_server: ServerProcess) -> Iterator[httpx.Client]:
    with own_server.api() as client:
        yield client


def _advance(server: ServerProcess, days: float) -> None:
    r = httpx.post(server.base_url + "/_zoomstack/clock", json={"advance_days": days})
    assert r.status_code == 200


def test_daily_create_update_limit_per_host(
    own_server: ServerProcess, own_api: httpx.Client
) -> None:
    host, other = new_host(own_api), new_host(own_api)
    first = create(own_api, host["id"], topic="0")
    for i in range(1, 60):
        create(own_api, host["id"], topic=str(i))
    for i in range(40):  # updates count too
        r = own_api.patch(f"/meetings/{first['id']}", json={"topic": f"update {i}"})
        assert r.status_code == 204, (i, r.text)
    r = own_api.post(f"/users/{host['id']}/meetings", json={"topic": "one too many"})
    assert r.status_code == 429
    assert r.json() == {"code": 429, "message": LIMIT_MESSAGE}
    assert r.headers["retry-after"] == "2030-06-11T00:00:00Z"
    r = own_api.patch(f"/meetings/{first['id']}", json={"topic": "still too many"})
    assert r.status_code == 429
    # Reads, deletes and other hosts are not limited.
    assert own_api.get(f"/meetings/{first['id']}").json()["topic"] == "update 39"
    create(own_api, other["id"])
    # Scheduling for someone else counts against the host, not the scheduler.
    r = own_api.post(f"/users/{host['id']}/assistants", json={"assistants": [{"id": other["id"]}]})
    assert r.status_code == 201
    r = own_api.post(f"/users/{other['id']}/meetings", json={"schedule_for": host["id"]})
    assert r.status_code == 429

    _advance(own_server, 1)  # a new UTC day
    create(own_api, host["id"], topic="next day")
    assert own_api.patch(f"/meetings/{first['id']}", json={"topic": "again"}).status_code == 204


def test_recovery_window(own_server: ServerProcess, own_api: httpx.Client, shared: Path) -> None:
    host = new_host(own_api)
    kept = create(own_api, host["id"], topic="kept")
    lost = create(own_api, host["id"], topic="lost")
    for m in (kept, lost):
        assert own_api.delete(f"/meetings/{m['id']}").status_code == 204
    _advance(own_server, 6)
    r = own_api.put(f"/meetings/{kept['id']}/status", json={"action": "recover"})
    assert r.status_code == 204
    assert own_api.get(f"/meetings/{kept['id']}").json()["topic"] == "kept"
    _advance(own_server, 2)
    mark = outbox_mark(own_server)
    r = own_api.put(f"/meetings/{lost['id']}/status", json={"action": "recover"})
    assert r.status_code == 404
    assert r.json() == {"code": 3001, "message": f"Meeting does not exist: {lost['id']}."}
    (purged,) = events(own_server, mark, "meeting.permanently_deleted", lost["id"])
    assert_event_matches_spec(shared, purged)


def test_previous_occurrences(own_server: ServerProcess, own_api: httpx.Client) -> None:
    host = new_host(own_api)
    m = create(
        own_api, host["id"], type=8, duration=30, recurrence={"type": 1, "end_times": 5},
    )  # fmt: skip
    assert len(m["occurrences"]) == 5
    _advance(own_server, 2)
    upcoming = own_api.get(f"/meetings/{m['id']}").json()
    assert len(upcoming["occurrences"]) == 3
    assert upcoming["start_time"] == upcoming["occurrences"][0]["start_time"]
    everything = own_api.get(
        f"/meetings/{m['id']}", params={"show_previous_occurrences": "true"}
    ).json()
    assert everything["occurrences"] == m["occurrences"]
    previous = own_api.get(f"/users/{host['id']}/meetings", params={"type": "previous_meetings"})
    assert m["id"] in [x["id"] for x in previous.json()["meetings"]]


def test_expired_meetings_leave_the_list(own_server: ServerProcess, own_api: httpx.Client) -> None:
    host = new_host(own_api)
    one_time = create(own_api, host["id"], topic="one-time")
    anytime = create(own_api, host["id"], type=3, topic="anytime")

    def listed() -> set[Any]:
        r = own_api.get(f"/users/{host['id']}/meetings")
        return {x["id"] for x in r.json()["meetings"]}

    assert listed() >= {one_time["id"], anytime["id"]}
    _advance(own_server, 31)
    assert one_time["id"] not in listed() and anytime["id"] in listed()
    # An expired meeting can still be read by its ID.
    assert own_api.get(f"/meetings/{one_time['id']}").status_code == 200
