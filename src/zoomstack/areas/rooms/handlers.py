"""Zoom Rooms: /rooms, /rooms/{roomId}..., /rooms/locations..., account settings and profile."""

from __future__ import annotations

from typing import Any

from zoomstack.areas.rooms import controls, locations, profiles, rooms, settings
from zoomstack.context import Ctx
from zoomstack.registry import api
from zoomstack.validation import validate_body_branch

Doc = dict[str, Any]


def _settings_body(ctx: Ctx) -> Doc:
    """Settings bodies are a `oneOf` whose alternatives overlap: `setting_type` picks one."""
    parsed = ctx.json_object()
    branch = (0,) if settings.setting_type(ctx) == "meeting" else (1,)
    validate_body_branch(ctx.op.method, ctx.op.path, parsed, branch)
    return parsed


# -- rooms -------------------------------------------------------------------------------------
@api("GET", "/rooms")
def list_rooms(ctx: Ctx) -> Doc:
    return rooms.list_rooms(ctx)


@api("POST", "/rooms")
def add_room(ctx: Ctx) -> Doc:
    return rooms.add(ctx, ctx.body())


@api("GET", "/rooms/{roomId}")
def get_room_profile(ctx: Ctx) -> Doc:
    regenerate = ctx.q_bool("regenerate_activation_code", False)
    return rooms.profile(ctx, ctx.params["roomId"], regenerate)


@api("PATCH", "/rooms/{roomId}")
def update_room_profile(ctx: Ctx) -> None:
    rooms.update_profile(ctx, ctx.params["roomId"], ctx.body())


@api("DELETE", "/rooms/{roomId}")
def delete_room(ctx: Ctx) -> None:
    rooms.delete(ctx, ctx.params["roomId"])


@api("PUT", "/rooms/{roomId}/location")
def change_room_location(ctx: Ctx) -> None:
    rooms.change_location(ctx, ctx.params["roomId"], str(ctx.body().get("location_id") or ""))


@api("GET", "/rooms/{id}/settings")
def get_room_settings(ctx: Ctx) -> Doc:
    return settings.room_settings(ctx, ctx.params["id"])


@api("PATCH", "/rooms/{id}/settings")
def update_room_settings(ctx: Ctx) -> None:
    settings.update_room_settings(ctx, ctx.params["id"], _settings_body(ctx))


@api("GET", "/rooms/{roomId}/devices")
def list_room_devices(ctx: Ctx) -> Doc:
    return controls.list_devices(ctx, ctx.params["roomId"])


@api("PUT", "/rooms/{roomId}/devices/{deviceId}/app_version")
def change_app_version(ctx: Ctx) -> None:
    body = ctx.body()
    controls.change_app_version(
        ctx, ctx.params["roomId"], ctx.params["deviceId"], str(body.get("action") or "upgrade")
    )


@api("PATCH", "/rooms/{id}/events")
def room_controls(ctx: Ctx) -> None:
    controls.control(ctx, ctx.params["id"], ctx.body())


@api("GET", "/rooms/digital_signage")
def list_digital_signage(ctx: Ctx) -> Doc:
    return controls.list_signage(ctx)


@api("PATCH", "/rooms/events")
def emergency_alert(ctx: Ctx) -> None:
    controls.emergency_alert(ctx, ctx.body())


# -- account -----------------------------------------------------------------------------------
@api("GET", "/rooms/account_settings")
def get_account_settings(ctx: Ctx) -> Doc:
    return settings.account_settings(ctx)


@api("PATCH", "/rooms/account_settings")
def update_account_settings(ctx: Ctx) -> None:
    settings.update_account_settings(ctx, _settings_body(ctx))


@api("GET", "/rooms/account_profile")
def get_account_profile(ctx: Ctx) -> Doc:
    return profiles.account_profile(ctx)


@api("PATCH", "/rooms/account_profile")
def update_account_profile(ctx: Ctx) -> None:
    profiles.update_account_profile(ctx, ctx.body())


# -- locations ---------------------------------------------------------------------------------
@api("GET", "/rooms/locations")
def list_locations(ctx: Ctx) -> Doc:
    return locations.list_locations(ctx)


@api("POST", "/rooms/locations")
def add_location(ctx: Ctx) -> Doc:
    return locations.create(ctx, ctx.body())


@api("GET", "/rooms/locations/structure")
def get_location_structure(ctx: Ctx) -> Doc:
    return locations.get_structure(ctx)


@api("PUT", "/rooms/locations/structure")
def update_location_structure(ctx: Ctx) -> None:
    locations.set_structure(ctx, list(ctx.body().get("structures") or []))


@api("GET", "/rooms/locations/{locationId}")
def get_location_profile(ctx: Ctx) -> Doc:
    return locations.get_profile(ctx, ctx.params["locationId"])


@api("PATCH", "/rooms/locations/{locationId}")
def update_location_profile(ctx: Ctx) -> None:
    locations.update_profile(ctx, ctx.params["locationId"], ctx.body())


@api("DELETE", "/rooms/locations/{locationId}")
def delete_location(ctx: Ctx) -> None:
    locations.delete(ctx, ctx.params["locationId"])


@api("PUT", "/rooms/locations/{locationId}/location")
def change_parent_location(ctx: Ctx) -> None:
    body = ctx.body()
    locations.move(ctx, ctx.params["locationId"], str(body.get("parent_location_id") or ""))


@api("GET", "/rooms/locations/{locationId}/settings")
def get_location_settings(ctx: Ctx) -> Doc:
    return settings.location_settings(ctx, ctx.params["locationId"])


@api("PATCH", "/rooms/locations/{locationId}/settings")
def update_location_settings(ctx: Ctx) -> None:
    settings.update_location_settings(ctx, ctx.params["locationId"], _settings_body(ctx))
