"""Zoom Rooms profiles: the account profile, inherited by locations and then rooms.

Each level stores only what was set on it ("profile" in its overrides document); what a level
shows is the account defaults overlaid with the overrides from the account down to that level.
The room passcode and support email are only shown once set (Zoom never shows them blank).
"""

from __future__ import annotations

from typing import Any

from zoomstack.areas.rooms import common
from zoomstack.areas.rooms.common import Doc
from zoomstack.context import Ctx

ACCOUNT_SCOPE = "account"
INHERITED_BASIC = ("required_code_to_ext", "room_passcode", "support_email", "support_phone")
_HIDDEN_WHEN_BLANK = ("room_passcode", "support_email")


def _defaults() -> Doc:
    return {
        "basic": {"required_code_to_ext": False, "support_phone": ""},
        "setup": {"apply_background_image_to_all_displays": False, "background_image_info": []},
    }


def _stored(ctx: Ctx, scope: str) -> Doc:
    profile = common.overrides(ctx, scope).get("profile")
    return profile if isinstance(profile, dict) else {}


def store_profile(ctx: Ctx, scope: str, body: Doc) -> bool:
    """Merge `body`'s basic/setup into the scope's stored profile; True when something changed."""
    data = common.overrides(ctx, scope)
    old = data.get("profile") if isinstance(data.get("profile"), dict) else {}
    new: Doc = dict(old or {})
    for section in ("basic", "setup", "device"):
        part = body.get(section)
        if isinstance(part, dict) and part:
            new[section] = {**(new.get(section) or {}), **part}
    if new == old:
        return False
    common.save_overrides(ctx, scope, {**data, "profile": new})
    return True


def _clean(profile: Doc) -> Doc:
    basic = {
        k: v
        for k, v in profile.get("basic", {}).items()
        if not (k in _HIDDEN_WHEN_BLANK and v in ("", None))
    }
    return {**profile, "basic": basic}


def chain_profile(
    ctx: Ctx, scopes: list[str], basic_keys: tuple[str, ...], own_keys: tuple[str, ...] = ()
) -> Doc:
    """Defaults overlaid with the stored profiles of `scopes` (top-down). Only `basic_keys` pass
    down the chain; the last scope (the object itself) also shows its `own_keys`."""
    profile: Any = _defaults()
    for i, scope in enumerate(scopes):
        stored = _stored(ctx, scope)
        keys = (*basic_keys, *own_keys) if i == len(scopes) - 1 else basic_keys
        profile = common.merge(
            profile,
            {
                "basic": {k: v for k, v in (stored.get("basic") or {}).items() if k in keys},
                "setup": stored.get("setup") or {},
            },
        )
    return _clean(profile)


def location_scopes(ctx: Ctx, loc: Doc | None) -> list[str]:
    return [f"location:{d['id']}" for d in reversed(common.ancestors(ctx, loc))]


def account_profile(ctx: Ctx) -> Doc:
    return chain_profile(ctx, [ACCOUNT_SCOPE], INHERITED_BASIC)


def update_account_profile(ctx: Ctx, body: Doc) -> None:
    store_profile(ctx, ACCOUNT_SCOPE, body)


def location_chain_profile(ctx: Ctx, loc: Doc) -> Doc:
    from zoomstack.areas.rooms.locations import PROFILE_BASIC

    scopes = [ACCOUNT_SCOPE, *location_scopes(ctx, loc)]
    return chain_profile(ctx, scopes, INHERITED_BASIC, PROFILE_BASIC)
