"""Zoom Device Management (ZDM): Zoom Rooms devices and Zoom Phone Appliances (ZPA).

Devices are added by MAC address (unique per account) into a ZDM group. Zoom Rooms devices may
belong to a Zoom Room; phone appliances to a user or an extension.
"""

from __future__ import annotations

import re
from typing import Any

from zoomstack import crud, errors
from zoomstack.areas.devices import groups
from zoomstack.areas.users import service as users
from zoomstack.context import Ctx

# Device types: 0 ZR computer, 1 ZR controller, 2 scheduling display, 3 control system,
# 4 whiteboard, 5 Zoom Phone Appliance, 6 ZR computer with controller.
ZPA = 5
ROOM_DEVICE_TYPES = (0, 1, 2, 3, 4, 6)
# Hardware vendors of Zoom Phone Appliances (lower-case).
ZPA_VENDORS = ("poly", "yealink", "audiocodes")
# Which device types run each Zoom Rooms app.
APP_DEVICE_TYPES = {"ZR": (0, 6), "ZRC": (1, 6), "ZRP": (2,), "ZRW": (4,)}
MAX_TAG = 64

_MAC = re.compile(
    r"^[0-9a-f]{2}([:-]?)[0-9a-f]{2}(?:\1[0-9a-f]{2}){4}$|^[0-9a-f]{4}\.[0-9a-f]{4}\.[0-9a-f]{4}$",
    re.IGNORECASE,
)
PUBLIC_FIELDS = (
    "device_id",
    "device_name",
    "mac_address",
    "serial_number",
    "vendor",
    "model",
    "platform_os",
    "app_version",
    "tag",
    "enrolled_in_zdm",
    "connected_to_zdm",
    "room_id",
    "room_name",
    "device_type",
    "sdk_version",
    "device_status",
    "last_online",
    "user_email",
)


def valid_mac(value: str) -> bool:
    return bool(_MAC.match(value.strip()))


def mac_key(value: Any) -> str:
    """MAC addresses compare by their hex digits, whatever the separators or case."""
    return re.sub(r"[^0-9a-f]", "", str(value).lower())


def _bad(code: int, message: str) -> errors.ZoomError:
    return errors.bad_request(code, message)


def room_or_none(ctx: Ctx, room_id: str) -> dict[str, Any] | None:
    # Zoom Rooms are stored by the rooms area under the kind "room".
    return ctx.tx.get("room", room_id, ctx.account_id)


def _not_found(ctx: Ctx, device_id: str) -> errors.ZoomError:
    if ctx.op.method == "PATCH":
        return errors.not_found(30055012, f"Device does not exist: {device_id}.")
    return errors.not_found(30055012, "No found unified deviceId.")


def _already_added(mac: Any) -> errors.ZoomError:
    return _bad(30055006, "device has already exist.")


def _set_room(ctx: Ctx, doc: crud.Doc) -> None:
    room_id = str(doc.get("room_id") or "").strip()
    if not room_id:
        doc["room_id"], doc["room_name"] = "", ""
        return
    room = room_or_none(ctx, room_id)
    if room is None:
        raise _bad(30055001, "zoom room does not exist.")
    doc["room_id"], doc["room_name"] = room_id, str(room.get("name", ""))


def _check_tag(doc: crud.Doc) -> None:
    if len(str(doc.get("tag") or "")) > MAX_TAG:
        raise _bad(30055005, "tag length can not be more than 64.")


def _prepare_create(ctx: Ctx, doc: crud.Doc) -> crud.Doc:
    for name in ("device_name", "mac_address", "serial_number", "vendor", "model"):
        if not str(doc.get(name) or "").strip():
            raise _bad(30055002, "required param can not be empty or null.")
    _check_tag(doc)
    if not valid_mac(str(doc["mac_address"])):
        raise _bad(30055007, "invalid mac address.")
    if doc["device_type"] == ZPA and str(doc["vendor"]).lower() not in ZPA_VENDORS:
        raise _bad(30055004, "model or vendor not exist.")
    _set_room(ctx, doc)
    email = str(doc.get("user_email") or "")
    if email:
        user = users.find_user(ctx.tx, ctx.account_id, email)
        if user is None:
            raise _bad(30055009, "email does not have plan.")
        doc["user_email"] = user["email"]
    group_id = str(doc.pop("zdm_group_id", "") or "")
    doc["_zdm_group_id"] = groups.group_id_or_default(ctx, group_id)
    doc["_extension_number"] = str(doc.pop("extension_number", "") or "")
    doc["_firmware_version"] = ""
    return doc


