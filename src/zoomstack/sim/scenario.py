"""Scenario files: a whole meeting in one call.

```yaml
meeting_id: 81234567890     # or webinar_id; or meeting: {create body} (+ host: id or email)
start: "2026-03-02T15:00:00Z"  # T: ISO, or relative to the server clock ("-2h", "now")
started_by: alt@example.com # optional: an alternative host starts it
recording: cloud            # cloud recording from the start
crowd: {count: 12, over_minutes: 5, leave_early: 2, leave_at: 30}
participants:
  - {name: Ann, email: ann@example.com, join: 1, leave: 45, device: Mac}
steps:
  - {at: 20, action: poll, poll: {title: Lunch, questions: [...]}}
  - {at: 25, action: share, participant: Ann, until: 30}
  - {at: 40, action: recording, recording: pause}   # start (default), stop, pause, resume
  - {at: 45, action: recording, recording: resume, until: 50}  # `until`: stop then
end: 60                     # minutes after T (omit: the meeting stays live)
```

Times are minutes after T (numbers), durations such as "90s", "20m", "1h30m", "T+20m", or
absolute ISO times. The player computes every step's time from T and runs each step with a
clock pinned to it, all in one transaction, so events and records carry the scenario's times;
it never moves the server clock backwards. When the scenario reaches past the server clock, the
clock is moved forward to the scenario's last step once the play committed (so everything that
happened is in the past). Crowd names, devices and answers are deterministic (ZOOMSTACK_SEED).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from zoomstack import errors, jsonutil
from zoomstack.areas.meetings import service as meetings
from zoomstack.areas.users import service as users
from zoomstack.sim import clientinfo, model, steps
from zoomstack.sim.runtime import MEETING, WEBINAR, Held, find_held, host_ctx, pinned_clock
from zoomstack.timefmt import iso_from_ms, parse_iso

if TYPE_CHECKING:
    from zoomstack.app import App
    from zoomstack.store import Tx

Doc = dict[str, Any]
_DURATION = re.compile(r"^(?:T?\s*\+?\s*)?(-)?\s*(?:(\d+(?:\.\d+)?)h)?\s*(?:(\d+(?:\.\d+)?)m)?\s*"
                       r"(?:(\d+(?:\.\d+)?)s)?$")  # fmt: skip
MAX_STEPS = 20_000
FIRST_NAMES = ("Ava", "Ben", "Chloe", "Diego", "Emma", "Farid", "Grace", "Hiro", "Ines", "Jonas",
               "Kira", "Liam", "Maya", "Noah", "Olga", "Priya", "Quinn", "Rosa", "Sam", "Tara",
               "Umar", "Vera", "Wen", "Ximena", "Yusuf", "Zoe")  # fmt: skip
LAST_NAMES = ("Adams", "Bauer", "Chen", "Dubois", "Evans", "Fischer", "Garcia", "Haddad", "Ito",
              "Jensen", "Kowalski", "Lopez", "Moreau", "Nakamura", "Okafor", "Patel", "Quint",
              "Rossi", "Silva", "Tanaka")  # fmt: skip
# Steps with a start/stop (pause, resume) of their own, given under the step's name.
_SUB_ACTIONS = ("share", "recording")
# Order of steps at the same instant.
_START, _JOIN, _STEP, _LEAVE, _END = range(5)


def _bad(message: str) -> errors.ZoomError:
    return errors.bad_request(300, message)


# -- reading ---------------------------------------------------------------------------------
def parse_body(raw: bytes, content_type: str) -> Doc:
    text = raw.decode("utf-8", errors="replace")
    if "yaml" in content_type.lower():
        return parse_yaml(text)
    try:
        value = jsonutil.loads(raw) if raw.strip() else None
    except (jsonutil.JSONDecodeError, UnicodeDecodeError):
        raise errors.invalid_json() from None
    if not isinstance(value, dict):
        raise _bad("A scenario is a JSON (or YAML) object.")
    return dict(value)


def parse_yaml(text: str) -> Doc:
    import yaml

    try:
        value = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise _bad(f"The scenario is not valid YAML: {exc}.") from None
    if not isinstance(value, dict):
        raise _bad("A scenario is a YAML (or JSON) object.")
    return dict(_plain(value))


def _plain(value: Any) -> Any:
    """YAML may produce datetimes; scenarios deal in strings."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if hasattr(value, "isoformat") and not isinstance(value, str | int | float | bool):
        text = value.isoformat()
        return text if "T" in text else text + "T00:00:00Z"
    return value


