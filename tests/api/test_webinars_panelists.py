"""Webinar panelists (add up to the limits, list with join links, remove one, remove all) and
webinar polls and quizzes (the generic poll services over a webinar)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from support.schema import assert_matches_spec
from support.server import ServerProcess
from support.webinars import SPEC, create, email, licensed_host

TK = re.compile(r"[A-Za-z0-9_-]{43}\.[A-Za-z0-9_-]+")


@pytest.fixture()
def webinar(api: httpx.Client, server: ServerProcess) -> dict[str, Any]:
    return create(api, server, licensed_host(api)["id"])


def _add(api: httpx.Client, wid: int, people: list[dict[str, Any]]) -> httpx.Response:
    return api.post(f"/webinars/{wid}/panelists", json={"panelists": people})


# -- panelists -------------------------------------------------------------------------------
def test_add_and_list_panelists(api: httpx.Client, shared: Path, webinar: dict[str, Any]) -> None:
    wid = webinar["id"]
    people = [
        {"email": email(), "name": "Ada Lovelace"},
        {"email": email(), "name": "Alan Turing", "name_tag_name": "Alan",
         "name_tag_pronouns": "he/him", "virtual_background_id": "vb1"},
    ]  # fmt: skip
    r = _add(api, wid, people)
    assert r.status_code == 201, r.text
    assert_matches_spec(shared, SPEC, "POST", "/webinars/{webinarId}/panelists", 201, r.json())
    assert r.json()["id"] == str(wid) and r.json()["updated_at"].endswith("Z")
    listed = api.get(f"/webinars/{wid}/panelists")
    assert listed.status_code == 200
    assert_matches_spec(shared, SPEC, "GET", "/webinars/{webinarId}/panelists", 200, listed.json())
    body = listed.json()
    assert body["total_records"] == 2
    assert [(p["email"], p["name"]) for p in body["panelists"]] == [
        (people[0]["email"], "Ada Lovelace"), (people[1]["email"], "Alan Turing")]  # fmt: skip
    alan = body["panelists"][1]
    assert (alan["name_tag_name"], alan["name_tag_pronouns"]) == ("Alan", "he/him")
    urls = [urlsplit(p["join_url"]) for p in body["panelists"]]
    assert all(u.path == f"/w/{wid}" for u in urls)
    tokens = [parse_qs(u.query)["tk"][0] for u in urls]
    assert all(TK.fullmatch(t) for t in tokens) and tokens[0] != tokens[1]
    assert all(parse_qs(u.query)["pwd"] == [webinar["encrypted_passcode"]] for u in urls)


def test_adding_an_email_again_updates_the_panelist(
    api: httpx.Client, webinar: dict[str, Any]
) -> None:
    wid, addr = webinar["id"], email()
    assert _add(api, wid, [{"email": addr, "name": "Old"}]).status_code == 201
    before = api.get(f"/webinars/{wid}/panelists").json()["panelists"][0]
    assert _add(api, wid, [{"email": addr.upper(), "name": "New"}]).status_code == 201
    after = api.get(f"/webinars/{wid}/panelists").json()["panelists"]
    assert len(after) == 1 and after[0]["name"] == "New"
    assert (after[0]["id"], after[0]["join_url"]) == (before["id"], before["join_url"])


def test_panelist_limits_and_validation(api: httpx.Client, webinar: dict[str, Any]) -> None:
    wid = webinar["id"]
    r = _add(api, wid, [{"email": email(), "name": f"P{i}"} for i in range(31)])
    assert r.status_code == 400 and r.json()["code"] == 300
    for _ in range(3):
        batch = [{"email": email(), "name": "P"} for _ in range(30)]
        assert _add(api, wid, batch).status_code == 201
    assert (
        _add(api, wid, [{"email": email(), "name": f"P{i}"} for i in range(10)]).status_code == 201
    )
    r = _add(api, wid, [{"email": email(), "name": "One too many"}])
    assert r.status_code == 400
    assert r.json() == {
        "code": 3000,
        "message": "You have reached the limit for the number of panelists you can add. Contact"
        " Zoom Support for more information.",
    }
    assert api.get(f"/webinars/{wid}/panelists").json()["total_records"] == 100
    r = _add(api, wid, [{"email": "not-an-email", "name": "x"}])
    assert r.status_code == 400 and r.json()["code"] == 300
    r = _add(api, wid, [{"email": email()}])
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "panelists.name"
    r = api.post(f"/webinars/{wid}/panelists", json={})
    assert r.status_code == 400 and r.json()["code"] == 300


def test_remove_one_and_all(api: httpx.Client, webinar: dict[str, Any]) -> None:
    wid = webinar["id"]
    _add(api, wid, [{"email": email(), "name": "A"}, {"email": email(), "name": "B"}])
    first, second = api.get(f"/webinars/{wid}/panelists").json()["panelists"]
    assert api.delete(f"/webinars/{wid}/panelists/{first['id']}").status_code == 204
    left = api.get(f"/webinars/{wid}/panelists").json()["panelists"]
    assert [p["id"] for p in left] == [second["id"]]
    r = api.delete(f"/webinars/{wid}/panelists/{first['id']}")
    assert r.status_code == 404 and r.json()["code"] == 3000
    # The removed panelist's email can be added again (with a new link).
    assert _add(api, wid, [{"email": first["email"], "name": "A"}]).status_code == 201
    assert api.delete(f"/webinars/{wid}/panelists").status_code == 204
    assert api.get(f"/webinars/{wid}/panelists").json() == {"total_records": 0, "panelists": []}
    assert api.delete(f"/webinars/{wid}/panelists").status_code == 204


def test_panelists_of_unknown_webinar(api: httpx.Client) -> None:
    r = api.get("/webinars/11111111111/panelists")
    assert r.status_code == 404 and r.json()["code"] == 3001
    r = api.post(
        "/webinars/11111111111/panelists", json={"panelists": [{"email": email(), "name": "x"}]}
    )
    assert r.status_code == 404


def test_panelists_of_one_webinar_only(
    api: httpx.Client, server: ServerProcess, webinar: dict[str, Any]
) -> None:
    other = create(api, server, webinar["host_id"])
    _add(api, webinar["id"], [{"email": email(), "name": "Here"}])
    pid = api.get(f"/webinars/{webinar['id']}/panelists").json()["panelists"][0]["id"]
    assert api.get(f"/webinars/{other['id']}/panelists").json()["total_records"] == 0
    assert api.delete(f"/webinars/{other['id']}/panelists/{pid}").status_code == 404


# -- polls -----------------------------------------------------------------------------------
QUIZ: dict[str, Any] = {
    "title": "Check",
    "poll_type": 3,
    "anonymous": False,
    "questions": [
        {"name": "Capital of France?", "type": "single", "answers": ["Paris", "Rome"],
         "right_answers": ["Paris"]},
        {"name": "Primes", "type": "multiple", "answers": ["2", "4", "5"], "right_answers": ["2", "5"]},
        {"name": "Match", "type": "matching", "answers": ["A", "B"],
         "prompts": [{"prompt_question": "a", "prompt_right_answers": ["A"]},
                     {"prompt_question": "b", "prompt_right_answers": ["B"]}]},
        {"name": "Order", "type": "rank_order", "answers": ["1st", "2nd"],
         "prompts": [{"prompt_question": "x", "prompt_right_answers": ["1st"]},
                     {"prompt_question": "y", "prompt_right_answers": ["2nd"]}]},
        {"name": "Say", "type": "short_answer", "answer_min_character": 1,
         "answer_max_character": 100},
        {"name": "Essay", "type": "long_answer", "answer_max_character": 1000},
        {"name": "Fill", "type": "fill_in_the_blank", "right_answers": ["blank"]},
        {"name": "Rate", "type": "rating_scale", "rating_min_value": 1, "rating_max_value": 5,
         "rating_min_label": "low", "rating_max_label": "high"},
    ],
}  # fmt: skip


def test_poll_crud(api: httpx.Client, shared: Path, webinar: dict[str, Any]) -> None:
    wid = webinar["id"]
    r = api.post(f"/webinars/{wid}/polls", json=QUIZ)
    assert r.status_code == 201, r.text
    assert_matches_spec(shared, SPEC, "POST", "/webinars/{webinarId}/polls", 201, r.json())
    poll = r.json()
    assert poll["status"] == "notstart" and len(poll["questions"]) == 8
    assert [q["type"] for q in poll["questions"]] == [q["type"] for q in QUIZ["questions"]]
    got = api.get(f"/webinars/{wid}/polls/{poll['id']}")
    assert got.status_code == 200 and got.json() == poll
    assert_matches_spec(
        shared, SPEC, "GET", "/webinars/{webinarId}/polls/{pollId}", 200, got.json()
    )
    simple = api.post(f"/webinars/{wid}/polls", json={
        "title": "Simple", "anonymous": True,
        "questions": [{"name": "Yes?", "type": "single", "answers": ["Yes", "No"]}]}).json()  # fmt: skip
    listed = api.get(f"/webinars/{wid}/polls")
    assert listed.status_code == 200
    assert_matches_spec(shared, SPEC, "GET", "/webinars/{webinarId}/polls", 200, listed.json())
    assert listed.json()["total_records"] == 2
    anon = api.get(f"/webinars/{wid}/polls", params={"anonymous": "true"}).json()
    assert [p["id"] for p in anon["polls"]] == [simple["id"]]

    update = {
        "title": "Renamed",
        "questions": [{"name": "Q", "type": "single", "answers": ["a", "b"]}],
    }
    assert api.put(f"/webinars/{wid}/polls/{poll['id']}", json=update).status_code == 204
    changed = api.get(f"/webinars/{wid}/polls/{poll['id']}").json()
    assert changed["title"] == "Renamed" and changed["id"] == poll["id"]
    assert api.delete(f"/webinars/{wid}/polls/{poll['id']}").status_code == 204
    r = api.get(f"/webinars/{wid}/polls/{poll['id']}")
    assert r.status_code == 400 and r.json() == {"code": 4400, "message": "Invalid poll IDs."}
    assert api.delete(f"/webinars/{wid}/polls/{poll['id']}").status_code == 400


def test_poll_validation(api: httpx.Client, webinar: dict[str, Any]) -> None:
    wid = webinar["id"]
    bad_quiz = {"title": "Q", "poll_type": 3,
                "questions": [{"name": "No right answer", "type": "single", "answers": ["a", "b"]}]}  # fmt: skip
    r = api.post(f"/webinars/{wid}/polls", json=bad_quiz)
    assert r.status_code == 400 and r.json()["code"] == 300
    r = api.post(f"/webinars/{wid}/polls", json={"title": "No questions"})
    assert r.status_code == 400 and r.json()["code"] == 300


def test_polls_disabled_for_the_host(api: httpx.Client, server: ServerProcess) -> None:
    host = licensed_host(api)
    r = api.patch(f"/users/{host['id']}/settings",
                  json={"in_meeting": {"webinar_polling": {"enable": False}}})  # fmt: skip
    assert r.status_code == 204, r.text
    w = create(api, server, host["id"])
    r = api.get(f"/webinars/{w['id']}/polls")
    assert r.status_code == 400 and r.json()["code"] == 4400
    assert r.json()["message"].startswith("Webinar polls disabled.")
