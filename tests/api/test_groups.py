"""Groups: CRUD, members kept in sync with users' group_ids, settings, locked settings,
virtual backgrounds, events and the master-account mirror."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import httpx

from support.schema import assert_matches_spec
from support.server import ACCOUNT_ID, ServerProcess
from support.users import (
    assert_event_matches_spec,
    assert_matches_branch,
    create_user,
    one_event,
    outbox_mark,
)

SPEC = "users.json"
PNG = b"\x89PNG\r\n\x1a\n" + bytes(32)


def _group(api: httpx.Client, base: str = "/groups") -> dict[str, Any]:
    r = api.post(base, json={"name": f"Group {uuid.uuid4().hex[:10]}"})
    assert r.status_code == 201, r.text
    return dict(r.json())


def _error(r: httpx.Response, status: int, code: int) -> dict[str, Any]:
    assert r.status_code == status, r.text
    body = dict(r.json())
    assert body["code"] == code, body
    return body


def test_group_lifecycle_and_events(api: httpx.Client, server: ServerProcess, shared: Path) -> None:
    mark = outbox_mark(server)
    created = _group(api)
    assert_matches_spec(shared, SPEC, "POST", "/groups", 201, created)
    assert created["total_members"] == 0
    gid = created["id"]
    assert_event_matches_spec(
        shared, "webhooks/users.json", one_event(server, mark, "group.created", gid)
    )

    got = api.get(f"/groups/{gid}")
    assert got.status_code == 200
    assert_matches_spec(shared, SPEC, "GET", "/groups/{groupId}", 200, got.json())
    assert got.json() == created

    new_name = f"Renamed {uuid.uuid4().hex[:8]}"
    assert api.patch(f"/groups/{gid}", json={"name": new_name}).status_code == 204
    assert api.get(f"/groups/{gid}").json()["name"] == new_name
    updated = one_event(server, mark, "group.updated", gid)
    assert updated["payload"]["old_object"]["name"] == created["name"]
    assert_event_matches_spec(shared, "webhooks/users.json", updated)

    listed = api.get("/groups", params={"page_size": 300})
    assert listed.status_code == 200
    assert_matches_spec(shared, SPEC, "GET", "/groups", 200, listed.json())
    assert gid in {g["id"] for g in listed.json()["groups"]}

    assert api.delete(f"/groups/{gid}").status_code == 204
    body = _error(api.get(f"/groups/{gid}"), 404, 4130)
    assert body["message"] == f"A group with this {gid} does not exist."
    assert_event_matches_spec(
        shared, "webhooks/users.json", one_event(server, mark, "group.deleted", gid)
    )


def test_group_errors(api: httpx.Client) -> None:
    group = _group(api)
    body = _error(api.post("/groups", json={"name": group["name"]}), 409, 4132)
    assert group["name"] in body["message"]
    _error(api.post("/groups", json={"name": "  "}), 400, 300)
    other = _group(api)
    _error(api.patch(f"/groups/{other['id']}", json={"name": group["name"]}), 409, 4132)
    _error(api.patch("/groups/nosuchgroup", json={"name": "x"}), 404, 4130)
    _error(api.delete("/groups/nosuchgroup"), 404, 4130)
    _error(api.get("/groups/nosuchgroup/members"), 404, 4130)


def test_members_sync_with_users(api: httpx.Client, server: ServerProcess, shared: Path) -> None:
    group = _group(api)
    gid = group["id"]
    a, b = create_user(api), create_user(api)
    mark = outbox_mark(server)
    r = api.post(
        f"/groups/{gid}/members",
        json={"members": [{"id": a["id"]}, {"email": b["email"]}, {"email": "nobody@example.com"}]},
    )
    assert r.status_code == 201, r.text
    assert_matches_spec(shared, SPEC, "POST", "/groups/{groupId}/members", 201, r.json())
    assert set(r.json()["ids"].split(",")) == {a["id"], b["id"]}
    added = one_event(server, mark, "group.member_added", gid)
    assert_event_matches_spec(shared, "webhooks/users.json", added)
    assert gid in api.get(f"/users/{a['id']}").json()["group_ids"]
    assert api.get(f"/groups/{gid}").json()["total_members"] == 2

    listed = api.get(f"/groups/{gid}/members", params={"page_size": 1})
    assert listed.status_code == 200
    assert_matches_spec(shared, SPEC, "GET", "/groups/{groupId}/members", 200, listed.json())
    assert listed.json()["total_records"] == 2 and listed.json()["page_count"] == 2
    nxt = api.get(
        f"/groups/{gid}/members",
        params={"page_size": 1, "next_page_token": listed.json()["next_page_token"]},
    ).json()
    ids = {listed.json()["members"][0]["id"], nxt["members"][0]["id"]}
    assert ids == {a["id"], b["id"]}

    assert api.delete(f"/groups/{gid}/members/{a['id']}").status_code == 204
    assert gid not in api.get(f"/users/{a['id']}").json()["group_ids"]
    removed = one_event(server, mark, "group.member_deleted", gid)
    assert_event_matches_spec(shared, "webhooks/users.json", removed)
    body = _error(api.delete(f"/groups/{gid}/members/{a['id']}"), 404, 4131)
    assert body["message"] == "Group member does not exist."

    # Deleting the group drops it from its members.
    assert api.delete(f"/groups/{gid}").status_code == 204
    assert gid not in api.get(f"/users/{b['id']}").json()["group_ids"]


def test_member_move_and_primary(api: httpx.Client) -> None:
    g1, g2 = _group(api), _group(api)
    user = create_user(api)
    api.post(f"/groups/{g1['id']}/members", json={"members": [{"id": user["id"]}]})
    r = api.patch(
        f"/groups/{g1['id']}/members/{user['id']}",
        json={"action": "move", "target_group_id": g2["id"]},
    )
    assert r.status_code == 204, r.text
    assert api.get(f"/users/{user['id']}").json()["group_ids"] == [g2["id"]]
    api.post(f"/groups/{g1['id']}/members", json={"members": [{"id": user["id"]}]})
    r = api.patch(f"/groups/{g1['id']}/members/{user['id']}", json={"action": "set_primary"})
    assert r.status_code == 204
    assert api.get(f"/users/{user['id']}").json()["group_ids"] == [g1["id"], g2["id"]]
    _error(api.patch(f"/groups/{g1['id']}/members/{user['id']}", json={"action": "move"}), 400, 300)
    _error(
        api.patch(
            f"/groups/{g1['id']}/members/{user['id']}",
            json={"action": "move", "target_group_id": "nosuch"},
        ),
        404,
        4130,
    )
    _error(api.patch(f"/groups/{g1['id']}/members/{user['id']}", json={"action": "bad"}), 400, 300)
    other = create_user(api)
    _error(
        api.patch(f"/groups/{g1['id']}/members/{other['id']}", json={"action": "set_primary"}),
        404,
        4131,
    )


def test_group_settings(api: httpx.Client, server: ServerProcess, shared: Path) -> None:
    gid = _group(api)["id"]
    r = api.get(f"/groups/{gid}/settings")
    assert r.status_code == 200
    assert_matches_branch(shared, SPEC, "GET", "/groups/{groupId}/settings", 200, 0, r.json())
    before = r.json()["in_meeting"]["chat"]
    mark = outbox_mark(server)
    r = api.patch(f"/groups/{gid}/settings", json={"in_meeting": {"chat": not before}})
    assert r.status_code == 204, r.text
    assert api.get(f"/groups/{gid}/settings").json()["in_meeting"]["chat"] is (not before)
    event = one_event(server, mark, "group.settings_updated", gid)
    assert event["payload"]["object"]["settings"] == {"in_meeting": {"chat": not before}}
    assert event["payload"]["old_object"]["settings"] == {"in_meeting": {"chat": before}}

    sec = api.get(f"/groups/{gid}/settings", params={"option": "meeting_security"})
    assert sec.status_code == 200
    assert_matches_branch(shared, SPEC, "GET", "/groups/{groupId}/settings", 200, 2, sec.json())
    r = api.patch(
        f"/groups/{gid}/settings",
        params={"option": "meeting_security"},
        json={"meeting_security": {"auto_security": False}},
    )
    assert r.status_code == 204, r.text
    sec = api.get(f"/groups/{gid}/settings", params={"option": "meeting_security"}).json()
    assert sec["meeting_security"]["auto_security"] is False
    _error(api.get(f"/groups/{gid}/settings", params={"option": "bogus"}), 400, 300)
    body = _error(api.get("/groups/nosuch/settings"), 404, 4130)
    assert body["message"] == "Group does not exist: nosuch."
    _error(api.patch("/groups/nosuch/settings", json={}), 404, 4130)


def test_group_lock_settings(api: httpx.Client, server: ServerProcess, shared: Path) -> None:
    gid = _group(api)["id"]
    r = api.get(f"/groups/{gid}/lock_settings")
    assert r.status_code == 200
    assert_matches_branch(shared, SPEC, "GET", "/groups/{groupId}/lock_settings", 200, 0, r.json())
    assert r.json()["in_meeting"]["chat"] is False
    mark = outbox_mark(server)
    r = api.patch(f"/groups/{gid}/lock_settings", json={"in_meeting": {"chat": True}})
    assert r.status_code == 204, r.text
    assert api.get(f"/groups/{gid}/lock_settings").json()["in_meeting"]["chat"] is True
    event = one_event(server, mark, "group.lock_settings_updated", gid)
    assert_event_matches_spec(shared, "webhooks/users.json", event)
    _error(api.get("/groups/nosuch/lock_settings"), 404, 4130)


def test_group_virtual_backgrounds(api: httpx.Client, shared: Path) -> None:
    gid = _group(api)["id"]
    path = f"/groups/{gid}/settings/virtual_backgrounds"
    r = api.post(path, files={"file": ("bg.png", PNG, "image/png")})
    assert r.status_code == 201, r.text
    assert_matches_spec(
        shared, SPEC, "POST", "/groups/{groupId}/settings/virtual_backgrounds", 201, r.json()
    )
    file_id = r.json()["id"]
    _error(api.post(path, files={"file": ("x.txt", b"hello", "text/plain")}), 400, 120)
    _error(api.delete(path, params={"file_ids": "nosuch"}), 400, 300)
    assert api.delete(path, params={"file_ids": file_id}).status_code == 204
    _error(api.delete(path, params={"file_ids": file_id}), 400, 300)


def test_master_account_group_paths(api: httpx.Client) -> None:
    base = f"/accounts/{ACCOUNT_ID}/groups"
    group = _group(api, base)
    assert api.get(f"/groups/{group['id']}").json()["name"] == group["name"]
    user = create_user(api)
    r = api.post(f"{base}/{group['id']}/members", json={"members": [{"id": user["id"]}]})
    assert r.status_code == 201
    listed = api.get(f"{base}/{group['id']}/members").json()
    assert [m["id"] for m in listed["members"]] == [user["id"]]
    assert api.delete(f"{base}/{group['id']}").status_code == 204
