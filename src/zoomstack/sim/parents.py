"""The owning area's side of a live meeting or webinar: its `status` (waiting ⇄ started), its
next instance UUID, its series, alternative hosts and panelists — through the meetings and
webinars services."""

from __future__ import annotations

import re
from typing import Any

from zoomstack.areas.meetings import service as meetings
from zoomstack.areas.meetings import views as meeting_views
from zoomstack.areas.webinars import panelists
from zoomstack.areas.webinars import service as webinars
from zoomstack.areas.webinars import views as webinar_views
from zoomstack.context import Ctx
from zoomstack.sim.runtime import Held

_SPLIT = re.compile(r"[;,\s]+")


def set_live(ctx: Ctx, held: Held, live: bool) -> None:
    if held.is_webinar:
        webinars.set_live(ctx, held.doc, live)
    else:
        meetings.set_live(ctx, held.doc, live)


def next_instance_uuid(ctx: Ctx, held: Held) -> str:
    """After an instance ended: the meeting/webinar gets a new UUID for its next instance."""
    if held.is_webinar:
        return webinars.next_instance_uuid(ctx, held.doc)
    return meetings.next_instance_uuid(ctx, held.doc)


def series(held: Held) -> list[dict[str, Any]]:
    """The occurrences of a fixed-time series, as the owning area computes them."""
    if held.is_webinar:
        return list(webinar_views.series(held.doc))
    return [o.to_json() for o in meeting_views.occurrences(held.doc)]


def alternative_hosts(held: Held) -> set[str]:
    """Emails (lower-case) and user IDs named as alternative hosts."""
    raw = str(held.settings.get("alternative_hosts") or "")
    return {p.strip().lower() for p in _SPLIT.split(raw) if p.strip()}


def panelist_emails(ctx: Ctx, held: Held) -> set[str]:
    """A webinar's panelists (lower-case emails)."""
    if not held.is_webinar:
        return set()
    docs = panelists.all_of(ctx.tx, held.account_id, held.parent)
    return {str(d.get("email") or "").lower() for d in docs if d.get("email")}


def panelist_for_token(ctx: Ctx, held: Held, token: str) -> dict[str, Any] | None:
    """The panelist of this webinar a join link's `tk` stands for (None for other tokens)."""
    if not held.is_webinar:
        return None
    doc = panelists.panelist_for_token(ctx.tx, token)
    if doc is None or str(doc.get("email") or "").lower() not in panelist_emails(ctx, held):
        return None
    return dict(doc)
