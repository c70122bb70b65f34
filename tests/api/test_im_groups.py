"""IM directory groups: CRUD, members kept in sync with users' im_group_ids, master mirror."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import httpx

from support.schema import assert_matches_spec
from support.server import ACCOUNT_ID
from support.users import create_user

SPEC = "team-chat.json"


def _im_group(api: httpx.Client, base: str = "/im/groups", **extra: Any) -> dict[str, Any]:
    r = api.post(base, json={"name": f"IM {uuid.uuid4().hex[:10]}", **extra})
    assert r.status_code == 201, r.text
    return dict(r.json())


def _error(r: httpx.Response, status: int, code: int) -> dict[str, Any]:
    assert r.status_code == status, r.text
    body = dict(r.json())
    assert body["code"] == code, body
    return body


def test_im_group_lifecycle(api: httpx.Client, shared: Path) -> None:
    created = _im_group(api, search_by_domain=True)
    assert_matches_spec(shared, SPEC, "POST", "/im/groups", 201, created)
    assert created["search_by_domain"] is True and created["type"] == "normal"
    gid = created["id"]
    got = api.get(f"/im/groups/{gid}")
    assert got.status_code == 200
    assert_matches_spec(shared, SPEC, "GET", "/im/groups/{groupId}", 200, got.json())
    r = api.patch(f"/im/groups/{gid}", json={"type": "restricted", "search_by_account": True})
    assert r.status_code == 204, r.text
    got = api.get(f"/im/groups/{gid}").json()
    assert got["type"] == "restricted" and got["search_by_account"] is True
    listed = api.get("/im/groups")
    assert listed.status_code == 200
    assert_matches_spec(shared, SPEC, "GET", "/im/groups", 200, listed.json())
    assert gid in {g["id"] for g in listed.json()["groups"]}
    assert listed.json()["total_records"] == len(listed.json()["groups"])
    assert api.delete(f"/im/groups/{gid}").status_code == 204
    body = _error(api.get(f"/im/groups/{gid}"), 404, 4130)
    assert body["message"] == f"IM group does not exist: {gid}."


def test_im_group_errors(api: httpx.Client) -> None:
    group = _im_group(api)
    _error(api.post("/im/groups", json={"name": group["name"]}), 409, 4132)
    _error(api.post("/im/groups", json={"name": "x", "type": "bogus"}), 400, 300)
    _error(api.post("/im/groups", json={"name": "x" * 129}), 400, 300)
    _error(api.patch("/im/groups/nosuch", json={"name": "y"}), 404, 4130)
    _error(api.delete("/im/groups/nosuch"), 404, 4130)
    _error(api.get("/im/groups/nosuch/members"), 404, 4130)
    _error(api.post("/im/groups/nosuch/members", json={"members": []}), 404, 4130)


def test_im_group_members(api: httpx.Client, shared: Path) -> None:
    gid = _im_group(api)["id"]
    a, b = create_user(api), create_user(api)
    r = api.post(
        f"/im/groups/{gid}/members", json={"members": [{"id": a["id"]}, {"email": b["email"]}]}
    )
    assert r.status_code == 201, r.text
    assert_matches_spec(shared, SPEC, "POST", "/im/groups/{groupId}/members", 201, r.json())
    assert gid in api.get(f"/users/{a['id']}").json()["im_group_ids"]
    listed = api.get(f"/im/groups/{gid}/members")
    assert listed.status_code == 200
    assert_matches_spec(shared, SPEC, "GET", "/im/groups/{groupId}/members", 200, listed.json())
    assert {m["id"] for m in listed.json()["members"]} == {a["id"], b["id"]}
    assert api.get(f"/im/groups/{gid}").json()["total_members"] == 2
    assert api.delete(f"/im/groups/{gid}/members/{b['email']}").status_code == 204
    assert gid not in api.get(f"/users/{b['id']}").json()["im_group_ids"]
    _error(api.delete(f"/im/groups/{gid}/members/{b['id']}"), 404, 4131)
    assert api.delete(f"/im/groups/{gid}").status_code == 204
    assert gid not in api.get(f"/users/{a['id']}").json()["im_group_ids"]


def test_master_account_im_group_paths(api: httpx.Client) -> None:
    base = f"/accounts/{ACCOUNT_ID}/im/groups"
    group = _im_group(api, base)
    assert api.get(f"/im/groups/{group['id']}").status_code == 200
    user = create_user(api)
    r = api.post(f"{base}/{group['id']}/members", json={"members": [{"id": user["id"]}]})
    assert r.status_code == 201
    assert api.get(f"{base}/{group['id']}/members").json()["total_records"] == 1
    assert api.delete(f"{base}/{group['id']}").status_code == 204
