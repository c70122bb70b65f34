"""Personal audio conference (PAC) accounts.

Zoom provisions a PAC account with the audio-conferencing plan; here every licensed user gets one,
created with generated numbers the first time it is read and stable afterwards.
"""

from __future__ import annotations

from typing import Any

from zoomstack import errors, ids
from zoomstack.areas.users import service as users
from zoomstack.context import Ctx

KIND = "user_pac"

# Fictional numbers (reserved for drama/fiction ranges) standing in for Zoom's global dial-ins.
GLOBAL_DIAL_IN_NUMBERS = (
    {"country": "US", "number": "+1 5550100199"},
    {"country": "GB", "number": "+44 2079460199"},
)


def _new_pac() -> dict[str, Any]:
    return {
        "conference_id": ids.meeting_number(10),
        "listen_only_password": ids.digits(6),
        "participant_password": ids.digits(6),
        "global_dial_in_numbers": [dict(n) for n in GLOBAL_DIAL_IN_NUMBERS],
        "dedicated_dial_in_number": [],
    }


def pac_accounts(ctx: Ctx, user: dict[str, Any]) -> dict[str, Any]:
    if user.get("type") == users.BASIC:
        raise errors.bad_request(2024, "User does not have PAC enabled.")
    doc = ctx.tx.get(KIND, user["id"], ctx.account_id)
    if doc is None:
        doc = {"pac_accounts": [_new_pac()]}
        ctx.tx.insert(KIND, user["id"], ctx.account_id, doc, user["id"])
    return doc


def _forget_user(
    ctx: Ctx, user: dict[str, Any], target: dict[str, Any] | None, kinds: frozenset[str]
) -> None:
    ctx.tx.delete(KIND, user["id"])


users.removal_hooks.append(_forget_user)
