"""Meeting registrants: add, list, get, delete, status actions, questions, batch registration,
per-occurrence registration, events, and a zoomus scenario."""

from __future__ import annotations

import re
import time
import uuid
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from support.meeting_features import (
    create_meeting,
    create_user,
    events,
    in_days,
    server_now,
    weekly_series,
)
from support.schema import assert_matches_spec
from support.server import ACCOUNT_ID, CLIENT_ID, CLIENT_SECRET, ServerProcess

SPEC = "meetings.json"
TK = re.compile(r"[A-Za-z0-9_-]{43}\.[A-Za-z0-9_-]+")


def _email() -> str:
    return f"reg-{uuid.uuid4().hex[:10]}@example.org"


def _person(**extra: Any) -> dict[str, Any]:
    return {"email": _email(), "first_name": "Jill", "last_name": "Chill", **extra}


def _registration(
    api: httpx.Client, server: ServerProcess, approval: int = 0, **kw: Any
) -> dict[str, Any]:
    settings = {"approval_type": approval, **kw.pop("settings", {})}
    return create_meeting(api, server, settings=settings, **kw)


def _add(api: httpx.Client, mid: int, body: dict[str, Any], **params: str) -> httpx.Response:
    return api.post(f"/meetings/{mid}/registrants", json=body, params=params)


# -- add / get / list ------------------------------------------------------------------------
def test_add_registrant_auto_approved(
    api: httpx.Client, server: ServerProcess, shared: Path
) -> None:
    m = _registration(api, server, 0)
    person = _person(
        city="Oslo", custom_questions=[{"title": "Why", "value": "Curious"}], language="de-DE"
    )
    r = _add(api, m["id"], person)
    assert r.status_code == 201, r.text
    body = r.json()
    assert_matches_spec(shared, SPEC, "POST", "/meetings/{meetingId}/registrants", 201, body)
    assert body["id"] == m["id"] and body["topic"] == m["topic"]
    assert body["start_time"] == m["start_time"]
    assert 100000 <= body["participant_pin_code"] <= 999999
    url = urlsplit(body["join_url"])
    assert url.path == f"/w/{m['id']}"
    query = parse_qs(url.query)
    assert TK.fullmatch(query["tk"][0])
    pwd = parse_qs(urlsplit(m["join_url"]).query).get("pwd")
    assert query.get("pwd") == pwd

    got = api.get(f"/meetings/{m['id']}/registrants/{body['registrant_id']}")
    assert got.status_code == 200
    assert_matches_spec(
        shared, SPEC, "GET", "/meetings/{meetingId}/registrants/{registrantId}", 200, got.json()
    )
    reg = got.json()
    assert reg["email"] == person["email"] and reg["city"] == "Oslo" and reg["status"] == "approved"
    assert reg["join_url"] == body["join_url"]
    assert reg["custom_questions"] == [{"title": "Why", "value": "Curious"}]

    listed = api.get(f"/meetings/{m['id']}/registrants")
    assert listed.status_code == 200
    assert_matches_spec(
        shared, SPEC, "GET", "/meetings/{meetingId}/registrants", 200, listed.json()
    )
    assert [x["id"] for x in listed.json()["registrants"]] == [body["registrant_id"]]
    assert listed.json()["total_records"] == 1

    (created,) = events(server, "meeting.registration_created", m["id"], shared)
    obj = created["payload"]["object"]
    assert obj["id"] == m["id"] and obj["uuid"] == m["uuid"] and obj["host_id"] == m["host_id"]
    assert obj["registrant"]["id"] == body["registrant_id"]
    assert obj["registrant"]["status"] == "approved"
    assert obj["registrant"]["join_url"] == body["join_url"]


