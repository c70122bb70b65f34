"""Cloud recordings in the store, and how Zoom shows them.

One document per recorded instance (kind `recording`, id = the instance UUID, parent = the
meeting or webinar number, sort = the instance's start time) holding the meeting-level fields in
Zoom's names, the recording's settings (`settings`) and its files (`files`, Zoom's file fields
plus internal ones starting with `_`). A file's bytes live in their own document (kind
`recording_blob`, id = the file id) so that listing recordings never loads media.

State: a recording (`_trashed_ms`) and each file (`_state` active / trashed, `_trashed_ms`) can
be in the trash; deleting permanently removes the document (or the file) and its bytes. Items in
the trash for more than 30 days on the server clock are purged lazily, by the next request that
looks at the recording (`trash.purge_expired`).
"""

from __future__ import annotations

import base64
from typing import TYPE_CHECKING, Any

from zoomstack.timefmt import iso_from_ms

if TYPE_CHECKING:
    from zoomstack.store import Tx

Doc = dict[str, Any]

KIND = "recording"
BLOB = "recording_blob"
ACCESS = "recording_access"
# Opaque URL tokens: download/play token -> "<uuid> <file id>", share token -> uuid.
NS_FILE_TOKEN = "rec_file_token"
NS_SHARE_TOKEN = "rec_share_token"

ACTIVE, TRASHED = "active", "trashed"
# Files Zoom lists without id, status, file_size, recording_type and play_url.
BARE_TYPES = frozenset({"CC", "TIMELINE"})

_FILE_FIELDS = (
    "id",
    "meeting_id",
    "recording_start",
    "recording_end",
    "file_type",
    "file_extension",
    "file_size",
    "play_url",
    "download_url",
    "status",
    "recording_type",
)


# -- reading and writing -----------------------------------------------------------------------
def get(tx: Tx, account: str | None, uuid: str) -> Doc | None:
    return tx.get(KIND, uuid, account)


def of_number(tx: Tx, account: str, number: int | str) -> list[Doc]:
    """Recordings of one meeting or webinar number, oldest first."""
    return tx.find(KIND, account, parent=str(number))


def all_of_account(
    tx: Tx, account: str, sort_from: str | None = None, sort_to: str | None = None
) -> list[Doc]:
    return tx.find(KIND, account, sort_from=sort_from, sort_to=sort_to)


def insert(tx: Tx, account: str, doc: Doc) -> None:
    tx.insert(KIND, doc["uuid"], account, doc, parent=str(doc["id"]), sort=doc["start_time"])
    for f in doc["files"]:
        tx.key_put(NS_FILE_TOKEN, f["_token"], f"{doc['uuid']} {f['id']}")
    tx.key_put(NS_SHARE_TOKEN, doc["_share_token"], doc["uuid"])


def save(tx: Tx, doc: Doc) -> None:
    tx.update(KIND, doc["uuid"], doc)


def put_blob(tx: Tx, account: str, parent: str, f: Doc, data: bytes) -> None:
    """Store a file's bytes with what serving them needs (type and name)."""
    doc = {
        "content_type": f["_content_type"],
        "file_name": f["_file_name"],
        "b64": base64.b64encode(data).decode(),
    }
    tx.insert(BLOB, f["id"], account, doc, parent=parent)


def blob(tx: Tx, file_id: str) -> tuple[bytes, str, str] | None:
    """(bytes, content type, file name) of a stored file."""
    doc = tx.get(BLOB, file_id, None)
    if doc is None:
        return None
    return base64.b64decode(doc["b64"]), str(doc["content_type"]), str(doc["file_name"])


def forget_file(tx: Tx, f: Doc) -> None:
    """Drop a file's bytes and its URL token (the file itself is removed by the caller)."""
    tx.delete(BLOB, f["id"])
    tx.key_delete(NS_FILE_TOKEN, f["_token"])


def remove(tx: Tx, doc: Doc) -> None:
    """Delete a recording permanently: its files' bytes, tokens, analytics and the document."""
    for f in doc["files"]:
        forget_file(tx, f)
    tx.key_delete(NS_SHARE_TOKEN, doc["_share_token"])
    tx.delete_children(ACCESS, doc["account_id"], doc["uuid"])
    tx.delete(KIND, doc["uuid"])


