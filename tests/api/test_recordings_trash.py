"""Deleting recordings to the trash or for good, recovering them, and the 30-day purge on the
server clock (a server of its own for the clock moves)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest

from support.meetings import events, outbox_mark
from support.recordings import SPEC, download, files_of, host_with, recorded, spec_view
from support.schema import assert_event_matches_spec, assert_matches_spec
from support.server import ServerProcess

DAY_MS = 86_400_000


def test_trash_and_recover_a_recording(
    api: httpx.Client, server: ServerProcess, shared: Path
) -> None:
    host = host_with(api)
    meeting, rec = recorded(api, server, host)
    mark = outbox_mark(server)
    r = api.delete(f"/meetings/{meeting['id']}/recordings")
    assert r.status_code == 204 and r.content == b""
    gone = api.get(f"/meetings/{meeting['id']}/recordings")
    assert gone.status_code == 404 and gone.json()["code"] == 3301
    mp4 = files_of(rec, "MP4")[0]
    assert "does not exist" in download(mp4["download_url"], server.token()).text
    listed = api.get(f"/users/{host['id']}/recordings", params={"trash": "true"}).json()
    assert_matches_spec(shared, SPEC, "GET", "/users/{userId}/recordings", 200, spec_view(listed))
    assert [m["uuid"] for m in listed["meetings"]] == [rec["uuid"]]
    assert all("deleted_time" in f for f in listed["meetings"][0]["recording_files"])
    (trashed,) = events(server, mark, "recording.trashed", meeting["id"])
    assert_event_matches_spec(shared, "meetings.json", trashed)
    assert trashed["payload"]["operator_id"]
    assert len(trashed["payload"]["object"]["recording_files"]) == len(rec["recording_files"])

    r = api.put(f"/meetings/{meeting['id']}/recordings/status", json={"action": "recover"})
    assert r.status_code == 204
    back = api.get(f"/meetings/{meeting['id']}/recordings").json()
    assert back["recording_files"] == rec["recording_files"]
    (recovered,) = events(server, mark, "recording.recovered", meeting["id"])
    assert_event_matches_spec(shared, "meetings.json", recovered)
    assert (
        api.get(f"/users/{host['id']}/recordings", params={"trash": "true"}).json()["total_records"]
        == 0
    )
    assert download(mp4["download_url"], server.token()).status_code == 302
    nothing = api.put(f"/meetings/{meeting['id']}/recordings/status", json={"action": "recover"})
    assert nothing.status_code == 404 and nothing.json()["code"] == 3301
    bad = api.put(f"/meetings/{meeting['id']}/recordings/status", json={"action": "trash"})
    assert bad.status_code == 400 and bad.json()["code"] == 300


def test_delete_permanently(api: httpx.Client, server: ServerProcess, shared: Path) -> None:
    host = host_with(api)
    meeting, rec = recorded(api, server, host)
    mark = outbox_mark(server)
    assert (
        api.delete(f"/meetings/{meeting['id']}/recordings", params={"action": "delete"}).status_code
        == 204
    )
    (deleted,) = events(server, mark, "recording.deleted", meeting["id"])
    assert_event_matches_spec(shared, "meetings.json", deleted)
    assert (
        api.get(f"/users/{host['id']}/recordings", params={"trash": "true"}).json()["meetings"]
        == []
    )
    r = api.put(
        f"/meetings/{quote(rec['uuid'], safe='')}/recordings/status", json={"action": "recover"}
    )
    assert r.status_code == 404
    again = api.delete(f"/meetings/{meeting['id']}/recordings")
    assert again.status_code == 404 and again.json()["code"] == 3301
    assert (
        api.delete(f"/meetings/{meeting['id']}/recordings", params={"action": "x"}).status_code
        == 400
    )


def test_trash_and_recover_one_file(api: httpx.Client, server: ServerProcess, shared: Path) -> None:
    host = host_with(api)
    meeting, rec = recorded(api, server, host)
    m4a = files_of(rec, "M4A")[0]
    mark = outbox_mark(server)
    r = api.delete(f"/meetings/{meeting['id']}/recordings/{m4a['id']}")
    assert r.status_code == 204
    now = api.get(f"/meetings/{meeting['id']}/recordings").json()
    assert m4a["id"] not in {f.get("id") for f in now["recording_files"]}
    assert now["recording_count"] == rec["recording_count"] - 1
    assert now["total_size"] == rec["total_size"] - m4a["file_size"]
    files = api.get(
        f"/users/{host['id']}/recordings", params={"trash": "true", "trash_type": "recording_file"}
    ).json()
    assert [f["id"] for m in files["meetings"] for f in m["recording_files"]] == [m4a["id"]]
    (trashed,) = events(server, mark, "recording.trashed", meeting["id"])
    assert [f["id"] for f in trashed["payload"]["object"]["recording_files"]] == [m4a["id"]]
    again = api.delete(f"/meetings/{meeting['id']}/recordings/{m4a['id']}")
    assert again.status_code == 404 and again.json()["code"] == 3301
    r = api.put(
        f"/meetings/{meeting['id']}/recordings/{m4a['id']}/status", json={"action": "recover"}
    )
    assert r.status_code == 204
    assert (
        api.get(f"/meetings/{meeting['id']}/recordings").json()["recording_count"]
        == rec["recording_count"]
    )
    # Permanently, one file.
    assert (
        api.delete(
            f"/meetings/{meeting['id']}/recordings/{m4a['id']}", params={"action": "delete"}
        ).status_code
        == 204
    )
    (deleted,) = events(server, mark, "recording.deleted", meeting["id"])
    assert_event_matches_spec(shared, "meetings.json", deleted)
    unknown = api.delete(f"/meetings/{meeting['id']}/recordings/not-a-file")
    assert unknown.status_code == 404 and unknown.json()["code"] == 3301


def test_deleting_a_file_of_a_meeting_in_progress(api: httpx.Client, server: ServerProcess) -> None:
    host = host_with(api)
    meeting, _ = recorded(api, server, host)
    started = httpx.post(
        f"{server.base_url}/_zoomstack/sim/meetings/{meeting['id']}/start", json={}
    )
    assert started.status_code == 200, started.text
    live_uuid = httpx.get(f"{server.base_url}/_zoomstack/sim/meetings/{meeting['id']}").json()[
        "instance"
    ]["uuid"]
    r = api.delete(f"/meetings/{quote(live_uuid, safe='')}/recordings/anything")
    assert r.status_code == 400
    assert r.json() == {"code": 3303, "message": "You can not delete an uncompleted meeting."}
    httpx.post(f"{server.base_url}/_zoomstack/sim/meetings/{meeting['id']}/end", json={})


@pytest.fixture()
def own_server() -> Iterator[ServerProcess]:
    srv = ServerProcess.for_current_store().start()
    yield srv
    srv.stop()


def _advance(srv: ServerProcess, days: float) -> None:
    r = httpx.post(srv.base_url + "/_zoomstack/clock", json={"advance_ms": int(days * DAY_MS)})
    assert r.status_code == 200, r.text


def test_trash_is_purged_after_30_days(own_server: ServerProcess) -> None:
    srv = own_server
    with srv.api() as api:
        host = host_with(api)
        kept_meeting, kept = recorded(api, srv, host)
        meeting, rec = recorded(api, srv, host)
        one_file = files_of(kept, "M4A")[0]
        assert api.delete(f"/meetings/{meeting['id']}/recordings").status_code == 204
        assert (
            api.delete(f"/meetings/{kept_meeting['id']}/recordings/{one_file['id']}").status_code
            == 204
        )
        _advance(srv, 29)
        trash = api.get(f"/users/{host['id']}/recordings", params={"trash": "true"}).json()
        assert [m["uuid"] for m in trash["meetings"]] == [rec["uuid"]]
        r = api.put(f"/meetings/{meeting['id']}/recordings/status", json={"action": "recover"})
        assert r.status_code == 204
        assert api.delete(f"/meetings/{meeting['id']}/recordings").status_code == 204
        _advance(srv, 30.5)
        assert (
            api.get(f"/users/{host['id']}/recordings", params={"trash": "true"}).json()["meetings"]
            == []
        )
        files = api.get(
            f"/users/{host['id']}/recordings",
            params={"trash": "true", "trash_type": "recording_file"},
        ).json()
        assert files["meetings"] == []
        r = api.put(f"/meetings/{meeting['id']}/recordings/status", json={"action": "recover"})
        assert r.status_code == 404 and r.json()["code"] == 3301
        still = api.get(f"/meetings/{kept_meeting['id']}/recordings").json()
        assert one_file["id"] not in {f.get("id") for f in still["recording_files"]}
        assert still["recording_count"] == kept["recording_count"] - 1


def test_auto_delete_moves_to_trash(own_server: ServerProcess) -> None:
    srv = own_server
    with srv.api() as api:
        host = host_with(api, auto_delete_cmr=True, auto_delete_cmr_days=30)
        meeting, rec = recorded(api, srv, host)
        assert rec["auto_delete"] is True and rec["auto_delete_date"]
        _advance(srv, 31)
        gone = api.get(f"/meetings/{meeting['id']}/recordings")
        assert gone.status_code == 404
        trash = api.get(f"/users/{host['id']}/recordings", params={"trash": "true"}).json()
        assert [m["uuid"] for m in trash["meetings"]] == [rec["uuid"]]
