"""The outbox dispatcher: fans events out to subscriptions and delivers them, durably.

State lives in the store, never only in memory: an event stays `pending` until the outcome of
an attempt is committed, so a crash (kill -9) loses nothing and at worst repeats a delivery
(at-least-once).

Wake-ups: after the commit of every transaction that emitted an event (`Tx.emit_hooks`), after
a clock change made through this process, and every POLL_S (changes made by other processes,
retries falling due on a running clock).

Claims. SQLite has a single server process: which subscriptions ("lanes") are being worked is
kept in memory. On PostgreSQL several processes share the rows: a task holds its subscription's
lane row (`SELECT ... FOR UPDATE SKIP LOCKED`) in an open transaction from the claim of one
delivery until that attempt's outcome is committed. So one subscription's events go out in
order, from one process at a time, and never twice; a crashed holder's lock goes with its
connection.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from zoomstack import errors, jsonutil
from zoomstack.store import Store, Tx
from zoomstack.webhooks import delivery_rows, signing, subscription_rows, subscriptions
from zoomstack.webhooks.delivery_rows import Claim, Outcome
from zoomstack.webhooks.sender import TIMEOUT_S, Sender
from zoomstack.webhooks.subscription_rows import Sub

if TYPE_CHECKING:
    from zoomstack.app import App

log = logging.getLogger("zoomstack.webhooks")

POLL_S = 0.5
FANOUT_BATCH = 500
# A process that takes a due validation owns it this long (server clock) before others retry.
VALIDATION_LEASE_MS = 60_000
CLOCK_REFRESH_S = 0.5


class _Release(Exception):
    """Thrown into a held transaction to roll it back."""


class HeldTx:
    """A store transaction kept open across awaits (entered and left on worker threads)."""

    def __init__(self, store: Store) -> None:
        self._cm = store.transaction()
        self.tx: Tx = self._cm.__enter__()
        self._open = True

    def commit(self) -> None:
        if self._open:
            self._open = False
            self._cm.__exit__(None, None, None)

    def rollback(self) -> None:
        if self._open:
            self._open = False
            self._cm.__exit__(_Release, _Release(), None)


class Dispatcher:
    def __init__(self, app: App) -> None:
        self.app = app
        self.worker = f"{socket.gethostname()}:{os.getpid()}"
        self.shared_store = app.store.dialect == "postgres"
        # On PostgreSQL each busy lane holds a pooled connection while its request is out.
        self.max_lanes = 4 if self.shared_store else 32
        self.delivered = 0
        self.failed_attempts = 0
        self._loop: asyncio.AbstractEventLoop | None = None
        self._wake: asyncio.Event | None = None
        self._main: asyncio.Task[None] | None = None
        self._lanes: dict[str, asyncio.Task[None]] = {}
        self._validations: dict[str, asyncio.Task[Sub | None]] = {}
        self._sender: Sender | None = None
        self._stopping = False
        self._fanout_gen = 0
        self._clock_read = 0.0
        self._clock_changed = 0.0

    # -- lifecycle ---------------------------------------------------------------------------
    async def start(self, app: App) -> None:
        self._loop = asyncio.get_running_loop()
        self._wake = asyncio.Event()
        self._sender = Sender(app.clock)
        await app.store.run(self._startup_sync)
        Tx.emit_hooks.append(self.wake)
        self._main = self._loop.create_task(self._run(), name="zoomstack-webhooks")

    def _startup_sync(self) -> None:
        with self.app.store.transaction() as tx:
            subscription_rows.release_validation_leases(tx)
        self._ensure_config()

    def _ensure_config(self) -> None:
        try:
            with self.app.store.transaction() as tx:
                subscriptions.ensure_config(tx, self.app.settings, self.app.clock.now_ms())
        except errors.ZoomError as exc:
            log.error("ZOOMSTACK_WEBHOOK_URL/EVENTS not usable: %s", exc.message)

    def after_reset(self, app: App) -> None:
        self._ensure_config()
        self.wake()

    def on_clock(self, app: App) -> None:
        self._clock_changed = time.monotonic()
        self.wake()

    async def stop(self, app: App) -> None:
        self._stopping = True
        with contextlib.suppress(ValueError):
            Tx.emit_hooks.remove(self.wake)
        self.wake()
        tasks: list[asyncio.Task[Any]] = [*self._lanes.values(), *self._validations.values()]
        if self._main is not None:
            tasks.append(self._main)
        if tasks:
            # Let attempts under way finish (they are bounded by the delivery timeout).
            _done, pending = await asyncio.wait(tasks, timeout=TIMEOUT_S + 1)
            for task in pending:
                task.cancel()
            await asyncio.gather(*pending, return_exceptions=True)
        if self._sender is not None:
            await self._sender.aclose()

    def wake(self) -> None:
        """Thread-safe: called after commits on any thread."""
        loop, event = self._loop, self._wake
        if loop is None or event is None or loop.is_closed():
            return
        try:
            running = asyncio.get_running_loop()
        except RuntimeError:
            running = None
        try:
            if running is loop:
                event.set()
            else:
                loop.call_soon_threadsafe(event.set)
        except RuntimeError:  # the loop is shutting down
            pass

    def status(self) -> dict[str, Any]:
        return {
            "worker": self.worker,
            "store": self.app.store.dialect,
            "active_lanes": sorted(self._lanes),
            "validations_in_progress": sorted(self._validations),
            "delivered_since_start": self.delivered,
            "failed_attempts_since_start": self.failed_attempts,
        }

    # -- the loop ----------------------------------------------------------------------------
    async def _run(self) -> None:
        assert self._wake is not None
        while not self._stopping:
            self._wake.clear()
            try:
                await self._step()
            except Exception:
                log.exception("webhook dispatcher step failed")
            if self._stopping:
                break
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), POLL_S)

    async def _step(self) -> None:
        busy = set(self._lanes)
        room = self.max_lanes - len(busy)
        validating = set(self._validations)
        lanes, due = await self.app.store.run(lambda: self._scan(busy, room, validating))
        loop = asyncio.get_running_loop()
        for sub_id in lanes:
            if sub_id not in self._lanes:
                self._lanes[sub_id] = loop.create_task(self._lane(sub_id))
        for sub_id in due:
            if sub_id not in self._validations:
                self._validations[sub_id] = loop.create_task(self._scheduled_validation(sub_id))

    def _scan(self, busy: set[str], room: int, validating: set[str]) -> tuple[list[str], list[str]]:
        with self.app.store.transaction() as tx:
            self._refresh_clock(tx)
            now = self.app.clock.now_ms()
            created = 0
            while True:
                n, c = delivery_rows.fanout(
                    tx, now, serialize=self.shared_store, limit=FANOUT_BATCH
                )
                created += c
                if n < FANOUT_BATCH:
                    break
            if created:
                self._fanout_gen += 1
            lanes = delivery_rows.due_lanes(tx, now, busy, room)
            due: list[str] = []
            for sub_id, due_ms in subscription_rows.due_validations(tx, now):
                if sub_id not in validating and subscription_rows.claim_validation(
                    tx, sub_id, due_ms, now + VALIDATION_LEASE_MS
                ):
                    due.append(sub_id)
        return lanes, due

    def _refresh_clock(self, tx: Tx) -> None:
        """Other processes may move the shared clock; this process re-reads it now and then
        (but not right after changing it itself, while its own write may still be in flight)."""
        if not self.shared_store:
            return
        mono = time.monotonic()
        if mono - self._clock_read < CLOCK_REFRESH_S or mono - self._clock_changed < 1.0:
            return
        self._clock_read = mono
        self.app.sync_clock(tx)

    # -- one subscription's deliveries, in order ---------------------------------------------
    async def _lane(self, sub_id: str) -> None:
        worked = False
        gen = self._fanout_gen
        store = self.app.store
        try:
            while not self._stopping:
                gen = self._fanout_gen
                claim = await store.run(lambda: self._claim(sub_id))
                if claim is None:
                    break
                try:
                    outcome = await self._send(claim)
                except BaseException:
                    if claim.held is not None:
                        claim.held.rollback()
                    raise
                await store.run(_bind(self._finish, claim, outcome))
                worked = True
        except Exception:
            log.exception("webhook lane %s failed", sub_id)
        finally:
            self._lanes.pop(sub_id, None)
            # Work may have arrived while this lane was finishing: look again.
            if (worked or gen != self._fanout_gen) and not self._stopping:
                self.wake()

    def _claim(self, sub_id: str) -> Claim | None:
        now = self.app.clock.now_ms()
        if not self.shared_store:
            with self.app.store.transaction() as tx:
                return delivery_rows.next_due(tx, sub_id, now, lock=False)
        held = HeldTx(self.app.store)
        try:
            if delivery_rows.lock_lane(held.tx, sub_id):
                claim = delivery_rows.next_due(held.tx, sub_id, now, lock=True)
                if claim is not None:
                    claim.held = held
                    return claim
            held.rollback()
            return None
        except BaseException:
            held.rollback()
            raise

    async def _send(self, claim: Claim) -> Outcome:
        assert self._sender is not None
        body = signing.body_bytes(jsonutil.loads(claim.body))
        return await self._sender.deliver(claim.sub, body)

    def _finish(self, claim: Claim, outcome: Outcome) -> None:
        if claim.held is None:
            with self.app.store.transaction() as tx:
                delivery_rows.finish(tx, claim, outcome, self.worker)
        else:
            held: HeldTx = claim.held
            try:
                delivery_rows.finish(held.tx, claim, outcome, self.worker)
            except BaseException:
                held.rollback()
                raise
            held.commit()
        if outcome.ok:
            self.delivered += 1
        else:
            self.failed_attempts += 1

    # -- URL validation ----------------------------------------------------------------------
    async def validate(self, sub_id: str) -> Sub | None:
        """Challenge the endpoint now and record the result; None if the subscription is gone."""
        assert self._sender is not None
        store = self.app.store
        sub = await store.run(lambda: self.load_subscription(sub_id))
        if sub is None:
            return None
        result = await self._sender.validate(sub)
        updated = await store.run(lambda: self._record(sub_id, result.to_json()))
        if updated is not None and updated["status"] == subscriptions.ACTIVE:
            self.wake()
        return updated

    async def _scheduled_validation(self, sub_id: str) -> Sub | None:
        try:
            return await self.validate(sub_id)
        except Exception:
            log.exception("validation of subscription %s failed", sub_id)
            return None
        finally:
            self._validations.pop(sub_id, None)

    def load_subscription(self, sub_id: str) -> Sub | None:
        with self.app.store.transaction() as tx:
            return subscription_rows.get(tx, sub_id)

    def _record(self, sub_id: str, result: dict[str, Any]) -> Sub | None:
        with self.app.store.transaction() as tx:
            return subscriptions.record_validation(tx, sub_id, result)


def _bind(
    fn: Callable[[Claim, Outcome], None], claim: Claim, outcome: Outcome
) -> Callable[[], None]:
    return lambda: fn(claim, outcome)
