"""List envelopes of the report and dashboard APIs, which differ per endpoint: some carry
`page_count`/`page_number` (numbered), some only the token, some no `total_records`. The token
itself is the project's one policy (zoomstack.pagination)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from zoomstack import pagination

if TYPE_CHECKING:
    from zoomstack.context import Ctx

Doc = dict[str, Any]


def page(
    ctx: Ctx,
    key: str,
    items: Sequence[Any],
    *,
    head: Doc | None = None,
    tail: Doc | None = None,
    transform: Callable[[Any], Any] | None = None,
    default_size: int = pagination.DEFAULT_PAGE_SIZE,
    max_size: int = pagination.MAX_PAGE_SIZE,
    page_count: bool = True,
    page_number: bool = False,
    total: bool = True,
) -> Doc:
    """One page of an in-memory, ordered list. `head` fields come first (from/to), `tail`
    fields after the items' envelope (report totals)."""
    params = pagination.page_params(ctx, default_size, max_size)
    chunk = list(items[params.offset : params.offset + params.size])
    if transform is not None:
        chunk = [transform(i) for i in chunk]
    count = len(items)
    out: Doc = dict(head or {})
    if page_count:
        out["page_count"] = (count + params.size - 1) // params.size if count else 0
    if page_number:
        out["page_number"] = params.number
    out["page_size"] = params.size
    if total:
        out["total_records"] = count
    following = params.offset + len(chunk)
    out["next_page_token"] = pagination.encode_token(ctx, following) if following < count else ""
    out.update(tail or {})
    out[key] = chunk
    return out
