"""Zoom Rooms: rooms, profiles, devices, app versions, controls, signage and alerts."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import httpx
from jsonschema import Draft4Validator

from support.schema import assert_event_matches_spec, assert_matches_spec, response_schema
from support.server import ServerProcess
from support.users import events_since, outbox_mark

SPEC = "rooms.json"


def assert_settings_match(shared: Path, path: str, body: dict[str, Any], branch: int) -> None:
    """Zoom's settings responses are a `oneOf` of overlapping objects: check the one branch."""
    schema = response_schema(shared, SPEC, "GET", path, 200)["oneOf"][branch]
    problems = [e.message for e in Draft4Validator(schema).iter_errors(body)]
    assert not problems, problems


def _name(prefix: str = "Room") -> str:
    return f"{prefix} {uuid.uuid4().hex[:8]}"


def _room(api: httpx.Client, **extra: Any) -> dict[str, Any]:
    r = api.post("/rooms", json={"name": _name(), "type": "ZoomRoom", **extra})
    assert r.status_code == 201, r.text
    return dict(r.json())


def _device(api: httpx.Client, room_id: str, device_type: int = 0) -> str:
    serial = uuid.uuid4().hex[:12].upper()
    mac = ":".join(uuid.uuid4().hex[i : i + 2] for i in range(0, 12, 2))
    body = {
        "device_name": "ZR PC",
        "mac_address": mac,
        "serial_number": serial,
        "vendor": "Dell",
        "model": "OptiPlex",
        "device_type": device_type,
        "room_id": room_id,
    }
    assert api.post("/devices", json=body).status_code == 202
    (dev,) = api.get("/devices", params={"search_text": serial}).json()["devices"]
    return str(dev["device_id"])


def test_room_lifecycle(api: httpx.Client, server: ServerProcess, shared: Path) -> None:
    mark = outbox_mark(server)
    r = api.post("/rooms", json={"name": _name(), "type": "ZoomRoom", "pro_device": True})
    assert r.status_code == 201
    created = r.json()
    assert_matches_spec(shared, SPEC, "POST", "/rooms", 201, created)
    rid = created["id"]
    assert created["type"] == "ZoomRoom" and created["tags"] == [] and created["pro_device"]

    r = api.get(f"/rooms/{rid}")
    assert r.status_code == 200
    prof = r.json()
    assert_matches_spec(shared, SPEC, "GET", "/rooms/{roomId}", 200, prof)
    assert prof["basic"]["name"] == created["name"]
    code = prof["basic"]["activation_code"]
    again = api.get(f"/rooms/{rid}", params={"regenerate_activation_code": "true"}).json()
    assert again["basic"]["activation_code"] != code

    new_name = _name("Renamed")
    r = api.patch(
        f"/rooms/{rid}",
        json={
            "basic": {"name": new_name, "capacity": 8, "support_phone": "5550100"},
            "setup": {"under_construction": True},
        },
    )
    assert r.status_code == 204 and r.content == b""
    prof = api.get(f"/rooms/{rid}").json()
    assert prof["basic"]["name"] == new_name and prof["basic"]["capacity"] == 8
    assert prof["basic"]["support_phone"] == "5550100"
    assert prof["setup"]["under_construction"] is True

    r = api.get("/rooms", params={"query_name": new_name})
    assert r.status_code == 200
    body = r.json()
    assert_matches_spec(shared, SPEC, "GET", "/rooms", 200, body)
    (item,) = body["rooms"]
    assert item["id"] == rid and item["status"] == "UnderConstruction"
    assert (
        api.get("/rooms", params={"query_name": new_name, "status": "Offline"}).json()["rooms"]
        == []
    )

    # The dashboards read the same rooms.
    r = api.get("/metrics/zoomrooms", params={"page_size": 300})
    assert r.status_code == 200, r.text
    assert new_name in [z["room_name"] for z in r.json()["zoom_rooms"]]

    assert api.delete(f"/rooms/{rid}").status_code == 204
    r = api.get(f"/rooms/{rid}")
    assert r.status_code == 404 and r.json()["code"] == 1012
    assert api.delete(f"/rooms/{rid}").status_code == 404

    events = [e["event"] for e in events_since(server, mark, object_id=rid)]
    assert events == ["zoomroom.created", "zoomroom.updated", "zoomroom.deleted"]
    for ev in events_since(server, mark, object_id=rid):
        assert_event_matches_spec(shared, "rooms.json", ev)


