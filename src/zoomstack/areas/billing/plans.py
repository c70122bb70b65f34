"""Billing state of an account: billing contact, subscribed plans (base plan and add-ons) and
invoices, stored in one document per account (kind "account_billing", id = account id).

Paid accounts that never went through the plan API (the developer account, Business plan) get
their state on first access: a base plan sized to the account's licensed users and the invoice
of that purchase. zoomstack bills nothing: prices are a fixed per-host table so invoices carry
plausible amounts.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from zoomstack import errors, ids
from zoomstack.areas.accounts import service as accounts
from zoomstack.areas.users import service as users
from zoomstack.context import Ctx
from zoomstack.timefmt import format_iso

KIND = "account_billing"
CONTACT_FIELDS = (
    "first_name",
    "last_name",
    "email",
    "phone_number",
    "address",
    "apt",
    "city",
    "state",
    "zip",
    "country",
)
# Add-on plan groups by the prefix of Zoom's plan type codes; list groups hold several plans.
ADDON_GROUPS = (
    ("webinar", "plan_webinar", True),
    ("large", "plan_large_meeting", True),
    ("zroom", "plan_zoom_rooms", False),
    ("roomconnector", "plan_room_connector", False),
    ("cmr", "plan_recording", False),
    ("audio", "plan_audio", False),
)
MONTHLY_PRICE = {"pro": 14.99, "business": 19.99}
FREE_PLANS = ("free", "")
DEV_BASE_PLAN = "business_annual"
MIN_BUSINESS_HOSTS = 10


def is_paid(account: dict[str, Any]) -> bool:
    return str(account.get("plan") or "") not in FREE_PLANS


def licensed_users(ctx: Ctx, account_id: str) -> int:
    return sum(1 for u in ctx.tx.find(users.KIND, account_id) if users.is_licensed(u))


def _money(value: float) -> float:
    return round(value, 2)


def _tier(plan_type: str, hosts: int) -> str:
    if plan_type.startswith("business") or hosts >= MIN_BUSINESS_HOSTS:
        return "business"
    return "pro"


def new_invoice(ctx: Ctx, charges: list[tuple[str, str, int]]) -> dict[str, Any]:
    """An invoice for (charge name, plan type, hosts) rows, dated today and due in 30 days."""
    today = ctx.clock.now().date()
    items: list[dict[str, Any]] = []
    for name, plan_type, hosts in charges:
        amount = _money(MONTHLY_PRICE[_tier(plan_type, hosts)] * max(hosts, 1))
        items.append(
            {
                "charge_name": name,
                "charge_type": "Recurring",
                "charge_number": f"C-{ids.digits(8)}",
                "total_amount": amount,
                "tax_amount": 0.0,
                "quantity": max(hosts, 1),
                "start_date": today.isoformat(),
                "end_date": (today + dt.timedelta(days=30)).isoformat(),
            }
        )
    total = _money(sum(float(i["total_amount"]) for i in items))
    return {
        "id": ids.hex_id(16),
        "invoice_number": f"INV{ids.digits(8)}",
        "currency": "USD",
        "total_amount": total,
        "tax_amount": 0.0,
        "balance": 0.0,
        "invoice_date": today.isoformat(),
        "target_date": today.isoformat(),
        "due_date": (today + dt.timedelta(days=30)).isoformat(),
        "status": "Posted",
        "invoice_items": items,
    }


def _initial(ctx: Ctx, account: dict[str, Any]) -> dict[str, Any]:
    owner = ctx.tx.get(users.KIND, str(account.get("owner_id", "")), str(account["id"])) or {}
    contact = {name: "" for name in CONTACT_FIELDS}
    contact.update(
        first_name=owner.get("first_name", ""),
        last_name=owner.get("last_name", ""),
        email=owner.get("email", account.get("owner_email", "")),
    )
    doc: dict[str, Any] = {"contact": contact, "plans": {}, "invoices": []}
    if is_paid(account):
        hosts = max(MIN_BUSINESS_HOSTS, licensed_users(ctx, str(account["id"])))
        doc["plans"] = {"plan_base": {"type": DEV_BASE_PLAN, "hosts": hosts}}
        doc["invoices"] = [new_invoice(ctx, [("Business", DEV_BASE_PLAN, hosts)])]
    return doc


def load(ctx: Ctx, account: dict[str, Any]) -> dict[str, Any]:
    account_id = str(account["id"])
    doc = ctx.tx.get(KIND, account_id, account_id)
    if doc is None:
        doc = _initial(ctx, account)
        ctx.tx.insert(KIND, account_id, account_id, doc)
    return doc


def save(ctx: Ctx, account: dict[str, Any], doc: dict[str, Any]) -> None:
    ctx.tx.update(KIND, str(account["id"]), doc)


def target(ctx: Ctx) -> dict[str, Any]:
    """The account of an `/accounts/{accountId}/billing|plans...` path."""
    return accounts.path_account(ctx)


def set_paid(ctx: Ctx, account: dict[str, Any], base: dict[str, Any] | None) -> None:
    """Reflect the base plan on the account document (type, seats, subscription period)."""
    if base is None:
        account.update(plan="free", account_type="Free", seats=0)
        account.pop("subscription_start_time", None)
        account.pop("subscription_end_time", None)
    else:
        hosts = int(base.get("hosts") or 0)
        tier = _tier(str(base.get("type", "")), hosts)
        start = ctx.clock.now()
        account.update(
            plan=tier,
            account_type=tier.capitalize(),
            seats=hosts,
            subscription_start_time=format_iso(start),
            subscription_end_time=format_iso(start + dt.timedelta(days=365)),
            _purchased=True,
        )
    ctx.tx.update(accounts.KIND, str(account["id"]), account)


def addon_group(plan_type: str) -> tuple[str, bool]:
    low = plan_type.strip().lower()
    for prefix, group, many in ADDON_GROUPS:
        if low.startswith(prefix):
            return group, many
    raise errors.field_error("type", f"Invalid field: type ({plan_type}).")


def require_paid(account: dict[str, Any]) -> None:
    if not is_paid(account):
        raise errors.bad_request(200, f"Only available for Paid account: {account['id']}.")


def load_account(ctx: Ctx) -> dict[str, Any]:
    """The caller's own account (paths without an account id)."""
    return accounts.load(ctx.tx, ctx.account_id)
