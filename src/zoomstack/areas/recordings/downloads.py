"""Recording URLs on this server (an extension module: routes outside /v2).

- `GET /rec/download/<token>`: authenticated as Zoom does, with `Authorization: Bearer` and one
  of: an OAuth access token of the recording's account (a user-level token must be the host's
  or hold an account-level scope), the recording's `download_access_token`, or the
  `download_token` of its `recording.completed` event. Success is a 302 to a signed file URL
  valid for 10 minutes on the server clock; failure is Zoom's 200 with an HTML page. A
  `?access_token=` query parameter is accepted only with the legacy-auth setting.
- `GET /rec/file/<fileId>/<name>?Expires=&Signature=`: the bytes, with the file's content type
  and an attachment disposition (403 once the signature expired or does not match).
- `GET /rec/play/<token>` and `GET /rec/share/<token>`: the web player and the share page. A
  recording with a passcode needs `?pwd=<recording_play_passcode>`, `?passcode=<password>` or
  an authorised bearer token; otherwise the passcode form. Each play is a view in analytics.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlencode

from zoomstack import errors, scopes
from zoomstack.areas.recordings import analytics, records, tokens, trash
from zoomstack.clock import Clock
from zoomstack.http.messages import Request, Response
from zoomstack.oauth import tokens as oauth_tokens
from zoomstack.store import Tx

if TYPE_CHECKING:
    from zoomstack.app import App

Doc = dict[str, Any]

NOT_FOUND = "This recording does not exist."
ONLY_HOST = (
    "Only the host can download this recording. Please sign in to your Zoom account to"
    " download if you are the host."
)


def page(title: str, body: str) -> Response:
    return Response.html(
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>"
        + html.escape(title)
        + " - Zoom</title></head><body>"
        + body
        + "</body></html>"
    )


def failure(message: str) -> Response:
    return page("Error", f"<div class='error'><h3>{html.escape(message)}</h3></div>")


def bearer(app: App, req: Request) -> str:
    auth = req.header(b"authorization") or ""
    if auth[:7].lower() == "bearer " and auth[7:].strip():
        return auth[7:].strip()
    if app.settings.legacy_auth:
        return req.query.get("access_token", "")
    return ""


def authorize(
    app: App, tx: Tx, token: str, *, account_id: str, host_id: str, uuid: str, now_ms: int
) -> tuple[str, str] | None:
    """(name, email) of whoever the token stands for when it may download the recording."""
    if not token:
        return None
    claims = tokens.check_download_token(tx, token, now_ms)
    if claims is not None:
        if claims.get("mid") == uuid and claims.get("accountId") == account_id:
            return "", ""
        return None
    try:
        principal = oauth_tokens.check(tx, token, now_ms, app.settings.legacy_auth)
    except errors.ZoomError:
        return None
    if principal.account_id != account_id:
        doc = tx.get("account", account_id, None)
        if (
            not principal.is_master
            or not doc
            or doc.get("master_account_id") != principal.account_id
        ):
            return None
    reaches_others = any(scopes.is_account_level(s) for s in principal.scopes)
    if principal.kind == "user" and principal.user_id != host_id and not reaches_others:
        return None
    return principal.user_email.split("@")[0], principal.user_email


def _live(app: App, tx: Tx, token: str) -> tuple[Doc, Doc, Clock] | None:
    """The recording and file behind a URL token, if they are not gone or in the trash."""
    clock = app.sync_clock(tx)
    found = records.by_file_token(tx, token)
    if found is None:
        return None
    doc, f = found
    kept = trash.purge_expired(tx, doc, clock.now_ms())
    if kept is None or records.is_trashed(kept):
        return None
    f2 = records.find_file(kept, f["id"])
    if f2 is None or f2.get("_state", records.ACTIVE) != records.ACTIVE:
        return None
    return kept, f2, clock


def file_url(app: App, tx: Tx, file_id: str, name: str, now_ms: int) -> str:
    query = tokens.file_query(tx, file_id, now_ms)
    return f"{app.settings.base_url}/rec/file/{file_id}/{quote(name, safe='')}?{query}"


async def download(app: App, req: Request, values: list[str]) -> Response:
    def work() -> Response:
        with app.store.transaction() as tx:
            live = _live(app, tx, values[0])
            if live is None:
                return failure(NOT_FOUND)
            doc, f, clock = live
            now = clock.now_ms()
            who = _viewer(app, tx, req, doc, now)
            if who is None:
                return failure(ONLY_HOST)
            analytics.record_access(tx, doc, analytics.DOWNLOAD, now, who[0], who[1], 0)
            return Response.redirect(file_url(app, tx, f["id"], f["_file_name"], now))

    return await app.store.run(work)


async def serve_file(app: App, req: Request, values: list[str]) -> Response:
    file_id = values[0]

    def work() -> Response:
        with app.store.transaction() as tx:
            now = app.sync_clock(tx).now_ms()
            if not tokens.check_file_query(tx, file_id, req.query, now):
                return Response.text("Access denied: the link expired or is invalid.", 403)
            found = records.blob(tx, file_id)
            if found is None:
                return Response.text("Not found.", 404)
            data, content_type, name = found
            return Response.binary(data, content_type, name)

    return await app.store.run(work)


def _passcode_ok(app: App, tx: Tx, req: Request, doc: Doc, now_ms: int) -> bool:
    password = str(doc.get("password") or "")
    if not password:
        return True
    if req.query.get("pwd") == doc.get("recording_play_passcode"):
        return True
    if req.query.get("passcode") == password:
        return True
    who = _viewer(app, tx, req, doc, now_ms)
    return who is not None


def _passcode_form(topic: str) -> Response:
    return page(
        topic,
        f"<h3>{html.escape(topic)}</h3><form method='get'><label>Passcode "
        "<input type='password' name='passcode' required></label>"
        "<button type='submit'>Watch Recording</button></form>",
    )


def _player(url: str, f: Doc) -> str:
    src = html.escape(url, quote=True)
    if f["file_type"] == "MP4":
        return f"<video controls width='960' src='{src}'></video>"
    if f["file_type"] == "M4A":
        return f"<audio controls src='{src}'></audio>"
    return f"<iframe src='{src}' width='960' height='480'></iframe>"


async def play(app: App, req: Request, values: list[str]) -> Response:
    def work() -> Response:
        with app.store.transaction() as tx:
            live = _live(app, tx, values[0])
            if live is None:
                return failure(NOT_FOUND)
            doc, f, clock = live
            now = clock.now_ms()
            if (
                doc["settings"].get("share_recording") == "none"
                and _viewer(app, tx, req, doc, now) is None
            ):
                return failure(NOT_FOUND)
            if not _passcode_ok(app, tx, req, doc, now):
                return _passcode_form(doc["topic"])
            who = _viewer(app, tx, req, doc, now)
            name, email = who or ("Guest", "")
            seconds = int(f.get("_duration_ms") or 0) // 1000
            analytics.record_access(tx, doc, analytics.VIEW, now, name, email, seconds)
            url = file_url(app, tx, f["id"], f["_file_name"], now)
            return page(doc["topic"], f"<h3>{html.escape(doc['topic'])}</h3>" + _player(url, f))

    return await app.store.run(work)


def _viewer(app: App, tx: Tx, req: Request, doc: Doc, now_ms: int) -> tuple[str, str] | None:
    """Who the request's bearer token stands for, if it may see this recording."""
    return authorize(
        app,
        tx,
        bearer(app, req),
        account_id=doc["account_id"],
        host_id=doc["host_id"],
        uuid=doc["uuid"],
        now_ms=now_ms,
    )


