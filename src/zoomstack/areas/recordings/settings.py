"""A recording's sharing settings (GET/PATCH /meetings/{meetingId}/recordings/settings).

Each recording starts from its host's recording settings (files.recording_settings). PATCH
changes only the fields sent. Changing `topic` renames the recording (recording.renamed);
changing `password` also renews the encrypted `recording_play_passcode`, so old `?pwd=` links
stop working; `auto_delete` switches the recording's auto-deletion on (due after the host's
auto-delete days from the meeting's end) or off.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

from zoomstack import errors, ids
from zoomstack.areas.recordings import events, files, records
from zoomstack.context import Ctx
from zoomstack.timefmt import format_day

Doc = dict[str, Any]

_PASSWORD = re.compile(r"^[A-Za-z0-9@\-_*!#$%^&+=.]{8,10}$")
_FIELDS = (
    "share_recording",
    "recording_authentication",
    "authentication_option",
    "authentication_domains",
    "viewer_download",
    "password",
    "on_demand",
    "approval_type",
    "send_email_to_host",
    "show_social_share_buttons",
    "topic",
)


def get_settings(doc: Doc) -> Doc:
    out: Doc = dict(doc["settings"])
    out["password"] = doc.get("password", "")
    out["topic"] = doc["topic"]
    if doc.get("auto_delete") is not None:
        out["auto_delete"] = bool(doc["auto_delete"])
        if doc["auto_delete"] and doc.get("auto_delete_date"):
            out["auto_delete_date"] = doc["auto_delete_date"]
    return out


def update_settings(ctx: Ctx, doc: Doc, body: Doc) -> None:
    settings = dict(doc["settings"])
    if "password" in body:
        password = str(body["password"])
        if not _PASSWORD.match(password):
            raise errors.field_error("password", "Invalid parameter: password.")
        if password != doc.get("password"):
            doc["password"] = password
            doc["recording_play_passcode"] = ids.token_urlsafe(24)[:32]
    domains = body.get("authentication_domains")
    if (
        isinstance(domains, str)
        and domains
        and any(not d.strip() or " " in d.strip() for d in domains.split(","))
    ):
        raise errors.field_error("authentication_domains")
    for name in _FIELDS:
        if name in body and name not in ("password", "topic"):
            settings[name] = body[name]
    settings["password"] = doc.get("password", "")
    old_topic = doc["topic"]
    if "topic" in body:
        topic = str(body["topic"]).strip()
        if not topic:
            raise errors.field_error("topic", "Invalid parameter: topic.")
        doc["topic"] = topic
        settings["topic"] = topic
    if "auto_delete" in body:
        _set_auto_delete(ctx, doc, bool(body["auto_delete"]))
    doc["settings"] = settings
    records.save(ctx.tx, doc)
    if doc["topic"] != old_topic:
        events.renamed(ctx, doc, old_topic)


def _set_auto_delete(ctx: Ctx, doc: Doc, enabled: bool) -> None:
    if not enabled:
        doc["auto_delete"] = False
        doc["auto_delete_date"] = ""
        return
    host = files.host_recording_settings(ctx, doc["host_id"])
    days = int(host.get("auto_delete_cmr_days") or 30)
    ended = datetime.fromtimestamp(int(doc.get("_end_ms") or doc["_start_ms"]) / 1000, tz=UTC)
    doc["auto_delete"] = True
    doc["auto_delete_date"] = format_day(ended + timedelta(days=days))
