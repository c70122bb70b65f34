"""One simulator step by name: the vocabulary shared by the control API and scenario files.

- `start`: `by` (host or alternative host, user id or email; default the host) + join fields
- `join`: `name`, `email`, `user_id` (a signed-in Zoom user), `tk` or `join_url` (a
  registrant), `role` (co-host, panelist), `device`, `ip_address`, `location`,
  `network_type`, `customer_key`, ...
- `leave`: `participant`, `reason` (left, disconnected, removed, network, unknown), `feedback`
  `{quality, comments}`
- `admit`: `participant` (omit: everyone in the waiting room)
- `waiting_room`: `participant` goes back to the waiting room
- `share`: `participant`, `action` start (default) or stop, `content` (desktop, application,
  whiteboard, ...)
- `recording`: `action` start, stop, pause, resume
- `poll`: `poll_id` or `poll` (a poll body, created on the fly), `answers`
  `[{participant, answers: {question: answer}}]` (omit: every attendee answers)
- `chat`: `from`, `message`, `to` (a participant; omit: everyone)
- `ask`: `participant`, `question`, `anonymous`; `answer`: `question_id` (or the `question`
  text), `answer`, `by`, `live`
- `feedback`: `participant`, `quality` GOOD or NOT GOOD, `comments`
- `role`: `participant`, `role` host, co-host, attendee, panelist
- `end`
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from zoomstack import errors
from zoomstack.context import Ctx
from zoomstack.sim import activities, engine, model, parents, people
from zoomstack.sim.runtime import Held, host_of

Doc = dict[str, Any]
Step = Callable[[Ctx, Held, Doc], Any]


def public(doc: Doc) -> Doc:
    return {k: v for k, v in doc.items() if not k.startswith("_")}


def _ref(body: Doc, *names: str) -> str:
    for name in names:
        value = body.get(name)
        if value not in (None, ""):
            return str(value)
    raise people.bad(f"Missing field: {names[0]}.")


def _start(ctx: Ctx, held: Held, body: Doc) -> Doc:
    by = str(body.get("by") or body.get("user_id") or held.doc.get("host_id") or "")
    joining = {**body, "user_id": by}
    joining.pop("by", None)
    who = people.identify(ctx, held, joining)
    if who["role"] != model.HOST:
        raise people.bad(f"Only the host or an alternative host can start this {held.kind}.")
    if engine.live(ctx, held) is not None:
        raise engine.conflict(f"{held.label} {held.number} is already in progress.")
    return public(people.join(ctx, held, joining))


def _join(ctx: Ctx, held: Held, body: Doc) -> Doc:
    return public(people.join(ctx, held, body))


def _leave(ctx: Ctx, held: Held, body: Doc) -> Doc:
    p = people.leave(ctx, held, _ref(body, "participant"), str(body.get("reason") or "left"))
    fb = body.get("feedback")
    if isinstance(fb, dict) and p.get("session_id"):
        inst = model.instance_by_uuid(ctx.tx, held.account_id, str(p["_instance"]))
        assert inst is not None
        activities.feedback(
            ctx, held, inst, p, str(fb.get("quality") or "GOOD"), str(fb.get("comments") or "")
        )
    return public(p)


def _admit(ctx: Ctx, held: Held, body: Doc) -> Doc:
    ref = body.get("participant")
    admitted = people.admit(ctx, held, str(ref) if ref else None)
    return {"admitted": [public(p) for p in admitted]}


def _waiting_room(ctx: Ctx, held: Held, body: Doc) -> Doc:
    return public(people.put_in_waiting_room(ctx, held, _ref(body, "participant")))


def _share(ctx: Ctx, held: Held, body: Doc) -> Doc:
    action = str(body.get("action") or "start")
    if action == "stop":
        ref = body.get("participant")
        return public(activities.stop_sharing_by(ctx, held, str(ref) if ref else None))
    if action != "start":
        raise people.bad(f"Invalid sharing action: {action}.")
    content = str(body.get("content") or "desktop")
    return public(activities.start_sharing(ctx, held, _ref(body, "participant"), content))


def _recording(ctx: Ctx, held: Held, body: Doc) -> Doc:
    inst = engine.require_live(ctx, held)
    done = activities.recording(ctx, held, inst, _ref(body, "action"))
    return {
        "recording_status": done["recording_status"],
        "cloud_recording_segments": done.get("cloud_recording_segments", []),
    }


def _poll(ctx: Ctx, held: Held, body: Doc) -> Doc:
    answers = body.get("answers")
    if answers is not None and not isinstance(answers, list):
        raise people.bad("Invalid field: answers.")
    poll_body = body.get("poll")
    result = activities.run_poll(
        ctx,
        held,
        str(body["poll_id"]) if body.get("poll_id") else None,
        poll_body if isinstance(poll_body, dict) else None,
        [a for a in answers if isinstance(a, dict)] if isinstance(answers, list) else None,
    )
    result["answers"] = [public(a) for a in result["answers"]]
    return result


def _chat(ctx: Ctx, held: Held, body: Doc) -> Doc:
    to = body.get("to")
    return activities.chat(
        ctx,
        held,
        _ref(body, "from", "sender", "participant"),
        str(body.get("message") or ""),
        str(to) if to else None,
    )


def _ask(ctx: Ctx, held: Held, body: Doc) -> Doc:
    return public(
        activities.ask(
            ctx,
            held,
            _ref(body, "participant", "from"),
            str(body.get("question") or ""),
            bool(body.get("anonymous", False)),
        )
    )


def _answer(ctx: Ctx, held: Held, body: Doc) -> Doc:
    question_id = str(body.get("question_id") or "")
    if not question_id and body.get("question"):
        inst = engine.require_live(ctx, held)
        for q in model.questions(ctx.tx, None, inst["uuid"]):
            if q["question"] == body["question"]:
                question_id = q["question_id"]
    if not question_id:
        raise people.bad("Missing field: question_id.")
    by = body.get("by")
    return public(
        activities.answer(
            ctx,
            held,
            question_id,
            str(by) if by else None,
            str(body.get("answer") or ""),
            bool(body.get("live", False)),
        )
    )


def _feedback(ctx: Ctx, held: Held, body: Doc) -> Doc:
    ref = _ref(body, "participant")
    inst = engine.live(ctx, held) or model.latest_ended_instance(
        ctx.tx, held.account_id, held.number, is_webinar=held.is_webinar
    )
    if inst is None:
        raise engine.conflict(f"{held.label} {held.number} has not started.")
    sessions = [
        p
        for p in model.participants(ctx.tx, None, inst["uuid"])
        if ref in (p.get("participant_uuid"), p.get("user_id"), p.get("name"), p.get("id"))
        or (p.get("user_email") and str(p["user_email"]).lower() == ref.lower())
    ]
    if not sessions:
        raise errors.not_found(3001, f"Participant is not in the meeting: {ref}.")
    fb = activities.feedback(
        ctx,
        held,
        inst,
        sessions[-1],
        str(body.get("quality") or "GOOD"),
        str(body.get("comments") or ""),
    )
    return public(fb)


def _role(ctx: Ctx, held: Held, body: Doc) -> Doc:
    return public(people.change_role(ctx, held, _ref(body, "participant"), _ref(body, "role")))


def _end(ctx: Ctx, held: Held, body: Doc) -> Doc:
    inst = engine.require_live(ctx, held)
    return public(engine.end(ctx, held, inst))


STEPS: dict[str, Step] = {
    "start": _start,
    "join": _join,
    "leave": _leave,
    "admit": _admit,
    "waiting_room": _waiting_room,
    "share": _share,
    "recording": _recording,
    "poll": _poll,
    "chat": _chat,
    "ask": _ask,
    "answer": _answer,
    "feedback": _feedback,
    "role": _role,
    "end": _end,
}


def run(ctx: Ctx, held: Held, action: str, body: Doc) -> Any:
    step = STEPS.get(action)
    if step is None:
        raise people.bad(f"Unknown simulator action: {action}.")
    return step(ctx, held, body)


def floor_ms(ctx: Ctx, held: Held) -> int:
    """The earliest time the next step of this meeting may have: steps never go back."""
    inst = engine.live(ctx, held)
    if inst is not None:
        return int(inst.get("_last_ms") or inst["_start_ms"])
    latest = model.instances_of(ctx.tx, held.account_id, held.number, True)
    return max((int(i.get("_end_ms") or 0) for i in latest), default=0)


def state(ctx: Ctx, held: Held) -> Doc:
    """What is going on now: status, the live instance, who is in and who waits."""
    inst = engine.live(ctx, held)
    out: Doc = {
        "id": held.number,
        "kind": held.kind,
        "status": "started" if inst is not None else "waiting",
        "uuid": str(held.doc.get("uuid") or ""),
        "host_id": str(host_of(ctx.tx, held).get("id") or ""),
        "alternative_hosts": sorted(parents.alternative_hosts(held)),
        "waiting_for_host": [
            {k: v for k, v in w.items() if k != "request"} for w in engine.lobby(ctx, held)
        ],
    }
    if inst is not None:
        engine.summarize(ctx, inst)
        out["instance"] = public(inst)
        out["participants"] = [public(p) for p in engine.open_sessions(ctx, inst, waiting=False)]
        out["waiting_room"] = [public(p) for p in engine.open_sessions(ctx, inst, waiting=True)]
    out["instances"] = [
        {"uuid": i["uuid"], "start_time": i["start_time"], "end_time": i["end_time"]}
        for i in model.instances_of(ctx.tx, held.account_id, held.number, False)
    ]
    return out
