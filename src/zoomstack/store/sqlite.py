"""SQLite engine: one connection in WAL mode, used inline from the event loop.

synchronous=NORMAL in WAL mode keeps every committed transaction across a process crash
(kill -9); only an operating-system crash or power loss can lose the last commits.
"""

from __future__ import annotations

import os
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


class _WalIndexWatch:
    """Tells, in one pread, whether any connection may have committed since the last look.

    In WAL mode every commit rewrites the WAL-index header at the start of the `-shm` file
    (frame count, checksums, salts). Comparing those bytes is ten times cheaper than running
    `PRAGMA data_version`, which stays the authority: a changed header only triggers it. Where
    the file cannot be read (an in-memory database), every check asks SQLite.
    """

    HEADER = 48  # the first copy of the WAL-index header

    def __init__(self, db_path: str) -> None:
        self._path = db_path + "-shm"
        self._fd = -1
        self._seen = b""

    def unchanged(self) -> bool:
        """False when a commit may have happened; remembers the header it saw."""
        if self._fd < 0 and not self._open():
            return False
        try:
            head = os.pread(self._fd, self.HEADER, 0)
        except OSError:
            return False
        if head == self._seen and len(head) == self.HEADER:
            return True
        self._seen = head
        return False

    def _open(self) -> bool:
        try:
            self._fd = os.open(self._path, os.O_RDONLY)
        except OSError:
            return False
        return True

    def close(self) -> None:
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1


class _SqliteTransaction:
    """A class-based context manager: on the hot path it is cheaper than a generator one."""

    __slots__ = ("_cur", "_nested", "_store", "_tx")

    def __init__(self, store: SqliteStore) -> None:
        self._store = store

    def __enter__(self) -> Tx:
        store = self._store
        store._lock.acquire()
        # One cursor serves every outermost transaction; a nested one (same thread, the lock
        # is re-entrant) must not disturb its caller's pending rows.
        self._nested = store._depth > 0
        store._depth += 1
        cur = self._cur = store._conn.cursor() if self._nested else store._cursor
        if not store._wal_watch.unchanged():
            # data_version changes when another connection (another process, a script, a test)
            # commits to the file: then the cached documents may be stale. The header snapshot
            # is taken first, so a commit landing in between is seen by this query or the next
            # look at the header.
            version = cur.execute("PRAGMA data_version").fetchone()[0]
            if version != store._data_version:
                store._doc_cache.clear()
                store._data_version = version
        self._tx = Tx(cur, _identity, store.now_ms, self._begin, doc_cache=store._doc_cache)
        return self._tx

    def _begin(self) -> None:
        self._cur.execute("BEGIN IMMEDIATE")

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        tx = self._tx
        store = self._store
        try:
            if tx.began:
                self._cur.execute("ROLLBACK" if exc_type is not None else "COMMIT")
        finally:
            store._depth -= 1
            store._lock.release()
        if exc_type is None and tx.after_commit:
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
        self._wal_watch = _WalIndexWatch(path)
        self._cursor = self._conn.cursor()
        self._depth = 0

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
            self._wal_watch.close()
            self._conn.close()
