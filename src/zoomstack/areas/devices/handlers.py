"""Devices: H.323/SIP devices (/h323/devices) and Zoom Device Management (/devices, ZDM groups,
Zoom Phone Appliances)."""

from __future__ import annotations

from typing import Any

from zoomstack import errors
from zoomstack.areas.devices import groups, zdm, zpa
from zoomstack.areas.devices.h323 import H323_DEVICES
from zoomstack.context import Ctx
from zoomstack.registry import api

H323_DEVICES.register(
    "/h323/devices", "/h323/devices/{deviceId}", ("list", "create", "update", "delete")
)
zdm.DEVICES.register("/devices", "/devices/{deviceId}")


@api("PATCH", "/devices/{deviceId}/assignment")
def change_device_room(ctx: Ctx) -> None:
    body = ctx.body()
    if "room_id" not in body:
        # The documented contract requires room_id (blank releases the device).
        raise errors.validation([{"field": "room_id", "message": "Missing field: room_id."}])
    zdm.change_room(
        ctx, ctx.params["deviceId"], str(body.get("room_id", "")), body.get("app_type", "ZR")
    )


@api("GET", "/devices/groups")
def list_zdm_groups(ctx: Ctx) -> dict[str, Any]:
    return groups.list_groups(ctx)


@api("POST", "/devices/zpa/assignment")
def assign_zpa(ctx: Ctx) -> None:
    body = ctx.body()
    zpa.assign(ctx, body["mac_address"], body["vendor"], str(body.get("extension_number", "")))


@api("POST", "/devices/zpa/upgrade")
def upgrade_zpa(ctx: Ctx) -> None:
    body = ctx.body()
    zpa.upgrade(ctx, body["zdm_group_id"], body["data"])


@api("DELETE", "/devices/zpa/vendors/{vendor}/mac_addresses/{macAddress}")
def delete_zpa(ctx: Ctx) -> None:
    zpa.delete_by_mac(ctx, ctx.params["vendor"], ctx.params["macAddress"])


@api("GET", "/devices/zpa/zdm_groups/{zdmGroupId}/versions")
def zpa_versions(ctx: Ctx) -> dict[str, Any]:
    return zpa.versions(ctx, ctx.params["zdmGroupId"])
