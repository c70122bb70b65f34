"""The ready developer setup created on first start with an empty store (and after a reset):
an account, its owner (a licensed user with a realistic profile) and a Server-to-Server OAuth
app whose credentials come from settings.
"""

from __future__ import annotations

from typing import Any

from zoomstack.areas.users import passwords
from zoomstack.areas.users import service as users
from zoomstack.areas.users import settings as user_settings
from zoomstack.catalog import all_ops
from zoomstack.clock import Clock
from zoomstack.config import Settings
from zoomstack.oauth import apps
from zoomstack.store import Tx


def dev_app_scopes() -> list[str]:
    """Every account-level scope the catalogued operations ask for (classic and granular)."""
    scopes: set[str] = set()
    for op in all_ops():
        for s in (*op.classic_scopes, *op.granular_scopes):
            if s.endswith((":admin", ":master")) or s.count(":") == 1:
                scopes.add(s)
    return sorted(scopes)


def _ensure_owner_password(tx: Tx, settings: Settings) -> None:
    """Stores made before the owner had a password get the configured one."""
    account = tx.get("account", settings.account_id, settings.account_id) or {}
    owner = tx.get("user", str(account.get("owner_id", "")), settings.account_id)
    if owner is not None and not owner.get("_password"):
        owner["_password"] = passwords.hash_password(settings.owner_password)
        users.save(tx, owner)


def ensure_dev_setup(tx: Tx, settings: Settings, clock: Clock) -> dict[str, Any]:
    existing = apps.app_by_client_id(tx, settings.client_id)
    if existing is not None:
        _ensure_owner_password(tx, settings)
        return existing
    now = clock.now_iso()
    account_id = settings.account_id
    if tx.get("account", account_id, account_id) is None:
        owner = users.new_user_doc(
            account_id=account_id,
            email=settings.owner_email,
            first_name="Avery",
            last_name="Chen",
            user_type=users.LICENSED,
            created_at=now,
            role_id="0",
            timezone="America/Los_Angeles",
            base_url=settings.base_url,
            extra={
                "job_title": "Engineering Manager",
                "company": "Example Corp",
                "dept": "Engineering",
                "location": "San Francisco",
                "phone_country": "US",
                # Signs in on the OAuth consent page (documented default: "zoomstack").
                "_password": passwords.hash_password(settings.owner_password),
            },
        )
        users.insert_user(tx, owner)
        # The owner holds a webinar licence, so the demo can schedule webinars.
        user_settings.store_overrides(
            tx, owner, {"feature": {"webinar": True, "webinar_capacity": 500}}
        )
        tx.insert(
            "account",
            account_id,
            account_id,
            {
                "id": account_id,
                "account_name": "Example Corp",
                "account_number": 100000001,
                "owner_id": owner["id"],
                "owner_email": owner["email"],
                "account_type": "Business",
                "plan": "business",
                "is_master": True,
                "master_account_id": "",
                "created_at": now,
            },
            sort=now,
        )
    account = tx.get("account", account_id, account_id) or {}
    return apps.create_app(
        tx,
        app_id="app_" + settings.client_id,
        account_id=account_id,
        client_id=settings.client_id,
        client_secret=settings.client_secret,
        app_type="s2s",
        name="zoomstack dev app",
        scopes=dev_app_scopes(),
        created_at=now,
        owner_user_id=str(account.get("owner_id", "")),
    )
