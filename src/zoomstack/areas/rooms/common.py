"""Storage kinds, lookups and errors shared by the Zoom Rooms modules."""

from __future__ import annotations

from typing import Any

from zoomstack import errors
from zoomstack.context import Ctx

Doc = dict[str, Any]

# Other areas (devices, dashboards) read rooms under this kind, in Zoom's field names.
ROOM = "room"
LOCATION = "room_location"
# One document per account / location / room holding stored overrides (settings, profile).
OVERRIDES = "room_overrides"
COMMAND = "room_command"
ZDM_DEVICE = "zdm_device"

ROOM_TYPES = (
    "Kiosk",
    "ZoomRoom",
    "StandaloneWhiteboard",
    "SchedulingDisplayOnly",
    "DigitalSignageOnly",
    "PersonalZoomRoom",
)
LOCATION_TYPES = ("country", "states", "city", "campus", "building", "floor")


def room(ctx: Ctx, room_id: str, message: str = "Room not found: {}.") -> Doc:
    doc = ctx.tx.get(ROOM, room_id, ctx.account_id)
    if doc is None:
        raise errors.not_found(1012, message.format(room_id))
    return doc


def location_or_none(ctx: Ctx, location_id: str) -> Doc | None:
    if not location_id:
        return None
    return ctx.tx.get(LOCATION, location_id, ctx.account_id)


def location(ctx: Ctx, location_id: str, message: str = "Location not found: {}.") -> Doc:
    doc = location_or_none(ctx, location_id)
    if doc is None:
        raise errors.not_found(4801, message.format(location_id))
    return doc


def ancestors(ctx: Ctx, loc: Doc | None) -> list[Doc]:
    """The location and its parents, nearest first."""
    out: list[Doc] = []
    seen: set[str] = set()
    while loc is not None and loc["id"] not in seen:
        out.append(loc)
        seen.add(loc["id"])
        loc = location_or_none(ctx, str(loc.get("parent_location_id") or ""))
    return out


def overrides(ctx: Ctx, scope: str) -> Doc:
    doc = ctx.tx.get(OVERRIDES, _override_id(ctx, scope), ctx.account_id)
    return doc or {}


def save_overrides(ctx: Ctx, scope: str, data: Doc) -> None:
    oid = _override_id(ctx, scope)
    if ctx.tx.get(OVERRIDES, oid, ctx.account_id) is None:
        ctx.tx.insert(OVERRIDES, oid, ctx.account_id, data)
    else:
        ctx.tx.update(OVERRIDES, oid, data)


def drop_overrides(ctx: Ctx, scope: str) -> None:
    ctx.tx.delete(OVERRIDES, _override_id(ctx, scope))


def _override_id(ctx: Ctx, scope: str) -> str:
    # Scopes are "account", "location:<id>" or "room:<id>"; ids are only unique per kind.
    return f"{ctx.account_id}:{scope}"


def merge(base: Any, top: Any) -> Any:
    """Deep merge of stored overrides onto defaults (objects merge, anything else replaces)."""
    if isinstance(base, dict) and isinstance(top, dict):
        out = dict(base)
        for k, v in top.items():
            out[k] = merge(base.get(k), v)
        return out
    return top if top is not None else base
