"""Account settings and lock settings: the full objects (defaults merged with the account's
stored overrides), partial updates with their webhook events, and account virtual backgrounds
(stored like users' ones, under the account)."""

from __future__ import annotations

import base64
import copy
from typing import Any

from zoomstack import errors, ids
from zoomstack.areas.accounts import service
from zoomstack.areas.accounts import settings_defaults as defaults
from zoomstack.areas.users import media
from zoomstack.areas.users.settings import deep_merge
from zoomstack.context import Ctx
from zoomstack.multipart import file_part, parse_multipart

KIND = "account_settings"
BACKGROUND_KIND = "account_virtual_background"
OPTIONS = ("meeting_authentication", "recording_authentication", "security", "meeting_security")
_BASES: dict[str, dict[str, Any]] = {
    "settings": defaults.SETTINGS,
    "meeting_authentication": defaults.MEETING_AUTHENTICATION,
    "recording_authentication": defaults.RECORDING_AUTHENTICATION,
    "meeting_security": defaults.MEETING_SECURITY,
    "lock": defaults.LOCK_SETTINGS,
    "lock_meeting_security": defaults.LOCK_MEETING_SECURITY,
}


def _stored(ctx: Ctx, account_id: str) -> dict[str, Any]:
    return ctx.tx.get(KIND, account_id, account_id) or {}


def _save(ctx: Ctx, account_id: str, doc: dict[str, Any]) -> None:
    if ctx.tx.get(KIND, account_id, account_id) is None:
        ctx.tx.insert(KIND, account_id, account_id, doc)
    else:
        ctx.tx.update(KIND, account_id, doc)


def _section(ctx: Ctx, account_id: str, name: str) -> dict[str, Any]:
    return deep_merge(defaults.fresh(_BASES[name]), _stored(ctx, account_id).get(name) or {})


def _pick(value: Any, fields: set[str]) -> Any:
    """Keep only the named leaf fields (custom_query_fields), with the sections holding them."""
    if not isinstance(value, dict):
        return value
    out: dict[str, Any] = {}
    for key, sub in value.items():
        if key in fields:
            out[key] = sub
        elif isinstance(sub, dict):
            picked = _pick(sub, fields)
            if picked:
                out[key] = picked
    return out


def _settings_name(option: str, lock: bool) -> str:
    if lock:
        return "lock_meeting_security" if option == "meeting_security" else "lock"
    return option if option in _BASES else "settings"


def get_settings(ctx: Ctx, *, lock: bool = False) -> dict[str, Any]:
    account = service.path_account(ctx)
    option = ctx.q_enum("option", OPTIONS, "")
    name = _settings_name(option, lock)
    body = _section(ctx, str(account["id"]), name)
    if option == "security" and not lock:
        body = {"security": body["security"]}
    fields = {f.strip() for f in ctx.q("custom_query_fields").split(",") if f.strip()}
    return _pick(body, fields) if fields else body


def _diff(old: Any, new: Any) -> tuple[Any, Any] | None:
    if isinstance(old, dict) and isinstance(new, dict):
        before: dict[str, Any] = {}
        after: dict[str, Any] = {}
        for key in new:
            changed = _diff(old.get(key), new[key])
            if changed is not None:
                before[key], after[key] = changed
        return (before, after) if after else None
    return None if old == new else (old, new)


def update_settings(ctx: Ctx, body: dict[str, Any], *, lock: bool = False) -> None:
    account = service.path_account(ctx)
    account_id = str(account["id"])
    option = ctx.q_enum("option", OPTIONS, "")
    name = _settings_name(option, lock)
    if option == "security" and not lock:
        body = {"security": body.get("security") or {}}
    current = _section(ctx, account_id, name)
    patch = {k: v for k, v in body.items() if k in current}
    merged = deep_merge(copy.deepcopy(current), patch)
    stored = _stored(ctx, account_id)
    stored[name] = deep_merge(stored.get(name) or {}, patch)
    _save(ctx, account_id, stored)
    changed = _diff(current, merged)
    if changed is None:
        return
    event = "account.lock_settings_updated" if lock else "account.settings_updated"
    ctx.emit(
        event,
        {"id": account_id, "settings": changed[1]},
        old_object={"id": account_id, "settings": changed[0]},
        time_stamp=ctx.clock.now_ms(),
    )


# -- virtual backgrounds ---------------------------------------------------------------------
def upload_background(ctx: Ctx) -> dict[str, Any]:
    account_id = str(service.path_account(ctx)["id"])
    part = file_part(parse_multipart(ctx), "file")
    if part is None or not part[2]:
        raise errors.bad_request(120, "No file uploaded, verify that a file has been uploaded.")
    filename, _, data = part
    if len(data) > media.MAX_BACKGROUND_BYTES:
        raise errors.bad_request(120, "File size cannot exceed 15M.")
    kind = media.sniff(data)
    if kind not in ("png", "jpeg", "gif"):
        raise errors.bad_request(
            120, 'File uploads must be in "jpg/jpeg", "gif", or "png" file format.'
        )
    doc: dict[str, Any] = {
        "id": ids.b64url_id(),
        "is_default": False,
        "name": filename or f"background.{kind}",
        "size": len(data),
        "type": "image",
        "data": base64.b64encode(data).decode(),
    }
    ctx.tx.insert(BACKGROUND_KIND, doc["id"], account_id, doc, sort=ctx.clock.now_iso() + doc["id"])
    return {k: doc[k] for k in ("id", "is_default", "name", "size", "type")}


def delete_backgrounds(ctx: Ctx) -> None:
    account_id = str(service.path_account(ctx)["id"])
    wanted = [f.strip() for f in ctx.q("file_ids").split(",") if f.strip()]
    owned = {d["id"] for d in ctx.tx.find(BACKGROUND_KIND, account_id)}
    if not wanted or any(f not in owned for f in wanted):
        raise errors.bad_request(300, "Invalid parameter: file_ids")
    for file_id in wanted:
        ctx.tx.delete(BACKGROUND_KIND, file_id)
