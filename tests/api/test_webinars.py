"""Webinars: create/get/list/update/delete (types 5, 6 and 9), settings defaults, passcodes and
URLs, the webinar licence, status (end), templates, and the master-account mirror."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from support.meetings import jwt_claims, store
from support.schema import assert_matches_spec
from support.server import ACCOUNT_ID, ServerProcess
from support.webinars import SPEC, create, events, in_days, licensed_host, series, set_fields

POLL = {"title": "P", "questions": [{"name": "Q", "type": "single", "answers": ["a", "b"]}]}


def children(server: ServerProcess, webinar_id: int) -> int:
    """Documents stored under the webinar (registrants, panelists, polls, ...)."""
    with store(server).transaction() as tx:
        row = tx.fetchone(
            "SELECT COUNT(*) FROM docs WHERE parent_id = ?", (f"webinar:{webinar_id}",)
        )
    return int(row[0])


@pytest.fixture()
def host(api: httpx.Client) -> dict[str, Any]:
    return licensed_host(api)


# -- create ----------------------------------------------------------------------------------
def test_create_scheduled_webinar(
    api: httpx.Client, server: ServerProcess, shared: Path, host: dict[str, Any]
) -> None:
    start = in_days(server, 5)
    r = api.post(
        f"/users/{host['id']}/webinars",
        json={"topic": "Launch", "type": 5, "start_time": start, "duration": 90,
              "timezone": "Europe/Berlin", "agenda": "News"},
    )  # fmt: skip
    assert r.status_code == 201, r.text
    w = r.json()
    assert_matches_spec(shared, SPEC, "POST", "/users/{userId}/webinars", 201, w)
    assert (w["topic"], w["type"], w["duration"], w["timezone"]) == (
        "Launch",
        5,
        90,
        "Europe/Berlin",
    )
    assert w["start_time"] == start and w["agenda"] == "News"
    assert w["host_id"] == host["id"] and w["host_email"] == host["email"]
    assert len(str(w["id"])) == 11 and len(w["uuid"]) == 24
    assert w["creation_source"] == "open_api" and w["is_simulive"] is False
    assert "status" not in w and "registration_url" not in w
    # A passcode is generated (the host's settings require one for webinars).
    assert w["password"] and w["h323_passcode"].isdigit() and w["encrypted_passcode"]
    join = urlsplit(w["join_url"])
    assert join.path == f"/w/{w['id']}"
    assert parse_qs(join.query)["pwd"] == [w["encrypted_passcode"]]
    start_url = urlsplit(w["start_url"])
    assert start_url.path == f"/s/{w['id']}"
    assert jwt_claims(parse_qs(start_url.query)["zak"][0])["uid"] == host["id"]


def test_settings_defaults(api: httpx.Client, server: ServerProcess, host: dict[str, Any]) -> None:
    s = create(api, server, host["id"])["settings"]
    expected = {
        "practice_session": False, "hd_video": False,
        "hd_video_for_attendees": False, "send_1080p_video_to_attendees": False,
        "approval_type": 2, "audio": "both", "auto_recording": "none", "enforce_login": False,
        "close_registration": False, "show_share_button": False,
        "allow_multiple_devices": False, "on_demand": False, "global_dial_in_countries": ["US"],
        "registrants_restrict_number": 0, "registrants_confirmation_email": True,
        "registrants_email_notification": True, "post_webinar_survey": False,
        "survey_url": "", "panelist_authentication": False, "meeting_authentication": False,
        "add_watermark": False, "add_audio_watermark": False, "alternative_hosts": "",
        "contact_email": host["email"], "contact_name": "Wendy Webinar",
        "email_language": "en-US", "panelists_invitation_email_notification": True,
    }  # fmt: skip
    assert {k: s[k] for k in expected} == expected
    # Video on for panelists follows the host's scheduling preference for participants.
    prefs = api.get(f"/users/{host['id']}/settings").json()["schedule_meeting"]
    assert s["panelists_video"] is prefs["participants_video"]
    assert s["question_and_answer"]["enable"] is True
    assert s["question_and_answer"]["answer_questions"] == "all"
    for key in (
        "attendees_and_panelists_reminder_email_notification",
        "follow_up_attendees_email_notification",
        "follow_up_absentees_email_notification",
    ):
        assert set(s[key]) == {"enable", "type"}
    assert s["global_dial_in_numbers"] and "registration_type" not in s


def test_create_with_settings_and_registration(
    api: httpx.Client, server: ServerProcess, shared: Path, host: dict[str, Any]
) -> None:
    w = create(
        api, server, host["id"], password="abc123",
        settings={"approval_type": 0, "practice_session": True, "hd_video": True,
                  "question_and_answer": {"allow_anonymous_questions": False},
                  "registrants_restrict_number": 50, "survey_url": "https://example.org/s",
                  "unknown_setting": 1},
    )  # fmt: skip
    s = w["settings"]
    assert s["practice_session"] is True and s["hd_video"] is True and s["approval_type"] == 0
    assert s["question_and_answer"]["allow_anonymous_questions"] is False
    # The rest of the Q&A object keeps its defaults.
    assert s["question_and_answer"]["allow_submit_questions"] is True
    assert s["registrants_restrict_number"] == 50 and "unknown_setting" not in s
    # A passcode with letters gets a separate numeric one for phones and room systems.
    assert w["password"] == "abc123" and w["h323_passcode"].isdigit()
    assert urlsplit(w["registration_url"]).path.startswith("/webinar/register/WN_")
    got = api.get(f"/webinars/{w['id']}").json()
    assert_matches_spec(shared, SPEC, "GET", "/webinars/{webinarId}", 200, got)
    assert got["registration_url"] == w["registration_url"]


def test_no_passcode_when_default_passcode_false(
    api: httpx.Client, server: ServerProcess, host: dict[str, Any]
) -> None:
    w = create(api, server, host["id"], default_passcode=False)
    assert "password" not in w and "encrypted_passcode" not in w
    assert "pwd=" not in w["join_url"]


def test_created_event(
    api: httpx.Client, server: ServerProcess, shared: Path, host: dict[str, Any]
) -> None:
    w = create(api, server, host["id"], topic="Evented")
    (event,) = events(server, "webinar.created", w["id"], shared)
    obj = event["payload"]["object"]
    assert (obj["uuid"], obj["topic"], obj["type"]) == (w["uuid"], "Evented", 5)
    assert obj["join_url"] == w["join_url"] and obj["creation_source"] == "open_api"
    assert event["payload"]["operation"] == "single"


def test_recurring_no_fixed_time(
    api: httpx.Client, server: ServerProcess, shared: Path, host: dict[str, Any]
) -> None:
    w = create(api, server, host["id"], type=6, settings={"approval_type": 0})
    assert "start_time" not in w and "occurrences" not in w
    # A series without a fixed time offers no registration.
    assert w["settings"]["approval_type"] == 2 and "registration_url" not in w
    got = api.get(f"/webinars/{w['id']}").json()
    assert_matches_spec(shared, SPEC, "GET", "/webinars/{webinarId}", 200, got)
    assert got["type"] == 6


def test_recurring_fixed_time_occurrences(
    api: httpx.Client, server: ServerProcess, shared: Path, host: dict[str, Any]
) -> None:
    w = create(api, server, host["id"], **series(server, 3))
    assert w["type"] == 9 and w["settings"]["registration_type"] == 1
    assert w["recurrence"] == {"type": 2, "repeat_interval": 1, "weekly_days": "1", "end_times": 3}
    occs = w["occurrences"]
    assert len(occs) == 3 and all(o["status"] == "available" for o in occs)
    assert w["start_time"] == occs[0]["start_time"]
    one = api.get(f"/webinars/{w['id']}", params={"occurrence_id": occs[1]["occurrence_id"]})
    assert one.status_code == 200
    assert_matches_spec(shared, SPEC, "GET", "/webinars/{webinarId}", 200, one.json())
    assert one.json()["start_time"] == occs[1]["start_time"]
    assert [o["occurrence_id"] for o in one.json()["occurrences"]] == [occs[1]["occurrence_id"]]
    bad = api.get(f"/webinars/{w['id']}", params={"occurrence_id": "123"})
    assert bad.status_code == 400 and bad.json()["code"] == 300


def test_recurring_fixed_time_needs_recurrence(
    api: httpx.Client, server: ServerProcess, host: dict[str, Any]
) -> None:
    r = api.post(
        f"/users/{host['id']}/webinars", json={"type": 9, "start_time": in_days(server, 1)}
    )
    assert r.status_code == 400
    assert r.json()["code"] == 300 and r.json()["errors"][0]["field"] == "recurrence"


def test_create_rejects_bad_input(api: httpx.Client, host: dict[str, Any]) -> None:
    r = api.post(f"/users/{host['id']}/webinars", json={"type": 2})
    assert r.status_code == 400 and r.json()["code"] == 300
    r = api.post(f"/users/{host['id']}/webinars", json={"start_time": "not a time"})
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "start_time"
    r = api.post(f"/users/{host['id']}/webinars", json={"password": "x" * 11})
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "password"
    r = api.post(f"/users/{host['id']}/webinars", json={"is_simulive": True})
    assert r.status_code == 400
    assert r.json() == {"code": 300, "message": "Account hasn't enabled simulive webinar."}


def test_create_for_unknown_user(api: httpx.Client) -> None:
    r = api.post("/users/nobody-here@example.org/webinars", json={"topic": "x"})
    assert r.status_code == 404 and r.json()["code"] == 1001


# -- licence ---------------------------------------------------------------------------------
def test_host_without_webinar_licence(api: httpx.Client, server: ServerProcess) -> None:
    user = licensed_host(api, webinar=False)
    r = api.post(f"/users/{user['id']}/webinars", json={"topic": "No plan"})
    assert r.status_code == 400
    assert r.json() == {
        "code": 200,
        "message": "Webinar plan is missing. You must subscribe to the webinar plan and enable"
        f" webinars for user {user['id']} in order to perform this action.",
    }
    r = api.get(f"/users/{user['id']}/webinars")
    assert r.status_code == 400 and r.json()["code"] == 200
    r = api.get(f"/users/{user['id']}/webinar_templates")
    assert r.status_code == 400 and r.json()["code"] == 200
    # Switching the feature on is how an admin gives the licence.
    r = api.patch(f"/users/{user['id']}/settings", json={"feature": {"webinar": True}})
    assert r.status_code == 204
    assert api.post(f"/users/{user['id']}/webinars", json={"topic": "Now"}).status_code == 201


def test_basic_user_cannot_get_the_licence(api: httpx.Client) -> None:
    from support.users import create_user

    basic = create_user(api, "custCreate", 1)
    r = api.patch(f"/users/{basic['id']}/settings", json={"feature": {"webinar": True}})
    assert r.status_code == 400 and r.json()["code"] == 1122
    r = api.post(f"/users/{basic['id']}/webinars", json={"topic": "x"})
    assert r.status_code == 400 and r.json()["code"] == 200


def test_licence_lost_after_scheduling(api: httpx.Client, server: ServerProcess) -> None:
    user = licensed_host(api)
    w = create(api, server, user["id"])
    r = api.patch(f"/users/{user['id']}/settings", json={"feature": {"webinar": False}})
    assert r.status_code == 204
    r = api.get(f"/webinars/{w['id']}")
    assert r.status_code == 400 and r.json()["code"] == 200
    assert user["id"] in r.json()["message"]
    r = api.patch(f"/webinars/{w['id']}", json={"topic": "x"})
    assert r.status_code == 400 and r.json()["code"] == 200
    r = api.get(f"/webinars/{w['id']}/panelists")
    assert r.status_code == 400 and r.json()["code"] == 200


def test_owner_has_a_webinar_licence(api: httpx.Client) -> None:
    r = api.post("/users/me/webinars", json={"topic": "Owner's webinar"})
    assert r.status_code == 201, r.text
    assert api.delete(f"/webinars/{r.json()['id']}").status_code == 204


# -- get -------------------------------------------------------------------------------------
def test_get_by_uuid_and_errors(
    api: httpx.Client, server: ServerProcess, host: dict[str, Any]
) -> None:
    w = create(api, server, host["id"])
    from urllib.parse import quote

    by_uuid = api.get("/webinars/" + quote(quote(w["uuid"], safe=""), safe=""))
    assert by_uuid.status_code == 200 and by_uuid.json()["id"] == w["id"]
    r = api.get("/webinars/12345678901")
    assert r.status_code == 404
    assert r.json() == {"code": 3001, "message": "Webinar does not exist: 12345678901."}
    r = api.get("/webinars/not-a-webinar!")
    assert r.status_code == 400 and r.json() == {"code": 300, "message": "Invalid webinar ID."}


def test_meeting_ids_are_not_webinars(
    api: httpx.Client, server: ServerProcess, host: dict[str, Any]
) -> None:
    m = api.post(f"/users/{host['id']}/meetings", json={"topic": "A meeting"}).json()
    assert api.get(f"/webinars/{m['id']}").status_code == 404
    w = create(api, server, host["id"])
    assert api.get(f"/meetings/{w['id']}").status_code == 404


# -- list ------------------------------------------------------------------------------------
def test_list_webinars(
    api: httpx.Client, server: ServerProcess, shared: Path, host: dict[str, Any]
) -> None:
    later = create(api, server, host["id"], topic="Later", start_time=in_days(server, 9))
    sooner = create(api, server, host["id"], topic="Sooner", start_time=in_days(server, 2))
    unfixed = create(api, server, host["id"], topic="Anytime", type=6)
    r = api.get(f"/users/{host['id']}/webinars")
    assert r.status_code == 200
    body = r.json()
    assert_matches_spec(shared, SPEC, "GET", "/users/{userId}/webinars", 200, body)
    assert body["total_records"] == 3 and body["page_size"] == 30
    ids = [w["id"] for w in body["webinars"]]
    assert ids.index(sooner["id"]) < ids.index(later["id"])
    assert unfixed["id"] in ids
    item = next(w for w in body["webinars"] if w["id"] == sooner["id"])
    assert set(item) >= {"uuid", "id", "host_id", "topic", "type", "start_time", "duration",
                         "timezone", "created_at", "join_url"}  # fmt: skip
    assert "settings" not in item and "start_url" not in item
    page = api.get(f"/users/{host['id']}/webinars", params={"page_size": 2}).json()
    assert len(page["webinars"]) == 2 and page["next_page_token"]
    rest = api.get(
        f"/users/{host['id']}/webinars",
        params={"page_size": 2, "next_page_token": page["next_page_token"]},
    ).json()
    assert len(rest["webinars"]) == 1 and rest["next_page_token"] == ""
    r = api.get(f"/users/{host['id']}/webinars", params={"type": "nope"})
    assert r.status_code == 400 and r.json()["code"] == 300


def test_list_upcoming_skips_past(
    api: httpx.Client, server: ServerProcess, host: dict[str, Any]
) -> None:
    soon = create(api, server, host["id"], start_time=in_days(server, 1))
    past = create(api, server, host["id"], start_time=in_days(server, 2))
    set_fields(server, past["id"], start_time=in_days(server, -2))
    upcoming = api.get(f"/users/{host['id']}/webinars", params={"type": "upcoming"}).json()
    assert [w["id"] for w in upcoming["webinars"]] == [soon["id"]]
    scheduled = api.get(f"/users/{host['id']}/webinars").json()
    assert {w["id"] for w in scheduled["webinars"]} == {soon["id"], past["id"]}


# -- update ----------------------------------------------------------------------------------
def test_update_webinar(
    api: httpx.Client, server: ServerProcess, shared: Path, host: dict[str, Any]
) -> None:
    w = create(api, server, host["id"])
    new_start = in_days(server, 6)
    r = api.patch(
        f"/webinars/{w['id']}",
        json={"topic": "Renamed", "start_time": new_start, "duration": 30,
              "settings": {"practice_session": True, "approval_type": 1}},
    )  # fmt: skip
    assert r.status_code == 204, r.text
    got = api.get(f"/webinars/{w['id']}").json()
    assert (got["topic"], got["start_time"], got["duration"]) == ("Renamed", new_start, 30)
    assert got["settings"]["practice_session"] is True and "registration_url" in got
    (event,) = events(server, "webinar.updated", w["id"], shared)
    payload = event["payload"]
    assert payload["object"]["topic"] == "Renamed" and payload["old_object"]["topic"] == w["topic"]
    assert payload["object"]["settings"] == {"practice_session": True, "approval_type": 1}
    assert payload["old_object"]["settings"] == {"practice_session": False, "approval_type": 2}
    assert payload["scope"] == "single"


def test_update_type_to_series_and_back(
    api: httpx.Client, server: ServerProcess, host: dict[str, Any]
) -> None:
    w = create(api, server, host["id"])
    r = api.patch(f"/webinars/{w['id']}", json={"type": 9})
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "recurrence"
    rec = {"type": 1, "repeat_interval": 2, "end_times": 4}
    assert api.patch(f"/webinars/{w['id']}", json={"type": 9, "recurrence": rec}).status_code == 204
    got = api.get(f"/webinars/{w['id']}").json()
    assert got["type"] == 9 and len(got["occurrences"]) == 4
    assert got["settings"]["registration_type"] == 1
    assert api.patch(f"/webinars/{w['id']}", json={"type": 5}).status_code == 204
    got = api.get(f"/webinars/{w['id']}").json()
    assert got["type"] == 5 and "occurrences" not in got and "recurrence" not in got


def test_update_one_occurrence(
    api: httpx.Client, server: ServerProcess, shared: Path, host: dict[str, Any]
) -> None:
    w = create(api, server, host["id"], **series(server, 3))
    occ = w["occurrences"][1]
    r = api.patch(
        f"/webinars/{w['id']}",
        params={"occurrence_id": occ["occurrence_id"]},
        json={"duration": 20, "agenda": "Only this one", "settings": {"hd_video": True}},
    )
    assert r.status_code == 204, r.text
    one = api.get(f"/webinars/{w['id']}", params={"occurrence_id": occ["occurrence_id"]}).json()
    assert one["duration"] == 20 and one["agenda"] == "Only this one"
    assert one["settings"]["hd_video"] is True
    whole = api.get(f"/webinars/{w['id']}").json()
    assert whole["duration"] == 45 and whole["settings"]["hd_video"] is False
    (event,) = events(server, "webinar.updated", w["id"], shared)
    assert event["payload"]["scope"] == "single"
    assert event["payload"]["object"]["occurrences"][0]["duration"] == 20
    r = api.patch(f"/webinars/{w['id']}", params={"occurrence_id": "1"}, json={"duration": 5})
    assert r.status_code == 400
    assert r.json() == {"code": 3000, "message": "Webinar occurrence does not exist."}


def test_update_errors(api: httpx.Client, server: ServerProcess, host: dict[str, Any]) -> None:
    w = create(api, server, host["id"])
    r = api.patch(f"/webinars/{w['id']}", content=b"")
    assert r.status_code == 400 and r.json()["code"] == 300
    r = api.patch(f"/webinars/{w['id']}", json={"type": 7})
    assert r.status_code == 400 and r.json()["code"] == 300
    r = api.patch(f"/webinars/{w['id']}", json={"schedule_for": "nobody@example.org"})
    assert r.status_code == 400 and r.json()["code"] == 300
    r = api.patch("/webinars/98765432109", json={"topic": "x"})
    assert r.status_code == 404 and r.json()["code"] == 3001


def test_schedule_for_another_host(
    api: httpx.Client, server: ServerProcess, host: dict[str, Any]
) -> None:
    other = licensed_host(api)
    r = api.post(f"/users/{host['id']}/webinars", json={"schedule_for": other["id"]})
    assert r.status_code == 400
    assert r.json() == {"code": 3000, "message": f"You cannot schedule a meeting for {other['id']}"}
    r = api.post(f"/users/{other['id']}/assistants", json={"assistants": [{"id": host["id"]}]})
    assert r.status_code == 201, r.text
    r = api.post(f"/users/{host['id']}/webinars", json={"schedule_for": other["email"]})
    assert r.status_code == 201, r.text
    assert r.json()["host_id"] == other["id"]
    listed = api.get(f"/users/{other['id']}/webinars").json()
    assert r.json()["id"] in [w["id"] for w in listed["webinars"]]


def test_daily_create_update_limit_is_shared_with_meetings(
    api: httpx.Client, server: ServerProcess, host: dict[str, Any]
) -> None:
    w = create(api, server, host["id"])
    for _ in range(99):
        assert api.patch(f"/webinars/{w['id']}", json={"agenda": "x"}).status_code == 204
    r = api.post(f"/users/{host['id']}/meetings", json={"topic": "one too many"})
    assert r.status_code == 429 and r.json()["code"] == 429


# -- delete ----------------------------------------------------------------------------------
def test_delete_webinar(
    api: httpx.Client, server: ServerProcess, shared: Path, host: dict[str, Any]
) -> None:
    w = create(api, server, host["id"], settings={"approval_type": 0})
    assert api.post(f"/webinars/{w['id']}/panelists",
                    json={"panelists": [{"name": "P", "email": "p@example.org"}]}).status_code == 201  # fmt: skip
    reg = {"email": "r@example.org", "first_name": "R"}
    assert api.post(f"/webinars/{w['id']}/registrants", json=reg).status_code == 201
    assert api.post(f"/webinars/{w['id']}/polls", json=POLL).status_code == 201
    assert children(server, w["id"]) > 0
    r = api.delete(f"/webinars/{w['id']}", params={"cancel_webinar_reminder": "true"})
    assert r.status_code == 204
    # Panelists, registrants and polls go with the webinar.
    assert children(server, w["id"]) == 0
    assert api.get(f"/webinars/{w['id']}").status_code == 404
    assert api.get(f"/webinars/{w['id']}/panelists").status_code == 404
    (event,) = events(server, "webinar.deleted", w["id"], shared)
    assert event["payload"]["operation"] == "single"
    assert event["payload"]["object"]["uuid"] == w["uuid"]
    assert api.delete(f"/webinars/{w['id']}").status_code == 404


def test_delete_one_occurrence(
    api: httpx.Client, server: ServerProcess, shared: Path, host: dict[str, Any]
) -> None:
    w = create(api, server, host["id"], **series(server, 3))
    occ = w["occurrences"][0]
    r = api.delete(f"/webinars/{w['id']}", params={"occurrence_id": occ["occurrence_id"]})
    assert r.status_code == 204
    got = api.get(f"/webinars/{w['id']}").json()
    statuses = {o["occurrence_id"]: o["status"] for o in got["occurrences"]}
    assert statuses[occ["occurrence_id"]] == "deleted"
    assert got["start_time"] == w["occurrences"][1]["start_time"]
    (event,) = events(server, "webinar.deleted", w["id"], shared)
    assert event["payload"]["object"]["occurrences"][0]["occurrence_id"] == occ["occurrence_id"]
    r = api.delete(f"/webinars/{w['id']}", params={"occurrence_id": occ["occurrence_id"]})
    assert r.status_code == 400
    assert r.json() == {"code": 3000, "message": "Webinar occurrence does not exist."}


def test_cannot_delete_live_webinar(
    api: httpx.Client, server: ServerProcess, host: dict[str, Any]
) -> None:
    w = create(api, server, host["id"])
    set_fields(server, w["id"], status="started")
    r = api.delete(f"/webinars/{w['id']}")
    assert r.status_code == 400 and r.json()["code"] == 3002


def test_host_leaving_takes_or_transfers_webinars(api: httpx.Client, server: ServerProcess) -> None:
    leaving, staying, heir = licensed_host(api), licensed_host(api), licensed_host(api)
    gone = create(api, server, leaving["id"])
    kept = create(api, server, staying["id"])
    r = api.delete(f"/users/{leaving['id']}", params={"action": "delete"})
    assert r.status_code == 204, r.text
    assert api.get(f"/webinars/{gone['id']}").status_code == 404
    r = api.delete(
        f"/users/{staying['id']}",
        params={"action": "delete", "transfer_email": heir["email"], "transfer_webinar": "true"},
    )
    assert r.status_code == 204, r.text
    moved = api.get(f"/webinars/{kept['id']}").json()
    assert moved["host_id"] == heir["id"] and moved["host_email"] == heir["email"]
    listed = api.get(f"/users/{heir['id']}/webinars").json()
    assert [w["id"] for w in listed["webinars"]] == [kept["id"]]


# -- status ----------------------------------------------------------------------------------
def test_end_webinar(
    api: httpx.Client, server: ServerProcess, shared: Path, host: dict[str, Any]
) -> None:
    w = create(api, server, host["id"])
    r = api.put(f"/webinars/{w['id']}/status", json={"action": "end"})
    assert r.status_code == 400
    assert r.json() == {"code": 3000, "message": f"Webinar {w['id']} has not started."}
    set_fields(server, w["id"], status="started")
    r = api.put(f"/webinars/{w['id']}/status", json={"action": "end"})
    assert r.status_code == 204, r.text
    (event,) = events(server, "webinar.ended", w["id"], shared)
    assert event["payload"]["object"]["uuid"] == w["uuid"]
    got = api.get(f"/webinars/{w['id']}").json()
    assert got["uuid"] != w["uuid"]
    # The ended instance's UUID still resolves to the webinar.
    from urllib.parse import quote

    old = api.get("/webinars/" + quote(quote(w["uuid"], safe=""), safe=""))
    assert old.status_code == 200 and old.json()["id"] == w["id"]
    r = api.put(f"/webinars/{w['id']}/status", json={"action": "recover"})
    assert r.status_code == 400 and r.json()["code"] == 300
    r = api.put(f"/webinars/{w['id']}/status", json={})
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "action"


# -- templates -------------------------------------------------------------------------------
def test_webinar_templates(
    api: httpx.Client, server: ServerProcess, shared: Path, host: dict[str, Any]
) -> None:
    w = create(api, server, host["id"], **series(server, 2),
               settings={"practice_session": True, "hd_video": True})  # fmt: skip
    r = api.post(
        f"/users/{host['id']}/webinar_templates",
        json={"webinar_id": w["id"], "name": "Weekly", "save_recurrence": True},
    )
    assert r.status_code == 201, r.text
    assert_matches_spec(shared, SPEC, "POST", "/users/{userId}/webinar_templates", 201, r.json())
    template_id = r.json()["id"]
    listed = api.get(f"/users/{host['id']}/webinar_templates")
    assert listed.status_code == 200
    assert_matches_spec(
        shared, SPEC, "GET", "/users/{userId}/webinar_templates", 200, listed.json()
    )
    assert {"id": template_id, "name": "Weekly", "type": 1} in listed.json()["templates"]
    # Meeting templates are a separate list.
    meeting_templates = api.get(f"/users/{host['id']}/meeting_templates").json()["templates"]
    assert template_id not in [t["id"] for t in meeting_templates]
    again = api.post(f"/users/{host['id']}/webinar_templates",
                     json={"webinar_id": w["id"], "name": "Weekly"})  # fmt: skip
    assert again.status_code == 400
    assert again.json() == {
        "code": 3000,
        "message": "Webinar template name already exists: Weekly.",
    }
    missing = api.post(
        f"/users/{host['id']}/webinar_templates", json={"webinar_id": 123, "name": "x"}
    )
    assert missing.status_code == 400
    assert missing.json() == {"code": 3000, "message": "Cannot access meeting info."}
    made = api.post(f"/users/{host['id']}/webinars",
                    json={"template_id": template_id, "start_time": in_days(server, 4)})  # fmt: skip
    assert made.status_code == 201, made.text
    m = made.json()
    assert m["type"] == 9 and m["topic"] == w["topic"] and m["template_id"] == template_id
    assert m["settings"]["practice_session"] is True and m["settings"]["hd_video"] is True
    r = api.post(f"/users/{host['id']}/webinars", json={"template_id": "nope"})
    assert r.status_code == 400 and r.json()["code"] == 300


# -- master account --------------------------------------------------------------------------
def test_master_account_mirror(
    api: httpx.Client, server: ServerProcess, host: dict[str, Any]
) -> None:
    r = api.post(
        f"/accounts/{ACCOUNT_ID}/users/{host['id']}/webinars", json={"topic": "Via master"}
    )
    assert r.status_code == 201, r.text
    wid = r.json()["id"]
    got = api.get(f"/accounts/{ACCOUNT_ID}/webinars/{wid}")
    assert got.status_code == 200 and got.json()["topic"] == "Via master"
    r = api.put(
        f"/accounts/{ACCOUNT_ID}/webinars/{wid}/panelists",
        json={"panelists": [{"name": "Mia", "email": "mia@example.org"}]},
    )
    assert r.status_code == 201, r.text
    listed = api.get(f"/accounts/{ACCOUNT_ID}/webinars/{wid}/panelists").json()
    assert [p["email"] for p in listed["panelists"]] == ["mia@example.org"]
    r = api.get(f"/accounts/someOtherAccount01/webinars/{wid}")
    assert r.status_code == 404 and r.json()["code"] == 2001
