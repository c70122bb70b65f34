"""Series rules that are the same for meetings (type 8) and webinars (type 9), as pure functions
over a stored document, parameterised by the series type.

The meetings core keeps private copies of these rules (`meetings.service._recurrence_for`,
`_check_series`, `_prune_occurrence_changes` and the override part of `_update_occurrence`);
this module is written to move there so both areas share one version.
"""

from __future__ import annotations

import copy
from collections.abc import Collection
from datetime import datetime
from typing import Any

from zoomstack import errors
from zoomstack.areas.meetings import recurrence
from zoomstack.areas.meetings import scheduling as meeting_scheduling
from zoomstack.areas.meetings import views as meeting_views
from zoomstack.timefmt import format_iso, parse_iso


def recurrence_for(raw: Any) -> dict[str, Any]:
    """The recurrence object a fixed-time series must be given (whole, with its `type`)."""
    if not isinstance(raw, dict) or raw.get("type") is None:
        raise errors.field_error("recurrence", "Missing field: recurrence.")
    return recurrence.normalize(raw)


def check_series(doc: dict[str, Any], series_type: int) -> None:
    """A series must have at least one occurrence (an end before the start leaves none)."""
    if doc["type"] == series_type and not meeting_views.occurrences(doc):
        raise errors.field_error("recurrence.end_date_time", "Invalid parameter: end_date_time.")


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
        start = meeting_scheduling.parse_start(body["start_time"], str(doc["timezone"]))
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
