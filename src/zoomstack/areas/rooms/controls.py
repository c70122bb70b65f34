"""Room devices, Zoom Rooms app version changes, room controls and account-wide alerts.

Devices are the Zoom Device Management devices assigned to the room (devices area, kind
"zdm_device"); zoomstack runs no real Zoom Rooms, so an assigned device counts as online.
Controls are accepted (202) and stored per room as commands; check-in/out emit Zoom's
`zoomroom.checked_in` / `zoomroom.checked_out` events and need the room online.
"""

from __future__ import annotations

from typing import Any

from zoomstack import errors, ids
from zoomstack.areas.rooms import common, rooms
from zoomstack.areas.rooms.common import COMMAND, Doc
from zoomstack.areas.rooms.paging import token_page
from zoomstack.context import Ctx

DEVICE_TYPES = {
    0: "Zoom Rooms Computer",
    1: "Controller",
    2: "Scheduling Display",
    3: "Zoom Rooms Control System",
    4: "Companion Whiteboard",
    6: "Zoom Rooms Computer",
}
ALERT = "room_alert"
_CHECK = {"zoomroom.check_in": "zoomroom.checked_in", "zoomroom.check_out": "zoomroom.checked_out"}
_DEVICE_SWITCH = {
    "zoomroom.switch_camera": "cameraId",
    "zoomroom.switch_microphone": "microphoneId",
    "zoomroom.switch_speaker": "speakerId",
}


def _device_item(device: Doc) -> Doc:
    mac = str(device.get("mac_address") or "")
    return {
        "id": str(device.get("device_id", "")),
        "room_name": str(device.get("room_name", "")),
        "device_type": DEVICE_TYPES.get(int(device.get("device_type") or 0), "Zoom Rooms Computer"),
        "app_version": str(device.get("app_version", "")),
        "device_system": str(device.get("platform_os", "")),
        "status": "Online",
        "device_mac_addresses": [mac] if mac else [],
        "device_hostname": str(device.get("device_name", "")),
        "device_manufacturer": str(device.get("vendor", "")),
        "device_model": str(device.get("model", "")),
        "device_firmware": str(device.get("_firmware_version", "")),
        "ip_address": "",
        "serial_number": str(device.get("serial_number", "")),
    }


def list_devices(ctx: Ctx, room_id: str) -> Doc:
    common.room(ctx, room_id)
    return {"devices": [_device_item(d) for d in rooms.room_devices(ctx, room_id)]}


def change_app_version(ctx: Ctx, room_id: str, device_id: str, action: str) -> None:
    common.room(ctx, room_id)
    if not any(str(d.get("device_id")) == device_id for d in rooms.room_devices(ctx, room_id)):
        raise errors.bad_request(
            8004,
            f"A device with the provided Device ID: {device_id} does not belong to the current "
            f"room: {room_id}.",
        )
    scope = f"device:{device_id}"
    data = common.overrides(ctx, scope)
    pending = str(data.get("app_update") or "")
    if action == "upgrade" and pending:
        raise errors.bad_request(
            8001,
            "Cannot process this upgrade request. The Zoom Rooms Software in this device is "
            "either already up to date or is currently being updated.",
        )
    if action == "downgrade" and pending:
        raise errors.bad_request(
            8002,
            "Cannot process the downgrade request. The target version for downgrading is not "
            "available or the downgrade process has already been initiated.",
        )
    if action == "cancel" and not pending:
        raise errors.bad_request(
            8003,
            "The cancel request could not be processed because the Zoom Rooms Software in this "
            "device is not being downgraded or upgraded at the moment. The cancel action should "
            "only be used to cancel an ongoing upgrade or downgrade process.",
        )
    common.save_overrides(ctx, scope, {**data, "app_update": "" if action == "cancel" else action})