async def share(app: App, req: Request, values: list[str]) -> Response:
    def work() -> Response:
        with app.store.transaction() as tx:
            clock = app.sync_clock(tx)
            now = clock.now_ms()
            doc = records.by_share_token(tx, values[0])
            if doc is not None:
                doc = trash.purge_expired(tx, doc, clock.now_ms())
            if doc is None or records.is_trashed(doc) or not records.active_files(doc):
                return failure(NOT_FOUND)
            if (
                doc["settings"].get("share_recording") == "none"
                and _viewer(app, tx, req, doc, now) is None
            ):
                return failure(NOT_FOUND)
            if not _passcode_ok(app, tx, req, doc, now):
                return _passcode_form(doc["topic"])
            pwd = urlencode({"pwd": doc.get("recording_play_passcode", "")})
            items = "".join(
                f"<li><a href='{html.escape(f['play_url'])}?{pwd}'>"
                f"{html.escape(f['recording_type'])} ({html.escape(f['file_type'])})</a></li>"
                for f in records.active_files(doc)
            )
            return page(doc["topic"], f"<h3>{html.escape(doc['topic'])}</h3><ul>{items}</ul>")

    return await app.store.run(work)


def register(app: App) -> None:
    # Import the area so its instance-ended hook is registered in every process that serves.
    from zoomstack.areas.recordings import completion  # noqa: F401

    app.route("GET", "/rec/download/{token}")(download)
    app.route("GET", "/rec/play/{token}")(play)
    app.route("GET", "/rec/share/{token}")(share)
    app.route("GET", "/rec/file/{fileId}/{name}")(serve_file)
