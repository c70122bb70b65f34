"""Zoom Phone common areas, desk phones and the blocked list."""

from __future__ import annotations

import uuid
from pathlib import Path

import httpx

from support.schema import assert_matches_spec
from support.users import create_user

SPEC = "phone.json"


def mac() -> str:
    return uuid.uuid4().hex[:12]


def test_common_area_lifecycle(api: httpx.Client, shared: Path) -> None:
    plan = api.get("/phone/calling_plans").json()["calling_plans"][0]
    r = api.post(
        "/phone/common_areas",
        json={
            "display_name": "Lobby",
            "timezone": "America/New_York",
            "calling_plans": [{"type": plan["type"]}],
        },
    )
    assert r.status_code == 201, r.text
    assert_matches_spec(shared, SPEC, "POST", "/phone/common_areas", 201, r.json())
    ca_id = r.json()["id"]
    path = f"/phone/common_areas/{ca_id}"

    r = api.get(path)
    assert r.status_code == 200
    body = r.json()
    assert_matches_spec(shared, SPEC, "GET", "/phone/common_areas/{commonAreaId}", 200, body)
    assert body["display_name"] == "Lobby" and body["calling_plans"][0]["type"] == plan["type"]

    r = api.patch(
        path,
        json={"display_name": "Lobby 2", "policy": {"international_calling": {"enable": True}}},
    )
    assert r.status_code == 204
    assert api.get(path).json()["policy"]["international_calling"] == {"enable": True}
    r = api.get("/phone/common_areas", params={"page_size": 300})
    assert r.status_code == 200
    assert_matches_spec(shared, SPEC, "GET", "/phone/common_areas", 200, r.json())
    assert "Lobby 2" in {c["display_name"] for c in r.json()["common_areas"]}

    # A common area in a call queue leaves it when deleted.
    site_id = api.get("/phone/sites").json()["sites"][0]["id"]
    cq = api.post(
        "/phone/call_queues",
        json={"name": "CA queue", "site_id": site_id, "members": {"common_area_ids": [ca_id]}},
    ).json()
    cq_body = api.get(f"/phone/call_queues/{cq['id']}").json()
    assert [c["id"] for c in cq_body["members"]["common_areas"]] == [ca_id]
    assert api.delete(path).status_code == 204
    assert api.get(f"/phone/call_queues/{cq['id']}").json()["members"]["common_areas"] == []
    r = api.get(path)
    assert r.status_code == 400
    assert r.json() == {"code": 400, "message": f"Common area does not exist: {ca_id}."}
    r = api.delete(path)
    assert r.status_code == 400
    assert r.json() == {"code": 404, "message": f"Common area does not exist: {ca_id}."}


def test_common_area_errors(api: httpx.Client) -> None:
    r = api.post("/phone/common_areas", json={"display_name": "x", "site_id": "nope"})
    assert r.status_code == 400
    assert r.json() == {"code": 300, "message": "Site does not exist: nope."}
    r = api.post("/phone/common_areas", json={"display_name": "x", "timezone": "Bad/Zone"})
    assert r.status_code == 400
    assert r.json() == {"code": 300, "message": "Timezone not found in the system."}
    a = api.post("/phone/common_areas", json={"display_name": "a"}).json()
    b = api.post("/phone/common_areas", json={"display_name": "b"}).json()
    ext = api.get(f"/phone/common_areas/{a['id']}").json()["extension_number"]
    r = api.patch(f"/phone/common_areas/{b['id']}", json={"extension_number": ext})
    assert r.status_code == 400
    assert r.json()["code"] == 409


