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

# Webhooks (issue 4): subscriptions, one lock row per subscription ("lane": deliveries to one
# endpoint go out in order, by one process at a time), deliveries (one per event and
# subscription) and their attempt log. `outbox.dispatched` marks events already fanned out, so
# concurrent writers on PostgreSQL (whose sequence values commit out of order) lose none.
_WEBHOOKS_SQLITE = [
    "ALTER TABLE outbox ADD COLUMN dispatched INTEGER NOT NULL DEFAULT 0",
    "UPDATE outbox SET dispatched = 1",
    "CREATE INDEX IF NOT EXISTS outbox_undispatched ON outbox (seq) WHERE dispatched = 0",
    """CREATE TABLE IF NOT EXISTS webhook_subscriptions (
        id TEXT PRIMARY KEY, account_id TEXT NOT NULL, client_id TEXT NOT NULL,
        status TEXT NOT NULL, start_seq INTEGER NOT NULL, next_validation_ms INTEGER,
        created_ms INTEGER NOT NULL, data TEXT NOT NULL)""",
    "CREATE INDEX IF NOT EXISTS webhook_subscriptions_account"
    " ON webhook_subscriptions (account_id, created_ms)",
    "CREATE TABLE IF NOT EXISTS webhook_lanes (subscription_id TEXT PRIMARY KEY)",
    """CREATE TABLE IF NOT EXISTS webhook_deliveries (
        id INTEGER PRIMARY KEY AUTOINCREMENT, seq INTEGER NOT NULL,
        subscription_id TEXT NOT NULL, account_id TEXT NOT NULL, event TEXT NOT NULL,
        state TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0,
        failures INTEGER NOT NULL DEFAULT 0, next_attempt_ms INTEGER NOT NULL,
        created_ms INTEGER NOT NULL, updated_ms INTEGER NOT NULL, delivered_ms INTEGER,
        last_status INTEGER, last_error TEXT NOT NULL DEFAULT '',
        UNIQUE (seq, subscription_id))""",
    "CREATE INDEX IF NOT EXISTS webhook_deliveries_due"
    " ON webhook_deliveries (next_attempt_ms) WHERE state = 'pending'",
    "CREATE INDEX IF NOT EXISTS webhook_deliveries_lane"
    " ON webhook_deliveries (subscription_id, state, seq)",
    """CREATE TABLE IF NOT EXISTS webhook_attempts (
        id INTEGER PRIMARY KEY AUTOINCREMENT, delivery_id INTEGER NOT NULL,
        attempt INTEGER NOT NULL, at_ms INTEGER NOT NULL, request_ts INTEGER NOT NULL,
        status INTEGER, latency_ms REAL NOT NULL, response TEXT NOT NULL DEFAULT '',
        error TEXT NOT NULL DEFAULT '', tracking_id TEXT NOT NULL DEFAULT '',
        worker TEXT NOT NULL DEFAULT '')""",
    "CREATE INDEX IF NOT EXISTS webhook_attempts_delivery ON webhook_attempts (delivery_id, id)",
]
_WEBHOOKS_PG = [
    "ALTER TABLE outbox ADD COLUMN IF NOT EXISTS dispatched INTEGER NOT NULL DEFAULT 0",
    "UPDATE outbox SET dispatched = 1",
    "CREATE INDEX IF NOT EXISTS outbox_undispatched ON outbox (seq) WHERE dispatched = 0",
    """CREATE TABLE IF NOT EXISTS webhook_subscriptions (
        id TEXT PRIMARY KEY, account_id TEXT NOT NULL, client_id TEXT NOT NULL,
        status TEXT NOT NULL, start_seq BIGINT NOT NULL, next_validation_ms BIGINT,
        created_ms BIGINT NOT NULL, data TEXT NOT NULL)""",
    "CREATE INDEX IF NOT EXISTS webhook_subscriptions_account"
    " ON webhook_subscriptions (account_id, created_ms)",
    "CREATE TABLE IF NOT EXISTS webhook_lanes (subscription_id TEXT PRIMARY KEY)",
    """CREATE TABLE IF NOT EXISTS webhook_deliveries (
        id BIGSERIAL PRIMARY KEY, seq BIGINT NOT NULL,
        subscription_id TEXT NOT NULL, account_id TEXT NOT NULL, event TEXT NOT NULL,
        state TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0,
        failures INTEGER NOT NULL DEFAULT 0, next_attempt_ms BIGINT NOT NULL,
        created_ms BIGINT NOT NULL, updated_ms BIGINT NOT NULL, delivered_ms BIGINT,
        last_status INTEGER, last_error TEXT NOT NULL DEFAULT '',
        UNIQUE (seq, subscription_id))""",
    "CREATE INDEX IF NOT EXISTS webhook_deliveries_due"
    " ON webhook_deliveries (next_attempt_ms) WHERE state = 'pending'",
    "CREATE INDEX IF NOT EXISTS webhook_deliveries_lane"
    " ON webhook_deliveries (subscription_id, state, seq)",
    """CREATE TABLE IF NOT EXISTS webhook_attempts (
        id BIGSERIAL PRIMARY KEY, delivery_id BIGINT NOT NULL,
        attempt INTEGER NOT NULL, at_ms BIGINT NOT NULL, request_ts BIGINT NOT NULL,
        status INTEGER, latency_ms DOUBLE PRECISION NOT NULL, response TEXT NOT NULL DEFAULT '',
        error TEXT NOT NULL DEFAULT '', tracking_id TEXT NOT NULL DEFAULT '',
        worker TEXT NOT NULL DEFAULT '')""",
    "CREATE INDEX IF NOT EXISTS webhook_attempts_delivery ON webhook_attempts (delivery_id, id)",
]
MIGRATIONS.append((2, _WEBHOOKS_SQLITE, _WEBHOOKS_PG))

# Saved states of the whole store (/_zoomstack/snapshots); a reset keeps them.
_SNAPSHOTS = [
    """CREATE TABLE IF NOT EXISTS snapshots (
        name TEXT PRIMARY KEY, created_ms BIGINT NOT NULL, data TEXT NOT NULL)""",
]
MIGRATIONS.append((3, _SNAPSHOTS, _SNAPSHOTS))

# Tables emptied by a reset; the schema version in meta is kept.
DATA_TABLES = (
    "docs",
    "keys",
    "outbox",
    "counters",
    "webhook_subscriptions",
    "webhook_lanes",
    "webhook_deliveries",
    "webhook_attempts",
)
# Integer keys drawn from a sequence (PostgreSQL) / AUTOINCREMENT (SQLite): (table, column).
SERIAL_KEYS = (("outbox", "seq"), ("webhook_deliveries", "id"), ("webhook_attempts", "id"))
