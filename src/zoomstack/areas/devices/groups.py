"""ZDM groups. Every account has a root group, created the first time groups are needed;
devices added without a group land in it."""

from __future__ import annotations

from typing import Any

from zoomstack import crud, errors
from zoomstack.context import Ctx

GROUP_KIND = "zdm_group"


def _group_not_found(ctx: Ctx, group_id: str) -> errors.ZoomError:
    return errors.not_found(30052027, "ZdmGroup not found.")


GROUPS = crud.Resource(
    kind=GROUP_KIND,
    not_found=_group_not_found,
    list_key="groups",
    id_field="zdm_group_id",
    fields=("name",),
    paging="token",
    list_total=False,
    page_max=50,
)


def ensure_root_group(ctx: Ctx) -> crud.Doc:
    groups = GROUPS.all_docs(ctx)
    if groups:
        return groups[0]
    account = ctx.tx.get("account", ctx.account_id, None) or {}
    name = str(account.get("account_name") or "Default")
    return GROUPS.create(ctx, {"name": name})


def group_id_or_default(ctx: Ctx, group_id: str) -> str:
    if not group_id:
        return str(ensure_root_group(ctx)["zdm_group_id"])
    if ctx.tx.get(GROUP_KIND, group_id, ctx.account_id) is None:
        raise errors.bad_request(30055018, "Zdm group id dose not exist.")
    return group_id


def list_groups(ctx: Ctx) -> dict[str, Any]:
    ensure_root_group(ctx)
    return GROUPS.list_page(ctx)
