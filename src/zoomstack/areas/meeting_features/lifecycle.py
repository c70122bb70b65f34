"""What the owning area calls when a meeting or webinar is gone for good (purged): every feature
document hanging off it, and the unique keys that point at them, go with it."""

from __future__ import annotations

from zoomstack.areas.meeting_features import (
    invite_links,
    join_tokens,
    links,
    live_state,
    livestream,
    polls,
    questions,
    registrants,
)
from zoomstack.areas.meeting_features.parent import Parent
from zoomstack.store import Tx


def forget_parent(tx: Tx, account_id: str, parent: Parent) -> None:
    for doc in registrants.all_of(tx, account_id, parent):
        registrants.remove(tx, doc, parent)
    for link in tx.find(invite_links.KIND, account_id, parent.key):
        links.forget_token(tx, links.NS_INVITE_TK, str(link.get("token") or ""))
    for kind in (invite_links.KIND, join_tokens.KIND, polls.KIND):
        tx.delete_children(kind, account_id, parent.key)
    for kind in (questions.KIND, livestream.KIND, live_state.KIND):
        tx.delete(kind, parent.key)
