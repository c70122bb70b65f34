"""Archiving: the account switch (control API), archives made when instances end, the archive
APIs, the archive_files_completed event and archived file downloads."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import mutagen.mp4
import pytest

from support.meetings import events, iso, outbox_mark, server_now
from support.recordings import SPEC, create_meeting, download, host_with, play
from support.schema import assert_event_matches_spec, assert_matches_spec
from support.server import ACCOUNT_ID, ServerProcess


@pytest.fixture(scope="module")
def arc_server() -> Iterator[ServerProcess]:
    """A server of its own: archiving is an account-wide switch."""
    srv = ServerProcess.for_current_store().start()
    r = httpx.put(f"{srv.base_url}/_zoomstack/archiving/{ACCOUNT_ID}", json={"enable": True})
    assert r.status_code == 200 and r.json()["enable"] is True
    yield srv
    srv.stop()


@pytest.fixture(scope="module")
def archived(arc_server: ServerProcess) -> dict[str, Any]:
    with arc_server.api() as api:
        host = host_with(api)
        meeting = create_meeting(api, host)
        mark = outbox_mark(arc_server)
        play(
            arc_server,
            meeting["id"],
            recording=None,
            participants=[
                {"name": "Ann Lee", "email": "ann@example.org", "join": 1, "leave": 40},
                {"name": "Bo Yu", "join": 2, "leave": 50},
            ],
            steps=[
                {"at": 5, "action": "chat", "from": "Ann Lee", "message": "Archived hello"},
                {"at": 6, "action": "chat", "from": "Bo Yu", "message": "psst", "to": "Ann Lee"},
            ],
        )
        inst = httpx.get(
            f"{arc_server.base_url}/_zoomstack/sim/instances", params={"meeting_id": meeting["id"]}
        ).json()["instances"][0]
    return {"meeting": meeting, "uuid": inst["uuid"], "mark": mark, "host": host}


def _quoted(uuid: str) -> str:
    from urllib.parse import quote

    return quote(uuid, safe="")


def test_switch_defaults_off(server: ServerProcess) -> None:
    r = httpx.get(f"{server.base_url}/_zoomstack/archiving/{ACCOUNT_ID}")
    assert r.status_code == 200 and r.json()["enable"] is False
    bad = httpx.put(f"{server.base_url}/_zoomstack/archiving/nope", json={"enable": True})
    assert bad.status_code == 404


def test_archive_of_an_ended_meeting(
    arc_server: ServerProcess, archived: dict[str, Any], shared: Path
) -> None:
    with arc_server.api() as api:
        r = api.get(f"/past_meetings/{_quoted(archived['uuid'])}/archive_files")
        assert r.status_code == 200, r.text
        body = r.json()
        assert_matches_spec(
            shared, SPEC, "GET", "/past_meetings/{meetingUUID}/archive_files", 200, body
        )
        assert body["uuid"] == archived["uuid"] and body["id"] == archived["meeting"]["id"]
        assert body["duration_in_second"] == 3600 and body["account_name"]
        kinds = sorted((f["file_type"], f["individual"]) for f in body["archive_files"])
        assert kinds == [
            ("CC", False),
            ("CHAT", False),
            ("M4A", False),
            ("M4A", True),
            ("M4A", True),
            ("M4A", True),
            ("MP4", False),
        ]
        assert body["total_size"] == sum(f["file_size"] for f in body["archive_files"])
        token = arc_server.token()
        for f in body["archive_files"]:
            got = download(f["download_url"], token, follow_redirects=True)
            assert got.status_code == 200 and len(got.content) == f["file_size"]
            if f["file_type"] == "MP4":
                assert mutagen.mp4.MP4(io.BytesIO(got.content)).info.length == pytest.approx(3600)
            if f["file_type"] == "CHAT":
                text = got.content.decode()
                assert "Ann Lee (ann@example.org) to Everyone:\tArchived hello" in text
                assert "psst" in text and f["number_of_messages"] == 2
        (event,) = events(arc_server, archived["mark"], "recording.archive_files_completed",
                          archived["meeting"]["id"])  # fmt: skip
        assert_event_matches_spec(shared, "meetings.json", event)
        mp4 = next(
            f for f in event["payload"]["object"]["archive_files"] if f["file_type"] == "MP4"
        )
        got = download(mp4["download_url"], event["download_token"])
        assert got.status_code == 302
        refused = download(mp4["download_url"])
        assert refused.status_code == 200 and "text/html" in refused.headers["content-type"]


def test_list_statistics_and_auto_delete(
    arc_server: ServerProcess, archived: dict[str, Any], shared: Path
) -> None:
    with arc_server.api() as api:
        r = api.get("/archive_files")
        assert r.status_code == 200
        body = r.json()
        assert_matches_spec(shared, SPEC, "GET", "/archive_files", 200, body)
        assert archived["uuid"] in {m["uuid"] for m in body["meetings"]}
        stats = api.get("/archive_files/statistics")
        assert_matches_spec(shared, SPEC, "GET", "/archive_files/statistics", 200, stats.json())
        s = stats.json()
        assert s["total_records"] >= 1 and s["statistic_by_file_extension"]["mp4_file_count"] >= 1
        assert s["statistic_by_file_status"]["completed_file_count"] >= 7
        now = server_now(arc_server)
        long = api.get(
            "/archive_files", params={"from": iso(now - timedelta(days=9)), "to": iso(now)}
        )
        assert long.status_code == 400 and long.json()["code"] == 300
        later = api.get(
            "/archive_files",
            params={"from": iso(now + timedelta(days=1)), "to": iso(now + timedelta(days=2))},
        )
        assert later.json()["meetings"] == []
        by_complete = api.get("/archive_files", params={"query_date_type": "archive_complete_time"})
        assert archived["uuid"] in {m["uuid"] for m in by_complete.json()["meetings"]}
        file_id = body["meetings"][0]["archive_files"][0]["id"]
        assert api.patch(f"/archive_files/{file_id}", json={"auto_delete": True}).status_code == 204
        again = api.get(f"/past_meetings/{_quoted(body['meetings'][0]['uuid'])}/archive_files")
        assert again.json()["archive_files"][0]["auto_delete"] is True
        assert api.patch("/archive_files/nope", json={"auto_delete": True}).status_code == 404
        assert api.patch(f"/archive_files/{file_id}", json={}).status_code == 400


def test_delete_archive(arc_server: ServerProcess, server: ServerProcess) -> None:
    with arc_server.api() as api:
        host = host_with(api)
        meeting = create_meeting(api, host)
        play(arc_server, meeting["id"], recording=None, end=10)
        uuid = httpx.get(
            f"{arc_server.base_url}/_zoomstack/sim/instances", params={"meeting_id": meeting["id"]}
        ).json()["instances"][0]["uuid"]
        assert api.delete(f"/past_meetings/{_quoted(uuid)}/archive_files").status_code == 204
        gone = api.get(f"/past_meetings/{_quoted(uuid)}/archive_files")
        assert gone.status_code == 404 and gone.json()["code"] == 3001
        assert api.delete(f"/past_meetings/{_quoted(uuid)}/archive_files").status_code == 404
    # An account that never had archiving.
    with server.api() as api:
        r = api.delete("/past_meetings/bm9uZQ==/archive_files")
        assert r.status_code == 400
        assert r.json() == {"code": 200, "message": "Not available for this account."}
