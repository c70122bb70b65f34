"""Identifier formats as Zoom issues them, from one seedable generator.

Seeding (ZOOMSTACK_SEED) makes IDs, UUIDs and passcodes repeatable for tests and demos; without a
seed the generator draws from the operating system.
"""

from __future__ import annotations

import base64
import itertools
import os
import random
import secrets
import string

_ALNUM = string.ascii_letters + string.digits
_rng: random.Random = random.SystemRandom()


def seed(value: int) -> None:
    global _rng
    _rng = random.Random(value) if value else random.SystemRandom()


def _bytes(n: int) -> bytes:
    return bytes(_rng.getrandbits(8) for _ in range(n))


def b64url_id(n_bytes: int = 16) -> str:
    """22-character base64url ID, Zoom's shape for user, account and host IDs."""
    return base64.urlsafe_b64encode(_bytes(n_bytes)).rstrip(b"=").decode()


def meeting_uuid() -> str:
    """24-character standard base64 of 16 bytes; may contain + and / (double-encoding!)."""
    return base64.b64encode(_bytes(16)).decode()


def meeting_number(digits: int = 11) -> int:
    first = _rng.randint(1, 9)
    rest = "".join(str(_rng.randint(0, 9)) for _ in range(digits - 1))
    return int(f"{first}{rest}")


def digits(n: int) -> str:
    return "".join(str(_rng.randint(0, 9)) for _ in range(n))


def alnum(n: int) -> str:
    return "".join(_rng.choice(_ALNUM) for _ in range(n))


def token_urlsafe(n_bytes: int = 32) -> str:
    return base64.urlsafe_b64encode(_bytes(n_bytes)).rstrip(b"=").decode()


def hex_id(n_bytes: int = 16) -> str:
    return _bytes(n_bytes).hex()


def uuid4_str() -> str:
    h = hex_id(16)
    variant = "89ab"[int(h[16], 16) & 3]  # RFC 4122 variant bits
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{variant}{h[17:20]}-{h[20:32]}"


def secret_token() -> str:
    """Secrets that guard access are never seeded."""
    return secrets.token_urlsafe(32)


# Tracking ids (x-zm-trackingid on API answers and webhook deliveries): Zoom's shape, unique per
# process (a random prefix, then a counter). Not seeded: they identify one request on the wire.
_TID_PREFIX = ("v=2.0;clid=us01;rid=WEB_" + os.urandom(8).hex()).encode()
_tid_counter = itertools.count(int.from_bytes(os.urandom(4), "big"))


def tracking_id() -> bytes:
    return b"%s%016x" % (_TID_PREFIX, next(_tid_counter) & 0xFFFFFFFFFFFFFFFF)
