"""The legacy IM chat API, over the stored Team Chat messages."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import httpx

from support.schema import assert_matches_spec
from support.users import create_user

LEGACY = "legacy/zoom-api-2021.json"


def _error(r: httpx.Response, status: int, code: int) -> dict[str, Any]:
    assert r.status_code == status, r.text
    body = dict(r.json())
    assert body["code"] == code, body
    return body


def _today(api: httpx.Client) -> str:
    """The server's current UTC day (its clock may be virtual): a message list echoes it."""
    me = api.get("/users/me").json()
    listed = api.get("/chat/users/me/messages", params={"to_contact": me["id"]})
    return str(listed.json()["date"])


def test_send_and_list_im_messages(api: httpx.Client, shared: Path) -> None:
    peer = create_user(api)
    r = api.post(
        "/im/users/me/chat/messages",
        params={"chat_user": peer["email"]},
        json={"message": "legacy hi"},
    )
    assert r.status_code == 201, r.text
    assert_matches_spec(shared, LEGACY, "POST", "/im/users/me/chat/messages", 201, r.json())
    mid = r.json()["id"]
    # GET with `me` would meet the literal POST path in the router (405); use the ID.
    me = api.get("/users/me").json()
    r = api.get(f"/im/users/{me['id']}/chat/messages", params={"chat_user": peer["id"]})
    assert r.status_code == 200, r.text
    assert_matches_spec(shared, LEGACY, "GET", "/im/users/{userId}/chat/messages", 200, r.json())
    assert [m["id"] for m in r.json()["messages"]] == [mid]
    assert r.json()["messages"][0]["message"] == "legacy hi"
    # The same message through the Team Chat API.
    team = api.get("/chat/users/me/messages", params={"to_contact": peer["id"]}).json()
    assert mid in {m["id"] for m in team["messages"]}
    _error(api.post("/im/users/me/chat/messages", json={"message": "x"}), 400, 300)
    _error(
        api.post(
            "/im/users/me/chat/messages",
            params={"chat_user": "no@example.com"},
            json={"message": "x"},
        ),
        404,
        1001,
    )
    _error(api.get(f"/im/users/{me['id']}/chat/messages"), 400, 300)


def test_im_sessions(api: httpx.Client, shared: Path) -> None:
    peer = create_user(api)
    r = api.post(
        "/chat/users/me/channels",
        json={"name": f"sess-{uuid.uuid4().hex[:8]}", "members": [{"email": peer["email"]}]},
    )
    cid = r.json()["id"]
    api.post("/chat/users/me/messages", json={"message": "in channel", "to_channel": cid})
    api.post("/chat/users/me/messages", json={"message": "direct", "to_contact": peer["id"]})
    day = _today(api)
    r = api.get("/im/chat/sessions", params={"from": day, "to": day, "page_size": 300})
    assert r.status_code == 200, r.text
    assert_matches_spec(shared, LEGACY, "GET", "/im/chat/sessions", 200, r.json())
    sessions = {s["session_id"]: s for s in r.json()["sessions"]}
    assert sessions[cid]["type"] == "Group"
    assert any(s["type"] == "1:1" for s in sessions.values())

    r = api.get(f"/im/chat/sessions/{cid}", params={"from": day, "to": day})
    assert r.status_code == 200, r.text
    assert_matches_spec(shared, LEGACY, "GET", "/im/chat/sessions/{sessionId}", 200, r.json())
    assert [m["message"] for m in r.json()["messages"]] == ["in channel"]
    _error(api.get("/im/chat/sessions"), 400, 300)
    _error(api.get("/im/chat/sessions", params={"from": "bad", "to": day}), 400, 300)
    api.delete(f"/chat/channels/{cid}")
