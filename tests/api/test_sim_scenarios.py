"""Scenario files played on the virtual clock, then read back through the past-meeting APIs:
the numbers add up (participants = joins, durations, counts), events carry the scenario's times
and arrive at a webhook receiver in order and verified, runs are deterministic."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from support.meetings import parse, private_server
from support.receiver import Receiver, subscribe, unsubscribe
from support.server import REPO, ServerProcess
from support.sim import (
    HOOK_EVENTS,
    Timeline,
    create_meeting,
    events_of,
    names,
    new_host,
    outbox_mark,
    play,
    server_now,
    state,
)

POLL = {
    "title": "Lunch",
    "questions": [
        {"name": "Which food?", "type": "single", "answers": ["Pizza", "Salad", "Soup"]},
        {"name": "How hungry?", "type": "rating_scale", "rating_min_value": 1,
         "rating_max_value": 5},
    ],
}  # fmt: skip


def _example(meeting_id: int, start: str) -> dict[str, Any]:
    """The issue's example: 12 people join over 5 minutes, 2 leave early, a poll at T+20, end
    at T+60, cloud recording on."""
    return {
        "meeting_id": meeting_id,
        "start": start,
        "recording": "cloud",
        "crowd": {"count": 12, "over_minutes": 5, "leave_early": 2, "leave_at": 15},
        "steps": [{"at": 20, "action": "poll", "poll": POLL}],
        "end": 60,
    }


def _all_participants(api: httpx.Client, ref: str) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    token = ""
    while True:
        params: dict[str, Any] = {"page_size": 5}
        if token:
            params["next_page_token"] = token
        r = api.get(f"/past_meetings/{ref}/participants", params=params)
        assert r.status_code == 200, r.text
        body = r.json()
        out += body["participants"]
        token = body["next_page_token"]
        if not token:
            return out


def test_issue_example_numbers_add_up(
    api: httpx.Client, control: httpx.Client, server: ServerProcess, shared: Path
) -> None:
    host = new_host(api)
    m = create_meeting(api, host["id"])
    t = Timeline(server)
    t0 = t.ago(hours=3)
    mark = outbox_mark(server)
    result = play(control, _example(m["id"], t0))
    assert result["clock_advanced_to"] == ""  # all in the past: the clock stays
    [inst] = result["instances"]
    assert inst["status"] == "ended" and inst["participants_count"] == 13
    details = api.get(f"/past_meetings/{m['id']}").json()
    assert details["start_time"] == t0
    assert details["end_time"] == t.ago(hours=2)
    assert details["duration"] == 60
    assert details["participants_count"] == 13
    people = _all_participants(api, str(m["id"]))
    assert len(people) == 13
    assert len({p["user_id"] for p in people}) == 13
    for p in people:
        seconds = (parse(p["leave_time"]) - parse(p["join_time"])).total_seconds()
        assert p["duration"] == seconds
    host_row = next(p for p in people if p["id"] == host["id"])
    assert host_row["duration"] == 3600 and host_row["user_email"] == host["email"]
    early = [p for p in people if p["leave_time"] < t.ago(hours=2)]
    assert len(early) == 2
    # Guests outside the account show no email (Zoom's display rule).
    assert all(p["user_email"] == "" for p in people if p["id"] == "")
    total = sum(max(1, round(p["duration"] / 60)) for p in people)
    assert details["total_minutes"] == total
    polls = api.get(f"/past_meetings/{m['id']}/polls").json()
    assert len(polls["questions"]) == 10  # the 10 attendees still in at T+20
    for q in polls["questions"]:
        assert [d["question"] for d in q["question_details"]] == ["Which food?", "How hungry?"]
        assert q["question_details"][0]["answer"] in ("Pizza", "Salad", "Soup")
        assert 1 <= int(q["question_details"][1]["answer"]) <= 5
    evs = events_of(server, m["id"], mark, shared)
    counts = {n: names(evs).count(n) for n in set(names(evs))}
    assert counts["meeting.participant_joined"] == 13
    assert counts["meeting.participant_left"] == 13
    assert counts["recording.started"] == counts["recording.stopped"] == 1
    assert names(evs)[0] == "meeting.started" and names(evs)[-1] == "meeting.ended"
    stamps = [e["event_ts"] for e in evs]
    assert stamps == sorted(stamps)
    assert stamps[0] == int(parse(t0).timestamp() * 1000)
    assert stamps[-1] == int(parse(t.ago(hours=2)).timestamp() * 1000)
    rec = next(e for e in evs if e["event"] == "recording.stopped")["payload"]["object"]
    assert rec["recording_file"] == {"recording_start": t0, "recording_end": t.ago(hours=2)}


@pytest.fixture()
def receiver(control: httpx.Client) -> Iterator[tuple[Receiver, str]]:
    with Receiver() as r:
        sub = subscribe(control, r.url, events=["meeting.*", "recording.*"])
        yield r, sub["id"]
        unsubscribe(control, sub["id"])


def test_webhooks_of_a_scenario_arrive_in_order_and_verified(
    api: httpx.Client,
    control: httpx.Client,
    server: ServerProcess,
    receiver: tuple[Receiver, str],
) -> None:
    rec, _ = receiver
    host = new_host(api)
    m = create_meeting(api, host["id"])
    t = Timeline(server)
    mark = outbox_mark(server)
    play(
        control,
        {
            "meeting_id": m["id"],
            "start": t.ago(hours=1),
            "participants": [
                {"name": "Ann", "join": 1, "leave": 10},
                {"name": "Bob", "join": 2},
            ],
            "steps": [
                {"at": 3, "action": "share", "participant": "Bob", "until": 5},
                {"at": 6, "action": "chat", "from": "Ann", "message": "bye soon"},
            ],
            "end": 30,
        },
    )
    expected = names(events_of(server, m["id"], mark))
    assert len(expected) == 11

    def mine(r: Receiver) -> list[Any]:
        return [
            e
            for e in r.events()
            if str(e.json["payload"]["object"].get("id")) == str(m["id"])
            and e.event != "meeting.created"
            and e.event not in HOOK_EVENTS
        ]

    assert rec.wait_for(lambda r: len(mine(r)) >= len(expected), timeout=20)
    got = mine(rec)
    assert [e.event for e in got] == expected
    assert all(e.verified_raw and e.verified_json for e in got)
    stamps = [e.json["event_ts"] for e in got]
    assert stamps == sorted(stamps)


def test_scenario_past_now_moves_the_clock_forward_only() -> None:
    srv = private_server()
    try:
        with srv.api() as api, srv.control() as control:
            host = new_host(api)
            m = create_meeting(api, host["id"])
            before = server_now(srv)
            result = play(control, {"meeting_id": m["id"], "crowd": {"count": 3}, "end": "45m"})
            assert result["clock_advanced_to"]
            after = server_now(srv)
            assert after - before >= timedelta(minutes=45)
            details = api.get(f"/past_meetings/{m['id']}").json()
            assert details["duration"] == 45 and details["participants_count"] == 4
            # A year on, the meeting is out of reach; its instances list goes past 15 months.
            control.post("/clock", json={"advance_days": 366})
            r = api.get(f"/past_meetings/{m['id']}")
            assert r.status_code == 400 and r.json() == {
                "code": 12702,
                "message": "Can not access a meeting a year ago.",
            }
            r = api.get(f"/past_meetings/{m['id']}/participants")
            assert r.status_code == 400 and r.json()["code"] == 12702
            listed = api.get(f"/past_meetings/{m['id']}/instances").json()["meetings"]
            assert len(listed) == 1
            control.post("/clock", json={"advance_days": 100})
            assert api.get(f"/past_meetings/{m['id']}/instances").json() == {"meetings": []}
    finally:
        srv.stop()


def _seeded_run() -> dict[str, Any]:
    srv = ServerProcess.for_current_store(env={"ZOOMSTACK_SEED": "4242"}).start()
    try:
        with srv.api() as api, srv.control() as control:
            assert control.post("/clock", json={"set": "2031-05-05T09:00:00Z", "freeze": True})
            host = new_host(api, email="seeded.host@example.com")
            m = create_meeting(api, host["id"], start_time="2031-05-05T10:00:00Z")
            play(
                control,
                {
                    "meeting_id": m["id"],
                    "start": "2031-05-05T08:00:00Z",
                    "crowd": {"count": 5, "leave_early": 1},
                    "steps": [{"at": 10, "action": "poll", "poll": POLL}],
                    "end": 40,
                },
            )
            inst = control.get("/sim/instances", params={"meeting_id": m["id"]}).json()
            parts = api.get(f"/past_meetings/{m['id']}/participants").json()["participants"]
            polls = api.get(f"/past_meetings/{m['id']}/polls").json()
            return {
                "id": m["id"],
                "uuid": inst["instances"][0]["uuid"],
                "participants": parts,
                "polls": polls,
            }
    finally:
        srv.stop()


def test_same_seed_same_run() -> None:
    first, second = _seeded_run(), _seeded_run()
    assert first == second
    assert len(first["participants"]) == 6


def test_scenario_creates_its_meeting_and_can_stay_live(
    api: httpx.Client, control: httpx.Client, server: ServerProcess
) -> None:
    host = new_host(api)
    t = Timeline(server)
    result = play(
        control,
        {
            "host": host["email"],
            "meeting": {"topic": "From a scenario", "type": 2, "duration": 30},
            "start": t.ago(minutes=20),
            "participants": [{"name": "Stay", "join": "30s"}],
            "steps": [{"at": "5m", "action": "ask", "participant": "Stay", "question": "Q?"}],
        },
    )
    assert result["instances"][0]["status"] == "started"
    st = state(control, result["id"])
    assert st["status"] == "started" and len(st["participants"]) == 2
    listed = api.get(f"/users/{host['id']}/meetings", params={"type": "live"}).json()
    assert [x["id"] for x in listed["meetings"]] == [result["id"]]
    r = api.get(f"/past_meetings/{result['id']}")
    assert r.status_code == 404 and r.json() == {
        "code": 3001,
        "message": "Meeting ID is invalid or not end.",
    }
    assert api.put(f"/meetings/{result['id']}/status", json={"action": "end"}).status_code == 204
    qa = api.get(f"/past_meetings/{result['id']}/qa").json()
    assert qa["questions"] == [
        {"name": "Stay", "email": "", "question_details": [{"question": "Q?", "answer": ""}]}
    ]


@pytest.mark.parametrize(
    ("scenario", "words"),
    [
        ({"steps": [{"at": 1, "action": "fly"}]}, "unknown action"),
        ({"steps": [{"at": -5, "action": "end"}]}, "before its start"),
        ({"participants": [{"name": "X", "join": 10, "leave": 5}]}, "leaves before joining"),
        ({"end": "soon"}, "Invalid time"),
        ({"steps": [{"at": 1, "action": "leave", "participant": "Nobody"}]}, "not in the meeting"),
    ],
)
def test_scenario_errors_change_nothing(
    api: httpx.Client,
    control: httpx.Client,
    server: ServerProcess,
    scenario: dict[str, Any],
    words: str,
) -> None:
    host = new_host(api)
    m = create_meeting(api, host["id"])
    body = {"meeting_id": m["id"], "start": Timeline(server).ago(hours=1), **scenario}
    r = control.post("/sim/scenarios", json=body)
    assert r.status_code in (400, 404) and words in r.json()["message"], r.text
    assert state(control, m["id"])["instances"] == []
    assert api.get(f"/meetings/{m['id']}").json()["status"] == "waiting"


def test_yaml_scenario(api: httpx.Client, control: httpx.Client, server: ServerProcess) -> None:
    host = new_host(api)
    m = create_meeting(api, host["id"])
    text = (
        f"meeting_id: {m['id']}\n"
        f"start: '{Timeline(server).ago(hours=2)}'\n"
        "participants:\n"
        "  - {name: Yael, join: 1m, leave: 20m, device: Android}\n"
        "end: 30\n"
    )
    r = control.post("/sim/scenarios", content=text, headers={"content-type": "application/yaml"})
    assert r.status_code == 200, r.text
    assert r.json()["instances"][0]["participants_count"] == 2


def _cli(server: ServerProcess, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "zoomstack", "sim", *args, "--port", str(server.port)],
        capture_output=True,
        text=True,
        cwd=str(REPO),
        timeout=30,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(REPO / "src")},
    )


def test_cli_play_and_steps(api: httpx.Client, server: ServerProcess, tmp_path: Path) -> None:
    host = new_host(api)
    m = create_meeting(api, host["id"])
    scenario = tmp_path / "demo.json"
    scenario.write_text(
        json.dumps(
            {
                "meeting_id": m["id"],
                "start": Timeline(server).ago(hours=1),
                "crowd": {"count": 4},
                "end": 20,
            }
        )
    )
    out = _cli(server, "play", str(scenario))
    assert out.returncode == 0, out.stderr + out.stdout
    assert json.loads(out.stdout)["instances"][0]["participants_count"] == 5
    assert _cli(server, "start", str(m["id"])).returncode == 0
    joined = _cli(server, "join", str(m["id"]), "--name", "Cli Carla", "--device", "iOS")
    assert joined.returncode == 0 and json.loads(joined.stdout)["device"] == "iOS"
    now = _cli(server, "state", str(m["id"]))
    assert {p["name"] for p in json.loads(now.stdout)["participants"]} == {
        "Hana Host",
        "Cli Carla",
    }
    body = json.dumps({"from": "Cli Carla", "message": "hi"})
    assert _cli(server, "step", str(m["id"]), "chat", "--body", body).returncode == 0
    assert _cli(server, "leave", str(m["id"]), "Cli Carla").returncode == 0
    assert _cli(server, "end", str(m["id"])).returncode == 0
    failed = _cli(server, "end", str(m["id"]))
    assert failed.returncode == 1 and json.loads(failed.stdout)["code"] == 3000
    assert len(api.get(f"/past_meetings/{m['id']}/instances").json()["meetings"]) == 2


def test_recording_and_sharing_steps_of_their_own(
    api: httpx.Client, control: httpx.Client, server: ServerProcess, shared: Path
) -> None:
    host = new_host(api)
    m = create_meeting(api, host["id"])
    t = Timeline(server)
    t0 = t.ago(hours=3)
    mark = outbox_mark(server)
    spec = {
        "meeting_id": m["id"],
        "start": t0,
        "participants": [{"name": "Ann", "join": 1}],
        "steps": [
            {"at": 5, "action": "recording"},  # start is the default
            {"at": 10, "action": "recording", "recording": "pause"},
            {"at": 15, "action": "recording", "recording": "resume", "until": 20},
            {"at": 25, "action": "share", "participant": "Ann", "until": 30},
        ],
        "end": 60,
    }
    play(control, spec)
    evs = [e for e in events_of(server, m["id"], mark, shared) if e["event"].startswith("rec")]
    assert names(evs) == [
        "recording.started",
        "recording.paused",
        "recording.resumed",
        "recording.stopped",
    ]
    stopped = evs[-1]["payload"]["object"]["recording_file"]
    assert stopped["recording_end"] == (parse(t0) + timedelta(minutes=20)).strftime(
        "%Y-%m-%dT%H:%M:%SZ"
    )
    bad = control.post(
        "/sim/scenarios",
        json={**spec, "steps": [{"at": 20, "action": "recording", "until": 10}]},
    )
    assert bad.status_code == 400 and "ends before it starts" in bad.json()["message"]
