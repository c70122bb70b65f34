"""What happens during an instance: screen sharing, cloud recording, chat, polls, Q&A and
feedback. Each records its documents under the instance and emits Zoom's event, if Zoom has one
(polls and Q&A have none)."""

from __future__ import annotations

from typing import Any

from zoomstack import errors, ids
from zoomstack.areas.meeting_features import live_state, polls
from zoomstack.context import Ctx
from zoomstack.sim import clientinfo, engine, events, hooks, model
from zoomstack.sim.people import bad, find_open
from zoomstack.sim.runtime import Held
from zoomstack.timefmt import iso_from_ms

Doc = dict[str, Any]
SHARE_CONTENT = ("application", "whiteboard", "desktop", "airplay", "camera", "unknown")
_SHARE_FLAG = {
    "application": "share_application",
    "desktop": "share_desktop",
    "whiteboard": "share_whiteboard",
}


def _child(ctx: Ctx, inst: Doc, kind: str, doc: Doc, now: int) -> Doc:
    seq = engine.next_seq(inst)
    doc["_id"] = ids.uuid4_str()
    doc["_instance"] = inst["uuid"]
    doc["_seq"] = seq
    return model.insert_child(ctx.tx, kind, ctx.account_id, doc, sort=model.time_sort(now, seq))


# -- sharing -----------------------------------------------------------------------------------
def _open_share(ctx: Ctx, inst: Doc) -> Doc | None:
    for share in model.shares(ctx.tx, None, inst["uuid"]):
        if not share.get("end_time"):
            return share
    return None


def start_sharing(ctx: Ctx, held: Held, ref: str, content: str = "desktop") -> Doc:
    if content not in SHARE_CONTENT:
        raise bad(f"Invalid sharing content: {content}.")
    inst = engine.require_live(ctx, held)
    p = find_open(ctx, inst, ref, waiting=False)
    stop_sharing(ctx, held, inst, None)
    now = ctx.clock.now_ms()
    share = _child(
        ctx,
        inst,
        model.SHARE,
        {
            "participant_uuid": p["participant_uuid"],
            "session_id": p["session_id"],
            "user_id": p["user_id"],
            "user_name": p["name"],
            "content": content,
            "start_time": iso_from_ms(now),
            "_start_ms": now,
            "end_time": "",
            "_end_ms": 0,
        },
        now,
    )
    flag = _SHARE_FLAG.get(content)
    if flag:
        p[flag] = True
    if not p.get("screen_share_quality"):
        rng = clientinfo.rng_for(ctx.settings.seed, inst["uuid"], p["session_id"], "share")
        p["screen_share_quality"] = rng.choices(("good", "fair", "poor"), (85, 12, 3))[0]
    model.save_child(ctx.tx, model.PARTICIPANT, p)
    inst["has_screen_share"] = True
    inst["sharing_segments_count"] = int(inst.get("sharing_segments_count") or 0) + 1
    engine.touch(inst, now)
    engine.save(ctx, inst)
    events.emit(
        ctx,
        events.name(held, "sharing_started"),
        events.sharing(held, inst, p, share, ended=False),
    )
    return share


def stop_sharing(ctx: Ctx, held: Held, inst: Doc, p: Doc | None) -> Doc | None:
    """End the current share (only if `p` is sharing, when given)."""
    share = _open_share(ctx, inst)
    if share is None or (p is not None and share["session_id"] != p["session_id"]):
        return None
    now = ctx.clock.now_ms()
    share["end_time"] = iso_from_ms(now)
    share["_end_ms"] = now
    model.save_child(ctx.tx, model.SHARE, share)
    sharer = p
    if sharer is None:
        for cand in model.participants(ctx.tx, None, inst["uuid"]):
            if cand["session_id"] == share["session_id"]:
                sharer = cand
                break
    events.emit(
        ctx,
        events.name(held, "sharing_ended"),
        events.sharing(
            held,
            inst,
            sharer or {"user_id": share["user_id"], "name": share["user_name"]},
            share,
            ended=True,
        ),
    )
    return share


def stop_sharing_by(ctx: Ctx, held: Held, ref: str | None) -> Doc:
    inst = engine.require_live(ctx, held)
    p = find_open(ctx, inst, ref, waiting=False) if ref else None
    share = stop_sharing(ctx, held, inst, p)
    if share is None:
        raise bad("Nobody is sharing." if p is None else f"{p['name']} is not sharing.")
    engine.touch(inst, ctx.clock.now_ms())
    engine.save(ctx, inst)
    return share