def test_device_lifecycle(api: httpx.Client, shared: Path) -> None:
    user = create_user(api, first_name="Dee")
    address = mac()
    r = api.post(
        "/phone/devices",
        json={
            "display_name": "Desk 1",
            "mac_address": address,
            "type": "Yealink",
            "model": "T54W",
            "assigned_to": user["email"],
        },
    )
    assert r.status_code == 201, r.text
    assert_matches_spec(shared, SPEC, "POST", "/phone/devices", 201, r.json())
    dev_id = r.json()["id"]
    path = f"/phone/devices/{dev_id}"

    r = api.get(path)
    assert r.status_code == 200
    body = r.json()
    assert_matches_spec(shared, SPEC, "GET", "/phone/devices/{deviceId}", 200, body)
    assert body["assignee"]["id"] == user["id"]
    assert body["assignee"]["extension_type"] == "user"
    assert body["mac_address"] == address

    r = api.get("/phone/devices", params={"type": "assigned", "keyword": address})
    assert r.status_code == 200
    assert_matches_spec(shared, SPEC, "GET", "/phone/devices", 200, r.json())
    assert [d["id"] for d in r.json()["devices"]] == [dev_id]
    settings = api.get(f"/phone/users/{user['id']}/settings").json()
    assert [d["id"] for d in settings["desk_phone"]["devices"]] == [dev_id]

    assert api.patch(path, json={"assigned_to": "", "display_name": "Spare"}).status_code == 204
    r = api.get("/phone/devices", params={"type": "unassigned", "keyword": address})
    assert [d["display_name"] for d in r.json()["devices"]] == ["Spare"]
    r = api.patch(path, json={"assigned_to": "ghost@example.com"})
    assert r.status_code == 404
    assert r.json() == {"code": 1001, "message": "User not found: ghost@example.com"}

    assert api.delete(path).status_code == 204
    r = api.get(path)
    assert r.status_code == 400
    assert r.json() == {"code": 400, "message": "Device does not exist in the system."}
    r = api.delete(path)
    assert r.status_code == 400
    assert r.json() == {
        "code": 300,
        "message": "Validation failed. Device does not exist in the system.",
    }


def test_device_errors(api: httpx.Client) -> None:
    address = mac()
    body = {"display_name": "d", "mac_address": address, "type": "poly"}
    assert api.post("/phone/devices", json=body).status_code == 201
    r = api.post("/phone/devices", json=body)
    assert r.status_code == 409
    r = api.post("/phone/devices", json={**body, "mac_address": "zz"})
    assert r.status_code == 400 and r.json()["code"] == 300
    r = api.post(
        "/phone/devices", json={**body, "mac_address": mac(), "assignee_extension_ids": ["x"]}
    )
    assert r.status_code == 404
    assert r.json() == {
        "code": 1001,
        "message": "The user extension does not exist, extensionId: x.",
    }
    r = api.get("/phone/devices")
    assert r.status_code == 400 and r.json()["code"] == 300


def test_blocked_list(api: httpx.Client, shared: Path) -> None:
    number = f"+1650{uuid.uuid4().int % 10**7:07d}"
    r = api.post("/phone/blocked_list", json={"phone_number": number, "comment": "spam"})
    assert r.status_code == 201, r.text
    assert_matches_spec(shared, SPEC, "POST", "/phone/blocked_list", 201, r.json())
    entry_id = r.json()["id"]
    path = f"/phone/blocked_list/{entry_id}"

    r = api.get(path)
    assert r.status_code == 200
    assert_matches_spec(shared, SPEC, "GET", "/phone/blocked_list/{blockedListId}", 200, r.json())
    assert r.json() == {
        "id": entry_id,
        "phone_number": number,
        "comment": "spam",
        "block_type": "inbound",
        "match_type": "phoneNumber",
        "status": "active",
    }
    r = api.post("/phone/blocked_list", json={"phone_number": number})
    assert r.status_code == 409
    r = api.post("/phone/blocked_list", json={"phone_number": "+1", "country": "Nowhere"})
    assert r.status_code == 400
    assert r.json() == {"code": 300, "message": "Invalid country."}

    assert api.patch(path, json={"status": "inactive", "block_type": "outbound"}).status_code == 204
    r = api.get("/phone/blocked_list", params={"page_size": 300})
    assert r.status_code == 200
    assert_matches_spec(shared, SPEC, "GET", "/phone/blocked_list", 200, r.json())
    (item,) = [b for b in r.json()["blocked_list"] if b["id"] == entry_id]
    assert item["status"] == "inactive" and item["block_type"] == "outbound"

    assert api.delete(path).status_code == 204
    r = api.get(path)
    assert r.status_code == 400
    assert r.json() == {"code": 400, "message": f"Blocked number (Id: {entry_id}) does not exist."}
    r = api.delete(path)
    assert r.status_code == 400
    assert r.json() == {
        "code": 300,
        "message": f"Validation Failed. Blocked number (Id: {entry_id}) does not exist.",
    }
