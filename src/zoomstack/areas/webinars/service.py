"""Webinars: lookup, the stored document, lifecycle (live, end, delete) and what other areas use.

A webinar is stored as kind "webinar", id = str(webinar number), parent = host user id, in the
host's account. The document holds Zoom's GET fields plus `status` ("waiting" | "started", set by
the simulator through `set_live`; not shown) and internal keys starting with "_":

- `_occ_deleted` (ids) and `_occ_overrides` ({id: {start_time, duration, agenda, settings}}):
  per-occurrence changes of a fixed-time series (type 9), as for meetings;
- `_uuids`: every instance UUID the webinar has had (key namespace "webinar_uuid");
- `_assistant_id`, `_reg_token`, `_created_ms`, `_last_started_ms`.

Creating and updating live in scheduling.py. Other areas (the simulator) use `load_webinar`,
`find_webinar`, `get_webinar_view`, `as_parent`, `set_live`, `next_instance_uuid`, `save` and
`panelists.all_of`.
"""

from __future__ import annotations

import re
from typing import Any

from zoomstack import errors, ids
from zoomstack.areas.meeting_features import lifecycle as feature_lifecycle
from zoomstack.areas.meeting_features.parent import Parent
from zoomstack.areas.meetings import events as meeting_events
from zoomstack.areas.meetings import recurrence
from zoomstack.areas.meetings import service as meetings
from zoomstack.areas.meetings import views as meeting_views
from zoomstack.areas.webinars import panelists, tracking_sources, views
from zoomstack.context import Ctx
from zoomstack.errors import ZoomError
from zoomstack.sim import hooks as sim_hooks
from zoomstack.store import Conflict
from zoomstack.timefmt import format_iso, iso_from_ms

KIND = "webinar"
NS_UUID = "webinar_uuid"
WEBINAR, RECURRING_NO_TIME, RECURRING = 5, 6, 9
SERIES_TYPES = frozenset({RECURRING_NO_TIME, RECURRING})
# What a UUID in a path can look like (standard or URL-safe base64 of 16 bytes).
_UUID_SHAPE = re.compile(r"^[A-Za-z0-9+/_-]{22}(==)?$")

as_parent = views.as_parent


# -- errors ----------------------------------------------------------------------------------
def not_found(webinar_id: object) -> ZoomError:
    return ZoomError(404, 3001, f"Webinar does not exist: {webinar_id}.")


def invalid_id() -> ZoomError:
    return ZoomError(400, 300, "Invalid webinar ID.")


def occurrence_missing() -> ZoomError:
    return ZoomError(400, 3000, "Webinar occurrence does not exist.")


# -- lookup ----------------------------------------------------------------------------------
def find_webinar(ctx: Ctx, ref: str) -> dict[str, Any] | None:
    """A webinar of the account by number or by (current or past) instance UUID."""
    if ref.isdigit():
        return ctx.tx.get(KIND, ref, ctx.account_id)
    webinar_id = ctx.tx.key_get(NS_UUID, ref)
    return None if webinar_id is None else ctx.tx.get(KIND, webinar_id, ctx.account_id)


def load_webinar(ctx: Ctx, raw_id: str) -> dict[str, Any]:
    """The stored webinar for a path value (number or UUID, double-encoded when it holds a
    slash); 404 3001 when there is none, 300 for a value that cannot be a webinar ID."""
    ref = meetings.decode_ref(raw_id)
    doc = find_webinar(ctx, ref)
    if doc is None:
        if not ref.isdigit() and not _UUID_SHAPE.match(ref):
            raise invalid_id()
        raise not_found(ref)
    return doc


def get_webinar_view(
    ctx: Ctx,
    doc: dict[str, Any],
    occurrence_id: str | None = None,
    show_previous: bool = False,
) -> dict[str, Any]:
    return views.webinar_view(ctx, doc, occurrence_id=occurrence_id, show_previous=show_previous)


def save(ctx: Ctx, doc: dict[str, Any]) -> None:
    ctx.tx.update(KIND, str(doc["id"]), doc, sort=sort_key(doc))


def sort_key(doc: dict[str, Any]) -> str:
    return f"{doc.get('created_at', '')}{doc['id']:0>12}"


def insert(ctx: Ctx, doc: dict[str, Any], host: dict[str, Any]) -> None:
    ctx.tx.insert(
        KIND, str(doc["id"]), host["account_id"], doc, parent=host["id"], sort=sort_key(doc)
    )


def move(ctx: Ctx, doc: dict[str, Any], host: dict[str, Any]) -> None:
    """Re-file the webinar under another host (schedule_for on update, user transfer)."""
    ctx.tx.delete(KIND, str(doc["id"]))
    insert(ctx, doc, host)


# -- identifiers -----------------------------------------------------------------------------
def new_number(ctx: Ctx) -> int:
    """Webinar and meeting numbers come from one pool."""
    while True:
        number = ids.meeting_number(11)
        key = str(number)
        if ctx.tx.get(KIND, key, None) is None and ctx.tx.get(meetings.KIND, key, None) is None:
            return number


