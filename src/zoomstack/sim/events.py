"""Webhook payloads of what happens in a meeting, in the shapes of Zoom's event schemas.

Lifecycle events carry no `operator` (their payload is only `account_id` and `object`), so they
go to the outbox directly rather than through `ctx.emit`, which adds the operator. `event_ts` is
the step's time. Quirks kept: `id` is a string in meeting.started/ended, participant and sharing
events, a number in recording.* and chat events.
"""

from __future__ import annotations

from typing import Any

from zoomstack.context import Ctx
from zoomstack.sim.runtime import Held

Doc = dict[str, Any]


def emit(ctx: Ctx, event: str, obj: Doc, **payload: Any) -> None:
    now = ctx.clock.now_ms()
    body = {
        "event": event,
        "event_ts": now,
        "payload": {"account_id": ctx.account_id, **payload, "object": obj},
    }
    ctx.tx.emit(ctx.account_id, event, now, body)


def name(held: Held, what: str) -> str:
    """`meeting.participant_joined` / `webinar.participant_joined`."""
    return f"{held.kind}.{what}"


def instance_object(held: Held, inst: Doc, *, numeric_id: bool = False) -> Doc:
    """The meeting fields every lifecycle event starts with."""
    return {
        "id": inst["id"] if numeric_id else str(inst["id"]),
        "uuid": inst["uuid"],
        "host_id": inst["host_id"],
        "topic": inst.get("topic", ""),
        "type": inst["type"],
        "start_time": inst["start_time"],
        "timezone": inst.get("timezone", ""),
        "duration": int(held.doc.get("duration") or 0),
    }


def started(held: Held, inst: Doc) -> Doc:
    obj = instance_object(held, inst)
    obj["host_email"] = inst.get("host_email", "")
    return _order(obj, ("id", "uuid", "host_id", "host_email", "topic", "type", "start_time"))


def ended(held: Held, inst: Doc) -> Doc:
    obj = instance_object(held, inst)
    obj["host_email"] = inst.get("host_email", "")
    obj["end_time"] = inst["end_time"]
    return obj


def _order(obj: Doc, first: tuple[str, ...]) -> Doc:
    out = {k: obj[k] for k in first if k in obj}
    out.update((k, v) for k, v in obj.items() if k not in out)
    return out


def person(p: Doc, *, with_registrant: bool = True) -> Doc:
    """The participant fields shared by the participant_* events."""
    out: Doc = {
        "user_id": str(p.get("user_id") or ""),
        "user_name": str(p.get("name") or ""),
        "id": str(p.get("id") or ""),
        "participant_uuid": str(p.get("participant_uuid") or ""),
        "email": str(p.get("user_email") or ""),
    }
    if with_registrant and p.get("registrant_id"):
        out["registrant_id"] = p["registrant_id"]
    if p.get("id"):
        out["participant_user_id"] = p["id"]
    if p.get("customer_key"):
        out["customer_key"] = p["customer_key"]
    if p.get("phone_number"):
        out["phone_number"] = p["phone_number"]
    return out


def participant_event(held: Held, inst: Doc, participant: Doc) -> Doc:
    obj = instance_object(held, inst)
    obj["participant"] = participant
    return obj


def joined(held: Held, inst: Doc, p: Doc) -> Doc:
    return participant_event(held, inst, {**person(p), "join_time": p["join_time"]})


def left(held: Held, inst: Doc, p: Doc) -> Doc:
    body = {**person(p), "leave_time": p["leave_time"]}
    if p.get("leave_reason"):
        body["leave_reason"] = p["leave_reason"]
    return participant_event(held, inst, body)


def waiting_room(held: Held, inst: Doc, p: Doc, at_iso: str) -> Doc:
    """participant_joined_waiting_room / left_waiting_room / admitted / put_in_waiting_room."""
    return participant_event(held, inst, {**person(p), "date_time": at_iso})


def jbh(
    held: Held, doc_uuid: str, p: Doc, *, numeric_id: bool = False, with_registrant: bool = True
) -> Doc:
    """participant_jbh_waiting / jbh_waiting_left / jbh_joined: the meeting's own fields (there
    may be no instance yet) and a minimal participant. `jbh_waiting_left` carries a numeric id;
    `jbh_waiting` no registrant id."""
    obj: Doc = {
        "id": int(held.doc["id"]) if numeric_id else str(held.doc["id"]),
        "uuid": doc_uuid,
        "host_id": str(held.doc.get("host_id") or ""),
        "topic": str(held.doc.get("topic") or ""),
        "type": int(held.doc.get("type") or 0),
        "start_time": str(held.doc.get("start_time") or held.doc.get("created_at") or ""),
        "timezone": str(held.doc.get("timezone") or ""),
        "duration": int(held.doc.get("duration") or 0),
    }
    if not obj["start_time"]:
        del obj["start_time"]
    participant: Doc = {"id": str(p.get("id") or ""), "user_name": str(p.get("name") or "")}
    if p.get("customer_key"):
        participant["customer_key"] = p["customer_key"]
    if p.get("registrant_id") and with_registrant:
        participant["registrant_id"] = p["registrant_id"]
    obj["participant"] = participant
    return obj


def sharing(held: Held, inst: Doc, p: Doc, share: Doc, *, ended: bool) -> Doc:
    details = {
        "content": share.get("content", "desktop"),
        "link_source": "",
        "file_link": "",
        "date_time": share["end_time"] if ended else share["start_time"],
        "source": "",
    }
    participant = {
        "user_id": str(p.get("user_id") or ""),
        "user_name": str(p.get("name") or ""),
        "id": str(p.get("id") or ""),
        "sharing_details": details,
    }
    return participant_event(held, inst, participant)


def recording(held: Held, inst: Doc, start_iso: str, end_iso: str) -> Doc:
    obj = instance_object(held, inst, numeric_id=True)
    obj["recording_file"] = {"recording_start": start_iso, "recording_end": end_iso}
    return obj


def chat(held: Held, inst: Doc, message: Doc) -> Doc:
    return {"id": int(inst["id"]), "uuid": inst["uuid"], "chat_message": message}


def role_changed(held: Held, inst: Doc, p: Doc, old: str, new: str, at_iso: str) -> Doc:
    body = {**person(p), "date_time": at_iso, "old_role": old, "new_role": new}
    body.pop("id", None)
    body.pop("customer_key", None)
    body.pop("phone_number", None)
    return participant_event(held, inst, body)


def feedback(held: Held, inst: Doc, p: Doc, fb: Doc) -> Doc:
    body: Doc = {"satisfied": fb["quality"] == "GOOD"}
    if not held.is_webinar:
        body["rating_quality"] = {"type": "2-point", "quality": fb["quality"]}
    if fb.get("comments"):
        body["comments"] = fb["comments"]
    return {
        "id": str(inst["id"]),
        "uuid": inst["uuid"],
        "participant": {
            "participant_uuid": str(p.get("participant_uuid") or ""),
            "participant_user_id": str(p.get("user_id") or ""),
            "user_name": str(p.get("name") or ""),
            "feedback": body,
        },
    }
