"""OAuth apps: each belongs to an account and has a client ID, secret and scopes."""

from __future__ import annotations

from typing import Any

from zoomstack.store import Tx

KIND = "oauth_app"
NS_CLIENT = "client_id"


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
