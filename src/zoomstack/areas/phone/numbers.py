"""The account's phone number pool and number assignment to owners.

Each account starts with a small pool of numbers from the fictional 555-0100..555-0199 range so
assign/unassign flows work without a carrier; BYOC numbers join the pool as `external`. A number
belongs to at most one owner at a time (`_owner` = {type, id}).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from zoomstack import errors, ids, pagination
from zoomstack.areas.phone import common
from zoomstack.areas.phone.common import NUMBER, Doc
from zoomstack.context import Ctx

POOL_SIZE = 20
_AREA_CODE = "202"


def _seeded_key(ctx: Ctx) -> str:
    return f"phone.numbers.seeded.{ctx.account_id}"


def display(number: str) -> str:
    digits = number.removeprefix("+1")
    if len(digits) == 10 and number.startswith("+1"):
        return f"({digits[:3]}) {digits[3:6]}-{digits[6:]}"
    return number


def add_number(ctx: Ctx, number: str, *, source: str = "internal", **extra: Any) -> Doc:
    doc: Doc = {
        "id": ids.b64url_id(),
        "number": number,
        "display_name": display(number),
        "source": source,
        "status": "available",
        "number_type": "toll",
        "capability": ["incoming", "outgoing"],
        "location": "",
        "emergency_address_status": 1,
        "_owner": None,
        "_site_id": "",
        **extra,
    }
    ctx.tx.key_put("phone.number", f"{ctx.account_id}\x1f{number}", doc["id"])
    ctx.tx.insert(NUMBER, doc["id"], ctx.account_id, doc, sort=number)
    return doc


def pool(ctx: Ctx) -> list[Doc]:
    if ctx.tx.meta_get(_seeded_key(ctx)) is None:
        ctx.tx.meta_put(_seeded_key(ctx), "1")
        for i in range(POOL_SIZE):
            add_number(ctx, f"+1{_AREA_CODE}555{100 + i:04d}", location="Washington, DC, US")
    return ctx.tx.find(NUMBER, ctx.account_id)


def number_exists(ctx: Ctx, number: str) -> bool:
    pool(ctx)
    return ctx.tx.key_get("phone.number", f"{ctx.account_id}\x1f{number}") is not None


def find(ctx: Ctx, ref: str) -> Doc | None:
    """A pool number by id or by number."""
    pool(ctx)
    doc = ctx.tx.get(NUMBER, ref, ctx.account_id)
    if doc is not None:
        return doc
    for candidate in (ref, "+" + ref.lstrip("+")):
        num_id = ctx.tx.key_get("phone.number", f"{ctx.account_id}\x1f{candidate}")
        if num_id is not None:
            return ctx.tx.get(NUMBER, num_id, ctx.account_id)
    return None


def owned_by(ctx: Ctx, owner_type: str, owner_id: str) -> list[Doc]:
    want = {"type": owner_type, "id": owner_id}
    return [d for d in pool(ctx) if d.get("_owner") == want]


def refs(ctx: Ctx, owner_type: str, owner_id: str, **extra: str) -> list[Doc]:
    out = []
    for d in owned_by(ctx, owner_type, owner_id):
        item: Doc = {"id": d["id"], "number": d["number"]}
        for key, field in extra.items():
            item[key] = d.get(field, "")
        out.append(item)
    return out


def assign(
    ctx: Ctx,
    owner_type: str,
    owner_id: str,
    items: Sequence[dict[str, Any]],
    *,
    missing: Callable[[str], errors.ZoomError],
    used: Callable[[Doc], errors.ZoomError],
    site_id: str = "",
) -> list[Doc]:
    """Give the numbers named by `items` ({id} or {number}) to the owner."""
    owner = {"type": owner_type, "id": owner_id}
    out: list[Doc] = []
    for item in items:
        ref = str(item.get("id") or item.get("number") or "")
        doc = find(ctx, ref) if ref else None
        if doc is None:
            raise missing(ref)
        if doc.get("_owner") not in (None, owner):
            raise used(doc)
        if doc.get("_owner") != owner:
            doc["_owner"] = owner
            doc["_site_id"] = site_id
            ctx.tx.update(NUMBER, doc["id"], doc)
        out.append({"id": doc["id"], "number": doc["number"]})
    return out


def unassign(ctx: Ctx, doc: Doc) -> None:
    doc["_owner"] = None
    doc["_site_id"] = ""
    ctx.tx.update(NUMBER, doc["id"], doc)


def unassign_one(
    ctx: Ctx, owner_type: str, owner_id: str, ref: str, not_owned: errors.ZoomError
) -> None:
    doc = find(ctx, ref)
    if doc is None or doc.get("_owner") != {"type": owner_type, "id": owner_id}:
        raise not_owned
    unassign(ctx, doc)


def unassign_all(ctx: Ctx, owner_type: str, owner_id: str) -> None:
    for doc in owned_by(ctx, owner_type, owner_id):
        unassign(ctx, doc)


def move_site(ctx: Ctx, old_site: str, new_site: str) -> None:
    for doc in pool(ctx):
        if doc.get("_site_id") == old_site:
            doc["_site_id"] = new_site
            ctx.tx.update(NUMBER, doc["id"], doc)


# -- output -----------------------------------------------------------------------------------
def _assignee(ctx: Ctx, doc: Doc) -> Doc | None:
    owner = doc.get("_owner")
    if not owner:
        return None
    summary = common.owner_summary(ctx, owner["type"], owner["id"])
    if summary is None:
        return None
    summary.pop("extension_id", None)
    return summary


def shape(ctx: Ctx, doc: Doc) -> Doc:
    out = common.public(doc)
    assignee = _assignee(ctx, doc)
    if assignee is not None:
        out["assignee"] = assignee
    site_id = doc.get("_site_id") or str(common.main_site(ctx)["id"])
    out["site"] = common.site_ref(ctx, site_id)
    return out


def _not_found(number_id: str) -> errors.ZoomError:
    return errors.bad_request(400, f"Phone number does not exist, phonenumberId:{number_id}")


def get(ctx: Ctx, number_id: str) -> Doc:
    pool(ctx)
    doc = ctx.tx.get(NUMBER, number_id, ctx.account_id)
    if doc is None:
        raise _not_found(number_id)
    return shape(ctx, doc)


def list_numbers(ctx: Ctx) -> Doc:
    kind = ctx.q_enum("type", ("assigned", "unassigned", "byoc", "all"), "all")
    ext_type = ctx.q("extension_type")
    number_type = ctx.q("number_type")
    site_id = ctx.q("site_id")
    search = ctx.q("phone_number").replace(" ", "")
    items = []
    for doc in pool(ctx):
        owner = doc.get("_owner")
        if kind == "assigned" and not owner:
            continue
        if kind == "unassigned" and owner:
            continue
        if kind == "byoc" and doc.get("source") != "external":
            continue
        if ext_type and (not owner or owner["type"] != ext_type):
            continue
        if number_type and doc.get("number_type") != number_type:
            continue
        if search and search not in doc["number"]:
            continue
        shaped = shape(ctx, doc)
        if site_id and shaped["site"]["id"] != site_id:
            continue
        items.append(shaped)
    return pagination.paginate_list(ctx, "phone_numbers", items, numbered=False)


_CAPABILITIES = ("incoming", "outgoing")


def update(ctx: Ctx, number_id: str, body: Doc) -> None:
    pool(ctx)
    doc = ctx.tx.get(NUMBER, number_id, ctx.account_id)
    if doc is None:
        raise errors.not_found(404, f"Phone number does not exist. ID: {number_id}.")
    if "capability" in body:
        caps = body["capability"]
        if not caps or any(c not in _CAPABILITIES for c in caps):
            raise errors.bad_request(
                300,
                "The value of capability is invalid. Provide a valid capability and try again.",
            )
        doc["capability"] = list(dict.fromkeys(caps))
    if "sip_group_id" in body:
        if doc.get("source") != "external":
            raise errors.bad_request(300, "The phone number is not BYOC phone number.")
        doc["sip_group"] = {"id": body["sip_group_id"], "display_name": ""}
    for key in ("display_name", "emergency_address_status"):
        if key in body:
            doc[key] = body[key]
    ctx.tx.update(NUMBER, number_id, doc)
