"""Dashboard meetings and webinars: the lists (live, past, past one-person) and one instance's
overview, from the simulator's record.

`type`: `live` — instances in progress; `past` — ended instances with two or more people (all
ended webinars); `pastOne` — ended meetings attended by one person. Lists take a `from`/`to`
window (one month, within six months) matched against the start time, or the end time with
`query_date_type=end_time` (past only). A path value of digits is the meeting's live instance
(`type=live`) or its most recent ended one; anything else is an instance UUID, whatever its
status.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from zoomstack import errors
from zoomstack.areas.reports import dates, paging
from zoomstack.areas.users import service as users
from zoomstack.sim import model

if TYPE_CHECKING:
    from zoomstack.context import Ctx

Doc = dict[str, Any]
MEETING_TYPES = ("live", "past", "pastOne")
WEBINAR_TYPES = ("live", "past")
QUALITY_ORDER = ("good", "fair", "poor", "bad")
_USER_TYPES = {1: "Basic", 2: "Licensed", 4: "Unassigned without Meetings Basic", 99: "None"}
_FLAGS = (
    "has_3rd_party_audio", "has_archiving", "has_pstn", "has_recording", "has_screen_share",
    "has_sip", "has_video", "has_voip", "has_manual_captions", "has_automated_captions",
)  # fmt: skip


def label(is_webinar: bool) -> str:
    return "webinar" if is_webinar else "meeting"


def query_type(ctx: Ctx, is_webinar: bool, allowed: tuple[str, ...] | None = None) -> str:
    return ctx.q_enum("type", allowed or (WEBINAR_TYPES if is_webinar else MEETING_TYPES), "live")


def resolve(
    ctx: Ctx,
    raw: str,
    *,
    is_webinar: bool,
    kind: str,
    missing: str,
    too_old: str,
) -> Doc:
    """The instance a path value names for this `type`; 404 3001 `missing`, 400 12702
    `too_old` (ended instances started more than a year ago)."""
    ref = model.decode_ref(raw)
    inst: Doc | None
    if ref.isdigit():
        if kind == "live":
            inst = model.live_instance(ctx.tx, ctx.account_id, ref, is_webinar=is_webinar)
        else:
            inst = model.latest_ended_instance(ctx.tx, ctx.account_id, ref, is_webinar=is_webinar)
    else:
        inst = model.instance_by_uuid(ctx.tx, ctx.account_id, ref)
        if inst is not None and bool(inst.get("is_webinar")) != is_webinar:
            inst = None
    if inst is None:
        raise errors.not_found(3001, missing)
    ended = inst.get("status") == model.ENDED
    if ended and dates.older_than_a_year(ctx, int(inst.get("_start_ms") or 0)):
        raise errors.bad_request(12702, too_old)
    return inst


def duration_text(inst: Doc, now_ms: int) -> str:
    """ "mm:ss", or "hh:mm:ss" from an hour on."""
    end = int(inst.get("_end_ms") or 0) or now_ms
    seconds = max(0, (end - int(inst.get("_start_ms") or 0)) // 1000)
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


def median_quality(sessions: list[Doc], field: str) -> str:
    values = sorted(
        QUALITY_ORDER.index(v) for p in sessions if (v := p.get(field)) in QUALITY_ORDER
    )
    return QUALITY_ORDER[values[len(values) // 2]] if values else ""


def join_cost(p: Doc) -> float:
    """Seconds the client took to join: stable per session, worse on poorer networks."""
    seed = int(p.get("_qos_seed") or 0)
    base = {"Wired": 1.2, "Wifi": 1.8, "Cellular": 3.1}.get(str(p.get("network_type")), 2.4)
    return round(base + (seed % 1000) / 1000.0, 2)


def overview(ctx: Ctx, inst: Doc, *, tracking: bool = True, detail: bool = False) -> Doc:
    sessions = [
        p
        for p in model.participants(ctx.tx, None, inst["uuid"])
        if p.get("status") == model.IN_MEETING
    ]
    host = users.find_user(ctx.tx, ctx.account_id, str(inst.get("host_id") or "")) or {}
    out: Doc = {
        "uuid": inst["uuid"],
        "id": int(inst["id"]),
        "topic": str(inst.get("topic") or ""),
        "host": str(inst.get("user_name") or ""),
        "email": str(inst.get("host_email") or ""),
        "user_type": _USER_TYPES.get(int(host.get("type") or 2), "Licensed"),
        "start_time": inst["start_time"],
    }
    if inst.get("end_time"):
        out["end_time"] = inst["end_time"]
    out["duration"] = duration_text(inst, ctx.clock.now_ms())
    out["participants"] = int(inst.get("participants_count") or 0)
    for flag in _FLAGS:
        out[flag] = bool(inst.get(flag))
    out["has_poll"] = int(inst.get("poll_count") or 0) > 0
    out["has_survey"] = False
    out["dept"] = str(inst.get("dept") or "")
    out["custom_keys"] = [
        {"key": str(k.get("key", "")), "value": str(k.get("value", ""))}
        for k in (inst.get("custom_keys") or [])[:10]
        if isinstance(k, dict)
    ]
    for field in ("audio_quality", "video_quality", "screen_share_quality"):
        quality = median_quality(sessions, field)
        if quality:
            out[field] = quality
    if inst.get("is_webinar"):
        return out
    out["has_qa"] = int(inst.get("qa_count") or 0) > 0
    costs = [join_cost(p) for p in sessions]
    out["avg_jointime_cost"] = round(sum(costs) / len(costs), 2) if costs else 0.0
    if tracking:
        out["tracking_fields"] = [
            {"field": str(t.get("field", "")), "value": str(t.get("value", ""))}
            for t in inst.get("tracking_fields") or []
            if isinstance(t, dict)
        ]
    out["session_key"] = ""
    if detail:
        out["in_room_participants"] = 0
        out["has_meeting_summary"] = False
    return out


# -- lists -------------------------------------------------------------------------------------
def _matching(ctx: Ctx, win: dates.Window, kind: str, by_end: bool, is_webinar: bool) -> list[Doc]:
    if kind == "live":
        found = model.instances_between(
            ctx.tx, ctx.account_id, 0, win.end_ms, is_webinar=is_webinar
        )
        return [i for i in found if i.get("status") == model.STARTED]
    lookback = 2 * dates.DAY_MS if by_end else 0
    found = model.instances_between(
        ctx.tx,
        ctx.account_id,
        win.start_ms - lookback,
        win.end_ms,
        ended_only=True,
        is_webinar=is_webinar,
    )
    out = []
    for inst in found:
        if by_end and not win.contains(int(inst.get("_end_ms") or 0)):
            continue
        people = int(inst.get("unique_participants") or 0)
        if not is_webinar and (people == 1) != (kind == "pastOne"):
            continue
        out.append(inst)
    if by_end:
        out.sort(key=lambda i: int(i.get("_end_ms") or 0))
    return out


def list_instances(ctx: Ctx, *, is_webinar: bool) -> Doc:
    kind = query_type(ctx, is_webinar)
    by_end = ctx.q_enum("query_date_type", ("start_time", "end_time"), "start_time") == "end_time"
    tracking = ctx.q_enum("include_fields", ("tracking_fields",), "") == "tracking_fields"
    win = dates.window(ctx, with_time=True)
    found = _matching(ctx, win, kind, by_end and kind != "live", is_webinar)
    return paging.page(
        ctx,
        "webinars" if is_webinar else "meetings",
        found,
        head={"from": win.from_text, "to": win.to_text},
        transform=lambda i: overview(ctx, i, tracking=tracking),
    )
