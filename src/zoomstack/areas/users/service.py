"""Users: the core rules — the user document, lookups, views, licences, roles, create, list.

A user document holds the public profile in Zoom's field names plus a few internal keys: those
starting with "_" (password hash, vanity name, host key, presence, ...) and `creation_type` (the
create action; custCreate users are "API users" whose ZAK-based start URLs live 90 days). None of
them is ever shown by `public_user`.

The rest of the area builds on this module: profile.py (update, status, password, email),
lifecycle.py (delete, disassociate, switch account), settings.py, assistants.py, presence.py,
media.py (pictures, virtual backgrounds) and tokens.py (ZAK, user tokens).

Other areas use: `find_user`, `user_settings`, `is_licensed`, `has_webinar_license`,
`is_cust_create`, `tokens.issue_zak`/`tokens.verify_zak`, `assistants.is_assistant_of` and
`removal_hooks` (clean-up when a user leaves the account).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from zoomstack import errors, ids, pagination
from zoomstack.areas.users import passwords, settings
from zoomstack.areas.users.settings import default_user_settings, user_settings
from zoomstack.context import Ctx
from zoomstack.store import Conflict, Tx

__all__ = [
    "BASIC",
    "LICENSED",
    "default_user_settings",
    "find_user",
    "has_webinar_license",
    "is_licensed",
    "user_settings",
]

KIND = "user"
NS_EMAIL = "user_email"
NS_VANITY = "user_vanity"

# User types: 1 basic, 2 licensed, 4 unassigned without Meetings Basic, 99 none (ssoCreate).
BASIC, LICENSED, UNASSIGNED, NO_PLAN = 1, 2, 4, 99
OWNER_ROLE, ADMIN_ROLE, MEMBER_ROLE = "0", "1", "2"
ROLE_NAMES = {OWNER_ROLE: "Owner", ADMIN_ROLE: "Admin", MEMBER_ROLE: "Member"}
CREATE_ACTIONS = ("create", "autoCreate", "custCreate", "ssoCreate")
# Login types by create action: 100 Zoom work email, 99 API user, 101 SSO.
_LOGIN_TYPES = {"create": 100, "autoCreate": 100, "custCreate": 99, "ssoCreate": 101}
_EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

# Called when a user leaves the account (deleted or disassociated): other areas transfer or drop
# what the user owns. Arguments: ctx, the user, the transfer target (or None), and the kinds of
# data to transfer ("meeting", "webinar", "recording", ...).
RemovalHook = Callable[[Ctx, dict[str, Any], dict[str, Any] | None, frozenset[str]], None]
removal_hooks: list[RemovalHook] = []


def pmi_number() -> int:
    return ids.meeting_number(10)


def new_user_doc(
    *,
    account_id: str,
    email: str,
    first_name: str = "",
    last_name: str = "",
    user_type: int = BASIC,
    created_at: str,
    role_id: str = MEMBER_ROLE,
    status: str = "active",
    timezone: str = "UTC",
    base_url: str,
    creation_type: str = "create",
    account_number: int = 0,
    extra: dict[str, Any] | None = None,
) -> dict[str, Any]:
    user_id = ids.b64url_id()
    pmi = pmi_number()
    doc: dict[str, Any] = {
        "id": user_id,
        "first_name": first_name,
        "last_name": last_name,
        "display_name": f"{first_name} {last_name}".strip() or email.split("@")[0],
        "email": email,
        "type": user_type,
        "role_name": ROLE_NAMES.get(role_id, "Member"),
        "role_id": role_id,
        "pmi": pmi,
        "use_pmi": False,
        "personal_meeting_url": f"{base_url}/j/{pmi}",
        "timezone": timezone,
        "verified": 0 if status == "pending" else 1,
        "dept": "",
        "created_at": created_at,
        "user_created_at": created_at,
        "last_login_time": created_at,
        "last_client_version": "6.2.0.46690(mac)",
        "pic_url": "",
        "cms_user_id": "",
        "jid": f"{user_id.lower().replace('-', '').replace('_', '')}@xmpp.zoom.us",
        "group_ids": [],
        "im_group_ids": [],
        "account_id": account_id,
        "account_number": account_number,
        "language": "en-US",
        "phone_country": "",
        "phone_number": "",
        "status": status,
        "job_title": "",
        "company": "",
        "location": "",
        "login_types": [_LOGIN_TYPES.get(creation_type, 100)],
        "cluster": "us01",
        "creation_type": creation_type,
    }
    if extra:
        doc.update(extra)
    return doc


def insert_user(tx: Tx, doc: dict[str, Any]) -> dict[str, Any]:
    email = doc["email"]
    try:
        tx.key_put(NS_EMAIL, email.lower(), doc["id"])
    except Conflict:
        raise email_taken(tx, doc["account_id"], email) from None
    tx.insert(KIND, doc["id"], doc["account_id"], doc, sort=doc["created_at"] + doc["id"])
    return doc


def email_taken(tx: Tx, account_id: str, email: str) -> errors.ZoomError:
    """Zoom tells "in your account" (409) from "in another account" (400) apart."""
    owner_id = tx.key_get(NS_EMAIL, email.lower())
    found = tx.get_with_account(KIND, owner_id) if owner_id else None
    if found is not None and found[1] != account_id:
        return errors.bad_request(1009, f"The user {email} already holds an active account.")
    return errors.ZoomError(409, 1005, f'Email "{email}" has already been used.')


def find_user(tx: Tx, account_id: str, ref: str) -> dict[str, Any] | None:
    """By ID or by email (case-insensitive), within the account."""
    if "@" in ref:
        user_id = tx.key_get(NS_EMAIL, ref.lower())
        if user_id is None:
            return None
        return tx.get(KIND, user_id, account_id)
    return tx.get(KIND, ref, account_id)


def find_by_unique_id(tx: Tx, account_id: str, unique_id: str) -> dict[str, Any] | None:
    for doc in tx.find(KIND, account_id):
        if doc.get("employee_unique_id") == unique_id:
            return doc
    return None


def save(tx: Tx, user: dict[str, Any]) -> None:
    tx.update(KIND, user["id"], user)


# -- views -----------------------------------------------------------------------------------
_INTERNAL = frozenset({"creation_type"})
LIST_FIELDS = (
    "id",
    "first_name",
    "last_name",
    "display_name",
    "email",
    "type",
    "pmi",
    "timezone",
    "verified",
    "dept",
    "created_at",
    "user_created_at",
    "last_login_time",
    "last_client_version",
    "pic_url",
    "language",
    "phone_number",
    "status",
    "role_id",
    "employee_unique_id",
    "group_ids",
    "im_group_ids",
    "division_ids",
    "plan_united_type",
    "license_info_list",
    "login_types",
)


def _created_at(user: dict[str, Any], now_iso: str) -> str:
    # Zoom shows a pending user's created_at as the time of the request.
    return now_iso if user.get("status") == "pending" else str(user.get("created_at", ""))


def public_user(user: dict[str, Any], now_iso: str | Callable[[], str]) -> dict[str, Any]:
    """The user as the API shows it. `now_iso` may be a callable: it is only needed for
    pending users, and formatting the time is a measurable share of a GET."""
    # Copy-then-drop is about three times faster than filtering every key in a comprehension.
    out = dict(user)
    for key in [k for k in out if k[0] == "_"]:
        del out[key]
    for key in _INTERNAL:
        out.pop(key, None)
    if user.get("status") == "pending":
        out["created_at"] = now_iso() if callable(now_iso) else now_iso
        out.pop("last_login_time", None)
        out.pop("last_client_version", None)
    return out


def list_item(user: dict[str, Any], now_iso: str, include: str) -> dict[str, Any]:
    out = {k: user[k] for k in LIST_FIELDS if k in user}
    out["created_at"] = _created_at(user, now_iso)
    if user.get("status") == "pending":
        out.pop("last_login_time", None)
        out.pop("last_client_version", None)
    if include == "custom_attributes" and user.get("custom_attributes"):
        out["custom_attributes"] = user["custom_attributes"]
    if include == "host_key":
        out["host_key"] = user.get("_host_key", "")
    return out


def event_user(user: dict[str, Any], *, display_name: bool = False) -> dict[str, Any]:
    out = {
        "id": user["id"],
        "first_name": user.get("first_name", ""),
        "last_name": user.get("last_name", ""),
        "email": user["email"],
        "type": user["type"],
    }
    if display_name:
        out["display_name"] = user.get("display_name", "")
    return out


# -- licences and roles ----------------------------------------------------------------------
def is_licensed(user: dict[str, Any]) -> bool:
    return int(user.get("type") or 0) == LICENSED


def has_webinar_license(tx: Tx, user: dict[str, Any]) -> bool:
    return is_licensed(user) and bool(user_settings(tx, user)["feature"].get("webinar"))


def creation_type(user: dict[str, Any]) -> str:
    return str(user.get("creation_type") or "create")


def is_cust_create(user: dict[str, Any]) -> bool:
    return creation_type(user) == "custCreate"


def is_admin(user: dict[str, Any] | None) -> bool:
    return user is not None and user.get("role_id") in (OWNER_ROLE, ADMIN_ROLE)


def operator(ctx: Ctx) -> dict[str, Any] | None:
    return ctx.tx.get(KIND, ctx.principal.user_id, ctx.principal.account_id)


def operator_is_admin(ctx: Ctx) -> bool:
    """Account-level tokens act as the account; user-level tokens as their user."""
    return not ctx.principal.user_level or is_admin(operator(ctx))


_ALL_PRIVILEGES = (
    "AccountProfile:Read",
    "AccountProfile:Edit",
    "AccountSetting:Read",
    "AccountSetting:Edit",
    "Billing:Read",
    "Billing:Edit",
    "Branding:Read",
    "Branding:Edit",
    "DashboardHome:Read",
    "DashboardMeetings:Read",
    "DashboardWebinars:Read",
    "DashboardZR:Read",
    "DashboardIM:Read",
    "DataRequest:Read",
    "Group:Read",
    "Group:Edit",
    "IMGroups:Read",
    "IMGroups:Edit",
    "Recording:Read",
    "Recording:Edit",
    "Report:Read",
    "Role:Read",
    "Role:Edit",
    "SingleSignOn:Read",
    "SingleSignOn:Edit",
    "User:Read",
    "User:Edit",
    "Webinar:Read",
    "Webinar:Edit",
    "ZoomRooms:Read",
    "ZoomRooms:Edit",
)
_BUILTIN_PRIVILEGES: dict[str, tuple[str, ...]] = {
    OWNER_ROLE: _ALL_PRIVILEGES,
    ADMIN_ROLE: tuple(p for p in _ALL_PRIVILEGES if p not in ("Billing:Edit", "Role:Edit")),
    MEMBER_ROLE: (),
}


def builtin_privileges(role_id: str) -> list[str]:
    return list(_BUILTIN_PRIVILEGES.get(role_id, ()))


def permissions(tx: Tx, user: dict[str, Any]) -> list[str]:
    """The privileges of the user's role: a stored role (Roles area) wins over built-ins."""
    role_id = str(user.get("role_id", MEMBER_ROLE))
    account_id = user["account_id"]
    # The Roles area stores the default roles as "<account>.<id>" (store ids are global).
    role = tx.get("role", role_id, account_id) or tx.get(
        "role", f"{account_id}.{role_id}", account_id
    )
    if role is not None and isinstance(role.get("privileges"), list):
        return [str(p) for p in role["privileges"]]
    return list(_BUILTIN_PRIVILEGES.get(role_id, ()))


