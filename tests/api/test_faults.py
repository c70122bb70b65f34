"""Fault injection (/_zoomstack/faults): rules that make chosen requests fail or slow down."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from support.server import REPO, ServerProcess

QPS_MESSAGE = "You have reached the maximum per-second rate limit for this API. Try again later."


@pytest.fixture(scope="module")
def server() -> Iterator[ServerProcess]:
    """Rules apply to every request of a server: these tests get their own."""
    proc = ServerProcess.for_current_store().start()
    yield proc
    proc.stop()


@pytest.fixture()
def control(server: ServerProcess) -> Iterator[httpx.Client]:
    with server.control() as client:
        yield client
        assert client.delete("/faults").status_code == 204


@pytest.fixture()
def api(server: ServerProcess) -> Iterator[httpx.Client]:
    with server.api(server.token()) as client:
        yield client


def _add(control: httpx.Client, **rule: Any) -> dict[str, Any]:
    resp = control.post("/faults", json=rule)
    assert resp.status_code == 201, resp.text
    out: dict[str, Any] = resp.json()
    return out


def test_no_rules_at_start(control: httpx.Client) -> None:
    resp = control.get("/faults")
    assert resp.status_code == 200 and resp.json() == {"total_records": 0, "faults": []}


def test_rate_limit_preset_answers_like_zoom_for_the_given_times(
    control: httpx.Client, api: httpx.Client
) -> None:
    rule = _add(control, method="GET", path="/v2/users/me", preset="rate_limit", times=2)
    assert rule["remaining"] == 2 and rule["matched"] == 0
    for _ in range(2):
        resp = api.get("/users/me")
        assert resp.status_code == 429
        assert resp.json() == {"code": 429, "message": QPS_MESSAGE}
        assert resp.headers["x-ratelimit-type"] == "QPS"
        assert resp.headers["x-ratelimit-category"] == "Light"
        assert resp.headers["x-ratelimit-remaining"] == "0"
        assert resp.headers["x-zoomstack-fault"] == rule["id"]
        assert resp.headers["x-zm-trackingid"]
    assert api.get("/users/me").status_code == 200
    seen = control.get(f"/faults/{rule['id']}").json()
    assert (seen["matched"], seen["remaining"]) == (3, 0)


def test_daily_limit_preset_names_the_next_day(control: httpx.Client, api: httpx.Client) -> None:
    _add(control, path="/v2/users", preset="daily_limit", times=1)
    resp = api.get("/users")
    assert resp.status_code == 429 and resp.json()["code"] == 429
    assert resp.headers["x-ratelimit-type"] == "Daily-limit"
    # The server clock starts on a Wednesday at noon (support/server.py): tomorrow, midnight.
    assert resp.headers["retry-after"].endswith("T00:00:00Z")


def test_after_lets_requests_through_first(control: httpx.Client, api: httpx.Client) -> None:
    _add(control, path="/v2/users/me", status=503, after=2, times=1)
    codes = [api.get("/users/me").status_code for _ in range(4)]
    assert codes == [200, 200, 503, 200]


def test_status_only_gets_a_zoom_error_body(control: httpx.Client, api: httpx.Client) -> None:
    _add(control, path="/v2/users/*", status=503)
    resp = api.get("/users/me")
    assert resp.status_code == 503
    assert resp.json() == {"code": 503, "message": "Service Unavailable"}


def test_operation_match_and_custom_error(control: httpx.Client, api: httpx.Client) -> None:
    _add(control, operation="meetingCreate", status=500, code=3000, message="Injected.")
    resp = api.post("/users/me/meetings", json={"topic": "x", "type": 1})
    assert resp.status_code == 500 and resp.json() == {"code": 3000, "message": "Injected."}
    assert api.get("/users/me").status_code == 200  # other operations untouched


def test_body_rule_answers_the_given_json(control: httpx.Client, api: httpx.Client) -> None:
    _add(control, path="/v2/users/me", body={"id": "forged", "extra": [1, 2]}, headers={"X-A": "b"})
    resp = api.get("/users/me")
    assert resp.status_code == 200 and resp.json() == {"id": "forged", "extra": [1, 2]}
    assert resp.headers["x-a"] == "b"


def test_delay_only_rule_slows_the_real_answer(control: httpx.Client, api: httpx.Client) -> None:
    _add(control, path="/v2/users/me", delay_ms=400)
    started = time.monotonic()
    resp = api.get("/users/me")
    assert resp.status_code == 200 and resp.json()["id"]
    assert time.monotonic() - started >= 0.4


def test_oauth_endpoint_can_fail(control: httpx.Client, server: ServerProcess) -> None:
    _add(control, method="POST", path="/oauth/token", status=500, times=1)
    with pytest.raises(httpx.HTTPStatusError):
        server.token()
    assert server.token()  # the next attempt goes through


def test_control_api_is_never_faulted(control: httpx.Client) -> None:
    _add(control, status=500)  # every path
    assert control.get("/health").status_code == 200


def test_probability_fires_some_of_the_time(control: httpx.Client, api: httpx.Client) -> None:
    _add(control, path="/v2/users/me", status=500, probability=0.5)
    codes = [api.get("/users/me").status_code for _ in range(40)]
    assert 5 < codes.count(500) < 35 and set(codes) == {200, 500}


def test_rules_are_listed_read_and_removed(control: httpx.Client) -> None:
    a = _add(control, path="/v2/a", status=500)
    b = _add(control, path="/v2/b", delay_ms=10)
    listed = control.get("/faults").json()
    assert listed["total_records"] == 2
    assert [f["id"] for f in listed["faults"]] == [a["id"], b["id"]]
    assert b["status"] is None and b["remaining"] is None and b["created_at"].endswith("Z")
    assert control.delete(f"/faults/{a['id']}").status_code == 204
    resp = control.get(f"/faults/{a['id']}")
    assert resp.status_code == 404 and resp.json()["message"] == f"Fault rule not found: {a['id']}."
    assert control.delete(f"/faults/{a['id']}").status_code == 404
    assert control.get("/faults").json()["total_records"] == 1


def test_reset_drops_the_rules(control: httpx.Client, server: ServerProcess) -> None:
    _add(control, status=500)
    assert control.post("/reset").status_code == 200
    assert control.get("/faults").json()["total_records"] == 0
    with server.api(server.token()) as api:
        assert api.get("/users/me").status_code == 200


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"path": "/v2/x"}, "status"),  # neither an answer nor a delay
        ({"status": 200}, "status"),
        ({"status": "500"}, "status"),
        ({"method": "FETCH", "status": 500}, "method"),
        ({"path": "", "status": 500}, "path"),
        ({"operation": "noSuchOperation", "status": 500}, "operation"),
        ({"preset": "meltdown"}, "preset"),
        ({"status": 500, "probability": 0}, "probability"),
        ({"status": 500, "probability": True}, "probability"),
        ({"status": 500, "times": 0}, "times"),
        ({"status": 500, "after": -1}, "after"),
        ({"delay_ms": 10**9}, "delay_ms"),
        ({"status": 500, "headers": {"Content-Length": "3"}}, "headers"),
        ({"status": 500, "headers": {"X-A": "a\r\nb"}}, "headers"),
        ({"status": 500, "headers": {"bad name": "a"}}, "headers"),
        ({"status": 500, "headers": {"X-A": "\u20ac"}}, "headers"),
        ({"body": {}, "message": "m"}, "body"),
        ({"delay_ms": 5, "code": 1}, "status"),
        ({"status": 500, "colour": "red"}, "colour"),
    ],
)
def test_rule_input_errors(control: httpx.Client, body: dict[str, Any], field: str) -> None:
    resp = control.post("/faults", json=body)
    assert resp.status_code == 400, resp.text
    err = resp.json()
    assert err["code"] == 300 and err["errors"][0]["field"] == field


@pytest.mark.parametrize("raw", [b"", b"[]", b"{", b"\xff"])
def test_rule_body_must_be_a_json_object(control: httpx.Client, raw: bytes) -> None:
    resp = control.post("/faults", content=raw)
    assert resp.status_code == 400
    assert resp.json() == {"code": 300, "message": "Request Body should be a valid JSON object."}


def test_at_most_100_rules(control: httpx.Client) -> None:
    for i in range(100):
        _add(control, path=f"/v2/n{i}", status=500)
    resp = control.post("/faults", json={"status": 500})
    assert resp.status_code == 400 and resp.json()["code"] == 300


def test_rules_reach_every_process_of_a_shared_store(control: httpx.Client) -> None:
    server = ServerProcess.for_current_store()
    if server.store != "postgres":
        pytest.skip("several processes share a store only on PostgreSQL")
    first = server.start()
    second = ServerProcess(database_url=first.database_url).start()
    try:
        with first.control() as c1, second.api(second.token()) as api2:
            c1.post("/faults", json={"path": "/v2/users/me", "status": 503, "times": 3})
            deadline = time.monotonic() + 5
            codes: list[int] = []
            while time.monotonic() < deadline and codes.count(503) < 3:
                codes.append(api2.get("/users/me").status_code)
                time.sleep(0.05)
            # The other process adopts the rules within its clock-sync interval; the count
            # of firings is shared, so exactly three fail in all.
            assert codes.count(503) == 3
            with first.api(first.token()) as api1:
                assert api1.get("/users/me").status_code == 200
    finally:
        second.stop()
        first.stop()


def _cli(server: ServerProcess, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "zoomstack", "faults", *args, "--port", str(server.port)],
        capture_output=True,
        text=True,
        cwd=str(REPO),
        timeout=30,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(REPO / "src")},
    )


def test_cli_add_list_remove_clear(
    server: ServerProcess, control: httpx.Client, api: httpx.Client
) -> None:
    out = _cli(server, "add", "--path", "/v2/users/me", "--preset", "rate_limit", "--times", "1")
    assert out.returncode == 0, out.stderr
    assert "rate_limit" in out.stdout and "/v2/users/me" in out.stdout
    rule_id = out.stdout.split()[0]
    out = _cli(
        server, "add", "--status", "503", "--header", "Retry-After: 5", "--path", "/v2/x", "--json"
    )
    assert out.returncode == 0 and json.loads(out.stdout)["headers"] == {"Retry-After": "5"}
    assert api.get("/users/me").status_code == 429
    listing = _cli(server, "list")
    assert rule_id in listing.stdout and "matched=1  remaining=0" in listing.stdout
    assert _cli(server, "remove", rule_id).returncode == 0
    assert _cli(server, "remove", rule_id).returncode == 1
    assert _cli(server, "add", "--status", "200").returncode == 1  # the server's 400
    assert _cli(server, "clear").returncode == 0
    assert control.get("/faults").json()["total_records"] == 0
