"""What clients see of a stored webinar: the GET view (one occurrence's, too) and list items.

The meetings core's views do the work (occurrences of a fixed-time series, the displayed start,
a fresh start URL with a ZAK); this module removes what a webinar does not show.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from zoomstack.areas.meeting_features import parent as features
from zoomstack.areas.meeting_features.parent import Parent
from zoomstack.areas.meetings import views as meeting_views
from zoomstack.context import Ctx

# Stored for the features and the simulator, not part of Zoom's webinar object.
_HIDDEN = ("status",)


def webinar_view(
    ctx: Ctx,
    doc: dict[str, Any],
    *,
    occurrence_id: str | None = None,
    show_previous: bool = False,
) -> dict[str, Any]:
    view = meeting_views.meeting_view(
        ctx, doc, occurrence_id=occurrence_id, show_previous=show_previous
    )
    for key in _HIDDEN:
        view.pop(key, None)
    return view


def list_item(doc: dict[str, Any], now: datetime) -> dict[str, Any]:
    item = meeting_views.list_item(doc, now)
    item["is_simulive"] = bool(doc.get("is_simulive", False))
    return item


def series(doc: dict[str, Any]) -> list[dict[str, Any]]:
    """Every occurrence of a fixed-time series, deleted ones included (empty otherwise)."""
    return [o.to_json() for o in meeting_views.occurrences(doc)]


def as_parent(doc: dict[str, Any]) -> Parent:
    """The webinar as the registrant, poll and live-feature services see it."""
    return features.webinar(doc, series(doc))
