"""Rules of the legacy /v2/webhooks API on top of the event subscriptions."""

from __future__ import annotations

from typing import Any

from zoomstack import errors
from zoomstack.context import Ctx
from zoomstack.webhooks import events as event_names
from zoomstack.webhooks import subscription_rows, subscriptions
from zoomstack.webhooks.subscription_rows import Sub

OPTIONS_KIND = "webhook_options"
URL_MAX = 256


def not_found() -> errors.ZoomError:
    return errors.ZoomError(404, 404, "Webhook not found")


def find(ctx: Ctx, webhook_id: str) -> Sub:
    sub = subscription_rows.get(ctx.tx, webhook_id, ctx.account_id)
    if sub is None:
        raise not_found()
    return sub


def view(sub: Sub) -> dict[str, Any]:
    return subscriptions.legacy_view(sub)


def list_webhooks(ctx: Ctx) -> dict[str, Any]:
    subs = subscription_rows.find(ctx.tx, ctx.account_id)
    return {
        "total_records": len(subs),
        "webhooks": [subscriptions.legacy_view(s) for s in subs],
    }


def _legacy_events(value: list[str]) -> list[str]:
    names = list(dict.fromkeys(value))
    if not names:
        raise errors.field_error("events", "Invalid parameter: events.")
    return names


def create_webhook(ctx: Ctx, body: dict[str, Any]) -> dict[str, Any]:
    names = _legacy_events(body["events"])
    sub = subscriptions.create(
        ctx.tx,
        now_ms=ctx.clock.now_ms(),
        account_id=ctx.account_id,
        client_id=ctx.principal.client_id,
        url=subscriptions.check_url(body["url"], URL_MAX),
        events=event_names.from_legacy(names),
        # The 2018 API had no URL validation: the endpoint is live at once.
        secret_token=ctx.settings.webhook_secret,
        source=subscriptions.SOURCE_LEGACY,
        validate=False,
        auth_user=body["auth_user"],
        auth_password=body["auth_password"],
        legacy_events=names,
    )
    return subscriptions.legacy_view(sub)


def update_webhook(ctx: Ctx, sub: Sub, body: dict[str, Any]) -> None:
    changes: dict[str, Any] = {}
    if "url" in body:
        changes["url"] = subscriptions.check_url(body["url"], URL_MAX)
    if "events" in body:
        names = _legacy_events(body["events"])
        changes["legacy_events"] = names
        changes["events"] = event_names.from_legacy(names)
    for name in ("auth_user", "auth_password"):
        if name in body:
            changes[name] = body[name]
    if changes:
        subscriptions.update(ctx.tx, sub, changes)


def delete_webhook(ctx: Ctx, sub: Sub) -> None:
    subscription_rows.delete(ctx.tx, sub["id"], ctx.clock.now_ms())


def switch_version(ctx: Ctx, version: str) -> None:
    """Records the account's webhook format version. zoomstack sends today's JSON format for
    both (the v1 form-encoded format is not reproduced)."""
    if not subscription_rows.find(ctx.tx, ctx.account_id):
        raise errors.ZoomError(404, 404, "Webhook Subscribe not found")
    doc = {"version": version, "updated_at": ctx.clock.now_iso()}
    if ctx.tx.get(OPTIONS_KIND, ctx.account_id, ctx.account_id) is None:
        ctx.tx.insert(OPTIONS_KIND, ctx.account_id, ctx.account_id, doc)
    else:
        ctx.tx.update(OPTIONS_KIND, ctx.account_id, doc)
