"""Webhook delivery benchmark: events delivered per second to a local receiver, and the
latency from the API response to the delivery (p50/p95; target p50 < 20 ms).

    .venv/bin/python bench/webhooks.py [--events 1000] [--latency-samples 200]
        [--concurrency 8] [--database-url postgresql://...] [--max-seconds 90]

A third figure, `backlog_drain`, is delivery alone: a backlog of held events released at once.
It starts its own server process (SQLite in a temporary folder unless --database-url) and a
receiver on loopback that verifies every signature, so the numbers include signing and
verification. Events come from a real API operation (PATCH /v2/users/{userId}, which emits
user.updated) when it is implemented, else from the control API's test-event endpoint.
Prints JSON.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

from support.receiver import Receiver, subscribe  # noqa: E402
from support.server import ServerProcess  # noqa: E402


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return round(ordered[index], 3)


def pick_source(proc: ServerProcess) -> tuple[str, Callable[[httpx.Client, int], None]]:
    """An event source: the users API when implemented, the test-event endpoint otherwise."""
    api = proc.api()
    owner = api.get("/users/me").json()["id"]
    probe = api.patch(f"/users/{owner}", json={"job_title": "bench"})
    api.close()
    if probe.status_code == 204:

        def via_api(client: httpx.Client, i: int) -> None:
            resp = client.patch(f"/v2/users/{owner}", json={"job_title": f"bench {i}"})
            assert resp.status_code == 204, resp.text

        return "PATCH /v2/users/{userId} (user.updated)", via_api

    def via_control(client: httpx.Client, i: int) -> None:
        body = {"event": "user.updated", "object": {"id": owner, "job_title": f"bench {i}"}}
        resp = client.post("/_zoomstack/webhooks/test-event", json=body)
        assert resp.status_code == 201, resp.text

    return "POST /_zoomstack/webhooks/test-event", via_control


def client_for(proc: ServerProcess) -> httpx.Client:
    return httpx.Client(
        base_url=proc.base_url,
        headers={"Authorization": f"Bearer {proc.token()}"},
        timeout=30,
    )


def measure_latency(
    proc: ServerProcess,
    receiver: Receiver,
    send: Callable[[httpx.Client, int], None],
    n: int,
    deadline: float,
) -> dict[str, Any]:
    from_response: list[float] = []
    from_request: list[float] = []
    with client_for(proc) as client:
        for i in range(n):
            if time.monotonic() > deadline:
                break
            before = len(receiver.events())
            started = time.perf_counter()
            send(client, i)
            answered = time.perf_counter()
            if not receiver.wait_for(lambda r, b=before: len(r.events()) > b, 5):
                raise RuntimeError("an event was not delivered within 5 s")
            arrived = receiver.events()[before].arrived
            from_response.append((arrived - answered) * 1000)
            from_request.append((arrived - started) * 1000)
    return {
        "samples": len(from_response),
        "p50_ms": percentile(from_response, 0.5),
        "p95_ms": percentile(from_response, 0.95),
        "max_ms": percentile(from_response, 1.0),
        "mean_ms": round(statistics.fmean(from_response), 3),
        "from_request_start_p50_ms": percentile(from_request, 0.5),
        "from_request_start_p95_ms": percentile(from_request, 0.95),
        "note": "receiver arrival minus the moment the API answer was read; negative means the"
        " delivery arrived before the client had read the response",
    }


def measure_throughput(
    proc: ServerProcess,
    receiver: Receiver,
    send: Callable[[httpx.Client, int], None],
    n: int,
    concurrency: int,
    deadline: float,
) -> dict[str, Any]:
    start_count = len(receiver.events())
    counter = iter(range(n))
    lock = threading.Lock()
    sent = 0

    def worker() -> None:
        nonlocal sent
        with client_for(proc) as client:
            while time.monotonic() < deadline:
                with lock:
                    i = next(counter, None)
                if i is None:
                    return
                send(client, i)
                with lock:
                    sent += 1

    started = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    api_done = time.perf_counter()
    left = max(1.0, deadline - time.monotonic())
    receiver.wait_for(lambda r: len(r.events()) - start_count >= sent, left)
    got = receiver.events()[start_count:]
    finished = got[-1].arrived if got else api_done
    elapsed = finished - started
    return {
        "events_sent": sent,
        "events_delivered": len(got),
        "concurrency": concurrency,
        "seconds": round(elapsed, 3),
        "delivered_per_second": round(len(got) / elapsed, 1) if elapsed > 0 else None,
        "api_requests_per_second": round(sent / (api_done - started), 1),
        "all_signatures_verified": all(r.verified_raw and r.verified_json for r in got),
    }


def measure_backlog_drain(
    proc: ServerProcess, receiver: Receiver, n: int, deadline: float
) -> dict[str, Any]:
    """Delivery alone, without API traffic: events held while the endpoint fails its URL
    validation are released at once by a successful re-validation."""
    path = "/backlog"
    with proc.control() as control:
        receiver.fail_validations(1)
        sub = subscribe(control, receiver.url_for(path), events="bench.backlog")
        for i in range(n):
            body = {"event": "bench.backlog", "object": {"n": i}}
            resp = control.post("/webhooks/test-event", json=body)
            assert resp.status_code == 201, resp.text
        started = time.perf_counter()
        resp = control.post(f"/webhooks/subscriptions/{sub['id']}/validate")
        assert resp.json()["status"] == "active", resp.text
        left = max(1.0, deadline - time.monotonic())
        receiver.wait_for(lambda r: len(r.events(path)) >= n, left)
    got = receiver.events(path)
    elapsed = (got[-1].arrived if got else time.perf_counter()) - started
    return {
        "events": n,
        "delivered": len(got),
        "seconds": round(elapsed, 3),
        "delivered_per_second": round(len(got) / elapsed, 1) if elapsed > 0 else None,
        "in_order": [r.payload["object"]["n"] for r in got] == list(range(len(got))),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=1000)
    parser.add_argument("--latency-samples", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--max-seconds", type=float, default=90.0)
    args = parser.parse_args()
    deadline = time.monotonic() + args.max_seconds

    with Receiver() as receiver:
        proc = ServerProcess(database_url=args.database_url).start()
        try:
            source, send = pick_source(proc)
            with proc.control() as control:
                # Subscribed after the probe: only the measured events are delivered.
                subscribe(control, receiver.url, events="user.updated")
            latency = measure_latency(proc, receiver, send, args.latency_samples, deadline)
            throughput = measure_throughput(
                proc, receiver, send, args.events, args.concurrency, deadline
            )
            drain = measure_backlog_drain(proc, receiver, args.events, deadline)
        finally:
            proc.stop()
    result = {
        "benchmark": "webhooks",
        "store": "postgres" if args.database_url else "sqlite",
        "event_source": source,
        "latency_api_response_to_delivery": latency,
        "latency_target_p50_ms": 20,
        "latency_target_met": latency["p50_ms"] < 20,
        "throughput": throughput,
        "backlog_drain": drain,
    }
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
