"""SQL for the outbox fan-out, deliveries (one per event and subscription) and attempts."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from zoomstack import jsonutil
from zoomstack.store import Tx
from zoomstack.webhooks import events as event_names
from zoomstack.webhooks import subscription_rows

PENDING = "pending"
DELIVERED = "delivered"
FAILED = "failed"
STATES = (PENDING, DELIVERED, FAILED)

# Zoom retries a failed delivery three times: 5, 20 and 60 minutes after the previous attempt.
RETRY_DELAYS_MS = (5 * 60_000, 20 * 60_000, 60 * 60_000)
RESPONSE_SNIPPET = 1024
# PostgreSQL advisory lock key of the fan-out (7311 serialises migrations).
FANOUT_LOCK = 7312


@dataclass(slots=True)
class Outcome:
    """What one HTTP attempt gave."""

    ok: bool
    at_ms: int
    request_ts: int
    tracking_id: str
    status: int | None = None
    latency_ms: float = 0.0
    response: str = ""
    error: str = ""


@dataclass(slots=True)
class Claim:
    """A delivery taken for one attempt (on PostgreSQL with its transaction still open)."""

    delivery_id: int
    seq: int
    event: str
    attempts: int
    failures: int
    body: str
    sub: subscription_rows.Sub
    held: Any = field(default=None)


def _marks(n: int) -> str:
    return ", ".join("?" * n)


# -- fan-out ---------------------------------------------------------------------------------
def fanout(tx: Tx, now_ms: int, *, serialize: bool, limit: int = 500) -> tuple[int, int]:
    """Turn new outbox events into deliveries for the matching subscriptions of their account.

    With `serialize` (PostgreSQL, several processes) one process at a time fans out, until its
    transaction ends: otherwise a later event's delivery could be committed, and sent, before
    an earlier one's. Returns (events handled, deliveries created)."""
    if serialize:
        tx.execute("SELECT pg_advisory_xact_lock(?)", (FANOUT_LOCK,))
    rows = tx.fetchall(
        "SELECT seq, account_id, event FROM outbox WHERE dispatched = 0 ORDER BY seq LIMIT ?",
        (limit,),
    )
    if not rows:
        return 0, 0
    subs = subscription_rows.for_accounts(tx, (str(r[1]) for r in rows))
    created = 0
    for seq, account_id, event in rows:
        for sub in subs.get(str(account_id), ()):
            if int(seq) > sub["start_seq"] and event_names.matches(sub["events"], str(event)):
                tx.execute(
                    "INSERT INTO webhook_deliveries (seq, subscription_id, account_id, event,"
                    " state, attempts, failures, next_attempt_ms, created_ms, updated_ms)"
                    " VALUES (?, ?, ?, ?, 'pending', 0, 0, ?, ?, ?)"
                    " ON CONFLICT (seq, subscription_id) DO NOTHING",
                    (int(seq), sub["id"], account_id, event, now_ms, now_ms, now_ms),
                )
                created += 1
    seqs = [int(r[0]) for r in rows]
    tx.execute(f"UPDATE outbox SET dispatched = 1 WHERE seq IN ({_marks(len(seqs))})", seqs)
    return len(rows), created


# -- lanes and claims ------------------------------------------------------------------------
def due_lanes(tx: Tx, now_ms: int, exclude: set[str], limit: int) -> list[str]:
    """Subscriptions (validated) with deliveries due now."""
    if limit <= 0:
        return []
    rows = tx.fetchall(
        "SELECT DISTINCT d.subscription_id FROM webhook_deliveries d"
        " JOIN webhook_subscriptions s ON s.id = d.subscription_id"
        " WHERE d.state = 'pending' AND d.next_attempt_ms <= ? AND s.status = 'active'"
        " LIMIT ?",
        (now_ms, limit + len(exclude)),
    )
    return [str(r[0]) for r in rows if str(r[0]) not in exclude][:limit]


def lock_lane(tx: Tx, sub_id: str) -> bool:
    """PostgreSQL: hold the subscription's lane until this transaction ends; False if another
    process holds it. A crashed holder's lock goes with its connection."""
    row = tx.fetchone(
        "SELECT subscription_id FROM webhook_lanes WHERE subscription_id = ?"
        " FOR UPDATE SKIP LOCKED",
        (sub_id,),
    )
    return row is not None


