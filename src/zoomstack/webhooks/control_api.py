"""The webhook part of the control API (/_zoomstack/webhooks/...): subscriptions, the delivery
log, re-sending, the outbox and synthetic test events. Like the rest of the control API it needs
no credentials (zoomstack binds to loopback by default)."""

from __future__ import annotations

import asyncio
import time
from typing import TYPE_CHECKING, Any

from zoomstack import errors
from zoomstack.control_body import json_object
from zoomstack.http.messages import Request, Response
from zoomstack.oauth import apps
from zoomstack.store import Tx
from zoomstack.timefmt import iso_from_ms
from zoomstack.webhooks import delivery_rows, subscription_rows, subscriptions
from zoomstack.webhooks.dispatcher import VALIDATION_LEASE_MS, Dispatcher
from zoomstack.webhooks.events import check_event_name
from zoomstack.webhooks.sender import TIMEOUT_S
from zoomstack.webhooks.subscription_rows import Sub

if TYPE_CHECKING:
    from zoomstack.app import App

BASE = "/_zoomstack/webhooks"
MAX_LIMIT = 1000
RESEND_WAIT_S = 5.0


def _bad(field: str) -> errors.ZoomError:
    return errors.field_error(field, f"Invalid parameter: {field}.")


def _str_field(body: dict[str, Any], name: str, default: str = "") -> str:
    value = body.get(name, default)
    if value is None:
        return default
    if not isinstance(value, str):
        raise _bad(name)
    return value


def _bool_field(body: dict[str, Any], name: str, default: bool) -> bool:
    value = body.get(name, default)
    if not isinstance(value, bool):
        raise _bad(name)
    return value


def _q_int(req: Request, name: str, default: int | None = None) -> int | None:
    raw = req.query.get(name, "")
    if raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise _bad(name) from None


def _limit(req: Request) -> int:
    value = _q_int(req, "limit", 100)
    if value is None or value < 1 or value > MAX_LIMIT:
        raise _bad("limit")
    return value


def _order_desc(req: Request, default_desc: bool) -> bool:
    order = req.query.get("order", "")
    if order == "":
        return default_desc
    if order not in ("asc", "desc"):
        raise _bad("order")
    return order == "desc"


def _not_found(what: str, ref: object) -> errors.ZoomError:
    return errors.ZoomError(404, 404, f"{what} not found: {ref}.")


def _delivery_view(d: dict[str, Any]) -> dict[str, Any]:
    out = dict(d)
    next_ms = d.get("next_attempt_ms")
    out["next_attempt_at"] = iso_from_ms(next_ms) if next_ms is not None else None
    out["created_at"] = iso_from_ms(d["created_ms"])
    delivered = d.get("delivered_ms")
    out["delivered_at"] = iso_from_ms(delivered) if delivered else None
    return out


