"""Zoom Rooms, CRC port usage and IM dashboards.

Zoom Rooms come from the Rooms area's documents (kind "room") when it exists; without rooms the
lists are empty and a room ID is 404 1012 "Room not found: {id}." No room reports issues yet.

CRC port usage: every H.323/SIP participant of a simulated meeting holds one Cloud Room
Connector port while in the meeting. For each UTC hour of the window, `total_usage` is the
number of such sessions present during the hour and `max_usage` the most at the same time. A
range over a month is shortened to the month before `to`, as Zoom documents.

IM: zoomstack has no Team Chat data yet, so every user of the account is listed with zero
counts.
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
ROOM_KIND = "room"
HOUR_MS = 3_600_000
_IM_COUNTS = (
    "total_send", "total_receive", "group_send", "group_receive", "calls_send", "calls_receive",
    "files_send", "files_receive", "images_send", "images_receive", "voice_send",
    "voice_receive", "videos_send", "videos_receive", "emoji_send", "emoji_receive",
)  # fmt: skip


# -- Zoom Rooms --------------------------------------------------------------------------------
def room_item(doc: Doc) -> Doc:
    return {
        "id": str(doc.get("id") or doc.get("room_id") or ""),
        "room_name": str(doc.get("room_name") or doc.get("name") or ""),
        "calender_name": str(doc.get("calendar_name") or doc.get("calender_name") or ""),
        "email": str(doc.get("email") or ""),
        "account_type": str(doc.get("account_type") or "Work Email"),
        "status": str(doc.get("status") or "Offline"),
        "device_ip": str(doc.get("device_ip") or ""),
        "camera": str(doc.get("camera") or ""),
        "microphone": str(doc.get("microphone") or ""),
        "speaker": str(doc.get("speaker") or ""),
        "last_start_time": str(doc.get("last_start_time") or ""),
        "location": str(doc.get("location") or ""),
        "location_id": str(doc.get("location_id") or ""),
        "health": str(doc.get("health") or ""),
        "issues": [str(i) for i in doc.get("issues") or []],
    }


def _room(ctx: Ctx, room_id: str) -> Doc:
    doc = ctx.tx.get(ROOM_KIND, room_id, ctx.account_id)
    if doc is None:
        raise errors.not_found(1012, f"Room not found: {room_id}.")
    return doc


def list_rooms(ctx: Ctx) -> Doc:
    rooms = ctx.tx.find(ROOM_KIND, ctx.account_id)
    return paging.page(ctx, "zoom_rooms", rooms, transform=room_item, page_number=True)


def room_detail(ctx: Ctx, room_id: str) -> Doc:
    room = _room(ctx, room_id)
    win = dates.window(ctx)
    past = paging.page(ctx, "meetings", [], head={"from": win.from_text, "to": win.to_text})
    return {**room_item(room), "past_meetings": past}


def room_issues(ctx: Ctx) -> Doc:
    win = dates.window(ctx)
    return {"from": win.from_text, "to": win.to_text, "total_records": 0, "issues": []}


def rooms_with_issues(ctx: Ctx) -> Doc:
    win = dates.window(ctx)
    return {"from": win.from_text, "to": win.to_text, "total_records": 0, "zoom_rooms": []}


def room_issue_details(ctx: Ctx, room_id: str) -> Doc:
    _room(ctx, room_id)
    win = dates.window(ctx)
    return paging.page(ctx, "issue_details", [], head={"from": win.from_text, "to": win.to_text})


# -- CRC ---------------------------------------------------------------------------------------
def _room_sessions(ctx: Ctx, win: dates.Window) -> list[tuple[int, int]]:
    now = ctx.clock.now_ms()
    spans = []
    held = model.instances_between(
        ctx.tx, ctx.account_id, win.start_ms - 2 * dates.DAY_MS, win.end_ms
    )
    for inst in held:
        for p in model.participants(ctx.tx, None, inst["uuid"]):
            if p.get("device") == "H.323/SIP" and p.get("status") == model.IN_MEETING:
                start = int(p["_join_ms"])
                spans.append((start, int(p.get("_leave_ms") or 0) or max(now, start)))
    return spans


def _hour_usage(spans: list[tuple[int, int]], start: int) -> tuple[int, int]:
    end = start + HOUR_MS
    inside = [(max(a, start), min(b, end)) for a, b in spans if a < end and b > start]
    points = sorted([(a, 1) for a, _ in inside] + [(b, -1) for _, b in inside])
    current = peak = 0
    for _, step in points:
        current += step
        peak = max(peak, current)
    return peak, len(inside)


def crc(ctx: Ctx) -> Doc:
    win = dates.window(ctx, clamp=True)
    spans = _room_sessions(ctx, win)
    days = []
    for day in win.days():
        base = dates.day_ms(day)
        hours = []
        for hour in range(24):
            peak, total = _hour_usage(spans, base + hour * HOUR_MS)
            hours.append({"hour": f"{hour:02d}", "max_usage": peak, "total_usage": total})
        days.append({"date_time": day.isoformat(), "crc_ports_hour_usage": hours})
    return {"from": win.from_text, "to": win.to_text, "crc_ports_usage": days}


# -- IM ----------------------------------------------------------------------------------------
def im(ctx: Ctx) -> Doc:
    win = dates.window(ctx)
    people = [u for u in ctx.tx.find(users.KIND, ctx.account_id) if u.get("status") != "pending"]

    def row(user: Doc) -> Doc:
        name = f"{user.get('first_name', '')} {user.get('last_name', '')}".strip()
        return {
            "user_id": str(user["id"]),
            "user_name": name or str(user.get("display_name") or ""),
            "email": str(user.get("email") or ""),
            **{k: 0 for k in _IM_COUNTS},
        }

    return paging.page(
        ctx, "users", people, head={"from": win.from_text, "to": win.to_text}, transform=row
    )
