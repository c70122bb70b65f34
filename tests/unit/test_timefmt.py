"""Time formatting keeps Zoom's shapes for every year a client can send."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

from zoomstack.timefmt import format_day, format_iso


def test_format_iso_is_utc_with_seconds() -> None:
    local = datetime(2026, 11, 21, 11, 0, 5, 999, tzinfo=timezone(timedelta(hours=1)))
    assert format_iso(local) == "2026-11-21T10:00:05Z"


def test_years_before_1000_keep_four_digits() -> None:
    assert format_iso(datetime(482, 1, 14, 13, 1, 9, tzinfo=UTC)) == "0482-01-14T13:01:09Z"
    assert format_day(date(7, 3, 4)) == "0007-03-04"
    assert format_day(datetime(2026, 1, 2, tzinfo=UTC)) == "2026-01-02"
