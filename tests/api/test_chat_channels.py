"""Team Chat channels: user- and account-level paths, members, join/leave, events."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import httpx

from support.schema import assert_matches_spec
from support.server import ServerProcess
from support.users import assert_event_matches_spec, create_user, one_event, outbox_mark

SPEC = "team-chat.json"
EVENTS = "webhooks/team-chat.json"


def _error(r: httpx.Response, status: int, code: int) -> dict[str, Any]:
    assert r.status_code == status, r.text
    body = dict(r.json())
    assert body["code"] == code, body
    return body


def _channel(
    api: httpx.Client, owner: str = "me", members: list[str] | None = None, type_: int = 1
) -> dict[str, Any]:
    body = {
        "name": f"chan-{uuid.uuid4().hex[:10]}",
        "type": type_,
        "members": [{"email": e} for e in members or []],
    }
    r = api.post(f"/chat/users/{owner}/channels", json=body)
    assert r.status_code == 201, r.text
    return dict(r.json())


def test_channel_lifecycle(api: httpx.Client, server: ServerProcess, shared: Path) -> None:
    member = create_user(api)
    mark = outbox_mark(server)
    created = _channel(api, members=[member["email"]])
    assert_matches_spec(shared, SPEC, "POST", "/chat/users/{userId}/channels", 201, created)
    cid = created["id"]
    event = one_event(server, mark, "chat_channel.created", cid)
    assert_event_matches_spec(shared, EVENTS, event)
    assert len(event["payload"]["object"]["members"]) == 2

    got = api.get(f"/chat/users/me/channels/{cid}")
    assert got.status_code == 200
    assert_matches_spec(
        shared, SPEC, "GET", "/chat/users/{userId}/channels/{channelId}", 200, got.json()
    )
    assert got.json()["channel_settings"]["posting_permissions"] == 1
    same = api.get(f"/chat/channels/{cid}")
    assert same.status_code == 200 and same.json() == got.json()
    assert_matches_spec(shared, SPEC, "GET", "/chat/channels/{channelId}", 200, same.json())
    # The invited member sees it too.
    assert api.get(f"/chat/users/{member['id']}/channels/{cid}").status_code == 200

    listed = api.get("/chat/users/me/channels", params={"page_size": 1000})
    assert listed.status_code == 200
    assert_matches_spec(shared, SPEC, "GET", "/chat/users/{userId}/channels", 200, listed.json())
    assert cid in {c["id"] for c in listed.json()["channels"]}

    new_name = f"renamed-{uuid.uuid4().hex[:8]}"
    r = api.patch(f"/chat/users/me/channels/{cid}", json={"name": new_name})
    assert r.status_code == 204, r.text
    assert api.get(f"/chat/channels/{cid}").json()["name"] == new_name
    assert_event_matches_spec(shared, EVENTS, one_event(server, mark, "chat_channel.updated", cid))
    r = api.patch(f"/chat/channels/{cid}", json={"channel_settings": {"posting_permissions": 2}})
    assert r.status_code == 204, r.text
    settings = api.get(f"/chat/channels/{cid}").json()["channel_settings"]
    assert settings["posting_permissions"] == 2

    # Members cannot update or delete; the owner can.
    _error(api.patch(f"/chat/users/{member['id']}/channels/{cid}", json={"name": "x"}), 403, 200)
    _error(api.delete(f"/chat/users/{member['id']}/channels/{cid}"), 400, 200)
    assert api.delete(f"/chat/users/me/channels/{cid}").status_code == 204
    assert_event_matches_spec(shared, EVENTS, one_event(server, mark, "chat_channel.deleted", cid))
    body = _error(api.get(f"/chat/channels/{cid}"), 404, 4130)
    assert body["message"] == f"Channel does not exist: {cid}."


def test_channel_errors(api: httpx.Client) -> None:
    channel = _channel(api)
    r = api.post("/chat/users/me/channels", json={"name": channel["name"], "type": 1})
    _error(r, 400, 300)
    r = api.post(
        "/chat/users/me/channels",
        json={"name": "x-" + uuid.uuid4().hex, "members": [{"email": "nobody@example.com"}]},
    )
    _error(r, 400, 5301)
    _error(api.post("/chat/users/me/channels", json={"name": "x", "type": 9}), 400, 300)
    _error(api.post("/chat/users/nosuchuser/channels", json={"name": "x"}), 404, 1001)
    outsider = create_user(api)
    _error(api.get(f"/chat/users/{outsider['id']}/channels/{channel['id']}"), 400, 200)
    _error(api.get("/chat/users/me/channels/nosuchchannel"), 404, 4130)
    api.delete(f"/chat/channels/{channel['id']}")


def test_channel_members(api: httpx.Client, server: ServerProcess, shared: Path) -> None:
    a, b = create_user(api), create_user(api)
    cid = _channel(api)["id"]
    mark = outbox_mark(server)
    r = api.post(
        f"/chat/users/me/channels/{cid}/members",
        json={"members": [{"email": a["email"]}, {"email": b["email"]}]},
    )
    assert r.status_code == 201, r.text
    path = "/chat/users/{userId}/channels/{channelId}/members"
    assert_matches_spec(shared, SPEC, "POST", path, 201, r.json())
    assert set(r.json()["ids"].split(",")) == {a["id"], b["id"]}
    assert_event_matches_spec(
        shared, EVENTS, one_event(server, mark, "chat_channel.member_invited", cid)
    )

    listed = api.get(f"/chat/users/me/channels/{cid}/members", params={"page_size": 2})
    assert listed.status_code == 200
    assert_matches_spec(shared, SPEC, "GET", path, 200, listed.json())
    body = listed.json()
    assert body["total_records"] == 3 and len(body["members"]) == 2 and body["next_page_token"]
    roles = {m["id"]: m["role"] for m in body["members"]}
    rest = api.get(
        f"/chat/users/me/channels/{cid}/members",
        params={"page_size": 2, "next_page_token": body["next_page_token"]},
    ).json()
    roles.update({m["id"]: m["role"] for m in rest["members"]})
    assert roles[a["id"]] == "member" and "owner" in roles.values()

    # A plain member cannot remove others.
    _error(api.delete(f"/chat/users/{a['id']}/channels/{cid}/members/{b['id']}"), 400, 200)
    assert api.delete(f"/chat/users/me/channels/{cid}/members/{a['email']}").status_code == 204
    event = one_event(server, mark, "chat_channel.member_removed", cid)
    # This one event's schema types event_ts as a string, unlike every other Zoom event; the
    # server keeps the integer all events carry, so only the rest is checked against it.
    assert isinstance(event["event_ts"], int)
    assert_event_matches_spec(shared, EVENTS, {**event, "event_ts": str(event["event_ts"])})
    _error(api.delete(f"/chat/users/me/channels/{cid}/members/{a['id']}"), 400, 5301)
    assert api.delete(f"/chat/channels/{cid}/members/{b['id']}").status_code == 204
    _error(api.delete(f"/chat/channels/{cid}/members/{b['id']}"), 400, 5301)
    api.delete(f"/chat/channels/{cid}")


def test_join_and_leave(api: httpx.Client, server: ServerProcess, shared: Path) -> None:
    other = create_user(api)
    public = _channel(api, owner=other["id"], type_=3)
    cid = public["id"]
    mark = outbox_mark(server)
    r = api.post(f"/chat/channels/{cid}/members/me")
    assert r.status_code == 201, r.text
    assert_matches_spec(
        shared, SPEC, "POST", "/chat/channels/{channelId}/members/me", 201, r.json()
    )
    assert_event_matches_spec(
        shared, EVENTS, one_event(server, mark, "chat_channel.member_joined", cid)
    )
    _error(api.post(f"/chat/channels/{cid}/members/me"), 400, 5301)
    assert api.delete(f"/chat/channels/{cid}/members/me").status_code == 204
    assert_event_matches_spec(
        shared, EVENTS, one_event(server, mark, "chat_channel.member_left", cid)
    )
    _error(api.delete(f"/chat/channels/{cid}/members/me"), 400, 5301)

    private = _channel(api, owner=other["id"], type_=1)
    _error(api.post(f"/chat/channels/{private['id']}/members/me"), 400, 5301)
    # The owner cannot leave its own channel.
    mine = _channel(api)
    _error(api.delete(f"/chat/channels/{mine['id']}/members/me"), 400, 5301)
    for c in (public, private):
        api.delete(f"/chat/users/{other['id']}/channels/{c['id']}")
    api.delete(f"/chat/channels/{mine['id']}")


def test_batch_delete_channels(api: httpx.Client) -> None:
    first, second = _channel(api), _channel(api)
    r = api.delete(
        "/chat/users/me/channels", params={"channel_ids": f"{first['id']},{second['id']}"}
    )
    assert r.status_code == 202, r.text
    for c in (first, second):
        _error(api.get(f"/chat/channels/{c['id']}"), 404, 4130)
    _error(api.delete("/chat/users/me/channels", params={"channel_ids": ""}), 400, 4300)
    many = ",".join(f"c{i}" for i in range(51))
    _error(api.delete("/chat/users/me/channels", params={"channel_ids": many}), 400, 4301)
    _error(api.delete("/chat/users/me/channels", params={"channel_ids": "nosuch"}), 404, 4400)
    other = create_user(api)
    theirs = _channel(api, owner=other["id"])
    r = api.delete("/chat/users/me/channels", params={"channel_ids": theirs["id"]})
    _error(r, 403, 4100)
    api.delete(f"/chat/users/{other['id']}/channels/{theirs['id']}")


def test_user_level_member_paths_and_batch_removal(api: httpx.Client, shared: Path) -> None:
    a, b, c = create_user(api), create_user(api), create_user(api)
    cid = _channel(api)["id"]
    r = api.post(
        f"/chat/channels/{cid}/members",
        json={"members": [{"email": u["email"]} for u in (a, b, c)]},
    )
    assert r.status_code == 201, r.text
    assert_matches_spec(shared, SPEC, "POST", "/chat/channels/{channelId}/members", 201, r.json())
    listed = api.get(f"/chat/channels/{cid}/members")
    assert listed.status_code == 200
    assert_matches_spec(
        shared, SPEC, "GET", "/chat/channels/{channelId}/members", 200, listed.json()
    )
    assert listed.json()["total_records"] == 4
    member_ids = {m["id"]: m["member_id"] for m in listed.json()["members"]}

    path = f"/chat/users/me/channels/{cid}/members"
    assert api.delete(path, params={"identifiers": f"{a['id']},{b['email']}"}).status_code == 204
    _error(api.delete(path, params={"identifiers": a["id"]}), 400, 5301)
    me = api.get("/users/me").json()
    _error(api.delete(path, params={"identifiers": me["id"]}), 400, 300)
    r = api.delete(f"/chat/channels/{cid}/members", params={"member_ids": member_ids[c["id"]]})
    assert r.status_code == 204, r.text
    assert api.get(f"/chat/channels/{cid}/members").json()["total_records"] == 1
    api.delete(f"/chat/channels/{cid}")
