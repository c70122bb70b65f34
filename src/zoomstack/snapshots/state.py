"""The whole store as one JSON document, and back.

A snapshot holds every row of the data tables and the shared meta values (the clock, the page
secret, fault rules); not the schema version, which must match the server's own. The same
document is what `GET /_zoomstack/snapshots/{name}` exports and a snapshot file (setting
`snapshot_file`) seeds, so it is checked as untrusted input when it comes back.
"""

from __future__ import annotations

import re
import sqlite3
import sys
from typing import Any

from zoomstack import errors, jsonutil
from zoomstack.store import Tx
from zoomstack.store.schema import DATA_TABLES, MIGRATIONS, SERIAL_KEYS

FORMAT = "zoomstack-snapshot"
SCHEMA_VERSION = max(version for version, _, _ in MIGRATIONS)
KEPT_META = ("schema_version",)
# Columns whose text is a JSON object (read back with json loads everywhere).
JSON_COLUMNS = {("docs", "data"), ("outbox", "body"), ("webhook_subscriptions", "data")}
_COLUMN = re.compile(
    r"(?:CREATE TABLE IF NOT EXISTS (\w+) \(|ALTER TABLE (\w+) ADD COLUMN )"
    r"|(\w+) (TEXT|INTEGER|BIGINT|REAL)( PRIMARY KEY| NOT NULL)?"
)
_PY_TYPES: dict[str, Any] = {"TEXT": str, "INTEGER": int, "BIGINT": int, "REAL": (int, float)}


def _column_types() -> dict[str, dict[str, tuple[Any, bool]]]:
    """(Python type, nullable) of every column, read from the SQLite migrations."""
    out: dict[str, dict[str, tuple[Any, bool]]] = {}
    table = ""
    for _, statements, _pg in MIGRATIONS:
        for stmt in statements:
            for m in _COLUMN.finditer(stmt):
                if m.group(1) or m.group(2):
                    table = m.group(1) or m.group(2)
                elif table in DATA_TABLES:
                    out.setdefault(table, {})[m.group(3)] = (_PY_TYPES[m.group(4)], not m.group(5))
    return out


COLUMN_TYPES = _column_types()


def capture(tx: Tx, created_ms: int) -> dict[str, Any]:
    tables: dict[str, Any] = {}
    for table in DATA_TABLES:
        cur = tx.execute(f"SELECT * FROM {table}")
        columns = [d[0] for d in cur.description]
        tables[table] = {"columns": columns, "rows": [list(r) for r in cur.fetchall()]}
    meta = {
        str(k): str(v)
        for k, v in tx.fetchall("SELECT k, v FROM meta ORDER BY k")
        if k not in KEPT_META
    }
    return {
        "format": FORMAT,
        "schema_version": SCHEMA_VERSION,
        "created_ms": created_ms,
        "meta": meta,
        "tables": tables,
    }


def driver_errors() -> tuple[type[Exception], ...]:
    """The database drivers' own errors (psycopg only when loaded: a PostgreSQL store)."""
    psycopg = sys.modules.get("psycopg")
    if psycopg is None:
        return (sqlite3.DatabaseError,)
    return (sqlite3.DatabaseError, psycopg.DatabaseError)


def counts(doc: dict[str, Any]) -> dict[str, int]:
    return {table: len(part["rows"]) for table, part in doc["tables"].items()}


def _bad(message: str) -> errors.ZoomError:
    return errors.bad_request(300, f"Invalid snapshot: {message}")


def check(doc: Any) -> dict[str, Any]:
    """A snapshot document from outside, checked before anything is deleted."""
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise _bad(f'not a snapshot (its "format" must be "{FORMAT}").')
    if doc.get("schema_version") != SCHEMA_VERSION:
        raise _bad(
            f"it was made with schema version {doc.get('schema_version')!r}; this server has"
            f" {SCHEMA_VERSION}."
        )
    meta = doc.get("meta")
    if not isinstance(meta, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in meta.items()
    ):
        raise _bad('"meta" must be an object of strings.')
    tables = doc.get("tables")
    if not isinstance(tables, dict) or set(tables) - set(DATA_TABLES):
        raise _bad('"tables" must name only the data tables: ' + ", ".join(DATA_TABLES) + ".")
    for table, part in tables.items():
        cols = part.get("columns") if isinstance(part, dict) else None
        rows = part.get("rows") if isinstance(part, dict) else None
        types = COLUMN_TYPES[table]
        # Column names go into SQL: only the table's own are accepted.
        if not isinstance(cols, list) or not cols or not all(c in types for c in cols):
            raise _bad(f"{table}: unknown or missing columns.")
        if len(set(cols)) != len(cols):
            raise _bad(f"{table}: a column is named twice.")
        if not isinstance(rows, list):
            raise _bad(f'{table}: "rows" must be a list.')
        for n, row in enumerate(rows):
            if not isinstance(row, list) or len(row) != len(cols):
                raise _bad(f"{table}: row {n} must be a list of one value per column.")
            for col, value in zip(cols, row, strict=True):
                _check_value(table, n, col, value, types[col])
    return doc


def _check_value(table: str, n: int, col: str, value: Any, kind: tuple[Any, bool]) -> None:
    py_type, nullable = kind
    if value is None:
        if not nullable:
            raise _bad(f"{table}: row {n}, {col} must not be null.")
        return
    if isinstance(value, bool) or not isinstance(value, py_type):
        raise _bad(f"{table}: row {n}, {col} has the wrong type.")
    if isinstance(value, int) and not -(2**63) <= value < 2**63:
        raise _bad(f"{table}: row {n}, {col} is out of range.")
    if (table, col) in JSON_COLUMNS:
        try:
            parsed = jsonutil.loads(value)
        except jsonutil.JSONDecodeError:
            parsed = None
        if not isinstance(parsed, dict):
            raise _bad(f"{table}: row {n}, {col} must hold a JSON object.")


def replace_all(tx: Tx, doc: dict[str, Any], dialect: str) -> None:
    """Empty the data tables and meta (but the schema version) and load `doc` (checked)."""
    for table in DATA_TABLES:
        tx.execute(f"DELETE FROM {table}")
    tx.execute("DELETE FROM meta WHERE k <> 'schema_version'")
    for key, value in doc["meta"].items():
        if key not in KEPT_META:
            tx.meta_put(key, value)
    for table, part in doc["tables"].items():
        cols = part["columns"]
        sql = f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' for _ in cols)})"
        for row in part["rows"]:
            tx.execute(sql, row)
    if dialect == "postgres":
        # Rows came back with their keys: move each sequence past them.
        for table, column in SERIAL_KEYS:
            tx.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', '{column}'),"
                f" COALESCE(MAX({column}), 1), MAX({column}) IS NOT NULL) FROM {table}"
            )
