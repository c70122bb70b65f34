"""Roles: default roles, custom roles, privileges and members (users' role_id follows)."""

from __future__ import annotations

import uuid
from pathlib import Path

import httpx

from support import auth
from support.schema import assert_matches_spec
from support.server import ServerProcess
from support.users import create_user

SPEC = "accounts.json"


def _name() -> str:
    return f"Helpdesk {uuid.uuid4().hex[:8]}"


def test_default_roles_exist(api: httpx.Client, shared: Path) -> None:
    r = api.get("/roles")
    assert r.status_code == 200
    body = r.json()
    assert_matches_spec(shared, SPEC, "GET", "/roles", 200, body)
    by_id = {role["id"]: role for role in body["roles"]}
    assert by_id["0"]["name"] == "Owner" and by_id["1"]["name"] == "Admin"
    assert by_id["2"]["name"] == "Member"
    assert by_id["0"]["total_members"] >= 1
    r = api.get("/roles/1")
    assert r.status_code == 200
    assert_matches_spec(shared, SPEC, "GET", "/roles/{roleId}", 200, r.json())
    assert "User:Read" in r.json()["privileges"]
    assert api.get("/roles", params={"type": "iq"}).json()["roles"] == []
    assert api.get("/roles", params={"type": "nope"}).status_code == 400


def test_role_lifecycle_and_members(api: httpx.Client, shared: Path) -> None:
    name = _name()
    r = api.post("/roles", json={"name": name, "description": "d", "privileges": ["User:Read"]})
    assert r.status_code in (200, 201), r.text
    created = r.json()
    assert_matches_spec(shared, SPEC, "POST", "/roles", r.status_code, created)
    rid = created["id"]
    assert created["name"] == name and created["privileges"] == ["User:Read"]

    r = api.patch(f"/roles/{rid}", json={"privileges": ["User:Read", "User:Edit"]})
    assert r.status_code in (200, 204), r.text
    got = api.get(f"/roles/{rid}").json()
    assert got["privileges"] == ["User:Read", "User:Edit"] and got["total_members"] == 0

    user = create_user(api, user_type=1)
    r = api.post(f"/roles/{rid}/members", json={"members": [{"email": user["email"]}]})
    assert r.status_code == 201, r.text
    assert_matches_spec(shared, SPEC, "POST", "/roles/{roleId}/members", 201, r.json())
    assert r.json()["ids"] == user["id"]
    profile = api.get(f"/users/{user['id']}").json()
    assert profile["role_id"] == rid and profile["role_name"] == name

    r = api.get(f"/roles/{rid}/members")
    assert r.status_code == 200
    assert_matches_spec(shared, SPEC, "GET", "/roles/{roleId}/members", 200, r.json())
    assert [m["id"] for m in r.json()["members"]] == [user["id"]]
    assert api.get(f"/roles/{rid}").json()["total_members"] == 1
    # Permissions follow the stored role.
    r = api.get(f"/users/{user['id']}/permissions")
    if r.status_code == 200:
        assert set(r.json()["permissions"]) == {"User:Read", "User:Edit"}

    assert api.delete(f"/roles/{rid}/members/{user['id']}").status_code == 204
    assert api.get(f"/users/{user['id']}").json()["role_id"] == "2"
    r = api.delete(f"/roles/{rid}/members/{user['id']}")
    assert r.status_code == 404

    api.post(f"/roles/{rid}/members", json={"members": [{"id": user["id"]}]})
    assert api.delete(f"/roles/{rid}").status_code == 204
    assert api.get(f"/users/{user['id']}").json()["role_id"] == "2"
    r = api.get(f"/roles/{rid}")
    assert r.status_code == 400
    assert r.json() == {"code": 1034, "message": "Provided `role_id` does not exist."}


def test_role_errors(api: httpx.Client) -> None:
    name = _name()
    rid = api.post("/roles", json={"name": name}).json()["id"]
    r = api.post("/roles", json={"name": name})
    assert r.status_code == 400
    assert r.json() == {"code": 1224, "message": f"Role name {name} has already been used."}
    r = api.patch("/roles/1", json={"name": name})
    assert r.status_code == 400 and r.json()["code"] == 1224
    for method, path in (
        ("GET", "/roles/nope"),
        ("PATCH", "/roles/nope"),
        ("DELETE", "/roles/nope"),
        ("GET", "/roles/nope/members"),
        ("POST", "/roles/nope/members"),
        ("DELETE", "/roles/nope/members/abc"),
    ):
        body = {"members": [{"id": "x"}]} if method == "POST" else {"name": "x"}
        r = api.request(method, path, json=body if method in ("POST", "PATCH") else None)
        assert r.status_code == 400 and r.json()["code"] == 1034, (method, path, r.text)
    user = create_user(api, user_type=1)
    for role in ("0", "2"):
        r = api.post(f"/roles/{role}/members", json={"members": [{"id": user["id"]}]})
        assert r.status_code == 400 and r.json()["code"] == 300
    r = api.post(f"/roles/{rid}/members", json={"members": [{"id": "nobody-here"}]})
    assert r.status_code == 404 and r.json()["code"] == 1001
    assert api.delete("/roles/1").status_code == 400
    api.delete(f"/roles/{rid}")


def test_roles_are_per_account(api: httpx.Client, server: ServerProcess) -> None:
    rid = api.post("/roles", json={"name": _name()}).json()["id"]
    account = auth.create_account(server)
    with auth.client(server, auth.account_token(server, account)) as other:
        ids = {r["id"] for r in other.get("/roles").json()["roles"]}
        assert ids == {"0", "1", "2"}
        assert other.get(f"/roles/{rid}").status_code == 400
        assert other.patch("/roles/1", json={"description": "theirs"}).status_code in (200, 204)
    assert api.get("/roles/1").json()["description"] != "theirs"
    api.delete(f"/roles/{rid}")
