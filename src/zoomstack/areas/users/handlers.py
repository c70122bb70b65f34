"""Users: HTTP handlers (thin) and the edge resolution of `{userId}` (me, ID or email)."""

from __future__ import annotations

from typing import Any

from zoomstack import errors
from zoomstack.areas.users import (
    assistants,
    lifecycle,
    media,
    presence,
    profile,
    service,
    settings,
    tokens,
)
from zoomstack.context import Ctx
from zoomstack.registry import api, resolver
from zoomstack.validation import validate_body_branch

LOGIN_TYPES = (0, 1, 11, 21, 23, 24, 27, 97, 98, 99, 100, 101)


@resolver("userId")
def resolve_user(ctx: Ctx, ref: str) -> dict[str, Any]:
    account_id = service.path_account(ctx) if "accountId" in ctx.params else ctx.account_id
    if ref == "me":
        ref = ctx.principal.user_id
    if ctx.q_bool("search_by_unique_id"):
        user = service.find_by_unique_id(ctx.tx, account_id, ref)
    else:
        user = service.find_user(ctx.tx, account_id, ref)
    login_type = ctx.q_int("login_type")
    if login_type is not None:
        if login_type not in LOGIN_TYPES:
            raise errors.field_error("login_type", "Invalid parameter: login_type.")
        # The same email can sign in several ways; the user must have this login type.
        if user is not None and login_type not in (user.get("login_types") or []):
            user = None
    if user is None:
        raise errors.user_not_found(ref)
    return user


def _user(ctx: Ctx) -> dict[str, Any]:
    user: dict[str, Any] = ctx.refs["userId"]
    return user


# -- the account's users -----------------------------------------------------------------------
@api("POST", "/users")
def create_user(ctx: Ctx) -> dict[str, Any]:
    return service.create_user(ctx, ctx.body())


@api("GET", "/users")
def list_users(ctx: Ctx) -> dict[str, Any]:
    return service.list_users(ctx)


@api("GET", "/users/email")
def check_email(ctx: Ctx) -> dict[str, Any]:
    email = ctx.q("email").strip()
    if not email:
        raise errors.bad_request(300, "Email is required.")
    return {"existed_email": profile.email_exists(ctx, email)}


@api("GET", "/users/vanity_name")
def check_vanity_name(ctx: Ctx) -> dict[str, Any]:
    name = ctx.q("vanity_name").strip()
    if not name:
        raise errors.bad_request(300, "Vanity name is required.")
    return {"existed": profile.vanity_exists(ctx, name)}


@api("GET", "/users/zpk")
def check_zpk(ctx: Ctx) -> dict[str, Any]:
    return tokens.check_zpk(ctx)


@api("GET", "/users/me/zak")
def my_zak(ctx: Ctx) -> dict[str, Any]:
    return tokens.me_zak(ctx)


# -- one user ------------------------------------------------------------------------------------
@api("GET", "/users/{userId}", pure=True)
def get_user(ctx: Ctx) -> dict[str, Any]:
    # Only a pending user's view reads the clock; an active user's answer can be reused.
    return service.public_user(_user(ctx), lambda: ctx.clock.now_iso())


@api("PATCH", "/users/{userId}")
def update_user(ctx: Ctx) -> None:
    profile.update_user(ctx, _user(ctx), ctx.body())


@api("DELETE", "/users/{userId}")
def delete_user(ctx: Ctx) -> None:
    lifecycle.delete_user(ctx, _user(ctx))


@api("PUT", "/users/{userId}/status")
def update_status(ctx: Ctx) -> None:
    profile.set_status(ctx, _user(ctx), str(ctx.body()["action"]))


@api("PUT", "/users/{userId}/password")
def update_password(ctx: Ctx) -> None:
    profile.update_password(ctx, _user(ctx), str(ctx.body()["password"]))


@api("PUT", "/users/{userId}/email")
def update_email(ctx: Ctx) -> None:
    profile.update_email(ctx, _user(ctx), str(ctx.body()["email"]))


@api("GET", "/users/{userId}/permissions")
def get_permissions(ctx: Ctx) -> dict[str, Any]:
    return {"permissions": service.permissions(ctx.tx, _user(ctx))}


@api("PUT", "/accounts/{accountId}/users/{userId}/account")
def switch_account(ctx: Ctx) -> None:
    lifecycle.switch_account(ctx, _user(ctx), str(ctx.body()["account_id"]))


