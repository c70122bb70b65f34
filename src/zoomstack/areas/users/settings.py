"""User settings: the full settings object, its `option` views and partial updates.

Only the values a client changed are stored (kind "user_settings", one document per user), deep-
merged over the defaults on read, so a default changed in code reaches every user who never set
it. The meeting-security view shares its overlapping fields with the main object (waiting room,
passcode rules, ...) so both views always agree; its other fields and the authentication
profiles are kept under internal keys of the same document.
"""

from __future__ import annotations

import base64
import copy
import hashlib
from typing import Any

from zoomstack import errors, ids
from zoomstack.areas.users import settings_defaults
from zoomstack.context import Ctx
from zoomstack.store import Tx

KIND = "user_settings"
LICENSED = 2
OPTIONS = ("meeting_authentication", "recording_authentication", "meeting_security")
_MEETING_SECURITY = "_meeting_security"

# meeting_security field -> (section, field) of the main settings object it mirrors.
_SECURITY_TWINS: dict[str, tuple[str, str]] = {
    "waiting_room": ("in_meeting", "waiting_room"),
    "meeting_password_requirement": ("schedule_meeting", "meeting_password_requirement"),
    "meeting_password": ("schedule_meeting", "require_password_for_scheduling_new_meetings"),
    "require_password_for_scheduled_meeting": (
        "schedule_meeting",
        "require_password_for_scheduled_meetings",
    ),
    "phone_password": ("schedule_meeting", "pstn_password_protected"),
    "embed_password_in_join_link": ("schedule_meeting", "embed_password_in_join_link"),
    "end_to_end_encrypted_meetings": ("in_meeting", "e2e_encryption"),
}


def default_user_settings(user_type: int = LICENSED) -> dict[str, Any]:
    """The full user settings object with zoomstack's defaults for a user of this type."""
    return settings_defaults.defaults(user_type)


def deep_merge(base: dict[str, Any], patch: dict[str, Any]) -> dict[str, Any]:
    for key, value in patch.items():
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            deep_merge(base[key], value)
        else:
            base[key] = copy.deepcopy(value)
    return base


def stored_overrides(tx: Tx, user: dict[str, Any]) -> dict[str, Any]:
    return tx.get(KIND, user["id"], user["account_id"]) or {}


def store_overrides(tx: Tx, user: dict[str, Any], patch: dict[str, Any]) -> None:
    current = tx.get(KIND, user["id"], user["account_id"])
    if current is None:
        tx.insert(KIND, user["id"], user["account_id"], deep_merge({}, patch))
    else:
        tx.update(KIND, user["id"], deep_merge(current, patch))


def user_settings(tx: Tx, user: dict[str, Any]) -> dict[str, Any]:
    """The user's effective settings: stored values over the defaults (public sections only)."""
    stored = stored_overrides(tx, user)
    merged = default_user_settings(int(user.get("type") or LICENSED))
    return deep_merge(merged, {k: v for k, v in stored.items() if not k.startswith("_")})


# -- GET -----------------------------------------------------------------------------------------
def get_settings(
    ctx: Ctx, user: dict[str, Any], backgrounds: list[dict[str, Any]]
) -> dict[str, Any]:
    """The settings view the request asks for; `backgrounds` are the uploaded files."""
    _refuse_pending(user)
    option = ctx.q_enum("option", OPTIONS, "")
    if option == "meeting_security":
        return {"meeting_security": meeting_security(ctx.tx, user)}
    if option:
        return authentication(ctx.tx, user, option)
    settings = user_settings(ctx.tx, user)
    settings["in_meeting"]["virtual_background_settings"]["files"] = backgrounds
    fields = [f.strip() for f in ctx.q("custom_query_fields").split(",") if f.strip()]
    if fields:
        return _pick(settings, set(fields))
    return settings


def _pick(settings: dict[str, Any], fields: set[str]) -> dict[str, Any]:
    """custom_query_fields: keep only the named fields, inside their sections."""
    out: dict[str, Any] = {}
    for section, values in settings.items():
        if not isinstance(values, dict):
            continue
        picked = {k: v for k, v in values.items() if k in fields}
        if picked:
            out[section] = picked
    return out


def _refuse_pending(user: dict[str, Any]) -> None:
    if user.get("status") == "pending":
        raise errors.bad_request(
            1000, "You can not access settings of users that are still in pending state."
        )


# -- meeting security ----------------------------------------------------------------------------
def meeting_security(tx: Tx, user: dict[str, Any]) -> dict[str, Any]:
    stored = stored_overrides(tx, user).get(_MEETING_SECURITY) or {}
    view = deep_merge(settings_defaults.meeting_security_defaults(), stored)
    settings = user_settings(tx, user)
    for field, (section, twin) in _SECURITY_TWINS.items():
        view[field] = copy.deepcopy(settings[section][twin])
    return dict(sorted(view.items()))


def _split_security(patch: dict[str, Any]) -> dict[str, Any]:
    """A meeting_security patch as a patch of the stored document."""
    out: dict[str, Any] = {}
    for field, value in patch.items():
        twin = _SECURITY_TWINS.get(field)
        if twin is None:
            out.setdefault(_MEETING_SECURITY, {})[field] = value
        else:
            out.setdefault(twin[0], {})[twin[1]] = value
    return out


# -- authentication profiles ---------------------------------------------------------------------
_AUTH_DEFAULTS: dict[str, tuple[tuple[str, str], ...]] = {
    "meeting_authentication": (
        ("enforce_login", "Sign in to Zoom"),
        ("enforce_login_with_domains", "Sign in to Zoom with specified domains"),
        ("enforce_login_with_same_account", "Signed-in users in this account"),
    ),
    "recording_authentication": (
        ("internally", "Signed-in users in my account"),
        ("enforce_login", "Sign in to Zoom"),
        ("enforce_login_with_domains", "Sign in to Zoom with specified domains"),
    ),
}


