"""Dashboards of meetings played through the simulator: lists (live, past, one-person),
details, participants with their client facts, QoS series, sharing/recording details and
post-meeting feedback — checked against the scenario and the official schemas."""

from __future__ import annotations

import math
import statistics
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pytest

from support.reports import error, gather, held, window
from support.schema import assert_matches_spec
from support.server import ACCOUNT_ID, ServerProcess
from support.sim import Timeline, create_meeting, new_host, step

SPEC = "accounts.json"
# name: (join, leave) minutes; the host stays from 0 to the end at 40.
PEOPLE = {
    "Ann Wired": (1, 40),
    "Bob Cell": (2, 40),
    "Pete Phone": (3, 30),
    "Room One": (4, 35),
    "Cara Wifi": (6, 38),
}
END = 40


@pytest.fixture(scope="module")
def played(server: ServerProcess, token: str) -> dict[str, Any]:
    with server.api(token) as api, server.control() as control:
        t = Timeline(server)
        got = held(
            api,
            control,
            {
                "start": t.ago(hours=4),
                "recording": "cloud",
                "host": {"device": "Mac", "network_type": "Wired", "audio_quality": "good",
                         "video_quality": "good", "has_video": True},
                "participants": [
                    {"name": "Ann Wired", "join": 1, "device": "Windows", "has_video": True,
                     "network_type": "Wired", "audio_quality": "good", "video_quality": "good",
                     "ip_address": "198.51.100.7", "location": "Lisbon (PT)"},
                    {"name": "Bob Cell", "join": 2, "device": "iOS", "has_video": True,
                     "network_type": "Cellular", "audio_quality": "poor",
                     "video_quality": "bad"},
                    {"name": "Pete Phone", "join": 3, "leave": 30, "device": "Phone",
                     "phone_number": "+15555550123"},
                    {"name": "Room One", "join": 4, "leave": 35, "device": "H.323/SIP"},
                    {"name": "Cara Wifi", "join": 6, "leave": 38, "device": "Android",
                     "network_type": "Wifi",
                     "feedback": {"quality": "NOT GOOD", "comments": "video froze"}},
                ],
                "steps": [
                    {"at": 10, "action": "share", "participant": "Ann Wired",
                     "content": "application", "until": 20},
                    {"at": 39, "action": "feedback", "participant": "Bob Cell",
                     "quality": "GOOD"},
                ],
                "end": END,
            },
        )  # fmt: skip
    return got


def _get(api: httpx.Client, path: str, **params: Any) -> dict[str, Any]:
    r = api.get(path, params=params)
    assert r.status_code == 200, r.text
    return dict(r.json())


def test_past_list_and_detail(api: httpx.Client, played: dict[str, Any], shared: Path) -> None:
    inst = played["instance"]
    params = {**window(inst["start_time"]), "type": "past"}
    body = _get(api, "/metrics/meetings", **params, include_fields="tracking_fields")
    assert_matches_spec(shared, SPEC, "GET", "/metrics/meetings", 200, body)
    rows = gather(api, "/metrics/meetings", "meetings", params, size=50)
    mine = next(m for m in rows if m["uuid"] == inst["uuid"])
    assert mine["participants"] == 6 and mine["duration"] == "40:00"
    assert (mine["has_pstn"], mine["has_sip"], mine["has_recording"]) == (True, True, True)
    assert mine["has_screen_share"] is True and mine["host"] == "Hana Host"
    assert "tracking_fields" not in _get(api, "/metrics/meetings", **params)["meetings"][0]
    detail = _get(api, f"/metrics/meetings/{played['meeting']['id']}", type="past")
    assert_matches_spec(shared, SPEC, "GET", "/metrics/meetings/{meetingId}", 200, detail)
    assert detail["uuid"] == inst["uuid"] and detail["end_time"] == inst["end_time"]
    by_uuid = _get(api, f"/metrics/meetings/{quote(quote(inst['uuid'], safe=''), safe='')}")
    assert by_uuid["uuid"] == inst["uuid"]
    # An end-time query finds it too; a past one-person list does not.
    by_end = gather(api, "/metrics/meetings", "meetings",
                    {**params, "query_date_type": "end_time"}, size=50)  # fmt: skip
    assert inst["uuid"] in [m["uuid"] for m in by_end]
    one = gather(api, "/metrics/meetings", "meetings", {**params, "type": "pastOne"}, size=50)
    assert inst["uuid"] not in [m["uuid"] for m in one]


