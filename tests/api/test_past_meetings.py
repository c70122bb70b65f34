"""Past meetings: every operation's answer against the official schema, paging, the UUID rules
and Zoom's errors (not ended, unknown, one-person meetings)."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pytest

from support.schema import assert_matches_spec
from support.server import ServerProcess
from support.sim import Timeline, create_meeting, new_host, play, step

SPEC = "meetings.json"
POLL = {
    "title": "Mood",
    "anonymous": False,
    "questions": [
        {"name": "Mood?", "type": "single", "answers": ["Good", "Bad"]},
        {"name": "Topics?", "type": "multiple", "answers": ["A", "B", "C"]},
    ],
}


@pytest.fixture(scope="module")
def held(server: ServerProcess, token: str) -> dict[str, Any]:
    """One meeting held two hours ago: host, a colleague, 6 guests, a poll, Q&A, an early
    leaver; then a second, later instance."""
    with server.api(token) as api, server.control() as control:
        host = new_host(api)
        colleague = new_host(api)
        m = create_meeting(api, host["id"], type=3)
        t = Timeline(server)
        play(
            control,
            {
                "meeting_id": m["id"],
                "start": t.ago(hours=5),
                "participants": [
                    {"user_id": colleague["id"], "join": "2m", "leave": "50m"},
                    {"name": "Quiet Quinn", "email": "quinn@example.net", "join": "3m"},
                ],
                "crowd": {"count": 6, "over_minutes": 4, "leave_early": 1, "leave_at": 10},
                "steps": [
                    {"at": 15, "action": "poll", "poll": POLL},
                    {"at": 20, "action": "ask", "participant": "Quiet Quinn", "question": "Q1?"},
                    {"at": 21, "action": "ask", "participant": "Quiet Quinn", "question": "Q2?"},
                    {"at": 25, "action": "answer", "question": "Q1?", "answer": "Yes."},
                    {"at": 26, "action": "answer", "question": "Q2?", "live": True},
                ],
                "end": 60,
            },
        )
        first = api.get(f"/past_meetings/{m['id']}").json()
        play(control, {"meeting_id": m["id"], "start": t.ago(hours=2), "end": 30,
                       "crowd": {"count": 2}})  # fmt: skip
        latest = api.get(f"/past_meetings/{m['id']}").json()
    return {"meeting": m, "host": host, "colleague": colleague, "first": first, "latest": latest}


def _enc(uuid: str) -> str:
    return quote(quote(uuid, safe=""), safe="")


def test_details(api: httpx.Client, held: dict[str, Any], shared: Path) -> None:
    m, first, latest = held["meeting"], held["first"], held["latest"]
    assert latest["uuid"] != first["uuid"]
    assert latest["duration"] == 30 and latest["participants_count"] == 3
    got = api.get(f"/past_meetings/{_enc(first['uuid'])}").json()
    assert got == first
    assert_matches_spec(shared, SPEC, "GET", "/past_meetings/{meetingId}", 200, got)
    assert got["id"] == m["id"] and got["type"] == 3
    assert got["host_id"] == held["host"]["id"]
    assert got["user_email"] == held["host"]["email"] and got["user_name"] == "Hana Host"
    assert got["duration"] == 60 and got["participants_count"] == 9
    assert got["source"] == "Zoom"
    # Single-encoded UUIDs work too when they hold no slash.
    if "/" not in first["uuid"]:
        assert api.get(f"/past_meetings/{quote(first['uuid'], safe='')}").status_code == 200


def test_instances(api: httpx.Client, held: dict[str, Any], shared: Path) -> None:
    m = held["meeting"]
    got = api.get(f"/past_meetings/{m['id']}/instances").json()
    assert_matches_spec(shared, SPEC, "GET", "/past_meetings/{meetingId}/instances", 200, got)
    assert [i["uuid"] for i in got["meetings"]] == [held["first"]["uuid"], held["latest"]["uuid"]]
    day = held["latest"]["start_time"][:10]
    narrowed = api.get(
        f"/past_meetings/{m['id']}/instances", params={"from": day, "to": day}
    ).json()
    assert held["latest"]["uuid"] in [i["uuid"] for i in narrowed["meetings"]]
    none = api.get(
        f"/past_meetings/{m['id']}/instances", params={"from": "2001-01-01", "to": "2001-01-02"}
    )
    assert none.json() == {"meetings": []}
    bad = api.get(f"/past_meetings/{m['id']}/instances", params={"from": "yesterday"})
    assert bad.status_code == 400 and bad.json()["code"] == 300


def test_participants_paging_and_fields(
    api: httpx.Client, held: dict[str, Any], shared: Path
) -> None:
    ref = _enc(held["first"]["uuid"])
    r = api.get(f"/past_meetings/{ref}/participants", params={"page_size": 4})
    body = r.json()
    assert_matches_spec(shared, SPEC, "GET", "/past_meetings/{meetingId}/participants", 200, body)
    assert body["page_size"] == 4 and body["total_records"] == 9 and body["page_count"] == 3
    assert "page_number" not in body
    seen = list(body["participants"])
    while body["next_page_token"]:
        body = api.get(
            f"/past_meetings/{ref}/participants",
            params={"page_size": 4, "next_page_token": body["next_page_token"]},
        ).json()
        seen += body["participants"]
    assert len(seen) == 9
    by_name = {p["name"]: p for p in seen}
    colleague = held["colleague"]
    mate = by_name[f"{colleague['first_name']} {colleague['last_name']}"]
    assert mate["id"] == colleague["id"] and mate["internal_user"] is True
    assert mate["user_email"] == colleague["email"] and mate["duration"] == 48 * 60
    quinn = by_name["Quiet Quinn"]
    assert quinn["id"] == "" and quinn["user_email"] == "" and quinn["internal_user"] is False
    assert all(p["status"] == "in_meeting" and p["failover"] is False for p in seen)
    joins = [p["join_time"] for p in seen]
    assert joins == sorted(joins)
    wrong = api.get(
        f"/past_meetings/{held['meeting']['id']}/participants",
        params={"next_page_token": "bogus"},
    )
    assert wrong.status_code == 400 and wrong.json()["code"] == 300


def test_polls(api: httpx.Client, held: dict[str, Any], shared: Path) -> None:
    got = api.get(f"/past_meetings/{_enc(held['first']['uuid'])}/polls").json()
    assert_matches_spec(shared, SPEC, "GET", "/past_meetings/{meetingId}/polls", 200, got)
    assert got["uuid"] == held["first"]["uuid"] and got["id"] == held["meeting"]["id"]
    # The colleague, Quinn and the 5 guests still in at T+15 answer; the host does not.
    assert len(got["questions"]) == 7
    for person in got["questions"]:
        details = person["question_details"]
        assert [d["question"] for d in details] == ["Mood?", "Topics?"]
        assert details[0]["answer"] in ("Good", "Bad")
        assert set(details[1]["answer"].split(";")) <= {"A", "B", "C"}
        assert len({d["polling_id"] for d in details}) == 1
    latest = api.get(f"/past_meetings/{held['meeting']['id']}/polls").json()
    assert latest["questions"] == [] and latest["uuid"] == held["latest"]["uuid"]


def test_qa(api: httpx.Client, held: dict[str, Any], shared: Path) -> None:
    got = api.get(f"/past_meetings/{_enc(held['first']['uuid'])}/qa").json()
    assert_matches_spec(shared, SPEC, "GET", "/past_meetings/{meetingId}/qa", 200, got)
    assert got["questions"] == [
        {
            "name": "Quiet Quinn",
            "email": "",
            "question_details": [
                {"question": "Q1?", "answer": "Yes."},
                {"question": "Q2?", "answer": "live answered"},
            ],
        }
    ]


@pytest.mark.parametrize("suffix", ["", "/participants", "/polls", "/qa"])
def test_not_ended_and_unknown(api: httpx.Client, control: httpx.Client, suffix: str) -> None:
    host = new_host(api)
    m = create_meeting(api, host["id"])
    r = api.get(f"/past_meetings/{m['id']}{suffix}")
    assert r.status_code == 404 and r.json() == {
        "code": 3001,
        "message": "Meeting ID is invalid or not end.",
    }
    step(control, m["id"], "start")
    live_uuid = api.get(f"/meetings/{m['id']}").json()["uuid"]
    r = api.get(f"/past_meetings/{_enc(live_uuid)}{suffix}")
    assert r.status_code == 404 and r.json()["message"] == "Meeting ID is invalid or not end."
    step(control, m["id"], "end")
    assert api.get(f"/past_meetings/{_enc(live_uuid)}{suffix}").status_code == 200
    r = api.get(f"/past_meetings/98765432101{suffix}")
    assert r.status_code == 404 and r.json() == {
        "code": 3001,
        "message": "Meeting does not exist: 98765432101.",
    }


def test_instances_of_a_meeting_never_held(api: httpx.Client) -> None:
    host = new_host(api)
    m = create_meeting(api, host["id"])
    assert api.get(f"/past_meetings/{m['id']}/instances").json() == {"meetings": []}


def test_one_person_meetings_list_no_participants(
    api: httpx.Client, control: httpx.Client, server: ServerProcess
) -> None:
    host = new_host(api)
    m = create_meeting(api, host["id"])
    t = Timeline(server)
    play(control, {"meeting_id": m["id"], "start": t.ago(hours=1), "end": 10})
    body = api.get(f"/past_meetings/{m['id']}/participants").json()
    assert body["total_records"] == 0 and body["participants"] == []
    assert api.get(f"/past_meetings/{m['id']}").json()["participants_count"] == 1


def test_other_accounts_instances_are_invisible(api: httpx.Client, held: dict[str, Any]) -> None:
    # The same UUID through a master-account path for an account that does not exist.
    r = api.get(f"/accounts/nosuchaccount/past_meetings/{_enc(held['first']['uuid'])}")
    assert r.status_code in (400, 404)
