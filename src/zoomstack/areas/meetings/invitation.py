"""The invitation text of a meeting (or webinar) in Zoom's layout.

Lines end with CRLF. Sections: who invites, topic and time (with the occurrence list for a
recurring series), the join link, the ID and passcode, one-tap mobile, dial-in by location,
SIP and H.323. Works from a GET view of the meeting, so webinars can reuse it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from zoomstack.areas.meetings import meeting_settings, timezones, urls
from zoomstack.timefmt import parse_iso

CRLF = "\r\n"
_WEEKDAYS = ("Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat")
_WEEKS = {1: "First", 2: "Second", 3: "Third", 4: "Fourth", -1: "Last"}


def group_id(number: int | str) -> str:
    """Meeting IDs print in groups: 3-4-4 for 11 digits, 3-3-4 for 10, 3-3-3 for 9."""
    s = str(number)
    if len(s) == 11:
        return f"{s[:3]} {s[3:7]} {s[7:]}"
    if len(s) == 10:
        return f"{s[:3]} {s[3:6]} {s[6:]}"
    if len(s) == 9:
        return f"{s[:3]} {s[3:6]} {s[6:]}"
    return s


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(timezones.iana(name or "UTC"))
    except Exception:
        return ZoneInfo("UTC")


def format_time(value: str, tz_name: str) -> str:
    """`Mar 25, 2022 03:32 PM` in the meeting's timezone."""
    dt = parse_iso(value)
    if dt is None:
        return value
    return _fmt_local(dt.astimezone(_zone(tz_name)))


def _fmt_local(dt: datetime) -> str:
    return dt.strftime("%b %d, %Y %I:%M %p")


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def describe_recurrence(rec: dict[str, Any], count: int, last_start: str, tz_name: str) -> str:
    rtype, every = rec.get("type"), int(rec.get("repeat_interval") or 1)
    if rtype == 1:
        text = "Every day" if every == 1 else f"Every {every} days"
    elif rtype == 2:
        days = [int(d) for d in str(rec.get("weekly_days", "1")).split(",") if d.strip()]
        names = ", ".join(_WEEKDAYS[d - 1] for d in days)
        text = ("Every week" if every == 1 else f"Every {every} weeks") + f" on {names}"
    else:
        head = "Every month" if every == 1 else f"Every {every} months"
        if "monthly_week" in rec:
            week = _WEEKS.get(int(rec["monthly_week"]), "")
            text = f"{head} on the {week} {_WEEKDAYS[int(rec['monthly_week_day']) - 1]}"
        else:
            text = f"{head} on the {_ordinal(int(rec.get('monthly_day') or 1))}"
    if last_start:
        last = parse_iso(last_start)
        if last is not None:
            text += f", until {last.astimezone(_zone(tz_name)).strftime('%b %d, %Y')}"
    return f"{text}, {count} occurrence(s)"


def build(
    view: dict[str, Any], *, host_name: str, base_url: str, kind: str = "meeting"
) -> dict[str, Any]:
    """`{"invitation": text, "sip_links": [...]}` for a meeting view (as GET returns it)."""
    # A meeting held on the host's PMI is joined by the PMI.
    number = view.get("pmi") or view["id"]
    grouped = group_id(number)
    tz_name = view.get("timezone") or "UTC"
    password = view.get("password", "")
    numeric = view.get("pstn_password", "")
    lines = [f"{host_name} is inviting you to a scheduled Zoom {kind}.", ""]
    lines.append(f"Topic: {view.get('topic', '')}")
    mtype = view.get("type")
    if mtype == 3:
        lines.append("Time: This is a recurring meeting Meet anytime")
    elif view.get("start_time"):
        lines.append(
            f"Time: {format_time(view['start_time'], tz_name)} {timezones.display_name(tz_name)}"
        )
        available = [o for o in view.get("occurrences", []) if o.get("status") == "available"]
        if mtype == 8 and view.get("recurrence") and available:
            lines.append(
                "        "
                + describe_recurrence(
                    view["recurrence"], len(available), available[-1]["start_time"], tz_name
                )
            )
            lines += ["        " + format_time(o["start_time"], tz_name) for o in available]
    lines += ["", f"Join Zoom {kind.capitalize()}", view.get("join_url", ""), ""]
    lines.append(f"Meeting ID: {grouped}")
    if password:
        lines.append(f"Passcode: {password}")
    pin = f",,,,*{numeric}#" if numeric else ""
    numbers = view.get("settings", {}).get("global_dial_in_numbers") or [
        dict(n) for n in meeting_settings.DIAL_IN_NUMBERS
    ]
    lines.append("One tap mobile")
    for n in numbers[:2]:
        compact = n["number"].replace(" ", "")
        lines.append(f"{compact},,{number}#{pin} {n['country']} ({n['city']})")
    lines += ["", "Dial by your location"]
    lines += [f"{n['number']} {n['country']} ({n['city']})" for n in numbers]
    lines.append(f"Meeting ID: {grouped}")
    if numeric:
        lines.append(f"Passcode: {numeric}")
    lines.append(f"Find your local number: {urls.local_numbers_url(base_url, number)}")
    sip = f"{number}@{meeting_settings.SIP_DOMAIN}"
    lines += ["", "Join by SIP", sip, "", "Join by H.323"]
    lines += [f"{ip} ({region})" for ip, region in meeting_settings.H323_ROOMS]
    lines.append(f"Meeting ID: {grouped}")
    if numeric:
        lines.append(f"Passcode: {numeric}")
    lines += ["", ""]
    return {"invitation": CRLF.join(lines), "sip_links": [sip]}
