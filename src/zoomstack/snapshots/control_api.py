"""/_zoomstack/snapshots: save the whole state under a name, restore it, export and import it."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from zoomstack import errors, jsonutil
from zoomstack.http.messages import Request, Response
from zoomstack.snapshots import state
from zoomstack.store import Tx
from zoomstack.timefmt import iso_from_ms

if TYPE_CHECKING:
    from zoomstack.app import App

BASE = "/_zoomstack/snapshots"
_NAME = re.compile(r"^[A-Za-z0-9._-]{1,100}$")


def _name(value: Any) -> str:
    # Names made of dots only would be path segments that clients resolve away in URLs.
    if not isinstance(value, str) or not _NAME.match(value) or not value.strip("."):
        raise errors.field_error(
            "name", "A snapshot name is 1 to 100 letters, digits, dots, dashes or underscores."
        )
    return value


def _not_found(name: str) -> errors.ZoomError:
    return errors.not_found(404, f"Snapshot not found: {name}.")


def _summary(name: str, created_ms: int, size: int) -> dict[str, Any]:
    return {"name": name, "created_at": iso_from_ms(created_ms), "size_bytes": size}


def _body(req: Request) -> Any:
    try:
        return jsonutil.loads(req.body) if req.body.strip() else {}
    except jsonutil.JSONDecodeError:
        raise errors.invalid_json() from None


def _put(tx: Tx, name: str, doc: dict[str, Any]) -> dict[str, Any]:
    text = jsonutil.dumps_str(doc)
    tx.execute(
        "INSERT INTO snapshots (name, created_ms, data) VALUES (?, ?, ?) ON CONFLICT (name)"
        " DO UPDATE SET created_ms = excluded.created_ms, data = excluded.data",
        (name, doc["created_ms"], text),
    )
    out = _summary(name, int(doc["created_ms"]), len(text))
    out["rows"] = state.counts(doc)
    return out


def _load(tx: Tx, name: str) -> str:
    row = tx.fetchone("SELECT data FROM snapshots WHERE name = ?", (name,))
    if row is None:
        raise _not_found(name)
    return str(row[0])


def loader(app: App, doc: dict[str, Any]) -> Callable[[Tx], None]:
    """What App.reset runs to load a checked snapshot document instead of an empty state."""

    def load(tx: Tx) -> None:
        state.replace_all(tx, doc, app.store.dialect)
        # The clock comes back as it was, with a new version so that every process adopts it.
        raw = tx.meta_get("clock")
        if raw:
            clock = jsonutil.loads(raw)
            clock["version"] = time.time_ns()
            tx.meta_put("clock", jsonutil.dumps_str(clock))

    return load


def restore_doc(app: App, doc: dict[str, Any]) -> None:
    """Replace the whole state with a checked snapshot document (blocking store work)."""
    try:
        app.reset(restore=loader(app, doc))
    except state.driver_errors() as exc:
        # The document passed the checks but the store refused it (a duplicate key, say):
        # the transaction rolled back, nothing changed.
        raise errors.bad_request(300, f"Invalid snapshot: {exc}") from None


async def save(app: App, req: Request, _: list[str]) -> Response:
    body = _body(req)
    if not isinstance(body, dict):
        raise errors.invalid_json()
    name = _name(body.get("name", "default"))

    def work() -> dict[str, Any]:
        with app.store.transaction() as tx:
            return _put(tx, name, state.capture(tx, app.clock.now_ms()))

    return Response.json(await app.store.run(work), 201)


def summaries(tx: Tx) -> list[dict[str, Any]]:
    rows = tx.fetchall(
        "SELECT name, created_ms, LENGTH(data) FROM snapshots ORDER BY created_ms, name"
    )
    return [_summary(str(r[0]), int(r[1]), int(r[2])) for r in rows]


async def list_all(app: App, req: Request, _: list[str]) -> Response:
    def work() -> list[dict[str, Any]]:
        with app.store.transaction() as tx:
            return summaries(tx)

    items = await app.store.run(work)
    return Response.json({"total_records": len(items), "snapshots": items})


async def export(app: App, req: Request, values: list[str]) -> Response:
    name = _name(values[0])

    def work() -> str:
        with app.store.transaction() as tx:
            return _load(tx, name)

    text = await app.store.run(work)
    return Response(200, text.encode(), [(b"content-type", b"application/json")])


async def import_(app: App, req: Request, values: list[str]) -> Response:
    name = _name(values[0])
    doc = state.check(_body(req))

    def work() -> dict[str, Any]:
        with app.store.transaction() as tx:
            return _put(tx, name, doc)

    return Response.json(await app.store.run(work), 201)


async def restore(app: App, req: Request, values: list[str]) -> Response:
    name = _name(values[0])

    def work() -> dict[str, Any]:
        with app.store.transaction() as tx:
            text = _load(tx, name)
        # Stored by this server, but perhaps by an older version of it: checked again.
        doc = state.check(jsonutil.loads(text))
        restore_doc(app, doc)
        return {"status": "restored", "name": name, "rows": state.counts(doc)}

    return Response.json(await app.store.run(work))


async def remove(app: App, req: Request, values: list[str]) -> Response:
    name = _name(values[0])

    def work() -> bool:
        with app.store.transaction() as tx:
            return bool(tx.execute("DELETE FROM snapshots WHERE name = ?", (name,)).rowcount)

    if not await app.store.run(work):
        raise _not_found(name)
    return Response.empty(204)


def register_routes(app: App) -> None:
    r = app.route
    r("GET", BASE)(list_all)
    r("POST", BASE)(save)
    r("GET", BASE + "/{name}")(export)
    r("PUT", BASE + "/{name}")(import_)
    r("DELETE", BASE + "/{name}")(remove)
    r("POST", BASE + "/{name}/restore")(restore)
