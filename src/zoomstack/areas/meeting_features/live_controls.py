"""In-meeting controls of a live meeting: commands, chat message edits, RTMS apps.

The API accepts a command, records its effect in the live state (live_state.py) and hands it
to the simulator through `zoomstack.sim.hooks.live_command`, which turns it into what happens in
the running instance (cloud recording segments and events, a participant leaving).

A meeting that is not in progress is answered with 3000 "Meeting {id} has not started." — the
wording Zoom documents for its RTMS sibling, as the in-meeting control operation documents
none; phone and room-system call-outs work without a live meeting, as Zoom documents.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from zoomstack import errors
from zoomstack.areas.meeting_features import live_state
from zoomstack.areas.meeting_features.parent import Parent, as_dict
from zoomstack.areas.users import service as users
from zoomstack.errors import ZoomError
from zoomstack.sim import hooks as sim_hooks

if TYPE_CHECKING:
    from zoomstack.context import Ctx

_CALLOUTS = frozenset({"participant.invite.callout", "participant.invite.room_system_callout"})
_RECORDING = {
    # method: (states it applies to, new state)
    "recording.start": (frozenset({"stopped"}), "recording"),
    "recording.stop": (frozenset({"recording", "paused"}), "stopped"),
    "recording.pause": (frozenset({"recording"}), "paused"),
    "recording.resume": (frozenset({"paused"}), "recording"),
}
_AI = {
    "ai_companion.start": "started",
    "ai_companion.stop": "stopped",
    "ai_companion.disable": "disabled",
}


def _missing(field: str) -> errors.ZoomError:
    name = field.rsplit(".", 1)[-1]
    return errors.validation([{"field": field, "message": f"Missing field: {name}."}])


def control(ctx: Ctx, parent: Parent, body: dict[str, Any]) -> None:
    method = body.get("method")
    if not method:
        raise _missing("method")
    params = as_dict(body.get("params"))
    if method not in _CALLOUTS:
        live_state.require_live(parent)
    state = live_state.load(ctx.tx, ctx.account_id, parent)
    applied = True
    if method in _RECORDING:
        sources, target = _RECORDING[method]
        recording = dict(state.get("recording") or {"status": "stopped"})
        applied = recording.get("status") in sources
        if applied:
            recording["status"] = target
            recording["changed_at"] = ctx.clock.now_iso()
        state["recording"] = recording
    elif method == "participant.invite":
        state["invitations"] = [*state.get("invitations", []), *_contacts(ctx, params)]
    elif method == "participant.invite.callout":
        if not params.get("phone_number"):
            raise _missing("params.phone_number")
        state["invitations"] = [*state.get("invitations", []), _callout(params)]
    elif method == "participant.invite.room_system_callout":
        if not params.get("device_ip"):
            raise _missing("params.device_ip")
        state["invitations"] = [*state.get("invitations", []), _room_callout(params)]
    elif method == "waiting_room.update":
        room = dict(state.get("waiting_room") or {})
        for key in ("waiting_room_title", "waiting_room_description"):
            if isinstance(params.get(key), str):
                room[key[len("waiting_room_") :]] = params[key]
        state["waiting_room"] = room
    elif method in _AI:
        state["ai_companion"] = {
            "status": _AI[method],
            "mode": params.get("ai_companion_mode", "all"),
        }
    elif method == "participant.remove":
        if not params.get("participant_uuid"):
            raise _missing("params.participant_uuid")
        state["removed_participants"] = [
            *state.get("removed_participants", []),
            str(params["participant_uuid"]),
        ]
    live_state.log_command(ctx, state, str(method), params, applied)
    live_state.save(ctx.tx, ctx.account_id, parent, state)
    # The simulator turns the command into what happens (recording events, a removal).
    sim_hooks.live_command(ctx, parent.kind, parent.doc, str(method), params, applied)


def _contacts(ctx: Ctx, params: dict[str, Any]) -> list[dict[str, Any]]:
    """Invitees must be users of the host's account, named by ID or email."""
    raw = params.get("contacts")
    found: list[dict[str, Any]] = []
    for contact in raw if isinstance(raw, list) else []:
        if not isinstance(contact, dict):
            continue
        ref = contact.get("id") or contact.get("email")
        user = users.find_user(ctx.tx, ctx.account_id, str(ref)) if ref else None
        if user is not None:
            found.append({"kind": "contact", "user_id": user["id"], "email": user["email"]})
    if not found:
        raise ZoomError(
            400,
            300,
            "No valid contacts were found. Make sure the contacts can be resolved and belong to"
            " the same account as the meeting host.",
        )
    return found


