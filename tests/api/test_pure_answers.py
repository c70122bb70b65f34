"""Reused answers of pure GET operations (`api(pure=True)`, e.g. GET /users/{userId}).

On SQLite the edge keeps the encoded answer and serves it again while the caller and every
document it was made from are unchanged. These tests make sure it never goes stale and never
crosses callers; on PostgreSQL the same tests simply exercise the normal path.
"""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from support.auth import USER_PASSWORD, client, create_app, create_user, user_tokens
from support.meetings import private_server
from support.server import ServerProcess
from support.users import create_user as create_pending_user
from zoomstack.store import open_store


def _store_url(server: ServerProcess) -> str:
    return server.database_url or f"sqlite:///{server.data_dir}/zoomstack.sqlite3"


def test_an_update_is_seen_at_once(server: ServerProcess, token: str) -> None:
    member = create_user(server, token)
    with client(server, token) as api:
        for _ in range(3):
            assert api.get(f"/users/{member['id']}").json()["first_name"] == "Mem"
        r = api.patch(f"/users/{member['id']}", json={"first_name": "Renamed"})
        assert r.status_code == 204, r.text
        assert api.get(f"/users/{member['id']}").json()["first_name"] == "Renamed"


def test_a_commit_by_another_connection_is_seen(server: ServerProcess, token: str) -> None:
    member = create_user(server, token)
    with client(server, token) as api:
        for _ in range(3):
            assert api.get(f"/users/{member['id']}").json()["last_name"] == "Ber"
        # A script writing to the same database while the server runs.
        store = open_store(_store_url(server))
        try:
            with store.transaction() as tx:
                doc = tx.get("user", member["id"], None)
                assert doc is not None
                tx.update("user", member["id"], {**doc, "last_name": "Outside"})
        finally:
            store.close()
        assert api.get(f"/users/{member['id']}").json()["last_name"] == "Outside"


def test_answers_do_not_cross_callers(server: ServerProcess, token: str) -> None:
    member = create_user(server, token)
    app = create_app(server, type="user", scopes=["user:read"])
    member_token = user_tokens(server, app, member["email"], USER_PASSWORD)["access_token"]
    with client(server, token) as owner_api, client(server, member_token) as member_api:
        owner = owner_api.get("/users/me").json()
        for _ in range(2):
            assert owner_api.get("/users/me").json()["id"] == owner["id"]
            assert member_api.get("/users/me").json()["id"] == member["id"]
        # The owner's answer for the owner's path is not the member's to read: a user-level
        # token reaching another user needs an account-level scope.
        assert owner_api.get(f"/users/{owner['id']}").status_code == 200
        r = member_api.get(f"/users/{owner['id']}")
        assert r.status_code == 400, r.text
        assert r.json()["code"] == 4711


def test_the_query_is_part_of_the_answer(server: ServerProcess, token: str) -> None:
    member = create_user(server, token)
    with client(server, token) as api:
        assert api.get(f"/users/{member['id']}").status_code == 200
        r = api.get(f"/users/{member['id']}", params={"login_type": "101"})
        assert r.status_code == 404, r.text
        r = api.get(f"/users/{member['id']}", params={"login_type": "7"})
        assert r.status_code == 400, r.text


@pytest.fixture(scope="module")
def clock_server() -> Iterator[ServerProcess]:
    srv = private_server()
    yield srv
    srv.stop()


def test_answers_that_read_the_clock_are_not_reused(clock_server: ServerProcess) -> None:
    # Zoom shows a pending user's created_at as the time of the request.
    with clock_server.api() as api:
        pending = create_pending_user(api, action="create")
        httpx.post(clock_server.base_url + "/_zoomstack/clock", json={"freeze": True})
        first = api.get(f"/users/{pending['id']}").json()["created_at"]
        assert api.get(f"/users/{pending['id']}").json()["created_at"] == first
        r = httpx.post(clock_server.base_url + "/_zoomstack/clock", json={"advance_days": 1})
        assert r.status_code == 200
        assert api.get(f"/users/{pending['id']}").json()["created_at"] != first
