"""Account-wide satisfaction and client feedback, from the simulator's post-meeting feedback.

Satisfaction (`/metrics/client/satisfaction`) counts, per UTC day of the instance's start, the
thumbs up (`good_count`) and thumbs down (`not_good_count`) answers, and the participants of the
day's ended meetings who gave none (`none_count`); `satisfaction_percent` is the share of good
among the answers.

Client feedback (`/metrics/client/feedback`) groups the thumbs-down answers by what their
comment complains about. The categories (and their stable `feedback_id`s) are zoomstack's:
the comment is matched against each category's keywords, first match wins, "Other" otherwise.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from zoomstack.areas.reports import dates, paging
from zoomstack.sim import model

if TYPE_CHECKING:
    from zoomstack.context import Ctx

Doc = dict[str, Any]
CATEGORIES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("1", "Audio issues", ("audio", "hear", "echo", "sound", "mic", "noise", "voice")),
    ("2", "Video issues", ("video", "camera", "frozen", "freeze", "blurry", "picture")),
    ("3", "Screen sharing issues", ("share", "sharing", "screen")),
    ("4", "Connection issues", ("disconnect", "drop", "lag", "network", "connect", "slow")),
    ("5", "Other", ()),
)


def category_of(comment: str) -> str:
    text = comment.lower()
    for feedback_id, _, words in CATEGORIES:
        if any(w in text for w in words):
            return feedback_id
    return CATEGORIES[-1][0]


def _held(ctx: Ctx, win: dates.Window) -> list[Doc]:
    return model.instances_between(ctx.tx, ctx.account_id, win.start_ms, win.end_ms,
                                   ended_only=True)  # fmt: skip


def satisfaction(ctx: Ctx) -> Doc:
    win = dates.window(ctx, required=False)
    # day -> [good, not good, none]
    counts: dict[str, list[int]] = {day.isoformat(): [0, 0, 0] for day in win.days()}
    for inst in _held(ctx, win):
        row = counts.get(str(inst["start_time"])[:10])
        if row is None:
            continue
        answered = set()
        for f in model.feedback(ctx.tx, None, inst["uuid"]):
            row[0 if f.get("quality") == "GOOD" else 1] += 1
            answered.add(str(f.get("session_id")))
        row[2] += sum(
            1
            for p in model.participants(ctx.tx, None, inst["uuid"])
            if p.get("status") == model.IN_MEETING and str(p.get("session_id")) not in answered
        )
    out = []
    for day, (good, bad, none) in counts.items():
        rated = good + bad
        out.append(
            {
                "date": day,
                "good_count": good,
                "not_good_count": bad,
                "none_count": none,
                "satisfaction_percent": round(good * 100 / rated, 2) if rated else 0.0,
            }
        )
    return {"from": win.from_text, "to": win.to_text, "total_records": len(out),
            "client_satisfaction": out}  # fmt: skip


def _complaints(ctx: Ctx, win: dates.Window) -> list[tuple[str, Doc, Doc]]:
    """(category, feedback, instance) of every thumbs-down answer, oldest first."""
    out = []
    for inst in _held(ctx, win):
        for f in model.feedback(ctx.tx, None, inst["uuid"]):
            if f.get("quality") != "GOOD":
                out.append((category_of(str(f.get("comments") or "")), f, inst))
    return out


def client_feedback(ctx: Ctx) -> Doc:
    win = dates.window(ctx)
    counts = {feedback_id: 0 for feedback_id, _, _ in CATEGORIES}
    for category, _, _ in _complaints(ctx, win):
        counts[category] += 1
    rows = [
        {"feedback_id": fid, "feedback_name": name, "participants_count": counts[fid]}
        for fid, name, _ in CATEGORIES
    ]
    return {"from": win.from_text, "to": win.to_text, "total_records": len(rows),
            "client_feedbacks": rows}  # fmt: skip


def client_feedback_detail(ctx: Ctx, feedback_id: str) -> Doc:
    """The thumbs-down answers of one category (none for an unknown id)."""
    win = dates.window(ctx, required=False)
    rows = [
        {
            "email": str(f.get("email") or ""),
            "meeting_id": str(inst["id"]),
            "participant_name": str(f.get("user_name") or ""),
            "time": str(f.get("date_time") or ""),
        }
        for category, f, inst in _complaints(ctx, win)
        if category == feedback_id
    ]
    return paging.page(
        ctx,
        "client_feedback_details",
        rows,
        head={"from": win.from_text, "to": win.to_text},
        page_count=False,
        total=False,
    )
