"""Retries and re-validation on the virtual clock, on a dedicated server whose clock is frozen
(the shared server's clock belongs to every test of the session)."""

from __future__ import annotations

import itertools
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from support.receiver import Receiver, deliveries, emit, subscribe, unsubscribe, wait_deliveries
from support.server import ServerProcess

MINUTE = 60_000


@pytest.fixture(scope="module")
def clock_server() -> Iterator[ServerProcess]:
    proc = ServerProcess.for_current_store().start()
    with proc.control() as c:
        assert c.post("/clock", json={"freeze": True}).status_code == 200
    yield proc
    proc.stop()


@pytest.fixture()
def ctl(clock_server: ServerProcess) -> Iterator[httpx.Client]:
    with clock_server.control() as client:
        yield client


@pytest.fixture()
def receiver() -> Iterator[Receiver]:
    with Receiver() as r:
        yield r


def advance(ctl: httpx.Client, ms: int) -> float:
    """Move the server clock forward; returns the wall time of the change."""
    resp = ctl.post("/clock", json={"advance_ms": ms})
    assert resp.status_code == 200, resp.text
    return time.perf_counter()


def one(ctl: httpx.Client, sub_id: str, attempts: int, timeout: float = 5.0) -> dict[str, Any]:
    [d] = wait_deliveries(
        ctl, lambda d: len(d) == 1 and d[0]["attempts"] >= attempts, timeout, subscription_id=sub_id
    )
    assert d["attempts"] == attempts, d
    return d


def test_retries_after_5_20_60_minutes_then_gives_up(ctl: httpx.Client, receiver: Receiver) -> None:
    sub = subscribe(ctl, receiver.url, events="user.updated")
    receiver.fail_next(100)
    emit(ctl, "user.updated", {"id": "doomed"})
    d = one(ctl, sub["id"], 1)
    first = d["attempt_log"][0]["at_ms"]
    assert d["state"] == "pending" and d["next_attempt_ms"] == first + 5 * MINUTE

    # Not before it is due...
    advance(ctl, 5 * MINUTE - 1000)
    time.sleep(0.8)
    assert len(receiver.events()) == 1
    # ...and promptly once the clock passes it.
    for n, wait in ((2, 1000), (3, 20 * MINUTE), (4, 60 * MINUTE)):
        changed = advance(ctl, wait)
        receiver.wait_events(n, 5)
        assert len(receiver.events()) == n
        assert receiver.events()[-1].arrived - changed < 1.0, "retry not prompt"
        d = one(ctl, sub["id"], n)
    assert d["state"] == "failed" and d["next_attempt_ms"] is None
    at = [a["at_ms"] for a in d["attempt_log"]]
    assert [b - a for a, b in itertools.pairwise(at)] == [
        5 * MINUTE,
        20 * MINUTE,
        60 * MINUTE,
    ]
    assert [a["status"] for a in d["attempt_log"]] == [500] * 4
    # Given up: nothing more, however long we wait.
    advance(ctl, 7 * 24 * 60 * MINUTE)
    time.sleep(0.8)
    assert len(receiver.events()) == 4
    unsubscribe(ctl, sub["id"])


def test_a_later_retry_that_succeeds_delivers(ctl: httpx.Client, receiver: Receiver) -> None:
    sub = subscribe(ctl, receiver.url, events="meeting.created")
    receiver.fail_next(2, status=404)
    sent = emit(ctl, "meeting.created", {"id": 7})
    one(ctl, sub["id"], 1)
    advance(ctl, 5 * MINUTE)
    one(ctl, sub["id"], 2)
    advance(ctl, 20 * MINUTE)
    d = one(ctl, sub["id"], 3)
    assert d["state"] == "delivered"
    assert [a["status"] for a in d["attempt_log"]] == [404, 404, 200]
    assert [r.json for r in receiver.events()] == [sent["body"]] * 3
    assert all(r.verified_raw and r.verified_json for r in receiver.events())
    # Each attempt is signed afresh with the server clock at that moment.
    stamps = [int(r.headers["x-zm-request-timestamp"]) for r in receiver.events()]
    assert stamps[1] - stamps[0] == 5 * 60 and stamps[2] - stamps[1] == 20 * 60
    unsubscribe(ctl, sub["id"])


