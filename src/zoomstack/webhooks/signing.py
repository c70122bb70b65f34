"""The bytes Zoom sends and how they are signed.

Bodies are compact JSON, non-ASCII kept raw, `/` not escaped and integral numbers without a
fraction: then both kinds of verifier succeed, those that hash the raw body and those that
hash `JSON.stringify(parsedBody)` (Zoom's own samples do the latter).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from typing import Any

import orjson

USER_AGENT = "Zoom Marketplace/1.0a"
CONTENT_TYPE = "application/json; charset=utf-8"
# JavaScript prints integral numbers below 1e21 without a fraction or exponent.
_JS_INT_LIMIT = 1e21


def _js_numbers(value: Any) -> Any:
    if isinstance(value, float):
        if value.is_integer() and abs(value) < _JS_INT_LIMIT:
            return int(value)
        return value
    if isinstance(value, dict):
        return {k: _js_numbers(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_js_numbers(v) for v in value]
    return value


def body_bytes(envelope: Any) -> bytes:
    return orjson.dumps(_js_numbers(envelope))


def signature(secret: str, timestamp: int | str, body: bytes) -> str:
    message = b"v0:" + str(timestamp).encode() + b":" + body
    return "v0=" + hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def encrypted_token(secret: str, plain_token: str) -> str:
    return hmac.new(secret.encode(), plain_token.encode(), hashlib.sha256).hexdigest()


def plain_token() -> str:
    return secrets.token_urlsafe(16)
