"""Who is calling: the identity an access token stands for."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Principal:
    account_id: str
    app_id: str
    client_id: str
    # Token kind: "s2s" (account_credentials), "user" (authorization_code of a user-managed
    # app), "account" (authorization_code of an admin-managed app: acts account-wide),
    # "chatbot" (client_credentials) or "jwt" (legacy JWT apps).
    kind: str
    scopes: frozenset[str]
    expires_ms: int
    # The user a user-level token acts as; for account-level tokens, the account owner.
    user_id: str
    user_email: str
    # True when the token's account is a master account (may use /accounts/{accountId}/...).
    is_master: bool = False

    @property
    def user_level(self) -> bool:
        return self.kind == "user"
