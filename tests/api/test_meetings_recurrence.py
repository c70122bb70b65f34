"""Recurring meetings over HTTP: occurrence layout (DST, last weekday, end dates), one
occurrence's view, update and delete, and the recurrence validation errors."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest

from support.meetings import (
    SPEC,
    assert_event_matches_spec,
    create,
    events,
    new_host,
    outbox_mark,
)
from support.schema import assert_matches_spec
from support.server import ServerProcess


@pytest.fixture()
def host(api: httpx.Client) -> dict[str, Any]:
    return new_host(api)


def _starts(meeting: dict[str, Any]) -> list[str]:
    return [o["start_time"] for o in meeting["occurrences"]]


def test_weekly_series_across_a_dst_change(
    api: httpx.Client, shared: Path, host: dict[str, Any]
) -> None:
    # 9:00 in New York on Mondays and Wednesdays; DST starts on Sunday 2031-03-09.
    m = create(
        api, host["id"], type=8, start_time="2031-03-03T09:00:00", timezone="America/New_York",
        duration=30, recurrence={"type": 2, "weekly_days": "2,4", "end_times": 4},
    )  # fmt: skip
    # The spec enumerates single weekdays; Zoom answers with the list it was given.
    single_day = {**m, "recurrence": {**m["recurrence"], "weekly_days": "2"}}
    assert_matches_spec(shared, SPEC, "POST", "/users/{userId}/meetings", 201, single_day)
    assert m["recurrence"] == {
        "type": 2,
        "repeat_interval": 1,
        "weekly_days": "2,4",
        "end_times": 4,
    }
    assert _starts(m) == [
        "2031-03-03T14:00:00Z",
        "2031-03-05T14:00:00Z",
        "2031-03-10T13:00:00Z",
        "2031-03-12T13:00:00Z",
    ]
    for occ in m["occurrences"]:
        assert occ["status"] == "available" and occ["duration"] == 30
    # occurrence_id is the start as epoch milliseconds
    assert m["occurrences"][0]["occurrence_id"] == "1930312800000"
    assert m["start_time"] == "2031-03-03T14:00:00Z"


def test_monthly_last_friday(api: httpx.Client, host: dict[str, Any]) -> None:
    m = create(
        api, host["id"], type=8, start_time="2031-01-01T10:00:00Z", timezone="UTC",
        recurrence={"type": 3, "monthly_week": -1, "monthly_week_day": 6, "end_times": 3},
    )  # fmt: skip
    assert _starts(m) == ["2031-01-31T10:00:00Z", "2031-02-28T10:00:00Z", "2031-03-28T10:00:00Z"]
    # The series shows its first occurrence as its start.
    assert m["start_time"] == "2031-01-31T10:00:00Z"


def test_monthly_day_and_interval(api: httpx.Client, host: dict[str, Any]) -> None:
    m = create(
        api, host["id"], type=8, start_time="2031-01-20T10:00:00Z", timezone="UTC",
        recurrence={"type": 3, "monthly_day": 15, "repeat_interval": 2, "end_times": 2},
    )  # fmt: skip
    assert _starts(m) == ["2031-03-15T10:00:00Z", "2031-05-15T10:00:00Z"]


def test_end_date_time(api: httpx.Client, host: dict[str, Any]) -> None:
    m = create(
        api, host["id"], type=8, start_time="2031-05-01T10:00:00Z", timezone="UTC",
        recurrence={"type": 1, "end_date_time": "2031-05-05T00:00:00Z"},
    )  # fmt: skip
    assert len(m["occurrences"]) == 5 and m["occurrences"][-1]["start_time"].startswith(
        "2031-05-05"
    )
    assert m["recurrence"] == {
        "type": 1,
        "repeat_interval": 1,
        "end_date_time": "2031-05-05T00:00:00Z",
    }


@pytest.mark.parametrize(
    ("recurrence", "field"),
    [
        ({"type": 1, "end_times": 2, "end_date_time": "2031-06-01T00:00:00Z"}, "end_date_time"),
        ({"type": 1, "repeat_interval": 100}, "repeat_interval"),
        ({"type": 2, "repeat_interval": 51}, "repeat_interval"),
        ({"type": 3, "repeat_interval": 11}, "repeat_interval"),
        ({"type": 3, "monthly_day": 32}, "monthly_day"),
        ({"type": 3, "monthly_week": 2}, "monthly_week_day"),
        ({"type": 2, "weekly_days": "1,8"}, "weekly_days"),
        ({"type": 1, "end_times": 61}, "end_times"),
        ({"type": 4}, "type"),
        ({"type": 1, "end_date_time": "2031-04-01T00:00:00Z"}, "end_date_time"),
    ],
)
def test_recurrence_errors(
    api: httpx.Client, host: dict[str, Any], recurrence: dict[str, Any], field: str
) -> None:
    r = api.post(
        f"/users/{host['id']}/meetings",
        json={"type": 8, "start_time": "2031-05-01T10:00:00Z", "recurrence": recurrence},
    )
    assert r.status_code == 400, r.text
    body = r.json()
    assert body["code"] == 300
    assert f"recurrence.{field}" in [e["field"] for e in body["errors"]]


def test_type_8_needs_a_recurrence_and_type_3_has_no_timing(
    api: httpx.Client, host: dict[str, Any]
) -> None:
    r = api.post(f"/users/{host['id']}/meetings", json={"type": 8})
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "recurrence"
    m = create(api, host["id"], type=3, recurrence={"type": 1, "end_times": 3})
    assert "occurrences" not in m and "recurrence" not in m and "start_time" not in m


def test_one_occurrence_get_update_delete(
    api: httpx.Client, server: ServerProcess, shared: Path, host: dict[str, Any]
) -> None:
    m = create(
        api, host["id"], type=8, start_time="2031-09-01T08:00:00Z", timezone="UTC", duration=60,
        agenda="Series agenda", recurrence={"type": 1, "end_times": 4},
        settings={"mute_upon_entry": False},
    )  # fmt: skip
    first, second, third, _ = (o["occurrence_id"] for o in m["occurrences"])

    r = api.get(f"/meetings/{m['id']}", params={"occurrence_id": second})
    assert r.status_code == 200
    one = r.json()
    assert_matches_spec(shared, SPEC, "GET", "/meetings/{meetingId}", 200, one)
    assert one["start_time"] == "2031-09-02T08:00:00Z"
    assert [o["occurrence_id"] for o in one["occurrences"]] == [second]
    r = api.get(f"/meetings/{m['id']}", params={"occurrence_id": "1234"})
    assert r.status_code == 400
    assert r.json() == {"code": 300, "message": "Invalid parameter: occurrence_id."}

    mark = outbox_mark(server)
    r = api.patch(
        f"/meetings/{m['id']}",
        params={"occurrence_id": second},
        json={
            "start_time": "2031-09-02T09:30:00Z",
            "duration": 90,
            "agenda": "Moved",
            "topic": "ignored for one occurrence",
            "settings": {"mute_upon_entry": True, "approval_type": 0},
        },
    )
    assert r.status_code == 204, r.text
    one = api.get(f"/meetings/{m['id']}", params={"occurrence_id": second}).json()
    assert (one["start_time"], one["duration"], one["agenda"]) == (
        "2031-09-02T09:30:00Z",
        90,
        "Moved",
    )
    assert one["settings"]["mute_upon_entry"] is True and one["settings"]["approval_type"] == 2
    whole = api.get(f"/meetings/{m['id']}").json()
    assert whole["topic"] == m["topic"] and whole["agenda"] == "Series agenda"
    assert whole["settings"]["mute_upon_entry"] is False
    moved = next(o for o in whole["occurrences"] if o["occurrence_id"] == second)
    assert (moved["start_time"], moved["duration"]) == ("2031-09-02T09:30:00Z", 90)
    (updated,) = events(server, mark, "meeting.updated", m["id"])
    assert_event_matches_spec(shared, updated)
    assert updated["payload"]["scope"] == "single"
    assert updated["payload"]["object"]["occurrences"][0]["occurrence_id"] == second

    r = api.delete(f"/meetings/{m['id']}", params={"occurrence_id": third})
    assert r.status_code == 204
    whole = api.get(f"/meetings/{m['id']}").json()
    statuses = {o["occurrence_id"]: o["status"] for o in whole["occurrences"]}
    assert statuses[third] == "deleted" and statuses[first] == "available"
    (deleted,) = events(server, mark, "meeting.deleted", m["id"])
    assert_event_matches_spec(shared, deleted)
    assert deleted["payload"]["operation"] == "single"
    assert deleted["payload"]["object"]["occurrences"][0]["occurrence_id"] == third
    for bad in (third, "999"):
        r = api.delete(f"/meetings/{m['id']}", params={"occurrence_id": bad})
        assert r.status_code == 400
        assert r.json() == {"code": 300, "message": "Invalid parameter: occurrence_id."}
    # The rest of the series is still there.
    assert api.get(f"/meetings/{m['id']}").status_code == 200


def test_occurrence_id_on_a_one_time_meeting(api: httpx.Client, host: dict[str, Any]) -> None:
    m = create(api, host["id"], start_time="2031-09-01T08:00:00Z")
    r = api.delete(f"/meetings/{m['id']}", params={"occurrence_id": "1946620800000"})
    assert r.status_code == 400 and r.json()["code"] == 300
    r = api.patch(
        f"/meetings/{m['id']}", params={"occurrence_id": "1946620800000"}, json={"duration": 5}
    )
    assert r.status_code == 400 and r.json()["code"] == 300


def test_update_replaces_the_recurrence_whole(
    api: httpx.Client, server: ServerProcess, host: dict[str, Any]
) -> None:
    m = create(
        api, host["id"], type=8, start_time="2031-10-06T12:00:00Z", timezone="UTC",
        recurrence={"type": 2, "weekly_days": "2,6", "end_times": 4},
    )  # fmt: skip
    first = m["occurrences"][0]["occurrence_id"]
    assert api.delete(f"/meetings/{m['id']}", params={"occurrence_id": first}).status_code == 204
    mark = outbox_mark(server)
    r = api.patch(f"/meetings/{m['id']}", json={"recurrence": {"type": 1, "end_times": 2}})
    assert r.status_code == 204
    got = api.get(f"/meetings/{m['id']}").json()
    assert got["recurrence"] == {"type": 1, "repeat_interval": 1, "end_times": 2}
    # Same first start, so its deletion still applies.
    assert [o["status"] for o in got["occurrences"]] == ["deleted", "available"]
    (event,) = events(server, mark, "meeting.updated", m["id"])
    payload = event["payload"]
    assert payload["scope"] == "all"
    assert payload["object"]["recurrence"]["type"] == 1
    assert payload["old_object"]["recurrence"]["weekly_days"] == "2,6"
    assert len(payload["object"]["occurrences"]) == 2

    # A start in the past is ignored for a recurring series.
    r = api.patch(f"/meetings/{m['id']}", json={"start_time": "2001-01-01T00:00:00Z"})
    assert r.status_code == 204
    assert api.get(f"/meetings/{m['id']}").json()["occurrences"] == got["occurrences"]


def test_delete_whole_series(
    api: httpx.Client, server: ServerProcess, host: dict[str, Any]
) -> None:
    m = create(
        api, host["id"], type=8, start_time="2031-11-03T12:00:00Z",
        recurrence={"type": 1, "end_times": 2},
    )  # fmt: skip
    mark = outbox_mark(server)
    assert api.delete(f"/meetings/{m['id']}").status_code == 204
    (event,) = events(server, mark, "meeting.deleted", m["id"])
    assert event["payload"]["operation"] == "all"
    assert api.get(f"/meetings/{m['id']}").status_code == 404