def offset_ms(value: Any, field_name: str) -> int:
    """A time relative to T: minutes (number) or a duration string."""
    if isinstance(value, bool):
        raise _bad(f"Invalid time in '{field_name}'.")
    if isinstance(value, int | float):
        return int(value * 60_000)
    if isinstance(value, str):
        m = _DURATION.match(value.strip())
        if m and any(m.group(i) for i in (2, 3, 4)):
            sign = -1 if m.group(1) else 1
            hours, minutes, seconds = (float(m.group(i) or 0) for i in (2, 3, 4))
            return sign * int(((hours * 60 + minutes) * 60 + seconds) * 1000)
    raise _bad(f"Invalid time in '{field_name}': {value!r}.")


def time_ms(value: Any, t0: int, field_name: str) -> int:
    if isinstance(value, str) and (dt := parse_iso(value)) is not None and "-" in value[:5]:
        return int(dt.timestamp() * 1000)
    return t0 + offset_ms(value, field_name)


# -- the timeline ----------------------------------------------------------------------------
@dataclass(order=True, slots=True)
class Planned:
    at_ms: int
    phase: int
    index: int
    action: str = field(compare=False)
    body: Doc = field(compare=False)


def _person_body(p: Doc) -> Doc:
    return {k: v for k, v in p.items() if k not in ("join", "leave", "leave_reason", "feedback")}


def _crowd(spec: Doc, held: Held, t0: int, seed: int) -> list[Doc]:
    count = int(spec.get("count") or 0)
    if count < 0 or count > 1000:
        raise _bad("crowd.count must be between 0 and 1000.")
    start = offset_ms(spec.get("starting_at", 0), "crowd.starting_at")
    spread = offset_ms(spec.get("over_minutes", 5), "crowd.over_minutes")
    early = min(int(spec.get("leave_early") or 0), count)
    rng = clientinfo.rng_for(seed, held.number, t0, "crowd")
    devices = spec.get("devices")
    people: list[Doc] = []
    used: set[str] = set()
    for i in range(count):
        while True:
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            if f"{first} {last}" not in used or len(used) >= len(FIRST_NAMES) * len(LAST_NAMES):
                break
        name = f"{first} {last}"
        used.add(name)
        person: Doc = {
            "name": name,
            "email": f"{first.lower()}.{last.lower()}{i + 1}@example.com",
            "join": f"{(start + (spread * i // max(count, 1))) / 1000}s",
        }
        if isinstance(devices, list) and devices:
            person["device"] = str(devices[i % len(devices)])
        people.append(person)
    if early:
        leave_at = spec.get("leave_at")
        base = offset_ms(leave_at, "crowd.leave_at") if leave_at is not None else None
        for j, person in enumerate(people[-early:]):
            join = offset_ms(person["join"], "crowd")
            at = base if base is not None else join + 10 * 60_000
            person["leave"] = f"{(max(at, join + 60_000) + j * 30_000) / 1000}s"
    return people


