"""Unit rules of the meeting features: poll validation, the parent view of a meeting document,
registrant join links and registration questions (no server)."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

import pytest

from zoomstack.areas.meeting_features import links, poll_rules, questions
from zoomstack.areas.meeting_features.parent import Parent, meeting, webinar
from zoomstack.errors import ZoomError

NOW = datetime(2030, 5, 1, 12, 0, tzinfo=UTC)


def _error_field(exc: pytest.ExceptionInfo[ZoomError]) -> str:
    assert exc.value.code == 300
    assert exc.value.errors
    return exc.value.errors[0]["field"]


# -- polls -----------------------------------------------------------------------------------
def _poll(*questions_: dict[str, Any], poll_type: int = 2) -> dict[str, Any]:
    return {"title": "Check-in", "poll_type": poll_type, "questions": list(questions_)}


def test_basic_poll_defaults() -> None:
    poll = poll_rules.normalize_poll(
        {"title": "T", "questions": [{"name": "Q?", "answers": ["a", "b"]}]}
    )
    assert poll["poll_type"] == 1
    assert poll["anonymous"] is False
    q = poll["questions"][0]
    assert q["type"] == "single"
    assert q["answer_required"] is True  # a plain poll requires answers by default
    assert q["show_as_dropdown"] is False


def test_advanced_poll_answer_required_defaults_false() -> None:
    poll = poll_rules.normalize_poll(
        _poll({"name": "Q", "type": "multiple", "answers": ["a", "b"]})
    )
    assert poll["questions"][0]["answer_required"] is False


@pytest.mark.parametrize(
    ("question", "field"),
    [
        ({"name": "Q", "type": "single", "answers": ["only"]}, "questions.answers"),
        (
            {"name": "Q", "type": "single", "answers": [str(i) for i in range(11)]},
            "questions.answers",
        ),
        (
            {
                "name": "Q",
                "type": "rank_order",
                "answers": [str(i) for i in range(8)],
                "prompts": [],
            },
            "questions.answers",
        ),
        (
            {
                "name": "Q",
                "type": "matching",
                "answers": ["a", "b"],
                "prompts": [{"prompt_question": "p"}],
            },
            "questions.prompts",
        ),
        (
            {"name": "Q", "type": "short_answer", "answer_max_character": 501},
            "questions.answer_max_character",
        ),
        (
            {"name": "Q", "type": "long_answer", "answer_min_character": 0},
            "questions.answer_min_character",
        ),
        (
            {"name": "Q", "type": "rating_scale", "rating_min_value": 0, "rating_max_value": 11},
            "questions.rating_max_value",
        ),
        (
            {"name": "Q", "type": "rating_scale", "rating_max_value": 5},
            "questions.rating_min_value",
        ),
        ({"name": "Q", "type": "fill_in_the_blank"}, "questions.right_answers"),
        ({"type": "single", "answers": ["a", "b"]}, "questions.name"),
        (
            {"name": "Q", "type": "single", "answers": ["a", "b"], "right_answers": ["c"]},
            "questions.right_answers",
        ),
        (
            {"name": "Q", "type": "single", "answers": ["a", "b"], "right_answers": ["a", "b"]},
            "questions.right_answers",
        ),
    ],
)
def test_question_rules(question: dict[str, Any], field: str) -> None:
    with pytest.raises(ZoomError) as exc:
        poll_rules.normalize_poll(_poll(question))
    assert _error_field(exc) == field


def test_quiz_needs_right_answers() -> None:
    with pytest.raises(ZoomError) as exc:
        poll_rules.normalize_poll(_poll({"name": "Q", "answers": ["a", "b"]}, poll_type=3))
    assert _error_field(exc) == "questions.right_answers"
    quiz = poll_rules.normalize_poll(
        _poll({"name": "Q", "answers": ["a", "b"], "right_answers": ["b"]}, poll_type=3)
    )
    assert quiz["questions"][0]["right_answers"] == ["b"]


def test_each_type_keeps_only_its_fields() -> None:
    poll = poll_rules.normalize_poll(
        _poll(
            {
                "name": "R",
                "type": "rank_order",
                "answers": ["1", "2", "3"],
                "prompts": [
                    {"prompt_question": "x", "prompt_right_answers": ["1"]},
                    {"prompt_question": "y"},
                ],
                "rating_max_value": 4,
            },
            {"name": "S", "type": "short_answer", "answers": ["ignored", "too"]},
            {
                "name": "F",
                "type": "fill_in_the_blank",
                "right_answers": ["blue"],
                "case_sensitive": True,
            },
            {
                "name": "Rt",
                "type": "rating_scale",
                "rating_min_value": 1,
                "rating_max_value": 5,
                "rating_min_label": "bad",
            },
        )
    )
    rank, short, blank, rating = poll["questions"]
    assert "rating_max_value" not in rank and len(rank["prompts"]) == 2
    assert "answers" not in short and short["answer_max_character"] == 500
    assert blank["case_sensitive"] is True and blank["right_answers"] == ["blue"]
    assert rating["rating_min_label"] == "bad" and "answers" not in rating


def test_title_required_and_bounded() -> None:
    with pytest.raises(ZoomError) as exc:
        poll_rules.normalize_poll({"questions": [{"name": "Q", "answers": ["a", "b"]}]})
    assert _error_field(exc) == "title"
    with pytest.raises(ZoomError):
        poll_rules.normalize_poll(
            {"title": "x" * 65, "questions": [{"name": "Q", "answers": ["a", "b"]}]}
        )


# -- parent ----------------------------------------------------------------------------------
def _occ(ms: int, minutes: int = 60, status: str = "available") -> dict[str, Any]:
    start = datetime.fromtimestamp(ms / 1000, tz=UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return {"occurrence_id": str(ms), "start_time": start, "duration": minutes, "status": status}


def test_parent_registration_settings() -> None:
    m = meeting(
        {"id": 85746065123, "type": 8, "settings": {"approval_type": 1, "registration_type": 3}}
    )
    assert m.key == "meeting:85746065123"
    assert m.event_prefix == "meeting."
    assert m.registration_enabled and m.registration_type == 3
    assert (
        meeting({"id": 1, "type": 2, "settings": {"registration_type": 3}}).registration_type == 1
    )
    assert not meeting({"id": 1, "type": 2, "settings": {}}).registration_enabled
    assert webinar({"id": 1}).event_prefix == "webinar."


def test_parent_is_over() -> None:
    past = int(datetime(2030, 4, 1, tzinfo=UTC).timestamp() * 1000)
    future = int(datetime(2030, 6, 1, tzinfo=UTC).timestamp() * 1000)
    scheduled = {"id": 1, "type": 2, "duration": 30}
    assert meeting({**scheduled, "start_time": "2030-05-01T11:00:00Z"}).is_over(NOW)
    assert not meeting({**scheduled, "start_time": "2030-05-01T11:45:00Z"}).is_over(NOW)
    assert not meeting(
        {**scheduled, "start_time": "2030-05-01T11:00:00Z", "status": "started"}
    ).is_over(NOW)
    assert meeting({"id": 1, "type": 8, "occurrences": [_occ(past)]}).is_over(NOW)
    assert not meeting({"id": 1, "type": 8, "occurrences": [_occ(past), _occ(future)]}).is_over(NOW)
    assert meeting(
        {"id": 1, "type": 8, "occurrences": [_occ(past), _occ(future, status="deleted")]}
    ).is_over(NOW)
    assert not meeting({"id": 1, "type": 3}).is_over(NOW)


def test_parent_urls() -> None:
    m = meeting({"id": 123, "join_url": "https://zs.example:8400/j/123?pwd=abc.1"})
    assert m.join_origin("http://fallback") == "https://zs.example:8400"
    assert m.encrypted_password() == "abc.1"
    assert meeting({"id": 1}).join_origin("http://fallback/") == "http://fallback"
    assert meeting({"id": 1, "encrypted_password": "xyz"}).encrypted_password() == "xyz"


def test_registrant_token_shape() -> None:
    m = Parent("meeting", {"id": 98765432101, "join_url": "http://h/j/98765432101?pwd=P.1"})
    token = links.new_token(m, "regid")
    assert re.fullmatch(r"[A-Za-z0-9_-]{43}\.[A-Za-z0-9_-]+", token)
    url = links.join_url(m, "http://other", token)
    assert url == f"http://h/w/98765432101?tk={token}&pwd=P.1"


# -- questions -------------------------------------------------------------------------------
def test_check_answers() -> None:
    form = {
        "questions": [
            {"field_name": "city", "required": True},
            {"field_name": "org", "required": False},
        ],
        "custom_questions": [
            {"title": "Role", "type": "single", "required": True, "answers": ["Dev", "PM"]},
            {"title": "Why", "type": "short", "required": False},
        ],
    }
    questions.check_answers(
        form, {"city": "Oslo", "custom_questions": [{"title": "Role", "value": "Dev"}]}
    )
    with pytest.raises(ZoomError) as exc:
        questions.check_answers(form, {"custom_questions": [{"title": "Role", "value": "Dev"}]})
    assert _error_field(exc) == "city"
    with pytest.raises(ZoomError):
        questions.check_answers(
            form, {"city": "Oslo", "custom_questions": [{"title": "Role", "value": "CEO"}]}
        )
    with pytest.raises(ZoomError):
        questions.check_answers(form, {"city": "Oslo"})
