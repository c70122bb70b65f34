"""Zoom Rooms: add, list, profile, move between locations, delete.

Rooms are stored under the kind "room" in Zoom's field names (`id`, `room_id`, `name`, `type`,
`status`, `location_id`, `activation_code`, `tag_ids`, ...) so the devices and dashboards areas
can read them. A room's status is derived: under construction, in a meeting (after a
`meeting_join` control), available while a Zoom Rooms computer is assigned to it, else offline.
"""

from __future__ import annotations

from typing import Any

from zoomstack import errors, ids
from zoomstack.areas.rooms import common, profiles
from zoomstack.areas.rooms.common import ROOM, Doc
from zoomstack.areas.rooms.paging import token_page
from zoomstack.areas.users import service as users
from zoomstack.context import Ctx

ROOM_STATUSES = ("Offline", "Available", "InMeeting", "UnderConstruction")
# ZDM device types that run the Zoom Rooms app itself (computer, computer with controller).
COMPUTER_TYPES = (0, 6)
# Fields of the profile's `basic` kept on the room document itself.
DOC_BASIC = {
    "name": "name",
    "zoom_room_type": "type",
    "calendar_resource_id": "calendar_resource_id",
}
ROOM_BASIC_DEFAULTS: Doc = {
    "hide_room_in_contacts": False,
    "use_display_name_on_scheduling_display": False,
    "use_display_name_on_zoom_rooms_display_and_controller": False,
    "use_display_name_in_meetings": False,
    "show_room_capacity_on_the_zoom_rooms": False,
    "show_room_capacity_on_the_scheduling_display": False,
}
SETUP_DEFAULTS: Doc = {
    "checkin_and_checkout": {
        "enable": False,
        "checkin_and_checkout_options": {
            "checkin_minutes_prior_to_meeting_start_time": 10,
            "allowed_minutes_before_release_room_after_no_checkout": 10,
            "enable_new_user_checkin_notification": False,
            "enable_remove_recurring": False,
            "allowed_consecutive_missed_checkin_before_removing_room": 3,
        },
    },
    "under_construction": False,
}


def _activation_code() -> str:
    raw = ids.digits(16)
    return "-".join(raw[i : i + 4] for i in range(0, 16, 4))


def room_devices(ctx: Ctx, room_id: str) -> list[Doc]:
    return [
        d
        for d in ctx.tx.find(common.ZDM_DEVICE, ctx.account_id)
        if d.get("room_id") == room_id and d.get("device_type") != 5
    ]


def status(ctx: Ctx, room: Doc) -> str:
    setup = (common.overrides(ctx, f"room:{room['id']}").get("profile") or {}).get("setup") or {}
    if setup.get("under_construction"):
        return "UnderConstruction"
    if room.get("_in_meeting"):
        return "InMeeting"
    if any(d.get("device_type") in COMPUTER_TYPES for d in room_devices(ctx, room["id"])):
        return "Available"
    return "Offline"


def refresh_status(ctx: Ctx, room: Doc) -> None:
    """Keep the stored status current for readers outside this area (dashboards)."""
    room["status"] = status(ctx, room)
    loc = common.location_or_none(ctx, str(room.get("location_id") or ""))
    room["location"] = str(loc.get("name", "")) if loc else ""
    ctx.tx.update(ROOM, room["id"], room)


def event_object(room: Doc) -> Doc:
    return {"id": room["id"], "room_name": room.get("name", "")}


# -- validation shared by add and update ---------------------------------------------------------
def _check_tags(ctx: Ctx, tag_ids: list[Any]) -> list[str]:
    tags = [str(t) for t in tag_ids]
    missing = [t for t in tags if ctx.tx.get("room_tag", t, ctx.account_id) is None]
    if missing:
        raise errors.not_found(8306, f"Tag ID does not exist: [{', '.join(missing)}].")
    return tags


def _check_calendar(ctx: Ctx, resource_id: str) -> str:
    if resource_id and ctx.tx.get("room_calendar_resource", resource_id, ctx.account_id) is None:
        raise errors.not_found(4060, f"Calendar resource does not exist: {resource_id}.")
    return resource_id


