"""Report rules without a server: Zoom's date windows on a fixed clock, human sizes, feedback
categories, the telephone audio type of a session, operation-log wording."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zoomstack import errors
from zoomstack.areas.dashboards.feedback import category_of
from zoomstack.areas.reports import dates, telephone
from zoomstack.areas.reports.activity import _client_of
from zoomstack.areas.reports.recording_usage import size_text

NOW = datetime(2031, 3, 15, 12, 0, tzinfo=UTC)


class FakeClock:
    def now(self) -> datetime:
        return NOW

    def now_ms(self) -> int:
        return int(NOW.timestamp() * 1000)


class FakeCtx:
    """What the date rules read from a request: the query and the clock."""

    def __init__(self, **query: Any) -> None:
        self.query = {k: str(v) for k, v in query.items()}
        self.clock = FakeClock()

    def q(self, name: str, default: str = "") -> str:
        return self.query.get(name, default)

    def q_int(self, name: str, default: int | None = None) -> int | None:
        raw = self.query.get(name)
        return default if raw in (None, "") else int(raw)


def _window(**kw: Any) -> dates.Window:
    query = {k: v for k, v in kw.items() if k in ("from", "to")}
    opts = {k: v for k, v in kw.items() if k not in ("from", "to")}
    return dates.window(FakeCtx(**query), **opts)  # type: ignore[arg-type]


def _fails(message: str | None = None, **kw: Any) -> errors.ZoomError:
    with pytest.raises(errors.ZoomError) as caught:
        _window(**kw)
    assert caught.value.status == 400 and caught.value.code == 300
    if message is not None:
        assert caught.value.message == message
    return caught.value


def test_a_window_is_whole_utc_days() -> None:
    win = _window(**{"from": "2031-03-01", "to": "2031-03-10"})
    assert (win.from_text, win.to_text) == ("2031-03-01", "2031-03-10")
    assert win.start_ms == dates.day_ms(date(2031, 3, 1))
    assert win.end_ms == dates.day_ms(date(2031, 3, 11))
    assert len(win.days()) == 10


def test_a_timed_to_takes_in_its_whole_last_unit() -> None:
    day = dates.day_ms(date(2031, 3, 10))
    by_minute = _window(with_time=True, **{"from": "2031-03-10 00:00", "to": "2031-03-10 23:59"})
    assert (by_minute.start_ms, by_minute.end_ms) == (day, day + dates.DAY_MS)
    by_second = _window(with_time=True, **{"from": "2031-03-10", "to": "2031-03-10 10:30:15"})
    assert by_second.end_ms == day + (10 * 3600 + 30 * 60 + 16) * 1000


def test_one_calendar_month_at_most() -> None:
    assert _window(**{"from": "2031-02-15", "to": "2031-03-15"}).first == date(2031, 2, 15)
    _fails(dates.ONE_MONTH, **{"from": "2031-02-14", "to": "2031-03-15"})
    # Month ends clamp: 31 January to the end of February is one month.
    assert _window(**{"from": "2031-01-31", "to": "2031-02-28"}).first == date(2031, 1, 31)
    assert _window(max_days=30, **{"from": "2031-02-13", "to": "2031-03-15"}).days()[0] == date(
        2031, 2, 13
    )
    _fails(dates.ONE_MONTH, max_days=30, **{"from": "2031-02-12", "to": "2031-03-15"})


def test_within_six_months_and_in_order() -> None:
    assert _window(**{"from": "2030-09-15", "to": "2030-10-01"}).first == date(2030, 9, 15)
    _fails(dates.SIX_MONTHS, **{"from": "2030-09-14", "to": "2030-10-01"})
    _fails(dates.REVERSED, **{"from": "2031-03-02", "to": "2031-03-01"})


def test_clamping_moves_from_forward() -> None:
    win = _window(clamp=True, **{"from": "2020-01-01", "to": "2031-03-10"})
    assert (win.first, win.last) == (date(2031, 2, 10), date(2031, 3, 10))


def test_required_and_formats() -> None:
    assert _fails(**{"to": "2031-03-01"}).errors == [
        {"field": "from", "message": "Missing field: from."}
    ]
    for bad in ("2031-3-01", "03/01/2031", "2031-02-30", "yesterday"):
        _fails(**{"from": bad, "to": "2031-03-10"})
    optional = _window(required=False)
    assert (optional.first, optional.last) == (date(2031, 2, 15), date(2031, 3, 15))
    assert _window(required=False, default_days=1).first == date(2031, 3, 14)


def test_times_of_day() -> None:
    win = _window(with_time=True, **{"from": "2031-03-01 08:30", "to": "2031-03-01 09:45:10"})
    assert win.end_ms - win.start_ms == (75 * 60 + 11) * 1000  # `to` takes in its second
    # Where only dates count, a time of day (zoomus sends "2031-03-01T00:00:00Z") is ignored.
    plain = _window(**{"from": "2031-03-01T08:30:00Z", "to": "2031-03-02T00:00:00Z"})
    assert (plain.start_ms, plain.end_ms) == (
        dates.day_ms(date(2031, 3, 1)),
        dates.day_ms(date(2031, 3, 3)),
    )


def test_daily_report_months() -> None:
    win = dates.month_window(FakeCtx(year=2030, month=9))  # type: ignore[arg-type]
    assert (win.first, win.last) == (date(2030, 9, 1), date(2030, 9, 30))
    current = dates.month_window(FakeCtx())  # type: ignore[arg-type]
    assert (current.first, current.last) == (date(2031, 3, 1), date(2031, 3, 15))
    for year, month in ((2030, 8), (2031, 4), (2031, 13)):
        with pytest.raises(errors.ZoomError) as caught:
            dates.month_window(FakeCtx(year=year, month=month))  # type: ignore[arg-type]
        assert caught.value.code == 300


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2999, 12, 31)), st.integers(-30, 30))
def test_add_months_round_trips_days_that_exist(day: date, months: int) -> None:
    moved = dates.add_months(day, months)
    assert (moved.year * 12 + moved.month) - (day.year * 12 + day.month) == months
    assert moved.day == day.day or moved.day < day.day


def test_sizes_read_like_zoom() -> None:
    assert size_text(0) == "0 MB"
    assert size_text(3 * 1024 * 1024) == "3 MB"
    assert size_text(int(1.25 * 1024**3)) == "1.25 GB"
    assert size_text(15 * 1024**3) == "15 GB"
    assert size_text(4556) == "4.45 KB"


def test_feedback_categories() -> None:
    assert category_of("Terrible audio, lots of echo") == "1"
    assert category_of("my camera froze") == "2"
    assert category_of("The screen sharing lagged") == "3"
    assert category_of("kept getting disconnected") == "4"
    assert category_of("") == category_of("meh") == "5"


def test_phone_audio_type_is_stable_per_session() -> None:
    kinds = [telephone.call_type({"_qos_seed": seed}) for seed in range(400)]
    assert kinds == [telephone.call_type({"_qos_seed": seed}) for seed in range(400)]
    share = kinds.count(telephone.TOLL_FREE) / len(kinds)
    assert 0.15 < share < 0.35


def test_client_of_last_client_version() -> None:
    assert _client_of("6.2.0.46690(mac)") == ("Mac", "6.2.0.46690")
    assert _client_of("5.17.11(win)") == ("Windows", "5.17.11")
