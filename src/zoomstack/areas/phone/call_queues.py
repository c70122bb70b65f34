"""Call queues: members (users with manager/user level, common areas) and phone numbers.

The first user member becomes the queue's manager; the manager can be changed but not removed
on its own."""

from __future__ import annotations

from typing import Any

from zoomstack import errors, ids, pagination
from zoomstack.areas.phone import common, members, numbers
from zoomstack.areas.phone.common import CALL_QUEUE, Doc
from zoomstack.context import Ctx

MAX_MEMBERS = 50
_UPDATABLE = (
    "cost_center",
    "department",
    "description",
    "name",
    "status",
    "timezone",
    "audio_prompt_language",
    "default_transcription_language",
    "recording_storage_location",
)


def _group_missing(cq_id: str, *, code: int = 300, dot: bool = True) -> errors.ZoomError:
    prefix = "Validation Failed. " if code == 300 else ""
    return errors.bad_request(
        code, f"{prefix}The group does not exist, groupId:{cq_id}{'.' if dot else ''}"
    )


def load(ctx: Ctx, cq_id: str, error: errors.ZoomError) -> Doc:
    doc = ctx.tx.get(CALL_QUEUE, cq_id, ctx.account_id)
    if doc is None:
        raise error
    return doc


def _with_levels(current: list[Doc], new: list[Doc]) -> list[Doc]:
    merged = members.merge(current, new)
    has_manager = any(m.get("level") == "manager" for m in merged)
    for m in merged:
        if m["type"] == "user" and "level" not in m:
            m["level"] = "user" if has_manager else "manager"
            m["receive_call"] = True
            has_manager = True
    if len(merged) > MAX_MEMBERS:
        raise errors.ZoomError(
            400, 412, f"The maximum number of Call Queue members is up to {MAX_MEMBERS}."
        )
    return merged


def create(ctx: Ctx, body: Doc) -> Doc:
    site_id = common.pick_site(
        ctx, body.get("site_id"), errors.bad_request(300, "Site does not exist.")
    )
    doc: Doc = {
        "id": ids.b64url_id(),
        "name": body["name"],
        "extension_number": body.get("extension_number"),
        "status": "active",
        "description": body.get("description", ""),
        "cost_center": body.get("cost_center", ""),
        "department": body.get("department", ""),
        "timezone": "America/Los_Angeles",
        "audio_prompt_language": "en-US",
        "_site_id": site_id,
        "_members": _with_levels([], members.resolve(ctx, body.get("members"))),
    }
    common.new_extension(ctx, doc)
    seq = ctx.tx.counter_incr("crud.seq.phone_call_queue", 0)
    ctx.tx.insert(CALL_QUEUE, doc["id"], ctx.account_id, doc, sort=f"{seq:012d}")
    return {
        "id": doc["id"],
        "name": doc["name"],
        "extension_number": doc["extension_number"],
        "status": doc["status"],
    }


def _numbers(ctx: Ctx, cq_id: str) -> list[Doc]:
    return [{**n, "source": "internal"} for n in numbers.refs(ctx, "callQueue", cq_id)]


def get(ctx: Ctx, cq_id: str) -> Doc:
    doc = load(
        ctx,
        cq_id,
        errors.not_found(13000, f"The Call Queue does not exist, callQueueId:{cq_id}."),
    )
    out = {k: v for k, v in common.public(doc).items() if k != "description"}
    out["site"] = common.site_ref(ctx, doc["_site_id"])
    out["members"] = members.shape(ctx, doc.get("_members", []), levels=True)
    out["phone_numbers"] = _numbers(ctx, cq_id)
    out["policy"] = {"voicemail_access_members": []}
    return out


def list_queues(ctx: Ctx) -> Doc:
    filters = {k: ctx.q(k) for k in ("site_id", "cost_center", "department")}
    items = []
    for doc in ctx.tx.find(CALL_QUEUE, ctx.account_id):
        if filters["site_id"] and doc["_site_id"] != filters["site_id"]:
            continue
        if filters["cost_center"] and doc.get("cost_center") != filters["cost_center"]:
            continue
        if filters["department"] and doc.get("department") != filters["department"]:
            continue
        items.append(
            {
                "id": doc["id"],
                "name": doc["name"],
                "extension_id": doc["extension_id"],
                "extension_number": doc["extension_number"],
                "status": doc["status"],
                "site": common.site_ref(ctx, doc["_site_id"]),
                "phone_numbers": _numbers(ctx, str(doc["id"])),
            }
        )
    return pagination.paginate_list(ctx, "call_queues", items, numbered=False)


