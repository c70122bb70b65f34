"""Zoom Rooms locations (hierarchy, structure, profile, settings) and account-level settings
and profile."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import httpx
from jsonschema import Draft4Validator

from support.schema import assert_matches_spec, response_schema
from support.server import ServerProcess
from support.users import events_since, outbox_mark

SPEC = "rooms.json"


def _name(prefix: str) -> str:
    return f"{prefix} {uuid.uuid4().hex[:8]}"


def _settings_match(shared: Path, path: str, body: dict[str, Any], branch: int) -> None:
    schema = response_schema(shared, SPEC, "GET", path, 200)["oneOf"][branch]
    problems = [e.message for e in Draft4Validator(schema).iter_errors(body)]
    assert not problems, problems


def _location(api: httpx.Client, parent: str = "", prefix: str = "Loc") -> dict[str, Any]:
    body = {"name": _name(prefix)}
    if parent:
        body["parent_location_id"] = parent
    r = api.post("/rooms/locations", json=body)
    assert r.status_code == 200, r.text
    return dict(r.json())


def test_location_tree(api: httpx.Client, server: ServerProcess, shared: Path) -> None:
    mark = outbox_mark(server)
    r = api.post("/rooms/locations", json={"name": _name("Country")})
    assert r.status_code == 200
    top = r.json()
    assert_matches_spec(shared, SPEC, "POST", "/rooms/locations", 200, top)
    assert top["type"] == "country" and top["parent_location_id"] == ""
    state = _location(api, top["id"], "State")
    assert state["type"] == "states"
    city = _location(api, state["id"], "City")
    assert city["type"] == "city"

    r = api.get("/rooms/locations", params={"parent_location_id": top["id"]})
    assert r.status_code == 200
    body = r.json()
    assert_matches_spec(shared, SPEC, "GET", "/rooms/locations", 200, body)
    assert [x["id"] for x in body["locations"]] == [state["id"]]
    r = api.get("/rooms/locations", params={"type": "planet"})
    assert r.status_code == 400
    assert r.json() == {"code": 300, "message": "Location type not exist."}
    r = api.get("/rooms/locations", params={"parent_location_id": "NoSuchLoc"})
    assert r.status_code == 404 and r.json()["code"] == 4801

    # Names are unique among siblings; parents must exist.
    r = api.post("/rooms/locations", json={"name": state["name"], "parent_location_id": top["id"]})
    assert r.status_code == 400 and r.json()["code"] == 300
    r = api.post("/rooms/locations", json={"name": "x", "parent_location_id": "NoSuchLoc"})
    assert r.status_code == 404 and r.json()["code"] == 4801

    # A location moves only under a parent one level above it.
    other_state = _location(api, top["id"], "State")
    r = api.put(f"/rooms/locations/{city['id']}/location", json={"parent_location_id": top["id"]})
    assert r.status_code == 400 and r.json()["code"] == 300
    r = api.put(
        f"/rooms/locations/{city['id']}/location",
        json={"parent_location_id": other_state["id"]},
    )
    assert r.status_code == 204
    got = api.get("/rooms/locations", params={"parent_location_id": other_state["id"]}).json()
    assert [x["id"] for x in got["locations"]] == [city["id"]]
    r = api.put(f"/rooms/locations/{city['id']}/location", json={"parent_location_id": "NoSuchLoc"})
    assert r.status_code == 404 and r.json()["code"] == 4801

    created = events_since(server, mark, "zoomroom.location_created", top["id"])
    moved = events_since(server, mark, "zoomroom.location_updated", city["id"])
    assert created and moved
    # The published schema of these events has an unusable `type` (not a JSON type), so the
    # required fields are checked by hand.
    for ev in (created[0], moved[-1]):
        assert set(ev["payload"]) >= {"account_id", "operator", "operator_id", "object"}
        assert set(ev["payload"]["object"]) == {"id", "name", "parent_location_id", "type"}
    assert moved[-1]["payload"]["object"]["parent_location_id"] == other_state["id"]


def test_location_structure(api: httpx.Client, shared: Path) -> None:
    r = api.get("/rooms/locations/structure")
    assert r.status_code == 200
    assert_matches_spec(shared, SPEC, "GET", "/rooms/locations/structure", 200, r.json())
    before = r.json()["structures"]
    assert before
    r = api.put("/rooms/locations/structure", json={"structures": ["moon"]})
    assert r.status_code == 400 and r.json()["code"] == 300
    # Writing back the current structure is accepted and changes nothing.
    assert api.put("/rooms/locations/structure", json={"structures": before}).status_code == 204
    assert api.get("/rooms/locations/structure").json()["structures"] == before


def test_location_profile(api: httpx.Client, server: ServerProcess, shared: Path) -> None:
    top = _location(api, prefix="Country")
    child = _location(api, top["id"], "State")
    r = api.get(f"/rooms/locations/{child['id']}")
    assert r.status_code == 200
    prof = r.json()
    assert_matches_spec(shared, SPEC, "GET", "/rooms/locations/{locationId}", 200, prof)
    assert prof["basic"]["name"] == child["name"]
    assert prof["basic"]["parent_location_id"] == top["id"]

    mark = outbox_mark(server)
    r = api.patch(
        f"/rooms/locations/{top['id']}",
        json={"basic": {"support_phone": "5550199", "address": "1 Main St"}},
    )
    assert r.status_code == 204
    # The child inherits its parent's support contacts, not its address.
    got = api.get(f"/rooms/locations/{child['id']}").json()["basic"]
    assert got["support_phone"] == "5550199" and got["address"] == ""
    assert api.get(f"/rooms/locations/{top['id']}").json()["basic"]["address"] == "1 Main St"
    new_name = _name("Renamed")
    r = api.patch(f"/rooms/locations/{child['id']}", json={"basic": {"name": new_name}})
    assert r.status_code == 204
    assert api.get(f"/rooms/locations/{child['id']}").json()["basic"]["name"] == new_name
    assert events_since(server, mark, "zoomroom.location_updated", child["id"])

    r = api.get("/rooms/locations/NoSuchLoc")
    assert r.status_code == 404
    assert r.json() == {"code": 4801, "message": "Location not found: NoSuchLoc."}
    r = api.patch("/rooms/locations/NoSuchLoc", json={"basic": {"name": "x"}})
    assert r.status_code == 404 and r.json()["code"] == 4801


def test_location_settings(api: httpx.Client, shared: Path) -> None:
    top = _location(api, prefix="Country")
    child = _location(api, top["id"], "State")
    r = api.get(f"/rooms/locations/{child['id']}/settings", params={"setting_type": "alert"})
    assert r.status_code == 200
    _settings_match(shared, "/rooms/locations/{locationId}/settings", r.json(), 1)
    flag = r.json()["client_alert"]["detect_camera_error_alert"]
    r = api.patch(
        f"/rooms/locations/{top['id']}/settings",
        params={"setting_type": "alert"},
        json={"client_alert": {"detect_camera_error_alert": not flag}},
    )
    assert r.status_code == 204
    r = api.get(f"/rooms/locations/{child['id']}/settings", params={"setting_type": "alert"})
    assert r.json()["client_alert"]["detect_camera_error_alert"] is (not flag)
    r = api.get(f"/rooms/locations/{child['id']}/settings", params={"setting_type": "meeting"})
    _settings_match(shared, "/rooms/locations/{locationId}/settings", r.json(), 0)
    r = api.patch(
        f"/rooms/locations/{top['id']}/settings",
        params={"setting_type": "alert"},
        json={"client_alert": {"detect_camera_error_alert": "yes"}},
    )
    assert r.status_code == 400 and r.json()["code"] == 300
    r = api.get("/rooms/locations/NoSuchLoc/settings", params={"setting_type": "meeting"})
    assert r.status_code == 404 and r.json()["code"] == 4801


def test_account_settings(api: httpx.Client, shared: Path) -> None:
    r = api.get("/rooms/account_settings", params={"setting_type": "meeting"})
    assert r.status_code == 200
    _settings_match(shared, "/rooms/account_settings", r.json(), 0)
    assert set(r.json()) == {"zoom_rooms"}
    flag = r.json()["zoom_rooms"]["display_meeting_list"]
    r = api.patch(
        "/rooms/account_settings",
        params={"setting_type": "meeting"},
        json={"zoom_rooms": {"display_meeting_list": not flag}},
    )
    assert r.status_code == 204
    got = api.get("/rooms/account_settings").json()
    assert got["zoom_rooms"]["display_meeting_list"] is (not flag)
    # Rooms inherit the account's settings.
    room = api.post("/rooms", json={"name": _name("Room"), "type": "ZoomRoom"}).json()
    room_settings = api.get(f"/rooms/{room['id']}/settings").json()
    assert room_settings["zoom_rooms"]["display_meeting_list"] is (not flag)
    api.delete(f"/rooms/{room['id']}")
    api.patch(
        "/rooms/account_settings",
        params={"setting_type": "meeting"},
        json={"zoom_rooms": {"display_meeting_list": flag}},
    )
    r = api.get("/rooms/account_settings", params={"setting_type": "signage"})
    assert set(r.json()) == {"digital_signage"}
    _settings_match(shared, "/rooms/account_settings", r.json(), 1)
    r = api.get("/rooms/account_settings", params={"setting_type": "nope"})
    assert r.status_code == 400 and r.json()["code"] == 300


def test_account_profile(api: httpx.Client, shared: Path) -> None:
    r = api.get("/rooms/account_profile")
    assert r.status_code == 200
    assert_matches_spec(shared, SPEC, "GET", "/rooms/account_profile", 200, r.json())
    r = api.patch(
        "/rooms/account_profile",
        json={"basic": {"support_email": "help@example.com", "room_passcode": "2468"}},
    )
    assert r.status_code == 204
    got = api.get("/rooms/account_profile").json()
    assert_matches_spec(shared, SPEC, "GET", "/rooms/account_profile", 200, got)
    assert got["basic"]["support_email"] == "help@example.com"
    assert got["basic"]["room_passcode"] == "2468"
    r = api.patch("/rooms/account_profile", json={"basic": {"room_passcode": "x" * 17}})
    assert r.status_code == 400 and r.json()["code"] == 300
    # Locations inherit the account profile.
    loc = _location(api, prefix="Country")
    basic = api.get(f"/rooms/locations/{loc['id']}").json()["basic"]
    assert basic["support_email"] == "help@example.com"


def test_delete_location(api: httpx.Client, server: ServerProcess, shared: Path) -> None:
    top = _location(api, prefix="Country")
    child = _location(api, top["id"], "State")
    # A location still holding locations or rooms stays.
    r = api.delete(f"/rooms/locations/{top['id']}")
    assert r.status_code == 400 and r.json()["code"] == 300
    room = api.post(
        "/rooms", json={"name": _name("Room"), "type": "Kiosk", "location_id": child["id"]}
    ).json()
    assert api.delete(f"/rooms/locations/{child['id']}").status_code == 400
    api.delete(f"/rooms/{room['id']}")
    mark = outbox_mark(server)
    assert api.delete(f"/rooms/locations/{child['id']}").status_code == 204
    assert api.delete(f"/rooms/locations/{top['id']}").status_code == 204
    assert events_since(server, mark, "zoomroom.location_deleted", child["id"])
    r = api.delete(f"/rooms/locations/{top['id']}")
    assert r.status_code == 404 and r.json()["code"] == 4801
