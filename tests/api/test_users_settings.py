"""Users: settings (full object, options, partial updates, licence rules), virtual backgrounds."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest

from support.schema import response_schema
from support.server import ServerProcess
from support.users import (
    GIF,
    MP4,
    PNG,
    assert_event_matches_spec,
    assert_matches_branch,
    create_user,
    events_since,
    one_event,
    outbox_mark,
)

SPEC = "users.json"
SETTINGS = "/users/{userId}/settings"


def error(resp: httpx.Response, status: int, code: int, message: str | None = None) -> None:
    assert resp.status_code == status, resp.text
    assert resp.json()["code"] == code, resp.text
    if message is not None:
        assert resp.json()["message"] == message


def _paths(schema: dict[str, Any], prefix: str = "") -> set[str]:
    out: set[str] = set()
    for name, prop in (schema.get("properties") or {}).items():
        path = f"{prefix}.{name}" if prefix else name
        out.add(path)
        if prop.get("type") == "object" or "properties" in prop:
            out |= _paths(prop, path)
    return out


def _value_paths(value: dict[str, Any], prefix: str = "") -> set[str]:
    out: set[str] = set()
    for name, item in value.items():
        path = f"{prefix}.{name}" if prefix else name
        out.add(path)
        if isinstance(item, dict):
            out |= _value_paths(item, path)
    return out


def test_get_settings_is_the_full_object(api: httpx.Client, shared: Path) -> None:
    resp = api.get("/users/me/settings")
    assert resp.status_code == 200
    body = resp.json()
    assert_matches_branch(shared, SPEC, "GET", SETTINGS, 200, 0, body)
    documented = _paths(response_schema(shared, SPEC, "GET", SETTINGS, 200)["oneOf"][0])
    missing = documented - _value_paths(body)
    assert not missing, f"settings fields missing: {sorted(missing)}"
    assert body["schedule_meeting"]["meeting_password_requirement"]["length"] == 6
    assert body["feature"]["meeting_capacity"] == 300


def test_basic_users_get_basic_defaults(api: httpx.Client) -> None:
    created = create_user(api, user_type=1)
    body = api.get(f"/users/{created['id']}/settings").json()
    assert body["feature"]["meeting_capacity"] == 100
    assert body["recording"]["cloud_recording"] is False


def test_patch_settings_merges_and_emits(
    server: ServerProcess, api: httpx.Client, shared: Path
) -> None:
    created = create_user(api)
    uid = created["id"]
    before = api.get(f"/users/{uid}/settings").json()
    mark = outbox_mark(server)
    resp = api.patch(
        f"/users/{uid}/settings",
        json={
            "schedule_meeting": {
                "meeting_password_requirement": {"length": 8},
                "host_video": False,
            },
            "in_meeting": {"waiting_room": True},
        },
    )
    assert resp.status_code == 204 and resp.content == b""
    after = api.get(f"/users/{uid}/settings").json()
    rules = after["schedule_meeting"]["meeting_password_requirement"]
    assert rules["length"] == 8
    assert (
        rules["have_letter"]
        == before["schedule_meeting"]["meeting_password_requirement"]["have_letter"]
    )
    assert after["schedule_meeting"]["host_video"] is False
    assert after["in_meeting"]["waiting_room"] is True
    assert after["recording"] == before["recording"]

    event = one_event(server, mark, "user.settings_updated", uid)
    assert_event_matches_spec(shared, "webhooks/users.json", event)
    payload = event["payload"]
    assert payload["object"]["settings"] == {
        "schedule_meeting": {"meeting_password_requirement": {"length": 8}, "host_video": False},
        "in_meeting": {"waiting_room": True},
    }
    assert payload["old_object"]["settings"]["in_meeting"] == {"waiting_room": False}
    assert isinstance(payload["time_stamp"], int)

    mark = outbox_mark(server)
    again = api.patch(f"/users/{uid}/settings", json={"in_meeting": {"waiting_room": True}})
    assert again.status_code == 204
    assert events_since(server, mark, "user.settings_updated", uid) == []


def test_patch_settings_validation(api: httpx.Client) -> None:
    created = create_user(api)
    resp = api.patch(
        f"/users/{created['id']}/settings", json={"in_meeting": {"entry_exit_chime": "loud"}}
    )
    error(resp, 400, 300)
    assert resp.json()["errors"][0]["field"] == "in_meeting.entry_exit_chime"
    error(api.patch(f"/users/{created['id']}/settings", content=b"[]"), 400, 300)
    error(api.patch("/users/nosuchuser/settings", json={}), 404, 1001)
    error(api.get(f"/users/{created['id']}/settings", params={"option": "bogus"}), 400, 300)


def test_webinar_licence_rules(api: httpx.Client) -> None:
    basic = create_user(api, user_type=1)
    error(
        api.patch(f"/users/{basic['id']}/settings", json={"feature": {"webinar": True}}),
        400,
        1122,
        "Webinar feature can only be enabled for Licensed or On-prem users.",
    )
    error(
        api.patch(f"/users/{basic['id']}/settings", json={"feature": {"large_meeting": True}}),
        400,
        1108,
        "Only Licensed or On-prem users can enable the large meeting feature.",
    )
    licensed = create_user(api, user_type=2)
    path = f"/users/{licensed['id']}/settings"
    assert (
        api.patch(path, json={"feature": {"webinar": True, "webinar_capacity": 500}}).status_code
        == 204
    )
    feature = api.get(path).json()["feature"]
    assert (feature["webinar"], feature["webinar_capacity"]) == (True, 500)
    error(api.patch(path, json={"feature": {"zoom_events": True}}), 400, 1205)


def test_pending_users_have_no_settings(api: httpx.Client) -> None:
    created = create_user(api, action="create")
    message = "You can not access settings of users that are still in pending state."
    error(api.get(f"/users/{created['id']}/settings"), 400, 1000, message)
    error(api.patch(f"/users/{created['id']}/settings", json={}), 400, 1000, message)


def test_custom_query_fields(api: httpx.Client) -> None:
    body = api.get(
        "/users/me/settings", params={"custom_query_fields": "host_video, waiting_room"}
    ).json()
    assert body == {
        "schedule_meeting": {"host_video": body["schedule_meeting"]["host_video"]},
        "in_meeting": {"waiting_room": body["in_meeting"]["waiting_room"]},
    }


def test_meeting_security_option_shares_fields(
    server: ServerProcess, api: httpx.Client, shared: Path
) -> None:
    created = create_user(api)
    path = f"/users/{created['id']}/settings"
    resp = api.get(path, params={"option": "meeting_security"})
    assert resp.status_code == 200
    assert_matches_branch(shared, SPEC, "GET", SETTINGS, 200, 3, resp.json())
    security = resp.json()["meeting_security"]
    assert security["waiting_room"] is False
    assert security["encryption_type"] == "enhanced_encryption"

    mark = outbox_mark(server)
    patched = api.patch(
        path,
        params={"option": "meeting_security"},
        json={"meeting_security": {"waiting_room": True, "block_user_domain": True}},
    )
    assert patched.status_code == 204
    assert api.get(path).json()["in_meeting"]["waiting_room"] is True
    security = api.get(path, params={"option": "meeting_security"}).json()["meeting_security"]
    assert (security["waiting_room"], security["block_user_domain"]) == (True, True)
    event = one_event(server, mark, "user.settings_updated", created["id"])
    assert event["payload"]["object"]["settings"]["meeting_security"]["waiting_room"] is True

    bad = api.patch(
        path,
        params={"option": "meeting_security"},
        json={"meeting_security": {"encryption_type": "rot13"}},
    )
    error(bad, 400, 300)


@pytest.mark.parametrize(
    ("option", "branch"), [("meeting_authentication", 0), ("recording_authentication", 1)]
)
def test_authentication_options(api: httpx.Client, shared: Path, option: str, branch: int) -> None:
    created = create_user(api)
    path = f"/users/{created['id']}/settings"
    body = api.get(path, params={"option": option}).json()
    schema = response_schema(shared, SPEC, "GET", SETTINGS, 200)["oneOf"][2]["oneOf"][branch]
    from jsonschema import Draft4Validator

    assert not list(Draft4Validator(schema).iter_errors(body))
    assert body[option] is False
    options = body["authentication_options"]
    assert sum(1 for o in options if o["default_option"]) == 1
    second = options[1]

    resp = api.patch(
        path,
        params={"option": option},
        json={
            option: True,
            "authentication_option": {
                "action": "update",
                "id": second["id"],
                "default_option": True,
            },
        },
    )
    assert resp.status_code == 204
    after = api.get(path, params={"option": option}).json()
    assert after[option] is True
    assert [o["id"] for o in after["authentication_options"] if o["default_option"]] == [
        second["id"]
    ]
    hide = {"authentication_option": {"action": "hide", "id": second["id"]}}
    assert api.patch(path, params={"option": option}, json=hide).status_code == 204
    hidden = api.get(path, params={"option": option}).json()["authentication_options"][1]
    assert hidden["visible"] is False
    unknown = {"authentication_option": {"action": "show", "id": "nosuchoption"}}
    error(api.patch(path, params={"option": option}, json=unknown), 400, 300)


# -- virtual backgrounds -----------------------------------------------------------------------
def test_virtual_backgrounds_upload_list_delete(api: httpx.Client, shared: Path) -> None:
    created = create_user(api)
    uid = created["id"]
    path = f"/users/{uid}/settings/virtual_backgrounds"
    resp = api.post(path, files={"file": ("beach.png", PNG, "image/png")})
    assert resp.status_code == 201, resp.text
    assert_matches_spec_vb(shared, resp.json())
    image = resp.json()
    assert (image["name"], image["type"], image["size"]) == ("beach.png", "image", len(PNG))
    video = api.post(path, files={"file": ("loop.mp4", MP4, "video/mp4")}).json()
    assert video["type"] == "video"
    files = api.get(f"/users/{uid}/settings").json()["in_meeting"]["virtual_background_settings"][
        "files"
    ]
    assert {f["id"] for f in files} == {image["id"], video["id"]}

    assert api.delete(path, params={"file_ids": image["id"]}).status_code == 204
    files = api.get(f"/users/{uid}/settings").json()["in_meeting"]["virtual_background_settings"][
        "files"
    ]
    assert [f["id"] for f in files] == [video["id"]]
    error(
        api.delete(path, params={"file_ids": image["id"]}), 400, 300, "Invalid parameter: file_ids"
    )
    error(api.delete(path), 400, 300, "Invalid parameter: file_ids")


def assert_matches_spec_vb(shared: Path, body: dict[str, Any]) -> None:
    from support.schema import assert_matches_spec

    assert_matches_spec(
        shared, SPEC, "POST", "/users/{userId}/settings/virtual_backgrounds", 201, body
    )


def test_virtual_background_upload_errors(api: httpx.Client) -> None:
    created = create_user(api)
    path = f"/users/{created['id']}/settings/virtual_backgrounds"
    no_file = "No file uploaded, verify that a file has been uploaded."
    error(api.post(path, files={"other": ("a.png", PNG, "image/png")}), 400, 120, no_file)
    error(api.post(path, json={"file": "a.png"}), 400, 120, no_file)
    error(api.post(path, files={"file": ("empty.png", b"", "image/png")}), 400, 120, no_file)
    error(
        api.post(path, files={"file": ("notes.txt", b"hello world", "image/png")}),
        400,
        120,
        "Only jpg/jpeg, gif or png image file can be uploaded.",
    )
    for i in range(10):
        assert api.post(path, files={"file": (f"{i}.gif", GIF, "image/gif")}).status_code == 201
    error(
        api.post(path, files={"file": ("11.gif", GIF, "image/gif")}),
        400,
        120,
        "A maximum of 10 files are allowed for a user.",
    )
