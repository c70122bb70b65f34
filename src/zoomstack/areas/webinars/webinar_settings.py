"""The `settings` object of a webinar: defaults (Zoom's schema defaults and the host's user
settings), merging what a client sends, and the rules that tie settings together.

Merging is the meetings core's (`meeting_settings.merge`) over the webinar schema's fields.
"""

from __future__ import annotations

import copy
import functools
from typing import Any

from zoomstack.areas.meetings import meeting_settings

WEBINAR, RECURRING_NO_TIME, RECURRING = 5, 6, 9

# Settings that PATCH with `occurrence_id` may change on one occurrence.
OCCURRENCE_SETTINGS = frozenset(
    {"host_video", "panelists_video", "hd_video", "add_watermark", "auto_recording"}
)

QUESTION_AND_ANSWER: dict[str, Any] = {
    "enable": True,
    "allow_submit_questions": True,
    "allow_anonymous_questions": True,
    "answer_questions": "all",
    "attendees_can_comment": True,
    "attendees_can_upvote": True,
    "allow_auto_reply": False,
    "auto_reply_text": "",
}
# Objects that are always shown whole: a client sending part of one keeps the other fields.
_WHOLE_OBJECTS: dict[str, dict[str, Any]] = {
    "question_and_answer": QUESTION_AND_ANSWER,
    "attendees_and_panelists_reminder_email_notification": {"enable": False, "type": 0},
    "follow_up_attendees_email_notification": {"enable": False, "type": 0},
    "follow_up_absentees_email_notification": {"enable": False, "type": 0},
    "language_interpretation": {"enable": False, "interpreters": []},
    "sign_language_interpretation": {"enable": False, "interpreters": []},
}

_BASE_DEFAULTS: dict[str, Any] = {
    "host_video": False,
    "panelists_video": False,
    "practice_session": False,
    "hd_video": False,
    "hd_video_for_attendees": False,
    "send_1080p_video_to_attendees": False,
    **meeting_settings.SCHEDULING_DEFAULTS,
    "on_demand": False,
    "global_dial_in_countries": ["US"],
    "contact_name": "",
    "contact_email": "",
    "registrants_restrict_number": 0,
    "registrants_confirmation_email": True,
    "registrants_email_notification": True,
    "post_webinar_survey": False,
    "survey_url": "",
    "panelists_invitation_email_notification": True,
    "meeting_authentication": False,
    "panelist_authentication": False,
    "add_watermark": False,
    "add_audio_watermark": False,
    "audio_conference_info": "",
    "email_language": "en-US",
    "enable_session_branding": False,
    "request_permission_to_unmute_participants": False,
    "allow_host_control_participant_mute_state": False,
    "email_in_attendee_report": False,
    "show_join_info": False,
    **copy.deepcopy(_WHOLE_OBJECTS),
}


@functools.cache
def known_fields() -> frozenset[str]:
    return meeting_settings.schema_fields("/users/{userId}/webinars") | frozenset(_BASE_DEFAULTS)


def defaults(
    webinar_type: int, user_settings: dict[str, Any], host: dict[str, Any]
) -> dict[str, Any]:
    """A new webinar's settings: Zoom's defaults, then the host's scheduling preferences."""
    out = copy.deepcopy(_BASE_DEFAULTS)
    out.update(meeting_settings.host_preferences(user_settings, "panelists_video"))
    name = f"{host.get('first_name', '')} {host.get('last_name', '')}".strip()
    out["contact_name"] = name or str(host.get("display_name") or "")
    out["contact_email"] = str(host.get("email") or "")
    if webinar_type == RECURRING:
        out["registration_type"] = 1
    return out


def merge(base: dict[str, Any], given: dict[str, Any]) -> dict[str, Any]:
    return meeting_settings.merge(base, given, known_fields())


def normalize(settings: dict[str, Any], *, webinar_type: int) -> dict[str, Any]:
    """The rules that tie settings together, applied after every change."""
    for key, whole in _WHOLE_OBJECTS.items():
        given = settings.get(key)
        settings[key] = {**copy.deepcopy(whole), **(given if isinstance(given, dict) else {})}
    # A series without a fixed time offers no registration.
    if webinar_type == RECURRING_NO_TIME:
        settings["approval_type"] = 2
    return meeting_settings.finish(settings, series=webinar_type == RECURRING)


def registration_enabled(settings: dict[str, Any]) -> bool:
    return meeting_settings.registration_enabled(settings)
