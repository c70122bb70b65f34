"""How meetings and webinars are stored, one `Documents` per area: a kind ("meeting",
"webinar") whose documents have id = str(number), parent = host user id, the host's account and
creation order, and a key namespace mapping every instance UUID the document has had to it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from zoomstack import ids
from zoomstack.areas.meetings import views
from zoomstack.context import Ctx
from zoomstack.sim import hooks as sim_hooks
from zoomstack.store import Conflict


def sort_key(doc: dict[str, Any]) -> str:
    return f"{doc.get('created_at', '')}{doc['id']:0>12}"


@dataclass(frozen=True, slots=True)
class Documents:
    kind: str
    ns_uuid: str

    def find(self, ctx: Ctx, ref: str) -> dict[str, Any] | None:
        """A document of the account by number or by (current or past) instance UUID."""
        if ref.isdigit():
            return ctx.tx.get(self.kind, ref, ctx.account_id)
        number = ctx.tx.key_get(self.ns_uuid, ref)
        return None if number is None else ctx.tx.get(self.kind, number, ctx.account_id)

    def insert(self, ctx: Ctx, doc: dict[str, Any], host: dict[str, Any]) -> None:
        ctx.tx.insert(
            self.kind, str(doc["id"]), host["account_id"], doc, parent=host["id"],
            sort=sort_key(doc),
        )  # fmt: skip

    def save(self, ctx: Ctx, doc: dict[str, Any]) -> None:
        ctx.tx.update(self.kind, str(doc["id"]), doc, sort=sort_key(doc))

    def move(self, ctx: Ctx, doc: dict[str, Any], host: dict[str, Any]) -> None:
        """Re-file the document under another host (schedule_for on update, user transfer)."""
        ctx.tx.delete(self.kind, str(doc["id"]))
        self.insert(ctx, doc, host)

    def forget(self, ctx: Ctx, doc: dict[str, Any]) -> None:
        """Remove the document and every instance UUID that led to it."""
        for uuid in {doc.get("uuid"), *doc.get("_uuids", [])}:
            if uuid:
                ctx.tx.key_delete(self.ns_uuid, str(uuid))
        ctx.tx.delete(self.kind, str(doc["id"]))

    def claim_uuid(self, ctx: Ctx, number: str) -> str:
        while True:
            uuid = ids.meeting_uuid()
            try:
                ctx.tx.key_put(self.ns_uuid, uuid, number)
            except Conflict:
                continue
            return uuid

    def next_instance_uuid(self, ctx: Ctx, doc: dict[str, Any]) -> str:
        """Give the document a new UUID for its next instance (after one ended); the old UUID
        keeps resolving to it (past instances). Saves the document."""
        doc["uuid"] = self.claim_uuid(ctx, str(doc["id"]))
        doc.setdefault("_uuids", []).append(doc["uuid"])
        self.save(ctx, doc)
        return str(doc["uuid"])

    def set_live(self, ctx: Ctx, doc: dict[str, Any], live: bool) -> dict[str, Any]:
        """Flip between `started` and `waiting` (the simulator's hook). Starting records the
        start (it extends a meeting ID's life); ending does not change the UUID — call
        `next_instance_uuid` once the ended instance has been recorded."""
        doc["status"] = "started" if live else "waiting"
        if live:
            doc["_last_started_ms"] = ctx.clock.now_ms()
        self.save(ctx, doc)
        return doc

    def end_live(self, ctx: Ctx, doc: dict[str, Any]) -> tuple[dict[str, Any], int] | None:
        """End the instance in progress for `PUT .../status {"action": "end"}`: (the ended
        document's public fields, its start in ms) for the area's `*.ended` event, or None when
        the simulator runs the instance and ended it itself (events, records, next UUID)."""
        if sim_hooks.end_live(ctx, self.kind, doc):
            return None
        ended = views.public(doc)
        started_ms = int(doc.get("_last_started_ms") or ctx.clock.now_ms())
        self.set_live(ctx, doc, False)
        self.next_instance_uuid(ctx, doc)
        return ended, started_ms
