"""Common areas (common area phones): an extension on a site with calling plans, phone numbers
and desk phones. Deleting one releases its numbers and extension, drops it from call queues and
shared line groups and unassigns its desk phones."""

from __future__ import annotations

from zoomstack import errors, ids, pagination
from zoomstack.areas.phone import calling_plans, common, members, numbers, sites
from zoomstack.areas.phone.common import COMMON_AREA, DEVICE, Doc
from zoomstack.context import Ctx

_UPDATABLE = (
    "area_code",
    "cost_center",
    "department",
    "display_name",
    "timezone",
    "default_transcription_language",
)


def _missing(ca_id: str, code: int = 404) -> errors.ZoomError:
    return errors.bad_request(code, f"Common area does not exist: {ca_id}.")


def _ext_conflict(number: int) -> errors.ZoomError:
    return errors.bad_request(
        409, "A conflict occurred with the target extension number. Try again later."
    )


def load(ctx: Ctx, ca_id: str, error: errors.ZoomError) -> Doc:
    doc = ctx.tx.get(COMMON_AREA, ca_id, ctx.account_id)
    if doc is None:
        raise error
    return doc


def _country(code: str) -> Doc:
    c = sites.country(code)
    return {**c, "country_code": "1" if c["code"] in ("US", "CA") else ""}


def _plans(items: object) -> list[Doc]:
    out = []
    for item in items if isinstance(items, list) else []:
        plan_type = item.get("type")
        if plan_type not in calling_plans.PLANS:
            raise errors.bad_request(300, "Validation failed.")
        out.append(calling_plans.plan(int(plan_type)))
    return out


def create(ctx: Ctx, body: Doc) -> Doc:
    site_id = common.pick_site(
        ctx,
        body.get("site_id"),
        errors.bad_request(300, f"Site does not exist: {body.get('site_id')}."),
    )
    common.valid_timezone(
        body.get("timezone"), errors.bad_request(300, "Timezone not found in the system.")
    )
    code = str(body.get("country_iso_code") or "US").upper()
    if len(code) != 2 or not code.isalpha():
        raise errors.bad_request(300, "This country is not supported by Zoom Phone.")
    doc: Doc = {
        "id": ids.b64url_id(),
        "display_name": body["display_name"],
        "extension_number": body.get("extension_number"),
        "timezone": body.get("timezone") or "America/Los_Angeles",
        "country": _country(code),
        "calling_plans": _plans(body.get("calling_plans")),
        "area_code": "",
        "cost_center": "",
        "department": "",
        "policy": {},
        "_site_id": site_id,
    }
    if body.get("template_id"):
        doc["_template_id"] = body["template_id"]
    common.new_extension(ctx, doc, _ext_conflict)
    seq = ctx.tx.counter_incr("crud.seq.phone_common_area", 0)
    ctx.tx.insert(COMMON_AREA, doc["id"], ctx.account_id, doc, sort=f"{seq:012d}")
    return {"id": doc["id"], "display_name": doc["display_name"]}


def _desk_phones(ctx: Ctx, ca_id: str) -> list[Doc]:
    return [
        {
            "id": d["id"],
            "display_name": d.get("display_name", ""),
            "device_type": d.get("device_type", ""),
            "status": "offline",
        }
        for d in ctx.tx.find(DEVICE, ctx.account_id)
        if {"type": "commonArea", "id": ca_id} in (d.get("_assignees") or [])
    ]


def _phone_numbers(ctx: Ctx, ca_id: str) -> list[Doc]:
    return [
        {**n, "source": "internal"}
        for n in numbers.refs(ctx, "commonArea", ca_id, display_name="display_name")
    ]


def get(ctx: Ctx, ca_id: str) -> Doc:
    doc = load(ctx, ca_id, _missing(ca_id, 400))
    out = common.public(doc)
    out["site"] = common.site_ref(ctx, doc["_site_id"])
    out["phone_numbers"] = _phone_numbers(ctx, ca_id)
    out["outbound_caller_ids"] = [
        {"name": n["display_name"], "number": n["number"], "is_default": i == 0}
        for i, n in enumerate(out["phone_numbers"])
    ]
    return out


def list_areas(ctx: Ctx) -> Doc:
    site_id = ctx.q("site_id")
    items = []
    for d in ctx.tx.find(COMMON_AREA, ctx.account_id):
        if site_id and d["_site_id"] != site_id:
            continue
        items.append(
            {
                "id": d["id"],
                "display_name": d["display_name"],
                "extension_number": d["extension_number"],
                "calling_plans": d.get("calling_plans", []),
                "site": common.site_ref(ctx, d["_site_id"]),
                "status": "offline",
                "phone_numbers": _phone_numbers(ctx, str(d["id"])),
                "desk_phones": _desk_phones(ctx, str(d["id"])),
            }
        )
    return pagination.paginate_list(ctx, "common_areas", items, numbered=False)


def update(ctx: Ctx, ca_id: str, body: Doc) -> None:
    doc = load(ctx, ca_id, _missing(ca_id))
    common.valid_timezone(
        body.get("timezone"), errors.bad_request(300, "Timezone not found in the system.")
    )
    if body.get("site_id"):
        doc["_site_id"] = common.pick_site(
            ctx,
            body["site_id"],
            errors.bad_request(300, f"Site does not exist: {body['site_id']}."),
        )
    if body.get("extension_number") is not None:
        new = int(body["extension_number"])
        common.change_ext(ctx, ca_id, doc["extension_number"], new, _ext_conflict)
        doc["extension_number"] = new
    if body.get("country_iso_code"):
        doc["country"] = _country(str(body["country_iso_code"]))
    if isinstance(body.get("policy"), dict):
        policy = doc.setdefault("policy", {})
        for key, value in body["policy"].items():
            if isinstance(value, dict):
                merged = {**policy.get(key, {}), **value}
                merged.pop("reset", None)
                policy[key] = merged
            else:
                policy[key] = {"enable": bool(value)}
    if body.get("emergency_address_id"):
        doc["emergency_address"] = {"id": body["emergency_address_id"]}
    for key in _UPDATABLE:
        if key in body:
            doc[key] = body[key]
    ctx.tx.update(COMMON_AREA, ca_id, doc)


def delete(ctx: Ctx, ca_id: str) -> None:
    doc = load(ctx, ca_id, _missing(ca_id))
    numbers.unassign_all(ctx, "commonArea", ca_id)
    common.release_ext(ctx, doc.get("extension_number"))
    for kind in (common.CALL_QUEUE, common.SHARED_LINE_GROUP):
        members.drop_everywhere(ctx, kind, "commonArea", ca_id)
    owner = {"type": "commonArea", "id": ca_id}
    for device in ctx.tx.find(DEVICE, ctx.account_id):
        if owner in (device.get("_assignees") or []):
            device["_assignees"] = [a for a in device["_assignees"] if a != owner]
            ctx.tx.update(DEVICE, str(device["id"]), device)
    ctx.tx.delete(COMMON_AREA, ca_id)
