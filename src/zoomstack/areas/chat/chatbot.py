"""Chatbot messages (`/im/chat/messages`): what a chatbot app posts with its client-
credentials token. Any valid token is accepted; the body names the bot and the target."""

from __future__ import annotations

from typing import Any

from zoomstack import errors, ids, jsonutil
from zoomstack.areas.chat import channels
from zoomstack.areas.users import service as users
from zoomstack.context import Ctx

KIND = "chatbot_message"
SEND_REQUIRED = ("robot_jid", "to_jid", "account_id", "content", "user_jid")
EDIT_REQUIRED = ("robot_jid", "account_id", "content")


def _bad_body() -> errors.ZoomError:
    return errors.bad_request(7001, "Invalid Request Body format.")


def _body(ctx: Ctx, required: tuple[str, ...]) -> dict[str, Any]:
    try:
        parsed = jsonutil.loads(ctx.body_bytes.strip() or b"null")
    except (jsonutil.JSONDecodeError, UnicodeDecodeError):
        raise _bad_body() from None
    if not isinstance(parsed, dict):
        raise _bad_body()
    for field in required:
        if parsed.get(field) in (None, "") or (field == "content") != isinstance(
            parsed.get(field), dict
        ):
            raise _bad_body()
    return parsed


def _check_robot(robot_jid: Any) -> str:
    jid = str(robot_jid)
    if "@" not in jid:
        raise errors.not_found(7002, "Invalid robot_jid value specified in the Request Body.")
    return jid


def _target_exists(ctx: Ctx, jid: str) -> bool:
    if channels.find_by_jid(ctx, jid) is not None:
        return True
    return any(u.get("jid") == jid for u in ctx.tx.find(users.KIND, ctx.account_id))


def _view(doc: dict[str, Any]) -> dict[str, Any]:
    return {k: doc[k] for k in ("message_id", "robot_jid", "to_jid", "user_jid", "sent_time")}


def _load(ctx: Ctx, message_id: str, message: str) -> dict[str, Any]:
    doc = ctx.tx.get(KIND, message_id, ctx.account_id)
    if doc is None:
        raise errors.not_found(8001, message)
    return doc


def send(ctx: Ctx) -> dict[str, Any]:
    body = _body(ctx, SEND_REQUIRED)
    robot = _check_robot(body["robot_jid"])
    to_jid = str(body["to_jid"])
    if not _target_exists(ctx, to_jid):
        raise errors.ZoomError(
            403, 7004, "No channel or user can be found with the given to_jid value."
        )
    doc: dict[str, Any] = {
        "message_id": ids.uuid4_str(),
        "robot_jid": robot,
        "to_jid": to_jid,
        "user_jid": str(body["user_jid"]),
        "sent_time": ctx.clock.now_iso(),
        "content": body["content"],
        "visible_to_user": str(body.get("visible_to_user") or ""),
        "reply_to": str(body.get("reply_to") or ""),
        "is_markdown_support": bool(body.get("is_markdown_support")),
    }
    ctx.tx.insert(KIND, doc["message_id"], ctx.account_id, doc, sort=doc["sent_time"])
    return _view(doc)


def edit(ctx: Ctx, message_id: str) -> dict[str, Any]:
    body = _body(ctx, EDIT_REQUIRED)
    doc = _load(ctx, message_id, "Invalid message_id value.")
    if _check_robot(body["robot_jid"]) != doc["robot_jid"]:
        raise errors.ZoomError(403, 7003, "No Chatbot can be found with the given robot_jid value.")
    doc["content"] = body["content"]
    if "is_markdown_support" in body:
        doc["is_markdown_support"] = bool(body["is_markdown_support"])
    ctx.tx.update(KIND, message_id, doc)
    return _view(doc)


def delete(ctx: Ctx, message_id: str) -> dict[str, Any]:
    doc = _load(ctx, message_id, "Invalid message_id.")
    robot = ctx.q("robot_jid")
    if robot and robot != doc["robot_jid"]:
        raise errors.ZoomError(403, 7003, "No Chatbot can be found with the given robot_jid value.")
    ctx.tx.delete(KIND, message_id)
    return _view(doc)
