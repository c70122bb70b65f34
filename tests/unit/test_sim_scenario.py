"""Scenario times and the order of steps, without a server."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from zoomstack.errors import ZoomError
from zoomstack.sim import scenario
from zoomstack.sim.runtime import MEETING, Held

T0 = 1_800_000_000_000
HELD = Held(MEETING, {"id": 81234567890, "uuid": "abc=="}, "acct")


@pytest.mark.parametrize(
    ("value", "ms"),
    [
        (20, 20 * 60_000),
        (1.5, 90_000),
        ("90s", 90_000),
        ("20m", 20 * 60_000),
        ("1h30m", 90 * 60_000),
        ("T+20m", 20 * 60_000),
        ("-2h", -2 * 3_600_000),
    ],
)
def test_offsets(value: object, ms: int) -> None:
    assert scenario.offset_ms(value, "at") == ms


@pytest.mark.parametrize("value", ["soon", True, "", "m", None])
def test_bad_offsets(value: object) -> None:
    with pytest.raises(ZoomError):
        scenario.offset_ms(value, "at")


def test_absolute_times_and_start() -> None:
    expected = int(datetime(2027, 1, 15, 8, tzinfo=UTC).timestamp() * 1000)
    assert scenario.time_ms("2027-01-15T08:00:00Z", T0, "at") == expected
    assert scenario.start_ms({}, T0) == T0
    assert scenario.start_ms({"start": "-1h"}, T0) == T0 - 3_600_000
    assert scenario.start_ms({"start": T0 - 5}, T0) == T0 - 5


def test_plan_orders_same_instant_steps() -> None:
    plan = scenario.plan(
        {
            "participants": [{"name": "A", "join": 10, "leave": 10}],
            "steps": [{"at": 10, "action": "chat", "from": "A", "message": "x"}],
            "recording": "cloud",
            "end": 10,
        },
        HELD,
        T0,
        seed=1,
    )
    assert [p.action for p in plan] == ["start", "recording", "join", "chat", "leave", "end"]


def test_crowd_is_deterministic_and_spread() -> None:
    spec = {"crowd": {"count": 6, "over_minutes": 3, "leave_early": 2, "leave_at": 20}}
    one = scenario.plan(spec, HELD, T0, seed=7)
    two = scenario.plan(spec, HELD, T0, seed=7)
    assert [(p.at_ms, p.action, p.body) for p in one] == [(p.at_ms, p.action, p.body) for p in two]
    joins = [p for p in one if p.action == "join"]
    assert len(joins) == 6 and joins[-1].at_ms - T0 == 150_000
    leaves = [p for p in one if p.action == "leave"]
    assert [p.at_ms - T0 for p in leaves] == [20 * 60_000, 20 * 60_000 + 30_000]
    other = scenario.plan(spec, HELD, T0, seed=8)
    assert [p.body.get("name") for p in other] != [p.body.get("name") for p in one]
