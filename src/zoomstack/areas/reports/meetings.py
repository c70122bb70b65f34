"""Reports on one held meeting or webinar: details, participants, polls and Q&A.

The path value is a meeting (webinar) number — its most recent ended instance — or an instance
UUID (double-encoded when it holds / or //). The meetings/webinars resolvers have already turned
unknown numbers into 3001 at the edge; here an instance that has not ended (or does not exist)
is 404 3001 "... not found or has expired." and one older than a year 400 12702, in the
wording of each endpoint's spec.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from zoomstack import errors, scopes
from zoomstack.areas.reports import dates, paging
from zoomstack.sim import model

if TYPE_CHECKING:
    from zoomstack.context import Ctx

Doc = dict[str, Any]

_TOO_OLD = {
    False: "Can not access meeting a year ago.",
    True: "Can not access a webinar a year ago.",
}


def not_found(ref: str, is_webinar: bool) -> errors.ZoomError:
    label = "Webinar" if is_webinar else "Meeting"
    return errors.not_found(3001, f"{label} {model.decode_ref(ref)} not found or has expired.")


def ended_instance(ctx: Ctx, raw: str, *, is_webinar: bool) -> Doc:
    """The ended instance a report names. It outlives its meeting: a report of a deleted
    meeting (webinar) is still there, as on Zoom's dashboard."""
    inst = model.resolve_instance(ctx, raw, is_webinar=is_webinar, ended_only=True)
    if inst is None:
        raise not_found(raw, is_webinar)
    scopes.check_host_reach(ctx, inst.get("host_id"))
    if dates.older_than_a_year(ctx, int(inst.get("_start_ms") or 0)):
        raise errors.bad_request(12702, _TOO_OLD[is_webinar])
    return inst


def people_count(sessions: list[Doc]) -> int:
    """Distinct people who made it into the meeting (a rejoin is the same person)."""
    return len({p.get("participant_uuid") for p in sessions if p.get("status") == model.IN_MEETING})


def shown_email(p: Doc) -> str:
    """Zoom's email display rule: users of the host's account and registrants."""
    if p.get("internal_user") or p.get("registrant_id"):
        return str(p.get("user_email") or "")
    return ""


# -- details -----------------------------------------------------------------------------------
def details(inst: Doc) -> Doc:
    return {
        "uuid": inst["uuid"],
        "id": int(inst["id"]),
        "type": int(inst.get("type") or 0),
        "topic": str(inst.get("topic") or ""),
        "user_name": str(inst.get("user_name") or ""),
        "user_email": str(inst.get("host_email") or ""),
        "start_time": inst["start_time"],
        "end_time": inst["end_time"],
        "duration": int(inst.get("duration") or 0),
        "total_minutes": int(inst.get("total_minutes") or 0),
        "participants_count": int(inst.get("participants_count") or 0),
        "tracking_fields": [
            {"field": str(t.get("field", "")), "value": str(t.get("value", ""))}
            for t in inst.get("tracking_fields") or []
            if isinstance(t, dict)
        ],
        "dept": str(inst.get("dept") or ""),
        "custom_keys": [
            {"key": str(k.get("key", "")), "value": str(k.get("value", ""))}
            for k in (inst.get("custom_keys") or [])[:10]
            if isinstance(k, dict)
        ],
    }


# -- participants ------------------------------------------------------------------------------
def participant_item(p: Doc, with_registrant: bool) -> Doc:
    item: Doc = {
        "customer_key": str(p.get("customer_key") or ""),
        "duration": int(p.get("duration") or 0),
        "failover": bool(p.get("failover")),
        "id": str(p.get("id") or ""),
        "join_time": p["join_time"],
        "leave_time": p.get("leave_time") or p["join_time"],
        "name": str(p.get("name") or ""),
        "status": p.get("status") or model.IN_MEETING,
        "user_email": shown_email(p),
        "user_id": str(p.get("user_id") or ""),
        "participant_user_id": str(p.get("id") or ""),
        "bo_mtg_id": "",
    }
    if with_registrant:
        item["registrant_id"] = str(p.get("registrant_id") or "")
    return item


