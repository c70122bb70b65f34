"""Recurrence: validating Zoom's recurrence object and generating occurrences from it.

Pure functions over plain values (no ctx, no store), shared by meetings and webinars.
Occurrences are laid out in the meeting's own timezone — the wall-clock time stays put across a
DST change, so the UTC instant moves — and each one is identified by its *generated* start as
epoch milliseconds in a string (`occurrence_id`), which stays its id even when that occurrence is
later moved.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from zoomstack import errors
from zoomstack.timefmt import format_iso, ms_from_dt, parse_iso

DAILY, WEEKLY, MONTHLY = 1, 2, 3
# Zoom caps a series at 60 occurrences; `end_times` 0 means "no end", which we lay out as 60.
MAX_OCCURRENCES = 60
# repeat_interval limits of the current reference (daily days / weekly weeks / monthly months).
MAX_INTERVAL = {DAILY: 99, WEEKLY: 50, MONTHLY: 10}


def _invalid(field: str) -> errors.ZoomError:
    name = field.rsplit(".", 1)[-1]
    return errors.field_error(field, f"Invalid parameter: {name}.")


def _int(raw: dict[str, Any], key: str, prefix: str) -> int | None:
    value = raw.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise _invalid(f"{prefix}.{key}")
    return value


def parse_weekly_days(value: str) -> list[int]:
    days = sorted({int(p) for p in value.replace(" ", "").split(",") if p})
    if not days or any(d < 1 or d > 7 for d in days):
        raise ValueError(value)
    return days


def normalize(raw: dict[str, Any], *, prefix: str = "recurrence") -> dict[str, Any]:
    """Validate a recurrence object (already schema-checked) and fill Zoom's defaults.

    Returns the object as GET shows it: only the fields that apply to its `type`.
    """
    rtype = _int(raw, "type", prefix)
    if rtype not in (DAILY, WEEKLY, MONTHLY):
        raise _invalid(f"{prefix}.type")
    interval = _int(raw, "repeat_interval", prefix)
    interval = 1 if interval is None else interval
    if not 1 <= interval <= MAX_INTERVAL[rtype]:
        raise _invalid(f"{prefix}.repeat_interval")
    out: dict[str, Any] = {"type": rtype, "repeat_interval": interval}
    if rtype == WEEKLY:
        try:
            days = parse_weekly_days(str(raw.get("weekly_days") or "1"))
        except ValueError:
            raise _invalid(f"{prefix}.weekly_days") from None
        out["weekly_days"] = ",".join(str(d) for d in days)
    elif rtype == MONTHLY:
        week = _int(raw, "monthly_week", prefix)
        week_day = _int(raw, "monthly_week_day", prefix)
        if week is not None or week_day is not None:
            if week not in (-1, 1, 2, 3, 4):
                raise _invalid(f"{prefix}.monthly_week")
            if week_day is None or not 1 <= week_day <= 7:
                raise _invalid(f"{prefix}.monthly_week_day")
            out["monthly_week"] = week
            out["monthly_week_day"] = week_day
        else:
            day = _int(raw, "monthly_day", prefix)
            day = 1 if day is None else day
            if not 1 <= day <= 31:
                raise _invalid(f"{prefix}.monthly_day")
            out["monthly_day"] = day
    end_times = _int(raw, "end_times", prefix)
    end_date = raw.get("end_date_time")
    if end_times is not None and end_date:
        raise errors.field_error(
            f"{prefix}.end_date_time",
            "Invalid parameter: end_date_time. It cannot be used together with end_times.",
        )
    if end_date:
        parsed = parse_iso(str(end_date), "UTC")
        if parsed is None:
            raise _invalid(f"{prefix}.end_date_time")
        out["end_date_time"] = format_iso(parsed)
    else:
        end_times = 1 if end_times is None else end_times
        if not 0 <= end_times <= MAX_OCCURRENCES:
            raise _invalid(f"{prefix}.end_times")
        out["end_times"] = end_times
    return out


def _nth_weekday(year: int, month: int, week: int, zoom_weekday: int) -> date:
    # Zoom numbers weekdays 1=Sunday..7=Saturday; Python's weekday() is 0=Monday..6=Sunday.
    py_wd = (zoom_weekday - 2) % 7
    last_day = calendar.monthrange(year, month)[1]
    if week == -1:
        d = date(year, month, last_day)
        return d - timedelta(days=(d.weekday() - py_wd) % 7)
    first = date(year, month, 1)
    d = first + timedelta(days=(py_wd - first.weekday()) % 7)
    return d + timedelta(weeks=week - 1)


def _add_months(year: int, month: int, n: int) -> tuple[int, int]:
    idx = year * 12 + (month - 1) + n
    return idx // 12, idx % 12 + 1


def _dates(first: date, rec: dict[str, Any]) -> Iterator[date]:
    """Candidate dates on or after `first`, in order, without end (the caller stops)."""
    rtype, interval = rec["type"], rec["repeat_interval"]
    if rtype == DAILY:
        d = first
        while True:
            yield d
            d += timedelta(days=interval)
    elif rtype == WEEKLY:
        days = parse_weekly_days(rec.get("weekly_days", "1"))
        # Weeks run Sunday..Saturday, as in Zoom's numbering.
        week_start = first - timedelta(days=(first.weekday() + 1) % 7)
        while True:
            for zd in days:
                d = week_start + timedelta(days=zd - 1)
                if d >= first:
                    yield d
            week_start += timedelta(weeks=interval)
    else:
        year, month = first.year, first.month
        while True:
            if "monthly_week" in rec:
                d = _nth_weekday(year, month, rec["monthly_week"], rec["monthly_week_day"])
            else:
                # A day the month lacks (31 in April) falls on the month's last day.
                d = date(year, month, min(rec["monthly_day"], calendar.monthrange(year, month)[1]))
            if d >= first:
                yield d
            year, month = _add_months(year, month, interval)


def occurrence_starts(anchor: datetime, tz_name: str, rec: dict[str, Any]) -> list[datetime]:
    """UTC start instants of a normalized recurrence anchored at `anchor` (the series start)."""
    tz = _zone(tz_name)
    local = anchor.astimezone(tz)
    wall = local.time().replace(tzinfo=None)
    limit = rec.get("end_times") or MAX_OCCURRENCES
    last_date: date | None = None
    if rec.get("end_date_time"):
        end = parse_iso(rec["end_date_time"], "UTC")
        # The end is a day: occurrences on that (UTC) date still happen.
        last_date = end.date() if end else None
        limit = MAX_OCCURRENCES
    out: list[datetime] = []
    for d in _dates(local.date(), rec):
        if last_date is not None and d > last_date:
            break
        start = datetime.combine(d, wall, tzinfo=tz).astimezone(UTC)
        out.append(start)
        if len(out) >= limit:
            break
    return out


def _zone(name: str) -> ZoneInfo:
    from zoomstack.areas.meetings.timezones import iana

    try:
        return ZoneInfo(iana(name or "UTC"))
    except Exception:
        return ZoneInfo("UTC")


def occurrence_id(start: datetime) -> str:
    return str(ms_from_dt(start))


@dataclass(frozen=True, slots=True)
class Occurrence:
    occurrence_id: str
    start: datetime
    duration: int
    status: str  # available | deleted

    def to_json(self) -> dict[str, Any]:
        return {
            "occurrence_id": self.occurrence_id,
            "start_time": format_iso(self.start),
            "duration": self.duration,
            "status": self.status,
        }

    @property
    def end(self) -> datetime:
        return self.start + timedelta(minutes=self.duration)


def build_occurrences(
    anchor: datetime,
    tz_name: str,
    rec: dict[str, Any],
    duration: int,
    *,
    deleted: set[str] | frozenset[str] = frozenset(),
    overrides: dict[str, dict[str, Any]] | None = None,
) -> list[Occurrence]:
    """The whole series, with per-occurrence moves (`overrides[id]["start_time"|"duration"]`)
    and deletions applied, ordered by (possibly moved) start."""
    overrides = overrides or {}
    out: list[Occurrence] = []
    for start in occurrence_starts(anchor, tz_name, rec):
        oid = occurrence_id(start)
        ov = overrides.get(oid, {})
        moved = parse_iso(ov["start_time"]) if ov.get("start_time") else None
        out.append(
            Occurrence(
                oid,
                moved or start,
                int(ov.get("duration") or duration),
                "deleted" if oid in deleted else "available",
            )
        )
    out.sort(key=lambda o: (o.start, o.occurrence_id))
    return out


def find_occurrence(occurrences: list[Occurrence], occ_id: str) -> Occurrence | None:
    for occ in occurrences:
        if occ.occurrence_id == occ_id:
            return occ
    return None


def next_occurrence(occurrences: list[Occurrence], now: datetime) -> Occurrence | None:
    """The first available occurrence that has not ended yet."""
    for occ in occurrences:
        if occ.status == "available" and occ.end > now:
            return occ
    return None
