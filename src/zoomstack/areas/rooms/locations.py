"""Zoom Rooms locations: a tree whose levels follow the account's location structure.

A location's `type` is the structure level at its depth (top-level locations take the first
level), so changing the structure re-labels existing locations. A location's parent must sit one
level above it; names are unique among siblings. Profiles inherit the account's Zoom Rooms
profile (support contacts, passcode) unless overridden at the location.
"""

from __future__ import annotations

from typing import Any

from zoomstack import errors, ids
from zoomstack.areas.rooms import common
from zoomstack.areas.rooms.common import LOCATION, Doc
from zoomstack.areas.rooms.paging import token_page
from zoomstack.context import Ctx

DEFAULT_STRUCTURE = ("country", "states", "city", "campus", "building", "floor")
_ALIASES = {"state": "states"}
STRUCTURE_SCOPE = "location_structure"
PROFILE_BASIC = (
    "address",
    "description",
    "name",
    "required_code_to_ext",
    "room_passcode",
    "support_email",
    "support_phone",
    "timezone",
)


# -- structure ---------------------------------------------------------------------------------
def structure(ctx: Ctx) -> list[str]:
    stored = common.overrides(ctx, STRUCTURE_SCOPE).get("structures")
    return list(stored) if stored else list(DEFAULT_STRUCTURE)


def get_structure(ctx: Ctx) -> Doc:
    return {"structures": structure(ctx)}


def set_structure(ctx: Ctx, levels: list[Any]) -> None:
    clean = [str(v).strip() for v in levels]
    normalized = [_ALIASES.get(v, v) for v in clean]
    if not clean or any(v not in DEFAULT_STRUCTURE for v in normalized):
        raise errors.field_error("structures", "Invalid parameter: structures.")
    if len(set(normalized)) != len(normalized):
        raise errors.field_error("structures", "Invalid parameter: structures.")
    # Levels keep Zoom's top-down order whatever order they were sent in.
    ordered = sorted(clean, key=lambda v: DEFAULT_STRUCTURE.index(_ALIASES.get(v, v)))
    common.save_overrides(ctx, STRUCTURE_SCOPE, {"structures": ordered})


def _depth(ctx: Ctx, loc: Doc) -> int:
    return len(common.ancestors(ctx, loc)) - 1


def type_at(ctx: Ctx, depth: int) -> str:
    levels = structure(ctx)
    level = levels[min(depth, len(levels) - 1)]
    return _ALIASES.get(level, level)


def location_type(ctx: Ctx, loc: Doc) -> str:
    return type_at(ctx, _depth(ctx, loc))


# -- shapes ------------------------------------------------------------------------------------
def item(ctx: Ctx, loc: Doc) -> Doc:
    return {
        "id": loc["id"],
        "name": loc.get("name", ""),
        "parent_location_id": loc.get("parent_location_id", ""),
        "type": location_type(ctx, loc),
    }


# -- list / create -----------------------------------------------------------------------------
def list_locations(ctx: Ctx) -> Doc:
    parent_id = ctx.q("parent_location_id").strip()
    wanted = ctx.q("type").strip()
    if wanted and _ALIASES.get(wanted, wanted) not in DEFAULT_STRUCTURE:
        raise errors.bad_request(300, "Location type not exist.")
    if parent_id:
        common.location(ctx, parent_id, "Location not found:{}.")
    docs = ctx.tx.find(LOCATION, ctx.account_id)
    shaped = [item(ctx, d) for d in docs]
    if parent_id:
        shaped = [d for d in shaped if d["parent_location_id"] == parent_id]
    if wanted:
        shaped = [d for d in shaped if d["type"] == _ALIASES.get(wanted, wanted)]
    return token_page(ctx, "locations", shaped)


def _name_taken(ctx: Ctx, parent_id: str, name: str, own_id: str = "") -> bool:
    key = name.strip().lower()
    return any(
        str(d.get("name", "")).strip().lower() == key and d["id"] != own_id
        for d in ctx.tx.find(LOCATION, ctx.account_id)
        if str(d.get("parent_location_id") or "") == parent_id
    )


def _check_parent(ctx: Ctx, parent_id: str, depth: int, not_found: str) -> None:
    """A location at `depth` may hang under `parent_id` only one level above it."""
    if not parent_id:
        if depth != 0:
            raise errors.bad_request(300, f"Invalid parent location id {parent_id}.")
        return
    parent = common.location(ctx, parent_id, not_found)
    if _depth(ctx, parent) != depth - 1:
        raise errors.bad_request(300, f"Invalid parent location id {parent_id}.")


