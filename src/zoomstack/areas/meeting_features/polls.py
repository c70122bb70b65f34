"""Polls and quizzes of a meeting or webinar (kind `poll`, parent = parent key).

A poll is created in status `notstart`; the simulator moves it through started/ended/sharing.
Zoom sends no webhook for poll create/update/delete, so none is emitted here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from zoomstack import ids
from zoomstack.areas.meeting_features import poll_rules
from zoomstack.areas.meeting_features.parent import Parent
from zoomstack.areas.users import service as users
from zoomstack.errors import ZoomError

if TYPE_CHECKING:
    from zoomstack.context import Ctx

KIND = "poll"
MAX_POLLS = 50
MAX_BATCH = 25


def _disabled(parent: Parent) -> ZoomError:
    if parent.kind == "webinar":
        return ZoomError(
            400,
            4400,
            'Webinar polls disabled. To enable this feature, enable the "Webinar Polls/Quizzes"'
            ' setting in the Zoom web portal\'s "Settings" interface.',
        )
    return ZoomError(
        400,
        4400,
        'Meeting polls disabled. To enable this feature, enable the "Meeting Polls/Quizzes"'
        ' setting in the Zoom web portal\'s "Settings" interface.',
    )


def _advanced_disabled(parent: Parent) -> ZoomError:
    label = "webinar" if parent.kind == "webinar" else "meeting"
    return ZoomError(
        400,
        4400,
        f'Advanced {label} polls disabled. To enable this feature, enable the "Allow host to'
        ' create advanced polls and quizzes" setting in the Zoom web portal\'s "Settings"'
        " interface.",
    )


def _not_found(parent: Parent) -> ZoomError:
    if parent.kind == "webinar":
        return ZoomError(400, 4400, "Invalid poll IDs.")
    return ZoomError(404, 404, "Meeting Poll not found")


def _polling_settings(ctx: Ctx, parent: Parent) -> dict[str, Any]:
    host = users.find_user(ctx.tx, ctx.account_id, parent.host_id) if parent.host_id else None
    if host is None:
        return {}
    in_meeting = users.user_settings(ctx.tx, host).get("in_meeting") or {}
    section = in_meeting.get(f"{parent.kind}_polling")
    out = dict(section) if isinstance(section, dict) else {}
    if in_meeting.get("polling") is False and parent.kind == "meeting":
        out["enable"] = False
    return out


def _require_enabled(ctx: Ctx, parent: Parent, poll_types: list[int] | None = None) -> None:
    """Polling must not be switched off for the host; absent settings count as on."""
    polling = _polling_settings(ctx, parent)
    if polling.get("enable") is False:
        raise _disabled(parent)
    advanced = [t for t in poll_types or [] if t != poll_rules.POLL]
    if advanced and polling.get("advanced_polls") is False:
        raise _advanced_disabled(parent)


def _public(doc: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in doc.items() if not k.startswith("_")}


def _find(ctx: Ctx, parent: Parent, poll_id: str) -> dict[str, Any]:
    doc = ctx.tx.get(KIND, poll_id, ctx.account_id)
    if doc is None or doc.get("_parent") != parent.key:
        raise _not_found(parent)
    return doc


def list_polls(ctx: Ctx, parent: Parent, anonymous: bool | None) -> dict[str, Any]:
    _require_enabled(ctx, parent)
    docs = ctx.tx.find(KIND, ctx.account_id, parent.key)
    if anonymous is not None:
        docs = [d for d in docs if bool(d.get("anonymous")) == anonymous]
    return {"total_records": len(docs), "polls": [_public(d) for d in docs]}


def get_poll(ctx: Ctx, parent: Parent, poll_id: str) -> dict[str, Any]:
    _require_enabled(ctx, parent)
    return _public(_find(ctx, parent, poll_id))


def _insert(ctx: Ctx, parent: Parent, poll: dict[str, Any]) -> dict[str, Any]:
    poll_id = ids.b64url_id()
    doc = {"id": poll_id, "status": "notstart", **poll, "_parent": parent.key}
    sort = f"{ctx.clock.now_ms():015d}"
    ctx.tx.insert(KIND, poll_id, ctx.account_id, doc, parent=parent.key, sort=sort)
    return doc


def _check_room(ctx: Ctx, parent: Parent, adding: int) -> None:
    if ctx.tx.count(KIND, ctx.account_id, parent.key) + adding > MAX_POLLS:
        raise ZoomError(400, 4400, f"You can only add a maximum of {MAX_POLLS} polls.")


def _apply_policy(ctx: Ctx, parent: Parent, poll: dict[str, Any]) -> dict[str, Any]:
    """The host's polling settings: advanced types allowed, answers forced anonymous."""
    _require_enabled(ctx, parent, [poll["poll_type"]])
    if _polling_settings(ctx, parent).get("require_answers_to_be_anonymous") is True:
        poll["anonymous"] = True
    return poll


def create_poll(ctx: Ctx, parent: Parent, body: dict[str, Any]) -> dict[str, Any]:
    poll = _apply_policy(ctx, parent, poll_rules.normalize_poll(body))
    _check_room(ctx, parent, 1)
    return _public(_insert(ctx, parent, poll))


def create_polls(ctx: Ctx, parent: Parent, body: dict[str, Any]) -> dict[str, Any]:
    """Batch creation: up to 25 polls, all or nothing."""
    raw = body.get("polls")
    if not isinstance(raw, list) or not raw or len(raw) > MAX_BATCH:
        raise poll_rules._err("polls")
    polls = [
        _apply_policy(ctx, parent, poll_rules.normalize_poll(p if isinstance(p, dict) else {}))
        for p in raw
    ]
    _check_room(ctx, parent, len(polls))
    return {"polls": [_public(_insert(ctx, parent, p)) for p in polls]}


def update_poll(ctx: Ctx, parent: Parent, poll_id: str, body: dict[str, Any]) -> None:
    """PUT replaces the poll's content; its ID and status stay."""
    doc = _find(ctx, parent, poll_id)
    poll = _apply_policy(ctx, parent, poll_rules.normalize_poll(body))
    ctx.tx.update(
        KIND, poll_id, {"id": poll_id, "status": doc["status"], **poll, "_parent": parent.key}
    )


def delete_poll(ctx: Ctx, parent: Parent, poll_id: str) -> None:
    _require_enabled(ctx, parent)
    _find(ctx, parent, poll_id)
    ctx.tx.delete(KIND, poll_id)


def delete_all(ctx: Ctx, parent: Parent) -> int:
    """For the parent's own deletion: drop its polls."""
    return ctx.tx.delete_children(KIND, ctx.account_id, parent.key)
