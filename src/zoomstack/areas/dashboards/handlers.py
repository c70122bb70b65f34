"""Dashboards (metrics) over HTTP. `{meetingId}`/`{webinarId}` first go through their areas'
resolvers at the edge (an unknown number is 404 3001); the instance is then picked from the raw
path value and the `type` query parameter. Each endpoint answers with its own spec wording."""

from __future__ import annotations

from typing import Any

from zoomstack.areas.dashboards import feedback, instances, participants, phone, rooms
from zoomstack.context import Ctx
from zoomstack.registry import api

Doc = dict[str, Any]

# Per endpoint: (meeting message, webinar message) for 404 3001 and for 400 12702.
_MISSING = {
    "detail": (
        "Meeting ID is invalid or the meeting has not ended yet.",
        "The webinar has not ended yet or the Webinar ID is not valid.",
    ),
    "participants": (
        "Meeting ID is invalid or has not ended.",
        "This webinar's detail information is not available or the ID is not valid.",
    ),
    "qos": (
        "This meeting has not ended yet or the Meeting ID is invalid.",
        "This webinar's detail info is not available or ID is not valid.",
    ),
    "qos_list": (
        "The meeting ID is not valid or the meeting has not ended yet.",
        "This webinar's detail is not available or the Webinar ID is not valid.",
    ),
    "sharing": (
        "This meeting's detail info is not available or ID is not valid.",
        "This webinar's detail info is not available or ID is not valid.",
    ),
    "satisfaction": ("Meeting ID is invalid or not end.", "Webinar ID is invalid or not end."),
}
_TOO_OLD = {
    "detail": (
        "Cannot access meetings from over one year ago.",
        "Can not access a webinar a year ago.",
    ),
    "participants": ("Can not access a meeting a year ago.", "Cannot access a webinar a year ago."),
}
_TOO_OLD_DEFAULT = ("Can not access a meeting a year ago.", "Can not access a webinar a year ago.")
_LIVE_PAST = ("live", "past")


def _instance(ctx: Ctx, is_webinar: bool, endpoint: str, types: tuple[str, ...] | None) -> Doc:
    kind = instances.query_type(ctx, is_webinar, types)
    raw = ctx.params["webinarId" if is_webinar else "meetingId"]
    return instances.resolve(
        ctx,
        raw,
        is_webinar=is_webinar,
        kind=kind,
        missing=_MISSING[endpoint][is_webinar],
        too_old=_TOO_OLD.get(endpoint, _TOO_OLD_DEFAULT)[is_webinar],
    )


def _kind(ctx: Ctx, is_webinar: bool, types: tuple[str, ...] | None = None) -> str:
    return instances.query_type(ctx, is_webinar, types)


# -- meetings ----------------------------------------------------------------------------------
@api("GET", "/metrics/meetings")
def dashboard_meetings(ctx: Ctx) -> Doc:
    return instances.list_instances(ctx, is_webinar=False)


@api("GET", "/metrics/meetings/{meetingId}")
def dashboard_meeting(ctx: Ctx) -> Doc:
    return instances.overview(ctx, _instance(ctx, False, "detail", None), detail=True)


@api("GET", "/metrics/meetings/{meetingId}/participants")
def dashboard_meeting_participants(ctx: Ctx) -> Doc:
    inst = _instance(ctx, False, "participants", None)
    return participants.participants(ctx, inst, _kind(ctx, False))


@api("GET", "/metrics/meetings/{meetingId}/participants/qos")
def dashboard_meeting_participants_qos(ctx: Ctx) -> Doc:
    return participants.participants_qos(ctx, _instance(ctx, False, "qos_list", _LIVE_PAST))


@api("GET", "/metrics/meetings/{meetingId}/participants/{participantId}/qos")
def dashboard_meeting_participant_qos(ctx: Ctx) -> Doc:
    inst = _instance(ctx, False, "qos", _LIVE_PAST)
    return participants.participant_qos(ctx, inst, ctx.params["participantId"])


@api("GET", "/metrics/meetings/{meetingId}/participants/sharing")
def dashboard_meeting_sharing(ctx: Ctx) -> Doc:
    return participants.sharing(ctx, _instance(ctx, False, "sharing", _LIVE_PAST))


