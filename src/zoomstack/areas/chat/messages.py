"""Team Chat messages to a channel or a contact: send, list (by day or time range), edit,
delete. Each message is stored under its conversation ("session"): the channel's ID, or for
a direct conversation an ID derived from the two users, so both sides see the same thread."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta
from typing import Any

from zoomstack import errors, ids, pagination, timefmt
from zoomstack.areas.chat import channels, people
from zoomstack.context import Ctx

KIND = "chat_message"


def dm_session(a: str, b: str) -> str:
    low, high = sorted((a, b))
    return hashlib.sha256(f"dm:{low}:{high}".encode()).hexdigest()[:32]


class Target:
    """The conversation a request names with `to_channel` / `to_contact`."""

    def __init__(
        self, session: str, channel: dict[str, Any] | None, contact: dict[str, Any] | None
    ):
        self.session = session
        self.channel = channel
        self.contact = contact

    @property
    def kind(self) -> str:
        return "to_channel" if self.channel is not None else "to_contact"


def target(
    ctx: Ctx, user: dict[str, Any], to_channel: str, to_contact: str, missing: str
) -> Target:
    if to_channel:
        channel = channels.load(ctx, to_channel)
        return Target(channel["id"], channel, None)
    if to_contact:
        contact = people.find(ctx, to_contact)
        if contact is None:
            raise errors.user_not_found(to_contact)
        return Target(dm_session(user["id"], contact["id"]), None, contact)
    raise errors.bad_request(300, missing)


def _ms(doc: dict[str, Any]) -> int:
    return int(doc["timestamp"])


def event_object(ctx: Ctx, doc: dict[str, Any], where: Target) -> dict[str, Any]:
    contact = where.contact
    channel = where.channel
    return {
        "id": doc["id"],
        "type": where.kind,
        "session_id": where.session,
        "contact_email": contact["email"] if contact else "",
        "contact_id": contact["id"] if contact else "",
        "channel_id": channel["id"] if channel else "",
        "channel_name": channel["name"] if channel else "",
        "message": doc["message"],
        "timestamp": doc["timestamp"],
        "date_time": doc["date_time"],
    }


def view(ctx: Ctx, doc: dict[str, Any], *, with_status: bool) -> dict[str, Any]:
    sender = people.find(ctx, doc["_sender"])
    out: dict[str, Any] = {
        "id": doc["id"],
        "message": doc["message"],
        "sender": sender["email"] if sender else doc.get("_sender_email", ""),
        "sender_display_name": people.display_name(sender) if sender else "",
        "send_member_id": people.member_id(doc["_sender"]),
        "date_time": doc["date_time"],
        "timestamp": doc["timestamp"],
        "message_type": "plain_text_message",
    }
    if doc.get("reply_main_message_id"):
        out["reply_main_message_id"] = doc["reply_main_message_id"]
        out["reply_main_message_timestamp"] = doc.get("reply_main_message_timestamp", 0)
    for field in ("at_items", "rich_text", "interactive_cards"):
        if doc.get(field):
            out[field] = doc[field]
    if doc.get("bot_message"):
        out["bot_message"] = doc["bot_message"]
    if with_status:
        out["status"] = doc.get("status", "Normal")
    return out


def _at_items(ctx: Ctx, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for item in items:
        entry = dict(item)
        contact = people.find(ctx, str(item.get("at_contact") or ""))
        if contact is not None:
            entry["at_contact"] = contact["id"]
            entry["at_contact_member_id"] = people.member_id(contact["id"])
        out.append(entry)
    return out


def send(ctx: Ctx, user: dict[str, Any], body: dict[str, Any]) -> dict[str, Any]:
    where = target(
        ctx,
        user,
        str(body.get("to_channel") or ""),
        str(body.get("to_contact") or ""),
        "Must provide either contact or channel parameter.",
    )
    if where.channel is not None and channels.role_of(where.channel, user["id"]) is None:
        raise errors.bad_request(5301, "Message sending failed.")
    if body.get("file_ids"):
        # Files are not stored by this server, so there is nothing a file ID could name.
        raise errors.bad_request(5301, "Message sending failed.")
    now = ctx.clock.now_ms()
    doc: dict[str, Any] = {
        "id": ids.uuid4_str(),
        "message": str(body["message"]),
        "timestamp": now,
        "date_time": timefmt.iso_from_ms(now),
        "status": "Normal",
        "_sender": user["id"],
        "_sender_email": user["email"],
        "_session": where.session,
        "_channel": where.channel["id"] if where.channel else "",
        "_contact": where.contact["id"] if where.contact else "",
    }
    reply_to = str(body.get("reply_main_message_id") or "")
    if reply_to:
        main = ctx.tx.get(KIND, reply_to, ctx.account_id)
        if (
            main is None
            or main.get("_session") != where.session
            or main.get("reply_main_message_id")
        ):
            raise errors.bad_request(5402, "This only supports replies to a main message.")
        doc["reply_main_message_id"] = reply_to
        doc["reply_main_message_timestamp"] = main["timestamp"]
    if body.get("at_items"):
        doc["at_items"] = _at_items(ctx, list(body["at_items"]))
    for field in ("rich_text", "interactive_cards"):
        if body.get(field):
            doc[field] = list(body[field])
    store(ctx, doc)
    obj = event_object(ctx, doc, where)
    if reply_to:
        ctx.emit("chat_message.replied", {**obj, "parent_msg_id": reply_to})
    else:
        ctx.emit("chat_message.sent", obj)
    return {"id": doc["id"]}


def store(ctx: Ctx, doc: dict[str, Any]) -> None:
    sort = f"{doc['timestamp']:015d}{doc['id']}"
    ctx.tx.insert(KIND, doc["id"], ctx.account_id, doc, parent=doc["_session"], sort=sort)


def _day_range(value: str, name: str) -> tuple[int, int]:
    day = timefmt.parse_date(value)
    if day is None:
        raise errors.field_error(name, f"Invalid parameter: {name}.")
    start = datetime(day.year, day.month, day.day, tzinfo=UTC)
    return timefmt.ms_from_dt(start), timefmt.ms_from_dt(start + timedelta(days=1))


def _time(value: str, name: str) -> int:
    parsed = timefmt.parse_iso(value)
    if parsed is None:
        day = timefmt.parse_date(value)
        if day is None:
            raise errors.field_error(name, f"Invalid parameter: {name}.")
        parsed = datetime(day.year, day.month, day.day, tzinfo=UTC)
    return timefmt.ms_from_dt(parsed)


def window(ctx: Ctx) -> tuple[int, int, dict[str, Any]]:
    """The time window of a list request and the fields that echo it."""
    since, until = ctx.q("from"), ctx.q("to")
    if since:
        start = _time(since, "from")
        end = _time(until, "to") if until else ctx.clock.now_ms()
        if end < start:
            raise errors.field_error("to", "Invalid parameter: to.")
        echo = {"from": timefmt.iso_from_ms(start), "to": timefmt.iso_from_ms(end)}
        return start, end, echo
    date = ctx.q("date") or timefmt.format_day(ctx.clock.now())
    start, end = _day_range(date, "date")
    return start, end, {"date": date}


def conversation(ctx: Ctx, session: str) -> list[dict[str, Any]]:
    return ctx.tx.find(KIND, ctx.account_id, session, descending=True)


def list_messages(ctx: Ctx, user: dict[str, Any]) -> dict[str, Any]:
    where = target(
        ctx,
        user,
        ctx.q("to_channel"),
        ctx.q("to_contact"),
        "Must provide either contact or channel parameter.",
    )
    if where.channel is not None and channels.role_of(where.channel, user["id"]) is None:
        raise errors.bad_request(
            200,
            "Unauthorized request. You do not have permission to access this user's chat messages.",
        )
    start, end, echo = window(ctx)
    with_status = ctx.q_bool("include_deleted_and_edited_message")
    no_replies = ctx.q_bool("exclude_child_message")
    key = ctx.q("search_key").lower()
    search_type = ctx.q_enum("search_type", ("message", "file"), "message")
    rows = []
    for doc in conversation(ctx, where.session):
        if not start <= _ms(doc) < end or (doc.get("status") == "Deleted" and not with_status):
            continue
        if no_replies and doc.get("reply_main_message_id"):
            continue
        if key and (search_type == "file" or key not in doc["message"].lower()):
            continue
        rows.append(doc)
    page = pagination.page_params(ctx, 10, 50)
    chunk = [
        view(ctx, d, with_status=with_status) for d in rows[page.offset : page.offset + page.size]
    ]
    body = pagination.page_body(ctx, page, "messages", chunk, len(rows), numbered=False, extra=echo)
    body.pop("total_records", None)
    return body


def _own_message(ctx: Ctx, user: dict[str, Any], message_id: str, where: Target) -> dict[str, Any]:
    doc = ctx.tx.get(KIND, message_id, ctx.account_id)
    if doc is None or doc.get("_session") != where.session or doc.get("status") == "Deleted":
        raise errors.bad_request(300, f"Message does not exist: {message_id}.")
    if doc["_sender"] != user["id"]:
        raise errors.bad_request(200, "Only the sender of this message can make updates.")
    return doc


def get_message(ctx: Ctx, user: dict[str, Any], message_id: str) -> dict[str, Any]:
    where = target(
        ctx,
        user,
        ctx.q("to_channel"),
        ctx.q("to_contact"),
        'Must provide either "contact" or "channel" parameter.',
    )
    doc = ctx.tx.get(KIND, message_id, ctx.account_id)
    if doc is None or doc.get("_session") != where.session or doc.get("status") == "Deleted":
        raise errors.bad_request(300, f"Message does not exist: {message_id}.")
    return view(ctx, doc, with_status=False)


def edit(ctx: Ctx, user: dict[str, Any], message_id: str, body: dict[str, Any]) -> None:
    where = target(
        ctx,
        user,
        str(body.get("to_channel") or ""),
        str(body.get("to_contact") or ""),
        "Must provide either contact or channel parameter.",
    )
    doc = _own_message(ctx, user, message_id, where)
    if body.get("file_ids"):
        raise errors.bad_request(
            300,
            "A plain text message that is sent without any files is not allowed to update"
            " with the file.",
        )
    if "message" in body and body["message"] != doc["message"]:
        doc["message"] = str(body["message"])
        doc["status"] = "Edited"
        doc["_edited_ms"] = ctx.clock.now_ms()
    if body.get("interactive_cards"):
        doc["interactive_cards"] = list(body["interactive_cards"])
    ctx.tx.update(KIND, doc["id"], doc)
    now = ctx.clock.now_ms()
    obj = {**event_object(ctx, doc, where), "timestamp": now, "date_time": timefmt.iso_from_ms(now)}
    ctx.emit("chat_message.updated", obj)


def delete(ctx: Ctx, user: dict[str, Any], message_id: str) -> None:
    where = target(
        ctx,
        user,
        ctx.q("to_channel"),
        ctx.q("to_contact"),
        'You must provide the "to_contact" or the "to_channel" query parameter.',
    )
    doc = _own_message(ctx, user, message_id, where)
    # Kept (marked Deleted) so lists that ask for deleted messages still show it.
    doc["status"] = "Deleted"
    doc["_deleted_ms"] = ctx.clock.now_ms()
    ctx.tx.update(KIND, doc["id"], doc)
    now = ctx.clock.now_ms()
    obj = {**event_object(ctx, doc, where), "timestamp": now, "date_time": timefmt.iso_from_ms(now)}
    ctx.emit("chat_message.deleted", obj)
