"""Group membership lives on the user: `group_ids` (user groups) and `im_group_ids` (IM
directory groups). Member lists are derived from the account's users, so the two views can
never disagree, and deleting a user drops its memberships with it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

from zoomstack import errors, pagination
from zoomstack.areas.users import service as users
from zoomstack.context import Ctx

Field = Literal["group_ids", "im_group_ids"]


def members(ctx: Ctx, field: Field, group_id: str) -> list[dict[str, Any]]:
    return [u for u in ctx.tx.find(users.KIND, ctx.account_id) if group_id in (u.get(field) or [])]


def count(ctx: Ctx, field: Field, group_id: str) -> int:
    return len(members(ctx, field, group_id))


def member_view(user: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": user["id"],
        "email": user["email"],
        "first_name": user.get("first_name", ""),
        "last_name": user.get("last_name", ""),
        "type": user.get("type", 1),
    }


def find_user(ctx: Ctx, ref: str) -> dict[str, Any] | None:
    return users.find_user(ctx.tx, ctx.account_id, ref) if ref else None


def resolve_entries(ctx: Ctx, entries: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """The users named by `[{"id"|"email"}]`; unknown entries are skipped, as Zoom only
    reports the IDs it actually added."""
    found: dict[str, dict[str, Any]] = {}
    for entry in entries:
        ref = str(entry.get("id") or entry.get("email") or "").strip()
        user = find_user(ctx, ref)
        if user is not None:
            found.setdefault(user["id"], user)
    return list(found.values())


def save(ctx: Ctx, user: dict[str, Any]) -> None:
    users.save(ctx.tx, user)


def add(ctx: Ctx, field: Field, group_id: str, user: dict[str, Any]) -> bool:
    current = list(user.get(field) or [])
    if group_id in current:
        return False
    current.append(group_id)
    user[field] = current
    users.save(ctx.tx, user)
    return True


def remove(ctx: Ctx, field: Field, group_id: str, user: dict[str, Any]) -> bool:
    current = list(user.get(field) or [])
    if group_id not in current:
        return False
    user[field] = [g for g in current if g != group_id]
    users.save(ctx.tx, user)
    return True


def drop_group(ctx: Ctx, field: Field, group_id: str) -> None:
    for user in members(ctx, field, group_id):
        remove(ctx, field, group_id, user)


def member_or_404(ctx: Ctx, field: Field, group_id: str, ref: str) -> dict[str, Any]:
    user = find_user(ctx, ref)
    if user is None or group_id not in (user.get(field) or []):
        raise errors.not_found(4131, "Group member does not exist.")
    return user


def list_page(ctx: Ctx, field: Field, group_id: str, *, max_size: int) -> dict[str, Any]:
    """A page of the group's members, as both group APIs list them."""
    found = members(ctx, field, group_id)
    return pagination.paginate_list(
        ctx, "members", found, transform=member_view, default_size=30, max_size=max_size
    )


def add_entries(
    ctx: Ctx, field: Field, group_id: str, entries: Sequence[dict[str, Any]], *, limit: int
) -> list[dict[str, Any]]:
    """Add the users that `entries` name (at most `limit` entries); those newly added."""
    if len(entries) > limit:
        raise errors.field_error("members", f"A maximum of {limit} members can be added.")
    return [u for u in resolve_entries(ctx, entries) if add(ctx, field, group_id, u)]


def added_body(ctx: Ctx, added: Sequence[dict[str, Any]]) -> dict[str, Any]:
    return {"ids": ",".join(u["id"] for u in added), "added_at": ctx.clock.now_iso()}
