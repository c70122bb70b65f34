"""Devices: H.323/SIP devices (/h323/devices) and Zoom Device Management (/devices, ZDM groups,
Zoom Phone Appliances)."""

from __future__ import annotations

import random
import uuid
from pathlib import Path
from typing import Any

import httpx

from support.schema import assert_matches_spec


def _name(prefix: str) -> str:
    return f"{prefix} {uuid.uuid4().hex[:8]}"


def _mac() -> str:
    return ":".join(f"{random.randrange(256):02x}" for _ in range(6))


# -- H.323/SIP devices -----------------------------------------------------------------------
def _h323(**extra: Any) -> dict[str, Any]:
    return {
        "name": _name("Boardroom"),
        "protocol": "H.323",
        "ip": "10.0.0.8",
        "encryption": "auto",
        **extra,
    }


def test_h323_lifecycle(api: httpx.Client, shared: Path) -> None:
    body = _h323()
    r = api.post("/h323/devices", json=body)
    assert r.status_code == 201
    created = r.json()
    assert_matches_spec(shared, "meetings.json", "POST", "/h323/devices", 201, created)
    assert {k: created[k] for k in body} == body
    did = created["id"]

    r = api.patch(f"/h323/devices/{did}", json={**body, "protocol": "SIP", "encryption": "yes"})
    assert r.status_code == 204 and r.content == b""

    r = api.get("/h323/devices", params={"page_size": 300})
    assert r.status_code == 200
    page = r.json()
    assert_matches_spec(shared, "meetings.json", "GET", "/h323/devices", 200, page)
    (mine,) = [d for d in page["devices"] if d["id"] == did]
    assert mine["protocol"] == "SIP" and mine["encryption"] == "yes"
    assert page["page_number"] == 1 and page["total_records"] >= 1

    r = api.delete(f"/h323/devices/{did}")
    assert r.status_code == 204 and r.content == b""
    r = api.delete(f"/h323/devices/{did}")
    assert r.status_code == 404
    assert r.json() == {"code": 300, "message": f"H.323 Device does not exist: {did}."}


def test_h323_numbered_pagination(api: httpx.Client) -> None:
    made = [api.post("/h323/devices", json=_h323()).json()["id"] for _ in range(3)]
    first = api.get("/h323/devices", params={"page_size": 2}).json()
    total = first["total_records"]
    assert first["page_count"] == (total + 1) // 2 and len(first["devices"]) == 2
    seen = [d["id"] for d in first["devices"]]
    token = first["next_page_token"]
    while token:
        page = api.get("/h323/devices", params={"page_size": 2, "next_page_token": token}).json()
        seen += [d["id"] for d in page["devices"]]
        token = page["next_page_token"]
    assert len(seen) == total and set(made) <= set(seen)
    second = api.get("/h323/devices", params={"page_size": 2, "page_number": 2}).json()
    assert second["page_number"] == 2 and [d["id"] for d in second["devices"]] == seen[2:4]
    for did in made:
        api.delete(f"/h323/devices/{did}")


def test_h323_display_names_are_unique(api: httpx.Client) -> None:
    body = _h323()
    did = api.post("/h323/devices", json=body).json()["id"]
    r = api.post("/h323/devices", json={**body, "ip": "10.0.0.9"})
    assert r.status_code == 404
    assert r.json() == {
        "code": 2020,
        "message": f"H.323 device's display name {body['name']} is already in use.",
    }
    other = api.post("/h323/devices", json=_h323()).json()["id"]
    r = api.patch(f"/h323/devices/{other}", json=body)
    assert r.status_code == 404 and r.json()["code"] == 2020
    for d in (did, other):
        api.delete(f"/h323/devices/{d}")


def test_h323_validation_and_not_found(api: httpx.Client) -> None:
    r = api.post("/h323/devices", json=_h323(protocol="ISDN", encryption="maybe"))
    assert r.status_code == 400
    assert r.json() == {
        "code": 300,
        "message": "Validation Failed.",
        "errors": [
            {"field": "encryption", "message": "Invalid parameter: encryption."},
            {"field": "protocol", "message": "Invalid parameter: protocol."},
        ],
    }
    r = api.post("/h323/devices", json={"name": "x"})
    assert r.status_code == 400
    assert {e["field"] for e in r.json()["errors"]} == {"encryption", "ip", "protocol"}
    r = api.patch("/h323/devices/nope", json=_h323())
    assert r.status_code == 404
    assert r.json() == {"code": 300, "message": "H.323 Device does not exist: nope."}


