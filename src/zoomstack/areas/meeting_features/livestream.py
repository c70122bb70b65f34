"""Custom live streaming of a meeting or webinar: its target settings and start/stop.

The target (stream URL, key, page URL, resolution) is stored per parent (kind `livestream`).
Starting and stopping act on the live instance (live_state.py) and send
`<kind>.live_streaming_started` / `_stopped`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from zoomstack import errors
from zoomstack.areas.meeting_features import live_state
from zoomstack.areas.meeting_features.parent import Parent, as_dict
from zoomstack.errors import ZoomError

if TYPE_CHECKING:
    from zoomstack.context import Ctx

KIND = "livestream"
RESOLUTIONS = ("720p", "1080p")
_FIELDS = ("stream_url", "stream_key", "page_url")
_SERVICE = "Custom_Live_Streaming_Service"


def get_target(ctx: Ctx, parent: Parent) -> dict[str, Any]:
    doc = ctx.tx.get(KIND, parent.key, ctx.account_id)
    out: dict[str, Any] = {name: "" for name in _FIELDS}
    if doc is not None:
        out.update({k: v for k, v in doc.items() if not k.startswith("_")})
    return out


def update_target(ctx: Ctx, parent: Parent, body: dict[str, Any]) -> None:
    data: dict[str, Any] = {name: str(body[name]) for name in _FIELDS}
    resolution = body.get("resolution")
    if resolution is not None:
        if resolution not in RESOLUTIONS:
            raise errors.field_error("resolution")
        data["resolution"] = resolution
    existing = ctx.tx.get(KIND, parent.key, ctx.account_id)
    if existing is None:
        ctx.tx.insert(KIND, parent.key, ctx.account_id, data, parent=parent.key)
    else:
        if resolution is None and "resolution" in existing:
            data["resolution"] = existing["resolution"]
        ctx.tx.update(KIND, parent.key, data)


def _not_started(parent: Parent) -> ZoomError:
    return ZoomError(400, 4927, f"Meeting {parent.id} has not started.")


def update_status(ctx: Ctx, parent: Parent, body: dict[str, Any]) -> None:
    action = body.get("action")
    if not action:
        raise errors.validation([{"field": "action", "message": "Missing field: action."}])
    if parent.is_e2ee:
        raise ZoomError(
            400,
            4400,
            "End-to-end encrypted meetings currently do not support the livestreaming feature.",
        )
    if not parent.is_live:
        raise _not_started(parent)
    target = get_target(ctx, parent)
    settings = as_dict(body.get("settings"))
    state = live_state.load(ctx.tx, ctx.account_id, parent)
    stream = dict(state.get("livestream") or {"status": "stopped"})
    streaming = stream.get("status") == "started"
    event = ""
    if action == "start":
        if not target["stream_url"] or not target["stream_key"]:
            raise ZoomError(
                400, 300, "Live stream settings are incomplete: stream_url, stream_key."
            )
        if not streaming:
            stream = {
                "status": "started",
                "started_at": ctx.clock.now_iso(),
                "settings": _settings(settings, {}),
                "target": target,
            }
            event = "live_streaming_started"
    elif action == "stop":
        if streaming:
            stream = {**stream, "status": "stopped", "stopped_at": ctx.clock.now_iso()}
            event = "live_streaming_stopped"
    elif action == "mode" and streaming:
        stream["settings"] = _settings(settings, dict(stream.get("settings") or {}))
    state["livestream"] = stream
    live_state.log_command(ctx, state, f"livestream.{action}", {"settings": settings})
    live_state.save(ctx.tx, ctx.account_id, parent, state)
    if event:
        _emit(ctx, parent, event, dict(stream.get("target") or target))


def _settings(given: dict[str, Any], current: dict[str, Any]) -> dict[str, Any]:
    out = {"layout": "follow_host", "close_caption": "burnt-in", **current}
    out.update({k: v for k, v in given.items() if v is not None})
    return out


def _emit(ctx: Ctx, parent: Parent, event: str, target: dict[str, Any]) -> None:
    obj = parent.event_object(ctx.clock.now_iso())
    custom = {name: str(target.get(name) or "") for name in _FIELDS}
    if target.get("resolution"):
        custom["resolution"] = str(target["resolution"])
    obj["live_streaming"] = {
        "service": _SERVICE,
        "custom_live_streaming_settings": custom,
        "date_time": ctx.clock.now_iso(),
    }
    ctx.emit(parent.event_prefix + event, obj)
