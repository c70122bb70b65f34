"""GET /users/{userId}/meetings: which meetings a host has, by Zoom's `type` filter.

Never instant or PMI meetings, never deleted or expired ones. `scheduled` is everything else;
`live` the meetings in progress; `upcoming` what has a slot still to come (or no fixed time);
`previous_meetings` what had a slot end within the last six months. `from`/`to` keep meetings
with a slot on those dates (in `timezone`).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from zoomstack import errors, pagination
from zoomstack.areas.meetings import scheduling, views
from zoomstack.areas.meetings.scheduling import (
    INSTANT,
    PMI,
    RECURRING,
    RECURRING_NO_TIME,
    SCHEDULED,
    SCREEN_SHARE,
)
from zoomstack.areas.meetings.service import KIND, purge_if_due
from zoomstack.context import Ctx
from zoomstack.timefmt import parse_date, parse_iso, zone

# Meeting IDs expire: one-time meetings 30 days after their date (or last start), recurring
# meetings 365 days after their last start (or creation).
ONE_TIME_EXPIRY = timedelta(days=30)
RECURRING_EXPIRY = timedelta(days=365)
HISTORY_WINDOW = timedelta(days=183)

LIST_TYPES = ("scheduled", "live", "upcoming", "upcoming_meetings", "previous_meetings")


def expired(doc: dict[str, Any], now: datetime) -> bool:
    last_started = doc.get("_last_started_ms")
    started = (
        datetime.fromtimestamp(int(last_started) / 1000, tz=now.tzinfo) if last_started else None
    )
    if doc["type"] in (RECURRING, RECURRING_NO_TIME):
        base = parse_iso(doc.get("created_at", "")) or now
        return max(base, started or base) + RECURRING_EXPIRY < now
    if doc["type"] in (SCHEDULED, SCREEN_SHARE):
        base = parse_iso(doc.get("start_time", "")) or now
        return max(base, started or base) + ONE_TIME_EXPIRY < now
    return False


def _spans(doc: dict[str, Any]) -> list[tuple[datetime, datetime]]:
    """(start, end) of each scheduled slot: one for a one-time meeting, one per available
    occurrence for a series, none for a meeting without a fixed time."""
    occs = views.occurrences(doc)
    if occs:
        return [(o.start, o.end) for o in occs if o.status == "available"]
    if doc["type"] in (SCHEDULED, SCREEN_SHARE):
        start = parse_iso(doc.get("start_time", ""))
        if start is not None:
            return [(start, start + timedelta(minutes=int(doc.get("duration") or 0)))]
    return []


def _matches(doc: dict[str, Any], list_type: str, now: datetime) -> bool:
    live = doc.get("status") == "started"
    spans = _spans(doc)
    if list_type == "live":
        return live
    if list_type in ("upcoming", "upcoming_meetings"):
        return live or doc["type"] == RECURRING_NO_TIME or any(end > now for _, end in spans)
    if list_type == "previous_meetings":
        return not live and any(now - HISTORY_WINDOW <= end <= now for _, end in spans)
    return True


def _in_dates(doc: dict[str, Any], first: date | None, last: date | None, tz_name: str) -> bool:
    tz = zone(tz_name)
    for start, _ in _spans(doc):
        local = start.astimezone(tz) if tz else start
        if (first is None or local.date() >= first) and (last is None or local.date() <= last):
            return True
    return False


def list_meetings(ctx: Ctx, user: dict[str, Any]) -> dict[str, Any]:
    scheduling.check_can_host(user, scheduling.NO_HOSTING)
    list_type = ctx.q_enum("type", LIST_TYPES, "scheduled")
    first: date | None = None
    last: date | None = None
    for name in ("from", "to"):
        raw = ctx.q(name)
        if raw:
            value = parse_date(raw)
            if value is None:
                raise errors.field_error(name, f"Invalid parameter: {name}.")
            if name == "from":
                first = value
            else:
                last = value
    tz_name = ctx.q("timezone") or "UTC"
    now = ctx.clock.now()
    found = []
    for doc in ctx.tx.find(KIND, ctx.account_id, parent=user["id"]):
        if doc.get("_deleted"):
            purge_if_due(ctx, doc)
            continue
        if doc["type"] in (INSTANT, PMI) or expired(doc, now):
            continue
        if not _matches(doc, list_type, now):
            continue
        if (first or last) and not _in_dates(doc, first, last, tz_name):
            continue
        found.append(doc)
    found.sort(key=lambda d: (_order_time(d, now), d["id"]))
    return pagination.paginate_list(
        ctx, "meetings", found, transform=lambda d: views.list_item(d, now)
    )


def _order_time(doc: dict[str, Any], now: datetime) -> str:
    return views.displayed_start(doc, views.occurrences(doc), now) or str(doc.get("created_at", ""))
