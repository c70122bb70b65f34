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
from zoomstack.principal import Principal
from zoomstack.store import Tx

KIND = "oauth_token"
ACCESS_TTL_S = 3599
# A cached token check is trusted this long (real seconds) before the store is asked again,
# so a revocation or reset made by another process takes effect within this window.
CACHE_TTL_S = 2.0

_cache: dict[str, tuple[Principal, float]] = {}


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
) -> tuple[str, int]:
    """Create an access token; returns (token, expires_in seconds)."""
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
        "type": 3 if kind == "s2s" else 0,
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
    }
    tx.insert(KIND, token_hash(token), account_id, doc, parent=app["id"], sort=str(now_ms))
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


def check(tx: Tx, token: str, now_ms: int) -> Principal:
    found = tx.get_with_account(KIND, token_hash(token))
    if found is None:
        raise errors.ZoomError(401, 124, "Invalid access token.")
    doc, account_id = found
    if doc.get("revoked"):
        raise errors.ZoomError(401, 124, "Invalid access token.")
    if int(doc["expires_ms"]) <= now_ms:
        raise errors.ZoomError(401, 124, "Access token is expired.")
    principal = _principal(doc, account_id)
    if len(_cache) > 10_000:
        _cache.clear()
    _cache[token] = (principal, time.monotonic())
    return principal


def forget_all() -> None:
    _cache.clear()


def revoke(tx: Tx, token: str) -> bool:
    _cache.pop(token, None)
    found = tx.get_with_account(KIND, token_hash(token))
    if found is None:
        return False
    doc, _ = found
    doc["revoked"] = True
    tx.update(KIND, token_hash(token), doc)
    return True
