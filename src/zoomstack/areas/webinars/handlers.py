"""Webinars over HTTP (thin) and the edge resolution of `{webinarId}`.

Registrants, registration questions and polls are the generic meeting-feature services over the
webinar (`views.as_parent`); scheduling and panelists are this area's.
"""

from __future__ import annotations

from typing import Any

from zoomstack import errors
from zoomstack.areas.meeting_features import polls, questions, registrants
from zoomstack.areas.meeting_features.parent import Parent
from zoomstack.areas.meetings import templates
from zoomstack.areas.users import service as users
from zoomstack.areas.webinars import (
    licence,
    listing,
    panelists,
    registration,
    scheduling,
    service,
    tracking_sources,
    views,
)
from zoomstack.context import Ctx
from zoomstack.http.messages import Response
from zoomstack.registry import api, resolver

users.removal_hooks.append(service.on_user_removed)


@resolver("webinarId")
def resolve_webinar(ctx: Ctx, ref: str) -> dict[str, Any]:
    """A webinar number, or an instance UUID (double-encoded when it holds / or //)."""
    return service.load_webinar(ctx, ref)


def _webinar(ctx: Ctx, op: str = "") -> dict[str, Any]:
    """The resolved webinar, whose host must still hold a webinar licence."""
    doc: dict[str, Any] = ctx.refs["webinarId"]
    licence.require_host(ctx, doc, op)
    return doc


def _parent(ctx: Ctx) -> Parent:
    return views.as_parent(_webinar(ctx))


# -- webinars --------------------------------------------------------------------------------
@api("POST", "/users/{userId}/webinars")
def create_webinar(ctx: Ctx) -> dict[str, Any]:
    return scheduling.create_webinar(ctx, ctx.refs["userId"], scheduling.read_body(ctx))


@api("GET", "/users/{userId}/webinars")
def list_webinars(ctx: Ctx) -> dict[str, Any]:
    return listing.list_webinars(ctx, ctx.refs["userId"])


@api("GET", "/webinars/{webinarId}")
def get_webinar(ctx: Ctx) -> dict[str, Any]:
    return service.get_webinar_view(
        ctx,
        _webinar(ctx, "get"),
        occurrence_id=ctx.q("occurrence_id") or None,
        show_previous=ctx.q_bool("show_previous_occurrences"),
    )


@api("PATCH", "/webinars/{webinarId}")
def update_webinar(ctx: Ctx) -> None:
    body = scheduling.read_body(ctx, required=True)
    scheduling.update_webinar(ctx, ctx.refs["webinarId"], body, ctx.q("occurrence_id") or None)


@api("DELETE", "/webinars/{webinarId}")
def delete_webinar(ctx: Ctx) -> None:
    service.delete_webinar(ctx, _webinar(ctx), ctx.q("occurrence_id") or None)


@api("PUT", "/webinars/{webinarId}/status")
def update_webinar_status(ctx: Ctx) -> Response:
    doc = _webinar(ctx)
    if not ctx.body().get("action"):
        raise errors.field_error("action", "Missing field: action.")
    service.end_webinar(ctx, doc)
    # The spec's only 2xx key is a 200 (mis-described); Zoom answers 204 as for meetings.
    return Response.empty(204)


# -- templates -------------------------------------------------------------------------------
@api("GET", "/users/{userId}/webinar_templates")
def list_webinar_templates(ctx: Ctx) -> dict[str, Any]:
    user = ctx.refs["userId"]
    licence.require(ctx, user)
    return templates.list_templates(ctx, user, templates.WEBINAR)


@api("POST", "/users/{userId}/webinar_templates")
def create_webinar_template(ctx: Ctx) -> dict[str, Any]:
    user = ctx.refs["userId"]
    licence.require(ctx, user)
    return templates.create_template(ctx, user, ctx.body(), templates.WEBINAR)


# -- tracking sources ------------------------------------------------------------------------
@api("GET", "/webinars/{webinarId}/tracking_sources")
def list_tracking_sources(ctx: Ctx) -> dict[str, Any]:
    return tracking_sources.list_sources(ctx, _parent(ctx))


