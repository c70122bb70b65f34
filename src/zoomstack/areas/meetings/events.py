"""Webhook payload objects for meeting changes, in the shapes of Zoom's event schemas.

`meeting.created` carries the meeting; `meeting.updated` only what changed (plus id and uuid)
with the previous values in `old_object`; `meeting.deleted` / `meeting.recovered` /
`meeting.permanently_deleted` a summary (with the occurrence for single-occurrence changes).
"""

from __future__ import annotations

from typing import Any

from zoomstack.context import Ctx

# Settings the meeting.created object carries.
_CREATED_SETTINGS = ("use_pmi", "alternative_hosts", "meeting_invitees", "join_before_host",
                     "jbh_time")  # fmt: skip
_SUMMARY = ("uuid", "id", "host_id", "topic", "type", "start_time", "duration", "timezone")
# Top-level fields whose change meeting.updated reports.
UPDATE_FIELDS = (
    "topic", "type", "start_time", "duration", "timezone", "join_url", "password", "agenda",
    "registration_url", "recurrence", "settings", "tracking_fields", "pre_schedule",
    "host_id", "pmi",
)  # fmt: skip


def created_object(view: dict[str, Any]) -> dict[str, Any]:
    obj: dict[str, Any] = {
        "uuid": view["uuid"],
        "id": view["id"],
        "host_id": view["host_id"],
        "topic": view.get("topic", ""),
        "type": view["type"],
    }
    if view.get("start_time"):
        obj["start_time"] = view["start_time"]
    obj["duration"] = view.get("duration", 60)
    obj["timezone"] = view.get("timezone", "")
    obj["join_url"] = view.get("join_url", "")
    if view.get("password"):
        obj["password"] = view["password"]
    if view.get("pmi"):
        obj["pmi"] = view["pmi"]
    obj["creation_source"] = view.get("creation_source", "open_api")
    if view.get("occurrences"):
        obj["occurrences"] = view["occurrences"]
    settings = view.get("settings", {})
    obj["settings"] = {k: settings[k] for k in _CREATED_SETTINGS if k in settings}
    obj["settings"].setdefault("use_pmi", False)
    obj["settings"].setdefault("alternative_hosts", "")
    if view.get("recurrence"):
        obj["recurrence"] = view["recurrence"]
    if view.get("tracking_fields"):
        obj["tracking_fields"] = view["tracking_fields"]
    return obj


def summary(
    view: dict[str, Any], occurrences: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    obj = {k: view[k] for k in _SUMMARY if k in view}
    if occurrences:
        obj["occurrences"] = occurrences
    return obj


def ended_object(
    ended: dict[str, Any], start_time: str, end_time: str, *, host_email: bool = False
) -> dict[str, Any]:
    """The object of `meeting.ended` (`webinar.ended` adds the host's e-mail, and the area its
    own fields after `end_time`) for an instance that ran from `start_time` to `end_time`."""
    obj = {"id": str(ended["id"]), "uuid": ended["uuid"], "host_id": ended["host_id"]}
    if host_email:
        obj["host_email"] = ended.get("host_email", "")
    obj.update(
        topic=ended.get("topic", ""),
        type=ended["type"],
        start_time=start_time,
        timezone=ended.get("timezone", ""),
        duration=ended.get("duration", 0),
        end_time=end_time,
    )
    return obj


def diff(old: dict[str, Any], new: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """(changed, previous) over UPDATE_FIELDS; settings compared key by key."""
    changed: dict[str, Any] = {}
    previous: dict[str, Any] = {}
    for key in UPDATE_FIELDS:
        if key == "settings":
            before, after = old.get("settings", {}), new.get("settings", {})
            keys = [k for k in after if k != "global_dial_in_numbers" and before.get(k) != after[k]]
            keys += [k for k in before if k not in after]
            if keys:
                changed["settings"] = {k: after[k] for k in keys if k in after}
                previous["settings"] = {k: before[k] for k in keys if k in before}
        elif old.get(key) != new.get(key):
            if key in new:
                changed[key] = new[key]
            if key in old:
                previous[key] = old[key]
    return changed, previous


def emit_updated(
    ctx: Ctx,
    ident: dict[str, Any],
    changed: dict[str, Any],
    previous: dict[str, Any],
    *,
    scope: str,
    event: str = "meeting.updated",
) -> None:
    ctx.emit(
        event,
        {**ident, **changed},
        scope=scope,
        old_object={**ident, **previous},
        time_stamp=ctx.clock.now_ms(),
    )