def update(ctx: Ctx, cq_id: str, body: Doc) -> None:
    doc = load(ctx, cq_id, _group_missing(cq_id, dot=False))
    common.valid_timezone(
        body.get("timezone"), errors.bad_request(300, "Timezone not found in the system.")
    )
    if body.get("site_id"):
        doc["_site_id"] = common.pick_site(
            ctx, body["site_id"], errors.bad_request(300, "Site does not exist.")
        )
    if body.get("extension_number") is not None:
        new = int(body["extension_number"])
        common.change_ext(ctx, cq_id, doc["extension_number"], new, common.ext_used)
        doc["extension_number"] = new
    for key in _UPDATABLE:
        if key in body:
            doc[key] = body[key]
    ctx.tx.update(CALL_QUEUE, cq_id, doc)


def delete(ctx: Ctx, cq_id: str) -> None:
    doc = load(ctx, cq_id, _group_missing(cq_id, code=400))
    numbers.unassign_all(ctx, "callQueue", cq_id)
    common.release_ext(ctx, doc.get("extension_number"))
    ctx.tx.delete(CALL_QUEUE, cq_id)


def add_members(ctx: Ctx, cq_id: str, body: Doc) -> None:
    doc = load(ctx, cq_id, _group_missing(cq_id))
    doc["_members"] = _with_levels(
        doc.get("_members", []), members.resolve(ctx, body.get("members"))
    )
    ctx.tx.update(CALL_QUEUE, cq_id, doc)


def remove_member(ctx: Ctx, cq_id: str, member_id: str) -> None:
    doc = load(ctx, cq_id, _group_missing(cq_id))
    current: list[Doc] = doc.get("_members", [])
    match = [m for m in current if m["id"] == member_id]
    if not match:
        raise errors.not_found(404, f"Member does not exist: {member_id}.")
    if match[0].get("level") == "manager":
        raise errors.bad_request(400, "Unable to delete manager")
    doc["_members"] = [m for m in current if m["id"] != member_id]
    ctx.tx.update(CALL_QUEUE, cq_id, doc)


def remove_all_members(ctx: Ctx, cq_id: str) -> None:
    doc = load(ctx, cq_id, _group_missing(cq_id))
    doc["_members"] = []
    ctx.tx.update(CALL_QUEUE, cq_id, doc)


def change_manager(ctx: Ctx, cq_id: str, member_id: str) -> None:
    doc = load(ctx, cq_id, _group_missing(cq_id))
    current: list[Doc] = doc.get("_members", [])
    if not any(m["type"] == "user" and m["id"] == member_id for m in current):
        raise errors.not_found(1001, f"User not found: {member_id}")
    for m in current:
        if m["type"] == "user":
            m["level"] = "manager" if m["id"] == member_id else "user"
    ctx.tx.update(CALL_QUEUE, cq_id, doc)


def assign_numbers(ctx: Ctx, cq_id: str, items: list[dict[str, Any]]) -> None:
    doc = load(ctx, cq_id, errors.bad_request(400, f"Call Queue does not exist: {cq_id}."))
    if not items:
        raise errors.bad_request(400, "Need to specify at least one phone number")
    numbers.assign(
        ctx,
        "callQueue",
        cq_id,
        items,
        missing=lambda ref: errors.bad_request(
            400, f"Phone number does not exist, phonenumberId:{ref}"
        ),
        used=lambda n: errors.bad_request(400, f"phoneNumber is used, phonenumberId:{n['id']}"),
        site_id=str(doc["_site_id"]),
    )


def unassign_number(ctx: Ctx, cq_id: str, number_id: str) -> None:
    load(
        ctx,
        cq_id,
        errors.bad_request(300, f"Validation failed. The group does not exist, groupId:{cq_id}."),
    )
    numbers.unassign_one(
        ctx,
        "callQueue",
        cq_id,
        number_id,
        errors.not_found(404, "Phone number not belong to call queue."),
    )


def unassign_all_numbers(ctx: Ctx, cq_id: str) -> None:
    load(ctx, cq_id, _group_missing(cq_id, dot=False))
    numbers.unassign_all(ctx, "callQueue", cq_id)


def recordings(ctx: Ctx, cq_id: str) -> Doc:
    load(
        ctx,
        cq_id,
        errors.not_found(13000, f"The Call Queue does not exist, callQueueId:{cq_id}."),
    )
    body = pagination.paginate_list(ctx, "recordings", [], numbered=False)
    body["from"] = ctx.q("from")
    body["to"] = ctx.q("to")
    return body
