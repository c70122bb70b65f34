"""Registrants of on-demand recordings, and their registration questions.

Registration is per meeting (or webinar) number, like the API's integer `{meetingId}`, and open
while the latest recording is on demand (`on_demand`) with approval type 0 (automatic) or 1
(manual); otherwise Zoom's 404 "Registration has not been enabled". The meeting registrants'
rules do not fit here (no join URL, no occurrences, no capacity per occurrence), so this is its
own small service; answers are checked with the meeting features' `check_answers`.

Documents: kind `recording_registrant` (parent `recording:<number>`, unique per email: a second
registration returns the first) and `recording_registrant_questions` (id = the parent key).
Events: recording.registration_created / _approved / _denied.
"""

from __future__ import annotations

from typing import Any

from zoomstack import errors, ids, pagination
from zoomstack.areas.meeting_features.questions import STANDARD_FIELDS, check_answers
from zoomstack.areas.meeting_features.registrants import PROFILE_FIELDS
from zoomstack.context import Ctx
from zoomstack.store import Conflict

Doc = dict[str, Any]

KIND = "recording_registrant"
QUESTIONS = "recording_registrant_questions"
NS_EMAIL = "rec_registrant_email"
STATUSES = ("approved", "pending", "denied")
CUSTOM_TYPES = ("short", "single", "multiple")
MAX_PER_CALL = 30
_TRANSITIONS = {
    "approve": (frozenset({"pending", "denied"}), "approved"),
    "deny": (frozenset({"pending", "approved"}), "denied"),
}


def parent_key(rec: Doc) -> str:
    return f"recording:{rec['id']}"


def require_enabled(rec: Doc) -> None:
    settings = rec["settings"]
    if not settings.get("on_demand") or settings.get("approval_type") not in (0, 1):
        raise errors.not_found(
            404, f"Registration has not been enabled for this meeting: {rec['id']}."
        )


def _event_object(rec: Doc) -> Doc:
    return {
        "id": rec["id"],
        "uuid": rec["uuid"],
        "host_id": rec["host_id"],
        "topic": rec["topic"],
        "type": rec["type"],
        "start_time": rec["start_time"],
        "timezone": rec.get("timezone", ""),
        "duration": rec["duration"],
    }


def _public(doc: Doc) -> Doc:
    out: Doc = {"id": doc["id"]}
    for name in PROFILE_FIELDS:
        out[name] = doc.get(name, "")
    out["custom_questions"] = list(doc.get("custom_questions") or [])
    out["status"] = doc["status"]
    return out


def list_registrants(ctx: Ctx, rec: Doc, status: str) -> Doc:
    require_enabled(rec)
    items = [
        _public(d)
        for d in ctx.tx.find(KIND, ctx.account_id, parent_key(rec))
        if d["status"] == status
    ]
    return pagination.paginate_list(ctx, "registrants", items)


def add_registrant(ctx: Ctx, rec: Doc, body: Doc) -> Doc:
    require_enabled(rec)
    check_answers(get_questions(ctx, rec), body)
    key = parent_key(rec)
    email = str(body["email"]).strip()
    email_key = f"{key}:{email.lower()}"
    existing_id = ctx.tx.key_get(NS_EMAIL, email_key)
    doc = ctx.tx.get(KIND, existing_id, ctx.account_id) if existing_id else None
    if doc is None:
        doc = {"id": ids.b64url_id()}
        for name in PROFILE_FIELDS:
            doc[name] = str(body.get(name) or "")
        doc["email"] = email
        doc["custom_questions"] = [
            {"title": str(q.get("title") or ""), "value": str(q.get("value") or "")}
            for q in body.get("custom_questions") or []
            if isinstance(q, dict)
        ]
        doc["status"] = "approved" if rec["settings"].get("approval_type") == 0 else "pending"
        doc["create_time"] = ctx.clock.now_iso()
        doc["_tk"] = ids.token_urlsafe(32)
        now = ctx.clock.now_ms()
        ctx.tx.insert(KIND, doc["id"], ctx.account_id, doc, parent=key, sort=f"{now:015d}")
        try:
            ctx.tx.key_put(NS_EMAIL, email_key, doc["id"])
        except Conflict:
            raise errors.bad_request(3000, "The registrant already exists.") from None
        obj = _event_object(rec)
        registrant = {name: doc.get(name, "") for name in ("id", *PROFILE_FIELDS)}
        registrant["status"] = doc["status"]
        registrant["custom_questions"] = doc["custom_questions"]
        obj["registrant"] = registrant
        ctx.emit("recording.registration_created", obj)
    return {
        "id": rec["id"],
        "registrant_id": doc["id"],
        "share_url": f"{rec['share_url']}?tk={doc['_tk']}",
        "topic": rec["topic"],
    }


