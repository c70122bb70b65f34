"""Schema migrations, numbered; each is a list of statements per dialect.

Entities are JSON documents in one generic table (`docs`) keyed by kind and id, scoped by account
and optionally by a parent; `keys` holds unique secondary keys (emails, vanity names, tokens).
"""

from __future__ import annotations

MIGRATIONS: list[tuple[int, list[str], list[str]]] = [
    (
        1,
        [
            """CREATE TABLE IF NOT EXISTS docs (
                kind TEXT NOT NULL, id TEXT NOT NULL, account_id TEXT NOT NULL,
                parent_id TEXT NOT NULL DEFAULT '', sort_key TEXT NOT NULL DEFAULT '',
                data TEXT NOT NULL, created_ms INTEGER NOT NULL, updated_ms INTEGER NOT NULL,
                PRIMARY KEY (kind, id))""",
            "CREATE INDEX IF NOT EXISTS docs_scope ON docs (kind, account_id, parent_id, sort_key)",
            """CREATE TABLE IF NOT EXISTS keys (
                ns TEXT NOT NULL, k TEXT NOT NULL, id TEXT NOT NULL, PRIMARY KEY (ns, k))""",
            """CREATE TABLE IF NOT EXISTS outbox (
                seq INTEGER PRIMARY KEY AUTOINCREMENT, account_id TEXT NOT NULL,
                event TEXT NOT NULL, event_ts INTEGER NOT NULL, body TEXT NOT NULL)""",
            "CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v TEXT NOT NULL)",
            """CREATE TABLE IF NOT EXISTS counters (
                k TEXT PRIMARY KEY, n INTEGER NOT NULL, window_id INTEGER NOT NULL)""",
        ],
        [
            """CREATE TABLE IF NOT EXISTS docs (
                kind TEXT NOT NULL, id TEXT NOT NULL, account_id TEXT NOT NULL,
                parent_id TEXT NOT NULL DEFAULT '', sort_key TEXT NOT NULL DEFAULT '',
                data TEXT NOT NULL, created_ms BIGINT NOT NULL, updated_ms BIGINT NOT NULL,
                PRIMARY KEY (kind, id))""",
            "CREATE INDEX IF NOT EXISTS docs_scope ON docs (kind, account_id, parent_id, sort_key)",
            """CREATE TABLE IF NOT EXISTS keys (
                ns TEXT NOT NULL, k TEXT NOT NULL, id TEXT NOT NULL, PRIMARY KEY (ns, k))""",
            """CREATE TABLE IF NOT EXISTS outbox (
                seq BIGSERIAL PRIMARY KEY, account_id TEXT NOT NULL,
                event TEXT NOT NULL, event_ts BIGINT NOT NULL, body TEXT NOT NULL)""",
            "CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v TEXT NOT NULL)",
            """CREATE TABLE IF NOT EXISTS counters (
                k TEXT PRIMARY KEY, n BIGINT NOT NULL, window_id BIGINT NOT NULL)""",
        ],
    ),
]

# Tables emptied by a reset; the schema version in meta is kept.
DATA_TABLES = ("docs", "keys", "outbox", "counters")
