"""Roles: list/create/get/update/delete roles and manage their members."""

from __future__ import annotations

from typing import Any

from zoomstack.areas.roles import service
from zoomstack.context import Ctx
from zoomstack.http.messages import Response
from zoomstack.registry import api


@api("GET", "/roles")
def list_roles(ctx: Ctx) -> dict[str, Any]:
    return service.list_roles(ctx)


@api("POST", "/roles")
def create_role(ctx: Ctx) -> dict[str, Any]:
    return service.create_role(ctx, ctx.body())


@api("GET", "/roles/{roleId}")
def get_role(ctx: Ctx) -> dict[str, Any]:
    return service.view(ctx, service.load(ctx, ctx.params["roleId"]))


@api("PATCH", "/roles/{roleId}")
def update_role(ctx: Ctx) -> None:
    service.update_role(ctx, ctx.params["roleId"], ctx.body())


@api("DELETE", "/roles/{roleId}")
def delete_role(ctx: Ctx) -> Response:
    service.delete_role(ctx, ctx.params["roleId"])
    # The catalog lists 200 and 204; Zoom answers 204 No Content.
    return Response.empty(204)


@api("GET", "/roles/{roleId}/members")
def list_members(ctx: Ctx) -> dict[str, Any]:
    return service.list_members(ctx, ctx.params["roleId"])


@api("POST", "/roles/{roleId}/members")
def add_members(ctx: Ctx) -> dict[str, Any]:
    return service.add_members(ctx, ctx.params["roleId"], ctx.body())


@api("DELETE", "/roles/{roleId}/members/{memberId}")
def remove_member(ctx: Ctx) -> None:
    service.remove_member(ctx, ctx.params["roleId"], ctx.params["memberId"])
