"""Join tokens for Meeting SDK bots: local recording, live streaming, local archiving.

A token is valid for 120 seconds (Zoom always answers `expire_in: 120`). Tokens are stored
(kind `join_token`, id = the token) so the simulator can admit a bot presenting one. Zoom answers
124 "This API only supports OAuth2 authorization." to non-OAuth callers; every zoomstack token
is an OAuth token, so that case cannot arise here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from zoomstack import ids
from zoomstack.areas.meeting_features.parent import Parent
from zoomstack.areas.users import service as users
from zoomstack.errors import ZoomError

if TYPE_CHECKING:
    from zoomstack.context import Ctx

KIND = "join_token"
EXPIRE_IN_S = 120

# purpose: (user settings section, setting that gates it, Zoom's answer when it is off)
_GATES: dict[str, tuple[str, str, str]] = {
    "local_recording": (
        "recording",
        "local_recording",
        "Not allowed to start local recording. To use this feature, enable the Local Recording"
        " setting in the Settings page of the Zoom web portal.",
    ),
    "live_streaming": (
        "in_meeting",
        "allow_live_streaming",
        'Not allowed to start live streaming. To use this feature, enable the "Allow'
        ' livestreaming of meetings" setting in the "Settings" page of the Zoom web portal.',
    ),
    "local_archiving": (
        "in_meeting",
        "archiving",
        'Not allowed to start local archiving. To use this feature, enable the "Archive meetings'
        ' and webinars" setting in the "Settings" page of the Zoom web portal.',
    ),
}


def _require_allowed(ctx: Ctx, parent: Parent, purpose: str) -> None:
    """A feature switched off in the host's settings refuses tokens; absent means allowed."""
    section, name, message = _GATES[purpose]
    host = users.find_user(ctx.tx, ctx.account_id, parent.host_id) if parent.host_id else None
    if host is None:
        return
    values = users.user_settings(ctx.tx, host).get(section) or {}
    setting = values.get(name) if isinstance(values, dict) else None
    if setting is False or (isinstance(setting, dict) and setting.get("enable") is False):
        raise ZoomError(400, 3000, message)


def issue(ctx: Ctx, parent: Parent, purpose: str, **options: Any) -> dict[str, Any]:
    _require_allowed(ctx, parent, purpose)
    token = ids.secret_token()
    now_ms = ctx.clock.now_ms()
    doc = {
        "token": token,
        "purpose": purpose,
        "parent": parent.key,
        "issued_to": ctx.principal.user_id,
        "expires_ms": now_ms + EXPIRE_IN_S * 1000,
        **options,
    }
    ctx.tx.insert(KIND, token, ctx.account_id, doc, parent=parent.key, sort=f"{now_ms:015d}")
    return {"token": token, "expire_in": EXPIRE_IN_S}
