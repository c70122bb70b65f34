"""AI Companion meeting summaries of the account, as far as they exist.

Summaries are made by the simulator when a meeting with summaries enabled ends: one document
per meeting instance (kind `meeting_summary`, id = meeting UUID) with the fields of Zoom's list
items (`meeting_host_id`, `meeting_uuid`, `meeting_id`, `meeting_topic`, `meeting_start_time`,
`summary_start_time`, `summary_created_time`, ...). Before any meeting has happened the list is
empty.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from zoomstack import errors, timefmt
from zoomstack.pagination import paginate_list

if TYPE_CHECKING:
    from zoomstack.context import Ctx

KIND = "meeting_summary"
LIST_FIELDS = (
    "meeting_host_id",
    "meeting_host_email",
    "meeting_uuid",
    "meeting_id",
    "meeting_topic",
    "meeting_start_time",
    "meeting_end_time",
    "summary_start_time",
    "summary_end_time",
    "summary_created_time",
    "summary_last_modified_time",
)


def _bound(ctx: Ctx, name: str) -> str:
    raw = ctx.q(name)
    if not raw:
        return ""
    parsed = timefmt.parse_iso(raw)
    if parsed is None:
        raise errors.bad_request(300, f"Invalid parameter: {name}.")
    return timefmt.format_iso(parsed)


def list_summaries(ctx: Ctx) -> dict[str, Any]:
    field = ctx.q_enum(
        "time_filter_field", ("summary_start_time", "summary_created_time"), "summary_start_time"
    )
    start, end = _bound(ctx, "from"), _bound(ctx, "to")
    items = []
    for doc in ctx.tx.find(KIND, ctx.account_id, descending=True):
        when = str(doc.get(field) or "")
        if (start and when < start) or (end and when > end):
            continue
        items.append({k: doc[k] for k in LIST_FIELDS if k in doc})
    extra: dict[str, Any] = {}
    if start:
        extra["from"] = start
    if end:
        extra["to"] = end
    return paginate_list(ctx, "summaries", items, numbered=False, extra=extra)
