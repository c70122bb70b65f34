"""Meetings: HTTP handlers (thin) and the edge resolution of `{meetingId}`."""

from __future__ import annotations

from typing import Any

from zoomstack import errors
from zoomstack.areas.meetings import listing, service, templates
from zoomstack.areas.users import service as users
from zoomstack.context import Ctx
from zoomstack.http.messages import Response
from zoomstack.registry import api, resolver

# Operations that must see a deleted meeting (to recover it).
_SEES_DELETED = frozenset({"/meetings/{meetingId}/status"})

users.removal_hooks.append(service.on_user_removed)


@resolver("meetingId")
def resolve_meeting(ctx: Ctx, ref: str) -> dict[str, Any]:
    """A meeting number, or an instance UUID (double-encoded when it holds / or //)."""
    return service.load_meeting(ctx, ref, include_deleted=ctx.op.path in _SEES_DELETED)


@api("POST", "/users/{userId}/meetings")
def create_meeting(ctx: Ctx) -> dict[str, Any]:
    return service.create_meeting(ctx, ctx.refs["userId"], service.read_body(ctx))


@api("GET", "/users/{userId}/meetings")
def list_meetings(ctx: Ctx) -> dict[str, Any]:
    return listing.list_meetings(ctx, ctx.refs["userId"])


@api("GET", "/meetings/{meetingId}")
def get_meeting(ctx: Ctx) -> dict[str, Any]:
    return service.get_meeting_view(
        ctx,
        ctx.refs["meetingId"],
        occurrence_id=ctx.q("occurrence_id") or None,
        show_previous=ctx.q_bool("show_previous_occurrences"),
    )


@api("PATCH", "/meetings/{meetingId}")
def update_meeting(ctx: Ctx) -> None:
    body = service.read_body(ctx, required=True)
    service.update_meeting(ctx, ctx.refs["meetingId"], body, ctx.q("occurrence_id") or None)


@api("DELETE", "/meetings/{meetingId}")
def delete_meeting(ctx: Ctx) -> None:
    service.delete_meeting(ctx, ctx.refs["meetingId"], ctx.q("occurrence_id") or None)


@api("PUT", "/meetings/{meetingId}/status")
def update_meeting_status(ctx: Ctx) -> Response | None:
    action = ctx.body().get("action")
    if not action:
        raise errors.field_error("action", "Missing field: action.")
    failed = service.update_status(ctx, ctx.refs["meetingId"], str(action))
    return None if failed is None else Response.json(failed.body(), failed.status)


@api("GET", "/meetings/{meetingId}/invitation")
def meeting_invitation(ctx: Ctx) -> dict[str, Any]:
    return service.invitation(ctx, ctx.refs["meetingId"])


@api("GET", "/users/{userId}/meeting_templates")
def list_meeting_templates(ctx: Ctx) -> dict[str, Any]:
    return templates.list_templates(ctx, ctx.refs["userId"])


@api("POST", "/users/{userId}/meeting_templates")
def create_meeting_template(ctx: Ctx) -> dict[str, Any]:
    return templates.create_template(ctx, ctx.refs["userId"], ctx.body())
