"""The live state of a meeting instance in progress, as far as the API can change it.

One document per meeting (kind `meeting_live_state`, id = parent key) holding what the in-meeting
APIs ask for: cloud recording state, the livestream, waiting-room text, AI Companion, RTMS apps,
chat messages and a log of every accepted command (`commands`, oldest first, each with
`method`, `params`, `time` and `applied`). The meeting simulator owns the instance itself (it
sets the meeting's `status` to "started"); it reads the command log, records chat messages with
`record_chat_message`, and clears the document with `clear` when the instance ends.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from zoomstack.areas.meeting_features.parent import Parent
from zoomstack.errors import ZoomError

if TYPE_CHECKING:
    from zoomstack.context import Ctx
    from zoomstack.store import Tx

KIND = "meeting_live_state"
MAX_COMMANDS = 500


def not_started(parent: Parent) -> ZoomError:
    """What the /live_meetings endpoints answer for a meeting that is not in progress."""
    label = "Webinar" if parent.kind == "webinar" else "Meeting"
    return ZoomError(400, 3000, f"{label} {parent.id} has not started.")


def require_live(parent: Parent) -> None:
    if not parent.is_live:
        raise not_started(parent)


def _empty(parent: Parent) -> dict[str, Any]:
    return {
        "parent": parent.key,
        "meeting_id": parent.number,
        "uuid": str(parent.doc.get("uuid") or ""),
        "recording": {"status": "stopped"},
        "livestream": {"status": "stopped"},
        "waiting_room": {},
        "ai_companion": {"status": "stopped"},
        "rtms_apps": {},
        "chat_messages": {},
        "invitations": [],
        "removed_participants": [],
        "commands": [],
    }


def load(tx: Tx, account_id: str, parent: Parent) -> dict[str, Any]:
    doc = tx.get(KIND, parent.key, account_id)
    return doc if doc is not None else _empty(parent)


def save(tx: Tx, account_id: str, parent: Parent, doc: dict[str, Any]) -> None:
    if tx.get(KIND, parent.key, account_id) is None:
        tx.insert(KIND, parent.key, account_id, doc, parent=parent.key)
    else:
        tx.update(KIND, parent.key, doc)


def log_command(
    ctx: Ctx, doc: dict[str, Any], method: str, params: dict[str, Any], applied: bool = True
) -> None:
    commands = list(doc.get("commands") or [])
    commands.append(
        {
            "method": method,
            "params": params,
            "time": ctx.clock.now_iso(),
            "operator_id": ctx.principal.user_id,
            "applied": applied,
        }
    )
    doc["commands"] = commands[-MAX_COMMANDS:]


def record_chat_message(
    tx: Tx, account_id: str, parent: Parent, message: dict[str, Any]
) -> dict[str, Any]:
    """For the simulator: keep a sent chat message (`message_id`, `message_content`, sender and
    recipient fields of `meeting.chat_message_sent`, optional `file_ids`, `type`)."""
    doc = load(tx, account_id, parent)
    messages = dict(doc.get("chat_messages") or {})
    messages[str(message["message_id"])] = dict(message)
    doc["chat_messages"] = messages
    save(tx, account_id, parent, doc)
    return message


def clear(tx: Tx, account_id: str, parent: Parent) -> None:
    tx.delete(KIND, parent.key)
