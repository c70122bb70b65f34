"""Team Chat messages to channels and contacts: send, list (paging, date filters), edit,
delete, replies and events."""

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
MESSAGES = "/chat/users/{userId}/messages"


def _error(r: httpx.Response, status: int, code: int) -> dict[str, Any]:
    assert r.status_code == status, r.text
    body = dict(r.json())
    assert body["code"] == code, body
    return body


def _channel(api: httpx.Client, members: list[str]) -> str:
    body = {
        "name": f"msg-{uuid.uuid4().hex[:10]}",
        "type": 1,
        "members": [{"email": e} for e in members],
    }
    r = api.post("/chat/users/me/channels", json=body)
    assert r.status_code == 201, r.text
    return str(r.json()["id"])


def _send(api: httpx.Client, user: str = "me", **body: Any) -> str:
    r = api.post(f"/chat/users/{user}/messages", json=body)
    assert r.status_code == 201, r.text
    return str(r.json()["id"])


def test_channel_messages(api: httpx.Client, server: ServerProcess, shared: Path) -> None:
    member = create_user(api)
    cid = _channel(api, [member["email"]])
    mark = outbox_mark(server)
    r = api.post("/chat/users/me/messages", json={"message": "hello", "to_channel": cid})
    assert r.status_code == 201, r.text
    assert_matches_spec(shared, SPEC, "POST", MESSAGES, 201, r.json())
    first = r.json()["id"]
    sent = one_event(server, mark, "chat_message.sent", first)
    assert sent["payload"]["object"]["channel_id"] == cid
    assert sent["payload"]["object"]["type"] == "to_channel"
    assert_event_matches_spec(shared, EVENTS, sent)
    second = _send(api, member["id"], message="from member", to_channel=cid)
    reply = _send(api, member["id"], message="a reply", to_channel=cid, reply_main_message_id=first)
    replied = one_event(server, mark, "chat_message.replied", reply)
    assert replied["payload"]["object"]["parent_msg_id"] == first
    assert_event_matches_spec(shared, EVENTS, replied)

    r = api.get("/chat/users/me/messages", params={"to_channel": cid, "page_size": 2})
    assert r.status_code == 200, r.text
    assert_matches_spec(shared, SPEC, "GET", MESSAGES, 200, r.json())
    body = r.json()
    assert [m["id"] for m in body["messages"]] == [reply, second]  # newest first
    assert body["messages"][0]["reply_main_message_id"] == first
    assert body["messages"][1]["sender"] == member["email"]
    assert "date" in body and body["next_page_token"]
    rest = api.get(
        "/chat/users/me/messages",
        params={"to_channel": cid, "page_size": 2, "next_page_token": body["next_page_token"]},
    ).json()
    assert [m["id"] for m in rest["messages"]] == [first]
    no_replies = api.get(
        "/chat/users/me/messages", params={"to_channel": cid, "exclude_child_message": "true"}
    ).json()
    assert reply not in {m["id"] for m in no_replies["messages"]}
    found = api.get("/chat/users/me/messages", params={"to_channel": cid, "search_key": "MEMBER"})
    assert [m["id"] for m in found.json()["messages"]] == [second]
    # A day with no messages.
    empty = api.get("/chat/users/me/messages", params={"to_channel": cid, "date": "2001-01-01"})
    assert empty.status_code == 200 and empty.json()["messages"] == []

    # Edit and delete: only the sender.
    put = api.put(f"/chat/users/me/messages/{first}", json={"message": "edited", "to_channel": cid})
    assert put.status_code == 204, put.text
    assert_event_matches_spec(
        shared, EVENTS, one_event(server, mark, "chat_message.updated", first)
    )
    _error(
        api.put(f"/chat/users/me/messages/{second}", json={"message": "x", "to_channel": cid}),
        400,
        200,
    )
    assert (
        api.delete(f"/chat/users/me/messages/{first}", params={"to_channel": cid}).status_code
        == 204
    )
    assert_event_matches_spec(
        shared, EVENTS, one_event(server, mark, "chat_message.deleted", first)
    )
    listed = api.get("/chat/users/me/messages", params={"to_channel": cid}).json()
    assert first not in {m["id"] for m in listed["messages"]}
    everything = api.get(
        "/chat/users/me/messages",
        params={"to_channel": cid, "include_deleted_and_edited_message": "true"},
    ).json()
    statuses = {m["id"]: m["status"] for m in everything["messages"]}
    assert statuses[first] == "Deleted" and statuses[second] == "Normal"
    _error(api.delete(f"/chat/users/me/messages/{first}", params={"to_channel": cid}), 400, 300)
    api.delete(f"/chat/channels/{cid}")


