"""Groups: CRUD, members, settings, locked settings and virtual backgrounds."""

from __future__ import annotations

from typing import Any

from zoomstack import errors
from zoomstack.areas.groups import backgrounds, service, settings
from zoomstack.context import Ctx
from zoomstack.registry import Operation, api
from zoomstack.validation import validate_body_branch

_SETTINGS_BRANCHES: dict[str, tuple[int, ...]] = {
    "": (0,),
    "meeting_authentication": (1,),
    "recording_authentication": (1,),
    "meeting_security": (2,),
}

service.GROUPS.register("/groups", "/groups/{groupId}")


def _spec_op(ctx: Ctx) -> Operation:
    return ctx.op.mirror_of or ctx.op


def _group_id(ctx: Ctx) -> str:
    return str(service.load(ctx, ctx.params["groupId"])["id"])


def _settings_group_id(ctx: Ctx) -> str:
    # The settings operations word their 404 differently from the rest of the group API.
    group_id = ctx.params["groupId"]
    if ctx.tx.get(service.GROUPS.kind, group_id, ctx.account_id) is None:
        raise errors.not_found(4130, f"Group does not exist: {group_id}.")
    return group_id


@api("GET", "/groups/{groupId}/members")
def list_members(ctx: Ctx) -> dict[str, Any]:
    return service.list_members(ctx, ctx.params["groupId"])


@api("POST", "/groups/{groupId}/members")
def add_members(ctx: Ctx) -> dict[str, Any]:
    body = ctx.body()
    return service.add_members(ctx, ctx.params["groupId"], list(body.get("members") or []))


@api("DELETE", "/groups/{groupId}/members/{memberId}")
def delete_member(ctx: Ctx) -> None:
    service.delete_member(ctx, ctx.params["groupId"], ctx.params["memberId"])


@api("PATCH", "/groups/{groupId}/members/{memberId}")
def update_member(ctx: Ctx) -> None:
    service.update_member(ctx, ctx.params["groupId"], ctx.params["memberId"], ctx.body())


@api("GET", "/groups/{groupId}/settings")
def get_settings(ctx: Ctx) -> dict[str, Any]:
    return settings.get_settings(ctx, _settings_group_id(ctx))


@api("PATCH", "/groups/{groupId}/settings")
def update_settings(ctx: Ctx) -> None:
    group_id = _settings_group_id(ctx)
    option = ctx.q_enum("option", settings.OPTIONS, "")
    body = ctx.json_object()
    validate_body_branch(_spec_op(ctx).method, _spec_op(ctx).path, body, _SETTINGS_BRANCHES[option])
    settings.update_settings(ctx, group_id, body)


@api("GET", "/groups/{groupId}/lock_settings")
def get_lock_settings(ctx: Ctx) -> dict[str, Any]:
    return settings.get_lock_settings(ctx, _settings_group_id(ctx))


@api("PATCH", "/groups/{groupId}/lock_settings")
def update_lock_settings(ctx: Ctx) -> None:
    group_id = _settings_group_id(ctx)
    body = ctx.json_object()
    branch = (1,) if ctx.q("option") == "meeting_security" else (0,)
    validate_body_branch(_spec_op(ctx).method, _spec_op(ctx).path, body, branch)
    settings.update_lock_settings(ctx, group_id, body)


@api("POST", "/groups/{groupId}/settings/virtual_backgrounds")
def upload_background(ctx: Ctx) -> dict[str, Any]:
    return backgrounds.upload(ctx, _group_id(ctx))


@api("DELETE", "/groups/{groupId}/settings/virtual_backgrounds")
def delete_backgrounds(ctx: Ctx) -> None:
    backgrounds.delete(ctx, _group_id(ctx))
