"""Roles: the account's roles (Owner "0", Admin "1", Member "2" always exist, created on first
access; custom roles are added), their privileges and members.

Role documents are of kind "role". Store ids are unique per kind across accounts, so the three
default roles are stored as "<account>.<id>" and custom roles under their own id; `id` inside the
document is always the public one. A role's members are the users whose `role_id` names it; the
users area reads a role's `privileges` for permissions.
"""

from __future__ import annotations

from typing import Any

from zoomstack import errors, ids, pagination
from zoomstack.areas.users import service as users
from zoomstack.context import Ctx

KIND = "role"
DEFAULT_ROLES = (users.OWNER_ROLE, users.ADMIN_ROLE, users.MEMBER_ROLE)
# Members are assigned to these roles only by owner transfer or by leaving another role.
FIXED_MEMBERSHIP = (users.OWNER_ROLE, users.MEMBER_ROLE)
ROLE_TYPES = ("common", "iq")


def store_id(account_id: str, role_id: str) -> str:
    return f"{account_id}.{role_id}" if role_id in DEFAULT_ROLES else role_id


def _not_found(role_id: str) -> errors.ZoomError:
    return errors.bad_request(1034, "Provided `role_id` does not exist.")


def ensure_defaults(ctx: Ctx) -> None:
    account = ctx.account_id
    if ctx.tx.get(KIND, store_id(account, users.OWNER_ROLE), account) is not None:
        return
    for role_id in DEFAULT_ROLES:
        doc = {
            "id": role_id,
            "name": users.ROLE_NAMES[role_id],
            "description": "",
            "type": "common",
            "privileges": users.builtin_privileges(role_id),
            "sub_account_privileges": {"second_level": 0},
        }
        ctx.tx.insert(KIND, store_id(account, role_id), account, doc, sort=f"0{role_id}")


def all_roles(ctx: Ctx) -> list[dict[str, Any]]:
    ensure_defaults(ctx)
    return ctx.tx.find(KIND, ctx.account_id)


def load(ctx: Ctx, role_id: str) -> dict[str, Any]:
    ensure_defaults(ctx)
    doc = ctx.tx.get(KIND, store_id(ctx.account_id, role_id), ctx.account_id)
    if doc is None:
        raise _not_found(role_id)
    return doc


def members(ctx: Ctx, role_id: str) -> list[dict[str, Any]]:
    return [u for u in ctx.tx.find(users.KIND, ctx.account_id) if str(u.get("role_id")) == role_id]


def view(ctx: Ctx, doc: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": doc["id"],
        "name": doc["name"],
        "description": doc.get("description", ""),
        "type": doc.get("type", "common"),
        "total_members": len(members(ctx, doc["id"])),
        "privileges": list(doc.get("privileges") or []),
        "sub_account_privileges": dict(doc.get("sub_account_privileges") or {"second_level": 0}),
    }


def list_roles(ctx: Ctx) -> dict[str, Any]:
    role_type = ctx.q_enum("type", ROLE_TYPES, "common")
    rows = [d for d in all_roles(ctx) if d.get("type", "common") == role_type]
    items = [
        {k: v for k, v in view(ctx, d).items() if k not in ("privileges", "sub_account_privileges")}
        for d in rows
    ]
    return {"total_records": len(items), "roles": items}


def _name_taken(ctx: Ctx, name: str, except_id: str = "") -> None:
    low = name.strip().lower()
    for d in all_roles(ctx):
        if str(d["name"]).strip().lower() == low and d["id"] != except_id:
            raise errors.bad_request(1224, f"Role name {name} has already been used.")


def _privileges(value: Any) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(p, str) and ":" in p for p in value):
        raise errors.field_error("privileges", "Invalid field: privileges.")
    return list(dict.fromkeys(value))


def create_role(ctx: Ctx, body: dict[str, Any]) -> dict[str, Any]:
    name = str(body.get("name") or "").strip()
    if not name:
        raise errors.validation([{"field": "name", "message": "Missing field: name."}])
    _name_taken(ctx, name)
    role_type = str(body.get("type") or "common")
    if role_type not in ROLE_TYPES:
        raise errors.field_error("type", "Invalid field: type.")
    doc: dict[str, Any] = {
        "id": ids.b64url_id(),
        "name": name,
        "description": str(body.get("description") or ""),
        "type": role_type,
        "privileges": _privileges(body.get("privileges") or []),
        "sub_account_privileges": {"second_level": 0},
    }
    ctx.tx.insert(KIND, doc["id"], ctx.account_id, doc, sort="1" + ctx.clock.now_iso())
    out = view(ctx, doc)
    del out["sub_account_privileges"]
    return out


