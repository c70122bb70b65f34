"""Invite links: personal join links for named attendees, valid for `ttl` seconds.

Each link is a document (kind `invite_link`) reachable from its `tk` token through the unique
key namespace `invite_tk`, so the simulator can admit the holder under the given name with the
given audio/video options until it expires (`expires_ms`; null when `ttl` is 0, no expiry).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from zoomstack import errors, ids
from zoomstack.areas.meeting_features import links
from zoomstack.areas.meeting_features.parent import Parent

if TYPE_CHECKING:
    from zoomstack.context import Ctx
    from zoomstack.store import Tx

KIND = "invite_link"
DEFAULT_TTL_S = 7200


def create_links(ctx: Ctx, parent: Parent, body: dict[str, Any]) -> dict[str, Any]:
    if not body.get("attendees"):
        raise errors.validation([{"field": "attendees", "message": "Missing field: attendees."}])
    ttl = body.get("ttl", DEFAULT_TTL_S)
    now_ms = ctx.clock.now_ms()
    expires = None if ttl == 0 else now_ms + int(ttl) * 1000
    out = []
    for attendee in body.get("attendees") or []:
        link_id = ids.uuid4_str()
        token = links.new_token(parent, link_id)
        ctx.tx.key_put(links.NS_INVITE_TK, token, link_id)
        url = links.join_url(parent, ctx.settings.base_url, token, path="j")
        doc = {
            "id": link_id,
            "name": str(attendee["name"]),
            "disable_video": bool(attendee.get("disable_video", False)),
            "disable_audio": bool(attendee.get("disable_audio", False)),
            "join_url": url,
            "token": token,
            "parent": parent.key,
            "created_ms": now_ms,
            "expires_ms": expires,
        }
        ctx.tx.insert(KIND, link_id, ctx.account_id, doc, parent=parent.key, sort=f"{now_ms:015d}")
        out.append({"name": doc["name"], "join_url": url})
    return {"attendees": out}


def link_for_token(tx: Tx, token: str, now_ms: int) -> dict[str, Any] | None:
    """For the simulator: the unexpired invite link a `tk` stands for."""
    link_id = tx.key_get(links.NS_INVITE_TK, token)
    doc = None if link_id is None else tx.get(KIND, link_id, None)
    if doc is None or (doc["expires_ms"] is not None and doc["expires_ms"] <= now_ms):
        return None
    return doc
