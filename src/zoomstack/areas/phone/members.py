"""Members of call queues and shared line groups: users (by id or email) and common areas,
stored on the group as `_members` [{type, id, ...}]."""

from __future__ import annotations

from typing import Any

from zoomstack import errors
from zoomstack.areas.phone import common, users
from zoomstack.areas.phone.common import Doc
from zoomstack.areas.users import service as user_service
from zoomstack.context import Ctx


def resolve(ctx: Ctx, body_members: Any) -> list[Doc]:
    """The members named by a request's `members` object, validated."""
    out: list[Doc] = []
    if not isinstance(body_members, dict):
        return out
    for item in body_members.get("users") or []:
        ref = str(item.get("id") or item.get("email") or "")
        user = user_service.find_user(ctx.tx, ctx.account_id, ref) if ref else None
        if user is None:
            raise errors.not_found(1001, f"User not found: {ref}.")
        users.profile(ctx, user)
        out.append({"type": "user", "id": user["id"]})
    for ca_id in body_members.get("common_area_ids") or []:
        if ctx.tx.get(common.COMMON_AREA, str(ca_id), ctx.account_id) is None:
            raise errors.bad_request(300, f"Common area does not exist: {ca_id}.")
        out.append({"type": "commonArea", "id": str(ca_id)})
    return out


def merge(current: list[Doc], new: list[Doc]) -> list[Doc]:
    seen = {(m["type"], m["id"]) for m in current}
    merged = list(current)
    for m in new:
        if (m["type"], m["id"]) not in seen:
            seen.add((m["type"], m["id"]))
            merged.append(m)
    return merged


def shape(ctx: Ctx, members: list[Doc], *, levels: bool = False) -> Doc:
    out: Doc = {"users": [], "common_areas": []}
    for m in members:
        doc = common.owner_doc(ctx, m["type"], m["id"])
        if doc is None:
            continue
        item: Doc = {
            "id": m["id"],
            "name": common.owner_name(ctx, m["type"], doc),
            "extension_id": doc.get("extension_id", ""),
        }
        if m["type"] == "user":
            if levels:
                item["level"] = m.get("level", "user")
                item["receive_call"] = m.get("receive_call", True)
            out["users"].append(item)
        else:
            out["common_areas"].append(item)
    return out


def drop_everywhere(ctx: Ctx, kind: str, member_type: str, member_id: str) -> None:
    """Remove a deleted user or common area from every group of `kind`."""
    for group in ctx.tx.find(kind, ctx.account_id):
        kept = [
            m for m in group.get("_members", []) if (m["type"], m["id"]) != (member_type, member_id)
        ]
        if len(kept) != len(group.get("_members", [])):
            group["_members"] = kept
            ctx.tx.update(kind, str(group["id"]), group)
