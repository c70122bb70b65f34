"""Snapshots (/_zoomstack/snapshots): the whole state saved, restored, exported, imported, and
a snapshot file seeding a fresh store."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from support.server import REPO, ServerProcess
from support.users import create_user


@pytest.fixture(scope="module")
def server() -> Iterator[ServerProcess]:
    """Restores replace everything: these tests get their own server."""
    proc = ServerProcess.for_current_store().start()
    yield proc
    proc.stop()


@pytest.fixture()
def control(server: ServerProcess) -> Iterator[httpx.Client]:
    with server.control() as client:
        yield client


def _api(server: ServerProcess) -> httpx.Client:
    return server.api(server.token())


def _save(control: httpx.Client, name: str) -> dict[str, Any]:
    resp = control.post("/snapshots", json={"name": name})
    assert resp.status_code == 201, resp.text
    out: dict[str, Any] = resp.json()
    return out


def _restore(control: httpx.Client, name: str) -> httpx.Response:
    return control.post(f"/snapshots/{name}/restore")


def test_restore_returns_users_clock_and_events_to_the_saved_state(
    server: ServerProcess, control: httpx.Client
) -> None:
    control.post("/clock", json={"freeze": True})
    with _api(server) as api:
        kept = create_user(api)
        saved_at = control.get("/clock").json()
        summary = _save(control, "before")
        assert summary["name"] == "before" and summary["size_bytes"] > 0
        assert summary["rows"]["docs"] > 0 and summary["created_at"].endswith("Z")
        gone = create_user(api)
    control.post("/clock", json={"advance_days": 3})

    resp = _restore(control, "before")
    assert resp.status_code == 200, resp.text
    assert resp.json()["status"] == "restored"
    assert control.get("/clock").json() == saved_at
    with _api(server) as api:
        assert api.get(f"/users/{kept['id']}").status_code == 200
        resp = api.get(f"/users/{gone['id']}")
        assert resp.status_code == 404 and resp.json()["code"] == 1001
        # New rows get fresh keys after the restored ones (PostgreSQL sequences included).
        create_user(api)
        create_user(api)
    control.post("/clock", json={"freeze": False})


def test_tokens_issued_after_the_snapshot_stop_working(
    server: ServerProcess, control: httpx.Client
) -> None:
    _save(control, "tokens")
    token = server.token()
    assert _restore(control, "tokens").status_code == 200
    resp = httpx.get(server.base_url + "/v2/users/me", headers={"authorization": f"Bearer {token}"})
    assert resp.status_code == 401 and resp.json()["code"] == 124


def test_export_import_list_and_remove(server: ServerProcess, control: httpx.Client) -> None:
    _save(control, "orig")
    resp = control.get("/snapshots/orig")
    assert resp.status_code == 200 and resp.headers["content-type"] == "application/json"
    doc = resp.json()
    assert doc["format"] == "zoomstack-snapshot" and "clock" in doc["meta"]
    assert "schema_version" not in doc["meta"]
    resp = control.put("/snapshots/copy.v1", json=doc)
    assert resp.status_code == 201 and resp.json()["rows"] == {
        t: len(p["rows"]) for t, p in doc["tables"].items()
    }
    names = [s["name"] for s in control.get("/snapshots").json()["snapshots"]]
    assert {"orig", "copy.v1"} <= set(names)
    assert _restore(control, "copy.v1").status_code == 200
    assert control.delete("/snapshots/copy.v1").status_code == 204
    for resp in (
        control.delete("/snapshots/copy.v1"),
        control.get("/snapshots/copy.v1"),
        _restore(control, "copy.v1"),
    ):
        assert resp.status_code == 404
        assert resp.json() == {"code": 404, "message": "Snapshot not found: copy.v1."}


def test_saving_again_replaces_and_reset_keeps_snapshots(
    server: ServerProcess, control: httpx.Client
) -> None:
    _save(control, "again")
    with _api(server) as api:
        user = create_user(api)
    _save(control, "again")
    assert control.post("/reset").status_code == 200
    assert "again" in [s["name"] for s in control.get("/snapshots").json()["snapshots"]]
    assert _restore(control, "again").status_code == 200
    with _api(server) as api:
        assert api.get(f"/users/{user['id']}").status_code == 200


@pytest.mark.parametrize("name", ["", "a b", "x" * 101, "../etc", "é", ".", ".."])
def test_bad_names(control: httpx.Client, name: str) -> None:
    resp = control.post("/snapshots", json={"name": name})
    assert resp.status_code == 400 and resp.json()["errors"][0]["field"] == "name"


def _broken(doc: dict[str, Any], how: str) -> Any:
    doc = copy.deepcopy(doc)
    docs = doc["tables"]["docs"]
    if how == "not an object":
        return [doc]
    if how == "format":
        doc["format"] = "other"
    elif how == "schema":
        doc["schema_version"] = 999
    elif how == "meta":
        doc["meta"] = {"clock": 5}
    elif how == "table":
        doc["tables"]["users; DROP TABLE docs"] = {"columns": ["x"], "rows": []}
    elif how == "column":
        docs["columns"][0] = "kind) VALUES (1); --"
    elif how == "twice":
        docs["columns"][1] = docs["columns"][0]
    elif how == "row length":
        docs["rows"][0] = docs["rows"][0][:-1]
    elif how == "type":
        docs["rows"][0][docs["columns"].index("created_ms")] = "yesterday"
    elif how == "bool":
        docs["rows"][0][docs["columns"].index("created_ms")] = True
    elif how == "null":
        docs["rows"][0][docs["columns"].index("kind")] = None
    elif how == "range":
        docs["rows"][0][docs["columns"].index("created_ms")] = 2**70
    elif how == "json":
        docs["rows"][0][docs["columns"].index("data")] = "{not json"
    elif how == "duplicate":
        docs["rows"].append(list(docs["rows"][0]))
    return doc


BROKEN = [
    "not an object",
    "format",
    "schema",
    "meta",
    "table",
    "column",
    "twice",
    "row length",
    "type",
    "bool",
    "null",
    "range",
    "json",
]


@pytest.mark.parametrize("how", BROKEN)
def test_import_refuses_broken_documents(control: httpx.Client, how: str) -> None:
    _save(control, "good")
    doc = control.get("/snapshots/good").json()
    resp = control.put("/snapshots/broken", json=_broken(doc, how))
    assert resp.status_code == 400, resp.text
    assert resp.json()["code"] == 300 and resp.json()["message"].startswith("Invalid snapshot: ")


@pytest.mark.parametrize("raw", [b"{", b"\xff\xfe"])
def test_import_needs_json(control: httpx.Client, raw: bytes) -> None:
    resp = control.put("/snapshots/broken", content=raw)
    assert resp.status_code == 400 and resp.json()["code"] == 300


def test_a_document_the_store_refuses_changes_nothing(
    server: ServerProcess, control: httpx.Client
) -> None:
    with _api(server) as api:
        user = create_user(api)
    _save(control, "dup")
    doc = control.get("/snapshots/dup").json()
    assert control.put("/snapshots/dup", json=_broken(doc, "duplicate")).status_code == 201
    resp = _restore(control, "dup")
    assert resp.status_code == 400 and resp.json()["message"].startswith("Invalid snapshot: ")
    with _api(server) as api:
        assert api.get(f"/users/{user['id']}").status_code == 200


def test_snapshot_file_seeds_a_fresh_store_and_every_reset(
    server: ServerProcess, control: httpx.Client, tmp_path: Path
) -> None:
    with _api(server) as api:
        seeded = create_user(api)
    _save(control, "seed")
    path = tmp_path / "seed.json"
    path.write_bytes(control.get("/snapshots/seed").content)

    other = ServerProcess.for_current_store(env={"ZOOMSTACK_SNAPSHOT_FILE": str(path)}).start()
    try:
        with other.api(other.token()) as api:
            assert api.get(f"/users/{seeded['id']}").status_code == 200
            added = create_user(api)
        other.stop()
        other.start()  # a restart keeps what is there
        with other.api(other.token()) as api:
            assert api.get(f"/users/{added['id']}").status_code == 200
        with other.control() as c:
            assert c.post("/reset").status_code == 200
        with other.api(other.token()) as api:
            assert api.get(f"/users/{seeded['id']}").status_code == 200
            assert api.get(f"/users/{added['id']}").status_code == 404
    finally:
        other.stop()


def test_a_bad_snapshot_file_stops_the_start(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({"format": "zoomstack-snapshot", "schema_version": 1}))
    proc = ServerProcess.for_current_store(env={"ZOOMSTACK_SNAPSHOT_FILE": str(path)})
    with pytest.raises(RuntimeError):
        proc.start(timeout=10)
    proc.stop()
    assert "ZOOMSTACK_SNAPSHOT_FILE" in proc.log()


def _cli(server: ServerProcess, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "zoomstack", "snapshots", *args, "--port", str(server.port)],
        capture_output=True,
        text=True,
        cwd=str(REPO),
        timeout=30,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(REPO / "src")},
    )


def test_cli_save_export_import_restore_remove(server: ServerProcess, tmp_path: Path) -> None:
    out = _cli(server, "save", "cli")
    assert out.returncode == 0 and out.stdout.startswith("cli "), out.stderr
    path = tmp_path / "cli.json"
    assert _cli(server, "export", "cli", str(path)).returncode == 0
    assert json.loads(path.read_text())["format"] == "zoomstack-snapshot"
    out = _cli(server, "import", "cli-copy", str(path), "--json")
    assert out.returncode == 0 and json.loads(out.stdout)["name"] == "cli-copy"
    assert "cli-copy" in _cli(server, "list").stdout
    out = _cli(server, "restore", "cli-copy")
    assert out.returncode == 0 and "restored cli-copy" in out.stdout
    assert _cli(server, "remove", "cli-copy").returncode == 0
    out = _cli(server, "restore", "cli-copy")
    assert out.returncode == 1 and "Snapshot not found" in out.stderr
