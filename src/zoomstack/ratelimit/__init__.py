"""Zoom's per-account rate limits (issue 7): plans, policies, counting, headers and 429s.

`register(app)` wires the limiter's lifecycle: read persisted daily counts at start-up, write
them every few seconds and at shutdown (memory counting), forget everything on reset.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import TYPE_CHECKING

from zoomstack.ratelimit.limiter import Lines, RateLimiter

if TYPE_CHECKING:
    from zoomstack.app import App

__all__ = ["Lines", "RateLimiter", "register"]

FLUSH_INTERVAL_S = 5.0
log = logging.getLogger("zoomstack.ratelimit")


def _flush(app: App) -> None:
    with app.store.transaction() as tx:
        app.limiter.flush(tx)


def register(app: App) -> None:
    limiter = app.limiter
    task: list[asyncio.Task[None]] = []

    async def flush_loop() -> None:
        while True:
            await asyncio.sleep(FLUSH_INTERVAL_S)
            try:
                await app.store.run(lambda: _flush(app))
            except Exception:
                log.exception("persisting rate-limit counts failed")

    async def startup(app: App) -> None:
        if not limiter.in_memory:
            return

        def load() -> None:
            with app.store.transaction() as tx:
                limiter.load(tx)

        await app.store.run(load)
        task.append(asyncio.get_running_loop().create_task(flush_loop()))

    async def shutdown(app: App) -> None:
        for t in task:
            t.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await t
        if limiter.in_memory:
            await app.store.run(lambda: _flush(app))

    app.startup_hooks.append(startup)
    app.shutdown_hooks.append(shutdown)
    app.reset_hooks.append(lambda app: limiter.reset())
