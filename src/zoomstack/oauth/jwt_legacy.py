"""Legacy JWT apps (2017-2023): the app signs its own HS256 token with its API secret.

Header `{"alg":"HS256","typ":"JWT"}`, payload `{"iss": <API key>, "exp": ...}`; `exp` is in
seconds, or in milliseconds when larger than 10^12 (Zoom's own 2017 sample used milliseconds).
Such a token acts for the whole account of its app, as JWT apps did, with every account-level
scope. Only reached when settings.legacy_auth is on (today's Zoom rejects JWT app tokens).
"""

from __future__ import annotations

import base64
import binascii
import functools
import hashlib
import hmac
from typing import Any

from zoomstack import errors, jsonutil
from zoomstack.oauth import apps
from zoomstack.principal import Principal
from zoomstack.store import Tx

MS_THRESHOLD = 10**12


def _b64decode(part: str) -> bytes:
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


def b64encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def sign(claims: dict[str, Any], secret: str) -> str:
    """An HS256 JWT (used by tests and by `zoomstack apps` to print a sample token)."""
    header = b64encode(jsonutil.dumps({"alg": "HS256", "typ": "JWT"}))
    payload = b64encode(jsonutil.dumps(claims))
    mac = hmac.new(secret.encode(), f"{header}.{payload}".encode(), hashlib.sha256).digest()
    return f"{header}.{payload}.{b64encode(mac)}"


def _invalid() -> errors.ZoomError:
    return errors.ZoomError(401, 124, "Invalid access token.")


def decode(token: str) -> tuple[dict[str, Any], dict[str, Any], bytes, str]:
    """(header, claims, signature, signed part) of a compact JWT; 401 when malformed."""
    parts = token.split(".")
    if len(parts) != 3:
        raise _invalid()
    try:
        header = jsonutil.loads(_b64decode(parts[0]))
        claims = jsonutil.loads(_b64decode(parts[1]))
        signature = _b64decode(parts[2])
    except (binascii.Error, ValueError, UnicodeDecodeError):
        raise _invalid() from None
    if not isinstance(header, dict) or not isinstance(claims, dict):
        raise _invalid()
    return header, claims, signature, f"{parts[0]}.{parts[1]}"


def expiry_ms(exp: Any) -> int:
    if isinstance(exp, bool) or not isinstance(exp, int | float):
        raise _invalid()
    return int(exp) if exp > MS_THRESHOLD else int(exp * 1000)


@functools.cache
def _account_scopes() -> tuple[str, ...]:
    from zoomstack.bootstrap import dev_app_scopes

    return tuple(dev_app_scopes())


def principal(tx: Tx, token: str, now_ms: int) -> Principal:
    header, claims, signature, signed = decode(token)
    if header.get("alg") != "HS256":
        raise _invalid()
    api_key = claims.get("iss")
    app = apps.app_by_client_id(tx, api_key) if isinstance(api_key, str) and api_key else None
    if app is None or app["app_type"] != apps.JWT or not app.get("active", True):
        raise _invalid()
    expected = hmac.new(app["client_secret"].encode(), signed.encode(), hashlib.sha256).digest()
    if not hmac.compare_digest(expected, signature):
        raise _invalid()
    expires = expiry_ms(claims.get("exp"))
    if expires <= now_ms:
        raise errors.ZoomError(401, 124, "Access token is expired.")
    account_id = app["account_id"]
    account = tx.get("account", account_id, account_id) or {}
    owner = tx.get("user", account.get("owner_id", ""), account_id) or {}
    return Principal(
        account_id=account_id,
        app_id=app["id"],
        client_id=app["client_id"],
        kind="jwt",
        scopes=frozenset(_account_scopes()),
        expires_ms=expires,
        user_id=str(owner.get("id", "")),
        user_email=str(owner.get("email", "")),
        is_master=bool(account.get("is_master")),
    )
