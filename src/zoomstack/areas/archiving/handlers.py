"""Archiving over HTTP: archived files of the account, their statistics, one meeting's archive.

Dates (`from`/`to`, `yyyy-MM-dd'T'HH:mm:ssZ`) select archives by the meeting's start time or,
with `query_date_type=archive_complete_time`, by when the archive completed; the range may not
exceed seven days (Zoom's 300 error otherwise). Without dates: the last seven days up to now on
the server clock. Newest first.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from zoomstack import errors, pagination
from zoomstack.areas.archiving import service
from zoomstack.context import Ctx
from zoomstack.registry import api
from zoomstack.sim import model
from zoomstack.timefmt import format_iso, parse_iso

Doc = dict[str, Any]
MAX_RANGE = timedelta(days=7)
EXTENSIONS = ("mp4", "m4a", "txt", "json", "vtt")
STATUSES = ("processing", "completed", "failed")


def _range(ctx: Ctx) -> tuple[datetime, datetime]:
    values: dict[str, datetime | None] = {}
    for name in ("from", "to"):
        raw = ctx.q(name)
        values[name] = parse_iso(raw) if raw else None
        if raw and values[name] is None:
            raise errors.field_error(name, f"Invalid parameter: {name}.")
    end = values["to"] or ctx.clock.now()
    start = values["from"] or end - MAX_RANGE
    if end < start:
        raise errors.field_error("to", "The parameter to must be later than from.")
    if end - start > MAX_RANGE:
        raise errors.bad_request(300, "The date range between from and to cannot exceed 7 days.")
    return start, end


def _archives(ctx: Ctx, start: datetime, end: datetime) -> list[Doc]:
    by_complete = (
        ctx.q_enum(
            "query_date_type", ("meeting_start_time", "archive_complete_time"), "meeting_start_time"
        )
        == "archive_complete_time"
    )
    lo, hi = int(start.timestamp() * 1000), int(end.timestamp() * 1000)
    out = []
    for doc in ctx.tx.find(service.KIND, ctx.account_id):
        at = int(doc["_complete_ms"] if by_complete else doc["_start_ms"])
        if lo <= at <= hi:
            out.append(doc)
    out.sort(key=lambda d: (int(d["_start_ms"]), d["uuid"]), reverse=True)
    return out


@api("GET", "/archive_files")
def list_archived_files(ctx: Ctx) -> Doc:
    start, end = _range(ctx)
    items = [service.public(d) for d in _archives(ctx, start, end)]
    return pagination.paginate_list(
        ctx,
        "meetings",
        items,
        numbered=False,
        extra={"from": format_iso(start), "to": format_iso(end)},
    )


@api("GET", "/archive_files/statistics")
def archived_file_statistics(ctx: Ctx) -> Doc:
    start, end = _range(ctx)
    docs = _archives(ctx, start, end)
    by_ext = dict.fromkeys(EXTENSIONS, 0)
    by_status = dict.fromkeys(STATUSES, 0)
    for doc in docs:
        for f in doc["archive_files"]:
            ext = str(f["file_extension"]).lower()
            if ext in by_ext:
                by_ext[ext] += 1
            if f["status"] in by_status:
                by_status[f["status"]] += 1
    return {
        "from": format_iso(start),
        "to": format_iso(end),
        "total_records": len(docs),
        "statistic_by_file_extension": {f"{k}_file_count": v for k, v in by_ext.items()},
        "statistic_by_file_status": {f"{k}_file_count": v for k, v in by_status.items()},
    }


@api("PATCH", "/archive_files/{fileId}")
def update_archived_file(ctx: Ctx) -> None:
    auto_delete = bool(ctx.body()["auto_delete"])
    file_id = ctx.params["fileId"]
    for doc in ctx.tx.find(service.KIND, ctx.account_id):
        for f in doc["archive_files"]:
            if f["id"] == file_id:
                f["auto_delete"] = auto_delete
                ctx.tx.update(service.KIND, doc["uuid"], doc)
                return
    raise errors.not_found(404, f"File does not exist: {file_id}.")


def _archive(ctx: Ctx) -> Doc | None:
    ref = model.decode_ref(ctx.params["meetingUUID"])
    return ctx.tx.get(service.KIND, ref, ctx.account_id)


@api("GET", "/past_meetings/{meetingUUID}/archive_files")
def get_archived_files(ctx: Ctx) -> Doc:
    doc = _archive(ctx)
    if doc is None:
        raise errors.not_found(3001, f"Meeting {ctx.params['meetingUUID']} does not exist.")
    return service.public(doc)


@api("DELETE", "/past_meetings/{meetingUUID}/archive_files")
def delete_archived_files(ctx: Ctx) -> None:
    if not service.ever_enabled(ctx.tx, ctx.account_id):
        raise errors.bad_request(200, "Not available for this account.")
    doc = _archive(ctx)
    if doc is None:
        raise errors.not_found(3001, f"Meeting does not exist: {ctx.params['meetingUUID']}")
    service.remove(ctx.tx, doc)
