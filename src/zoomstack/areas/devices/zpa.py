"""Zoom Phone Appliance (ZPA) operations: assignment, upgrades, versions, removal by vendor and
MAC address."""

from __future__ import annotations

from typing import Any

from zoomstack import crud, errors
from zoomstack.areas.devices import zdm
from zoomstack.areas.devices.groups import GROUP_KIND, GROUPS
from zoomstack.context import Ctx

# Versions offered for upgrades (zoomstack's own catalogue; newest first, at most three).
APP_VERSIONS = ("5.17.20", "5.17.11", "5.16.30")
FIRMWARE_VERSIONS = {"poly": "8.2.1.0", "yealink": "223.16.0.30", "audiocodes": "3.4.9.101"}
MAX_VERSION_ROWS = 3


def _check_vendor_and_mac(vendor: str, mac: str) -> None:
    if vendor.strip().lower() not in zdm.ZPA_VENDORS:
        raise errors.bad_request(30055003, "Device vendor does not support.")
    if not zdm.valid_mac(mac):
        raise errors.bad_request(30055007, "Mac address is wrong.")


def _by_vendor_and_mac(ctx: Ctx, vendor: str, mac: str) -> crud.Doc | None:
    key, vendor = zdm.mac_key(mac), vendor.strip().lower()
    for doc in ctx.tx.find(zdm.DEVICES.kind, ctx.account_id, ""):
        if zdm.mac_key(doc.get("mac_address")) == key and str(doc.get("vendor")).lower() == vendor:
            return doc
    return None


def assign(ctx: Ctx, mac: str, vendor: str, extension_number: str) -> None:
    """Assign a phone appliance to the owner of an extension; a blank extension unassigns it."""
    _check_vendor_and_mac(vendor, mac)
    doc = _by_vendor_and_mac(ctx, vendor, mac)
    if doc is None or doc.get("device_type") != zdm.ZPA:
        raise errors.bad_request(30051039, "Device not exists.")
    extension_number = extension_number.strip()
    if extension_number and not extension_number.isdigit():
        raise errors.bad_request(30052024, "Extension number not exists.")
    doc["_extension_number"] = extension_number
    if not extension_number:
        doc["user_email"] = ""
    ctx.tx.update(zdm.DEVICES.kind, doc["device_id"], doc)


def delete_by_mac(ctx: Ctx, vendor: str, mac: str) -> None:
    _check_vendor_and_mac(vendor, mac)
    doc = _by_vendor_and_mac(ctx, vendor, mac)
    if doc is None:
        raise errors.not_found(30051039, "Zdm device not found.")
    if doc.get("device_type") != zdm.ZPA:
        raise errors.bad_request(30052026, "Device is not ZPA.")
    zdm.DEVICES.delete(ctx, str(doc["device_id"]))


def _group_appliances(ctx: Ctx, group_id: str) -> list[crud.Doc]:
    return [
        d
        for d in ctx.tx.find(zdm.DEVICES.kind, ctx.account_id, "")
        if d.get("_zdm_group_id") == group_id and d.get("device_type") == zdm.ZPA
    ]


def versions(ctx: Ctx, group_id: str) -> dict[str, Any]:
    GROUPS.load(ctx, group_id)
    rows: list[dict[str, Any]] = []
    seen: set[tuple[str, str]] = set()
    for d in _group_appliances(ctx, group_id):
        vendor, model = str(d.get("vendor", "")), str(d.get("model", ""))
        if (vendor.lower(), model.lower()) in seen or len(rows) >= MAX_VERSION_ROWS:
            continue
        seen.add((vendor.lower(), model.lower()))
        version = FIRMWARE_VERSIONS.get(vendor.lower(), "")
        rows.append({"vendor": vendor, "model": model, "version": version, "warn_info": ""})
    return {"firmware_versions": rows, "app_versions": list(APP_VERSIONS[:MAX_VERSION_ROWS])}


def upgrade(ctx: Ctx, group_id: str, data: dict[str, Any]) -> None:
    """Apply a firmware or app upgrade to the group's phone appliances (at once: the devices
    are simulated, so there is nothing to wait for)."""
    if ctx.tx.get(GROUP_KIND, group_id, ctx.account_id) is None:
        raise errors.bad_request(30055018, "Zdm group id dose not exist.")
    kind = data.get("upgrade_type")
    if kind == "UPGRADE_FIRMWARE":
        wanted = [f for f in data.get("firmware_versions") or [] if isinstance(f, dict)]
        if not wanted:
            raise errors.bad_request(30052029, "Missing required input: firmware_versions.")
        for d in _group_appliances(ctx, group_id):
            for fw in wanted:
                same_vendor = str(fw.get("vendor", "")).lower() == str(d.get("vendor")).lower()
                model = str(fw.get("model", "")).lower()
                if same_vendor and model in ("", str(d.get("model")).lower()):
                    d["_firmware_version"] = str(fw.get("version", ""))
                    ctx.tx.update(zdm.DEVICES.kind, d["device_id"], d)
    elif kind == "UPGRADE_APP":
        version = str(data.get("app_version") or "").strip()
        if not version:
            raise errors.bad_request(30052030, "Missing required input: app_version.")
        for d in _group_appliances(ctx, group_id):
            d["app_version"] = version
            ctx.tx.update(zdm.DEVICES.kind, d["device_id"], d)
    else:
        raise errors.bad_request(30055020, "Upgrade type dose not exist.")
