"""Shared line groups: members (users, common areas) and up to a few phone numbers."""

from __future__ import annotations

from typing import Any

from zoomstack import errors, ids, pagination
from zoomstack.areas.phone import common, members, numbers
from zoomstack.areas.phone.common import SHARED_LINE_GROUP, Doc
from zoomstack.context import Ctx

_UPDATABLE = (
    "display_name",
    "status",
    "timezone",
    "cost_center",
    "department",
    "audio_prompt_language",
    "default_transcription_language",
    "recording_storage_location",
    "allow_privacy",
)


def _missing(slg_id: str) -> errors.ZoomError:
    return errors.not_found(404, f"Shared line group does not exist: {slg_id}.")


def _ext_used(number: int) -> errors.ZoomError:
    return errors.bad_request(400, f"Extension number {number} is already used.")


def load(ctx: Ctx, slg_id: str) -> Doc:
    doc = ctx.tx.get(SHARED_LINE_GROUP, slg_id, ctx.account_id)
    if doc is None:
        raise _missing(slg_id)
    return doc


def create(ctx: Ctx, body: Doc) -> Doc:
    site_id = common.pick_site(
        ctx, body.get("site_id"), errors.bad_request(300, "Site does not exist.")
    )
    doc: Doc = {
        "id": ids.b64url_id(),
        "display_name": body["display_name"],
        "description": body.get("description", ""),
        "extension_number": body.get("extension_number"),
        "status": "active",
        "timezone": "America/Los_Angeles",
        "primary_number": "",
        "_site_id": site_id,
        "_members": [],
    }
    common.new_extension(ctx, doc, _ext_used)
    seq = ctx.tx.counter_incr("crud.seq.phone_shared_line_group", 0)
    ctx.tx.insert(SHARED_LINE_GROUP, doc["id"], ctx.account_id, doc, sort=f"{seq:012d}")
    return {"id": doc["id"], "display_name": doc["display_name"]}


def get(ctx: Ctx, slg_id: str) -> Doc:
    doc = load(ctx, slg_id)
    out = {k: v for k, v in common.public(doc).items() if k != "description"}
    out["site"] = common.site_ref(ctx, doc["_site_id"])
    out["members"] = members.shape(ctx, doc.get("_members", []))
    out["phone_numbers"] = numbers.refs(ctx, "sharedLineGroup", slg_id)
    out["policy"] = {"voicemail_access_members": []}
    return out


def list_groups(ctx: Ctx) -> Doc:
    items = [
        {
            "id": d["id"],
            "display_name": d["display_name"],
            "extension_id": d["extension_id"],
            "extension_number": d["extension_number"],
            "status": d["status"],
            "site": common.site_ref(ctx, d["_site_id"]),
            "phone_numbers": numbers.refs(ctx, "sharedLineGroup", str(d["id"]), status="status"),
        }
        for d in ctx.tx.find(SHARED_LINE_GROUP, ctx.account_id)
    ]
    return pagination.paginate_list(ctx, "shared_line_groups", items, numbered=False)


def update(ctx: Ctx, slg_id: str, body: Doc) -> None:
    doc = load(ctx, slg_id)
    common.valid_timezone(
        body.get("timezone"), errors.bad_request(300, "Timezone not found in the system.")
    )
    if body.get("extension_number") is not None:
        new = int(body["extension_number"])
        try:
            common.check_ext_length(new)
        except errors.ZoomError:
            raise errors.bad_request(409, "Invalid short number length.") from None
        common.change_ext(ctx, slg_id, doc["extension_number"], new, _ext_used)
        doc["extension_number"] = new
    if "primary_number" in body:
        owned = {n["number"] for n in numbers.refs(ctx, "sharedLineGroup", slg_id)}
        if body["primary_number"] and body["primary_number"] not in owned:
            raise errors.bad_request(300, "Phone number does not exist.")
        doc["primary_number"] = body["primary_number"]
    for key in _UPDATABLE:
        if key in body:
            doc[key] = body[key]
    ctx.tx.update(SHARED_LINE_GROUP, slg_id, doc)


def delete(ctx: Ctx, slg_id: str) -> None:
    doc = load(ctx, slg_id)
    numbers.unassign_all(ctx, "sharedLineGroup", slg_id)
    common.release_ext(ctx, doc.get("extension_number"))
    ctx.tx.delete(SHARED_LINE_GROUP, slg_id)


def add_members(ctx: Ctx, slg_id: str, body: Doc) -> None:
    doc = load(ctx, slg_id)
    doc["_members"] = members.merge(
        doc.get("_members", []), members.resolve(ctx, body.get("members"))
    )
    ctx.tx.update(SHARED_LINE_GROUP, slg_id, doc)


def remove_member(ctx: Ctx, slg_id: str, member_id: str) -> None:
    doc = load(ctx, slg_id)
    current: list[Doc] = doc.get("_members", [])
    if not any(m["id"] == member_id for m in current):
        raise errors.bad_request(300, f"Member does not exist: {member_id}.")
    doc["_members"] = [m for m in current if m["id"] != member_id]
    ctx.tx.update(SHARED_LINE_GROUP, slg_id, doc)


def remove_all_members(ctx: Ctx, slg_id: str) -> None:
    doc = load(ctx, slg_id)
    doc["_members"] = []
    ctx.tx.update(SHARED_LINE_GROUP, slg_id, doc)


def assign_numbers(ctx: Ctx, slg_id: str, items: list[dict[str, Any]]) -> None:
    doc = load(ctx, slg_id)
    numbers.assign(
        ctx,
        "sharedLineGroup",
        slg_id,
        items,
        missing=lambda ref: errors.bad_request(400, "Phone number does not exist."),
        used=lambda n: errors.bad_request(400, f"phoneNumber is used, phonenumberId:{n['id']}"),
        site_id=str(doc["_site_id"]),
    )
    if not doc.get("primary_number"):
        owned = numbers.refs(ctx, "sharedLineGroup", slg_id)
        if owned:
            doc["primary_number"] = owned[0]["number"]
            ctx.tx.update(SHARED_LINE_GROUP, slg_id, doc)


def unassign_number(ctx: Ctx, slg_id: str, number_id: str) -> None:
    doc = load(ctx, slg_id)
    number = numbers.find(ctx, number_id)
    numbers.unassign_one(
        ctx,
        "sharedLineGroup",
        slg_id,
        number_id,
        errors.bad_request(400, "Phone number does not exist"),
    )
    if number is not None and doc.get("primary_number") == number["number"]:
        doc["primary_number"] = ""
        ctx.tx.update(SHARED_LINE_GROUP, slg_id, doc)