def test_participants_carry_client_facts(
    api: httpx.Client, played: dict[str, Any], shared: Path
) -> None:
    path = f"/metrics/meetings/{played['meeting']['id']}/participants"
    body = _get(api, path, type="past", page_size=2)
    assert_matches_spec(shared, SPEC, "GET", "/metrics/meetings/{meetingId}/participants", 200,
                        body)  # fmt: skip
    assert body["total_records"] == 6 and body["meeting_number"] == str(played["meeting"]["id"])
    items = {p["user_name"]: p for p in gather(api, path, "participants", {"type": "past"})}
    assert set(items) == {"Hana Host", *PEOPLE}
    ann, bob, pete, room = (items[n] for n in ("Ann Wired", "Bob Cell", "Pete Phone", "Room One"))
    assert (ann["device"], ann["network_type"], ann["ip_address"], ann["location"]) == (
        "Windows", "Wired", "198.51.100.7", "Lisbon (PT)")  # fmt: skip
    assert ann["share_application"] is True and ann["share_desktop"] is False
    assert (bob["audio_quality"], bob["video_quality"]) == ("poor", "bad")
    assert items["Hana Host"]["role"] == "host" and ann["role"] == "attendee"
    assert pete["audio_call"][0]["call_number"] == "+15555550123"
    assert pete["leave_reason"] == "Pete Phone left the meeting."
    assert ann["leave_reason"] == "Host ended the meeting."
    assert room["device"] == "H.323/SIP"
    for name, (join, leave) in PEOPLE.items():
        p = items[name]
        minutes = (int(p["leave_time"][14:16]) - int(p["join_time"][14:16])) % 60
        assert minutes == leave - join
    with_reg = _get(api, path, type="past", include_fields="registrant_id")
    assert all("registrant_id" in p for p in with_reg["participants"])


def test_participant_qos_series(api: httpx.Client, played: dict[str, Any], shared: Path) -> None:
    base = f"/metrics/meetings/{played['meeting']['id']}/participants"
    items = {p["user_name"]: p for p in gather(api, base, "participants", {"type": "past"})}
    series: dict[str, list[dict[str, Any]]] = {}
    for name in ("Ann Wired", "Bob Cell", "Pete Phone", "Room One", "Cara Wifi"):
        path = f"{base}/{items[name]['user_id']}/qos"
        body = _get(api, path, type="past")
        assert_matches_spec(shared, SPEC, "GET",
                            "/metrics/meetings/{meetingId}/participants/{participantId}/qos", 200,
                            body)  # fmt: skip
        join, leave = PEOPLE[name]
        assert len(body["user_qos"]) == math.ceil(leave - join)  # one sample per minute
        assert body["user_qos"][0]["date_time"] == items[name]["join_time"]
        # Deterministic: the same series on every call.
        assert _get(api, path, type="past") == body
        series[name] = body["user_qos"]
        health = body["health"]
        assert health in ("Good", "Warning", "Critical")

    def mean_latency(name: str) -> float:
        return statistics.mean(int(s["audio_input"]["latency"].split()[0]) for s in series[name])

    # A poor cellular connection is worse than a good wired one.
    assert mean_latency("Bob Cell") > 2 * mean_latency("Ann Wired")
    assert all(s["video_input"]["resolution"] == "160*90" for s in series["Bob Cell"])
    # Ann shares from minute 10 to 20: her share stream is up for those ten samples only.
    shared_minutes = [i for i, s in enumerate(series["Ann Wired"]) if s["as_input"]]
    assert shared_minutes == list(range(9, 19))
    assert all(s["as_output"] for s in series["Cara Wifi"][4:14])
    assert all(s["video_input"] == {} and s["cpu_usage"] == {} for s in series["Pete Phone"])
    assert all("audio_device_from_crc" in s for s in series["Room One"])
    assert all(s["wifi_rssi"]["rssi_unit"] == "dBm" for s in series["Cara Wifi"])
    # The participant's UUID names the same person.
    by_uuid = _get(api, f"{base}/{items['Ann Wired']['participant_uuid']}/qos", type="past")
    assert by_uuid["user_qos"] == series["Ann Wired"]
    error(api.get(f"{base}/424242/qos", params={"type": "past"}), 404, 3001)


