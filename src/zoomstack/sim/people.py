"""People in a meeting: who they are, joining, the waiting room, leaving, roles.

A join names a person by any of: `user_id` (a Zoom user, signed in), `email`, `name`, or a
registrant's `tk` (or the whole `join_url` holding it). Signed-in users of the host's account
are internal. Each join is a new `participant_session`; a person keeps one `participant_uuid`
for the whole instance.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

from zoomstack import errors, ids
from zoomstack.areas.meeting_features import links, registrants
from zoomstack.areas.users import service as users
from zoomstack.context import Ctx
from zoomstack.sim import clientinfo, engine, events, model, parents
from zoomstack.sim.runtime import Held
from zoomstack.timefmt import iso_from_ms

Doc = dict[str, Any]
FIRST_USER_ID = 16778240
USER_ID_STEP = 1024
LEAVE_REASONS = {
    "left": "{name} left the meeting.",
    "disconnected": "{name} got disconnected from the meeting.",
    "removed": "Removed by host.",
    "network": "Network connection error.",
    "unknown": "Unknown reason.",
}


def bad(message: str, code: int = 300) -> errors.ZoomError:
    return errors.bad_request(code, message)


# -- who ---------------------------------------------------------------------------------------
def _token_of(body: Doc) -> str:
    tk = body.get("tk")
    if isinstance(tk, str) and tk:
        return tk
    url = body.get("join_url")
    if isinstance(url, str) and "tk=" in url:
        return parse_qs(urlsplit(url).query).get("tk", [""])[0]
    return ""


def _find_any_user(ctx: Ctx, held: Held, ref: str) -> tuple[Doc, str] | None:
    """A Zoom user by id or email: the host's account first, then any account."""
    user = users.find_user(ctx.tx, held.account_id, ref)
    if user is not None:
        return user, held.account_id
    if "@" in ref:
        user_id = ctx.tx.key_get(users.NS_EMAIL, ref.lower())
        if user_id is None:
            return None
        ref = user_id
    return ctx.tx.get_with_account(users.KIND, ref)


def identify(ctx: Ctx, held: Held, body: Doc) -> Doc:
    """The person joining: name, email, Zoom user (signed in), registrant, role."""
    who: Doc = {
        "name": str(body.get("name") or ""),
        "email": str(body.get("email") or ""),
        "user": "",
        "internal": False,
        "registrant_id": "",
        "customer_key": str(body.get("customer_key") or ""),
    }
    tk = _token_of(body)
    panelist = parents.panelist_for_token(ctx, held, tk) if tk else None
    if panelist is not None:
        who["email"] = who["email"] or str(panelist.get("email") or "")
        who["name"] = who["name"] or str(panelist.get("name") or "")
        body = {**body, "role": model.PANELIST}
    elif tk:
        rid = links.registrant_for_token(ctx.tx, tk)
        reg = registrants.find(ctx.tx, held.account_id, held.parent, rid) if rid else None
        if reg is None:
            raise bad("The join link is not valid for this meeting.", 3001)
        if registrants.status_for(reg, None) != "approved":
            raise bad("The registrant has not been approved by the host.", 3043)
        who["registrant_id"] = reg["id"]
        who["email"] = who["email"] or str(reg.get("email") or "")
        full = f"{reg.get('first_name', '')} {reg.get('last_name', '')}".strip()
        who["name"] = who["name"] or full
    ref = body.get("user_id") or body.get("user")
    if not ref and body.get("signed_in") and who["email"]:
        ref = who["email"]
    if ref:
        found = _find_any_user(ctx, held, str(ref))
        if found is None:
            raise errors.user_not_found(str(ref))
        user, account = found
        who["user"] = str(user["id"])
        who["internal"] = account == held.account_id
        who["email"] = who["email"] or str(user.get("email") or "")
        full = f"{user.get('first_name', '')} {user.get('last_name', '')}".strip()
        who["name"] = who["name"] or full or str(user.get("display_name") or "")
    if not who["name"]:
        who["name"] = who["email"].split("@")[0] if who["email"] else ""
    who["role"] = _role(ctx, held, who, str(body.get("role") or ""))
    if not who["name"]:
        who["name"] = "Zoom user"
    return who