# -- ZDM devices -----------------------------------------------------------------------------
def _device(device_type: int = 0, **extra: Any) -> dict[str, Any]:
    return {
        "device_name": _name("Huddle PC"),
        "mac_address": _mac(),
        "serial_number": uuid.uuid4().hex[:12].upper(),
        "vendor": "Poly" if device_type == 5 else "Dell",
        "model": "CCX 600" if device_type == 5 else "OptiPlex",
        "device_type": device_type,
        **extra,
    }


def _find(api: httpx.Client, **params: Any) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    token = ""
    while True:
        q = {"page_size": 300, **params, **({"next_page_token": token} if token else {})}
        body = api.get("/devices", params=q).json()
        out += body["devices"]
        token = body["next_page_token"]
        if not token:
            return out


def _add(api: httpx.Client, body: dict[str, Any]) -> dict[str, Any]:
    r = api.post("/devices", json=body)
    assert r.status_code == 202, r.text
    assert r.content == b""
    params: dict[str, Any] = {"search_text": body["serial_number"]}
    if body["device_type"] == 5:
        params["device_type"] = 5
    (dev,) = _find(api, **params)
    return dev


def test_zdm_device_lifecycle(api: httpx.Client, shared: Path) -> None:
    body = _device(tag="lab")
    dev = _add(api, body)
    did = dev["device_id"]
    assert dev["mac_address"] == body["mac_address"] and dev["tag"] == "lab"
    assert dev["enrolled_in_zdm"] is True and dev["device_type"] == 0

    r = api.get("/devices", params={"search_text": body["serial_number"]})
    assert_matches_spec(shared, "meetings.json", "GET", "/devices", 200, r.json())
    assert set(r.json()) == {"next_page_token", "page_size", "devices"}

    r = api.get(f"/devices/{did}")
    assert r.status_code == 200
    assert_matches_spec(shared, "meetings.json", "GET", "/devices/{deviceId}", 200, r.json())

    r = api.patch(
        f"/devices/{did}", json={"device_name": "Renamed", "tag": "prod", "device_type": 1}
    )
    assert r.status_code == 204 and r.content == b""
    got = api.get(f"/devices/{did}").json()
    assert (got["device_name"], got["tag"], got["device_type"]) == ("Renamed", "prod", 1)

    assert api.delete(f"/devices/{did}").status_code == 204
    r = api.get(f"/devices/{did}")
    assert r.status_code == 404
    assert r.json() == {"code": 30055012, "message": "No found unified deviceId."}
    r = api.patch(f"/devices/{did}", json={"device_name": "x"})
    assert r.json() == {"code": 30055012, "message": f"Device does not exist: {did}."}
    assert api.delete(f"/devices/{did}").json()["code"] == 30055012


def test_zdm_add_errors(api: httpx.Client) -> None:
    body = _device()
    _add(api, body)
    r = api.post("/devices", json={**_device(), "mac_address": body["mac_address"].upper()})
    assert r.status_code == 400
    assert r.json() == {"code": 30055006, "message": "device has already exist."}
    cases = [
        ({"mac_address": "not-a-mac"}, 30055007),
        ({"device_name": " "}, 30055002),
        ({"tag": "t" * 65}, 30055005),
        ({"room_id": "NoSuchRoom"}, 30055001),
        ({"user_email": "ghost@example.com"}, 30055009),
        ({"zdm_group_id": "NoSuchGroup"}, 30055018),
    ]
    for change, code in cases:
        r = api.post("/devices", json={**_device(), **change})
        assert r.status_code == 400 and r.json()["code"] == code, (change, r.text)
    r = api.post("/devices", json={**_device(5), "vendor": "Acme"})
    assert r.json() == {"code": 30055004, "message": "model or vendor not exist."}
    r = api.post("/devices", json={**_device(), "device_type": 2})
    assert r.status_code == 400
    assert r.json()["errors"] == [
        {"field": "device_type", "message": "Invalid parameter: device_type."}
    ]


