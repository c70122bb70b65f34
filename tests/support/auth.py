"""Helpers for the auth tests: accounts, apps, the consent flow over plain HTTP, tokens."""

from __future__ import annotations

import base64
import hashlib
import re
import secrets
import uuid
from dataclasses import dataclass
from html import unescape
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx

from support.server import ServerProcess

REDIRECT = "https://app.example.com/oauth/callback"
PASSWORD = "Secr3tPassw0rd"
USER_PASSWORD = "Passw0rdXyz"


def unique_email(prefix: str = "auth") -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}@example.com"


@dataclass
class Account:
    id: str
    owner_id: str
    owner_email: str
    owner_password: str
    client_id: str
    client_secret: str
    raw: dict[str, Any]


def create_account(server: ServerProcess, **body: Any) -> Account:
    body.setdefault("owner_email", unique_email("owner"))
    body.setdefault("owner_password", PASSWORD)
    with server.control() as control:
        r = control.post("/accounts", json=body)
    assert r.status_code == 201, r.text
    data = r.json()
    app = data.get("app") or {}
    return Account(
        id=data["id"],
        owner_id=data["owner_id"],
        owner_email=data["owner_email"],
        owner_password=data["owner_password"],
        client_id=app.get("client_id", ""),
        client_secret=app.get("client_secret", ""),
        raw=data,
    )


def s2s_token(server: ServerProcess, client_id: str, secret: str, account_id: str) -> str:
    r = httpx.post(
        server.base_url + "/oauth/token",
        params={"grant_type": "account_credentials", "account_id": account_id},
        auth=(client_id, secret),
    )
    assert r.status_code == 200, r.text
    return str(r.json()["access_token"])


def account_token(server: ServerProcess, account: Account) -> str:
    return s2s_token(server, account.client_id, account.client_secret, account.id)


def create_app(server: ServerProcess, **body: Any) -> dict[str, Any]:
    if body.get("type") in ("user", "account"):
        body.setdefault("redirect_uris", [REDIRECT])
    with server.control() as control:
        r = control.post("/apps", json=body)
    assert r.status_code == 201, r.text
    return dict(r.json())


def client(server: ServerProcess, token: str) -> httpx.Client:
    return httpx.Client(
        base_url=server.base_url + "/v2",
        headers={"Authorization": f"Bearer {token}"},
        timeout=30,
    )


def create_user(server: ServerProcess, token: str, email: str | None = None) -> dict[str, Any]:
    """An active member user with a password (autoCreate), in the token's account."""
    email = email or unique_email("member")
    with client(server, token) as api:
        r = api.post(
            "/users",
            json={
                "action": "autoCreate",
                "user_info": {
                    "email": email,
                    "type": 1,
                    "first_name": "Mem",
                    "last_name": "Ber",
                    "password": USER_PASSWORD,
                },
            },
        )
    assert r.status_code == 201, r.text
    return dict(r.json())


# -- PKCE --------------------------------------------------------------------------------------
def verifier() -> str:
    return secrets.token_urlsafe(48)


def s256(value: str, padded: bool = False) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(value.encode()).digest()).decode()
    return digest if padded else digest.rstrip("=")


# -- the consent flow over HTTP ----------------------------------------------------------------
_CONSENT = re.compile(r'name="consent" value="([^"]+)"')


def authorize_params(app: dict[str, Any], **extra: str) -> dict[str, str]:
    params = {
        "response_type": "code",
        "client_id": app["client_id"],
        "redirect_uri": app["redirect_uris"][0],
        "state": "st-" + uuid.uuid4().hex[:8],
    }
    params.update(extra)
    return params


def sign_in(
    server: ServerProcess, params: dict[str, str], email: str, password: str
) -> httpx.Response:
    return httpx.post(
        server.base_url + "/oauth/authorize",
        data={**params, "step": "signin", "email": email, "password": password},
    )


def consent_id(page: httpx.Response) -> str:
    found = _CONSENT.search(page.text)
    assert found, page.text
    return unescape(found.group(1))


def decide(
    server: ServerProcess, params: dict[str, str], consent: str, decision: str
) -> httpx.Response:
    return httpx.post(
        server.base_url + "/oauth/authorize",
        data={**params, "step": "consent", "consent": consent, "decision": decision},
    )


def redirect_query(resp: httpx.Response) -> dict[str, str]:
    assert resp.status_code == 302, resp.text
    query = parse_qs(urlsplit(resp.headers["location"]).query)
    return {k: v[0] for k, v in query.items()}


def obtain_code(
    server: ServerProcess,
    app: dict[str, Any],
    email: str,
    password: str,
    **extra: str,
) -> tuple[str, dict[str, str]]:
    params = authorize_params(app, **extra)
    page = httpx.get(server.base_url + "/oauth/authorize", params=params)
    assert page.status_code == 200, page.text
    signed = sign_in(server, params, email, password)
    assert signed.status_code == 200
    query = redirect_query(decide(server, params, consent_id(signed), "allow"))
    assert query["state"] == params["state"]
    return query["code"], params


def exchange(server: ServerProcess, app: dict[str, Any], code: str, **extra: str) -> httpx.Response:
    data = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": app["redirect_uris"][0],
        **extra,
    }
    return httpx.post(
        server.base_url + "/oauth/token",
        data=data,
        auth=(app["client_id"], app["client_secret"]),
    )


def user_tokens(
    server: ServerProcess, app: dict[str, Any], email: str, password: str
) -> dict[str, Any]:
    code, _ = obtain_code(server, app, email, password)
    r = exchange(server, app, code)
    assert r.status_code == 200, r.text
    return dict(r.json())