def _role(ctx: Ctx, held: Held, who: Doc, asked: str) -> str:
    if who["user"] and who["user"] == str(held.doc.get("host_id") or ""):
        return model.HOST
    alternates = parents.alternative_hosts(held)
    if who["user"] and (who["user"].lower() in alternates or who["email"].lower() in alternates):
        return model.HOST
    if held.is_webinar:
        if asked == model.PANELIST or who["email"].lower() in parents.panelist_emails(ctx, held):
            return model.PANELIST
        return model.ATTENDEE
    if asked == model.CO_HOST:
        return model.CO_HOST
    return model.ATTENDEE


def key_of(who: Doc) -> str:
    if who["user"]:
        return f"user:{who['user']}"
    if who["email"]:
        return f"email:{str(who['email']).lower()}"
    return f"name:{who['name']}"


# -- join --------------------------------------------------------------------------------------
def join(ctx: Ctx, held: Held, body: Doc) -> Doc:
    """A person arrives. Returns their session (or their lobby entry while the meeting has not
    started: `{"status": "waiting_for_host", ...}`)."""
    who = identify(ctx, held, body)
    needs_link = who["role"] == model.ATTENDEE and held.parent.registration_enabled
    if needs_link and not who["registrant_id"]:
        raise bad(f"This {held.kind} requires registration: join with a registrant's link.")
    inst = engine.live(ctx, held)
    if inst is None:
        jbh = bool(held.settings.get("join_before_host")) and not held.settings.get("waiting_room")
        if who["role"] == model.HOST:
            inst = engine.start(ctx, held, who["user"])
            session = open_session(ctx, held, inst, who, body, waiting_room=False)
            _admit_lobby(ctx, held, inst)
            return session
        if jbh and not held.is_webinar:
            inst = engine.start(ctx, held, "")
            entry = {**who, "id": who["user"]}
            events.emit(
                ctx, "meeting.participant_jbh_joined", events.jbh(held, inst["uuid"], entry)
            )
            return open_session(ctx, held, inst, who, body, waiting_room=False)
        return _wait_for_host(ctx, held, who, body)
    return open_session(ctx, held, inst, who, body, waiting_room=_goes_to_waiting_room(held, who))


def _goes_to_waiting_room(held: Held, who: Doc) -> bool:
    if held.is_webinar or not held.settings.get("waiting_room"):
        return False
    return who["role"] not in (model.HOST, model.CO_HOST)


def _wait_for_host(ctx: Ctx, held: Held, who: Doc, body: Doc) -> Doc:
    waiting = engine.lobby(ctx, held)
    entry = {
        **who,
        "id": who["user"],
        "status": "waiting_for_host",
        "since": ctx.clock.now_iso(),
        "request": {k: v for k, v in body.items() if k != "at"},
    }
    waiting = [w for w in waiting if key_of(w) != key_of(who)] + [entry]
    engine.save_lobby(ctx, held, waiting)
    if not held.is_webinar:
        events.emit(
            ctx,
            "meeting.participant_jbh_waiting",
            events.jbh(held, str(held.doc["uuid"]), entry, with_registrant=False),
        )
    return {k: v for k, v in entry.items() if k != "request"}


def _admit_lobby(ctx: Ctx, held: Held, inst: Doc) -> None:
    """The host arrived: whoever waited for them comes in (or into the waiting room)."""
    waiting = engine.lobby(ctx, held)
    engine.save_lobby(ctx, held, [])
    for entry in waiting:
        who = {k: entry[k] for k in ("name", "email", "user", "internal", "registrant_id",
                                     "customer_key", "role")}  # fmt: skip
        open_session(
            ctx, held, inst, who, entry.get("request") or {},
            waiting_room=_goes_to_waiting_room(held, who),
        )  # fmt: skip


def leave_lobby(ctx: Ctx, held: Held, ref: str) -> Doc | None:
    waiting = engine.lobby(ctx, held)
    for entry in waiting:
        if ref in (entry.get("name"), entry.get("email"), entry.get("user")):
            engine.save_lobby(ctx, held, [w for w in waiting if w is not entry])
            if not held.is_webinar:
                events.emit(
                    ctx,
                    "meeting.participant_jbh_waiting_left",
                    events.jbh(held, str(held.doc["uuid"]), entry, numeric_id=True),
                )
            return {k: v for k, v in entry.items() if k != "request"}
    return None


