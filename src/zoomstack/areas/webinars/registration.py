"""Webinar registration on top of the generic registrant services (meeting_features): the
webinar-only rules — the `registrants_restrict_number` cap, panelists cannot register as
attendees, registration tracking sources — around add, batch, list and status changes.
"""

from __future__ import annotations

from typing import Any

from zoomstack.areas.meeting_features import registrant_status, registrants
from zoomstack.areas.meeting_features.parent import Parent
from zoomstack.areas.webinars import panelists, tracking_sources
from zoomstack.context import Ctx
from zoomstack.errors import ZoomError


def _cap_reached() -> ZoomError:
    return ZoomError(
        400,
        3000,
        "You have reached the limit for the number of attendees you can add. Contact Zoom"
        " Support for more information.",
    )


def _is_panelist() -> ZoomError:
    return ZoomError(
        400,
        3000,
        "You have been invited as a panelist for the webinar, please check your email to find"
        " more information about this webinar.",
    )


def _cap(parent: Parent) -> int:
    try:
        return max(0, int(parent.settings.get("registrants_restrict_number") or 0))
    except (TypeError, ValueError):
        return 0


def _holding_places(ctx: Ctx, parent: Parent) -> list[dict[str, Any]]:
    """Registrants that take a place under the cap: everyone not denied."""
    return [
        d for d in registrants.all_of(ctx.tx, ctx.account_id, parent) if d.get("status") != "denied"
    ]


def _check_room(ctx: Ctx, parent: Parent, emails: list[str]) -> None:
    cap = _cap(parent)
    if not cap:
        return
    taken = _holding_places(ctx, parent)
    known = {str(d.get("email", "")).lower() for d in taken}
    new = {e.strip().lower() for e in emails} - known
    if len(taken) + len(new) > cap:
        raise _cap_reached()


def _check_not_panelist(ctx: Ctx, parent: Parent, email: str) -> None:
    if panelists.is_panelist(ctx.tx, ctx.account_id, parent, email):
        raise _is_panelist()


def add_registrant(
    ctx: Ctx, parent: Parent, body: dict[str, Any], occurrence_ids: str
) -> dict[str, Any]:
    registrants.require_enabled(parent, "add")
    email = str(body["email"])
    _check_not_panelist(ctx, parent, email)
    _check_room(ctx, parent, [email])
    created = registrants.add_registrant(ctx, parent, body, occurrence_ids)
    source = body.get("source_id")
    if isinstance(source, str) and source:
        tracking_sources.tag_registrant(ctx, parent, str(created["registrant_id"]), source)
    return created


def batch_register(ctx: Ctx, parent: Parent, body: dict[str, Any]) -> dict[str, Any]:
    people = [p for p in body.get("registrants") or [] if isinstance(p, dict)]
    if parent.type == 5 and parent.registration_enabled:
        for person in people:
            _check_not_panelist(ctx, parent, str(person.get("email", "")))
        _check_room(ctx, parent, [str(p.get("email", "")) for p in people])
    return registrants.batch_register(ctx, parent, body)


def list_registrants(ctx: Ctx, parent: Parent) -> dict[str, Any]:
    status = ctx.q_enum("status", registrants.STATUSES, "approved")
    occurrence_id = ctx.q("occurrence_id") or None
    source = ctx.q("tracking_source_id")

    def from_source(doc: dict[str, Any]) -> bool:
        return doc.get(tracking_sources.SOURCE_FIELD) == source

    return registrants.list_registrants(
        ctx, parent, status, occurrence_id, from_source if source else None
    )


def update_status(
    ctx: Ctx, parent: Parent, body: dict[str, Any], occurrence_id: str | None
) -> None:
    refs = [r for r in body.get("registrants") or [] if isinstance(r, dict)]
    action = str(body["action"])
    if action == "approve" and _cap(parent):
        _check_approvals(ctx, parent, refs)
    registrant_status.update_status(ctx, parent, action, refs, occurrence_id)


def _check_approvals(ctx: Ctx, parent: Parent, refs: list[dict[str, Any]]) -> None:
    """Approving denied registrants must not take the webinar past its registrant cap."""
    returning = set()
    for ref in refs:
        doc = None
        if isinstance(ref.get("id"), str):
            doc = registrants.find(ctx.tx, ctx.account_id, parent, ref["id"])
        if doc is None and isinstance(ref.get("email"), str):
            doc = registrants.find_by_email(ctx.tx, ctx.account_id, parent, ref["email"])
        if doc is not None and doc.get("status") == "denied":
            returning.add(doc["id"])
    if returning and len(_holding_places(ctx, parent)) + len(returning) > _cap(parent):
        raise ZoomError(400, 3035, "Webinar has reached maximum attendee capacity.")
