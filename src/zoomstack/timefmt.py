"""Zoom's wire formats for time: ISO-8601 UTC with a trailing Z, plain dates, epoch ms."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


def format_iso(dt: datetime) -> str:
    """2026-11-21T10:00:00Z (seconds precision, as Zoom returns). Years before 1000 keep
    four digits (the C library's %Y does not pad them)."""
    u = dt.astimezone(UTC)
    return f"{u.year:04d}-{u.month:02d}-{u.day:02d}T{u.hour:02d}:{u.minute:02d}:{u.second:02d}Z"


def format_day(d: date) -> str:
    """2026-11-21, with a four-digit year whatever the year."""
    return f"{d.year:04d}-{d.month:02d}-{d.day:02d}"


def iso_from_ms(ms: int) -> str:
    return format_iso(datetime.fromtimestamp(ms / 1000, tz=UTC))


def ms_from_dt(dt: datetime) -> int:
    return int(dt.timestamp() * 1000)


def zone(name: str | None) -> ZoneInfo | None:
    if not name:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def parse_iso(value: str, tz_name: str | None = None) -> datetime | None:
    """Parse Zoom's start_time forms.

    A trailing Z (or an explicit offset) means an absolute instant; without one the value is
    local time in ``tz_name`` (UTC when that is empty or unknown). Returns None when unparsable.
    """
    text = value.strip()
    if not text:
        return None
    if text.endswith("Z") or text.endswith("z"):
        text = text[:-1] + "+00:00"
    try:
        dt = datetime.fromisoformat(text)
    except ValueError:
        return None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=zone(tz_name) or UTC)
    return dt.astimezone(UTC)


def parse_date(value: str) -> date | None:
    try:
        return date.fromisoformat(value.strip())
    except (ValueError, AttributeError):
        return None


def start_of_utc_day(dt: datetime) -> datetime:
    return dt.astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0)


def next_utc_midnight(dt: datetime) -> datetime:
    return start_of_utc_day(dt) + timedelta(days=1)
