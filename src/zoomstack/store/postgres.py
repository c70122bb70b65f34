"""PostgreSQL engine: a connection pool; store work runs on worker threads.

Several server processes can share one database: all state lives here, and process-local
caches are only ever short-lived copies.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from psycopg_pool import ConnectionPool

from zoomstack.store.base import Store, Tx
from zoomstack.store.schema import MIGRATIONS

T = TypeVar("T")


@functools.lru_cache(maxsize=4096)
def _pg_sql(sql: str) -> str:
    return (
        sql.replace("%", "%%")
        .replace("?", "%s")
        .replace("INTEGER PRIMARY KEY AUTOINCREMENT", "BIGSERIAL PRIMARY KEY")
    )


class PostgresStore(Store):
    dialect = "postgres"

    def __init__(self, url: str, max_size: int = 16) -> None:
        super().__init__()
        self.url = url
        self._pool = ConnectionPool(
            url, min_size=1, max_size=max_size, open=True, kwargs={"autocommit": False}
        )
        self._executor = ThreadPoolExecutor(max_workers=max_size, thread_name_prefix="zs-pg")

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Tx]:
        with self._pool.connection() as conn, conn.cursor() as cur:
            tx = Tx(cur, _pg_sql, self.now_ms, strict_text=True)
            try:
                yield tx
            except BaseException:
                conn.rollback()
                raise
            conn.commit()
        for cb in tx.after_commit:
            cb()

    async def run(self, fn: Callable[[], T]) -> T:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, fn)

    def migrate(self) -> None:
        with self.transaction() as tx:
            # Serialise concurrent starts of several processes on one database.
            tx.execute("SELECT pg_advisory_xact_lock(7311)")
            tx.execute("CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v TEXT NOT NULL)")
            current = int(tx.meta_get("schema_version") or 0)
            for version, _sqlite, statements in MIGRATIONS:
                if version > current:
                    for stmt in statements:
                        tx.execute(stmt)
                    tx.meta_put("schema_version", str(version))

    def close(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)
        self._pool.close()
