"""Meeting passcodes: generation from the host's passcode requirements, the requirement check
with Zoom's error text, and the derived numeric (H.323/PSTN) and encrypted forms.

Shared by meetings and webinars.
"""

from __future__ import annotations

import itertools
import string
from typing import Any

from zoomstack import errors, ids

MAX_LENGTH = 10
DEFAULT_LENGTH = 6
# Specials Zoom itself puts in generated passcodes; any printable ASCII is accepted from clients.
_GEN_SPECIALS = "@-_*"
_PRINTABLE = frozenset(string.printable) - frozenset(string.whitespace)

_REQ_PREFIX = (
    "Password provided does not match the password requirement settings set for this account."
    " The password must follow these rules: "
)


def _runs(value: str, n: int) -> bool:
    """True if `value` holds n or more consecutive characters: repeated ("aaaa") or a straight
    sequence either way ("1234", "dcba")."""
    if n < 2 or len(value) < n:
        return False
    for i in range(len(value) - n + 1):
        chunk = [ord(c) for c in value[i : i + n]]
        steps = {b - a for a, b in itertools.pairwise(chunk)}
        if len(steps) == 1 and steps.pop() in (-1, 0, 1):
            return True
    return False


_WEAK = frozenset({"123456", "1234567", "12345678", "123456789", "1234567890", "password",
                   "qwerty", "abc123", "111111", "000000", "654321"})  # fmt: skip


def violations(password: str, req: dict[str, Any]) -> list[str]:
    """The requirement rules `password` breaks, in Zoom's wording (empty when it complies)."""
    rules: list[str] = []
    if any(c not in _PRINTABLE for c in password):
        rules.append("Password can only contain printable ASCII characters.")
    min_len = int(req.get("length") or 0)
    if min_len and len(password) < min_len:
        rules.append(f"Password must have at least {min_len} characters.")
    if len(password) > MAX_LENGTH:
        rules.append(f"Password can only have a maximum {MAX_LENGTH} characters.")
    if req.get("only_allow_numeric"):
        if not password.isdigit():
            rules.append("Password can only contain numbers.")
    else:
        if req.get("have_letter") and not any(c.isalpha() for c in password):
            rules.append("Password must contain at least 1 letter.")
        if req.get("have_number") and not any(c.isdigit() for c in password):
            rules.append("Password must contain at least 1 number.")
        if req.get("have_special_character") and all(c.isalnum() for c in password):
            rules.append("Password must contain at least 1 special character.")
        if req.get("have_upper_and_lower_characters") and not (
            any(c.isupper() for c in password) and any(c.islower() for c in password)
        ):
            rules.append("Password must contain both uppercase and lowercase letters.")
    consecutive = int(req.get("consecutive_characters_length") or 0)
    if consecutive and _runs(password, consecutive):
        rules.append(f"Password cannot contain {consecutive} or more consecutive characters.")
    if req.get("weak_enhance_detection") and (password.lower() in _WEAK or len(set(password)) == 1):
        rules.append("Password is too weak.")
    return rules


def requirement_error(rules: list[str]) -> errors.ZoomError:
    return errors.validation(
        [{"field": "password", "message": _REQ_PREFIX + f"[{' '.join(rules)}]."}]
    )


def check(password: str, req: dict[str, Any]) -> None:
    """Raise Zoom's 300 error when a client-chosen passcode breaks the requirements."""
    rules = violations(password, req)
    if rules:
        raise requirement_error(rules)


def generate(req: dict[str, Any]) -> str:
    """A passcode that satisfies `req`, shaped like the ones Zoom generates."""
    length = min(MAX_LENGTH, max(DEFAULT_LENGTH, int(req.get("length") or 0)))
    if req.get("only_allow_numeric"):
        pools = [string.digits]
    else:
        pools = [string.ascii_letters, string.digits]
        if req.get("have_upper_and_lower_characters"):
            pools = [string.ascii_uppercase, string.ascii_lowercase, string.digits]
        if req.get("have_special_character"):
            pools.append(_GEN_SPECIALS)
    alphabet = "".join(pools)
    candidate = ""
    for _ in range(200):
        chars = [_pick(p) for p in pools]
        chars += [_pick(alphabet) for _ in range(length - len(chars))]
        candidate = "".join(_shuffle(chars))
        if not violations(candidate, req):
            return candidate
    return candidate


def _pick(alphabet: str) -> str:
    return alphabet[int(ids.digits(6)) % len(alphabet)]


def _shuffle(chars: list[str]) -> list[str]:
    out = list(chars)
    for i in range(len(out) - 1, 0, -1):
        j = int(ids.digits(6)) % (i + 1)
        out[i], out[j] = out[j], out[i]
    return out


def numeric_variant(password: str) -> str:
    """The H.323/PSTN passcode: the passcode itself when it is all digits, otherwise a separate
    numeric code (phones and room systems cannot type letters)."""
    if not password:
        return ""
    if password.isdigit():
        return password
    return ids.digits(DEFAULT_LENGTH)


def encrypted(password: str) -> str:
    """The `pwd` token of join links (current 30 characters + ".1" form)."""
    if not password:
        return ""
    return ids.alnum(30) + ".1"


def passcode_fields(password: str) -> dict[str, str]:
    """The four passcode fields a meeting shows (none when it has no passcode)."""
    if not password:
        return {}
    pstn = numeric_variant(password)
    return {
        "password": password,
        "h323_password": pstn,
        "pstn_password": pstn,
        "encrypted_password": encrypted(password),
    }
