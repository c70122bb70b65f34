"""Accounts: the account document, sub accounts of a master account (create, list, get,
disassociate), account options, the owner, and managed/trusted domains.

An account is a document of kind "account" whose id and account are the account id. The control
API (`POST /_zoomstack/accounts`) and `POST /accounts` both create accounts with
`create_account`, so an account and its owner are built in one place.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from zoomstack import errors, ids, pagination
from zoomstack.areas.users import passwords
from zoomstack.areas.users import service as users
from zoomstack.context import Ctx
from zoomstack.store import Tx

KIND = "account"
OPTION_DEFAULTS: dict[str, Any] = {
    "share_rc": False,
    "room_connector_list": [],
    "share_mc": False,
    "meeting_connector_list": [],
    "pay_mode": "master",
    "billing_auto_renew": False,
    "resource_share_mc": False,
    "resource_share_mh": False,
    "resource_meeting_connector_list": [],
    "resource_meeting_hybrid_list": [],
}


@dataclass(frozen=True, slots=True)
class NewAccount:
    owner_email: str
    password: str
    now: str
    base_url: str
    plan: str
    account_type: str
    first_name: str = "Account"
    last_name: str = "Owner"
    account_name: str = ""
    account_id: str = ""
    is_master: bool = False
    master_account_id: str = ""
    options: dict[str, Any] | None = None


def create_account(tx: Tx, new: NewAccount) -> tuple[dict[str, Any], dict[str, Any]]:
    """Store an account and its owner (a licensed user); returns (account, owner). Raises
    ZoomError when the owner's email is taken."""
    account_id = new.account_id or ids.b64url_id()
    owner = users.new_user_doc(
        account_id=account_id,
        email=new.owner_email,
        first_name=new.first_name,
        last_name=new.last_name,
        user_type=users.LICENSED,
        created_at=new.now,
        role_id=users.OWNER_ROLE,
        base_url=new.base_url,
        extra={"_password": passwords.hash_password(new.password)},
    )
    users.insert_user(tx, owner)
    doc: dict[str, Any] = {
        "id": account_id,
        "account_name": new.account_name or f"Account {account_id[:6]}",
        "account_number": int(ids.digits(9)) or 100000002,
        "owner_id": owner["id"],
        "owner_email": owner["email"],
        "account_type": new.account_type,
        "plan": new.plan,
        "is_master": new.is_master,
        "master_account_id": new.master_account_id,
        "created_at": new.now,
        "options": {**OPTION_DEFAULTS, **(new.options or {})},
    }
    tx.insert(KIND, account_id, account_id, doc, sort=new.now)
    return doc, owner


def load(tx: Tx, account_id: str) -> dict[str, Any]:
    doc = tx.get(KIND, account_id, None)
    if doc is None:
        raise errors.not_found(2001, f"Account does not exist: {account_id}.")
    return doc


def require_master(ctx: Ctx) -> dict[str, Any]:
    account = load(ctx.tx, ctx.account_id)
    if not account.get("is_master"):
        # A normal account has no sub accounts: Zoom answers with its permission error.
        raise errors.ZoomError(403, 200, "No permission.")
    return account


def sub_account(ctx: Ctx, account_id: str) -> dict[str, Any]:
    """A sub account of the calling master account (404 2001 otherwise)."""
    require_master(ctx)
    doc = ctx.tx.get(KIND, account_id, None)
    if doc is None or doc.get("master_account_id") != ctx.account_id:
        raise errors.not_found(2001, f"Account does not exist: {account_id}.")
    return doc


def path_account(ctx: Ctx) -> dict[str, Any]:
    """The account an `/accounts/{accountId}/...` path names: "me" or the caller's own id, or
    one of its sub accounts."""
    return load(ctx.tx, users.path_account(ctx))


# -- views ---------------------------------------------------------------------------------
def _options(doc: dict[str, Any]) -> dict[str, Any]:
    return {**OPTION_DEFAULTS, **(doc.get("options") or {})}


def list_item(doc: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": doc["id"],
        "account_name": doc.get("account_name", ""),
        "owner_email": doc.get("owner_email", ""),
        "account_type": doc.get("account_type", ""),
        "seats": int(doc.get("seats") or 0),
        "subscription_start_time": doc.get("subscription_start_time", ""),
        "subscription_end_time": doc.get("subscription_end_time", ""),
        "created_at": doc.get("created_at", ""),
        "account_number": doc.get("account_number", 0),
    }


def details(doc: dict[str, Any]) -> dict[str, Any]:
    out = list_item(doc)
    out["owner_id"] = doc.get("owner_id", "")
    out["vanity_url"] = doc.get("vanity_url", "")
    out["options"] = _options(doc)
    return out


