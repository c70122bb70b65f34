"""An account's rate-limit policy: its plan, whether limits apply, and per-label changes.

Stored as one document per account (kind `rate_limit_settings`); an account without one gets
the limits of its plan as the account document names it (`plan` / `account_type`), Business+
when it names none.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from zoomstack.ratelimit.plans import (
    BUSINESS_PLUS,
    CATEGORY,
    LABELS,
    PLAN_NAMES,
    LabelLimit,
    apply_overrides,
    normalize_plan,
    plan_limits,
)
from zoomstack.store import Tx

KIND = "rate_limit_settings"


@dataclass(frozen=True, slots=True)
class Policy:
    account_id: str
    enabled: bool
    plan: str
    limits: dict[str, LabelLimit]
    overrides: dict[str, dict[str, Any]] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "account_id": self.account_id,
            "enabled": self.enabled,
            "plan": self.plan,
            "plan_name": PLAN_NAMES[self.plan],
            "overrides": self.overrides,
            "limits": {
                label: {"category": CATEGORY[label], **self.limits[label].to_json()}
                for label in LABELS
            },
        }


def default_plan(account: dict[str, Any] | None) -> str:
    if account:
        for key in ("plan", "account_type"):
            value = account.get(key)
            if isinstance(value, str) and (plan := normalize_plan(value)):
                return plan
    return BUSINESS_PLUS


def build(account_id: str, settings: dict[str, Any], account: dict[str, Any] | None) -> Policy:
    plan = normalize_plan(str(settings.get("plan") or "")) or default_plan(account)
    overrides: dict[str, dict[str, Any]] = settings.get("overrides") or {}
    return Policy(
        account_id=account_id,
        enabled=bool(settings.get("enabled", True)),
        plan=plan,
        limits=apply_overrides(plan_limits(plan), overrides),
        overrides=overrides,
    )


def load(tx: Tx, account_id: str) -> Policy:
    settings = tx.get(KIND, account_id, account_id) or {}
    account = tx.get("account", account_id, account_id)
    return build(account_id, settings, account)


def save(tx: Tx, account_id: str, settings: dict[str, Any]) -> None:
    doc = {"account_id": account_id, **settings}
    if tx.get(KIND, account_id, account_id) is None:
        tx.insert(KIND, account_id, account_id, doc)
    else:
        tx.update(KIND, account_id, doc)


def stored_settings(tx: Tx, account_id: str) -> dict[str, Any]:
    doc = tx.get(KIND, account_id, account_id) or {}
    return {k: v for k, v in doc.items() if k != "account_id"}
