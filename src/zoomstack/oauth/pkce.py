"""PKCE (RFC 7636): S256 and plain challenges; padded or unpadded base64url both accepted."""

from __future__ import annotations

import base64
import hashlib
import hmac

METHODS = ("S256", "plain")


def normalize_method(method: str) -> str | None:
    """The method as stored, or None if unknown. An absent method means plain."""
    if not method:
        return "plain"
    for known in METHODS:
        if method.lower() == known.lower():
            return known
    return None


def s256(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode("ascii", "replace")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def verify(challenge: str, method: str, verifier: str) -> bool:
    if not verifier:
        return False
    if method == "S256":
        # Some clients send a padded challenge (Zoom's own Postman guide appends "=").
        return hmac.compare_digest(s256(verifier), challenge.rstrip("="))
    return hmac.compare_digest(verifier, challenge)