def by_file_token(tx: Tx, token: str) -> tuple[Doc, Doc] | None:
    """(recording, file) for a download/play token, whatever their state."""
    return file_by_token(tx, token, ns=NS_FILE_TOKEN, kind=KIND, files_key="files")


def file_by_token(
    tx: Tx, token: str, *, ns: str, kind: str, files_key: str
) -> tuple[Doc, Doc] | None:
    """(document, file) for a file token stored in `ns` as "<uuid> <file id>"."""
    ref = tx.key_get(ns, token)
    if ref is None:
        return None
    uuid, _, file_id = ref.partition(" ")
    doc = tx.get(kind, uuid, None)
    if doc is None:
        return None
    for f in doc[files_key]:
        if f["id"] == file_id:
            return doc, f
    return None


def by_share_token(tx: Tx, token: str) -> Doc | None:
    uuid = tx.key_get(NS_SHARE_TOKEN, token)
    return None if uuid is None else tx.get(KIND, uuid, None)


# -- state -----------------------------------------------------------------------------------
def is_trashed(doc: Doc) -> bool:
    return bool(doc.get("_trashed_ms"))


def active_files(doc: Doc) -> list[Doc]:
    return [f for f in doc["files"] if f.get("_state", ACTIVE) == ACTIVE]


def trashed_files(doc: Doc) -> list[Doc]:
    return [f for f in doc["files"] if f.get("_state") == TRASHED]


def find_file(doc: Doc, file_id: str) -> Doc | None:
    found: list[Doc] = [f for f in doc["files"] if f["id"] == file_id]
    return found[0] if found else None


# -- views -----------------------------------------------------------------------------------
def file_view(f: Doc, *, trash: bool = False) -> Doc:
    """A recording file as the API lists it."""
    out = {k: f[k] for k in _FILE_FIELDS if k in f}
    if f["file_type"] in BARE_TYPES:
        for name in ("id", "status", "file_size", "recording_type", "play_url"):
            out.pop(name, None)
    if trash and f.get("_trashed_ms"):
        out["deleted_time"] = iso_from_ms(int(f["_trashed_ms"]))
    return out


def event_file(f: Doc) -> Doc:
    """A recording file as webhooks carry it (every field, and the file name)."""
    out = {k: f[k] for k in _FILE_FIELDS if k in f}
    out["file_name"] = f["_file_name"]
    return out


def totals(files: list[Doc]) -> tuple[int, int]:
    """(total_size, recording_count) over the given files."""
    return sum(int(f.get("file_size") or 0) for f in files), len(files)


def meeting_fields(doc: Doc, files: list[Doc]) -> Doc:
    size, count = totals(files)
    out: Doc = {
        "uuid": doc["uuid"],
        "id": doc["id"],
        "account_id": doc["account_id"],
        "host_id": doc["host_id"],
        "topic": doc["topic"],
        "type": doc["type"],
        "start_time": doc["start_time"],
        "timezone": doc.get("timezone", ""),
        "duration": doc["duration"],
        "total_size": size,
        "recording_count": count,
        "share_url": doc["share_url"],
    }
    if doc.get("auto_delete") is not None:
        out["auto_delete"] = bool(doc["auto_delete"])
        if doc["auto_delete"] and doc.get("auto_delete_date"):
            out["auto_delete_date"] = doc["auto_delete_date"]
    return out


def view(doc: Doc, *, trash: bool = False, with_password: bool = False) -> Doc:
    """The recording as GET /meetings/{id}/recordings and the lists show it: the live files,
    or with `trash` the trashed ones."""
    files = trashed_files(doc) if trash else active_files(doc)
    out = meeting_fields(doc, files)
    if with_password:
        out["password"] = doc.get("password", "")
    out["recording_play_passcode"] = doc.get("recording_play_passcode", "")
    out["recording_files"] = [file_view(f, trash=trash) for f in files]
    return out
