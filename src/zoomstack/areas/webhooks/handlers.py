"""Legacy /v2/webhooks: HTTP handlers (thin) and the edge resolution of `{webhookId}`."""

from __future__ import annotations

from typing import Any

from zoomstack.areas.webhooks import service
from zoomstack.context import Ctx
from zoomstack.http.messages import Response
from zoomstack.registry import api, resolver


@resolver("webhookId")
def resolve_webhook(ctx: Ctx, ref: str) -> dict[str, Any]:
    return service.find(ctx, ref)


@api("GET", "/webhooks")
def list_webhooks(ctx: Ctx) -> dict[str, Any]:
    return service.list_webhooks(ctx)


@api("POST", "/webhooks")
def create_webhook(ctx: Ctx) -> Response:
    created = service.create_webhook(ctx, ctx.body())
    location = f"{ctx.settings.base_url}/v2/webhooks/{created['webhook_id']}"
    return Response.json(created, 201, {"content-location": location})


@api("GET", "/webhooks/{webhookId}")
def get_webhook(ctx: Ctx) -> dict[str, Any]:
    return service.view(ctx.refs["webhookId"])


@api("PATCH", "/webhooks/{webhookId}")
def update_webhook(ctx: Ctx) -> None:
    service.update_webhook(ctx, ctx.refs["webhookId"], ctx.body())


@api("DELETE", "/webhooks/{webhookId}")
def delete_webhook(ctx: Ctx) -> None:
    service.delete_webhook(ctx, ctx.refs["webhookId"])


@api("PATCH", "/webhooks/options")
def switch_version(ctx: Ctx) -> None:
    service.switch_version(ctx, ctx.body()["version"])
