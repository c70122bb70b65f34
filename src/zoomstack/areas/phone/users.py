"""Phone users: the account's users with a phone profile (kind "phone_user", id = user id),
created on first use with the next free extension on the main site."""

from __future__ import annotations

from typing import Any

from zoomstack import errors, ids, pagination
from zoomstack.areas.phone import calling_plans, common, numbers
from zoomstack.areas.phone.common import PHONE_USER, Doc
from zoomstack.context import Ctx


def profile(ctx: Ctx, user: Doc) -> Doc:
    doc = ctx.tx.get(PHONE_USER, str(user["id"]), ctx.account_id)
    if doc is not None:
        return doc
    doc = {
        "id": user["id"],
        "phone_user_id": ids.b64url_id(),
        "extension_number": None,
        "_site_id": str(common.main_site(ctx)["id"]),
        "calling_plans": [],
        "status": "activate",
        "cost_center": "",
        "department": "",
        "policy": {},
        "settings": {},
    }
    common.new_extension(ctx, doc)
    ctx.tx.insert(PHONE_USER, doc["id"], ctx.account_id, doc, sort=str(user.get("created_at", "")))
    return doc


def by_id(ctx: Ctx, user_id: str) -> Doc | None:
    user = ctx.tx.get("user", user_id, ctx.account_id)
    return profile(ctx, user) if user is not None else None


def _summary(ctx: Ctx, user: Doc, doc: Doc) -> Doc:
    return {
        "id": user["id"],
        "phone_user_id": doc["phone_user_id"],
        "name": common.user_name(ctx, str(user["id"])),
        "email": user.get("email", ""),
        "extension_id": doc["extension_id"],
        "extension_number": doc["extension_number"],
        "site": common.site_ref(ctx, doc["_site_id"]),
        "status": doc.get("status", "activate"),
        "calling_plans": doc.get("calling_plans", []),
        "phone_numbers": numbers.refs(ctx, "user", str(user["id"])),
        "department": doc.get("department", ""),
        "cost_center": doc.get("cost_center", ""),
        "activation_status": "activated",
    }


def list_users(ctx: Ctx) -> Doc:
    site_id = ctx.q("site_id")
    status = ctx.q("status")
    department = ctx.q("department")
    cost_center = ctx.q("cost_center")
    keyword = ctx.q("keyword").strip().lower()
    items = []
    for user in ctx.tx.find("user", ctx.account_id):
        if user.get("status") == "pending":
            continue
        item = _summary(ctx, user, profile(ctx, user))
        if site_id and item["site"]["id"] != site_id:
            continue
        if status and item["status"] != status:
            continue
        if department and item["department"] != department:
            continue
        if cost_center and item["cost_center"] != cost_center:
            continue
        if keyword:
            hay = " ".join(
                [item["name"], item["email"], str(item["extension_number"])]
                + [n["number"] for n in item["phone_numbers"]]
            ).lower()
            if keyword not in hay:
                continue
        items.append(item)
    return pagination.paginate_list(ctx, "users", items, numbered=False)


def get(ctx: Ctx, user: Doc) -> Doc:
    doc = profile(ctx, user)
    return {
        "id": user["id"],
        "phone_user_id": doc["phone_user_id"],
        "email": user.get("email", ""),
        "extension_id": doc["extension_id"],
        "extension_number": doc["extension_number"],
        "site_id": doc["_site_id"],
        "site_admin": False,
        "status": doc.get("status", "activate"),
        "calling_plans": doc.get("calling_plans", []),
        "phone_numbers": numbers.refs(ctx, "user", str(user["id"])),
        "cost_center": doc.get("cost_center", ""),
        "department": doc.get("department", ""),
        "policy": doc.get("policy", {}),
        **({"emergency_address": doc["emergency_address"]} if "emergency_address" in doc else {}),
    }


def update(ctx: Ctx, user: Doc, body: Doc) -> None:
    doc = profile(ctx, user)
    if body.get("extension_number") not in (None, ""):
        raw = str(body["extension_number"])
        if not raw.isdigit():
            raise errors.field_error("extension_number")
        new = int(raw)
        common.change_ext(ctx, str(user["id"]), doc["extension_number"], new, common.ext_used)
        doc["extension_number"] = new
    if body.get("site_id"):
        if common.site_doc(ctx, str(body["site_id"])) is None:
            raise errors.not_found(404, "Site does not exist.")
        doc["_site_id"] = body["site_id"]
    if isinstance(body.get("policy"), dict):
        policy = doc.setdefault("policy", {})
        for key, value in body["policy"].items():
            if isinstance(value, dict) and isinstance(policy.get(key), dict):
                policy[key] = {**policy[key], **value}
            else:
                policy[key] = value
    if body.get("emergency_address_id"):
        doc["emergency_address"] = {"id": body["emergency_address_id"]}
    if "template_id" in body:
        doc["_template_id"] = body["template_id"]
    ctx.tx.update(PHONE_USER, str(user["id"]), doc)


def assign_plans(ctx: Ctx, user: Doc, plans: list[dict[str, Any]]) -> None:
    doc = profile(ctx, user)
    current = {p["type"]: p for p in doc.get("calling_plans", [])}
    for item in plans:
        plan_type = item.get("type")
        if plan_type not in calling_plans.PLANS:
            raise errors.field_error("calling_plans.type", "Invalid field.")
        entry = calling_plans.plan(int(plan_type))
        if item.get("billing_account_id"):
            entry["billing_account_id"] = item["billing_account_id"]
        current[plan_type] = entry
    doc["calling_plans"] = list(current.values())
    ctx.tx.update(PHONE_USER, str(user["id"]), doc)


def unassign_plan(ctx: Ctx, user: Doc, plan_type: str) -> None:
    doc = profile(ctx, user)
    plans = doc.get("calling_plans", [])
    kept = [p for p in plans if str(p.get("type")) != plan_type]
    if len(kept) == len(plans):
        raise errors.bad_request(400, "Invalid field.")
    doc["calling_plans"] = kept
    ctx.tx.update(PHONE_USER, str(user["id"]), doc)


def assign_numbers(ctx: Ctx, user: Doc, items: list[dict[str, Any]]) -> Doc:
    doc = profile(ctx, user)
    assigned = numbers.assign(
        ctx,
        "user",
        str(user["id"]),
        items,
        missing=lambda ref: errors.bad_request(
            400, f"Phone number does not exist, phonenumberId:{ref}"
        ),
        used=lambda n: errors.bad_request(400, f"phoneNumber is used, phonenumberId:{n['id']}"),
        site_id=str(doc["_site_id"]),
    )
    return {"phone_numbers": assigned}


def unassign_number(ctx: Ctx, user: Doc, ref: str) -> None:
    profile(ctx, user)
    numbers.unassign_one(
        ctx,
        "user",
        str(user["id"]),
        ref,
        errors.ZoomError(404, 400, 'Invalid query parameter "phone_number".'),
    )


def forget(ctx: Ctx, user: Doc) -> None:
    doc = ctx.tx.get(PHONE_USER, str(user["id"]), ctx.account_id)
    if doc is None:
        return
    numbers.unassign_all(ctx, "user", str(user["id"]))
    common.release_ext(ctx, doc.get("extension_number"))
    ctx.tx.delete(PHONE_USER, str(user["id"]))
