"""Telephony service provider (TSP): the account's TSP setup and each user's TSP accounts.

A user has at most two TSP accounts, addressed by the ids "1" and "2" (the lowest free one is
used on creation). Every user-level call needs TSP enabled on the account.
"""

from __future__ import annotations

from typing import Any

from zoomstack import errors
from zoomstack.areas.users import service as users
from zoomstack.context import Ctx

ACCOUNT_KIND = "tsp_account_info"
USER_KIND = "user_tsp"
USER_SETTINGS_KIND = "user_tsp_settings"
TSP_IDS = ("1", "2")

ACCOUNT_FIELDS = (
    "dial_in_number_unrestricted",
    "enable",
    "master_account_setting_extended",
    "modify_credential_forbidden",
    "tsp_bridge",
    "tsp_enabled",
    "tsp_provider",
)
CREDENTIAL_FIELDS = ("conference_code", "leader_pin", "tsp_bridge", "dial_in_numbers")


def _account_defaults() -> dict[str, Any]:
    # Enabled out of the box so the user-level endpoints work on a fresh developer account.
    return {
        "dial_in_number_unrestricted": True,
        "dial_in_numbers": [],
        "enable": True,
        "master_account_setting_extended": False,
        "modify_credential_forbidden": False,
        "tsp_bridge": "US_TSP_TB",
        "tsp_enabled": True,
        "tsp_provider": "",
    }


# -- account ---------------------------------------------------------------------------------
def account_info(ctx: Ctx) -> dict[str, Any]:
    stored = ctx.tx.get(ACCOUNT_KIND, ctx.account_id, ctx.account_id) or {}
    return {**_account_defaults(), **stored}


def update_account_info(ctx: Ctx, changes: dict[str, Any]) -> None:
    stored = ctx.tx.get(ACCOUNT_KIND, ctx.account_id, ctx.account_id)
    values = {k: v for k, v in changes.items() if k in ACCOUNT_FIELDS}
    if stored is None:
        ctx.tx.insert(ACCOUNT_KIND, ctx.account_id, ctx.account_id, values)
    else:
        ctx.tx.update(ACCOUNT_KIND, ctx.account_id, {**stored, **values})


def require_enabled(ctx: Ctx, message: str = "Account has not enabled TSP.") -> dict[str, Any]:
    info = account_info(ctx)
    if not (info["tsp_enabled"] and info["enable"]):
        raise errors.bad_request(2024, message)
    return info


def _check_media_link(info: dict[str, Any], creds: dict[str, Any]) -> None:
    provider = str(info.get("tsp_provider") or "").strip().lower()
    if provider in ("at&t", "att") or provider.startswith(("at&t ", "att ")):
        numbers = creds.get("dial_in_numbers") or []
        if not any(isinstance(n, dict) and n.get("type") == "media_link" for n in numbers):
            raise errors.bad_request(300, "Media link is required for AT&T TSP accounts.")


# -- user TSP accounts -----------------------------------------------------------------------
def _doc_id(user_id: str, tsp_id: str) -> str:
    return f"{user_id}:{tsp_id}"


def _public(doc: dict[str, Any]) -> dict[str, Any]:
    return {k: doc[k] for k in ("id", *CREDENTIAL_FIELDS) if k in doc}


def _credentials(doc: dict[str, Any]) -> dict[str, Any]:
    return {k: doc[k] for k in CREDENTIAL_FIELDS if k in doc}


def _event_object(user: dict[str, Any], doc: dict[str, Any]) -> dict[str, Any]:
    return {"id": user["id"], "email": user["email"], "tsp_credentials": _credentials(doc)}


def list_accounts(ctx: Ctx, user: dict[str, Any]) -> dict[str, Any]:
    require_enabled(ctx)
    docs = ctx.tx.find(USER_KIND, ctx.account_id, user["id"])
    return {"tsp_accounts": [_public(d) for d in docs]}


def _load(ctx: Ctx, user: dict[str, Any], tsp_id: str) -> dict[str, Any]:
    if tsp_id not in TSP_IDS:
        raise errors.bad_request(300, "The TSP ID provided does not exist.")
    doc = ctx.tx.get(USER_KIND, _doc_id(user["id"], tsp_id), ctx.account_id)
    if doc is None:
        raise errors.bad_request(300, "TSP config does not exist.")
    return doc


def get_account(ctx: Ctx, user: dict[str, Any], tsp_id: str) -> dict[str, Any]:
    require_enabled(ctx)
    return _public(_load(ctx, user, tsp_id))


def add_account(ctx: Ctx, user: dict[str, Any], body: dict[str, Any]) -> dict[str, Any]:
    info = require_enabled(ctx, "This account has not enabled TSP.")
    taken = {d["id"] for d in ctx.tx.find(USER_KIND, ctx.account_id, user["id"])}
    free = [t for t in TSP_IDS if t not in taken]
    if not free:
        raise errors.bad_request(300, "You can add a maximum of two TSP configs.")
    doc: dict[str, Any] = {
        "id": free[0],
        "conference_code": body["conference_code"],
        "leader_pin": body["leader_pin"],
        "tsp_bridge": body.get("tsp_bridge") or info["tsp_bridge"],
        "dial_in_numbers": list(body.get("dial_in_numbers") or []),
    }
    _check_media_link(info, doc)
    ctx.tx.insert(
        USER_KIND, _doc_id(user["id"], doc["id"]), ctx.account_id, doc, user["id"], doc["id"]
    )
    ctx.emit("user.tsp_created", _event_object(user, doc))
    return _public(doc)


def update_account(
    ctx: Ctx, user: dict[str, Any], tsp_id: str, body: dict[str, Any]
) -> dict[str, Any]:
    info = require_enabled(ctx)
    old = _load(ctx, user, tsp_id)
    new = {**old, **{k: body[k] for k in CREDENTIAL_FIELDS if k in body}}
    _check_media_link(info, new)
    ctx.tx.update(USER_KIND, _doc_id(user["id"], tsp_id), new)
    ctx.emit("user.tsp_updated", _event_object(user, new), old_object=_credentials(old))
    return _public(new)


def delete_account(ctx: Ctx, user: dict[str, Any], tsp_id: str) -> None:
    require_enabled(ctx, "This account has not enabled TSP.")
    doc = _load(ctx, user, tsp_id)
    ctx.tx.delete(USER_KIND, _doc_id(user["id"], tsp_id))
    ctx.emit("user.tsp_deleted", _event_object(user, doc))


def set_global_dial_in_url(ctx: Ctx, user: dict[str, Any], audio_url: str) -> None:
    require_enabled(ctx)
    doc = {"audio_url": audio_url}
    if ctx.tx.get(USER_SETTINGS_KIND, user["id"], ctx.account_id) is None:
        ctx.tx.insert(USER_SETTINGS_KIND, user["id"], ctx.account_id, doc, user["id"])
    else:
        ctx.tx.update(USER_SETTINGS_KIND, user["id"], doc)


def global_dial_in_url(ctx: Ctx, user: dict[str, Any]) -> str:
    doc = ctx.tx.get(USER_SETTINGS_KIND, user["id"], ctx.account_id) or {}
    return str(doc.get("audio_url", ""))


def _forget_user(
    ctx: Ctx, user: dict[str, Any], target: dict[str, Any] | None, kinds: frozenset[str]
) -> None:
    ctx.tx.delete_children(USER_KIND, ctx.account_id, user["id"])
    ctx.tx.delete(USER_SETTINGS_KIND, user["id"])


users.removal_hooks.append(_forget_user)
