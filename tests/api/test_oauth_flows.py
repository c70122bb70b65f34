"""Authorization-code flow (consent page, codes, PKCE), refresh rotation, revoke and chatbot
client_credentials, as Zoom answers them."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from support.auth import (
    PASSWORD,
    USER_PASSWORD,
    authorize_params,
    client,
    consent_id,
    create_account,
    create_app,
    create_user,
    decide,
    exchange,
    obtain_code,
    redirect_query,
    s256,
    sign_in,
    user_tokens,
    verifier,
)
from support.server import ACCOUNT_ID, ServerProcess

OWNER_EMAIL = "owner@example.com"
OWNER_PASSWORD = "zoomstack"


@pytest.fixture()
def user_app(server: ServerProcess) -> dict[str, Any]:
    return create_app(server, type="user", name="Calendar Sync")


def _token_post(server: ServerProcess, **kw: Any) -> httpx.Response:
    return httpx.post(server.base_url + "/oauth/token", **kw)


# -- the consent page ---------------------------------------------------------------------------
def test_authorize_shows_sign_in_form(server: ServerProcess, user_app: dict[str, Any]) -> None:
    r = httpx.get(server.base_url + "/oauth/authorize", params=authorize_params(user_app))
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/html")
    assert "Calendar Sync" in r.text
    assert 'type="password"' in r.text and "<script" not in r.text


def test_unknown_client_id_page(server: ServerProcess) -> None:
    r = httpx.get(
        server.base_url + "/oauth/authorize",
        params={"response_type": "code", "client_id": "nosuchclient", "redirect_uri": "x"},
    )
    assert r.status_code == 400
    assert "Invalid client_id: nosuchclient" in r.text and "(4,702)" in r.text


def test_s2s_app_cannot_use_the_consent_page(server: ServerProcess) -> None:
    r = httpx.get(
        server.base_url + "/oauth/authorize",
        params={"response_type": "code", "client_id": "zoomstackDevClientId01"},
    )
    assert r.status_code == 400 and "(4,702)" in r.text


def test_unregistered_redirect_uri_page(server: ServerProcess, user_app: dict[str, Any]) -> None:
    params = authorize_params(user_app, redirect_uri="https://evil.example.net/cb")
    r = httpx.get(server.base_url + "/oauth/authorize", params=params)
    assert r.status_code == 400
    assert "Invalid redirect: https://evil.example.net/cb" in r.text and "(4,709)" in r.text
    # The same check guards the form posts.
    r = sign_in(server, params, OWNER_EMAIL, OWNER_PASSWORD)
    assert r.status_code == 400 and "(4,709)" in r.text


def test_redirect_uri_may_be_omitted_with_one_registered(
    server: ServerProcess, user_app: dict[str, Any]
) -> None:
    params = authorize_params(user_app)
    del params["redirect_uri"]
    signed = sign_in(server, params, OWNER_EMAIL, OWNER_PASSWORD)
    query = redirect_query(decide(server, params, consent_id(signed), "allow"))
    r = httpx.post(
        server.base_url + "/oauth/token",
        data={"grant_type": "authorization_code", "code": query["code"]},
        auth=(user_app["client_id"], user_app["client_secret"]),
    )
    assert r.status_code == 200, r.text


def test_wrong_response_type_redirects_with_error(
    server: ServerProcess, user_app: dict[str, Any]
) -> None:
    params = authorize_params(user_app, response_type="token")
    r = httpx.get(server.base_url + "/oauth/authorize", params=params)
    query = redirect_query(r)
    assert query == {"error": "unsupported_response_type", "state": params["state"]}


def test_wrong_password_shows_the_form_again(
    server: ServerProcess, user_app: dict[str, Any]
) -> None:
    params = authorize_params(user_app)
    r = sign_in(server, params, OWNER_EMAIL, "not-the-password")
    assert r.status_code == 200
    assert "Incorrect email or password." in r.text
    assert 'name="consent"' not in r.text


def test_users_of_other_accounts_cannot_sign_in(
    server: ServerProcess, user_app: dict[str, Any]
) -> None:
    other = create_account(server)
    r = sign_in(server, authorize_params(user_app), other.owner_email, PASSWORD)
    assert "Incorrect email or password." in r.text


def test_consent_page_lists_app_and_scopes(server: ServerProcess) -> None:
    app = create_app(server, type="user", name="Notes <App>", scopes=["user:read", "meeting:read"])
    signed = sign_in(server, authorize_params(app), OWNER_EMAIL, OWNER_PASSWORD)
    assert signed.status_code == 200
    assert "Notes &lt;App&gt;" in signed.text  # escaped
    assert '<li class="scope">user:read</li>' in signed.text
    assert '<li class="scope">meeting:read</li>' in signed.text
    assert OWNER_EMAIL in signed.text


def test_deny_redirects_with_access_denied(server: ServerProcess, user_app: dict[str, Any]) -> None:
    params = authorize_params(user_app)
    signed = sign_in(server, params, OWNER_EMAIL, OWNER_PASSWORD)
    query = redirect_query(decide(server, params, consent_id(signed), "deny"))
    assert query == {"error": "access_denied", "state": params["state"]}


def test_consent_is_single_use(server: ServerProcess, user_app: dict[str, Any]) -> None:
    params = authorize_params(user_app)
    consent = consent_id(sign_in(server, params, OWNER_EMAIL, OWNER_PASSWORD))
    assert decide(server, params, consent, "allow").status_code == 302
    again = decide(server, params, consent, "allow")
    assert again.status_code == 200 and "Please sign in again." in again.text


def test_redirect_keeps_the_registered_query(server: ServerProcess) -> None:
    app = create_app(server, type="user", redirect_uris=["https://app.example.com/cb?tenant=7"])
    params = authorize_params(app)
    signed = sign_in(server, params, OWNER_EMAIL, OWNER_PASSWORD)
    resp = decide(server, params, consent_id(signed), "allow")
    assert resp.headers["location"].startswith("https://app.example.com/cb?tenant=7&code=")


# -- code exchange ----------------------------------------------------------------------------
def test_code_exchange_returns_zoom_token_response(
    server: ServerProcess, user_app: dict[str, Any]
) -> None:
    code, _ = obtain_code(server, user_app, OWNER_EMAIL, OWNER_PASSWORD)
    r = exchange(server, user_app, code)
    assert r.status_code == 200, r.text
    body = r.json()
    assert set(body) == {
        "access_token",
        "token_type",
        "refresh_token",
        "expires_in",
        "scope",
        "api_url",
    }
    assert body["token_type"] == "bearer"
    assert body["expires_in"] == 3599
    assert body["scope"] == " ".join(user_app["scopes"])
    assert body["api_url"] == server.base_url
    assert body["access_token"].count(".") == 2 and body["refresh_token"].count(".") == 2


def test_code_in_the_query_string_and_client_secret_in_body(
    server: ServerProcess, user_app: dict[str, Any]
) -> None:
    code, _ = obtain_code(server, user_app, OWNER_EMAIL, OWNER_PASSWORD)
    r = _token_post(
        server,
        params={
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": user_app["redirect_uris"][0],
        },
        data={"client_id": user_app["client_id"], "client_secret": user_app["client_secret"]},
    )
    assert r.status_code == 200, r.text


def test_code_reuse_is_refused(server: ServerProcess, user_app: dict[str, Any]) -> None:
    code, _ = obtain_code(server, user_app, OWNER_EMAIL, OWNER_PASSWORD)
    assert exchange(server, user_app, code).status_code == 200
    again = exchange(server, user_app, code)
    assert again.status_code == 400
    assert again.json() == {
        "reason": f"Invalid authorization code {code}",
        "error": "invalid_request",
    }


def test_unknown_code(server: ServerProcess, user_app: dict[str, Any]) -> None:
    r = exchange(server, user_app, "bogus")
    assert r.status_code == 400
    assert r.json() == {"reason": "Invalid authorization code bogus", "error": "invalid_request"}
    r = exchange(server, user_app, "")
    assert r.json() == {"reason": "Missing code", "error": "invalid_request"}


def test_code_of_another_app_is_invalid(server: ServerProcess, user_app: dict[str, Any]) -> None:
    other = create_app(server, type="user")
    code, _ = obtain_code(server, user_app, OWNER_EMAIL, OWNER_PASSWORD)
    r = exchange(server, other, code)
    assert r.json() == {"reason": f"Invalid authorization code {code}", "error": "invalid_request"}


def test_redirect_uri_mismatch_on_exchange(server: ServerProcess, user_app: dict[str, Any]) -> None:
    code, _ = obtain_code(server, user_app, OWNER_EMAIL, OWNER_PASSWORD)
    r = exchange(server, user_app, code, redirect_uri="https://app.example.com/other")
    assert r.status_code == 400
    assert r.json() == {"reason": "Redirect URI mismatch.", "error": "invalid_request"}


def test_wrong_client_secret(server: ServerProcess, user_app: dict[str, Any]) -> None:
    code, _ = obtain_code(server, user_app, OWNER_EMAIL, OWNER_PASSWORD)
    r = httpx.post(
        server.base_url + "/oauth/token",
        data={"grant_type": "authorization_code", "code": code, "redirect_uri": "x"},
        auth=(user_app["client_id"], "wrong"),
    )
    assert r.status_code == 400
    assert r.json() == {"reason": "Invalid client_id or client_secret", "error": "invalid_client"}


def test_grant_types_belong_to_app_kinds(server: ServerProcess, user_app: dict[str, Any]) -> None:
    unsupported = {"reason": "unsupported grant type", "error": "unsupported_grant_type"}
    auth = (user_app["client_id"], user_app["client_secret"])
    r = _token_post(
        server, params={"grant_type": "account_credentials", "account_id": ACCOUNT_ID}, auth=auth
    )
    assert r.json() == unsupported
    r = _token_post(server, params={"grant_type": "client_credentials"}, auth=auth)
    assert r.json() == unsupported
    dev = ("zoomstackDevClientId01", "zoomstack-dev-client-secret-000000")
    r = _token_post(server, params={"grant_type": "client_credentials"}, auth=dev)
    assert r.json() == unsupported
    r = _token_post(server, data={"grant_type": "authorization_code", "code": "x"}, auth=dev)
    assert r.json() == unsupported


# -- PKCE -------------------------------------------------------------------------------------
@pytest.mark.parametrize("padded", [False, True])
def test_pkce_s256(server: ServerProcess, user_app: dict[str, Any], padded: bool) -> None:
    v = verifier()
    code, _ = obtain_code(
        server,
        user_app,
        OWNER_EMAIL,
        OWNER_PASSWORD,
        code_challenge=s256(v, padded=padded),
        code_challenge_method="S256",
    )
    assert exchange(server, user_app, code, code_verifier=v).status_code == 200


def test_pkce_plain_is_the_default_method(server: ServerProcess, user_app: dict[str, Any]) -> None:
    v = verifier()
    code, _ = obtain_code(server, user_app, OWNER_EMAIL, OWNER_PASSWORD, code_challenge=v)
    assert exchange(server, user_app, code, code_verifier=v).status_code == 200


@pytest.mark.parametrize("sent", ["", "not-the-verifier"])
def test_pkce_wrong_or_missing_verifier(
    server: ServerProcess, user_app: dict[str, Any], sent: str
) -> None:
    v = verifier()
    code, _ = obtain_code(
        server,
        user_app,
        OWNER_EMAIL,
        OWNER_PASSWORD,
        code_challenge=s256(v),
        code_challenge_method="S256",
    )
    extra = {"code_verifier": sent} if sent else {}
    r = exchange(server, user_app, code, **extra)
    assert r.status_code == 400
    assert r.json() == {"reason": "Invalid code_verifier", "error": "invalid_grant"}
    # The failed attempt spent the code.
    assert exchange(server, user_app, code, code_verifier=v).json()["error"] == "invalid_request"


def test_unknown_challenge_method_redirects_with_error(
    server: ServerProcess, user_app: dict[str, Any]
) -> None:
    params = authorize_params(user_app, code_challenge="abc", code_challenge_method="S512")
    query = redirect_query(httpx.get(server.base_url + "/oauth/authorize", params=params))
    assert query["error"] == "invalid_request"


def test_public_client_with_pkce(server: ServerProcess, user_app: dict[str, Any]) -> None:
    v = verifier()
    code, _ = obtain_code(
        server,
        user_app,
        OWNER_EMAIL,
        OWNER_PASSWORD,
        code_challenge=s256(v),
        code_challenge_method="S256",
    )
    data = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": user_app["redirect_uris"][0],
        "client_id": user_app["client_id"],
        "code_verifier": v,
    }
    r = _token_post(server, data=data)
    assert r.status_code == 200, r.text
    # The public client refreshes without its secret too.
    r = _token_post(
        server,
        data={
            "grant_type": "refresh_token",
            "refresh_token": r.json()["refresh_token"],
            "client_id": user_app["client_id"],
        },
    )
    assert r.status_code == 200, r.text


def test_public_client_needs_pkce(server: ServerProcess, user_app: dict[str, Any]) -> None:
    code, _ = obtain_code(server, user_app, OWNER_EMAIL, OWNER_PASSWORD)
    r = _token_post(
        server,
        data={
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": user_app["redirect_uris"][0],
            "client_id": user_app["client_id"],
        },
    )
    assert r.json() == {"reason": "Invalid client_id or client_secret", "error": "invalid_client"}


# -- refresh ----------------------------------------------------------------------------------
def _refresh(server: ServerProcess, app: dict[str, Any], refresh: str) -> httpx.Response:
    return _token_post(
        server,
        data={"grant_type": "refresh_token", "refresh_token": refresh},
        auth=(app["client_id"], app["client_secret"]),
    )


def test_refresh_rotates(server: ServerProcess, user_app: dict[str, Any]) -> None:
    first = user_tokens(server, user_app, OWNER_EMAIL, OWNER_PASSWORD)
    r = _refresh(server, user_app, first["refresh_token"])
    assert r.status_code == 200, r.text
    second = r.json()
    assert set(second) >= {"access_token", "refresh_token", "expires_in", "scope", "token_type"}
    assert second["refresh_token"] != first["refresh_token"]
    assert second["access_token"] != first["access_token"]
    # The old refresh token stopped working; the new one works (once).
    old = _refresh(server, user_app, first["refresh_token"])
    assert old.status_code == 400
    assert old.json() == {"reason": "Invalid Token!", "error": "invalid_grant"}
    with client(server, second["access_token"]) as api:
        assert api.get("/users/me").status_code == 200
    third = _refresh(server, user_app, second["refresh_token"])
    assert third.status_code == 200
    assert _refresh(server, user_app, second["refresh_token"]).status_code == 400


def test_a_new_approval_supersedes_the_old_one(
    server: ServerProcess, user_app: dict[str, Any]
) -> None:
    first = user_tokens(server, user_app, OWNER_EMAIL, OWNER_PASSWORD)
    second = user_tokens(server, user_app, OWNER_EMAIL, OWNER_PASSWORD)
    assert _refresh(server, user_app, first["refresh_token"]).json() == {
        "reason": "Invalid Token!",
        "error": "invalid_grant",
    }
    with client(server, first["access_token"]) as api:
        assert api.get("/users/me").status_code == 401
    with client(server, second["access_token"]) as api:
        assert api.get("/users/me").status_code == 200
    assert _refresh(server, user_app, second["refresh_token"]).status_code == 200


def test_refresh_errors(server: ServerProcess, user_app: dict[str, Any]) -> None:
    tokens = user_tokens(server, user_app, OWNER_EMAIL, OWNER_PASSWORD)
    bad = {"reason": "Invalid Token!", "error": "invalid_grant"}
    assert _refresh(server, user_app, "garbage").json() == bad
    other = create_app(server, type="user")
    assert _refresh(server, other, tokens["refresh_token"]).json() == bad
    # An access token is not a refresh token.
    assert _refresh(server, user_app, tokens["access_token"]).json() == bad
    missing = _token_post(
        server,
        data={"grant_type": "refresh_token"},
        auth=(user_app["client_id"], user_app["client_secret"]),
    )
    assert missing.json() == {"reason": "Missing refresh_token", "error": "invalid_request"}
    # Still valid after the failures.
    assert _refresh(server, user_app, tokens["refresh_token"]).status_code == 200


# -- revoke -----------------------------------------------------------------------------------
def _revoke(server: ServerProcess, app: dict[str, Any], token: str, **kw: Any) -> httpx.Response:
    kw.setdefault("data", {"token": token})
    return httpx.post(
        server.base_url + "/oauth/revoke", auth=(app["client_id"], app["client_secret"]), **kw
    )


def test_revoke_access_token_revokes_the_authorization(
    server: ServerProcess, user_app: dict[str, Any]
) -> None:
    tokens = user_tokens(server, user_app, OWNER_EMAIL, OWNER_PASSWORD)
    with client(server, tokens["access_token"]) as api:
        assert api.get("/users/me").status_code == 200
        r = _revoke(server, user_app, tokens["access_token"])
        assert r.status_code == 200 and r.json() == {"status": "success"}
        gone = api.get("/users/me")
        assert gone.status_code == 401
        assert gone.json() == {"code": 124, "message": "Invalid access token."}
    assert _refresh(server, user_app, tokens["refresh_token"]).status_code == 400


def test_revoke_refresh_token_in_query_string(
    server: ServerProcess, user_app: dict[str, Any]
) -> None:
    tokens = user_tokens(server, user_app, OWNER_EMAIL, OWNER_PASSWORD)
    r = _revoke(server, user_app, "", data=None, params={"token": tokens["refresh_token"]})
    assert r.json() == {"status": "success"}
    with client(server, tokens["access_token"]) as api:
        assert api.get("/users/me").status_code == 401


def test_revoke_errors(server: ServerProcess, user_app: dict[str, Any]) -> None:
    tokens = user_tokens(server, user_app, OWNER_EMAIL, OWNER_PASSWORD)
    no_auth = httpx.post(server.base_url + "/oauth/revoke", data={"token": tokens["access_token"]})
    assert no_auth.status_code == 400 and no_auth.json()["error"] == "invalid_client"
    other = create_app(server, type="user")
    foreign = _revoke(server, other, tokens["access_token"])
    assert foreign.status_code == 400
    assert foreign.json() == {"reason": "Invalid Token!", "error": "invalid_request"}
    missing = _revoke(server, user_app, "", data={})
    assert missing.json() == {"reason": "Missing token", "error": "invalid_request"}
    with client(server, tokens["access_token"]) as api:
        assert api.get("/users/me").status_code == 200


def test_revoke_s2s_token(server: ServerProcess) -> None:
    dev = {
        "client_id": "zoomstackDevClientId01",
        "client_secret": "zoomstack-dev-client-secret-000000",
    }
    tok = server.token()
    keep = server.token()
    assert _revoke(server, dev, tok).json() == {"status": "success"}
    with client(server, tok) as api:
        assert api.get("/users/me").status_code == 401
    with client(server, keep) as api:
        assert api.get("/users/me").status_code == 200


# -- chatbot ----------------------------------------------------------------------------------
def test_chatbot_client_credentials(server: ServerProcess) -> None:
    bot = create_app(server, type="chatbot", name="Helper Bot")
    r = _token_post(
        server,
        params={"grant_type": "client_credentials"},
        auth=(bot["client_id"], bot["client_secret"]),
    )
    assert r.status_code == 200, r.text
    body = r.json()
    assert set(body) == {"access_token", "token_type", "expires_in", "scope", "api_url"}
    assert body["scope"] == "imchat:bot" and body["expires_in"] == 3600
    with client(server, body["access_token"]) as api:
        # A bot token holds no user scopes.
        r = api.get("/users/me")
        assert r.status_code == 400 and r.json()["code"] == 4711


# -- what the tokens can do -------------------------------------------------------------------
@pytest.fixture()
def member(server: ServerProcess, token: str) -> Iterator[dict[str, Any]]:
    yield create_user(server, token)


def test_user_token_acts_as_its_user(
    server: ServerProcess, user_app: dict[str, Any], member: dict[str, Any]
) -> None:
    tokens = user_tokens(server, user_app, member["email"], USER_PASSWORD)
    with client(server, tokens["access_token"]) as api:
        me = api.get("/users/me")
        assert me.status_code == 200 and me.json()["id"] == member["id"]
        assert api.get(f"/users/{member['id']}").status_code == 200
        assert api.get(f"/users/{member['email']}").status_code == 200
        owner = api.get(f"/users/{OWNER_EMAIL}")
        assert owner.status_code == 400
        assert owner.json() == {
            "code": 4711,
            "message": "Invalid access token, does not contain scopes:[user:read:user:admin].",
        }


def test_user_token_with_admin_scopes_reaches_other_users(
    server: ServerProcess, member: dict[str, Any]
) -> None:
    app = create_app(server, type="user", scopes=["user:read", "user:read:admin"])
    tokens = user_tokens(server, app, OWNER_EMAIL, OWNER_PASSWORD)
    with client(server, tokens["access_token"]) as api:
        assert api.get(f"/users/{member['id']}").status_code == 200


def test_account_level_app_needs_an_admin(server: ServerProcess, member: dict[str, Any]) -> None:
    app = create_app(server, type="account", name="Admin Tool")
    refused = sign_in(server, authorize_params(app), member["email"], USER_PASSWORD)
    assert "Only an account owner or admin can authorize this app." in refused.text
    tokens = user_tokens(server, app, OWNER_EMAIL, OWNER_PASSWORD)
    with client(server, tokens["access_token"]) as api:
        me = api.get("/users/me").json()
        assert me["email"] == OWNER_EMAIL
        assert api.get(f"/users/{member['id']}").status_code == 200


def test_deactivated_app_tokens_stop_working(server: ServerProcess) -> None:
    app = create_app(server, type="user")
    tokens = user_tokens(server, app, OWNER_EMAIL, OWNER_PASSWORD)
    with server.control() as control:
        assert control.patch(f"/apps/{app['client_id']}", json={"active": False}).status_code == 200
    with client(server, tokens["access_token"]) as api:
        assert api.get("/users/me").status_code == 401
    r = _refresh(server, app, tokens["refresh_token"])
    assert r.json() == {"reason": "The app has been disabled", "error": "invalid_client"}
    page = httpx.get(server.base_url + "/oauth/authorize", params=authorize_params(app))
    assert page.status_code == 400 and "(4,702)" in page.text
