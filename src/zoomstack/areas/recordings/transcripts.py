"""The text files of a cloud recording, built from what happened in the instance.

- TRANSCRIPT / CC: WebVTT. Nobody speaks in the simulator, so the "speech" is what people said
  in writing, attributed as Zoom's transcripts attribute speech (`Name: text`): a greeting when
  someone joins while recording, and every public chat message. Times are offsets in the
  recording file (paused stretches removed).
- CHAT: Zoom's cloud chat export, one line per public message: `HH:MM:SS<TAB>Name:<TAB>text`,
  the time relative to the start of the recording.
- TIMELINE: JSON `{"timeline": [{"ts": "HH:MM:SS.mmm", "users": [...]}]}`, who was in the
  meeting at each change (joins and leaves).
- CSV (poll): one row per answer.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Any

from zoomstack import jsonutil
from zoomstack.timefmt import parse_iso

Doc = dict[str, Any]


@dataclass(frozen=True, slots=True)
class Window:
    """A recording segment: absolute start/end (ms) and its pauses [(start, end)]."""

    start_ms: int
    end_ms: int
    pauses: tuple[tuple[int, int], ...] = ()

    @property
    def length_ms(self) -> int:
        return max(0, self.end_ms - self.start_ms - sum(e - s for s, e in self.pauses))

    def offset(self, at_ms: int) -> int | None:
        """Where an instant falls in the recorded file; None when it was not recorded."""
        if at_ms < self.start_ms or at_ms > self.end_ms:
            return None
        skipped = 0
        for s, e in self.pauses:
            if s <= at_ms < e:
                return None
            if e <= at_ms:
                skipped += e - s
        return at_ms - self.start_ms - skipped


def clock(ms: int, *, millis: bool = True) -> str:
    seconds, rest = divmod(max(0, ms), 1000)
    hours, seconds = divmod(seconds, 3600)
    minutes, seconds = divmod(seconds, 60)
    text = f"{hours:02d}:{minutes:02d}:{seconds:02d}"
    return f"{text}.{rest:03d}" if millis else text


@dataclass(frozen=True, slots=True)
class Cue:
    start_ms: int
    speaker: str
    text: str


def speech(window: Window, sessions: list[Doc], chats: list[Doc], host_name: str,
           topic: str) -> list[Cue]:  # fmt: skip
    """What was "said" during the recording, in file time."""
    cues: list[Cue] = []
    for p in sessions:
        at = window.offset(int(p.get("_join_ms") or 0))
        if at is not None and p.get("status") != "in_waiting_room":
            name = str(p.get("name") or "Guest")
            cues.append(Cue(at, name, f"Hi everyone, this is {name}."))
    for m in chats:
        if m.get("recipient_type") != "everyone":
            continue
        at = window.offset(message_ms(m))
        if at is not None:
            cues.append(Cue(at, str(m.get("sender_name") or ""), str(m.get("message_content"))))
    if not cues:
        cues.append(Cue(0, host_name or "Host", f"Welcome to {topic or 'the meeting'}."))
    cues.sort(key=lambda c: c.start_ms)
    return cues


def webvtt(cues: list[Cue], length_ms: int) -> str:
    lines = ["WEBVTT", ""]
    for i, cue in enumerate(cues, start=1):
        end = cues[i].start_ms if i < len(cues) else length_ms
        end = max(cue.start_ms + 500, min(end, cue.start_ms + 6000))
        lines += [
            str(i),
            f"{clock(cue.start_ms)} --> {clock(end)}",
            f"{cue.speaker}: {cue.text}" if cue.speaker else cue.text,
            "",
        ]
    return "\n".join(lines)


def chat_export(window: Window, chats: list[Doc]) -> str:
    """Public messages sent while recording; empty when there were none."""
    out = []
    for m in chats:
        if m.get("recipient_type") != "everyone":
            continue
        at = window.offset(message_ms(m))
        if at is None:
            continue
        text = str(m.get("message_content") or "").replace("\n", " ")
        out.append(f"{clock(at, millis=False)}\t{m.get('sender_name', '')}:\t{text}")
    return "\n".join(out) + ("\n" if out else "")


def timeline(window: Window, sessions: list[Doc]) -> str:
    """Who was present, at every join or leave while recording (and at the start)."""
    changes = {window.start_ms}
    for p in sessions:
        for key in ("_join_ms", "_leave_ms"):
            at = int(p.get(key) or 0)
            if window.start_ms < at < window.end_ms and window.offset(at) is not None:
                changes.add(at)
    entries = []
    for at in sorted(changes):
        present = [
            p
            for p in sessions
            if p.get("status") != "in_waiting_room"
            and int(p.get("_join_ms") or 0) <= at
            and (not p.get("_leave_ms") or int(p["_leave_ms"]) > at)
        ]
        offset = window.offset(at)
        entries.append(
            {
                "ts": clock(offset or 0),
                "users": [
                    {
                        "username": str(p.get("name") or ""),
                        "multiple_people": False,
                        "user_id": str(p.get("user_id") or ""),
                        "zoom_userid": str(p.get("id") or ""),
                        "email_address": str(p.get("user_email") or ""),
                        "os": str(p.get("os") or ""),
                        "client_type": _client_type(p),
                    }
                    for p in present
                ],
            }
        )
    return jsonutil.dumps_str({"timeline": entries})


def poll_csv(window: Window, answers: list[Doc]) -> str:
    """Poll answers given while recording; empty when there were none."""
    rows = []
    for a in answers:
        at = int(a.get("_date_ms") or 0)
        if window.offset(at) is None:
            continue
        for item in a.get("answers") or []:
            rows.append(
                [
                    str(a.get("poll_title") or ""),
                    str(a.get("name") or ""),
                    str(a.get("email") or ""),
                    str(a.get("date_time") or ""),
                    str(item.get("question") or ""),
                    str(item.get("answer") or ""),
                ]
            )
    if not rows:
        return ""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["Poll", "User Name", "Email Address", "Submitted Date/Time", "Question",
                     "Answer"])  # fmt: skip
    writer.writerows(rows)
    return buf.getvalue()


def message_ms(doc: Doc) -> int:
    """When a chat message (or poll answer) was sent, in epoch ms."""
    raw = doc.get("_date_ms")
    if raw:
        return int(raw)
    dt = parse_iso(str(doc.get("date_time") or ""))
    return int(dt.timestamp() * 1000) if dt else 0


def _client_type(p: Doc) -> str:
    device = str(p.get("device") or "")
    return {"Windows": "windows", "Mac": "mac", "iOS": "ios", "Android": "android"}.get(
        device, "web" if device == "Web" else "other"
    )
