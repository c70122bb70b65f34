"""Meeting features over HTTP: registrants, registration questions, polls, live streaming,
in-meeting controls, invite links, join tokens and meeting summaries.

The meeting document comes from the meetings area's `{meetingId}` resolver (`ctx.refs`); the
services are generic over meetings and webinars (parent.py), so the webinars area declares its
own handlers over the same services.
"""

from __future__ import annotations

from typing import Any

from zoomstack.areas.meeting_features import (
    invite_links,
    join_tokens,
    live_controls,
    livestream,
    polls,
    questions,
    registrant_status,
    registrants,
    summaries,
)
from zoomstack.areas.meeting_features.parent import Parent, meeting
from zoomstack.areas.meetings import views as meeting_views
from zoomstack.context import Ctx
from zoomstack.http.messages import Response
from zoomstack.registry import api


def _meeting(ctx: Ctx) -> Parent:
    doc = ctx.refs["meetingId"]
    if isinstance(doc.get("occurrences"), list):
        return meeting(doc)
    # The stored document has no occurrences; the meetings core computes them from recurrence.
    return meeting(doc, [o.to_json() for o in meeting_views.occurrences(doc)])


# -- registrants -----------------------------------------------------------------------------
@api("GET", "/meetings/{meetingId}/registrants")
def list_registrants(ctx: Ctx) -> dict[str, Any]:
    status = ctx.q_enum("status", registrants.STATUSES, "approved")
    occurrence_id = ctx.q("occurrence_id") or None
    return registrants.list_registrants(ctx, _meeting(ctx), status, occurrence_id)


@api("POST", "/meetings/{meetingId}/registrants")
def add_registrant(ctx: Ctx) -> dict[str, Any]:
    body = ctx.body()
    return registrants.add_registrant(ctx, _meeting(ctx), body, ctx.q("occurrence_ids"))


@api("GET", "/meetings/{meetingId}/registrants/{registrantId}")
def get_registrant(ctx: Ctx) -> dict[str, Any]:
    return registrants.get_registrant(ctx, _meeting(ctx), ctx.params["registrantId"])


@api("DELETE", "/meetings/{meetingId}/registrants/{registrantId}")
def delete_registrant(ctx: Ctx) -> None:
    occurrence_id = ctx.q("occurrence_id") or None
    registrants.delete_registrant(ctx, _meeting(ctx), ctx.params["registrantId"], occurrence_id)


@api("PUT", "/meetings/{meetingId}/registrants/status")
def update_registrant_status(ctx: Ctx) -> None:
    body = ctx.body()
    refs = [r for r in body.get("registrants") or [] if isinstance(r, dict)]
    occurrence_id = ctx.q("occurrence_id") or None
    registrant_status.update_status(ctx, _meeting(ctx), body["action"], refs, occurrence_id)


@api("GET", "/meetings/{meetingId}/registrants/questions")
def get_registration_questions(ctx: Ctx) -> dict[str, Any]:
    return questions.get_questions(ctx.tx, ctx.account_id, _meeting(ctx))


@api("PATCH", "/meetings/{meetingId}/registrants/questions")
def update_registration_questions(ctx: Ctx) -> None:
    questions.update_questions(ctx.tx, ctx.account_id, _meeting(ctx), ctx.body())


@api("POST", "/meetings/{meetingId}/batch_registrants")
def batch_registrants(ctx: Ctx) -> Response:
    result = registrants.batch_register(ctx, _meeting(ctx), ctx.body())
    # The catalog derives 201 from the spec's response key; Zoom documents and sends 200.
    return Response.json(result, 200)


# -- polls -----------------------------------------------------------------------------------
@api("GET", "/meetings/{meetingId}/polls")
def list_polls(ctx: Ctx) -> dict[str, Any]:
    anonymous = ctx.q_bool("anonymous") if ctx.q("anonymous") else None
    return polls.list_polls(ctx, _meeting(ctx), anonymous)