def test_manual_approval_flow(api: httpx.Client, server: ServerProcess, shared: Path) -> None:
    m = _registration(api, server, 1)
    r = _add(api, m["id"], _person())
    assert r.status_code == 201
    body = r.json()
    assert "join_url" not in body
    rid = body["registrant_id"]
    assert api.get(f"/meetings/{m['id']}/registrants").json()["registrants"] == []
    pending = api.get(f"/meetings/{m['id']}/registrants", params={"status": "pending"}).json()
    assert [x["id"] for x in pending["registrants"]] == [rid]
    assert "join_url" not in pending["registrants"][0]
    assert (
        events(server, "meeting.registration_created", m["id"], shared)[0]["payload"]["object"][
            "registrant"
        ]["status"]
        == "pending"
    )

    r = api.put(
        f"/meetings/{m['id']}/registrants/status",
        json={"action": "approve", "registrants": [{"id": rid}]},
    )
    assert r.status_code == 204 and r.content == b""
    got = api.get(f"/meetings/{m['id']}/registrants/{rid}").json()
    assert got["status"] == "approved" and "/w/" in got["join_url"]
    assert_matches_spec(
        shared, SPEC, "GET", "/meetings/{meetingId}/registrants/{registrantId}", 200, got
    )
    (approved,) = events(server, "meeting.registration_approved", m["id"], shared)
    assert approved["payload"]["object"]["registrant"]["join_url"] == got["join_url"]
    assert approved["payload"]["operator_id"]

    # Approving again changes nothing and sends nothing.
    api.put(
        f"/meetings/{m['id']}/registrants/status",
        json={"action": "approve", "registrants": [{"id": rid}]},
    )
    assert len(events(server, "meeting.registration_approved", m["id"], shared)) == 1


def test_auto_approve_overrides_manual_approval(api: httpx.Client, server: ServerProcess) -> None:
    m = _registration(api, server, 1)
    body = _add(api, m["id"], _person(auto_approve=True)).json()
    assert "join_url" in body
    assert (
        api.get(f"/meetings/{m['id']}/registrants/{body['registrant_id']}").json()["status"]
        == "approved"
    )


def test_deny_and_cancel(api: httpx.Client, server: ServerProcess, shared: Path) -> None:
    m = _registration(api, server, 1)
    a = _add(api, m["id"], _person()).json()["registrant_id"]
    b_email = _email()
    b = _add(api, m["id"], {"email": b_email, "first_name": "B"}).json()["registrant_id"]
    status = f"/meetings/{m['id']}/registrants/status"
    assert api.put(status, json={"action": "deny", "registrants": [{"id": a}]}).status_code == 204
    # Registrants may be named by email too.
    assert (
        api.put(
            status, json={"action": "approve", "registrants": [{"email": b_email.upper()}]}
        ).status_code
        == 204
    )
    assert (
        api.put(
            status, json={"action": "cancel", "registrants": [{"id": b}, {"id": "unknown"}]}
        ).status_code
        == 204
    )
    denied = api.get(f"/meetings/{m['id']}/registrants", params={"status": "denied"}).json()
    assert sorted(x["id"] for x in denied["registrants"]) == sorted([a, b])
    assert [
        e["payload"]["object"]["registrant"]["id"]
        for e in events(server, "meeting.registration_denied", m["id"], shared)
    ] == [a]
    (cancelled,) = events(server, "meeting.registration_cancelled", m["id"], shared)
    assert cancelled["payload"]["object"]["registrant"]["email"] == b_email


def test_same_email_returns_the_existing_registration(
    api: httpx.Client, server: ServerProcess, shared: Path
) -> None:
    m = _registration(api, server, 0)
    person = _person()
    first = _add(api, m["id"], person).json()
    again = _add(api, m["id"], {**person, "email": person["email"].upper(), "first_name": "Other"})
    assert again.status_code == 201
    assert again.json()["registrant_id"] == first["registrant_id"]
    assert again.json()["join_url"] == first["join_url"]
    assert len(events(server, "meeting.registration_created", m["id"], shared)) == 1


