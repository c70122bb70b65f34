"""Reports over HTTP. `{userId}` goes through the users area's resolver at the edge;
`{meetingId}`/`{webinarId}` do not (a report outlives a deleted meeting): the ended instance is
picked from the raw path value, in the caller's account. The master-account
rows whose paths differ from the plain ones (active/inactive hosts, Q&A "questions") are
implemented here and run in the sub-account the path names."""

from __future__ import annotations

from typing import Any

from zoomstack.areas.reports import activity, meetings, recording_usage, telephone, usage
from zoomstack.areas.users import service as users
from zoomstack.context import Ctx
from zoomstack.registry import api

Doc = dict[str, Any]
M = ("meetingId",)
W = ("webinarId",)


def _meeting(ctx: Ctx) -> Doc:
    return meetings.ended_instance(ctx, ctx.params["meetingId"], is_webinar=False)


def _webinar(ctx: Ctx) -> Doc:
    return meetings.ended_instance(ctx, ctx.params["webinarId"], is_webinar=True)


def _in_path_account(ctx: Ctx) -> None:
    ctx.account_id = users.path_account(ctx)


# -- usage -------------------------------------------------------------------------------------
@api("GET", "/report/daily")
def report_daily(ctx: Ctx) -> Doc:
    return usage.daily(ctx)


@api("GET", "/report/users")
def report_users(ctx: Ctx) -> Doc:
    return usage.hosts(ctx, ctx.q_enum("type", ("active", "inactive"), "active"))


@api("GET", "/accounts/{accountId}/report/active/users")
def report_active_hosts(ctx: Ctx) -> Doc:
    _in_path_account(ctx)
    return usage.hosts(ctx, "active")


@api("GET", "/accounts/{accountId}/report/inactive/users")
def report_inactive_hosts(ctx: Ctx) -> Doc:
    _in_path_account(ctx)
    return usage.hosts(ctx, "inactive")


@api("GET", "/report/users/{userId}/meetings")
def report_user_meetings(ctx: Ctx) -> Doc:
    return usage.user_meetings(ctx, ctx.refs["userId"])


@api("GET", "/accounts/{accountId}/report/active/users/{userId}/meetings")
def report_active_host_meetings(ctx: Ctx) -> Doc:
    _in_path_account(ctx)
    return usage.user_meetings(ctx, ctx.refs["userId"])


@api("GET", "/report/telephone")
def report_telephone(ctx: Ctx) -> Doc:
    return telephone.report(ctx)


@api("GET", "/report/cloud_recording")
def report_cloud_recording(ctx: Ctx) -> Doc:
    return recording_usage.report(ctx)


# -- one meeting or webinar --------------------------------------------------------------------
@api("GET", "/report/meetings/{meetingId}", raw=M)
def report_meeting(ctx: Ctx) -> Doc:
    return meetings.details(_meeting(ctx))


@api("GET", "/report/meetings/{meetingId}/participants", raw=M)
def report_meeting_participants(ctx: Ctx) -> Doc:
    return meetings.participants(ctx, _meeting(ctx))


@api("GET", "/report/meetings/{meetingId}/polls", raw=M)
def report_meeting_polls(ctx: Ctx) -> Doc:
    return meetings.polls(ctx, _meeting(ctx))


@api("GET", "/report/webinars/{webinarId}", raw=W)
def report_webinar(ctx: Ctx) -> Doc:
    return meetings.details(_webinar(ctx))


@api("GET", "/report/webinars/{webinarId}/participants", raw=W)
def report_webinar_participants(ctx: Ctx) -> Doc:
    return meetings.participants(ctx, _webinar(ctx))


@api("GET", "/report/webinars/{webinarId}/polls", raw=W)
def report_webinar_polls(ctx: Ctx) -> Doc:
    return meetings.polls(ctx, _webinar(ctx))


@api("GET", "/report/webinars/{webinarId}/qa", raw=W)
def report_webinar_qa(ctx: Ctx) -> Doc:
    return meetings.qa(ctx, _webinar(ctx))


@api("GET", "/accounts/{accountId}/report/webinars/{webinarId}/questions", raw=W)
def report_webinar_questions(ctx: Ctx) -> Doc:
    _in_path_account(ctx)
    return meetings.qa(ctx, _webinar(ctx))


# -- activity ----------------------------------------------------------------------------------
@api("GET", "/report/operationlogs")
def report_operation_logs(ctx: Ctx) -> Doc:
    return activity.operation_logs(ctx)


@api("GET", "/phone/reports/operationlogs")
def phone_operation_logs(ctx: Ctx) -> Doc:
    return activity.phone_operation_logs(ctx)


@api("GET", "/report/activities")
def report_activities(ctx: Ctx) -> Doc:
    return activity.activities(ctx)
