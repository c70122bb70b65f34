"""What happened in meetings and webinars: the documents the simulator records.

Other areas (past meetings, cloud recordings, reports, dashboards) read these; only the
simulator writes them. Documents live in the generic store (see docs/lifecycle.md):

- `meeting_instance` — one per instance (a meeting or webinar actually held). id = the
  instance UUID (also registered in key namespace "meeting_uuid" → meeting number, or
  "webinar_uuid" → webinar number, so `/meetings/{uuid}` and `/past_meetings/{uuid}` resolve),
  parent = str(number), account = the
  host's account, sort = start time (ISO, UTC, seconds).
- `participant_session` — one per join (a rejoin is a new document), parent = instance UUID,
  id = a generated session id, sort = join time ISO + a sequence number.
- `instance_poll_answer`, `instance_qa`, `instance_chat`, `instance_share`, `instance_feedback` —
  parent = instance UUID, id generated, sort = their time ISO + a sequence number.

Times are Zoom's ISO strings (`2026-01-02T10:00:00Z`); every time field `x_time` also has an
epoch-ms twin `_x_ms` for arithmetic. Fields starting with "_" are internal but stable.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from zoomstack.timefmt import iso_from_ms

if TYPE_CHECKING:
    from zoomstack.context import Ctx
    from zoomstack.store import Tx

Doc = dict[str, Any]

INSTANCE = "meeting_instance"
PARTICIPANT = "participant_session"
POLL_ANSWER = "instance_poll_answer"
QA = "instance_qa"
CHAT = "instance_chat"
SHARE = "instance_share"
FEEDBACK = "instance_feedback"
CHILD_KINDS = (PARTICIPANT, POLL_ANSWER, QA, CHAT, SHARE, FEEDBACK)

NS_UUID = "meeting_uuid"
NS_WEBINAR_UUID = "webinar_uuid"


def uuid_namespace(is_webinar: bool) -> str:
    """Meeting UUIDs resolve through "meeting_uuid", webinar UUIDs through "webinar_uuid"."""
    return NS_WEBINAR_UUID if is_webinar else NS_UUID


STARTED = "started"
ENDED = "ended"

# participant_session.role
HOST, CO_HOST, PANELIST, ATTENDEE = "host", "co-host", "panelist", "attendee"
# participant_session.status
IN_MEETING, IN_WAITING_ROOM = "in_meeting", "in_waiting_room"
# participant_session.device values
DEVICES = ("Windows", "Mac", "iOS", "Android", "Phone", "H.323/SIP", "Web")
NETWORK_TYPES = ("Wired", "Wifi", "Cellular", "Others")
QUALITIES = ("good", "fair", "poor", "bad")

_ESCAPE = re.compile(r"%[0-9A-Fa-f]{2}")


# -- sort keys ---------------------------------------------------------------------------------
def time_sort(ms: int, seq: int = 0) -> str:
    """Sort key for a child document: its time, then a sequence number within the instance."""
    return f"{iso_from_ms(ms)}#{seq:08d}"


def iso(ms: int) -> str:
    return iso_from_ms(ms)


# -- reading instances -------------------------------------------------------------------------
def instance_by_uuid(tx: Tx, account: str | None, uuid: str) -> Doc | None:
    return tx.get(INSTANCE, uuid, account)


def instances_of(
    tx: Tx,
    account: str,
    meeting_number: int | str,
    ended_only: bool = True,
    *,
    is_webinar: bool | None = None,
) -> list[Doc]:
    """The instances of one meeting (or webinar) number, oldest first."""
    docs = tx.find(INSTANCE, account, parent=str(meeting_number))
    return [
        d
        for d in docs
        if (not ended_only or d.get("status") == ENDED)
        and (is_webinar is None or bool(d.get("is_webinar")) == is_webinar)
    ]


def live_instance(
    tx: Tx, account: str, meeting_number: int | str, *, is_webinar: bool | None = None
) -> Doc | None:
    """The instance in progress, if any."""
    for doc in reversed(instances_of(tx, account, meeting_number, False, is_webinar=is_webinar)):
        if doc.get("status") == STARTED:
            return doc
    return None


def latest_ended_instance(
    tx: Tx, account: str, meeting_number: int | str, *, is_webinar: bool | None = None
) -> Doc | None:
    """Zoom's "a meeting ID means its most recent ended instance"."""
    ended = instances_of(tx, account, meeting_number, True, is_webinar=is_webinar)
    if not ended:
        return None
    return max(ended, key=lambda d: (int(d.get("_end_ms") or 0), int(d.get("_start_ms") or 0)))


def instances_between(
    tx: Tx,
    account: str,
    from_ms: int,
    to_ms: int,
    host_id: str | None = None,
    *,
    ended_only: bool = False,
    is_webinar: bool | None = None,
) -> list[Doc]:
    """Instances of the account that started in [from_ms, to_ms), oldest first."""
    docs = tx.find(INSTANCE, account, sort_from=iso_from_ms(from_ms), sort_to=iso_from_ms(to_ms))
    return [
        d
        for d in docs
        if (host_id is None or d.get("host_id") == host_id)
        and (not ended_only or d.get("status") == ENDED)
        and (is_webinar is None or bool(d.get("is_webinar")) == is_webinar)
    ]


