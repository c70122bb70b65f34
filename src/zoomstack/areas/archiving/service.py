"""Meeting and webinar archiving: the compliance copy Zoom makes of every instance of an account
that has the archiving solution.

The switch is the account's archiving setting in Zoom's shape (`recording.archive` of account
settings): `{"enable", "type" (1 meetings, 2 webinars, 3 both), "settings": {"video_file",
"audio_file", "chat_file", "cc_transcript_file", "chat_with_sender_email",
"chat_with_direct_message"}}`, kept in a document (kind `archiving_config`, id = the account)
and set through the control API (`PUT /_zoomstack/archiving/{accountId}`): Zoom Support turns
archiving on, not an API. Off by default.

When an instance of an archiving account ends (whether or not it was recorded), its archive is
made at once (processing is instant on the simulator's clock): kind `archive`, id = the instance
UUID, with Zoom's meeting fields and `archive_files`: the meeting's video (MP4) and audio (M4A),
one audio file per participant (`individual`), the chat (every message, with emails and direct
messages when the settings say so) and the closed captions (WebVTT); then
`recording.archive_files_completed` (with a `download_token`). Files download from
`/rec/archive/download/<token>` like recordings.
"""

from __future__ import annotations

import hashlib
from typing import Any

from zoomstack import ids
from zoomstack.areas.recordings import media, records, tokens, transcripts
from zoomstack.areas.recordings.files import CONTENT_TYPES
from zoomstack.areas.recordings.transcripts import Window
from zoomstack.context import Ctx
from zoomstack.sim import hooks, model
from zoomstack.store import Tx
from zoomstack.timefmt import iso_from_ms

Doc = dict[str, Any]

CONFIG = "archiving_config"
KIND = "archive"
NS_FILE_TOKEN = "arc_file_token"
DEFAULT_CONFIG: Doc = {
    "enable": False,
    "type": 3,
    "settings": {
        "video_file": True,
        "audio_file": True,
        "chat_file": True,
        "cc_transcript_file": True,
        "chat_with_sender_email": True,
        "chat_with_direct_message": True,
    },
}


# -- configuration ---------------------------------------------------------------------------
def get_config(tx: Tx, account_id: str) -> Doc:
    doc = tx.get(CONFIG, account_id, account_id)
    out = {**DEFAULT_CONFIG, "settings": dict(DEFAULT_CONFIG["settings"])}
    if doc is not None:
        out["enable"] = bool(doc.get("enable"))
        out["type"] = int(doc.get("type") or 3)
        out["settings"].update(doc.get("settings") or {})
    return out


def put_config(tx: Tx, account_id: str, patch: Doc) -> Doc:
    config = get_config(tx, account_id)
    if "enable" in patch:
        config["enable"] = bool(patch["enable"])
    if patch.get("type") in (1, 2, 3):
        config["type"] = int(patch["type"])
    settings = patch.get("settings")
    if isinstance(settings, dict):
        config["settings"].update(
            {k: bool(v) for k, v in settings.items() if k in DEFAULT_CONFIG["settings"]}
        )
    if tx.get(CONFIG, account_id, account_id) is None:
        tx.insert(CONFIG, account_id, account_id, config)
    else:
        tx.update(CONFIG, account_id, config)
    return config


def ever_enabled(tx: Tx, account_id: str) -> bool:
    return tx.get(CONFIG, account_id, account_id) is not None


# -- building an archive ---------------------------------------------------------------------
def _file(ctx: Ctx, inst: Doc, file_type: str, ext: str, rtype: str, name: str, data: bytes,
          **extra: Any) -> tuple[Doc, bytes]:  # fmt: skip
    token = tokens.url_token()
    record: Doc = {
        "id": ids.uuid4_str(),
        "file_type": file_type,
        "file_extension": ext,
        "file_size": len(data),
        "download_url": f"{ctx.settings.base_url}/rec/archive/download/{token}",
        "status": "completed",
        "recording_type": rtype,
        "individual": False,
        "participant_email": "",
        # Files of the whole meeting: when the archiving gateway joined and left.
        "participant_join_time": inst["start_time"],
        "participant_leave_time": inst["end_time"],
        "encryption_fingerprint": hashlib.sha256(data).hexdigest(),
        "storage_location": "US",
        "auto_delete": False,
        "_file_name": name,
        "_content_type": CONTENT_TYPES[ext],
        "_token": token,
        **extra,
    }
    return record, data


def _chat_text(chats: list[Doc], w: Window, settings: Doc) -> tuple[str, int]:
    lines = []
    for m in chats:
        private = m.get("recipient_type") != "everyone"
        if private and not settings.get("chat_with_direct_message", True):
            continue
        at = w.offset(transcripts.message_ms(m))
        sender = str(m.get("sender_name") or "")
        if settings.get("chat_with_sender_email", True) and m.get("sender_email"):
            sender += f" ({m['sender_email']})"
        target = str(m.get("recipient_name") or "") if private else "Everyone"
        text = str(m.get("message_content") or "").replace("\n", " ")
        lines.append(f"{transcripts.clock(at or 0, millis=False)}\t{sender} to {target}:\t{text}")
    return "\n".join(lines) + ("\n" if lines else ""), len(lines)


