"""The rules of scheduling shared by create and update: who hosts (schedule_for), when
(start_time and timezone), the passcode policy, tracking fields and the derived URLs.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from zoomstack import errors, jsonutil
from zoomstack.areas.meetings import meeting_settings, passcodes, timezones, urls
from zoomstack.areas.users import service as users
from zoomstack.context import Ctx
from zoomstack.timefmt import format_iso, parse_iso

INSTANT, SCHEDULED, RECURRING_NO_TIME, PMI, RECURRING, SCREEN_SHARE = 1, 2, 3, 4, 8, 10
# Types with a start time of their own.
TIMED = frozenset({SCHEDULED, RECURRING, SCREEN_SHARE})

NO_HOSTING_CREATE = "Your user account is not allowed meeting hosting and scheduling capabilities."
NO_HOSTING = "Meeting hosting and scheduling capabilities are not allowed for your user account."


def check_can_host(host: dict[str, Any], message: str = NO_HOSTING_CREATE) -> None:
    # Users without a meetings plan (type 4 "unassigned", 99 "none") cannot host.
    if int(host.get("type") or users.BASIC) in (4, 99):
        raise errors.bad_request(3161, message)


def _may_schedule_for(ctx: Ctx, scheduler: dict[str, Any], host: dict[str, Any]) -> bool:
    """Scheduling privilege: the scheduler is one of the host's assistants."""
    from zoomstack.areas.users import assistants

    return assistants.is_assistant_of(ctx.tx, scheduler["id"], host["id"])


def resolve_host(
    ctx: Ctx, scheduler: dict[str, Any], schedule_for: Any, meeting_type: int
) -> tuple[dict[str, Any], str]:
    """(host, assistant_id): `schedule_for` names the host when someone schedules for another."""
    if schedule_for in (None, ""):
        return scheduler, ""
    host = users.find_user(ctx.tx, ctx.account_id, str(schedule_for))
    if host is None:
        raise errors.bad_request(
            300,
            "The value that you entered in the schedule_for field is invalid. Enter a valid value"
            " and try again.",
        )
    if host["id"] == scheduler["id"]:
        return scheduler, ""
    if meeting_type == INSTANT:
        raise errors.bad_request(
            3000,
            "Instant meetings do not support the schedule_for parameter, and you can't schedule"
            " an instant meeting for another user.",
        )
    if not _may_schedule_for(ctx, scheduler, host):
        raise errors.bad_request(3000, f"You cannot schedule a meeting for {schedule_for}")
    return host, scheduler["id"]


def check_pre_schedule(body: dict[str, Any], meeting_type: int) -> None:
    if body.get("pre_schedule") and meeting_type not in (SCHEDULED, RECURRING_NO_TIME):
        raise errors.bad_request(
            3000,
            "Prescheduling is only available for scheduled meetings (type 2) and recurring"
            " meetings with no fixed time (type 3).",
        )


def valid_timezone(name: str) -> bool:
    if name in timezones.DISPLAY_NAMES:
        return True
    try:
        ZoneInfo(name)
    except Exception:
        return False
    return True


def pick_timezone(given: Any, fallback: str) -> str:
    """The meeting's timezone: the one given if Zoom knows it, else the host's."""
    if isinstance(given, str) and given and valid_timezone(given):
        return given
    return fallback if fallback and valid_timezone(fallback) else "UTC"


def parse_start(raw: Any, tz_name: str) -> datetime:
    """A start_time in Zoom's forms: `…Z` is UTC, without an offset it is local to tz_name."""
    parsed = parse_iso(str(raw), timezones.iana(tz_name)) if isinstance(raw, str) else None
    if parsed is None:
        raise errors.field_error("start_time", "Invalid parameter: start_time.")
    return parsed.replace(microsecond=0)


def now_s(ctx: Ctx) -> datetime:
    return ctx.clock.now().replace(microsecond=0)


# -- passcodes -------------------------------------------------------------------------------
def _schedule_settings(ctx: Ctx, host: dict[str, Any]) -> dict[str, Any]:
    return dict(users.user_settings(ctx.tx, host).get("schedule_meeting", {}))


