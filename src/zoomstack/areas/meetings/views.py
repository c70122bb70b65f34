"""What clients see of a stored meeting: the GET view, one occurrence's view, list items.

The stored document holds Zoom's GET fields plus internal keys starting with "_"; views strip
those and add what is computed on each read (occurrences, a fresh start_url, the displayed start
of a recurring series).
"""

from __future__ import annotations

import copy
from datetime import datetime
from typing import Any

from zoomstack import errors
from zoomstack.areas.meetings import recurrence, urls
from zoomstack.areas.meetings.recurrence import Occurrence
from zoomstack.areas.users import service as users
from zoomstack.areas.users import tokens
from zoomstack.context import Ctx
from zoomstack.timefmt import format_iso, parse_iso

INSTANT, SCHEDULED, RECURRING_NO_TIME, PMI, RECURRING, SCREEN_SHARE = 1, 2, 3, 4, 8, 10
# The webinars area shows its documents through these views too (webinar types 6 and 9 are the
# no-fixed-time and fixed-time series).
WEBINAR_RECURRING_NO_TIME, WEBINAR_RECURRING = 6, 9
SERIES = frozenset({RECURRING, WEBINAR_RECURRING})
# Types whose GET view has no start_time.
NO_START_TIME = frozenset({INSTANT, RECURRING_NO_TIME, PMI, WEBINAR_RECURRING_NO_TIME})
LIST_AGENDA_MAX = 250


def invalid_occurrence() -> errors.ZoomError:
    return errors.bad_request(300, "Invalid parameter: occurrence_id.")


def public(doc: dict[str, Any]) -> dict[str, Any]:
    return {k: copy.deepcopy(v) for k, v in doc.items() if not k.startswith("_")}


def occurrences(doc: dict[str, Any]) -> list[Occurrence]:
    """The whole series of a recurring meeting with a fixed time (empty for other types)."""
    if doc.get("type") not in SERIES or not doc.get("recurrence"):
        return []
    anchor = parse_iso(doc["start_time"])
    if anchor is None:
        return []
    return recurrence.build_occurrences(
        anchor,
        doc.get("timezone") or "UTC",
        doc["recurrence"],
        int(doc.get("duration") or 60),
        deleted=frozenset(doc.get("_occ_deleted", [])),
        overrides=doc.get("_occ_overrides") or {},
    )


def require_occurrence(doc: dict[str, Any], occurrence_id: str) -> Occurrence:
    occ = recurrence.find_occurrence(occurrences(doc), occurrence_id)
    if occ is None:
        raise invalid_occurrence()
    return occ


def displayed_start(doc: dict[str, Any], occs: list[Occurrence], now: datetime) -> str | None:
    """A series shows its next occurrence's start (the last one once all have passed)."""
    if doc.get("type") in NO_START_TIME:
        return None
    if occs:
        nxt = recurrence.next_occurrence(occs, now)
        if nxt is not None:
            return format_iso(nxt.start)
        available = [o for o in occs if o.status == "available"] or occs
        return format_iso(available[-1].start)
    start = doc.get("start_time")
    return str(start) if start else None


def _host(ctx: Ctx, doc: dict[str, Any]) -> dict[str, Any]:
    host = users.find_user(ctx.tx, ctx.account_id, str(doc.get("host_id", "")))
    return host or {"id": doc.get("host_id", "")}


def fresh_start_url(ctx: Ctx, doc: dict[str, Any]) -> str:
    """A start URL with a newly issued ZAK (2 hours; 90 days for custCreate hosts)."""
    host = _host(ctx, doc)
    if "account_id" not in host:
        host = {**host, "account_id": ctx.account_id}
    zak = tokens.issue_zak(ctx, host, meeting_number=str(doc["id"]))
    return urls.start_url(ctx.settings.base_url, doc["id"], zak)


def meeting_view(
    ctx: Ctx,
    doc: dict[str, Any],
    *,
    occurrence_id: str | None = None,
    show_previous: bool = False,
) -> dict[str, Any]:
    view = public(doc)
    view["start_url"] = fresh_start_url(ctx, doc)
    occs = occurrences(doc)
    now = ctx.clock.now()
    if occurrence_id and doc.get("type") in SERIES:
        occ = recurrence.find_occurrence(occs, occurrence_id)
        if occ is None:
            raise invalid_occurrence()
        override = (doc.get("_occ_overrides") or {}).get(occurrence_id, {})
        view["start_time"] = format_iso(occ.start)
        view["duration"] = occ.duration
        if "agenda" in override:
            view["agenda"] = override["agenda"]
        if override.get("settings"):
            view["settings"] = {**view.get("settings", {}), **override["settings"]}
        view["occurrences"] = [occ.to_json()]
    else:
        start = displayed_start(doc, occs, now)
        if start is None:
            view.pop("start_time", None)
        else:
            view["start_time"] = start
        shown = occs if show_previous else [o for o in occs if o.end > now]
        if shown:
            view["occurrences"] = [o.to_json() for o in shown]
    return _ordered(view)


# Zoom's field order for a meeting object (anything else follows).
_ORDER = (
    "uuid", "id", "host_id", "host_email", "assistant_id", "topic", "type", "status",
    "start_time", "duration", "timezone", "agenda", "created_at", "start_url", "join_url",
    "registration_url", "chat_join_url", "password", "h323_password", "pstn_password",
    "encrypted_password", "pmi", "occurrences", "settings", "recurrence", "pre_schedule",
    "tracking_fields", "template_id", "creation_source",
)  # fmt: skip


def _ordered(view: dict[str, Any]) -> dict[str, Any]:
    out = {k: view[k] for k in _ORDER if k in view}
    out.update((k, v) for k, v in view.items() if k not in out)
    return out


def list_item(doc: dict[str, Any], now: datetime) -> dict[str, Any]:
    """A meeting as `GET /users/{userId}/meetings` lists it."""
    item: dict[str, Any] = {
        "uuid": doc["uuid"],
        "id": doc["id"],
        "host_id": doc["host_id"],
        "topic": doc.get("topic", ""),
        "type": doc["type"],
    }
    start = displayed_start(doc, occurrences(doc), now)
    if start is not None:
        item["start_time"] = start
    item["duration"] = doc.get("duration", 60)
    item["timezone"] = doc.get("timezone", "")
    if doc.get("agenda"):
        item["agenda"] = str(doc["agenda"])[:LIST_AGENDA_MAX]
    item["created_at"] = doc.get("created_at", "")
    item["join_url"] = doc.get("join_url", "")
    if doc.get("pmi"):
        item["pmi"] = doc["pmi"]
    return item