# -- presence ------------------------------------------------------------------------------------
@api("GET", "/users/{userId}/presence_status")
def get_presence(ctx: Ctx) -> dict[str, Any]:
    return presence.get_presence(ctx, _user(ctx))


@api("PUT", "/users/{userId}/presence_status")
def update_presence(ctx: Ctx) -> None:
    body = ctx.json_object()
    dnd = body.get("status") in presence.DND_ALIASES
    checked = {**body, "status": "Do_No_Disturb"} if dnd else body
    validate_body_branch(ctx.op.method, ctx.op.path, checked, (1,) if dnd else (0,))
    status = presence.DND if dnd else str(body["status"])
    duration = body.get("duration") if dnd else None
    presence.set_presence(ctx, _user(ctx), status, duration)


# -- assistants and schedulers ---------------------------------------------------------------
@api("GET", "/users/{userId}/assistants")
def list_assistants(ctx: Ctx) -> dict[str, Any]:
    return assistants.list_assistants(ctx.tx, _user(ctx))


@api("POST", "/users/{userId}/assistants")
def add_assistants(ctx: Ctx) -> dict[str, Any]:
    items = ctx.body().get("assistants") or []
    return assistants.add_assistants(ctx, _user(ctx), list(items))


@api("DELETE", "/users/{userId}/assistants")
def delete_assistants(ctx: Ctx) -> None:
    assistants.delete_assistants(ctx.tx, _user(ctx))


@api("DELETE", "/users/{userId}/assistants/{assistantId}")
def delete_assistant(ctx: Ctx) -> None:
    assistants.delete_assistant(ctx.tx, _user(ctx), ctx.params["assistantId"])


@api("GET", "/users/{userId}/schedulers")
def list_schedulers(ctx: Ctx) -> dict[str, Any]:
    return assistants.list_schedulers(ctx.tx, _user(ctx))


@api("DELETE", "/users/{userId}/schedulers")
def delete_schedulers(ctx: Ctx) -> None:
    assistants.delete_schedulers(ctx.tx, _user(ctx))


@api("DELETE", "/users/{userId}/schedulers/{schedulerId}")
def delete_scheduler(ctx: Ctx) -> None:
    assistants.delete_scheduler(ctx.tx, _user(ctx), ctx.params["schedulerId"])


# -- settings ------------------------------------------------------------------------------------
# The `option` query parameter picks the alternative of the settings request schema.
_SETTINGS_BRANCHES: dict[str, tuple[int, ...]] = {
    "": (0,),
    "meeting_authentication": (1, 0),
    "recording_authentication": (1, 1),
    "meeting_security": (2,),
}


@api("GET", "/users/{userId}/settings")
def get_settings(ctx: Ctx) -> dict[str, Any]:
    user = _user(ctx)
    return settings.get_settings(ctx, user, media.list_backgrounds(ctx.tx, user))


@api("PATCH", "/users/{userId}/settings")
def update_settings(ctx: Ctx) -> None:
    option = ctx.q_enum("option", settings.OPTIONS, "")
    body = ctx.json_object()
    validate_body_branch(ctx.op.method, ctx.op.path, body, _SETTINGS_BRANCHES[option])
    settings.update_settings(ctx, _user(ctx), body, option)


@api("POST", "/users/{userId}/settings/virtual_backgrounds")
def upload_background(ctx: Ctx) -> dict[str, Any]:
    return media.upload_background(ctx, _user(ctx))


@api("DELETE", "/users/{userId}/settings/virtual_backgrounds")
def delete_backgrounds(ctx: Ctx) -> None:
    media.delete_backgrounds(ctx, _user(ctx))


@api("POST", "/users/{userId}/picture")
def upload_picture(ctx: Ctx) -> dict[str, Any]:
    return media.upload_picture(ctx, _user(ctx))


# -- tokens --------------------------------------------------------------------------------------
@api("GET", "/users/{userId}/token")
def get_token(ctx: Ctx) -> dict[str, Any]:
    return tokens.user_token(ctx, _user(ctx))


@api("DELETE", "/users/{userId}/token")
def revoke_sso_token(ctx: Ctx) -> None:
    tokens.revoke_sso_token(ctx, _user(ctx))
