"""One storage port with SQLite (embedded default) and PostgreSQL (shared, scale-out) engines."""

from __future__ import annotations

from zoomstack.store.base import Conflict, InvalidText, Store, Tx


def open_store(url: str) -> Store:
    if url.startswith(("postgresql://", "postgres://")):
        from zoomstack.store.postgres import PostgresStore

        return PostgresStore(url)
    if url.startswith("sqlite:///"):
        from zoomstack.store.sqlite import SqliteStore

        return SqliteStore(url.removeprefix("sqlite:///"))
    if url == "sqlite://" or url == ":memory:":
        from zoomstack.store.sqlite import SqliteStore

        return SqliteStore(":memory:")
    raise ValueError(f"unsupported database URL: {url!r} (use sqlite:///PATH or postgresql://...)")


__all__ = ["Conflict", "InvalidText", "Store", "Tx", "open_store"]