def _option_id(user_id: str, option: str, kind: str) -> str:
    digest = hashlib.sha256(f"{user_id}:{option}:{kind}".encode()).digest()[:16]
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def _default_authentication(user: dict[str, Any], option: str) -> dict[str, Any]:
    options = [
        {
            "id": _option_id(user["id"], option, kind),
            "name": name,
            "type": kind,
            "visible": True,
            "default_option": i == 0,
            "domains": "",
        }
        for i, (kind, name) in enumerate(_AUTH_DEFAULTS[option])
    ]
    out: dict[str, Any] = {option: False, "authentication_options": options}
    if option == "meeting_authentication":
        out["allow_authentication_exception"] = False
    return out


def authentication(tx: Tx, user: dict[str, Any], option: str) -> dict[str, Any]:
    stored = stored_overrides(tx, user).get("_" + option)
    return copy.deepcopy(stored) if stored else _default_authentication(user, option)


def _update_authentication(
    tx: Tx, user: dict[str, Any], option: str, body: dict[str, Any]
) -> dict[str, Any]:
    data = authentication(tx, user, option)
    if option in body:
        data[option] = bool(body[option])
    change = body.get("authentication_option")
    if isinstance(change, dict):
        options: list[dict[str, Any]] = data["authentication_options"]
        action = str(change.get("action") or "update")
        found = next((o for o in options if change.get("id") and o["id"] == change["id"]), None)
        if change.get("id") and found is None:
            raise errors.field_error("authentication_option.id", "Invalid parameter: id.")
        if action in ("show", "hide"):
            if found is None:
                raise errors.field_error("authentication_option.id", "Missing field: id.")
            found["visible"] = action == "show"
        else:
            if found is None:
                if not change.get("type"):
                    raise errors.field_error("authentication_option.type", "Missing field: type.")
                found = {"id": ids.b64url_id(), "visible": True, "default_option": False}
                options.append(found)
            for key in ("name", "type", "domains", "default_option"):
                if key in change:
                    found[key] = change[key]
        if found.get("default_option"):
            for other in options:
                if other is not found:
                    other["default_option"] = False
    return data


# -- PATCH ---------------------------------------------------------------------------------------
def _diff(old: Any, new: Any) -> tuple[Any, Any] | None:
    """(new, old) restricted to what changed, or None when nothing did."""
    if isinstance(new, dict) and isinstance(old, dict):
        changed_new: dict[str, Any] = {}
        changed_old: dict[str, Any] = {}
        for key, value in new.items():
            found = _diff(old.get(key), value)
            if found is not None:
                changed_new[key], changed_old[key] = found
        return (changed_new, changed_old) if changed_new else None
    return None if old == new else (new, old)


def _check_features(user: dict[str, Any], current: dict[str, Any], patch: dict[str, Any]) -> None:
    licensed = int(user.get("type") or 0) == LICENSED
    if patch.get("webinar") is True:
        if not licensed:
            raise errors.bad_request(
                1122, "Webinar feature can only be enabled for Licensed or On-prem users."
            )
        if current.get("zoom_events") and patch.get("zoom_events") is not False:
            raise errors.bad_request(
                1204,
                "You can't enable the Webinar feature because you already have the Zoom"
                " Events feature.",
            )
    if patch.get("large_meeting") is True and not licensed:
        raise errors.bad_request(
            1108, "Only Licensed or On-prem users can enable the large meeting feature."
        )
    if patch.get("zoom_events") is True:
        if not licensed:
            raise errors.bad_request(
                1206, "You can only enable the Zoom Events feature for Licensed or On-prem users."
            )
        if current.get("webinar") or patch.get("webinar") is True:
            raise errors.bad_request(
                1205,
                "You can't enable the Zoom Events feature because you already have the"
                " Webinar feature.",
            )


def update_settings(ctx: Ctx, user: dict[str, Any], body: dict[str, Any], option: str) -> None:
    _refuse_pending(user)
    tx = ctx.tx
    if option in ("meeting_authentication", "recording_authentication"):
        before = authentication(tx, user, option)
        after = _update_authentication(tx, user, option, body)
        store_overrides(tx, user, {"_" + option: after})
        _emit(ctx, user, _diff(before, after), wrap=option)
        return
    if option == "meeting_security":
        patch = body.get("meeting_security")
        if not isinstance(patch, dict):
            return
        before = meeting_security(tx, user)
        store_overrides(tx, user, _split_security(patch))
        _emit(ctx, user, _diff(before, meeting_security(tx, user)), wrap=option)
        return
    patch = {k: v for k, v in body.items() if isinstance(v, dict)}
    vb = patch.get("in_meeting", {}).get("virtual_background_settings")
    if isinstance(vb, dict):
        # The file list is managed by uploads, never by a settings update.
        vb.pop("files", None)
    current = user_settings(tx, user)
    _check_features(user, current["feature"], patch.get("feature") or {})
    store_overrides(tx, user, patch)
    _emit(ctx, user, _diff(current, user_settings(tx, user)), wrap="")


def _emit(ctx: Ctx, user: dict[str, Any], diff: tuple[Any, Any] | None, wrap: str) -> None:
    if diff is None:
        return
    new, old = diff
    if wrap:
        new, old = {wrap: new}, {wrap: old}
    ctx.emit(
        "user.settings_updated",
        {"id": user["id"], "settings": new},
        old_object={"id": user["id"], "settings": old},
        time_stamp=ctx.clock.now_ms(),
    )
