"""OAuth apps: each belongs to an account and has a client ID, secret and scopes.

Kinds (`app_type`), as Zoom's Marketplace has them:

- `s2s`      Server-to-Server OAuth: `account_credentials` tokens acting for the account;
- `user`     user-managed OAuth: `authorization_code` tokens acting as the user who approved;
- `account`  admin-managed OAuth: `authorization_code` approved by an admin, acting account-wide;
- `chatbot`  Team Chat bot: `client_credentials` tokens (scope `imchat:bot`);
- `jwt`      legacy JWT app (2017-2023): the client ID is the API key and the secret the API
             secret that signs the app's own HS256 tokens (only with settings.legacy_auth).
"""

from __future__ import annotations

import secrets
import string
from typing import Any

from zoomstack.store import Tx

KIND = "oauth_app"
NS_CLIENT = "client_id"

S2S, USER, ACCOUNT, CHATBOT, JWT = "s2s", "user", "account", "chatbot", "jwt"
APP_TYPES = (S2S, USER, ACCOUNT, CHATBOT, JWT)
# Kinds that go through the consent page.
AUTHORIZATION_CODE_TYPES = (USER, ACCOUNT)
APP_TYPE_NAMES = {
    S2S: "Server-to-Server OAuth",
    USER: "OAuth (user-managed)",
    ACCOUNT: "OAuth (admin-managed)",
    CHATBOT: "Chatbot",
    JWT: "JWT (legacy)",
}
_ALNUM = string.ascii_letters + string.digits


def new_client_id() -> str:
    """22 characters like Zoom's client IDs (never seeded: they are credentials)."""
    return "".join(secrets.choice(_ALNUM) for _ in range(22))


def new_client_secret() -> str:
    return "".join(secrets.choice(_ALNUM) for _ in range(32))


def create_app(
    tx: Tx,
    *,
    app_id: str,
    account_id: str,
    client_id: str,
    client_secret: str,
    app_type: str,
    name: str,
    scopes: list[str],
    created_at: str,
    redirect_uris: list[str] | None = None,
    owner_user_id: str = "",
) -> dict[str, Any]:
    doc = {
        "id": app_id,
        "account_id": account_id,
        "client_id": client_id,
        "client_secret": client_secret,
        "app_type": app_type,
        "name": name,
        "scopes": scopes,
        "redirect_uris": redirect_uris or [],
        "owner_user_id": owner_user_id,
        "created_at": created_at,
        "active": True,
    }
    tx.key_put(NS_CLIENT, client_id, app_id)
    tx.insert(KIND, app_id, account_id, doc, sort=created_at)
    return doc


def app_by_client_id(tx: Tx, client_id: str) -> dict[str, Any] | None:
    app_id = tx.key_get(NS_CLIENT, client_id)
    if app_id is None:
        return None
    return tx.get(KIND, app_id, None)


def list_apps(tx: Tx, account_id: str | None = None) -> list[dict[str, Any]]:
    return tx.find(KIND, account_id)


def save_app(tx: Tx, doc: dict[str, Any]) -> None:
    tx.update(KIND, doc["id"], doc)


def delete_app(tx: Tx, doc: dict[str, Any]) -> None:
    tx.key_delete(NS_CLIENT, doc["client_id"])
    tx.delete(KIND, doc["id"])


def public_app(doc: dict[str, Any]) -> dict[str, Any]:
    """The control API's view of an app (secrets included: it is a development server)."""
    return {
        "client_id": doc["client_id"],
        "client_secret": doc["client_secret"],
        "account_id": doc["account_id"],
        "type": doc["app_type"],
        "type_name": APP_TYPE_NAMES.get(doc["app_type"], doc["app_type"]),
        "name": doc["name"],
        "scopes": list(doc.get("scopes") or []),
        "redirect_uris": list(doc.get("redirect_uris") or []),
        "active": bool(doc.get("active", True)),
        "created_at": doc.get("created_at", ""),
    }