def test_add_room_errors(api: httpx.Client) -> None:
    r = api.post("/rooms", json={"name": _name()})
    assert r.status_code == 400 and r.json()["code"] == 300
    r = api.post("/rooms", json={"name": _name(), "type": "Spaceship"})
    assert r.status_code == 400 and r.json()["code"] == 300
    r = api.post("/rooms", json={"name": _name(), "type": "Kiosk", "location_id": "NoSuchLoc"})
    assert r.status_code == 404
    assert r.json() == {"code": 4801, "message": "Location not found: NoSuchLoc."}
    r = api.post("/rooms", json={"name": _name(), "type": "Kiosk", "tag_ids": ["t1"]})
    assert r.status_code == 404 and r.json()["code"] == 8306
    r = api.post("/rooms", json={"name": _name(), "type": "Kiosk", "calendar_resource_id": "cal1"})
    assert r.status_code == 404 and r.json()["code"] == 4060
    r = api.patch("/rooms/NoSuchRoom", json={"basic": {"name": "x"}})
    assert r.status_code == 404 and r.json()["code"] == 1012
    rid = _room(api)["id"]
    r = api.patch(f"/rooms/{rid}", json={"device": {"device_profile_id": "p1"}})
    assert r.status_code == 404 and r.json()["code"] == 8005
    api.delete(f"/rooms/{rid}")


def test_room_location_and_filters(api: httpx.Client, shared: Path) -> None:
    top = api.post("/rooms/locations", json={"name": _name("Country")}).json()
    child = api.post(
        "/rooms/locations", json={"name": _name("State"), "parent_location_id": top["id"]}
    ).json()
    room = _room(api)
    rid = room["id"]
    assert api.get(
        "/rooms", params={"unassigned_rooms": "true", "query_name": room["name"]}
    ).json()["rooms"]
    r = api.put(f"/rooms/{rid}/location", json={"location_id": child["id"]})
    assert r.status_code == 204
    # Filtering by a location includes the rooms of the locations below it.
    (item,) = api.get("/rooms", params={"location_id": top["id"]}).json()["rooms"]
    assert item["id"] == rid and item["location_id"] == child["id"]
    r = api.put(f"/rooms/{rid}/location", json={"location_id": "NoSuchLoc"})
    assert r.status_code == 404 and r.json()["code"] == 4801
    r = api.put("/rooms/NoSuchRoom/location", json={"location_id": child["id"]})
    assert r.status_code == 404 and r.json()["code"] == 1012
    r = api.get("/rooms", params={"type": "Nope"})
    assert r.status_code == 400 and r.json()["code"] == 300
    api.delete(f"/rooms/{rid}")


def test_room_devices_and_app_version(api: httpx.Client, shared: Path) -> None:
    rid = _room(api)["id"]
    assert api.get(f"/rooms/{rid}/devices").json() == {"devices": []}
    did = _device(api, rid)
    r = api.get(f"/rooms/{rid}/devices")
    assert r.status_code == 200
    body = r.json()
    assert_matches_spec(shared, SPEC, "GET", "/rooms/{roomId}/devices", 200, body)
    (dev,) = body["devices"]
    assert dev["id"] == did and dev["device_type"] == "Zoom Rooms Computer"
    # A room with its Zoom Rooms computer is available.
    (item,) = [
        x for x in api.get("/rooms", params={"page_size": 300}).json()["rooms"] if x["id"] == rid
    ]
    assert item["status"] == "Available"

    path = f"/rooms/{rid}/devices/{did}/app_version"
    r = api.put(path, json={"action": "cancel"})
    assert r.status_code == 400 and r.json()["code"] == 8003
    assert api.put(path, json={"action": "upgrade"}).status_code == 204
    r = api.put(path, json={"action": "upgrade"})
    assert r.status_code == 400 and r.json()["code"] == 8001
    r = api.put(path, json={"action": "downgrade"})
    assert r.status_code == 400 and r.json()["code"] == 8002
    assert api.put(path, json={"action": "cancel"}).status_code == 204
    other = _room(api)["id"]
    r = api.put(f"/rooms/{other}/devices/{did}/app_version", json={"action": "upgrade"})
    assert r.status_code == 400 and r.json()["code"] == 8004

    # Devices follow the room's name.
    new_name = _name("Renamed")
    assert api.patch(f"/rooms/{rid}", json={"basic": {"name": new_name}}).status_code == 204
    assert api.get(f"/devices/{did}").json()["room_name"] == new_name

    # Deleting the room releases its devices.
    assert api.delete(f"/rooms/{rid}").status_code == 204
    assert api.get(f"/devices/{did}").json()["room_id"] == ""
    r = api.get(f"/rooms/{rid}/devices")
    assert r.status_code == 404 and r.json()["code"] == 1012
    api.delete(f"/rooms/{other}")


