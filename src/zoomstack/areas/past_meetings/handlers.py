"""Past meetings over HTTP. `{meetingId}` first goes through the meetings area's resolver (an
unknown meeting is 404 3001 "Meeting does not exist"); the instance is then picked from the raw
path value (a number: the latest ended instance; otherwise a UUID)."""

from __future__ import annotations

from typing import Any

from zoomstack.areas.past_meetings import service
from zoomstack.context import Ctx
from zoomstack.registry import api


def _instance(ctx: Ctx) -> dict[str, Any]:
    return service.instance(ctx, ctx.params["meetingId"], is_webinar=False)


@api("GET", "/past_meetings/{meetingId}")
def past_meeting_details(ctx: Ctx) -> dict[str, Any]:
    return service.details(_instance(ctx))


@api("GET", "/past_meetings/{meetingId}/instances")
def past_meeting_instances(ctx: Ctx) -> dict[str, Any]:
    number = ctx.refs["meetingId"]["id"]
    return {"meetings": service.instances(ctx, number, is_webinar=False)}


@api("GET", "/past_meetings/{meetingId}/participants")
def past_meeting_participants(ctx: Ctx) -> dict[str, Any]:
    return service.participants(ctx, _instance(ctx))


@api("GET", "/past_meetings/{meetingId}/polls")
def past_meeting_polls(ctx: Ctx) -> dict[str, Any]:
    return service.polls(ctx, _instance(ctx))


@api("GET", "/past_meetings/{meetingId}/qa")
def past_meeting_qa(ctx: Ctx) -> dict[str, Any]:
    return service.qa(ctx, _instance(ctx))
