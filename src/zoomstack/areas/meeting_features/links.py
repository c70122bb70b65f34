"""Personal join links: registrant `tk` tokens and invite links.

A registrant's join URL is `{origin}/w/{meetingId}?tk={token}&pwd={encrypted_password}`, the
token being 43 base64url characters, a dot and a base64url blob (the shape of Zoom's real
tokens). Tokens are recorded as unique keys so that the simulator can admit whoever presents
one: namespace `registrant_tk` maps to the registrant ID, `invite_tk` to the invite-link ID.
"""

from __future__ import annotations

import base64
import struct
from urllib.parse import quote

from zoomstack import ids
from zoomstack.areas.meeting_features.parent import Parent
from zoomstack.store import Tx

NS_REGISTRANT_TK = "registrant_tk"
NS_INVITE_TK = "invite_tk"

_BLOB_VERSION = b"\x0d\x02"


def new_token(parent: Parent, holder_id: str) -> str:
    """A fresh token: an unguessable part and a blob naming the meeting and the holder."""
    secret = ids.secret_token()[:43]
    blob = _BLOB_VERSION + struct.pack(">Q", parent.number) + holder_id.encode()
    return secret + "." + base64.urlsafe_b64encode(blob).rstrip(b"=").decode()


def join_url(parent: Parent, base_url: str, token: str, path: str = "w") -> str:
    url = f"{parent.join_origin(base_url)}/{path}/{parent.id}?tk={quote(token, safe='._-')}"
    pwd = parent.encrypted_password()
    if pwd:
        url += f"&pwd={quote(pwd, safe='._-')}"
    return url


def registrant_token(tx: Tx, parent: Parent, registrant_id: str) -> str:
    token = new_token(parent, registrant_id)
    tx.key_put(NS_REGISTRANT_TK, token, registrant_id)
    return token


def registrant_for_token(tx: Tx, token: str) -> str | None:
    """The registrant ID a `tk` stands for (for the simulator's admission check)."""
    return tx.key_get(NS_REGISTRANT_TK, token)


def forget_token(tx: Tx, ns: str, token: str) -> None:
    if token:
        tx.key_delete(ns, token)
