"""Authorizations made on the consent page: codes, grants and rotating refresh tokens.

A user's approval creates a one-time code (5 minutes on the server clock). Exchanging it creates
a grant — the lasting authorization of one app by one user — and the grant's first access and
refresh tokens. Every refresh replaces the refresh token (the old one stops working at once)
and issues a new access token. Revoking any token of a grant revokes the grant: its refresh
token and all its access tokens.

Codes and refresh tokens are credentials: they are drawn from `secrets` (never from the
seedable ID generator) and stored only as SHA-256 hashes.
"""

from __future__ import annotations

import base64
import secrets
from typing import Any

from zoomstack import jsonutil
from zoomstack.oauth import tokens
from zoomstack.store import Tx

CODE_KIND = "oauth_code"
GRANT_KIND = "oauth_grant"
REFRESH_KIND = "oauth_refresh"
CODE_TTL_MS = 5 * 60 * 1000
DAY_MS = 86_400_000


def new_code() -> str:
    # Zoom's codes are ~34 URL-safe characters.
    return secrets.token_urlsafe(24)


def create_code(
    tx: Tx,
    *,
    app: dict[str, Any],
    user: dict[str, Any],
    redirect_uri: str,
    challenge: str,
    method: str,
    now_ms: int,
) -> str:
    code = new_code()
    doc = {
        "app_id": app["id"],
        "client_id": app["client_id"],
        "user_id": user["id"],
        "redirect_uri": redirect_uri,
        "code_challenge": challenge,
        "code_challenge_method": method,
        "expires_ms": now_ms + CODE_TTL_MS,
    }
    tx.insert(CODE_KIND, tokens.token_hash(code), app["account_id"], doc, sort=str(now_ms))
    return code


def take_code(tx: Tx, code: str) -> tuple[dict[str, Any], str] | None:
    """The code's document and account; the code is spent by looking (single use)."""
    key = tokens.token_hash(code)
    found = tx.get_with_account(CODE_KIND, key)
    # The delete decides between concurrent exchanges of one code: only one removes it.
    if found is None or not tx.delete(CODE_KIND, key):
        return None
    return found


def supersede(tx: Tx, app: dict[str, Any], account_id: str, user_id: str) -> None:
    """A new approval replaces the user's earlier authorization of the same app (Zoom keeps
    one per user and app; the old refresh token is then revoked)."""
    for grant in tx.find(GRANT_KIND, account_id, parent=app["id"]):
        if grant["user_id"] == user_id:
            revoke_grant(tx, grant["id"], account_id)


def create_grant(
    tx: Tx,
    *,
    app: dict[str, Any],
    account_id: str,
    user: dict[str, Any],
    kind: str,
    public: bool,
    now_ms: int,
) -> dict[str, Any]:
    grant_id = "g_" + secrets.token_hex(12)
    doc = {
        "id": grant_id,
        "app_id": app["id"],
        "client_id": app["client_id"],
        "user_id": user["id"],
        "user_email": user["email"],
        "kind": kind,
        "scopes": list(app.get("scopes") or []),
        "public": public,
        "created_ms": now_ms,
    }
    tx.insert(GRANT_KIND, grant_id, account_id, doc, parent=app["id"], sort=str(now_ms))
    return doc


def get_grant(tx: Tx, grant_id: str) -> tuple[dict[str, Any], str] | None:
    return tx.get_with_account(GRANT_KIND, grant_id)


def _refresh_string() -> str:
    header = base64.urlsafe_b64encode(jsonutil.dumps({"alg": "HS512", "v": "2.0"}))
    return f"{header.rstrip(b'=').decode()}.{secrets.token_urlsafe(96)}.{secrets.token_urlsafe(48)}"


def issue_tokens(
    tx: Tx,
    *,
    app: dict[str, Any],
    grant: dict[str, Any],
    account_id: str,
    is_master: bool,
    now_ms: int,
    refresh_days: int,
) -> tuple[str, int, str]:
    """A new access token and refresh token for the grant: (access, expires_in, refresh)."""
    access, expires_in = tokens.issue(
        tx,
        app=app,
        account_id=account_id,
        user_id=grant["user_id"],
        user_email=grant["user_email"],
        kind=grant["kind"],
        scopes=list(grant["scopes"]),
        now_ms=now_ms,
        is_master=is_master,
        grant_id=grant["id"],
    )
    refresh = _refresh_string()
    tx.insert(
        REFRESH_KIND,
        tokens.token_hash(refresh),
        account_id,
        {
            "grant_id": grant["id"],
            "app_id": app["id"],
            "expires_ms": now_ms + refresh_days * DAY_MS,
        },
        parent=grant["id"],
        sort=str(now_ms),
    )
    return access, expires_in, refresh


def spend_refresh(tx: Tx, refresh: str) -> bool:
    """Retire a refresh token (rotation); False if a concurrent refresh already did."""
    return tx.delete(REFRESH_KIND, tokens.token_hash(refresh))


def find_refresh(tx: Tx, refresh: str) -> tuple[dict[str, Any], str] | None:
    return tx.get_with_account(REFRESH_KIND, tokens.token_hash(refresh))


def revoke_grant(tx: Tx, grant_id: str, account_id: str) -> None:
    tx.delete_children(REFRESH_KIND, account_id, grant_id)
    tokens.revoke_children(tx, account_id, grant_id)
    tx.delete(GRANT_KIND, grant_id)


def revoke_app(tx: Tx, app: dict[str, Any]) -> None:
    """Everything an app was ever given: grants, refresh tokens, access tokens."""
    account_id = app["account_id"]
    for grant in tx.find(GRANT_KIND, account_id, parent=app["id"]):
        revoke_grant(tx, grant["id"], account_id)
    tokens.revoke_children(tx, account_id, app["id"])
