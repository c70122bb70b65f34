"""Building the recording of an instance that was recorded to the cloud.

Each closed cloud-recording segment (start to stop; pauses are cut out of the files) gives one
set of files, chosen by the host's recording settings as Zoom does:

- MP4: with screen sharing during the segment `shared_screen_with_speaker_view` (speaker view
  on) and/or `shared_screen_with_gallery_view` (gallery view on), without it `active_speaker`
  and/or `gallery_view`; `record_files_separately` adds `shared_screen` / `active_speaker` /
  `gallery_view` files while sharing. At least one video file is always made.
- M4A `audio_only` (record_audio_file), TRANSCRIPT `audio_transcript`
  (recording_audio_transcript), CHAT `chat_file` (save_chat_text, when there was public chat),
  TIMELINE `timeline` (show_timestamp), CC `closed_caption` (save_close_caption, when captions
  were used), CSV `poll` (save_poll_results, when polls were answered).

`file_size` is the exact size of the bytes the download serves (a few kilobytes; see media.py),
so clients that compare sizes after downloading agree with the API.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from zoomstack import ids
from zoomstack.areas.recordings import media, records, tokens, transcripts
from zoomstack.areas.recordings.transcripts import Window
from zoomstack.areas.users import service as users
from zoomstack.context import Ctx
from zoomstack.sim import model
from zoomstack.timefmt import format_day, format_iso, iso_from_ms

Doc = dict[str, Any]

CONTENT_TYPES = {
    "MP4": "video/mp4",
    "M4A": "audio/mp4",
    "VTT": "text/vtt",
    "TXT": "text/plain",
    "JSON": "application/json",
    "CSV": "text/csv",
}
_MP4_NAMES = {
    "shared_screen_with_speaker_view": "",
    "shared_screen_with_gallery_view": "_gallery",
    "active_speaker": "_avo",
    "gallery_view": "_gvo",
    "shared_screen": "_as",
}


@dataclass(slots=True)
class Built:
    """A file record and its bytes."""

    record: Doc
    data: bytes


def host_recording_settings(ctx: Ctx, host_id: str) -> Doc:
    host = users.find_user(ctx.tx, ctx.account_id, host_id) if host_id else None
    if host is None:
        return {}
    value = users.user_settings(ctx.tx, host).get("recording")
    return dict(value) if isinstance(value, dict) else {}


def _second(ms: Any) -> int:
    """Zoom's recording times are whole seconds; so are the offsets computed from them."""
    return int(ms) // 1000 * 1000


def _window(segment: Doc) -> Window:
    pauses = tuple(
        (_second(p["_start_ms"]), _second(p.get("_end_ms") or segment["_end_ms"]))
        for p in segment.get("pauses") or []
    )
    return Window(_second(segment["_start_ms"]), _second(segment["_end_ms"]), pauses)


def _shared_during(shares: list[Doc], w: Window) -> bool:
    for s in shares:
        start = int(s.get("_start_ms") or 0)
        end = int(s.get("_end_ms") or 0) or w.end_ms
        if start < w.end_ms and end > w.start_ms:
            return True
    return False


def _video_types(settings: Doc, shared: bool) -> list[str]:
    speaker = settings.get("record_speaker_view", True) is not False
    gallery = bool(settings.get("record_gallery_view", False))
    out = []
    if shared:
        if speaker:
            out.append("shared_screen_with_speaker_view")
        if gallery:
            out.append("shared_screen_with_gallery_view")
        separately = settings.get("record_files_separately") or {}
        if isinstance(separately, dict):
            for name in ("shared_screen", "active_speaker", "gallery_view"):
                if separately.get(name) and name not in out:
                    out.append(name)
    else:
        if speaker:
            out.append("active_speaker")
        if gallery:
            out.append("gallery_view")
    return out or ["shared_screen_with_speaker_view" if shared else "active_speaker"]


class _Maker:
    def __init__(self, ctx: Ctx, inst: Doc, w: Window) -> None:
        self.ctx = ctx
        self.inst = inst
        self.w = w
        start = datetime.fromtimestamp(w.start_ms / 1000, tz=UTC)
        self.prefix = (
            "GMT"
            + format_iso(start)[:19].replace("-", "").replace(":", "").replace("T", "-")
            + "_Recording"
        )
        self.base = ctx.settings.base_url

    def make(self, file_type: str, ext: str, recording_type: str, name: str, data: bytes) -> Built:
        token = tokens.url_token()
        record: Doc = {
            "id": ids.uuid4_str(),
            "meeting_id": self.inst["uuid"],
            "recording_start": iso_from_ms(self.w.start_ms),
            "recording_end": iso_from_ms(self.w.end_ms),
            "file_type": file_type,
            "file_extension": ext,
            "file_size": len(data),
            "play_url": f"{self.base}/rec/play/{token}",
            "download_url": f"{self.base}/rec/download/{token}",
            "status": "completed",
            "recording_type": recording_type,
            "_file_name": self.prefix + name,
            "_content_type": CONTENT_TYPES[ext],
            "_token": token,
            "_state": records.ACTIVE,
            "_duration_ms": self.w.length_ms,
        }
        return Built(record, data)