# -- create ------------------------------------------------------------------------------------
def valid_email(email: str) -> bool:
    return bool(_EMAIL_RE.match(email)) and len(email) <= 128


def account_number(tx: Tx, account_id: str) -> int:
    account = tx.get("account", account_id, account_id) or {}
    return int(account.get("account_number") or 0)


def create_user(ctx: Ctx, body: dict[str, Any]) -> dict[str, Any]:
    action = str(body["action"])
    info = body.get("user_info")
    if not isinstance(info, dict):
        raise errors.validation([{"field": "user_info", "message": "Missing field: user_info."}])
    email = str(info["email"]).strip()
    if not valid_email(email):
        raise errors.field_error("user_info.email", "Invalid parameter: email.")
    user_type = int(info["type"])
    if user_type == NO_PLAN and action != "ssoCreate":
        raise errors.field_error("user_info.type", "Invalid parameter: type.")
    password = info.get("password")
    if action == "autoCreate" and password is not None and passwords.rule_error(password):
        raise errors.bad_request(300, "Invalid parameter: password")
    first, last = str(info.get("first_name", "")), str(info.get("last_name", ""))
    extra: dict[str, Any] = {}
    for key in ("plan_united_type", "zoom_one_type", "license_info_list", "division_ids"):
        if key in info:
            extra[key] = info[key]
    if info.get("display_name"):
        extra["display_name"] = info["display_name"]
    if action == "autoCreate" and password:
        extra["_password"] = passwords.hash_password(password)
    now = ctx.clock.now_iso()
    doc = new_user_doc(
        account_id=ctx.account_id,
        email=email,
        first_name=first,
        last_name=last,
        user_type=user_type,
        created_at=now,
        status="pending" if action == "create" else "active",
        base_url=ctx.settings.base_url,
        creation_type=action,
        account_number=account_number(ctx.tx, ctx.account_id),
        extra=extra,
    )
    # New users have not signed in yet.
    doc.pop("last_login_time")
    doc.pop("last_client_version")
    insert_user(ctx.tx, doc)
    feature = info.get("feature")
    if isinstance(feature, dict) and "zoom_phone" in feature:
        settings.store_overrides(ctx.tx, doc, {"feature": {"zoom_phone": feature["zoom_phone"]}})
    ctx.emit("user.created", event_user(doc, display_name=True), creation_type=action)
    return {
        "id": doc["id"],
        "first_name": first,
        "last_name": last,
        "email": email,
        "type": user_type,
    }