def test_zdm_list_filters(api: httpx.Client) -> None:
    room_dev = _add(api, _device(0))
    phone = _add(api, _device(5))
    default_ids = {d["device_id"] for d in _find(api)}
    assert room_dev["device_id"] in default_ids and phone["device_id"] not in default_ids
    assert phone["device_id"] in {d["device_id"] for d in _find(api, device_type=5)}
    assert _find(api, device_type=5, device_vendor="poly", search_text=phone["serial_number"])
    assert not _find(
        api, device_type=5, device_vendor="yealink", search_text=phone["serial_number"]
    )
    assert not _find(api, is_enrolled_in_zdm="false", search_text=room_dev["serial_number"])
    assert not _find(api, device_status=1, search_text=room_dev["serial_number"])
    r = api.get("/devices", params={"device_type": 9})
    assert r.status_code == 400 and r.json()["code"] == 300
    r = api.get("/devices", params={"platform_os": "amiga"})
    assert r.status_code == 400 and r.json()["code"] == 300


def test_change_device_association(api: httpx.Client) -> None:
    dev = _add(api, _device(1))
    did = dev["device_id"]
    r = api.patch(f"/devices/{did}/assignment", json={"room_id": " ", "app_type": "ZRC"})
    assert r.status_code == 204 and r.content == b""
    r = api.patch(f"/devices/{did}/assignment", json={"room_id": "NoSuchRoom", "app_type": "ZRC"})
    assert r.status_code == 404
    assert r.json() == {"code": 1012, "message": "Room does not exist: NoSuchRoom."}
    r = api.patch(f"/devices/{did}/assignment", json={"room_id": ""})
    assert r.status_code == 400
    assert r.json() == {"code": 8501, "message": "Device does not support this app."}
    r = api.patch("/devices/nope/assignment", json={"room_id": ""})
    assert r.status_code == 404
    assert r.json() == {"code": 8503, "message": "Device does not exist: nope."}
    r = api.patch(f"/devices/{did}/assignment", json={"app_type": "ZRC"})
    assert r.status_code == 400
    assert r.json()["errors"] == [{"field": "room_id", "message": "Missing field: room_id."}]
    r = api.patch(f"/devices/{did}/assignment", json={"room_id": "", "app_type": "TV"})
    assert r.status_code == 400
    assert r.json()["errors"] == [{"field": "app_type", "message": "Invalid parameter: app_type."}]


# -- ZDM groups and phone appliances ---------------------------------------------------------
def _root_group(api: httpx.Client, shared: Path | None = None) -> str:
    r = api.get("/devices/groups")
    assert r.status_code == 200
    if shared is not None:
        assert_matches_spec(shared, "meetings.json", "GET", "/devices/groups", 200, r.json())
    return str(r.json()["groups"][0]["zdm_group_id"])


def test_zdm_groups(api: httpx.Client, shared: Path) -> None:
    group = _root_group(api, shared)
    assert _root_group(api) == group  # stable
    body = api.get("/devices/groups").json()
    assert set(body) == {"groups", "next_page_token", "page_size"}
    assert body["groups"][0]["name"]


