"""Team Chat: channels, messages, contacts, chatbot messages and the legacy IM chat API."""

from __future__ import annotations

from typing import Any

from zoomstack import errors
from zoomstack.areas.chat import (
    channel_batches,
    channels,
    chatbot,
    contacts,
    im_legacy,
    messages,
    people,
)
from zoomstack.context import Ctx
from zoomstack.registry import api
from zoomstack.validation import validate_body


def _user(ctx: Ctx) -> dict[str, Any]:
    return people.acting(ctx)


def _message_body(ctx: Ctx) -> dict[str, Any]:
    """The body of a message send/edit. The spec's `to_contact` is a `oneOf` of three plain
    strings (email, user ID, member ID), which no string can match exactly once, so it is
    checked here and the rest against the schema."""
    parsed = ctx.json_object()
    contact = parsed.get("to_contact")
    if contact is not None and not isinstance(contact, str):
        raise errors.field_error("to_contact", "Invalid parameter: to_contact.")
    spec_op = ctx.op.mirror_of or ctx.op
    validate_body(
        spec_op.method, spec_op.path, {k: v for k, v in parsed.items() if k != "to_contact"}
    )
    return parsed


# -- channels acting for {userId} ------------------------------------------------------------
@api("GET", "/chat/users/{userId}/channels")
def list_channels(ctx: Ctx) -> dict[str, Any]:
    return channels.list_for(ctx, _user(ctx))


@api("POST", "/chat/users/{userId}/channels")
def create_channel(ctx: Ctx) -> dict[str, Any]:
    return channels.create(ctx, _user(ctx), ctx.body())


@api("GET", "/chat/users/{userId}/channels/{channelId}")
def get_channel(ctx: Ctx) -> dict[str, Any]:
    return channels.get(ctx, _user(ctx), ctx.params["channelId"])


@api("PATCH", "/chat/users/{userId}/channels/{channelId}")
def update_channel(ctx: Ctx) -> None:
    channels.update(ctx, _user(ctx), ctx.params["channelId"], ctx.body())


@api("DELETE", "/chat/users/{userId}/channels/{channelId}")
def delete_channel(ctx: Ctx) -> None:
    channels.delete(ctx, _user(ctx), ctx.params["channelId"])


@api("GET", "/chat/users/{userId}/channels/{channelId}/members")
def list_channel_members(ctx: Ctx) -> dict[str, Any]:
    return channels.list_members(ctx, _user(ctx), ctx.params["channelId"])


@api("POST", "/chat/users/{userId}/channels/{channelId}/members")
def invite_channel_members(ctx: Ctx) -> dict[str, Any]:
    body = ctx.body()
    members = list(body.get("members") or [])
    return channels.invite(ctx, _user(ctx), ctx.params["channelId"], members)


@api("DELETE", "/chat/users/{userId}/channels/{channelId}/members/{identifier}")
def remove_channel_member(ctx: Ctx) -> None:
    params = ctx.params
    channels.remove_member(ctx, _user(ctx), params["channelId"], params["identifier"])


@api("DELETE", "/chat/users/{userId}/channels")
def delete_channels(ctx: Ctx) -> None:
    channel_batches.delete_channels(ctx, _user(ctx), ctx.q("channel_ids"))


@api("DELETE", "/chat/users/{userId}/channels/{channelId}/members")
def remove_channel_members(ctx: Ctx) -> None:
    refs = [r.strip() for r in ctx.q("identifiers").split(",") if r.strip()]
    channel_batches.remove_members(ctx, _user(ctx), ctx.params["channelId"], refs)


# -- channels acting for the token's user ----------------------------------------------------
@api("GET", "/chat/channels/{channelId}/members")
def list_my_channel_members(ctx: Ctx) -> dict[str, Any]:
    return channels.list_members(ctx, _user(ctx), ctx.params["channelId"])


@api("POST", "/chat/channels/{channelId}/members")
def invite_my_channel_members(ctx: Ctx) -> dict[str, Any]:
    members = list(ctx.body().get("members") or [])
    return channels.invite(ctx, _user(ctx), ctx.params["channelId"], members)


@api("DELETE", "/chat/channels/{channelId}/members")
def remove_my_channel_members(ctx: Ctx) -> None:
    raw = f"{ctx.q('member_ids')},{ctx.q('user_ids')}"
    refs = [r.strip() for r in raw.split(",") if r.strip()]
    channel_batches.remove_members(ctx, _user(ctx), ctx.params["channelId"], refs)


