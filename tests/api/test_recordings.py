"""Cloud recordings: a meeting played with cloud recording through the simulator, then every
read API, the webhooks, and downloads that serve real files (parsed by a media library)."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import mutagen.mp4
import pytest

from support.meetings import events as outbox_events
from support.meetings import jwt_claims, outbox_mark
from support.recordings import (
    MASTER_SPEC,
    SPEC,
    create_meeting,
    download,
    files_of,
    host_with,
    play,
    recorded,
    spec_view,
)
from support.schema import assert_event_matches_spec, assert_matches_spec
from support.server import ACCOUNT_ID, CLIENT_ID, CLIENT_SECRET, ServerProcess

CHAT = [
    {"at": 5, "action": "chat", "from": "Ann Lee", "message": "Hello from Ann"},
    {"at": 12, "action": "chat", "from": "Bo Yu", "message": "Slides please"},
]
PEOPLE = [
    {"name": "Ann Lee", "email": "ann@example.org", "join": 1, "leave": 55},
    {"name": "Bo Yu", "email": "bo@example.org", "join": 3, "leave": 40},
]
TOKEN = re.compile(r"/rec/(play|download)/[A-Za-z0-9_-]{64}\.[A-Za-z0-9_-]{16}$")


@pytest.fixture(scope="module")
def scene(server: ServerProcess) -> dict[str, Any]:
    """One recorded meeting shared by the read-only tests of this module."""
    with server.api() as api:
        host = host_with(api, recording_audio_transcript=True)
        mark = outbox_mark(server)
        meeting, rec = recorded(
            api,
            server,
            host,
            participants=PEOPLE,
            steps=[*CHAT, {"at": 20, "action": "share", "participant": "Ann Lee"}],
        )
    return {"host": host, "meeting": meeting, "rec": rec, "mark": mark}


def test_recording_files_of_a_played_meeting(
    api: httpx.Client, scene: dict[str, Any], shared: Path
) -> None:
    rec, meeting, host = scene["rec"], scene["meeting"], scene["host"]
    assert_matches_spec(
        shared, SPEC, "GET", "/meetings/{meetingId}/recordings", 200, spec_view(rec)
    )
    assert rec["id"] == meeting["id"] and rec["host_id"] == host["id"]
    assert rec["account_id"] == ACCOUNT_ID and rec["type"] == 2
    assert rec["topic"] == "Recorded meeting" and rec["duration"] == 60
    assert re.fullmatch(r"[A-Za-z0-9]{8,10}", rec["password"])
    assert rec["recording_play_passcode"] and "/rec/share/" in rec["share_url"]
    kinds = sorted((f["file_type"], f.get("recording_type", "")) for f in rec["recording_files"])
    assert kinds == [
        ("CHAT", "chat_file"),
        ("M4A", "audio_only"),
        ("MP4", "shared_screen_with_speaker_view"),
        ("TIMELINE", ""),
        ("TRANSCRIPT", "audio_transcript"),
    ]
    sized = [f for f in rec["recording_files"] if "file_size" in f]
    assert rec["recording_count"] == len(rec["recording_files"])
    # The total counts every file, also the TIMELINE whose size Zoom does not list.
    assert rec["total_size"] > sum(f["file_size"] for f in sized)
    for f in rec["recording_files"]:
        assert f["meeting_id"] == rec["uuid"]
        assert f["recording_start"] == rec["start_time"]
        assert TOKEN.search(f["download_url"])
        if f["file_type"] == "TIMELINE":
            assert set(f) >= {"file_extension", "download_url"}
            assert not {"id", "status", "file_size", "recording_type", "play_url"} & set(f)
            continue
        assert re.fullmatch(
            r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", f["id"]
        )
        assert f["status"] == "completed" and TOKEN.search(f["play_url"])
    # The same recording by the instance UUID.
    assert api.get(f"/meetings/{quote(rec['uuid'], safe='')}/recordings").json() == rec
    double = quote(quote(rec["uuid"], safe=""), safe="")
    assert api.get(f"/meetings/{double}/recordings").json() == rec


def test_recording_completed_and_transcript_completed_events(
    server: ServerProcess, scene: dict[str, Any], shared: Path
) -> None:
    rec, mark = scene["rec"], scene["mark"]
    (completed,) = outbox_events(server, mark, "recording.completed", rec["id"])
    (transcript,) = outbox_events(server, mark, "recording.transcript_completed", rec["id"])
    for body in (completed, transcript):
        assert_event_matches_spec(shared, "meetings.json", body)
        claims = jwt_claims(body["download_token"])
        assert claims["mid"] == rec["uuid"] and claims["accountId"] == ACCOUNT_ID
        assert claims["exp"] == body["event_ts"] // 1000 + 24 * 3600
    obj = completed["payload"]["object"]
    assert obj["uuid"] == rec["uuid"] and obj["password"] == rec["password"]
    assert obj["host_email"] == scene["host"]["email"]
    # Meeting end time: the events come when the instance ends (processing is instant).
    ended = [i["end_time"] for i in scene_instances(server, rec["id"])]
    assert completed["event_ts"] // 1000 * 1000 == parse_ms(ended[0])
    listed = {f["id"] for f in rec["recording_files"] if "id" in f}
    sent = {f["id"] for f in obj["recording_files"] if f["file_type"] != "TIMELINE"}
    assert sent < listed and {f["file_type"] for f in obj["recording_files"]} == {
        "MP4",
        "M4A",
        "CHAT",
        "TIMELINE",
    }
    assert all(f["file_name"].startswith("GMT") for f in obj["recording_files"])
    assert [f["file_type"] for f in transcript["payload"]["object"]["recording_files"]] == [
        "TRANSCRIPT"
    ]


def scene_instances(server: ServerProcess, number: int) -> list[dict[str, Any]]:
    r = httpx.get(server.base_url + "/_zoomstack/sim/instances", params={"meeting_id": number})
    return list(r.json()["instances"])


def parse_ms(iso: str) -> int:
    from datetime import datetime

    return int(datetime.fromisoformat(iso.replace("Z", "+00:00")).timestamp() * 1000)


def test_downloads_serve_real_files(server: ServerProcess, scene: dict[str, Any]) -> None:
    rec = scene["rec"]
    token = server.token()
    expected = {
        "MP4": ("video/mp4", ".mp4"),
        "M4A": ("audio/mp4", ".m4a"),
        "TRANSCRIPT": ("text/vtt", ".vtt"),
        "CHAT": ("text/plain", ".txt"),
        "TIMELINE": ("application/json", ".json"),
    }
    bodies: dict[str, bytes] = {}
    for f in rec["recording_files"]:
        first = download(f["download_url"], token)
        assert first.status_code == 302, first.text
        location = first.headers["location"]
        assert location.startswith(server.base_url + "/rec/file/") and "Signature=" in location
        got = httpx.get(location)
        assert got.status_code == 200
        ctype, ext = expected[f["file_type"]]
        assert got.headers["content-type"] == ctype
        assert got.headers["content-disposition"].startswith("attachment; filename=")
        assert got.headers["content-disposition"].endswith(ext + '"')
        if "file_size" in f:
            assert len(got.content) == f["file_size"]
        bodies[f["file_type"]] = got.content
    for kind in ("MP4", "M4A"):
        info = mutagen.mp4.MP4(io.BytesIO(bodies[kind])).info
        assert info.length == pytest.approx(3600, abs=0.01)
        assert info.codec.startswith("mp4a") and info.sample_rate == 16000
    assert len(bodies["MP4"]) < 10_000
    vtt = bodies["TRANSCRIPT"].decode()
    assert vtt.startswith("WEBVTT\n\n1\n00:0")
    assert "Ann Lee: Hello from Ann" in vtt and "Bo Yu: Slides please" in vtt
    cues = re.findall(r"(\d\d:\d\d:\d\d\.\d\d\d) --> (\d\d:\d\d:\d\d\.\d\d\d)", vtt)
    assert cues and all(a < b for a, b in cues)
    chat = bodies["CHAT"].decode().splitlines()
    assert chat == ["00:05:00\tAnn Lee:\tHello from Ann", "00:12:00\tBo Yu:\tSlides please"]
    import json

    timeline = json.loads(bodies["TIMELINE"])["timeline"]
    assert timeline[0]["ts"] == "00:00:00.000"
    names = {u["username"] for entry in timeline for u in entry["users"]}
    assert {"Ann Lee", "Bo Yu"} <= names


def test_download_with_download_access_token(
    api: httpx.Client, server: ServerProcess, scene: dict[str, Any]
) -> None:
    rec = scene["rec"]
    r = api.get(
        f"/meetings/{rec['id']}/recordings",
        params={"include_fields": "download_access_token", "ttl": 120},
    )
    assert r.status_code == 200
    dat = r.json()["download_access_token"]
    claims = jwt_claims(dat)
    assert claims["mid"] == rec["uuid"] and claims["userId"] == rec["host_id"]
    assert set(claims) >= {"iss", "accountId", "aud", "mid", "exp", "userId"}
    mp4 = files_of(rec, "MP4")[0]
    got = download(mp4["download_url"], dat, follow_redirects=True)
    assert got.status_code == 200 and got.headers["content-type"] == "video/mp4"
    assert mutagen.mp4.MP4(io.BytesIO(got.content)).info.length == pytest.approx(3600, abs=0.01)
    # A token of another recording does not open this one.
    other_host = host_with(api)
    _, other = recorded(api, server, other_host)
    other_dat = api.get(
        f"/meetings/{other['id']}/recordings", params={"include_fields": "download_access_token"}
    ).json()["download_access_token"]
    refused = download(mp4["download_url"], other_dat)
    assert refused.status_code == 200 and "text/html" in refused.headers["content-type"]
    assert "Only the host can download this recording" in refused.text


def test_download_with_webhook_download_token(server: ServerProcess, scene: dict[str, Any]) -> None:
    rec = scene["rec"]
    (completed,) = outbox_events(server, scene["mark"], "recording.completed", rec["id"])
    for f in completed["payload"]["object"]["recording_files"]:
        got = download(f["download_url"], completed["download_token"], follow_redirects=True)
        assert got.status_code == 200 and len(got.content) == f["file_size"]


def test_download_failures_are_html_pages(server: ServerProcess, scene: dict[str, Any]) -> None:
    mp4 = files_of(scene["rec"], "MP4")[0]
    token = server.token()
    for resp in (
        download(mp4["download_url"]),
        download(mp4["download_url"], "not-a-token"),
        httpx.get(mp4["download_url"], params={"access_token": token}),
        download(server.base_url + "/rec/download/" + "x" * 64 + ".abcdefghijklmnop", token),
    ):
        assert resp.status_code == 200
        assert resp.headers["content-type"].startswith("text/html")
        assert "<html>" in resp.text
    missing = download(server.base_url + "/rec/download/" + "x" * 64 + ".abcdefghijklmnop", token)
    assert "This recording does not exist." in missing.text
    # A signed file URL is bound to its file and expires.
    location = download(mp4["download_url"], token).headers["location"]
    assert httpx.get(location.replace("Signature=", "Signature=x")).status_code == 403


def test_legacy_query_token_downloads_only_in_legacy_mode() -> None:
    srv = ServerProcess.for_current_store(env={"ZOOMSTACK_LEGACY_AUTH": "1"}).start()
    try:
        token = srv.token()
        with srv.api(token) as api:
            host = host_with(api)
            _, rec = recorded(api, srv, host)
        m4a = files_of(rec, "M4A")[0]
        got = httpx.get(m4a["download_url"], params={"access_token": token})
        assert got.status_code == 302
        assert httpx.get(got.headers["location"]).headers["content-type"] == "audio/mp4"
    finally:
        srv.stop()


def test_zoomus_download_yields_a_media_file(server: ServerProcess, scene: dict[str, Any]) -> None:
    import requests
    import zoomus

    client = zoomus.ZoomClient(
        CLIENT_ID,
        CLIENT_SECRET,
        ACCOUNT_ID,
        base_uri=server.base_url + "/v2",
        oauth_uri=server.base_url + "/oauth/token",
    )
    r = client.recording.get(meeting_id=scene["meeting"]["id"])
    assert r.status_code == 200, r.text
    for f in r.json()["recording_files"]:
        if f["file_type"] not in ("MP4", "M4A"):
            continue
        got = requests.get(
            f["download_url"],
            headers={"Authorization": f"Bearer {client.config['token']}"},
            timeout=30,
        )
        assert got.status_code == 200 and got.history[0].status_code == 302
        media = mutagen.mp4.MP4(io.BytesIO(got.content))
        assert media.info.length == pytest.approx(3600, abs=0.01)


def test_list_user_recordings(api: httpx.Client, scene: dict[str, Any], shared: Path) -> None:
    host, rec = scene["host"], scene["rec"]
    day = rec["start_time"][:10]
    r = api.get(f"/users/{host['id']}/recordings", params={"from": day, "to": day})
    assert r.status_code == 200
    body = r.json()
    assert_matches_spec(shared, SPEC, "GET", "/users/{userId}/recordings", 200, spec_view(body))
    assert (body["from"], body["to"], body["total_records"]) == (day, day, 1)
    assert body["meetings"][0]["uuid"] == rec["uuid"]
    assert body["meetings"][0]["recording_files"] == rec["recording_files"]
    assert "password" not in body["meetings"][0]
    assert (
        api.get(
            f"/users/{host['id']}/recordings", params={"from": day, "meeting_id": rec["id"]}
        ).json()["total_records"]
        == 1
    )
    assert (
        api.get(f"/users/{host['id']}/recordings", params={"from": day, "meeting_id": 1}).json()[
            "total_records"
        ]
        == 0
    )


def test_list_defaults_and_date_rules(api: httpx.Client, server: ServerProcess) -> None:
    from support.meetings import server_now

    host = host_with(api)
    today = server_now(server).date()
    r = api.get(f"/users/{host['id']}/recordings")
    body = r.json()
    assert r.status_code == 200 and body["total_records"] == 0 and body["meetings"] == []
    assert body["from"] == today.isoformat()
    assert body["to"] == (today.fromordinal(today.toordinal() + 1)).isoformat()
    # Longer than a month: cut to the month that ends at `to`, and echoed.
    r = api.get(
        f"/users/{host['id']}/recordings", params={"from": "2020-01-01", "to": "2020-06-15"}
    )
    assert r.status_code == 200 and r.json()["from"] == "2020-05-15"
    for params in (
        {"from": "2020-13-01"},
        {"to": "yesterday"},
        {"from": "2020-02-02", "to": "2020-02-01"},
    ):
        bad = api.get(f"/users/{host['id']}/recordings", params=params)
        assert bad.status_code == 400 and bad.json()["code"] == 300, params
    assert (
        api.get(
            f"/users/{host['id']}/recordings", params={"trash_type": "x", "trash": "true"}
        ).status_code
        == 400
    )
    missing = api.get("/users/nobody@example.org/recordings")
    assert missing.status_code == 404 and missing.json()["code"] == 1001


def test_list_pages(api: httpx.Client, server: ServerProcess) -> None:
    host = host_with(api)
    for start in ("-5h", "-4h", "-3h"):
        meeting = create_meeting(api, host)
        play(server, meeting["id"], start=start, end=30)
    r = api.get(f"/users/{host['id']}/recordings", params={"from": "2000-01-01", "page_size": 2})
    first = r.json()
    assert first["total_records"] == 3 and len(first["meetings"]) == 2 and first["next_page_token"]
    second = api.get(
        f"/users/{host['id']}/recordings",
        params={"from": "2000-01-01", "page_size": 2, "next_page_token": first["next_page_token"]},
    ).json()
    assert len(second["meetings"]) == 1 and second["next_page_token"] == ""
    starts = [m["start_time"] for m in first["meetings"] + second["meetings"]]
    assert starts == sorted(starts, reverse=True)


def test_list_account_recordings(api: httpx.Client, scene: dict[str, Any], shared: Path) -> None:
    rec = scene["rec"]
    day = rec["start_time"][:10]
    r = api.get(
        f"/accounts/{ACCOUNT_ID}/recordings", params={"from": day, "to": day, "page_size": 300}
    )
    assert r.status_code == 200
    body = r.json()
    assert_matches_spec(shared, MASTER_SPEC, "GET", "/accounts/{accountId}/recordings", 200, body)
    assert rec["uuid"] in {m["uuid"] for m in body["meetings"]}
    assert (body["from"], body["to"]) == (day, day)
    assert api.get("/accounts/nope/recordings").status_code == 404


def test_no_recording_errors(api: httpx.Client, server: ServerProcess) -> None:
    host = host_with(api)
    meeting = create_meeting(api, host)
    for path in (
        f"/meetings/{meeting['id']}/recordings",
        "/meetings/12345678901/recordings",
        "/meetings/bm90LWEtdXVpZA==/recordings",
        f"/meetings/{meeting['id']}/recordings/settings",
        f"/meetings/{meeting['id']}/recordings/analytics_summary",
    ):
        r = api.get(path)
        assert r.status_code == 404, path
        assert r.json() == {"code": 3301, "message": "There is no recording for this meeting."}
    # A meeting played without cloud recording has none either.
    play(server, meeting["id"], recording=None)
    assert api.get(f"/meetings/{meeting['id']}/recordings").json()["code"] == 3301
    r = api.get(f"/meetings/{meeting['id']}/recordings", params={"ttl": 604801})
    assert r.status_code == 400 and r.json()["code"] == 300


def test_recording_outlives_its_meeting(api: httpx.Client, server: ServerProcess) -> None:
    host = host_with(api)
    meeting, rec = recorded(api, server, host)
    assert api.delete(f"/meetings/{meeting['id']}").status_code == 204
    assert api.get(f"/meetings/{meeting['id']}").status_code == 404
    again = api.get(f"/meetings/{meeting['id']}/recordings")
    assert again.status_code == 200 and again.json()["uuid"] == rec["uuid"]


def test_files_follow_host_settings_and_segments(api: httpx.Client, server: ServerProcess) -> None:
    """Stop/start makes a second set of files; a pause is cut out of the media."""
    from datetime import timedelta

    from support.meetings import iso, server_now

    host = host_with(api, record_gallery_view=True, record_audio_file=False, show_timestamp=False)
    meeting = create_meeting(api, host)
    t0 = server_now(server).replace(microsecond=0) - timedelta(hours=3)
    base = f"{server.base_url}/_zoomstack/sim/meetings/{meeting['id']}"

    def step(name: str, minute: int, **body: Any) -> None:
        at = iso(t0 + timedelta(minutes=minute))
        r = httpx.post(f"{base}/{name}", json={**body, "at": at})
        assert r.status_code == 200, r.text

    step("start", 0)
    step("recording", 0, action="start")
    step("recording", 20, action="stop")
    step("recording", 30, action="start")
    step("recording", 40, action="pause")
    step("recording", 45, action="resume")
    step("end", 60)
    rec = api.get(f"/meetings/{meeting['id']}/recordings").json()
    got = sorted(
        (f["recording_start"], f["recording_end"], f["recording_type"])
        for f in rec["recording_files"]
    )
    first, second = (
        (iso(t0), iso(t0 + timedelta(minutes=20))),
        (
            iso(t0 + timedelta(minutes=30)),
            iso(t0 + timedelta(minutes=60)),
        ),
    )
    assert got == [
        (*first, "active_speaker"),
        (*first, "gallery_view"),
        (*second, "active_speaker"),
        (*second, "gallery_view"),
    ]
    token = server.token()
    lengths = set()
    for f in rec["recording_files"]:
        data = download(f["download_url"], token, follow_redirects=True).content
        lengths.add(round(mutagen.mp4.MP4(io.BytesIO(data)).info.length))
    assert lengths == {20 * 60, 25 * 60}


def test_webinar_recordings_through_meeting_paths(api: httpx.Client, server: ServerProcess) -> None:
    host = host_with(api)
    r = api.patch(f"/users/{host['id']}/settings", json={"feature": {"webinar": True}})
    webinar = api.post(
        f"/users/{host['id']}/webinars",
        json={
            "topic": "Recorded webinar",
            "type": 5,
            "start_time": "2031-01-01T10:00:00Z",
            "duration": 60,
        },
    )
    if webinar.status_code != 201:
        pytest.skip(f"webinars unavailable for the test host: {webinar.text}")
    wid = webinar.json()["id"]
    body = {"webinar_id": wid, "start": "-3h", "recording": "cloud", "end": 45}
    played = httpx.post(server.base_url + "/_zoomstack/sim/scenarios", json=body)
    assert played.status_code == 200, played.text
    rec = api.get(f"/meetings/{wid}/recordings")
    assert rec.status_code == 200, rec.text
    assert rec.json()["id"] == wid and rec.json()["type"] == 5
    files = api.get(f"/past_webinars/{wid}/files")
    assert files.status_code == 200 and files.json()["total_records"] == len(
        rec.json()["recording_files"]
    )
    assert r.status_code in (204, 400)


def test_past_meeting_files(api: httpx.Client, scene: dict[str, Any], shared: Path) -> None:
    rec = scene["rec"]
    r = api.get(f"/past_meetings/{rec['id']}/files")
    assert r.status_code == 200
    body = r.json()
    assert_matches_spec(
        shared, "legacy/zoom-api-2021.json", "GET", "/past_meetings/{meetingId}/files", 200, body
    )
    assert body["total_records"] == len(rec["recording_files"])
    assert {f["download_url"] for f in body["in_meeting_files"]} == {
        f["download_url"] for f in rec["recording_files"]
    }
    host = host_with(api)
    meeting = create_meeting(api, host)
    missing = api.get(f"/past_meetings/{meeting['id']}/files")
    assert missing.status_code == 404
    assert missing.json() == {"code": 3001, "message": "Meeting ID is invalid or not end."}