def plan(spec: Doc, held: Held, t0: int, seed: int) -> list[Planned]:
    out: list[Planned] = []

    def add(at: int, phase: int, action: str, body: Doc) -> None:
        out.append(Planned(at, phase, len(out), action, body))

    start_body: Doc = {}
    if spec.get("started_by"):
        start_body["by"] = spec["started_by"]
    if isinstance(spec.get("host"), dict):
        start_body.update(spec["host"])
    if spec.get("host_joins", True):
        add(t0, _START, "start", start_body)
    if spec.get("recording") == "cloud":
        add(t0, _START, "recording", {"action": "start"})
    people = [p for p in spec.get("participants") or [] if isinstance(p, dict)]
    if not isinstance(spec.get("participants", []), list):
        raise _bad("'participants' must be a list.")
    crowd = spec.get("crowd")
    if isinstance(crowd, dict):
        people += _crowd(crowd, held, t0, seed)
    for i, p in enumerate(people):
        join = time_ms(p.get("join", 0), t0, f"participants[{i}].join")
        add(join, _JOIN, "join", {**_person_body(p), "_person": i})
        if p.get("leave") is not None:
            leave = time_ms(p["leave"], t0, f"participants[{i}].leave")
            if leave < join:
                raise _bad(f"participants[{i}] leaves before joining.")
            ref = str(p.get("email") or p.get("name") or p.get("user_id") or "")
            body: Doc = {
                "participant": ref,
                "reason": p.get("leave_reason") or "left",
                "_person": i,
            }
            if isinstance(p.get("feedback"), dict):
                body["feedback"] = p["feedback"]
            add(leave, _LEAVE, "leave", body)
    raw_steps = spec.get("steps") or []
    if not isinstance(raw_steps, list):
        raise _bad("'steps' must be a list.")
    for i, step in enumerate(raw_steps):
        if not isinstance(step, dict) or not step.get("action"):
            raise _bad(f"steps[{i}] needs an 'action'.")
        action = str(step["action"])
        if action not in steps.STEPS:
            raise _bad(f"steps[{i}]: unknown action '{action}'.")
        at = time_ms(step.get("at", 0), t0, f"steps[{i}].at")
        body = {k: v for k, v in step.items() if k not in ("at", "action", "until")}
        if action in _SUB_ACTIONS:
            # `action` names the step, so a share's or a recording's own start/stop/pause/
            # resume goes under the step's name: {action: recording, recording: pause}.
            body.pop(action, None)
            body["action"] = str(step.get(action) or "start")
        phase = _END if action == "end" else _STEP
        add(at, phase, action, body)
        if step.get("until") is not None and action in _SUB_ACTIONS:
            until = time_ms(step["until"], t0, f"steps[{i}].until")
            if until < at:
                raise _bad(f"steps[{i}] ends before it starts.")
            stop: Doc = {"action": "stop"}
            if action == "share":
                stop["participant"] = body.get("participant")
            add(until, _STEP, action, stop)
    if spec.get("end") is not None:
        add(time_ms(spec["end"], t0, "end"), _END, "end", {})
    if len(out) > MAX_STEPS:
        raise _bad(f"A scenario has at most {MAX_STEPS} steps.")
    out.sort()
    if out and out[0].at_ms < t0:
        raise _bad("A scenario step comes before its start.")
    return out


# -- playing ---------------------------------------------------------------------------------
def _default_host(tx: Tx, app: App, spec: Doc) -> tuple[Doc, str]:
    ref = spec.get("host")
    if isinstance(ref, str) and ref:
        found = users.find_user(tx, app.settings.account_id, ref)
        if found is None and "@" in ref:
            uid = tx.key_get(users.NS_EMAIL, ref.lower())
            got = tx.get_with_account(users.KIND, uid) if uid else None
            found = got[0] if got else None
        elif found is None:
            got = tx.get_with_account(users.KIND, ref)
            found = got[0] if got else None
        if found is None:
            raise errors.user_not_found(ref)
        return found, str(found["account_id"])
    for user in tx.find(users.KIND, app.settings.account_id):
        if user.get("role_id") == users.OWNER_ROLE:
            return user, app.settings.account_id
    raise _bad("No host: name one with 'host'.")


