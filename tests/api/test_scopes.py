"""Every operation checks the token's scopes against the catalog's classic and granular lists:
any one accepted scope passes; otherwise HTTP 400, code 4711, naming the missing scopes."""

from __future__ import annotations

from typing import Any

import pytest

from support.auth import (
    USER_PASSWORD,
    client,
    create_account,
    create_app,
    create_user,
    s2s_token,
    user_tokens,
)
from support.server import ACCOUNT_ID, ServerProcess

OWNER_EMAIL = "owner@example.com"


def _missing(*scopes: str) -> dict[str, Any]:
    return {
        "code": 4711,
        "message": f"Invalid access token, does not contain scopes:[{', '.join(scopes)}].",
    }


def _s2s(server: ServerProcess, scopes: list[str]) -> str:
    app = create_app(server, type="s2s", scopes=scopes)
    return s2s_token(server, app["client_id"], app["client_secret"], ACCOUNT_ID)


def test_token_scope_string_is_the_app_configuration(server: ServerProcess) -> None:
    import httpx

    app = create_app(server, type="s2s", scopes=["user:read:admin", "meeting:read:admin"])
    r = httpx.post(
        server.base_url + "/oauth/token",
        params={"grant_type": "account_credentials", "account_id": ACCOUNT_ID},
        auth=(app["client_id"], app["client_secret"]),
    )
    assert r.json()["scope"] == "user:read:admin meeting:read:admin"


@pytest.mark.parametrize(
    "scope", ["user:read:admin", "user:write:admin", "user:read:user:admin", "user:read"]
)
def test_any_accepted_scope_passes(server: ServerProcess, scope: str) -> None:
    with client(server, _s2s(server, [scope])) as api:
        assert api.get(f"/users/{OWNER_EMAIL}").status_code == 200


def test_missing_scope_names_the_granular_admin_scopes(server: ServerProcess) -> None:
    with client(server, _s2s(server, ["user:read:user:admin"])) as api:
        r = api.get("/users")
        assert r.status_code == 400
        assert r.json() == _missing("user:read:list_users:admin")
        r = api.get("/users/me/meetings")
        assert r.json() == _missing("meeting:read:list_meetings:admin")
        r = api.post("/users/me/meetings", json={"topic": "x"})
        assert r.json() == _missing("meeting:write:meeting:admin")


def test_scope_check_comes_before_the_handler(server: ServerProcess) -> None:
    with client(server, _s2s(server, ["meeting:read:admin"])) as api:
        # A bad body or an unknown user would be other errors; the scope answers first.
        r = api.post("/users", content=b"{not json")
        assert r.json() == _missing("user:write:user:admin")
        r = api.get("/users/nobody@example.com")
        assert r.json() == _missing("user:read:user:admin")


def test_unimplemented_operations_check_scopes_too(server: ServerProcess) -> None:
    from zoomstack.catalog import op_by_key

    with server.control() as control:
        ops = control.get("/ops").json()["operations"]
    candidates = [
        o["path"][3:]
        for o in ops
        if not o["implemented"] and o["method"] == "GET" and "{" not in o["path"]
    ]
    path = next(
        (p for p in candidates if (spec := op_by_key("GET", p)) and spec.granular_scopes), None
    )
    if path is None:
        pytest.skip("every operation is implemented")
    with client(server, _s2s(server, ["imchat:bot"])) as api:
        r = api.get(path)
        assert r.status_code == 400 and r.json()["code"] == 4711
    with client(server, server.token()) as api:
        assert api.get(path).status_code == 501


def test_operations_without_scopes_are_open(server: ServerProcess) -> None:
    with client(server, _s2s(server, ["meeting:read:admin"])) as api:
        r = api.get("/users/zpk", params={"zpk": "x"})
        assert r.json().get("code") != 4711


def test_user_level_scopes_for_user_tokens(server: ServerProcess, token: str) -> None:
    member = create_user(server, token)
    app = create_app(server, type="user", scopes=["user:read"])
    tokens = user_tokens(server, app, member["email"], USER_PASSWORD)
    assert tokens["scope"] == "user:read"
    with client(server, tokens["access_token"]) as api:
        assert api.get("/users/me").status_code == 200
        r = api.get("/users/me/meetings")
        assert r.status_code == 400
        # User-level tokens are told the user-level (granular) scopes.
        assert r.json() == _missing("meeting:read:list_meetings")
        # Another user of the account: an account-level scope is needed.
        r = api.get(f"/users/{OWNER_EMAIL}")
        assert r.json() == _missing("user:read:user:admin")


def test_user_token_and_other_users_meetings(server: ServerProcess, token: str) -> None:
    member = create_user(server, token)
    with client(server, token) as api:
        theirs = api.post("/users/me/meetings", json={"topic": "Owner's", "type": 2})
        if theirs.status_code == 501:
            pytest.skip("meetings are not implemented")
        assert theirs.status_code == 201, theirs.text
    app = create_app(server, type="user", scopes=["meeting:read", "meeting:write", "user:read"])
    tokens = user_tokens(server, app, member["email"], USER_PASSWORD)
    with client(server, tokens["access_token"]) as api:
        mine = api.post("/users/me/meetings", json={"topic": "Mine", "type": 2})
        assert mine.status_code == 201, mine.text
        assert mine.json()["host_id"] == member["id"]
        assert api.get(f"/meetings/{mine.json()['id']}").status_code == 200
        r = api.get(f"/meetings/{theirs.json()['id']}")
        assert r.status_code == 400
        assert r.json() == _missing("meeting:read:meeting:admin")
        r = api.delete(f"/meetings/{theirs.json()['id']}")
        assert r.json() == _missing("meeting:delete:meeting:admin")
        r = api.get(f"/users/{OWNER_EMAIL}/meetings")
        assert r.json() == _missing("meeting:read:list_meetings:admin")


def test_master_scopes_for_sub_account_paths(server: ServerProcess, token: str) -> None:
    sub = create_account(server, master_account_id=ACCOUNT_ID)
    with client(server, token) as api:
        r = api.get(f"/accounts/{sub.id}/users/{sub.owner_id}")
        assert r.status_code == 200, r.text
        assert r.json()["email"] == sub.owner_email
    # Account-level scopes are not master scopes.
    with client(server, _s2s(server, ["user:read:admin", "user:read:user:admin"])) as api:
        r = api.get(f"/accounts/{sub.id}/users/{sub.owner_id}")
        assert r.json() == _missing("user:read:user:master")
