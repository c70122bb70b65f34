"""IM directory groups: account-level groups that shape who sees whom in the chat directory.
Members are the account's users (their `im_group_ids`)."""

from __future__ import annotations

from typing import Any

from zoomstack import crud, errors, ids
from zoomstack.areas.groups import membership
from zoomstack.context import Ctx

FIELD: membership.Field = "im_group_ids"
MAX_ADD = 10
TYPES = ("normal", "shared", "restricted")


def not_found(ctx: Ctx, group_id: str) -> errors.ZoomError:
    return errors.not_found(4130, f"IM group does not exist: {group_id}.")


def _taken(name: Any) -> errors.ZoomError:
    return errors.ZoomError(409, 4132, f"Group name {name} is already in use.")


def _named(ctx: Ctx, doc: crud.Doc) -> crud.Doc:
    doc["name"] = str(doc.get("name") or "").strip()
    if not doc["name"]:
        raise errors.field_error("name", "Invalid parameter: name.")
    return doc


def _check_update(ctx: Ctx, old: crud.Doc, new: crud.Doc) -> crud.Doc:
    return _named(ctx, new)


def _view(ctx: Ctx, doc: crud.Doc) -> crud.Doc:
    return {
        "id": doc["id"],
        "name": doc["name"],
        "total_members": membership.count(ctx, FIELD, doc["id"]),
        "search_by_account": bool(doc.get("search_by_account")),
        "search_by_domain": bool(doc.get("search_by_domain")),
        "search_by_ma_account": bool(doc.get("search_by_ma_account")),
        "type": doc.get("type", "normal"),
    }


def _forget_members(ctx: Ctx, doc: crud.Doc) -> None:
    membership.drop_group(ctx, FIELD, doc["id"])


IM_GROUPS = crud.Resource(
    kind="im_group",
    not_found=not_found,
    list_key="groups",
    new_id=lambda: ids.b64url_id(16),
    fields=("name", "search_by_account", "search_by_domain", "search_by_ma_account", "type"),
    defaults={
        "name": "",
        "search_by_account": False,
        "search_by_domain": False,
        "search_by_ma_account": False,
        "type": "normal",
    },
    unique=(crud.Unique("name", _taken),),
    paging="none",
    # The spec lists an error description under 200, which the catalog takes for success.
    status={"create": 201},
    prepare_create=_named,
    prepare_update=_check_update,
    before_delete=_forget_members,
    shape=_view,
)


def load(ctx: Ctx, group_id: str) -> crud.Doc:
    return IM_GROUPS.load(ctx, group_id)


def list_members(ctx: Ctx, group_id: str) -> dict[str, Any]:
    load(ctx, group_id)
    return membership.list_page(ctx, FIELD, group_id, max_size=300)


def add_members(ctx: Ctx, group_id: str, entries: list[dict[str, Any]]) -> dict[str, Any]:
    load(ctx, group_id)
    added = membership.add_entries(ctx, FIELD, group_id, entries, limit=MAX_ADD)
    return membership.added_body(ctx, added)


def delete_member(ctx: Ctx, group_id: str, member_ref: str) -> None:
    load(ctx, group_id)
    user = membership.member_or_404(ctx, FIELD, group_id, member_ref)
    membership.remove(ctx, FIELD, group_id, user)
