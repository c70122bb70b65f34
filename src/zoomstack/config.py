"""Server settings: command-line flags override ZOOMSTACK_<NAME> variables, then defaults."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

import platformdirs

# Documented defaults for the ready-made developer setup (README, "Credentials").
DEFAULT_ACCOUNT_ID = "zoomstackDevAccount001"
DEFAULT_CLIENT_ID = "zoomstackDevClientId01"
DEFAULT_CLIENT_SECRET = "zoomstack-dev-client-secret-000000"
DEFAULT_WEBHOOK_SECRET = "zoomstack-dev-webhook-secret"
DEFAULT_OWNER_EMAIL = "owner@example.com"
DEFAULT_OWNER_PASSWORD = "zoomstack"


def _default_data_dir() -> str:
    return platformdirs.user_data_dir("zoomstack", appauthor=False)


@dataclass(frozen=True, slots=True)
class Settings:
    host: str = "127.0.0.1"
    port: int = 8400
    data_dir: str = field(default_factory=_default_data_dir)
    database_url: str = ""
    account_id: str = DEFAULT_ACCOUNT_ID
    client_id: str = DEFAULT_CLIENT_ID
    client_secret: str = DEFAULT_CLIENT_SECRET
    webhook_secret: str = DEFAULT_WEBHOOK_SECRET
    owner_email: str = DEFAULT_OWNER_EMAIL
    # Public base URL written into join URLs, api_url and download links; derived from
    # host and port when empty.
    public_url: str = ""
    # Seed for the ID generator; 0 means "random". Deterministic IDs help tests and demos.
    seed: int = 0
    # Largest accepted request body, in bytes.
    max_body: int = 16 * 1024 * 1024
    # Reproduce the 2017-era behaviour: legacy JWT apps and ?access_token= (issue 7).
    legacy_auth: bool = False
    # The dev account owner's password for the OAuth consent page (issue 7).
    owner_password: str = DEFAULT_OWNER_PASSWORD
    # Enforce Zoom's per-account rate limits (each account can also switch them off).
    rate_limits: bool = True
    # Check every operation's scopes; off only to measure what the checks cost (bench/).
    scope_checks: bool = True
    # Lifetime of OAuth refresh tokens, in days (they rotate on every use).
    refresh_token_days: int = 90
    log_requests: bool = True
    # One line wires the server to a local receiver: an event subscription of the dev app
    # (secret token `webhook_secret`) to this URL, for these events (comma list, * = all).
    webhook_url: str = ""
    webhook_events: str = "*"
    # Where a fresh store's clock starts (ISO-8601 UTC, e.g. 2030-06-12T12:00:00Z); it then
    # runs on from there. Empty: the wall clock. A store that already has a clock keeps it.
    clock_start: str = ""
    # A snapshot document (GET /_zoomstack/snapshots/{name}) that a fresh store starts from
    # and every reset returns to.
    snapshot_file: str = ""

    @property
    def base_url(self) -> str:
        if self.public_url:
            return self.public_url.rstrip("/")
        host = "127.0.0.1" if self.host in ("0.0.0.0", "") else self.host
        if ":" in host:
            host = f"[{host}]"
        return f"http://{host}:{self.port}"

    @property
    def store_url(self) -> str:
        if self.database_url:
            return self.database_url
        return "sqlite:///" + str(Path(self.data_dir) / "zoomstack.sqlite3")


def _coerce(kind: Any, raw: str) -> Any:
    if kind is int or kind == "int":
        return int(raw)
    if kind is bool or kind == "bool":
        return raw.strip().lower() in ("1", "true", "yes", "on")
    return raw


def load_settings(env: dict[str, str] | None = None, **overrides: Any) -> Settings:
    """Build settings from the environment, then explicit overrides (None means unset)."""
    env = dict(os.environ) if env is None else env
    values: dict[str, Any] = {}
    for f in fields(Settings):
        raw = env.get("ZOOMSTACK_" + f.name.upper())
        if raw is not None and raw != "":
            values[f.name] = _coerce(f.type, raw)
    for key, value in overrides.items():
        if value is not None:
            values[key] = value
    return replace(Settings(), **values)
