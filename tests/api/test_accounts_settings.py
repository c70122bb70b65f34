"""Account settings and lock settings: full objects with defaults, partial updates, options,
custom query fields, events; account virtual backgrounds."""

from __future__ import annotations

from pathlib import Path

import httpx

from support import auth
from support.schema import assert_event_matches_spec
from support.server import ServerProcess
from support.users import (
    GIF,
    assert_matches_branch,
    events_since,
    outbox_mark,
)

SPEC = "accounts.json"
SETTINGS = "/accounts/{accountId}/settings"
LOCK = "/accounts/{accountId}/lock_settings"


def _own_client(server: ServerProcess) -> httpx.Client:
    return auth.client(server, auth.account_token(server, auth.create_account(server)))


def test_settings_full_object_and_update(shared: Path, server: ServerProcess) -> None:
    with _own_client(server) as api:
        r = api.get("/accounts/me/settings")
        assert r.status_code == 200
        body = r.json()
        assert_matches_branch(shared, SPEC, "GET", SETTINGS, 200, 0, body)
        for section in ("schedule_meeting", "in_meeting", "recording", "security", "feature"):
            assert isinstance(body[section], dict) and body[section]
        before = body["schedule_meeting"]["host_video"]

        mark = outbox_mark(server)
        r = api.patch(
            "/accounts/me/settings",
            json={"schedule_meeting": {"host_video": not before}},
        )
        assert r.status_code == 204, r.text
        after = api.get("/accounts/me/settings").json()
        assert after["schedule_meeting"]["host_video"] is (not before)
        # Untouched fields keep their values.
        assert after["in_meeting"] == body["in_meeting"]
        event = events_since(server, mark, "account.settings_updated")[0]
        assert_event_matches_spec(shared, "accounts.json", event)
        assert event["payload"]["object"]["settings"] == {
            "schedule_meeting": {"host_video": not before}
        }
        assert event["payload"]["old_object"]["settings"] == {
            "schedule_meeting": {"host_video": before}
        }

        r = api.get(
            "/accounts/me/settings", params={"custom_query_fields": "host_video,auto_recording"}
        )
        assert r.status_code == 200
        picked = r.json()
        assert picked["schedule_meeting"] == {"host_video": not before}
        assert set(picked) <= {"schedule_meeting", "recording", "in_meeting"}


def test_settings_options(shared: Path, server: ServerProcess) -> None:
    with _own_client(server) as api:
        r = api.get("/accounts/me/settings", params={"option": "meeting_security"})
        assert r.status_code == 200
        assert_matches_branch(shared, SPEC, "GET", SETTINGS, 200, 2, r.json())
        assert "meeting_security" in r.json()
        r = api.get("/accounts/me/settings", params={"option": "security"})
        assert list(r.json()) == ["security"]
        r = api.get("/accounts/me/settings", params={"option": "meeting_authentication"})
        assert r.status_code == 200 and "meeting_authentication" in r.json()
        r = api.patch(
            "/accounts/me/settings",
            params={"option": "meeting_security"},
            json={"meeting_security": {"waiting_room": True}},
        )
        assert r.status_code == 204, r.text
        got = api.get("/accounts/me/settings", params={"option": "meeting_security"}).json()
        assert got["meeting_security"]["waiting_room"] is True
        r = api.get("/accounts/me/settings", params={"option": "bogus"})
        assert r.status_code == 400 and r.json()["code"] == 300


def test_settings_errors(api: httpx.Client) -> None:
    r = api.get("/accounts/nope123/settings")
    assert r.status_code == 404 and r.json()["code"] == 2001
    r = api.patch("/accounts/nope123/settings", json={"schedule_meeting": {"host_video": True}})
    assert r.status_code == 404 and r.json()["code"] == 2001


def test_lock_settings(shared: Path, server: ServerProcess) -> None:
    with _own_client(server) as api:
        r = api.get("/accounts/me/lock_settings")
        assert r.status_code == 200
        body = r.json()
        assert_matches_branch(shared, SPEC, "GET", LOCK, 200, 0, body)
        assert isinstance(body["schedule_meeting"], dict)
        mark = outbox_mark(server)
        r = api.patch("/accounts/me/lock_settings", json={"schedule_meeting": {"host_video": True}})
        assert r.status_code in (200, 204), r.text
        got = api.get("/accounts/me/lock_settings").json()
        assert got["schedule_meeting"]["host_video"] is True
        assert got["in_meeting"] == body["in_meeting"]
        assert events_since(server, mark, "account.lock_settings_updated")
        r = api.get("/accounts/me/lock_settings", params={"option": "meeting_security"})
        assert r.status_code == 200 and "meeting_security" in r.json()
        assert_matches_branch(shared, SPEC, "GET", LOCK, 200, 1, r.json())
    r2 = httpx.get(server.base_url + "/v2/accounts/me/lock_settings")
    assert r2.status_code == 401


def test_account_virtual_backgrounds(api: httpx.Client, shared: Path) -> None:
    from support.schema import assert_matches_spec

    r = api.post(
        "/accounts/me/settings/virtual_backgrounds",
        files={"file": ("beach.gif", GIF, "image/gif")},
    )
    assert r.status_code == 201, r.text
    created = r.json()
    assert_matches_spec(
        shared, SPEC, "POST", "/accounts/{accountId}/settings/virtual_backgrounds", 201, created
    )
    assert created["name"] == "beach.gif" and created["type"] == "image"
    r = api.post(
        "/accounts/me/settings/virtual_backgrounds",
        files={"file": ("notes.txt", b"plain text", "text/plain")},
    )
    assert r.status_code == 400 and r.json()["code"] == 120
    r = api.delete("/accounts/me/settings/virtual_backgrounds", params={"file_ids": created["id"]})
    assert r.status_code == 204
    r = api.delete("/accounts/me/settings/virtual_backgrounds", params={"file_ids": created["id"]})
    assert r.status_code == 400 and r.json()["code"] == 300