def test_zpa_versions_and_upgrade(api: httpx.Client, shared: Path) -> None:
    group = _root_group(api)
    phone = _add(api, _device(5, zdm_group_id=group))
    r = api.get(f"/devices/zpa/zdm_groups/{group}/versions")
    assert r.status_code == 200
    body = r.json()
    assert_matches_spec(
        shared, "meetings.json", "GET", "/devices/zpa/zdm_groups/{zdmGroupId}/versions", 200, body
    )
    assert body["app_versions"] and any(f["vendor"] == "Poly" for f in body["firmware_versions"])

    upgrade = {
        "zdm_group_id": group,
        "data": {"upgrade_type": "UPGRADE_APP", "app_version": "5.17.20"},
    }
    r = api.post("/devices/zpa/upgrade", json=upgrade)
    assert r.status_code == 202 and r.content == b""
    got = api.get(f"/devices/{phone['device_id']}").json()
    assert got["app_version"] == "5.17.20"
    fw = {
        "upgrade_type": "UPGRADE_FIRMWARE",
        "firmware_versions": [{"vendor": "Poly", "version": "8.2.1.0"}],
    }
    assert (
        api.post("/devices/zpa/upgrade", json={"zdm_group_id": group, "data": fw}).status_code
        == 202
    )

    r = api.post(
        "/devices/zpa/upgrade",
        json={"zdm_group_id": group, "data": {"upgrade_type": "UPGRADE_APP"}},
    )
    assert r.json() == {"code": 30052030, "message": "Missing required input: app_version."}
    r = api.post(
        "/devices/zpa/upgrade",
        json={"zdm_group_id": group, "data": {"upgrade_type": "UPGRADE_FIRMWARE"}},
    )
    assert r.json() == {"code": 30052029, "message": "Missing required input: firmware_versions."}
    r = api.post("/devices/zpa/upgrade", json={**upgrade, "zdm_group_id": "NoSuchGroup"})
    assert r.status_code == 400
    assert r.json() == {"code": 30055018, "message": "Zdm group id dose not exist."}
    r = api.post("/devices/zpa/upgrade", json={"zdm_group_id": group})
    assert r.status_code == 400
    assert r.json()["errors"] == [{"field": "data", "message": "Missing field: data."}]
    r = api.get("/devices/zpa/zdm_groups/NoSuchGroup/versions")
    assert r.status_code == 404
    assert r.json() == {"code": 30052027, "message": "ZdmGroup not found."}


def test_zpa_assignment(api: httpx.Client) -> None:
    phone = _add(api, _device(5))
    mac = phone["mac_address"]
    r = api.post(
        "/devices/zpa/assignment",
        json={"mac_address": mac, "vendor": "poly", "extension_number": "1001"},
    )
    assert r.status_code == 204 and r.content == b""
    r = api.post("/devices/zpa/assignment", json={"mac_address": mac, "vendor": "Poly"})
    assert r.status_code == 204
    cases = [
        ({"mac_address": mac, "vendor": "Acme"}, 30055003),
        ({"mac_address": "zz", "vendor": "Poly"}, 30055007),
        ({"mac_address": _mac(), "vendor": "Poly"}, 30051039),
        ({"mac_address": mac, "vendor": "Poly", "extension_number": "ext"}, 30052024),
    ]
    for body, code in cases:
        r = api.post("/devices/zpa/assignment", json=body)
        assert r.status_code == 400 and r.json()["code"] == code, (body, r.text)
    r = api.post("/devices/zpa/assignment", json={"vendor": "Poly"})
    assert r.status_code == 400
    assert r.json()["errors"] == [
        {"field": "mac_address", "message": "Missing field: mac_address."}
    ]


def test_delete_zpa_by_vendor_and_mac(api: httpx.Client) -> None:
    phone = _add(api, _device(5))
    room_pc = _add(api, _device(0, vendor="Poly"))
    plain_mac = phone["mac_address"].replace(":", "").upper()
    r = api.delete(f"/devices/zpa/vendors/Poly/mac_addresses/{plain_mac}")
    assert r.status_code == 204 and r.content == b""
    assert api.get(f"/devices/{phone['device_id']}").status_code == 404
    r = api.delete(f"/devices/zpa/vendors/Poly/mac_addresses/{plain_mac}")
    assert r.status_code == 404
    assert r.json() == {"code": 30051039, "message": "Zdm device not found."}
    r = api.delete(f"/devices/zpa/vendors/Poly/mac_addresses/{room_pc['mac_address']}")
    assert r.status_code == 400
    assert r.json() == {"code": 30052026, "message": "Device is not ZPA."}
    r = api.delete(f"/devices/zpa/vendors/Acme/mac_addresses/{room_pc['mac_address']}")
    assert r.json() == {"code": 30055003, "message": "Device vendor does not support."}
    r = api.delete("/devices/zpa/vendors/Poly/mac_addresses/xyz")
    assert r.json() == {"code": 30055007, "message": "Mac address is wrong."}
    # The MAC address is free again.
    assert (
        api.post("/devices", json={**_device(5), "mac_address": phone["mac_address"]}).status_code
        == 202
    )
