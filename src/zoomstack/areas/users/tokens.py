"""User tokens: ZAKs (JWTs that start meetings), on-behalf tokens, legacy Zoom tokens (zpk).

ZAKs are HS256 JWTs in Zoom's shape, signed with a per-server secret kept in the store's meta
table, so any process can verify them without storing each one. Revoking a user's SSO token
invalidates every ZAK issued to that user before the revocation.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from typing import Any

from zoomstack import errors, ids, jsonutil
from zoomstack.areas.users import service
from zoomstack.context import Ctx
from zoomstack.store import Tx

ZPK_KIND = "user_zpk"
ZAK_SECRET_KEY = "users.zak_secret"
ZAK_TTL_S = 7200
ME_ZAK_TTL_S = 300
# API users (custCreate): 90 days.
API_USER_ZAK_TTL_S = 90 * 24 * 3600
MAX_TTL_S = 365 * 24 * 3600
LEGACY_TOKEN_TTL_S = 14 * 24 * 3600
TOKEN_TYPES = ("token", "zak", "onbehalf")


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _secret(tx: Tx) -> bytes:
    secret = tx.meta_get(ZAK_SECRET_KEY)
    if secret is None:
        # Insert-if-absent, then re-read: concurrent processes agree on the first secret.
        tx.execute(
            "INSERT INTO meta (k, v) VALUES (?, ?) ON CONFLICT (k) DO NOTHING",
            (ZAK_SECRET_KEY, ids.secret_token()),
        )
        secret = tx.meta_get(ZAK_SECRET_KEY) or ""
    return secret.encode()


def default_zak_ttl(user: dict[str, Any]) -> int:
    return API_USER_ZAK_TTL_S if service.is_cust_create(user) else ZAK_TTL_S


def _jwt(tx: Tx, claims: dict[str, Any]) -> str:
    header = {"typ": "JWT", "sv": "000001", "zm_skm": "zm_o2m", "alg": "HS256"}
    signing_input = f"{_b64(jsonutil.dumps(header))}.{_b64(jsonutil.dumps(claims))}"
    signature = hmac.new(_secret(tx), signing_input.encode(), hashlib.sha256).digest()
    return f"{signing_input}.{_b64(signature)}"


def issue_zak(
    ctx: Ctx, user: dict[str, Any], ttl_s: int | None = None, meeting_number: str = ""
) -> str:
    """A ZAK for the user; default lifetime 2 hours, 90 days for custCreate users."""
    iat = ctx.clock.now_s()
    claims: dict[str, Any] = {
        "aud": "clientsm",
        "uid": user["id"],
        "iss": "web",
        "sk": "0",
        "sty": 99 if service.is_cust_create(user) else 100,
        "wcd": "us01",
        "clt": 0,
    }
    if meeting_number:
        claims["mnum"] = meeting_number
    claims.update(
        {
            "exp": iat + (ttl_s or default_zak_ttl(user)),
            "iat": iat,
            "aid": user["account_id"],
            "cid": "",
        }
    )
    return _jwt(ctx.tx, claims)


def verify_zak(tx: Tx, token: str, now_ms: int) -> dict[str, Any] | None:
    """The claims of a valid, unexpired, unrevoked ZAK; None otherwise."""
    try:
        head, body, sig = token.split(".")
        expected = hmac.new(_secret(tx), f"{head}.{body}".encode(), hashlib.sha256).digest()
        if not hmac.compare_digest(expected, _unb64(sig)):
            return None
        claims = jsonutil.loads(_unb64(body))
    except (ValueError, jsonutil.JSONDecodeError):
        return None
    if not isinstance(claims, dict) or int(claims.get("exp", 0)) * 1000 <= now_ms:
        return None
    user = tx.get(service.KIND, str(claims.get("uid")), None)
    if user is None:
        return None
    # Compared in whole seconds: a ZAK issued right after a revocation stays valid.
    if int(claims.get("iat", 0)) < int(user.get("_tokens_revoked_ms") or 0) // 1000:
        return None
    return claims


def user_token(ctx: Ctx, user: dict[str, Any]) -> dict[str, Any]:
    kind = ctx.q_enum("type", TOKEN_TYPES, "token")
    ttl = ctx.q_int("ttl")
    if ttl is not None and not (0 < ttl <= MAX_TTL_S):
        raise errors.field_error("ttl", "Invalid parameter: ttl.")
    if kind == "zak":
        return {"token": issue_zak(ctx, user, ttl)}
    if kind == "onbehalf":
        return {"token": issue_zak(ctx, user, ttl or ZAK_TTL_S, ctx.q("meeting_id"))}
    return {"token": _legacy_token(ctx, user)}


def me_zak(ctx: Ctx) -> dict[str, Any]:
    user = ctx.tx.get(service.KIND, ctx.principal.user_id, ctx.account_id)
    if user is None:
        raise errors.bad_request(1001, "User not exist.")
    return {"token": issue_zak(ctx, user, ME_ZAK_TTL_S)}


def _legacy_token(ctx: Ctx, user: dict[str, Any]) -> str:
    token = ids.token_urlsafe(36)
    now = ctx.clock.now_ms()
    ctx.tx.insert(
        ZPK_KIND,
        hashlib.sha256(token.encode()).hexdigest(),
        user["account_id"],
        {"user_id": user["id"], "expires_ms": now + LEGACY_TOKEN_TTL_S * 1000},
        parent=user["id"],
        sort=str(now),
    )
    return token


def check_zpk(ctx: Ctx) -> dict[str, Any]:
    zpk = ctx.q("zpk").strip()
    doc = ctx.tx.get(ZPK_KIND, hashlib.sha256(zpk.encode()).hexdigest(), ctx.account_id)
    now = ctx.clock.now_ms()
    if not zpk or doc is None or int(doc["expires_ms"]) <= now:
        raise errors.field_error("zpk", "Invalid parameter: zpk.")
    return {"expire_in": (int(doc["expires_ms"]) - now) // 1000}


def revoke_sso_token(ctx: Ctx, user: dict[str, Any]) -> None:
    """Sign the user out everywhere: earlier ZAKs and legacy tokens stop working."""
    user["_tokens_revoked_ms"] = ctx.clock.now_ms()
    service.save(ctx.tx, user)
    ctx.tx.delete_children(ZPK_KIND, user["account_id"], user["id"])
    ctx.emit(
        "user.updated",
        {"id": user["id"]},
        operation="sign_out_from_all_devices",
        time_stamp=ctx.clock.now_ms(),
    )


def forget_user(tx: Tx, user: dict[str, Any]) -> None:
    tx.delete_children(ZPK_KIND, user["account_id"], user["id"])
