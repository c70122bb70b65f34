"""SQLite engine: one connection in WAL mode, used inline from the event loop.

synchronous=NORMAL in WAL mode keeps every committed transaction across a process crash
(kill -9); only an operating-system crash or power loss can lose the last commits.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from zoomstack.store.base import Store, Tx
from zoomstack.store.schema import MIGRATIONS

T = TypeVar("T")


def _identity(sql: str) -> str:
    return sql


class _SqliteTransaction:
    """A class-based context manager: on the hot path it is cheaper than a generator one."""

    __slots__ = ("_cur", "_store", "_tx")

    def __init__(self, store: SqliteStore) -> None:
        self._store = store

    def __enter__(self) -> Tx:
        store = self._store
        store._lock.acquire()
        cur = self._cur = store._conn.cursor()
        if store._doc_cache:
            # data_version changes when another connection (another process, a script, a test)
            # commits to the file: then the cached documents may be stale.
            version = cur.execute("PRAGMA data_version").fetchone()[0]
            if version != store._data_version:
                store._doc_cache.clear()
                store._data_version = version
        self._tx = Tx(
            cur, _identity, self._store.now_ms, self._begin, doc_cache=self._store._doc_cache
        )
        return self._tx

    def _begin(self) -> None:
        self._cur.execute("BEGIN IMMEDIATE")

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        tx = self._tx
        try:
            if tx.began:
                self._cur.execute("ROLLBACK" if exc_type is not None else "COMMIT")
        finally:
            self._store._lock.release()
        if exc_type is None:
            for cb in tx.after_commit:
                cb()


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
        # Committed documents by (kind, id); see Tx. Writes by this process invalidate entries;
        # commits by any other connection to the file clear the cache (PRAGMA data_version).
        self._doc_cache: dict[tuple[str, str], tuple[str, str]] = {}
        self._data_version = -1

    def transaction(self) -> _SqliteTransaction:
        return _SqliteTransaction(self)

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
