"""Who takes part in Team Chat: the account's users, found by ID, email or chat member ID."""

from __future__ import annotations

import base64
import hashlib
from typing import Any

from zoomstack import errors
from zoomstack.areas.users import presence
from zoomstack.areas.users import service as users
from zoomstack.context import Ctx


def member_id(user_id: str) -> str:
    """A user's chat member ID: stable, opaque and distinct from the user ID."""
    digest = hashlib.sha256(f"chat-member:{user_id}".encode()).digest()[:18]
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def find(ctx: Ctx, ref: str) -> dict[str, Any] | None:
    """A user of the account by ID, email or member ID."""
    ref = ref.strip()
    if not ref:
        return None
    user = users.find_user(ctx.tx, ctx.account_id, ref)
    if user is not None:
        return user
    for candidate in ctx.tx.find(users.KIND, ctx.account_id):
        if member_id(candidate["id"]) == ref:
            return candidate
    return None


def acting(ctx: Ctx) -> dict[str, Any]:
    """The user a `/chat/users/{userId}/...` request acts for, or the token's user."""
    ref = ctx.refs.get("userId")
    if isinstance(ref, dict):
        return ref
    user = users.find_user(ctx.tx, ctx.account_id, ctx.principal.user_id)
    if user is None:
        raise errors.user_not_found(ctx.principal.user_id)
    return user


def display_name(user: dict[str, Any]) -> str:
    name = str(user.get("display_name") or "").strip()
    return name or f"{user.get('first_name', '')} {user.get('last_name', '')}".strip()


def presence_status(ctx: Ctx, user: dict[str, Any]) -> str:
    status = presence.get_presence(ctx, user)["status"]
    return "Do_Not_Disturb" if str(status).startswith("Do_No") else str(status)