def _prepare_update(ctx: Ctx, old: crud.Doc, new: crud.Doc) -> crud.Doc:
    if not str(new.get("device_name") or "").strip():
        raise _bad(30055002, "required param can not be empty or null.")
    _check_tag(new)
    if new.get("room_id") != old.get("room_id"):
        _set_room(ctx, new)
    return new


def _shape(ctx: Ctx, doc: crud.Doc) -> crud.Doc:
    return {k: doc.get(k, "") for k in PUBLIC_FIELDS}


def _contains(needle: str, *values: Any) -> bool:
    return any(needle in str(v or "").lower() for v in values)


def _filter(ctx: Ctx, docs: list[crud.Doc]) -> list[crud.Doc]:
    search = ctx.q("search_text").strip().lower()
    platform = ctx.q_enum("platform_os", ("win", "mac", "ipad", "iphone", "android", "linux"), "")
    enrolled = ctx.q_bool("is_enrolled_in_zdm", True)
    dtype = ctx.q_int("device_type", -1)
    if dtype not in (-1, *ROOM_DEVICE_TYPES, ZPA):
        raise errors.field_error("device_type", "Invalid parameter: device_type.")
    status = ctx.q_int("device_status", -1)
    if status not in (-1, 0, 1):
        raise errors.field_error("device_status", "Invalid parameter: device_status.")
    vendor = ctx.q("device_vendor").strip().lower()
    model = ctx.q("device_model").strip().lower()
    types = ROOM_DEVICE_TYPES if dtype == -1 else (dtype,)
    out = []
    for d in docs:
        if d.get("device_type") not in types or bool(d.get("enrolled_in_zdm")) != enrolled:
            continue
        if search and not _contains(search, d.get("device_name"), d.get("serial_number")):
            continue
        if platform and d.get("platform_os") != platform:
            continue
        if status != -1 and d.get("device_status") != status:
            continue
        if vendor and str(d.get("vendor", "")).lower() != vendor:
            continue
        if model and str(d.get("model", "")).lower() != model:
            continue
        out.append(d)
    return out


DEVICES = crud.Resource(
    kind="zdm_device",
    not_found=_not_found,
    list_key="devices",
    id_field="device_id",
    fields=("device_name", "tag", "room_id", "device_type"),
    create_only=(
        "mac_address",
        "serial_number",
        "vendor",
        "model",
        "user_email",
        "zdm_group_id",
        "extension_number",
    ),
    defaults={
        "device_name": "",
        "mac_address": "",
        "serial_number": "",
        "vendor": "",
        "model": "",
        "platform_os": "",
        "app_version": "",
        "tag": "",
        "enrolled_in_zdm": True,
        "connected_to_zdm": False,
        "room_id": "",
        "room_name": "",
        "device_type": 0,
        "sdk_version": "",
        "device_status": 0,
        "last_online": "",
        "user_email": "",
    },
    unique=(crud.Unique("mac_address", _already_added, mac_key),),
    paging="token",
    list_total=False,
    create_returns_body=False,
    prepare_create=_prepare_create,
    prepare_update=_prepare_update,
    filter_list=_filter,
    shape=_shape,
)


def change_room(ctx: Ctx, device_id: str, room_id: str, app_type: str) -> None:
    """Assign a Zoom Rooms device to a room for one of its apps, or release it (blank room)."""
    doc = ctx.tx.get(DEVICES.kind, device_id, ctx.account_id)
    if doc is None:
        raise errors.not_found(8503, f"Device does not exist: {device_id}.")
    if not doc.get("enrolled_in_zdm"):
        raise _bad(8500, "Device not enrolled in Zoom Device Management.")
    if doc.get("device_type") not in APP_DEVICE_TYPES.get(app_type, ()):
        raise _bad(8501, "Device does not support this app.")
    room_id = room_id.strip()
    if room_id:
        room = room_or_none(ctx, room_id)
        if room is None:
            raise errors.not_found(1012, f"Room does not exist: {room_id}.")
        doc["room_id"], doc["room_name"] = room_id, str(room.get("name", ""))
    else:
        doc["room_id"], doc["room_name"] = "", ""
    ctx.tx.update(DEVICES.kind, device_id, doc)


def _forget_user(
    ctx: Ctx, user: dict[str, Any], target: dict[str, Any] | None, kinds: frozenset[str]
) -> None:
    email = str(user.get("email", "")).lower()
    for doc in DEVICES.all_docs(ctx, ""):
        if str(doc.get("user_email", "")).lower() == email:
            doc["user_email"] = ""
            ctx.tx.update(DEVICES.kind, str(doc["device_id"]), doc)


users.removal_hooks.append(_forget_user)
