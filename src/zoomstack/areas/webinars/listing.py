"""GET /users/{userId}/webinars: a host's webinars, `scheduled` (every webinar still usable) or
`upcoming` (live, or with a slot still to come, or without a fixed time).

A webinar stops being listed 90 days after its last scheduled slot ended (Zoom deletes it
then); a series without a fixed time, 365 days after it was created or last started.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from zoomstack import pagination
from zoomstack.areas.meetings import views as meeting_views
from zoomstack.areas.webinars import licence, views
from zoomstack.areas.webinars.service import KIND, RECURRING_NO_TIME
from zoomstack.context import Ctx
from zoomstack.timefmt import parse_iso

LIST_TYPES = ("scheduled", "upcoming")
ENDED_EXPIRY = timedelta(days=90)
UNFIXED_EXPIRY = timedelta(days=365)


def _spans(doc: dict[str, Any]) -> list[tuple[datetime, datetime]]:
    occs = meeting_views.occurrences(doc)
    if occs:
        return [(o.start, o.end) for o in occs if o.status == "available"]
    if doc["type"] == RECURRING_NO_TIME:
        return []
    start = parse_iso(doc.get("start_time", ""))
    if start is None:
        return []
    return [(start, start + timedelta(minutes=int(doc.get("duration") or 0)))]


def expired(doc: dict[str, Any], now: datetime) -> bool:
    if doc.get("status") == "started":
        return False
    if doc["type"] == RECURRING_NO_TIME:
        base = parse_iso(doc.get("created_at", "")) or now
        last_started = doc.get("_last_started_ms")
        if last_started:
            base = max(base, datetime.fromtimestamp(int(last_started) / 1000, tz=now.tzinfo))
        return base + UNFIXED_EXPIRY < now
    spans = _spans(doc)
    return bool(spans) and max(end for _, end in spans) + ENDED_EXPIRY < now


def _upcoming(doc: dict[str, Any], now: datetime) -> bool:
    if doc.get("status") == "started" or doc["type"] == RECURRING_NO_TIME:
        return True
    return any(end > now for _, end in _spans(doc))


def list_webinars(ctx: Ctx, user: dict[str, Any]) -> dict[str, Any]:
    licence.require(ctx, user)
    list_type = ctx.q_enum("type", LIST_TYPES, "scheduled")
    # Zoom Events webinars are never created here, so asking for them changes nothing.
    ctx.q_bool("include_events_webinar")
    now = ctx.clock.now()
    found = [
        doc
        for doc in ctx.tx.find(KIND, ctx.account_id, parent=user["id"])
        if not expired(doc, now) and (list_type == "scheduled" or _upcoming(doc, now))
    ]
    found.sort(key=lambda d: (_order_time(d, now), d["id"]))
    return pagination.paginate_list(
        ctx, "webinars", found, transform=lambda d: views.list_item(d, now)
    )


def _order_time(doc: dict[str, Any], now: datetime) -> str:
    shown = meeting_views.displayed_start(doc, meeting_views.occurrences(doc), now)
    return shown or str(doc.get("created_at", ""))