def all_instances(tx: Tx, account: str, *, ended_only: bool = False) -> list[Doc]:
    docs = tx.find(INSTANCE, account)
    return [d for d in docs if not ended_only or d.get("status") == ENDED]


# -- reading children ------------------------------------------------------------------------
def participants(tx: Tx, account: str | None, instance_uuid: str) -> list[Doc]:
    """Every join of the instance (waiting-room stays included), by join time."""
    return tx.find(PARTICIPANT, account, parent=instance_uuid)


def children(tx: Tx, kind: str, account: str | None, instance_uuid: str) -> list[Doc]:
    """Poll answers, Q&A, chat, shares or feedback of an instance, in time order."""
    return tx.find(kind, account, parent=instance_uuid)


def poll_answers(tx: Tx, account: str | None, instance_uuid: str) -> list[Doc]:
    return children(tx, POLL_ANSWER, account, instance_uuid)


def questions(tx: Tx, account: str | None, instance_uuid: str) -> list[Doc]:
    return children(tx, QA, account, instance_uuid)


def chat_messages(tx: Tx, account: str | None, instance_uuid: str) -> list[Doc]:
    return children(tx, CHAT, account, instance_uuid)


def shares(tx: Tx, account: str | None, instance_uuid: str) -> list[Doc]:
    return children(tx, SHARE, account, instance_uuid)


def feedback(tx: Tx, account: str | None, instance_uuid: str) -> list[Doc]:
    return children(tx, FEEDBACK, account, instance_uuid)


# -- resolving a path value --------------------------------------------------------------------
def decode_ref(raw: str) -> str:
    """Zoom's double-encoding rule: the edge decoded once; a value that still holds %XX escapes
    was encoded twice."""
    return unquote(raw) if _ESCAPE.search(raw) else raw


def resolve_instance(
    ctx: Ctx, raw: str, *, is_webinar: bool | None = None, ended_only: bool = True
) -> Doc | None:
    """The instance a `{meetingId}`/`{webinarId}`/`{meetingUUID}` path value names.

    Digits are a meeting (webinar) number and mean its most recent ended instance; anything
    else is an instance UUID (the instance is returned whatever its status unless `ended_only`).
    None when nothing matches in the caller's account.
    """
    ref = decode_ref(raw)
    if ref.isdigit():
        return latest_ended_instance(ctx.tx, ctx.account_id, ref, is_webinar=is_webinar)
    doc = instance_by_uuid(ctx.tx, ctx.account_id, ref)
    if doc is None:
        return None
    if is_webinar is not None and bool(doc.get("is_webinar")) != is_webinar:
        return None
    if ended_only and doc.get("status") != ENDED:
        return None
    return doc


# -- writing (the simulator only) ------------------------------------------------------------
def insert_instance(tx: Tx, account: str, doc: Doc) -> Doc:
    """Record a new instance; its UUID resolves to the meeting (webinar) number from now on."""
    ns = uuid_namespace(bool(doc.get("is_webinar")))
    if tx.key_get(ns, str(doc["uuid"])) is None:
        tx.key_put(ns, str(doc["uuid"]), str(doc["id"]))
    return tx.insert(
        INSTANCE, str(doc["uuid"]), account, doc, parent=str(doc["id"]), sort=doc["start_time"]
    )


def save_instance(tx: Tx, doc: Doc) -> Doc:
    return tx.update(INSTANCE, str(doc["uuid"]), doc)


def insert_child(tx: Tx, kind: str, account: str, doc: Doc, *, sort: str) -> Doc:
    """A child of an instance: `doc` holds `_id` (its store id) and `_instance` (the UUID)."""
    return tx.insert(kind, str(doc["_id"]), account, doc, parent=str(doc["_instance"]), sort=sort)


def save_child(tx: Tx, kind: str, doc: Doc) -> Doc:
    return tx.update(kind, str(doc["_id"]), doc)


def delete_instance(tx: Tx, account: str, uuid: str) -> None:
    """Drop an instance and everything recorded under it (not its UUID key: the meeting's
    purge owns that)."""
    for kind in CHILD_KINDS:
        tx.delete_children(kind, account, uuid)
    tx.delete(INSTANCE, uuid)


__all__ = [
    "ATTENDEE",
    "CHAT",
    "CHILD_KINDS",
    "CO_HOST",
    "ENDED",
    "FEEDBACK",
    "HOST",
    "INSTANCE",
    "IN_MEETING",
    "IN_WAITING_ROOM",
    "PANELIST",
    "PARTICIPANT",
    "POLL_ANSWER",
    "QA",
    "SHARE",
    "STARTED",
    "all_instances",
    "children",
    "instance_by_uuid",
    "instances_between",
    "instances_of",
    "latest_ended_instance",
    "live_instance",
    "participants",
    "resolve_instance",
]
