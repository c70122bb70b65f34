"""Presence status: what a signed-in user shows their contacts (Available, Away, DND, ...)."""

from __future__ import annotations

from typing import Any

from zoomstack import errors, timefmt
from zoomstack.areas.users.service import is_admin, operator, save
from zoomstack.context import Ctx

# -- presence ----------------------------------------------------------------------------------
PRESENCE_STATUSES = (
    "Away",
    "Available",
    "In_Calendar_Event",
    "Presenting",
    "In_A_Zoom_Meeting",
    "On_A_Call",
    "Out_of_Office",
    "Busy",
)
DND = "Do_Not_Disturb"
# The spec's request enum spells it Do_No_Disturb; Zoom's responses and events use DND above.
DND_ALIASES = ("Do_No_Disturb", DND)
DND_DEFAULT_MINUTES = 20
PRESENCE_INTERVAL_MS = 60_000
# Event names differ from the request names for two statuses.
_EVENT_PRESENCE = {"In_A_Zoom_Meeting": "In_Meeting", "On_A_Call": "On_Phone_Call"}


def _presence_failed() -> errors.ZoomError:
    return errors.bad_request(5301, "Request to update the presence status of this user failed.")


def set_presence(ctx: Ctx, user: dict[str, Any], status: str, duration: int | None) -> None:
    if user.get("status") != "active":
        # Only signed-in users have a presence; pending and deactivated users cannot sign in.
        raise _presence_failed()
    if (
        ctx.principal.user_level
        and user["id"] != ctx.principal.user_id
        and not is_admin(operator(ctx))
    ):
        raise errors.bad_request(
            5411,
            "Unauthorized request. You do not have permission to update the presence status"
            " of this user.",
        )
    now = ctx.clock.now_ms()
    presence = dict(user.get("_presence") or {})
    if now - int(presence.get("updated_ms", -PRESENCE_INTERVAL_MS)) < PRESENCE_INTERVAL_MS:
        raise _presence_failed()
    presence = {"status": status, "updated_ms": now}
    if status == DND:
        presence["until_ms"] = now + (duration or DND_DEFAULT_MINUTES) * 60_000
    user["_presence"] = presence
    save(ctx.tx, user)
    ctx.emit(
        "user.presence_status_updated",
        {
            "date_time": timefmt.iso_from_ms(now),
            "email": user["email"],
            "id": user["id"],
            "presence_status": _EVENT_PRESENCE.get(status, status),
        },
    )


def get_presence(ctx: Ctx, user: dict[str, Any]) -> dict[str, Any]:
    presence = user.get("_presence") or {}
    status = str(presence.get("status") or "Available")
    now = ctx.clock.now_ms()
    if status == DND:
        until = int(presence.get("until_ms") or now)
        if until > now:
            return {
                "status": "Do_No_Disturb",
                "end_time": timefmt.iso_from_ms(until),
                "remaining_time": (until - now) // 60_000,
            }
        status = "Available"
    return {"status": status}
