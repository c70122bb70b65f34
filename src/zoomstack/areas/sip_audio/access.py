"""Who may call the SIP Connected Audio API and on which account.

Only a master account may; `{accountId}` names the master itself or one of its sub-accounts,
and the request then acts in that account (ctx.account_id), as every stored item belongs to it.
"""

from __future__ import annotations

from typing import Any

from zoomstack import errors
from zoomstack.areas.users import service as users
from zoomstack.context import Ctx

NOT_MASTER = (
    "This account is not a master account. To get access to this API, enroll your account in "
    "the API Partner Plan and get it made into a master account."
)


def enter_account(ctx: Ctx) -> str:
    """Check the caller and switch the request into the path's account; the master's id."""
    master = ctx.principal.account_id
    if not ctx.principal.is_master:
        raise errors.bad_request(300, NOT_MASTER)
    ctx.account_id = users.path_account(ctx)
    return master


def storage_id(account_id: str, item_id: str) -> str:
    # Trunk and country ids repeat across accounts; stored ids are only unique per kind.
    return f"{account_id}:{item_id}"


def account_name(ctx: Ctx, account_id: str) -> str:
    doc: dict[str, Any] = ctx.tx.get("account", account_id, None) or {}
    return str(doc.get("account_name") or "")