def test_list_paging_and_status_filter(
    api: httpx.Client, server: ServerProcess, shared: Path
) -> None:
    m = _registration(api, server, 0)
    ids = [_add(api, m["id"], _person()).json()["registrant_id"] for _ in range(5)]
    page = api.get(f"/meetings/{m['id']}/registrants", params={"page_size": 2}).json()
    assert page["page_size"] == 2 and page["total_records"] == 5 and page["page_count"] == 3
    seen = [x["id"] for x in page["registrants"]]
    while page["next_page_token"]:
        page = api.get(
            f"/meetings/{m['id']}/registrants",
            params={"page_size": 2, "next_page_token": page["next_page_token"]},
        ).json()
        assert_matches_spec(shared, SPEC, "GET", "/meetings/{meetingId}/registrants", 200, page)
        seen += [x["id"] for x in page["registrants"]]
    assert seen == ids
    bad = api.get(f"/meetings/{m['id']}/registrants", params={"status": "waiting"})
    assert bad.status_code == 400 and bad.json()["code"] == 300


# -- errors ----------------------------------------------------------------------------------
def test_registration_not_enabled(api: httpx.Client, server: ServerProcess) -> None:
    m = create_meeting(api, server)
    message = f"Registration has not been enabled for this meeting: {m['id']}."
    for r in (
        _add(api, m["id"], _person()),
        api.get(f"/meetings/{m['id']}/registrants"),
        api.post(f"/meetings/{m['id']}/batch_registrants", json={"registrants": [_person()]}),
        api.put(
            f"/meetings/{m['id']}/registrants/status", json={"action": "approve", "registrants": []}
        ),
    ):
        assert r.status_code == 404, r.text
        assert r.json() == {"code": 404, "message": message}
    r = api.delete(f"/meetings/{m['id']}/registrants/abc")
    assert r.status_code == 400 and r.json() == {"code": 300, "message": message}


def test_unknown_meeting(api: httpx.Client) -> None:
    r = api.post("/meetings/99999999999/registrants", json=_person())
    assert r.status_code == 404 and r.json()["code"] == 3001


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"first_name": "No email"}, "email"),
        ({"email": "x@example.org"}, "first_name"),
        ({"email": "not-an-email", "first_name": "A"}, "email"),
        ({"email": "a" * 120 + "@example.org", "first_name": "A"}, "email"),
        ({"email": "x@example.org", "first_name": "A" * 65}, "first_name"),
        ({"email": "x@example.org", "first_name": "A", "language": "xx-XX"}, "language"),
    ],
)
def test_add_validation(
    api: httpx.Client, server: ServerProcess, body: dict[str, Any], field: str
) -> None:
    m = _registration(api, server, 0)
    r = _add(api, m["id"], body)
    assert r.status_code == 400
    assert r.json()["code"] == 300
    assert field in [e["field"] for e in r.json()["errors"]]


@pytest.fixture(scope="module")
def own() -> Iterator[ServerProcess]:
    """A server of this module's own: these tests move its clock."""
    proc = ServerProcess.for_current_store().start()
    yield proc
    proc.stop()


