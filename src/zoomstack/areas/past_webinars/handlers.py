"""Past webinars over HTTP. `{webinarId}` first goes through the webinars area's resolver (an
unknown webinar is 404 3001); the instance is then picked from the raw path value (a number:
the latest ended instance; otherwise a UUID)."""

from __future__ import annotations

from typing import Any

from zoomstack.areas.past_meetings import service
from zoomstack.areas.past_webinars import absentees
from zoomstack.context import Ctx
from zoomstack.registry import api


def _instance(ctx: Ctx) -> dict[str, Any]:
    return service.instance(ctx, ctx.params["webinarId"], is_webinar=True)


@api("GET", "/past_webinars/{webinarId}/instances")
def past_webinar_instances(ctx: Ctx) -> dict[str, Any]:
    number = ctx.refs["webinarId"]["id"]
    return {"webinars": service.instances(ctx, number, is_webinar=True)}


@api("GET", "/past_webinars/{webinarId}/participants")
def past_webinar_participants(ctx: Ctx) -> dict[str, Any]:
    return service.participants(ctx, _instance(ctx))


@api("GET", "/past_webinars/{webinarId}/absentees")
def past_webinar_absentees(ctx: Ctx) -> dict[str, Any]:
    inst = _instance(ctx)
    occurrence_id = ctx.q("occurrence_id") or None
    return absentees.absentees(ctx, ctx.refs["webinarId"], inst, occurrence_id)


@api("GET", "/past_webinars/{webinarId}/polls")
def past_webinar_polls(ctx: Ctx) -> dict[str, Any]:
    return service.polls(ctx, _instance(ctx))


@api("GET", "/past_webinars/{webinarId}/qa")
def past_webinar_qa(ctx: Ctx) -> dict[str, Any]:
    return service.qa(ctx, _instance(ctx))
