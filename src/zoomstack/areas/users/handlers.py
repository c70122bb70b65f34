"""Users: HTTP handlers (thin) and the edge resolution of `{userId}` (me, ID or email)."""

from __future__ import annotations

from typing import Any

from zoomstack import errors
from zoomstack.areas.users import service
from zoomstack.context import Ctx
from zoomstack.registry import api, resolver


@resolver("userId")
def resolve_user(ctx: Ctx, ref: str) -> dict[str, Any]:
    if ref == "me":
        ref = ctx.principal.user_id
    user = service.find_user(ctx.tx, ctx.account_id, ref)
    if user is None:
        raise errors.user_not_found(ref)
    return user


@api("GET", "/users/{userId}")
def get_user(ctx: Ctx) -> dict[str, Any]:
    return dict(ctx.refs["userId"])
