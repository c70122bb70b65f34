"""Archiving outside /v2 (an extension module):

- `GET /_zoomstack/archiving/{accountId}` and `PUT /_zoomstack/archiving/{accountId}` (body:
  Zoom's `recording.archive` setting, e.g. `{"enable": true, "type": 3}`) — the switch Zoom
  Support holds; no credentials, like the rest of the control API.
- `GET /rec/archive/download/<token>` — an archived file, authenticated like recording
  downloads (OAuth access token of the account, or the `download_token` of
  `recording.archive_files_completed`): 302 to the signed file URL, or 200 with an HTML page.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from zoomstack import errors
from zoomstack.areas.archiving import service
from zoomstack.areas.recordings import downloads
from zoomstack.control_body import json_object
from zoomstack.http.messages import Request, Response

if TYPE_CHECKING:
    from zoomstack.app import App


async def get_config(app: App, req: Request, values: list[str]) -> Response:
    def work() -> dict[str, Any]:
        with app.store.transaction() as tx:
            return service.get_config(tx, values[0])

    return Response.json(await app.store.run(work))


async def put_config(app: App, req: Request, values: list[str]) -> Response:
    patch = json_object(req)

    def work() -> dict[str, Any]:
        with app.store.transaction() as tx:
            if tx.get("account", values[0], None) is None:
                raise errors.not_found(2001, f"Account does not exist: {values[0]}.")
            return service.put_config(tx, values[0], patch)

    return Response.json(await app.store.run(work))


async def download(app: App, req: Request, values: list[str]) -> Response:
    def work() -> Response:
        with app.store.transaction() as tx:
            now = app.sync_clock(tx).now_ms()
            found = service.by_file_token(tx, values[0])
            if found is None:
                return downloads.failure(downloads.NOT_FOUND)
            doc, f = found
            account = tx.get_with_account(service.KIND, doc["uuid"])
            account_id = account[1] if account else ""
            who = downloads.authorize(
                app,
                tx,
                downloads.bearer(app, req),
                account_id=account_id,
                host_id="",
                uuid=doc["uuid"],
                now_ms=now,
            )
            if who is None:
                return downloads.failure(downloads.ONLY_HOST)
            return Response.redirect(downloads.file_url(app, tx, f["id"], f["_file_name"], now))

    return await app.store.run(work)


def register(app: App) -> None:
    app.route("GET", "/_zoomstack/archiving/{accountId}")(get_config)
    app.route("PUT", "/_zoomstack/archiving/{accountId}")(put_config)
    app.route("GET", "/rec/archive/download/{token}")(download)