# -- add / list --------------------------------------------------------------------------------
def add(ctx: Ctx, body: Doc) -> Doc:
    name = str(body.get("name") or "").strip()
    if not name:
        raise errors.validation([{"field": "name", "message": "Missing field: name."}])
    location_id = str(body.get("location_id") or "").strip()
    if location_id:
        common.location(ctx, location_id)
    user_id = str(body.get("user_id") or "").strip()
    if user_id and users.find_user(ctx.tx, ctx.account_id, user_id) is None:
        raise errors.user_not_found(user_id)
    room: Doc = {
        "id": ids.b64url_id(),
        "room_id": ids.b64url_id(),
        "name": name,
        "type": body["type"],
        "status": "Offline",
        "location_id": location_id,
        "location": "",
        "activation_code": _activation_code(),
        "tag_ids": _check_tags(ctx, list(body.get("tag_ids") or [])),
        "calendar_resource_id": _check_calendar(
            ctx, str(body.get("calendar_resource_id") or "").strip()
        ),
        "user_id": user_id,
        "pro_device": bool(body.get("pro_device", False)),
    }
    seq = ctx.tx.counter_incr("rooms.seq.room", 0)
    ctx.tx.insert(ROOM, room["id"], ctx.account_id, room, sort=f"{seq:012d}")
    refresh_status(ctx, room)
    ctx.emit("zoomroom.created", event_object(room))
    out = {
        k: room[k] for k in ("id", "room_id", "name", "location_id", "type", "calendar_resource_id")
    }
    out["tags"] = [{"tag_id": t, "tag_name": _tag_name(ctx, t)} for t in room["tag_ids"]]
    out["user_id"] = user_id
    out["pro_device"] = room["pro_device"]
    return out


def _tag_name(ctx: Ctx, tag_id: str) -> str:
    tag = ctx.tx.get("room_tag", tag_id, ctx.account_id) or {}
    return str(tag.get("name") or tag.get("tag_name") or "")


def _subtree(ctx: Ctx, location_id: str) -> set[str]:
    """The location and every location below it."""
    docs = ctx.tx.find(common.LOCATION, ctx.account_id)
    found = {location_id}
    grew = True
    while grew:
        grew = False
        for d in docs:
            if d["id"] not in found and d.get("parent_location_id") in found:
                found.add(d["id"])
                grew = True
    return found


def list_rooms(ctx: Ctx) -> Doc:
    wanted_status = ctx.q_enum("status", ROOM_STATUSES, "")
    wanted_type = ctx.q_enum("type", common.ROOM_TYPES, "")
    unassigned = ctx.q_bool("unassigned_rooms", False)
    location_id = ctx.q("location_id").strip()
    name = ctx.q("query_name").strip().lower()
    tags = {t.strip() for t in ctx.q("tag_ids").split(",") if t.strip()}
    inside = _subtree(ctx, location_id) if location_id else set()
    out = []
    for room in ctx.tx.find(ROOM, ctx.account_id):
        current = status(ctx, room)
        if wanted_status and current != wanted_status:
            continue
        if wanted_type and room.get("type") != wanted_type:
            continue
        if unassigned and room.get("location_id"):
            continue
        if location_id and room.get("location_id") not in inside:
            continue
        if name and name not in str(room.get("name", "")).lower():
            continue
        if tags and not tags & set(room.get("tag_ids") or []):
            continue
        out.append(
            {
                "id": room["id"],
                "room_id": room.get("room_id", ""),
                "name": room.get("name", ""),
                "activation_code": room.get("activation_code", ""),
                "location_id": room.get("location_id", ""),
                "status": current,
                "tag_ids": list(room.get("tag_ids") or []),
            }
        )
    return token_page(ctx, "rooms", out)