def test_room_controls(api: httpx.Client, server: ServerProcess, shared: Path) -> None:
    rid = _room(api)["id"]
    check_in = {"method": "zoomroom.check_in", "params": {"event_id": "ev1"}}
    r = api.patch(f"/rooms/{rid}/events", json=check_in)
    assert r.status_code == 400 and r.json()["code"] == 300
    assert "offline" in r.json()["message"]
    did = _device(api, rid)
    mark = outbox_mark(server)
    r = api.patch(f"/rooms/{rid}/events", json=check_in)
    assert r.status_code == 202
    (ev,) = events_since(server, mark, "zoomroom.checked_in", rid)
    assert_event_matches_spec(shared, "rooms.json", ev)
    assert ev["payload"]["object"]["event_id"] == "ev1"
    r = api.patch(
        f"/rooms/{rid}/events", json={"method": "zoomroom.check_out", "params": {"event_id": "ev1"}}
    )
    assert r.status_code == 202
    assert events_since(server, mark, "zoomroom.checked_out", rid)

    join = {"method": "zoomroom.meeting_join", "params": {"meeting_number": "123456789"}}
    assert api.patch(f"/rooms/{rid}/events", json=join).status_code == 202
    (item,) = [
        x for x in api.get("/rooms", params={"page_size": 300}).json()["rooms"] if x["id"] == rid
    ]
    assert item["status"] == "InMeeting"
    assert (
        api.patch(f"/rooms/{rid}/events", json={"method": "zoomroom.meeting_leave"}).status_code
        == 202
    )
    r = api.patch(
        f"/rooms/{rid}/events",
        json={"method": "zoomroom.switch_camera", "params": {"cameraId": "nope"}},
    )
    assert r.status_code == 400 and r.json() == {
        "code": 300,
        "message": "Device does not exist: nope.",
    }
    r = api.patch(
        f"/rooms/{rid}/events",
        json={"method": "zoomroom.switch_camera", "params": {"cameraId": did}},
    )
    assert r.status_code == 202
    r = api.patch(f"/rooms/{rid}/events", json={"method": "zoomroom.teleport"})
    assert r.status_code == 400
    r = api.patch("/rooms/NoSuchRoom/events", json={"method": "zoomroom.mute"})
    assert r.status_code == 404
    assert r.json() == {"code": 1012, "message": "Room does not exist: NoSuchRoom."}
    api.delete(f"/rooms/{rid}")


def test_digital_signage_and_emergency_alerts(api: httpx.Client, shared: Path) -> None:
    r = api.get("/rooms/digital_signage")
    assert r.status_code == 200
    assert_matches_spec(shared, SPEC, "GET", "/rooms/digital_signage", 200, r.json())
    assert r.json()["contents"] == []
    rid = _room(api)["id"]
    shown: dict[str, Any] = {
        "method": "zoomroom.emergency_alert_displayed",
        "params": {"content": "Evacuate", "target_type": "room", "target_ids": [rid]},
    }
    assert api.patch("/rooms/events", json=shown).status_code == 202
    bad = {**shown, "params": {**shown["params"], "target_ids": ["NoSuchRoom"]}}
    r = api.patch("/rooms/events", json=bad)
    assert r.status_code == 400 and r.json()["code"] == 300
    removed = {
        "method": "zoomroom.emergency_alert_removed",
        "params": {"target_type": "room", "target_ids": [rid]},
    }
    r = api.patch("/rooms/events", json=removed)
    assert r.status_code == 400
    assert r.json() == {"code": 300, "message": "Event id is required."}
    api.delete(f"/rooms/{rid}")


def test_room_settings_inherit(api: httpx.Client, shared: Path) -> None:
    loc = api.post("/rooms/locations", json={"name": _name("Country")}).json()
    rid = _room(api, location_id=loc["id"])["id"]
    r = api.get(f"/rooms/{rid}/settings", params={"setting_type": "meeting"})
    assert r.status_code == 200
    body = r.json()
    assert_settings_match(shared, "/rooms/{id}/settings", body, 0)
    assert set(body) == {"meeting_security", "zoom_rooms"}
    base = body["zoom_rooms"]["weekly_system_restart"]
    r = api.patch(
        f"/rooms/locations/{loc['id']}/settings",
        params={"setting_type": "meeting"},
        json={"zoom_rooms": {"weekly_system_restart": not base}},
    )
    assert r.status_code == 204
    got = api.get(f"/rooms/{rid}/settings").json()
    assert got["zoom_rooms"]["weekly_system_restart"] is (not base)
    r = api.patch(
        f"/rooms/{rid}/settings",
        params={"setting_type": "meeting"},
        json={"zoom_rooms": {"weekly_system_restart": base}},
    )
    assert r.status_code == 204
    assert api.get(f"/rooms/{rid}/settings").json()["zoom_rooms"]["weekly_system_restart"] is base

    r = api.get(f"/rooms/{rid}/settings", params={"setting_type": "alert"})
    assert set(r.json()) == {"client_alert", "notification"}
    assert_settings_match(shared, "/rooms/{id}/settings", r.json(), 1)
    r = api.get(f"/rooms/{rid}/settings", params={"setting_type": "bogus"})
    assert r.status_code == 400 and r.json()["code"] == 300
    r = api.get("/rooms/NoSuchRoom/settings")
    assert r.status_code == 404 and r.json()["code"] == 1012
    api.delete(f"/rooms/{rid}")
