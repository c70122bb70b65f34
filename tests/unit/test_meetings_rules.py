"""Meeting rules without a server: recurrence (shared with webinars), passcodes, ID grouping."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zoomstack import errors
from zoomstack.areas.meetings import recurrence
from zoomstack.areas.meetings.invitation import group_id
from zoomstack.areas.meetings.passcodes import generate, violations


def _starts(anchor: datetime, tz: str, rec: dict[str, object]) -> list[datetime]:
    return recurrence.occurrence_starts(anchor, tz, recurrence.normalize(rec))


def test_defaults_follow_the_spec() -> None:
    assert recurrence.normalize({"type": 2}) == {
        "type": 2,
        "repeat_interval": 1,
        "weekly_days": "1",
        "end_times": 1,
    }
    assert recurrence.normalize({"type": 3})["monthly_day"] == 1
    assert recurrence.normalize({"type": 2, "weekly_days": "4, 2,2"})["weekly_days"] == "2,4"


def test_daily_keeps_wall_time_across_dst_in_europe() -> None:
    # Europe/Berlin switches to summer time on 2031-03-30.
    anchor = datetime(2031, 3, 29, 8, 0, tzinfo=UTC)  # 09:00 CET
    starts = _starts(anchor, "Europe/Berlin", {"type": 1, "end_times": 3})
    assert [s.hour for s in starts] == [8, 7, 7]


def test_weekly_interval_skips_weeks() -> None:
    anchor = datetime(2031, 6, 4, 12, 0, tzinfo=UTC)  # a Wednesday
    starts = _starts(anchor, "UTC", {"type": 2, "weekly_days": "2,4", "repeat_interval": 2,
                                     "end_times": 4})  # fmt: skip
    assert [s.date() for s in starts] == [
        date(2031, 6, 4),
        date(2031, 6, 16),
        date(2031, 6, 18),
        date(2031, 6, 30),
    ]


def test_monthly_day_beyond_month_end_uses_last_day() -> None:
    anchor = datetime(2031, 1, 31, 9, 0, tzinfo=UTC)
    starts = _starts(anchor, "UTC", {"type": 3, "monthly_day": 31, "end_times": 3})
    assert [s.date() for s in starts] == [date(2031, 1, 31), date(2031, 2, 28), date(2031, 3, 31)]


def test_monthly_first_monday_and_last_sunday() -> None:
    anchor = datetime(2031, 1, 1, 9, 0, tzinfo=UTC)
    first_monday = _starts(anchor, "UTC", {"type": 3, "monthly_week": 1, "monthly_week_day": 2,
                                           "end_times": 2})  # fmt: skip
    assert [s.date() for s in first_monday] == [date(2031, 1, 6), date(2031, 2, 3)]
    last_sunday = _starts(anchor, "UTC", {"type": 3, "monthly_week": -1, "monthly_week_day": 1,
                                          "end_times": 2})  # fmt: skip
    assert [s.date() for s in last_sunday] == [date(2031, 1, 26), date(2031, 2, 23)]


def test_end_times_zero_means_the_cap() -> None:
    anchor = datetime(2031, 1, 1, 9, 0, tzinfo=UTC)
    assert len(_starts(anchor, "UTC", {"type": 1, "end_times": 0})) == recurrence.MAX_OCCURRENCES


def test_end_date_caps_at_sixty() -> None:
    anchor = datetime(2031, 1, 1, 9, 0, tzinfo=UTC)
    starts = _starts(anchor, "UTC", {"type": 1, "end_date_time": "2032-01-01T00:00:00Z"})
    assert len(starts) == 60


def test_both_ends_is_an_error() -> None:
    with pytest.raises(errors.ZoomError) as exc:
        recurrence.normalize({"type": 1, "end_times": 2, "end_date_time": "2031-01-01T00:00:00Z"})
    assert exc.value.code == 300


def test_overrides_and_deletions() -> None:
    anchor = datetime(2031, 1, 1, 9, 0, tzinfo=UTC)
    rec = recurrence.normalize({"type": 1, "end_times": 3})
    ids = [recurrence.occurrence_id(s) for s in recurrence.occurrence_starts(anchor, "UTC", rec)]
    moved = (anchor + timedelta(days=5)).strftime("%Y-%m-%dT%H:%M:%SZ")
    occs = recurrence.build_occurrences(
        anchor, "UTC", rec, 30, deleted={ids[1]}, overrides={ids[0]: {"start_time": moved}}
    )
    # Ordered by (moved) start; ids stay those of the generated starts.
    assert [o.occurrence_id for o in occs] == [ids[1], ids[2], ids[0]]
    assert [o.status for o in occs] == ["deleted", "available", "available"]
    assert recurrence.find_occurrence(occs, ids[0]) is occs[2]
    assert recurrence.next_occurrence(occs, anchor) is occs[1]


@settings(max_examples=60, deadline=None)
@given(
    rtype=st.sampled_from([1, 2, 3]),
    interval=st.integers(min_value=1, max_value=10),
    end_times=st.integers(min_value=1, max_value=60),
    day_offset=st.integers(min_value=0, max_value=3000),
    tz=st.sampled_from(["UTC", "America/New_York", "Europe/London", "Asia/Kolkata"]),
)
def test_series_properties(
    rtype: int, interval: int, end_times: int, day_offset: int, tz: str
) -> None:
    anchor = datetime(2030, 1, 1, 15, 30, tzinfo=UTC) + timedelta(days=day_offset)
    starts = _starts(anchor, tz, {"type": rtype, "repeat_interval": interval,
                                  "weekly_days": "1,4,7", "end_times": end_times})  # fmt: skip
    assert len(starts) == end_times
    assert starts == sorted(set(starts))
    assert starts[0] >= anchor - timedelta(hours=1)


def test_meeting_id_grouping() -> None:
    assert group_id(55544443210) == "555 4444 3210"
    assert group_id(5554443210) == "555 444 3210"


@pytest.mark.parametrize(
    "req",
    [
        {},
        {"length": 8, "have_special_character": True},
        {"only_allow_numeric": True, "length": 9},
        {"have_upper_and_lower_characters": True, "have_number": True, "have_letter": True},
        {"consecutive_characters_length": 3, "weak_enhance_detection": True},
    ],
)
def test_generated_passcodes_meet_their_requirements(req: dict[str, object]) -> None:
    for _ in range(20):
        code = generate(req)
        assert violations(code, req) == [] and len(code) <= 10


def test_passcode_rules() -> None:
    assert violations("aaaa12", {"consecutive_characters_length": 4}) == [
        "Password cannot contain 4 or more consecutive characters."
    ]
    assert violations("abc123", {"only_allow_numeric": True}) == [
        "Password can only contain numbers."
    ]
    assert violations("abcdefghijk", {}) == ["Password can only have a maximum 10 characters."]
