"""Access tokens: issued into the store, checked at the edge through a short-lived cache.

A token is a JWT-shaped opaque string (Zoom's are JWT-shaped; clients must not parse them).
The store keeps only its SHA-256, so a leaked database does not leak usable tokens.
"""

from __future__ import annotations

import base64
import hashlib
import time
from typing import Any

from zoomstack import errors, ids, jsonutil
from zoomstack.oauth import jwt_legacy
from zoomstack.principal import Principal
from zoomstack.store import Tx

KIND = "oauth_token"
ACCESS_TTL_S = 3599
# A cached token check is trusted this long (real seconds) before the store is asked again,
# so a revocation or reset made by another process takes effect within this window.
CACHE_TTL_S = 2.0

_cache: dict[str, tuple[Principal, float]] = {}
# The `type` claim by token kind (S2S tokens carry 3, as Zoom's do).
_TOKEN_TYPES = {"s2s": 3, "user": 0, "account": 0, "chatbot": 1}


def _b64(data: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(jsonutil.dumps(data)).rstrip(b"=").decode()


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue(
    tx: Tx,
    *,
    app: dict[str, Any],
    account_id: str,
    user_id: str,
    user_email: str,
    kind: str,
    scopes: list[str],
    now_ms: int,
    is_master: bool = False,
    ttl_s: int = ACCESS_TTL_S,
    grant_id: str = "",
) -> tuple[str, int]:
    """Create an access token; returns (token, expires_in seconds).

    Tokens of an authorization (`grant_id`: an authorization-code grant and its refreshes) are
    its children, so revoking the authorization finds them all.
    """
    iat = now_ms // 1000
    header = {"alg": "HS512", "v": "2.0", "kid": ids.hex_id(8)}
    claims = {
        "aud": "https://oauth.zoom.us",
        "uid": user_id,
        "ver": 10,
        "auid": ids.hex_id(16),
        "nbf": iat,
        "code": ids.token_urlsafe(16),
        "iss": f"zm:cid:{app['client_id']}",
        "gno": 0,
        "exp": iat + ttl_s,
        "type": _TOKEN_TYPES.get(kind, 0),
        "iat": iat,
        "aid": account_id,
    }
    token = f"{_b64(header)}.{_b64(claims)}.{ids.token_urlsafe(64)}"
    doc = {
        "app_id": app["id"],
        "client_id": app["client_id"],
        "kind": kind,
        "user_id": user_id,
        "user_email": user_email,
        "scopes": scopes,
        "is_master": is_master,
        "issued_ms": now_ms,
        "expires_ms": now_ms + ttl_s * 1000,
        "revoked": False,
        "grant_id": grant_id,
    }
    tx.insert(
        KIND, token_hash(token), account_id, doc, parent=grant_id or app["id"], sort=str(now_ms)
    )
    return token, ttl_s


def _principal(doc: dict[str, Any], account_id: str) -> Principal:
    return Principal(
        account_id=account_id,
        app_id=doc["app_id"],
        client_id=doc["client_id"],
        kind=doc["kind"],
        scopes=frozenset(doc["scopes"]),
        expires_ms=int(doc["expires_ms"]),
        user_id=doc["user_id"],
        user_email=doc["user_email"],
        is_master=bool(doc.get("is_master")),
    )


def cached(token: str, now_ms: int) -> Principal | None:
    """A recent successful check of this token, if still fresh and unexpired."""
    hit = _cache.get(token)
    if hit is None:
        return None
    principal, at = hit
    if time.monotonic() - at > CACHE_TTL_S:
        return None
    if principal.expires_ms <= now_ms:
        raise errors.ZoomError(401, 124, "Access token is expired.")
    return principal


def check(tx: Tx, token: str, now_ms: int, legacy: bool = False) -> Principal:
    """The caller behind an access token (or, with `legacy`, a 2017-era JWT app token)."""
    found = tx.get_with_account(KIND, token_hash(token))
    if found is None:
        if legacy:
            principal = jwt_legacy.principal(tx, token, now_ms)
            _remember(token, principal)
            return principal
        raise errors.ZoomError(401, 124, "Invalid access token.")
    doc, account_id = found
    if doc.get("revoked"):
        raise errors.ZoomError(401, 124, "Invalid access token.")
    if int(doc["expires_ms"]) <= now_ms:
        raise errors.ZoomError(401, 124, "Access token is expired.")
    principal = _principal(doc, account_id)
    _remember(token, principal)
    return principal


def _remember(token: str, principal: Principal) -> None:
    if len(_cache) > 10_000:
        _cache.clear()
    _cache[token] = (principal, time.monotonic())


def forget_all() -> None:
    _cache.clear()


def lookup(tx: Tx, token: str) -> tuple[dict[str, Any], str] | None:
    """The stored access token (document, account) for a token string."""
    return tx.get_with_account(KIND, token_hash(token))


def revoke(tx: Tx, token: str) -> bool:
    _cache.pop(token, None)
    found = tx.get_with_account(KIND, token_hash(token))
    if found is None:
        return False
    doc, _ = found
    doc["revoked"] = True
    tx.update(KIND, token_hash(token), doc)
    return True


def revoke_children(tx: Tx, account_id: str, parent: str, app_id: str | None = None) -> int:
    """Revoke the access tokens of an authorization (or of an app when `parent` is its id).

    Tokens are only known here by their hashes, so the whole process cache is dropped: the
    next request of every token is checked against the store again.
    """
    count = 0
    for doc_id, doc in _children(tx, account_id, parent):
        if doc.get("revoked") or (app_id is not None and doc.get("app_id") != app_id):
            continue
        doc["revoked"] = True
        tx.update(KIND, doc_id, doc)
        count += 1
    forget_all()
    return count


def _children(tx: Tx, account_id: str, parent: str) -> list[tuple[str, dict[str, Any]]]:
    rows = tx.fetchall(
        "SELECT id, data FROM docs WHERE kind = ? AND account_id = ? AND parent_id = ?",
        (KIND, account_id, parent),
    )
    return [(str(r[0]), dict(jsonutil.loads(r[1]))) for r in rows]
