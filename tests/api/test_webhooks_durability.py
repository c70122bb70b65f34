"""At-least-once delivery across crashes (SIGKILL), and several server processes sharing one
PostgreSQL database without delivering anything twice."""

from __future__ import annotations

import time
from collections import Counter
from typing import Any

import httpx
import pytest

from support.receiver import Receiver, deliveries, emit, subscribe, wait_deliveries
from support.server import ServerProcess, pg_admin_url


def _ids(receiver: Receiver, path: str | None = None) -> list[str]:
    return [str(r.payload["object"]["id"]) for r in receiver.events(path)]


def _all_delivered(ctl: httpx.Client, sub_id: str, n: int, timeout: float) -> list[dict[str, Any]]:
    return wait_deliveries(
        ctl,
        lambda d: len(d) == n and all(x["state"] == "delivered" for x in d),
        timeout,
        subscription_id=sub_id,
    )


def test_kill_while_the_receiver_is_down_then_deliver_after_restart() -> None:
    receiver = Receiver().start()
    proc = ServerProcess.for_current_store().start()
    try:
        with proc.control() as c:
            c.post("/clock", json={"freeze": True})
            sub = subscribe(c, receiver.url, events="user.updated")
            port = receiver.port
            receiver.stop()  # the endpoint goes away
            sent = [emit(c, "user.updated", {"id": f"down-{i}"}) for i in range(10)]
            failed_once = wait_deliveries(
                c,
                lambda d: len(d) == 10 and all(x["attempts"] == 1 for x in d),
                10,
                subscription_id=sub["id"],
            )
            assert all(x["state"] == "pending" for x in failed_once)
            assert all(x["attempt_log"][0]["status"] is None for x in failed_once)
        proc.kill()

        receiver = Receiver(port=port).start()  # the endpoint is back
        proc.start()
        with proc.control() as c:
            time.sleep(0.5)
            assert receiver.events() == []  # retries wait for their time (server clock)
            c.post("/clock", json={"advance_minutes": 5})
            receiver.wait_events(10, 10)
            assert sorted(_ids(receiver)) == sorted(f"down-{i}" for i in range(10))
            done = _all_delivered(c, sub["id"], 10, 5)
            assert {d["seq"] for d in done} == {s["seq"] for s in sent}
            assert all(d["attempts"] == 2 for d in done)
    finally:
        proc.stop()
        receiver.stop()


def test_kill_during_slow_deliveries_then_deliver_after_restart() -> None:
    with Receiver() as receiver:
        proc = ServerProcess.for_current_store().start()
        try:
            with proc.control() as c:
                sub = subscribe(c, receiver.url, events="user.updated")
                receiver.slow(2.0)
                for i in range(6):
                    emit(c, "user.updated", {"id": f"slow-{i}"})
                assert receiver.wait_for(lambda r: len(r.events()) >= 1, 5)
            proc.kill()  # an attempt is under way, five more are queued
            receiver.slow(0)

            proc.start()
            with proc.control() as c:
                _all_delivered(c, sub["id"], 6, 10)
            got = Counter(_ids(receiver))
            assert set(got) == {f"slow-{i}" for i in range(6)}
            # At-least-once: only the attempt cut short by the crash may arrive twice.
            assert all(n == 1 for key, n in got.items() if key != "slow-0")
            assert _ids(receiver)[-5:] == [f"slow-{i}" for i in range(1, 6)]
        finally:
            proc.stop()


def test_kill_right_after_the_commit_loses_no_event() -> None:
    """Events committed but perhaps not fanned out yet survive a crash too."""
    with Receiver() as receiver:
        proc = ServerProcess.for_current_store().start()
        try:
            with proc.control() as c:
                sub = subscribe(c, receiver.url, events="user.created")
                with httpx.Client(base_url=proc.base_url + "/_zoomstack") as fast:
                    for i in range(30):
                        body = {"event": "user.created", "object": {"id": f"burst-{i}"}}
                        assert fast.post("/webhooks/test-event", json=body).status_code == 201
            proc.kill()
            proc.start()
            with proc.control() as c:
                _all_delivered(c, sub["id"], 30, 10)
            assert set(_ids(receiver)) == {f"burst-{i}" for i in range(30)}
        finally:
            proc.stop()


@pytest.mark.skipif(not pg_admin_url(), reason="several server processes need PostgreSQL")
def test_two_processes_on_one_database_deliver_each_event_once_in_order() -> None:
    a = ServerProcess.for_current_store().start()
    b = ServerProcess(database_url=a.database_url).start()
    paths = [f"/p{i}" for i in range(4)]
    try:
        with Receiver() as receiver, a.control() as ca, b.control() as cb:
            subs = [subscribe(ca, receiver.url_for(p), events="user.updated") for p in paths]
            n = 60
            for i in range(n):
                emit(ca if i % 2 else cb, "user.updated", {"id": f"mp-{i:03d}"})
            receiver.wait_events(n * len(paths), 30)
            time.sleep(0.5)  # anything extra would show up now
            for p in paths:
                assert _ids(receiver, p) == [f"mp-{i:03d}" for i in range(n)], p
            workers: Counter[str] = Counter()
            for sub in subs:
                for d in _all_delivered(cb, sub["id"], n, 10):
                    assert d["attempts"] == 1, d
                    [attempt] = d["attempt_log"]
                    workers[attempt["worker"]] += 1
            assert sum(workers.values()) == n * len(paths)
            assert len(deliveries(ca, state="pending")) == 0
    finally:
        b.stop()
        a.stop()
