"""PAC: GET /users/{userId}/pac."""

from __future__ import annotations

from typing import Any

from zoomstack.areas.pac import service
from zoomstack.context import Ctx
from zoomstack.registry import api


@api("GET", "/users/{userId}/pac")
def list_pac(ctx: Ctx) -> dict[str, Any]:
    return service.pac_accounts(ctx, ctx.refs["userId"])
