"""Registration questions of a meeting or webinar, and the check of a registrant's answers.

Stored as one document per parent (kind `registrant_questions`, id = parent key). A parent that
never had its questions changed asks only for the always-present first name and email.
"""

from __future__ import annotations

from typing import Any

from zoomstack import errors
from zoomstack.areas.meeting_features.parent import Parent
from zoomstack.store import Tx

KIND = "registrant_questions"

STANDARD_FIELDS = (
    "last_name",
    "address",
    "city",
    "country",
    "zip",
    "state",
    "phone",
    "industry",
    "org",
    "job_title",
    "purchasing_time_frame",
    "role_in_purchase_process",
    "no_of_employees",
    "comments",
)

# Custom question types per parent kind; the webinar form offers more than the meeting one.
CUSTOM_TYPES: dict[str, tuple[str, ...]] = {
    "meeting": ("short", "single"),
    "webinar": ("short", "single_radio", "single_dropdown", "multiple"),
}
_CHOICE_TYPES = frozenset({"single", "single_radio", "single_dropdown", "multiple"})
_SINGLE_CHOICE = frozenset({"single", "single_radio", "single_dropdown"})


def get_questions(tx: Tx, account_id: str, parent: Parent) -> dict[str, Any]:
    doc = tx.get(KIND, parent.key, account_id)
    if doc is None:
        return {"questions": [], "custom_questions": []}
    return {
        "questions": list(doc.get("questions") or []),
        "custom_questions": list(doc.get("custom_questions") or []),
    }


def _bad(field: str) -> errors.ZoomError:
    return errors.field_error(field)


def _normalize_standard(items: list[Any]) -> list[dict[str, Any]]:
    by_field: dict[str, dict[str, Any]] = {}
    for item in items:
        if not isinstance(item, dict):
            raise _bad("questions")
        name = item.get("field_name")
        if name not in STANDARD_FIELDS:
            raise _bad("questions.field_name")
        by_field[name] = {"field_name": name, "required": bool(item.get("required", False))}
    # Keep the form's canonical order, whatever order the client sent.
    return [by_field[f] for f in STANDARD_FIELDS if f in by_field]


def _normalize_custom(kind: str, items: list[Any]) -> list[dict[str, Any]]:
    allowed = CUSTOM_TYPES.get(kind, CUSTOM_TYPES["meeting"])
    out: list[dict[str, Any]] = []
    seen: set[str] = set()
    for item in items:
        if not isinstance(item, dict):
            raise _bad("custom_questions")
        title = str(item.get("title") or "").strip()
        if not title:
            raise errors.validation(
                [{"field": "custom_questions.title", "message": "Missing field: title."}]
            )
        if title in seen:
            raise _bad("custom_questions.title")
        seen.add(title)
        qtype = item.get("type") or "short"
        if qtype not in allowed:
            raise _bad("custom_questions.type")
        answers = item.get("answers") or []
        if not isinstance(answers, list) or not all(isinstance(a, str) for a in answers):
            raise _bad("custom_questions.answers")
        if qtype in _CHOICE_TYPES:
            if not [a for a in answers if a.strip()]:
                raise _bad("custom_questions.answers")
        elif answers:
            # A short-answer question has no answer choices.
            raise _bad("custom_questions.answers")
        question: dict[str, Any] = {
            "title": title,
            "type": qtype,
            "required": bool(item.get("required", False)),
        }
        if qtype in _CHOICE_TYPES:
            question["answers"] = answers
        out.append(question)
    return out


def update_questions(tx: Tx, account_id: str, parent: Parent, body: dict[str, Any]) -> None:
    """PATCH semantics: each list that is present replaces the stored one."""
    current = get_questions(tx, account_id, parent)
    if "questions" in body:
        current["questions"] = _normalize_standard(list(body.get("questions") or []))
    if "custom_questions" in body:
        current["custom_questions"] = _normalize_custom(
            parent.kind, list(body.get("custom_questions") or [])
        )
    if tx.get(KIND, parent.key, account_id) is None:
        tx.insert(KIND, parent.key, account_id, current, parent=parent.key)
    else:
        tx.update(KIND, parent.key, current)


def check_answers(form: dict[str, Any], body: dict[str, Any]) -> None:
    """Required standard fields and custom questions must be answered; choices must match."""
    problems: list[dict[str, str]] = []
    for q in form.get("questions", []):
        name = q["field_name"]
        if q.get("required") and not str(body.get(name) or "").strip():
            problems.append({"field": name, "message": f"Missing field: {name}."})
    given: dict[str, str] = {}
    for answer in body.get("custom_questions") or []:
        if isinstance(answer, dict) and isinstance(answer.get("title"), str):
            given[answer["title"]] = str(answer.get("value") or "")
    for q in form.get("custom_questions", []):
        value = given.get(q["title"], "").strip()
        if not value:
            if q.get("required"):
                problems.append(
                    {"field": "custom_questions", "message": f"Missing field: {q['title']}."}
                )
            continue
        if q["type"] in _SINGLE_CHOICE and value not in q.get("answers", []):
            problems.append(
                {"field": "custom_questions.value", "message": "Invalid parameter: value."}
            )
    if problems:
        raise errors.validation(problems)
