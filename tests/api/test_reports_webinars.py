"""Webinar reports from a webinar played through the simulator: details, participants (with
registrant IDs), polls and Q&A, on the plain and the master-account paths."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest

from support.reports import create_webinar, error, gather, licensed_host
from support.schema import assert_matches_spec
from support.server import ACCOUNT_ID, ServerProcess
from support.sim import Timeline, play
from support.webinars import staffed_webinar

SPEC = "meetings.json"
ATTENDEES = ("Ada", "Bea", "Cy")


@pytest.fixture(scope="module")
def webinar(server: ServerProcess, token: str) -> dict[str, Any]:
    with server.api(token) as api, server.control() as control:
        host, w, panelist, regs = staffed_webinar(api, server, ATTENDEES, ".rep")
        t = Timeline(server)
        result = play(
            control,
            {
                "webinar_id": w["id"],
                "start": t.ago(hours=3),
                "participants": [
                    {"join_url": panelist["join_url"], "join": "1m", "device": "Mac"},
                    *[
                        {"join_url": reg["join_url"], "join": f"{2 + i}m", "leave": "40m",
                         "device": "Windows"}
                        for i, reg in enumerate(regs)
                    ],
                ],
                "steps": [
                    {"at": 10, "action": "ask", "participant": "Ada Attendee",
                     "question": "Slides?"},
                    {"at": 11, "action": "ask", "participant": "Bea Attendee",
                     "question": "Recording?", "anonymous": True},
                    {"at": 12, "action": "answer", "question": "Slides?", "by": "Pat Panel",
                     "answer": "After the webinar."},
                    {"at": 13, "action": "answer", "question": "Recording?", "live": True},
                    {"at": 15, "action": "poll", "poll": {"title": "Level", "questions": [
                        {"name": "Level?", "type": "single", "answers": ["New", "Expert"]}]}},
                ],
                "end": 45,
            },
        )  # fmt: skip
    return {"webinar": w, "host": host, "regs": regs, "instance": result["instances"][-1]}


def test_webinar_details(api: httpx.Client, webinar: dict[str, Any], shared: Path) -> None:
    w, inst = webinar["webinar"], webinar["instance"]
    r = api.get(f"/report/webinars/{w['id']}")
    assert r.status_code == 200, r.text
    body = r.json()
    assert_matches_spec(shared, SPEC, "GET", "/report/webinars/{webinarId}", 200, body)
    # host 45 min, panelist 44, three attendees 38, 37, 36
    assert body["participants_count"] == 5 == inst["participants_count"]
    assert body["total_minutes"] == 45 + 44 + 38 + 37 + 36
    assert body["duration"] == 45 and body["uuid"] == inst["uuid"]


def test_webinar_participants_with_registrants(
    api: httpx.Client, webinar: dict[str, Any], shared: Path
) -> None:
    w = webinar["webinar"]
    path = f"/report/webinars/{w['id']}/participants"
    r = api.get(path, params={"include_fields": "registrant_id"})
    assert r.status_code == 200, r.text
    assert_matches_spec(shared, SPEC, "GET", "/report/webinars/{webinarId}/participants", 200,
                        r.json())  # fmt: skip
    items = gather(api, path, "participants", {"include_fields": "registrant_id"})
    assert len(items) == 5
    by_reg = {p["registrant_id"]: p for p in items if p["registrant_id"]}
    assert set(by_reg) == {reg["registrant_id"] for reg in webinar["regs"]}
    # Registrants' emails are shown (Zoom's display rule); their sessions lasted 38, 37, 36 min.
    assert sorted(p["duration"] for p in by_reg.values()) == [36 * 60, 37 * 60, 38 * 60]
    assert all(p["user_email"].endswith("@example.org") for p in by_reg.values())


def test_webinar_polls(api: httpx.Client, webinar: dict[str, Any], shared: Path) -> None:
    r = api.get(f"/report/webinars/{webinar['webinar']['id']}/polls")
    assert r.status_code == 200, r.text
    body = r.json()
    assert_matches_spec(shared, SPEC, "GET", "/report/webinars/{webinarId}/polls", 200, body)
    assert sorted(q["name"] for q in body["questions"]) == [f"{a} Attendee" for a in ATTENDEES]
    assert all(q["last_name"] == "Attendee" for q in body["questions"])


def test_webinar_qa(api: httpx.Client, webinar: dict[str, Any], shared: Path) -> None:
    w = webinar["webinar"]
    r = api.get(f"/report/webinars/{w['id']}/qa")
    assert r.status_code == 200, r.text
    body = r.json()
    assert_matches_spec(shared, SPEC, "GET", "/report/webinars/{webinarId}/qa", 200, body)
    assert body["uuid"] == webinar["instance"]["uuid"]
    asked = {q["name"]: q for q in body["questions"]}
    assert set(asked) == {"Ada Attendee", "Anonymous Attendee"}
    ada = asked["Ada Attendee"]["question_details"][0]
    assert ada["question"] == "Slides?" and ada["question_status"] == "answered"
    assert ada["answer_details"][0]["content"] == "After the webinar."
    assert ada["answer_details"][0]["name"] == "Pat Panel"
    anon = asked["Anonymous Attendee"]
    assert anon["email"] == "" and anon["user_id"] == ""
    assert anon["question_details"][0]["answer_details"][0]["content"] == "live answered"
    master = api.get(f"/accounts/{ACCOUNT_ID}/report/webinars/{w['id']}/questions")
    assert master.status_code == 200, master.text
    assert master.json() == body
    polls = api.get(f"/accounts/{ACCOUNT_ID}/report/webinars/{w['id']}/polls")
    assert polls.status_code == 200 and len(polls.json()["questions"]) == 3


def test_webinar_reports_errors(api: httpx.Client, server: ServerProcess) -> None:
    host = licensed_host(api)
    w = create_webinar(api, server, host["id"])
    for suffix in ("", "/participants", "/polls", "/qa"):
        error(api.get(f"/report/webinars/{w['id']}{suffix}"), 404, 3001,
              f"Webinar {w['id']} not found or has expired.")  # fmt: skip
