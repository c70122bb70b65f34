"""Webinar registration: add/get/list/delete, status actions, questions (webinar custom
types), batch registration, per-occurrence registration, the registrant cap, tracking sources,
and the webinar.registration_* events — the generic registrant services over a webinar."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from support.schema import assert_matches_spec
from support.server import ServerProcess
from support.webinars import (
    SPEC,
    add_tracking_source,
    create,
    email,
    events,
    licensed_host,
    record_visit,
    series,
)

TK = re.compile(r"[A-Za-z0-9_-]{43}\.[A-Za-z0-9_-]+")


@pytest.fixture()
def host(api: httpx.Client) -> dict[str, Any]:
    return licensed_host(api)


def _person(**extra: Any) -> dict[str, Any]:
    return {"email": email(), "first_name": "Jill", "last_name": "Chill", **extra}


def _webinar(
    api: httpx.Client, server: ServerProcess, host: dict[str, Any], approval: int = 0, **kw: Any
) -> dict[str, Any]:
    settings = {"approval_type": approval, **kw.pop("settings", {})}
    return create(api, server, host["id"], settings=settings, **kw)


def _add(api: httpx.Client, wid: int, body: dict[str, Any], **params: str) -> httpx.Response:
    return api.post(f"/webinars/{wid}/registrants", json=body, params=params)


# -- add / get / list ------------------------------------------------------------------------
def test_add_registrant_auto_approved(
    api: httpx.Client, server: ServerProcess, shared: Path, host: dict[str, Any]
) -> None:
    w = _webinar(api, server, host)
    person = _person(
        org="Acme", language="de-DE", custom_questions=[{"title": "Why", "value": "x"}]
    )
    r = _add(api, w["id"], person)
    assert r.status_code == 201, r.text
    body = r.json()
    assert_matches_spec(shared, SPEC, "POST", "/webinars/{webinarId}/registrants", 201, body)
    assert body["id"] == w["id"] and body["topic"] == w["topic"]
    assert body["start_time"] == w["start_time"]
    url = urlsplit(body["join_url"])
    assert url.path == f"/w/{w['id']}"
    query = parse_qs(url.query)
    assert TK.fullmatch(query["tk"][0]) and query["pwd"] == [w["encrypted_passcode"]]

    got = api.get(f"/webinars/{w['id']}/registrants/{body['registrant_id']}")
    assert got.status_code == 200
    assert_matches_spec(
        shared, SPEC, "GET", "/webinars/{webinarId}/registrants/{registrantId}", 200, got.json()
    )
    assert got.json()["org"] == "Acme" and got.json()["status"] == "approved"
    listed = api.get(f"/webinars/{w['id']}/registrants")
    assert listed.status_code == 200
    assert_matches_spec(
        shared, SPEC, "GET", "/webinars/{webinarId}/registrants", 200, listed.json()
    )
    assert [x["id"] for x in listed.json()["registrants"]] == [body["registrant_id"]]

    (event,) = events(server, "webinar.registration_created", w["id"], shared)
    reg = event["payload"]["object"]["registrant"]
    assert reg["email"] == person["email"] and reg["status"] == "approved"
    assert reg["join_url"] == body["join_url"]


def test_manual_approval_and_status_actions(
    api: httpx.Client, server: ServerProcess, shared: Path, host: dict[str, Any]
) -> None:
    w = _webinar(api, server, host, approval=1)
    a, b = _person(), _person()
    ra = _add(api, w["id"], a).json()
    rb = _add(api, w["id"], b).json()
    assert "join_url" not in ra
    pending = api.get(f"/webinars/{w['id']}/registrants", params={"status": "pending"}).json()
    assert {x["email"] for x in pending["registrants"]} == {a["email"], b["email"]}
    assert all("join_url" not in x for x in pending["registrants"])
    assert api.get(f"/webinars/{w['id']}/registrants").json()["total_records"] == 0

    r = api.put(f"/webinars/{w['id']}/registrants/status",
                json={"action": "approve", "registrants": [{"id": ra["registrant_id"]}]})  # fmt: skip
    assert r.status_code == 204, r.text
    r = api.put(f"/webinars/{w['id']}/registrants/status",
                json={"action": "deny", "registrants": [{"email": b["email"]}]})  # fmt: skip
    assert r.status_code == 204
    approved = api.get(f"/webinars/{w['id']}/registrants").json()["registrants"]
    assert [x["id"] for x in approved] == [ra["registrant_id"]] and approved[0]["join_url"]
    denied = api.get(f"/webinars/{w['id']}/registrants", params={"status": "denied"}).json()
    assert [x["id"] for x in denied["registrants"]] == [rb["registrant_id"]]

    r = api.put(f"/webinars/{w['id']}/registrants/status",
                json={"action": "cancel", "registrants": [{"id": ra["registrant_id"]}]})  # fmt: skip
    assert r.status_code == 204
    assert api.get(f"/webinars/{w['id']}/registrants").json()["total_records"] == 0
    for name in ("approved", "denied", "cancelled"):
        (event,) = events(server, f"webinar.registration_{name}", w["id"], shared)
        assert event["payload"]["object"]["registrant"]["id"] in (
            ra["registrant_id"], rb["registrant_id"])  # fmt: skip

    too_many = [{"id": str(i)} for i in range(31)]
    r = api.put(f"/webinars/{w['id']}/registrants/status",
                json={"action": "approve", "registrants": too_many})  # fmt: skip
    assert r.status_code == 400 and r.json()["code"] == 300
    r = api.put(f"/webinars/{w['id']}/registrants/status", json={"action": "maybe"})
    assert r.status_code == 400 and r.json()["code"] == 300


def test_auto_approve_flag(api: httpx.Client, server: ServerProcess, host: dict[str, Any]) -> None:
    w = _webinar(api, server, host, approval=1)
    r = _add(api, w["id"], _person(auto_approve=True))
    assert r.status_code == 201 and "join_url" in r.json()


def test_list_paging(api: httpx.Client, server: ServerProcess, host: dict[str, Any]) -> None:
    w = _webinar(api, server, host)
    for _ in range(5):
        assert _add(api, w["id"], _person()).status_code == 201
    first = api.get(f"/webinars/{w['id']}/registrants", params={"page_size": 2}).json()
    assert first["total_records"] == 5 and len(first["registrants"]) == 2
    token = first["next_page_token"]
    seen = [x["id"] for x in first["registrants"]]
    while token:
        page = api.get(f"/webinars/{w['id']}/registrants",
                       params={"page_size": 2, "next_page_token": token}).json()  # fmt: skip
        seen += [x["id"] for x in page["registrants"]]
        token = page["next_page_token"]
    assert len(set(seen)) == 5
    bad = api.get(f"/webinars/{w['id']}/registrants", params={"next_page_token": "junk"})
    assert bad.status_code == 400 and bad.json()["code"] == 300


def test_delete_registrant(api: httpx.Client, server: ServerProcess, host: dict[str, Any]) -> None:
    w = _webinar(api, server, host)
    rid = _add(api, w["id"], _person()).json()["registrant_id"]
    assert api.delete(f"/webinars/{w['id']}/registrants/{rid}").status_code == 204
    r = api.get(f"/webinars/{w['id']}/registrants/{rid}")
    assert r.status_code == 400
    assert r.json() == {"code": 3079, "message": f"This registrant does not exist: {rid}."}
    r = api.delete(f"/webinars/{w['id']}/registrants/{rid}")
    assert r.status_code == 400
    assert r.json() == {"code": 3000, "message": f"Registrant {rid} was not found."}


def test_registration_not_enabled(
    api: httpx.Client, server: ServerProcess, host: dict[str, Any]
) -> None:
    w = create(api, server, host["id"])
    r = _add(api, w["id"], _person())
    assert r.status_code == 400
    assert r.json() == {
        "code": 3000,
        "message": f"This webinar does not have registration as required: {w['id']}.",
    }
    enabled_msg = {
        "code": 3000,
        "message": f"Registration has not been enabled for this webinar: {w['id']}.",
    }
    for path in ("registrants", "registrants/questions", "tracking_sources"):
        r = api.get(f"/webinars/{w['id']}/{path}")
        assert r.status_code == 400 and r.json() == enabled_msg, path
    r = api.post(f"/webinars/{w['id']}/batch_registrants", json={"registrants": [_person()]})
    assert r.status_code == 400 and r.json() == enabled_msg


def test_host_and_panelists_cannot_register(
    api: httpx.Client, server: ServerProcess, host: dict[str, Any]
) -> None:
    w = _webinar(api, server, host)
    r = _add(api, w["id"], {"email": host["email"], "first_name": "Me"})
    assert r.status_code == 400 and r.json() == {"code": 3027, "message": "Host cannot register."}
    panelist = email()
    r = api.post(f"/webinars/{w['id']}/panelists",
                 json={"panelists": [{"email": panelist, "name": "Pan"}]})  # fmt: skip
    assert r.status_code == 201
    r = _add(api, w["id"], {"email": panelist, "first_name": "Pan"})
    assert r.status_code == 400 and r.json()["code"] == 3000
    assert "invited as a panelist" in r.json()["message"]


def test_registrant_cap(api: httpx.Client, server: ServerProcess, host: dict[str, Any]) -> None:
    w = _webinar(api, server, host, approval=1, settings={"registrants_restrict_number": 2})
    first = _add(api, w["id"], _person()).json()
    assert _add(api, w["id"], _person()).status_code == 201
    r = _add(api, w["id"], _person())
    assert r.status_code == 400 and r.json()["code"] == 3000
    assert r.json()["message"].startswith("You have reached the limit")
    # A denied registrant frees a place; approving them again needs one.
    api.put(f"/webinars/{w['id']}/registrants/status",
            json={"action": "deny", "registrants": [{"id": first["registrant_id"]}]})  # fmt: skip
    assert _add(api, w["id"], _person()).status_code == 201
    r = api.put(f"/webinars/{w['id']}/registrants/status",
                json={"action": "approve", "registrants": [{"id": first["registrant_id"]}]})  # fmt: skip
    assert r.status_code == 400
    assert r.json() == {"code": 3035, "message": "Webinar has reached maximum attendee capacity."}


def test_registration_closes_when_the_webinar_is_over(
    api: httpx.Client, server: ServerProcess, host: dict[str, Any]
) -> None:
    from support.webinars import in_days, set_fields

    w = _webinar(api, server, host)
    set_fields(server, w["id"], start_time=in_days(server, -1))
    r = _add(api, w["id"], _person())
    assert r.status_code == 400 and r.json()["code"] == 3038
    assert r.json()["message"].startswith("Webinar is over")


# -- questions -------------------------------------------------------------------------------
def test_questions(
    api: httpx.Client, server: ServerProcess, shared: Path, host: dict[str, Any]
) -> None:
    w = _webinar(api, server, host)
    r = api.get(f"/webinars/{w['id']}/registrants/questions")
    assert r.status_code == 200 and r.json() == {"questions": [], "custom_questions": []}
    form = {
        "questions": [
            {"field_name": "org", "required": True},
            {"field_name": "city", "required": False},
        ],
        "custom_questions": [
            {"title": "Role", "type": "single_radio", "required": True, "answers": ["Dev", "PM"]},
            {"title": "Size", "type": "single_dropdown", "required": False, "answers": ["S", "L"]},
            {"title": "Topics", "type": "multiple", "required": False, "answers": ["A", "B"]},
            {"title": "Note", "type": "short", "required": False},
        ],
    }
    assert api.patch(f"/webinars/{w['id']}/registrants/questions", json=form).status_code == 204
    got = api.get(f"/webinars/{w['id']}/registrants/questions").json()
    assert_matches_spec(
        shared, SPEC, "GET", "/webinars/{webinarId}/registrants/questions", 200, got
    )
    assert [q["field_name"] for q in got["questions"]] == ["city", "org"]
    assert [q["type"] for q in got["custom_questions"]] == [
        "single_radio", "single_dropdown", "multiple", "short"]  # fmt: skip
    r = _add(api, w["id"], _person())
    assert r.status_code == 400 and r.json()["code"] == 300
    fields = {e["field"] for e in r.json()["errors"]}
    assert fields == {"org", "custom_questions"}
    ok = _add(
        api, w["id"], _person(org="Acme", custom_questions=[{"title": "Role", "value": "Dev"}])
    )
    assert ok.status_code == 201, ok.text
    r = api.patch(f"/webinars/{w['id']}/registrants/questions",
                  json={"custom_questions": [{"title": "X", "type": "single", "answers": ["a"]}]})  # fmt: skip
    assert r.status_code == 400 and r.json()["code"] == 300


# -- batch -----------------------------------------------------------------------------------
def test_batch_registration(
    api: httpx.Client, server: ServerProcess, shared: Path, host: dict[str, Any]
) -> None:
    w = _webinar(api, server, host, approval=1)
    people = [_person() for _ in range(3)]
    r = api.post(f"/webinars/{w['id']}/batch_registrants",
                 json={"auto_approve": True, "registrants": people})  # fmt: skip
    assert r.status_code == 200, r.text
    assert_matches_spec(
        shared, SPEC, "POST", "/webinars/{webinarId}/batch_registrants", 201, r.json()
    )
    out = r.json()["registrants"]
    assert [x["email"] for x in out] == [p["email"] for p in people]
    assert all(x["join_url"] for x in out)
    assert api.get(f"/webinars/{w['id']}/registrants").json()["total_records"] == 3
    r = api.post(f"/webinars/{w['id']}/batch_registrants",
                 json={"registrants": [_person() for _ in range(31)]})  # fmt: skip
    assert r.status_code == 400 and r.json()["code"] == 300


def test_batch_registration_only_for_type_5(
    api: httpx.Client, server: ServerProcess, host: dict[str, Any]
) -> None:
    w = _webinar(api, server, host, **series(server, 2))
    r = api.post(f"/webinars/{w['id']}/batch_registrants", json={"registrants": [_person()]})
    assert r.status_code == 400 and r.json()["code"] == 300
    assert r.json()["message"].startswith("This API can only be used for scheduled webinars")


# -- recurring webinars ----------------------------------------------------------------------
def test_register_once_for_a_series(
    api: httpx.Client, server: ServerProcess, host: dict[str, Any]
) -> None:
    w = _webinar(api, server, host, **series(server, 3))
    r = _add(api, w["id"], _person())
    assert r.status_code == 201
    assert len(r.json()["occurrences"]) == 3


@pytest.mark.parametrize("registration_type", [2, 3])
def test_per_occurrence_registration(
    api: httpx.Client, server: ServerProcess, host: dict[str, Any], registration_type: int
) -> None:
    w = _webinar(api, server, host, settings={"registration_type": registration_type},
                 **series(server, 3))  # fmt: skip
    occ = [o["occurrence_id"] for o in w["occurrences"]]
    auto = _add(api, w["id"], _person()).json()
    expected = occ[:1] if registration_type == 2 else occ
    assert [o["occurrence_id"] for o in auto["occurrences"]] == expected
    chosen = _add(api, w["id"], _person(), occurrence_ids=f"{occ[1]},{occ[2]}").json()
    assert [o["occurrence_id"] for o in chosen["occurrences"]] == occ[1:]
    for_third = api.get(f"/webinars/{w['id']}/registrants", params={"occurrence_id": occ[2]}).json()
    ids = {x["id"] for x in for_third["registrants"]}
    assert chosen["registrant_id"] in ids
    assert (auto["registrant_id"] in ids) is (registration_type == 3)
    r = api.delete(f"/webinars/{w['id']}/registrants/{chosen['registrant_id']}",
                   params={"occurrence_id": occ[2]})  # fmt: skip
    assert r.status_code == 204
    for_third = api.get(f"/webinars/{w['id']}/registrants", params={"occurrence_id": occ[2]}).json()
    assert chosen["registrant_id"] not in {x["id"] for x in for_third["registrants"]}
    r = _add(api, w["id"], _person(), occurrence_ids="123")
    assert r.status_code == 400 and r.json()["code"] == 300


# -- tracking sources ------------------------------------------------------------------------
def test_tracking_sources(
    api: httpx.Client, server: ServerProcess, shared: Path, host: dict[str, Any]
) -> None:
    w = _webinar(api, server, host)
    empty = api.get(f"/webinars/{w['id']}/tracking_sources")
    assert empty.status_code == 200 and empty.json() == {"total_records": 0, "tracking_sources": []}
    newsletter = add_tracking_source(server, w["id"], "Newsletter")
    social = add_tracking_source(server, w["id"], "Social")
    for _ in range(3):
        record_visit(server, w["id"], newsletter)
    a = _add(api, w["id"], _person(source_id=newsletter)).json()
    _add(api, w["id"], _person(source_id=newsletter))
    _add(api, w["id"], _person(source_id="0000"))  # unknown sources are not counted
    r = api.get(f"/webinars/{w['id']}/tracking_sources")
    assert r.status_code == 200
    assert_matches_spec(
        shared, SPEC, "GET", "/webinars/{webinarId}/tracking_sources", 200, r.json()
    )
    by_name = {s["source_name"]: s for s in r.json()["tracking_sources"]}
    assert r.json()["total_records"] == 2
    assert (
        by_name["Newsletter"]["registration_count"],
        by_name["Newsletter"]["visitor_count"],
    ) == (2, 3)
    assert (by_name["Social"]["registration_count"], by_name["Social"]["visitor_count"]) == (0, 0)
    assert by_name["Newsletter"]["id"] == newsletter and social == by_name["Social"]["id"]
    assert newsletter in by_name["Newsletter"]["tracking_url"]
    filtered = api.get(
        f"/webinars/{w['id']}/registrants", params={"tracking_source_id": newsletter}
    )
    assert filtered.json()["total_records"] == 2
    assert a["registrant_id"] in {x["id"] for x in filtered.json()["registrants"]}
    assert api.get(f"/webinars/{w['id']}/registrants").json()["total_records"] == 3