# -- controls ----------------------------------------------------------------------------------
def control(ctx: Ctx, room_id: str, body: Doc) -> None:
    room = common.room(ctx, room_id, "Room does not exist: {}.")
    method = str(body.get("method") or "")
    params: Doc = dict(body.get("params") or {})
    current = rooms.status(ctx, room)
    if method in _CHECK:
        if current == "Offline":
            raise errors.bad_request(
                300,
                "Zoom Room is offline. Please ensure that the Zoom Room is online before "
                "checking in or checking out.",
            )
        if not str(params.get("event_id") or "").strip():
            raise errors.bad_request(300, "Invalid parameters.")
    wanted = _DEVICE_SWITCH.get(method)
    if wanted is not None:
        device_id = str(params.get(wanted) or "")
        if device_id not in {str(d.get("device_id")) for d in rooms.room_devices(ctx, room_id)}:
            raise errors.bad_request(300, f"Device does not exist: {device_id}.")
    if method == "zoomroom.meeting_join":
        room["_in_meeting"] = True
    elif method in ("zoomroom.meeting_leave", "zoomroom.meeting_end"):
        room["_in_meeting"] = False
    rooms.refresh_status(ctx, room)
    now = ctx.clock.now_ms()
    seq = ctx.tx.counter_incr("rooms.seq.command", 0)
    command_id = ids.uuid4_str()
    ctx.tx.insert(
        COMMAND,
        command_id,
        ctx.account_id,
        {"id": command_id, "method": method, "params": params, "time_ms": now},
        parent=room_id,
        sort=f"{seq:012d}",
    )
    if method in _CHECK:
        ctx.emit(_CHECK[method], _check_object(room, params))


def _check_object(room: Doc, params: Doc) -> Doc:
    calendar_id = str(params.get("calendar_id") or "")
    exchange = bool(params.get("change_key") or params.get("resource_email"))
    return {
        "id": room["id"],
        "room_name": str(room.get("name", "")),
        "calendar_name": str(room.get("calendar_name", "")),
        "email": str(room.get("email", "")),
        "event_id": str(params.get("event_id") or ""),
        "change_key": str(params.get("change_key") or ""),
        "resource_email": str(params.get("resource_email") or ""),
        "calendar_id": calendar_id,
        # 0 Exchange/Office 365, 1 Google; the calendar fields sent tell which.
        "calendar_type": "0" if exchange else ("1" if calendar_id else "0"),
        "api_type": "0",
    }


def commands(ctx: Ctx, room_id: str) -> list[Doc]:
    return ctx.tx.find(COMMAND, ctx.account_id, room_id)


# -- digital signage and emergency alerts ------------------------------------------------------
def list_signage(ctx: Ctx) -> Doc:
    kind = ctx.q("type").strip() or "content"
    if kind not in ("content", "folder"):
        raise errors.field_error("type", "Invalid parameter: type.")
    folder = ctx.q("folder_id").strip()
    items = [
        {"id": d["id"], "name": d.get("name", "")}
        for d in ctx.tx.find("room_signage_content", ctx.account_id)
        if d.get("type", "content") == kind and str(d.get("folder_id") or "") == folder
    ]
    return token_page(ctx, "contents", items)


def _targets_exist(ctx: Ctx, target_type: str, target_ids: list[Any]) -> bool:
    for raw in target_ids:
        tid = str(raw)
        if target_type == "account" and tid != ctx.account_id:
            return False
        if target_type == "location" and common.location_or_none(ctx, tid) is None:
            return False
        if target_type == "room" and ctx.tx.get(common.ROOM, tid, ctx.account_id) is None:
            return False
    return True


def emergency_alert(ctx: Ctx, body: Doc) -> None:
    method = str(body.get("method") or "")
    params: Doc = dict(body.get("params") or {})
    target_type = str(params.get("target_type") or "account")
    target_ids = list(params.get("target_ids") or [ctx.account_id])
    if not _targets_exist(ctx, target_type, target_ids):
        raise errors.bad_request(
            300,
            "Invalid value submitted for Target Ids. Provide a valid Target Id associated with "
            "the Target type.",
        )
    if method == "zoomroom.emergency_alert_removed":
        event_id = str(params.get("event_id") or "").strip()
        if not event_id:
            raise errors.bad_request(300, "Event id is required.")
        ctx.tx.delete(ALERT, event_id)
        return
    alert_id = ids.b64url_id()
    doc = {
        "id": alert_id,
        "content": str(params.get("content") or ""),
        "target_type": target_type,
        "target_ids": [str(t) for t in target_ids],
        "time_ms": ctx.clock.now_ms(),
    }
    ctx.tx.insert(ALERT, alert_id, ctx.account_id, doc)
