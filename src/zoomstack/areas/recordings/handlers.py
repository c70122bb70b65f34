"""Cloud recordings over HTTP (and the deprecated past meeting/webinar files).

The `{meetingId}`/`{meetingUUID}` of these paths is resolved here (lookup.py), not by the
meetings area: recordings outlive meetings and include webinars'.
"""

from __future__ import annotations

from typing import Any

from zoomstack import errors
from zoomstack.areas.recordings import (
    analytics,
    completion,  # noqa: F401 - registers the instance-ended hook
    listing,
    lookup,
    records,
    registrants,
    settings,
    tokens,
    trash,
)
from zoomstack.areas.users import service as users
from zoomstack.context import Ctx
from zoomstack.http.messages import Response
from zoomstack.registry import api
from zoomstack.sim import model

Doc = dict[str, Any]
M = ("meetingId",)
ACTIONS = ("trash", "delete")


# -- lists -----------------------------------------------------------------------------------
@api("GET", "/users/{userId}/recordings")
def list_user_recordings(ctx: Ctx) -> Doc:
    return listing.list_user_recordings(ctx, ctx.refs["userId"])


@api("GET", "/accounts/{accountId}/recordings")
def list_account_recordings(ctx: Ctx) -> Doc:
    return listing.list_account_recordings(ctx, users.path_account(ctx))


# -- one recording ---------------------------------------------------------------------------
@api("GET", "/meetings/{meetingId}/recordings", raw=M)
def get_recordings(ctx: Ctx) -> Doc:
    ttl = ctx.q_int("ttl", tokens.DEFAULT_TTL_S)
    if ttl is None or not 0 <= ttl <= tokens.MAX_TTL_S:
        raise errors.field_error("ttl", "Invalid parameter: ttl.")
    doc = lookup.find(ctx)
    out = records.view(doc, with_password=True)
    fields = {f.strip() for f in ctx.q("include_fields").split(",")}
    if "download_access_token" in fields:
        out["download_access_token"] = tokens.download_token(
            ctx.tx,
            account_id=doc["account_id"],
            user_id=doc["host_id"],
            uuid=doc["uuid"],
            now_ms=ctx.clock.now_ms(),
            ttl_s=ttl or tokens.DEFAULT_TTL_S,
        )
    return out


@api("DELETE", "/meetings/{meetingId}/recordings", raw=M)
def delete_recordings(ctx: Ctx) -> None:
    action = ctx.q_enum("action", ACTIONS, "trash")
    doc = lookup.find(ctx, trashed=None if action == "delete" else False)
    trash.delete_recording(ctx, doc, action)


@api("DELETE", "/meetings/{meetingId}/recordings/{recordingId}", raw=M)
def delete_recording_file(ctx: Ctx) -> None:
    action = ctx.q_enum("action", ACTIONS, "trash")
    doc = lookup.find(ctx, trashed=None if action == "delete" else False, live_error=True)
    f = records.find_file(doc, ctx.params["recordingId"])
    if f is None or (action == "trash" and f.get("_state") == records.TRASHED):
        raise lookup.no_recording()
    trash.delete_file(ctx, doc, f, action)


def _recover_action(ctx: Ctx) -> None:
    action = ctx.body(required=False).get("action", "recover")
    if action != "recover":
        raise errors.field_error("action", "Invalid parameter: action.")


@api("PUT", "/meetings/{meetingUUID}/recordings/status", raw=("meetingUUID",))
def recover_recordings(ctx: Ctx) -> Response:
    _recover_action(ctx)
    trash.recover(ctx, lookup.find(ctx, trashed=True))
    return Response.empty(204)


@api("PUT", "/meetings/{meetingId}/recordings/{recordingId}/status", raw=M)
def recover_recording_file(ctx: Ctx) -> Response:
    _recover_action(ctx)
    doc = lookup.find(ctx, trashed=None)
    f = records.find_file(doc, ctx.params["recordingId"])
    if f is None:
        raise lookup.no_recording()
    if f.get("_state") == records.TRASHED:
        trash.recover(ctx, doc, f)
    return Response.empty(204)


