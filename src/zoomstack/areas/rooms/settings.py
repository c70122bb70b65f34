"""Zoom Rooms settings at account, location and room level, by `setting_type`.

Settings inherit downwards: a room shows the defaults overlaid with the overrides stored on the
account, each location from the top of its tree down, then the room itself. A PATCH stores
only the sections of its `setting_type`.
"""

from __future__ import annotations

from typing import Any

from zoomstack import errors
from zoomstack.areas.rooms import common, settings_defaults
from zoomstack.areas.rooms.common import Doc
from zoomstack.context import Ctx

SECTIONS: dict[str, tuple[str, ...]] = {
    "meeting": ("meeting_security", "zoom_rooms"),
    "alert": ("client_alert", "notification"),
    "signage": ("digital_signage",),
    "scheduling_display": ("scheduling_display",),
}
LEVEL_DEFAULTS: dict[str, dict[str, Any]] = {
    "account": settings_defaults.ACCOUNT_DEFAULTS,
    "location": settings_defaults.LOCATION_DEFAULTS,
    "room": settings_defaults.ROOM_DEFAULTS,
}


def setting_type(ctx: Ctx) -> str:
    raw = ctx.q("setting_type").strip() or "meeting"
    if raw not in SECTIONS:
        raise errors.field_error("setting_type", "Invalid parameter: setting_type.")
    return raw


def _restrict(defaults: Any, value: Any) -> Any:
    """Keep only the fields this level has (account settings lack some room-only fields)."""
    if isinstance(defaults, dict) and isinstance(value, dict):
        return {k: _restrict(defaults[k], value[k]) for k in defaults if k in value}
    return value


def effective(ctx: Ctx, level: str, scopes: list[str], kind: str) -> Doc:
    defaults = LEVEL_DEFAULTS[level]
    out: Doc = {}
    for section in SECTIONS[kind]:
        if section not in defaults:
            continue
        value: Any = defaults[section]
        for scope in scopes:
            stored = (common.overrides(ctx, scope).get("settings") or {}).get(section)
            if stored is not None:
                value = common.merge(value, stored)
        out[section] = _restrict(defaults[section], value)
    return out


def store(ctx: Ctx, level: str, scope: str, kind: str, body: Doc) -> None:
    data = common.overrides(ctx, scope)
    current: Doc = dict(data.get("settings") or {})
    for section in SECTIONS[kind]:
        part = body.get(section)
        if section in LEVEL_DEFAULTS[level] and isinstance(part, dict):
            current[section] = common.merge(current.get(section) or {}, part)
    common.save_overrides(ctx, scope, {**data, "settings": current})


def location_scopes(ctx: Ctx, loc: Doc | None) -> list[str]:
    return [f"location:{d['id']}" for d in reversed(common.ancestors(ctx, loc))]


# -- the three levels --------------------------------------------------------------------------
def account_settings(ctx: Ctx) -> Doc:
    return effective(ctx, "account", ["account"], setting_type(ctx))


def update_account_settings(ctx: Ctx, body: Doc) -> None:
    store(ctx, "account", "account", setting_type(ctx), body)


def location_settings(ctx: Ctx, location_id: str) -> Doc:
    loc = common.location(ctx, location_id)
    kind = setting_type(ctx)
    return effective(ctx, "location", ["account", *location_scopes(ctx, loc)], kind)


def update_location_settings(ctx: Ctx, location_id: str, body: Doc) -> None:
    common.location(ctx, location_id)
    store(ctx, "location", f"location:{location_id}", setting_type(ctx), body)


def room_settings(ctx: Ctx, room_id: str) -> Doc:
    room = common.room(ctx, room_id, "Room not found:{}.")
    loc = common.location_or_none(ctx, str(room.get("location_id") or ""))
    scopes = ["account", *location_scopes(ctx, loc), f"room:{room_id}"]
    return effective(ctx, "room", scopes, setting_type(ctx))


def update_room_settings(ctx: Ctx, room_id: str, body: Doc) -> None:
    common.room(ctx, room_id, "Room not found:{}.")
    store(ctx, "room", f"room:{room_id}", setting_type(ctx), body)