def update_status(ctx: Ctx, rec: Doc, action: str, refs: list[Doc]) -> None:
    require_enabled(rec)
    if len(refs) > MAX_PER_CALL:
        raise errors.field_error("registrants", f"Only {MAX_PER_CALL} registrants per call.")
    sources, target = _TRANSITIONS[action]
    key = parent_key(rec)
    for ref in refs:
        rid = ref.get("id")
        doc = ctx.tx.get(KIND, str(rid), ctx.account_id) if isinstance(rid, str) else None
        if doc is None or doc.get("status") not in sources:
            continue
        if ctx.tx.key_get(NS_EMAIL, f"{key}:{str(doc['email']).lower()}") != doc["id"]:
            continue
        doc["status"] = target
        ctx.tx.update(KIND, doc["id"], doc)
        obj = _event_object(rec)
        obj["registrant"] = {n: doc.get(n, "") for n in ("id", "email", "first_name", "last_name")}
        event = "approved" if target == "approved" else "denied"
        ctx.emit(f"recording.registration_{event}", obj)


# -- questions -------------------------------------------------------------------------------
def get_questions(ctx: Ctx, rec: Doc) -> Doc:
    doc = ctx.tx.get(QUESTIONS, parent_key(rec), ctx.account_id)
    if doc is None:
        return {"questions": [], "custom_questions": []}
    return {"questions": doc["questions"], "custom_questions": doc["custom_questions"]}


def _standard(items: list[Any]) -> list[Doc]:
    by_field: dict[str, Doc] = {}
    for item in items:
        name = item.get("field_name") if isinstance(item, dict) else None
        if name not in STANDARD_FIELDS:
            raise errors.field_error("questions.field_name")
        by_field[str(name)] = {"field_name": name, "required": bool(item.get("required", False))}
    return [by_field[f] for f in STANDARD_FIELDS if f in by_field]


def _custom(items: list[Any]) -> list[Doc]:
    out: list[Doc] = []
    for item in items:
        if not isinstance(item, dict) or not str(item.get("title") or "").strip():
            raise errors.validation(
                [{"field": "custom_questions.title", "message": "Missing field: title."}]
            )
        qtype = item.get("type") or "short"
        answers = item.get("answers") or []
        if qtype not in CUSTOM_TYPES or not isinstance(answers, list):
            raise errors.field_error("custom_questions.type")
        if (qtype == "short") == bool(answers):
            raise errors.field_error("custom_questions.answers")
        question: Doc = {
            "title": str(item["title"]).strip(),
            "type": qtype,
            "required": bool(item.get("required", False)),
        }
        if answers:
            question["answers"] = [str(a) for a in answers]
        out.append(question)
    return out


def update_questions(ctx: Ctx, rec: Doc, body: Doc) -> None:
    current = get_questions(ctx, rec)
    if "questions" in body:
        current["questions"] = _standard(list(body.get("questions") or []))
    if "custom_questions" in body:
        current["custom_questions"] = _custom(list(body.get("custom_questions") or []))
    key = parent_key(rec)
    if ctx.tx.get(QUESTIONS, key, ctx.account_id) is None:
        ctx.tx.insert(QUESTIONS, key, ctx.account_id, current, parent=key)
    else:
        ctx.tx.update(QUESTIONS, key, current)
