"""Meetings: the domain rules.

A meeting is stored as kind "meeting", id = str(meeting number), parent = host user id, in the
host's account. The document holds Zoom's GET fields plus internal keys starting with "_":

- `_deleted` (ms): soft-deleted, recoverable for RECOVER_WINDOW_MS, then purged;
- `_occ_deleted` (ids) and `_occ_overrides` ({id: {start_time, duration, agenda, settings}}):
  per-occurrence changes of a recurring series;
- `_uuids`: every instance UUID the meeting has had (all map to it in key namespace
  "meeting_uuid"); `_last_started_ms`, `_created_ms`, `_reg_token`.

Other areas use `load_meeting`, `get_meeting_view`, `set_live`, `next_instance_uuid`, `save`.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import unquote

from zoomstack import errors, ids
from zoomstack.areas.meetings import (
    events,
    limits,
    meeting_settings,
    passcodes,
    scheduling,
    series,
    templates,
    views,
)
from zoomstack.areas.meetings.documents import Documents
from zoomstack.areas.meetings.scheduling import (
    INSTANT,
    PMI,
    RECURRING,
    RECURRING_NO_TIME,
    SCHEDULED,
    SCREEN_SHARE,
    TIMED,
)
from zoomstack.areas.users import service as users
from zoomstack.context import Ctx
from zoomstack.timefmt import format_iso, iso_from_ms

KIND = "meeting"
NS_UUID = "meeting_uuid"
DAY_MS = 86_400_000
RECOVER_WINDOW_MS = 7 * DAY_MS
DEFAULT_TOPIC = "Zoom Meeting"
DEFAULT_DURATION = 60
_ESCAPE = re.compile(r"%[0-9A-Fa-f]{2}")
_DOCS = Documents(KIND, NS_UUID)
save = _DOCS.save
set_live = _DOCS.set_live
next_instance_uuid = _DOCS.next_instance_uuid


# -- lookup ----------------------------------------------------------------------------------
def decode_ref(raw: str) -> str:
    """Zoom's double-encoding rule: the edge decoded the path segment once; a UUID that still
    holds %XX escapes was encoded twice."""
    return unquote(raw) if _ESCAPE.search(raw) else raw


def find_meeting(ctx: Ctx, ref: str) -> dict[str, Any] | None:
    """A meeting of the account by number or by (current or past) instance UUID."""
    doc = _DOCS.find(ctx, ref)
    if doc is None and ref.isdigit():
        from zoomstack.areas.meetings import pmi

        doc = pmi.pmi_meeting(ctx, ref)
    return doc


def load_meeting(ctx: Ctx, raw_id: str, *, include_deleted: bool = False) -> dict[str, Any]:
    """The stored meeting for a path value (number or UUID); 404 3001 when there is none."""
    ref = decode_ref(raw_id)
    doc = find_meeting(ctx, ref)
    # Deleted meetings are invisible except to recover (past the recovery window they are
    # purged by the next list or recover request).
    if doc is not None and doc.get("_deleted") and not include_deleted:
        doc = None
    if doc is None:
        raise errors.meeting_not_found(ref)
    return doc


def get_meeting_view(
    ctx: Ctx,
    doc: dict[str, Any],
    occurrence_id: str | None = None,
    show_previous: bool = False,
) -> dict[str, Any]:
    return views.meeting_view(ctx, doc, occurrence_id=occurrence_id, show_previous=show_previous)


def _host_of(ctx: Ctx, doc: dict[str, Any]) -> dict[str, Any]:
    host = users.find_user(ctx.tx, ctx.account_id, str(doc.get("host_id", "")))
    return host or {"id": doc.get("host_id", ""), "email": doc.get("host_email", "")}


# -- identifiers -----------------------------------------------------------------------------
def _new_number(ctx: Ctx) -> int:
    while True:
        number = ids.meeting_number(11)
        if ctx.tx.get(KIND, str(number), None) is None:
            return number


# -- create ----------------------------------------------------------------------------------
def read_body(ctx: Ctx, *, required: bool = False) -> dict[str, Any]:
    try:
        return ctx.body(required=required)
    except errors.ZoomError as exc:
        raise scheduling.password_field_error(ctx, exc) from None


def create_meeting(ctx: Ctx, user: dict[str, Any], body: dict[str, Any]) -> dict[str, Any]:
    template_id = body.get("template_id")
    if template_id:
        template = templates.find_template(ctx, user, str(template_id))
        if template is None:
            raise errors.bad_request(300, "Invalid parameter: template_id.")
        body = templates.apply(template, body)
    mtype = int(body.get("type") or SCHEDULED)
    host, assistant_id = scheduling.resolve_host(ctx, user, body.get("schedule_for"), mtype)
    scheduling.check_can_host(host)
    scheduling.check_pre_schedule(body, mtype)
    limits.count_create_update(ctx, host["id"])
    now = scheduling.now_s(ctx)
    tz = scheduling.pick_timezone(body.get("timezone"), str(host.get("timezone") or "UTC"))
    start = now
    if mtype in TIMED and body.get("start_time"):
        start = max(scheduling.parse_start(body["start_time"], tz), now)
    number = _new_number(ctx)
    uuid = _DOCS.claim_uuid(ctx, str(number))
    user_settings = users.user_settings(ctx.tx, host)
    settings = meeting_settings.merge(
        meeting_settings.defaults(mtype, user_settings), body.get("settings") or {}
    )
    meeting_settings.normalize(settings, meeting_type=mtype, host_licensed=users.is_licensed(host))
    doc: dict[str, Any] = {
        "uuid": uuid,
        "id": number,
        "host_id": host["id"],
        "host_email": host.get("email", ""),
        "assistant_id": assistant_id,
        "topic": str(body.get("topic") or DEFAULT_TOPIC),
        "type": mtype,
        "status": "waiting",
        "start_time": format_iso(start),
        "duration": int(body.get("duration") or DEFAULT_DURATION),
        "timezone": tz,
        "agenda": str(body.get("agenda") or ""),
        "created_at": format_iso(now),
        "settings": settings,
        "pre_schedule": bool(body.get("pre_schedule", False)),
        "creation_source": "open_api",
        "_uuids": [uuid],
        "_created_ms": ctx.clock.now_ms(),
    }
    if mtype == RECURRING:
        doc["recurrence"] = series.recurrence_for(body.get("recurrence"))
    scheduling.set_passcode(doc, scheduling.new_passcode(ctx, host, mtype, body))
    if body.get("tracking_fields"):
        doc["tracking_fields"] = scheduling.tracking_fields(ctx, body["tracking_fields"])
    if template_id:
        doc["template_id"] = str(template_id)
    scheduling.refresh_derived(ctx, doc, host)
    series.check_series(doc, RECURRING)
    _DOCS.insert(ctx, doc, host)
    view = get_meeting_view(ctx, doc)
    ctx.emit("meeting.created", events.created_object(view), operation="single")
    return view


# -- update ----------------------------------------------------------------------------------
def update_meeting(
    ctx: Ctx, doc: dict[str, Any], body: dict[str, Any], occurrence_id: str | None
) -> None:
    host = _host_of(ctx, doc)
    scheduling.check_can_host(host, scheduling.NO_HOSTING)
    if occurrence_id:
        limits.count_create_update(ctx, str(doc["host_id"]))
        _update_occurrence(ctx, doc, body, occurrence_id)
        return
    before = series.snapshot(doc)
    new_type = doc["type"] if doc["type"] == PMI else int(body.get("type") or doc["type"])
    schedule_for = body.get("schedule_for")
    new_host, assistant_id = host, str(doc.get("assistant_id", ""))
    if schedule_for not in (None, ""):
        new_host, assistant_id = scheduling.resolve_host(ctx, host, schedule_for, new_type)
        if new_host["id"] == host["id"]:
            assistant_id = str(doc.get("assistant_id", ""))
    scheduling.check_pre_schedule(body, new_type)
    limits.count_create_update(ctx, str(new_host["id"]))
    if body.get("template_id"):
        template = templates.find_template(ctx, host, str(body["template_id"]))
        if template is None:
            raise errors.bad_request(300, "Invalid parameter: template_id.")
        body = {
            **body,
            "settings": {**template.get("settings", {}), **(body.get("settings") or {})},
        }
        doc["template_id"] = str(body["template_id"])
    series.apply_schedule(
        doc, body, new_type, now=scheduling.now_s(ctx), timed=TIMED, series_type=RECURRING
    )
    if new_host["id"] != host["id"]:
        doc["host_id"], doc["host_email"] = new_host["id"], new_host.get("email", "")
        doc["assistant_id"] = assistant_id
    settings = meeting_settings.merge(doc.get("settings", {}), body.get("settings") or {})
    meeting_settings.normalize(
        settings, meeting_type=new_type, host_licensed=users.is_licensed(new_host)
    )
    doc["settings"] = settings
    if "password" in body:
        password = str(body.get("password") or "")
        if password:
            passcodes.check(password, scheduling.requirement(ctx, new_host))
        if password != doc.get("password", ""):
            scheduling.set_passcode(doc, password)
    if "tracking_fields" in body:
        doc["tracking_fields"] = scheduling.tracking_fields(ctx, body["tracking_fields"])
    if "pre_schedule" in body:
        doc["pre_schedule"] = bool(body["pre_schedule"])
    scheduling.refresh_derived(ctx, doc, new_host)
    series.check_series(doc, RECURRING)
    series.prune_occurrence_changes(doc, RECURRING)
    if new_host["id"] != host["id"]:
        _DOCS.move(ctx, doc, new_host)
    else:
        save(ctx, doc)
    changed, previous = series.changes_since(before, doc)
    if changed:
        scope = "all" if doc["type"] in (RECURRING, RECURRING_NO_TIME) else "single"
        ident = {"id": doc["id"], "uuid": doc["uuid"]}
        events.emit_updated(ctx, ident, changed, previous, scope=scope)


def _update_occurrence(
    ctx: Ctx, doc: dict[str, Any], body: dict[str, Any], occurrence_id: str
) -> None:
    series.live_occurrence(doc, occurrence_id, RECURRING, views.invalid_occurrence)
    changed, previous = series.update_occurrence(
        ctx, doc, occurrence_id, body, view=views.meeting_view, save=save,
        settings_allowed=meeting_settings.OCCURRENCE_SETTINGS,
    )  # fmt: skip
    if changed:
        ident = {"id": doc["id"], "uuid": doc["uuid"]}
        events.emit_updated(ctx, ident, changed, previous, scope="single")


# -- delete, recover, purge ------------------------------------------------------------------
def delete_meeting(ctx: Ctx, doc: dict[str, Any], occurrence_id: str | None) -> None:
    # Accepted for compatibility; zoomstack sends no e-mail.
    ctx.q_bool("schedule_for_reminder")
    ctx.q_bool("cancel_meeting_reminder")
    if doc["type"] == PMI:
        raise errors.bad_request(3018, "Not allowed to delete PMI.")
    if doc.get("status") == "started":
        raise errors.bad_request(
            3002, "Sorry, you cannot delete this meeting since it is in progress."
        )
    view = get_meeting_view(ctx, doc, show_previous=True)
    if occurrence_id:
        occ = series.live_occurrence(doc, occurrence_id, RECURRING, views.invalid_occurrence)
        gone = series.delete_occurrence(doc, occ)
        save(ctx, doc)
        ctx.emit("meeting.deleted", events.summary(view, gone), operation="single")
        return
    doc["_deleted"] = ctx.clock.now_ms()
    save(ctx, doc)
    operation = "all" if doc["type"] in (RECURRING, RECURRING_NO_TIME) else "single"
    ctx.emit("meeting.deleted", events.summary(view), operation=operation)


def recoverable(ctx: Ctx, doc: dict[str, Any]) -> bool:
    deleted = int(doc.get("_deleted") or 0)
    return bool(deleted) and ctx.clock.now_ms() - deleted <= RECOVER_WINDOW_MS


def purge_if_due(ctx: Ctx, doc: dict[str, Any]) -> bool:
    """Permanently remove a deleted meeting once it can no longer be recovered."""
    if not doc.get("_deleted") or recoverable(ctx, doc):
        return False
    view = views.public(doc)
    purge(ctx, doc)
    operation = "all" if doc["type"] in (RECURRING, RECURRING_NO_TIME) else "single"
    ctx.emit("meeting.permanently_deleted", events.summary(view), operation=operation)
    return True


def purge(ctx: Ctx, doc: dict[str, Any]) -> None:
    _DOCS.forget(ctx, doc)


def recover_meeting(ctx: Ctx, doc: dict[str, Any]) -> errors.ZoomError | None:
    """Undo a delete within the recovery window. Past it, the meeting is purged and the answer
    is "does not exist" — returned, not raised, so that the purge is committed."""
    if not doc.get("_deleted"):
        return None
    if purge_if_due(ctx, doc):
        return errors.meeting_not_found(doc["id"])
    doc.pop("_deleted", None)
    save(ctx, doc)
    view = get_meeting_view(ctx, doc)
    operation = "all" if doc["type"] in (RECURRING, RECURRING_NO_TIME) else "single"
    obj = events.summary(view)
    obj.setdefault("start_time", doc.get("start_time", ""))
    ctx.emit("meeting.recovered", obj, operation=operation)
    return None


# -- live state (`set_live`, `next_instance_uuid`: see documents.py) ---------------------------
def end_meeting(ctx: Ctx, doc: dict[str, Any]) -> None:
    if doc.get("status") != "started":
        raise errors.bad_request(3000, "Meeting is not in progress.")
    ended_live = _DOCS.end_live(ctx, doc)
    if ended_live is None:
        return
    ended, started_ms = ended_live
    obj = events.ended_object(ended, iso_from_ms(started_ms), ctx.clock.now_iso())
    ctx.emit("meeting.ended", obj)


def update_status(ctx: Ctx, doc: dict[str, Any], action: str) -> errors.ZoomError | None:
    """`end` or `recover`; a returned error is the answer after committed side effects."""
    scheduling.check_can_host(_host_of(ctx, doc), scheduling.NO_HOSTING)
    if action == "recover":
        return recover_meeting(ctx, doc)
    if doc.get("_deleted"):
        raise errors.meeting_not_found(doc["id"])
    end_meeting(ctx, doc)
    return None


# -- invitation ------------------------------------------------------------------------------
def invitation(ctx: Ctx, doc: dict[str, Any]) -> dict[str, Any]:
    from zoomstack.areas.meetings import invitation as text

    host = _host_of(ctx, doc)
    scheduling.check_can_host(host, scheduling.NO_HOSTING)
    name = f"{host.get('first_name', '')} {host.get('last_name', '')}".strip()
    name = name or str(host.get("display_name") or host.get("email") or "Zoom user")
    view = get_meeting_view(ctx, doc)
    return text.build(view, host_name=name, base_url=ctx.settings.base_url)


# -- hosts leaving the account ---------------------------------------------------------------
def on_user_removed(
    ctx: Ctx, user: dict[str, Any], target: dict[str, Any] | None, kinds: frozenset[str]
) -> None:
    """Meetings of a removed user move to `target` when asked to, or go with the user."""
    for doc in ctx.tx.find(KIND, ctx.account_id, parent=user["id"]):
        if target is not None and "meeting" in kinds and doc["type"] != PMI:
            doc["host_id"], doc["host_email"] = target["id"], target.get("email", "")
            scheduling.refresh_derived(ctx, doc, target)
            _DOCS.move(ctx, doc, target)
        else:
            purge(ctx, doc)


__all__ = [
    "INSTANT",
    "KIND",
    "NS_UUID",
    "PMI",
    "RECURRING",
    "RECURRING_NO_TIME",
    "SCHEDULED",
    "SCREEN_SHARE",
    "get_meeting_view",
    "load_meeting",
    "next_instance_uuid",
    "save",
    "set_live",
]