# -- cloud recording -------------------------------------------------------------------------
_RECORDING = {
    # action: (states it applies to, new state, event)
    "start": (frozenset({"stopped"}), "recording", "recording.started"),
    "stop": (frozenset({"recording", "paused"}), "stopped", "recording.stopped"),
    "pause": (frozenset({"recording"}), "paused", "recording.paused"),
    "resume": (frozenset({"paused"}), "recording", "recording.resumed"),
}


def recording(ctx: Ctx, held: Held, inst: Doc, action: str, *, from_api: bool = False) -> Doc:
    """Cloud recording: a segment runs from start to stop (pauses inside it); stopping (or the
    end of the meeting) closes it and calls the `recording_segment` hooks."""
    if action not in _RECORDING:
        raise bad(f"Invalid recording action: {action}.")
    sources, target, event = _RECORDING[action]
    status = str(inst.get("recording_status") or "stopped")
    if status not in sources:
        if from_api:
            return inst
        raise bad(f"Cannot {action} the recording: it is {status}.", 3000)
    if action == "start" and not engine._cloud_allowed(ctx, held):
        raise bad("Cloud recording is disabled for the host.", 3000)
    now = ctx.clock.now_ms()
    now_iso = iso_from_ms(now)
    segment = inst.get("_open_segment")
    if action == "start":
        segment = {"start": now_iso, "_start_ms": now, "pauses": []}
        inst["_open_segment"] = segment
        inst["has_recording"] = True
    assert isinstance(segment, dict)
    if action == "pause":
        segment["pauses"].append({"start": now_iso, "_start_ms": now, "end": "", "_end_ms": 0})
    elif action == "resume" and segment["pauses"]:
        segment["pauses"][-1].update({"end": now_iso, "_end_ms": now})
    end_iso = ""
    closed: Doc | None = None
    if action == "stop":
        if segment["pauses"] and not segment["pauses"][-1]["end"]:
            segment["pauses"][-1].update({"end": now_iso, "_end_ms": now})
        closed = {**segment, "end": now_iso, "_end_ms": now}
        closed["paused_ms"] = sum(p["_end_ms"] - p["_start_ms"] for p in segment["pauses"])
        inst["cloud_recording_segments"] = [*inst.get("cloud_recording_segments", []), closed]
        inst["_open_segment"] = None
        end_iso = now_iso
    inst["recording_status"] = target
    engine.touch(inst, now)
    engine.save(ctx, inst)
    if not from_api:
        state = live_state.load(ctx.tx, held.account_id, held.parent)
        state["recording"] = {"status": target, "changed_at": now_iso}
        live_state.save(ctx.tx, held.account_id, held.parent, state)
    events.emit(ctx, event, events.recording(held, inst, segment["start"], end_iso))
    if closed is not None:
        hooks.fire_recording_segment(ctx, inst, closed)
    return inst


# -- chat --------------------------------------------------------------------------------------
def _sender_type(held: Held, p: Doc) -> str:
    if p["role"] == model.HOST:
        return "host"
    if held.is_webinar and p["role"] == model.PANELIST:
        return "panelist"
    return "guest"


def chat(ctx: Ctx, held: Held, sender: str, message: str, to: str | None = None) -> Doc:
    if not message:
        raise bad("Missing field: message.")
    inst = engine.require_live(ctx, held)
    p = find_open(ctx, inst, sender)
    now = ctx.clock.now_ms()
    context = "waiting_room" if p["status"] == model.IN_WAITING_ROOM else held.kind
    msg: Doc = {
        "date_time": iso_from_ms(now),
        "sender_session_id": p["participant_uuid"],
        "sender_name": p["name"],
    }
    if p.get("user_email"):
        msg["sender_email"] = p["user_email"]
    msg["sender_type"] = _sender_type(held, p)
    msg["sender_context"] = context
    if to and to != "everyone":
        r = find_open(ctx, inst, to)
        msg["recipient_session_id"] = r["participant_uuid"]
        msg["recipient_name"] = r["name"]
        if r.get("user_email"):
            msg["recipient_email"] = r["user_email"]
        msg["recipient_type"] = "host" if r["role"] == model.HOST else "guest"
        msg["recipient_context"] = context
    else:
        msg["recipient_type"] = "everyone"
        msg["recipient_context"] = context
    msg["message_id"] = "{" + ids.uuid4_str().upper() + "}"
    msg["message_content"] = message
    _child(ctx, inst, model.CHAT, dict(msg), now)
    live_state.record_chat_message(ctx.tx, held.account_id, held.parent, {**msg, "type": "text"})
    inst["chat_count"] = int(inst.get("chat_count") or 0) + 1
    engine.touch(inst, now)
    engine.save(ctx, inst)
    events.emit(ctx, events.name(held, "chat_message_sent"), events.chat(held, inst, msg))
    return msg