class ControlAPI:
    def __init__(self, dispatcher: Dispatcher) -> None:
        self.d = dispatcher

    def register(self, app: App) -> None:
        r = app.route
        r("GET", BASE + "/subscriptions")(self.list_subscriptions)
        r("POST", BASE + "/subscriptions")(self.create_subscription)
        r("GET", BASE + "/subscriptions/{id}")(self.get_subscription)
        r("PATCH", BASE + "/subscriptions/{id}")(self.update_subscription)
        r("DELETE", BASE + "/subscriptions/{id}")(self.delete_subscription)
        r("POST", BASE + "/subscriptions/{id}/validate")(self.validate_subscription)
        r("GET", BASE + "/deliveries")(self.list_deliveries)
        r("GET", BASE + "/deliveries/{id}")(self.get_delivery)
        r("POST", BASE + "/deliveries/{id}/resend")(self.resend_delivery)
        r("GET", BASE + "/events")(self.list_events)
        r("POST", BASE + "/test-event")(self.test_event)
        r("GET", BASE + "/status")(self.status)

    # -- subscriptions -----------------------------------------------------------------------
    async def list_subscriptions(self, app: App, req: Request, _: list[str]) -> Response:
        account = req.query.get("account_id") or None
        client = req.query.get("client_id") or None

        def work() -> list[Sub]:
            with app.store.transaction() as tx:
                return subscription_rows.find(tx, account, client)

        subs = await app.store.run(work)
        items = [subscriptions.view(s) for s in subs]
        return Response.json({"total_records": len(items), "subscriptions": items})

    async def create_subscription(self, app: App, req: Request, _: list[str]) -> Response:
        body = json_object(req)
        settings = app.settings
        url = subscriptions.check_url(body.get("url"))
        events = subscriptions.check_events(body.get("events", "*"))
        secret = _str_field(body, "secret_token", settings.webhook_secret)
        if not secret:
            raise _bad("secret_token")
        account_id = _str_field(body, "account_id", settings.account_id) or settings.account_id
        client_id = _str_field(body, "client_id", settings.client_id) or settings.client_id
        validate = _bool_field(body, "validate", True)
        verification_token = _str_field(body, "verification_token")
        auth_user = _str_field(body, "auth_user")
        auth_password = _str_field(body, "auth_password")

        def work() -> Sub:
            with app.store.transaction() as tx:
                _check_owner(tx, account_id, client_id)
                now = app.clock.now_ms()
                sub = subscriptions.create(
                    tx,
                    now_ms=now,
                    account_id=account_id,
                    client_id=client_id,
                    url=url,
                    events=events,
                    secret_token=secret,
                    source=subscriptions.SOURCE_CONTROL,
                    validate=validate,
                    verification_token=verification_token,
                    auth_user=auth_user,
                    auth_password=auth_password,
                )
                if validate:
                    _validate_here(tx, sub, now)
                return sub

        sub = await app.store.run(work)
        if validate:
            sub = await self.d.validate(sub["id"]) or sub
        return Response.json(subscriptions.view(sub), 201)

    async def _sub(self, app: App, sub_id: str) -> Sub:
        sub = await app.store.run(lambda: self.d.load_subscription(sub_id))
        if sub is None:
            raise _not_found("Subscription", sub_id)
        return sub

    async def get_subscription(self, app: App, req: Request, values: list[str]) -> Response:
        return Response.json(subscriptions.view(await self._sub(app, values[0])))

    async def update_subscription(self, app: App, req: Request, values: list[str]) -> Response:
        body = json_object(req)
        changes: dict[str, Any] = {}
        if "url" in body:
            changes["url"] = subscriptions.check_url(body["url"])
        if "events" in body:
            changes["events"] = subscriptions.check_events(body["events"])
            changes["legacy_events"] = None
        for name in ("secret_token", "verification_token", "auth_user", "auth_password"):
            if name in body:
                changes[name] = _str_field(body, name)
        if "secret_token" in changes and not changes["secret_token"]:
            raise _bad("secret_token")
        sub_id = values[0]

        def work() -> tuple[Sub, bool]:
            with app.store.transaction() as tx:
                sub = subscription_rows.get(tx, sub_id)
                if sub is None:
                    raise _not_found("Subscription", sub_id)
                sub = subscriptions.update(tx, sub, changes)
                pending = sub["status"] == subscriptions.PENDING
                return sub, pending and _validate_here(tx, sub, app.clock.now_ms())

        sub, validate = await app.store.run(work)
        if validate:
            sub = await self.d.validate(sub_id) or sub
        return Response.json(subscriptions.view(sub))

    async def delete_subscription(self, app: App, req: Request, values: list[str]) -> Response:
        sub_id = values[0]

        def work() -> bool:
            with app.store.transaction() as tx:
                return subscription_rows.delete(tx, sub_id, app.clock.now_ms())

        if not await app.store.run(work):
            raise _not_found("Subscription", sub_id)
        return Response.empty(204)

    async def validate_subscription(self, app: App, req: Request, values: list[str]) -> Response:
        await self._sub(app, values[0])
        sub = await self.d.validate(values[0])
        if sub is None:
            raise _not_found("Subscription", values[0])
        return Response.json(subscriptions.view(sub))

    # -- deliveries --------------------------------------------------------------------------
    async def list_deliveries(self, app: App, req: Request, _: list[str]) -> Response:
        state = req.query.get("state") or None
        if state is not None and state not in delivery_rows.STATES:
            raise _bad("state")
        filters: dict[str, Any] = {
            "subscription_id": req.query.get("subscription_id") or None,
            "event": req.query.get("event") or None,
            "state": state,
            "seq": _q_int(req, "seq"),
            "account_id": req.query.get("account_id") or None,
            "before_id": _q_int(req, "before_id"),
            "after_id": _q_int(req, "after_id"),
            "descending": _order_desc(req, True),
            "limit": _limit(req),
        }

        def work() -> list[dict[str, Any]]:
            with app.store.transaction() as tx:
                return delivery_rows.find(tx, **filters)

        items = [_delivery_view(d) for d in await app.store.run(work)]
        return Response.json({"total_records": len(items), "deliveries": items})

    def _delivery_id(self, raw: str) -> int:
        if not raw.isdigit():
            raise _not_found("Delivery", raw)
        return int(raw)

    async def _delivery(self, app: App, delivery_id: int) -> dict[str, Any]:
        def work() -> dict[str, Any] | None:
            with app.store.transaction() as tx:
                return delivery_rows.get(tx, delivery_id)

        found = await app.store.run(work)
        if found is None:
            raise _not_found("Delivery", delivery_id)
        return found

    async def get_delivery(self, app: App, req: Request, values: list[str]) -> Response:
        found = await self._delivery(app, self._delivery_id(values[0]))
        return Response.json(_delivery_view(found))

    async def resend_delivery(self, app: App, req: Request, values: list[str]) -> Response:
        """Queue the delivery again now; with ?wait=true answer once that attempt is logged."""
        delivery_id = self._delivery_id(values[0])
        before = await self._delivery(app, delivery_id)

        def work() -> bool:
            with app.store.transaction() as tx:
                tx.after_commit.append(self.d.wake)
                return delivery_rows.resend(tx, delivery_id, app.clock.now_ms())

        if not await app.store.run(work):
            raise _not_found("Delivery", delivery_id)
        current = await self._delivery(app, delivery_id)
        if req.query.get("wait", "").lower() in ("1", "true", "yes"):
            deadline = time.monotonic() + RESEND_WAIT_S
            while current["attempts"] <= before["attempts"] and time.monotonic() < deadline:
                await asyncio.sleep(0.02)
                current = await self._delivery(app, delivery_id)
        return Response.json(_delivery_view(current), 202)

    # -- the outbox --------------------------------------------------------------------------
    async def list_events(self, app: App, req: Request, _: list[str]) -> Response:
        after = _q_int(req, "after_seq", 0) or 0
        event = req.query.get("event") or None
        account = req.query.get("account_id") or None
        descending = _order_desc(req, False)
        limit = _limit(req)

        def work() -> list[dict[str, Any]]:
            with app.store.transaction() as tx:
                return delivery_rows.list_events(
                    tx,
                    after_seq=after,
                    event=event,
                    account_id=account,
                    descending=descending,
                    limit=limit,
                )

        items = await app.store.run(work)
        return Response.json({"total_records": len(items), "events": items})

    async def test_event(self, app: App, req: Request, _: list[str]) -> Response:
        """Enqueue a synthetic event: {"event", "payload"?, "object"?, "account_id"?}."""
        body = json_object(req)
        event = body.get("event")
        if not isinstance(event, str) or not check_event_name(event):
            raise _bad("event")
        payload = body.get("payload", {})
        obj = body.get("object")
        if not isinstance(payload, dict):
            raise _bad("payload")
        if obj is not None and not isinstance(obj, dict):
            raise _bad("object")
        account_id = _str_field(body, "account_id", app.settings.account_id)
        account_id = account_id or app.settings.account_id

        def work() -> dict[str, Any]:
            with app.store.transaction() as tx:
                now = app.clock.now_ms()
                inner: dict[str, Any] = {"account_id": account_id, **payload}
                if obj is not None:
                    inner["object"] = obj
                envelope = {"event": event, "event_ts": now, "payload": inner}
                seq = delivery_rows.insert_event(tx, account_id, event, now, envelope)
                tx.after_commit.append(self.d.wake)
                return {"seq": seq, "account_id": account_id, "event": event, "body": envelope}

        return Response.json(await app.store.run(work), 201)

    async def status(self, app: App, req: Request, _: list[str]) -> Response:
        def work() -> dict[str, int]:
            with app.store.transaction() as tx:
                return delivery_rows.counts(tx)

        out = self.d.status()
        out["deliveries"] = await app.store.run(work)
        out["retry_delays_minutes"] = [ms // 60_000 for ms in delivery_rows.RETRY_DELAYS_MS]
        out["timeout_seconds"] = TIMEOUT_S
        out["max_subscriptions_per_app"] = subscriptions.MAX_PER_APP
        return Response.json(out)


def _validate_here(tx: Tx, sub: Sub, now_ms: int) -> bool:
    """The request validates the URL itself: lease the due challenge so that no dispatcher
    (in this process or another) challenges the endpoint a second time meanwhile. False when
    a dispatcher holds it already."""
    return subscription_rows.claim_validation(tx, sub["id"], 0, now_ms + VALIDATION_LEASE_MS)


def _check_owner(tx: Tx, account_id: str, client_id: str) -> None:
    if tx.get("account", account_id, None) is None:
        raise errors.ZoomError(404, 404, f"Account not found: {account_id}.")
    if apps.app_by_client_id(tx, client_id) is None:
        raise errors.ZoomError(404, 404, f"App not found: {client_id}.")
