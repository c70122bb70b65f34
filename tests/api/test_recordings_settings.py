"""Recording settings, on-demand registrants and their questions, play/share pages and the
analytics counted from real plays and downloads."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest

from support.meetings import events, outbox_mark, server_now
from support.recordings import SPEC, download, files_of, host_with, recorded
from support.schema import assert_event_matches_spec, assert_matches_spec
from support.server import ServerProcess


@pytest.fixture()
def rec_meeting(api: httpx.Client, server: ServerProcess) -> dict[str, Any]:
    host = host_with(api)
    meeting, rec = recorded(api, server, host)
    return {"host": host, "meeting": meeting, "rec": rec}


def test_settings_get_and_update(
    api: httpx.Client, server: ServerProcess, rec_meeting: dict[str, Any], shared: Path
) -> None:
    mid, rec = rec_meeting["meeting"]["id"], rec_meeting["rec"]
    r = api.get(f"/meetings/{mid}/recordings/settings")
    assert r.status_code == 200
    body = r.json()
    assert_matches_spec(shared, SPEC, "GET", "/meetings/{meetingId}/recordings/settings", 200, body)
    assert body["share_recording"] == "publicly" and body["viewer_download"] is True
    assert body["password"] == rec["password"] and body["topic"] == rec["topic"]
    assert body["approval_type"] == 2 and body["on_demand"] is False
    mark = outbox_mark(server)
    r = api.patch(
        f"/meetings/{mid}/recordings/settings",
        json={"topic": "Renamed recording", "password": "Secret123", "viewer_download": False,
              "share_recording": "internally", "on_demand": True, "approval_type": 1},
    )  # fmt: skip
    assert r.status_code == 204, r.text
    got = api.get(f"/meetings/{mid}/recordings/settings").json()
    assert (got["topic"], got["password"], got["viewer_download"]) == (
        "Renamed recording",
        "Secret123",
        False,
    )
    after = api.get(f"/meetings/{mid}/recordings").json()
    assert after["topic"] == "Renamed recording" and after["password"] == "Secret123"
    assert after["recording_play_passcode"] != rec["recording_play_passcode"]
    (renamed,) = [
        e
        for e in _all_events(server, mark, "recording.renamed")
        if e["payload"]["object"]["id"] == mid
    ]
    assert_event_matches_spec(shared, "meetings.json", renamed)
    assert renamed["payload"]["old_object"]["topic"] == rec["topic"]
    for bad in ({"password": "short"}, {"share_recording": "everyone"}, {"approval_type": 5}):
        r = api.patch(f"/meetings/{mid}/recordings/settings", json=bad)
        assert r.status_code == 400 and r.json()["code"] == 300, bad


def _all_events(server: ServerProcess, mark: int, name: str) -> list[dict[str, Any]]:
    from support.meetings import store
    from zoomstack import jsonutil

    with store(server).transaction() as tx:
        rows = tx.fetchall("SELECT body FROM outbox WHERE seq > ? AND event = ?", (mark, name))
    return [jsonutil.loads(r[0]) if isinstance(r[0], str | bytes) else r[0] for r in rows]


def test_registrants_and_questions(
    api: httpx.Client, server: ServerProcess, rec_meeting: dict[str, Any], shared: Path
) -> None:
    mid, rec = rec_meeting["meeting"]["id"], rec_meeting["rec"]
    base = f"/meetings/{mid}/recordings/registrants"
    closed = api.get(base)
    assert closed.status_code == 404 and closed.json()["code"] == 404
    r = api.patch(
        f"/meetings/{mid}/recordings/settings", json={"on_demand": True, "approval_type": 1}
    )
    assert r.status_code == 204
    q = api.patch(
        base + "/questions",
        json={
            "questions": [{"field_name": "city", "required": True}],
            "custom_questions": [
                {"title": "Role", "type": "single", "required": True, "answers": ["Dev", "PM"]},
                {"title": "Topics", "type": "multiple", "answers": ["A", "B"]},
            ],
        },
    )
    assert q.status_code == 204, q.text
    got_q = api.get(base + "/questions")
    assert_matches_spec(
        shared,
        SPEC,
        "GET",
        "/meetings/{meetingId}/recordings/registrants/questions",
        200,
        got_q.json(),
    )
    assert [c["title"] for c in got_q.json()["custom_questions"]] == ["Role", "Topics"]
    missing = api.post(base, json={"email": "x@example.org", "first_name": "X"})
    assert missing.status_code == 400 and missing.json()["code"] == 300
    mark = outbox_mark(server)
    person = {
        "email": "viewer@example.org",
        "first_name": "Vi",
        "last_name": "Ewer",
        "city": "Oslo",
        "custom_questions": [{"title": "Role", "value": "Dev"}],
    }
    r = api.post(base, json=person)
    assert r.status_code == 201, r.text
    created = r.json()
    assert_matches_spec(
        shared, SPEC, "POST", "/meetings/{meetingId}/recordings/registrants", 201, created
    )
    assert created["id"] == mid and created["share_url"].startswith(rec["share_url"])
    assert api.post(base, json=person).json()["registrant_id"] == created["registrant_id"]
    assert api.get(base).json()["registrants"] == []
    pending = api.get(base, params={"status": "pending"}).json()
    assert_matches_spec(
        shared, SPEC, "GET", "/meetings/{meetingId}/recordings/registrants", 200, pending
    )
    assert [p["id"] for p in pending["registrants"]] == [created["registrant_id"]]
    r = api.put(
        base + "/status",
        json={"action": "approve", "registrants": [{"id": created["registrant_id"]}]},
    )
    assert r.status_code == 204
    approved = api.get(base).json()["registrants"]
    assert [(p["email"], p["status"]) for p in approved] == [("viewer@example.org", "approved")]
    for name in ("recording.registration_created", "recording.registration_approved"):
        (body,) = events(server, mark, name, mid)
        assert_event_matches_spec(shared, "meetings.json", body)
    api.put(
        base + "/status", json={"action": "deny", "registrants": [{"id": created["registrant_id"]}]}
    )
    (denied,) = events(server, mark, "recording.registration_denied", mid)
    assert_event_matches_spec(shared, "meetings.json", denied)
    bad = api.put(base + "/status", json={"action": "cancel", "registrants": []})
    assert bad.status_code == 400


def test_play_share_and_analytics(
    api: httpx.Client, server: ServerProcess, rec_meeting: dict[str, Any], shared: Path
) -> None:
    mid, rec = rec_meeting["meeting"]["id"], rec_meeting["rec"]
    mp4 = files_of(rec, "MP4")[0]
    form = httpx.get(mp4["play_url"])
    assert form.status_code == 200 and "passcode" in form.text
    played = httpx.get(mp4["play_url"], params={"pwd": rec["recording_play_passcode"]})
    assert played.status_code == 200 and "<video" in played.text
    assert "<video" in httpx.get(mp4["play_url"], params={"passcode": rec["password"]}).text
    share = httpx.get(rec["share_url"], params={"pwd": rec["recording_play_passcode"]})
    assert share.status_code == 200 and mp4["play_url"] in share.text
    token = server.token()
    for _ in range(3):
        assert download(mp4["download_url"], token).status_code == 302
    today = server_now(server).date().isoformat()
    summary = api.get(f"/meetings/{mid}/recordings/analytics_summary")
    assert summary.status_code == 200
    assert_matches_spec(
        shared,
        SPEC,
        "GET",
        "/meetings/{meetingId}/recordings/analytics_summary",
        200,
        summary.json(),
    )
    assert summary.json()["analytics_summary"] == [
        {"date": today, "views_total_count": 2, "downloads_total_count": 3}
    ]
    details = api.get(
        f"/meetings/{mid}/recordings/analytics_details",
        params={"type": "by_download", "page_size": 2},
    )
    assert_matches_spec(
        shared,
        SPEC,
        "GET",
        "/meetings/{meetingId}/recordings/analytics_details",
        200,
        details.json(),
    )
    body = details.json()
    assert (
        body["total_records"] == 3
        and len(body["analytics_details"]) == 2
        and body["next_page_token"]
    )
    views = api.get(f"/meetings/{mid}/recordings/analytics_details").json()["analytics_details"]
    assert len(views) == 2 and all(v["name"] == "Guest" and v["duration"] == 3600 for v in views)
    r = api.get(f"/meetings/{mid}/recordings/analytics_details", params={"type": "x"})
    assert r.status_code == 400


def test_share_none_hides_the_pages(api: httpx.Client, rec_meeting: dict[str, Any]) -> None:
    mid, rec = rec_meeting["meeting"]["id"], rec_meeting["rec"]
    assert (
        api.patch(
            f"/meetings/{mid}/recordings/settings", json={"share_recording": "none"}
        ).status_code
        == 204
    )
    page = httpx.get(rec["share_url"], params={"pwd": rec["recording_play_passcode"]})
    assert page.status_code == 200 and "This recording does not exist." in page.text
