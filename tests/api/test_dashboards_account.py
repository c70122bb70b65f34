"""Account-wide dashboards on a server of this module's own, whose whole history is known: CRC
port usage, client satisfaction and feedback, IM, Zoom Rooms and Zoom Phone envelopes — and
QoS series that survive a restart unchanged."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from support.reports import error, gather, play_world
from support.schema import assert_matches_spec
from support.server import ServerProcess, free_port
from support.sim import Timeline

SPEC = "accounts.json"


@pytest.fixture(scope="module")
def world() -> Iterator[dict[str, Any]]:
    srv = ServerProcess.for_current_store().start()
    try:
        with srv.api() as api, srv.control() as control:
            today = Timeline(srv).now.date()
            yield {**play_world(api, control, today), "server": srv, "today": today}
    finally:
        srv.stop()


@pytest.fixture()
def api2(world: dict[str, Any]) -> Iterator[httpx.Client]:
    with world["server"].api() as client:
        yield client


def _span(world: dict[str, Any]) -> dict[str, str]:
    return {"from": str(world["d2"]), "to": str(world["d1"])}


def test_crc_port_usage_by_hour(api2: httpx.Client, world: dict[str, Any], shared: Path) -> None:
    r = api2.get("/metrics/crc", params=_span(world))
    assert r.status_code == 200, r.text
    body = r.json()
    assert_matches_spec(shared, SPEC, "GET", "/metrics/crc", 200, body)
    days = {d["date_time"]: d["crc_ports_hour_usage"] for d in body["crc_ports_usage"]}
    assert list(days) == [str(world["d2"]), str(world["d1"])]
    used = {
        (day, h["hour"]): (h["max_usage"], h["total_usage"])
        for day, hours in days.items()
        for h in hours
        if h["total_usage"]
    }
    # Room One 10:02-10:50 and Room Two 10:10-11:10, both over H.323/SIP.
    assert used == {(str(world["d2"]), "10"): (2, 2), (str(world["d2"]), "11"): (1, 1)}
    # Over a month: shortened to the month before `to`, as Zoom documents.
    long = api2.get("/metrics/crc", params={"from": "2020-01-01", "to": str(world["d1"])})
    assert long.status_code == 200 and len(long.json()["crc_ports_usage"]) in range(29, 33)


def test_client_satisfaction_per_day(
    api2: httpx.Client, world: dict[str, Any], shared: Path
) -> None:
    r = api2.get("/metrics/client/satisfaction", params=_span(world))
    assert r.status_code == 200, r.text
    body = r.json()
    assert_matches_spec(shared, SPEC, "GET", "/metrics/client/satisfaction", 200, body)
    rows = {d["date"]: d for d in body["client_satisfaction"]}
    two, one = rows[str(world["d2"])], rows[str(world["d1"])]
    # Meeting A: Ann up, Pete down, three said nothing; B: Cara down, host silent; C: silent.
    assert (two["good_count"], two["not_good_count"], two["none_count"]) == (1, 1, 3)
    assert two["satisfaction_percent"] == 50.0
    assert (one["good_count"], one["not_good_count"], one["none_count"]) == (0, 1, 2)
    assert one["satisfaction_percent"] == 0.0
    assert body["total_records"] == 2


def test_client_feedback(api2: httpx.Client, world: dict[str, Any], shared: Path) -> None:
    r = api2.get("/metrics/client/feedback", params=_span(world))
    assert r.status_code == 200, r.text
    body = r.json()
    assert_matches_spec(shared, SPEC, "GET", "/metrics/client/feedback", 200, body)
    counts = {f["feedback_name"]: f["participants_count"] for f in body["client_feedbacks"]}
    assert counts["Audio issues"] == 1 and counts["Screen sharing issues"] == 1
    assert sum(counts.values()) == 2
    audio = next(f for f in body["client_feedbacks"] if f["feedback_name"] == "Audio issues")
    detail = api2.get(f"/metrics/client/feedback/{audio['feedback_id']}", params=_span(world))
    assert detail.status_code == 200, detail.text
    assert_matches_spec(shared, SPEC, "GET", "/metrics/client/feedback/{feedbackId}", 200,
                        detail.json())  # fmt: skip
    rows = detail.json()["client_feedback_details"]
    assert [(x["participant_name"], x["meeting_id"]) for x in rows] == [
        ("Pete Phone", str(world["a"]["meeting"]["id"]))
    ]
    unknown = api2.get("/metrics/client/feedback/999", params=_span(world)).json()
    assert unknown["client_feedback_details"] == []


def test_im_lists_every_user_with_zero_counts(
    api2: httpx.Client, world: dict[str, Any], shared: Path
) -> None:
    r = api2.get("/metrics/im", params=_span(world))
    assert r.status_code == 200, r.text
    assert_matches_spec(shared, "legacy/zoom-api-v2-2018.json", "GET", "/metrics/im", 200,
                        r.json())  # fmt: skip
    users = gather(api2, "/metrics/im", "users", _span(world), size=1)
    assert len(users) == 3
    assert {u["email"] for u in users} >= {world["host1"]["email"], world["host2"]["email"]}
    assert all(u["total_send"] == 0 and u["emoji_receive"] == 0 for u in users)
    error(api2.get("/metrics/im"), 400, 300)


def test_zoom_rooms_without_rooms(api2: httpx.Client, world: dict[str, Any], shared: Path) -> None:
    span = _span(world)
    rooms = api2.get("/metrics/zoomrooms")
    assert rooms.status_code == 200, rooms.text
    assert_matches_spec(shared, SPEC, "GET", "/metrics/zoomrooms", 200, rooms.json())
    assert rooms.json()["zoom_rooms"] == [] and rooms.json()["total_records"] == 0
    issues = api2.get("/metrics/zoomrooms/issues", params=span).json()
    assert_matches_spec(shared, SPEC, "GET", "/metrics/zoomrooms/issues", 200, issues)
    assert issues["issues"] == []
    top = api2.get("/metrics/issues/zoomrooms", params=span).json()
    assert_matches_spec(shared, SPEC, "GET", "/metrics/issues/zoomrooms", 200, top)
    assert top["zoom_rooms"] == []
    for path in ("/metrics/zoomrooms/NoSuchRoom", "/metrics/issues/zoomrooms/NoSuchRoom"):
        error(api2.get(path, params=span), 404, 1012, "Room not found: NoSuchRoom.")


def test_phone_call_logs(api2: httpx.Client, shared: Path) -> None:
    r = api2.get("/phone/metrics/call_logs")
    assert r.status_code == 200, r.text
    assert_matches_spec(shared, "phone.json", "GET", "/phone/metrics/call_logs", 200, r.json())
    assert r.json()["call_logs"] == [] and r.json()["total_records"] == 0
    for path in ("/phone/metrics/call_logs/abc123", "/phone/metrics/call_logs/abc123/qos"):
        error(api2.get(path), 404, 404,
              "Call log information was not found for the following callLogId: abc123.")  # fmt: skip


def test_qos_survives_a_restart(world: dict[str, Any]) -> None:
    """The series is computed, not stored: a new process gives the very same numbers."""
    srv: ServerProcess = world["server"]
    number = world["a"]["meeting"]["id"]
    path = f"/metrics/meetings/{number}/participants/qos"
    with srv.api() as api:
        before = gather(api, path, "participants", {"type": "past"}, size=10)
    srv.stop()
    srv.port = free_port()
    srv.start()
    with srv.api() as api:
        after = gather(api, path, "participants", {"type": "past"}, size=10)
    assert after == before and sum(len(p["user_qos"]) for p in after) == 75 + 39 + 30 + 48 + 60
