"""SQLite engine: one connection in WAL mode, used inline from the event loop.

synchronous=NORMAL in WAL mode keeps every committed transaction across a process crash
(kill -9); only an operating-system crash or power loss can lose the last commits.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

from zoomstack.store.base import Store, Tx
from zoomstack.store.schema import MIGRATIONS

T = TypeVar("T")


def _identity(sql: str) -> str:
    return sql


class SqliteStore(Store):
    dialect = "sqlite"

    def __init__(self, path: str) -> None:
        super().__init__()
        if path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        self._conn.execute("PRAGMA journal_mode=WAL")
        self._conn.execute("PRAGMA synchronous=NORMAL")
        self._conn.execute("PRAGMA busy_timeout=5000")
        # Background threads (e.g. the webhook dispatcher's HTTP calls) may share the connection.
        self._lock = threading.RLock()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Tx]:
        with self._lock:
            cur = self._conn.cursor()
            cur.execute("BEGIN IMMEDIATE")
            tx = Tx(cur, _identity, self.now_ms)
            try:
                yield tx
            except BaseException:
                cur.execute("ROLLBACK")
                raise
            cur.execute("COMMIT")
        for cb in tx.after_commit:
            cb()

    async def run(self, fn: Callable[[], T]) -> T:
        return fn()

    def migrate(self) -> None:
        with self.transaction() as tx:
            tx.execute("CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v TEXT NOT NULL)")
            current = int(tx.meta_get("schema_version") or 0)
            for version, statements, _pg in MIGRATIONS:
                if version > current:
                    for stmt in statements:
                        tx.execute(stmt)
                    tx.meta_put("schema_version", str(version))

    def close(self) -> None:
        with self._lock:
            self._conn.close()
