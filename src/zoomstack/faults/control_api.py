"""/_zoomstack/faults: add, list, read and remove fault rules."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from zoomstack import errors, ids, jsonutil
from zoomstack.faults import rules
from zoomstack.faults.inject import COUNTER_PREFIX
from zoomstack.http.messages import Request, Response
from zoomstack.store import Tx
from zoomstack.timefmt import iso_from_ms

if TYPE_CHECKING:
    from zoomstack.app import App

BASE = "/_zoomstack/faults"
# Serialises rule edits of several processes on PostgreSQL (7311 is the migrations' key).
EDIT_LOCK = 7312


def refresh(app: App, tx: Tx) -> None:
    """Adopt the stored rules (another process may have changed them)."""
    raw = tx.meta_get(rules.META_KEY)
    current = app.faults.raw if app.faults is not None else None
    if raw != current:
        app.faults = rules.load(raw, app.settings.seed)


def stored(tx: Tx) -> list[dict[str, Any]]:
    raw = tx.meta_get(rules.META_KEY)
    items: list[dict[str, Any]] = jsonutil.loads(raw) if raw else []
    return items


def _lock(app: App, tx: Tx) -> None:
    if app.store.dialect == "postgres":
        tx.execute("SELECT pg_advisory_xact_lock(?)", (EDIT_LOCK,))


def _save(app: App, tx: Tx, items: list[dict[str, Any]]) -> None:
    tx.meta_put(rules.META_KEY, rules.dump(items))
    refresh(app, tx)


def view(tx: Tx, item: dict[str, Any]) -> dict[str, Any]:
    out = dict(item)
    out["created_at"] = iso_from_ms(int(item["created_ms"]))
    del out["created_ms"]
    matched = tx.counter_get(COUNTER_PREFIX + item["id"], 0)
    out["matched"] = matched
    after, times = int(item["after"]), item["times"]
    out["remaining"] = None if times is None else max(0, after + int(times) - matched)
    return out


def _body(req: Request) -> dict[str, Any]:
    if not req.body.strip():
        raise errors.invalid_json()
    try:
        value = jsonutil.loads(req.body)
    except jsonutil.JSONDecodeError:
        raise errors.invalid_json() from None
    if not isinstance(value, dict):
        raise errors.invalid_json()
    return value


def _not_found(fault_id: str) -> errors.ZoomError:
    return errors.not_found(404, f"Fault rule not found: {fault_id}.")


async def add(app: App, req: Request, _: list[str]) -> Response:
    rule = rules.check(_body(req), {op.operation_id for op in app.ops})

    def work() -> dict[str, Any]:
        with app.store.transaction() as tx:
            _lock(app, tx)
            items = stored(tx)
            if len(items) >= rules.MAX_RULES:
                raise errors.bad_request(
                    300, f"At most {rules.MAX_RULES} fault rules; remove some first."
                )
            item = {"id": ids.alnum(12), **rule, "created_ms": app.clock.now_ms()}
            items.append(item)
            _save(app, tx, items)
            return view(tx, item)

    return Response.json(await app.store.run(work), 201)


async def list_rules(app: App, req: Request, _: list[str]) -> Response:
    def work() -> list[dict[str, Any]]:
        with app.store.transaction() as tx:
            return [view(tx, item) for item in stored(tx)]

    items = await app.store.run(work)
    return Response.json({"total_records": len(items), "faults": items})


async def get_rule(app: App, req: Request, values: list[str]) -> Response:
    def work() -> dict[str, Any]:
        with app.store.transaction() as tx:
            for item in stored(tx):
                if item["id"] == values[0]:
                    return view(tx, item)
        raise _not_found(values[0])

    return Response.json(await app.store.run(work))


async def remove(app: App, req: Request, values: list[str]) -> Response:
    def work() -> None:
        with app.store.transaction() as tx:
            _lock(app, tx)
            items = stored(tx)
            kept = [item for item in items if item["id"] != values[0]]
            if len(kept) == len(items):
                raise _not_found(values[0])
            _save(app, tx, kept)

    await app.store.run(work)
    return Response.empty(204)


async def clear(app: App, req: Request, _: list[str]) -> Response:
    def work() -> None:
        with app.store.transaction() as tx:
            _lock(app, tx)
            _save(app, tx, [])

    await app.store.run(work)
    return Response.empty(204)


def register_routes(app: App) -> None:
    r = app.route
    r("GET", BASE)(list_rules)
    r("POST", BASE)(add)
    r("DELETE", BASE)(clear)
    r("GET", BASE + "/{id}")(get_rule)
    r("DELETE", BASE + "/{id}")(remove)
