"""POST /oauth/token (and, in the auth issue, authorize/revoke): Zoom's token endpoint.

Parameters may come in the query string or a form body; clients authenticate with HTTP Basic
(a `client_id`/`client_secret` pair in the body is tolerated). Errors use Zoom's OAuth shape
`{"reason", "error"}` with HTTP 400.
"""

from __future__ import annotations

import base64
import binascii
from typing import TYPE_CHECKING

from zoomstack.http.messages import Request, Response
from zoomstack.oauth import apps, tokens

if TYPE_CHECKING:
    from zoomstack.app import App


def oauth_error(reason: str, error: str, status: int = 400) -> Response:
    return Response.json({"reason": reason, "error": error}, status)


def _client_credentials(req: Request, params: dict[str, str]) -> tuple[str, str] | None:
    auth = req.headers.get("authorization", "")
    if auth[:6].lower() == "basic ":
        try:
            decoded = base64.b64decode(auth[6:].strip(), validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError):
            return None
        client_id, sep, secret = decoded.partition(":")
        return (client_id, secret) if sep else None
    if params.get("client_id") and params.get("client_secret"):
        return params["client_id"], params["client_secret"]
    return None


def _params(req: Request) -> dict[str, str]:
    params = dict(req.query)
    ctype = req.headers.get("content-type", "")
    if "application/x-www-form-urlencoded" in ctype or (req.body and "json" not in ctype):
        for k, v in req.form().items():
            params.setdefault(k, v)
    return params


async def token(app: App, req: Request, _: list[str]) -> Response:
    params = _params(req)
    grant = params.get("grant_type", "")
    creds = _client_credentials(req, params)
    if not grant:
        return oauth_error("Missing grant_type", "invalid_request")
    if grant not in ("account_credentials",):
        return oauth_error("unsupported grant type", "unsupported_grant_type")
    if creds is None:
        return oauth_error("Invalid client_id or client_secret", "invalid_client")

    def work() -> Response:
        with app.store.transaction() as tx:
            app_doc = apps.app_by_client_id(tx, creds[0])
            if app_doc is None or app_doc["client_secret"] != creds[1]:
                return oauth_error("Invalid client_id or client_secret", "invalid_client")
            if not app_doc.get("active", True):
                return oauth_error("The app has been disabled", "invalid_client")
            if app_doc["app_type"] != "s2s":
                return oauth_error("unsupported grant type", "unsupported_grant_type")
            account_id = params.get("account_id", "")
            if not account_id:
                return oauth_error("Missing account_id", "invalid_request")
            if account_id != app_doc["account_id"]:
                return oauth_error("Invalid account_id: " + account_id, "invalid_request")
            account = tx.get("account", account_id, account_id) or {}
            owner = tx.get("user", account.get("owner_id", ""), account_id) or {}
            tok, expires_in = tokens.issue(
                tx,
                app=app_doc,
                account_id=account_id,
                user_id=owner.get("id", ""),
                user_email=owner.get("email", ""),
                kind="s2s",
                scopes=list(app_doc["scopes"]),
                now_ms=app.clock.now_ms(),
                is_master=bool(account.get("is_master")),
            )
        return Response.json(
            {
                "access_token": tok,
                "token_type": "bearer",
                "expires_in": expires_in,
                "scope": " ".join(app_doc["scopes"]),
                "api_url": app.settings.base_url,
            }
        )

    return await app.store.run(work)


def register(app: App) -> None:
    app.route("POST", "/oauth/token")(token)
