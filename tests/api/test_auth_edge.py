"""Bearer-token checks at the API edge: Zoom's 401 bodies."""

from __future__ import annotations

import httpx

from support.server import ServerProcess


def _get(server: ServerProcess, path: str, **kw: object) -> httpx.Response:
    return httpx.get(server.base_url + "/v2" + path, **kw)  # type: ignore[arg-type]


def test_missing_token(server: ServerProcess) -> None:
    r = _get(server, "/users/me")
    assert r.status_code == 401
    assert r.json() == {"code": 124, "message": "Requires an access token."}


def test_invalid_token(server: ServerProcess) -> None:
    r = _get(server, "/users/me", headers={"Authorization": "Bearer not-a-token"})
    assert r.status_code == 401
    assert r.json() == {"code": 124, "message": "Invalid access token."}


def test_wrong_scheme(server: ServerProcess) -> None:
    r = _get(server, "/users/me", headers={"Authorization": "Basic abc"})
    assert r.status_code == 401
    assert r.json()["code"] == 124


def test_token_in_query_string_is_refused(server: ServerProcess, token: str) -> None:
    r = _get(server, "/users/me", params={"access_token": token})
    assert r.status_code == 401
    assert r.json() == {
        "code": 124,
        "message": "Invalid access token, this access token is not supported as query parameter"
        " string.",
    }


def test_lowercase_bearer_is_accepted(server: ServerProcess, token: str) -> None:
    r = _get(server, "/users/me", headers={"Authorization": f"bearer {token}"})
    assert r.status_code == 200


def test_unimplemented_operation_still_requires_auth(server: ServerProcess) -> None:
    r = _get(server, "/rooms")
    assert r.status_code == 401
