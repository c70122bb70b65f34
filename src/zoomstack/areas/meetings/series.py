"""Rules of a stored meeting or webinar that are the same in both areas, as functions over the
document parameterised by the area's types (meetings: series type 8, timed types 2, 8, 10;
webinars: series type 9, timed types 5, 9): recurrence, per-occurrence changes, the schedule
fields of a whole update and the `*.updated` diffs.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Collection
from datetime import datetime
from typing import Any, Protocol

from zoomstack import errors
from zoomstack.areas.meetings import events, recurrence, scheduling, views
from zoomstack.areas.meetings.recurrence import Occurrence
from zoomstack.context import Ctx
from zoomstack.timefmt import format_iso, parse_iso

# (public fields, occurrences) of a document before an update.
Snapshot = tuple[dict[str, Any], list[dict[str, Any]]]
Changes = tuple[dict[str, Any], dict[str, Any]]


class View(Protocol):
    """The area's GET view of a document (`views.meeting_view`, `get_webinar_view`)."""

    def __call__(
        self, ctx: Ctx, doc: dict[str, Any], *, occurrence_id: str | None = None
    ) -> dict[str, Any]: ...


def recurrence_for(raw: Any) -> dict[str, Any]:
    """The recurrence object a fixed-time series must be given (whole, with its `type`)."""
    if not isinstance(raw, dict) or raw.get("type") is None:
        raise errors.field_error("recurrence", "Missing field: recurrence.")
    return recurrence.normalize(raw)


def check_series(doc: dict[str, Any], series_type: int) -> None:
    """A series must have at least one occurrence (an end before the start leaves none)."""
    if doc["type"] == series_type and not views.occurrences(doc):
        raise errors.field_error("recurrence.end_date_time", "Invalid parameter: end_date_time.")


def apply_schedule(
    doc: dict[str, Any],
    body: dict[str, Any],
    new_type: int,
    *,
    now: datetime,
    timed: Collection[int],
    series_type: int,
) -> None:
    """Topic, agenda, duration, type, timezone, start_time and recurrence of a whole meeting or
    webinar (an update without `occurrence_id`)."""
    for key in ("topic", "agenda"):
        if key in body and body[key] is not None:
            doc[key] = str(body[key])
    if body.get("duration") is not None:
        doc["duration"] = int(body["duration"])
    if "timezone" in body:
        doc["timezone"] = scheduling.pick_timezone(body["timezone"], str(doc.get("timezone")))
    was_type = doc["type"]
    doc["type"] = new_type
    if body.get("start_time") and new_type in timed:
        start = scheduling.parse_start(body["start_time"], str(doc["timezone"]))
        # A past start is ignored for a series; a one-time meeting or webinar takes it as given.
        if new_type != series_type or start > now:
            doc["start_time"] = format_iso(start)
    elif new_type in timed and was_type not in timed:
        doc["start_time"] = format_iso(now)
    if new_type == series_type:
        if body.get("recurrence") is not None:
            doc["recurrence"] = recurrence_for(body["recurrence"])
        elif not doc.get("recurrence"):
            raise errors.field_error("recurrence", "Missing field: recurrence.")
    else:
        for key in ("recurrence", "_occ_deleted", "_occ_overrides"):
            doc.pop(key, None)


def prune_occurrence_changes(doc: dict[str, Any], series_type: int) -> None:
    """Per-occurrence changes only survive for occurrences that are still in the series."""
    if doc["type"] != series_type:
        return
    anchor = parse_iso(doc["start_time"])
    if anchor is None:
        return
    current = {
        recurrence.occurrence_id(s)
        for s in recurrence.occurrence_starts(anchor, doc["timezone"], doc["recurrence"])
    }
    doc["_occ_deleted"] = [o for o in doc.get("_occ_deleted", []) if o in current]
    doc["_occ_overrides"] = {
        k: v for k, v in (doc.get("_occ_overrides") or {}).items() if k in current
    }


def live_occurrence(
    doc: dict[str, Any],
    occurrence_id: str,
    series_type: int,
    missing: Callable[[], errors.ZoomError],
) -> Occurrence:
    """The occurrence an `occurrence_id` names, which must be in the series and not deleted;
    `missing()` is the area's error otherwise."""
    if doc["type"] != series_type:
        raise missing()
    occ = recurrence.find_occurrence(views.occurrences(doc), occurrence_id)
    if occ is None or occ.status == "deleted":
        raise missing()
    return occ


def delete_occurrence(doc: dict[str, Any], occ: Occurrence) -> list[dict[str, Any]]:
    """Mark one occurrence deleted; the `occurrences` a `*.deleted` event carries for it."""
    doc.setdefault("_occ_deleted", []).append(occ.occurrence_id)
    return [{"occurrence_id": occ.occurrence_id, "start_time": format_iso(occ.start)}]


def override_occurrence(
    doc: dict[str, Any],
    occurrence_id: str,
    body: dict[str, Any],
    *,
    now: datetime,
    settings_allowed: Collection[str],
) -> None:
    """Record a PATCH with `occurrence_id` in `_occ_overrides`: a future start time, duration,
    agenda and the settings an occurrence may change on its own."""
    overrides = doc.setdefault("_occ_overrides", {})
    override = copy.deepcopy(overrides.get(occurrence_id, {}))
    if body.get("start_time"):
        start = scheduling.parse_start(body["start_time"], str(doc["timezone"]))
        if start > now:
            override["start_time"] = format_iso(start)
    if body.get("duration") is not None:
        override["duration"] = int(body["duration"])
    if body.get("agenda") is not None:
        override["agenda"] = str(body["agenda"])
    given = {k: v for k, v in (body.get("settings") or {}).items() if k in settings_allowed}
    if given:
        override["settings"] = {**override.get("settings", {}), **given}
    overrides[occurrence_id] = override


def update_occurrence(
    ctx: Ctx,
    doc: dict[str, Any],
    occurrence_id: str,
    body: dict[str, Any],
    *,
    view: View,
    save: Callable[[Ctx, dict[str, Any]], None],
    settings_allowed: Collection[str],
) -> Changes:
    """Apply and save a PATCH with `occurrence_id` (see `override_occurrence`); the (changed,
    previous) its `*.updated` event reports."""
    before = view(ctx, doc, occurrence_id=occurrence_id)
    override_occurrence(
        doc, occurrence_id, body, now=scheduling.now_s(ctx), settings_allowed=settings_allowed
    )
    save(ctx, doc)
    return occurrence_changes(before, view(ctx, doc, occurrence_id=occurrence_id))


# -- what `*.updated` reports ----------------------------------------------------------------
def snapshot(doc: dict[str, Any]) -> Snapshot:
    return views.public(doc), [o.to_json() for o in views.occurrences(doc)]


def changes_since(before: Snapshot, doc: dict[str, Any]) -> Changes:
    """(changed, previous) of a whole update; a changed series lists its occurrences whole."""
    old, old_occurrences = before
    changed, previous = events.diff(old, views.public(doc))
    new_occurrences = [o.to_json() for o in views.occurrences(doc)]
    if new_occurrences != old_occurrences:
        if new_occurrences:
            changed["occurrences"] = new_occurrences
        if old_occurrences:
            previous["occurrences"] = old_occurrences
    return changed, previous


def occurrence_changes(before: dict[str, Any], after: dict[str, Any]) -> Changes:
    """(changed, previous) between one occurrence's views; the join URL does not count."""
    changed, previous = events.diff(before, after)
    for side in (changed, previous):
        side.pop("join_url", None)
    if changed:
        changed["occurrences"] = after["occurrences"]
        previous["occurrences"] = before["occurrences"]
    return changed, previous
