"""Event names: what a subscription's event list matches, and the 2018 names of the legacy
/v2/webhooks API mapped onto today's events."""

from __future__ import annotations

import re
from collections.abc import Iterable

ALL = "*"
URL_VALIDATION = "endpoint.url_validation"

# The legacy API's names (SEED-002) and today's events with the same meaning.
LEGACY_TO_CURRENT: dict[str, tuple[str, ...]] = {
    "meeting_started": ("meeting.started",),
    "meeting_ended": ("meeting.ended",),
    "meeting_jbh": ("meeting.participant_jbh_joined",),
    "meeting_join": ("meeting.participant_jbh_waiting",),
    "recording_completed": ("recording.completed",),
    "participant_joined": ("meeting.participant_joined",),
    "participant_left": ("meeting.participant_left",),
    "meeting_registered": ("meeting.registration_created", "webinar.registration_created"),
    "recording_transcript_completed": ("recording.transcript_completed",),
}
LEGACY_NAMES = tuple(LEGACY_TO_CURRENT)

# `*`, an event name (`meeting.created`), or every event of one product (`meeting.*`).
_PATTERN = re.compile(r"^(\*|[a-z][a-z0-9_]*(\.[a-z0-9_]+)*(\.\*)?)$")


_EVENT = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$")


def valid_name(name: str) -> bool:
    return bool(_PATTERN.match(name))


def check_event_name(name: str) -> bool:
    """One concrete event name (no wildcard), e.g. `user.updated`."""
    return bool(_EVENT.match(name))


def parse_list(value: object) -> list[str] | None:
    """A list of names from a JSON list or a comma-separated string; None when malformed."""
    if isinstance(value, str):
        items = [v.strip() for v in value.split(",")]
    elif isinstance(value, list) and all(isinstance(v, str) for v in value):
        items = [v.strip() for v in value]
    else:
        return None
    items = [v for v in items if v]
    if not items or not all(valid_name(v) for v in items):
        return None
    return [ALL] if ALL in items else _unique(items)


def matches(events: Iterable[str], event: str) -> bool:
    for pattern in events:
        if pattern in (ALL, event):
            return True
        if pattern.endswith(".*") and event.startswith(pattern[:-1]):
            return True
    return False


def from_legacy(names: Iterable[str]) -> list[str]:
    return _unique(new for name in names for new in LEGACY_TO_CURRENT.get(name, ()))


def to_legacy(events: Iterable[str]) -> list[str]:
    """The legacy names a subscription to `events` covers (all of them for `*`)."""
    current = list(events)
    return [
        old for old, news in LEGACY_TO_CURRENT.items() if any(matches(current, new) for new in news)
    ]


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))
