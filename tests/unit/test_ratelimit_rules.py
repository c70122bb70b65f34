"""Rate-limit plans, overrides and memory counting (time injected)."""

from __future__ import annotations

from typing import Any

import pytest

from zoomstack import errors
from zoomstack.ratelimit import limiter as limiter_mod
from zoomstack.ratelimit import plans, policy
from zoomstack.ratelimit.limiter import RateLimiter, as_dict

DAY = 86_400_000


def test_plan_table() -> None:
    free = plans.plan_limits(plans.FREE)
    assert (free["LIGHT"].rate, free["LIGHT"].daily) == (4, 6000)
    assert (free["MEDIUM"].rate, free["MEDIUM"].daily) == (2, 2000)
    assert (free["HEAVY"].rate, free["HEAVY"].daily) == (1, 1000)
    ri = free["RESOURCE_INTENSIVE"]
    assert (ri.rate, ri.window_s, ri.daily) == (10, 60, 30000)
    assert len({lim.bucket for lim in free.values()}) == 4
    pro = plans.plan_limits(plans.PRO)
    assert (pro["LIGHT"].rate, pro["LIGHT"].daily) == (30, None)
    assert pro["HEAVY"].bucket == pro["RESOURCE_INTENSIVE"].bucket
    assert pro["HEAVY"].daily == pro["RESOURCE_INTENSIVE"].daily == 30000
    biz = plans.plan_limits(plans.BUSINESS_PLUS)
    assert [biz[x].rate for x in plans.LABELS] == [80, 60, 40, 20]
    assert biz["HEAVY"].daily == 60000 and biz["RESOURCE_INTENSIVE"].window_s == 60


def test_plan_names() -> None:
    assert plans.normalize_plan("Business") == plans.BUSINESS_PLUS
    assert plans.normalize_plan("Enterprise") == plans.BUSINESS_PLUS
    assert plans.normalize_plan("basic") == plans.FREE
    assert plans.normalize_plan("Pro") == plans.PRO
    assert plans.normalize_plan("gold") is None
    assert policy.default_plan({"plan": "business"}) == plans.BUSINESS_PLUS
    assert policy.default_plan({"account_type": "Pro"}) == plans.PRO
    assert policy.default_plan(None) == plans.BUSINESS_PLUS


def test_overrides_of_a_shared_daily_cap() -> None:
    out = plans.apply_overrides(
        plans.plan_limits(plans.PRO), {"HEAVY": {"per_day": 5}, "LIGHT": {"per_second": 2}}
    )
    assert out["HEAVY"].daily == out["RESOURCE_INTENSIVE"].daily == 5
    assert out["LIGHT"].rate == 2 and out["LIGHT"].daily is None
    out = plans.apply_overrides(plans.plan_limits(plans.FREE), {"LIGHT": {"per_day": None}})
    assert out["LIGHT"].daily is None and out["MEDIUM"].daily == 2000
    out = plans.apply_overrides(
        plans.plan_limits(plans.FREE), {"RESOURCE_INTENSIVE": {"per_second": 3}}
    )
    assert out["RESOURCE_INTENSIVE"].window_s == 1


class _Tx:
    """The limiter only asks the store for the policy documents."""

    def __init__(self, settings: dict[str, Any]) -> None:
        self.settings = settings

    def get(self, kind: str, id: str, account: str | None) -> dict[str, Any] | None:
        return self.settings if kind == policy.KIND else None


def _limiter(monkeypatch: pytest.MonkeyPatch, now: list[float]) -> RateLimiter:
    monkeypatch.setattr(limiter_mod.time, "time", lambda: now[0])
    return RateLimiter(enabled=True, shared_store=False)


def test_qps_window(monkeypatch: pytest.MonkeyPatch) -> None:
    now = [1000.2]
    rl = _limiter(monkeypatch, now)
    tx: Any = _Tx({"plan": "pro", "overrides": {"LIGHT": {"per_second": 3}}})
    got = [rl.admit(tx, "acct", "LIGHT", 5 * DAY) for _ in range(3)]
    assert [as_dict(h)["x-ratelimit-remaining"] for h in got if h] == ["2", "1", "0"]
    with pytest.raises(errors.ZoomError) as exc:
        rl.admit(tx, "acct", "LIGHT", 5 * DAY)
    assert exc.value.status == 429
    assert exc.value.message == limiter_mod.QPS_MESSAGE
    assert exc.value.headers["X-RateLimit-Type"] == "QPS"
    assert "Retry-After" not in exc.value.headers
    # Other labels and accounts have their own windows; the next second starts afresh.
    assert rl.admit(tx, "acct", "MEDIUM", 5 * DAY) is not None
    assert rl.admit(tx, "other", "LIGHT", 5 * DAY) is not None
    now[0] = 1001.0
    assert rl.admit(tx, "acct", "LIGHT", 5 * DAY) is not None


def test_daily_cap_and_refund(monkeypatch: pytest.MonkeyPatch) -> None:
    now = [50.0]
    rl = _limiter(monkeypatch, now)
    tx: Any = _Tx({"plan": "pro", "overrides": {"HEAVY": {"per_day": 2}}})
    day = 7 * DAY + 123
    first = rl.admit(tx, "acct", "HEAVY", day)
    assert first is not None
    headers = as_dict(first)
    assert headers["x-ratelimit-category"] == "Heavy"
    assert headers["x-ratelimit-type"] == "Daily-limit"
    assert (headers["x-ratelimit-limit"], headers["x-ratelimit-remaining"]) == ("2", "1")
    rl.refund("acct", "HEAVY", day)
    now[0] += 1
    rl.admit(tx, "acct", "RESOURCE_INTENSIVE", day)  # the shared cap
    now[0] += 1
    rl.admit(tx, "acct", "HEAVY", day)
    now[0] += 1
    with pytest.raises(errors.ZoomError) as exc:
        rl.admit(tx, "acct", "HEAVY", day)
    assert exc.value.message == limiter_mod.DAILY_MESSAGE
    assert exc.value.headers["Retry-After"] == "1970-01-09T00:00:00Z"
    assert exc.value.headers["X-RateLimit-Category"] == "Heavy"
    # Light has no daily cap on Pro; the next (virtual) day starts afresh.
    assert rl.admit(tx, "acct", "LIGHT", day) is not None
    assert rl.admit(tx, "acct", "HEAVY", day + DAY) is not None


def test_disabled_accounts_are_not_counted(monkeypatch: pytest.MonkeyPatch) -> None:
    rl = _limiter(monkeypatch, [1.0])
    tx: Any = _Tx({"enabled": False, "overrides": {"LIGHT": {"per_second": 0}}})
    assert rl.admit(tx, "acct", "LIGHT", 0) is None


def test_policy_json() -> None:
    pol = policy.build("a", {"plan": "free", "overrides": {"LIGHT": {"per_day": 9}}}, None)
    out = pol.to_json()
    assert out["plan_name"] == "Free" and out["enabled"] is True
    assert out["limits"]["LIGHT"] == {
        "category": "Light",
        "per_second": 4,
        "per_day": 9,
        "daily_bucket": "LIGHT",
    }
    assert out["limits"]["RESOURCE_INTENSIVE"]["per_minute"] == 10