def build(ctx: Ctx, inst: Doc, config: Doc) -> tuple[Doc, list[tuple[Doc, bytes]]]:
    settings = config["settings"]
    account, uuid = ctx.account_id, inst["uuid"]
    start, end = int(inst["_start_ms"]), int(inst["_end_ms"] or inst["_start_ms"])
    w = Window(start, end)
    stamp = iso_from_ms(start).replace("-", "").replace(":", "").rstrip("Z")
    prefix = f"Archive_{inst['id']}_{stamp}"
    sessions = [
        p for p in model.participants(ctx.tx, account, uuid) if p.get("status") != "in_waiting_room"
    ]
    chats = model.chat_messages(ctx.tx, account, uuid)
    length = max(1000, end - start)
    out: list[tuple[Doc, bytes]] = []
    if settings.get("video_file"):
        out.append(
            _file(
                ctx,
                inst,
                "MP4",
                "MP4",
                "shared_screen_with_speaker_view",
                prefix + ".mp4",
                media.mp4(length, start),
            )
        )
    if settings.get("audio_file"):
        out.append(
            _file(ctx, inst, "M4A", "M4A", "audio_only", prefix + ".m4a", media.m4a(length, start))
        )
        for i, p in enumerate(sessions, start=1):
            joined = int(p.get("_join_ms") or start)
            left = int(p.get("_leave_ms") or end)
            out.append(
                _file(
                    ctx,
                    inst,
                    "M4A",
                    "M4A",
                    "audio_only",
                    f"{prefix}_participant{i}.m4a",
                    media.m4a(max(1000, left - joined), joined),
                    individual=True,
                    participant_email=str(p.get("user_email") or ""),
                    participant_join_time=iso_from_ms(joined),
                    participant_leave_time=iso_from_ms(left),
                )
            )
    if settings.get("chat_file") and chats:
        text, count = _chat_text(chats, w, settings)
        out.append(
            _file(
                ctx,
                inst,
                "CHAT",
                "TXT",
                "chat_file",
                prefix + ".chat.txt",
                text.encode(),
                number_of_messages=count,
            )
        )
    if settings.get("cc_transcript_file"):
        cues = transcripts.speech(
            w, sessions, chats, str(inst.get("user_name") or ""), str(inst.get("topic") or "")
        )
        vtt = transcripts.webvtt(cues, length).encode()
        # Zoom's archive events name no transcript recording type: captions it is.
        out.append(_file(ctx, inst, "CC", "VTT", "closed_caption", prefix + ".cc.vtt", vtt))
    account_doc = ctx.tx.get("account", account, None) or {}
    internal = all(p.get("internal_user") for p in sessions)
    doc: Doc = {
        "uuid": uuid,
        "id": int(inst["id"]),
        "host_id": str(inst.get("host_id") or ""),
        "topic": str(inst.get("topic") or ""),
        "type": int(inst.get("type") or 2),
        "start_time": inst["start_time"],
        "timezone": str(inst.get("timezone") or ""),
        "duration": int(inst.get("duration") or 0),
        "duration_in_second": (end - start) // 1000,
        "total_size": sum(len(d) for _, d in out),
        "recording_count": len(out),
        "meeting_type": "internal" if internal else "external",
        "account_name": str(account_doc.get("account_name") or ""),
        "complete_time": iso_from_ms(end),
        "is_breakout_room": False,
        "status": "completed",
        "archive_files": [r for r, _ in out],
        "_complete_ms": end,
        "_start_ms": start,
    }
    return doc, out


def public_file(f: Doc) -> Doc:
    return {k: v for k, v in f.items() if not k.startswith("_")}


def public(doc: Doc) -> Doc:
    out = {k: v for k, v in doc.items() if not k.startswith("_")}
    out["archive_files"] = [public_file(f) for f in doc["archive_files"]]
    return out


def emit_completed(ctx: Ctx, doc: Doc) -> None:
    now = ctx.clock.now_ms()
    token = tokens.download_token(
        ctx.tx,
        account_id=ctx.account_id,
        user_id=doc["host_id"],
        uuid=doc["uuid"],
        now_ms=now,
        ttl_s=tokens.DEFAULT_TTL_S,
    )
    obj = public(doc)
    obj["archive_files"] = [
        {**public_file(f), "file_name": f["_file_name"]} for f in doc["archive_files"]
    ]
    for f in obj["archive_files"]:
        f.pop("auto_delete", None)
    event = "recording.archive_files_completed"
    body = {
        "event": event,
        "event_ts": now,
        "download_token": token,
        "payload": {"account_id": ctx.account_id, "object": obj},
    }
    ctx.tx.emit(ctx.account_id, event, now, body)


@hooks.on_instance_ended
def archive_instance(ctx: Ctx, inst: Doc) -> None:
    config = get_config(ctx.tx, ctx.account_id)
    if not config["enable"]:
        return
    wanted = 2 if inst.get("is_webinar") else 1
    if config["type"] not in (wanted, 3) or ctx.tx.get(KIND, inst["uuid"], None) is not None:
        return
    doc, built = build(ctx, inst, config)
    ctx.tx.insert(KIND, doc["uuid"], ctx.account_id, doc, parent=str(doc["id"]),
                  sort=doc["start_time"])  # fmt: skip
    for record, data in built:
        records.put_blob(ctx.tx, ctx.account_id, doc["uuid"], record, data)
        ctx.tx.key_put(NS_FILE_TOKEN, record["_token"], f"{doc['uuid']} {record['id']}")
    inst["has_archiving"] = True
    model.save_instance(ctx.tx, inst)
    emit_completed(ctx, doc)


def remove(tx: Tx, doc: Doc) -> None:
    for f in doc["archive_files"]:
        tx.delete(records.BLOB, f["id"])
        tx.key_delete(NS_FILE_TOKEN, f["_token"])
    tx.delete(KIND, doc["uuid"])


def by_file_token(tx: Tx, token: str) -> tuple[Doc, Doc] | None:
    return records.file_by_token(tx, token, ns=NS_FILE_TOKEN, kind=KIND, files_key="archive_files")
