"""The life of an instance: start, end, and the bookkeeping between (lobby, counters).

An instance starts when its host (or an alternative host) joins, or when a participant joins a
meeting that allows joining before the host. Until then, people wait in the lobby (document
kind `sim_lobby`, id = "meeting:{number}"): meeting participants get `participant_jbh_waiting`,
webinar attendees wait silently. The instance ends on `end`, on `PUT .../status {"action":
"end"}`, or when the last participant leaves.
"""

from __future__ import annotations

from typing import Any

from zoomstack import errors
from zoomstack.areas.meeting_features import live_state, polls
from zoomstack.areas.users import service as users
from zoomstack.context import Ctx
from zoomstack.sim import events, hooks, model, parents
from zoomstack.sim.runtime import Held, host_of
from zoomstack.store import Conflict
from zoomstack.timefmt import iso_from_ms, parse_iso

Doc = dict[str, Any]
LOBBY = "sim_lobby"
FEATURE_FLAGS = (
    "has_pstn", "has_voip", "has_3rd_party_audio", "has_video", "has_screen_share",
    "has_recording", "has_sip", "has_archiving", "has_manual_captions", "has_automated_captions",
)  # fmt: skip


def conflict(message: str, code: int = 3000) -> errors.ZoomError:
    return errors.bad_request(code, message)


