"""A group's settings and locked settings: defaults from code, only overrides stored (kinds
"group_settings" / "group_lock_settings", one document per group), deep-merged on read."""

from __future__ import annotations

import copy
from typing import Any

from zoomstack import errors
from zoomstack.areas.users import settings_defaults
from zoomstack.areas.users.settings import deep_merge
from zoomstack.context import Ctx

SETTINGS_KIND = "group_settings"
LOCK_KIND = "group_lock_settings"
OPTIONS = ("meeting_authentication", "recording_authentication", "meeting_security")
SECTIONS = (
    "audio_conferencing",
    "email_notification",
    "in_meeting",
    "other_options",
    "profile",
    "recording",
    "schedule_meeting",
    "telephony",
    "chat",
    "mail_calendar",
    "general_setting",
)
LOCK_SECTIONS = (
    "audio_conferencing",
    "email_notification",
    "in_meeting",
    "other_options",
    "recording",
    "schedule_meeting",
    "telephony",
)
# Fields of the meeting_security view that mirror the main settings object.
_TWINS: dict[str, tuple[str, str]] = {
    "waiting_room": ("in_meeting", "waiting_room"),
    "meeting_password_requirement": ("schedule_meeting", "meeting_password_requirement"),
    "embed_password_in_join_link": ("schedule_meeting", "embed_password_in_join_link"),
    "phone_password": ("schedule_meeting", "pstn_password_protected"),
}


def _defaults() -> dict[str, Any]:
    user = settings_defaults.defaults(2)
    return {s: copy.deepcopy(user.get(s, {})) for s in SECTIONS}


def _lock_defaults() -> dict[str, Any]:
    # Nothing is locked until an admin locks it.
    user = settings_defaults.defaults(2)
    return {
        s: {k: False for k, v in user.get(s, {}).items() if isinstance(v, bool)}
        for s in LOCK_SECTIONS
    }


def _overrides(ctx: Ctx, kind: str, group_id: str) -> dict[str, Any]:
    return dict(ctx.tx.get(kind, group_id, ctx.account_id) or {})


def _store(ctx: Ctx, kind: str, group_id: str, doc: dict[str, Any]) -> None:
    if ctx.tx.get(kind, group_id, ctx.account_id) is None:
        ctx.tx.insert(kind, group_id, ctx.account_id, doc)
    else:
        ctx.tx.update(kind, group_id, doc)


def _option(ctx: Ctx) -> str:
    option = ctx.q("option")
    if option and option not in OPTIONS:
        raise errors.field_error("option", "Invalid parameter: option.")
    return option


def _security(settings: dict[str, Any], stored: dict[str, Any]) -> dict[str, Any]:
    view = settings_defaults.meeting_security_defaults()
    for field, (section, key) in _TWINS.items():
        if key in settings.get(section, {}):
            view[field] = copy.deepcopy(settings[section][key])
    return deep_merge(view, stored)


def get_settings(ctx: Ctx, group_id: str) -> dict[str, Any]:
    option = _option(ctx)
    stored = _overrides(ctx, SETTINGS_KIND, group_id)
    settings = deep_merge(_defaults(), {k: v for k, v in stored.items() if k[0] != "_"})
    if option == "meeting_security":
        return {"meeting_security": _security(settings, stored.get("_meeting_security", {}))}
    if option:
        return {"authentication_options": stored.get("_" + option, [])}
    return settings


def _diff(old: Any, new: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    before: dict[str, Any] = {}
    after: dict[str, Any] = {}
    for key, value in new.items():
        prev = old.get(key) if isinstance(old, dict) else None
        if isinstance(value, dict) and isinstance(prev, dict):
            b, a = _diff(prev, value)
            if a:
                before[key], after[key] = b, a
        elif prev != value:
            before[key], after[key] = prev, value
    return before, after


def update_settings(ctx: Ctx, group_id: str, body: dict[str, Any]) -> None:
    option = _option(ctx)
    stored = _overrides(ctx, SETTINGS_KIND, group_id)
    current = get_settings(ctx, group_id)
    if option == "meeting_security":
        patch = body.get("meeting_security") or {}
        stored["_meeting_security"] = deep_merge(stored.get("_meeting_security", {}), patch)
        before, after = _diff(current.get("meeting_security", {}), patch)
        before, after = {"meeting_security": before}, {"meeting_security": after}
    elif option:
        stored["_" + option] = body.get("authentication_options", body)
        before, after = {}, {}
    else:
        patch = {k: v for k, v in body.items() if k in SECTIONS and isinstance(v, dict)}
        deep_merge(stored, patch)
        before, after = _diff(current, patch)
    _store(ctx, SETTINGS_KIND, group_id, stored)
    if after:
        ctx.emit(
            "group.settings_updated",
            {"id": group_id, "settings": after},
            old_object={"id": group_id, "settings": before},
            time_stamp=ctx.clock.now_ms(),
        )


def get_lock_settings(ctx: Ctx, group_id: str) -> dict[str, Any]:
    option = ctx.q("option")
    stored = _overrides(ctx, LOCK_KIND, group_id)
    if option == "meeting_security":
        return {"meeting_security": stored.get("_meeting_security", {})}
    return deep_merge(_lock_defaults(), {k: v for k, v in stored.items() if k[0] != "_"})


def update_lock_settings(ctx: Ctx, group_id: str, body: dict[str, Any]) -> None:
    option = ctx.q("option")
    stored = _overrides(ctx, LOCK_KIND, group_id)
    current = get_lock_settings(ctx, group_id)
    if option == "meeting_security":
        patch = {"meeting_security": body.get("meeting_security") or {}}
        stored["_meeting_security"] = deep_merge(
            stored.get("_meeting_security", {}), patch["meeting_security"]
        )
    else:
        patch = {k: v for k, v in body.items() if k in LOCK_SECTIONS and isinstance(v, dict)}
        deep_merge(stored, patch)
    before, after = _diff(current, patch)
    _store(ctx, LOCK_KIND, group_id, stored)
    if after:
        ctx.emit(
            "group.lock_settings_updated",
            {"id": group_id, "settings": after},
            old_object={"id": group_id, "settings": before},
            time_stamp=ctx.clock.now_ms(),
        )