def test_meeting_over(own: ServerProcess) -> None:
    over = {
        "code": 3038,
        "message": "Meeting is over, you can not register now. If you have any questions, please contact the Meeting host.",
    }

    def travel(control: httpx.Client, **delta: int) -> httpx.Client:
        """Move the clock; tokens expire on it, so a fresh client follows."""
        assert control.post("/clock", json=delta).status_code == 200
        # Requests re-read the stored clock at most every 0.5 s; on PostgreSQL a background
        # reader may briefly hold the previous value in memory until then.
        time.sleep(0.6)
        return own.api()

    with own.api() as api, own.control() as control:
        m = _registration(api, own, 0, start_time=in_days(own, 1), duration=30)
        closing = _registration(
            api,
            own,
            0,
            start_time=in_days(own, 1),
            duration=600,
            settings={"close_registration": True},
        )
        series = _registration(
            api,
            own,
            0,
            settings={"registration_type": 3},
            **weekly_series(own, times=2, days=1),
        )
        r = _add(api, closing["id"], _person())
        assert r.status_code == 201, r.text
        with travel(control, advance_minutes=24 * 60 + 10) as api:
            # Started but not over: open unless registration closes at the start.
            r = _add(api, m["id"], _person())
            assert r.status_code == 201, r.text
            r = _add(api, closing["id"], _person())
            assert r.status_code == 400 and r.json() == over, r.text
        with travel(control, advance_hours=1) as api:
            r = _add(api, m["id"], _person())
            assert r.status_code == 400 and r.json() == over, r.text
            r = api.post(
                f"/meetings/{m['id']}/batch_registrants", json={"registrants": [_person()]}
            )
            assert r.status_code == 400 and r.json()["code"] == 3038, r.text
            # The first occurrence has passed: choosing it is refused, the next one is still open.
            occs = [o["occurrence_id"] for o in series["occurrences"]]
            r = _add(api, series["id"], _person(), occurrence_ids=occs[0])
            assert r.status_code == 400 and r.json() == over, r.text
            body = _add(api, series["id"], _person()).json()
            assert [o["occurrence_id"] for o in body["occurrences"]] == occs[1:], body
        with travel(control, advance_days=8) as api:
            r = _add(api, series["id"], _person())
            assert r.status_code == 400 and r.json() == over, r.text


def test_registration_needs_a_licensed_host(api: httpx.Client, server: ServerProcess) -> None:
    host = create_user(api)
    m = _registration(api, server, 0, host=host["id"])
    assert _add(api, m["id"], _person()).status_code == 201
    assert api.patch(f"/users/{host['id']}", json={"type": 1}).status_code == 204
    r = _add(api, m["id"], _person())
    assert r.status_code == 400
    assert r.json() == {"code": 200, "message": f"Only available for paid users: {host['id']}."}
    # A basic host cannot turn registration on in the first place.
    basic = create_user(api, user_type=1)
    m2 = _registration(api, server, 0, host=basic["id"])
    assert _add(api, m2["id"], _person()).status_code == 404


def test_host_cannot_register(api: httpx.Client, server: ServerProcess) -> None:
    m = _registration(api, server, 0)
    me = api.get("/users/me").json()
    r = _add(api, m["id"], {"email": me["email"], "first_name": "Me"})
    assert r.status_code == 400 and r.json()["code"] == 3027


def test_get_and_delete(api: httpx.Client, server: ServerProcess) -> None:
    m = _registration(api, server, 0)
    rid = _add(api, m["id"], _person()).json()["registrant_id"]
    r = api.delete(f"/meetings/{m['id']}/registrants/{rid}")
    assert r.status_code == 204 and r.content == b""
    r = api.get(f"/meetings/{m['id']}/registrants/{rid}")
    assert r.status_code == 400 and r.json() == {
        "code": 3079,
        "message": f"This registrant does not exist: {rid}.",
    }
    r = api.delete(f"/meetings/{m['id']}/registrants/{rid}")
    assert r.status_code == 400 and r.json()["code"] == 300
    # A registrant of another meeting is not found through this one.
    other = _registration(api, server, 0)
    foreign = _add(api, other["id"], _person()).json()["registrant_id"]
    assert api.get(f"/meetings/{m['id']}/registrants/{foreign}").status_code == 400


def test_status_limits(api: httpx.Client, server: ServerProcess) -> None:
    m = _registration(api, server, 1)
    url = f"/meetings/{m['id']}/registrants/status"
    many = [{"id": f"r{i}"} for i in range(31)]
    r = api.put(url, json={"action": "approve", "registrants": many})
    assert r.status_code == 400 and r.json()["code"] == 300
    assert api.put(url, json={"action": "approve", "registrants": many[:30]}).status_code == 204
    r = api.put(url, json={"action": "promote", "registrants": []})
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "action"
    r = api.put(url, json={"registrants": []})
    assert r.status_code == 400 and r.json()["code"] == 300