# -- list ----------------------------------------------------------------------------------------
LIST_STATUSES = ("active", "inactive", "pending")
LICENSE_FILTERS = (
    "zoom_workforce_management",
    "zoom_compliance_management",
    "zoom_compliance_manager_for_contact_center",
)
LIST_MAX_PAGE_SIZE = 2000


def list_users(ctx: Ctx) -> dict[str, Any]:
    status = ctx.q_enum("status", LIST_STATUSES, "active")
    role_id = ctx.q("role_id")
    include = ctx.q_enum("include_fields", ("custom_attributes", "host_key"), "")
    license_filter = ctx.q_enum("license", LICENSE_FILTERS, "")
    users = [u for u in ctx.tx.find(KIND, ctx.account_id) if u.get("status") == status]
    if role_id:
        users = [u for u in users if str(u.get("role_id")) == role_id]
    if license_filter:
        users = [
            u for u in users if user_settings(ctx.tx, u)["feature"].get(license_filter) is True
        ]
    now = ctx.clock.now_iso()
    return pagination.paginate_list(
        ctx,
        "users",
        users,
        transform=lambda u: list_item(u, now, include),
        max_size=LIST_MAX_PAGE_SIZE,
    )


# -- master accounts ---------------------------------------------------------------------------
def path_account(ctx: Ctx) -> str:
    """The account named by an `/accounts/{accountId}/...` path this area implements itself."""
    ref = ctx.params.get("accountId")
    principal = ctx.principal
    if not ref or ref in ("me", principal.account_id):
        return principal.account_id
    return sub_account(ctx, ref)


def sub_account(ctx: Ctx, account_id: str) -> str:
    doc = ctx.tx.get("account", account_id, None)
    principal = ctx.principal
    if account_id == principal.account_id:
        return account_id
    if (
        not principal.is_master
        or doc is None
        or doc.get("master_account_id") != principal.account_id
    ):
        raise errors.not_found(2001, f"Account does not exist: {account_id}.")
    return account_id
