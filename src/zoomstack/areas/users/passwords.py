"""User passwords: Zoom's basic password rules and scrypt hashes (the clear text is never kept)."""

from __future__ import annotations

import hashlib
import hmac
import itertools
import secrets

from zoomstack import errors

MIN_LENGTH = 8
MAX_LENGTH = 32
# A run this long of ascending characters ("abcdef", "123456") is refused.
SEQUENCE_RUN = 6


def _longest_ascending_run(text: str) -> int:
    longest = run = 1
    for prev, cur in itertools.pairwise(text):
        run = run + 1 if ord(cur) == ord(prev) + 1 else 1
        longest = max(longest, run)
    return longest


def rule_error(password: str) -> errors.ZoomError | None:
    """The first basic rule the password breaks, as the update-password error."""
    if len(password) < MIN_LENGTH:
        return errors.bad_request(1124, f"Have at least {MIN_LENGTH} characters")
    if len(password) > MAX_LENGTH:
        return errors.bad_request(300, "Invalid parameter: password")
    if not any(c.isalpha() for c in password):
        return errors.bad_request(1125, "Have at least 1 letter (a, b, c…)")
    if not any(c.isdigit() for c in password):
        return errors.bad_request(1126, "Have at least 1 number (1, 2, 3…)")
    if not (any(c.isupper() for c in password) and any(c.islower() for c in password)):
        return errors.bad_request(1128, "Include both Upper case and Lower case characters")
    if len(set(password)) == 1:
        return errors.bad_request(1130, "Password can't use the same character.")
    if _longest_ascending_run(password) >= SEQUENCE_RUN:
        return errors.bad_request(
            1131, "Password can't use continuation character.Such as 'abcdef','123456'."
        )
    return None


# scrypt (stdlib, memory-hard). The cost is modest: this is a development server that creates
# many users in test suites, yet a copied database should not give passwords away cheaply.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**12, 8, 1


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int) -> str:
    return hashlib.scrypt(password.encode(), salt=salt, n=n, r=r, p=p, dklen=32).hex()


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    digest = _scrypt(password, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${salt.hex()}${digest}"


def matches(stored: str, password: str) -> bool:
    parts = stored.split("$")
    if len(parts) == 6 and parts[0] == "scrypt":
        try:
            n, r, p = int(parts[1]), int(parts[2]), int(parts[3])
            candidate = _scrypt(password, bytes.fromhex(parts[4]), n, r, p)
        except ValueError:
            return False
        return hmac.compare_digest(candidate, parts[5])
    if len(parts) == 2 and parts[1]:
        # Stores written before scrypt: salted SHA-256, still accepted.
        candidate = hashlib.sha256((parts[0] + password).encode()).hexdigest()
        return hmac.compare_digest(candidate, parts[1])
    return False
