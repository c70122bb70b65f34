"""The object that registrants, polls and live features hang off: a meeting or a webinar.

Services in this package never look at a meeting document directly; they go through `Parent`,
so the webinars area can reuse them by wrapping its own documents (kind "webinar", events
"webinar.*"). The document is the one the area's `{meetingId}`/`{webinarId}` resolver stored in
`ctx.refs`, with Zoom's field names (`id`, `uuid`, `host_id`, `topic`, `type`, `start_time`,
`duration`, `timezone`, `settings`, `occurrences`, `status`, `join_url`, ...).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit

from zoomstack import timefmt

# Meeting types (webinars use 5/6/9 for the same three shapes).
SCHEDULED_TYPES = frozenset({2, 5})
RECURRING_NO_FIXED_TIME = frozenset({3, 6})
RECURRING_FIXED_TIME = frozenset({8, 9})

# settings.approval_type
AUTO_APPROVE, MANUAL_APPROVE, NO_REGISTRATION = 0, 1, 2


@dataclass(frozen=True, slots=True)
class Parent:
    """A meeting or webinar as seen by the feature services."""

    kind: str
    doc: dict[str, Any]
    # The series as its area computes it ({occurrence_id, start_time, duration, status}, deleted
    # ones included); None means "use the document's own `occurrences`".
    series: tuple[dict[str, Any], ...] | None = None

    @property
    def id(self) -> str:
        return str(self.doc["id"])

    @property
    def number(self) -> int:
        return int(self.doc["id"])

    @property
    def key(self) -> str:
        """Parent key for child documents and unique keys: "meeting:85746065"."""
        return f"{self.kind}:{self.id}"

    @property
    def event_prefix(self) -> str:
        return f"{self.kind}."

    @property
    def settings(self) -> dict[str, Any]:
        value = self.doc.get("settings")
        return value if isinstance(value, dict) else {}

    @property
    def type(self) -> int:
        return int(self.doc.get("type") or 0)

    @property
    def host_id(self) -> str:
        return str(self.doc.get("host_id") or "")

    @property
    def approval_type(self) -> int:
        raw = self.settings.get("approval_type", NO_REGISTRATION)
        return int(raw) if raw is not None else NO_REGISTRATION

    @property
    def registration_enabled(self) -> bool:
        return self.approval_type in (AUTO_APPROVE, MANUAL_APPROVE)

    @property
    def registration_type(self) -> int:
        """1 register once for all occurrences, 2 for each occurrence, 3 choose occurrences.

        Only meaningful for recurring meetings with a fixed time; everything else is 1.
        """
        if self.type not in RECURRING_FIXED_TIME:
            return 1
        raw = self.settings.get("registration_type", 1)
        return int(raw) if raw in (1, 2, 3) else 1

    @property
    def is_live(self) -> bool:
        return self.doc.get("status") == "started"

    @property
    def is_e2ee(self) -> bool:
        return self.settings.get("encryption_type") == "e2ee"

    # -- time --------------------------------------------------------------------------------
    def occurrences(self, include_deleted: bool = False) -> list[dict[str, Any]]:
        """The occurrences as the parent's area computed them."""
        raw = list(self.series) if self.series is not None else self.doc.get("occurrences")
        if not isinstance(raw, list):
            return []
        out = [o for o in raw if isinstance(o, dict) and o.get("occurrence_id")]
        if not include_deleted:
            out = [o for o in out if o.get("status", "available") != "deleted"]
        return out

    def occurrence(self, occurrence_id: str) -> dict[str, Any] | None:
        for occ in self.occurrences():
            if str(occ["occurrence_id"]) == occurrence_id:
                return occ
        return None

    def start(self) -> datetime | None:
        raw = self.doc.get("start_time")
        return timefmt.parse_iso(raw) if isinstance(raw, str) and raw else None

    def duration_min(self) -> int:
        try:
            return int(self.doc.get("duration") or 0)
        except (TypeError, ValueError):
            return 0

    @staticmethod
    def occurrence_end(occ: dict[str, Any]) -> datetime | None:
        start = timefmt.parse_iso(str(occ.get("start_time") or ""))
        if start is None:
            return None
        return start + timedelta(minutes=int(occ.get("duration") or 0))

    def end(self) -> datetime | None:
        start = self.start()
        return None if start is None else start + timedelta(minutes=self.duration_min())

    def is_over(self, now: datetime) -> bool:
        """True when nothing of the meeting is left to attend (Zoom's "Meeting is over")."""
        if self.doc.get("status") in ("finished", "ended", "expired"):
            return True
        if self.is_live:
            return False
        if self.type in RECURRING_FIXED_TIME:
            occurrences = self.occurrences()
            if not occurrences:
                # Every occurrence deleted; a document without any series is not "over".
                return self.series is not None or isinstance(self.doc.get("occurrences"), list)
            ends = [self.occurrence_end(o) for o in occurrences]
            return all(e is not None and e < now for e in ends)
        if self.type in SCHEDULED_TYPES:
            end = self.end()
            return end is not None and end < now
        return False

    # -- URLs --------------------------------------------------------------------------------
    def join_origin(self, fallback: str) -> str:
        """scheme://host of the meeting's own join URL, so derived links share its host."""
        url = self.doc.get("join_url")
        if isinstance(url, str) and url:
            parts = urlsplit(url)
            if parts.scheme and parts.netloc:
                return f"{parts.scheme}://{parts.netloc}"
        return fallback.rstrip("/")

    def encrypted_password(self) -> str:
        """The passcode as it appears in join URLs (`pwd`); empty when the meeting has none."""
        value = self.doc.get("encrypted_password")
        if isinstance(value, str) and value:
            return value
        url = self.doc.get("join_url")
        if isinstance(url, str) and "?" in url:
            pwd = parse_qs(urlsplit(url).query).get("pwd")
            if pwd:
                return pwd[0]
        return ""

    # -- events ------------------------------------------------------------------------------
    def event_object(self, now_iso: str) -> dict[str, Any]:
        """The meeting fields that registration and live-streaming events carry."""
        return {
            "uuid": str(self.doc.get("uuid") or ""),
            "id": self.number,
            "host_id": self.host_id,
            "topic": str(self.doc.get("topic") or ""),
            "type": self.type,
            "start_time": str(self.doc.get("start_time") or self.doc.get("created_at") or now_iso),
            "duration": self.duration_min(),
            "timezone": str(self.doc.get("timezone") or ""),
        }


def as_dict(value: Any) -> dict[str, Any]:
    """A JSON object from a request body, or an empty one for anything else."""
    return dict(value) if isinstance(value, dict) else {}


def meeting(doc: dict[str, Any], series: list[dict[str, Any]] | None = None) -> Parent:
    return Parent("meeting", doc, None if series is None else tuple(series))


def webinar(doc: dict[str, Any], series: list[dict[str, Any]] | None = None) -> Parent:
    return Parent("webinar", doc, None if series is None else tuple(series))
