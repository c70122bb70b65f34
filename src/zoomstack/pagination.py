"""One pagination policy for every list.

`next_page_token` is opaque to clients: an HMAC-signed record of the offset, the hash of the
query it belongs to, and when it was issued. It is valid for 15 minutes on the server clock and
only with the same filters; anything else is Zoom's 300 "The next page token is invalid or
expired." Because it is signed, not stored, every server process accepts every other's tokens.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from zoomstack import errors, jsonutil

if TYPE_CHECKING:
    from zoomstack.context import Ctx

TOKEN_TTL_MS = 15 * 60 * 1000
DEFAULT_PAGE_SIZE = 30
MAX_PAGE_SIZE = 300
# Query parameters that do not define the result set.
MAX_OFFSET = 2**62
_UNBOUND = frozenset({"next_page_token", "page_size", "page_number"})

_secret: bytes = b"zoomstack-page-secret"


def set_secret(secret: bytes) -> None:
    global _secret
    _secret = secret


@dataclass(frozen=True, slots=True)
class Page:
    size: int
    offset: int
    number: int
    by_token: bool


def _query_hash(ctx: Ctx) -> str:
    items = sorted((k, v) for k, v in ctx.query.items() if k not in _UNBOUND)
    scope = f"{ctx.op.method} {ctx.op.path} {ctx.account_id} {sorted(ctx.params.items())} {items}"
    return hashlib.sha256(scope.encode()).hexdigest()[:16]


def _sign(payload: bytes) -> str:
    return hmac.new(_secret, payload, hashlib.sha256).hexdigest()[:24]


def encode_token(ctx: Ctx, offset: int) -> str:
    body = jsonutil.dumps({"o": offset, "q": _query_hash(ctx), "t": ctx.clock.now_ms()})
    raw = body + b"." + _sign(body).encode()
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _invalid() -> errors.ZoomError:
    return errors.validation(message="The next page token is invalid or expired.")


def decode_token(ctx: Ctx, token: str) -> int:
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        body, _, sig = raw.rpartition(b".")
        if not hmac.compare_digest(_sign(body).encode(), sig):
            raise _invalid()
        data = jsonutil.loads(body)
        offset, qhash, issued = int(data["o"]), str(data["q"]), int(data["t"])
    except errors.ZoomError:
        raise
    except Exception:
        raise _invalid() from None
    now = ctx.clock.now_ms()
    if qhash != _query_hash(ctx) or not (0 <= now - issued <= TOKEN_TTL_MS) or offset < 0:
        raise _invalid()
    return offset


def page_params(ctx: Ctx, default: int = DEFAULT_PAGE_SIZE, maximum: int = MAX_PAGE_SIZE) -> Page:
    size = ctx.q_int("page_size", default) or default
    # Zoom clamps oversized pages to the maximum rather than failing.
    size = max(1, min(size, maximum))
    token = ctx.q("next_page_token")
    if token:
        offset = decode_token(ctx, token)
        return Page(size, offset, offset // size + 1, True)
    number = ctx.q_int("page_number", 1) or 1
    if number < 1:
        number = 1
    # Far past any list's end either way; the offset stays within what a database takes.
    return Page(size, min((number - 1) * size, MAX_OFFSET), number, False)


def page_body(
    ctx: Ctx,
    page: Page,
    key: str,
    items: Sequence[Any],
    total: int,
    *,
    numbered: bool = True,
    extra: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The list envelope. `items` is the current page only."""
    next_offset = page.offset + len(items)
    out: dict[str, Any] = {}
    if extra:
        out.update(extra)
    if numbered:
        out["page_count"] = (total + page.size - 1) // page.size if total else 0
        out["page_number"] = page.number
    out["page_size"] = page.size
    out["total_records"] = total
    out["next_page_token"] = encode_token(ctx, next_offset) if next_offset < total else ""
    out[key] = list(items)
    return out


def paginate_list(
    ctx: Ctx,
    key: str,
    items: Sequence[Any],
    *,
    numbered: bool = True,
    extra: dict[str, Any] | None = None,
    transform: Callable[[Any], Any] | None = None,
    default_size: int = DEFAULT_PAGE_SIZE,
    max_size: int = MAX_PAGE_SIZE,
) -> dict[str, Any]:
    """Paginate an in-memory, already filtered and ordered list."""
    page = page_params(ctx, default_size, max_size)
    chunk = items[page.offset : page.offset + page.size]
    if transform is not None:
        chunk = [transform(i) for i in chunk]
    return page_body(ctx, page, key, chunk, len(items), numbered=numbered, extra=extra)
