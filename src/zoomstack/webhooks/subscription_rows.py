"""SQL for event subscriptions: one row each (searchable columns + a JSON `data` column) and
one lock row per subscription in `webhook_lanes`."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from zoomstack import jsonutil
from zoomstack.store import Tx

Sub = dict[str, Any]

COLUMNS = (
    "id",
    "account_id",
    "client_id",
    "status",
    "start_seq",
    "next_validation_ms",
    "created_ms",
)
_SELECT = (
    "SELECT id, account_id, client_id, status, start_seq, next_validation_ms, created_ms, data"
    " FROM webhook_subscriptions"
)


def _from_row(row: Any) -> Sub:
    sub: Sub = dict(jsonutil.loads(row[7]))
    sub.update(
        id=str(row[0]),
        account_id=str(row[1]),
        client_id=str(row[2]),
        status=str(row[3]),
        start_seq=int(row[4]),
        next_validation_ms=None if row[5] is None else int(row[5]),
        created_ms=int(row[6]),
    )
    return sub


def _data(sub: Sub) -> str:
    return jsonutil.dumps_str({k: v for k, v in sub.items() if k not in COLUMNS})


def _marks(n: int) -> str:
    return ", ".join("?" * n)


def insert(tx: Tx, sub: Sub) -> None:
    tx.execute(
        "INSERT INTO webhook_subscriptions (id, account_id, client_id, status, start_seq,"
        " next_validation_ms, created_ms, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            sub["id"],
            sub["account_id"],
            sub["client_id"],
            sub["status"],
            sub["start_seq"],
            sub["next_validation_ms"],
            sub["created_ms"],
            _data(sub),
        ),
    )
    tx.execute(
        "INSERT INTO webhook_lanes (subscription_id) VALUES (?) ON CONFLICT DO NOTHING",
        (sub["id"],),
    )


def save(tx: Tx, sub: Sub) -> None:
    tx.execute(
        "UPDATE webhook_subscriptions SET status = ?, next_validation_ms = ?, data = ?"
        " WHERE id = ?",
        (sub["status"], sub["next_validation_ms"], _data(sub), sub["id"]),
    )


def get(tx: Tx, sub_id: str, account_id: str | None = None) -> Sub | None:
    if account_id is None:
        row = tx.fetchone(_SELECT + " WHERE id = ?", (sub_id,))
    else:
        row = tx.fetchone(_SELECT + " WHERE id = ? AND account_id = ?", (sub_id, account_id))
    return None if row is None else _from_row(row)


def find(tx: Tx, account_id: str | None = None, client_id: str | None = None) -> list[Sub]:
    clauses: list[str] = []
    params: list[Any] = []
    if account_id is not None:
        clauses.append("account_id = ?")
        params.append(account_id)
    if client_id is not None:
        clauses.append("client_id = ?")
        params.append(client_id)
    where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
    rows = tx.fetchall(_SELECT + where + " ORDER BY created_ms, id", params)
    return [_from_row(r) for r in rows]


def for_accounts(tx: Tx, account_ids: Iterable[str]) -> dict[str, list[Sub]]:
    ids = sorted(set(account_ids))
    out: dict[str, list[Sub]] = {}
    if not ids:
        return out
    rows = tx.fetchall(
        _SELECT + f" WHERE account_id IN ({_marks(len(ids))}) ORDER BY created_ms, id", ids
    )
    for row in rows:
        sub = _from_row(row)
        out.setdefault(sub["account_id"], []).append(sub)
    return out


def count_for_app(tx: Tx, client_id: str) -> int:
    row = tx.fetchone(
        "SELECT COUNT(*) FROM webhook_subscriptions WHERE client_id = ?", (client_id,)
    )
    return int(row[0])


def delete(tx: Tx, sub_id: str, now_ms: int) -> bool:
    """Remove a subscription; its undelivered events are given up (the log is kept)."""
    gone = tx.execute("DELETE FROM webhook_subscriptions WHERE id = ?", (sub_id,)).rowcount
    tx.execute("DELETE FROM webhook_lanes WHERE subscription_id = ?", (sub_id,))
    tx.execute(
        "UPDATE webhook_deliveries SET state = 'failed', last_error = ?, updated_ms = ?"
        " WHERE subscription_id = ? AND state = 'pending'",
        ("subscription deleted", now_ms, sub_id),
    )
    return bool(gone)


def max_outbox_seq(tx: Tx) -> int:
    row = tx.fetchone("SELECT COALESCE(MAX(seq), 0) FROM outbox")
    return int(row[0])


def due_validations(tx: Tx, now_ms: int, limit: int = 20) -> list[tuple[str, int]]:
    rows = tx.fetchall(
        "SELECT id, next_validation_ms FROM webhook_subscriptions WHERE next_validation_ms"
        " IS NOT NULL AND next_validation_ms <= ? ORDER BY next_validation_ms LIMIT ?",
        (now_ms, limit),
    )
    return [(str(r[0]), int(r[1])) for r in rows]


def claim_validation(tx: Tx, sub_id: str, expected_ms: int, lease_until_ms: int) -> bool:
    """Take a due validation (several processes may look at the same row at once)."""
    cur = tx.execute(
        "UPDATE webhook_subscriptions SET next_validation_ms = ?"
        " WHERE id = ? AND next_validation_ms = ?",
        (lease_until_ms, sub_id, expected_ms),
    )
    return bool(cur.rowcount)


def release_validation_leases(tx: Tx) -> None:
    """At start-up: validations a crashed process had taken, and endpoints that failed their
    last challenge, are due now (a restart is a natural moment to try again)."""
    tx.execute(
        "UPDATE webhook_subscriptions SET next_validation_ms = 0"
        " WHERE status IN ('pending', 'unvalidated') AND next_validation_ms IS NOT NULL"
    )