# -- polls -----------------------------------------------------------------------------------
def _auto_answer(q: Doc, rng: Any, name: str) -> str:
    qtype = q.get("type") or "single"
    answers = [str(a) for a in q.get("answers") or []]
    if qtype == "single" and answers:
        return str(rng.choice(answers))
    if qtype == "multiple" and answers:
        picked = rng.sample(answers, k=rng.randint(1, min(2, len(answers))))
        return ";".join(a for a in answers if a in picked)
    if qtype in ("matching", "rank_order") and answers:
        prompts = [str(p.get("prompt_question")) for p in q.get("prompts") or []]
        return ";".join(f"{pr}:{rng.choice(answers)}" for pr in prompts)
    if qtype == "rating_scale":
        low, high = int(q.get("rating_min_value", 1)), int(q.get("rating_max_value", 5))
        return str(rng.randint(low, high))
    if qtype == "fill_in_the_blank":
        right = q.get("right_answers") or [""]
        return str(right[0]) if rng.random() < 0.7 else "not sure"
    return f"Answer from {name}"


def run_poll(
    ctx: Ctx,
    held: Held,
    poll_ref: str | None,
    poll_body: Doc | None,
    answers: list[Doc] | None,
) -> Doc:
    """Launch a poll (an existing one, or one created now from `poll_body`) and collect answers:
    the given ones, or — without `answers` — one from every attendee in the meeting."""
    inst = engine.require_live(ctx, held)
    if poll_ref:
        poll = ctx.tx.get(polls.KIND, poll_ref, held.account_id)
        if poll is None or poll.get("_parent") != held.key:
            raise errors.not_found(3001, f"Poll does not exist: {poll_ref}.")
    elif poll_body:
        created = polls.create_poll(ctx, held.parent, poll_body)
        poll = ctx.tx.get(polls.KIND, str(created["id"]), held.account_id)
        assert poll is not None
    else:
        raise bad("Missing field: poll_id.")
    now = ctx.clock.now_ms()
    poll["status"] = "ended"
    ctx.tx.update(polls.KIND, str(poll["id"]), poll)
    questions = [q for q in poll.get("questions") or [] if isinstance(q, dict)]
    out = []
    if answers is None:
        voters = [
            p
            for p in engine.open_sessions(ctx, inst, waiting=False)
            if p["role"] not in (model.HOST, model.PANELIST)
        ]
        for i, p in enumerate(voters):
            rng = clientinfo.rng_for(ctx.settings.seed, inst["uuid"], poll["id"], p["session_id"])
            given = {str(q["name"]): _auto_answer(q, rng, p["name"]) for q in questions}
            out.append(_answer(ctx, inst, poll, p, given, now + (5 + 2 * i % 55) * 1000))
    else:
        for item in answers:
            p = find_open(ctx, inst, str(item.get("participant") or ""), waiting=False)
            raw = item.get("answers")
            given = {str(k): _as_text(v) for k, v in raw.items()} if isinstance(raw, dict) else {}
            for key in given:
                if key not in {str(q["name"]) for q in questions}:
                    raise bad(f"Poll has no question: {key}.")
            out.append(_answer(ctx, inst, poll, p, given, now))
    inst["poll_count"] = int(inst.get("poll_count") or 0) + 1
    engine.touch(inst, now)
    engine.save(ctx, inst)
    return {"poll_id": poll["id"], "title": poll.get("title", ""), "answers": out}


def _as_text(value: Any) -> str:
    if isinstance(value, list):
        return ";".join(str(v) for v in value)
    return str(value)


