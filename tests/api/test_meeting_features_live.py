"""Live streaming, in-meeting controls, chat message edits, RTMS apps, invite links, join tokens
and meeting summaries. "Live" is set directly in the store, where the simulator will set it."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from support.meeting_features import create_meeting, create_user, events
from support.schema import assert_matches_spec
from support.server import ServerProcess
from zoomstack.store import open_store

SPEC = "meetings.json"
SIM = "/_zoomstack/sim/meetings"
TARGET = {
    "stream_url": "rtmp://live.example.org/app",
    "stream_key": "k-123",
    "page_url": "https://example.org/live",
}


@pytest.fixture()
def meeting(api: httpx.Client, server: ServerProcess) -> dict[str, Any]:
    return create_meeting(api, server)


def _live(api: httpx.Client, server: ServerProcess, **settings: Any) -> dict[str, Any]:
    """A meeting the simulator has started (its host joined)."""
    m = create_meeting(api, server, settings=settings)
    r = httpx.post(f"{server.base_url}{SIM}/{m['id']}/start", json={})
    assert r.status_code < 300, r.text
    assert api.get(f"/meetings/{m['id']}").json()["status"] == "started"
    return m


def _sim_state(server: ServerProcess, meeting_id: int) -> dict[str, Any]:
    r = httpx.get(f"{server.base_url}{SIM}/{meeting_id}")
    assert r.status_code == 200, r.text
    return dict(r.json())


def _state(server: ServerProcess, meeting_id: int) -> dict[str, Any]:
    url = server.database_url or f"sqlite:///{server.data_dir}/zoomstack.sqlite3"
    store = open_store(url)
    try:
        with store.transaction() as tx:
            found = tx.get_with_account("meeting_live_state", f"meeting:{meeting_id}")
    finally:
        store.close()
    assert found is not None
    return found[0]


# -- live streaming --------------------------------------------------------------------------
def test_livestream_settings(api: httpx.Client, meeting: dict[str, Any], shared: Path) -> None:
    url = f"/meetings/{meeting['id']}/livestream"
    r = api.get(url)
    assert r.status_code == 200 and r.json() == {"stream_url": "", "stream_key": "", "page_url": ""}
    assert api.patch(url, json={**TARGET, "resolution": "1080p"}).status_code == 204
    got = api.get(url).json()
    assert got == {**TARGET, "resolution": "1080p"}
    assert_matches_spec(shared, SPEC, "GET", "/meetings/{meetingId}/livestream", 200, got)
    assert api.patch(url, json={**TARGET, "stream_key": "k-456"}).status_code == 204
    assert api.get(url).json()["stream_key"] == "k-456"
    assert api.get(url).json()["resolution"] == "1080p"


@pytest.mark.parametrize(
    "body",
    [
        {"stream_url": "rtmp://x", "stream_key": "k"},
        {**TARGET, "resolution": "4k"},
        {**TARGET, "stream_key": "k" * 513},
    ],
)
def test_livestream_settings_validation(
    api: httpx.Client, meeting: dict[str, Any], body: dict[str, Any]
) -> None:
    r = api.patch(f"/meetings/{meeting['id']}/livestream", json=body)
    assert r.status_code == 400 and r.json()["code"] == 300


def test_livestream_needs_a_live_meeting(api: httpx.Client, meeting: dict[str, Any]) -> None:
    api.patch(f"/meetings/{meeting['id']}/livestream", json=TARGET)
    r = api.patch(f"/meetings/{meeting['id']}/livestream/status", json={"action": "start"})
    assert r.status_code == 400
    assert r.json() == {"code": 4927, "message": f"Meeting {meeting['id']} has not started."}


def test_livestream_start_stop(api: httpx.Client, server: ServerProcess, shared: Path) -> None:
    m = _live(api, server)
    status = f"/meetings/{m['id']}/livestream/status"
    r = api.patch(status, json={"action": "start"})
    assert r.status_code == 400 and r.json()["code"] == 300  # nothing to stream to yet
    api.patch(f"/meetings/{m['id']}/livestream", json=TARGET)
    settings = {"active_speaker_name": True, "display_name": "Town hall", "layout": "gallery_view"}
    assert api.patch(status, json={"action": "start", "settings": settings}).status_code == 204
    assert api.patch(status, json={"action": "start"}).status_code == 204  # already streaming
    assert (
        api.patch(status, json={"action": "mode", "settings": {"close_caption": "off"}}).status_code
        == 204
    )
    stream = _state(server, m["id"])["livestream"]
    assert stream["status"] == "started"
    assert (
        stream["settings"]["layout"] == "gallery_view"
        and stream["settings"]["close_caption"] == "off"
    )
    assert api.patch(status, json={"action": "stop"}).status_code == 204
    (started,) = events(server, "meeting.live_streaming_started", m["id"], shared)
    live = started["payload"]["object"]["live_streaming"]
    assert live["service"] == "Custom_Live_Streaming_Service"
    assert live["custom_live_streaming_settings"] == TARGET
    assert len(events(server, "meeting.live_streaming_stopped", m["id"], shared)) == 1
    r = api.patch(status, json={"action": "pause"})
    assert r.status_code == 400 and r.json()["code"] == 300


def test_livestream_refused_for_e2ee(api: httpx.Client, server: ServerProcess) -> None:
    m = _live(api, server, encryption_type="e2ee")
    r = api.patch(f"/meetings/{m['id']}/livestream/status", json={"action": "start"})
    assert r.status_code == 400 and r.json()["code"] == 4400


# -- in-meeting controls ---------------------------------------------------------------------
def test_controls_need_a_live_meeting(api: httpx.Client, meeting: dict[str, Any]) -> None:
    not_started = {"code": 3000, "message": f"Meeting {meeting['id']} has not started."}
    for r in (
        api.patch(f"/live_meetings/{meeting['id']}/events", json={"method": "recording.start"}),
        api.patch(
            f"/live_meetings/{meeting['id']}/chat/messages/m1", json={"message_content": "x"}
        ),
        api.delete(f"/live_meetings/{meeting['id']}/chat/messages/m1"),
        api.patch(
            f"/live_meetings/{meeting['id']}/rtms_app/status",
            json={"action": "start", "settings": {"client_id": "c"}},
        ),
    ):
        assert r.status_code == 400, r.text
        assert r.json() == not_started
    # A phone call-out works before the meeting starts.
    r = api.patch(
        f"/live_meetings/{meeting['id']}/events",
        json={
            "method": "participant.invite.callout",
            "params": {"invitee_name": "Pat", "phone_number": "+15550100"},
        },
    )
    assert r.status_code == 202 and r.content == b""


def test_in_meeting_controls(api: httpx.Client, server: ServerProcess, shared: Path) -> None:
    m = _live(api, server)
    url = f"/live_meetings/{m['id']}/events"
    me = api.get("/users/me").json()
    for body in (
        {"method": "recording.start"},
        {"method": "recording.pause"},
        {
            "method": "waiting_room.update",
            "params": {"waiting_room_title": "Hold on", "waiting_room_description": "Soon"},
        },
        {"method": "participant.invite", "params": {"contacts": [{"email": me["email"]}]}},
        {"method": "ai_companion.start", "params": {"ai_companion_mode": "summary"}},
        {"method": "participant.remove", "params": {"participant_uuid": "p-uuid-1"}},
    ):
        r = api.patch(url, json=body)
        assert r.status_code == 202, (body, r.text)
    state = _state(server, m["id"])
    assert state["recording"]["status"] == "paused"
    assert state["waiting_room"] == {"title": "Hold on", "description": "Soon"}
    assert state["invitations"][0]["user_id"] == me["id"]
    assert state["ai_companion"] == {"status": "started", "mode": "summary"}
    assert state["removed_participants"] == ["p-uuid-1"]
    assert [c["method"] for c in state["commands"]][:2] == ["recording.start", "recording.pause"]
    # The simulator acted on the recording commands in the running instance.
    assert _sim_state(server, m["id"])["instance"]["recording_status"] == "paused"
    assert len(events(server, "recording.started", m["id"], shared)) == 1
    assert len(events(server, "recording.paused", m["id"], shared)) == 1
    # Stopping twice changes nothing the second time.
    assert api.patch(url, json={"method": "recording.stop"}).status_code == 202
    assert api.patch(url, json={"method": "recording.stop"}).status_code == 202
    assert [c["applied"] for c in _state(server, m["id"])["commands"][-2:]] == [True, False]
    assert len(events(server, "recording.stopped", m["id"], shared)) == 1

    r = api.patch(
        url,
        json={
            "method": "participant.invite",
            "params": {"contacts": [{"email": "nobody@nowhere.example"}]},
        },
    )
    assert r.status_code == 400 and r.json()["code"] == 300
    r = api.patch(url, json={"method": "teleport"})
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "method"
    r = api.patch(url, json={"method": "participant.remove", "params": {}})
    assert r.status_code == 400 and r.json()["code"] == 300


def test_chat_messages(api: httpx.Client, server: ServerProcess) -> None:
    m = _live(api, server)
    me = api.get("/users/me").json()
    sent = []
    for text in ("hello", "bye"):
        r = httpx.post(
            f"{server.base_url}{SIM}/{m['id']}/chat", json={"from": me["id"], "message": text}
        )
        assert r.status_code < 300, r.text
        sent.append(r.json()["message_id"])
    # A reaction (the simulator only sends text) goes straight into the live state.
    from zoomstack.areas.meeting_features import live_state
    from zoomstack.areas.meeting_features.parent import meeting as as_parent

    store = open_store(server.database_url or f"sqlite:///{server.data_dir}/zoomstack.sqlite3")
    try:
        with store.transaction() as tx:
            row = tx.get_with_account("meeting", str(m["id"]))
            assert row is not None
            live_state.record_chat_message(
                tx,
                row[1],
                as_parent(row[0]),
                {
                    "message_id": "reaction-1",
                    "message_content": "+1",
                    "type": "reaction",
                    "file_ids": ["f1", "f2"],
                },
            )
    finally:
        store.close()
    base = f"/live_meetings/{m['id']}/chat/messages"
    assert api.patch(f"{base}/{sent[0]}", json={"message_content": "edited"}).status_code == 204
    r = api.patch(f"{base}/reaction-1", json={"message_content": "edited"})
    assert r.status_code == 400 and r.json()["code"] == 2316
    r = api.patch(f"{base}/missing", json={"message_content": "x"})
    assert r.status_code == 404
    r = api.patch(f"{base}/{sent[0]}", json={})
    assert r.status_code == 400 and r.json()["code"] == 300
    assert api.delete(f"{base}/reaction-1", params={"file_ids": "f1"}).status_code == 204
    assert api.delete(f"{base}/{sent[1]}").status_code == 204
    messages = _state(server, m["id"])["chat_messages"]
    assert messages[sent[0]]["message_content"] == "edited"
    assert messages["reaction-1"]["file_ids"] == ["f2"]
    assert sent[1] not in messages


def test_rtms_app_status(api: httpx.Client, server: ServerProcess) -> None:
    m = _live(api, server)
    url = f"/live_meetings/{m['id']}/rtms_app/status"
    r = api.patch(url, json={"action": "pause", "settings": {"client_id": "app1"}})
    assert r.status_code == 400 and r.json()["code"] == 13277
    for action in ("start", "pause", "resume", "stop"):
        assert (
            api.patch(url, json={"action": action, "settings": {"client_id": "app1"}}).status_code
            == 204
        )
    r = api.patch(
        url,
        json={
            "action": "start",
            "settings": {"client_id": "app1", "participant_user_id": "nobody"},
        },
    )
    assert r.status_code == 400 and r.json() == {
        "code": 2312,
        "message": "User does not exist: nobody.",
    }
    r = api.patch(url, json={"action": "start", "settings": {}})
    assert r.status_code == 400 and r.json()["code"] == 300


# -- invite links and join tokens ------------------------------------------------------------
def test_invite_links(
    api: httpx.Client, server: ServerProcess, meeting: dict[str, Any], shared: Path
) -> None:
    r = api.post(
        f"/meetings/{meeting['id']}/invite_links",
        json={
            "attendees": [{"name": "Jill"}, {"name": "Jack", "disable_video": True}],
            "ttl": 3600,
        },
    )
    assert r.status_code == 201, r.text
    body = r.json()
    assert_matches_spec(shared, SPEC, "POST", "/meetings/{meetingId}/invite_links", 201, body)
    assert [a["name"] for a in body["attendees"]] == ["Jill", "Jack"]
    urls = [urlsplit(a["join_url"]) for a in body["attendees"]]
    assert all(u.path == f"/j/{meeting['id']}" for u in urls)
    tokens = [parse_qs(u.query)["tk"][0] for u in urls]
    assert len(set(tokens)) == 2 and all(
        re.fullmatch(r"[A-Za-z0-9_-]{43}\.[A-Za-z0-9_-]+", t) for t in tokens
    )
    for bad in (
        {"attendees": []},
        {"attendees": [{"name": "x"}], "ttl": 7776001},
        {"attendees": [{"name": "x" * 65}]},
        {"ttl": 5},
    ):
        r = api.post(f"/meetings/{meeting['id']}/invite_links", json=bad)
        assert r.status_code == 400 and r.json()["code"] == 300, bad


@pytest.mark.parametrize("purpose", ["local_recording", "live_streaming", "local_archiving"])
def test_join_tokens(
    api: httpx.Client, meeting: dict[str, Any], shared: Path, purpose: str
) -> None:
    r = api.get(f"/meetings/{meeting['id']}/jointoken/{purpose}")
    assert r.status_code == 200, r.text
    assert_matches_spec(
        shared, SPEC, "GET", f"/meetings/{{meetingId}}/jointoken/{purpose}", 200, r.json()
    )
    assert r.json()["expire_in"] == 120 and len(r.json()["token"]) >= 32
    assert (
        api.get(f"/meetings/{meeting['id']}/jointoken/{purpose}").json()["token"]
        != r.json()["token"]
    )
    assert api.get(f"/meetings/99999999997/jointoken/{purpose}").status_code == 404


def test_features_switched_off_in_host_settings(api: httpx.Client, server: ServerProcess) -> None:
    host = create_user(
        api,
        in_meeting={"allow_live_streaming": False, "meeting_polling": {"enable": False}},
        recording={"local_recording": False},
    )
    m = create_meeting(api, server, host=host["id"])
    for purpose in ("local_recording", "live_streaming"):
        r = api.get(f"/meetings/{m['id']}/jointoken/{purpose}")
        assert r.status_code == 400 and r.json()["code"] == 3000, r.text
        assert r.json()["message"].startswith("Not allowed to start")
    assert api.get(f"/meetings/{m['id']}/jointoken/local_archiving").status_code == 200
    for r in (
        api.get(f"/meetings/{m['id']}/polls"),
        api.post(
            f"/meetings/{m['id']}/polls",
            json={"title": "T", "questions": [{"name": "Q", "answers": ["a", "b"]}]},
        ),
    ):
        assert r.status_code == 400 and r.json()["code"] == 4400
        assert r.json()["message"].startswith("Meeting polls disabled.")


def test_advanced_polls_switched_off(api: httpx.Client, server: ServerProcess) -> None:
    host = create_user(
        api,
        in_meeting={
            "meeting_polling": {
                "enable": True,
                "advanced_polls": False,
                "require_answers_to_be_anonymous": True,
            }
        },
    )
    m = create_meeting(api, server, host=host["id"])
    url = f"/meetings/{m['id']}/polls"
    basic = api.post(url, json={"title": "T", "questions": [{"name": "Q", "answers": ["a", "b"]}]})
    assert basic.status_code == 201 and basic.json()["anonymous"] is True
    r = api.post(
        url,
        json={
            "title": "T",
            "poll_type": 3,
            "questions": [{"name": "Q", "answers": ["a", "b"], "right_answers": ["a"]}],
        },
    )
    assert r.status_code == 400 and r.json()["message"].startswith(
        "Advanced meeting polls disabled."
    )


# -- summaries -------------------------------------------------------------------------------
def test_meeting_summaries_list(api: httpx.Client, shared: Path) -> None:
    r = api.get(
        "/meetings/meeting_summaries",
        params={"from": "2030-01-01T00:00:00Z", "to": "2030-02-01T00:00:00Z"},
    )
    assert r.status_code == 200, r.text
    body = r.json()
    assert_matches_spec(shared, SPEC, "GET", "/meetings/meeting_summaries", 200, body)
    assert body["summaries"] == [] and body["next_page_token"] == ""
    assert body["from"] == "2030-01-01T00:00:00Z" and body["to"] == "2030-02-01T00:00:00Z"
    r = api.get("/meetings/meeting_summaries", params={"time_filter_field": "meeting_start_time"})
    assert r.status_code == 400 and r.json()["code"] == 300
    r = api.get("/meetings/meeting_summaries", params={"from": "last week"})
    assert r.status_code == 400 and r.json()["code"] == 300