def test_all_participants_qos(api: httpx.Client, played: dict[str, Any], shared: Path) -> None:
    path = f"/metrics/meetings/{played['meeting']['id']}/participants/qos"
    body = _get(api, path, type="past")
    assert_matches_spec(shared, SPEC, "GET", "/metrics/meetings/{meetingId}/participants/qos",
                        200, body)  # fmt: skip
    assert body["page_size"] == 1 and body["total_records"] == 6 and body["page_count"] == 6
    assert _get(api, path, type="past", page_size=50)["page_size"] == 10
    everyone = gather(api, path, "participants", {"type": "past"}, size=4)
    assert sorted(p["user_name"] for p in everyone) == sorted(["Hana Host", *PEOPLE])
    one = next(p for p in everyone if p["user_name"] == "Cara Wifi")
    single = _get(api, f"/metrics/meetings/{played['meeting']['id']}/participants/"
                  f"{one['user_id']}/qos", type="past")  # fmt: skip
    assert single["user_qos"] == one["user_qos"]


def test_sharing_and_recording_details(
    api: httpx.Client, played: dict[str, Any], shared: Path
) -> None:
    inst = played["instance"]
    body = _get(api, f"/metrics/meetings/{played['meeting']['id']}/participants/sharing",
                type="past")  # fmt: skip
    assert_matches_spec(
        shared, SPEC, "GET", "/metrics/meetings/{meetingId}/participants/sharing", 200, body
    )
    people = {p["user_name"]: p["details"] for p in body["participants"]}
    assert [d["content"] for d in people["Ann Wired"]] == ["application"]
    ann = people["Ann Wired"][0]
    assert (ann["end_time"] > ann["start_time"]) and ann["start_time"] > inst["start_time"]
    assert people["Hana Host"] == [{"content": "cloud_recording", "start_time": inst["start_time"],
                                    "end_time": inst["end_time"]}]  # fmt: skip


def test_post_meeting_feedback(api: httpx.Client, played: dict[str, Any], shared: Path) -> None:
    body = _get(api, f"/metrics/meetings/{played['meeting']['id']}/participants/satisfaction",
                type="past")  # fmt: skip
    assert_matches_spec(
        shared, SPEC, "GET", "/metrics/meetings/{meetingId}/participants/satisfaction", 200, body
    )
    assert sorted((p["quality"], p["comment"]) for p in body["participants"]) == [
        ("GOOD", ""), ("NOT GOOD", "video froze")]  # fmt: skip


