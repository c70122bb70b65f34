"""Users: the domain rules. Documents are stored with Zoom's field names."""

from __future__ import annotations

from typing import Any

from zoomstack import errors, ids
from zoomstack.store import Conflict, Tx

KIND = "user"
NS_EMAIL = "user_email"

# User types: 1 basic, 2 licensed, 4 unassigned without meetings basic, 99 none.
BASIC, LICENSED = 1, 2


def pmi_number() -> int:
    return ids.meeting_number(10)


def new_user_doc(
    *,
    account_id: str,
    email: str,
    first_name: str = "",
    last_name: str = "",
    user_type: int = BASIC,
    created_at: str,
    role_id: str = "2",
    status: str = "active",
    timezone: str = "UTC",
    base_url: str,
    extra: dict[str, Any] | None = None,
) -> dict[str, Any]:
    user_id = ids.b64url_id()
    pmi = pmi_number()
    role_name = {"0": "Owner", "1": "Admin", "2": "Member"}.get(role_id, "Member")
    doc: dict[str, Any] = {
        "id": user_id,
        "first_name": first_name,
        "last_name": last_name,
        "display_name": f"{first_name} {last_name}".strip() or email.split("@")[0],
        "email": email,
        "type": user_type,
        "role_name": role_name,
        "role_id": role_id,
        "pmi": pmi,
        "use_pmi": False,
        "personal_meeting_url": f"{base_url}/j/{pmi}",
        "timezone": timezone,
        "verified": 1,
        "dept": "",
        "created_at": created_at,
        "user_created_at": created_at,
        "last_login_time": created_at,
        "last_client_version": "6.2.0.46690(mac)",
        "pic_url": "",
        "cms_user_id": "",
        "jid": f"{user_id.lower().replace('-', '').replace('_', '')}@xmpp.zoom.us",
        "group_ids": [],
        "im_group_ids": [],
        "account_id": account_id,
        "account_number": 0,
        "language": "en-US",
        "phone_country": "",
        "phone_number": "",
        "status": status,
        "job_title": "",
        "company": "",
        "location": "",
        "login_types": [100],
        "cluster": "us01",
        "user_type": user_type,
    }
    if extra:
        doc.update(extra)
    return doc


def insert_user(tx: Tx, doc: dict[str, Any]) -> dict[str, Any]:
    try:
        tx.key_put(NS_EMAIL, doc["email"].lower(), doc["id"])
    except Conflict:
        raise errors.ZoomError(409, 1005, f"User already in the account: {doc['email']}") from None
    tx.insert(KIND, doc["id"], doc["account_id"], doc, sort=doc["created_at"] + doc["id"])
    return doc


def find_user(tx: Tx, account_id: str, ref: str) -> dict[str, Any] | None:
    """By ID or by email (case-insensitive), within the account."""
    if "@" in ref:
        user_id = tx.key_get(NS_EMAIL, ref.lower())
        if user_id is None:
            return None
        return tx.get(KIND, user_id, account_id)
    return tx.get(KIND, ref, account_id)


def default_user_settings() -> dict[str, Any]:
    """The user settings object with Zoom's defaults (the users area owns the full object)."""
    return {
        "schedule_meeting": {
            "host_video": True,
            "participants_video": True,
            "audio_type": "both",
            "join_before_host": False,
            "require_password_for_scheduling_new_meetings": True,
            "require_password_for_instant_meetings": True,
            "require_password_for_pmi_meetings": "jbh_only",
            "meeting_password_requirement": {
                "length": 6,
                "have_letter": False,
                "have_number": False,
                "have_special_character": False,
                "only_allow_numeric": False,
                "have_upper_and_lower_characters": False,
                "consecutive_characters_length": 0,
                "weak_enhance_detection": False,
            },
            "use_pmi_for_scheduled_meetings": False,
            "use_pmi_for_instant_meetings": False,
        },
        "in_meeting": {"waiting_room": False},
        "recording": {"auto_recording": "none", "cloud_recording": True},
        "feature": {"meeting_capacity": 300, "webinar": False, "large_meeting": False},
    }


def user_settings(tx: Tx, user: dict[str, Any]) -> dict[str, Any]:
    """The user's effective settings: stored values over the defaults."""
    stored = tx.get("user_settings", user["id"], user["account_id"]) or {}
    merged = default_user_settings()
    for section, values in stored.items():
        if isinstance(values, dict) and isinstance(merged.get(section), dict):
            merged[section].update(values)
        else:
            merged[section] = values
    return merged
