"""Credentials for recording downloads, all signed with one server secret (meta
`recording_secret`), so any server process verifies what another issued and nothing is stored:

- download tokens: JWT-shaped (HS256), for one recorded instance (`mid` = its UUID) of one
  account, with `exp` on the server clock. The `download_access_token` of
  `GET /meetings/{id}/recordings?include_fields=download_access_token` (lifetime `ttl`, default
  24 h) and the `download_token` of `recording.completed` (24 h) are both of this kind;
- file URLs: the short-lived signed URL a download redirects to (`Expires`, `Signature`).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from typing import TYPE_CHECKING, Any

from zoomstack import ids, jsonutil

if TYPE_CHECKING:
    from zoomstack.store import Tx

META_KEY = "recording_secret"
DEFAULT_TTL_S = 24 * 3600
MAX_TTL_S = 604_800
FILE_URL_TTL_S = 10 * 60
_HEADER = {"typ": "JWT", "alg": "HS256"}


def secret(tx: Tx) -> bytes:
    value = tx.meta_get(META_KEY)
    if value is None:
        value = ids.secret_token()
        tx.meta_put(META_KEY, value)
    return value.encode()


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _sign(key: bytes, data: str) -> str:
    return _b64(hmac.new(key, data.encode(), hashlib.sha256).digest())


def download_token(
    tx: Tx, *, account_id: str, user_id: str, uuid: str, now_ms: int, ttl_s: int
) -> str:
    claims = {
        "iss": "web_zoom_rec",
        "accountId": account_id,
        "aud": "https://oauth.zoom.us",
        "mid": uuid,
        "exp": now_ms // 1000 + ttl_s,
        "userId": user_id,
    }
    head = _b64(jsonutil.dumps(_HEADER)) + "." + _b64(jsonutil.dumps(claims))
    return head + "." + _sign(secret(tx), head)


def check_download_token(tx: Tx, token: str, now_ms: int) -> dict[str, Any] | None:
    """The claims of a valid, unexpired download token; None for anything else."""
    parts = token.split(".")
    if len(parts) != 3:
        return None
    head = parts[0] + "." + parts[1]
    if not hmac.compare_digest(_sign(secret(tx), head), parts[2]):
        return None
    try:
        claims = jsonutil.loads(_unb64(parts[1]))
    except (ValueError, TypeError):
        return None
    if not isinstance(claims, dict) or int(claims.get("exp") or 0) * 1000 <= now_ms:
        return None
    return dict(claims)


def _file_signature(key: bytes, file_id: str, expires_s: int) -> str:
    return _sign(key, f"file:{file_id}:{expires_s}")


def file_query(tx: Tx, file_id: str, now_ms: int) -> str:
    expires = now_ms // 1000 + FILE_URL_TTL_S
    return f"Expires={expires}&Signature={_file_signature(secret(tx), file_id, expires)}"


def check_file_query(tx: Tx, file_id: str, query: dict[str, str], now_ms: int) -> bool:
    raw = query.get("Expires", "")
    if not raw.isdigit() or int(raw) * 1000 <= now_ms:
        return False
    expected = _file_signature(secret(tx), file_id, int(raw))
    return hmac.compare_digest(expected, query.get("Signature", ""))


def url_token() -> str:
    """The opaque part of play/download/share URLs (Zoom's shape: 64 + "." + 16 characters)."""
    return ids.token_urlsafe(48)[:64] + "." + ids.token_urlsafe(12)[:16]
