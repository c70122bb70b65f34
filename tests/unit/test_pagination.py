"""The pagination policy: clamping, signed tokens bound to their query, 15-minute expiry."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, cast

import pytest

from zoomstack import pagination
from zoomstack.clock import Clock
from zoomstack.errors import ZoomError


@dataclass
class _Op:
    method: str = "GET"
    path: str = "/users"


@dataclass
class FakeCtx:
    query: dict[str, str] = field(default_factory=dict)
    params: dict[str, str] = field(default_factory=dict)
    account_id: str = "acct"
    op: _Op = field(default_factory=_Op)
    clock: Clock = field(default_factory=Clock)

    def q(self, name: str, default: str = "") -> str:
        return self.query.get(name, default)

    def q_int(self, name: str, default: int | None = None) -> int | None:
        raw = self.query.get(name)
        return default if raw in (None, "") else int(raw)  # type: ignore[arg-type]


def _page(ctx: FakeCtx, items: list[int]) -> dict[str, Any]:
    return pagination.paginate_list(cast(Any, ctx), "items", items)


def test_defaults_and_envelope() -> None:
    ctx = FakeCtx()
    ctx.clock.freeze(1_700_000_000_000)
    body = _page(ctx, list(range(70)))
    assert body["page_size"] == 30
    assert body["total_records"] == 70
    assert body["page_count"] == 3
    assert body["page_number"] == 1
    assert body["items"] == list(range(30))
    assert body["next_page_token"]


def test_walk_all_pages_with_tokens() -> None:
    ctx = FakeCtx(query={"page_size": "25", "status": "active"})
    ctx.clock.freeze(1_700_000_000_000)
    seen: list[int] = []
    while True:
        body = _page(ctx, list(range(60)))
        seen += body["items"]
        if not body["next_page_token"]:
            break
        ctx.query["next_page_token"] = body["next_page_token"]
    assert seen == list(range(60))
    assert body["next_page_token"] == ""


def test_page_size_is_clamped() -> None:
    ctx = FakeCtx(query={"page_size": "1000"})
    assert _page(ctx, list(range(400)))["page_size"] == 300
    ctx = FakeCtx(query={"page_size": "0"})
    assert _page(ctx, list(range(5)))["page_size"] == 30  # 0 means "not given"


@pytest.mark.parametrize("mutate", ["other_filter", "expired", "garbage", "tampered"])
def test_invalid_or_expired_tokens(mutate: str) -> None:
    ctx = FakeCtx(query={"status": "active"})
    ctx.clock.freeze(1_700_000_000_000)
    token = _page(ctx, list(range(100)))["next_page_token"]
    ctx.query["next_page_token"] = token
    if mutate == "other_filter":
        ctx.query["status"] = "inactive"
    elif mutate == "expired":
        ctx.clock.advance(15 * 60 * 1000 + 1)
    elif mutate == "garbage":
        ctx.query["next_page_token"] = "not-a-token"
    else:
        ctx.query["next_page_token"] = token[:-2] + ("AA" if token[-2:] != "AA" else "BB")
    with pytest.raises(ZoomError) as err:
        _page(ctx, list(range(100)))
    assert err.value.status == 400
    assert err.value.body() == {
        "code": 300,
        "message": "The next page token is invalid or expired.",
    }


def test_token_valid_just_before_expiry() -> None:
    ctx = FakeCtx()
    ctx.clock.freeze(1_700_000_000_000)
    ctx.query["next_page_token"] = _page(ctx, list(range(100)))["next_page_token"]
    ctx.clock.advance(15 * 60 * 1000)
    assert _page(ctx, list(range(100)))["items"][0] == 30
