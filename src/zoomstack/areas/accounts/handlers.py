"""Accounts: sub accounts of a master account, account options and owner, account settings and
lock settings, account virtual backgrounds, managed and trusted domains."""

from __future__ import annotations

from typing import Any

from zoomstack.areas.accounts import service, settings
from zoomstack.context import Ctx
from zoomstack.registry import api
from zoomstack.validation import validate_body_branch

# The settings bodies are a `oneOf` whose alternatives overlap: `option` picks the branch.
_SETTINGS_BRANCHES = {
    "": (0,),
    "security": (0,),
    "meeting_authentication": (1, 0),
    "recording_authentication": (1, 1),
    "meeting_security": (2,),
}
_LOCK_BRANCHES = {"meeting_security": (1,)}


def _settings_body(ctx: Ctx, *, lock: bool) -> dict[str, Any]:
    parsed = ctx.json_object()
    option = ctx.q_enum("option", settings.OPTIONS, "")
    branch = _LOCK_BRANCHES.get(option, (0,)) if lock else _SETTINGS_BRANCHES[option]
    validate_body_branch(ctx.op.method, ctx.op.path, parsed, branch)
    return parsed


@api("GET", "/accounts")
def list_accounts(ctx: Ctx) -> dict[str, Any]:
    return service.list_sub_accounts(ctx)


@api("POST", "/accounts")
def create_account(ctx: Ctx) -> dict[str, Any]:
    return service.create_sub_account(ctx, ctx.body())


@api("GET", "/accounts/{accountId}")
def get_account(ctx: Ctx) -> dict[str, Any]:
    return service.details(service.sub_account(ctx, ctx.params["accountId"]))


@api("DELETE", "/accounts/{accountId}")
def disassociate_account(ctx: Ctx) -> None:
    service.disassociate(ctx, ctx.params["accountId"])


@api("PATCH", "/accounts/{accountId}/options")
def update_options(ctx: Ctx) -> None:
    service.update_options(ctx, ctx.params["accountId"], ctx.body())


@api("PUT", "/accounts/{accountId}/owner")
def change_owner(ctx: Ctx) -> None:
    service.change_owner(ctx, ctx.body())


@api("GET", "/accounts/{accountId}/managed_domains")
def managed_domains(ctx: Ctx) -> dict[str, Any]:
    return service.managed_domains(ctx)


@api("GET", "/accounts/{accountId}/trusted_domains")
def trusted_domains(ctx: Ctx) -> dict[str, Any]:
    return service.trusted_domains(ctx)


@api("GET", "/accounts/{accountId}/settings")
def get_settings(ctx: Ctx) -> dict[str, Any]:
    return settings.get_settings(ctx)


@api("PATCH", "/accounts/{accountId}/settings")
def update_settings(ctx: Ctx) -> None:
    settings.update_settings(ctx, _settings_body(ctx, lock=False))


@api("GET", "/accounts/{accountId}/lock_settings")
def get_lock_settings(ctx: Ctx) -> dict[str, Any]:
    return settings.get_settings(ctx, lock=True)


@api("PATCH", "/accounts/{accountId}/lock_settings")
def update_lock_settings(ctx: Ctx) -> None:
    settings.update_settings(ctx, _settings_body(ctx, lock=True), lock=True)


@api("POST", "/accounts/{accountId}/settings/virtual_backgrounds")
def upload_background(ctx: Ctx) -> dict[str, Any]:
    return settings.upload_background(ctx)


@api("DELETE", "/accounts/{accountId}/settings/virtual_backgrounds")
def delete_backgrounds(ctx: Ctx) -> None:
    settings.delete_backgrounds(ctx)