# -- questions -------------------------------------------------------------------------------
def test_registration_questions(api: httpx.Client, server: ServerProcess, shared: Path) -> None:
    m = _registration(api, server, 0)
    url = f"/meetings/{m['id']}/registrants/questions"
    r = api.get(url)
    assert r.status_code == 200 and r.json() == {"questions": [], "custom_questions": []}
    assert_matches_spec(
        shared, SPEC, "GET", "/meetings/{meetingId}/registrants/questions", 200, r.json()
    )
    form = {
        "questions": [
            {"field_name": "org", "required": False},
            {"field_name": "city", "required": True},
        ],
        "custom_questions": [
            {"title": "Role", "type": "single", "required": True, "answers": ["Dev", "PM"]},
            {"title": "Why", "type": "short", "required": False},
        ],
    }
    r = api.patch(url, json=form)
    assert r.status_code == 204 and r.content == b""
    got = api.get(url).json()
    assert_matches_spec(
        shared, SPEC, "GET", "/meetings/{meetingId}/registrants/questions", 200, got
    )
    assert got["questions"] == [
        {"field_name": "city", "required": True},
        {"field_name": "org", "required": False},
    ]
    assert got["custom_questions"][0] == {
        "title": "Role",
        "type": "single",
        "required": True,
        "answers": ["Dev", "PM"],
    }
    # Only what is sent is replaced.
    assert api.patch(url, json={"questions": []}).status_code == 204
    assert api.get(url).json()["custom_questions"] == got["custom_questions"]

    missing = _add(api, m["id"], _person())
    assert missing.status_code == 400 and missing.json()["code"] == 300
    wrong = _add(api, m["id"], _person(custom_questions=[{"title": "Role", "value": "CEO"}]))
    assert wrong.status_code == 400
    ok = _add(api, m["id"], _person(custom_questions=[{"title": "Role", "value": "PM"}]))
    assert ok.status_code == 201


@pytest.mark.parametrize(
    "form",
    [
        {"custom_questions": [{"title": "Q", "type": "short", "answers": ["a"]}]},
        {"custom_questions": [{"title": "Q", "type": "single"}]},
        {"custom_questions": [{"title": "Q", "type": "multiple", "answers": ["a", "b"]}]},
        {"custom_questions": [{"type": "short"}]},
        {"questions": [{"field_name": "favourite_colour", "required": True}]},
    ],
)
def test_registration_questions_rules(
    api: httpx.Client, server: ServerProcess, form: dict[str, Any]
) -> None:
    m = _registration(api, server, 0)
    r = api.patch(f"/meetings/{m['id']}/registrants/questions", json=form)
    assert r.status_code == 400 and r.json()["code"] == 300


# -- batch -----------------------------------------------------------------------------------
def test_batch_registrants(api: httpx.Client, server: ServerProcess, shared: Path) -> None:
    m = _registration(api, server, 1)
    people = [{"email": _email(), "first_name": f"P{i}"} for i in range(3)]
    r = api.post(
        f"/meetings/{m['id']}/batch_registrants", json={"auto_approve": True, "registrants": people}
    )
    assert r.status_code == 200, r.text
    body = r.json()
    assert_matches_spec(shared, SPEC, "POST", "/meetings/{meetingId}/batch_registrants", 201, body)
    assert [x["email"] for x in body["registrants"]] == [p["email"] for p in people]
    assert all(
        TK.fullmatch(parse_qs(urlsplit(x["join_url"]).query)["tk"][0]) for x in body["registrants"]
    )
    assert len(events(server, "meeting.registration_created", m["id"], shared)) == 3

    pending = api.post(
        f"/meetings/{m['id']}/batch_registrants",
        json={"registrants": [{"email": _email(), "first_name": "Q"}]},
    )
    assert "join_url" not in pending.json()["registrants"][0]


