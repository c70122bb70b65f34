"""Account-wide reports on a server of this module's own, whose whole history is known: daily
usage, active/inactive hosts, telephone, cloud recording usage, operation logs and sign-in
activity must equal what the scenarios and requests did."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest

from support.reports import gather, play_world
from support.schema import assert_matches_spec
from support.server import ServerProcess
from support.sim import Timeline
from zoomstack.areas.reports.recording_usage import size_text

SPEC = "meetings.json"


@pytest.fixture(scope="module")
def world() -> Iterator[dict[str, Any]]:
    srv = ServerProcess.for_current_store().start()
    try:
        with srv.api() as api, srv.control() as control:
            today = Timeline(srv).now.date()
            owner = api.get("/users/me").json()
            got = play_world(api, control, today)
            # Admin operations for the operation log.
            r = api.patch(f"/users/{got['host1']['id']}", json={"dept": "Sales"})
            assert r.status_code == 204, r.text
            r = api.patch(
                f"/users/{got['host2']['id']}/settings",
                json={"in_meeting": {"chat": False}},
            )
            assert r.status_code == 204, r.text
            yield {**got, "server": srv, "today": today, "owner": owner}
    finally:
        srv.stop()


@pytest.fixture()
def api2(world: dict[str, Any]) -> Iterator[httpx.Client]:
    with world["server"].api() as client:
        yield client


def _span(world: dict[str, Any], last: date | None = None) -> dict[str, str]:
    return {"from": str(world["d2"]), "to": str(last or world["d1"])}


def test_daily_usage_adds_up(api2: httpx.Client, world: dict[str, Any], shared: Path) -> None:
    rows: dict[str, dict[str, Any]] = {}
    for d in (world["d2"], world["d1"], world["today"]):
        r = api2.get("/report/daily", params={"year": d.year, "month": d.month})
        assert r.status_code == 200, r.text
        assert_matches_spec(shared, SPEC, "GET", "/report/daily", 200, r.json())
        rows.update({row["date"]: row for row in r.json()["dates"]})
    two, one, now = rows[str(world["d2"])], rows[str(world["d1"])], rows[str(world["today"])]
    assert (two["meetings"], two["participants"], two["meeting_minutes"]) == (1, 5, 252)
    assert (one["meetings"], one["participants"], one["meeting_minutes"]) == (2, 3, 74)
    assert now["new_users"] == 3  # the owner (made at first start) and the two hosts
    assert sum(r["meetings"] for r in rows.values()) == 3
    assert sum(r["meeting_minutes"] for r in rows.values()) == 326


def test_active_and_inactive_hosts_add_up(api2: httpx.Client, world: dict[str, Any]) -> None:
    r = api2.get("/report/users", params={**_span(world), "type": "active"})
    assert r.status_code == 200, r.text
    body = r.json()
    rows = {u["id"]: u for u in body["users"]}
    h1, h2 = rows[world["host1"]["id"]], rows[world["host2"]["id"]]
    assert (h1["meetings"], h1["participants"], h1["meeting_minutes"]) == (2, 6, 272)
    assert (h2["meetings"], h2["participants"], h2["meeting_minutes"]) == (1, 2, 54)
    assert h1["dept"] == "Sales"
    assert body["total_records"] == 2
    assert (body["total_meetings"], body["total_participants"]) == (3, 8)
    assert body["total_meeting_minutes"] == 326
    inactive = api2.get("/report/users", params={**_span(world), "type": "inactive"}).json()
    assert [u["email"] for u in inactive["users"]] == [world["owner"]["email"]]
    assert inactive["total_meetings"] == 0
    # A window holding only yesterday: host1's one-person meeting and host2's.
    only = api2.get(
        "/report/users", params={"from": str(world["d1"]), "to": str(world["d1"])}
    ).json()
    assert only["total_meetings"] == 2 and only["total_meeting_minutes"] == 74


def test_telephone_calls(api2: httpx.Client, world: dict[str, Any]) -> None:
    calls = []
    for kind in ("1", "2", "3"):
        body = api2.get("/report/telephone", params={**_span(world), "type": kind}).json()
        calls += body["telephony_usage"]
        assert body["total_records"] == len(body["telephony_usage"])
    assert [(c["meeting_id"], c["duration"]) for c in calls] == [(world["a"]["meeting"]["id"], 30)]
    end_day = api2.get(
        "/report/telephone",
        params={"from": str(world["d1"]), "to": str(world["d1"]), "type": "1"},
    ).json()
    assert end_day["telephony_usage"] == []


def test_cloud_recording_usage(api2: httpx.Client, world: dict[str, Any], shared: Path) -> None:
    r = api2.get("/report/cloud_recording", params=_span(world, world["today"]))
    assert r.status_code == 200, r.text
    body = r.json()
    assert_matches_spec(shared, SPEC, "GET", "/report/cloud_recording", 200, body)
    # Complete days only: today is not reported yet.
    days = [row["date"] for row in body["cloud_recording_storage"]]
    assert days == [str(world["d2"]), str(world["d1"])]
    first, second = body["cloud_recording_storage"]
    assert first["usage"] == "0 MB"
    assert first["plan_usage"] == second["plan_usage"] == "15 GB"  # 3 licensed users x 5 GB
    listed = api2.get(f"/users/{world['host2']['id']}/recordings", params=_span(world))
    if listed.status_code == 501:
        pytest.skip("the cloud recordings area is not there yet: usage cannot be checked")
    assert listed.status_code == 200, listed.text
    size = sum(int(m["total_size"]) for m in listed.json()["meetings"])
    assert size > 0
    assert second["usage"] == size_text(size)


def test_operation_logs(api2: httpx.Client, world: dict[str, Any], shared: Path) -> None:
    span = {"from": str(world["today"]), "to": str(world["today"])}
    r = api2.get("/report/operationlogs", params=span)
    assert r.status_code == 200, r.text
    assert_matches_spec(shared, SPEC, "GET", "/report/operationlogs", 200, r.json())
    logs = gather(api2, "/report/operationlogs", "operation_logs", span)
    owner = world["owner"]["email"]
    assert all(e["operator"] == owner for e in logs)
    adds = [e for e in logs if (e["category_type"], e["action"]) == ("User", "Add")]
    assert {e["operation_detail"] for e in adds} == {
        f"Add User {world['host1']['email']} - User Type: Licensed",
        f"Add User {world['host2']['email']} - User Type: Licensed",
    }
    updated = [e for e in logs if (e["category_type"], e["action"]) == ("User", "Update")]
    assert [e["operation_detail"] for e in updated] == [
        f"Update User {world['host1']['email']} - dept: set to Sales"
    ]
    times = [e["time"] for e in logs]
    assert times == sorted(times, reverse=True)
    settings = gather(
        api2, "/report/operationlogs", "operation_logs",
        {**span, "category_type": "user_settings"},
    )  # fmt: skip
    assert [e["operation_detail"] for e in settings] == [
        f"Update User Settings {world['host2']['email']} - in_meeting.chat: set to false"
    ]
    assert (
        gather(
            api2, "/report/operationlogs", "operation_logs", {**span, "category_type": "billing"}
        )
        == []
    )
    with_time = api2.get(
        "/report/operationlogs",
        params={"from": f"{world['today']} 00:00", "to": f"{world['today']} 23:59"},
    )
    assert with_time.status_code == 200 and len(with_time.json()["operation_logs"]) == len(logs)


def test_phone_operation_logs(api2: httpx.Client, shared: Path) -> None:
    r = api2.get("/phone/reports/operationlogs")
    assert r.status_code == 200, r.text
    body = r.json()
    assert_matches_spec(shared, "phone.json", "GET", "/phone/reports/operationlogs", 200, body)
    assert body["operation_logs"] == [] and body["total_records"] == 0


def test_sign_in_and_out_activity(api2: httpx.Client, world: dict[str, Any], shared: Path) -> None:
    span = {"from": str(world["d2"]), "to": str(world["today"])}
    r = api2.get("/report/activities", params=span)
    assert r.status_code == 200, r.text
    assert_matches_spec(shared, SPEC, "GET", "/report/activities", 200, r.json())
    logs = gather(api2, "/report/activities", "activity_logs", span)
    h1, h2 = world["host1"]["email"], world["host2"]["email"]
    # Each host session is a client session: signed in at its join, out at its leave.
    assert [(e["email"], e["type"], e["time"][11:16]) for e in logs if e["email"] != world[
        "owner"]["email"]] == [
        (h1, "Sign out", "15:20"), (h1, "Sign in", "15:00"),
        (h2, "Sign out", "09:30"), (h2, "Sign in", "09:00"),
        (h1, "Sign out", "11:15"), (h1, "Sign in", "10:00"),
    ]  # fmt: skip
    clients = {e["client_type"] for e in logs if e["email"] != world["owner"]["email"]}
    assert clients == {"Mac", "Windows", "iOS"}
    # The owner's last sign-in (their last_login_time).
    assert [e["type"] for e in logs if e["email"] == world["owner"]["email"]] == ["Sign in"]