@api("GET", "/metrics/meetings/{meetingId}/participants/satisfaction")
def dashboard_meeting_satisfaction(ctx: Ctx) -> Doc:
    return participants.satisfaction(ctx, _instance(ctx, False, "satisfaction", None))


# -- webinars ----------------------------------------------------------------------------------
@api("GET", "/metrics/webinars")
def dashboard_webinars(ctx: Ctx) -> Doc:
    return instances.list_instances(ctx, is_webinar=True)


@api("GET", "/metrics/webinars/{webinarId}")
def dashboard_webinar(ctx: Ctx) -> Doc:
    return instances.overview(ctx, _instance(ctx, True, "detail", None), detail=True)


@api("GET", "/metrics/webinars/{webinarId}/participants")
def dashboard_webinar_participants(ctx: Ctx) -> Doc:
    inst = _instance(ctx, True, "participants", None)
    return participants.participants(ctx, inst, _kind(ctx, True))


@api("GET", "/metrics/webinars/{webinarId}/participants/qos")
def dashboard_webinar_participants_qos(ctx: Ctx) -> Doc:
    return participants.participants_qos(ctx, _instance(ctx, True, "qos_list", None))


@api("GET", "/metrics/webinars/{webinarId}/participants/{participantId}/qos")
def dashboard_webinar_participant_qos(ctx: Ctx) -> Doc:
    inst = _instance(ctx, True, "qos", None)
    return participants.participant_qos(ctx, inst, ctx.params["participantId"])


@api("GET", "/metrics/webinars/{webinarId}/participants/sharing")
def dashboard_webinar_sharing(ctx: Ctx) -> Doc:
    return participants.sharing(ctx, _instance(ctx, True, "sharing", None))


@api("GET", "/metrics/webinars/{webinarId}/participants/satisfaction")
def dashboard_webinar_satisfaction(ctx: Ctx) -> Doc:
    return participants.satisfaction(
        ctx, _instance(ctx, True, "satisfaction", ("live", "past", "pastOne"))
    )


# -- account-wide ------------------------------------------------------------------------------
@api("GET", "/metrics/client/satisfaction")
def client_satisfaction(ctx: Ctx) -> Doc:
    return feedback.satisfaction(ctx)


@api("GET", "/metrics/client/feedback")
def client_feedback(ctx: Ctx) -> Doc:
    return feedback.client_feedback(ctx)


@api("GET", "/metrics/client/feedback/{feedbackId}")
def client_feedback_detail(ctx: Ctx) -> Doc:
    return feedback.client_feedback_detail(ctx, ctx.params["feedbackId"])


@api("GET", "/metrics/crc")
def crc_usage(ctx: Ctx) -> Doc:
    return rooms.crc(ctx)


@api("GET", "/metrics/im")
def im_usage(ctx: Ctx) -> Doc:
    return rooms.im(ctx)


@api("GET", "/metrics/zoomrooms")
def zoom_rooms(ctx: Ctx) -> Doc:
    return rooms.list_rooms(ctx)


@api("GET", "/metrics/zoomrooms/{zoomroomId}")
def zoom_room(ctx: Ctx) -> Doc:
    return rooms.room_detail(ctx, ctx.params["zoomroomId"])


@api("GET", "/metrics/zoomrooms/issues")
def zoom_room_issues(ctx: Ctx) -> Doc:
    return rooms.room_issues(ctx)


@api("GET", "/metrics/issues/zoomrooms")
def zoom_rooms_with_issues(ctx: Ctx) -> Doc:
    return rooms.rooms_with_issues(ctx)


@api("GET", "/metrics/issues/zoomrooms/{zoomroomId}")
def zoom_room_issue_details(ctx: Ctx) -> Doc:
    return rooms.room_issue_details(ctx, ctx.params["zoomroomId"])


# -- phone -------------------------------------------------------------------------------------
@api("GET", "/phone/metrics/call_logs")
def call_logs(ctx: Ctx) -> Doc:
    return phone.call_logs(ctx)


@api("GET", "/phone/metrics/call_logs/{call_id}")
def call_log(ctx: Ctx) -> Doc:
    raise phone.unknown_call(ctx.params["call_id"])


@api("GET", "/phone/metrics/call_logs/{callId}/qos")
def call_qos(ctx: Ctx) -> Doc:
    raise phone.unknown_call(ctx.params["callId"])
