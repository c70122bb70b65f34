"""The kit's Python API without pytest's plugin: `running()` in this process, the handle's
control helpers and the webhook receiver. (Child-process servers: test_kit_plugin.py, whose
generated suite runs on one.)"""

from __future__ import annotations

import gc
import hashlib
import hmac
import json
import logging
import os
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from zoomstack.testing import (
    DEFAULT_CLOCK_START,
    ExternalServer,
    InProcessServer,
    ServerError,
    WebhookReceiver,
    Zoomstack,
    ZoomstackError,
    running,
    sign,
    url_validation_answer,
    verify_signature,
)

START = datetime(2030, 6, 12, 12, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def zs() -> Iterator[Zoomstack]:
    root_handlers = list(logging.getLogger().handlers)
    thresholds = gc.get_threshold()
    with running() as handle:
        # Serving from a thread must leave the test process as it was.
        assert logging.getLogger().handlers == root_handlers
        assert gc.get_threshold() == thresholds and gc.get_freeze_count() == 0
        yield handle


@pytest.fixture(autouse=True)
def fresh(zs: Zoomstack) -> None:
    zs.reset()


def test_running_serves_from_this_process_with_the_fixed_clock(zs: Zoomstack) -> None:
    assert zs.health()["pid"] == os.getpid()
    assert zs.base_url.startswith("http://127.0.0.1:")
    assert (zs.api_url, zs.token_url) == (zs.base_url + "/v2", zs.base_url + "/oauth/token")
    assert DEFAULT_CLOCK_START == "2030-06-12T12:00:00Z"
    assert timedelta(0) <= zs.clock.now() - START < timedelta(seconds=30)
    assert zs.api.get("/users/me").json()["email"] == "owner@example.com"


def test_only_one_server_per_process(zs: Zoomstack) -> None:
    with pytest.raises(ServerError, match="already running"):
        InProcessServer().start()
    assert zs.health()["status"] == "ok"


def test_credentials_token_and_env(zs: Zoomstack) -> None:
    creds = zs.credentials
    assert (creds.account_id, creds.client_id) == (
        "zoomstackDevAccount001",
        "zoomstackDevClientId01",
    )
    token = zs.token()
    r = httpx.get(zs.api_url + "/users/me", headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 200
    env = zs.env()
    assert env["ZOOM_CLIENT_SECRET"] == zs.client_secret
    assert env["ZOOM_API_BASE_URL"] == zs.api_url
    assert env["ZOOM_WEBHOOK_SECRET_TOKEN"] == zs.webhook_secret


def test_reset_drops_state_and_the_api_client_keeps_working(zs: Zoomstack) -> None:
    r = zs.api.post("/users/me/meetings", json={"topic": "Gone after reset", "type": 2})
    assert r.status_code == 201, r.text
    zs.reset()  # revokes every token: the client fetches a new one
    listed = zs.api.get("/users/me/meetings").json()
    assert listed["total_records"] == 0


def test_clock_set_advance_freeze(zs: Zoomstack) -> None:
    assert zs.clock.set("2031-01-01T00:00:00Z") >= datetime(2031, 1, 1, tzinfo=UTC)
    frozen = zs.clock.freeze(at=datetime(2031, 2, 1, 9, 30))  # naive means UTC
    assert frozen == datetime(2031, 2, 1, 9, 30, tzinfo=UTC) and zs.clock.frozen
    assert zs.clock.advance(90) == frozen + timedelta(seconds=90)
    assert zs.clock.advance(timedelta(minutes=1), hours=1, days=1) == frozen + timedelta(
        days=1, hours=1, minutes=2, seconds=30
    )
    assert zs.clock.now() == frozen + timedelta(days=1, hours=1, minutes=2, seconds=30)
    # Far past the token's hour: the API client renews it by itself.
    assert zs.api.get("/users/me").status_code == 200
    zs.clock.unfreeze()
    assert not zs.clock.frozen
    zs.reset()
    assert timedelta(0) <= zs.clock.now() - START < timedelta(seconds=30)


def test_control_errors_carry_the_answer(zs: Zoomstack) -> None:
    with pytest.raises(ZoomstackError) as info:
        zs.clock.set("not a time")
    assert info.value.status_code == 400 and info.value.body["code"] == 300


def test_request_log(zs: Zoomstack) -> None:
    zs.api.get("/users/me", params={"x": "1"})
    last = [r for r in zs.requests(limit=10) if r["path"] == "/v2/users/me"][-1]
    assert (last["method"], last["status"], last["query"]) == ("GET", 200, "x=1")


def test_simulated_meeting_and_its_webhooks(zs: Zoomstack) -> None:
    meeting = zs.api.post("/users/me/meetings", json={"topic": "Standup", "type": 2}).json()
    number = meeting["id"]
    with zs.receive_webhooks("meeting.*") as hooks:
        zs.clock.freeze()
        zs.sim.start(number)
        ann = zs.sim.join(number, "Ann Lee", email="ann@example.com")
        assert zs.sim.state(number)["status"] == "started"
        zs.clock.advance(minutes=20)
        zs.sim.leave(number, ann["user_id"])
        zs.clock.advance(minutes=5)
        zs.sim.end(number)
        ended = hooks.wait_for_event("meeting.ended")
    assert ended.verified and ended.object["id"] == str(number)
    names = [e.event for e in hooks.events()]
    assert names[0] == "meeting.started" and names.count("meeting.participant_joined") == 2
    assert hooks.events("meeting.participant_*") == [
        e for e in hooks.events() if e.event.startswith("meeting.participant_")
    ]
    [instance] = zs.sim.instances(number)
    assert instance["duration"] == 25
    past = zs.api.get(f"/past_meetings/{number}").json()
    assert (past["participants_count"], past["duration"]) == (2, 25)


def test_scenario(zs: Zoomstack) -> None:
    meeting = zs.api.post("/users/me/meetings", json={"topic": "Played", "type": 2}).json()
    zs.sim.play(
        {
            "meeting_id": meeting["id"],
            "start": "-2h",
            "participants": [{"name": "Bo Park", "join": 1, "leave": 30}],
            "end": 45,
        }
    )
    past = zs.api.get(f"/past_meetings/{meeting['id']}").json()
    assert past["duration"] == 45


def test_webhook_subscriptions_deliveries_and_events(zs: Zoomstack) -> None:
    with WebhookReceiver(zs.webhook_secret) as receiver:
        sub = zs.webhooks.subscribe(receiver, "user.updated")
        assert sub["status"] == "active" and len(receiver.validations) == 1
        assert [s["id"] for s in zs.webhooks.subscriptions()] == [sub["id"]]
        zs.webhooks.test_event("user.updated", obj={"id": "abc", "first_name": "Ada"})
        zs.webhooks.test_event("meeting.created", obj={"id": 1})  # not subscribed
        got = receiver.wait_for_event("user.updated")
        assert got.verified and got.object == {"id": "abc", "first_name": "Ada"}
        [delivery] = zs.webhooks.wait_deliveries(1, subscription_id=sub["id"])
        assert delivery["event"] == "user.updated"
        again = zs.webhooks.resend(delivery["id"])
        assert again["attempts"] == 2
        assert len(receiver.wait_for_events("user.updated", count=2)) == 2
        recorded = [e["event"] for e in zs.webhooks.events()]
        assert {"user.updated", "meeting.created"} <= set(recorded)
        zs.webhooks.unsubscribe(sub["id"])
        assert zs.webhooks.subscriptions() == []


def test_fault_rules(zs: Zoomstack) -> None:
    rule = zs.faults.add(path="/v2/users/me", preset="token_expired", times=1)
    resp = zs.api.get("/users/me")  # the client renews its token on "expired" and tries again
    assert resp.status_code == 200
    [listed] = zs.faults.rules()
    # The retry matched too: it came after the one failure the rule had.
    assert listed["id"] == rule["id"] and listed["matched"] == 2 and listed["remaining"] == 0
    zs.faults.add(path="/v2/users/me", status=503)
    assert zs.api.get("/users/me").status_code == 503
    zs.faults.remove(rule["id"])
    zs.faults.clear()
    assert zs.faults.rules() == [] and zs.api.get("/users/me").status_code == 200
    with pytest.raises(ZoomstackError) as err:
        zs.faults.add(status=200)
    assert err.value.status_code == 400


def test_snapshots_save_restore_export_load(zs: Zoomstack) -> None:
    zs.snapshots.save("empty")
    created = zs.api.post(
        "/users", json={"action": "custCreate", "user_info": {"email": "s@example.com", "type": 1}}
    )
    assert created.status_code == 201
    document = zs.snapshots.export("empty")
    zs.snapshots.load("copy", document)
    assert {s["name"] for s in zs.snapshots.saved()} == {"empty", "copy"}
    zs.snapshots.restore("copy")
    # The API client's token was issued after the snapshot: it fetches a new one.
    assert zs.api.get("/users/s@example.com").status_code == 404
    zs.snapshots.remove("copy")
    zs.snapshots.remove("empty")
    assert zs.snapshots.saved() == []


def test_receiver_refuses_a_bad_signature_and_answers_the_challenge() -> None:
    secret = "kit-secret"
    with WebhookReceiver(secret, path="/in") as receiver:
        body = json.dumps({"event": "endpoint.url_validation", "payload": {"plainToken": "p"}})
        signed = {"x-zm-request-timestamp": "1700000000"}
        signed["x-zm-signature"] = sign(secret, "1700000000", body.encode())
        r = httpx.post(receiver.url, content=body, headers=signed)
        expected = hmac.new(secret.encode(), b"p", hashlib.sha256).hexdigest()
        assert r.json() == {"plainToken": "p", "encryptedToken": expected}
        assert r.json() == url_validation_answer(secret, "p")
        forged = {"x-zm-request-timestamp": "1700000000", "x-zm-signature": "v0=00"}
        r = httpx.post(receiver.url, content=b'{"event":"user.updated"}', headers=forged)
        assert r.status_code == 401
        assert [(x.verified, x.status) for x in receiver.received] == [(True, 200), (False, 401)]
        assert receiver.url.endswith("/in") and len(receiver.events()) == 1
        with pytest.raises(TimeoutError, match=r"user\.created"):
            receiver.wait_for_event("user.created", timeout=0.05)


def test_signature_helpers() -> None:
    body = b'{"event":"user.updated"}'
    mac = hmac.new(b"s", b"v0:123:" + body, hashlib.sha256).hexdigest()
    assert sign("s", "123", body) == "v0=" + mac
    headers = {"X-Zm-Request-Timestamp": "123", "X-Zm-Signature": "v0=" + mac}
    assert verify_signature("s", headers, body)
    assert not verify_signature("other", headers, body)
    assert not verify_signature("s", {}, body)


def test_external_server_is_checked_not_started(zs: Zoomstack) -> None:
    external = ExternalServer(zs.api_url + "/").start()
    assert external.base_url == zs.base_url
    with pytest.raises(ServerError, match="no zoomstack server answers"):
        ExternalServer("http://127.0.0.1:9", timeout=0.2).start()


def test_a_stopped_receiver_answers_nothing_even_on_a_kept_alive_connection() -> None:
    receiver = WebhookReceiver("s").start()
    with httpx.Client() as sender:
        assert sender.post(receiver.url, content=b"{}").status_code == 401  # unsigned
        receiver.stop()
        with pytest.raises(httpx.TransportError):
            sender.post(receiver.url, content=b"{}")
    assert len(receiver.received) == 1
