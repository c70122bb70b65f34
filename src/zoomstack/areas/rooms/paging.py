"""Token-only lists of the Rooms API (page_size + next_page_token, no totals)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from zoomstack import pagination
from zoomstack.context import Ctx

MAX_PAGE = 300


def token_page(
    ctx: Ctx, key: str, items: Sequence[Any], transform: Callable[[Any], Any] | None = None
) -> dict[str, Any]:
    page = pagination.page_params(ctx, pagination.DEFAULT_PAGE_SIZE, MAX_PAGE)
    if not page.by_token:
        page = pagination.Page(page.size, 0, 1, False)
    chunk = list(items[page.offset : page.offset + page.size])
    if transform is not None:
        chunk = [transform(i) for i in chunk]
    body = pagination.page_body(ctx, page, key, chunk, len(items), numbered=False)
    body.pop("total_records", None)
    return body