def create(ctx: Ctx, body: Doc) -> Doc:
    name = str(body.get("name") or "").strip()
    if not name:
        raise errors.validation([{"field": "name", "message": "Missing field: name."}])
    parent_id = str(body.get("parent_location_id") or "").strip()
    depth = 0
    if parent_id:
        parent = common.location(ctx, parent_id, "Location not exist {}.")
        depth = _depth(ctx, parent) + 1
        if depth >= len(structure(ctx)):
            raise errors.bad_request(300, f"Invalid parent location id {parent_id}")
    if _name_taken(ctx, parent_id, name):
        raise errors.bad_request(
            300, "Location name already exists. Try a different location name."
        )
    doc: Doc = {"id": ids.b64url_id(), "name": name, "parent_location_id": parent_id}
    seq = ctx.tx.counter_incr("rooms.seq.location", 0)
    ctx.tx.insert(LOCATION, doc["id"], ctx.account_id, doc, sort=f"{seq:012d}")
    out = item(ctx, doc)
    ctx.emit("zoomroom.location_created", out)
    return out


# -- profile -----------------------------------------------------------------------------------
def get_profile(ctx: Ctx, location_id: str) -> Doc:
    from zoomstack.areas.rooms import profiles

    loc = common.location(ctx, location_id)
    inherited = profiles.location_chain_profile(ctx, loc)
    basic = {
        "name": loc.get("name", ""),
        "parent_location_id": loc.get("parent_location_id", ""),
        "address": "",
        "description": "",
        "timezone": "",
        **inherited["basic"],
    }
    return {"basic": basic, "setup": inherited["setup"]}


def update_profile(ctx: Ctx, location_id: str, body: Doc) -> None:
    from zoomstack.areas.rooms import profiles

    loc = common.location(ctx, location_id)
    basic = dict(body.get("basic") or {})
    name = basic.pop("name", None)
    changed = False
    if name is not None:
        name = str(name).strip()
        if not name:
            raise errors.field_error("name", "Invalid parameter: name.")
        parent_id = str(loc.get("parent_location_id") or "")
        if name != loc.get("name"):
            if _name_taken(ctx, parent_id, name, loc["id"]):
                raise errors.bad_request(
                    300, "Location name already exists. Try a different location name."
                )
            loc["name"] = name
            ctx.tx.update(LOCATION, loc["id"], loc)
            changed = True
    rest = {"basic": basic, "setup": body.get("setup") or {}}
    if profiles.store_profile(ctx, f"location:{loc['id']}", rest):
        changed = True
    if changed:
        ctx.emit("zoomroom.location_updated", item(ctx, loc))


def move(ctx: Ctx, location_id: str, parent_id: str) -> None:
    loc = common.location(ctx, location_id)
    parent_id = parent_id.strip()
    if parent_id == loc["id"]:
        raise errors.bad_request(300, f"Invalid parent location id {parent_id}.")
    _check_parent(ctx, parent_id, _depth(ctx, loc), "Location not found:{}.")
    if parent_id == loc.get("parent_location_id"):
        return
    if _name_taken(ctx, parent_id, str(loc.get("name", "")), loc["id"]):
        raise errors.bad_request(
            300, "Location name already exists. Try a different location name."
        )
    loc["parent_location_id"] = parent_id
    ctx.tx.update(LOCATION, loc["id"], loc)
    ctx.emit("zoomroom.location_updated", item(ctx, loc))


def delete(ctx: Ctx, location_id: str) -> None:
    loc = common.location(ctx, location_id, "Location does not exist: {}.")
    children = [
        d
        for d in ctx.tx.find(LOCATION, ctx.account_id)
        if d.get("parent_location_id") == location_id
    ]
    rooms = [
        r for r in ctx.tx.find(common.ROOM, ctx.account_id) if r.get("location_id") == location_id
    ]
    if children or rooms:
        # Zoom keeps the tree whole: a location still holding locations or rooms stays.
        raise errors.bad_request(300, "Location is not empty.")
    out = item(ctx, loc)
    ctx.tx.delete(LOCATION, location_id)
    common.drop_overrides(ctx, f"location:{location_id}")
    ctx.emit("zoomroom.location_deleted", out)
