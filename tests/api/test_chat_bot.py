"""Chatbot messages (/im/chat/messages): send to a channel or user JID, edit, delete."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import httpx

from support.schema import assert_matches_spec
from support.server import ACCOUNT_ID

SPEC = "chatbot.json"
ROBOT = "v1abcdefghijklmnopqrst@xmpp.zoom.us"


def _error(r: httpx.Response, status: int, code: int) -> dict[str, Any]:
    assert r.status_code == status, r.text
    body = dict(r.json())
    assert body["code"] == code, body
    return body


def _content(text: str) -> dict[str, Any]:
    return {"head": {"text": text}, "body": [{"type": "message", "text": text}]}


def test_chatbot_message_lifecycle(api: httpx.Client, shared: Path) -> None:
    r = api.post("/chat/users/me/channels", json={"name": f"bot-{uuid.uuid4().hex[:8]}", "type": 1})
    channel = r.json()
    me = api.get("/users/me").json()
    body = {
        "robot_jid": ROBOT,
        "to_jid": channel["jid"],
        "account_id": ACCOUNT_ID,
        "user_jid": me["jid"],
        "content": _content("hello"),
    }
    r = api.post("/im/chat/messages", json=body)
    assert r.status_code == 201, r.text
    assert_matches_spec(shared, SPEC, "POST", "/im/chat/messages", 201, r.json())
    sent = r.json()
    assert sent["to_jid"] == channel["jid"] and sent["robot_jid"] == ROBOT
    # A user's JID is a valid target as well.
    assert api.post("/im/chat/messages", json={**body, "to_jid": me["jid"]}).status_code == 201

    mid = sent["message_id"]
    edit = {"robot_jid": ROBOT, "account_id": ACCOUNT_ID, "content": _content("edited")}
    r = api.put(f"/im/chat/messages/{mid}", json=edit)
    assert r.status_code == 200, r.text
    assert_matches_spec(shared, SPEC, "PUT", "/im/chat/messages/{message_id}", 200, r.json())
    assert r.json()["message_id"] == mid
    r = api.delete(
        f"/im/chat/messages/{mid}", params={"account_id": ACCOUNT_ID, "robot_jid": ROBOT}
    )
    assert r.status_code == 200, r.text
    assert_matches_spec(shared, SPEC, "DELETE", "/im/chat/messages/{message_id}", 200, r.json())
    _error(api.delete(f"/im/chat/messages/{mid}"), 404, 8001)
    _error(api.put(f"/im/chat/messages/{mid}", json=edit), 404, 8001)
    api.delete(f"/chat/channels/{channel['id']}")


def test_chatbot_errors(api: httpx.Client) -> None:
    me = api.get("/users/me").json()
    base = {
        "robot_jid": ROBOT,
        "to_jid": me["jid"],
        "account_id": ACCOUNT_ID,
        "user_jid": me["jid"],
        "content": _content("x"),
    }
    _error(api.post("/im/chat/messages", content=b"not json"), 400, 7001)
    _error(
        api.post("/im/chat/messages", json={k: v for k, v in base.items() if k != "content"}),
        400,
        7001,
    )
    _error(api.post("/im/chat/messages", json={**base, "content": "text"}), 400, 7001)
    _error(api.post("/im/chat/messages", json={**base, "robot_jid": "nojid"}), 404, 7002)
    _error(api.post("/im/chat/messages", json={**base, "to_jid": "nobody@xmpp.zoom.us"}), 403, 7004)
