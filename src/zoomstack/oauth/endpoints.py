"""Zoom's OAuth endpoints: POST /oauth/token, POST /oauth/revoke, and the consent page at
/oauth/authorize (authorize.py).

Parameters may come in the query string or a form body; clients authenticate with HTTP Basic
(a `client_id`/`client_secret` pair in the body is tolerated; a public client sends only its
`client_id` and proves itself with PKCE). Errors use Zoom's OAuth shape `{"reason", "error"}`
with HTTP 400.
"""

from __future__ import annotations

import base64
import binascii
from typing import TYPE_CHECKING

from zoomstack.http.messages import Request, Response
from zoomstack.oauth import authorize, grants
from zoomstack.oauth.grants import INVALID_CLIENT, UNSUPPORTED, Client, oauth_error

if TYPE_CHECKING:
    from zoomstack.app import App

GRANT_TYPES = ("account_credentials", "authorization_code", "refresh_token", "client_credentials")
# Grants a public client (no secret) may use; the grant itself checks it was PKCE-protected.
PUBLIC_GRANTS = ("authorization_code", "refresh_token")


def _client(req: Request, params: dict[str, str]) -> Client | None:
    auth = req.headers.get("authorization", "")
    if auth[:6].lower() == "basic ":
        try:
            decoded = base64.b64decode(auth[6:].strip(), validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError):
            return None
        client_id, sep, secret = decoded.partition(":")
        return Client(client_id, secret) if sep else None
    if params.get("client_id") and params.get("client_secret"):
        return Client(params["client_id"], params["client_secret"])
    if params.get("client_id"):
        return Client(params["client_id"], None)
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
    client = _client(req, params)
    if not grant:
        return oauth_error("Missing grant_type", "invalid_request")
    if grant not in GRANT_TYPES:
        return oauth_error(*UNSUPPORTED)
    if client is None or (client.secret is None and grant not in PUBLIC_GRANTS):
        return oauth_error(*INVALID_CLIENT)
    public = client.secret is None

    def work() -> Response:
        with app.store.transaction() as tx:
            app_doc, error = grants.authenticate(tx, client)
            if error is not None:
                return error
            assert app_doc is not None
            if grant == "account_credentials":
                return grants.account_credentials(app, tx, app_doc, params)
            if grant == "client_credentials":
                return grants.client_credentials(app, tx, app_doc, params)
            if grant == "authorization_code":
                return grants.authorization_code(app, tx, app_doc, params, public)
            return grants.refresh_token(app, tx, app_doc, params, public)

    return await app.store.run(work)


async def revoke(app: App, req: Request, _: list[str]) -> Response:
    params = _params(req)
    client = _client(req, params)
    if client is None or client.secret is None:
        return oauth_error(*INVALID_CLIENT)
    presented = params.get("token", "")
    if not presented:
        return oauth_error("Missing token", "invalid_request")

    def work() -> Response:
        with app.store.transaction() as tx:
            app_doc, error = grants.authenticate(tx, client)
            if error is not None:
                return error
            assert app_doc is not None
            if not grants.revoke(tx, app_doc, presented):
                return oauth_error("Invalid Token!", "invalid_request")
        return Response.json({"status": "success"})

    return await app.store.run(work)


def register(app: App) -> None:
    app.route("POST", "/oauth/token")(token)
    app.route("POST", "/oauth/revoke")(revoke)
    authorize.register(app)
