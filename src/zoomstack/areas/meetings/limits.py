"""The per-host daily limit on meeting (and webinar) create/update requests.

Zoom allows 100 create + update requests per host user per UTC day; the count restarts at
00:00 UTC. Webinar create/update count against the same budget.
"""

from __future__ import annotations

from datetime import UTC, datetime

from zoomstack import errors
from zoomstack.context import Ctx
from zoomstack.timefmt import format_iso

DAILY_LIMIT = 100
DAY_MS = 86_400_000

_MESSAGE = (
    "You have exceeded the daily rate limit ({limit}) of Meeting Create/Update API requests"
    " permitted for this particular user. You may resume these requests at GMT 00:00:00."
)


def _key(host_id: str) -> str:
    return f"meeting_create_update:{host_id}"


def count_create_update(ctx: Ctx, host_id: str) -> int:
    """Count one create/update request against `host_id`; 429 past the limit.

    The count lives in the request's transaction: a request that fails later rolls it back.
    """
    now_ms = ctx.clock.now_ms()
    window = now_ms // DAY_MS
    used = ctx.tx.counter_incr(_key(host_id), window)
    if used > DAILY_LIMIT:
        reset = datetime.fromtimestamp((window + 1) * DAY_MS / 1000, tz=UTC)
        raise errors.ZoomError(
            429,
            429,
            _MESSAGE.format(limit=DAILY_LIMIT),
            headers={
                "X-RateLimit-Type": "Daily-limit",
                "X-RateLimit-Limit": str(DAILY_LIMIT),
                "X-RateLimit-Remaining": "0",
                "Retry-After": format_iso(reset),
            },
        )
    return used


def used_today(ctx: Ctx, host_id: str) -> int:
    return ctx.tx.counter_get(_key(host_id), ctx.clock.now_ms() // DAY_MS)
