"""Team Chat channels: creation, settings, members, join and leave.

A channel document keeps its members (`_members`: user ID, role, join time) so membership
checks and member lists need no second lookup. Account-level paths act for `{userId}`;
`/chat/channels/...` paths act for the token's user."""

from __future__ import annotations

from typing import Any

from zoomstack import errors, ids, pagination, timefmt
from zoomstack.areas.chat import people
from zoomstack.context import Ctx

KIND = "chat_channel"
PUBLIC = 3
DEFAULT_SETTINGS: dict[str, Any] = {
    "add_member_permissions": 1,
    "new_members_can_see_previous_messages_files": True,
    "posting_permissions": 1,
    "mention_all_permissions": 1,
    "allow_to_add_external_users": 0,
}
MANAGERS = ("owner", "admin")
# Zoom's per-request invitation limit.
MAX_INVITES = 20


def not_found(channel_id: str) -> errors.ZoomError:
    return errors.not_found(4130, f"Channel does not exist: {channel_id}.")


def _denied(message: str, status: int = 400) -> errors.ZoomError:
    return errors.ZoomError(status, 200, f"Unauthorized request. {message}")


def failed(message: str) -> errors.ZoomError:
    return errors.bad_request(5301, message)


def load(ctx: Ctx, channel_id: str) -> dict[str, Any]:
    doc = ctx.tx.get(KIND, channel_id, ctx.account_id)
    if doc is None:
        raise not_found(channel_id)
    return doc


def find_by_jid(ctx: Ctx, jid: str) -> dict[str, Any] | None:
    channel_id = jid.split("@", 1)[0]
    doc = ctx.tx.get(KIND, channel_id, ctx.account_id) if channel_id else None
    return doc if doc is not None and doc.get("jid") == jid else None


def role_of(channel: dict[str, Any], user_id: str) -> str | None:
    for member in channel.get("_members") or []:
        if member["id"] == user_id:
            return str(member["role"])
    return None


def member_channel(ctx: Ctx, channel_id: str, user: dict[str, Any], denied: str) -> dict[str, Any]:
    channel = load(ctx, channel_id)
    if role_of(channel, user["id"]) is None:
        raise _denied(denied)
    return channel


def view(ctx: Ctx, doc: dict[str, Any], *, full: bool = True) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": doc["id"],
        "jid": doc["jid"],
        "name": doc["name"],
        "type": doc["type"],
        "channel_url": doc["channel_url"],
    }
    if full:
        out["channel_settings"] = dict(doc.get("channel_settings") or {})
    return out


def _event_object(
    ctx: Ctx, doc: dict[str, Any], members: list[dict[str, Any]] | None
) -> dict[str, Any]:
    now = ctx.clock.now_ms()
    obj: dict[str, Any] = {
        "id": doc["id"],
        "name": doc["name"],
        "type": doc["type"],
        "timestamp": now,
        "date_time": timefmt.iso_from_ms(now),
    }
    if members is not None:
        obj["members"] = [{"id": u["id"], "display_name": people.display_name(u)} for u in members]
    return obj


def _name_taken(ctx: Ctx, name: str, own_id: str = "") -> bool:
    wanted = name.strip().lower()
    return any(
        c["name"].strip().lower() == wanted and c["id"] != own_id and c["type"] != 4
        for c in ctx.tx.find(KIND, ctx.account_id)
    )