# -- settings --------------------------------------------------------------------------------
@api("GET", "/meetings/{meetingId}/recordings/settings", raw=M)
def get_recording_settings(ctx: Ctx) -> Doc:
    return settings.get_settings(lookup.find(ctx))


@api("PATCH", "/meetings/{meetingId}/recordings/settings", raw=M)
def update_recording_settings(ctx: Ctx) -> None:
    settings.update_settings(ctx, lookup.find(ctx), ctx.body())


# -- registrants -----------------------------------------------------------------------------
@api("GET", "/meetings/{meetingId}/recordings/registrants", raw=M)
def list_recording_registrants(ctx: Ctx) -> Doc:
    status = ctx.q_enum("status", registrants.STATUSES, "approved")
    return registrants.list_registrants(ctx, lookup.find(ctx), status)


@api("POST", "/meetings/{meetingId}/recordings/registrants", raw=M)
def add_recording_registrant(ctx: Ctx) -> Doc:
    body = ctx.body()
    return registrants.add_registrant(ctx, lookup.find(ctx), body)


@api("PUT", "/meetings/{meetingId}/recordings/registrants/status", raw=M)
def update_recording_registrant_status(ctx: Ctx) -> None:
    body = ctx.body()
    refs = [r for r in body.get("registrants") or [] if isinstance(r, dict)]
    registrants.update_status(ctx, lookup.find(ctx), str(body["action"]), refs)


@api("GET", "/meetings/{meetingId}/recordings/registrants/questions", raw=M)
def get_recording_registrant_questions(ctx: Ctx) -> Doc:
    return registrants.get_questions(ctx, lookup.find(ctx))


@api("PATCH", "/meetings/{meetingId}/recordings/registrants/questions", raw=M)
def update_recording_registrant_questions(ctx: Ctx) -> None:
    registrants.update_questions(ctx, lookup.find(ctx), ctx.body())


# -- analytics -------------------------------------------------------------------------------
@api("GET", "/meetings/{meetingId}/recordings/analytics_summary", raw=M)
def recording_analytics_summary(ctx: Ctx) -> Doc:
    return analytics.summary(ctx, lookup.find(ctx))


@api("GET", "/meetings/{meetingId}/recordings/analytics_details", raw=M)
def recording_analytics_details(ctx: Ctx) -> Doc:
    return analytics.details(ctx, lookup.find(ctx))


# -- deprecated: files of a past meeting or webinar -------------------------------------------
def _past_files(ctx: Ctx, raw: str, is_webinar: bool) -> Doc:
    """Answered from the instance's cloud recording (the in-meeting file transfer these
    endpoints described is gone from Zoom)."""
    inst = model.resolve_instance(ctx, raw, is_webinar=is_webinar)
    if inst is None:
        label = "Webinar" if is_webinar else "Meeting"
        raise errors.not_found(3001, f"{label} ID is invalid or not end.")
    doc = records.get(ctx.tx, ctx.account_id, inst["uuid"])
    if doc is not None:
        doc = trash.purge_expired(ctx.tx, doc, ctx.clock.now_ms())
    shown = [] if doc is None or records.is_trashed(doc) else records.active_files(doc)
    items = [
        {
            "file_name": f["_file_name"],
            "download_url": f["download_url"],
            "file_size": f["file_size"],
        }
        for f in shown
    ]
    return {"total_records": len(items), "in_meeting_files": items}


@api("GET", "/past_meetings/{meetingId}/files", raw=M)
def past_meeting_files(ctx: Ctx) -> Doc:
    return _past_files(ctx, ctx.params["meetingId"], False)


@api("GET", "/past_webinars/{webinarId}/files", raw=("webinarId",))
def past_webinar_files(ctx: Ctx) -> Doc:
    return _past_files(ctx, ctx.params["webinarId"], True)
