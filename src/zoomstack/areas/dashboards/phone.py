"""Zoom Phone call-log metrics. zoomstack has no Zoom Phone calls yet: the list is empty (in
its real envelope) and every call ID is unknown."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from zoomstack import errors
from zoomstack.areas.reports import dates, paging

if TYPE_CHECKING:
    from zoomstack.context import Ctx

Doc = dict[str, Any]


def call_logs(ctx: Ctx) -> Doc:
    ctx.q_enum("quality_type", ("good", "bad", "all"), "all")
    if ctx.q("from") and not ctx.q("to"):
        raise errors.field_error("to", "Missing field: to.")
    win = dates.window(ctx, required=False, default_days=1)
    return paging.page(
        ctx,
        "call_logs",
        [],
        head={"from": win.from_text, "to": win.to_text},
        page_count=False,
        max_size=100,
    )


def unknown_call(call_id: str) -> errors.ZoomError:
    return errors.not_found(
        404, f"Call log information was not found for the following callLogId: {call_id}."
    )
