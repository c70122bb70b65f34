"""What every phone resource shares: storage kinds, extension numbers, sites and owners.

Extension numbers are unique within the account across every kind of extension (users, call
queues, auto receptionists, common areas, shared line groups). Each extension also carries an
`extension_id`, distinct from the object's id, as Zoom's objects do.
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Callable
from typing import Any

from zoomstack import errors, ids
from zoomstack.context import Ctx
from zoomstack.store import Conflict

Doc = dict[str, Any]

SITE = "phone_site"
AUTO_RECEPTIONIST = "phone_auto_receptionist"
PHONE_USER = "phone_user"
NUMBER = "phone_number"
CALL_QUEUE = "phone_call_queue"
SHARED_LINE_GROUP = "phone_shared_line_group"
COMMON_AREA = "phone_common_area"
DEVICE = "phone_device"
ACCOUNT = "phone_account"

# Owner types (Zoom's `assignee.type` / `extension_type` words) -> storage kind.
OWNER_KINDS = {
    "user": PHONE_USER,
    "callQueue": CALL_QUEUE,
    "autoReceptionist": AUTO_RECEPTIONIST,
    "commonArea": COMMON_AREA,
    "sharedLineGroup": SHARED_LINE_GROUP,
}

_EXT_NS = "phone.ext"
_FIRST_EXTENSION = 100


def _ext_key(ctx: Ctx, number: int) -> str:
    return f"{ctx.account_id}\x1f{number}"


def ext_in_use(ctx: Ctx, number: int) -> bool:
    return ctx.tx.key_get(_EXT_NS, _ext_key(ctx, number)) is not None


def check_ext_length(number: int) -> None:
    # Zoom's short extensions are 2 to 6 digits.
    if number <= 0 or not 2 <= len(str(number)) <= 6:
        raise errors.bad_request(400, "Invalid short number length.")


def claim_ext(
    ctx: Ctx, owner_id: str, number: int | None, used: Callable[[int], errors.ZoomError]
) -> int:
    """Claim `number` (or the next free one) for `owner_id`."""
    if number is None:
        seq = ctx.tx.counter_incr(f"phone.ext.next.{ctx.account_id}", 0)
        candidate = _FIRST_EXTENSION + seq - 1
        while ext_in_use(ctx, candidate):
            candidate = (
                _FIRST_EXTENSION + ctx.tx.counter_incr(f"phone.ext.next.{ctx.account_id}", 0) - 1
            )
        number = candidate
    else:
        check_ext_length(number)
    try:
        ctx.tx.key_put(_EXT_NS, _ext_key(ctx, number), owner_id)
    except Conflict:
        raise used(number) from None
    return number


def release_ext(ctx: Ctx, number: Any) -> None:
    if isinstance(number, int):
        ctx.tx.key_delete(_EXT_NS, _ext_key(ctx, number))


def change_ext(
    ctx: Ctx, owner_id: str, old: Any, new: Any, used: Callable[[int], errors.ZoomError]
) -> None:
    if new is None or new == old:
        return
    claim_ext(ctx, owner_id, int(new), used)
    release_ext(ctx, old)


def ext_used(number: int) -> errors.ZoomError:
    return errors.bad_request(400, f"Extension number {number} is already used.")


def new_extension(ctx: Ctx, doc: Doc, used: Callable[[int], errors.ZoomError] = ext_used) -> Doc:
    """Give a new extension owner its extension number and extension id."""
    doc["extension_number"] = claim_ext(ctx, str(doc["id"]), doc.get("extension_number"), used)
    doc.setdefault("extension_id", ids.b64url_id())
    return doc


def valid_timezone(value: Any, error: errors.ZoomError) -> None:
    if value in (None, ""):
        return
    try:
        zoneinfo.ZoneInfo(str(value))
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        raise error from None


# -- sites ------------------------------------------------------------------------------------
def site_doc(ctx: Ctx, site_id: str) -> Doc | None:
    if not site_id:
        return None
    return ctx.tx.get(SITE, site_id, ctx.account_id)


# Set by the sites module: creates the account's main site (with its auto receptionist).
main_site_factory: list[Callable[[Ctx], Doc]] = []


def main_site(ctx: Ctx) -> Doc:
    """The account's main site, created on first use: every phone account has one."""
    sites = ctx.tx.find(SITE, ctx.account_id)
    for s in sites:
        if s.get("_main"):
            return s
    if sites:
        return sites[0]
    return main_site_factory[0](ctx)


def site_ref(ctx: Ctx, site_id: str) -> Doc:
    site = site_doc(ctx, site_id)
    return {"id": site_id, "name": site["name"]} if site else {"id": site_id, "name": ""}


def pick_site(ctx: Ctx, site_id: Any, missing: errors.ZoomError) -> str:
    """The site of a new object: the given one (which must exist) or the main site."""
    if site_id in (None, ""):
        return str(main_site(ctx)["id"])
    if site_doc(ctx, str(site_id)) is None:
        raise missing
    return str(site_id)


# -- owners -----------------------------------------------------------------------------------
def owner_doc(ctx: Ctx, owner_type: str, owner_id: str) -> Doc | None:
    kind = OWNER_KINDS.get(owner_type)
    return ctx.tx.get(kind, owner_id, ctx.account_id) if kind else None


def user_name(ctx: Ctx, user_id: str) -> str:
    user = ctx.tx.get("user", user_id, ctx.account_id)
    if user is None:
        return ""
    name = f"{user.get('first_name', '')} {user.get('last_name', '')}".strip()
    return name or str(user.get("display_name") or user.get("email", ""))


def owner_name(ctx: Ctx, owner_type: str, doc: Doc) -> str:
    if owner_type == "user":
        return user_name(ctx, str(doc["id"]))
    return str(doc.get("name") or doc.get("display_name") or "")


def owner_summary(ctx: Ctx, owner_type: str, owner_id: str) -> Doc | None:
    doc = owner_doc(ctx, owner_type, owner_id)
    if doc is None:
        return None
    return {
        "id": owner_id,
        "name": owner_name(ctx, owner_type, doc),
        "extension_number": doc.get("extension_number"),
        "extension_id": doc.get("extension_id", ""),
        "type": owner_type,
    }


def find_extension(ctx: Ctx, extension_id: str) -> tuple[str, Doc] | None:
    """An extension owner by its extension id (users and common areas carry desk phones)."""
    for owner_type in ("user", "commonArea"):
        for doc in ctx.tx.find(OWNER_KINDS[owner_type], ctx.account_id):
            if doc.get("extension_id") == extension_id:
                return owner_type, doc
    return None


def public(doc: Doc) -> Doc:
    return {k: v for k, v in doc.items() if not k.startswith("_")}
