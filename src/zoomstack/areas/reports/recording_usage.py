"""Cloud recording usage per day, from the cloud recordings area's documents (kind "recording",
one per recorded instance, its files under `files`).

A day's `usage` is the storage held at the end of that day: every recording of the account
made on or before it and not permanently deleted (recordings in the trash still count, as on
Zoom). `plan_usage` is the plan's storage — 5 GB per licensed user, Zoom's Pro allowance — and
`free_usage` what is left of it. The report covers complete days only: `to` stops at yesterday
on the server clock; the range is at most 30 days within the last six months.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from zoomstack.areas.reports import dates
from zoomstack.areas.users import service as users
from zoomstack.timefmt import parse_iso

if TYPE_CHECKING:
    from zoomstack.context import Ctx

Doc = dict[str, Any]
RECORDING_KIND = "recording"
PLAN_BYTES_PER_LICENSE = 5 * 1024**3
_UNITS = ("KB", "MB", "GB", "TB")


def size_text(n: int) -> str:
    """Zoom's human sizes: "0 MB", "3 MB", "1.25 GB"."""
    value = n / 1024
    unit = _UNITS[0]
    for unit in _UNITS:
        if value < 1024 or unit == _UNITS[-1]:
            break
        value /= 1024
    if n == 0:
        return "0 MB"
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return f"{text} {unit}"


def recording_bytes(doc: Doc) -> int:
    files = [f for f in doc.get("files") or doc.get("recording_files") or [] if isinstance(f, dict)]
    if files:
        return sum(int(f.get("file_size") or 0) for f in files)
    return int(doc.get("total_size") or 0)


def recorded_on(doc: Doc) -> date | None:
    for field in ("start_time", "recording_start", "created_at"):
        value = doc.get(field)
        if isinstance(value, str) and (dt := parse_iso(value)) is not None:
            return dt.date()
    return None


def report(ctx: Ctx) -> Doc:
    win = dates.window(ctx, max_days=30)
    last = min(win.last, dates.today(ctx) - timedelta(days=1))
    made: list[tuple[date, int]] = []
    for doc in ctx.tx.find(RECORDING_KIND, ctx.account_id):
        day = recorded_on(doc)
        if day is not None and not doc.get("_purged"):
            made.append((day, recording_bytes(doc)))
    licensed = sum(
        1
        for u in ctx.tx.find(users.KIND, ctx.account_id)
        if users.is_licensed(u) and u.get("status") != "pending"
    )
    plan = PLAN_BYTES_PER_LICENSE * max(licensed, 1)
    rows = []
    day = win.first
    while day <= last:
        used = sum(size for made_on, size in made if made_on <= day)
        rows.append(
            {
                "date": day.isoformat(),
                "usage": size_text(used),
                "plan_usage": size_text(plan),
                "free_usage": size_text(max(plan - used, 0)),
            }
        )
        day += timedelta(days=1)
    return {"from": win.from_text, "to": win.to_text, "cloud_recording_storage": rows}