def _invitees(ctx: Ctx, entries: list[dict[str, Any]], message: str) -> list[dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for entry in entries:
        user = people.find(ctx, str(entry.get("email") or ""))
        if user is None or user.get("status") == "deleted":
            raise failed(message)
        found.setdefault(user["id"], user)
    return list(found.values())


def _member(user_id: str, role: str, now_iso: str) -> dict[str, Any]:
    return {"id": user_id, "role": role, "joined_at": now_iso}


# -- channels --------------------------------------------------------------------------------
def create(ctx: Ctx, owner: dict[str, Any], body: dict[str, Any]) -> dict[str, Any]:
    if body.get("shared_space"):
        raise errors.not_found(5407, "Shared space does not exist.")
    channel_type = int(body.get("type") or 1)
    invited = _invitees(ctx, list(body.get("members") or []), "Request to create a channel failed.")
    invited = [u for u in invited if u["id"] != owner["id"]]
    name = str(body.get("name") or "").strip()
    if not name:
        if channel_type != 4:
            raise errors.field_error("name", "Invalid parameter: name.")
        name = ", ".join(people.display_name(u) for u in [owner, *invited])
    elif channel_type != 4 and _name_taken(ctx, name):
        raise errors.bad_request(300, "The channel name already exists.")
    channel_id = ids.hex_id(16)
    now_iso = ctx.clock.now_iso()
    jid = f"{channel_id}@conference.xmpp.zoom.us"
    doc: dict[str, Any] = {
        "id": channel_id,
        "jid": jid,
        "name": name,
        "type": channel_type,
        "channel_url": f"{ctx.settings.base_url}/launch/chat/v2/{channel_id}",
        "channel_settings": {**DEFAULT_SETTINGS, **(body.get("channel_settings") or {})},
        "_members": [
            _member(owner["id"], "owner", now_iso),
            *[_member(u["id"], "member", now_iso) for u in invited],
        ],
        "_created_at": now_iso,
    }
    sort = now_iso + channel_id
    ctx.tx.insert(KIND, channel_id, ctx.account_id, doc, sort=sort)
    ctx.emit("chat_channel.created", _event_object(ctx, doc, [owner, *invited]))
    return view(ctx, doc, full=False)


def list_for(ctx: Ctx, user: dict[str, Any]) -> dict[str, Any]:
    mine = [c for c in ctx.tx.find(KIND, ctx.account_id) if role_of(c, user["id"]) is not None]
    page = pagination.page_params(ctx, 10, 1000)
    chunk = [view(ctx, c) for c in mine[page.offset : page.offset + page.size]]
    return pagination.page_body(ctx, page, "channels", chunk, len(mine), numbered=False)


def get(ctx: Ctx, user: dict[str, Any], channel_id: str) -> dict[str, Any]:
    channel = member_channel(
        ctx,
        channel_id,
        user,
        "You do not have permission to access this user's channel information.",
    )
    return view(ctx, channel)


def update(ctx: Ctx, user: dict[str, Any], channel_id: str, body: dict[str, Any]) -> None:
    channel = load(ctx, channel_id)
    if role_of(channel, user["id"]) not in MANAGERS:
        raise _denied("You do not have permission to update a channel for this user.", 403)
    changed = False
    if "name" in body:
        name = str(body["name"]).strip()
        if not name:
            raise errors.field_error("name", "Invalid parameter: name.")
        if name != channel["name"]:
            if _name_taken(ctx, name, channel["id"]):
                raise errors.bad_request(300, "The channel name already exists.")
            channel["name"], changed = name, True
    if "type" in body and int(body["type"]) != channel["type"]:
        channel["type"], changed = int(body["type"]), True
    if body.get("channel_settings"):
        merged = {**channel["channel_settings"], **body["channel_settings"]}
        changed = changed or merged != channel["channel_settings"]
        channel["channel_settings"] = merged
    ctx.tx.update(KIND, channel["id"], channel)
    if changed:
        ctx.emit("chat_channel.updated", _event_object(ctx, channel, None))


def delete(ctx: Ctx, user: dict[str, Any], channel_id: str) -> None:
    channel = load(ctx, channel_id)
    if role_of(channel, user["id"]) != "owner":
        raise _denied("You do not have permission to delete this user's channel.")
    ctx.tx.delete(KIND, channel["id"])
    ctx.tx.delete_children("chat_message", ctx.account_id, channel["id"])
    ctx.emit("chat_channel.deleted", _event_object(ctx, channel, None))


# -- members ---------------------------------------------------------------------------------
def list_members(ctx: Ctx, user: dict[str, Any], channel_id: str) -> dict[str, Any]:
    channel = member_channel(
        ctx,
        channel_id,
        user,
        "You do not have permission to view channel members on this user's behalf.",
    )
    rows: list[dict[str, Any]] = []
    for member in channel["_members"]:
        found = people.find(ctx, member["id"])
        if found is None:
            continue
        rows.append(
            {
                "id": found["id"],
                "member_id": people.member_id(found["id"]),
                "email": found["email"],
                "first_name": found.get("first_name", ""),
                "last_name": found.get("last_name", ""),
                "name": people.display_name(found),
                "role": member["role"],
                "is_external": False,
            }
        )
    page = pagination.page_params(ctx, 30, 100)
    chunk = rows[page.offset : page.offset + page.size]
    return pagination.page_body(ctx, page, "members", chunk, len(rows), numbered=False)


def invite(
    ctx: Ctx, user: dict[str, Any], channel_id: str, entries: list[dict[str, Any]]
) -> dict[str, Any]:
    denied = "You do not have permission to invite channel members on this user's behalf."
    channel = member_channel(ctx, channel_id, user, denied)
    role = role_of(channel, user["id"])
    if channel["channel_settings"].get("add_member_permissions") == 2 and role not in MANAGERS:
        raise _denied(denied)
    if len(entries) > MAX_INVITES:
        raise failed("Request to invite channel members failed.")
    invited = _invitees(ctx, entries, "Request to invite channel members failed.")
    now_iso = ctx.clock.now_iso()
    new = [u for u in invited if role_of(channel, u["id"]) is None]
    channel["_members"].extend(_member(u["id"], "member", now_iso) for u in new)
    ctx.tx.update(KIND, channel["id"], channel)
    if new:
        ctx.emit("chat_channel.member_invited", _event_object(ctx, channel, new))
    return {
        "ids": ",".join(u["id"] for u in invited),
        "member_ids": ",".join(people.member_id(u["id"]) for u in invited),
        "added_at": now_iso,
    }


def remove_member(ctx: Ctx, user: dict[str, Any], channel_id: str, identifier: str) -> None:
    denied = "You do not have permission to remove channel members on this user's behalf."
    channel = member_channel(ctx, channel_id, user, denied)
    if role_of(channel, user["id"]) not in MANAGERS:
        raise _denied(denied)
    target = people.find(ctx, identifier)
    role = role_of(channel, target["id"]) if target is not None else None
    if target is None or role is None or role == "owner" or target["id"] == user["id"]:
        raise failed("Unable to remove channel member.")
    channel["_members"] = [m for m in channel["_members"] if m["id"] != target["id"]]
    ctx.tx.update(KIND, channel["id"], channel)
    ctx.emit("chat_channel.member_removed", _event_object(ctx, channel, [target]))


def join(ctx: Ctx, user: dict[str, Any], channel_id: str) -> dict[str, Any]:
    channel = load(ctx, channel_id)
    if role_of(channel, user["id"]) is not None or channel["type"] != PUBLIC:
        raise failed("The request to join the channel failed.")
    now_iso = ctx.clock.now_iso()
    channel["_members"].append(_member(user["id"], "member", now_iso))
    ctx.tx.update(KIND, channel["id"], channel)
    ctx.emit("chat_channel.member_joined", _event_object(ctx, channel, None))
    return {"id": user["id"], "member_id": people.member_id(user["id"]), "added_at": now_iso}


def leave(ctx: Ctx, user: dict[str, Any], channel_id: str) -> None:
    channel = load(ctx, channel_id)
    # The owner cannot leave: the channel would have nobody to manage it.
    if role_of(channel, user["id"]) in (None, "owner"):
        raise failed("Request to leave the channel failed.")
    channel["_members"] = [m for m in channel["_members"] if m["id"] != user["id"]]
    ctx.tx.update(KIND, channel["id"], channel)
    ctx.emit("chat_channel.member_left", _event_object(ctx, channel, None))