def _held(tx: Tx, app: App, spec: Doc, t0: int, now: int) -> Held:
    if spec.get("meeting_id"):
        return find_held(tx, MEETING, str(spec["meeting_id"]))
    if spec.get("webinar_id"):
        return find_held(tx, WEBINAR, str(spec["webinar_id"]))
    body = spec.get("meeting")
    if not isinstance(body, dict):
        raise _bad("A scenario names 'meeting_id', 'webinar_id' or a 'meeting' to create.")
    host, account = _default_host(tx, app, spec)
    created_at = min(t0, now)
    ctx = host_ctx(tx, pinned_clock(created_at), app.settings, Held(MEETING, {}, account))
    ctx.principal = ctx.principal.__class__(**{**_fields(ctx.principal), "user_id": host["id"],
                                               "user_email": host.get("email", "")})  # fmt: skip
    body = {"start_time": iso_from_ms(t0), **body}
    view = meetings.create_meeting(ctx, host, body)
    return find_held(tx, MEETING, str(view["id"]))


def _fields(principal: Any) -> Doc:
    return {name: getattr(principal, name) for name in principal.__dataclass_fields__}


def start_ms(spec: Doc, now: int) -> int:
    raw = spec.get("start", "now")
    if raw in (None, "", "now"):
        return now
    if isinstance(raw, int | float) and not isinstance(raw, bool) and raw > 10**11:
        return int(raw)
    if isinstance(raw, str) and (dt := parse_iso(raw)) is not None and "-" in raw[:5]:
        return int(dt.timestamp() * 1000)
    return now + offset_ms(raw, "start")


def play(app: App, spec: Doc) -> Doc:
    """Play a scenario in one transaction; then move the server clock forward if needed."""

    with app.store.transaction() as tx:
        now = app.sync_clock(tx).now_ms()
        t0 = start_ms(spec, now)
        held = _held(tx, app, spec, t0, now)
        timeline = plan(spec, held, t0, app.settings.seed)
        probe = host_ctx(tx, pinned_clock(t0), app.settings, held)
        floor = steps.floor_ms(probe, held)
        if timeline and timeline[0].at_ms < floor:
            raise _bad("The scenario starts before this meeting's previous step.")
        results = []
        # Who each listed person turned out to be, for their leave step.
        joined: dict[int, str] = {}
        for item in timeline:
            ctx = host_ctx(tx, pinned_clock(item.at_ms), app.settings, held)
            body = dict(item.body)
            person = body.pop("_person", None)
            if item.action == "leave" and person in joined:
                body["participant"] = joined[person]
            try:
                done = steps.run(ctx, held, item.action, body)
            except errors.ZoomError as exc:
                raise errors.ZoomError(
                    exc.status, exc.code, f"{item.action} at {iso_from_ms(item.at_ms)}: "
                    f"{exc.message}",
                ) from None  # fmt: skip
            if item.action == "join" and isinstance(person, int) and isinstance(done, dict):
                joined[person] = str(done.get("participant_uuid") or done.get("name") or "")
            results.append({"at": iso_from_ms(item.at_ms), "action": item.action})
        instances = [
            i
            for i in model.instances_of(tx, held.account_id, held.number, False)
            if int(i["_start_ms"]) >= t0
        ]
        last = max((p.at_ms for p in timeline), default=t0)
    advanced = ""
    if last > now:
        app.save_clock(app.clock.set(last))
        advanced = iso_from_ms(last)
    return {
        "kind": held.kind,
        "id": held.number,
        "start": iso_from_ms(t0),
        "steps": len(results),
        "instances": [
            {
                "uuid": i["uuid"],
                "status": i["status"],
                "start_time": i["start_time"],
                "end_time": i["end_time"],
                "participants_count": i["participants_count"],
            }
            for i in instances
        ],
        "clock_advanced_to": advanced,
        "timeline": results,
    }
