"""The telephone report: people who dialled into simulated meetings and webinars by phone.

Every simulator join with device "Phone" (or `has_pstn`) is one call. Which number they dialled
is derived deterministically from the session's QoS seed: about a quarter call a toll-free
number (report `type=1`, item type "toll-free", charged per minute), the others a toll number
(`type=2`, item type "call-in", included in the plan). SIP Connected Audio (`type=3`) is not
simulated: that report is empty. Calls are found by `query_date_type`: the call's start (join)
or end (leave) time, or the meeting's start or end time.
"""

from __future__ import annotations

import random
from typing import TYPE_CHECKING, Any

from zoomstack.areas.reports import dates, paging
from zoomstack.sim import model

if TYPE_CHECKING:
    from zoomstack.context import Ctx

Doc = dict[str, Any]
TOLL_FREE, TOLL, SIP_AUDIO = "1", "2", "3"
# Numbers in the 555 range: plainly fictional.
_DIAL_IN = {TOLL_FREE: "+1 888 555 0142", TOLL: "+1 312 555 0187"}
_RATE = {TOLL_FREE: 0.05, TOLL: 0.0}
_ITEM_TYPE = {TOLL_FREE: "toll-free", TOLL: "call-in"}
_DATE_FIELDS = {
    "start_time": ("p", "_join_ms"),
    "end_time": ("p", "_leave_ms"),
    "meeting_start_time": ("i", "_start_ms"),
    "meeting_end_time": ("i", "_end_ms"),
}
# Meetings last at most 30 hours on Zoom: a call in the window belongs to an instance that
# started at most this long before it.
_LOOKBACK_MS = 2 * dates.DAY_MS


def is_phone(p: Doc) -> bool:
    return p.get("device") == "Phone" or bool(p.get("has_pstn"))


def call_type(p: Doc) -> str:
    seed = p.get("_qos_seed")
    rng = random.Random(seed if isinstance(seed, int) else str(p.get("session_id")))
    return TOLL_FREE if rng.random() < 0.25 else TOLL


def dial_in_number(p: Doc) -> str:
    return _DIAL_IN[call_type(p)]


def _country(number: str) -> str:
    return "United States of America" if number.startswith("+1") else ""


def _item(inst: Doc, p: Doc, kind: str) -> Doc:
    minutes = max(1, -(-int(p.get("duration") or 0) // 60))
    rate = _RATE[kind]
    number = str(p.get("phone_number") or "")
    return {
        "uuid": inst["uuid"],
        "meeting_id": int(inst["id"]),
        "meeting_type": "Webinar" if inst.get("is_webinar") else "Meeting",
        "phone_number": number,
        "host_name": str(inst.get("user_name") or ""),
        "host_email": str(inst.get("host_email") or ""),
        "host_id": str(inst.get("host_id") or ""),
        "dept": str(inst.get("dept") or ""),
        "start_time": p["join_time"],
        "end_time": p.get("leave_time") or inst["end_time"],
        "duration": minutes,
        "total": round(rate * minutes, 2),
        "country_name": _country(number),
        "call_in_number": _DIAL_IN[kind],
        "signaled_number": _DIAL_IN[kind],
        "rate": rate,
        "type": _ITEM_TYPE[kind],
    }


def calls(ctx: Ctx, win: dates.Window, kind: str, date_type: str) -> list[Doc]:
    source, field = _DATE_FIELDS[date_type]
    out: list[tuple[int, int, Doc]] = []
    candidates = model.instances_between(
        ctx.tx, ctx.account_id, win.start_ms - _LOOKBACK_MS, win.end_ms, ended_only=True
    )
    for inst in candidates:
        for p in model.participants(ctx.tx, None, inst["uuid"]):
            if not is_phone(p) or p.get("status") != model.IN_MEETING:
                continue
            at = int((p if source == "p" else inst).get(field) or 0)
            if not win.contains(at) or call_type(p) != kind:
                continue
            out.append((int(p["_join_ms"]), int(p.get("_seq") or 0), _item(inst, p, kind)))
    out.sort(key=lambda t: (t[0], t[1]))
    return [item for _, _, item in out]


def report(ctx: Ctx) -> Doc:
    kind = ctx.q_enum("type", (TOLL_FREE, TOLL, SIP_AUDIO), TOLL_FREE)
    date_type = ctx.q_enum("query_date_type", tuple(_DATE_FIELDS), "start_time")
    win = dates.window(ctx)
    found = [] if kind == SIP_AUDIO else calls(ctx, win, kind, date_type)
    return paging.page(
        ctx,
        "telephony_usage",
        found,
        head={"from": win.from_text, "to": win.to_text},
    )
