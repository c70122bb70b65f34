"""The webinar licence: hosting a webinar needs a licensed user with the webinar feature
(`users.has_webinar_license`). Zoom words the refusal slightly differently per operation; all
are 400 with code 200.
"""

from __future__ import annotations

from typing import Any

from zoomstack.areas.users import service as users
from zoomstack.context import Ctx
from zoomstack.errors import ZoomError

_HEAD = "Webinar plan is missing. You must subscribe to the webinar plan and enable webinars"
_MESSAGES = {
    "create": _HEAD + " for user {user_id} in order to perform this action.",
    "get": _HEAD + " for user {user_id} to perform this action.",
    "update": _HEAD + " for this user in order to perform this action: {user_id}.",
    "": _HEAD + " for this user in order to perform this action.",
}


def plan_missing(user_id: str, op: str = "") -> ZoomError:
    return ZoomError(400, 200, _MESSAGES.get(op, _MESSAGES[""]).format(user_id=user_id))


def require(ctx: Ctx, user: dict[str, Any], op: str = "") -> None:
    if not users.has_webinar_license(ctx.tx, user):
        raise plan_missing(str(user.get("id", "")), op)


def host_of(ctx: Ctx, doc: dict[str, Any]) -> dict[str, Any]:
    host = users.find_user(ctx.tx, ctx.account_id, str(doc.get("host_id", "")))
    return host or {"id": doc.get("host_id", ""), "email": doc.get("host_email", "")}


def require_host(ctx: Ctx, doc: dict[str, Any], op: str = "") -> dict[str, Any]:
    """The webinar's host, who must still hold a webinar licence."""
    host = host_of(ctx, doc)
    if "account_id" in host:
        require(ctx, host, op)
    return host