def test_contact_messages(api: httpx.Client, server: ServerProcess, shared: Path) -> None:
    peer = create_user(api)
    mark = outbox_mark(server)
    mid = _send(api, message="hi there", to_contact=peer["email"])
    sent = one_event(server, mark, "chat_message.sent", mid)
    assert sent["payload"]["object"]["contact_id"] == peer["id"]
    assert_event_matches_spec(shared, EVENTS, sent)
    me = api.get("/users/me").json()
    back = _send(api, peer["id"], message="hi back", to_contact=me["email"])
    # Both sides see the same conversation.
    mine = api.get("/chat/users/me/messages", params={"to_contact": peer["id"]}).json()
    theirs = api.get(
        f"/chat/users/{peer['id']}/messages",
        params={"to_contact": me["id"]},
    ).json()
    assert (
        [m["id"] for m in mine["messages"]] == [back, mid] == [m["id"] for m in theirs["messages"]]
    )
    window = api.get(
        "/chat/users/me/messages",
        params={"to_contact": peer["id"], "from": "2000-01-01T00:00:00Z"},
    )
    assert window.status_code == 200
    assert_matches_spec(shared, SPEC, "GET", MESSAGES, 200, window.json())
    assert {"from", "to"} <= set(window.json())
    assert len(window.json()["messages"]) == 2


def test_message_errors(api: httpx.Client) -> None:
    outsider = create_user(api)
    cid = _channel(api, [])
    _error(api.post("/chat/users/me/messages", json={"message": "x"}), 400, 300)
    _error(api.post("/chat/users/me/messages", json={"to_channel": cid}), 400, 300)
    body = _error(
        api.post("/chat/users/me/messages", json={"message": "x", "to_channel": "nosuch"}),
        404,
        4130,
    )
    assert body["message"] == "Channel does not exist: nosuch."
    body = _error(
        api.post("/chat/users/me/messages", json={"message": "x", "to_contact": "no@example.com"}),
        404,
        1001,
    )
    _error(
        api.post(
            f"/chat/users/{outsider['id']}/messages", json={"message": "x", "to_channel": cid}
        ),
        400,
        5301,
    )
    main = _send(api, message="main", to_channel=cid)
    reply = _send(api, message="reply", to_channel=cid, reply_main_message_id=main)
    _error(
        api.post(
            "/chat/users/me/messages",
            json={"message": "x", "to_channel": cid, "reply_main_message_id": reply},
        ),
        400,
        5402,
    )
    _error(api.get("/chat/users/me/messages"), 400, 300)
    _error(api.get("/chat/users/me/messages", params={"to_channel": cid, "date": "bad"}), 400, 300)
    _error(api.get(f"/chat/users/{outsider['id']}/messages", params={"to_channel": cid}), 400, 200)
    _error(
        api.put("/chat/users/me/messages/nosuch", json={"message": "x", "to_channel": cid}),
        400,
        300,
    )
    _error(api.put(f"/chat/users/me/messages/{main}", json={"message": "x"}), 400, 300)
    _error(api.delete(f"/chat/users/me/messages/{main}"), 400, 300)
    api.delete(f"/chat/channels/{cid}")


def test_get_one_message(api: httpx.Client, shared: Path) -> None:
    peer = create_user(api)
    mid = _send(api, message="just one", to_contact=peer["id"])
    r = api.get(f"/chat/users/me/messages/{mid}", params={"to_contact": peer["email"]})
    assert r.status_code == 200, r.text
    assert_matches_spec(
        shared, SPEC, "GET", "/chat/users/{userId}/messages/{messageId}", 200, r.json()
    )
    assert r.json()["message"] == "just one"
    _error(api.get(f"/chat/users/me/messages/{mid}"), 400, 300)
    _error(api.get("/chat/users/me/messages/nosuch", params={"to_contact": peer["id"]}), 400, 300)
