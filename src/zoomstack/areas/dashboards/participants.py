"""Dashboard views of an instance's participants: the list with client details, QoS (one
participant, or all), sharing and recording details, and post-meeting feedback.

Every join is a record (a rejoin is a new one). Emails follow Zoom's display rule (users of the
host's account and registrants). A co-host is reported as an attendee (Zoom's dashboard roles
are host and attendee, plus panelist for webinars). `participantId` in the QoS path may be the
in-meeting `user_id` of a session, the participant's UUID, their Zoom user id or the session id;
the latter three name the person's most recent session.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from zoomstack import errors
from zoomstack.areas.dashboards import qos
from zoomstack.areas.dashboards.instances import join_cost
from zoomstack.areas.reports import paging, telephone
from zoomstack.sim import model

if TYPE_CHECKING:
    from zoomstack.context import Ctx

Doc = dict[str, Any]
_CLIENT_FIELDS = (
    "ip_address", "location", "network_type", "data_center", "connection_type", "pc_name",
    "domain", "harddisk_id", "version", "os", "os_version", "microphone", "speaker",
)  # fmt: skip


def shown_email(p: Doc) -> str:
    if p.get("internal_user") or p.get("registrant_id"):
        return str(p.get("user_email") or "")
    return ""


def _role(p: Doc, is_webinar: bool) -> str:
    role = str(p.get("role") or model.ATTENDEE)
    if role == model.HOST or (is_webinar and role == model.PANELIST):
        return role
    return model.ATTENDEE


def leave_reason(p: Doc, is_webinar: bool) -> str:
    text = str(p.get("leave_reason") or "")
    return text.replace("the meeting.", "the webinar.") if is_webinar else text


def _client(p: Doc) -> Doc:
    out: Doc = {f: str(p.get(f) or "") for f in _CLIENT_FIELDS}
    out["full_data_center"] = out["data_center"]
    out["mac_addr"] = ""
    out["internal_ip_addresses"] = []
    return out


def participant_item(p: Doc, inst: Doc, *, registrant: bool) -> Doc:
    is_webinar = bool(inst.get("is_webinar"))
    item: Doc = {
        "id": str(p.get("id") or ""),
        "user_id": str(p.get("user_id") or ""),
        "participant_user_id": str(p.get("id") or ""),
        "participant_uuid": str(p.get("participant_uuid") or ""),
        "user_name": str(p.get("name") or ""),
        "device": str(p.get("device") or ""),
        **_client(p),
        "join_time": p["join_time"],
        "share_application": bool(p.get("share_application")),
        "share_desktop": bool(p.get("share_desktop")),
        "share_whiteboard": bool(p.get("share_whiteboard")),
        "recording": bool(p.get("recording")),
        "email": shown_email(p),
        "role": _role(p, is_webinar),
        "customer_key": str(p.get("customer_key") or ""),
        "audio_quality": str(p.get("audio_quality") or ""),
        "video_quality": str(p.get("video_quality") or ""),
        "screen_share_quality": str(p.get("screen_share_quality") or ""),
        "video_connection_type": str(p.get("connection_type") or ""),
        "as_connection_type": str(p.get("connection_type") or ""),
        "client": "" if p.get("device") in ("Phone", "H.323/SIP") else "Zoom",
        "device_name": str(p.get("pc_name") or ""),
        "has_archiving": False,
        "optional_archiving": "no optional archiving",
        "bo_mtg_id": "",
    }
    if not is_webinar:
        item["camera"] = str(p.get("camera") or "")
        item["status"] = p.get("status") or model.IN_MEETING
        item["in_room_participants"] = 0
        item["total_jointime_cost"] = join_cost(p)
    if p.get("leave_time"):
        item["leave_time"] = p["leave_time"]
        item["leave_reason"] = leave_reason(p, is_webinar)
    if telephone.is_phone(p):
        item["audio_call"] = [
            {
                "call_number": str(p.get("phone_number") or ""),
                "call_type": "call-in",
                "zoom_number": telephone.dial_in_number(p),
            }
        ]
    if registrant:
        item["registrant_id"] = str(p.get("registrant_id") or "")
    return item


def participants(ctx: Ctx, inst: Doc, kind: str) -> Doc:
    include = ctx.q_enum("include_fields", ("registrant_id",), "") == "registrant_id"
    sessions = model.participants(ctx.tx, ctx.account_id, inst["uuid"])
    number = "webinar_number" if inst.get("is_webinar") else "meeting_number"
    return paging.page(
        ctx,
        "participants",
        sessions,
        tail={number: str(inst["id"])},
        transform=lambda p: participant_item(p, inst, registrant=include and kind != "live"),
    )


# -- QoS ---------------------------------------------------------------------------------------
def qos_item(ctx: Ctx, inst: Doc, p: Doc, shares: list[Doc]) -> Doc:
    item = participant_item(p, inst, registrant=False)
    for key in ("status", "role", "in_room_participants", "audio_call", "leave_reason",
                "participant_user_id", "customer_key", "audio_quality", "video_quality",
                "screen_share_quality", "bo_mtg_id"):  # fmt: skip
        item.pop(key, None)
    series = qos.samples(p, shares, ctx.clock.now_ms())
    item["user_qos"] = series
    item["health"], item["issue_list"] = qos.health(p, series)
    return item


def _in_meeting(ctx: Ctx, inst: Doc) -> list[Doc]:
    return [
        p
        for p in model.participants(ctx.tx, ctx.account_id, inst["uuid"])
        if p.get("status") == model.IN_MEETING
    ]


def find_session(ctx: Ctx, inst: Doc, ref: str) -> Doc:
    sessions = _in_meeting(ctx, inst)
    for p in sessions:
        if str(p.get("user_id")) == ref:
            return p
    for p in reversed(sessions):
        if ref in (str(p.get("participant_uuid")), str(p.get("id") or "-"), p.get("session_id")):
            return p
    raise errors.not_found(3001, f"Participant does not exist: {ref}.")


def participant_qos(ctx: Ctx, inst: Doc, ref: str) -> Doc:
    p = find_session(ctx, inst, ref)
    item = qos_item(ctx, inst, p, model.shares(ctx.tx, None, inst["uuid"]))
    item["webinar_number" if inst.get("is_webinar") else "meeting_number"] = str(inst["id"])
    return item


def participants_qos(ctx: Ctx, inst: Doc) -> Doc:
    shares = model.shares(ctx.tx, None, inst["uuid"])
    number = "webinar_number" if inst.get("is_webinar") else "meeting_number"
    return paging.page(
        ctx,
        "participants",
        _in_meeting(ctx, inst),
        tail={number: str(inst["id"])},
        transform=lambda p: qos_item(ctx, inst, p, shares),
        default_size=1,
        max_size=10,
    )


# -- sharing and recording ---------------------------------------------------------------------
def sharing(ctx: Ctx, inst: Doc) -> Doc:
    """Who shared what and when; the host's cloud recording segments as "cloud_recording"."""
    sessions = model.participants(ctx.tx, None, inst["uuid"])
    people: dict[str, Doc] = {}

    def entry(p: Doc) -> Doc:
        return people.setdefault(
            str(p.get("participant_uuid")),
            {
                "id": str(p.get("id") or ""),
                "user_id": str(p.get("user_id") or ""),
                "user_name": str(p.get("name") or p.get("user_name") or ""),
                "details": [],
            },
        )

    by_session = {str(p.get("session_id")): p for p in sessions}
    now = ctx.clock.now_iso()
    for share in model.shares(ctx.tx, None, inst["uuid"]):
        owner = by_session.get(str(share.get("session_id"))) or share
        entry(owner)["details"].append(
            {
                "content": str(share.get("content") or "desktop"),
                "start_time": str(share.get("start_time") or ""),
                "end_time": str(share.get("end_time") or now),
            }
        )
    host = next((p for p in sessions if p.get("role") == model.HOST), None)
    segments = list(inst.get("cloud_recording_segments") or [])
    open_segment = inst.get("_open_segment")
    if isinstance(open_segment, dict):
        segments.append({**open_segment, "end": now})
    if host is not None:
        for seg in segments:
            entry(host)["details"].append(
                {
                    "content": "cloud_recording",
                    "start_time": str(seg.get("start") or ""),
                    "end_time": str(seg.get("end") or ""),
                }
            )
    return paging.page(ctx, "participants", list(people.values()))


# -- feedback ----------------------------------------------------------------------------------
def satisfaction(ctx: Ctx, inst: Doc) -> Doc:
    rows = [
        {
            "user_id": str(f.get("user_id") or ""),
            "email": str(f.get("email") or ""),
            "quality": str(f.get("quality") or "GOOD"),
            "date_time": str(f.get("date_time") or ""),
            "comment": str(f.get("comments") or ""),
        }
        for f in model.feedback(ctx.tx, None, inst["uuid"])
    ]
    return paging.page(ctx, "participants", rows, page_count=False, total=False)
