"""The server's own control API under /_zoomstack: health, version, reset, clock, logs, ops.

It needs no credentials: zoomstack is a development server bound to loopback by default.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from zoomstack import __version__, jsonutil
from zoomstack.http.messages import Request, Response
from zoomstack.timefmt import parse_iso

if TYPE_CHECKING:
    from zoomstack.app import App


def _bad(message: str) -> Response:
    return Response.json({"code": 300, "message": message}, 400)


def _json_body(req: Request) -> dict[str, Any] | None:
    if not req.body.strip():
        return {}
    try:
        value = jsonutil.loads(req.body)
    except jsonutil.JSONDecodeError:
        return None
    return value if isinstance(value, dict) else None


async def health(app: App, req: Request, _: list[str]) -> Response:
    def work() -> None:
        with app.store.transaction() as tx:
            tx.meta_get("schema_version")

    await app.store.run(work)
    # The process id tells apart two servers that raced for one port (tests restart servers).
    return Response.json({"status": "ok", "store": app.store.dialect, "pid": os.getpid()})


async def version(app: App, req: Request, _: list[str]) -> Response:
    implemented = sum(1 for op in app.ops if op.implemented)
    return Response.json(
        {
            "name": "zoomstack",
            "version": __version__,
            "store": app.store.dialect,
            "operations": len(app.ops),
            "implemented": implemented,
        }
    )


async def reset(app: App, req: Request, _: list[str]) -> Response:
    await app.store.run(app.reset)
    return Response.json({"status": "reset"})


async def clock_get(app: App, req: Request, _: list[str]) -> Response:
    return Response.json(app.clock.describe())


async def clock_post(app: App, req: Request, _: list[str]) -> Response:
    """Body: {"freeze": true|false}, {"set": ISO-8601 or epoch ms}, {"advance_seconds": n}."""
    body = _json_body(req)
    if body is None:
        return _bad("Request Body should be a valid JSON object.")
    clock = app.clock
    state = clock.state
    if "set" in body:
        value = body["set"]
        if isinstance(value, int | float) and not isinstance(value, bool):
            ms = int(value)
        elif isinstance(value, str) and (dt := parse_iso(value)) is not None:
            ms = int(dt.timestamp() * 1000)
        else:
            return _bad("'set' must be an ISO-8601 time or epoch milliseconds.")
        state = clock.set(ms)
    if "freeze" in body:
        state = clock.freeze() if body["freeze"] else clock.unfreeze()
    for key, factor in (
        ("advance_ms", 1),
        ("advance_seconds", 1000),
        ("advance_minutes", 60_000),
        ("advance_hours", 3_600_000),
        ("advance_days", 86_400_000),
    ):
        if key in body:
            amount = body[key]
            if not isinstance(amount, int | float) or isinstance(amount, bool):
                return _bad(f"'{key}' must be a number.")
            state = clock.advance(int(amount * factor))
    await app.store.run(lambda: app.save_clock(state))
    return Response.json(clock.describe())


async def requests_log(app: App, req: Request, _: list[str]) -> Response:
    limit = (
        int(req.query.get("limit", "100") or 100) if req.query.get("limit", "").isdigit() else 100
    )
    items = [
        {
            "time_ms": t,
            "method": method,
            "path": path,
            "query": query.decode("latin-1"),
            "status": status,
            "duration_ms": round(seconds * 1000, 3),
            "tracking_id": tid.decode(),
        }
        for t, method, path, query, status, seconds, tid in list(app.request_log)[-limit:]
    ]
    return Response.json({"requests": items})


async def ops(app: App, req: Request, _: list[str]) -> Response:
    return Response.json(
        {
            "operations": [
                {
                    "method": op.method,
                    "path": "/v2" + op.path,
                    "operation_id": op.operation_id,
                    "implemented": op.implemented,
                    "in_scope": bool(op.spec and op.spec.in_scope),
                    "rate_label": op.rate_label,
                }
                for op in app.ops
            ]
        }
    )


async def credentials(app: App, req: Request, _: list[str]) -> Response:
    s = app.settings
    return Response.json(
        {
            "account_id": s.account_id,
            "client_id": s.client_id,
            "client_secret": s.client_secret,
            "webhook_secret_token": s.webhook_secret,
            "api_base_url": s.base_url + "/v2",
            "token_url": s.base_url + "/oauth/token",
        }
    )


def register(app: App) -> None:
    r = app.route
    r("GET", "/_zoomstack/health")(health)
    r("GET", "/_zoomstack/version")(version)
    r("POST", "/_zoomstack/reset")(reset)
    r("GET", "/_zoomstack/clock")(clock_get)
    r("POST", "/_zoomstack/clock")(clock_post)
    r("GET", "/_zoomstack/requests")(requests_log)
    r("GET", "/_zoomstack/ops")(ops)
    r("GET", "/_zoomstack/credentials")(credentials)
