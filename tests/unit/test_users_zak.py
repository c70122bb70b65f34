"""ZAKs issued by the users area verify, expire, and die with an SSO-token revocation."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, cast

import pytest

from zoomstack.areas.users import service, tokens
from zoomstack.clock import Clock
from zoomstack.store import Tx, open_store


@dataclass
class FakeCtx:
    tx: Tx
    clock: Clock = field(default_factory=Clock)
    account_id: str = "acct"


@pytest.fixture()
def tx() -> Iterator[Tx]:
    store = open_store("sqlite://")
    store.migrate()
    with store.transaction() as t:
        yield t
    store.close()


def _user(tx: Tx, creation_type: str) -> dict[str, Any]:
    doc = service.new_user_doc(
        account_id="acct",
        email=f"{creation_type}@example.com",
        created_at="2026-01-01T00:00:00Z",
        base_url="http://localhost",
        creation_type=creation_type,
    )
    return service.insert_user(tx, doc)


def test_zak_round_trip_and_expiry(tx: Tx) -> None:
    ctx = FakeCtx(tx)
    ctx.clock.freeze(1_800_000_000_000)
    user = _user(tx, "create")
    zak = tokens.issue_zak(cast(Any, ctx), user)
    claims = tokens.verify_zak(tx, zak, ctx.clock.now_ms())
    assert claims is not None and claims["uid"] == user["id"]
    assert claims["exp"] - claims["iat"] == tokens.ZAK_TTL_S
    later = ctx.clock.now_ms() + tokens.ZAK_TTL_S * 1000
    assert tokens.verify_zak(tx, zak, later) is None
    head, body, sig = zak.split(".")
    assert tokens.verify_zak(tx, f"{head}.{body}.{sig[:-2]}AA", ctx.clock.now_ms()) is None
    assert tokens.verify_zak(tx, "not-a-zak", ctx.clock.now_ms()) is None


def test_api_users_get_ninety_day_zaks(tx: Tx) -> None:
    ctx = FakeCtx(tx)
    user = _user(tx, "custCreate")
    claims = tokens.verify_zak(tx, tokens.issue_zak(cast(Any, ctx), user), ctx.clock.now_ms())
    assert claims is not None
    assert claims["exp"] - claims["iat"] == 90 * 24 * 3600
    assert claims["sty"] == 99


def test_revocation_invalidates_earlier_zaks(tx: Tx) -> None:
    ctx = FakeCtx(tx)
    ctx.clock.freeze(1_800_000_000_000)
    user = _user(tx, "create")
    zak = tokens.issue_zak(cast(Any, ctx), user)
    ctx.clock.advance(5_000)
    user["_tokens_revoked_ms"] = ctx.clock.now_ms()
    service.save(tx, user)
    assert tokens.verify_zak(tx, zak, ctx.clock.now_ms()) is None
    fresh = tokens.issue_zak(cast(Any, ctx), user)
    assert tokens.verify_zak(tx, fresh, ctx.clock.now_ms()) is not None
