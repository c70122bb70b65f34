"""Reports on a meeting played through the simulator: details, participants, polls, a user's
meetings, active/inactive hosts and the telephone report — the numbers must add up to what the
scenario did — plus Zoom's errors (not ended, a year ago, date ranges, tokens)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pytest

from support.reports import error, gather, held, window
from support.schema import assert_matches_spec
from support.server import ACCOUNT_ID, ServerProcess
from support.sim import Timeline, create_meeting, new_host, play, step
from support.users import create_user, new_email

SPEC = "meetings.json"
# (name, join minute, leave minute) of every session the scenario opens, host first.
SESSIONS = [
    ("Hana Host", 0, 60),
    ("Ann Lee", 2, 20),
    ("Bob Phone", 3, 60),
    ("Col League", 4, 30),
    ("Cara Diaz", 5, 55),
    ("Ann Lee", 25, 50),
]


@pytest.fixture(scope="module")
def played(server: ServerProcess, token: str) -> dict[str, Any]:
    with server.api(token) as api, server.control() as control:
        host = new_host(api)
        colleague = create_user(api, "custCreate", 1, first_name="Col", last_name="League")
        ann = new_email("ann")
        t = Timeline(server)
        got = held(
            api,
            control,
            {
                "start": t.ago(hours=5),
                "host": {"device": "Mac"},
                "participants": [
                    {"name": "Ann Lee", "email": ann, "join": 2, "leave": 20, "device": "Mac"},
                    {"name": "Bob Phone", "join": 3, "device": "Phone"},
                    {"user_id": colleague["id"], "join": 4, "leave": 30, "device": "Windows"},
                    {"name": "Cara Diaz", "join": 5, "leave": 55, "device": "iOS",
                     "feedback": {"quality": "NOT GOOD", "comments": "audio echo"}},
                    {"name": "Ann Lee", "email": ann, "join": 25, "leave": 50, "device": "Mac"},
                ],
                "steps": [
                    {"at": 10, "action": "poll", "poll": {"title": "Lunch", "questions": [
                        {"name": "Pizza?", "type": "single", "answers": ["Yes", "No"]}]}},
                    {"at": 12, "action": "share", "participant": "Ann Lee", "until": 18},
                ],
                "end": 60,
            },
            host=host,
        )  # fmt: skip
    return {**got, "colleague": colleague, "ann": ann}


def _expected_minutes() -> int:
    # Every session lasted whole minutes: total_minutes is their plain sum.
    return sum(leave - join for _, join, leave in SESSIONS)


def test_meeting_details_add_up(api: httpx.Client, played: dict[str, Any], shared: Path) -> None:
    inst = played["instance"]
    r = api.get(f"/report/meetings/{played['meeting']['id']}")
    assert r.status_code == 200, r.text
    body = r.json()
    assert_matches_spec(shared, SPEC, "GET", "/report/meetings/{meetingId}", 200, body)
    assert body["uuid"] == inst["uuid"] and body["id"] == played["meeting"]["id"]
    assert body["participants_count"] == len(SESSIONS) == inst["participants_count"]
    assert body["duration"] == 60
    assert body["total_minutes"] == _expected_minutes()
    assert (body["start_time"], body["end_time"]) == (inst["start_time"], inst["end_time"])
    assert body["user_email"] == played["host"]["email"]
    # The instance UUID (double-encoded) names the same instance.
    by_uuid = api.get(f"/report/meetings/{quote(quote(inst['uuid'], safe=''), safe='')}")
    assert by_uuid.status_code == 200 and by_uuid.json() == body


def test_participants_are_every_join(
    api: httpx.Client, played: dict[str, Any], shared: Path
) -> None:
    path = f"/report/meetings/{played['meeting']['id']}/participants"
    r = api.get(path, params={"page_size": 2})
    assert r.status_code == 200, r.text
    assert_matches_spec(shared, SPEC, "GET", "/report/meetings/{meetingId}/participants", 200,
                        r.json())  # fmt: skip
    assert r.json()["total_records"] == len(SESSIONS) and r.json()["page_count"] == 3
    items = gather(api, path, "participants")
    assert [(p["name"], p["duration"]) for p in items] == [
        (name, (leave - join) * 60) for name, join, leave in SESSIONS
    ]
    assert len({p["user_id"] for p in items}) == len(SESSIONS)  # a rejoin gets a new user_id
    emails = {p["name"]: p["user_email"] for p in items}
    # Zoom shows emails of the host's account users only (guests registered none here).
    assert emails["Hana Host"] == played["host"]["email"]
    assert emails["Col League"] == played["colleague"]["email"]
    assert emails["Ann Lee"] == ""
    assert all("registrant_id" not in p for p in items)
    with_reg = api.get(path, params={"include_fields": "registrant_id"}).json()
    assert all(p["registrant_id"] == "" for p in with_reg["participants"])


def test_polls_report_every_answer(api: httpx.Client, played: dict[str, Any], shared: Path) -> None:
    r = api.get(f"/report/meetings/{played['meeting']['id']}/polls")
    assert r.status_code == 200, r.text
    body = r.json()
    assert_matches_spec(shared, SPEC, "GET", "/report/meetings/{meetingId}/polls", 200, body)
    # Everyone in the meeting at minute 10 except the host answered, once.
    assert sorted(q["name"] for q in body["questions"]) == [
        "Ann Lee", "Bob Phone", "Cara Diaz", "Col League"]  # fmt: skip
    for q in body["questions"]:
        assert [d["question"] for d in q["question_details"]] == ["Pizza?"]
        assert q["question_details"][0]["answer"] in ("Yes", "No")


def test_user_meeting_report_by_type(
    api: httpx.Client, played: dict[str, Any], shared: Path
) -> None:
    inst, host = played["instance"], played["host"]
    params = window(inst["start_time"], before=1)
    r = api.get(f"/report/users/{host['id']}/meetings", params=params)
    assert r.status_code == 200, r.text
    body = r.json()
    assert_matches_spec(shared, SPEC, "GET", "/report/users/{userId}/meetings", 200, body)
    assert (body["from"], body["to"]) == (params["from"], params["to"])
    row = next(m for m in body["meetings"] if m["uuid"] == inst["uuid"])
    assert row["participants_count"] == len(SESSIONS)
    assert row["total_minutes"] == _expected_minutes() and row["duration"] == 60
    assert row["participants_count_my_account"] == 2  # the host and the colleague
    assert row["has_screen_share"] is True and row["has_chat"] is False
    one = api.get(f"/report/users/{host['id']}/meetings", params={**params, "type": "pastOne"})
    assert inst["uuid"] not in [m["uuid"] for m in one.json()["meetings"]]
    # The colleague hosted nothing but joined: only pastJoined lists it, with their times.
    colleague = played["colleague"]["id"]
    hosted = api.get(f"/report/users/{colleague}/meetings", params=params).json()
    assert hosted["meetings"] == [] and hosted["total_records"] == 0
    joined = api.get(
        f"/report/users/{colleague}/meetings", params={**params, "type": "pastJoined"}
    ).json()
    mine = next(m for m in joined["meetings"] if m["uuid"] == inst["uuid"])
    assert (mine["join_time"][11:16], mine["leave_time"][11:16]) != ("", "")
    assert mine["join_time"] < mine["leave_time"] <= inst["end_time"]


def test_active_and_inactive_hosts(api: httpx.Client, played: dict[str, Any], shared: Path) -> None:
    inst, host = played["instance"], played["host"]
    params = window(inst["start_time"], before=2)
    r = api.get("/report/users", params={**params, "type": "active"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert_matches_spec(shared, SPEC, "GET", "/report/users", 200, body)
    rows = gather(api, "/report/users", "users", {**params, "type": "active"}, size=50)
    assert len(rows) == body["total_records"]
    mine = next(u for u in rows if u["id"] == host["id"])
    assert (mine["meetings"], mine["participants"], mine["meeting_minutes"]) == (
        1, len(SESSIONS), _expected_minutes())  # fmt: skip
    assert mine["email"] == host["email"] and mine["user_name"] == "Hana Host"
    assert body["total_meetings"] == sum(u["meetings"] for u in rows)
    assert body["total_participants"] == sum(u["participants"] for u in rows)
    assert body["total_meeting_minutes"] == sum(u["meeting_minutes"] for u in rows)
    inactive = gather(api, "/report/users", "users", {**params, "type": "inactive"}, size=100)
    ids = {u["id"] for u in inactive}
    assert played["colleague"]["id"] in ids and host["id"] not in ids
    assert all(u["meetings"] == 0 for u in inactive)


def test_telephone_report_lists_the_phone_caller(
    api: httpx.Client, played: dict[str, Any], shared: Path
) -> None:
    inst = played["instance"]
    params = window(inst["start_time"])
    calls = []
    for kind in ("1", "2", "3"):
        r = api.get("/report/telephone", params={**params, "type": kind})
        assert r.status_code == 200, r.text
        assert_matches_spec(shared, SPEC, "GET", "/report/telephone", 200, r.json())
        calls += [c for c in r.json()["telephony_usage"] if c["uuid"] == inst["uuid"]]
    assert len(calls) == 1  # one phone join, under exactly one audio type
    call = calls[0]
    assert call["meeting_id"] == played["meeting"]["id"] and call["duration"] == 57
    assert call["host_email"] == played["host"]["email"] and call["phone_number"]
    assert call["total"] == round(call["rate"] * call["duration"], 2)
    by_meeting = api.get(
        "/report/telephone",
        params={**params, "type": "1" if call["type"] == "toll-free" else "2",
                "query_date_type": "meeting_end_time"},
    ).json()  # fmt: skip
    assert inst["uuid"] in [c["uuid"] for c in by_meeting["telephony_usage"]]


# -- errors ------------------------------------------------------------------------------------
def test_meetings_not_held_or_live_are_not_found(api: httpx.Client, control: httpx.Client) -> None:
    host = new_host(api)
    m = create_meeting(api, host["id"])
    for suffix in ("", "/participants", "/polls"):
        error(api.get(f"/report/meetings/{m['id']}{suffix}"), 404, 3001,
              f"Meeting {m['id']} not found or has expired.")  # fmt: skip
    error(api.get("/report/meetings/99999999999"), 404, 3001)
    step(control, m["id"], "start")
    live_uuid = api.get(f"/meetings/{m['id']}").json()["uuid"]
    step(control, m["id"], "join", name="Guest")
    try:
        error(api.get(f"/report/meetings/{quote(quote(live_uuid, safe=''), safe='')}"), 404,
              3001)  # fmt: skip
    finally:
        step(control, m["id"], "end")
    assert api.get(f"/report/meetings/{m['id']}").status_code == 200


def test_a_report_outlives_its_deleted_meeting(api: httpx.Client, control: httpx.Client) -> None:
    host = new_host(api)
    m = create_meeting(api, host["id"])
    step(control, m["id"], "start")
    step(control, m["id"], "join", name="Guest")
    step(control, m["id"], "end")
    before = api.get(f"/report/meetings/{m['id']}")
    assert before.status_code == 200, before.text
    assert api.delete(f"/meetings/{m['id']}").status_code == 204
    error(api.get(f"/meetings/{m['id']}"), 404, 3001)
    after = api.get(f"/report/meetings/{m['id']}")
    assert after.status_code == 200, after.text
    assert after.json() == before.json()
    by_uuid = quote(quote(before.json()["uuid"], safe=""), safe="")
    assert api.get(f"/report/meetings/{by_uuid}/participants").status_code == 200


def test_meetings_over_a_year_ago(
    api: httpx.Client, control: httpx.Client, server: ServerProcess
) -> None:
    t = Timeline(server)
    got = held(api, control, {"start": t.ago(hours=24 * 400), "crowd": {"count": 2},
                              "end": 30})  # fmt: skip
    number = got["meeting"]["id"]
    for suffix in ("", "/participants", "/polls"):
        error(api.get(f"/report/meetings/{number}{suffix}"), 400, 12702,
              "Can not access meeting a year ago.")  # fmt: skip


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"to": "2026-01-10"}, "Validation Failed."),
        ({"from": "2026-01-01"}, "Validation Failed."),
        ({"from": "01/02/2026", "to": "2026-01-10"}, "Validation Failed."),
        ({"from": "2026-02-30", "to": "2026-03-10"}, "Validation Failed."),
    ],
)
def test_report_dates_are_required_and_well_formed(
    api: httpx.Client, params: dict[str, str], message: str
) -> None:
    for path in ("/report/users", "/report/telephone", "/report/operationlogs"):
        r = api.get(path, params=params)
        error(r, 400, 300, message)
        assert r.json()["errors"][0]["field"] in ("from", "to")


def test_report_date_range_rules(api: httpx.Client, server: ServerProcess) -> None:
    today = Timeline(server).now.date()
    from datetime import timedelta

    def q(first: Any, last: Any) -> dict[str, str]:
        return {"from": str(first), "to": str(last)}

    host = new_host(api)
    paths = ("/report/users", f"/report/users/{host['id']}/meetings", "/report/telephone",
             "/report/operationlogs", "/report/activities", "/report/cloud_recording")  # fmt: skip
    for path in paths:
        error(api.get(path, params=q(today - timedelta(days=40), today)), 400, 300,
              "The date range between from and to can not be more than one month.")  # fmt: skip
        error(api.get(path, params=q(today - timedelta(days=200), today - timedelta(days=190))),
              400, 300, "Only provide report in recent 6 months.")  # fmt: skip
        error(api.get(path, params=q(today, today - timedelta(days=1))), 400, 300,
              "The from date can not be later than the to date.")  # fmt: skip
        ok = api.get(path, params=q(today - timedelta(days=28), today))
        assert ok.status_code == 200, (path, ok.text)


def test_daily_report_months(api: httpx.Client, server: ServerProcess, shared: Path) -> None:
    today = Timeline(server).now.date()
    r = api.get("/report/daily")
    assert r.status_code == 200, r.text
    body = r.json()
    assert_matches_spec(shared, SPEC, "GET", "/report/daily", 200, body)
    assert (body["year"], body["month"]) == (today.year, today.month)
    assert [d["date"] for d in body["dates"]][-1] == str(today)
    back = today.year * 12 + today.month - 1 - 7
    old = {"year": back // 12, "month": back % 12 + 1}
    error(api.get("/report/daily", params=old), 400, 300,
          "Daily report can only be provided for a month that falls within the recent 6 "
          "months.")  # fmt: skip
    ahead = today.year * 12 + today.month  # next month
    error(api.get("/report/daily", params={"year": ahead // 12, "month": ahead % 12 + 1}),
          400, 300)  # fmt: skip
    error(api.get("/report/daily", params={"year": today.year, "month": 13}), 400, 300)
    six = today.year * 12 + today.month - 1 - 6
    full = api.get("/report/daily", params={"year": six // 12, "month": six % 12 + 1}).json()
    assert len(full["dates"]) >= 28 and full["dates"][0]["date"].endswith("-01")


def test_bad_enums_and_tokens(api: httpx.Client, played: dict[str, Any]) -> None:
    params = window(played["instance"]["start_time"])
    error(api.get("/report/users", params={**params, "type": "busy"}), 400, 300)
    error(api.get("/report/telephone", params={**params, "type": "9"}), 400, 300)
    error(api.get("/report/operationlogs", params={**params, "category_type": "x"}), 400, 300)
    path = f"/report/meetings/{played['meeting']['id']}/participants"
    error(api.get(path, params={"next_page_token": "forged"}), 400, 300,
          "The next page token is invalid or expired.")  # fmt: skip
    token = api.get(path, params={"page_size": 1}).json()["next_page_token"]
    other = f"/report/users/{played['host']['id']}/meetings"
    error(api.get(other, params={**params, "next_page_token": token}), 400, 300)


# -- master account ------------------------------------------------------------------------------
def test_master_account_report_paths(api: httpx.Client, played: dict[str, Any]) -> None:
    inst, host = played["instance"], played["host"]
    params = window(inst["start_time"], before=1)
    base = f"/accounts/{ACCOUNT_ID}/report"
    mirrored = api.get(f"{base}/meetings/{played['meeting']['id']}/participants")
    assert mirrored.status_code == 200, mirrored.text
    assert mirrored.json()["total_records"] == len(SESSIONS)
    active = gather(api, f"{base}/active/users", "users", params, size=100)
    assert host["id"] in {u["id"] for u in active}
    inactive = gather(api, f"{base}/inactive/users", "users", params, size=100)
    assert host["id"] not in {u["id"] for u in inactive}
    meetings = api.get(f"{base}/active/users/{host['id']}/meetings", params=params)
    assert meetings.status_code == 200, meetings.text
    assert inst["uuid"] in [m["uuid"] for m in meetings.json()["meetings"]]
    assert api.get(f"{base}/daily").status_code == 200
    error(api.get("/accounts/NoSuchSubAccount0001/report/active/users", params=params), 404,
          2001)  # fmt: skip


def test_scenario_replays_are_separate_instances(
    api: httpx.Client, control: httpx.Client, server: ServerProcess
) -> None:
    """A recurring meeting keeps its number: the report of the number is its latest instance,
    the UUID of an earlier one still reports that one."""
    t = Timeline(server)
    host = new_host(api)
    m = create_meeting(api, host["id"], type=3)
    first = play(control, {"meeting_id": m["id"], "start": t.ago(hours=8),
                           "crowd": {"count": 3}, "end": 20})["instances"][-1]  # fmt: skip
    second = play(control, {"meeting_id": m["id"], "start": t.ago(hours=6),
                            "crowd": {"count": 1}, "end": 10})["instances"][-1]  # fmt: skip
    latest = api.get(f"/report/meetings/{m['id']}").json()
    assert latest["uuid"] == second["uuid"] and latest["participants_count"] == 2
    earlier = api.get(f"/report/meetings/{quote(quote(first['uuid'], safe=''), safe='')}")
    assert earlier.json()["participants_count"] == 4
    one = api.get(f"/report/meetings/{m['id']}/participants").json()
    assert one["total_records"] == 2  # host + one guest: two people, listed


def test_zoomus_reads_reports_and_dashboards(server: ServerProcess, played: dict[str, Any]) -> None:
    import zoomus

    from support.server import CLIENT_ID, CLIENT_SECRET

    client = zoomus.ZoomClient(
        CLIENT_ID,
        CLIENT_SECRET,
        ACCOUNT_ID,
        base_uri=server.base_url + "/v2",
        oauth_uri=server.base_url + "/oauth/token",
    )
    inst, host = played["instance"], played["host"]
    day = date.fromisoformat(inst["start_time"][:10])
    # zoomus sends dates as "yyyy-mm-ddT00:00:00Z".
    r = client.report.get_user_report(user_id=host["id"], start_time=day, end_time=day)
    assert r.status_code == 200, r.text
    assert inst["uuid"] in [m["uuid"] for m in r.json()["meetings"]]
    r = client.report.get_account_report(start_time=day, end_time=day, page_size=300)
    assert r.status_code == 200, r.text
    assert host["id"] in [u["id"] for u in r.json()["users"]]
    r = client.report.get_daily_report(year=day.year, month=day.month)
    assert r.status_code == 200 and r.json()["month"] == day.month
    r = client.report.get_meeting_participants_report(id=played["meeting"]["id"])
    assert r.status_code == 200 and r.json()["total_records"] == len(SESSIONS)
    # By number: zoomus leaves a UUID holding a single "/" unencoded (it breaks on Zoom too).
    number = str(played["meeting"]["id"])
    r = client.metric.get_meeting(meeting_id=number, type="past")
    assert r.status_code == 200 and r.json()["uuid"] == inst["uuid"]
    r = client.metric.list_participants_qos(meeting_id=number, type="past", page_size=10)
    assert r.status_code == 200 and r.json()["total_records"] == len(SESSIONS)