def _answer(ctx: Ctx, inst: Doc, poll: Doc, p: Doc, given: dict[str, str], at: int) -> Doc:
    at_iso = iso_from_ms(at)
    anonymous = bool(poll.get("anonymous"))
    doc = {
        "poll_id": poll["id"],
        "poll_title": poll.get("title", ""),
        "anonymous": anonymous,
        "name": "Anonymous Attendee" if anonymous else p["name"],
        "email": "" if anonymous else p.get("user_email", ""),
        "internal_user": bool(p.get("internal_user")),
        "registrant_id": str(p.get("registrant_id") or ""),
        "participant_uuid": p["participant_uuid"],
        "session_id": p["session_id"],
        "date_time": at_iso,
        "_date_ms": at,
        "answers": [
            {"question": q, "answer": a, "date_time": at_iso, "polling_id": poll["id"]}
            for q, a in given.items()
        ],
    }
    return _child(ctx, inst, model.POLL_ANSWER, doc, at)


# -- Q&A ---------------------------------------------------------------------------------------
def ask(ctx: Ctx, held: Held, ref: str, question: str, anonymous: bool = False) -> Doc:
    if not question:
        raise bad("Missing field: question.")
    inst = engine.require_live(ctx, held)
    p = find_open(ctx, inst, ref, waiting=False)
    now = ctx.clock.now_ms()
    doc = {
        "question_id": ids.b64url_id(),
        "question": question,
        "anonymous": anonymous,
        "name": "Anonymous Attendee" if anonymous else p["name"],
        "email": "" if anonymous else p.get("user_email", ""),
        "internal_user": bool(p.get("internal_user")),
        "registrant_id": str(p.get("registrant_id") or ""),
        "participant_uuid": p["participant_uuid"],
        "session_id": p["session_id"],
        "date_time": iso_from_ms(now),
        "_date_ms": now,
        "answers": [],
    }
    _child(ctx, inst, model.QA, doc, now)
    inst["qa_count"] = int(inst.get("qa_count") or 0) + 1
    engine.touch(inst, now)
    engine.save(ctx, inst)
    return doc


def answer(
    ctx: Ctx, held: Held, question_id: str, by: str | None, text: str, live: bool = False
) -> Doc:
    inst = engine.require_live(ctx, held)
    for q in model.questions(ctx.tx, None, inst["uuid"]):
        if q["question_id"] == question_id:
            break
    else:
        raise errors.not_found(3001, f"Question does not exist: {question_id}.")
    answerer = find_open(ctx, inst, by, waiting=False) if by else None
    if answerer is None:
        for p in engine.open_sessions(ctx, inst, waiting=False):
            if p["role"] == model.HOST:
                answerer = p
                break
    if not live and not text:
        raise bad("Missing field: answer.")
    now = ctx.clock.now_ms()
    q["answers"].append(
        {
            "answer": "live answered" if live else text,
            "name": answerer["name"] if answerer else inst.get("user_name", ""),
            "email": answerer.get("user_email", "") if answerer else inst.get("host_email", ""),
            "date_time": iso_from_ms(now),
            "live": live,
        }
    )
    model.save_child(ctx.tx, model.QA, q)
    engine.touch(inst, now)
    engine.save(ctx, inst)
    return q


# -- feedback --------------------------------------------------------------------------------
def feedback(ctx: Ctx, held: Held, inst: Doc, p: Doc, quality: str, comments: str = "") -> Doc:
    """A participant's satisfaction answer (at or after leaving)."""
    quality = quality.upper().replace("_", " ")
    if quality not in ("GOOD", "NOT GOOD"):
        raise bad("Invalid feedback quality: use GOOD or NOT GOOD.")
    now = ctx.clock.now_ms()
    doc = {
        "participant_uuid": p["participant_uuid"],
        "session_id": p["session_id"],
        "user_id": p["user_id"],
        "user_name": p["name"],
        "email": p.get("user_email", ""),
        "quality": quality,
        "satisfied": quality == "GOOD",
        "comments": comments,
        "date_time": iso_from_ms(now),
        "_date_ms": now,
    }
    _child(ctx, inst, model.FEEDBACK, doc, now)
    inst["feedback_count"] = int(inst.get("feedback_count") or 0) + 1
    engine.save(ctx, inst)
    events.emit(ctx, events.name(held, "participant_feedback"), events.feedback(held, inst, p, doc))
    return doc