def _callout(params: dict[str, Any]) -> dict[str, Any]:
    return {
        "kind": "phone",
        "invitee_name": str(params.get("invitee_name") or ""),
        "phone_number": str(params["phone_number"]),
        "invite_options": params.get("invite_options") or {},
    }


def _room_callout(params: dict[str, Any]) -> dict[str, Any]:
    return {
        "kind": "room_system",
        "call_type": str(params.get("call_type") or ""),
        "device_ip": str(params["device_ip"]),
        "h323_headers": params.get("h323_headers") or {},
        "sip_headers": params.get("sip_headers") or {},
    }


# -- chat messages ---------------------------------------------------------------------------
def _message(ctx: Ctx, parent: Parent, message_id: str) -> tuple[dict[str, Any], dict[str, Any]]:
    live_state.require_live(parent)
    state = live_state.load(ctx.tx, ctx.account_id, parent)
    message = (state.get("chat_messages") or {}).get(message_id)
    if not isinstance(message, dict):
        raise ZoomError(404, 404, f"Message does not exist: {message_id}.")
    return state, message


def update_chat_message(ctx: Ctx, parent: Parent, message_id: str, content: str) -> None:
    state, message = _message(ctx, parent, message_id)
    if message.get("type") not in (None, "", "text"):
        raise ZoomError(
            400,
            2316,
            "The chat message cannot be edited because editing is not supported for this message"
            " type (such as emoji reactions) or by the sender's client version in this context.",
        )
    message["message_content"] = content
    message["edited_at"] = ctx.clock.now_iso()
    state["chat_messages"][message_id] = message
    live_state.log_command(ctx, state, "chat.update", {"message_id": message_id})
    live_state.save(ctx.tx, ctx.account_id, parent, state)


def delete_chat_message(ctx: Ctx, parent: Parent, message_id: str, file_ids: str) -> None:
    """Delete a message, or only the named files of it."""
    state, message = _message(ctx, parent, message_id)
    wanted = [f.strip() for f in file_ids.split(",") if f.strip()]
    if wanted:
        message["file_ids"] = [f for f in message.get("file_ids") or [] if f not in wanted]
        state["chat_messages"][message_id] = message
    else:
        del state["chat_messages"][message_id]
    live_state.log_command(
        ctx, state, "chat.delete", {"message_id": message_id, "file_ids": wanted}
    )
    live_state.save(ctx.tx, ctx.account_id, parent, state)


# -- RTMS apps -------------------------------------------------------------------------------
_RTMS = {
    "start": (frozenset({"stopped"}), "started"),
    "stop": (frozenset({"started", "paused"}), "stopped"),
    "pause": (frozenset({"started"}), "paused"),
    "resume": (frozenset({"paused"}), "started"),
}


def rtms_status(ctx: Ctx, parent: Parent, body: dict[str, Any]) -> None:
    action = body.get("action")
    if not action:
        raise _missing("action")
    settings = as_dict(body.get("settings"))
    client_id = settings.get("client_id")
    if not client_id:
        raise _missing("settings.client_id")
    live_state.require_live(parent)
    user_id = str(settings.get("participant_user_id") or parent.host_id)
    if users.find_user(ctx.tx, ctx.account_id, user_id) is None:
        raise ZoomError(400, 2312, f"User does not exist: {user_id}.")
    state = live_state.load(ctx.tx, ctx.account_id, parent)
    apps = dict(state.get("rtms_apps") or {})
    key = f"{client_id}:{user_id}"
    current = str((apps.get(key) or {}).get("status", "stopped"))
    sources, target = _RTMS[str(action)]
    if current == target or (action == "start" and current == "paused"):
        return
    if current not in sources:
        raise ZoomError(
            400,
            13277,
            f"Unable to '{action}' the RTMS app for user '{user_id}' because it has not been"
            " started.",
        )
    apps[key] = {"client_id": client_id, "participant_user_id": user_id, "status": target}
    state["rtms_apps"] = apps
    live_state.log_command(ctx, state, f"rtms.{action}", settings)
    live_state.save(ctx.tx, ctx.account_id, parent, state)
