"""Event subscriptions as Zoom has them: an app's endpoint URL + secret token + subscribed
events (+ an optional legacy verification token), at most 20 per app. The legacy /v2/webhooks
API keeps its own field names (auth_user, auth_password, 2018 event names) on the same rows.

Status: `pending` until the first URL validation, `active` once validated, `unvalidated` when
the last challenge failed (events are held, not sent, until a validation succeeds).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from zoomstack import errors, ids
from zoomstack.config import Settings
from zoomstack.store import Tx
from zoomstack.timefmt import iso_from_ms
from zoomstack.webhooks import events as event_names
from zoomstack.webhooks import subscription_rows as rows
from zoomstack.webhooks.subscription_rows import Sub

MAX_PER_APP = 20
REVALIDATE_MS = 72 * 3_600_000
# After a failed challenge, try again after 10 s, 20 s, 40 s ... up to 10 minutes (server clock).
RETRY_VALIDATION_MS = 10_000
RETRY_VALIDATION_MAX_MS = 600_000

PENDING = "pending"
ACTIVE = "active"
UNVALIDATED = "unvalidated"

SOURCE_CONTROL = "control"
SOURCE_CONFIG = "config"
SOURCE_LEGACY = "legacy_api"


def check_url(url: object, max_len: int = 2048) -> str:
    if not isinstance(url, str) or not url.strip() or len(url) > max_len:
        raise errors.field_error("url", "Invalid parameter: url.")
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise errors.field_error("url", "Invalid parameter: url.")
    return url.strip()


def check_events(value: object) -> list[str]:
    parsed = event_names.parse_list(value)
    if parsed is None:
        raise errors.field_error("events", "Invalid parameter: events.")
    return parsed


def create(
    tx: Tx,
    *,
    now_ms: int,
    account_id: str,
    client_id: str,
    url: str,
    events: list[str],
    secret_token: str,
    source: str,
    validate: bool,
    verification_token: str = "",
    auth_user: str = "",
    auth_password: str = "",
    legacy_events: list[str] | None = None,
    sub_id: str | None = None,
) -> Sub:
    if rows.count_for_app(tx, client_id) >= MAX_PER_APP:
        raise errors.ZoomError(
            400, 300, f"An app can have at most {MAX_PER_APP} event subscriptions."
        )
    sub: Sub = {
        "id": sub_id or ids.b64url_id(),
        "account_id": account_id,
        "client_id": client_id,
        "status": PENDING if validate else ACTIVE,
        # Only events emitted after the subscription exists are sent to it.
        "start_seq": rows.max_outbox_seq(tx),
        "next_validation_ms": 0 if validate else None,
        "created_ms": now_ms,
        "url": url,
        "events": events,
        "secret_token": secret_token,
        "verification_token": verification_token,
        "auth_user": auth_user,
        "auth_password": auth_password,
        "legacy_events": legacy_events,
        "source": source,
        "validate": validate,
        "validation": None,
        "validation_failures": 0,
        "created_at": iso_from_ms(now_ms),
    }
    rows.insert(tx, sub)
    return sub


def update(tx: Tx, sub: Sub, changes: dict[str, Any]) -> Sub:
    """Apply already-checked changes; a new URL must be validated again."""
    out = dict(sub)
    url_changed = "url" in changes and changes["url"] != sub["url"]
    out.update(changes)
    if url_changed and out.get("validate", True):
        out["status"] = PENDING
        out["next_validation_ms"] = 0
        out["validation_failures"] = 0
    rows.save(tx, out)
    return out


def record_validation(tx: Tx, sub_id: str, result: dict[str, Any]) -> Sub | None:
    sub = rows.get(tx, sub_id)
    if sub is None:
        return None
    at = int(result["at_ms"])
    sub["validation"] = result
    if result["ok"]:
        sub["status"] = ACTIVE
        sub["validation_failures"] = 0
        sub["validated_ms"] = at
        sub["next_validation_ms"] = at + REVALIDATE_MS
    else:
        failures = int(sub.get("validation_failures") or 0) + 1
        sub["status"] = UNVALIDATED
        sub["validation_failures"] = failures
        delay = min(RETRY_VALIDATION_MS * 2 ** min(failures - 1, 16), RETRY_VALIDATION_MAX_MS)
        sub["next_validation_ms"] = at + delay
    rows.save(tx, sub)
    return sub


def ensure_config(tx: Tx, settings: Settings, now_ms: int) -> Sub | None:
    """The subscription ZOOMSTACK_WEBHOOK_URL asks for (dev app, dev secret), kept in step
    with the configuration; without the variable a previously configured one is removed."""
    existing = [
        s for s in rows.find(tx, client_id=settings.client_id) if s.get("source") == SOURCE_CONFIG
    ]
    url = settings.webhook_url.strip()
    if not url:
        for s in existing:
            rows.delete(tx, s["id"], now_ms)
        return None
    url = check_url(url)
    wanted = check_events(settings.webhook_events or event_names.ALL)
    if existing:
        sub = existing[0]
        for extra in existing[1:]:
            rows.delete(tx, extra["id"], now_ms)
        return update(
            tx,
            sub,
            {"url": url, "events": wanted, "secret_token": settings.webhook_secret},
        )
    return create(
        tx,
        now_ms=now_ms,
        account_id=settings.account_id,
        client_id=settings.client_id,
        url=url,
        events=wanted,
        secret_token=settings.webhook_secret,
        source=SOURCE_CONFIG,
        validate=True,
    )


# -- views -----------------------------------------------------------------------------------
def view(sub: Sub) -> dict[str, Any]:
    """The control API's form."""
    next_validation = sub.get("next_validation_ms")
    return {
        "id": sub["id"],
        "account_id": sub["account_id"],
        "client_id": sub["client_id"],
        "url": sub["url"],
        "events": sub["events"],
        "secret_token": sub.get("secret_token", ""),
        "verification_token": sub.get("verification_token", ""),
        "auth_user": sub.get("auth_user", ""),
        "auth_password": sub.get("auth_password", ""),
        "legacy_events": sub.get("legacy_events"),
        "source": sub.get("source", ""),
        "status": sub["status"],
        "validation": sub.get("validation"),
        "validated_at": iso_from_ms(sub["validated_ms"]) if sub.get("validated_ms") else None,
        "next_validation_at": (
            iso_from_ms(next_validation) if sub.get("validate", True) and next_validation else None
        ),
        "start_seq": sub["start_seq"],
        "created_at": sub.get("created_at") or iso_from_ms(sub["created_ms"]),
    }


def legacy_view(sub: Sub) -> dict[str, Any]:
    """The 2018 /v2/webhooks form of any subscription of the account."""
    legacy = sub.get("legacy_events")
    return {
        "webhook_id": sub["id"],
        "url": sub["url"],
        "auth_user": sub.get("auth_user", ""),
        "auth_password": sub.get("auth_password", ""),
        "events": list(legacy) if legacy is not None else event_names.to_legacy(sub["events"]),
        "created_at": sub.get("created_at") or iso_from_ms(sub["created_ms"]),
    }