@api("GET", "/chat/channels/{channelId}")
def get_my_channel(ctx: Ctx) -> dict[str, Any]:
    return channels.get(ctx, _user(ctx), ctx.params["channelId"])


@api("PATCH", "/chat/channels/{channelId}")
def update_my_channel(ctx: Ctx) -> None:
    channels.update(ctx, _user(ctx), ctx.params["channelId"], ctx.body())


@api("DELETE", "/chat/channels/{channelId}")
def delete_my_channel(ctx: Ctx) -> None:
    channels.delete(ctx, _user(ctx), ctx.params["channelId"])


@api("POST", "/chat/channels/{channelId}/members/me")
def join_channel(ctx: Ctx) -> dict[str, Any]:
    return channels.join(ctx, _user(ctx), ctx.params["channelId"])


@api("DELETE", "/chat/channels/{channelId}/members/me")
def leave_channel(ctx: Ctx) -> None:
    channels.leave(ctx, _user(ctx), ctx.params["channelId"])


@api("DELETE", "/chat/channels/{channelId}/members/{identifier}")
def remove_my_channel_member(ctx: Ctx) -> None:
    params = ctx.params
    channels.remove_member(ctx, _user(ctx), params["channelId"], params["identifier"])


# -- messages --------------------------------------------------------------------------------
@api("GET", "/chat/users/{userId}/messages")
def list_messages(ctx: Ctx) -> dict[str, Any]:
    return messages.list_messages(ctx, _user(ctx))


@api("POST", "/chat/users/{userId}/messages")
def send_message(ctx: Ctx) -> dict[str, Any]:
    return messages.send(ctx, _user(ctx), _message_body(ctx))


@api("GET", "/chat/users/{userId}/messages/{messageId}")
def get_message(ctx: Ctx) -> dict[str, Any]:
    return messages.get_message(ctx, _user(ctx), ctx.params["messageId"])


@api("PUT", "/chat/users/{userId}/messages/{messageId}")
def edit_message(ctx: Ctx) -> None:
    messages.edit(ctx, _user(ctx), ctx.params["messageId"], _message_body(ctx))


@api("DELETE", "/chat/users/{userId}/messages/{messageId}")
def delete_message(ctx: Ctx) -> None:
    messages.delete(ctx, _user(ctx), ctx.params["messageId"])


# -- contacts --------------------------------------------------------------------------------
@api("GET", "/chat/users/me/contacts")
def list_contacts(ctx: Ctx) -> dict[str, Any]:
    return contacts.list_contacts(ctx, _user(ctx))


@api("GET", "/chat/users/me/contacts/{identifier}")
def get_contact(ctx: Ctx) -> dict[str, Any]:
    return contacts.get_contact(ctx, _user(ctx), ctx.params["identifier"])


@api("GET", "/contacts")
def search_contacts(ctx: Ctx) -> dict[str, Any]:
    return contacts.search(ctx)


# -- chatbot messages ------------------------------------------------------------------------
@api("POST", "/im/chat/messages")
def send_chatbot_message(ctx: Ctx) -> dict[str, Any]:
    return chatbot.send(ctx)


@api("PUT", "/im/chat/messages/{message_id}")
def edit_chatbot_message(ctx: Ctx) -> dict[str, Any]:
    return chatbot.edit(ctx, ctx.params["message_id"])


@api("DELETE", "/im/chat/messages/{message_id}")
def delete_chatbot_message(ctx: Ctx) -> dict[str, Any]:
    return chatbot.delete(ctx, ctx.params["message_id"])


# -- legacy IM chat --------------------------------------------------------------------------
@api("GET", "/im/chat/sessions")
def im_sessions(ctx: Ctx) -> dict[str, Any]:
    return im_legacy.sessions(ctx)


@api("GET", "/im/chat/sessions/{sessionId}")
def im_session_messages(ctx: Ctx) -> dict[str, Any]:
    return im_legacy.session_messages(ctx, ctx.params["sessionId"])


@api("POST", "/im/users/me/chat/messages")
def im_send(ctx: Ctx) -> dict[str, Any]:
    return im_legacy.send(ctx, _user(ctx))


@api("GET", "/im/users/{userId}/chat/messages")
def im_user_messages(ctx: Ctx) -> dict[str, Any]:
    return im_legacy.list_user_messages(ctx, _user(ctx))