def next_due(tx: Tx, sub_id: str, now_ms: int, *, lock: bool) -> Claim | None:
    sub = subscription_rows.get(tx, sub_id)
    if sub is None or sub["status"] != "active":
        return None
    sql = (
        "SELECT d.id, d.seq, d.event, d.attempts, d.failures, o.body"
        " FROM webhook_deliveries d JOIN outbox o ON o.seq = d.seq"
        " WHERE d.subscription_id = ? AND d.state = 'pending' AND d.next_attempt_ms <= ?"
        " ORDER BY d.seq, d.id LIMIT 1"
    )
    if lock:
        sql += " FOR UPDATE OF d"
    row = tx.fetchone(sql, (sub_id, now_ms))
    if row is None:
        return None
    return Claim(int(row[0]), int(row[1]), str(row[2]), int(row[3]), int(row[4]), str(row[5]), sub)


def finish(tx: Tx, claim: Claim, outcome: Outcome, worker: str) -> str | None:
    """Record an attempt; returns the delivery's new state (None if it vanished meanwhile)."""
    failures = claim.failures
    next_ms = outcome.at_ms
    delivered_ms: int | None = None
    if outcome.ok:
        state = DELIVERED
        delivered_ms = outcome.at_ms
    else:
        failures += 1
        if failures > len(RETRY_DELAYS_MS):
            state = FAILED
        else:
            state = PENDING
            next_ms = outcome.at_ms + RETRY_DELAYS_MS[failures - 1]
    cur = tx.execute(
        "UPDATE webhook_deliveries SET state = ?, attempts = attempts + 1, failures = ?,"
        " next_attempt_ms = ?, updated_ms = ?, delivered_ms = COALESCE(?, delivered_ms),"
        " last_status = ?, last_error = ? WHERE id = ? AND state = 'pending'",
        (
            state,
            failures,
            next_ms,
            outcome.at_ms,
            delivered_ms,
            outcome.status,
            outcome.error,
            claim.delivery_id,
        ),
    )
    if not cur.rowcount:
        return None
    tx.execute(
        "INSERT INTO webhook_attempts (delivery_id, attempt, at_ms, request_ts, status,"
        " latency_ms, response, error, tracking_id, worker)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            claim.delivery_id,
            claim.attempts + 1,
            outcome.at_ms,
            outcome.request_ts,
            outcome.status,
            round(outcome.latency_ms, 3),
            outcome.response,
            outcome.error,
            outcome.tracking_id,
            worker,
        ),
    )
    return state


def resend(tx: Tx, delivery_id: int, now_ms: int) -> bool:
    """Queue a delivery again now, whatever its state, with a fresh retry schedule."""
    cur = tx.execute(
        "UPDATE webhook_deliveries SET state = 'pending', failures = 0, next_attempt_ms = ?,"
        " updated_ms = ? WHERE id = ?",
        (now_ms, now_ms, delivery_id),
    )
    return bool(cur.rowcount)


# -- reading the log -------------------------------------------------------------------------
_DELIVERY_COLS = (
    "id, seq, subscription_id, account_id, event, state, attempts, failures, next_attempt_ms,"
    " created_ms, updated_ms, delivered_ms, last_status, last_error"
)


def _delivery(row: Any) -> dict[str, Any]:
    return {
        "id": int(row[0]),
        "seq": int(row[1]),
        "subscription_id": str(row[2]),
        "account_id": str(row[3]),
        "event": str(row[4]),
        "state": str(row[5]),
        "attempts": int(row[6]),
        "failures": int(row[7]),
        "next_attempt_ms": int(row[8]) if str(row[5]) == PENDING else None,
        "created_ms": int(row[9]),
        "updated_ms": int(row[10]),
        "delivered_ms": None if row[11] is None else int(row[11]),
        "last_status": None if row[12] is None else int(row[12]),
        "last_error": str(row[13]),
    }


