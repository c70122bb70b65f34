"""The token endpoint's grant types. Each runs inside one store transaction and returns
Zoom's token response or its `{"reason", "error"}` error body (HTTP 400).

- account_credentials  Server-to-Server apps: a token for the app's account;
- authorization_code   user- and admin-managed apps: exchange a consent-page code (+PKCE);
- refresh_token        the same apps: rotate the refresh token, new access token;
- client_credentials   chatbot apps: an app-only token (scope imchat:bot).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from zoomstack.http.messages import Response
from zoomstack.oauth import apps, authorizations, pkce, tokens
from zoomstack.store import Tx

if TYPE_CHECKING:
    from zoomstack.app import App

CHATBOT_TTL_S = 3600


def oauth_error(reason: str, error: str, status: int = 400) -> Response:
    return Response.json({"reason": reason, "error": error}, status)


INVALID_CLIENT = ("Invalid client_id or client_secret", "invalid_client")
UNSUPPORTED = ("unsupported grant type", "unsupported_grant_type")
INVALID_REFRESH = ("Invalid Token!", "invalid_grant")


@dataclass(frozen=True, slots=True)
class Client:
    client_id: str
    # None: a public client (PKCE, no secret), allowed where the grant permits it.
    secret: str | None


def authenticate(tx: Tx, client: Client) -> tuple[dict[str, Any] | None, Response | None]:
    """The app of a confidential client, or an error response."""
    app_doc = apps.app_by_client_id(tx, client.client_id)
    if app_doc is None:
        return None, oauth_error(*INVALID_CLIENT)
    if client.secret is not None and app_doc["client_secret"] != client.secret:
        return None, oauth_error(*INVALID_CLIENT)
    if not app_doc.get("active", True):
        return None, oauth_error("The app has been disabled", "invalid_client")
    return app_doc, None


def _account(tx: Tx, account_id: str) -> dict[str, Any]:
    return tx.get("account", account_id, account_id) or {}


def _token_body(app: App, access: str, expires_in: int, scopes: list[str]) -> dict[str, Any]:
    return {
        "access_token": access,
        "token_type": "bearer",
        "expires_in": expires_in,
        "scope": " ".join(scopes),
        "api_url": app.settings.base_url,
    }


def account_credentials(
    app: App, tx: Tx, app_doc: dict[str, Any], params: dict[str, str]
) -> Response:
    if app_doc["app_type"] != apps.S2S:
        return oauth_error(*UNSUPPORTED)
    account_id = params.get("account_id", "")
    if not account_id:
        return oauth_error("Missing account_id", "invalid_request")
    if account_id != app_doc["account_id"]:
        return oauth_error("Invalid account_id: " + account_id, "invalid_request")
    account = _account(tx, account_id)
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
    return Response.json(_token_body(app, tok, expires_in, list(app_doc["scopes"])))


def client_credentials(
    app: App, tx: Tx, app_doc: dict[str, Any], params: dict[str, str]
) -> Response:
    if app_doc["app_type"] != apps.CHATBOT:
        return oauth_error(*UNSUPPORTED)
    account_id = app_doc["account_id"]
    account = _account(tx, account_id)
    tok, expires_in = tokens.issue(
        tx,
        app=app_doc,
        account_id=account_id,
        user_id="",
        user_email="",
        kind="chatbot",
        scopes=list(app_doc["scopes"]),
        now_ms=app.clock.now_ms(),
        is_master=bool(account.get("is_master")),
        ttl_s=CHATBOT_TTL_S,
    )
    return Response.json(_token_body(app, tok, expires_in, list(app_doc["scopes"])))


def authorization_code(
    app: App, tx: Tx, app_doc: dict[str, Any], params: dict[str, str], public: bool
) -> Response:
    if app_doc["app_type"] not in apps.AUTHORIZATION_CODE_TYPES:
        return oauth_error(*UNSUPPORTED)
    code = params.get("code", "")
    if not code:
        return oauth_error("Missing code", "invalid_request")
    invalid = oauth_error(f"Invalid authorization code {code}", "invalid_request")
    found = authorizations.take_code(tx, code)
    if found is None:
        return invalid
    doc, account_id = found
    now = app.clock.now_ms()
    if doc["app_id"] != app_doc["id"] or int(doc["expires_ms"]) <= now:
        return invalid
    redirect_uri = params.get("redirect_uri", "")
    if redirect_uri != doc["redirect_uri"]:
        return oauth_error("Redirect URI mismatch.", "invalid_request")
    challenge = doc.get("code_challenge") or ""
    if public and not challenge:
        # Only PKCE lets a client without its secret exchange a code.
        return oauth_error(*INVALID_CLIENT)
    if challenge and not pkce.verify(
        challenge, doc.get("code_challenge_method") or "plain", params.get("code_verifier", "")
    ):
        return oauth_error("Invalid code_verifier", "invalid_grant")
    user = tx.get("user", doc["user_id"], account_id)
    if user is None or user.get("status") != "active":
        return invalid
    authorizations.supersede(tx, app_doc, account_id, user["id"])
    grant = authorizations.create_grant(
        tx,
        app=app_doc,
        account_id=account_id,
        user=user,
        kind="account" if app_doc["app_type"] == apps.ACCOUNT else "user",
        public=public,
        now_ms=now,
    )
    return _grant_tokens(app, tx, app_doc, grant, account_id, now)


def _grant_tokens(
    app: App, tx: Tx, app_doc: dict[str, Any], grant: dict[str, Any], account_id: str, now: int
) -> Response:
    access, expires_in, refresh = authorizations.issue_tokens(
        tx,
        app=app_doc,
        grant=grant,
        account_id=account_id,
        is_master=bool(_account(tx, account_id).get("is_master")),
        now_ms=now,
        refresh_days=app.settings.refresh_token_days,
    )
    body = _token_body(app, access, expires_in, list(grant["scopes"]))
    body["refresh_token"] = refresh
    return Response.json(body)


def refresh_token(
    app: App, tx: Tx, app_doc: dict[str, Any], params: dict[str, str], public: bool
) -> Response:
    if app_doc["app_type"] not in apps.AUTHORIZATION_CODE_TYPES:
        return oauth_error(*UNSUPPORTED)
    presented = params.get("refresh_token", "")
    if not presented:
        return oauth_error("Missing refresh_token", "invalid_request")
    found = authorizations.find_refresh(tx, presented)
    if found is None or found[0]["app_id"] != app_doc["id"]:
        return oauth_error(*INVALID_REFRESH)
    doc, account_id = found
    now = app.clock.now_ms()
    grant_found = authorizations.get_grant(tx, doc["grant_id"])
    if grant_found is None or int(doc["expires_ms"]) <= now:
        return oauth_error(*INVALID_REFRESH)
    grant = grant_found[0]
    if public and not grant.get("public"):
        return oauth_error(*INVALID_CLIENT)
    user = tx.get("user", grant["user_id"], account_id)
    if user is None or user.get("status") != "active":
        return oauth_error(*INVALID_REFRESH)
    if not authorizations.spend_refresh(tx, presented):
        return oauth_error(*INVALID_REFRESH)
    return _grant_tokens(app, tx, app_doc, grant, account_id, now)


def revoke(tx: Tx, app_doc: dict[str, Any], presented: str) -> bool:
    """Revoke an access or refresh token of this app (and the authorization it belongs to)."""
    found = tokens.lookup(tx, presented)
    if found is not None:
        doc, account_id = found
        if doc["app_id"] != app_doc["id"]:
            return False
        if doc.get("grant_id"):
            authorizations.revoke_grant(tx, doc["grant_id"], account_id)
        else:
            tokens.revoke(tx, presented)
        return True
    refresh = authorizations.find_refresh(tx, presented)
    if refresh is not None:
        doc, account_id = refresh
        if doc["app_id"] != app_doc["id"]:
            return False
        authorizations.revoke_grant(tx, doc["grant_id"], account_id)
        return True
    return False
