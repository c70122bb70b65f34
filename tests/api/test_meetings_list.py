"""GET /users/{userId}/meetings: type filters, dates, paging, the list item shape."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from support.meetings import SPEC, create, in_days, iso, new_host, server_now, set_fields
from support.schema import assert_matches_spec
from support.server import ServerProcess

LIST_FIELDS = {
    "uuid", "id", "host_id", "topic", "type", "start_time", "duration", "timezone", "agenda",
    "created_at", "join_url", "pmi",
}  # fmt: skip


@pytest.fixture()
def host(api: httpx.Client) -> dict[str, Any]:
    return new_host(api)


def _ids(api: httpx.Client, user_id: str, **params: Any) -> list[int]:
    r = api.get(f"/users/{user_id}/meetings", params=params)
    assert r.status_code == 200, r.text
    return [m["id"] for m in r.json()["meetings"]]


def test_list_shapes_and_filters(
    api: httpx.Client, server: ServerProcess, shared: Path, host: dict[str, Any]
) -> None:
    uid = host["id"]
    later = create(api, uid, topic="Later", start_time=in_days(server, 6), agenda="a" * 300)
    sooner = create(api, uid, topic="Sooner", start_time=in_days(server, 2))
    series = create(
        api, uid, type=8, start_time=in_days(server, 4),
        recurrence={"type": 1, "repeat_interval": 2, "end_times": 3},
    )  # fmt: skip
    anytime = create(api, uid, type=3, topic="Anytime")
    instant = create(api, uid, type=1)
    gone = create(api, uid, start_time=in_days(server, 3))
    assert api.delete(f"/meetings/{gone['id']}").status_code == 204
    past = create(api, uid, topic="Yesterday", start_time=in_days(server, 1))
    yesterday = iso(server_now(server) - timedelta(days=1))
    assert api.patch(f"/meetings/{past['id']}", json={"start_time": yesterday}).status_code == 204

    r = api.get(f"/users/{uid}/meetings")
    assert r.status_code == 200
    body = r.json()
    assert_matches_spec(shared, SPEC, "GET", "/users/{userId}/meetings", 200, body)
    assert body["total_records"] == 5 and body["page_size"] == 30 and body["next_page_token"] == ""
    ids = [m["id"] for m in body["meetings"]]
    # Ordered by start; a meeting without a fixed time by its creation.
    assert set(ids) == {later["id"], sooner["id"], series["id"], anytime["id"], past["id"]}
    assert ids.index(past["id"]) < ids.index(sooner["id"]) < ids.index(series["id"])
    assert ids.index(series["id"]) < ids.index(later["id"])
    assert instant["id"] not in ids and gone["id"] not in ids
    for item in body["meetings"]:
        assert set(item) <= LIST_FIELDS
    by_id = {m["id"]: m for m in body["meetings"]}
    assert by_id[later["id"]]["agenda"] == "a" * 250
    assert "start_time" not in by_id[anytime["id"]]
    assert by_id[series["id"]]["start_time"] == series["occurrences"][0]["start_time"]
    assert by_id[sooner["id"]] == {
        k: sooner[k]
        for k in ("uuid", "id", "host_id", "topic", "type", "start_time", "duration", "timezone",
                  "created_at", "join_url")
    }  # fmt: skip

    upcoming = _ids(api, uid, type="upcoming")
    assert set(upcoming) == {later["id"], sooner["id"], series["id"], anytime["id"]}
    assert set(_ids(api, uid, type="upcoming_meetings")) == set(upcoming)
    assert _ids(api, uid, type="previous_meetings") == [past["id"]]
    assert _ids(api, uid, type="live") == []
    set_fields(server, sooner["id"], status="started")
    assert _ids(api, uid, type="live") == [sooner["id"]]

    day = (server_now(server) + timedelta(days=2)).date().isoformat()
    assert _ids(api, uid, **{"from": day, "to": day}) == [sooner["id"]]
    end = (server_now(server) + timedelta(days=6, hours=1)).date().isoformat()
    dated = _ids(api, uid, **{"from": day, "to": end})
    assert set(dated) == {sooner["id"], series["id"], later["id"]}


def test_paging(api: httpx.Client, server: ServerProcess, host: dict[str, Any]) -> None:
    made = [create(api, host["id"], start_time=in_days(server, d))["id"] for d in (1, 2, 3)]
    first = api.get(f"/users/{host['id']}/meetings", params={"page_size": 2}).json()
    assert [m["id"] for m in first["meetings"]] == made[:2]
    assert first["page_count"] == 2 and first["total_records"] == 3
    assert first["next_page_token"]
    second = api.get(
        f"/users/{host['id']}/meetings",
        params={"page_size": 2, "next_page_token": first["next_page_token"]},
    ).json()
    assert [m["id"] for m in second["meetings"]] == made[2:]
    assert second["next_page_token"] == ""


def test_list_errors(api: httpx.Client, host: dict[str, Any]) -> None:
    r = api.get(f"/users/{host['id']}/meetings", params={"type": "someday"})
    assert r.status_code == 400 and r.json()["code"] == 300
    r = api.get(f"/users/{host['id']}/meetings", params={"from": "yesterday"})
    assert r.status_code == 400 and r.json()["code"] == 300
    r = api.get("/users/nobody-at-all@example.com/meetings")
    assert r.status_code == 404 and r.json()["code"] == 1001
    # zoom-python-client asks with a trailing slash
    assert api.get(f"/users/{host['id']}/meetings/").status_code == 200
