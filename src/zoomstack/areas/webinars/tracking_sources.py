"""Registration tracking sources of a webinar: named links to its registration page, each with
the registrations that came through it and the page visits it brought.

Zoom creates sources in its web portal; the API only lists them. Here they are stored documents
(kind `webinar_tracking_source`, parent = the webinar's parent key) that the simulator, demos and
tests create with `add_source` and count visits on with `record_visit`. A registrant added with
`source_id` (POST …/registrants) counts for that source, and the registrant list filters by it
(`tracking_source_id`).
"""

from __future__ import annotations

from typing import Any

from zoomstack import ids
from zoomstack.areas.meeting_features import registrants
from zoomstack.areas.meeting_features.parent import Parent
from zoomstack.context import Ctx
from zoomstack.store import Tx

KIND = "webinar_tracking_source"
SOURCE_FIELD = "_source_id"


def _source_id() -> str:
    return str(ids.meeting_number(13))


def add_source(
    tx: Tx, account_id: str, parent: Parent, source_name: str, base_url: str, now_ms: int
) -> dict[str, Any]:
    """A new tracking source (for the simulator, demos and tests)."""
    source_id = _source_id()
    reg_path = str(parent.doc.get("registration_url") or "").rsplit("/", 1)[-1]
    doc = {
        "id": source_id,
        "source_name": source_name,
        "tracking_url": f"{base_url}/webinar/register/{source_id}/{reg_path}",
        "visitor_count": 0,
        "_parent": parent.key,
    }
    tx.insert(KIND, source_id, account_id, doc, parent=parent.key, sort=f"{now_ms:015d}")
    return doc


def find(tx: Tx, account_id: str, parent: Parent, source_id: str) -> dict[str, Any] | None:
    doc = tx.get(KIND, source_id, account_id)
    return doc if doc is not None and doc.get("_parent") == parent.key else None


def record_visit(tx: Tx, account_id: str, parent: Parent, source_id: str) -> None:
    doc = find(tx, account_id, parent, source_id)
    if doc is not None:
        doc["visitor_count"] = int(doc.get("visitor_count") or 0) + 1
        tx.update(KIND, source_id, doc)


def tag_registrant(ctx: Ctx, parent: Parent, registrant_id: str, source_id: str) -> None:
    """Count a new registration for the source it came through (unknown sources are ignored)."""
    if not source_id or find(ctx.tx, ctx.account_id, parent, source_id) is None:
        return
    doc = registrants.find(ctx.tx, ctx.account_id, parent, registrant_id)
    if doc is not None and not doc.get(SOURCE_FIELD):
        doc[SOURCE_FIELD] = source_id
        ctx.tx.update(registrants.KIND, registrant_id, doc)


def list_sources(ctx: Ctx, parent: Parent) -> dict[str, Any]:
    registrants.require_enabled(parent)
    counts: dict[str, int] = {}
    for doc in registrants.all_of(ctx.tx, ctx.account_id, parent):
        source = doc.get(SOURCE_FIELD)
        if source:
            counts[source] = counts.get(source, 0) + 1
    items = [
        {
            "id": d["id"],
            "source_name": d["source_name"],
            "tracking_url": d["tracking_url"],
            "registration_count": counts.get(d["id"], 0),
            "visitor_count": int(d.get("visitor_count") or 0),
        }
        for d in ctx.tx.find(KIND, ctx.account_id, parent.key)
    ]
    return {"total_records": len(items), "tracking_sources": items}


def forget_all(tx: Tx, account_id: str, parent: Parent) -> None:
    tx.delete_children(KIND, account_id, parent.key)
