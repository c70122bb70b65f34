"""Scheduling privilege: a user's assistants, and the schedulers an assistant works for.

Each grant is stored twice, once under the user who grants it (kind "user_assistant") and once
under the assistant (kind "user_scheduler"), so both lists are a lookup by parent.
"""

from __future__ import annotations

from typing import Any

from zoomstack import errors
from zoomstack.areas.users import service
from zoomstack.context import Ctx
from zoomstack.store import Tx

ASSISTANT = "user_assistant"
SCHEDULER = "user_scheduler"


def _key(owner_id: str, other_id: str) -> str:
    return f"{owner_id}:{other_id}"


def _unlicensed(ref: str) -> errors.ZoomError:
    return errors.bad_request(
        200, f"The user must either be a Licensed user or an On-prem user : {ref}."
    )


def list_assistants(tx: Tx, user: dict[str, Any]) -> dict[str, Any]:
    out = []
    for grant in tx.find(ASSISTANT, user["account_id"], user["id"]):
        assistant = tx.get(service.KIND, grant["assistant_id"], None)
        if assistant is None:
            continue
        out.append(
            {
                "id": assistant["id"],
                "email": assistant["email"],
                "can_manage_host_private_event": bool(grant.get("can_manage_host_private_event")),
            }
        )
    return {"assistants": out}


def list_schedulers(tx: Tx, user: dict[str, Any]) -> dict[str, Any]:
    out = []
    for grant in tx.find(SCHEDULER, user["account_id"], user["id"]):
        scheduler = tx.get(service.KIND, grant["scheduler_id"], None)
        if scheduler is not None:
            out.append(
                {"id": scheduler["id"], "email": scheduler["email"], "pmi": scheduler["pmi"]}
            )
    return {"schedulers": out}


def add_assistants(ctx: Ctx, user: dict[str, Any], items: list[dict[str, Any]]) -> dict[str, Any]:
    tx = ctx.tx
    if not service.is_licensed(user):
        raise _unlicensed(user["id"])
    added: list[tuple[dict[str, Any], bool]] = []
    for i, item in enumerate(items):
        ref = str(item.get("id") or item.get("email") or "").strip()
        if not ref:
            raise errors.field_error(f"assistants[{i}].id", "Missing field: id.")
        assistant = service.find_user(tx, user["account_id"], ref)
        if assistant is None:
            raise errors.bad_request(200, f"Can't find user {ref}.")
        if assistant["id"] == user["id"]:
            raise errors.bad_request(200, "Can't assign scheduling privilege to yourself.")
        if not service.is_licensed(assistant):
            raise _unlicensed(ref)
        if tx.get(ASSISTANT, _key(user["id"], assistant["id"]), None) is not None or any(
            a["id"] == assistant["id"] for a, _ in added
        ):
            raise errors.bad_request(
                200, f"User {assistant['email']} has already granted scheduling privilege."
            )
        added.append((assistant, bool(item.get("can_manage_host_private_event", False))))
    now = ctx.clock.now_iso()
    for i, (assistant, private) in enumerate(added):
        # Keeps the request's order within one timestamp.
        sort = f"{now}{i:03d}"
        grant = {
            "user_id": user["id"],
            "assistant_id": assistant["id"],
            "can_manage_host_private_event": private,
            "add_at": now,
        }
        account = user["account_id"]
        tx.insert(ASSISTANT, _key(user["id"], assistant["id"]), account, grant, user["id"], sort)
        tx.insert(
            SCHEDULER,
            _key(assistant["id"], user["id"]),
            account,
            {"scheduler_id": user["id"], "assistant_id": assistant["id"], "add_at": now},
            assistant["id"],
            sort,
        )
    return {"ids": ",".join(a["id"] for a, _ in added), "add_at": now}


def _revoke(tx: Tx, user_id: str, assistant_id: str) -> None:
    tx.delete(ASSISTANT, _key(user_id, assistant_id))
    tx.delete(SCHEDULER, _key(assistant_id, user_id))


def delete_assistants(tx: Tx, user: dict[str, Any]) -> None:
    for grant in tx.find(ASSISTANT, user["account_id"], user["id"]):
        _revoke(tx, user["id"], grant["assistant_id"])


def delete_assistant(tx: Tx, user: dict[str, Any], assistant_ref: str) -> None:
    assistant = service.find_user(tx, user["account_id"], assistant_ref)
    if assistant is None:
        raise errors.user_not_found(assistant_ref)
    _revoke(tx, user["id"], assistant["id"])


def delete_schedulers(tx: Tx, user: dict[str, Any]) -> None:
    for grant in tx.find(SCHEDULER, user["account_id"], user["id"]):
        _revoke(tx, grant["scheduler_id"], user["id"])


def delete_scheduler(tx: Tx, user: dict[str, Any], scheduler_ref: str) -> None:
    scheduler = service.find_user(tx, user["account_id"], scheduler_ref)
    if scheduler is None:
        raise errors.user_not_found(scheduler_ref)
    _revoke(tx, scheduler["id"], user["id"])


def is_assistant_of(tx: Tx, assistant_id: str, user_id: str) -> bool:
    """True if `assistant_id` may schedule for `user_id` (for schedule_for checks)."""
    return tx.get(ASSISTANT, _key(user_id, assistant_id), None) is not None


def forget_user(tx: Tx, user: dict[str, Any]) -> None:
    delete_assistants(tx, user)
    delete_schedulers(tx, user)
