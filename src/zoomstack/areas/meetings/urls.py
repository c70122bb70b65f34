"""The URLs a meeting (or webinar) shows: join, start (with a ZAK), registration, chat.

All are built on the server's public base URL so that links point back at zoomstack.
"""

from __future__ import annotations

import base64
import hashlib

from zoomstack import ids


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def join_url(
    base: str, number: int | str, encrypted_password: str, pmi: str = "", path: str = "j"
) -> str:
    """`/j/<id>?pwd=…` (webinars: path "w"); a meeting held on the host's PMI joins through the
    PMI and names the real meeting with `omn`."""
    url = f"{base}/{path}/{pmi or number}"
    params = []
    if encrypted_password:
        params.append(f"pwd={encrypted_password}")
    if pmi:
        params.append(f"omn={number}")
    return url + ("?" + "&".join(params) if params else "")


def start_url(base: str, number: int | str, zak: str) -> str:
    return f"{base}/s/{number}?zak={zak}"


def registration_token() -> str:
    return "t" + ids.token_urlsafe(26)[:35]


def registration_url(base: str, token: str) -> str:
    return f"{base}/meeting/register/{token}"


def chat_join_url(base: str, number: int | str) -> str:
    return f"{base}/launch/jc/{number}"


def local_numbers_url(base: str, number: int | str) -> str:
    """The "Find your local number" link; stable per meeting."""
    code = _b64(hashlib.sha256(f"local-numbers:{number}".encode()).digest())[:10]
    return f"{base}/u/{code.lower()}"