def minutes_up(ms: int) -> int:
    """Whole minutes, rounded to the nearest; anything attended counts at least one."""
    if ms <= 0:
        return 0
    return max(1, (ms + 30_000) // 60_000)


# -- lobby (before the instance starts) --------------------------------------------------------
def lobby(ctx: Ctx, held: Held) -> list[Doc]:
    doc = ctx.tx.get(LOBBY, held.key, held.account_id)
    return list(doc.get("waiting") or []) if doc else []


def save_lobby(ctx: Ctx, held: Held, waiting: list[Doc]) -> None:
    existing = ctx.tx.get(LOBBY, held.key, held.account_id)
    if not waiting:
        if existing is not None:
            ctx.tx.delete(LOBBY, held.key)
        return
    doc = {"key": held.key, "waiting": waiting}
    if existing is None:
        ctx.tx.insert(LOBBY, held.key, held.account_id, doc, parent=held.key)
    else:
        ctx.tx.update(LOBBY, held.key, doc)


# -- reading the live instance ---------------------------------------------------------------
def live(ctx: Ctx, held: Held) -> Doc | None:
    return model.live_instance(ctx.tx, held.account_id, held.number, is_webinar=held.is_webinar)


def require_live(ctx: Ctx, held: Held) -> Doc:
    inst = live(ctx, held)
    if inst is None:
        raise conflict(f"{held.label} {held.number} has not started.")
    return inst


def open_sessions(ctx: Ctx, inst: Doc, *, waiting: bool | None = None) -> list[Doc]:
    """Sessions not left yet; `waiting` selects the waiting room (True) or the meeting (False)."""
    out = []
    for p in model.participants(ctx.tx, None, inst["uuid"]):
        if p.get("leave_time"):
            continue
        in_room = p.get("status") == model.IN_WAITING_ROOM
        if waiting is None or waiting == in_room:
            out.append(p)
    return out


def touch(inst: Doc, now_ms: int) -> None:
    inst["_last_ms"] = max(int(inst.get("_last_ms") or 0), now_ms)


def next_seq(inst: Doc) -> int:
    inst["_seq"] = int(inst.get("_seq") or 0) + 1
    return int(inst["_seq"])


def save(ctx: Ctx, inst: Doc) -> None:
    model.save_instance(ctx.tx, inst)


# -- start -------------------------------------------------------------------------------------
def _current_occurrence(held: Held, now_ms: int) -> str:
    """The occurrence being held: the one whose slot is nearest to now (recurring, fixed time)."""
    best = ""
    best_gap: float | None = None
    for occ in parents.series(held):
        start = parse_iso(str(occ.get("start_time") or ""))
        if start is None or occ.get("status") == "deleted":
            continue
        gap = abs(start.timestamp() * 1000 - now_ms)
        if best_gap is None or gap < best_gap:
            best, best_gap = str(occ.get("occurrence_id") or ""), gap
    return best


def _source(ctx: Ctx, held: Held) -> str:
    app_name = held.doc.get("_source_app")
    return str(app_name) if app_name else "Zoom"


def start(ctx: Ctx, held: Held, started_by: str) -> Doc:
    """Open a new instance (the meeting goes `started`) and emit {kind}.started."""
    if live(ctx, held) is not None or held.doc.get("status") == "started":
        raise conflict(f"{held.label} {held.number} is already in progress.")
    now = ctx.clock.now_ms()
    host = host_of(ctx.tx, held)
    host_name = f"{host.get('first_name', '')} {host.get('last_name', '')}".strip()
    auto = str(held.settings.get("auto_recording") or "none")
    inst: Doc = {
        "uuid": str(held.doc["uuid"]),
        "id": held.number,
        "is_webinar": held.is_webinar,
        "host_id": str(held.doc.get("host_id") or ""),
        "host_email": str(held.doc.get("host_email") or host.get("email") or ""),
        "user_name": host_name or str(host.get("display_name") or host.get("email") or ""),
        "dept": str(host.get("dept") or ""),
        "started_by": started_by,
        "topic": str(held.doc.get("topic") or ""),
        "type": int(held.doc.get("type") or 0),
        "timezone": str(held.doc.get("timezone") or ""),
        "occurrence_id": _current_occurrence(held, now),
        "start_time": iso_from_ms(now),
        "_start_ms": now,
        "end_time": "",
        "_end_ms": 0,
        "status": model.STARTED,
        "duration": 0,
        "total_minutes": 0,
        "participants_count": 0,
        "unique_participants": 0,
        "source": _source(ctx, held),
        **{flag: False for flag in FEATURE_FLAGS},
        "recording_settings": {"auto_recording": auto if auto in ("local", "cloud") else "none"},
        "recording_status": "stopped",
        "cloud_recording_segments": [],
        "sharing_segments_count": 0,
        "chat_count": 0,
        "poll_count": 0,
        "qa_count": 0,
        "feedback_count": 0,
        "custom_keys": list(host.get("custom_attributes") or []),
        "tracking_fields": list(held.doc.get("tracking_fields") or []),
        "_parent_kind": held.kind,
        "_seq": 0,
        "_people": {},
        "_open_segment": None,
        "_last_ms": now,
    }
    try:
        model.insert_instance(ctx.tx, held.account_id, inst)
    except Conflict:
        # Another request started this UUID's instance first (concurrent writers, PostgreSQL).
        raise conflict(f"{held.label} {held.number} is already in progress.") from None
    parents.set_live(ctx, held, True)
    live_state.clear(ctx.tx, held.account_id, held.parent)
    events.emit(ctx, events.name(held, "started"), events.started(held, inst))
    if auto == "cloud" and _cloud_allowed(ctx, held):
        from zoomstack.sim import activities

        activities.recording(ctx, held, inst, "start")
    return inst


def _cloud_allowed(ctx: Ctx, held: Held) -> bool:
    host = host_of(ctx.tx, held)
    if "account_id" not in host:
        return True
    recording = users.user_settings(ctx.tx, host).get("recording") or {}
    return recording.get("cloud_recording") is not False


# -- end ---------------------------------------------------------------------------------------
def end(ctx: Ctx, held: Held, inst: Doc, reason: str = "Host ended the meeting.") -> Doc:
    """Everyone leaves, sharing and recording stop, the instance is closed and {kind}.ended
    goes out; then the `instance_ended` hooks run."""
    from zoomstack.sim import activities, people

    now = ctx.clock.now_ms()
    activities.stop_sharing(ctx, held, inst, None)
    if inst.get("recording_status") in ("recording", "paused"):
        activities.recording(ctx, held, inst, "stop")
    for p in open_sessions(ctx, inst):
        people.close_session(ctx, held, inst, p, reason_text=reason, by_end=True)
    for waiting in lobby(ctx, held):
        if not held.is_webinar:
            events.emit(
                ctx,
                "meeting.participant_jbh_waiting_left",
                events.jbh(held, inst["uuid"], waiting, numeric_id=True),
            )
    save_lobby(ctx, held, [])
    _end_polls(ctx, held)
    inst["end_time"] = iso_from_ms(now)
    inst["_end_ms"] = now
    inst["status"] = model.ENDED
    touch(inst, now)
    summarize(ctx, inst)
    save(ctx, inst)
    parents.set_live(ctx, held, False)
    parents.next_instance_uuid(ctx, held)
    live_state.clear(ctx.tx, held.account_id, held.parent)
    events.emit(ctx, events.name(held, "ended"), events.ended(held, inst))
    hooks.fire_instance_ended(ctx, inst)
    return inst


def _end_polls(ctx: Ctx, held: Held) -> None:
    for poll in ctx.tx.find(polls.KIND, held.account_id, held.key):
        if poll.get("status") in ("started", "sharing"):
            poll["status"] = "ended"
            ctx.tx.update(polls.KIND, str(poll["id"]), poll)


def summarize(ctx: Ctx, inst: Doc) -> None:
    """Duration, minutes and counts from the sessions (also while live: so far)."""
    now = int(inst.get("_end_ms") or 0) or ctx.clock.now_ms()
    inst["duration"] = minutes_up(now - int(inst["_start_ms"]))
    total = 0
    joined = 0
    people: set[str] = set()
    for p in model.participants(ctx.tx, None, inst["uuid"]):
        if not p.get("_join_ms") or p.get("status") == model.IN_WAITING_ROOM:
            continue
        joined += 1
        people.add(str(p.get("participant_uuid")))
        until = int(p.get("_leave_ms") or 0) or now
        total += minutes_up(until - int(p["_join_ms"]))
    inst["total_minutes"] = total
    inst["participants_count"] = joined
    inst["unique_participants"] = len(people)
