"""Control API for OAuth apps, accounts and their rate-limit settings (issue 7).

    GET    /_zoomstack/apps[?account_id=]            list apps (secrets included)
    POST   /_zoomstack/apps                          create {type, account_id?, name?, scopes?,
                                                     redirect_uris?, client_id?, client_secret?}
    GET    /_zoomstack/apps/{clientId}
    PATCH  /_zoomstack/apps/{clientId}               {name?, scopes?, redirect_uris?, active?,
                                                     rotate_secret?}
    DELETE /_zoomstack/apps/{clientId}               the app and every token it was given
    GET    /_zoomstack/accounts                      list accounts
    POST   /_zoomstack/accounts                      create an account (optionally a sub-account
                                                     of a master account) with its owner and an
                                                     optional Server-to-Server app
    GET    /_zoomstack/accounts/{accountId}
    GET    /_zoomstack/accounts/{accountId}/rate_limits
    PATCH  /_zoomstack/accounts/{accountId}/rate_limits   {plan?, enabled?, overrides?}
    PUT    /_zoomstack/accounts/{accountId}/rate_limits   the same, replacing all settings

Like the rest of /_zoomstack it needs no credentials (a development server on loopback).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from zoomstack import errors, ids
from zoomstack.areas.accounts import service as accounts
from zoomstack.catalog import all_ops
from zoomstack.context import parse_json_object
from zoomstack.http.messages import Request, Response
from zoomstack.oauth import apps, authorizations
from zoomstack.ratelimit import policy as policies
from zoomstack.ratelimit.plans import LABELS, PLAN_NAMES, normalize_plan
from zoomstack.scopes import is_account_level
from zoomstack.store import Conflict, Tx

if TYPE_CHECKING:
    from zoomstack.app import App

APPS = "/_zoomstack/apps"
ACCOUNTS = "/_zoomstack/accounts"
ACCOUNT_TYPES = {"free": "Basic", "pro": "Pro", "business_plus": "Business"}


class ControlError(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message

    def response(self) -> Response:
        code = 300 if self.status == 400 else self.status
        return Response.json({"code": code, "message": self.message}, self.status)


def _bad(message: str) -> ControlError:
    return ControlError(400, message)


def _body(req: Request) -> dict[str, Any]:
    # The admin API words the invalid-JSON error its own way.
    try:
        return parse_json_object(req.body, required=False)
    except errors.ZoomError:
        raise _bad("Request Body should be a valid JSON object.") from None


# -- scopes ------------------------------------------------------------------------------------
@functools.cache
def known_scopes() -> frozenset[str]:
    return frozenset(s for op in all_ops() for s in (*op.classic_scopes, *op.granular_scopes))


@functools.cache
def user_level_scopes() -> tuple[str, ...]:
    return tuple(sorted(s for s in known_scopes() if not is_account_level(s)))


def default_scopes(app_type: str) -> list[str]:
    from zoomstack.bootstrap import dev_app_scopes

    if app_type in (apps.S2S, apps.ACCOUNT):
        return dev_app_scopes()
    if app_type == apps.USER:
        return list(user_level_scopes())
    if app_type == apps.CHATBOT:
        return ["imchat:bot"]
    return []


def _scopes(value: Any) -> list[str]:
    if isinstance(value, str):
        value = value.split()
    if not isinstance(value, list) or not all(isinstance(s, str) for s in value):
        raise _bad("'scopes' must be a list of scope names (or one space-separated string).")
    unknown = sorted(set(value) - known_scopes())
    if unknown:
        raise _bad(f"Unknown scopes: {', '.join(unknown)}.")
    return list(dict.fromkeys(value))


def _redirect_uris(value: Any) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(u, str) for u in value):
        raise _bad("'redirect_uris' must be a list of URLs.")
    for uri in value:
        parts = urlsplit(uri)
        if parts.scheme not in ("http", "https") or not parts.netloc or parts.fragment:
            raise _bad(f"Invalid redirect URI: {uri} (absolute http(s) URL without fragment).")
    return list(dict.fromkeys(value))


# -- apps --------------------------------------------------------------------------------------
def _app_or_404(tx: Tx, client_id: str) -> dict[str, Any]:
    doc = apps.app_by_client_id(tx, client_id)
    if doc is None:
        raise ControlError(404, f"App not found: {client_id}.")
    return doc


def create_app(app: App, tx: Tx, body: dict[str, Any]) -> dict[str, Any]:
    app_type = body.get("type", body.get("app_type"))
    if app_type not in apps.APP_TYPES:
        raise _bad(f"'type' must be one of: {', '.join(apps.APP_TYPES)}.")
    account_id = body.get("account_id") or app.settings.account_id
    account = tx.get("account", str(account_id), str(account_id))
    if account is None:
        raise ControlError(404, f"Account does not exist: {account_id}.")
    scopes = _scopes(body["scopes"]) if "scopes" in body else default_scopes(app_type)
    redirect_uris = _redirect_uris(body.get("redirect_uris", []))
    if app_type in apps.AUTHORIZATION_CODE_TYPES and not redirect_uris:
        raise _bad("OAuth apps need at least one redirect URI ('redirect_uris').")
    client_id = body.get("client_id") or apps.new_client_id()
    secret = body.get("client_secret") or apps.new_client_secret()
    if not isinstance(client_id, str) or not isinstance(secret, str):
        raise _bad("'client_id' and 'client_secret' must be strings.")
    name = body.get("name") or f"{apps.APP_TYPE_NAMES[app_type]} app"
    try:
        doc = apps.create_app(
            tx,
            app_id="app_" + ids.secret_token()[:16],
            account_id=str(account_id),
            client_id=client_id,
            client_secret=secret,
            app_type=app_type,
            name=str(name),
            scopes=scopes,
            created_at=app.clock.now_iso(),
            redirect_uris=redirect_uris,
            owner_user_id=str(account.get("owner_id", "")),
        )
    except Conflict:
        raise ControlError(409, f"Client ID already in use: {client_id}.") from None
    return apps.public_app(doc)


def update_app(app: App, tx: Tx, client_id: str, body: dict[str, Any]) -> dict[str, Any]:
    doc = _app_or_404(tx, client_id)
    if "name" in body:
        doc["name"] = str(body["name"])
    if "scopes" in body:
        doc["scopes"] = _scopes(body["scopes"])
    if "redirect_uris" in body:
        doc["redirect_uris"] = _redirect_uris(body["redirect_uris"])
    if body.get("rotate_secret"):
        doc["client_secret"] = apps.new_client_secret()
    if "active" in body:
        if not isinstance(body["active"], bool):
            raise _bad("'active' must be true or false.")
        if doc.get("active", True) and not body["active"]:
            # A deactivated app's tokens stop working, as on Zoom.
            authorizations.revoke_app(tx, doc)
        doc["active"] = body["active"]
    apps.save_app(tx, doc)
    return apps.public_app(doc)


def delete_app(app: App, tx: Tx, client_id: str) -> None:
    doc = _app_or_404(tx, client_id)
    if doc["client_id"] == app.settings.client_id:
        raise _bad("The developer app is configured by settings and cannot be deleted.")
    authorizations.revoke_app(tx, doc)
    apps.delete_app(tx, doc)


# -- accounts ----------------------------------------------------------------------------------
def account_view(doc: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": doc["id"],
        "account_name": doc.get("account_name", ""),
        "account_number": doc.get("account_number"),
        "account_type": doc.get("account_type", ""),
        "owner_id": doc.get("owner_id", ""),
        "owner_email": doc.get("owner_email", ""),
        "is_master": bool(doc.get("is_master")),
        "master_account_id": doc.get("master_account_id", ""),
        "created_at": doc.get("created_at", ""),
    }


def create_account(app: App, tx: Tx, body: dict[str, Any]) -> dict[str, Any]:
    email = body.get("owner_email")
    if not isinstance(email, str) or "@" not in email:
        raise _bad("'owner_email' is required.")
    plan = normalize_plan(str(body.get("plan") or "business_plus"))
    if plan is None:
        raise _bad(f"'plan' must be one of: {', '.join(PLAN_NAMES)}.")
    master_id = str(body.get("master_account_id") or "")
    if master_id:
        master = tx.get("account", master_id, master_id)
        if master is None or not master.get("is_master"):
            raise ControlError(404, f"Master account does not exist: {master_id}.")
    account_id = str(body.get("id") or ids.b64url_id())
    if tx.get("account", account_id, None) is not None:
        raise ControlError(409, f"Account already exists: {account_id}.")
    password = str(body.get("owner_password") or app.settings.owner_password)
    try:
        doc, _ = accounts.create_account(
            tx,
            accounts.NewAccount(
                owner_email=email,
                password=password,
                now=app.clock.now_iso(),
                base_url=app.settings.base_url,
                plan=plan,
                account_type=ACCOUNT_TYPES[plan],
                first_name=str(body.get("owner_first_name") or "Account"),
                last_name=str(body.get("owner_last_name") or "Owner"),
                account_name=str(body.get("account_name") or ""),
                account_id=account_id,
                is_master=bool(body.get("is_master", False)),
                master_account_id=master_id,
            ),
        )
    except errors.ZoomError as exc:
        raise ControlError(409, exc.message) from None
    policies.save(tx, account_id, {"plan": plan})
    out = account_view(doc)
    out["owner_password"] = password
    out["app"] = None
    if body.get("s2s_app", True):
        out["app"] = create_app(app, tx, {"type": apps.S2S, "account_id": account_id})
    return out


def _account_or_404(tx: Tx, account_id: str) -> dict[str, Any]:
    doc = tx.get("account", account_id, account_id)
    if doc is None:
        raise ControlError(404, f"Account does not exist: {account_id}.")
    return doc


# -- rate limits -------------------------------------------------------------------------------
def _overrides(value: Any) -> dict[str, dict[str, Any]]:
    if not isinstance(value, dict):
        raise _bad("'overrides' must be an object keyed by label.")
    out: dict[str, dict[str, Any]] = {}
    for label, change in value.items():
        if label not in LABELS:
            raise _bad(f"Unknown rate-limit label: {label} ({', '.join(LABELS)}).")
        if not isinstance(change, dict) or not set(change) <= {
            "per_second",
            "per_minute",
            "per_day",
        }:
            raise _bad(f"'{label}' takes per_second or per_minute, and per_day.")
        for key, amount in change.items():
            if amount is None and key == "per_day":
                continue
            if isinstance(amount, bool) or not isinstance(amount, int) or amount < 0:
                raise _bad(f"'{label}.{key}' must be a non-negative integer.")
        out[label] = dict(change)
    return out


def rate_limits_view(app: App, tx: Tx, account_id: str) -> dict[str, Any]:
    _account_or_404(tx, account_id)
    pol = policies.load(tx, account_id)
    out = pol.to_json()
    out["server_enabled"] = app.limiter.enabled
    out["usage"] = app.limiter.usage(tx, pol, app.clock.now_ms())
    return out


def change_rate_limits(
    app: App, tx: Tx, account_id: str, body: dict[str, Any], replace: bool
) -> dict[str, Any]:
    _account_or_404(tx, account_id)
    settings = {} if replace else policies.stored_settings(tx, account_id)
    if "plan" in body:
        plan = normalize_plan(str(body["plan"] or ""))
        if plan is None:
            raise _bad(f"'plan' must be one of: {', '.join(PLAN_NAMES)}.")
        settings["plan"] = plan
    if "enabled" in body:
        if not isinstance(body["enabled"], bool):
            raise _bad("'enabled' must be true or false.")
        settings["enabled"] = body["enabled"]
    if "overrides" in body:
        if body["overrides"] is None:
            settings["overrides"] = {}
        else:
            merged = {} if replace else dict(settings.get("overrides") or {})
            merged.update(_overrides(body["overrides"]))
            settings["overrides"] = merged
    policies.save(tx, account_id, settings)
    app.limiter.forget(account_id)
    return rate_limits_view(app, tx, account_id)


# -- routing -----------------------------------------------------------------------------------
Work = Callable[[Tx], Any]


async def _run(app: App, work: Work, status: int = 200) -> Response:
    def job() -> Response:
        try:
            with app.store.transaction() as tx:
                result = work(tx)
        except ControlError as exc:
            return exc.response()
        if result is None:
            return Response.empty(204)
        return Response.json(result, status)

    return await app.store.run(job)


def register(app: App) -> None:
    r = app.route

    @r("GET", APPS)
    async def list_apps(app: App, req: Request, _: list[str]) -> Response:
        account = req.query.get("account_id") or None
        return await _run(
            app, lambda tx: {"apps": [apps.public_app(d) for d in apps.list_apps(tx, account)]}
        )

    @r("POST", APPS)
    async def post_app(app: App, req: Request, _: list[str]) -> Response:
        try:
            body = _body(req)
        except ControlError as exc:
            return exc.response()
        return await _run(app, lambda tx: create_app(app, tx, body), 201)

    @r("GET", APPS + "/{clientId}")
    async def get_app(app: App, req: Request, values: list[str]) -> Response:
        return await _run(app, lambda tx: apps.public_app(_app_or_404(tx, values[0])))

    @r("PATCH", APPS + "/{clientId}")
    async def patch_app(app: App, req: Request, values: list[str]) -> Response:
        try:
            body = _body(req)
        except ControlError as exc:
            return exc.response()
        return await _run(app, lambda tx: update_app(app, tx, values[0], body))

    @r("DELETE", APPS + "/{clientId}")
    async def remove_app(app: App, req: Request, values: list[str]) -> Response:
        return await _run(app, lambda tx: delete_app(app, tx, values[0]))

    @r("GET", ACCOUNTS)
    async def list_accounts(app: App, req: Request, _: list[str]) -> Response:
        return await _run(
            app, lambda tx: {"accounts": [account_view(d) for d in tx.find("account", None)]}
        )

    @r("POST", ACCOUNTS)
    async def post_account(app: App, req: Request, _: list[str]) -> Response:
        try:
            body = _body(req)
        except ControlError as exc:
            return exc.response()
        return await _run(app, lambda tx: create_account(app, tx, body), 201)

    @r("GET", ACCOUNTS + "/{accountId}")
    async def get_account(app: App, req: Request, values: list[str]) -> Response:
        return await _run(app, lambda tx: account_view(_account_or_404(tx, values[0])))

    @r("GET", ACCOUNTS + "/{accountId}/rate_limits")
    async def get_limits(app: App, req: Request, values: list[str]) -> Response:
        return await _run(app, lambda tx: rate_limits_view(app, tx, values[0]))

    for method, replace in (("PATCH", False), ("PUT", True)):

        async def set_limits(
            app: App, req: Request, values: list[str], replace: bool = replace
        ) -> Response:
            try:
                body = _body(req)
            except ControlError as exc:
                return exc.response()
            return await _run(app, lambda tx: change_rate_limits(app, tx, values[0], body, replace))

        r(method, ACCOUNTS + "/{accountId}/rate_limits")(set_limits)
