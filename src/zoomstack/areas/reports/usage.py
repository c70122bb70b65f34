"""Account usage reports computed from what the simulator recorded: daily usage, active and
inactive hosts, a user's meetings.

Counting rules (so that numbers add up across reports):
- a "meeting" is an ended instance of a meeting (not a webinar) counted on the UTC day it
  started; its participants are its joins that made it into the meeting (`participants_count`,
  rejoins included, as Zoom counts them) and its minutes the sum of every session's minutes
  (`total_minutes`);
- daily `new_users` counts users by the UTC day of `created_at`;
- an active host hosted at least one such meeting in the window; inactive hosts are the other
  users of the account (pending users excluded: they cannot host).
`group_id` is accepted and ignored until the Groups area exists.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any

from zoomstack.areas.reports import dates, paging
from zoomstack.areas.users import service as users
from zoomstack.sim import model

if TYPE_CHECKING:
    from zoomstack.context import Ctx

Doc = dict[str, Any]


def held_meetings(ctx: Ctx, win: dates.Window, *, webinars: bool | None = False) -> list[Doc]:
    return model.instances_between(
        ctx.tx, ctx.account_id, win.start_ms, win.end_ms, ended_only=True, is_webinar=webinars
    )


def _user_name(user: Doc) -> str:
    full = f"{user.get('first_name', '')} {user.get('last_name', '')}".strip()
    return full or str(user.get("display_name") or user.get("email") or "")


# -- daily usage -------------------------------------------------------------------------------
def daily(ctx: Ctx) -> Doc:
    win = dates.month_window(ctx)
    rows: dict[str, Doc] = {
        day.isoformat(): {
            "date": day.isoformat(),
            "new_users": 0,
            "meetings": 0,
            "participants": 0,
            "meeting_minutes": 0,
        }
        for day in win.days()
    }
    for user in ctx.tx.find(users.KIND, ctx.account_id):
        row = rows.get(str(user.get("created_at") or "")[:10])
        if row is not None and user.get("status") != "pending":
            row["new_users"] += 1
    for inst in held_meetings(ctx, win):
        row = rows.get(str(inst["start_time"])[:10])
        if row is None:
            continue
        row["meetings"] += 1
        row["participants"] += int(inst.get("participants_count") or 0)
        row["meeting_minutes"] += int(inst.get("total_minutes") or 0)
    return {"year": win.first.year, "month": win.first.month, "dates": list(rows.values())}


# -- active / inactive hosts -------------------------------------------------------------------
def _host_row(user: Doc, hosted: list[Doc]) -> Doc:
    row: Doc = {
        "id": user["id"],
        "email": str(user.get("email") or ""),
        "user_name": _user_name(user),
        "type": int(user.get("type") or users.BASIC),
        "dept": str(user.get("dept") or ""),
        "meetings": len(hosted),
        "participants": sum(int(i.get("participants_count") or 0) for i in hosted),
        "meeting_minutes": sum(int(i.get("total_minutes") or 0) for i in hosted),
    }
    attrs = user.get("custom_attributes")
    if attrs:
        row["custom_attributes"] = [
            {
                "key": str(a.get("key", "")),
                "name": str(a.get("name", "")),
                "value": str(a.get("value", "")),
            }
            for a in attrs
            if isinstance(a, dict)
        ]
    return row


def hosts(ctx: Ctx, kind: str) -> Doc:
    win = dates.window(ctx)
    by_host: dict[str, list[Doc]] = defaultdict(list)
    for inst in held_meetings(ctx, win):
        by_host[str(inst.get("host_id") or "")].append(inst)
    rows = []
    for user in ctx.tx.find(users.KIND, ctx.account_id):
        if user.get("status") == "pending":
            continue
        hosted = by_host.get(str(user["id"]), [])
        if (kind == "active") == bool(hosted):
            rows.append(_host_row(user, hosted))
    return paging.page(
        ctx,
        "users",
        rows,
        head={"from": win.from_text, "to": win.to_text},
        page_number=True,
        tail={
            "total_meetings": sum(r["meetings"] for r in rows),
            "total_participants": sum(r["participants"] for r in rows),
            "total_meeting_minutes": sum(r["meeting_minutes"] for r in rows),
        },
    )


# -- a user's meetings -------------------------------------------------------------------------
def _meeting_row(inst: Doc, sessions: list[Doc], user_id: str, joined: bool) -> Doc:
    row: Doc = {
        "uuid": inst["uuid"],
        "id": int(inst["id"]),
        "type": int(inst.get("type") or 0),
        "topic": str(inst.get("topic") or ""),
        "user_name": str(inst.get("user_name") or ""),
        "user_email": str(inst.get("host_email") or ""),
        "host_name": str(inst.get("user_name") or ""),
        "start_time": inst["start_time"],
        "end_time": inst["end_time"],
        "duration": int(inst.get("duration") or 0),
        "total_minutes": int(inst.get("total_minutes") or 0),
        "participants_count": int(inst.get("participants_count") or 0),
        "participants_count_my_account": sum(
            1 for p in sessions if p.get("internal_user") and p.get("status") == model.IN_MEETING
        ),
        "source": str(inst.get("source") or "Zoom"),
        "session_key": "",
        "custom_keys": [
            {"key": str(k.get("key", "")), "value": str(k.get("value", ""))}
            for k in (inst.get("custom_keys") or [])[:10]
            if isinstance(k, dict)
        ],
        "has_screen_share": bool(inst.get("has_screen_share")),
        "has_recording": bool(inst.get("has_recording")),
        "has_chat": int(inst.get("chat_count") or 0) > 0,
        "meeting_encryption_status": 1,
    }
    if joined:
        mine = [p for p in sessions if p.get("id") == user_id and p.get("status") == "in_meeting"]
        if mine:
            row["join_time"] = mine[0]["join_time"]
            row["leave_time"] = mine[-1].get("leave_time") or inst["end_time"]
    return row


def user_meetings(ctx: Ctx, user: Doc) -> Doc:
    """Meetings and webinars in the window: hosted by the user (`past`: two or more people;
    `pastOne`: one), or hosted or joined by them (`pastJoined`, two or more people)."""
    kind = ctx.q_enum("type", ("past", "pastOne", "pastJoined"), "past")
    win = dates.window(ctx)
    user_id = str(user["id"])
    rows = []
    for inst in held_meetings(ctx, win, webinars=None):
        people = int(inst.get("unique_participants") or 0)
        hosted = inst.get("host_id") == user_id
        if kind == "pastOne":
            if hosted and people == 1:
                sessions = model.participants(ctx.tx, None, inst["uuid"])
                rows.append(_meeting_row(inst, sessions, user_id, False))
            continue
        if people < 2:
            continue
        sessions = model.participants(ctx.tx, None, inst["uuid"])
        if kind == "pastJoined" and not hosted:
            if not any(p.get("id") == user_id for p in sessions):
                continue
        elif not hosted:
            continue
        rows.append(_meeting_row(inst, sessions, user_id, kind == "pastJoined"))
    return paging.page(ctx, "meetings", rows, head={"from": win.from_text, "to": win.to_text})
