"""Webinars on the simulator and the past-webinar APIs: panelists and registered attendees join
by their links, Q&A and polls, webinar.* events in Zoom's shapes, then instances, participants,
absentees, poll results and Q&A against the official schemas."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pytest

from support.schema import assert_matches_spec
from support.server import ServerProcess
from support.sim import Timeline, events_of, names, outbox_mark, play, state, step
from support.webinars import create, licensed_host, staffed_webinar

SPEC = "meetings.json"


@pytest.fixture(scope="module")
def webinar(server: ServerProcess, token: str) -> dict[str, Any]:
    with server.api(token) as api, server.control() as control:
        host, w, panelist, regs = staffed_webinar(api, server, ("Ada", "Bea", "Cy", "Dee"))
        mark = outbox_mark(server)
        t = Timeline(server)
        result = play(
            control,
            {
                "webinar_id": w["id"],
                "start": t.ago(hours=4),
                "participants": [
                    {"join_url": panelist["join_url"], "join": "1m"},
                    *[
                        {"join_url": reg["join_url"], "join": f"{2 + i}m", "leave": "40m"}
                        for i, reg in enumerate(regs[:3])
                    ],
                ],
                "steps": [
                    {"at": 10, "action": "ask", "participant": "Ada Attendee",
                     "question": "Slides?", "anonymous": False},
                    {"at": 11, "action": "ask", "participant": "Bea Attendee",
                     "question": "Recording?", "anonymous": True},
                    {"at": 12, "action": "answer", "question": "Slides?",
                     "by": "Pat Panel", "answer": "After the webinar."},
                    {"at": 15, "action": "poll", "poll": {"title": "Level", "questions": [
                        {"name": "Level?", "type": "single", "answers": ["New", "Expert"]}]}},
                    {"at": 16, "action": "chat", "from": "Pat Panel", "message": "Welcome"},
                ],
                "end": 45,
            },
        )  # fmt: skip
    return {"webinar": w, "host": host, "panelist": panelist, "regs": regs, "mark": mark,
            "result": result, "t": t}  # fmt: skip


def test_webinar_events(server: ServerProcess, webinar: dict[str, Any], shared: Path) -> None:
    w = webinar["webinar"]
    evs = events_of(server, w["id"], webinar["mark"], shared)
    got = names(evs)
    assert got[0] == "webinar.started" and got[-1] == "webinar.ended"
    assert got.count("webinar.participant_joined") == 5
    assert got.count("webinar.participant_left") == 5
    assert "webinar.chat_message_sent" in got
    assert not [n for n in got if n.startswith("meeting.")]
    chat = next(e for e in evs if e["event"] == "webinar.chat_message_sent")
    message = chat["payload"]["object"]["chat_message"]
    assert message["sender_type"] == "panelist" and message["sender_context"] == "webinar"


def test_roles_and_live_state(
    api: httpx.Client, control: httpx.Client, webinar: dict[str, Any]
) -> None:
    w = webinar["webinar"]
    st = state(control, w["id"], kind="webinars")
    assert st["status"] == "waiting" and len(st["instances"]) == 1
    assert api.get(f"/webinars/{w['id']}").status_code == 200


def test_instances(api: httpx.Client, webinar: dict[str, Any], shared: Path) -> None:
    w = webinar["webinar"]
    got = api.get(f"/past_webinars/{w['id']}/instances").json()
    assert_matches_spec(shared, SPEC, "GET", "/past_webinars/{webinarId}/instances", 200, got)
    assert [i["uuid"] for i in got["webinars"]] == [
        i["uuid"] for i in webinar["result"]["instances"]
    ]
    assert got["webinars"][0]["start_time"] == webinar["t"].ago(hours=4)


def test_participants(api: httpx.Client, webinar: dict[str, Any], shared: Path) -> None:
    w = webinar["webinar"]
    body = api.get(f"/past_webinars/{w['id']}/participants").json()
    assert_matches_spec(shared, SPEC, "GET", "/past_webinars/{webinarId}/participants", 200, body)
    assert body["total_records"] == 5
    by_name = {p["name"]: p for p in body["participants"]}
    assert set(by_name) == {"Wendy Webinar", "Pat Panel", "Ada Attendee", "Bea Attendee",
                            "Cy Attendee"}  # fmt: skip
    ada = by_name["Ada Attendee"]
    assert ada["registrant_id"] == webinar["regs"][0]["registrant_id"]
    assert ada["user_email"] == "ada@example.org"
    assert ada["duration"] == 38 * 60
    uuid = webinar["result"]["instances"][0]["uuid"]
    by_uuid = api.get(f"/past_webinars/{quote(quote(uuid, safe=''), safe='')}/participants")
    assert by_uuid.json()["total_records"] == 5


def test_absentees(api: httpx.Client, webinar: dict[str, Any], shared: Path) -> None:
    w = webinar["webinar"]
    body = api.get(f"/past_webinars/{w['id']}/absentees").json()
    assert_matches_spec(shared, SPEC, "GET", "/past_webinars/{webinarId}/absentees", 200, body)
    assert [r["email"] for r in body["registrants"]] == ["dee@example.org"]
    assert body["total_records"] == 1
    bad = api.get(f"/past_webinars/{w['id']}/absentees", params={"occurrence_id": "123"})
    assert bad.status_code == 400 and bad.json()["code"] == 300


def test_absentees_need_registration(
    api: httpx.Client, control: httpx.Client, server: ServerProcess
) -> None:
    host = licensed_host(api)
    w = create(api, server, host["id"])
    play(control, {"webinar_id": w["id"], "start": Timeline(server).ago(hours=1), "end": 5})
    r = api.get(f"/past_webinars/{w['id']}/absentees")
    assert r.status_code == 400 and r.json()["code"] == 3000
    assert "registration required" in r.json()["message"]


def test_polls(api: httpx.Client, webinar: dict[str, Any], shared: Path) -> None:
    w = webinar["webinar"]
    got = api.get(f"/past_webinars/{w['id']}/polls").json()
    assert_matches_spec(shared, SPEC, "GET", "/past_webinars/{webinarId}/polls", 200, got)
    # Attendees answer; host and panelists do not.
    assert sorted(q["name"] for q in got["questions"]) == [
        "Ada Attendee",
        "Bea Attendee",
        "Cy Attendee",
    ]


def test_qa(api: httpx.Client, webinar: dict[str, Any], shared: Path) -> None:
    w = webinar["webinar"]
    got = api.get(f"/past_webinars/{w['id']}/qa").json()
    assert_matches_spec(shared, SPEC, "GET", "/past_webinars/{webinarId}/qa", 200, got)
    assert got["questions"] == [
        {
            "name": "Ada Attendee",
            "email": "ada@example.org",
            "question_details": [{"question": "Slides?", "answer": "After the webinar."}],
        },
        {
            "name": "Anonymous Attendee",
            "email": "",
            "question_details": [{"question": "Recording?", "answer": ""}],
        },
    ]


def test_attendees_wait_for_the_host_and_end_by_api(
    api: httpx.Client, control: httpx.Client, server: ServerProcess, shared: Path
) -> None:
    host = licensed_host(api)
    w = create(api, server, host["id"])
    mark = outbox_mark(server)
    early = step(control, w["id"], "join", kind="webinars", name="Early Eve")
    assert early["status"] == "waiting_for_host"
    step(control, w["id"], "start", kind="webinars")
    st = state(control, w["id"], kind="webinars")
    assert sorted(p["name"] for p in st["participants"]) == ["Early Eve", "Wendy Webinar"]
    assert [p["role"] for p in st["participants"] if p["name"] == "Early Eve"] == ["attendee"]
    r = api.put(f"/webinars/{w['id']}/status", json={"action": "end"})
    assert r.status_code == 204, r.text
    assert names(events_of(server, w["id"], mark, shared)) == [
        "webinar.started",
        "webinar.participant_joined",
        "webinar.participant_joined",
        "webinar.participant_left",
        "webinar.participant_left",
        "webinar.ended",
    ]
    r = api.get(f"/past_webinars/{w['id']}/participants")
    assert r.status_code == 200 and r.json()["total_records"] == 2


@pytest.mark.parametrize("suffix", ["/participants", "/polls", "/qa", "/absentees"])
def test_not_ended(api: httpx.Client, server: ServerProcess, suffix: str) -> None:
    host = licensed_host(api)
    w = create(api, server, host["id"])
    r = api.get(f"/past_webinars/{w['id']}{suffix}")
    assert r.status_code == 404 and r.json() == {
        "code": 3001,
        "message": "Webinar ID is invalid or not end.",
    }
    assert api.get(f"/past_webinars/{w['id']}/instances").json() == {"webinars": []}
    r = api.get(f"/past_webinars/98765432109{suffix}")
    assert r.status_code == 404 and r.json()["code"] == 3001
