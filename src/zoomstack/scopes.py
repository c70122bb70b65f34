"""Scope checks, computed once per operation at start-up.

Every catalogued operation lists the classic and the granular scopes Zoom accepts for it (both
levels: `meeting:read` and `meeting:read:admin`, `meeting:read:meeting` and
`meeting:read:meeting:admin`). A token passes when it holds any one of them; operations that
list none (the legacy ones) are open to every valid token. A failure is Zoom's HTTP 400, code
4711, naming the scopes the caller could have had: the granular ones of the token's level when
the operation has granular scopes, else the classic ones.

User-level tokens act as their user: reaching another user's objects (a `{userId}` that is not
the caller, a meeting hosted by someone else) takes an account-level (`:admin`/`:master`)
scope of the operation, as in Zoom, where such a call fails with the same scope error.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from zoomstack import errors

if TYPE_CHECKING:
    from zoomstack.context import Ctx
    from zoomstack.principal import Principal
    from zoomstack.registry import Operation

MISSING_CODE = 4711


def is_account_level(scope: str) -> bool:
    return scope.endswith((":admin", ":master"))


def missing_message(scopes: Iterable[str]) -> str:
    return f"Invalid access token, does not contain scopes:[{', '.join(scopes)}]."


def _pick(granular: tuple[str, ...], classic: tuple[str, ...], admin: bool) -> tuple[str, ...]:
    """The scopes an error names: granular before classic, the caller's level first."""
    for group in (granular, classic):
        level = tuple(s for s in group if is_account_level(s) == admin)
        if level:
            return level
    return granular or classic


@dataclass(frozen=True, slots=True)
class ScopeRule:
    accepted: frozenset[str]
    # The account-level subset: what a user-level token needs to reach other users' objects.
    admin: frozenset[str]
    user_error: str
    admin_error: str

    def check(self, principal: Principal) -> None:
        if self.accepted.isdisjoint(principal.scopes):
            message = self.user_error if principal.kind == "user" else self.admin_error
            raise errors.bad_request(MISSING_CODE, message)

    def check_other_user(self, principal: Principal) -> None:
        """A user-level token touching someone else's object."""
        if self.admin.isdisjoint(principal.scopes):
            raise errors.bad_request(MISSING_CODE, self.admin_error)


def rule_for(op: Operation) -> ScopeRule | None:
    """The rule of the operation as called (a master-account row has its own `:master` list)."""
    spec = op.spec
    if spec is None and op.mirror_of is not None:
        spec = op.mirror_of.spec
    if spec is None:
        return None
    classic, granular = spec.classic_scopes, spec.granular_scopes
    if not classic and not granular:
        return None
    accepted = frozenset((*classic, *granular))
    return ScopeRule(
        accepted=accepted,
        admin=frozenset(s for s in accepted if is_account_level(s)),
        user_error=missing_message(_pick(granular, classic, admin=False)),
        admin_error=missing_message(_pick(granular, classic, admin=True)),
    )


def build(ops: Iterable[Operation]) -> dict[int, ScopeRule]:
    """Rules keyed by `id(operation)`: operations live as long as the app."""
    out: dict[int, ScopeRule] = {}
    for op in ops:
        rule = rule_for(op)
        if rule is not None:
            out[id(op)] = rule
    return out


def owner_of(name: str, ref: Any) -> str | None:
    """The user a resolved path object belongs to, when it belongs to one."""
    if not isinstance(ref, dict):
        return None
    owner = ref.get("id") if name == "userId" else ref.get("host_id")
    return owner if isinstance(owner, str) and owner else None


def check_user_reach(rule: ScopeRule | None, principal: Principal, refs: dict[str, Any]) -> None:
    """User-level tokens: resolved objects of other users need an account-level scope."""
    if rule is None:
        return
    for name, ref in refs.items():
        owner = owner_of(name, ref)
        if owner is not None and owner != principal.user_id:
            rule.check_other_user(principal)
            return


def check_host_reach(ctx: Ctx, host_id: object) -> None:
    """The same rule for an object a handler finds itself (an operation declared with
    `api(raw=...)`: the edge resolved nothing): a user-level token reaching another host's
    object needs an account-level scope."""
    if ctx.principal.kind != "user" or not ctx.settings.scope_checks:
        return
    rule = rule_for(ctx.op)
    if rule is not None and host_id != ctx.principal.user_id:
        rule.check_other_user(ctx.principal)
