"""Flows that need their own server: moving the clock (code and refresh-token lifetimes) and
the 2017-era legacy auth (JWT apps, ?access_token=), which is off by default."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from support.auth import client, create_app, exchange, obtain_code, user_tokens
from support.server import ServerProcess

OWNER_EMAIL = "owner@example.com"
OWNER_PASSWORD = "zoomstack"


@pytest.fixture(scope="module")
def legacy_server() -> Iterator[ServerProcess]:
    proc = ServerProcess.for_current_store(
        env={"ZOOMSTACK_LEGACY_AUTH": "1", "ZOOMSTACK_REFRESH_TOKEN_DAYS": "2"}
    ).start()
    yield proc
    proc.stop()


def _advance(server: ServerProcess, **amount: float) -> None:
    with server.control() as control:
        assert control.post("/clock", json=amount).status_code == 200


# -- lifetimes on the server clock ------------------------------------------------------------
def test_code_expires_after_five_minutes(legacy_server: ServerProcess) -> None:
    app = create_app(legacy_server, type="user")
    fresh, _ = obtain_code(legacy_server, app, OWNER_EMAIL, OWNER_PASSWORD)
    stale, _ = obtain_code(legacy_server, app, OWNER_EMAIL, OWNER_PASSWORD)
    _advance(legacy_server, advance_seconds=290)
    assert exchange(legacy_server, app, fresh).status_code == 200
    _advance(legacy_server, advance_seconds=15)
    r = exchange(legacy_server, app, stale)
    assert r.status_code == 400
    assert r.json() == {"reason": f"Invalid authorization code {stale}", "error": "invalid_request"}


def test_refresh_token_lifetime_is_configurable(legacy_server: ServerProcess) -> None:
    app = create_app(legacy_server, type="user")
    tokens = user_tokens(legacy_server, app, OWNER_EMAIL, OWNER_PASSWORD)
    auth = (app["client_id"], app["client_secret"])
    _advance(legacy_server, advance_hours=47)
    r = httpx.post(
        legacy_server.base_url + "/oauth/token",
        data={"grant_type": "refresh_token", "refresh_token": tokens["refresh_token"]},
        auth=auth,
    )
    assert r.status_code == 200, r.text
    # The access token lives an hour; the new refresh token two days from now.
    with client(legacy_server, tokens["access_token"]) as api:
        expired = api.get("/users/me")
        assert expired.status_code == 401
        assert expired.json() == {"code": 124, "message": "Access token is expired."}
    _advance(legacy_server, advance_hours=49)
    r = httpx.post(
        legacy_server.base_url + "/oauth/token",
        data={"grant_type": "refresh_token", "refresh_token": r.json()["refresh_token"]},
        auth=auth,
    )
    assert r.json() == {"reason": "Invalid Token!", "error": "invalid_grant"}


# -- legacy JWT apps --------------------------------------------------------------------------
@pytest.fixture(scope="module")
def jwt_app(legacy_server: ServerProcess) -> dict[str, Any]:
    return create_app(legacy_server, type="jwt", name="Old Integration")


def _now_s(server: ServerProcess) -> int:
    with server.control() as control:
        return int(control.get("/clock").json()["now_ms"]) // 1000


def _jwt(app: dict[str, Any], exp: int, secret: str | None = None) -> str:
    from zoomstack.oauth.jwt_legacy import sign

    return sign({"iss": app["client_id"], "exp": exp}, secret or app["client_secret"])


@pytest.mark.parametrize("unit_ms", [False, True])
def test_jwt_app_token(
    legacy_server: ServerProcess, jwt_app: dict[str, Any], unit_ms: bool
) -> None:
    exp = _now_s(legacy_server) + 3600
    token = _jwt(jwt_app, exp * 1000 if unit_ms else exp)
    with client(legacy_server, token) as api:
        r = api.get("/users/me")
        assert r.status_code == 200, r.text
        assert r.json()["email"] == OWNER_EMAIL
        # Account-wide, like JWT apps were.
        assert api.get("/users").status_code == 200


def test_jwt_expired_and_forged(legacy_server: ServerProcess, jwt_app: dict[str, Any]) -> None:
    now = _now_s(legacy_server)
    with client(legacy_server, _jwt(jwt_app, now - 10)) as api:
        r = api.get("/users/me")
        assert r.status_code == 401
        assert r.json() == {"code": 124, "message": "Access token is expired."}
    with client(legacy_server, _jwt(jwt_app, now + 600, secret="not-the-secret")) as api:
        r = api.get("/users/me")
        assert r.status_code == 401
        assert r.json() == {"code": 124, "message": "Invalid access token."}
    other = {"client_id": "unknownApiKey", "client_secret": "x"}
    with client(legacy_server, _jwt(other, now + 600)) as api:
        assert api.get("/users/me").status_code == 401


def test_access_token_query_parameter(
    legacy_server: ServerProcess, jwt_app: dict[str, Any]
) -> None:
    token = _jwt(jwt_app, _now_s(legacy_server) + 600)
    r = httpx.get(legacy_server.base_url + "/v2/users/me", params={"access_token": token})
    assert r.status_code == 200, r.text
    # OAuth tokens work there too in 2017 mode.
    s2s = legacy_server.token()
    r = httpx.get(legacy_server.base_url + "/v2/users/me", params={"access_token": s2s})
    assert r.status_code == 200


def test_jwt_is_refused_by_default(server: ServerProcess) -> None:
    app = create_app(server, type="jwt")
    token = _jwt(app, int(time.time()) + 600)
    with client(server, token) as api:
        r = api.get("/users/me")
        assert r.status_code == 401
        assert r.json() == {"code": 124, "message": "Invalid access token."}
    r = httpx.get(server.base_url + "/v2/users/me", params={"access_token": token})
    assert r.status_code == 401
    assert r.json()["message"] == (
        "Invalid access token, this access token is not supported as query parameter string."
    )