def test_live_meeting(api: httpx.Client, control: httpx.Client, shared: Path) -> None:
    host = new_host(api)
    m = create_meeting(api, host["id"])
    step(control, m["id"], "start", device="Mac")
    step(control, m["id"], "join", name="Live Lou", device="Windows", network_type="Wifi")
    try:
        uuid = api.get(f"/meetings/{m['id']}").json()["uuid"]
        live = _get(api, f"/metrics/meetings/{m['id']}")  # type defaults to live
        assert_matches_spec(shared, SPEC, "GET", "/metrics/meetings/{meetingId}", 200, live)
        assert live["uuid"] == uuid and "end_time" not in live and live["participants"] == 2
        day = live["start_time"][:10]
        rows = gather(api, "/metrics/meetings", "meetings", {"from": day, "to": day}, size=50)
        assert uuid in [r["uuid"] for r in rows]
        people = _get(api, f"/metrics/meetings/{m['id']}/participants")["participants"]
        assert all("leave_time" not in p and "registrant_id" not in p for p in people)
        lou = next(p for p in people if p["user_name"] == "Live Lou")
        qos = _get(api, f"/metrics/meetings/{m['id']}/participants/{lou['user_id']}/qos")
        assert len(qos["user_qos"]) >= 1
        # Not ended: the past views of this meeting have nothing yet.
        error(api.get(f"/metrics/meetings/{m['id']}", params={"type": "past"}), 404, 3001,
              "Meeting ID is invalid or the meeting has not ended yet.")  # fmt: skip
    finally:
        step(control, m["id"], "end")
    error(api.get(f"/metrics/meetings/{m['id']}"), 404, 3001)
    assert _get(api, f"/metrics/meetings/{m['id']}", type="past")["uuid"] == uuid


def test_one_person_meetings_are_past_one(
    api: httpx.Client, control: httpx.Client, server: ServerProcess
) -> None:
    got = held(api, control, {"start": Timeline(server).ago(hours=2), "end": 15})
    uuid = got["instance"]["uuid"]
    params = window(got["instance"]["start_time"])
    one = gather(api, "/metrics/meetings", "meetings", {**params, "type": "pastOne"}, size=50)
    many = gather(api, "/metrics/meetings", "meetings", {**params, "type": "past"}, size=50)
    assert uuid in [m["uuid"] for m in one] and uuid not in [m["uuid"] for m in many]


def test_dashboard_errors(api: httpx.Client, control: httpx.Client, server: ServerProcess) -> None:
    host = new_host(api)
    m = create_meeting(api, host["id"])
    never = {
        "": "Meeting ID is invalid or the meeting has not ended yet.",
        "/participants": "Meeting ID is invalid or has not ended.",
        "/participants/qos": "The meeting ID is not valid or the meeting has not ended yet.",
        "/participants/sharing": "This meeting's detail info is not available or ID is not valid.",
        "/participants/satisfaction": "Meeting ID is invalid or not end.",
    }
    for suffix, message in never.items():
        error(api.get(f"/metrics/meetings/{m['id']}{suffix}", params={"type": "past"}), 404,
              3001, message)  # fmt: skip
    old = held(api, control, {"start": Timeline(server).ago(hours=24 * 380), "end": 10})
    error(api.get(f"/metrics/meetings/{old['meeting']['id']}", params={"type": "past"}), 400,
          12702, "Cannot access meetings from over one year ago.")  # fmt: skip
    error(api.get(f"/metrics/meetings/{old['meeting']['id']}/participants",
                  params={"type": "past"}), 400, 12702)  # fmt: skip
    error(api.get("/metrics/meetings", params={"type": "past"}), 400, 300)
    error(api.get("/metrics/meetings", params={"from": "2026-01-01", "to": "2026-01-02",
                                               "type": "later"}), 400, 300)  # fmt: skip
    error(api.get(f"/metrics/meetings/{m['id']}/participants/qos",
                  params={"type": "pastOne"}), 400, 300)  # fmt: skip


def test_master_account_dashboards(api: httpx.Client, played: dict[str, Any]) -> None:
    base = f"/accounts/{ACCOUNT_ID}/metrics/meetings/{played['meeting']['id']}"
    r = api.get(base, params={"type": "past"})
    assert r.status_code == 200, r.text
    assert r.json()["uuid"] == played["instance"]["uuid"]
    qos = api.get(f"{base}/participants/qos", params={"type": "past", "page_size": 10})
    assert qos.status_code == 200 and qos.json()["total_records"] == 6