@api("POST", "/meetings/{meetingId}/polls")
def create_poll(ctx: Ctx) -> dict[str, Any]:
    return polls.create_poll(ctx, _meeting(ctx), ctx.body())


@api("POST", "/meetings/{meetingId}/batch_polls")
def create_batch_polls(ctx: Ctx) -> dict[str, Any]:
    return polls.create_polls(ctx, _meeting(ctx), ctx.body())


@api("GET", "/meetings/{meetingId}/polls/{pollId}")
def get_poll(ctx: Ctx) -> dict[str, Any]:
    return polls.get_poll(ctx, _meeting(ctx), ctx.params["pollId"])


@api("PUT", "/meetings/{meetingId}/polls/{pollId}")
def update_poll(ctx: Ctx) -> None:
    polls.update_poll(ctx, _meeting(ctx), ctx.params["pollId"], ctx.body())


@api("DELETE", "/meetings/{meetingId}/polls/{pollId}")
def delete_poll(ctx: Ctx) -> None:
    polls.delete_poll(ctx, _meeting(ctx), ctx.params["pollId"])


# -- live streaming --------------------------------------------------------------------------
@api("GET", "/meetings/{meetingId}/livestream")
def get_livestream(ctx: Ctx) -> dict[str, Any]:
    return livestream.get_target(ctx, _meeting(ctx))


@api("PATCH", "/meetings/{meetingId}/livestream")
def update_livestream(ctx: Ctx) -> None:
    livestream.update_target(ctx, _meeting(ctx), ctx.body())


@api("PATCH", "/meetings/{meetingId}/livestream/status")
def update_livestream_status(ctx: Ctx) -> None:
    livestream.update_status(ctx, _meeting(ctx), ctx.body())


# -- in-meeting controls ---------------------------------------------------------------------
@api("PATCH", "/live_meetings/{meetingId}/events")
def in_meeting_control(ctx: Ctx) -> None:
    live_controls.control(ctx, _meeting(ctx), ctx.body())


@api("PATCH", "/live_meetings/{meetingId}/chat/messages/{messageId}")
def update_chat_message(ctx: Ctx) -> None:
    body = ctx.body()
    live_controls.update_chat_message(
        ctx, _meeting(ctx), ctx.params["messageId"], str(body["message_content"])
    )


@api("DELETE", "/live_meetings/{meetingId}/chat/messages/{messageId}")
def delete_chat_message(ctx: Ctx) -> None:
    live_controls.delete_chat_message(
        ctx, _meeting(ctx), ctx.params["messageId"], ctx.q("file_ids")
    )


@api("PATCH", "/live_meetings/{meetingId}/rtms_app/status")
def update_rtms_app_status(ctx: Ctx) -> None:
    live_controls.rtms_status(ctx, _meeting(ctx), ctx.body())


# -- links and tokens ------------------------------------------------------------------------
@api("POST", "/meetings/{meetingId}/invite_links")
def create_invite_links(ctx: Ctx) -> dict[str, Any]:
    return invite_links.create_links(ctx, _meeting(ctx), ctx.body())


@api("GET", "/meetings/{meetingId}/jointoken/local_recording")
def local_recording_token(ctx: Ctx) -> dict[str, Any]:
    bypass = ctx.q_bool("bypass_waiting_room")
    return join_tokens.issue(ctx, _meeting(ctx), "local_recording", bypass_waiting_room=bypass)


@api("GET", "/meetings/{meetingId}/jointoken/live_streaming")
def live_streaming_token(ctx: Ctx) -> dict[str, Any]:
    return join_tokens.issue(ctx, _meeting(ctx), "live_streaming")


@api("GET", "/meetings/{meetingId}/jointoken/local_archiving")
def local_archiving_token(ctx: Ctx) -> dict[str, Any]:
    return join_tokens.issue(ctx, _meeting(ctx), "local_archiving")


# -- summaries -------------------------------------------------------------------------------
@api("GET", "/meetings/meeting_summaries")
def list_meeting_summaries(ctx: Ctx) -> dict[str, Any]:
    return summaries.list_summaries(ctx)