def claim_uuid(ctx: Ctx, webinar_id: str) -> str:
    while True:
        uuid = ids.meeting_uuid()
        try:
            ctx.tx.key_put(NS_UUID, uuid, webinar_id)
        except Conflict:
            continue
        return uuid


def next_instance_uuid(ctx: Ctx, doc: dict[str, Any]) -> str:
    """Give the webinar a new UUID for its next instance; the old one keeps resolving to it
    (past instances). Saves the document."""
    doc["uuid"] = claim_uuid(ctx, str(doc["id"]))
    doc.setdefault("_uuids", []).append(doc["uuid"])
    save(ctx, doc)
    return str(doc["uuid"])


# -- live state ------------------------------------------------------------------------------
def set_live(ctx: Ctx, doc: dict[str, Any], live: bool) -> dict[str, Any]:
    """Flip the webinar between `started` and `waiting` (the simulator's hook). Ending does not
    change the UUID: call `next_instance_uuid` once the ended instance has been recorded."""
    doc["status"] = "started" if live else "waiting"
    if live:
        doc["_last_started_ms"] = ctx.clock.now_ms()
    save(ctx, doc)
    return doc


def not_started(doc: dict[str, Any]) -> ZoomError:
    return ZoomError(400, 3000, f"Webinar {doc['id']} has not started.")


def end_webinar(ctx: Ctx, doc: dict[str, Any]) -> None:
    """`PUT /webinars/{webinarId}/status` {"action": "end"}: only a webinar in progress ends."""
    if doc.get("status") != "started":
        raise not_started(doc)
    if sim_hooks.end_live(ctx, "webinar", doc):
        return  # the simulator ended the instance it runs (events, records, next UUID)
    ended = meeting_views.public(doc)
    started_ms = int(doc.get("_last_started_ms") or ctx.clock.now_ms())
    set_live(ctx, doc, False)
    next_instance_uuid(ctx, doc)
    ctx.emit(
        "webinar.ended",
        {
            "id": str(ended["id"]),
            "uuid": ended["uuid"],
            "host_id": ended["host_id"],
            "host_email": ended.get("host_email", ""),
            "topic": ended.get("topic", ""),
            "type": ended["type"],
            "start_time": iso_from_ms(started_ms),
            "timezone": ended.get("timezone", ""),
            "duration": ended.get("duration", 0),
            "end_time": ctx.clock.now_iso(),
            "practice_session": bool(ended.get("settings", {}).get("practice_session", False)),
        },
    )


# -- delete ----------------------------------------------------------------------------------
def _operation(doc: dict[str, Any]) -> str:
    return "all" if doc["type"] in SERIES_TYPES else "single"


def delete_webinar(ctx: Ctx, doc: dict[str, Any], occurrence_id: str | None) -> None:
    """Delete one occurrence of a fixed-time series, or the whole webinar with everything that
    hangs off it (Zoom offers no API to recover a webinar, so none is kept)."""
    # Accepted for compatibility; zoomstack sends no e-mail.
    ctx.q_bool("cancel_webinar_reminder")
    if doc.get("status") == "started":
        raise errors.bad_request(
            3002, "Sorry, you cannot delete this webinar since it is in progress."
        )
    view = get_webinar_view(ctx, doc, show_previous=True)
    if occurrence_id:
        if doc["type"] != RECURRING:
            raise occurrence_missing()
        occ = recurrence.find_occurrence(meeting_views.occurrences(doc), occurrence_id)
        if occ is None or occ.status == "deleted":
            raise occurrence_missing()
        doc.setdefault("_occ_deleted", []).append(occurrence_id)
        save(ctx, doc)
        gone = [{"occurrence_id": occ.occurrence_id, "start_time": format_iso(occ.start)}]
        ctx.emit("webinar.deleted", meeting_events.summary(view, gone), operation="single")
        return
    purge(ctx, doc)
    ctx.emit("webinar.deleted", meeting_events.summary(view), operation=_operation(doc))


def purge(ctx: Ctx, doc: dict[str, Any]) -> None:
    """Remove the webinar and everything stored for it."""
    parent = Parent(KIND, doc)
    feature_lifecycle.forget_parent(ctx.tx, ctx.account_id, parent)
    panelists.forget_all(ctx.tx, ctx.account_id, parent)
    tracking_sources.forget_all(ctx.tx, ctx.account_id, parent)
    for uuid in {doc.get("uuid"), *doc.get("_uuids", [])}:
        if uuid:
            ctx.tx.key_delete(NS_UUID, str(uuid))
    ctx.tx.delete(KIND, str(doc["id"]))


# -- hosts leaving the account ---------------------------------------------------------------
def on_user_removed(
    ctx: Ctx, user: dict[str, Any], target: dict[str, Any] | None, kinds: frozenset[str]
) -> None:
    """Webinars of a removed user move to `target` when asked to, or go with the user."""
    from zoomstack.areas.webinars import scheduling

    for doc in ctx.tx.find(KIND, ctx.account_id, parent=user["id"]):
        if target is not None and "webinar" in kinds:
            doc["host_id"], doc["host_email"] = target["id"], target.get("email", "")
            scheduling.refresh_derived(ctx, doc)
            move(ctx, doc, target)
        else:
            purge(ctx, doc)