def get(tx: Tx, delivery_id: int) -> dict[str, Any] | None:
    row = tx.fetchone(
        f"SELECT {_DELIVERY_COLS} FROM webhook_deliveries WHERE id = ?", (delivery_id,)
    )
    if row is None:
        return None
    out = _delivery(row)
    out["attempt_log"] = attempts(tx, [out["id"]]).get(out["id"], [])
    return out


def find(
    tx: Tx,
    *,
    subscription_id: str | None = None,
    event: str | None = None,
    state: str | None = None,
    seq: int | None = None,
    account_id: str | None = None,
    before_id: int | None = None,
    after_id: int | None = None,
    descending: bool = True,
    limit: int = 100,
) -> list[dict[str, Any]]:
    clauses: list[str] = []
    params: list[Any] = []
    for column, value in (
        ("subscription_id", subscription_id),
        ("event", event),
        ("state", state),
        ("seq", seq),
        ("account_id", account_id),
    ):
        if value is not None:
            clauses.append(f"{column} = ?")
            params.append(value)
    if before_id is not None:
        clauses.append("id < ?")
        params.append(before_id)
    if after_id is not None:
        clauses.append("id > ?")
        params.append(after_id)
    where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
    order = "DESC" if descending else "ASC"
    rows = tx.fetchall(
        f"SELECT {_DELIVERY_COLS} FROM webhook_deliveries{where} ORDER BY id {order} LIMIT ?",
        [*params, limit],
    )
    items = [_delivery(r) for r in rows]
    logs = attempts(tx, [d["id"] for d in items])
    for d in items:
        d["attempt_log"] = logs.get(d["id"], [])
    return items


def attempts(tx: Tx, delivery_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    out: dict[int, list[dict[str, Any]]] = {}
    if not delivery_ids:
        return out
    rows = tx.fetchall(
        "SELECT delivery_id, attempt, at_ms, request_ts, status, latency_ms, response, error,"
        f" tracking_id, worker FROM webhook_attempts WHERE delivery_id IN"
        f" ({_marks(len(delivery_ids))}) ORDER BY id",
        delivery_ids,
    )
    for r in rows:
        out.setdefault(int(r[0]), []).append(
            {
                "attempt": int(r[1]),
                "at_ms": int(r[2]),
                "request_timestamp": int(r[3]),
                "status": None if r[4] is None else int(r[4]),
                "latency_ms": float(r[5]),
                "response": str(r[6]),
                "error": str(r[7]),
                "tracking_id": str(r[8]),
                "worker": str(r[9]),
            }
        )
    return out


def counts(tx: Tx) -> dict[str, int]:
    rows = tx.fetchall("SELECT state, COUNT(*) FROM webhook_deliveries GROUP BY state")
    out = dict.fromkeys(STATES, 0)
    out.update({str(r[0]): int(r[1]) for r in rows})
    return out


# -- the outbox, read without consuming it ---------------------------------------------------
def insert_event(tx: Tx, account_id: str, event: str, event_ts: int, body: Any) -> int:
    row = tx.fetchone(
        "INSERT INTO outbox (account_id, event, event_ts, body) VALUES (?, ?, ?, ?) RETURNING seq",
        (account_id, event, event_ts, jsonutil.dumps_str(body)),
    )
    return int(row[0])


def list_events(
    tx: Tx,
    *,
    after_seq: int = 0,
    event: str | None = None,
    account_id: str | None = None,
    descending: bool = False,
    limit: int = 100,
) -> list[dict[str, Any]]:
    clauses = ["seq > ?"]
    params: list[Any] = [after_seq]
    if event is not None:
        clauses.append("event = ?")
        params.append(event)
    if account_id is not None:
        clauses.append("account_id = ?")
        params.append(account_id)
    order = "DESC" if descending else "ASC"
    rows = tx.fetchall(
        "SELECT seq, account_id, event, event_ts, dispatched, body FROM outbox"
        f" WHERE {' AND '.join(clauses)} ORDER BY seq {order} LIMIT ?",
        [*params, limit],
    )
    return [
        {
            "seq": int(r[0]),
            "account_id": str(r[1]),
            "event": str(r[2]),
            "event_ts": int(r[3]),
            "dispatched": bool(r[4]),
            "body": jsonutil.loads(r[5]),
        }
        for r in rows
    ]
