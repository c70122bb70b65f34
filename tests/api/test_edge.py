"""The HTTP edge: routing, Zoom's error shapes, tracking ids, tolerance of client quirks."""

from __future__ import annotations

import httpx

from support.server import ServerProcess


def test_unknown_route(api: httpx.Client) -> None:
    r = api.get("/no/such/route")
    assert r.status_code == 404
    assert r.json() == {"code": 64041, "message": "Route Not Found"}
    assert r.headers["x-zm-trackingid"].startswith("v=2.0;clid=")


def test_unknown_route_outside_v2(server: ServerProcess) -> None:
    r = httpx.get(server.base_url + "/v3/users")
    assert r.status_code == 404
    assert r.json()["code"] == 64041


def test_wrong_method(api: httpx.Client) -> None:
    r = api.request("PUT", "/users/me/zak")
    assert r.status_code == 405
    assert r.json()["code"] == 405


def test_not_built_yet_answers_501_naming_the_operation(
    api: httpx.Client, control: httpx.Client
) -> None:
    ops = control.get("/ops").json()["operations"]
    todo = next(
        o for o in ops if not o["implemented"] and o["method"] == "GET" and "{" not in o["path"]
    )
    r = api.get(todo["path"].removeprefix("/v2"))
    assert r.status_code == 501
    body = r.json()
    assert body["code"] == 501
    assert todo["operation_id"] in body["message"]


def test_trailing_slash_and_unknown_query_parameters(api: httpx.Client) -> None:
    assert api.get("/users/me/").status_code == 200
    assert api.get("/users/me", params={"id": "me", "whatever": "1"}).status_code == 200


def test_user_by_email_and_unknown_user(api: httpx.Client) -> None:
    me = api.get("/users/me").json()
    assert api.get(f"/users/{me['email']}").json()["id"] == me["id"]
    assert api.get(f"/users/{me['email'].upper()}").json()["id"] == me["id"]
    r = api.get("/users/nobody@example.com")
    assert r.status_code == 404
    assert r.json() == {"code": 1001, "message": "User does not exist: nobody@example.com."}


def test_every_response_has_a_tracking_id(server: ServerProcess) -> None:
    for path in ("/", "/_zoomstack/health", "/v2/users/me", "/nowhere"):
        assert "x-zm-trackingid" in httpx.get(server.base_url + path).headers


def test_json_content_type(api: httpx.Client) -> None:
    r = api.get("/users/me")
    assert r.headers["content-type"].startswith("application/json")


def test_nul_characters_never_reach_the_store(api: httpx.Client) -> None:
    # PostgreSQL text cannot hold NUL; both engines answer the same way.
    r = api.get("/users/a%00b")
    assert r.status_code == 404
    assert r.json()["code"] == 1001
    r = api.get("/accounts/%00/users/me")
    assert r.status_code == 404
    r = api.post(
        "/users",
        json={"action": "custCreate", "user_info": {"email": "nul\u0000@example.com", "type": 1}},
    )
    assert r.status_code == 400
    assert r.json()["code"] == 300
