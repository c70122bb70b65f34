"""Past meetings and webinars: what the simulator recorded, as Zoom's post-meeting APIs show it.

Generic over meetings and webinars (`is_webinar`). A path value of digits means the meeting's
most recent ended instance, anything else an instance UUID (double-encoded when it holds / or
//). Rules:

- before any instance ended (or for the UUID of an instance still in progress): 404 3001
  "Meeting ID is invalid or not end." ("Webinar ID ..." for webinars);
- an instance that started more than a year ago (server clock): 400 12702 "Can not access a
  meeting a year ago.";
- instance lists keep the last 15 months;
- emails in polls and Q&A follow the same display rule as participants;
- participant lists leave out one-person meetings (Zoom's default for the account setting "Show
  one person meetings"), and show a participant's email only when they are a user of the host's
  account or registered (Zoom's email display rule).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from zoomstack import errors, pagination
from zoomstack.context import Ctx
from zoomstack.sim import model
from zoomstack.timefmt import parse_date

Doc = dict[str, Any]
YEAR_MS = 365 * 86_400_000


def _months_back(now: datetime, months: int) -> datetime:
    year, month = now.year, now.month - months
    while month <= 0:
        month += 12
        year -= 1
    day = min(now.day, 28)
    return now.replace(year=year, month=month, day=day)


def not_ended(is_webinar: bool) -> errors.ZoomError:
    label = "Webinar" if is_webinar else "Meeting"
    return errors.not_found(3001, f"{label} ID is invalid or not end.")


def too_old() -> errors.ZoomError:
    return errors.bad_request(12702, "Can not access a meeting a year ago.")


def instance(ctx: Ctx, raw: str, *, is_webinar: bool) -> Doc:
    """The ended instance a path value names, within the last year."""
    inst = model.resolve_instance(ctx, raw, is_webinar=is_webinar, ended_only=True)
    if inst is None:
        raise not_ended(is_webinar)
    if ctx.clock.now_ms() - int(inst.get("_start_ms") or 0) > YEAR_MS:
        raise too_old()
    return inst


# -- details -----------------------------------------------------------------------------------
def details(inst: Doc) -> Doc:
    return {
        "uuid": inst["uuid"],
        "id": inst["id"],
        "host_id": inst["host_id"],
        "type": inst["type"],
        "topic": inst.get("topic", ""),
        "user_name": inst.get("user_name", ""),
        "user_email": inst.get("host_email", ""),
        "start_time": inst["start_time"],
        "end_time": inst["end_time"],
        "duration": int(inst.get("duration") or 0),
        "total_minutes": int(inst.get("total_minutes") or 0),
        "participants_count": int(inst.get("participants_count") or 0),
        "dept": inst.get("dept", ""),
        "source": inst.get("source", "Zoom"),
    }


# -- instances ---------------------------------------------------------------------------------
def _date_param(ctx: Ctx, name: str) -> date | None:
    raw = ctx.q(name)
    if not raw:
        return None
    value = parse_date(raw)
    if value is None:
        raise errors.field_error(name, f"Invalid parameter: {name}.")
    return value


def instances(ctx: Ctx, number: int | str, *, is_webinar: bool) -> list[Doc]:
    """Ended instances of the last 15 months, oldest first; `from`/`to` (both) narrow them to
    start dates (UTC) in that range."""
    first, last = _date_param(ctx, "from"), _date_param(ctx, "to")
    oldest = _months_back(ctx.clock.now(), 15)
    out = []
    for inst in model.instances_of(ctx.tx, ctx.account_id, number, True, is_webinar=is_webinar):
        started = datetime.fromtimestamp(int(inst["_start_ms"]) / 1000, tz=UTC)
        if started < oldest:
            continue
        if first is not None and last is not None and not first <= started.date() <= last:
            continue
        out.append({"uuid": inst["uuid"], "start_time": inst["start_time"]})
    return out


# -- participants ------------------------------------------------------------------------------
def shown_email(p: Doc, field: str = "user_email") -> str:
    """Zoom's email display rule: users of the host's account and registrants only."""
    if p.get("internal_user") or p.get("registrant_id"):
        return str(p.get(field) or "")
    return ""


def participant_item(p: Doc) -> Doc:
    item: Doc = {
        "id": str(p.get("id") or ""),
        "name": str(p.get("name") or ""),
        "user_id": str(p.get("user_id") or ""),
    }
    if p.get("registrant_id"):
        item["registrant_id"] = p["registrant_id"]
    item.update(
        {
            "user_email": shown_email(p),
            "join_time": p["join_time"],
            "leave_time": p.get("leave_time") or p["join_time"],
            "duration": int(p.get("duration") or 0),
            "failover": bool(p.get("failover")),
            "status": p.get("status") or model.IN_MEETING,
            "internal_user": bool(p.get("internal_user")),
        }
    )
    return item


def participants(ctx: Ctx, inst: Doc) -> Doc:
    sessions = model.participants(ctx.tx, ctx.account_id, inst["uuid"])
    people = {p.get("participant_uuid") for p in sessions}
    if len(people) < 2:
        sessions = []
    body = pagination.paginate_list(ctx, "participants", sessions, transform=participant_item)
    body.pop("page_number", None)
    return body


# -- polls and Q&A -----------------------------------------------------------------------------
def polls(ctx: Ctx, inst: Doc) -> Doc:
    """Answers grouped by participant (anonymous polls: "Anonymous Attendee", no email)."""
    grouped: dict[str, Doc] = {}
    for answer in model.poll_answers(ctx.tx, ctx.account_id, inst["uuid"]):
        key = f"{answer.get('participant_uuid')}|{answer.get('anonymous')}"
        entry = grouped.setdefault(
            key,
            {"name": answer.get("name", ""), "email": shown_email(answer, "email"),
             "question_details": []},
        )  # fmt: skip
        for detail in answer.get("answers") or []:
            entry["question_details"].append(
                {
                    "question": detail.get("question", ""),
                    "answer": detail.get("answer", ""),
                    "polling_id": detail.get("polling_id", answer.get("poll_id", "")),
                    "date_time": detail.get("date_time", answer.get("date_time", "")),
                }
            )
    return {
        "id": inst["id"],
        "uuid": inst["uuid"],
        "start_time": inst["start_time"],
        "questions": list(grouped.values()),
    }


def qa(ctx: Ctx, inst: Doc) -> Doc:
    """Questions grouped by who asked; each answer is one detail (a live answer reads "live
    answered"), an unanswered question one detail with an empty answer."""
    grouped: dict[str, Doc] = {}
    for q in model.questions(ctx.tx, ctx.account_id, inst["uuid"]):
        key = f"{q.get('participant_uuid')}|{q.get('anonymous')}"
        entry = grouped.setdefault(
            key,
            {"name": q.get("name", ""), "email": shown_email(q, "email"), "question_details": []},
        )
        answers = q.get("answers") or [{"answer": ""}]
        for a in answers:
            entry["question_details"].append(
                {"question": q.get("question", ""), "answer": a.get("answer", "")}
            )
    return {
        "id": inst["id"],
        "uuid": inst["uuid"],
        "start_time": inst["start_time"],
        "questions": list(grouped.values()),
    }