def test_batch_limits_and_types(api: httpx.Client, server: ServerProcess) -> None:
    m = _registration(api, server, 0)
    url = f"/meetings/{m['id']}/batch_registrants"
    too_many = [{"email": _email(), "first_name": "X"} for _ in range(31)]
    r = api.post(url, json={"registrants": too_many})
    assert r.status_code == 400 and r.json()["code"] == 300
    assert api.post(url, json={"registrants": too_many[:30]}).status_code == 200
    r = api.post(url, json={"registrants": [{"first_name": "no email"}]})
    assert r.status_code == 400 and r.json()["code"] == 300

    series = _registration(api, server, 0, **weekly_series(server))
    r = api.post(f"/meetings/{series['id']}/batch_registrants", json={"registrants": [_person()]})
    assert r.status_code == 400
    assert r.json() == {
        "code": 303,
        "message": "This API can only be used for scheduled meeting(meeting type: 2). Batch registration is not supported for other meeting types.",
    }


@pytest.mark.slow
def test_capacity_is_4999(api: httpx.Client, server: ServerProcess) -> None:
    m = _registration(api, server, 0)
    url = f"/meetings/{m['id']}/batch_registrants"
    added = 0
    while added < 4999:
        n = min(30, 4999 - added)
        batch = [
            {"email": f"cap{added + i}-{m['id']}@example.org", "first_name": "C"} for i in range(n)
        ]
        assert api.post(url, json={"registrants": batch}).status_code == 200
        added += n
    r = _add(api, m["id"], _person())
    assert r.status_code == 400
    assert r.json() == {"code": 3043, "message": "Meeting has reached maximum attendee capacity."}
    # An already registered person is still answered.
    assert (
        _add(api, m["id"], {"email": f"cap0-{m['id']}@example.org", "first_name": "C"}).status_code
        == 201
    )


# -- occurrences -----------------------------------------------------------------------------
def _series(
    api: httpx.Client, server: ServerProcess, registration_type: int, approval: int = 0
) -> dict[str, Any]:
    return _registration(
        api,
        server,
        approval,
        settings={"registration_type": registration_type},
        **weekly_series(server),
    )


def _occurrence_ids(m: dict[str, Any]) -> list[str]:
    return [o["occurrence_id"] for o in m["occurrences"]]


def test_register_once_for_all_occurrences(
    api: httpx.Client, server: ServerProcess, shared: Path
) -> None:
    m = _series(api, server, 1)
    body = _add(api, m["id"], _person()).json()
    assert_matches_spec(shared, SPEC, "POST", "/meetings/{meetingId}/registrants", 201, body)
    assert [o["occurrence_id"] for o in body["occurrences"]] == _occurrence_ids(m)
    for occ in _occurrence_ids(m):
        listed = api.get(f"/meetings/{m['id']}/registrants", params={"occurrence_id": occ}).json()
        assert [x["id"] for x in listed["registrants"]] == [body["registrant_id"]]


def test_register_per_occurrence(api: httpx.Client, server: ServerProcess, shared: Path) -> None:
    m = _series(api, server, 2, approval=1)
    occs = _occurrence_ids(m)
    # Without occurrence_ids, type 2 registers for the next occurrence only.
    first = _add(api, m["id"], _person()).json()
    assert [o["occurrence_id"] for o in first["occurrences"]] == occs[:1]
    assert first["start_time"] == m["occurrences"][0]["start_time"]
    chosen = _add(api, m["id"], _person(), occurrence_ids=f"{occs[1]},{occs[2]}").json()
    assert [o["occurrence_id"] for o in chosen["occurrences"]] == occs[1:3]
    rid = chosen["registrant_id"]

    def pending(occ: str) -> list[str]:
        r = api.get(
            f"/meetings/{m['id']}/registrants", params={"occurrence_id": occ, "status": "pending"}
        )
        return [x["id"] for x in r.json()["registrants"]]

    assert pending(occs[0]) == [first["registrant_id"]]
    assert pending(occs[1]) == [rid] and pending(occs[2]) == [rid] and pending(occs[3]) == []
    r = api.put(
        f"/meetings/{m['id']}/registrants/status",
        params={"occurrence_id": occs[1]},
        json={"action": "approve", "registrants": [{"id": rid}]},
    )
    assert r.status_code == 204
    assert pending(occs[1]) == [] and pending(occs[2]) == [rid]
    approved = api.get(f"/meetings/{m['id']}/registrants", params={"occurrence_id": occs[1]}).json()
    assert [x["id"] for x in approved["registrants"]] == [rid]
    (event,) = events(server, "meeting.registration_approved", m["id"], shared)
    assert [o["occurrence_id"] for o in event["payload"]["object"]["occurrences"]] == [occs[1]]

    # Registering again adds occurrences to the same registration.
    again = _add(
        api,
        m["id"],
        {
            "email": api.get(f"/meetings/{m['id']}/registrants/{rid}").json()["email"],
            "first_name": "J",
        },
        occurrence_ids=occs[3],
    )
    assert again.json()["registrant_id"] == rid
    assert pending(occs[3]) == [rid]

    # Deleting one occurrence keeps the others.
    assert (
        api.delete(
            f"/meetings/{m['id']}/registrants/{rid}", params={"occurrence_id": occs[2]}
        ).status_code
        == 204
    )
    assert pending(occs[2]) == [] and pending(occs[3]) == [rid]

    bad = _add(api, m["id"], _person(), occurrence_ids="123")
    assert bad.status_code == 400 and bad.json() == {
        "code": 300,
        "message": "Invalid parameter: occurrence_ids.",
    }