def requirement(ctx: Ctx, host: dict[str, Any]) -> dict[str, Any]:
    return dict(_schedule_settings(ctx, host).get("meeting_password_requirement") or {})


def new_passcode(ctx: Ctx, host: dict[str, Any], meeting_type: int, body: dict[str, Any]) -> str:
    """The passcode of a new meeting: the client's (checked against the host's requirements)
    or a generated one when the host's settings require one and `default_password` allows."""
    sched = _schedule_settings(ctx, host)
    req = dict(sched.get("meeting_password_requirement") or {})
    given = body.get("password")
    if isinstance(given, str) and given:
        passcodes.check(given, req)
        return given
    if meeting_type == INSTANT:
        required = bool(sched.get("require_password_for_instant_meetings", True))
    else:
        required = bool(sched.get("require_password_for_scheduling_new_meetings", True))
    locked = bool(sched.get("require_password_for_scheduling_new_meetings_locked", False))
    if required and (body.get("default_password", True) or locked):
        return passcodes.generate(req)
    return ""


def set_passcode(doc: dict[str, Any], password: str) -> None:
    for key in ("password", "h323_password", "pstn_password", "encrypted_password"):
        doc.pop(key, None)
    doc.update(passcodes.passcode_fields(password))


def password_field_error(ctx: Ctx, exc: errors.ZoomError) -> errors.ZoomError:
    """Schema validation reports an over-long passcode generically; Zoom words it as a broken
    passcode requirement. Rewrite that one entry and keep the others."""
    if not exc.errors or not any(e.get("field") == "password" for e in exc.errors):
        return exc
    try:
        raw = jsonutil.loads(ctx.body_bytes)
    except Exception:
        return exc
    password = raw.get("password") if isinstance(raw, dict) else None
    if not isinstance(password, str):
        return exc
    rules = passcodes.violations(password, {})
    if not rules:
        return exc
    rewritten = passcodes.requirement_error(rules).errors or []
    others = [e for e in exc.errors if e.get("field") != "password"]
    return errors.validation(rewritten + others)


# -- tracking fields -------------------------------------------------------------------------
def tracking_fields(ctx: Ctx, given: Any) -> list[dict[str, Any]]:
    if not isinstance(given, list):
        return []
    defined = {str(d.get("field")): d for d in ctx.tx.find("tracking_field", ctx.account_id)}
    out = []
    for item in given:
        if not isinstance(item, dict) or not item.get("field"):
            continue
        name = str(item["field"])
        out.append(
            {
                "field": name,
                "value": str(item.get("value", "")),
                "visible": bool(defined.get(name, {}).get("visible", True)),
            }
        )
    return out


# -- derived fields --------------------------------------------------------------------------
def refresh_derived(ctx: Ctx, doc: dict[str, Any], host: dict[str, Any]) -> None:
    """Recompute what follows from the other fields: PMI use, join/registration/chat URLs."""
    base = ctx.settings.base_url
    settings = doc.setdefault("settings", {})
    mtype = doc["type"]
    uses_pmi = bool(settings.get("use_pmi")) and mtype in (INSTANT, SCHEDULED, RECURRING_NO_TIME)
    if mtype == PMI:
        doc.pop("pmi", None)
    elif uses_pmi and host.get("pmi"):
        doc["pmi"] = str(host["pmi"])
    else:
        settings["use_pmi"] = False if mtype == RECURRING else settings.get("use_pmi", False)
        doc.pop("pmi", None)
    doc["join_url"] = urls.join_url(
        base, doc["id"], doc.get("encrypted_password", ""), doc.get("pmi", "")
    )
    if meeting_settings.registration_enabled(settings):
        token = doc.setdefault("_reg_token", urls.registration_token())
        doc["registration_url"] = urls.registration_url(base, token)
    else:
        doc.pop("registration_url", None)
    chat = settings.get("continuous_meeting_chat")
    if isinstance(chat, dict) and chat.get("enable") and mtype not in (INSTANT, SCREEN_SHARE):
        doc["chat_join_url"] = urls.chat_join_url(base, doc["id"])
    else:
        doc.pop("chat_join_url", None)


def iso(dt: datetime) -> str:
    return format_iso(dt)
