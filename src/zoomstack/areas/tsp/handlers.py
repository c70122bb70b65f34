"""TSP: the account's TSP information (/tsp) and users' TSP accounts (/users/{userId}/tsp...)."""

from __future__ import annotations

from typing import Any

from zoomstack.areas.tsp import service
from zoomstack.context import Ctx
from zoomstack.registry import api


@api("GET", "/tsp")
def get_tsp(ctx: Ctx) -> dict[str, Any]:
    return service.account_info(ctx)


@api("PATCH", "/tsp")
def update_tsp(ctx: Ctx) -> None:
    service.update_account_info(ctx, ctx.body())


@api("GET", "/users/{userId}/tsp")
def list_user_tsp(ctx: Ctx) -> dict[str, Any]:
    return service.list_accounts(ctx, ctx.refs["userId"])


@api("POST", "/users/{userId}/tsp")
def add_user_tsp(ctx: Ctx) -> dict[str, Any]:
    return service.add_account(ctx, ctx.refs["userId"], ctx.body())


@api("GET", "/users/{userId}/tsp/{tspId}")
def get_user_tsp(ctx: Ctx) -> dict[str, Any]:
    return service.get_account(ctx, ctx.refs["userId"], ctx.params["tspId"])


@api("PATCH", "/users/{userId}/tsp/{tspId}")
def update_user_tsp(ctx: Ctx) -> None:
    service.update_account(ctx, ctx.refs["userId"], ctx.params["tspId"], ctx.body())


@api("DELETE", "/users/{userId}/tsp/{tspId}")
def delete_user_tsp(ctx: Ctx) -> None:
    service.delete_account(ctx, ctx.refs["userId"], ctx.params["tspId"])


@api("PATCH", "/users/{userId}/tsp/settings")
def set_tsp_url(ctx: Ctx) -> None:
    body = ctx.body()
    service.set_global_dial_in_url(ctx, ctx.refs["userId"], str(body.get("audio_url", "")))