def test_register_choosing_occurrences(
    api: httpx.Client, server: ServerProcess, shared: Path
) -> None:
    m = _series(api, server, 3)
    occs = _occurrence_ids(m)
    every = _add(api, m["id"], _person()).json()
    assert [o["occurrence_id"] for o in every["occurrences"]] == occs
    some = _add(api, m["id"], _person(), occurrence_ids=occs[2]).json()
    assert [o["occurrence_id"] for o in some["occurrences"]] == [occs[2]]
    listed = api.get(f"/meetings/{m['id']}/registrants", params={"occurrence_id": occs[0]}).json()
    assert [x["id"] for x in listed["registrants"]] == [every["registrant_id"]]
    created = events(server, "meeting.registration_created", m["id"], shared)
    assert [o["occurrence_id"] for o in created[1]["payload"]["object"]["occurrences"]] == [occs[2]]


# -- master account and clients --------------------------------------------------------------
def test_master_account_form(api: httpx.Client, server: ServerProcess) -> None:
    m = _registration(api, server, 0)
    r = api.post(f"/accounts/{ACCOUNT_ID}/meetings/{m['id']}/registrants", json=_person())
    assert r.status_code == 201
    listed = api.get(f"/accounts/{ACCOUNT_ID}/meetings/{m['id']}/registrants").json()
    assert [x["id"] for x in listed["registrants"]] == [r.json()["registrant_id"]]


def test_zoomus_registrants(server: ServerProcess) -> None:
    from zoomus import ZoomClient

    client = ZoomClient(
        CLIENT_ID,
        CLIENT_SECRET,
        ACCOUNT_ID,
        base_uri=server.base_url + "/v2",
        oauth_uri=server.base_url + "/oauth/token",
    )
    created = client.meeting.create(
        user_id="me",
        topic="zoomus registration",
        type=2,
        start_time=server_now(server) + timedelta(days=5),
        duration=30,
        settings={"approval_type": 1},
    )
    assert created.status_code == 201, created.text
    mid = created.json()["id"]
    email = _email()
    added = client.meeting.add_registrant(id=mid, email=email, first_name="Zoe", last_name="Us")
    assert added.status_code == 201, added.text
    rid = added.json()["registrant_id"]
    pending = client.meeting.list_registrants(id=mid, status="pending")
    assert [x["email"] for x in pending.json()["registrants"]] == [email]
    updated = client.meeting.update_registrant_status(
        id=mid, action="approve", registrants=[{"id": rid, "email": email}]
    )
    assert updated.status_code == 204
    approved = client.meeting.list_registrants(id=mid)
    assert approved.json()["registrants"][0]["join_url"].startswith(
        server.base_url + f"/w/{mid}?tk="
    )