def participants(ctx: Ctx, inst: Doc) -> Doc:
    """Every join (a rejoin is its own record), by join time; nothing for a meeting that had
    fewer than two people (the host included)."""
    include = ctx.q_enum("include_fields", ("registrant_id",), "")
    sessions = model.participants(ctx.tx, ctx.account_id, inst["uuid"])
    if people_count(sessions) < 2:
        sessions = []
    return paging.page(
        ctx,
        "participants",
        sessions,
        transform=lambda p: participant_item(p, include == "registrant_id"),
    )


# -- polls -------------------------------------------------------------------------------------
def _split_name(name: str) -> tuple[str, str]:
    first, _, last = name.partition(" ")
    return first, last


def polls(ctx: Ctx, inst: Doc) -> Doc:
    """Answers grouped by person (anonymous answers stay separate), oldest first."""
    grouped: dict[str, Doc] = {}
    for i, answer in enumerate(model.poll_answers(ctx.tx, ctx.account_id, inst["uuid"])):
        key = f"anon:{i}" if answer.get("anonymous") else str(answer.get("participant_uuid"))
        name = str(answer.get("name") or "")
        first, last = _split_name(name)
        entry = grouped.setdefault(
            key,
            {
                "name": name,
                "first_name": first,
                "last_name": last,
                "email": str(answer.get("email") or ""),
                "question_details": [],
            },
        )
        for a in answer.get("answers") or []:
            entry["question_details"].append(
                {
                    "question": str(a.get("question", "")),
                    "answer": str(a.get("answer", "")),
                    "polling_id": str(a.get("polling_id") or answer.get("poll_id") or ""),
                    "date_time": str(a.get("date_time") or answer.get("date_time") or ""),
                }
            )
    return {
        "id": int(inst["id"]),
        "uuid": inst["uuid"],
        "start_time": inst["start_time"],
        "questions": list(grouped.values()),
    }


# -- Q&A ---------------------------------------------------------------------------------------
def _answer_type(answer: Doc) -> str:
    return "host_answered" if answer.get("live") else "host_answered_publicly"


def qa(ctx: Ctx, inst: Doc) -> Doc:
    """Questions grouped by who asked; each with its answers (a live answer reads "live
    answered")."""
    sessions = {str(p.get("session_id")): p for p in model.participants(ctx.tx, None, inst["uuid"])}
    by_email = {str(p.get("user_email") or "").lower(): p for p in sessions.values()}
    grouped: dict[str, Doc] = {}
    for i, q in enumerate(model.questions(ctx.tx, ctx.account_id, inst["uuid"])):
        asker = sessions.get(str(q.get("session_id")), {})
        key = f"anon:{i}" if q.get("anonymous") else str(q.get("participant_uuid"))
        entry = grouped.setdefault(
            key,
            {
                "user_id": "" if q.get("anonymous") else str(asker.get("user_id") or ""),
                "name": str(q.get("name") or ""),
                "email": str(q.get("email") or ""),
                "question_details": [],
            },
        )
        answers = [a for a in q.get("answers") or [] if isinstance(a, dict)]
        details = []
        for a in answers:
            who = by_email.get(str(a.get("email") or "").lower(), {})
            details.append(
                {
                    "user_id": str(who.get("user_id") or ""),
                    "name": str(a.get("name") or ""),
                    "email": str(a.get("email") or ""),
                    "content": str(a.get("answer") or ""),
                    "create_time": str(a.get("date_time") or ""),
                    "type": _answer_type(a),
                }
            )
        entry["question_details"].append(
            {
                "question_id": str(q.get("question_id") or ""),
                "question": str(q.get("question") or ""),
                "answer": str(answers[0].get("answer") or "") if answers else "",
                "create_time": str(q.get("date_time") or ""),
                "question_status": "answered" if answers else "open",
                "answer_details": details,
            }
        )
    return {
        "id": int(inst["id"]),
        "uuid": inst["uuid"],
        "start_time": inst["start_time"],
        "questions": list(grouped.values()),
    }
