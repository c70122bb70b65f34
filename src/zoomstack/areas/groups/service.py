"""User groups: account-level groups whose members are the account's users."""

from __future__ import annotations

from typing import Any

from zoomstack import crud, errors, ids
from zoomstack.areas.groups import backgrounds, membership
from zoomstack.context import Ctx

FIELD: membership.Field = "group_ids"
# Zoom's documented per-request limit for adding members.
MAX_ADD = 30


def not_found(ctx: Ctx, group_id: str) -> errors.ZoomError:
    return errors.not_found(4130, f"A group with this {group_id} does not exist.")


def _taken(name: Any) -> errors.ZoomError:
    return errors.ZoomError(409, 4132, f'The group name "{name}" is already in use.')


def _named(ctx: Ctx, doc: crud.Doc) -> crud.Doc:
    doc["name"] = str(doc.get("name") or "").strip()
    if not doc["name"]:
        raise errors.bad_request(300, "Invalid parameter: name.")
    return doc


def _check_update(ctx: Ctx, old: crud.Doc, new: crud.Doc) -> crud.Doc:
    return _named(ctx, new)


def _view(ctx: Ctx, doc: crud.Doc) -> crud.Doc:
    return {
        "id": doc["id"],
        "name": doc["name"],
        "total_members": membership.count(ctx, FIELD, doc["id"]),
    }


def _event_object(ctx: Ctx, doc: crud.Doc) -> crud.Doc:
    return {"id": doc["id"], "name": doc["name"]}


def _forget_members(ctx: Ctx, doc: crud.Doc) -> None:
    membership.drop_group(ctx, FIELD, doc["id"])
    for kind in ("group_settings", "group_lock_settings"):
        ctx.tx.delete(kind, doc["id"])
    backgrounds.forget(ctx, doc["id"])


GROUPS = crud.Resource(
    kind="group",
    not_found=not_found,
    list_key="groups",
    new_id=lambda: ids.b64url_id(16),
    fields=("name",),
    defaults={"name": ""},
    unique=(crud.Unique("name", _taken),),
    events=crud.Events(created="group.created", updated="group.updated", deleted="group.deleted"),
    paging="token",
    page_default=30,
    page_max=300,
    prepare_create=_named,
    prepare_update=_check_update,
    before_delete=_forget_members,
    shape=_view,
    event_object=_event_object,
)


def load(ctx: Ctx, group_id: str) -> crud.Doc:
    return GROUPS.load(ctx, group_id)


# -- members ---------------------------------------------------------------------------------
def list_members(ctx: Ctx, group_id: str) -> dict[str, Any]:
    load(ctx, group_id)
    return membership.list_page(ctx, FIELD, group_id, max_size=2000)


def add_members(ctx: Ctx, group_id: str, entries: list[dict[str, Any]]) -> dict[str, Any]:
    load(ctx, group_id)
    added = membership.add_entries(ctx, FIELD, group_id, entries, limit=MAX_ADD)
    if added:
        ctx.emit(
            "group.member_added",
            {"id": group_id, "members": [{"id": u["id"], "email": u["email"]} for u in added]},
            time_stamp=ctx.clock.now_ms(),
        )
    return membership.added_body(ctx, added)


def delete_member(ctx: Ctx, group_id: str, member_ref: str) -> None:
    load(ctx, group_id)
    user = membership.member_or_404(ctx, FIELD, group_id, member_ref)
    membership.remove(ctx, FIELD, group_id, user)
    ctx.emit(
        "group.member_deleted",
        {"id": group_id, "members": [{"id": user["id"], "email": user["email"]}]},
        time_stamp=ctx.clock.now_ms(),
    )


def update_member(ctx: Ctx, group_id: str, member_ref: str, body: dict[str, Any]) -> None:
    load(ctx, group_id)
    user = membership.member_or_404(ctx, FIELD, group_id, member_ref)
    if body["action"] == "set_primary":
        # The primary group is the first of the user's group_ids.
        user[FIELD] = [group_id, *[g for g in user[FIELD] if g != group_id]]
        membership.save(ctx, user)
        return
    target = str(body.get("target_group_id") or "").strip()
    if not target:
        raise errors.bad_request(300, "The target_group_id can not be empty.")
    load(ctx, target)
    if target == group_id:
        return
    position = user[FIELD].index(group_id)
    rest = [g for g in user[FIELD] if g not in (group_id, target)]
    rest.insert(min(position, len(rest)), target)
    user[FIELD] = rest
    membership.save(ctx, user)
    now = ctx.clock.now_ms()
    member = [{"id": user["id"], "email": user["email"]}]
    ctx.emit("group.member_deleted", {"id": group_id, "members": member}, time_stamp=now)
    ctx.emit("group.member_added", {"id": target, "members": member}, time_stamp=now)
