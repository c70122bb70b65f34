"""The storage port: a transaction object with a small generic document API.

SQL is written once with `?` placeholders; each engine adapts the paramstyle and its few
dialect differences. Every document call names the account, so master-account access to a
sub-account is only a different value, never a different code path.
"""

from __future__ import annotations

import abc
import contextlib
from collections.abc import Callable, Sequence
from typing import Any, ClassVar, TypeVar

from zoomstack import jsonutil

T = TypeVar("T")
Doc = dict[str, Any]


class Conflict(Exception):
    """A unique key is taken."""


class InvalidText(ValueError):
    """A value the store cannot hold (PostgreSQL text cannot contain NUL characters)."""


DOC_CACHE_MAX = 50_000


def _has_nul(*values: str) -> bool:
    return any("\x00" in v for v in values)


class Tx:
    """One transaction. Not thread-safe; lives for one request or one background step."""

    __slots__ = (
        "_begin",
        "_cache",
        "_cur",
        "_now_ms",
        "_reads",
        "_sql",
        "_strict_text",
        "_targeted",
        "_untracked",
        "after_commit",
    )

    def __init__(
        self,
        cur: Any,
        sql: Callable[[str], str],
        now_ms: Callable[[], int],
        begin: Callable[[], None] | None = None,
        strict_text: bool = False,
        doc_cache: dict[tuple[str, str], tuple[str, str]] | None = None,
    ) -> None:
        self._strict_text = strict_text
        # (kind, id) -> (account, JSON text) of committed documents, for engines with a single
        # writer process (SQLite): a hit skips the query. Filled only by reads outside a write
        # transaction (they see committed data); every write to docs invalidates.
        self._cache = doc_cache
        self._targeted = False
        self._cur = cur
        self._sql = sql
        self._now_ms = now_ms
        # Engines that can read outside a transaction (SQLite) start the write transaction
        # lazily, on the first statement that is not a SELECT: reads stay cheap.
        self._begin = begin
        # Callbacks run by the store after a successful commit (e.g. wake the dispatcher).
        self.after_commit: list[Callable[[], None]] = []
        # Read tracking (see `track_reads`): the cache entries read, and whether anything else
        # was read or written.
        self._reads: list[tuple[tuple[str, str], tuple[str, str]]] | None = None
        self._untracked = False

    # -- raw helpers -------------------------------------------------------------------------
    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        self._untracked = True
        if self._begin is not None or self._cache is not None:
            head = sql.lstrip()[:6].upper()
            if self._begin is not None and head != "SELECT":
                begin, self._begin = self._begin, None
                begin()
            if (
                self._cache is not None
                and not self._targeted
                and head != "SELECT"
                and "docs" in sql
            ):
                self._cache.clear()  # a write to docs we cannot attribute to one document
        if self._strict_text and any(isinstance(p, str) and "\x00" in p for p in params):
            raise InvalidText("NUL character in a text value")
        self._cur.execute(self._sql(sql), tuple(params))
        return self._cur

    @property
    def began(self) -> bool:
        return self._begin is None

    # -- read tracking -----------------------------------------------------------------------
    # An answer computed only from cached documents stays valid while each of those cache
    # entries is still the same object: a write by this process replaces or drops the entry,
    # a commit by any other connection clears the whole cache. The edge uses this to reuse
    # the encoded answers of pure GET operations (see App._execute).
    @property
    def caches_docs(self) -> bool:
        return self._cache is not None

    def track_reads(self) -> None:
        self._reads = []
        self._untracked = False

    def tracked_reads(self) -> list[tuple[tuple[str, str], tuple[str, str]]] | None:
        """The cache entries read since `track_reads`, or None when anything else was read or
        written (a query, a missing document, a write)."""
        if self._untracked or self._begin is None:
            return None
        return self._reads

    def still_current(self, reads: list[tuple[tuple[str, str], tuple[str, str]]]) -> bool:
        cache = self._cache
        if cache is None:
            return False
        # A plain loop: a generator expression costs twice as much on this hot path.
        for key, entry in reads:  # noqa: SIM110
            if cache.get(key) is not entry:
                return False
        return True

    def fetchone(self, sql: str, params: Sequence[Any] = ()) -> Any:
        return self.execute(sql, params).fetchone()

    def fetchall(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        return list(self.execute(sql, params).fetchall())

    # -- documents ---------------------------------------------------------------------------
    def get(self, kind: str, id: str, account: str | None) -> Doc | None:
        # Nothing stored has a NUL in its id (inserts refuse it), on either engine.
        if "\x00" in id:
            return None
        if self._cache is not None:
            found = self.get_with_account(kind, id)
            if found is None or (account is not None and found[1] != account):
                return None
            return found[0]
        if account is None:
            row = self.fetchone("SELECT data FROM docs WHERE kind = ? AND id = ?", (kind, id))
        else:
            row = self.fetchone(
                "SELECT data FROM docs WHERE kind = ? AND id = ? AND account_id = ?",
                (kind, id, account),
            )
        return None if row is None else dict(jsonutil.loads(row[0]))

    def get_with_account(self, kind: str, id: str) -> tuple[Doc, str] | None:
        if "\x00" in id:
            return None
        cache = self._cache
        if cache is not None:
            hit = cache.get((kind, id))
            if hit is not None:
                if self._reads is not None:
                    self._reads.append(((kind, id), hit))
                return dict(jsonutil.loads(hit[1])), hit[0]
        untracked = self._untracked
        row = self.fetchone(
            "SELECT data, account_id FROM docs WHERE kind = ? AND id = ?", (kind, id)
        )
        if row is None:
            return None
        if cache is not None and self._begin is not None:  # no write transaction yet
            if len(cache) >= DOC_CACHE_MAX:
                cache.clear()
            entry = cache[(kind, id)] = (str(row[1]), row[0])
            if self._reads is not None:
                # The query only filled the cache: the answer still depends on the entry alone.
                self._untracked = untracked
                self._reads.append(((kind, id), entry))
        return dict(jsonutil.loads(row[0])), str(row[1])

    def _doc_write(self, kind: str, id: str, sql: str, params: Sequence[Any]) -> Any:
        if self._cache is not None:
            self._cache.pop((kind, id), None)
        self._targeted = True
        try:
            return self.execute(sql, params)
        finally:
            self._targeted = False

    def insert(
        self, kind: str, id: str, account: str, data: Doc, parent: str = "", sort: str = ""
    ) -> Doc:
        if _has_nul(id, account, parent, sort):
            raise InvalidText("NUL character in an identifier")
        now = self._now_ms()
        try:
            self._doc_write(
                kind,
                id,
                "INSERT INTO docs (kind, id, account_id, parent_id, sort_key, data, created_ms,"
                " updated_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (kind, id, account, parent, sort, jsonutil.dumps_str(data), now, now),
            )
        except Exception as exc:  # engine-specific integrity errors
            if _is_integrity_error(exc):
                raise Conflict(f"{kind}/{id}") from exc
            raise
        return data

    def update(self, kind: str, id: str, data: Doc, sort: str | None = None) -> Doc:
        now = self._now_ms()
        if sort is None:
            self._doc_write(
                kind,
                id,
                "UPDATE docs SET data = ?, updated_ms = ? WHERE kind = ? AND id = ?",
                (jsonutil.dumps_str(data), now, kind, id),
            )
        else:
            self._doc_write(
                kind,
                id,
                "UPDATE docs SET data = ?, updated_ms = ?, sort_key = ? WHERE kind = ? AND id = ?",
                (jsonutil.dumps_str(data), now, sort, kind, id),
            )
        return data

    def delete(self, kind: str, id: str) -> bool:
        cur = self._doc_write(kind, id, "DELETE FROM docs WHERE kind = ? AND id = ?", (kind, id))
        return bool(cur.rowcount)

    def delete_children(self, kind: str, account: str, parent: str) -> int:
        cur = self.execute(
            "DELETE FROM docs WHERE kind = ? AND account_id = ? AND parent_id = ?",
            (kind, account, parent),
        )
        return int(cur.rowcount)

    def find(
        self,
        kind: str,
        account: str | None,
        parent: str | None = None,
        *,
        descending: bool = False,
        limit: int | None = None,
        offset: int = 0,
        sort_from: str | None = None,
        sort_to: str | None = None,
    ) -> list[Doc]:
        where, params = self._scope(kind, account, parent, sort_from, sort_to)
        order = "DESC" if descending else "ASC"
        sql = f"SELECT data FROM docs WHERE {where} ORDER BY sort_key {order}, id {order}"
        if limit is not None:
            sql += " LIMIT ? OFFSET ?"
            params += [limit, offset]
        return [dict(jsonutil.loads(r[0])) for r in self.fetchall(sql, params)]

    def count(
        self,
        kind: str,
        account: str | None,
        parent: str | None = None,
        sort_from: str | None = None,
        sort_to: str | None = None,
    ) -> int:
        where, params = self._scope(kind, account, parent, sort_from, sort_to)
        row = self.fetchone(f"SELECT COUNT(*) FROM docs WHERE {where}", params)
        return int(row[0])

    @staticmethod
    def _scope(
        kind: str,
        account: str | None,
        parent: str | None,
        sort_from: str | None,
        sort_to: str | None,
    ) -> tuple[str, list[Any]]:
        clauses = ["kind = ?"]
        params: list[Any] = [kind]
        if account is not None:
            clauses.append("account_id = ?")
            params.append(account)
        if parent is not None:
            clauses.append("parent_id = ?")
            params.append(parent)
        if sort_from is not None:
            clauses.append("sort_key >= ?")
            params.append(sort_from)
        if sort_to is not None:
            clauses.append("sort_key < ?")
            params.append(sort_to)
        return " AND ".join(clauses), params

    # -- unique keys -------------------------------------------------------------------------
    def key_get(self, ns: str, key: str) -> str | None:
        if "\x00" in key:
            return None
        row = self.fetchone("SELECT id FROM keys WHERE ns = ? AND k = ?", (ns, key))
        return None if row is None else str(row[0])

    def key_put(self, ns: str, key: str, id: str) -> None:
        if _has_nul(key, id):
            raise InvalidText("NUL character in a key")
        if self.key_get(ns, key) is not None:
            raise Conflict(f"{ns}:{key}")
        self.execute("INSERT INTO keys (ns, k, id) VALUES (?, ?, ?)", (ns, key, id))

    def key_delete(self, ns: str, key: str) -> None:
        self.execute("DELETE FROM keys WHERE ns = ? AND k = ?", (ns, key))

    # -- events (outbox) ---------------------------------------------------------------------
    # Run after the commit of every transaction that emitted an event (once per transaction):
    # the webhook dispatcher registers its wake-up here, so delivery starts without a poll delay.
    emit_hooks: ClassVar[list[Callable[[], None]]] = []

    def emit(self, account_id: str, event: str, event_ts: int, body: Doc) -> None:
        self.execute(
            "INSERT INTO outbox (account_id, event, event_ts, body) VALUES (?, ?, ?, ?)",
            (account_id, event, event_ts, jsonutil.dumps_str(body)),
        )
        for hook in Tx.emit_hooks:
            if hook not in self.after_commit:
                self.after_commit.append(hook)

    def outbox(self, after_seq: int = 0, limit: int = 100) -> list[tuple[int, str, str, int, Doc]]:
        rows = self.fetchall(
            "SELECT seq, account_id, event, event_ts, body FROM outbox WHERE seq > ?"
            " ORDER BY seq LIMIT ?",
            (after_seq, limit),
        )
        return [(int(r[0]), r[1], r[2], int(r[3]), jsonutil.loads(r[4])) for r in rows]

    # -- meta and counters -------------------------------------------------------------------
    def meta_get(self, key: str) -> str | None:
        row = self.fetchone("SELECT v FROM meta WHERE k = ?", (key,))
        return None if row is None else str(row[0])

    def meta_put(self, key: str, value: str) -> None:
        self.execute(
            "INSERT INTO meta (k, v) VALUES (?, ?) ON CONFLICT (k) DO UPDATE SET v = excluded.v",
            (key, value),
        )

    def counter_incr(self, key: str, window_id: int, by: int = 1) -> int:
        """Count within a window (e.g. a UTC day); a new window restarts the count."""
        row = self.fetchone(
            "INSERT INTO counters (k, n, window_id) VALUES (?, ?, ?) ON CONFLICT (k) DO UPDATE SET"
            " n = CASE WHEN counters.window_id = excluded.window_id THEN counters.n + excluded.n"
            " ELSE excluded.n END, window_id = excluded.window_id RETURNING n",
            (key, by, window_id),
        )
        return int(row[0])

    def counter_get(self, key: str, window_id: int) -> int:
        row = self.fetchone("SELECT n, window_id FROM counters WHERE k = ?", (key,))
        if row is None or int(row[1]) != window_id:
            return 0
        return int(row[0])


def _is_integrity_error(exc: Exception) -> bool:
    name = type(exc).__name__
    return name in ("IntegrityError", "UniqueViolation")


class Store(abc.ABC):
    """An engine. `transaction()` yields a Tx; `run()` executes store-bound work from async code."""

    dialect: str = ""
    now_ms: Callable[[], int]

    def __init__(self) -> None:
        self.now_ms = _wall_ms

    def set_clock(self, now_ms: Callable[[], int]) -> None:
        self.now_ms = now_ms

    @abc.abstractmethod
    def transaction(self) -> contextlib.AbstractContextManager[Tx]: ...

    @abc.abstractmethod
    async def run(self, fn: Callable[[], T]) -> T:
        """Run blocking store work: inline for SQLite (microseconds), on a worker thread for
        PostgreSQL (a network round trip must not stall the event loop)."""

    @abc.abstractmethod
    def migrate(self) -> None: ...

    @abc.abstractmethod
    def close(self) -> None: ...

    def reset(self) -> None:
        from zoomstack.store.schema import DATA_TABLES

        with self.transaction() as tx:
            for table in DATA_TABLES:
                tx.execute(f"DELETE FROM {table}")
            tx.execute("DELETE FROM meta WHERE k <> 'schema_version'")


def _wall_ms() -> int:
    import time

    return int(time.time() * 1000)