# -- panelists -------------------------------------------------------------------------------
@api("GET", "/webinars/{webinarId}/panelists")
def list_panelists(ctx: Ctx) -> dict[str, Any]:
    return panelists.list_panelists(ctx, _parent(ctx))


@api("POST", "/webinars/{webinarId}/panelists")
def add_panelists(ctx: Ctx) -> dict[str, Any]:
    return panelists.add_panelists(ctx, _parent(ctx), ctx.body())


@api("DELETE", "/webinars/{webinarId}/panelists")
def remove_all_panelists(ctx: Ctx) -> None:
    parent = _parent(ctx)
    panelists.forget_all(ctx.tx, ctx.account_id, parent)


@api("DELETE", "/webinars/{webinarId}/panelists/{panelistId}")
def remove_panelist(ctx: Ctx) -> None:
    panelists.remove_panelist(ctx, _parent(ctx), ctx.params["panelistId"])


# -- registrants -----------------------------------------------------------------------------
@api("GET", "/webinars/{webinarId}/registrants")
def list_registrants(ctx: Ctx) -> dict[str, Any]:
    return registration.list_registrants(ctx, _parent(ctx))


@api("POST", "/webinars/{webinarId}/registrants")
def add_registrant(ctx: Ctx) -> dict[str, Any]:
    body = ctx.body()
    return registration.add_registrant(ctx, _parent(ctx), body, ctx.q("occurrence_ids"))


@api("GET", "/webinars/{webinarId}/registrants/{registrantId}")
def get_registrant(ctx: Ctx) -> dict[str, Any]:
    return registrants.get_registrant(ctx, _parent(ctx), ctx.params["registrantId"])


@api("DELETE", "/webinars/{webinarId}/registrants/{registrantId}")
def delete_registrant(ctx: Ctx) -> None:
    occurrence_id = ctx.q("occurrence_id") or None
    registrants.delete_registrant(ctx, _parent(ctx), ctx.params["registrantId"], occurrence_id)


@api("PUT", "/webinars/{webinarId}/registrants/status")
def update_registrant_status(ctx: Ctx) -> None:
    registration.update_status(ctx, _parent(ctx), ctx.body(), ctx.q("occurrence_id") or None)


@api("GET", "/webinars/{webinarId}/registrants/questions")
def get_registration_questions(ctx: Ctx) -> dict[str, Any]:
    parent = _parent(ctx)
    registrants.require_enabled(parent)
    return questions.get_questions(ctx.tx, ctx.account_id, parent)


@api("PATCH", "/webinars/{webinarId}/registrants/questions")
def update_registration_questions(ctx: Ctx) -> None:
    parent = _parent(ctx)
    body = ctx.body()
    registrants.require_enabled(parent)
    questions.update_questions(ctx.tx, ctx.account_id, parent, body)


@api("POST", "/webinars/{webinarId}/batch_registrants")
def batch_registrants(ctx: Ctx) -> Response:
    result = registration.batch_register(ctx, _parent(ctx), ctx.body())
    # The catalog derives 201 from the spec's response key; Zoom documents and sends 200.
    return Response.json(result, 200)


# -- polls -----------------------------------------------------------------------------------
@api("GET", "/webinars/{webinarId}/polls")
def list_polls(ctx: Ctx) -> dict[str, Any]:
    anonymous = ctx.q_bool("anonymous") if ctx.q("anonymous") else None
    return polls.list_polls(ctx, _parent(ctx), anonymous)


@api("POST", "/webinars/{webinarId}/polls")
def create_poll(ctx: Ctx) -> dict[str, Any]:
    return polls.create_poll(ctx, _parent(ctx), ctx.body())


@api("GET", "/webinars/{webinarId}/polls/{pollId}")
def get_poll(ctx: Ctx) -> dict[str, Any]:
    return polls.get_poll(ctx, _parent(ctx), ctx.params["pollId"])


@api("PUT", "/webinars/{webinarId}/polls/{pollId}")
def update_poll(ctx: Ctx) -> None:
    polls.update_poll(ctx, _parent(ctx), ctx.params["pollId"], ctx.body())


@api("DELETE", "/webinars/{webinarId}/polls/{pollId}")
def delete_poll(ctx: Ctx) -> None:
    polls.delete_poll(ctx, _parent(ctx), ctx.params["pollId"])
