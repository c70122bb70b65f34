from __future__ import annotations

import httpx

from support.server import ServerProcess


def test_token_and_me(server: ServerProcess, api: httpx.Client) -> None:
    r = api.get("/users/me")
    assert r.status_code == 200
    assert r.json()["email"] == "owner@example.com"
    assert r.headers["x-zm-trackingid"].startswith("v=2.0;")