def open_session(
    ctx: Ctx, held: Held, inst: Doc, who: Doc, body: Doc, *, waiting_room: bool
) -> Doc:
    now = ctx.clock.now_ms()
    seq = engine.next_seq(inst)
    people = inst.setdefault("_people", {})
    key = key_of(who)
    if key not in people:
        people[key] = ids.uuid4_str().upper()
    participant_uuid = people[key]
    session_id = ids.uuid4_str()
    rng = clientinfo.rng_for(ctx.settings.seed, inst["uuid"], key, seq)
    info = clientinfo.generate(rng, body)
    p: Doc = {
        "id": who["user"],
        "user_id": str(FIRST_USER_ID + (seq - 1) * USER_ID_STEP),
        "participant_uuid": participant_uuid,
        "session_id": session_id,
        "name": who["name"],
        "user_email": who["email"],
        "registrant_id": who["registrant_id"],
        "join_time": iso_from_ms(now),
        "_join_ms": now,
        "leave_time": "",
        "_leave_ms": 0,
        "duration": 0,
        "leave_reason": "",
        "role": who["role"],
        "is_webinar_attendee": held.is_webinar and who["role"] == model.ATTENDEE,
        "status": model.IN_WAITING_ROOM if waiting_room else model.IN_MEETING,
        "waiting": "waiting_room" if waiting_room else "",
        "internal_user": bool(who["internal"]),
        "customer_key": who["customer_key"],
        **info,
        "share_application": False,
        "share_desktop": False,
        "share_whiteboard": False,
        "recording": False,
        "_id": session_id,
        "_instance": inst["uuid"],
        "_seq": seq,
    }
    sort = model.time_sort(now, seq)
    model.insert_child(ctx.tx, model.PARTICIPANT, held.account_id, p, sort=sort)
    for flag in ("has_video", "has_voip", "has_pstn"):
        if p.get(flag):
            inst[flag] = True
    if p["device"] == "H.323/SIP":
        inst["has_sip"] = True
    engine.touch(inst, now)
    engine.summarize(ctx, inst)
    engine.save(ctx, inst)
    if waiting_room:
        events.emit(
            ctx,
            "meeting.participant_joined_waiting_room",
            events.waiting_room(held, inst, p, p["join_time"]),
        )
    else:
        events.emit(ctx, events.name(held, "participant_joined"), events.joined(held, inst, p))
    return p


# -- finding a session -----------------------------------------------------------------------
def find_open(ctx: Ctx, inst: Doc, ref: str, *, waiting: bool | None = None) -> Doc:
    for p in engine.open_sessions(ctx, inst, waiting=waiting):
        if ref and ref in (
            p.get("participant_uuid"),
            p.get("user_id"),
            p.get("session_id"),
            p.get("id"),
            p.get("name"),
            str(p.get("user_email") or "").lower() or None,
        ):
            return p
        if ref and "@" in ref and str(p.get("user_email") or "").lower() == ref.lower():
            return p
    raise errors.not_found(3001, f"Participant is not in the meeting: {ref}.")


