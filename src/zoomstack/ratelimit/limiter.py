"""Admitting requests: per-account rate windows and daily caps, and Zoom's headers and 429s.

Two ways to count, same rules:

- one SQLite process: counters live in memory, next to the account's policy (a dict lookup and
  a few attribute updates per request); daily counts are written to the store's counters table
  every few seconds and at shutdown, and read back at start-up, so a restart keeps the day's
  usage;
- PostgreSQL (possibly several processes on one database): counters are rows of the counters
  table, incremented with UPSERT ... RETURNING inside the request's own transaction, so all
  processes share exact counts.

Only requests that succeed count: a request the handler rejects rolls its transaction back
(PostgreSQL) or is refunded (memory), like the per-host meeting create/update count, which also
lives in the request's transaction. Rate windows follow the wall clock (a frozen virtual clock
must not stop time for them); days follow the server's virtual clock (UTC days), like every
other daily limit, so tests can move to the next day.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Any

from zoomstack import errors
from zoomstack.http.messages import header_pairs
from zoomstack.ratelimit import policy as policies
from zoomstack.ratelimit.plans import CATEGORY, LABELS, LabelLimit
from zoomstack.ratelimit.policy import Policy
from zoomstack.store import Tx
from zoomstack.timefmt import format_iso

DAY_MS = 86_400_000
# How long (real seconds) a process trusts its copy of an account's policy when several
# processes share the store; a single SQLite process sees every change itself.
POLICY_TTL_S = 2.0
DAILY_PREFIX = "rl:d:"
RATE_PREFIX = "rl:s:"

QPS_MESSAGE = "You have reached the maximum per-second rate limit for this API. Try again later."
DAILY_MESSAGE = (
    "You have reached the maximum daily rate limit for this API. Refer to the response header"
    " for details on when you can make another request."
)

H_CATEGORY = b"x-ratelimit-category"
H_TYPE = b"x-ratelimit-type"
H_LIMIT = b"x-ratelimit-limit"
H_REMAINING = b"x-ratelimit-remaining"
T_QPS = b"QPS"
T_DAILY = b"Daily-limit"

# The four X-RateLimit-* headers of an admitted request, as encoded header lines.
Lines = bytes


def daily_key(account_id: str, bucket: str) -> str:
    return f"{DAILY_PREFIX}{account_id}:{bucket}"


def rate_key(account_id: str, label: str) -> str:
    return f"{RATE_PREFIX}{account_id}:{label}"


def next_day_iso(day: int) -> str:
    return format_iso(datetime.fromtimestamp((day + 1) * DAY_MS / 1000, tz=UTC))


def as_dict(lines: Lines) -> dict[str, str]:
    return {k.decode(): v.decode() for k, v in header_pairs(lines)}


class _Day:
    """One daily count (shared by the labels of one bucket)."""

    __slots__ = ("day", "key", "n")

    def __init__(self, key: tuple[str, str], day: int = -1, n: int = 0) -> None:
        self.key = key
        self.day = day
        self.n = n


class _Slot:
    """One label of one account: its limits, its prepared headers, its memory counters."""

    __slots__ = (
        "cap",
        "daily",
        "day",
        "head",
        "label",
        "lim",
        "n",
        "rate",
        "window",
        "window_ms",
        "window_s",
    )

    def __init__(self, label: str, lim: LabelLimit, day: _Day | None) -> None:
        self.label = label
        self.lim = lim
        self.rate = lim.rate
        self.window_s = lim.window_s
        self.window_ms = lim.window_s * 1000
        self.daily = lim.daily
        # The daily cap as a plain int for the memory path (it only reads it with a `day`).
        self.cap = lim.daily or 0
        self.day = day
        # What a success announces: the daily cap where there is one, else the rate; the
        # lines are made once, only the remaining count is filled in per request.
        kind, limit = (T_DAILY, lim.daily) if lim.daily is not None else (T_QPS, lim.rate)
        pairs = (
            (H_CATEGORY, CATEGORY[label].encode()),
            (H_TYPE, kind),
            (H_LIMIT, b"%d" % limit),
        )
        fixed = b"".join(name + b": " + value + b"\r\n" for name, value in pairs)
        self.head = fixed.replace(b"%", b"%%") + H_REMAINING + b": %d\r\n"
        self.window = -1
        self.n = 0

    def too_many(self, daily: bool, day: int) -> errors.ZoomError:
        category = CATEGORY[self.label]
        if daily:
            return errors.ZoomError(
                429,
                429,
                DAILY_MESSAGE,
                headers={
                    "X-RateLimit-Category": category,
                    "X-RateLimit-Type": "Daily-limit",
                    "X-RateLimit-Limit": str(self.daily),
                    "X-RateLimit-Remaining": "0",
                    "Retry-After": next_day_iso(day),
                },
            )
        return errors.ZoomError(
            429,
            429,
            QPS_MESSAGE,
            headers={
                "X-RateLimit-Category": category,
                "X-RateLimit-Type": "QPS",
                "X-RateLimit-Limit": str(self.rate),
                "X-RateLimit-Remaining": "0",
            },
        )


class _Account:
    __slots__ = ("enabled", "loaded", "policy", "slots", "stale")

    def __init__(self, pol: Policy, days: dict[tuple[str, str], _Day]) -> None:
        self.policy = pol
        self.enabled = pol.enabled
        self.loaded = time.monotonic()
        self.stale = False
        self.slots: dict[str, _Slot] = {}
        for label in LABELS:
            lim = pol.limits[label]
            day = None
            if lim.daily is not None:
                key = (pol.account_id, lim.bucket)
                day = days.get(key)
                if day is None:
                    day = days[key] = _Day(key)
            self.slots[label] = _Slot(label, lim, day)


class RateLimiter:
    def __init__(self, *, enabled: bool, shared_store: bool) -> None:
        # `enabled` is the server-wide switch (settings.rate_limits); each account has its own.
        self.enabled = enabled
        self.in_memory = not shared_store
        # Policies age only when other processes may change them.
        self._ttl = shared_store
        self._accounts: dict[str, _Account] = {}
        self._days: dict[tuple[str, str], _Day] = {}
        self._dirty: set[tuple[str, str]] = set()

    # -- policies ----------------------------------------------------------------------------
    def _account(self, tx: Tx, account_id: str) -> _Account:
        acct = self._accounts.get(account_id)
        if (
            acct is not None
            and not acct.stale
            and not (self._ttl and time.monotonic() - acct.loaded >= POLICY_TTL_S)
        ):
            return acct
        fresh = _Account(policies.load(tx, account_id), self._days)
        if acct is not None:
            # Keep the counts of the current rate windows across a policy reload.
            for label, slot in acct.slots.items():
                new = fresh.slots[label]
                new.window, new.n = slot.window, slot.n
        elif len(self._accounts) > 10_000:
            self._accounts.clear()
        self._accounts[account_id] = fresh
        return fresh

    def policy(self, tx: Tx, account_id: str) -> Policy:
        return self._account(tx, account_id).policy

    def forget(self, account_id: str | None = None) -> None:
        """Reload the policy on next use (the counts are kept)."""
        for key, acct in self._accounts.items():
            if account_id is None or key == account_id:
                acct.stale = True

    def reset(self) -> None:
        self._accounts.clear()
        self._days.clear()
        self._dirty.clear()

    # -- admission ---------------------------------------------------------------------------
    def admit(
        self, tx: Tx, account_id: str, label: str, now_ms: int, wall_ms: int | None = None
    ) -> Lines | None:
        """Count one request; raise Zoom's 429 past a limit. Returns the response headers, or
        None when the account's limits are off. `label` is one of LABELS. Days follow the
        virtual clock (`now_ms`), rate windows the wall clock (`wall_ms`, read here if not
        given): a frozen virtual clock must not stop the per-second windows."""
        acct = self._accounts.get(account_id)
        if (
            acct is None
            or acct.stale
            or (self._ttl and time.monotonic() - acct.loaded >= POLICY_TTL_S)
        ):
            acct = self._account(tx, account_id)
        if not acct.enabled:
            return None
        slot = acct.slots[label]
        if wall_ms is None:
            wall_ms = int(time.time() * 1000)
        window = wall_ms // slot.window_ms
        if not self.in_memory:
            return self._admit_shared(tx, account_id, slot, now_ms // DAY_MS, window)
        day = slot.day
        if day is None:
            # The common case (a per-second limit only) first: as few steps as possible.
            if slot.window != window:
                slot.window = window
                slot.n = 0
            n = slot.n
            if n >= slot.rate:
                raise slot.too_many(False, now_ms // DAY_MS)
            slot.n = n + 1
            return slot.head % (slot.rate - n - 1)
        today = now_ms // DAY_MS
        if day.day != today:
            day.day, day.n = today, 0
        if day.n >= slot.cap:
            raise slot.too_many(True, today)
        if slot.window != window:
            slot.window, slot.n = window, 0
        if slot.n >= slot.rate:
            raise slot.too_many(False, today)
        slot.n += 1
        day.n += 1
        self._dirty.add(day.key)
        return slot.head % (slot.cap - day.n)

    def refund(self, account_id: str, label: str, now_ms: int) -> None:
        """Give back the count of an admitted request that failed (memory counting; the
        database counts roll back with the request's transaction)."""
        if not self.in_memory:
            return
        acct = self._accounts.get(account_id)
        if acct is None:
            return
        slot = acct.slots[label]
        if slot.window == int(time.time()) // slot.window_s and slot.n > 0:
            slot.n -= 1
        day = slot.day
        if day is not None and day.day == now_ms // DAY_MS and day.n > 0:
            day.n -= 1
            self._dirty.add(day.key)

    @staticmethod
    def _admit_shared(tx: Tx, account_id: str, slot: _Slot, today: int, window: int) -> Lines:
        # Always the daily row first, then the rate row: one lock order, no deadlocks. Raising
        # rolls the request's transaction back, and with it these increments.
        remaining = 0
        if slot.daily is not None:
            used_today = tx.counter_incr(daily_key(account_id, slot.lim.bucket), today)
            if used_today > slot.daily:
                raise slot.too_many(True, today)
            remaining = slot.daily - used_today
        used = tx.counter_incr(rate_key(account_id, slot.label), window)
        if used > slot.rate:
            raise slot.too_many(False, today)
        if slot.daily is None:
            remaining = slot.rate - used
        return slot.head % remaining

    # -- usage, persistence ------------------------------------------------------------------
    def usage(self, tx: Tx, pol: Policy, now_ms: int) -> dict[str, Any]:
        day = now_ms // DAY_MS
        out: dict[str, Any] = {}
        for label in LABELS:
            lim = pol.limits[label]
            if lim.daily is None:
                continue
            out[lim.bucket] = {"used_today": self.used_today(tx, pol.account_id, lim.bucket, day)}
        return out

    def used_today(self, tx: Tx, account_id: str, bucket: str, day: int) -> int:
        if self.in_memory:
            cell = self._days.get((account_id, bucket))
            return cell.n if cell is not None and cell.day == day else 0
        return tx.counter_get(daily_key(account_id, bucket), day)

    def load(self, tx: Tx) -> None:
        """Read the persisted daily counts back (memory counting)."""
        if not self.in_memory:
            return
        rows = tx.fetchall(
            "SELECT k, n, window_id FROM counters WHERE k LIKE ?", (DAILY_PREFIX + "%",)
        )
        for k, n, window in rows:
            account_id, _, bucket = str(k)[len(DAILY_PREFIX) :].rpartition(":")
            key = (account_id, bucket)
            self._days[key] = _Day(key, int(window), int(n))

    def flush(self, tx: Tx) -> int:
        """Write changed daily counts to the store (memory counting); returns how many."""
        if not self.in_memory or not self._dirty:
            return 0
        dirty, self._dirty = self._dirty, set()
        for key in dirty:
            cell = self._days.get(key)
            if cell is None:
                continue
            tx.execute(
                "INSERT INTO counters (k, n, window_id) VALUES (?, ?, ?) ON CONFLICT (k) DO"
                " UPDATE SET n = excluded.n, window_id = excluded.window_id",
                (daily_key(*key), cell.n, cell.day),
            )
        return len(dirty)
