"""GET/POST /oauth/authorize: the consent page of the authorization-code flow.

1. GET with response_type=code, client_id, redirect_uri, state, code_challenge(+_method):
   the request is checked (unknown client → Zoom's 4702 page, unregistered redirect URI → 4709
   page) and a sign-in form is shown.
2. POST step=signin: the user signs in with the email and password of a user of the app's
   account (admin-managed apps need an owner or admin); the consent page lists the app's scopes.
3. POST step=consent: Allow → redirect to redirect_uri with `code` and `state`; Decline →
   `error=access_denied` and `state`.

The signed-in state between steps 2 and 3 is a short-lived server-side record named in a hidden
field (no cookies, no JavaScript), so any process of a PostgreSQL deployment can finish it.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from zoomstack.areas.users import passwords
from zoomstack.areas.users import service as users
from zoomstack.http.messages import Request, Response
from zoomstack.oauth import apps, authorizations, pages, pkce
from zoomstack.store import Tx

if TYPE_CHECKING:
    from zoomstack.app import App

CONSENT_KIND = "oauth_consent"
CONSENT_TTL_MS = 10 * 60 * 1000
ADMIN_ROLES = (users.OWNER_ROLE, users.ADMIN_ROLE)


@dataclass(frozen=True, slots=True)
class AuthRequest:
    app: dict[str, Any]
    account_name: str
    # Where to send the browser back, and the value the token request must repeat.
    redirect_to: str
    redirect_uri: str
    state: str
    challenge: str
    method: str


def with_query(uri: str, extra: dict[str, str]) -> str:
    parts = urlsplit(uri)
    query = parse_qsl(parts.query, keep_blank_values=True) + list(extra.items())
    return urlunsplit(parts._replace(query=urlencode(query)))


def _error_page(message: str, code: int, status: int = 400) -> Response:
    return Response.html(pages.error(message, code), status)


def _check(tx: Tx, params: dict[str, str]) -> AuthRequest | Response:
    client_id = params.get("client_id", "")
    app_doc = apps.app_by_client_id(tx, client_id) if client_id else None
    if (
        app_doc is None
        or app_doc["app_type"] not in apps.AUTHORIZATION_CODE_TYPES
        or not app_doc.get("active", True)
    ):
        return _error_page(f"Invalid client_id: {client_id}", 4702)
    registered: list[str] = list(app_doc.get("redirect_uris") or [])
    redirect_uri = params.get("redirect_uri", "")
    if redirect_uri:
        if redirect_uri not in registered:
            return _error_page(f"Invalid redirect: {redirect_uri}", 4709)
        redirect_to = redirect_uri
    elif len(registered) == 1:
        redirect_to = registered[0]
    else:
        return _error_page("Invalid redirect: ", 4709)
    state = params.get("state", "")
    if params.get("response_type", "") != "code":
        return _redirect(redirect_to, {"error": "unsupported_response_type"}, state)
    challenge = params.get("code_challenge", "")
    method = pkce.normalize_method(params.get("code_challenge_method", ""))
    if method is None:
        return _redirect(redirect_to, {"error": "invalid_request"}, state)
    account = tx.get("account", app_doc["account_id"], app_doc["account_id"]) or {}
    return AuthRequest(
        app=app_doc,
        account_name=str(account.get("account_name") or app_doc["account_id"]),
        redirect_to=redirect_to,
        redirect_uri=redirect_uri,
        state=state,
        challenge=challenge,
        method=method if challenge else "",
    )


def _redirect(uri: str, values: dict[str, str], state: str) -> Response:
    if state:
        values = {**values, "state": state}
    return Response.redirect(with_query(uri, values))


def _sign_in_user(
    tx: Tx, auth: AuthRequest, email: str, password: str
) -> tuple[dict[str, Any] | None, str]:
    """The user behind these credentials within the app's account, or the page's error."""
    account_id = auth.app["account_id"]
    user = users.find_user(tx, account_id, email.strip()) if "@" in email else None
    stored = user.get("_password") if user else None
    if user is None or not stored or not passwords.matches(stored, password):
        return None, "Incorrect email or password."
    if user.get("status") != "active":
        return None, "This user is not active. Contact your account admin."
    if auth.app["app_type"] == apps.ACCOUNT and user.get("role_id") not in ADMIN_ROLES:
        return None, "Only an account owner or admin can authorize this app."
    return user, ""


async def get_authorize(app: App, req: Request, _: list[str]) -> Response:
    params = dict(req.query)

    def work() -> Response:
        with app.store.transaction() as tx:
            auth = _check(tx, params)
        if isinstance(auth, Response):
            return auth
        return Response.html(pages.sign_in(params, auth.app["name"], auth.account_name))

    return await app.store.run(work)


async def post_authorize(app: App, req: Request, _: list[str]) -> Response:
    params = req.form()

    def work() -> Response:
        with app.store.transaction() as tx:
            auth = _check(tx, params)
            if isinstance(auth, Response):
                return auth
            if params.get("step") == "consent":
                return _decide(app, tx, auth, params)
            email = params.get("email", "")
            user, problem = _sign_in_user(tx, auth, email, params.get("password", ""))
            if user is None:
                page = pages.sign_in(params, auth.app["name"], auth.account_name, email, problem)
                return Response.html(page)
            consent_id = secrets.token_urlsafe(24)
            tx.insert(
                CONSENT_KIND,
                consent_id,
                auth.app["account_id"],
                {
                    "app_id": auth.app["id"],
                    "user_id": user["id"],
                    "expires_ms": app.clock.now_ms() + CONSENT_TTL_MS,
                },
            )
            return Response.html(
                pages.consent(
                    params,
                    consent_id,
                    auth.app["name"],
                    auth.app["app_type"],
                    user["email"],
                    auth.app.get("scopes") or [],
                )
            )

    return await app.store.run(work)


def _decide(app: App, tx: Tx, auth: AuthRequest, params: dict[str, str]) -> Response:
    consent_id = params.get("consent", "")
    found = tx.get(CONSENT_KIND, consent_id, auth.app["account_id"]) if consent_id else None
    now = app.clock.now_ms()
    if found is not None:
        tx.delete(CONSENT_KIND, consent_id)
    if found is None or found["app_id"] != auth.app["id"] or int(found["expires_ms"]) <= now:
        page = pages.sign_in(
            params, auth.app["name"], auth.account_name, error="Please sign in again."
        )
        return Response.html(page)
    if params.get("decision") != "allow":
        return _redirect(auth.redirect_to, {"error": "access_denied"}, auth.state)
    user = tx.get("user", found["user_id"], auth.app["account_id"])
    if user is None:
        return _redirect(auth.redirect_to, {"error": "access_denied"}, auth.state)
    code = authorizations.create_code(
        tx,
        app=auth.app,
        user=user,
        redirect_uri=auth.redirect_uri,
        challenge=auth.challenge,
        method=auth.method,
        now_ms=now,
    )
    return _redirect(auth.redirect_to, {"code": code}, auth.state)


def register(app: App) -> None:
    app.route("GET", "/oauth/authorize")(get_authorize)
    app.route("POST", "/oauth/authorize")(post_authorize)
