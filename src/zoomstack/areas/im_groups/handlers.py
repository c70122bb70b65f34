"""IM directory groups: CRUD and members."""

from __future__ import annotations

from typing import Any

from zoomstack.areas.im_groups import service
from zoomstack.context import Ctx
from zoomstack.registry import api

service.IM_GROUPS.register("/im/groups", "/im/groups/{groupId}")


@api("GET", "/im/groups/{groupId}/members")
def list_members(ctx: Ctx) -> dict[str, Any]:
    return service.list_members(ctx, ctx.params["groupId"])


@api("POST", "/im/groups/{groupId}/members")
def add_members(ctx: Ctx) -> dict[str, Any]:
    body = ctx.body()
    return service.add_members(ctx, ctx.params["groupId"], list(body.get("members") or []))


@api("DELETE", "/im/groups/{groupId}/members/{memberId}")
def delete_member(ctx: Ctx) -> None:
    service.delete_member(ctx, ctx.params["groupId"], ctx.params["memberId"])
