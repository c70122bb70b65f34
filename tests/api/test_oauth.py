"""POST /oauth/token: Server-to-Server OAuth exactly as Zoom answers it."""

from __future__ import annotations

import base64

import httpx
import pytest

from support.server import ACCOUNT_ID, CLIENT_ID, CLIENT_SECRET, ServerProcess


def _basic(cid: str = CLIENT_ID, secret: str = CLIENT_SECRET) -> str:
    return "Basic " + base64.b64encode(f"{cid}:{secret}".encode()).decode()


def test_query_string_parameters(server: ServerProcess) -> None:
    r = httpx.post(
        server.base_url + "/oauth/token",
        params={"grant_type": "account_credentials", "account_id": ACCOUNT_ID},
        headers={"Authorization": _basic()},
    )
    assert r.status_code == 200
    body = r.json()
    assert set(body) == {"access_token", "token_type", "expires_in", "scope", "api_url"}
    assert body["token_type"] == "bearer"
    assert body["expires_in"] == 3599
    assert isinstance(body["scope"], str) and " " in body["scope"]
    assert body["api_url"] == server.base_url
    assert body["access_token"].count(".") == 2  # JWT-shaped, as Zoom's
    assert r.headers["x-zm-trackingid"]


def test_form_body_parameters(server: ServerProcess) -> None:
    r = httpx.post(
        server.base_url + "/oauth/token",
        data={"grant_type": "account_credentials", "account_id": ACCOUNT_ID},
        headers={"Authorization": _basic()},
    )
    assert r.status_code == 200
    assert r.json()["token_type"] == "bearer"


def test_json_content_type_with_query_parameters(server: ServerProcess) -> None:
    # zoom-python-client sends the parameters in the query string and an empty JSON body.
    r = httpx.post(
        server.base_url + "/oauth/token",
        params={"grant_type": "account_credentials", "account_id": ACCOUNT_ID},
        headers={"Authorization": _basic(), "Content-Type": "application/json"},
        content=b"",
    )
    assert r.status_code == 200


def test_several_tokens_are_valid_at_once(server: ServerProcess) -> None:
    first, second = server.token(), server.token()
    assert first != second
    for tok in (first, second):
        with server.api(tok) as api:
            assert api.get("/users/me").status_code == 200


@pytest.mark.parametrize(
    ("auth", "params", "expected"),
    [
        (
            _basic(secret="wrong"),
            {"grant_type": "account_credentials", "account_id": ACCOUNT_ID},
            {"reason": "Invalid client_id or client_secret", "error": "invalid_client"},
        ),
        (
            _basic(cid="nobody"),
            {"grant_type": "account_credentials", "account_id": ACCOUNT_ID},
            {"reason": "Invalid client_id or client_secret", "error": "invalid_client"},
        ),
        (
            None,
            {"grant_type": "account_credentials", "account_id": ACCOUNT_ID},
            {"reason": "Invalid client_id or client_secret", "error": "invalid_client"},
        ),
        (
            "Basic !!!notbase64",
            {"grant_type": "account_credentials", "account_id": ACCOUNT_ID},
            {"reason": "Invalid client_id or client_secret", "error": "invalid_client"},
        ),
        (
            _basic(),
            {"grant_type": "password", "account_id": ACCOUNT_ID},
            {"reason": "unsupported grant type", "error": "unsupported_grant_type"},
        ),
        (
            _basic(),
            {"account_id": ACCOUNT_ID},
            {"reason": "Missing grant_type", "error": "invalid_request"},
        ),
        (
            _basic(),
            {"grant_type": "account_credentials"},
            {"reason": "Missing account_id", "error": "invalid_request"},
        ),
    ],
)
def test_token_endpoint_errors(
    server: ServerProcess, auth: str | None, params: dict[str, str], expected: dict[str, str]
) -> None:
    headers = {"Authorization": auth} if auth else {}
    r = httpx.post(server.base_url + "/oauth/token", params=params, headers=headers)
    assert r.status_code == 400
    assert r.json() == expected


def test_wrong_account_id(server: ServerProcess) -> None:
    r = httpx.post(
        server.base_url + "/oauth/token",
        params={"grant_type": "account_credentials", "account_id": "someoneElse"},
        headers={"Authorization": _basic()},
    )
    assert r.status_code == 400
    assert r.json()["error"] == "invalid_request"


def test_client_secret_in_body_is_tolerated(server: ServerProcess) -> None:
    r = httpx.post(
        server.base_url + "/oauth/token",
        data={
            "grant_type": "account_credentials",
            "account_id": ACCOUNT_ID,
            "client_secret": CLIENT_SECRET,
        },
        headers={"Authorization": _basic()},
    )
    assert r.status_code == 200