def update_role(ctx: Ctx, role_id: str, body: dict[str, Any]) -> None:
    doc = load(ctx, role_id)
    if "name" in body:
        name = str(body["name"] or "").strip()
        if not name:
            raise errors.field_error("name", "Invalid field: name.")
        _name_taken(ctx, name, role_id)
        doc["name"] = name
    if "description" in body:
        doc["description"] = str(body["description"] or "")
    if "privileges" in body:
        if role_id == users.OWNER_ROLE:
            raise errors.bad_request(300, "Can't change the privileges of the Owner role.")
        doc["privileges"] = _privileges(body["privileges"])
    if isinstance(body.get("sub_account_privileges"), dict):
        doc["sub_account_privileges"] = {
            "second_level": int(body["sub_account_privileges"].get("second_level") or 0)
        }
    ctx.tx.update(KIND, store_id(ctx.account_id, role_id), doc)


def delete_role(ctx: Ctx, role_id: str) -> None:
    doc = load(ctx, role_id)
    if role_id in DEFAULT_ROLES:
        raise errors.bad_request(300, "Can't delete the default roles.")
    # Members of a removed role fall back to the Member role.
    for user in members(ctx, role_id):
        _assign(ctx, user, users.MEMBER_ROLE, users.ROLE_NAMES[users.MEMBER_ROLE])
    ctx.tx.delete(KIND, store_id(ctx.account_id, str(doc["id"])))


# -- members -------------------------------------------------------------------------------
def _assign(ctx: Ctx, user: dict[str, Any], role_id: str, role_name: str) -> None:
    before = {"id": user["id"], "role_id": user.get("role_id"), "role_name": user.get("role_name")}
    user["role_id"], user["role_name"] = role_id, role_name
    users.save(ctx.tx, user)
    ctx.emit(
        "user.updated",
        {"id": user["id"], "role_id": role_id, "role_name": role_name},
        old_object=before,
        time_stamp=ctx.clock.now_ms(),
    )


def list_members(ctx: Ctx, role_id: str) -> dict[str, Any]:
    load(ctx, role_id)

    def item(u: dict[str, Any]) -> dict[str, Any]:
        return {
            "id": u["id"],
            "email": u.get("email", ""),
            "first_name": u.get("first_name", ""),
            "last_name": u.get("last_name", ""),
            "type": int(u.get("type") or 1),
            "department": u.get("dept", ""),
        }

    return pagination.paginate_list(ctx, "members", members(ctx, role_id), transform=item)


def add_members(ctx: Ctx, role_id: str, body: dict[str, Any]) -> dict[str, Any]:
    doc = load(ctx, role_id)
    if role_id in FIXED_MEMBERSHIP:
        raise errors.bad_request(300, "Can't delete or add members for Normal/Owner roles.")
    wanted = [m for m in body.get("members") or [] if isinstance(m, dict)]
    if not wanted:
        raise errors.validation([{"field": "members", "message": "Missing field: members."}])
    found: list[dict[str, Any]] = []
    for m in wanted:
        ref = str(m.get("id") or m.get("email") or "")
        user = users.find_user(ctx.tx, ctx.account_id, ref) if ref else None
        if user is None:
            raise errors.user_not_found(ref)
        if user.get("role_id") == users.OWNER_ROLE:
            raise errors.bad_request(300, "Can't change the role of the account owner.")
        found.append(user)
    for user in found:
        if user.get("role_id") != role_id:
            _assign(ctx, user, role_id, str(doc["name"]))
    return {
        "ids": ",".join(u["id"] for u in found),
        "add_at": ctx.clock.now_iso(),
    }


def remove_member(ctx: Ctx, role_id: str, member_id: str) -> None:
    load(ctx, role_id)
    if role_id in FIXED_MEMBERSHIP:
        raise errors.bad_request(300, "Can't delete or add members for Normal/Owner roles.")
    user = users.find_user(ctx.tx, ctx.account_id, member_id)
    if user is None or str(user.get("role_id")) != role_id:
        raise errors.user_not_found(member_id)
    _assign(ctx, user, users.MEMBER_ROLE, users.ROLE_NAMES[users.MEMBER_ROLE])
