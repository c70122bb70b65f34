"""How the simulator acts: as the meeting's host, inside one store transaction, at a given time.

The simulator drives services like any other caller: each step gets a `Ctx` whose principal is
the host (built here the way the edge builds one for an API request) and whose clock is either
the server clock or a clock pinned to the step's time (scenarios). It never reads the wall
clock itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from zoomstack import errors
from zoomstack.areas.meeting_features.parent import Parent
from zoomstack.areas.users import service as users
from zoomstack.clock import Clock, ClockState
from zoomstack.context import Ctx
from zoomstack.http.messages import Request
from zoomstack.principal import Principal
from zoomstack.registry import Operation

if TYPE_CHECKING:
    from zoomstack.config import Settings
    from zoomstack.store import Tx

MEETING, WEBINAR = "meeting", "webinar"
_OP = Operation("POST", "/_zoomstack/sim", "simulator", None, None, (), 200)


def pinned_clock(at_ms: int) -> Clock:
    """A clock frozen at a step's time: `ctx.clock` of that step (and `event_ts` of its
    events) reads it."""
    return Clock(ClockState(0, at_ms))


def host_principal(host: dict[str, Any], account_id: str) -> Principal:
    return Principal(
        account_id=account_id,
        app_id="",
        client_id="",
        kind="user",
        scopes=frozenset(),
        expires_ms=0,
        user_id=str(host.get("id") or ""),
        user_email=str(host.get("email") or ""),
    )


def make_ctx(
    tx: Tx, clock: Clock, settings: Settings, host: dict[str, Any], account_id: str
) -> Ctx:
    req = Request("POST", _OP.path, _OP.path.encode(), b"", [])
    return Ctx(tx, clock, settings, host_principal(host, account_id), account_id, _OP, {}, req)


def at_time(ctx: Ctx, at_ms: int) -> Ctx:
    """The same caller, transaction and account, at another time."""
    clone = Ctx(
        ctx.tx, pinned_clock(at_ms), ctx.settings, ctx.principal, ctx.account_id, ctx.op, {},
        ctx.req,
    )  # fmt: skip
    clone.refs.update(ctx.refs)
    return clone


@dataclass(slots=True)
class Held:
    """A meeting or webinar the simulator acts on: its kind, stored document and account."""

    kind: str
    doc: dict[str, Any]
    account_id: str

    @property
    def is_webinar(self) -> bool:
        return self.kind == WEBINAR

    @property
    def number(self) -> int:
        return int(self.doc["id"])

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.doc['id']}"

    @property
    def parent(self) -> Parent:
        return Parent(self.kind, self.doc)

    @property
    def settings(self) -> dict[str, Any]:
        value = self.doc.get("settings")
        return value if isinstance(value, dict) else {}

    @property
    def label(self) -> str:
        return "Webinar" if self.is_webinar else "Meeting"


def not_found(kind: str, ref: object) -> errors.ZoomError:
    if kind == WEBINAR:
        return errors.not_found(3001, f"Webinar does not exist: {ref}.")
    return errors.meeting_not_found(ref)


def find_held(tx: Tx, kind: str, ref: str) -> Held:
    """A meeting or webinar by number (or current UUID), in whatever account holds it."""
    number = ref
    if not ref.isdigit():
        found = tx.key_get("webinar_uuid" if kind == WEBINAR else "meeting_uuid", ref)
        if found is None:
            raise not_found(kind, ref)
        number = found
    got = tx.get_with_account(kind, number)
    if got is None or got[0].get("_deleted"):
        raise not_found(kind, ref)
    return Held(kind, got[0], got[1])


def reload(tx: Tx, held: Held) -> Held:
    doc = tx.get(held.kind, str(held.doc["id"]), held.account_id)
    if doc is None:
        raise not_found(held.kind, held.doc["id"])
    held.doc = doc
    return held


def host_of(tx: Tx, held: Held) -> dict[str, Any]:
    host = users.find_user(tx, held.account_id, str(held.doc.get("host_id") or ""))
    if host is not None:
        return host
    return {"id": held.doc.get("host_id", ""), "email": held.doc.get("host_email", "")}


def host_ctx(tx: Tx, clock: Clock, settings: Settings, held: Held) -> Ctx:
    return make_ctx(tx, clock, settings, host_of(tx, held), held.account_id)