def test_a_failing_event_does_not_hold_back_later_ones(
    ctl: httpx.Client, receiver: Receiver
) -> None:
    sub = subscribe(ctl, receiver.url, events="user.updated")
    receiver.fail_next(1)
    emit(ctl, "user.updated", {"id": "first"})
    emit(ctl, "user.updated", {"id": "second"})
    got = receiver.wait_events(2)
    assert [r.payload["object"]["id"] for r in got] == ["first", "second"]
    items = wait_deliveries(
        ctl, lambda d: sum(x["attempts"] for x in d) == 2, subscription_id=sub["id"], order="asc"
    )
    assert [x["state"] for x in items] == ["pending", "delivered"]
    advance(ctl, 5 * MINUTE)
    got = receiver.wait_events(3)
    assert got[-1].payload["object"]["id"] == "first"
    unsubscribe(ctl, sub["id"])


def test_endpoints_are_revalidated_every_72_hours(ctl: httpx.Client, receiver: Receiver) -> None:
    sub = subscribe(ctl, receiver.url, events="user.updated")
    assert len(receiver.validations()) == 1
    advance(ctl, 72 * 60 * MINUTE - MINUTE)
    time.sleep(0.8)
    assert len(receiver.validations()) == 1
    advance(ctl, MINUTE)
    assert receiver.wait_for(lambda r: len(r.validations()) == 2, 5)
    r2 = receiver.validations()[1]
    assert r2.verified_raw and r2.verified_json

    # The next one fails: the endpoint is marked and events are held...
    receiver.fail_validations(1)
    advance(ctl, 72 * 60 * MINUTE)
    assert receiver.wait_for(lambda r: len(r.validations()) == 3, 5)
    time.sleep(0.3)
    state = ctl.get(f"/webhooks/subscriptions/{sub['id']}").json()
    assert state["status"] == "unvalidated"
    emit(ctl, "user.updated", {"id": "held"})
    time.sleep(0.8)
    assert receiver.events() == []
    # ...until a later challenge succeeds (zoomstack tries again after 10 s, 20 s, ...).
    advance(ctl, 10_000)
    got = receiver.wait_events(1, 5)
    assert got[0].payload["object"]["id"] == "held"
    assert ctl.get(f"/webhooks/subscriptions/{sub['id']}").json()["status"] == "active"
    unsubscribe(ctl, sub["id"])


def test_deliveries_and_attempts_are_logged_on_the_server_clock(
    ctl: httpx.Client, receiver: Receiver
) -> None:
    sub = subscribe(ctl, receiver.url, events="user.updated")
    now = ctl.get("/clock").json()["now_ms"]
    sent = emit(ctl, "user.updated", {"id": "clocked"})
    assert sent["body"]["event_ts"] == now  # frozen
    d = one(ctl, sub["id"], 1)
    assert d["created_ms"] == now and d["delivered_ms"] == now
    assert d["attempt_log"][0]["request_timestamp"] == now // 1000
    assert deliveries(ctl, seq=sent["seq"])[0]["id"] == d["id"]
    unsubscribe(ctl, sub["id"])


def test_subscription_from_configuration() -> None:
    """ZOOMSTACK_WEBHOOK_URL (+ _EVENTS) wires the dev app to a receiver in one line."""
    with Receiver() as receiver:
        proc = ServerProcess.for_current_store(
            env={
                "ZOOMSTACK_WEBHOOK_URL": receiver.url,
                "ZOOMSTACK_WEBHOOK_EVENTS": "user.created, meeting.*",
            }
        ).start()
        try:
            with proc.control() as c:
                assert receiver.wait_for(lambda r: len(r.validations()) == 1, 5)
                [sub] = c.get("/webhooks/subscriptions").json()["subscriptions"]
                assert sub["source"] == "config" and sub["url"] == receiver.url
                assert sub["events"] == ["user.created", "meeting.*"]
                deadline = time.monotonic() + 5
                while sub["status"] != "active" and time.monotonic() < deadline:
                    time.sleep(0.05)
                    sub = c.get(f"/webhooks/subscriptions/{sub['id']}").json()
                assert sub["status"] == "active"
                emit(c, "user.updated", {"id": "not-subscribed"})
                emit(c, "meeting.started", {"id": "1"})
                [got] = receiver.wait_events(1)
                assert got.event == "meeting.started" and got.verified_raw

                # A reset keeps the configured subscription.
                assert c.post("/reset").status_code == 200
                assert receiver.wait_for(lambda r: len(r.validations()) == 2, 5)
                [again] = c.get("/webhooks/subscriptions").json()["subscriptions"]
                assert again["source"] == "config" and again["id"] != sub["id"]
                # Restarting with the same configuration keeps the same subscription.
                proc.stop()
                proc.start()
                [kept] = c.get("/webhooks/subscriptions").json()["subscriptions"]
                assert kept["id"] == again["id"]
        finally:
            proc.stop()
