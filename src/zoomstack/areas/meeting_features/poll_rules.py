"""Poll validation and normalisation: the per-question-type rules Zoom documents.

The request schema (checked at the edge) covers types and enums; this module adds the rules that
depend on the question type: answer counts, prompts, right answers for quizzes, character and
rating ranges. Normalised questions keep only the fields their type uses, with Zoom's defaults.
"""

from __future__ import annotations

from typing import Any

from zoomstack import errors

POLL, ADVANCED_POLL, QUIZ = 1, 2, 3

CHOICE_TYPES = frozenset({"single", "multiple"})
PROMPT_TYPES = frozenset({"matching", "rank_order"})
TEXT_TYPES = frozenset({"short_answer", "long_answer"})
MAX_ANSWERS = {"single": 10, "multiple": 10, "matching": 16, "rank_order": 7}
MAX_TEXT_CHARS = {"short_answer": 500, "long_answer": 2000}
MIN_PROMPTS, MAX_PROMPTS = 2, 10
MAX_TITLE = 64
MAX_NAME = 1024


def _err(field: str, message: str | None = None) -> errors.ZoomError:
    name = field.rsplit(".", 1)[-1]
    return errors.validation(
        [{"field": field, "message": message or f"Invalid parameter: {name}."}]
    )


def _missing(field: str) -> errors.ZoomError:
    name = field.rsplit(".", 1)[-1]
    return _err(field, f"Missing field: {name}.")


def _strings(value: Any, field: str) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _err(field)
    return list(value)


def _int(value: Any, field: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise _err(field)
    return value


def normalize_question(q: Any, poll_type: int) -> dict[str, Any]:
    if not isinstance(q, dict):
        raise _err("questions")
    qtype = q.get("type") or "single"
    name = q.get("name")
    if not isinstance(name, str) or not name.strip():
        raise _missing("questions.name")
    if len(name) > MAX_NAME:
        raise _err("questions.name")
    default_required = poll_type == POLL
    out: dict[str, Any] = {
        "name": name,
        "type": qtype,
        "answer_required": bool(q.get("answer_required", default_required)),
    }
    answers = _strings(q.get("answers"), "questions.answers")
    right = _strings(q.get("right_answers"), "questions.right_answers")
    quiz = poll_type == QUIZ

    if qtype in CHOICE_TYPES or qtype in PROMPT_TYPES:
        if len(answers) < 2 or len(answers) > MAX_ANSWERS[qtype]:
            raise _err("questions.answers")
        if len(set(answers)) != len(answers):
            raise _err("questions.answers")
        out["answers"] = answers

    if qtype in CHOICE_TYPES:
        if qtype == "single":
            out["show_as_dropdown"] = bool(q.get("show_as_dropdown", False))
        if right:
            if any(r not in answers for r in right) or (qtype == "single" and len(right) != 1):
                raise _err("questions.right_answers")
            out["right_answers"] = right
        elif quiz:
            raise _missing("questions.right_answers")
    elif qtype in PROMPT_TYPES:
        out["prompts"] = _prompts(q.get("prompts"), qtype, answers, quiz)
    elif qtype in TEXT_TYPES:
        limit = MAX_TEXT_CHARS[qtype]
        lo = _int(q.get("answer_min_character", 1), "questions.answer_min_character")
        hi = _int(q.get("answer_max_character", limit), "questions.answer_max_character")
        if lo < 1:
            raise _err("questions.answer_min_character")
        if hi > limit or hi < lo:
            raise _err("questions.answer_max_character")
        out["answer_min_character"] = lo
        out["answer_max_character"] = hi
        if right:
            out["right_answers"] = right
    elif qtype == "fill_in_the_blank":
        if not right:
            raise _missing("questions.right_answers")
        out["right_answers"] = right
        out["case_sensitive"] = bool(q.get("case_sensitive", False))
    elif qtype == "rating_scale":
        out.update(_rating(q))
    return out


def _prompts(raw: Any, qtype: str, answers: list[str], quiz: bool) -> list[dict[str, Any]]:
    if not isinstance(raw, list) or not (MIN_PROMPTS <= len(raw) <= MAX_PROMPTS):
        raise _err("questions.prompts")
    out = []
    for p in raw:
        if not isinstance(p, dict):
            raise _err("questions.prompts")
        title = p.get("prompt_question")
        if not isinstance(title, str) or not title.strip():
            raise _missing("questions.prompts.prompt_question")
        right = _strings(p.get("prompt_right_answers"), "questions.prompts.prompt_right_answers")
        if any(r not in answers for r in right):
            raise _err("questions.prompts.prompt_right_answers")
        if qtype == "rank_order" and len(right) > 1:
            raise _err("questions.prompts.prompt_right_answers")
        if quiz and not right:
            raise _missing("questions.prompts.prompt_right_answers")
        out.append({"prompt_question": title, "prompt_right_answers": right})
    return out


def _rating(q: dict[str, Any]) -> dict[str, Any]:
    if "rating_min_value" not in q:
        raise _missing("questions.rating_min_value")
    if "rating_max_value" not in q:
        raise _missing("questions.rating_max_value")
    lo = _int(q["rating_min_value"], "questions.rating_min_value")
    hi = _int(q["rating_max_value"], "questions.rating_max_value")
    if lo < 0:
        raise _err("questions.rating_min_value")
    if hi > 10 or hi <= lo:
        raise _err("questions.rating_max_value")
    out: dict[str, Any] = {"rating_min_value": lo, "rating_max_value": hi}
    for label in ("rating_min_label", "rating_max_label"):
        if isinstance(q.get(label), str):
            out[label] = q[label]
    return out


def normalize_poll(body: dict[str, Any]) -> dict[str, Any]:
    """A poll body (create, update, or one item of a batch) checked and with defaults."""
    title = body.get("title")
    if not isinstance(title, str) or not title.strip():
        raise _missing("title")
    if len(title) > MAX_TITLE:
        raise _err("title")
    poll_type = body.get("poll_type", POLL)
    if poll_type not in (POLL, ADVANCED_POLL, QUIZ):
        raise _err("poll_type")
    raw_questions = body.get("questions")
    if not isinstance(raw_questions, list) or not raw_questions:
        raise _missing("questions")
    return {
        "title": title,
        "anonymous": bool(body.get("anonymous", False)),
        "poll_type": poll_type,
        "questions": [normalize_question(q, poll_type) for q in raw_questions],
    }
