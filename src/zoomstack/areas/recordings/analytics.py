"""Views and downloads of a recording, counted from what this server served.

Every successful play page (`/rec/play/...`) is a view and every authorised download
(`/rec/download/...` answered with the redirect to the file) is a download, stored as one
document each (kind `recording_access`, parent = the recording's UUID) with who it was (the
token's user, or "Guest"), when, and for views the length of the file played.

`from`/`to` are UTC dates (default today, the range at most one month: a longer one is cut to
the month ending at `to`, as the recordings lists do). The summary has one entry per day of the
range; the details list the individual views or downloads, newest first.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from zoomstack import ids, pagination
from zoomstack.areas.recordings import records
from zoomstack.areas.recordings.listing import date_range
from zoomstack.context import Ctx
from zoomstack.store import Tx
from zoomstack.timefmt import iso_from_ms

Doc = dict[str, Any]
VIEW, DOWNLOAD = "view", "download"


def record_access(
    tx: Tx, rec: Doc, kind: str, now_ms: int, name: str, email: str, duration_s: int
) -> None:
    doc = {
        "type": kind,
        "date_time": iso_from_ms(now_ms),
        "name": name or "Guest",
        "email": email,
        "duration": duration_s,
    }
    access_id = ids.uuid4_str()
    tx.insert(
        records.ACCESS,
        access_id,
        rec["account_id"],
        doc,
        parent=rec["uuid"],
        sort=f"{iso_from_ms(now_ms)}#{access_id}",
    )


def _range(ctx: Ctx) -> tuple[date, date]:
    start, end = date_range(ctx)
    if not ctx.q("to") and not ctx.q("from"):
        end = start
    return start, end


def _accesses(ctx: Ctx, rec: Doc, start: date, end: date) -> list[Doc]:
    return ctx.tx.find(
        records.ACCESS,
        rec["account_id"],
        parent=rec["uuid"],
        sort_from=f"{start.isoformat()}T00:00:00Z",
        sort_to=f"{(end + timedelta(days=1)).isoformat()}T00:00:00Z",
    )


def summary(ctx: Ctx, rec: Doc) -> Doc:
    start, end = _range(ctx)
    per_day: dict[str, list[int]] = {}
    day = start
    while day <= end:
        per_day[day.isoformat()] = [0, 0]
        day += timedelta(days=1)
    for a in _accesses(ctx, rec, start, end):
        counts = per_day.setdefault(str(a["date_time"])[:10], [0, 0])
        counts[0 if a["type"] == VIEW else 1] += 1
    return {
        "from": start.isoformat(),
        "to": end.isoformat(),
        "analytics_summary": [
            {"date": d, "views_total_count": v, "downloads_total_count": n}
            for d, (v, n) in per_day.items()
        ],
    }


def details(ctx: Ctx, rec: Doc) -> Doc:
    start, end = _range(ctx)
    kind = (
        DOWNLOAD
        if ctx.q_enum("type", ("by_view", "by_download"), "by_view") == ("by_download")
        else VIEW
    )
    items = [
        {k: a[k] for k in ("date_time", "name", "email", "duration")}
        for a in reversed(_accesses(ctx, rec, start, end))
        if a["type"] == kind
    ]
    body = pagination.paginate_list(
        ctx,
        "analytics_details",
        items,
        numbered=False,
        extra={"from": start.isoformat(), "to": end.isoformat()},
    )
    return body
