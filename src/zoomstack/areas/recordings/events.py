"""Webhook events of cloud recordings, in the shapes of Zoom's event schemas.

`recording.completed` and `recording.transcript_completed` carry a top-level `download_token`
(valid 24 h) and no operator: they go to the outbox directly. Changes made through the API
(trash, delete, recover, rename, registrations) go through `ctx.emit`, which names the operator.
"""

from __future__ import annotations

from typing import Any

from zoomstack.areas.recordings import records, tokens
from zoomstack.context import Ctx

Doc = dict[str, Any]


def meeting_object(doc: Doc, files: list[Doc], *, full: bool = False) -> Doc:
    """The recording as events carry it; `full` adds what recording.completed adds."""
    obj = records.meeting_fields(doc, files)
    obj.pop("auto_delete", None)
    obj.pop("auto_delete_date", None)
    if full:
        obj["password"] = doc.get("password", "")
        obj["host_email"] = doc.get("host_email", "")
        obj["on_prem"] = False
        obj["recording_play_passcode"] = doc.get("recording_play_passcode", "")
        if doc.get("auto_delete") is not None:
            obj["auto_delete"] = bool(doc["auto_delete"])
            if doc.get("auto_delete_date"):
                obj["auto_delete_date"] = doc["auto_delete_date"]
    obj["recording_files"] = [records.event_file(f) for f in files]
    return obj


def _emit_with_token(ctx: Ctx, event: str, doc: Doc, obj: Doc) -> None:
    now = ctx.clock.now_ms()
    token = tokens.download_token(
        ctx.tx,
        account_id=doc["account_id"],
        user_id=doc["host_id"],
        uuid=doc["uuid"],
        now_ms=now,
        ttl_s=tokens.DEFAULT_TTL_S,
    )
    body = {
        "event": event,
        "event_ts": now,
        "download_token": token,
        "payload": {"account_id": ctx.account_id, "object": obj},
    }
    ctx.tx.emit(ctx.account_id, event, now, body)


def completed(ctx: Ctx, doc: Doc) -> None:
    """Everything but the transcripts, which follow in recording.transcript_completed."""
    files = [f for f in records.active_files(doc) if f["file_type"] != "TRANSCRIPT"]
    _emit_with_token(ctx, "recording.completed", doc, meeting_object(doc, files, full=True))


def transcript_completed(ctx: Ctx, doc: Doc) -> None:
    files = [f for f in records.active_files(doc) if f["file_type"] == "TRANSCRIPT"]
    if not files:
        return
    obj = meeting_object(doc, files)
    obj["host_email"] = doc.get("host_email", "")
    obj["password"] = doc.get("password", "")
    _emit_with_token(ctx, "recording.transcript_completed", doc, obj)


def changed(ctx: Ctx, event: str, doc: Doc, files: list[Doc]) -> None:
    """recording.trashed / deleted / recovered for the files concerned."""
    ctx.emit(event, meeting_object(doc, files))


def renamed(ctx: Ctx, doc: Doc, old_topic: str) -> None:
    def obj(topic: str) -> Doc:
        return {
            "uuid": doc["uuid"],
            "id": doc["id"],
            "topic": topic,
            "type": doc["type"],
            "host_id": doc["host_id"],
        }

    ctx.emit(
        "recording.renamed",
        obj(doc["topic"]),
        time_stamp=ctx.clock.now_ms(),
        old_object=obj(old_topic),
    )
