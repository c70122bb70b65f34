"""Meeting polls: CRUD, batch creation, every question type, and Zoom's validation rules."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest

from support.meeting_features import create_meeting
from support.schema import assert_matches_spec
from support.server import ServerProcess

SPEC = "meetings.json"

ALL_TYPES: list[dict[str, Any]] = [
    {"name": "Pick one", "type": "single", "answers": ["Red", "Blue"], "show_as_dropdown": True},
    {"name": "Pick any", "type": "multiple", "answers": ["A", "B", "C"], "answer_required": True},
    {
        "name": "Match",
        "type": "matching",
        "answers": ["1", "2"],
        "prompts": [
            {"prompt_question": "one", "prompt_right_answers": ["1"]},
            {"prompt_question": "two", "prompt_right_answers": ["2"]},
        ],
    },
    {
        "name": "Rank",
        "type": "rank_order",
        "answers": ["first", "second", "third"],
        "prompts": [{"prompt_question": "Speed"}, {"prompt_question": "Price"}],
    },
    {
        "name": "Say it",
        "type": "short_answer",
        "answer_min_character": 2,
        "answer_max_character": 100,
    },
    {"name": "Essay", "type": "long_answer", "answer_max_character": 2000},
    {
        "name": "The sky is ___",
        "type": "fill_in_the_blank",
        "right_answers": ["blue"],
        "case_sensitive": False,
    },
    {
        "name": "Rate",
        "type": "rating_scale",
        "rating_min_value": 1,
        "rating_max_value": 10,
        "rating_min_label": "poor",
        "rating_max_label": "great",
    },
]


def _poll(**kw: Any) -> dict[str, Any]:
    return {
        "title": "Check-in",
        "questions": [{"name": "How?", "type": "single", "answers": ["Good", "Bad"]}],
        **kw,
    }


@pytest.fixture()
def meeting(api: httpx.Client, server: ServerProcess) -> dict[str, Any]:
    return create_meeting(api, server)


def test_poll_crud(api: httpx.Client, meeting: dict[str, Any], shared: Path) -> None:
    base = f"/meetings/{meeting['id']}/polls"
    r = api.post(
        base,
        json={"title": "Everything", "poll_type": 2, "anonymous": True, "questions": ALL_TYPES},
    )
    assert r.status_code == 201, r.text
    poll = r.json()
    assert_matches_spec(shared, SPEC, "POST", "/meetings/{meetingId}/polls", 201, poll)
    assert poll["status"] == "notstart" and poll["poll_type"] == 2 and poll["anonymous"] is True
    assert [q["type"] for q in poll["questions"]] == [q["type"] for q in ALL_TYPES]
    assert poll["questions"][0]["answer_required"] is False  # advanced polls default to optional

    got = api.get(f"{base}/{poll['id']}")
    assert got.status_code == 200 and got.json() == poll
    assert_matches_spec(
        shared, SPEC, "GET", "/meetings/{meetingId}/polls/{pollId}", 200, got.json()
    )

    second = api.post(base, json=_poll()).json()
    assert second["poll_type"] == 1 and second["questions"][0]["answer_required"] is True
    listed = api.get(base)
    assert listed.status_code == 200
    assert_matches_spec(shared, SPEC, "GET", "/meetings/{meetingId}/polls", 200, listed.json())
    assert listed.json()["total_records"] == 2
    assert [p["id"] for p in listed.json()["polls"]] == [poll["id"], second["id"]]
    anon = api.get(base, params={"anonymous": "true"}).json()
    assert [p["id"] for p in anon["polls"]] == [poll["id"]]

    r = api.put(
        f"{base}/{second['id']}",
        json=_poll(
            title="Renamed",
            poll_type=3,
            questions=[{"name": "2+2", "answers": ["3", "4"], "right_answers": ["4"]}],
        ),
    )
    assert r.status_code == 204 and r.content == b""
    updated = api.get(f"{base}/{second['id']}").json()
    assert (
        updated["title"] == "Renamed"
        and updated["poll_type"] == 3
        and updated["id"] == second["id"]
    )
    assert updated["questions"][0]["right_answers"] == ["4"]

    assert api.delete(f"{base}/{second['id']}").status_code == 204
    for r in (
        api.get(f"{base}/{second['id']}"),
        api.delete(f"{base}/{second['id']}"),
        api.put(f"{base}/{second['id']}", json=_poll()),
    ):
        assert r.status_code == 404 and r.json() == {
            "code": 404,
            "message": "Meeting Poll not found",
        }
    assert api.get(base).json()["total_records"] == 1


def test_polls_are_per_meeting(
    api: httpx.Client, server: ServerProcess, meeting: dict[str, Any]
) -> None:
    other = create_meeting(api, server)
    poll = api.post(f"/meetings/{meeting['id']}/polls", json=_poll()).json()
    assert api.get(f"/meetings/{other['id']}/polls/{poll['id']}").status_code == 404
    assert api.get(f"/meetings/{other['id']}/polls").json() == {"total_records": 0, "polls": []}


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (
            _poll(questions=[{"name": "Q", "type": "single", "answers": ["only one"]}]),
            "questions.answers",
        ),
        (_poll(questions=[{"name": "Q", "type": "multiple"}]), "questions.answers"),
        (
            _poll(poll_type=3, questions=[{"name": "Q", "answers": ["a", "b"]}]),
            "questions.right_answers",
        ),
        (
            _poll(
                poll_type=2,
                questions=[
                    {
                        "name": "Q",
                        "type": "rating_scale",
                        "rating_min_value": 0,
                        "rating_max_value": 11,
                    }
                ],
            ),
            "questions.rating_max_value",
        ),
        (
            _poll(
                poll_type=2, questions=[{"name": "Q", "type": "matching", "answers": ["a", "b"]}]
            ),
            "questions.prompts",
        ),
        (
            _poll(
                poll_type=2,
                questions=[{"name": "Q", "type": "short_answer", "answer_max_character": 600}],
            ),
            "questions.answer_max_character",
        ),
        (
            _poll(poll_type=2, questions=[{"name": "Q", "type": "fill_in_the_blank"}]),
            "questions.right_answers",
        ),
        (_poll(questions=[]), "questions"),
        (_poll(questions=[{"name": "Q", "type": "essay"}]), "questions.type"),
        (_poll(title="T" * 65), "title"),
        (_poll(poll_type=4), "poll_type"),
        ({"questions": [{"name": "Q", "answers": ["a", "b"]}]}, "title"),
    ],
)
def test_poll_validation(
    api: httpx.Client, meeting: dict[str, Any], body: dict[str, Any], field: str
) -> None:
    r = api.post(f"/meetings/{meeting['id']}/polls", json=body)
    assert r.status_code == 400, r.text
    assert r.json()["code"] == 300
    assert field in [e["field"] for e in r.json()["errors"]]


def test_batch_polls_and_the_50_limit(
    api: httpx.Client, meeting: dict[str, Any], shared: Path
) -> None:
    url = f"/meetings/{meeting['id']}/batch_polls"
    r = api.post(url, json={"polls": [_poll(title=f"P{i}") for i in range(25)]})
    assert r.status_code == 201, r.text
    assert_matches_spec(shared, SPEC, "POST", "/meetings/{meetingId}/batch_polls", 201, r.json())
    assert [p["title"] for p in r.json()["polls"]] == [f"P{i}" for i in range(25)]
    r = api.post(url, json={"polls": [_poll() for _ in range(26)]})
    assert r.status_code == 400 and r.json()["code"] == 300
    # One bad poll rejects the whole batch.
    r = api.post(url, json={"polls": [_poll(), _poll(questions=[])]})
    assert r.status_code == 400
    assert api.get(f"/meetings/{meeting['id']}/polls").json()["total_records"] == 25
    assert api.post(url, json={"polls": [_poll() for _ in range(25)]}).status_code == 201
    r = api.post(f"/meetings/{meeting['id']}/polls", json=_poll())
    assert r.status_code == 400
    assert r.json() == {"code": 4400, "message": "You can only add a maximum of 50 polls."}


def test_polls_of_unknown_meeting(api: httpx.Client) -> None:
    r = api.get("/meetings/99999999998/polls")
    assert r.status_code == 404 and r.json()["code"] == 3001
