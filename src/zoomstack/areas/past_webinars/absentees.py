"""Webinar absentees: approved registrants of an ended instance who never joined it."""

from __future__ import annotations

from typing import Any

from zoomstack import errors, pagination
from zoomstack.areas.meeting_features import registrants
from zoomstack.areas.webinars import views as webinar_views
from zoomstack.context import Ctx
from zoomstack.sim import model

Doc = dict[str, Any]


def absentees(ctx: Ctx, webinar: Doc, inst: Doc, occurrence_id: str | None) -> Doc:
    parent = webinar_views.as_parent(webinar)
    if not parent.registration_enabled:
        raise errors.bad_request(
            3000, f"This webinar doesn't have registration required: {inst['uuid']}."
        )
    if occurrence_id and parent.occurrence(occurrence_id) is None:
        raise errors.bad_request(
            300,
            "The request could not be completed because you have provided an invalid occurrence"
            f" ID: {occurrence_id}.",
        )
    occurrence = occurrence_id or str(inst.get("occurrence_id") or "") or None
    came_ids: set[str] = set()
    came_emails: set[str] = set()
    for p in model.participants(ctx.tx, ctx.account_id, inst["uuid"]):
        if p.get("status") == model.IN_WAITING_ROOM:
            continue
        if p.get("registrant_id"):
            came_ids.add(str(p["registrant_id"]))
        if p.get("user_email"):
            came_emails.add(str(p["user_email"]).lower())
    missing = []
    for reg in registrants.all_of(ctx.tx, ctx.account_id, parent):
        status = registrants.status_for(reg, occurrence if reg.get("_occ") else None)
        if status != "approved":
            continue
        if reg["id"] in came_ids or str(reg.get("email") or "").lower() in came_emails:
            continue
        missing.append(reg)
    return pagination.paginate_list(
        ctx, "registrants", missing, transform=lambda r: registrants.public(r, "approved")
    )