def build_files(ctx: Ctx, inst: Doc, settings: Doc) -> list[Built]:
    account = ctx.account_id
    uuid = inst["uuid"]
    sessions = model.participants(ctx.tx, account, uuid)
    chats = model.chat_messages(ctx.tx, account, uuid)
    shares = model.shares(ctx.tx, account, uuid)
    answers = model.poll_answers(ctx.tx, account, uuid)
    captions = bool(inst.get("has_manual_captions") or inst.get("has_automated_captions"))
    out: list[Built] = []
    for segment in inst.get("cloud_recording_segments") or []:
        w = _window(segment)
        maker = _Maker(ctx, inst, w)
        length = max(1000, w.length_ms)
        for rtype in _video_types(settings, _shared_during(shares, w)):
            name = f"{_MP4_NAMES.get(rtype, '')}_{media.WIDTH}x{media.HEIGHT}.mp4"
            out.append(maker.make("MP4", "MP4", rtype, name, media.mp4(length, w.start_ms)))
        if settings.get("record_audio_file", True) is not False:
            out.append(
                maker.make("M4A", "M4A", "audio_only", ".m4a", media.m4a(length, w.start_ms))
            )
        cues = transcripts.speech(
            w, sessions, chats, str(inst.get("user_name") or ""), str(inst.get("topic") or "")
        )
        if settings.get("recording_audio_transcript"):
            text = transcripts.webvtt(cues, length)
            out.append(
                maker.make(
                    "TRANSCRIPT", "VTT", "audio_transcript", ".transcript.vtt", text.encode()
                )
            )
        chat_text = transcripts.chat_export(w, chats)
        if chat_text and settings.get("save_chat_text", True) is not False:
            out.append(maker.make("CHAT", "TXT", "chat_file", ".chat.txt", chat_text.encode()))
        if settings.get("show_timestamp", True) is not False:
            text = transcripts.timeline(w, sessions)
            out.append(maker.make("TIMELINE", "JSON", "timeline", ".timeline.json", text.encode()))
        if captions and settings.get("save_close_caption"):
            text = transcripts.webvtt(cues, length)
            out.append(maker.make("CC", "VTT", "closed_caption", ".cc.vtt", text.encode()))
        poll_text = transcripts.poll_csv(w, answers)
        if poll_text and settings.get("save_poll_results", True) is not False:
            out.append(maker.make("CSV", "CSV", "poll", ".poll.csv", poll_text.encode()))
    return out


def _passcode(settings: Doc) -> str:
    """A recording passcode that satisfies the host's passcode requirements."""
    rules = settings.get("recording_password_requirement") or {}
    length = max(8, min(10, int(rules.get("length") or 8))) if isinstance(rules, dict) else 8
    if isinstance(rules, dict) and rules.get("only_allow_numeric"):
        return ids.digits(length)
    body = ids.alnum(length - 2)
    special = "@" if isinstance(rules, dict) and rules.get("have_special_character") else ""
    return (ids.alnum(1).upper() + ids.digits(1) + special + body)[:length]


def recording_settings(host_settings: Doc, topic: str, password: str) -> Doc:
    auth = host_settings.get("authenticated_view_cloud_recoding") or {}
    return {
        "share_recording": "publicly" if host_settings.get("allow_share", True) else "none",
        "recording_authentication": bool(
            isinstance(auth, dict) and auth.get("authenticated_can_view_cloud_recordings")
        ),
        "authentication_option": "",
        "authentication_domains": "",
        "authentication_name": "",
        "viewer_download": True,
        "password": password,
        "on_demand": bool(host_settings.get("recording_as_on_demand", False)),
        "approval_type": 2,
        "send_email_to_host": True,
        "show_social_share_buttons": True,
        "topic": topic,
    }


def build(ctx: Ctx, inst: Doc) -> tuple[Doc, list[Built]]:
    """The recording document of an ended instance and its files (not yet stored)."""
    host_settings = host_recording_settings(ctx, str(inst.get("host_id") or ""))
    built = build_files(ctx, inst, host_settings)
    password = _passcode(host_settings)
    share_token = tokens.url_token()
    start_ms = int(inst["_start_ms"])
    doc: Doc = {
        "uuid": inst["uuid"],
        "id": int(inst["id"]),
        "account_id": ctx.account_id,
        "host_id": str(inst.get("host_id") or ""),
        "host_email": str(inst.get("host_email") or ""),
        "topic": str(inst.get("topic") or ""),
        "type": int(inst.get("type") or 2),
        "start_time": inst["start_time"],
        "timezone": str(inst.get("timezone") or ""),
        "duration": int(inst.get("duration") or 0),
        "share_url": f"{ctx.settings.base_url}/rec/share/{share_token}",
        "password": password,
        "recording_play_passcode": ids.token_urlsafe(24)[:32],
        "is_webinar": bool(inst.get("is_webinar")),
        "settings": recording_settings(host_settings, str(inst.get("topic") or ""), password),
        "files": [b.record for b in built],
        "auto_delete": None,
        "auto_delete_date": "",
        "_share_token": share_token,
        "_start_ms": start_ms,
        "_end_ms": int(inst.get("_end_ms") or 0),
        "_trashed_ms": 0,
    }
    if host_settings.get("auto_delete_cmr"):
        days = int(host_settings.get("auto_delete_cmr_days") or 30)
        when = datetime.fromtimestamp(int(doc["_end_ms"] or start_ms) / 1000, tz=UTC)
        doc["auto_delete"] = True
        doc["auto_delete_date"] = format_day(when + timedelta(days=days))
    return doc, built
