"""A user leaving the account: delete, disassociate, or a move to another account under the
same master account. Everything the users area keeps for the user goes (or moves) with them;
other areas clean up through `service.removal_hooks`.
"""

from __future__ import annotations

from typing import Any

from zoomstack import errors
from zoomstack.areas.users import assistants, media, service, settings, tokens
from zoomstack.context import Ctx
from zoomstack.store import Tx

TRANSFER_KINDS = ("meeting", "webinar", "recording", "whiteboard", "clipfiles", "notes", "docs")
# Documents stored under the user (parent = user ID) that belong to the user's account.
_CHILD_KINDS = (media.PICTURE_KIND, media.BACKGROUND_KIND, tokens.ZPK_KIND)


def delete_user(ctx: Ctx, user: dict[str, Any]) -> None:
    action = ctx.q_enum("action", ("disassociate", "delete"), "disassociate")
    if user.get("role_id") == service.OWNER_ROLE:
        raise errors.bad_request(200, "No permission.")
    if action == "disassociate" and user.get("role_id") == service.ADMIN_ROLE:
        raise errors.bad_request(1117, "You can not disassociate an Admin user.")
    target = None
    transfer_email = ctx.q("transfer_email")
    if transfer_email:
        if transfer_email.lower() == str(user["email"]).lower():
            raise errors.bad_request(
                300,
                "The transfer-to email address cannot be the same as the unlinked or deleted"
                " user's email address.",
            )
        target = service.find_user(ctx.tx, ctx.account_id, transfer_email)
        if target is None:
            raise errors.user_not_found(transfer_email)
    kinds = frozenset(k for k in TRANSFER_KINDS if target and ctx.q_bool(f"transfer_{k}"))
    remove_user(ctx.tx, user)
    for hook in service.removal_hooks:
        hook(ctx, user, target, kinds)
    event = "user.deleted" if action == "delete" else "user.disassociated"
    ctx.emit(event, service.event_user(user))


def remove_user(tx: Tx, user: dict[str, Any]) -> None:
    """Drop the user and everything the users area keeps for them."""
    assistants.forget_user(tx, user)
    media.forget_user(tx, user)
    tokens.forget_user(tx, user)
    tx.delete(settings.KIND, user["id"])
    tx.key_delete(service.NS_EMAIL, str(user["email"]).lower())
    if user.get("_vanity_name"):
        tx.key_delete(service.NS_VANITY, str(user["_vanity_name"]).lower())
    tx.delete(service.KIND, user["id"])


def switch_account(ctx: Ctx, user: dict[str, Any], target_ref: str) -> None:
    """Move a user to another account under the same master account."""
    if service.is_admin(user):
        raise errors.bad_request(1117, "Can not disassociate Admin user")
    target_id = ctx.principal.account_id if target_ref == "me" else target_ref
    target = service.sub_account(ctx, target_id)
    source = str(user["account_id"])
    if target == source:
        return
    tx = ctx.tx
    # Scheduling privilege does not cross accounts.
    assistants.forget_user(tx, user)
    # The generic document API cannot re-home a document; one UPDATE per group does it.
    tx.execute(
        "UPDATE docs SET account_id = ? WHERE account_id = ? AND id = ? AND kind IN (?, ?)",
        (target, source, user["id"], service.KIND, settings.KIND),
    )
    for kind in _CHILD_KINDS:
        tx.execute(
            "UPDATE docs SET account_id = ? WHERE kind = ? AND account_id = ? AND parent_id = ?",
            (target, kind, source, user["id"]),
        )
    user["account_id"] = target
    user["account_number"] = service.account_number(tx, target)
    user["group_ids"] = []
    user["im_group_ids"] = []
    service.save(tx, user)
