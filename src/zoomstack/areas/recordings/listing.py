"""Listing recordings of a user or of an account.

Date rules (UTC dates, server clock): `from` defaults to today and `to` to tomorrow; a recording
is in range when its instance started on a day from `from` to `to`, both included. A range
longer than one month is cut to the month that ends at `to`, and the response echoes the `from`
actually used — what Zoom does (zoom/api#36, graphaelli/zat#16) rather than failing. Malformed
dates, or `to` before `from`, are Zoom's 300 errors. The trash (`trash=true`) ignores dates:
`trash_type=meeting_recordings` lists recordings in the trash, `recording_file` the files
trashed one by one from recordings that are not. Newest first.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from zoomstack import errors, pagination
from zoomstack.areas.recordings import records, trash
from zoomstack.context import Ctx
from zoomstack.timefmt import parse_date

Doc = dict[str, Any]
TRASH_TYPES = ("meeting_recordings", "recording_file")


def _month_before(day: date) -> date:
    year, month = day.year, day.month - 1
    if month == 0:
        year, month = year - 1, 12
    for d in (day.day, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=d)
        except ValueError:
            continue
    return day - timedelta(days=31)


def date_range(ctx: Ctx) -> tuple[date, date]:
    """(from, to) as used: defaults, validation and the one-month cut."""
    today = ctx.clock.now().date()
    parsed: dict[str, date | None] = {}
    for name in ("from", "to"):
        raw = ctx.q(name)
        parsed[name] = None
        if raw:
            parsed[name] = parse_date(raw)
            if parsed[name] is None:
                raise errors.field_error(name, f"Invalid parameter: {name}.")
    given_from, given_to = parsed["from"], parsed["to"]
    if given_from is None:
        start = today if given_to is None else min(today, given_to)
    else:
        start = given_from
    if given_to is not None:
        end = given_to
    else:
        end = today + timedelta(days=1) if given_from is None else max(start, today)
    if end < start:
        raise errors.field_error("to", "The parameter to must be later than from.")
    floor = _month_before(end)
    if start < floor:
        start = floor
    return start, end


def _day_iso(day: date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def _in_range(ctx: Ctx, account: str, start: date, end: date) -> list[Doc]:
    found = records.all_of_account(
        ctx.tx, account, _day_iso(start), _day_iso(end + timedelta(days=1))
    )
    return [
        d
        for d in (trash.purge_expired(ctx.tx, doc, ctx.clock.now_ms()) for doc in found)
        if d is not None
    ]


def _trash_items(ctx: Ctx, account: str, trash_type: str) -> list[Doc]:
    out = []
    for doc in records.all_of_account(ctx.tx, account):
        kept = trash.purge_expired(ctx.tx, doc, ctx.clock.now_ms())
        if kept is None:
            continue
        trashed = records.is_trashed(kept)
        if trash_type == "recording_file":
            # Files trashed one by one from recordings that are not in the trash themselves.
            trashed = not trashed and bool(records.trashed_files(kept))
        if trashed:
            out.append(kept)
    return out


def _newest_first(docs: list[Doc]) -> list[Doc]:
    return sorted(docs, key=lambda d: (int(d.get("_start_ms") or 0), d["uuid"]), reverse=True)


def _page(ctx: Ctx, items: list[Doc], start: date, end: date, *, numbered: bool) -> Doc:
    page = pagination.page_params(ctx)
    chunk = items[page.offset : page.offset + page.size]
    extra = {"from": start.isoformat(), "to": end.isoformat()}
    body = pagination.page_body(ctx, page, "meetings", chunk, len(items), extra=extra)
    body.pop("page_number", None)
    if not numbered:
        body.pop("page_count", None)
    return body


def list_user_recordings(ctx: Ctx, user: Doc) -> Doc:
    in_trash = ctx.q_bool("trash")
    trash_type = ctx.q_enum("trash_type", TRASH_TYPES, "meeting_recordings")
    meeting_id = ctx.q_int("meeting_id")
    start, end = date_range(ctx)
    if in_trash:
        docs = _trash_items(ctx, ctx.account_id, trash_type)
    else:
        docs = [
            d
            for d in _in_range(ctx, ctx.account_id, start, end)
            if not records.is_trashed(d) and records.active_files(d)
        ]
    docs = [d for d in docs if d.get("host_id") == user["id"]]
    if meeting_id is not None:
        docs = [d for d in docs if int(d["id"]) == meeting_id]
    items = [records.view(d, trash=in_trash) for d in _newest_first(docs)]
    return _page(ctx, items, start, end, numbered=True)


def list_account_recordings(ctx: Ctx, account: str) -> Doc:
    start, end = date_range(ctx)
    docs = [
        d
        for d in _in_range(ctx, account, start, end)
        if not records.is_trashed(d) and records.active_files(d)
    ]
    items = [records.view(d) for d in _newest_first(docs)]
    return _page(ctx, items, start, end, numbered=False)