# -- profile -----------------------------------------------------------------------------------
def profile(ctx: Ctx, room_id: str, regenerate: bool) -> Doc:
    room = common.room(ctx, room_id)
    if regenerate:
        room["activation_code"] = _activation_code()
        ctx.tx.update(ROOM, room_id, room)
    loc = common.location_or_none(ctx, str(room.get("location_id") or ""))
    scope = f"room:{room_id}"
    inherited = profiles.chain_profile(
        ctx,
        ["account", *profiles.location_scopes(ctx, loc), scope],
        profiles.INHERITED_BASIC,
    )
    own = (common.overrides(ctx, scope).get("profile") or {}).get("basic") or {}
    basic: Doc = {
        **ROOM_BASIC_DEFAULTS,
        **{k: v for k, v in own.items() if k not in profiles.INHERITED_BASIC},
        **inherited["basic"],
        "activation_code": room.get("activation_code", ""),
        "name": room.get("name", ""),
        "zoom_room_type": room.get("type", "ZoomRoom"),
        "location_id": room.get("location_id", ""),
        "calendar_resource_id": room.get("calendar_resource_id", ""),
        "tag_ids": list(room.get("tag_ids") or []),
        "user_id": room.get("user_id", ""),
    }
    basic.setdefault("display_name", room.get("name", ""))
    stored = common.overrides(ctx, scope).get("profile") or {}
    setup = common.merge({**SETUP_DEFAULTS, **inherited["setup"]}, stored.get("setup") or {})
    setup["pro_device"] = bool(room.get("pro_device", False))
    device = {"device_profile_id": "", **(stored.get("device") or {})}
    return {"basic": basic, "device": device, "setup": setup}


def update_profile(ctx: Ctx, room_id: str, body: Doc) -> None:
    room = common.room(ctx, room_id, "Zoom Room not found: {}.")
    old = dict(room)
    basic = dict(body.get("basic") or {})
    for field, attr in DOC_BASIC.items():
        if field in basic:
            room[attr] = basic.pop(field)
    if not str(room.get("name") or "").strip():
        raise errors.field_error("name", "Invalid parameter: name.")
    room["name"] = str(room["name"]).strip()
    _check_calendar(ctx, str(room.get("calendar_resource_id") or "").strip())
    if "tag_ids" in basic:
        room["tag_ids"] = _check_tags(ctx, list(basic.pop("tag_ids") or []))
    device = body.get("device") or {}
    if device.get("device_profile_id"):
        raise errors.not_found(8005, f"Zoom Room device profile does not exist: {room_id}.")
    setup = dict(body.get("setup") or {})
    if "pro_device" in setup:
        room["pro_device"] = bool(setup.pop("pro_device"))
    setup.pop("screen_lock_pin", None)
    changed = profiles.store_profile(ctx, f"room:{room_id}", {"basic": basic, "setup": setup})
    if room["name"] != old.get("name"):
        # ZDM devices show the name of the room they belong to.
        for device in room_devices(ctx, room_id):
            device["room_name"] = room["name"]
            ctx.tx.update(common.ZDM_DEVICE, str(device["device_id"]), device)
    refresh_status(ctx, room)
    if changed or {k: v for k, v in room.items() if k != "status"} != {
        k: v for k, v in old.items() if k != "status"
    }:
        ctx.emit("zoomroom.updated", event_object(room))


def change_location(ctx: Ctx, room_id: str, location_id: str) -> None:
    room = common.room(ctx, room_id)
    location_id = location_id.strip()
    if location_id:
        common.location(ctx, location_id, "Location not found: {}")
    if room.get("location_id") == location_id:
        return
    room["location_id"] = location_id
    refresh_status(ctx, room)
    ctx.emit("zoomroom.updated", event_object(room))


def delete(ctx: Ctx, room_id: str) -> None:
    room = common.room(ctx, room_id, "Room not found:{}")
    for device in room_devices(ctx, room_id):
        # The devices stay in ZDM, released from the room.
        device["room_id"], device["room_name"] = "", ""
        ctx.tx.update(common.ZDM_DEVICE, str(device["device_id"]), device)
    ctx.tx.delete_children(common.COMMAND, ctx.account_id, room_id)
    common.drop_overrides(ctx, f"room:{room_id}")
    ctx.tx.delete(ROOM, room_id)
    ctx.emit("zoomroom.deleted", event_object(room))
