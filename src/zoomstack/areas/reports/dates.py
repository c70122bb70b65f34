"""Zoom's date-range rules for reports and dashboards, on the server clock (UTC days).

`from`/`to` are `yyyy-mm-dd` (some endpoints also take a time of day); `to` is inclusive. A range
may span at most one calendar month (`to` no later than the same day a month after `from`) and
must start within the last six months. Breaking a rule is 400 code 300 (behaviour notes §9.2
[REC]), with Zoom's own wording where a spec documents it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING

from zoomstack import errors

if TYPE_CHECKING:
    from zoomstack.context import Ctx

DAY_MS = 86_400_000
YEAR_MS = 365 * DAY_MS
# A date, optionally with a time of day (UTC): "2026-03-01", "2026-03-01 10:30",
# "2026-03-01T00:00:00Z" (zoomus sends dates so).
_WHEN = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?Z?)?$")

SIX_MONTHS = "Only provide report in recent 6 months."
DAILY_SIX_MONTHS = (
    "Daily report can only be provided for a month that falls within the recent 6 months."
)
ONE_MONTH = "The date range between from and to can not be more than one month."
REVERSED = "The from date can not be later than the to date."


@dataclass(frozen=True, slots=True)
class Window:
    """A query window: [start_ms, end_ms) on the server clock, and the dates to echo."""

    first: date
    last: date
    start_ms: int
    end_ms: int

    @property
    def from_text(self) -> str:
        return self.first.isoformat()

    @property
    def to_text(self) -> str:
        return self.last.isoformat()

    def days(self) -> list[date]:
        out = []
        day = self.first
        while day <= self.last:
            out.append(day)
            day += timedelta(days=1)
        return out

    def contains(self, ms: int) -> bool:
        return self.start_ms <= ms < self.end_ms


def day_ms(day: date) -> int:
    return int(datetime(day.year, day.month, day.day, tzinfo=UTC).timestamp() * 1000)


def day_of(ms: int) -> date:
    return datetime.fromtimestamp(ms / 1000, tz=UTC).date()


def add_months(day: date, months: int) -> date:
    """The same day `months` later (earlier when negative), clamped to the month's end."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover - every month has a 28th


def today(ctx: Ctx) -> date:
    return ctx.clock.now().date()


def _parse(name: str, raw: str, with_time: bool) -> tuple[date, int, int]:
    """(the date, the instant in ms, the span the value names in ms) of a query value: a
    plain date is its UTC midnight and spans the day; where a time counts it spans its last
    unit (a minute for "10:30", a second for "10:30:15"); where only dates count, a time of
    day is ignored."""
    m = _WHEN.match(raw)
    if m:
        try:
            day = date(int(m[1]), int(m[2]), int(m[3]))
            if not with_time or m[4] is None:
                return day, day_ms(day), DAY_MS
            at = datetime(
                day.year, day.month, day.day, int(m[4]), int(m[5]), int(m[6] or 0), tzinfo=UTC
            )
            return day, int(at.timestamp() * 1000), 60_000 if m[6] is None else 1000
        except ValueError:
            pass
    raise errors.field_error(name, f"Invalid parameter: {name}.")


def window(
    ctx: Ctx,
    *,
    required: bool = True,
    with_time: bool = False,
    max_days: int | None = None,
    clamp: bool = False,
    default_days: int | None = None,
    within_months: int | None = 6,
    six_months_message: str = SIX_MONTHS,
) -> Window:
    """The `from`/`to` window of a request, checked against Zoom's rules.

    Optional ranges default to the month up to today (`default_days` before `to`). `max_days`
    replaces the calendar-month limit (cloud recording usage: 30 days); `clamp` moves `from`
    forward instead of failing (CRC port usage documents this adjustment).
    """
    raw_from, raw_to = ctx.q("from").strip(), ctx.q("to").strip()
    if required:
        for name, raw in (("from", raw_from), ("to", raw_to)):
            if not raw:
                raise errors.field_error(name, f"Missing field: {name}.")
    now_day = today(ctx)
    if raw_to:
        # `to` is inclusive: the window ends where the unit it names ends ("23:59" takes in
        # the whole last minute).
        last, to_ms, span = _parse("to", raw_to, with_time)
        end_ms = to_ms + span
    else:
        last = now_day
        end_ms = day_ms(last) + DAY_MS
    if raw_from:
        first, start_ms, _ = _parse("from", raw_from, with_time)
    else:
        first = add_months(last, -1) if default_days is None else last - timedelta(default_days)
        start_ms = day_ms(first)
    if first > last or start_ms >= end_ms:
        raise errors.validation(message=REVERSED)
    limit = last - timedelta(days=max_days) if max_days is not None else add_months(last, -1)
    if first < limit:
        if not clamp:
            raise errors.validation(message=ONE_MONTH)
        first, start_ms = limit, day_ms(limit)
    if within_months is not None and first < add_months(now_day, -within_months):
        raise errors.validation(message=six_months_message)
    return Window(first, last, start_ms, max(start_ms, end_ms))


def month_window(ctx: Ctx) -> Window:
    """`year` + `month` of the daily usage report: one calendar month within the recent six
    (the current month counts as the first); defaults to the current month."""
    now_day = today(ctx)
    year = ctx.q_int("year", now_day.year)
    month = ctx.q_int("month", now_day.month)
    assert year is not None and month is not None
    if not 1 <= month <= 12:
        raise errors.field_error("month", "Invalid parameter: month.")
    if not 1 <= year <= 9999:
        raise errors.field_error("year", "Invalid parameter: year.")
    back = (now_day.year * 12 + now_day.month) - (year * 12 + month)
    if not 0 <= back <= 6:
        raise errors.validation(message=DAILY_SIX_MONTHS)
    first = date(year, month, 1)
    last = add_months(first, 1) - timedelta(days=1)
    last = min(last, now_day)
    return Window(first, last, day_ms(first), day_ms(last) + DAY_MS)


def older_than_a_year(ctx: Ctx, start_ms: int) -> bool:
    return ctx.clock.now_ms() - start_ms > YEAR_MS