# -- leave -------------------------------------------------------------------------------------
def close_session(
    ctx: Ctx,
    held: Held,
    inst: Doc,
    p: Doc,
    *,
    reason: str = "left",
    reason_text: str = "",
    by_end: bool = False,
    emit: bool = True,
) -> Doc:
    """The session ends: leave time, duration, reason; sharing by them stops."""
    from zoomstack.sim import activities

    now = ctx.clock.now_ms()
    if not by_end:
        activities.stop_sharing(ctx, held, inst, p)
    waiting = p.get("status") == model.IN_WAITING_ROOM
    p["leave_time"] = iso_from_ms(now)
    p["_leave_ms"] = now
    if waiting:
        p["duration"] = 0
        p["leave_reason"] = (
            "Removed by host from waiting room." if reason == "removed" else "Leave waiting room."
        )
    else:
        p["duration"] = max(0, (now - int(p["_join_ms"])) // 1000)
        template = reason_text or LEAVE_REASONS.get(reason, LEAVE_REASONS["left"])
        p["leave_reason"] = template.replace("{name}", str(p.get("name") or ""))
    model.save_child(ctx.tx, model.PARTICIPANT, p)
    engine.touch(inst, now)
    if emit:
        if waiting:
            if not held.is_webinar:
                events.emit(
                    ctx,
                    "meeting.participant_left_waiting_room",
                    events.waiting_room(held, inst, p, p["leave_time"]),
                )
        else:
            events.emit(ctx, events.name(held, "participant_left"), events.left(held, inst, p))
    return p


def leave(ctx: Ctx, held: Held, ref: str, reason: str = "left") -> Doc:
    """A participant leaves (or is removed). The last one out ends the meeting."""
    inst = engine.live(ctx, held)
    if inst is None:
        gone = leave_lobby(ctx, held, ref)
        if gone is None:
            raise engine.conflict(f"{held.label} {held.number} has not started.")
        return gone
    if reason not in LEAVE_REASONS:
        raise bad(f"Invalid leave reason: {reason}.")
    p = find_open(ctx, inst, ref)
    close_session(ctx, held, inst, p, reason=reason)
    engine.summarize(ctx, inst)
    if not engine.open_sessions(ctx, inst):
        engine.end(ctx, held, inst)
    else:
        engine.save(ctx, inst)
    return p


# -- waiting room ------------------------------------------------------------------------------
def admit(ctx: Ctx, held: Held, ref: str | None) -> list[Doc]:
    """Admit one person from the waiting room (or everyone, without `ref`)."""
    inst = engine.require_live(ctx, held)
    now = ctx.clock.now_ms()
    targets = (
        [find_open(ctx, inst, ref, waiting=True)]
        if ref
        else engine.open_sessions(ctx, inst, waiting=True)
    )
    for p in targets:
        p["status"] = model.IN_MEETING
        p["waiting"] = ""
        p["_waited_ms"] = now - int(p["_join_ms"])
        p["join_time"] = iso_from_ms(now)
        p["_join_ms"] = now
        model.save_child(ctx.tx, model.PARTICIPANT, p)
        events.emit(
            ctx,
            "meeting.participant_admitted",
            events.waiting_room(held, inst, p, p["join_time"]),
        )
        events.emit(ctx, "meeting.participant_joined", events.joined(held, inst, p))
    engine.touch(inst, now)
    engine.summarize(ctx, inst)
    engine.save(ctx, inst)
    return targets


def put_in_waiting_room(ctx: Ctx, held: Held, ref: str) -> Doc:
    """The host moves someone back to the waiting room: their session in the meeting closes and
    a waiting-room session (same participant_uuid) opens."""
    if held.is_webinar:
        raise bad("Webinars have no waiting room.")
    inst = engine.require_live(ctx, held)
    p = find_open(ctx, inst, ref, waiting=False)
    close_session(ctx, held, inst, p, reason_text="Moved to the waiting room.", emit=False)
    who = {
        "name": p["name"],
        "email": p["user_email"],
        "user": p["id"],
        "internal": p["internal_user"],
        "registrant_id": p["registrant_id"],
        "customer_key": p["customer_key"],
        "role": p["role"],
    }
    carry = {k: p[k] for k in ("device", "ip_address", "location", "network_type") if p.get(k)}
    now = ctx.clock.now_ms()
    seq = engine.next_seq(inst)
    session = dict(p)
    session_id = ids.uuid4_str()
    session.update(
        {
            "user_id": str(FIRST_USER_ID + (seq - 1) * USER_ID_STEP),
            "session_id": session_id,
            "_id": session_id,
            "_seq": seq,
            "join_time": iso_from_ms(now),
            "_join_ms": now,
            "leave_time": "",
            "_leave_ms": 0,
            "duration": 0,
            "leave_reason": "",
            "status": model.IN_WAITING_ROOM,
            "waiting": "waiting_room",
            **carry,
        }
    )
    del who
    model.insert_child(
        ctx.tx, model.PARTICIPANT, held.account_id, session, sort=model.time_sort(now, seq)
    )
    events.emit(
        ctx,
        "meeting.participant_put_in_waiting_room",
        events.waiting_room(held, inst, session, session["join_time"]),
    )
    engine.summarize(ctx, inst)
    engine.save(ctx, inst)
    return session


# -- roles -------------------------------------------------------------------------------------
_ROLES = {model.HOST, model.CO_HOST, model.ATTENDEE, model.PANELIST}


def change_role(ctx: Ctx, held: Held, ref: str, role: str) -> Doc:
    if role not in _ROLES:
        raise bad(f"Invalid role: {role}.")
    inst = engine.require_live(ctx, held)
    p = find_open(ctx, inst, ref, waiting=False)
    old = str(p.get("role"))
    if old == role:
        return p
    p["role"] = role
    if held.is_webinar:
        p["is_webinar_attendee"] = role == model.ATTENDEE
    model.save_child(ctx.tx, model.PARTICIPANT, p)
    event_roles = (model.HOST, model.CO_HOST, model.ATTENDEE)
    if old in event_roles and role in event_roles:
        events.emit(
            ctx,
            events.name(held, "participant_role_changed"),
            events.role_changed(held, inst, p, old, role, ctx.clock.now_iso()),
        )
    engine.touch(inst, ctx.clock.now_ms())
    engine.save(ctx, inst)
    return p
