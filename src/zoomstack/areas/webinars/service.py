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
from zoomstack.areas.meetings import series
from zoomstack.areas.meetings import service as meetings
from zoomstack.areas.meetings.documents import Documents
from zoomstack.areas.webinars import panelists, tracking_sources, views
from zoomstack.context import Ctx
from zoomstack.errors import ZoomError
from zoomstack.timefmt import iso_from_ms

KIND = "webinar"
NS_UUID = "webinar_uuid"
WEBINAR, RECURRING_NO_TIME, RECURRING = 5, 6, 9
SERIES_TYPES = frozenset({RECURRING_NO_TIME, RECURRING})
# What a UUID in a path can look like (standard or URL-safe base64 of 16 bytes).
_UUID_SHAPE = re.compile(r"^[A-Za-z0-9+/_-]{22}(==)?$")
_DOCS = Documents(KIND, NS_UUID)

as_parent = views.as_parent
find_webinar = _DOCS.find
save = _DOCS.save
insert = _DOCS.insert
move = _DOCS.move
claim_uuid = _DOCS.claim_uuid
set_live = _DOCS.set_live
next_instance_uuid = _DOCS.next_instance_uuid


# -- errors ----------------------------------------------------------------------------------
def not_found(webinar_id: object) -> ZoomError:
    return ZoomError(404, 3001, f"Webinar does not exist: {webinar_id}.")


def invalid_id() -> ZoomError:
    return ZoomError(400, 300, "Invalid webinar ID.")


def occurrence_missing() -> ZoomError:
    return ZoomError(400, 3000, "Webinar occurrence does not exist.")


# -- lookup (`find_webinar`: by number or instance UUID, see documents.py) ---------------------
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


# -- identifiers -----------------------------------------------------------------------------
def new_number(ctx: Ctx) -> int:
    """Webinar and meeting numbers come from one pool."""
    while True:
        number = ids.meeting_number(11)
        key = str(number)
        if ctx.tx.get(KIND, key, None) is None and ctx.tx.get(meetings.KIND, key, None) is None:
            return number


# -- live state (`set_live`, `next_instance_uuid`: see documents.py) ---------------------------
def not_started(doc: dict[str, Any]) -> ZoomError:
    return ZoomError(400, 3000, f"Webinar {doc['id']} has not started.")


def end_webinar(ctx: Ctx, doc: dict[str, Any]) -> None:
    """`PUT /webinars/{webinarId}/status` {"action": "end"}: only a webinar in progress ends."""
    if doc.get("status") != "started":
        raise not_started(doc)
    ended_live = _DOCS.end_live(ctx, doc)
    if ended_live is None:
        return
    ended, started_ms = ended_live
    obj = meeting_events.ended_object(
        ended, iso_from_ms(started_ms), ctx.clock.now_iso(), host_email=True
    )
    obj["practice_session"] = bool(ended.get("settings", {}).get("practice_session", False))
    ctx.emit("webinar.ended", obj)


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
        occ = series.live_occurrence(doc, occurrence_id, RECURRING, occurrence_missing)
        gone = series.delete_occurrence(doc, occ)
        save(ctx, doc)
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
    _DOCS.forget(ctx, doc)


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
