"""Zoom Phone users: lazy phone profiles, calling plans, numbers, settings, call logs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx

from support.schema import assert_matches_spec
from support.users import create_user

SPEC = "phone.json"


def free_number(api: httpx.Client) -> dict[str, Any]:
    items = api.get("/phone/numbers", params={"type": "unassigned", "page_size": 300}).json()
    return dict(items["phone_numbers"][0])


def test_phone_user_profile(api: httpx.Client, shared: Path) -> None:
    user = create_user(api, first_name="Pat", last_name="Phone")
    r = api.get(f"/phone/users/{user['id']}")
    assert r.status_code == 200, r.text
    body = r.json()
    assert_matches_spec(shared, SPEC, "GET", "/phone/users/{userId}", 200, body)
    assert body["email"] == user["email"] and body["status"] == "activate"
    ext = body["extension_number"]
    # The profile is created once: same extension on every read, and by email too.
    assert api.get(f"/phone/users/{user['email']}").json()["extension_number"] == ext

    r = api.patch(
        f"/phone/users/{user['id']}",
        json={"extension_number": str(ext + 9000), "policy": {"international_calling": True}},
    )
    assert r.status_code == 204, r.text
    body = api.get(f"/phone/users/{user['id']}").json()
    assert body["extension_number"] == ext + 9000
    assert body["policy"]["international_calling"] is True

    other = create_user(api)
    r = api.patch(f"/phone/users/{other['id']}", json={"extension_number": str(ext + 9000)})
    assert r.status_code == 400
    assert r.json() == {"code": 400, "message": f"Extension number {ext + 9000} is already used."}
    r = api.patch(f"/phone/users/{other['id']}", json={"site_id": "nope"})
    assert r.status_code == 404
    assert r.json() == {"code": 404, "message": "Site does not exist."}

    r = api.get("/phone/users", params={"keyword": user["email"], "page_size": 300})
    assert r.status_code == 200
    listed = r.json()
    assert_matches_spec(shared, SPEC, "GET", "/phone/users", 200, listed)
    assert [u["id"] for u in listed["users"]] == [user["id"]]
    assert listed["users"][0]["name"] == "Pat Phone"


def test_unknown_user(api: httpx.Client) -> None:
    r = api.get("/phone/users/nobody@example.com")
    assert r.status_code == 404
    assert r.json() == {"code": 1001, "message": "User does not exist: nobody@example.com."}


def test_calling_plans(api: httpx.Client, shared: Path) -> None:
    user = create_user(api)
    r = api.get("/phone/calling_plans")
    assert r.status_code == 200
    assert_matches_spec(shared, SPEC, "GET", "/phone/calling_plans", 200, r.json())
    plan = r.json()["calling_plans"][0]
    path = f"/phone/users/{user['id']}/calling_plans"
    r = api.post(path, json={"calling_plans": [{"type": plan["type"]}]})
    assert r.status_code == 200, r.text
    assert api.get(f"/phone/users/{user['id']}").json()["calling_plans"] == [
        {"type": plan["type"], "name": plan["name"]}
    ]
    after = {p["type"]: p for p in api.get("/phone/calling_plans").json()["calling_plans"]}
    assert after[plan["type"]]["assigned"] >= 1
    r = api.post(path, json={"calling_plans": [{"type": 4242}]})
    assert r.status_code == 400 and r.json()["code"] == 300
    assert api.delete(f"{path}/{plan['type']}").status_code == 204
    r = api.delete(f"{path}/{plan['type']}")
    assert r.status_code == 400
    assert r.json() == {"code": 400, "message": "Invalid field."}


def test_user_phone_numbers(api: httpx.Client, shared: Path) -> None:
    user = create_user(api)
    number = free_number(api)
    path = f"/phone/users/{user['id']}/phone_numbers"
    r = api.post(path, json={"phone_numbers": [{"number": number["number"]}]})
    assert r.status_code == 200, r.text
    assert_matches_spec(shared, SPEC, "POST", "/phone/users/{userId}/phone_numbers", 200, r.json())
    assert r.json() == {"phone_numbers": [{"id": number["id"], "number": number["number"]}]}
    assert (
        api.get(f"/phone/users/{user['id']}").json()["phone_numbers"] == r.json()["phone_numbers"]
    )
    assigned = api.get(
        "/phone/numbers", params={"type": "assigned", "extension_type": "user", "page_size": 300}
    ).json()
    assert number["id"] in {n["id"] for n in assigned["phone_numbers"]}

    other = create_user(api)
    r = api.post(
        f"/phone/users/{other['id']}/phone_numbers", json={"phone_numbers": [{"id": number["id"]}]}
    )
    assert r.status_code == 400
    r = api.delete(f"/phone/users/{other['id']}/phone_numbers/{number['id']}")
    assert r.status_code == 404
    assert r.json() == {"code": 400, "message": 'Invalid query parameter "phone_number".'}
    assert api.delete(f"{path}/{number['id']}").status_code == 204
    assert api.get(f"/phone/users/{user['id']}").json()["phone_numbers"] == []


def test_user_numbers_released_when_user_deleted(api: httpx.Client) -> None:
    user = create_user(api)
    number = free_number(api)
    api.post(
        f"/phone/users/{user['id']}/phone_numbers", json={"phone_numbers": [{"id": number["id"]}]}
    )
    assert api.delete(f"/users/{user['id']}", params={"action": "delete"}).status_code == 204
    assert "assignee" not in api.get(f"/phone/numbers/{number['id']}").json()


def test_user_settings(api: httpx.Client, shared: Path) -> None:
    user = create_user(api)
    helper = create_user(api)
    helper_profile = api.get(f"/phone/users/{helper['id']}").json()
    r = api.get(f"/phone/users/{user['id']}/settings")
    assert r.status_code == 200
    assert_matches_spec(shared, SPEC, "GET", "/phone/users/{userId}/settings", 200, r.json())

    base = f"/phone/users/{user['id']}/settings"
    r = api.post(
        f"{base}/voice_mail",
        json={"voice_mail": {"access_user_id": helper["id"], "download": True}},
    )
    assert r.status_code == 201, r.text
    shared_id = r.json()["voice_mail"]["shared_id"]
    r = api.post(f"{base}/voice_mail", json={"voice_mail": {"access_user_id": helper["id"]}})
    assert r.status_code == 400
    assert r.json()["message"] == "Voicemail has already been shared to the user."
    r = api.patch(
        f"{base}/voice_mail",
        json={"voice_mail": {"shared_id": shared_id, "delete": True}},
    )
    assert r.status_code == 204
    (entry,) = api.get(base).json()["voice_mail"]
    assert entry["delete"] is True and entry["download"] is True

    r = api.post(
        f"{base}/delegation",
        json={"delegation_assistant_extension_id": helper_profile["extension_id"]},
    )
    assert r.status_code == 201, r.text
    assistants = api.get(base).json()["delegation"]["assistants"]
    assert [a["id"] for a in assistants] == [helper["id"]]
    r = api.post(f"{base}/delegation", json={})
    assert r.status_code == 400
    assert r.json()["message"] == "Delegation assistant is required."
    r = api.delete(
        f"{base}/delegation", params={"assistant_extension_id": helper_profile["extension_id"]}
    )
    assert r.status_code == 204
    assert api.get(base).json()["delegation"]["assistants"] == []
    assert api.delete(f"{base}/voice_mail", params={"shared_id": shared_id}).status_code == 204
    assert api.get(base).json()["voice_mail"] == []

    r = api.post(f"{base}/bogus", json={})
    assert r.status_code == 400
    assert r.json() == {"code": 300, "message": "Invalid user sub-setting type."}
    r = api.patch(f"{base}/bogus", json={})
    assert r.status_code == 400
    assert r.json() == {"code": 300, "message": "Invalid user setting Type: bogus."}


def test_call_logs_recordings_voicemails(api: httpx.Client, shared: Path) -> None:
    user = create_user(api)
    cases = [
        ("/phone/call_logs", "/phone/call_logs"),
        (f"/phone/users/{user['id']}/call_logs", "/phone/users/{userId}/call_logs"),
        ("/phone/recordings", "/phone/recordings"),
        (f"/phone/users/{user['id']}/recordings", "/phone/users/{userId}/recordings"),
        (f"/phone/users/{user['id']}/voice_mails", "/phone/users/{userId}/voice_mails"),
    ]
    for url, spec_path in cases:
        r = api.get(url, params={"from": "2026-01-01", "to": "2026-01-31"})
        assert r.status_code == 200, (url, r.text)
        assert_matches_spec(shared, SPEC, "GET", spec_path, 200, r.json())
        assert r.json()["total_records"] == 0
    r = api.delete(f"/phone/users/{user['id']}/call_logs/abc")
    assert r.status_code == 404
    assert r.json() == {
        "code": 404,
        "message": "Call log information was not found for the following callLogId: abc.",
    }
    r = api.delete("/phone/voice_mails/abc")
    assert r.status_code == 404
