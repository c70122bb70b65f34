"""A phone user's settings (GET) and its shared sub-settings (voicemail access, delegation,
recording access members, desk phone): POST adds, PATCH changes, DELETE removes."""

from __future__ import annotations

from typing import Any

from zoomstack import errors, ids
from zoomstack.areas.phone import common, users
from zoomstack.areas.phone.common import ACCOUNT, DEVICE, PHONE_USER, Doc
from zoomstack.context import Ctx

_ACCESS_LISTS = (
    "voice_mail",
    "auto_call_recording_access_members",
    "ad_hoc_call_recording_access_members",
)
_TYPES = (*_ACCESS_LISTS, "delegation", "desk_phone", "intercom")


def _invalid_type() -> errors.ZoomError:
    return errors.bad_request(300, "Invalid user sub-setting type.")


def get(ctx: Ctx, user: Doc) -> Doc:
    doc = users.profile(ctx, user)
    settings: Doc = doc.get("settings") or {}
    account = ctx.tx.get(ACCOUNT, ctx.account_id, ctx.account_id) or {}
    devices = [
        {
            "id": d["id"],
            "display_name": d.get("display_name", ""),
            "device_type": d.get("device_type", ""),
            "mac_address": d.get("mac_address", ""),
            "status": "offline",
        }
        for d in ctx.tx.find(DEVICE, ctx.account_id)
        if {"type": "user", "id": user["id"]} in (d.get("_assignees") or [])
    ]
    site = common.site_doc(ctx, str(doc["_site_id"])) or {}
    return {
        "area_code": "",
        "audio_prompt_language": "en-US",
        "company_number": account.get("company_number", ""),
        "country": {
            **site.get("country", {"code": "US", "name": "United States"}),
            "country_code": "1",
        },
        "extension_number": doc["extension_number"],
        "status": "Active" if doc.get("status", "activate") == "activate" else "Inactive",
        "delegation": {
            "assistants": settings.get("delegation", {}).get("assistants", []),
            "privacy": settings.get("delegation", {}).get("privacy", False),
            "privileges": settings.get("delegation", {}).get("privileges", []),
            "locked": False,
        },
        "desk_phone": {
            "devices": devices,
            "pin_code": settings.get("desk_phone", {}).get("pin_code", ""),
        },
        "voice_mail": settings.get("voice_mail", []),
        "auto_call_recording_access_members": settings.get(
            "auto_call_recording_access_members", []
        ),
        "ad_hoc_call_recording_access_members": settings.get(
            "ad_hoc_call_recording_access_members", []
        ),
        "outbound_caller_ids": [],
    }


def _access_member(ctx: Ctx, item: Doc) -> Doc:
    member_id = str(item.get("access_user_id", ""))
    member_type = str(item.get("access_user_type", "user"))
    if member_type == "user":
        exists = bool(member_id) and users.by_id(ctx, member_id) is not None
    else:
        exists = common.owner_doc(ctx, member_type, member_id) is not None
    if not exists:
        raise errors.user_not_found(member_id)
    out = {k: v for k, v in item.items() if k != "shared_id"}
    out["shared_id"] = ids.b64url_id()
    return out


def add(ctx: Ctx, user: Doc, setting_type: str, body: Doc) -> Doc:
    if setting_type not in _TYPES:
        raise _invalid_type()
    doc = users.profile(ctx, user)
    settings = doc.setdefault("settings", {})
    out: Doc
    if setting_type == "delegation":
        ext_id = str(body.get("delegation_assistant_extension_id") or "")
        if not ext_id:
            raise errors.bad_request(300, "Delegation assistant is required.")
        found = common.find_extension(ctx, ext_id)
        if found is None:
            raise errors.bad_request(300, f"User delegation assistant does not exist: {ext_id}.")
        owner_type, owner = found
        assistant = {
            "id": owner["id"],
            "extension_id": ext_id,
            "extension_number": owner.get("extension_number"),
            "extension_type": owner_type,
            "display_name": common.owner_name(ctx, owner_type, owner),
        }
        delegation = settings.setdefault("delegation", {})
        delegation.setdefault("assistants", [])
        delegation["assistants"] = [
            a for a in delegation["assistants"] if a["extension_id"] != ext_id
        ] + [assistant]
        out = {"delegation": {"assistants": [assistant]}}
    elif setting_type in _ACCESS_LISTS:
        key = "voice_mail" if setting_type == "voice_mail" else setting_type
        entries = body.get(key)
        items: list[Doc] = entries if isinstance(entries, list) else [entries] if entries else []
        if not items and setting_type == "voice_mail":
            items = body.get("voicemail_access_members") or []
        current: list[Doc] = settings.setdefault(setting_type, [])
        added = []
        for item in items:
            if any(c.get("access_user_id") == item.get("access_user_id") for c in current):
                raise errors.bad_request(300, "Voicemail has already been shared to the user.")
            entry = _access_member(ctx, item)
            current.append(entry)
            added.append(entry)
        out = {setting_type: added[0] if setting_type == "voice_mail" and added else added}
    else:
        raise _invalid_type()
    ctx.tx.update(PHONE_USER, str(user["id"]), doc)
    return out


def update(ctx: Ctx, user: Doc, setting_type: str, body: Doc) -> None:
    if setting_type not in _TYPES:
        raise errors.bad_request(300, f"Invalid user setting Type: {setting_type}.")
    doc = users.profile(ctx, user)
    settings = doc.setdefault("settings", {})
    value = body.get(setting_type)
    if setting_type in ("delegation", "desk_phone", "intercom") and isinstance(value, dict):
        settings[setting_type] = {**settings.get(setting_type, {}), **value}
    elif setting_type in _ACCESS_LISTS:
        items: list[Any] = value if isinstance(value, list) else [value] if value else []
        current = settings.setdefault(setting_type, [])
        for item in items:
            for entry in current:
                if entry.get("shared_id") == item.get("shared_id"):
                    entry.update({k: v for k, v in item.items() if k != "shared_id"})
    ctx.tx.update(PHONE_USER, str(user["id"]), doc)


def delete(ctx: Ctx, user: Doc, setting_type: str) -> None:
    if setting_type not in _TYPES:
        raise _invalid_type()
    doc = users.profile(ctx, user)
    settings = doc.setdefault("settings", {})
    if setting_type in _ACCESS_LISTS:
        shared_id = ctx.q("shared_id")
        settings[setting_type] = [
            e for e in settings.get(setting_type, []) if shared_id and e["shared_id"] != shared_id
        ]
    elif setting_type == "delegation":
        ext_id = ctx.q("assistant_extension_id")
        delegation = settings.setdefault("delegation", {})
        delegation["assistants"] = [
            a for a in delegation.get("assistants", []) if ext_id and a["extension_id"] != ext_id
        ]
    else:
        settings.pop(setting_type, None)
    ctx.tx.update(PHONE_USER, str(user["id"]), doc)
