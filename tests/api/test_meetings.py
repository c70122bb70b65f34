"""Meetings: create, get, update, delete, recover, end; passcodes, hosts, URLs, events."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pytest

from support.meetings import (
    SPEC,
    assert_event_matches_spec,
    create,
    events,
    in_days,
    jwt_claims,
    new_host,
    outbox_mark,
    parse,
    server_now,
    set_fields,
)
from support.schema import assert_matches_spec
from support.server import ServerProcess


@pytest.fixture()
def host(api: httpx.Client) -> dict[str, Any]:
    return new_host(api)


# -- create and get --------------------------------------------------------------------------
def test_create_scheduled_meeting(
    api: httpx.Client, server: ServerProcess, shared: Path, host: dict[str, Any]
) -> None:
    start = in_days(server, 5)
    mark = outbox_mark(server)
    r = api.post(
        f"/users/{host['id']}/meetings",
        json={
            "topic": "Quarterly review",
            "type": 2,
            "start_time": start,
            "duration": 45,
            "timezone": "America/New_York",
            "agenda": "Numbers",
            "settings": {"host_video": True, "mute_upon_entry": True},
        },
    )
    assert r.status_code == 201, r.text
    m = r.json()
    assert_matches_spec(shared, SPEC, "POST", "/users/{userId}/meetings", 201, m)
    assert isinstance(m["id"], int) and len(str(m["id"])) == 11
    assert re.fullmatch(r"[A-Za-z0-9+/]{22}==", m["uuid"])
    assert m["host_id"] == host["id"] and m["host_email"] == host["email"]
    assert m["assistant_id"] == ""
    assert (m["topic"], m["type"], m["status"]) == ("Quarterly review", 2, "waiting")
    assert (m["start_time"], m["duration"], m["timezone"]) == (start, 45, "America/New_York")
    assert m["agenda"] == "Numbers"
    assert m["creation_source"] == "open_api" and m["pre_schedule"] is False
    assert m["settings"]["host_video"] is True and m["settings"]["mute_upon_entry"] is True
    assert m["settings"]["approval_type"] == 2 and "registration_url" not in m
    assert m["settings"]["global_dial_in_numbers"][0]["type"] in ("toll", "tollfree")
    # Passcode and its derived forms; the join link carries the encrypted one.
    assert len(m["password"]) >= 6
    assert m["h323_password"].isdigit() and m["pstn_password"] == m["h323_password"]
    assert m["join_url"] == f"{server.base_url}/j/{m['id']}?pwd={m['encrypted_password']}"
    # start_url: a JWT-shaped ZAK; hosts created with custCreate get 90 days.
    assert m["start_url"].startswith(f"{server.base_url}/s/{m['id']}?zak=")
    claims = jwt_claims(m["start_url"].split("zak=", 1)[1])
    assert claims["exp"] - claims["iat"] == 90 * 86400
    assert parse(m["created_at"]) <= server_now(server) + timedelta(seconds=2)

    got = api.get(f"/meetings/{m['id']}")
    assert got.status_code == 200
    view = got.json()
    assert_matches_spec(shared, SPEC, "GET", "/meetings/{meetingId}", 200, view)
    assert {k: v for k, v in view.items() if k != "start_url"} == {
        k: v for k, v in m.items() if k != "start_url"
    }

    (event,) = events(server, mark, "meeting.created", m["id"])
    assert_event_matches_spec(shared, event)
    obj = event["payload"]["object"]
    assert event["payload"]["operation"] == "single"
    assert (obj["id"], obj["uuid"], obj["host_id"]) == (m["id"], m["uuid"], host["id"])
    assert obj["join_url"] == m["join_url"] and obj["password"] == m["password"]


def test_regular_host_start_url_lives_two_hours(api: httpx.Client, server: ServerProcess) -> None:
    m = create(api, "me", topic="Owner's meeting", start_time=in_days(server, 2))
    claims = jwt_claims(m["start_url"].split("zak=", 1)[1])
    assert claims["exp"] - claims["iat"] == 2 * 3600
    assert str(claims["mnum"]) == str(m["id"])
    fresh = api.get(f"/meetings/{m['id']}").json()["start_url"]
    fresh_claims = jwt_claims(fresh.split("zak=", 1)[1])
    assert (
        fresh_claims["iat"] >= claims["iat"] and fresh_claims["exp"] - fresh_claims["iat"] == 7200
    )
    api.delete(f"/meetings/{m['id']}")


def test_create_defaults(api: httpx.Client, server: ServerProcess, host: dict[str, Any]) -> None:
    assert api.patch(f"/users/{host['id']}", json={"timezone": "Europe/Berlin"}).status_code == 204
    before = server_now(server)
    m = create(api, host["id"])
    assert m["topic"] == "Zoom Meeting" and m["type"] == 2 and m["duration"] == 60
    assert m["timezone"] == "Europe/Berlin"
    # Without a start time a scheduled meeting starts now.
    assert abs(parse(m["start_time"]) - before) < timedelta(seconds=5)
    assert m["start_time"] == m["created_at"] or parse(m["start_time"]) >= parse(m["created_at"])


def test_local_start_time_uses_the_timezone(api: httpx.Client, host: dict[str, Any]) -> None:
    m = create(api, host["id"], start_time="2031-07-01T09:30:00", timezone="America/Los_Angeles")
    assert m["start_time"] == "2031-07-01T16:30:00Z"
    assert m["timezone"] == "America/Los_Angeles"
    winter = create(api, host["id"], start_time="2031-01-15T09:30:00", timezone="Europe/Paris")
    assert winter["start_time"] == "2031-01-15T08:30:00Z"


def test_past_start_time_becomes_now(
    api: httpx.Client, server: ServerProcess, host: dict[str, Any]
) -> None:
    m = create(api, host["id"], start_time="2001-01-01T10:00:00Z")
    assert abs(parse(m["start_time"]) - server_now(server)) < timedelta(seconds=5)


def test_instant_meeting_has_no_start_time_and_is_not_listed(
    api: httpx.Client, shared: Path, host: dict[str, Any]
) -> None:
    m = create(api, host["id"], type=1, topic="Quick sync")
    assert m["type"] == 1 and "start_time" not in m
    view = api.get(f"/meetings/{m['id']}").json()
    assert "start_time" not in view
    assert_matches_spec(shared, SPEC, "GET", "/meetings/{meetingId}", 200, view)
    listed = api.get(f"/users/{host['id']}/meetings").json()["meetings"]
    assert m["id"] not in [x["id"] for x in listed]


def test_pre_schedule_only_for_types_2_and_3(api: httpx.Client, host: dict[str, Any]) -> None:
    r = api.post(f"/users/{host['id']}/meetings", json={"type": 1, "pre_schedule": True})
    assert r.status_code == 400
    assert r.json() == {
        "code": 3000,
        "message": "Prescheduling is only available for scheduled meetings (type 2) and"
        " recurring meetings with no fixed time (type 3).",
    }
    assert create(api, host["id"], type=3, pre_schedule=True)["pre_schedule"] is True


def test_unknown_user_and_meeting(api: httpx.Client) -> None:
    r = api.post("/users/nobody-here@example.com/meetings", json={"topic": "x"})
    assert r.status_code == 404
    assert r.json() == {"code": 1001, "message": "User does not exist: nobody-here@example.com."}
    r = api.get("/meetings/12345678901")
    assert r.status_code == 404
    assert r.json() == {"code": 3001, "message": "Meeting does not exist: 12345678901."}
    assert api.get("/meetings/notAUuid123==").json()["code"] == 3001


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"type": 5}, "type"),
        ({"duration": "long"}, "duration"),
        ({"start_time": "next tuesday"}, "start_time"),
        ({"settings": {"approval_type": 7}}, "settings.approval_type"),
        ({"topic": "t" * 201}, "topic"),
    ],
)
def test_invalid_fields(
    api: httpx.Client, host: dict[str, Any], body: dict[str, Any], field: str
) -> None:
    r = api.post(f"/users/{host['id']}/meetings", json=body)
    assert r.status_code == 400
    out = r.json()
    assert out["code"] == 300
    assert field in [e["field"] for e in out["errors"]]


def test_uuid_path_single_and_double_encoded(api: httpx.Client, host: dict[str, Any]) -> None:
    m = create(api, host["id"], topic="by uuid")
    once = quote(m["uuid"], safe="")
    twice = quote(once, safe="")
    for ref in (once, twice):
        r = api.get(f"/meetings/{ref}")
        assert r.status_code == 200, (ref, r.text)
        assert r.json()["id"] == m["id"]


# -- passcodes -------------------------------------------------------------------------------
PASSCODE_PREFIX = (
    "Password provided does not match the password requirement settings set for this account."
    " The password must follow these rules: "
)


def test_passcode_too_long(api: httpx.Client, host: dict[str, Any]) -> None:
    r = api.post(f"/users/{host['id']}/meetings", json={"password": "abcdefghijk"})
    assert r.status_code == 400
    assert r.json() == {
        "code": 300,
        "message": "Validation Failed.",
        "errors": [
            {
                "field": "password",
                "message": PASSCODE_PREFIX + "[Password can only have a maximum 10 characters.].",
            }
        ],
    }


def test_passcode_requirements_from_user_settings(api: httpx.Client, host: dict[str, Any]) -> None:
    req = {"length": 8, "have_number": True, "have_upper_and_lower_characters": True}
    r = api.patch(
        f"/users/{host['id']}/settings",
        json={"schedule_meeting": {"meeting_password_requirement": req}},
    )
    assert r.status_code == 204, r.text
    r = api.post(f"/users/{host['id']}/meetings", json={"password": "abc"})
    assert r.status_code == 400
    err = r.json()["errors"][0]
    assert err["field"] == "password" and err["message"].startswith(PASSCODE_PREFIX)
    assert "at least 8 characters" in err["message"]
    m = create(api, host["id"], password="Secret123")
    assert m["password"] == "Secret123"
    assert m["pstn_password"].isdigit() and m["pstn_password"] != m["password"]
    generated = create(api, host["id"])["password"]
    assert len(generated) >= 8 and any(c.isdigit() for c in generated)
    assert any(c.isupper() for c in generated) and any(c.islower() for c in generated)


def test_numeric_passcode_is_its_own_phone_passcode(
    api: httpx.Client, host: dict[str, Any]
) -> None:
    m = create(api, host["id"], password="482913")
    assert m["h323_password"] == m["pstn_password"] == "482913"
    r = api.patch(
        f"/users/{host['id']}/settings",
        json={"schedule_meeting": {"meeting_password_requirement": {"only_allow_numeric": True}}},
    )
    assert r.status_code == 204
    generated = create(api, host["id"])
    assert generated["password"].isdigit() and generated["pstn_password"] == generated["password"]


def test_default_password_false_and_setting_off(
    api: httpx.Client, server: ServerProcess, host: dict[str, Any]
) -> None:
    m = create(api, host["id"], default_password=False)
    for key in ("password", "h323_password", "pstn_password", "encrypted_password"):
        assert key not in m
    assert m["join_url"] == f"{server.base_url}/j/{m['id']}"
    r = api.patch(
        f"/users/{host['id']}/settings",
        json={"schedule_meeting": {"require_password_for_scheduling_new_meetings": False}},
    )
    assert r.status_code == 204
    assert "password" not in create(api, host["id"])
    assert create(api, host["id"], password="given1")["password"] == "given1"


# -- hosts: schedule_for ---------------------------------------------------------------------
def test_schedule_for_needs_scheduling_privilege(api: httpx.Client, shared: Path) -> None:
    boss, aide = new_host(api), new_host(api)
    body = {"topic": "For the boss", "schedule_for": boss["email"]}
    r = api.post(f"/users/{aide['id']}/meetings", json=body)
    assert r.status_code == 400
    assert r.json() == {
        "code": 3000,
        "message": f"You cannot schedule a meeting for {boss['email']}",
    }
    r = api.post(f"/users/{boss['id']}/assistants", json={"assistants": [{"id": aide["id"]}]})
    assert r.status_code == 201, r.text
    m = create(api, aide["id"], **body)
    assert m["host_id"] == boss["id"] and m["host_email"] == boss["email"]
    assert m["assistant_id"] == aide["id"]
    assert_matches_spec(shared, SPEC, "POST", "/users/{userId}/meetings", 201, m)
    listed = api.get(f"/users/{boss['id']}/meetings").json()["meetings"]
    assert m["id"] in [x["id"] for x in listed]

    r = api.post(f"/users/{aide['id']}/meetings", json={"type": 1, "schedule_for": boss["id"]})
    assert r.status_code == 400 and r.json()["code"] == 3000
    assert "Instant meetings do not support" in r.json()["message"]
    r = api.post(f"/users/{aide['id']}/meetings", json={"schedule_for": "ghost@example.com"})
    assert r.status_code == 400 and r.json()["code"] == 300
    assert "schedule_for" in r.json()["message"]


# -- update ----------------------------------------------------------------------------------
def test_update_changes_only_sent_fields(
    api: httpx.Client, server: ServerProcess, shared: Path, host: dict[str, Any]
) -> None:
    m = create(
        api, host["id"], topic="Before", agenda="Keep me", start_time=in_days(server, 3),
        settings={"waiting_room": False, "mute_upon_entry": False},
    )  # fmt: skip
    mark = outbox_mark(server)
    new_start = in_days(server, 4)
    r = api.patch(
        f"/meetings/{m['id']}",
        json={"topic": "After", "start_time": new_start, "settings": {"mute_upon_entry": True}},
    )
    assert r.status_code == 204 and r.content == b""
    got = api.get(f"/meetings/{m['id']}").json()
    assert got["topic"] == "After" and got["agenda"] == "Keep me"
    assert got["start_time"] == new_start and got["duration"] == m["duration"]
    assert got["settings"]["mute_upon_entry"] is True
    assert got["settings"]["host_video"] == m["settings"]["host_video"]
    assert got["password"] == m["password"] and got["uuid"] == m["uuid"]

    (event,) = events(server, mark, "meeting.updated", m["id"])
    assert_event_matches_spec(shared, event)
    payload = event["payload"]
    assert payload["object"] == {
        "id": m["id"],
        "uuid": m["uuid"],
        "topic": "After",
        "start_time": new_start,
        "settings": {"mute_upon_entry": True},
    }
    assert payload["old_object"] == {
        "id": m["id"],
        "uuid": m["uuid"],
        "topic": "Before",
        "start_time": m["start_time"],
        "settings": {"mute_upon_entry": False},
    }
    assert isinstance(payload["time_stamp"], int)


def test_update_password_and_registration(
    api: httpx.Client, server: ServerProcess, host: dict[str, Any]
) -> None:
    m = create(api, host["id"], password="first1")
    assert api.patch(f"/meetings/{m['id']}", json={"password": "second2"}).status_code == 204
    got = api.get(f"/meetings/{m['id']}").json()
    assert got["password"] == "second2" and got["encrypted_password"] != m["encrypted_password"]
    assert got["join_url"].endswith(f"?pwd={got['encrypted_password']}")
    r = api.patch(f"/meetings/{m['id']}", json={"password": "x" * 11})
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "password"

    assert (
        api.patch(f"/meetings/{m['id']}", json={"settings": {"approval_type": 0}}).status_code
        == 204
    )
    got = api.get(f"/meetings/{m['id']}").json()
    assert got["settings"]["approval_type"] == 0
    assert got["registration_url"].startswith(f"{server.base_url}/meeting/register/")
    api.patch(f"/meetings/{m['id']}", json={"settings": {"approval_type": 2}})
    assert "registration_url" not in api.get(f"/meetings/{m['id']}").json()


def test_update_unknown_meeting_and_bad_body(api: httpx.Client, host: dict[str, Any]) -> None:
    r = api.patch("/meetings/98765432109", json={"topic": "x"})
    assert r.status_code == 404 and r.json()["code"] == 3001
    m = create(api, host["id"])
    r = api.patch(f"/meetings/{m['id']}", content=b"not json")
    assert r.status_code == 400 and r.json()["code"] == 300
    r = api.patch(f"/meetings/{m['id']}", json={"type": 1, "pre_schedule": True})
    assert r.status_code == 400 and r.json()["code"] == 3000


def test_update_to_recurring_needs_recurrence(api: httpx.Client, host: dict[str, Any]) -> None:
    m = create(api, host["id"])
    r = api.patch(f"/meetings/{m['id']}", json={"type": 8})
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "recurrence"
    body = {"type": 8, "recurrence": {"type": 1, "end_times": 3}}
    assert api.patch(f"/meetings/{m['id']}", json=body).status_code == 204
    got = api.get(f"/meetings/{m['id']}").json()
    assert got["type"] == 8 and len(got["occurrences"]) == 3
    assert api.patch(f"/meetings/{m['id']}", json={"type": 2}).status_code == 204
    got = api.get(f"/meetings/{m['id']}").json()
    assert "recurrence" not in got and "occurrences" not in got


# -- delete, recover, end --------------------------------------------------------------------
def test_delete_and_recover(
    api: httpx.Client, server: ServerProcess, shared: Path, host: dict[str, Any]
) -> None:
    m = create(api, host["id"], topic="Going away", start_time=in_days(server, 2))
    mark = outbox_mark(server)
    r = api.delete(
        f"/meetings/{m['id']}",
        params={"schedule_for_reminder": "true", "cancel_meeting_reminder": "false"},
    )
    assert r.status_code == 204 and r.content == b""
    r = api.get(f"/meetings/{m['id']}")
    assert r.status_code == 404
    assert r.json() == {"code": 3001, "message": f"Meeting does not exist: {m['id']}."}
    assert api.delete(f"/meetings/{m['id']}").status_code == 404
    assert api.patch(f"/meetings/{m['id']}", json={"topic": "x"}).status_code == 404
    listed = api.get(f"/users/{host['id']}/meetings").json()["meetings"]
    assert m["id"] not in [x["id"] for x in listed]
    (deleted,) = events(server, mark, "meeting.deleted", m["id"])
    assert_event_matches_spec(shared, deleted)
    assert deleted["payload"]["operation"] == "single"
    assert deleted["payload"]["object"]["uuid"] == m["uuid"]

    r = api.put(f"/meetings/{m['id']}/status", json={"action": "recover"})
    assert r.status_code == 204, r.text
    got = api.get(f"/meetings/{m['id']}").json()
    assert got["topic"] == "Going away" and got["uuid"] == m["uuid"]
    (recovered,) = events(server, mark, "meeting.recovered", m["id"])
    assert_event_matches_spec(shared, recovered)


def test_cannot_delete_a_live_meeting_and_end_it(
    api: httpx.Client, server: ServerProcess, host: dict[str, Any]
) -> None:
    m = create(api, host["id"], topic="Live now")
    r = api.put(f"/meetings/{m['id']}/status", json={"action": "end"})
    assert r.status_code == 400
    assert r.json() == {"code": 3000, "message": "Meeting is not in progress."}
    set_fields(server, m["id"], status="started")
    assert api.get(f"/meetings/{m['id']}").json()["status"] == "started"
    r = api.delete(f"/meetings/{m['id']}")
    assert r.status_code == 400
    assert r.json() == {
        "code": 3002,
        "message": "Sorry, you cannot delete this meeting since it is in progress.",
    }
    live = api.get(f"/users/{host['id']}/meetings", params={"type": "live"}).json()["meetings"]
    assert [x["id"] for x in live] == [m["id"]]
    mark = outbox_mark(server)
    assert api.put(f"/meetings/{m['id']}/status", json={"action": "end"}).status_code == 204
    got = api.get(f"/meetings/{m['id']}").json()
    assert got["status"] == "waiting" and got["uuid"] != m["uuid"]
    # The ended instance's UUID still names the meeting.
    assert api.get(f"/meetings/{quote(quote(m['uuid'], safe=''), safe='')}").json()["id"] == m["id"]
    (ended,) = events(server, mark, "meeting.ended", str(m["id"]))
    assert ended["payload"]["object"]["id"] == str(m["id"])
    assert ended["payload"]["object"]["uuid"] == m["uuid"]


def test_status_body_errors(api: httpx.Client, host: dict[str, Any]) -> None:
    m = create(api, host["id"])
    r = api.put(f"/meetings/{m['id']}/status", json={"action": "pause"})
    assert r.status_code == 400 and r.json()["code"] == 300
    r = api.put(f"/meetings/{m['id']}/status", json={})
    assert r.status_code == 400 and r.json()["code"] == 300
    # Recovering a meeting that is not deleted changes nothing.
    assert api.put(f"/meetings/{m['id']}/status", json={"action": "recover"}).status_code == 204


def test_pmi_meeting_cannot_be_deleted(
    api: httpx.Client, shared: Path, host: dict[str, Any]
) -> None:
    r = api.get(f"/meetings/{host['pmi']}")
    assert r.status_code == 200, r.text
    pmi = r.json()
    assert pmi["type"] == 4 and pmi["id"] == host["pmi"] and pmi["host_id"] == host["id"]
    assert_matches_spec(shared, SPEC, "GET", "/meetings/{meetingId}", 200, pmi)
    r = api.delete(f"/meetings/{host['pmi']}")
    assert r.status_code == 400
    assert r.json() == {"code": 3018, "message": "Not allowed to delete PMI."}
    listed = api.get(f"/users/{host['id']}/meetings").json()["meetings"]
    assert host["pmi"] not in [x["id"] for x in listed]


def test_use_pmi_joins_through_the_pmi(
    api: httpx.Client, server: ServerProcess, host: dict[str, Any]
) -> None:
    m = create(api, host["id"], settings={"use_pmi": True})
    assert m["pmi"] == str(host["pmi"])
    assert m["join_url"].startswith(f"{server.base_url}/j/{host['pmi']}?")
    assert m["join_url"].endswith(f"&omn={m['id']}")
    listed = api.get(f"/users/{host['id']}/meetings").json()["meetings"]
    assert next(x for x in listed if x["id"] == m["id"])["pmi"] == str(host["pmi"])


# -- invitation ------------------------------------------------------------------------------
def test_invitation_layout(
    api: httpx.Client, server: ServerProcess, shared: Path, host: dict[str, Any]
) -> None:
    m = create(
        api, host["id"], topic="Design sync", start_time="2031-03-25T22:32:00Z",
        timezone="America/Los_Angeles", password="Abc123",
    )  # fmt: skip
    r = api.get(f"/meetings/{m['id']}/invitation")
    assert r.status_code == 200
    body = r.json()
    assert_matches_spec(shared, SPEC, "GET", "/meetings/{meetingId}/invitation", 200, body)
    text = body["invitation"]
    lines = text.split("\r\n")
    assert "\n" not in text.replace("\r\n", "")
    n = str(m["id"])
    grouped = f"{n[:3]} {n[3:7]} {n[7:]}"
    pin = m["pstn_password"]
    assert lines[0] == "Hana Host is inviting you to a scheduled Zoom meeting."
    assert lines[1] == ""
    assert lines[2] == "Topic: Design sync"
    assert lines[3] == "Time: Mar 25, 2031 03:32 PM Pacific Time (US and Canada)"
    assert lines[4:8] == ["", "Join Zoom Meeting", m["join_url"], ""]
    assert lines[8:11] == [f"Meeting ID: {grouped}", "Passcode: Abc123", "One tap mobile"]
    assert re.fullmatch(rf"\+\d+,,{n}#,,,,\*{pin}# US \(.+\)", lines[11])
    assert "Dial by your location" in lines
    assert any(line.startswith("Find your local number: ") for line in lines)
    assert lines[lines.index("Join by SIP") + 1] == f"{n}@zoomcrc.com"
    assert "Join by H.323" in lines
    assert text.endswith(f"Passcode: {pin}\r\n\r\n")
    assert body["sip_links"] == [f"{n}@zoomcrc.com"]


def test_invitation_of_recurring_series_lists_occurrences(
    api: httpx.Client, host: dict[str, Any]
) -> None:
    m = create(
        api, host["id"], type=8, start_time="2031-06-02T15:00:00Z", timezone="UTC",
        recurrence={"type": 2, "weekly_days": "2,4", "end_times": 4},
    )  # fmt: skip
    text = api.get(f"/meetings/{m['id']}/invitation").json()["invitation"]
    assert "        Every week on Mon, Wed, until Jun 11, 2031, 4 occurrence(s)" in text
    assert "        Jun 04, 2031 03:00 PM" in text
    three = create(api, host["id"], type=3)
    text = api.get(f"/meetings/{three['id']}/invitation").json()["invitation"]
    assert "Time: This is a recurring meeting Meet anytime" in text


# -- templates -------------------------------------------------------------------------------
def test_meeting_templates(api: httpx.Client, shared: Path, host: dict[str, Any]) -> None:
    empty = api.get(f"/users/{host['id']}/meeting_templates")
    assert empty.status_code == 200
    assert empty.json() == {"total_records": 0, "templates": []}
    source = create(
        api, host["id"], topic="Standup", settings={"waiting_room": True, "auto_recording": "cloud"}
    )
    r = api.post(
        f"/users/{host['id']}/meeting_templates",
        json={"meeting_id": source["id"], "name": "Standup template"},
    )
    assert r.status_code == 201, r.text
    tpl = r.json()
    assert_matches_spec(shared, SPEC, "POST", "/users/{userId}/meeting_templates", 201, tpl)
    assert tpl["name"] == "Standup template"
    listed = api.get(f"/users/{host['id']}/meeting_templates").json()
    assert_matches_spec(shared, SPEC, "GET", "/users/{userId}/meeting_templates", 200, listed)
    assert listed == {"total_records": 1, "templates": [{**tpl, "type": 1}]}

    r = api.post(
        f"/users/{host['id']}/meeting_templates",
        json={"meeting_id": source["id"], "name": "Standup template"},
    )
    assert r.status_code == 400
    assert r.json() == {
        "code": 3000,
        "message": "Meeting template name already exists: Standup template.",
    }
    r = api.post(f"/users/{host['id']}/meeting_templates", json={"meeting_id": 11111111111})
    assert r.status_code == 400 and r.json()["code"] == 3001

    m = create(api, host["id"], template_id=tpl["id"], settings={"auto_recording": "local"})
    assert m["template_id"] == tpl["id"] and m["topic"] == "Standup"
    assert m["settings"]["waiting_room"] is True
    assert m["settings"]["auto_recording"] == "local"
    r = api.post(f"/users/{host['id']}/meetings", json={"template_id": "nope"})
    assert r.status_code == 400 and r.json()["code"] == 300


# -- around the meeting ----------------------------------------------------------------------
def test_meetings_follow_their_host_out_of_the_account(api: httpx.Client) -> None:
    leaving, heir, other = new_host(api), new_host(api), new_host(api)
    kept = create(api, leaving["id"], topic="Handed over")
    r = api.delete(
        f"/users/{leaving['id']}",
        params={"action": "delete", "transfer_email": heir["email"], "transfer_meeting": "true"},
    )
    assert r.status_code == 204, r.text
    got = api.get(f"/meetings/{kept['id']}").json()
    assert got["host_id"] == heir["id"] and got["host_email"] == heir["email"]
    assert kept["id"] in [
        m["id"] for m in api.get(f"/users/{heir['id']}/meetings").json()["meetings"]
    ]

    dropped = create(api, other["id"], topic="Goes with the user")
    assert api.delete(f"/users/{other['id']}", params={"action": "delete"}).status_code == 204
    assert api.get(f"/meetings/{dropped['id']}").status_code == 404


def test_master_account_path(api: httpx.Client, host: dict[str, Any]) -> None:
    me = api.get("/users/me").json()
    m = create(api, host["id"], topic="Via the master path")
    r = api.get(f"/accounts/{me['account_id']}/meetings/{m['id']}")
    assert r.status_code == 200 and r.json()["topic"] == "Via the master path"
    r = api.get(f"/accounts/{me['account_id']}/users/{host['id']}/meetings")
    assert r.status_code == 200 and m["id"] in [x["id"] for x in r.json()["meetings"]]


def test_users_without_a_meetings_plan_cannot_host(api: httpx.Client) -> None:
    from support.users import create_user

    unassigned = create_user(api, "custCreate", 4)
    r = api.post(f"/users/{unassigned['id']}/meetings", json={"topic": "nope"})
    assert r.status_code == 400
    assert r.json() == {
        "code": 3161,
        "message": "Your user account is not allowed meeting hosting and scheduling capabilities.",
    }
    r = api.get(f"/users/{unassigned['id']}/meetings")
    assert r.status_code == 400 and r.json()["code"] == 3161
    # Basic users can host, but registration needs a licence.
    basic = create_user(api, "custCreate", 1)
    m = create(api, basic["id"], settings={"approval_type": 0})
    assert m["settings"]["approval_type"] == 2 and "registration_url" not in m
