"""Password hashes: scrypt with its parameters in the stored value; older SHA-256 values still
verify, so a store written by an earlier version keeps its users' passwords."""

from __future__ import annotations

import hashlib

from zoomstack.areas.users import passwords


def test_scrypt_hashes_are_salted_and_verify() -> None:
    first, second = passwords.hash_password("Secret123x"), passwords.hash_password("Secret123x")
    assert first.startswith("scrypt$4096$8$1$") and first != second
    assert "Secret123x" not in first
    assert passwords.matches(first, "Secret123x")
    assert not passwords.matches(first, "Secret123y")


def test_older_sha256_values_still_verify() -> None:
    stored = "0011aabb$" + hashlib.sha256(b"0011aabbSecret123x").hexdigest()
    assert passwords.matches(stored, "Secret123x")
    assert not passwords.matches(stored, "secret123x")


def test_malformed_values_never_match() -> None:
    for stored in ("", "$", "scrypt$x$8$1$00$00", "scrypt$4096$8$1$zz$00", "a$b$c"):
        assert not passwords.matches(stored, "Secret123x")
