"""Desk phones: a MAC address per account, assigned to a user (`assigned_to`) or to user/common
area extensions (`assignee_extension_ids`, at most 10)."""

from __future__ import annotations

import re

from zoomstack import errors, ids, pagination
from zoomstack.areas.phone import common, users
from zoomstack.areas.phone.common import DEVICE, Doc
from zoomstack.areas.users import service as user_service
from zoomstack.context import Ctx
from zoomstack.store import Conflict

_MAC = re.compile(r"^[0-9a-f]{12}$")
MAX_ASSIGNEES = 10


def _mac(value: str) -> str:
    mac = re.sub(r"[-:.\s]", "", value).lower()
    if not _MAC.match(mac):
        raise errors.validation(
            [{"field": "mac_address", "message": "Invalid field: mac_address."}],
            "Validation failed.",
        )
    return mac


def _missing(code: int = 400) -> errors.ZoomError:
    prefix = "Validation failed. " if code == 300 else ""
    return errors.bad_request(code, f"{prefix}Device does not exist in the system.")


def load(ctx: Ctx, device_id: str, error: errors.ZoomError) -> Doc:
    doc = ctx.tx.get(DEVICE, device_id, ctx.account_id)
    if doc is None:
        raise error
    return doc


def _user_assignee(ctx: Ctx, ref: str) -> Doc:
    user = user_service.find_user(ctx.tx, ctx.account_id, ref)
    if user is None:
        raise errors.not_found(1001, f"User not found: {ref}")
    users.profile(ctx, user)
    return {"type": "user", "id": user["id"]}


def _extension_assignees(ctx: Ctx, extension_ids: list[str]) -> list[Doc]:
    if len(extension_ids) > MAX_ASSIGNEES:
        raise errors.bad_request(
            405, "The number of items for `assignee_extension_ids` must not exceed 10."
        )
    out = []
    for ext_id in extension_ids:
        found = common.find_extension(ctx, ext_id)
        if found is None:
            raise errors.not_found(
                1001, f"The user extension does not exist, extensionId: {ext_id}."
            )
        out.append({"type": found[0], "id": found[1]["id"]})
    return out


def create(ctx: Ctx, body: Doc) -> Doc:
    mac = _mac(str(body["mac_address"]))
    site_id = common.pick_site(
        ctx, body.get("site_id"), errors.bad_request(300, "Validation failed.")
    )
    assignees: list[Doc] = []
    if body.get("assigned_to"):
        assignees.append(_user_assignee(ctx, str(body["assigned_to"])))
    assignees += [
        a
        for a in _extension_assignees(ctx, list(body.get("assignee_extension_ids") or []))
        if a not in assignees
    ]
    doc: Doc = {
        "id": ids.b64url_id(),
        "display_name": body["display_name"],
        "mac_address": mac,
        "device_type": " ".join(str(body[k]) for k in ("type", "model") if body.get(k)),
        "provision_template_id": body.get("provision_template_id", ""),
        "_brand": str(body["type"]).lower(),
        "_site_id": site_id,
        "_assignees": assignees,
    }
    try:
        ctx.tx.key_put("phone.device.mac", f"{ctx.account_id}\x1f{mac}", doc["id"])
    except Conflict:
        raise errors.ZoomError(409, 409, f"The MAC address {mac} is already in use.") from None
    seq = ctx.tx.counter_incr("crud.seq.phone_device", 0)
    ctx.tx.insert(DEVICE, doc["id"], ctx.account_id, doc, sort=f"{seq:012d}")
    return {"id": doc["id"], "display_name": doc["display_name"]}


def _assignees(ctx: Ctx, doc: Doc) -> list[Doc]:
    out = []
    for a in doc.get("_assignees") or []:
        summary = common.owner_summary(ctx, a["type"], a["id"])
        if summary is not None:
            summary["extension_type"] = summary.pop("type")
            out.append(summary)
    return out


def shape(ctx: Ctx, doc: Doc, *, detail: bool = False) -> Doc:
    out = common.public(doc)
    assignees = _assignees(ctx, doc)
    out["assignees"] = assignees
    if assignees:
        out["assignee"] = {k: v for k, v in assignees[0].items() if k != "extension_id"}
    out["site"] = common.site_ref(ctx, doc["_site_id"])
    out["status"] = "offline"
    out["policy"] = {"call_control": {"status": "unsupported"}, "hot_desking": {"status": "off"}}
    if detail:
        out["provision"] = {"type": "assisted", "url": ""}
    return out


def list_devices(ctx: Ctx) -> Doc:
    kind = ctx.q("type")
    if kind not in ("assigned", "unassigned"):
        raise errors.validation([{"field": "type", "message": "Invalid field: type."}])
    assignee_type = ctx.q("assignee_type")
    site_id = ctx.q("site_id")
    brand = ctx.q("device_type").lower()
    keyword = ctx.q("keyword").strip().lower()
    items = []
    for doc in ctx.tx.find(DEVICE, ctx.account_id):
        assignees = doc.get("_assignees") or []
        if (kind == "assigned") != bool(assignees):
            continue
        if assignee_type and not any(a["type"] == assignee_type for a in assignees):
            continue
        if site_id and doc["_site_id"] != site_id:
            continue
        if brand and doc.get("_brand") != brand:
            continue
        if keyword and keyword not in f"{doc['display_name']} {doc['mac_address']}".lower():
            continue
        items.append(shape(ctx, doc))
    return pagination.paginate_list(ctx, "devices", items, numbered=False)


def get(ctx: Ctx, device_id: str) -> Doc:
    return shape(ctx, load(ctx, device_id, _missing()), detail=True)


def update(ctx: Ctx, device_id: str, body: Doc) -> None:
    doc = load(ctx, device_id, _missing(300))
    if "assigned_to" in body:
        doc["_assignees"] = (
            [_user_assignee(ctx, str(body["assigned_to"]))] if body["assigned_to"] else []
        )
    for key in ("display_name", "provision_template_id"):
        if key in body:
            doc[key] = body[key]
    ctx.tx.update(DEVICE, device_id, doc)


def delete(ctx: Ctx, device_id: str) -> None:
    doc = load(ctx, device_id, _missing(300))
    ctx.tx.key_delete("phone.device.mac", f"{ctx.account_id}\x1f{doc['mac_address']}")
    ctx.tx.delete(DEVICE, device_id)


def forget_user(ctx: Ctx, user_id: str) -> None:
    owner = {"type": "user", "id": user_id}
    for device in ctx.tx.find(DEVICE, ctx.account_id):
        if owner in (device.get("_assignees") or []):
            device["_assignees"] = [a for a in device["_assignees"] if a != owner]
            ctx.tx.update(DEVICE, str(device["id"]), device)
