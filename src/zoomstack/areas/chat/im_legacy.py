"""The legacy IM chat API (`/im/chat/sessions...`, `/im/users/.../chat/messages`), read from
and written to the same stored Team Chat messages."""

from __future__ import annotations

from typing import Any

from zoomstack import errors, pagination, timefmt
from zoomstack.areas.chat import channels, messages, people
from zoomstack.context import Ctx
from zoomstack.timefmt import format_day


def _required_day(ctx: Ctx, name: str) -> str:
    value = ctx.q(name)
    if not value or timefmt.parse_date(value) is None:
        raise errors.field_error(name, f"Invalid parameter: {name}.")
    return value


def _range(ctx: Ctx) -> tuple[str, str, int, int]:
    since, until = _required_day(ctx, "from"), _required_day(ctx, "to")
    start = messages._day_range(since, "from")[0]
    end = messages._day_range(until, "to")[1]
    if end <= start:
        raise errors.field_error("to", "Invalid parameter: to.")
    return since, until, start, end


def send(ctx: Ctx, me: dict[str, Any]) -> dict[str, Any]:
    chat_user = ctx.q("chat_user")
    if not chat_user:
        raise errors.bad_request(300, "Invalid parameter: channel/chat_user.")
    if people.find(ctx, chat_user) is None:
        raise errors.not_found(1001, "User does not exist.")
    body = ctx.body()
    text = str(body.get("message") or "")
    if not text:
        raise errors.field_error("message", "Invalid parameter: message.")
    return messages.send(ctx, me, {"message": text, "to_contact": chat_user})


def list_user_messages(ctx: Ctx, user: dict[str, Any]) -> dict[str, Any]:
    chat_user, channel = ctx.q("chat_user"), ctx.q("channel")
    if not chat_user and not channel:
        raise errors.bad_request(300, "Invalid parameter: channel/chat_user.")
    where = messages.target(ctx, user, channel, chat_user, "Invalid parameter: channel/chat_user.")
    date = ctx.q("date") or format_day(ctx.clock.now())
    start, end = messages._day_range(date, "date")
    rows = [
        d
        for d in messages.conversation(ctx, where.session)
        if start <= d["timestamp"] < end and d.get("status") != "Deleted"
    ]

    def item(doc: dict[str, Any]) -> dict[str, Any]:
        return {
            "id": doc["id"],
            "message": doc["message"],
            "sender": doc.get("_sender_email", ""),
            "date_time": doc["date_time"],
            "timstamp": doc["timestamp"],
        }

    body = pagination.paginate_list(
        ctx,
        "messages",
        rows,
        numbered=False,
        transform=item,
        default_size=30,
        max_size=100,
        extra={"date": date},
    )
    body.pop("total_records", None)
    return body


def _session_name(ctx: Ctx, sample: dict[str, Any]) -> tuple[str, str]:
    if sample.get("_channel"):
        channel = ctx.tx.get(channels.KIND, sample["_channel"], ctx.account_id)
        return "Group", channel["name"] if channel else ""
    names = []
    for ref in (sample["_sender"], sample.get("_contact", "")):
        user = people.find(ctx, ref)
        names.append(people.display_name(user) if user else ref)
    return "1:1", " & ".join(names)


def sessions(ctx: Ctx) -> dict[str, Any]:
    since, until, start, end = _range(ctx)
    latest: dict[str, dict[str, Any]] = {}
    for doc in ctx.tx.find(messages.KIND, ctx.account_id):
        if start <= doc["timestamp"] < end:
            seen = latest.get(doc["_session"])
            if seen is None or doc["timestamp"] > seen["timestamp"]:
                latest[doc["_session"]] = doc
    rows = []
    for session, doc in sorted(latest.items(), key=lambda kv: -int(kv[1]["timestamp"])):
        kind, name = _session_name(ctx, doc)
        rows.append(
            {
                "session_id": session,
                "type": kind,
                "name": name,
                "last_message_sent_time": doc["date_time"],
            }
        )
    body = pagination.paginate_list(
        ctx,
        "sessions",
        rows,
        numbered=False,
        default_size=30,
        max_size=300,
        extra={"from": since, "to": until},
    )
    body.pop("total_records", None)
    return body


def session_messages(ctx: Ctx, session_id: str) -> dict[str, Any]:
    since, until, start, end = _range(ctx)
    rows = [d for d in messages.conversation(ctx, session_id) if start <= d["timestamp"] < end]

    def item(doc: dict[str, Any]) -> dict[str, Any]:
        out = {
            "message": doc["message"],
            "sender": doc.get("_sender_email", ""),
            "date_time": doc["date_time"],
        }
        if doc.get("status") == "Deleted":
            out["action"], out["action_time"] = "delete", timefmt.iso_from_ms(doc["_deleted_ms"])
        elif doc.get("status") == "Edited":
            out["action"], out["action_time"] = "edit", timefmt.iso_from_ms(doc["_edited_ms"])
        return out

    body = pagination.paginate_list(
        ctx,
        "messages",
        rows,
        numbered=False,
        transform=item,
        default_size=30,
        max_size=300,
        extra={"session_id": session_id, "from": since, "to": until},
    )
    body.pop("total_records", None)
    return body