# -- sub accounts ----------------------------------------------------------------------------
def list_sub_accounts(ctx: Ctx) -> dict[str, Any]:
    require_master(ctx)
    email = ctx.q("email").strip().lower()
    subs = [
        d
        for d in ctx.tx.find(KIND, None)
        if d.get("master_account_id") == ctx.account_id
        and (not email or str(d.get("owner_email", "")).lower() == email)
    ]
    return pagination.paginate_list(ctx, "accounts", subs, transform=list_item)


def create_sub_account(ctx: Ctx, body: dict[str, Any]) -> dict[str, Any]:
    require_master(ctx)
    email = str(body["email"]).strip()
    if not users.valid_email(email):
        raise errors.field_error("email", "Invalid field: email.")
    password = str(body["password"])
    if len(password) < 8:
        raise errors.bad_request(1111, "Password must be at least 8 characters.")
    options = body.get("options") or {}
    doc, owner = create_account(
        ctx.tx,
        NewAccount(
            owner_email=email,
            password=password,
            now=ctx.clock.now_iso(),
            base_url=ctx.settings.base_url,
            # A new sub account starts on the free plan until a plan is subscribed.
            plan="free",
            account_type="Free",
            first_name=str(body["first_name"]),
            last_name=str(body["last_name"]),
            account_name=str(body.get("account_name") or ""),
            master_account_id=ctx.account_id,
            options={k: v for k, v in options.items() if k in OPTION_DEFAULTS},
        ),
    )
    ctx.emit("account.created", {"id": doc["id"], "owner_id": owner["id"], "email": email})
    return {
        "id": doc["id"],
        "owner_id": owner["id"],
        "owner_email": owner["email"],
        "created_at": doc["created_at"],
    }


def disassociate(ctx: Ctx, account_id: str) -> None:
    doc = sub_account(ctx, account_id)
    if doc.get("plan") not in ("free", "", None):
        raise errors.not_found(2000, "You cannot disassociate a paid account.")
    doc["master_account_id"] = ""
    ctx.tx.update(KIND, account_id, doc)
    ctx.emit(
        "account.disassociated",
        {"id": account_id, "owner_id": doc.get("owner_id", ""), "owner_email": doc["owner_email"]},
    )


def update_options(ctx: Ctx, account_id: str, body: dict[str, Any]) -> None:
    doc = sub_account(ctx, account_id)
    current = _options(doc)
    if "pay_mode" in body and body["pay_mode"] != current["pay_mode"] and doc.get("_purchased"):
        raise errors.bad_request(
            2100, "The collection method cannot be changed after the purchase is complete."
        )
    current.update({k: v for k, v in body.items() if k in OPTION_DEFAULTS})
    doc["options"] = current
    ctx.tx.update(KIND, account_id, doc)


# -- owner ---------------------------------------------------------------------------------
def change_owner(ctx: Ctx, body: dict[str, Any]) -> None:
    account = path_account(ctx)
    account_id = str(account["id"])
    email = str(body["email"]).strip()
    user = users.find_user(ctx.tx, account_id, email)
    if user is None:
        raise errors.bad_request(200, "Cannot make a user outside of your account an owner.")
    if user["id"] == account.get("owner_id"):
        return
    if user.get("role_id") != users.ADMIN_ROLE or users.is_cust_create(user):
        raise errors.bad_request(
            200,
            "User is not an admin or is an API user or doesn't belong to this account: "
            f"{account_id}.",
        )
    old_owner = ctx.tx.get(users.KIND, str(account.get("owner_id", "")), account_id)
    if old_owner is not None:
        # The previous owner stays on as an admin, as on Zoom.
        old_owner["role_id"], old_owner["role_name"] = users.ADMIN_ROLE, "Admin"
        users.save(ctx.tx, old_owner)
    user["role_id"], user["role_name"] = users.OWNER_ROLE, "Owner"
    users.save(ctx.tx, user)
    account["owner_id"], account["owner_email"] = user["id"], user["email"]
    ctx.tx.update(KIND, account_id, account)


# -- domains -------------------------------------------------------------------------------
def managed_domains(ctx: Ctx) -> dict[str, Any]:
    account = path_account(ctx)
    domains = [
        {"domain": str(d), "status": "verified"} for d in account.get("managed_domains") or []
    ]
    return {"total_records": len(domains), "domains": domains}


def trusted_domains(ctx: Ctx) -> dict[str, Any]:
    account = path_account(ctx)
    return {"trusted_domains": [str(d) for d in account.get("trusted_domains") or []]}
