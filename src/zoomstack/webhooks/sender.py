"""HTTP: one signed POST per attempt, and the endpoint.url_validation challenge.

Everything Zoom-visible about a request is decided here: headers, signature, timestamp (server
clock, seconds), the 3-second limit and what counts as success (any 2xx).
"""

from __future__ import annotations

import asyncio
import base64
import logging
import time
from dataclasses import dataclass
from typing import Any

import httpx

from zoomstack import ids, jsonutil
from zoomstack.clock import Clock
from zoomstack.webhooks import signing
from zoomstack.webhooks.delivery_rows import RESPONSE_SNIPPET, Outcome
from zoomstack.webhooks.events import URL_VALIDATION
from zoomstack.webhooks.subscription_rows import Sub

# One log line per delivery is the delivery log's job, not httpx's.
logging.getLogger("httpx").setLevel(logging.WARNING)

TIMEOUT_S = 3.0
# A validation answer is a small JSON object; read no more than this of it.
_VALIDATION_READ = 64 * 1024


@dataclass(slots=True)
class Validation:
    ok: bool
    at_ms: int
    status: int | None
    latency_ms: float
    error: str

    def to_json(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "at_ms": self.at_ms,
            "status": self.status,
            "latency_ms": round(self.latency_ms, 3),
            "error": self.error,
        }


def headers_for(sub: Sub, body: bytes, timestamp: int, tracking_id: str) -> dict[str, str]:
    headers = {
        "content-type": signing.CONTENT_TYPE,
        "user-agent": signing.USER_AGENT,
        "accept-encoding": "gzip",
        "clientid": str(sub.get("client_id", "")),
        "x-zm-request-timestamp": str(timestamp),
        "x-zm-signature": signing.signature(str(sub.get("secret_token", "")), timestamp, body),
        "x-zm-trackingid": tracking_id,
    }
    if sub.get("auth_user") or sub.get("auth_password"):
        pair = f"{sub.get('auth_user', '')}:{sub.get('auth_password', '')}".encode()
        headers["authorization"] = "Basic " + base64.b64encode(pair).decode()
    elif sub.get("verification_token"):
        headers["authorization"] = str(sub["verification_token"])
    return headers


class Sender:
    def __init__(self, clock: Clock) -> None:
        self.clock = clock
        # trust_env=False: a proxy configured for the host must not swallow loopback receivers.
        self._client = httpx.AsyncClient(
            timeout=httpx.Timeout(TIMEOUT_S),
            follow_redirects=False,
            trust_env=False,
            limits=httpx.Limits(max_connections=200, max_keepalive_connections=50),
        )

    async def aclose(self) -> None:
        await self._client.aclose()

    async def _post(
        self, sub: Sub, body: bytes, read_limit: int
    ) -> tuple[int, int, str, int | None, bytes, str, float]:
        at_ms = self.clock.now_ms()
        ts = at_ms // 1000
        tid = ids.tracking_id().decode()
        headers = headers_for(sub, body, ts, tid)
        status: int | None = None
        data = b""
        error = ""
        started = time.perf_counter()
        try:
            async with (
                asyncio.timeout(TIMEOUT_S),
                self._client.stream("POST", str(sub["url"]), content=body, headers=headers) as r,
            ):
                async for chunk in r.aiter_bytes():
                    data += chunk
                    if len(data) >= read_limit:
                        break
                status = r.status_code
        except TimeoutError:
            error = f"timeout: no response within {TIMEOUT_S:g} s"
        except httpx.HTTPError as exc:
            error = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
        except (OSError, ValueError) as exc:  # e.g. an unusable URL
            error = f"{type(exc).__name__}: {exc}"
        latency = (time.perf_counter() - started) * 1000
        return at_ms, ts, tid, status, data[:read_limit], error, latency

    async def deliver(self, sub: Sub, body: bytes) -> Outcome:
        at_ms, ts, tid, status, data, error, latency = await self._post(sub, body, RESPONSE_SNIPPET)
        ok = status is not None and 200 <= status < 300
        if status is not None and not ok and not error:
            error = f"HTTP {status}"
        return Outcome(
            ok=ok,
            at_ms=at_ms,
            request_ts=ts,
            tracking_id=tid,
            status=status,
            latency_ms=latency,
            response=data.decode("utf-8", errors="replace"),
            error=error,
        )

    async def validate(self, sub: Sub) -> Validation:
        plain = signing.plain_token()
        now = self.clock.now_ms()
        body = signing.body_bytes(
            {"event": URL_VALIDATION, "event_ts": now, "payload": {"plainToken": plain}}
        )
        at_ms, _ts, _tid, status, data, error, latency = await self._post(
            sub, body, _VALIDATION_READ
        )
        ok = False
        if status == 200:
            expected = signing.encrypted_token(str(sub.get("secret_token", "")), plain)
            try:
                answer = jsonutil.loads(data)
            except (jsonutil.JSONDecodeError, UnicodeDecodeError):
                answer = None
            if not isinstance(answer, dict):
                error = "the response is not a JSON object"
            elif answer.get("plainToken") != plain:
                error = "plainToken in the response does not match"
            elif answer.get("encryptedToken") != expected:
                error = "encryptedToken in the response does not match"
            else:
                ok = True
        elif status is not None and not error:
            error = f"HTTP {status} (expected 200)"
        return Validation(ok, at_ms, status, latency, error)
