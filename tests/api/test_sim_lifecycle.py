"""The simulator step by step on the shared server: start, join before host, waiting room,
alternative hosts, registrants, sharing, recording, chat, ending by API and by the last person
leaving, in-meeting controls. Steps carry explicit past times (`at`) or run at the server's
now; nothing moves the clock."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx

from support.meetings import parse
from support.server import ServerProcess
from support.sim import (
    Timeline,
    create_meeting,
    events_of,
    hours_ago,
    names,
    new_host,
    outbox_mark,
    state,
    step,
)


def _meeting(api: httpx.Client, **settings: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    host = new_host(api)
    return host, create_meeting(api, host["id"], settings=settings)


def test_start_join_leave_end(
    api: httpx.Client, control: httpx.Client, server: ServerProcess, shared: Path
) -> None:
    host, m = _meeting(api)
    mark = outbox_mark(server)
    old_uuid = m["uuid"]
    started = step(control, m["id"], "start")
    assert started["role"] == "host" and started["id"] == host["id"]
    assert api.get(f"/meetings/{m['id']}").json()["status"] == "started"
    live = api.get(f"/users/{host['id']}/meetings", params={"type": "live"}).json()
    assert [x["id"] for x in live["meetings"]] == [m["id"]]
    ann = step(control, m["id"], "join", name="Ann Lee", email="ann@example.com")
    assert ann["status"] == "in_meeting" and ann["role"] == "attendee" and ann["id"] == ""
    assert int(ann["user_id"]) > int(started["user_id"])
    now_state = state(control, m["id"])
    assert {p["name"] for p in now_state["participants"]} == {"Hana Host", "Ann Lee"}
    step(control, m["id"], "leave", participant="ann@example.com")
    step(control, m["id"], "end")
    got = api.get(f"/meetings/{m['id']}").json()
    assert got["status"] == "waiting" and got["uuid"] != old_uuid
    assert (
        api.get(f"/users/{host['id']}/meetings", params={"type": "live"}).json()["total_records"]
        == 0
    )
    evs = events_of(server, m["id"], mark, shared)
    assert names(evs) == [
        "meeting.started",
        "meeting.participant_joined",
        "meeting.participant_joined",
        "meeting.participant_left",
        "meeting.participant_left",
        "meeting.ended",
    ]
    assert all(e["payload"]["object"]["id"] == str(m["id"]) for e in evs)
    assert all(e["payload"]["object"]["uuid"] == old_uuid for e in evs)
    left = evs[3]["payload"]["object"]["participant"]
    assert left["leave_reason"] == "Ann Lee left the meeting."
    assert evs[4]["payload"]["object"]["participant"]["leave_reason"] == "Host ended the meeting."
    # The old UUID still resolves to the meeting, and names the past instance.
    r = api.get(f"/meetings/{quote(quote(old_uuid, safe=''), safe='')}")
    assert r.status_code == 200 and r.json()["id"] == m["id"]
    assert api.get(f"/past_meetings/{m['id']}").json()["uuid"] == old_uuid


def test_join_before_host_off_waits_for_host(
    api: httpx.Client, control: httpx.Client, server: ServerProcess, shared: Path
) -> None:
    _, m = _meeting(api, join_before_host=False)
    c = control
    mark = outbox_mark(server)
    waiting = step(c, m["id"], "join", name="Early Bird")
    assert waiting["status"] == "waiting_for_host"
    assert state(c, m["id"])["waiting_for_host"][0]["name"] == "Early Bird"
    assert api.get(f"/meetings/{m['id']}").json()["status"] == "waiting"
    step(c, m["id"], "start")
    st = state(c, m["id"])
    assert sorted(p["name"] for p in st["participants"]) == ["Early Bird", "Hana Host"]
    assert st["waiting_for_host"] == []
    step(c, m["id"], "end")
    assert names(events_of(server, m["id"], mark, shared))[:4] == [
        "meeting.participant_jbh_waiting",
        "meeting.started",
        "meeting.participant_joined",
        "meeting.participant_joined",
    ]


def test_join_before_host_on_starts_the_meeting(
    api: httpx.Client, control: httpx.Client, server: ServerProcess, shared: Path
) -> None:
    host, m = _meeting(api, join_before_host=True, jbh_time=0)
    c = control
    mark = outbox_mark(server)
    p = step(c, m["id"], "join", name="Guest One")
    assert p["status"] == "in_meeting"
    inst = state(c, m["id"])["instance"]
    assert inst["started_by"] == "" and inst["host_id"] == host["id"]
    step(c, m["id"], "leave", participant="Guest One")  # the last one out ends it
    assert state(c, m["id"])["status"] == "waiting"
    assert names(events_of(server, m["id"], mark, shared)) == [
        "meeting.started",
        "meeting.participant_jbh_joined",
        "meeting.participant_joined",
        "meeting.participant_left",
        "meeting.ended",
    ]


def test_waiting_room(
    api: httpx.Client, control: httpx.Client, server: ServerProcess, shared: Path
) -> None:
    _, m = _meeting(api, waiting_room=True)
    c = control
    mark = outbox_mark(server)
    step(c, m["id"], "start")
    w = step(c, m["id"], "join", name="Wanda Wait", email="wanda@example.com")
    assert w["status"] == "in_waiting_room"
    assert [p["name"] for p in state(c, m["id"])["waiting_room"]] == ["Wanda Wait"]
    step(c, m["id"], "join", name="Walt Wait")
    admitted = step(c, m["id"], "admit", participant="Wanda Wait")["admitted"]
    assert admitted[0]["status"] == "in_meeting"
    step(c, m["id"], "waiting_room", participant="Wanda Wait")
    assert {p["name"] for p in state(c, m["id"])["waiting_room"]} == {"Wanda Wait", "Walt Wait"}
    step(c, m["id"], "leave", participant="Walt Wait")
    step(c, m["id"], "admit")
    step(c, m["id"], "end")
    assert names(events_of(server, m["id"], mark, shared)) == [
        "meeting.started",
        "meeting.participant_joined",
        "meeting.participant_joined_waiting_room",
        "meeting.participant_joined_waiting_room",
        "meeting.participant_admitted",
        "meeting.participant_joined",
        "meeting.participant_put_in_waiting_room",
        "meeting.participant_left_waiting_room",
        "meeting.participant_admitted",
        "meeting.participant_joined",
        "meeting.participant_left",
        "meeting.participant_left",
        "meeting.ended",
    ]
    parts = api.get(f"/past_meetings/{m['id']}/participants").json()["participants"]
    statuses = sorted((p["name"], p["status"]) for p in parts)
    assert statuses == [
        ("Hana Host", "in_meeting"),
        ("Walt Wait", "in_waiting_room"),
        ("Wanda Wait", "in_meeting"),
        ("Wanda Wait", "in_meeting"),
    ]


def test_alternative_host_starts_others_cannot(
    api: httpx.Client, control: httpx.Client, server: ServerProcess
) -> None:
    alt = new_host(api)
    other = new_host(api)
    _, m = _meeting(api, alternative_hosts=alt["email"])
    c = control
    r = c.post(f"/sim/meetings/{m['id']}/start", json={"by": other["id"]})
    assert r.status_code == 400 and "alternative host" in r.json()["message"]
    s = step(c, m["id"], "start", by=alt["email"])
    assert s["role"] == "host" and s["id"] == alt["id"]
    assert state(c, m["id"])["instance"]["started_by"] == alt["id"]
    again = c.post(f"/sim/meetings/{m['id']}/start", json={})
    assert again.status_code == 400 and again.json()["code"] == 3000
    step(c, m["id"], "end")


def test_registrants_join_with_their_link(
    api: httpx.Client, control: httpx.Client, server: ServerProcess, shared: Path
) -> None:
    _, m = _meeting(api, approval_type=0)
    c = control
    regs = []
    for first in ("Reggie", "Rita"):
        reg = api.post(
            f"/meetings/{m['id']}/registrants",
            json={"email": f"{first.lower()}@example.com", "first_name": first,
                  "last_name": "Stered"},
        )  # fmt: skip
        assert reg.status_code == 201, reg.text
        regs.append(reg.json())
    mark = outbox_mark(server)
    early = step(c, m["id"], "join", join_url=regs[1]["join_url"])
    assert early["status"] == "waiting_for_host" and early["registrant_id"]
    step(c, m["id"], "start")
    r = c.post(f"/sim/meetings/{m['id']}/join", json={"name": "Gate Crasher"})
    assert r.status_code == 400 and "registration" in r.json()["message"]
    bad = c.post(f"/sim/meetings/{m['id']}/join", json={"tk": "nope.nope"})
    assert bad.status_code == 400
    p = step(c, m["id"], "join", join_url=regs[0]["join_url"])
    assert p["registrant_id"] == regs[0]["registrant_id"] and p["name"] == "Reggie Stered"
    step(c, m["id"], "end")
    evs = events_of(server, m["id"], mark, shared)
    assert names(evs)[:2] == ["meeting.participant_jbh_waiting", "meeting.started"]
    joined = [e["payload"]["object"]["participant"] for e in evs[2:5]]
    assert {j.get("registrant_id") for j in joined} == {
        None,
        regs[0]["registrant_id"],
        regs[1]["registrant_id"],
    }
    parts = api.get(f"/past_meetings/{m['id']}/participants").json()["participants"]
    mine = next(x for x in parts if x["name"] == "Reggie Stered")
    # Registered guests keep their email (Zoom's display rule); the registrant ID is there.
    assert mine["user_email"] == "reggie@example.com"
    assert mine["registrant_id"] == regs[0]["registrant_id"]


def test_status_end_and_live_controls_act_on_the_simulated_meeting(
    api: httpx.Client, control: httpx.Client, server: ServerProcess, shared: Path
) -> None:
    _, m = _meeting(api)
    c = control
    mark = outbox_mark(server)
    step(c, m["id"], "start")
    bob = step(c, m["id"], "join", name="Bob Builder")
    r = api.patch(f"/live_meetings/{m['id']}/events", json={"method": "recording.start"})
    assert r.status_code in (202, 204), r.text
    assert state(c, m["id"])["instance"]["recording_status"] == "recording"
    r = api.patch(
        f"/live_meetings/{m['id']}/events",
        json={
            "method": "participant.remove",
            "params": {"participant_uuid": bob["participant_uuid"]},
        },
    )
    assert r.status_code in (202, 204), r.text
    assert [p["name"] for p in state(c, m["id"])["participants"]] == ["Hana Host"]
    r = api.put(f"/meetings/{m['id']}/status", json={"action": "end"})
    assert r.status_code == 204, r.text
    assert api.get(f"/meetings/{m['id']}").json()["status"] == "waiting"
    evs = events_of(server, m["id"], mark, shared)
    assert names(evs) == [
        "meeting.started",
        "meeting.participant_joined",
        "meeting.participant_joined",
        "recording.started",
        "meeting.participant_left",
        "recording.stopped",
        "meeting.participant_left",
        "meeting.ended",
    ]
    assert evs[4]["payload"]["object"]["participant"]["leave_reason"] == "Removed by host."
    assert api.put(f"/meetings/{m['id']}/status", json={"action": "end"}).json()["code"] == 3000
    inst = api.get(f"/past_meetings/{m['id']}").json()
    assert inst["participants_count"] == 2


def test_sharing_recording_chat_feedback_events(
    api: httpx.Client, control: httpx.Client, server: ServerProcess, shared: Path
) -> None:
    _, m = _meeting(api)
    c = control
    mark = outbox_mark(server)
    t = Timeline(server)
    step(c, m["id"], "start", at=t.ago(3))
    step(c, m["id"], "join", name="Sue Share", device="Mac", at=t.ago(2.95))
    step(c, m["id"], "share", participant="Sue Share", content="application",
         at=t.ago(2.9))  # fmt: skip
    rec = step(c, m["id"], "recording", action="start", at=t.ago(2.85))
    assert rec["recording_status"] == "recording"
    step(c, m["id"], "recording", action="pause", at=t.ago(2.8))
    step(c, m["id"], "recording", action="resume", at=t.ago(2.75))
    bad = c.post(f"/sim/meetings/{m['id']}/recording", json={"action": "resume"})
    assert bad.status_code == 400
    msg = step(c, m["id"], "chat", **{"from": "Sue Share"}, message="hello all",
               at=t.ago(2.7))  # fmt: skip
    assert msg["recipient_type"] == "everyone" and msg["message_content"] == "hello all"
    step(c, m["id"], "share", participant="Sue Share", action="stop", at=t.ago(2.6))
    step(c, m["id"], "leave", participant="Sue Share", feedback={"quality": "GOOD"},
         at=t.ago(2.5))  # fmt: skip
    step(c, m["id"], "end", at=t.ago(2))
    evs = events_of(server, m["id"], mark, shared)
    assert names(evs) == [
        "meeting.started",
        "meeting.participant_joined",
        "meeting.participant_joined",
        "meeting.sharing_started",
        "recording.started",
        "recording.paused",
        "recording.resumed",
        "meeting.chat_message_sent",
        "meeting.sharing_ended",
        "meeting.participant_left",
        "meeting.participant_feedback",
        "recording.stopped",
        "meeting.participant_left",
        "meeting.ended",
    ]
    # Event times are the steps' times, in order.
    stamps = [e["event_ts"] for e in evs]
    assert stamps == sorted(stamps)
    ended = evs[-1]["payload"]["object"]
    assert ended["end_time"] == t.ago(2)
    assert evs[0]["payload"]["object"]["start_time"] == t.ago(3)
    assert evs[-1]["event_ts"] == int(parse(t.ago(2)).timestamp() * 1000)
    details = api.get(f"/past_meetings/{m['id']}").json()
    assert details["duration"] == 60
    segs = state(c, m["id"])["instances"]
    assert len(segs) == 1


def test_steps_never_go_back_or_into_the_future(
    api: httpx.Client, control: httpx.Client, server: ServerProcess
) -> None:
    _, m = _meeting(api)
    c = control
    future = c.post(f"/sim/meetings/{m['id']}/start", json={"at": "2999-01-01T00:00:00Z"})
    assert future.status_code == 400 and "future" in future.json()["message"]
    step(c, m["id"], "start", at=hours_ago(server, 1))
    back = c.post(
        f"/sim/meetings/{m['id']}/join", json={"name": "Late", "at": hours_ago(server, 2)}
    )
    assert back.status_code == 400 and "back in time" in back.json()["message"]
    unknown = c.post(f"/sim/meetings/{m['id']}/dance", json={})
    assert unknown.status_code == 400
    missing = c.post("/sim/meetings/12345678901/start", json={})
    assert missing.status_code == 404 and missing.json()["code"] == 3001
    step(c, m["id"], "end")


def test_recurring_meeting_gets_a_uuid_per_instance(
    api: httpx.Client, control: httpx.Client, server: ServerProcess
) -> None:
    host = new_host(api)
    m = create_meeting(api, host["id"], type=3)
    c = control
    uuids = []
    for start, end in ((5, 4.5), (4, 3.5), (3, 2.5)):
        step(c, m["id"], "start", at=hours_ago(server, start))
        uuids.append(state(c, m["id"])["instance"]["uuid"])
        step(c, m["id"], "end", at=hours_ago(server, end))
    assert len(set(uuids)) == 3
    listed = api.get(f"/past_meetings/{m['id']}/instances").json()["meetings"]
    assert [x["uuid"] for x in listed] == uuids
    assert api.get(f"/past_meetings/{m['id']}").json()["uuid"] == uuids[-1]
    for uuid in uuids:
        r = api.get(f"/past_meetings/{quote(quote(uuid, safe=''), safe='')}")
        assert r.status_code == 200 and r.json()["uuid"] == uuid
