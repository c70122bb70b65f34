"""The control API (/_zoomstack): health, version, clock, reset — on a dedicated server,
because moving the clock and resetting affect everything on a server."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from support.server import CLOCK_START, ServerProcess


@pytest.fixture(scope="module")
def own() -> Iterator[ServerProcess]:
    proc = ServerProcess.for_current_store().start()
    yield proc
    proc.stop()


def test_health_and_version(own: ServerProcess) -> None:
    with own.control() as c:
        h = c.get("/health").json()
        assert h["status"] == "ok"
        assert h["store"] == own.store
        v = c.get("/version").json()
        assert v["name"] == "zoomstack"
        assert v["operations"] >= 488


def test_landing_page(own: ServerProcess) -> None:
    r = httpx.get(own.base_url + "/")
    assert r.status_code == 200
    assert "text/html" in r.headers["content-type"]
    assert "/oauth/token" in r.text and "zoomstackDevClientId01" in r.text


def test_clock_freeze_set_advance(own: ServerProcess) -> None:
    with own.control() as c:
        r = c.post("/clock", json={"set": "2030-01-01T00:00:00Z", "freeze": True})
        assert r.status_code == 200
        assert r.json()["now"] == "2030-01-01T00:00:00Z"
        assert r.json()["frozen"] is True
        assert c.get("/clock").json()["now"] == "2030-01-01T00:00:00Z"
        r = c.post("/clock", json={"advance_hours": 25})
        assert r.json()["now"] == "2030-01-02T01:00:00Z"
        r = c.post("/clock", json={"freeze": False})
        assert r.json()["frozen"] is False
        assert r.json()["now"] >= "2030-01-02T01:00:00Z"


def test_clock_rejects_bad_input(own: ServerProcess) -> None:
    with own.control() as c:
        assert c.post("/clock", content=b"{nope").status_code == 400
        assert c.post("/clock", json={"set": "yesterday-ish"}).status_code == 400
        assert c.post("/clock", json={"advance_seconds": "x"}).status_code == 400


def test_tokens_expire_on_the_virtual_clock(own: ServerProcess) -> None:
    token = own.token()
    headers = {"Authorization": f"Bearer {token}"}
    assert httpx.get(own.base_url + "/v2/users/me", headers=headers).status_code == 200
    with own.control() as c:
        c.post("/clock", json={"advance_seconds": 3598})
        assert httpx.get(own.base_url + "/v2/users/me", headers=headers).status_code == 200
        c.post("/clock", json={"advance_seconds": 2})
    r = httpx.get(own.base_url + "/v2/users/me", headers=headers)
    assert r.status_code == 401
    assert r.json() == {"code": 124, "message": "Access token is expired."}


def test_tokens_survive_a_restart(own: ServerProcess) -> None:
    token = own.token()
    own.stop()
    own.start()
    r = httpx.get(own.base_url + "/v2/users/me", headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 200


def test_reset_recreates_the_dev_setup(own: ServerProcess) -> None:
    token = own.token()
    with own.control() as c:
        assert c.post("/reset").json() == {"status": "reset"}
    r = httpx.get(own.base_url + "/v2/users/me", headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 401  # tokens are state too
    with own.api() as api:
        assert api.get("/users/me").json()["email"] == "owner@example.com"


def test_a_fresh_store_starts_at_clock_start(own: ServerProcess) -> None:
    # ServerProcess starts every test server with ZOOMSTACK_CLOCK_START; a reset starts there
    # again, and the dev setup is made at that time.
    with own.control() as c:
        assert c.post("/reset").status_code == 200
        now = c.get("/clock").json()
    assert now["now"].startswith(CLOCK_START[:13]), now
    with own.api() as api:
        assert api.get("/users/me").json()["created_at"].startswith(CLOCK_START[:10])


def test_request_log(own: ServerProcess) -> None:
    with own.api() as api:
        api.get("/users/me", params={"marker": "logged"})
    with own.control() as c:
        entries = c.get("/requests", params={"limit": 50}).json()["requests"]
    assert any(e["path"] == "/v2/users/me" and "marker=logged" in e["query"] for e in entries)
