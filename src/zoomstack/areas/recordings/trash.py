"""Deleting recordings to the trash or for good, recovering them, and purging the trash.

- `action=trash` (the default) moves the whole recording, or one file, to the trash;
  `action=delete` deletes permanently (also what is already in the trash).
- Recovering (`{"action": "recover"}`) brings back everything of the recording that is in the
  trash, or one file; the trash keeps items for 30 days.
- Purging is lazy: any request that looks at a recording first drops what has been in the trash
  for 30 days or more on the server clock, and moves a recording whose auto-delete date has
  passed to the trash (Zoom's "Delete cloud recordings after a specified number of days"). No
  event is sent for either: nobody operated.

Events: recording.trashed / recording.deleted / recording.recovered with the files concerned.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from zoomstack.areas.recordings import events, records
from zoomstack.context import Ctx
from zoomstack.store import Tx

Doc = dict[str, Any]

TRASH_DAYS = 30
TRASH_MS = TRASH_DAYS * 86_400_000


def purge_expired(tx: Tx, doc: Doc, now: int) -> Doc | None:
    """Apply the trash and auto-delete rules at `now` (ms); None when the recording is gone."""
    changed = False
    if records.is_trashed(doc) and now - int(doc["_trashed_ms"]) >= TRASH_MS:
        records.remove(tx, doc)
        return None
    kept = []
    for f in doc["files"]:
        if f.get("_state") == records.TRASHED and now - int(f["_trashed_ms"]) >= TRASH_MS:
            records.forget_file(tx, f)
            changed = True
        else:
            kept.append(f)
    doc["files"] = kept
    if doc.get("auto_delete") and not records.is_trashed(doc) and doc.get("auto_delete_date"):
        due = datetime.strptime(str(doc["auto_delete_date"]), "%Y-%m-%d").replace(tzinfo=UTC)
        due_ms = int(due.timestamp() * 1000)
        if due_ms <= now:
            _mark_trashed(doc, due_ms)
            changed = True
            if now - due_ms >= TRASH_MS:
                records.remove(tx, doc)
                return None
    if not doc["files"]:
        records.remove(tx, doc)
        return None
    if changed:
        records.save(tx, doc)
    return doc


def _mark_trashed(doc: Doc, at_ms: int) -> list[Doc]:
    doc["_trashed_ms"] = at_ms
    moved = records.active_files(doc)
    for f in moved:
        f["_state"] = records.TRASHED
        f["_trashed_ms"] = at_ms
    return moved


def delete_recording(ctx: Ctx, doc: Doc, action: str) -> None:
    if action == "delete":
        events.changed(ctx, "recording.deleted", doc, list(doc["files"]))
        records.remove(ctx.tx, doc)
        return
    moved = _mark_trashed(doc, ctx.clock.now_ms())
    records.save(ctx.tx, doc)
    events.changed(ctx, "recording.trashed", doc, moved)


def delete_file(ctx: Ctx, doc: Doc, f: Doc, action: str) -> None:
    if action == "delete":
        events.changed(ctx, "recording.deleted", doc, [f])
        records.forget_file(ctx.tx, f)
        doc["files"] = [x for x in doc["files"] if x["id"] != f["id"]]
        if doc["files"]:
            records.save(ctx.tx, doc)
        else:
            records.remove(ctx.tx, doc)
        return
    f["_state"] = records.TRASHED
    f["_trashed_ms"] = ctx.clock.now_ms()
    records.save(ctx.tx, doc)
    events.changed(ctx, "recording.trashed", doc, [f])


def recover(ctx: Ctx, doc: Doc, only: Doc | None = None) -> None:
    """Recover the recording (everything of it in the trash) or one of its files."""
    targets = [only] if only is not None else records.trashed_files(doc)
    # Recovering one file of a recording in the trash brings back that file only: the rest of
    # the recording stays in the trash, as files.
    doc["_trashed_ms"] = 0
    for f in targets:
        f["_state"] = records.ACTIVE
        f.pop("_trashed_ms", None)
    records.save(ctx.tx, doc)
    events.changed(ctx, "recording.recovered", doc, targets)
