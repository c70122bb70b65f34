"""The `settings` object of a meeting: defaults (from Zoom's schema and the host's user settings),
merging what a client sends, and the few rules that tie settings together.
"""

from __future__ import annotations

import copy
import functools
from typing import Any

from zoomstack.catalog import request_schema

# Dial-in numbers every meeting lists (Zoom's public US numbers).
DIAL_IN_NUMBERS: tuple[dict[str, str], ...] = (
    {"country": "US", "country_name": "US", "city": "San Jose", "number": "+1 6699006833",
     "type": "toll"},
    {"country": "US", "country_name": "US", "city": "New York", "number": "+1 9292056099",
     "type": "toll"},
    {"country": "US", "country_name": "US", "city": "Houston", "number": "+1 3462487799",
     "type": "toll"},
    {"country": "US", "country_name": "US", "city": "Tacoma", "number": "+1 2532158782",
     "type": "toll"},
)  # fmt: skip
H323_ROOMS: tuple[tuple[str, str], ...] = (
    ("162.255.37.11", "US West"),
    ("162.255.36.11", "US East"),
)
SIP_DOMAIN = "zoomcrc.com"

# Settings that PATCH with `occurrence_id` may change on one occurrence.
OCCURRENCE_SETTINGS = frozenset(
    {
        "host_video",
        "participant_video",
        "join_before_host",
        "mute_upon_entry",
        "waiting_room",
        "watermark",
        "auto_recording",
    }
)
# Fields the server computes; a client sending them changes nothing.
READ_ONLY = frozenset({"global_dial_in_numbers"})
AUDIO_TYPES = ("both", "telephony", "voip", "thirdParty")
AUTO_RECORDING = ("local", "cloud", "none")

# Defaults a meeting's and a webinar's settings share (the webinars area uses them too).
SCHEDULING_DEFAULTS: dict[str, Any] = {
    "approval_type": 2,
    "audio": "both",
    "auto_recording": "none",
    "enforce_login": False,
    "enforce_login_domains": "",
    "alternative_hosts": "",
    "alternative_host_update_polls": False,
    "close_registration": False,
    "show_share_button": False,
    "allow_multiple_devices": False,
}

_BASE_DEFAULTS: dict[str, Any] = {
    "host_video": False,
    "participant_video": False,
    "cn_meeting": False,
    "in_meeting": False,
    "join_before_host": False,
    "jbh_time": 0,
    "mute_upon_entry": False,
    "watermark": False,
    "use_pmi": False,
    **SCHEDULING_DEFAULTS,
    "registrants_confirmation_email": True,
    "waiting_room": False,
    "request_permission_to_unmute_participants": False,
    "registrants_email_notification": True,
    "meeting_authentication": False,
    "encryption_type": "enhanced_encryption",
    "approved_or_denied_countries_or_regions": {"enable": False},
    "breakout_room": {"enable": False},
    "internal_meeting": False,
    "continuous_meeting_chat": {"enable": False, "auto_add_invited_external_users": False},
    "participant_focused_meeting": False,
    "push_change_to_calendar": False,
    "alternative_hosts_email_notification": True,
    "show_join_info": False,
    "device_testing": False,
    "focus_mode": False,
    "meeting_invitees": [],
    "private_meeting": False,
    "email_notification": True,
    "host_save_video_order": False,
    "sign_language_interpretation": {"enable": False},
    "email_in_attendee_report": False,
    "auto_start_meeting_summary": False,
    "auto_start_ai_companion_questions": False,
    "disable_participant_video": False,
}


def schema_fields(create_path: str) -> frozenset[str]:
    """The `settings` fields of the create request at `create_path` (meetings or webinars)."""
    entry = request_schema("POST", create_path) or {}
    body = entry.get("body") or {}
    return frozenset(body.get("properties", {}).get("settings", {}).get("properties", {}))


@functools.cache
def _known_fields() -> frozenset[str]:
    return schema_fields("/users/{userId}/meetings") | frozenset(_BASE_DEFAULTS)


def host_preferences(user_settings: dict[str, Any], others_video: str) -> dict[str, Any]:
    """What a host's user settings preset on a new meeting or webinar: video of the host and of
    the others (`others_video`: the setting's name), audio type and automatic recording."""
    sched = user_settings.get("schedule_meeting", {})
    audio = sched.get("audio_type", "both")
    auto = user_settings.get("recording", {}).get("auto_recording", "none")
    return {
        "host_video": bool(sched.get("host_video", False)),
        others_video: bool(sched.get("participants_video", False)),
        "audio": audio if audio in AUDIO_TYPES else "both",
        "auto_recording": auto if auto in AUTO_RECORDING else "none",
    }


def defaults(meeting_type: int, user_settings: dict[str, Any]) -> dict[str, Any]:
    """A new meeting's settings: Zoom's defaults, then the host's scheduling preferences."""
    out = copy.deepcopy(_BASE_DEFAULTS)
    out.update(host_preferences(user_settings, "participant_video"))
    sched = user_settings.get("schedule_meeting", {})
    out["join_before_host"] = bool(sched.get("join_before_host", False))
    pmi_key = (
        "use_pmi_for_instant_meetings" if meeting_type == 1 else "use_pmi_for_scheduled_meetings"
    )
    out["use_pmi"] = bool(sched.get(pmi_key, False)) and meeting_type in (1, 2, 3)
    out["waiting_room"] = bool(user_settings.get("in_meeting", {}).get("waiting_room", False))
    if meeting_type == 8:
        out["registration_type"] = 1
    out["global_dial_in_countries"] = ["US"]
    return out


def merge(
    base: dict[str, Any], given: dict[str, Any], known: frozenset[str] | None = None
) -> dict[str, Any]:
    """Settings sent by a client over existing ones; objects are replaced whole, as Zoom does,
    and unknown or computed fields are dropped (`known`: the webinars area passes its own)."""
    out = copy.deepcopy(base)
    known = _known_fields() if known is None else known
    for key, value in given.items():
        if key in known and key not in READ_ONLY:
            out[key] = copy.deepcopy(value)
    return out


def normalize(
    settings: dict[str, Any], *, meeting_type: int, host_licensed: bool
) -> dict[str, Any]:
    """The rules that tie settings together, applied after every change."""
    # With the waiting room on, nobody can join before the host.
    if settings.get("waiting_room"):
        settings["join_before_host"] = False
    # Registration needs a licensed host and a meeting with a fixed time or a single slot.
    if not host_licensed or meeting_type in (1, 3, 4):
        settings["approval_type"] = 2
    return finish(settings, series=meeting_type == 8)


def finish(settings: dict[str, Any], *, series: bool) -> dict[str, Any]:
    """What every meeting's and webinar's settings end with: a registration type only for a
    fixed-time series, and the dial-in numbers (computed, never stored as sent)."""
    if series:
        settings.setdefault("registration_type", 1)
    else:
        settings.pop("registration_type", None)
    settings["global_dial_in_numbers"] = [dict(n) for n in DIAL_IN_NUMBERS]
    settings.setdefault("global_dial_in_countries", ["US"])
    return settings


def registration_enabled(settings: dict[str, Any]) -> bool:
    return bool(settings.get("approval_type", 2) != 2)
