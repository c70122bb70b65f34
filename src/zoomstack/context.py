"""The per-request context handed to handlers and services.

It carries everything a service may touch: the transaction, the clock, the settings, the caller
and the event sink. Services never reach for globals, the wall clock or their own connections.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from zoomstack import errors, jsonutil
from zoomstack.validation import validate_body

if TYPE_CHECKING:
    from zoomstack.clock import Clock
    from zoomstack.config import Settings
    from zoomstack.http.messages import Request
    from zoomstack.principal import Principal
    from zoomstack.registry import Operation
    from zoomstack.store import Tx

_NO_BODY = object()


def parse_json_object(raw: bytes, *, required: bool) -> dict[str, Any]:
    """A request body that must be a JSON object; anything else is Zoom's invalid-JSON error.
    An empty body is that error too when `required`, else `{}`."""
    raw = raw.strip()
    if not raw:
        if required:
            raise errors.invalid_json()
        return {}
    try:
        parsed = jsonutil.loads(raw)
    except (jsonutil.JSONDecodeError, UnicodeDecodeError):
        raise errors.invalid_json() from None
    if not isinstance(parsed, dict):
        raise errors.invalid_json()
    return parsed


class Ctx:
    __slots__ = (
        "_body",
        "_clock",
        "account_id",
        "clock_used",
        "op",
        "params",
        "principal",
        "refs",
        "req",
        "settings",
        "tx",
    )

    def __init__(
        self,
        tx: Tx,
        clock: Clock,
        settings: Settings,
        principal: Principal,
        account_id: str,
        op: Operation,
        params: dict[str, str],
        req: Request,
    ) -> None:
        self.tx = tx
        self._clock = clock
        self.clock_used = False
        self.settings = settings
        self.principal = principal
        self.account_id = account_id
        self.op = op
        self.params = params
        self.req = req
        self.refs: dict[str, Any] = {}
        self._body: Any = _NO_BODY

    @property
    def clock(self) -> Clock:
        # An answer that read the clock is not a function of the stored documents alone.
        self.clock_used = True
        return self._clock

    @property
    def query(self) -> dict[str, str]:
        return self.req.query

    @property
    def headers(self) -> dict[str, str]:
        return self.req.headers

    @property
    def body_bytes(self) -> bytes:
        return self.req.body

    @property
    def content_type(self) -> str:
        return self.req.header(b"content-type") or ""

    # -- input -------------------------------------------------------------------------------
    def json_object(self, *, required: bool = True) -> dict[str, Any]:
        """The JSON body, parsed but not validated (for bodies whose schema is picked per
        request); an empty body is Zoom's invalid-JSON error, or `{}` when not `required`."""
        return parse_json_object(self.body_bytes, required=required)

    def body(self, *, required: bool = True) -> dict[str, Any]:
        """The JSON body, parsed and validated against the operation's request schema once."""
        if self._body is _NO_BODY:
            parsed = self.json_object(required=required)
            # An absent optional body is `{}` as it stands, not something to validate.
            if self.body_bytes.strip():
                spec_op = self.op.mirror_of or self.op
                validate_body(spec_op.method, spec_op.path, parsed)
            self._body = parsed
        return dict(self._body)

    def q(self, name: str, default: str = "") -> str:
        return self.query.get(name, default)

    def q_bool(self, name: str, default: bool = False) -> bool:
        raw = self.query.get(name)
        if raw is None or raw == "":
            return default
        low = raw.lower()
        if low in ("true", "1"):
            return True
        if low in ("false", "0"):
            return False
        raise errors.field_error(name, f"Invalid parameter: {name}.")

    def q_int(self, name: str, default: int | None = None) -> int | None:
        raw = self.query.get(name)
        if raw is None or raw == "":
            return default
        try:
            value = int(raw)
        except ValueError:
            raise errors.field_error(name, f"Invalid parameter: {name}.") from None
        if not -(2**63) <= value < 2**63:
            # No Zoom query integer is wider than 64 bits (meeting IDs are the widest).
            raise errors.field_error(name, f"Invalid parameter: {name}.")
        return value

    def q_enum(self, name: str, allowed: tuple[str, ...], default: str) -> str:
        raw = self.query.get(name)
        if raw is None or raw == "":
            return default
        if raw not in allowed:
            raise errors.field_error(name, f"Invalid parameter: {name}.")
        return raw

    # -- output ------------------------------------------------------------------------------
    def emit(self, event: str, obj: dict[str, Any], **payload: Any) -> None:
        """Record a webhook event in the outbox, in the same transaction as the change."""
        now = self.clock.now_ms()
        body = {
            "event": event,
            "event_ts": now,
            "payload": {
                "account_id": self.account_id,
                "operator": self.principal.user_email,
                "operator_id": self.principal.user_id,
                **payload,
                "object": obj,
            },
        }
        self.tx.emit(self.account_id, event, now, body)
