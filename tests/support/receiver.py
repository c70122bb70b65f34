"""A webhook receiver on loopback for tests: verifies every request the way Zoom's own samples
do, answers the URL validation challenge, can fail or be slow on demand, records everything.

Signatures are checked twice: over the raw body bytes, and over the body parsed and serialised
again (`JSON.stringify` in Zoom's Node.js samples; compact separators, raw non-ASCII here).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from support.server import WEBHOOK_SECRET
from zoomstack.testing.endpoint import LoopbackEndpoint

URL_VALIDATION = "endpoint.url_validation"


def zoom_signature(secret: str, timestamp: str, body: bytes) -> str:
    message = b"v0:" + timestamp.encode() + b":" + body
    return "v0=" + hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def js_stringify(value: Any) -> bytes:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode()


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes
    json: Any
    arrived: float  # time.perf_counter() at arrival
    verified_raw: bool
    verified_json: bool
    status: int = 0  # what the receiver answered (0 while it is still answering)

    @property
    def event(self) -> str:
        return str(self.json.get("event", "")) if isinstance(self.json, dict) else ""

    @property
    def is_validation(self) -> bool:
        return self.event == URL_VALIDATION

    @property
    def payload(self) -> dict[str, Any]:
        return dict(self.json.get("payload", {})) if isinstance(self.json, dict) else {}


@dataclass
class _Plan:
    fail_events: int = 0
    fail_status: int = 500
    fail_validations: int = 0
    delay_s: float = 0.0
    secrets: dict[str, str] = field(default_factory=dict)
    answer: bytes | None = None


class Receiver(LoopbackEndpoint):
    """Use as a context manager or call start()/stop(); `url` is where to subscribe."""

    def __init__(self, secret: str = WEBHOOK_SECRET, port: int = 0) -> None:
        super().__init__(port)
        self.secret = secret
        self.received: list[Received] = []
        self._plan = _Plan()
        self._cond = threading.Condition()

    @property
    def url(self) -> str:
        return self.url_for("/hook")

    def url_for(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    # -- behaviour ---------------------------------------------------------------------------
    def fail_next(self, n: int, status: int = 500) -> None:
        """Answer the next n event deliveries (not validations) with `status`."""
        with self._cond:
            self._plan.fail_events = n
            self._plan.fail_status = status

    def fail_validations(self, n: int) -> None:
        """Answer the next n URL validation challenges wrongly."""
        with self._cond:
            self._plan.fail_validations = n

    def slow(self, seconds: float) -> None:
        with self._cond:
            self._plan.delay_s = seconds

    def answer_with(self, body: bytes | None) -> None:
        """The body of every successful answer to an event (None: a small JSON object)."""
        with self._cond:
            self._plan.answer = body

    def use_secret(self, path: str, secret: str) -> None:
        with self._cond:
            self._plan.secrets[path] = secret

    def handle(self, path: str, headers: Any, body: bytes) -> tuple[int, bytes]:
        hdrs = {k.lower(): v for k, v in headers.items()}
        with self._cond:
            secret = self._plan.secrets.get(path, self.secret)
        try:
            parsed = json.loads(body)
        except ValueError:
            parsed = None
        ts = hdrs.get("x-zm-request-timestamp", "")
        sig = hdrs.get("x-zm-signature", "")
        raw_ok = hmac.compare_digest(sig, zoom_signature(secret, ts, body))
        json_ok = parsed is not None and hmac.compare_digest(
            sig, zoom_signature(secret, ts, js_stringify(parsed))
        )
        rec = Received(path, hdrs, body, parsed, time.perf_counter(), raw_ok, json_ok)
        with self._cond:
            plan = self._plan
            status = 200
            answer = b'{"ok":true}'
            if rec.is_validation:
                plain = str(rec.payload.get("plainToken", ""))
                if plan.fail_validations > 0:
                    plan.fail_validations -= 1
                    status, answer = 400, b'{"error":"refused"}'
                else:
                    token = hmac.new(secret.encode(), plain.encode(), hashlib.sha256).hexdigest()
                    answer = json.dumps({"plainToken": plain, "encryptedToken": token}).encode()
            elif plan.fail_events > 0:
                plan.fail_events -= 1
                status, answer = plan.fail_status, b'{"error":"planned failure"}'
            elif plan.answer is not None:
                answer = plan.answer
            delay = plan.delay_s
            self.received.append(rec)
            self._cond.notify_all()
        if delay:
            time.sleep(delay)
        rec.status = status
        return status, answer

    # -- inspection --------------------------------------------------------------------------
    def events(self, path: str | None = None) -> list[Received]:
        with self._cond:
            return [
                r for r in self.received if not r.is_validation and (path is None or r.path == path)
            ]

    def validations(self, path: str | None = None) -> list[Received]:
        with self._cond:
            return [
                r for r in self.received if r.is_validation and (path is None or r.path == path)
            ]

    def wait_for(self, predicate: Callable[[Receiver], bool], timeout: float = 10.0) -> bool:
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                if predicate(self):
                    return True
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._cond.wait(min(left, 0.1))

    def wait_events(self, n: int, timeout: float = 10.0, path: str | None = None) -> list[Received]:
        """Wait for at least n event deliveries (validations excluded) and return them all."""
        self.wait_for(lambda r: len(r._events_unlocked(path)) >= n, timeout)
        return self.events(path)

    def _events_unlocked(self, path: str | None) -> list[Received]:
        return [
            r for r in self.received if not r.is_validation and (path is None or r.path == path)
        ]


# -- the control API, for tests ------------------------------------------------------------------
def subscribe(control: Any, url: str, events: Any = "*", **extra: Any) -> dict[str, Any]:
    """Create an event subscription through the control API (validated unless validate=False)."""
    resp = control.post("/webhooks/subscriptions", json={"url": url, "events": events, **extra})
    assert resp.status_code == 201, resp.text
    return dict(resp.json())


def unsubscribe(control: Any, sub_id: str) -> None:
    control.delete(f"/webhooks/subscriptions/{sub_id}")


def emit(
    control: Any, event: str, obj: dict[str, Any] | None = None, **extra: Any
) -> dict[str, Any]:
    """Enqueue a synthetic event; returns {seq, event, account_id, body}."""
    body: dict[str, Any] = {"event": event, **extra}
    if obj is not None:
        body["object"] = obj
    resp = control.post("/webhooks/test-event", json=body)
    assert resp.status_code == 201, resp.text
    return dict(resp.json())


def deliveries(control: Any, **filters: Any) -> list[dict[str, Any]]:
    resp = control.get("/webhooks/deliveries", params={"limit": 1000, **filters})
    assert resp.status_code == 200, resp.text
    return list(resp.json()["deliveries"])


def wait_deliveries(
    control: Any,
    predicate: Callable[[list[dict[str, Any]]], bool],
    timeout: float = 10.0,
    **filters: Any,
) -> list[dict[str, Any]]:
    """Poll the delivery log until `predicate(items)` holds; returns the last items."""
    deadline = time.monotonic() + timeout
    while True:
        items = deliveries(control, **filters)
        if predicate(items) or time.monotonic() > deadline:
            return items
        time.sleep(0.05)
