"""A handle on a running zoomstack server for tests: where it is, its credentials, an
authenticated API client, and the control API (reset, clock, request log, simulator, webhooks);
plus a small webhook receiver that checks Zoom's signature.
"""

from __future__ import annotations

import contextlib
import fnmatch
import hashlib
import hmac
import json
import threading
import time
from collections.abc import Callable, Generator, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.message import Message
from types import TracebackType
from typing import TYPE_CHECKING, Any, Self

import httpx

from zoomstack.testing.endpoint import LoopbackEndpoint

if TYPE_CHECKING:
    from zoomstack.testing.server import Server

URL_VALIDATION = "endpoint.url_validation"

Moment = datetime | str | int


class ZoomstackError(RuntimeError):
    """The server refused a control or token request; `status_code` and `body` tell why."""

    def __init__(self, message: str, status_code: int, body: Any) -> None:
        super().__init__(message)
        self.status_code = status_code
        self.body = body


def _checked(resp: httpx.Response, *ok: int) -> Any:
    """The JSON answer, or ZoomstackError naming the request and the server's answer."""
    try:
        body: Any = resp.json() if resp.content else None
    except ValueError:
        body = resp.text
    if resp.status_code not in (ok or (200,)):
        request = resp.request
        raise ZoomstackError(
            f"{request.method} {request.url.path} answered {resp.status_code}: {resp.text[:500]}",
            resp.status_code,
            body,
        )
    return body


def _epoch_ms(moment: Moment) -> int | str:
    """A clock or simulator time as the control API takes it: epoch ms or ISO-8601 text."""
    if isinstance(moment, datetime):
        aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
        return int(aware.timestamp() * 1000)
    return moment


def _datetime(ms: int) -> datetime:
    return datetime.fromtimestamp(ms / 1000, UTC)


@dataclass(frozen=True)
class Credentials:
    """The dev app's credentials and URLs (GET /_zoomstack/credentials)."""

    account_id: str
    client_id: str
    client_secret: str
    webhook_secret: str
    api_url: str
    token_url: str


class _RenewingBearer(httpx.Auth):
    """Bearer auth that fetches a new token once when the server calls it invalid or expired,
    as long-lived clients do: moving the virtual clock or resetting must not break the
    handle's API client."""

    requires_response_body = True

    def __init__(self, owner: Zoomstack) -> None:
        self.owner = owner

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers["Authorization"] = f"Bearer {self.owner._current_token()}"
        response = yield request
        if response.status_code == 401 and _zoom_code(response) == 124:
            self.owner._cached_token = None
            request.headers["Authorization"] = f"Bearer {self.owner._current_token()}"
            yield request


def _zoom_code(resp: httpx.Response) -> int | None:
    try:
        body = resp.json()
    except ValueError:
        return None
    code = body.get("code") if isinstance(body, dict) else None
    return code if isinstance(code, int) else None


class Clock:
    """The server's virtual clock (`/_zoomstack/clock`). Token expiry, page tokens, webhook
    retries and daily limits all run on it."""

    def __init__(self, control: Callable[[], httpx.Client]) -> None:
        self._control = control

    def state(self) -> dict[str, Any]:
        """{"now", "now_ms", "frozen", "offset_ms"}."""
        return dict(_checked(self._control().get("/clock")))

    def now(self) -> datetime:
        return _datetime(self.now_ms())

    def now_ms(self) -> int:
        return int(self.state()["now_ms"])

    @property
    def frozen(self) -> bool:
        return bool(self.state()["frozen"])

    def _post(self, body: dict[str, Any]) -> datetime:
        state = _checked(self._control().post("/clock", json=body))
        return _datetime(int(state["now_ms"]))

    def set(self, when: Moment) -> datetime:
        """Jump to `when` (a datetime, naive meaning UTC; ISO-8601 text; or epoch ms)."""
        return self._post({"set": _epoch_ms(when)})

    def advance(
        self,
        seconds: float | timedelta = 0,
        *,
        minutes: float = 0,
        hours: float = 0,
        days: float = 0,
    ) -> datetime:
        """Move forward; webhook retries and other timers that fall due run at once."""
        if isinstance(seconds, timedelta):
            seconds = seconds.total_seconds()
        total_ms = round((seconds + minutes * 60 + hours * 3600 + days * 86400) * 1000)
        return self._post({"advance_ms": total_ms})

    def freeze(self, at: Moment | None = None) -> datetime:
        """Stop the clock (at `at`, when given); it then moves only when told to."""
        body: dict[str, Any] = {"freeze": True}
        if at is not None:
            body["set"] = _epoch_ms(at)
        return self._post(body)

    def unfreeze(self) -> datetime:
        return self._post({"freeze": False})


class Faults:
    """Fault rules (`/_zoomstack/faults`, docs/faults.md): make chosen requests fail or slow
    down, e.g. `add(path="/v2/users/*", preset="rate_limit", times=2)`."""

    def __init__(self, control: Callable[[], httpx.Client]) -> None:
        self._control = control

    def add(self, **rule: Any) -> dict[str, Any]:
        return dict(_checked(self._control().post("/faults", json=rule), 201))

    def rules(self) -> list[dict[str, Any]]:
        """The rules, each with how often it matched and how many more it will fail."""
        return list(_checked(self._control().get("/faults"))["faults"])

    def remove(self, fault_id: str) -> None:
        _checked(self._control().delete(f"/faults/{fault_id}"), 204)

    def clear(self) -> None:
        _checked(self._control().delete("/faults"), 204)


class Snapshots:
    """The whole server state saved and restored by name (`/_zoomstack/snapshots`,
    docs/snapshots.md): build an expensive setup once, restore it before each test."""

    def __init__(self, control: Callable[[], httpx.Client]) -> None:
        self._control = control

    def save(self, name: str = "default") -> dict[str, Any]:
        return dict(_checked(self._control().post("/snapshots", json={"name": name}), 201))

    def restore(self, name: str = "default") -> dict[str, Any]:
        return dict(_checked(self._control().post(f"/snapshots/{name}/restore")))

    def saved(self) -> list[dict[str, Any]]:
        return list(_checked(self._control().get("/snapshots"))["snapshots"])

    def export(self, name: str = "default") -> dict[str, Any]:
        """The snapshot as a JSON document (ZOOMSTACK_SNAPSHOT_FILE can start a server from it)."""
        return dict(_checked(self._control().get(f"/snapshots/{name}")))

    def load(self, name: str, document: Mapping[str, Any]) -> dict[str, Any]:
        """Store an exported document under `name` (restore it with `restore(name)`)."""
        return dict(_checked(self._control().put(f"/snapshots/{name}", json=dict(document)), 201))

    def remove(self, name: str) -> None:
        _checked(self._control().delete(f"/snapshots/{name}"), 204)


class Simulator:
    """The meeting-lifecycle simulator (`/_zoomstack/sim`) for meetings, or webinars
    (`.webinars`). Every step fires Zoom's events; `at` plays a step at an earlier time."""

    def __init__(self, control: Callable[[], httpx.Client], kind: str = "meetings") -> None:
        self._control = control
        self.kind = kind

    @property
    def webinars(self) -> Simulator:
        return Simulator(self._control, "webinars")

    def state(self, meeting_id: int | str) -> dict[str, Any]:
        """Live state: status, the instance, participants, waiting room, past instances."""
        return dict(_checked(self._control().get(f"/sim/{self.kind}/{meeting_id}")))

    def step(
        self, meeting_id: int | str, action: str, /, *, at: Moment | None = None, **body: Any
    ) -> Any:
        """Any step by name (start, join, leave, admit, share, recording, poll, chat, ...)."""
        if at is not None:
            body["at"] = _epoch_ms(at)
        return _checked(self._control().post(f"/sim/{self.kind}/{meeting_id}/{action}", json=body))

    def start(
        self, meeting_id: int | str, *, by: str | None = None, at: Moment | None = None, **body: Any
    ) -> dict[str, Any]:
        """The host (or the alternative host `by`, user id or email) starts it."""
        if by is not None:
            body["by"] = by
        return dict(self.step(meeting_id, "start", at=at, **body))

    def join(
        self,
        meeting_id: int | str,
        name: str | None = None,
        *,
        email: str | None = None,
        at: Moment | None = None,
        **body: Any,
    ) -> dict[str, Any]:
        """Someone joins; returns the participant (its `user_id` names it in later steps)."""
        if name is not None:
            body["name"] = name
        if email is not None:
            body["email"] = email
        return dict(self.step(meeting_id, "join", at=at, **body))

    def leave(
        self,
        meeting_id: int | str,
        participant: str,
        *,
        reason: str = "left",
        at: Moment | None = None,
        **body: Any,
    ) -> dict[str, Any]:
        """A participant (name, email, participant_uuid or user_id) leaves."""
        return dict(
            self.step(meeting_id, "leave", at=at, participant=participant, reason=reason, **body)
        )

    def end(self, meeting_id: int | str, *, at: Moment | None = None) -> dict[str, Any]:
        """The host ends it: everyone leaves, recordings close, `*.ended` fires."""
        return dict(self.step(meeting_id, "end", at=at))

    def play(self, scenario: Mapping[str, Any]) -> dict[str, Any]:
        """Play a whole scenario on the virtual clock (docs/lifecycle.md, "Scenarios")."""
        return dict(_checked(self._control().post("/sim/scenarios", json=dict(scenario))))

    def instances(self, meeting_id: int | str) -> list[dict[str, Any]]:
        key = "webinar_id" if self.kind == "webinars" else "meeting_id"
        answer = _checked(self._control().get("/sim/instances", params={key: str(meeting_id)}))
        return list(answer["instances"])


class Webhooks:
    """Event subscriptions and the delivery log (`/_zoomstack/webhooks`)."""

    def __init__(self, owner: Zoomstack) -> None:
        self._owner = owner

    def _control(self) -> httpx.Client:
        return self._owner.control

    def subscribe(
        self,
        target: str | WebhookReceiver,
        events: str | list[str] = "*",
        *,
        secret_token: str | None = None,
        validate: bool = True,
        **extra: Any,
    ) -> dict[str, Any]:
        """Subscribe a URL (or a WebhookReceiver, with its secret) to events of the dev app.
        With `validate`, the URL must answer the validation challenge first."""
        body: dict[str, Any] = {"events": events, "validate": validate, **extra}
        if isinstance(target, WebhookReceiver):
            body["url"] = target.url
            body["secret_token"] = secret_token or target.secret
        else:
            body["url"] = target
            if secret_token is not None:
                body["secret_token"] = secret_token
        return dict(_checked(self._control().post("/webhooks/subscriptions", json=body), 201))

    def unsubscribe(self, subscription_id: str) -> None:
        _checked(self._control().delete(f"/webhooks/subscriptions/{subscription_id}"), 204)

    def subscriptions(self) -> list[dict[str, Any]]:
        return list(_checked(self._control().get("/webhooks/subscriptions"))["subscriptions"])

    def validate(self, subscription_id: str) -> dict[str, Any]:
        """Send the URL validation challenge again now."""
        path = f"/webhooks/subscriptions/{subscription_id}/validate"
        return dict(_checked(self._control().post(path)))

    def deliveries(self, **filters: Any) -> list[dict[str, Any]]:
        """The delivery log, newest first. Filters: subscription_id, event, state (pending,
        delivered, failed), order ("asc"), limit (default 100, at most 1000), ..."""
        params = {k: str(v) for k, v in filters.items() if v is not None}
        return list(
            _checked(self._control().get("/webhooks/deliveries", params=params))["deliveries"]
        )

    def wait_deliveries(
        self, count: int = 1, *, state: str = "delivered", timeout: float = 10.0, **filters: Any
    ) -> list[dict[str, Any]]:
        """Wait until at least `count` deliveries are in `state`; returns them."""
        deadline = time.monotonic() + timeout
        while True:
            items = self.deliveries(state=state, limit=1000, **filters)
            if len(items) >= count:
                return items
            if time.monotonic() > deadline:
                raise TimeoutError(
                    f"{len(items)} of {count} deliveries {state} after {timeout:g} s ({filters})"
                )
            time.sleep(0.05)

    def events(self, **filters: Any) -> list[dict[str, Any]]:
        """Every event recorded (the outbox), delivered or not: after_seq, event, order, limit."""
        params = {k: str(v) for k, v in filters.items() if v is not None}
        return list(_checked(self._control().get("/webhooks/events", params=params))["events"])

    def test_event(
        self,
        event: str,
        obj: Mapping[str, Any] | None = None,
        payload: Mapping[str, Any] | None = None,
    ) -> dict[str, Any]:
        """Record a synthetic event (`obj`: the payload's `object`) for every subscription
        that takes it."""
        body: dict[str, Any] = {"event": event}
        if obj is not None:
            body["object"] = dict(obj)
        if payload is not None:
            body["payload"] = dict(payload)
        return dict(_checked(self._control().post("/webhooks/test-event", json=body), 201))

    def resend(self, delivery_id: int, *, wait: bool = True) -> dict[str, Any]:
        """Send a delivery again now (and, with `wait`, answer once the attempt is logged)."""
        params = {"wait": "true"} if wait else {}
        path = f"/webhooks/deliveries/{delivery_id}/resend"
        return dict(_checked(self._control().post(path, params=params), 202))


class Zoomstack:
    """A handle on one server. `api` is an httpx client for `/v2` that fetches (and renews)
    its own token; `control` one for `/_zoomstack`; `clock`, `sim` and `webhooks` wrap the
    control API."""

    def __init__(self, base_url: str, *, timeout: float = 30.0) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        # The server this handle belongs to, when the kit started it (for its log).
        self.server: Server | None = None
        self._credentials: Credentials | None = None
        self._cached_token: str | None = None
        self._api: httpx.Client | None = None
        self._control: httpx.Client | None = None
        self.clock = Clock(lambda: self.control)
        self.sim = Simulator(lambda: self.control)
        self.webhooks = Webhooks(self)
        self.faults = Faults(lambda: self.control)
        self.snapshots = Snapshots(lambda: self.control)

    def __repr__(self) -> str:
        return f"Zoomstack({self.base_url!r})"

    # -- where it is -------------------------------------------------------------------------
    @property
    def api_url(self) -> str:
        return self.base_url + "/v2"

    @property
    def token_url(self) -> str:
        return self.base_url + "/oauth/token"

    @property
    def oauth_url(self) -> str:
        return self.base_url + "/oauth"

    @property
    def control_url(self) -> str:
        return self.base_url + "/_zoomstack"

    # -- credentials -------------------------------------------------------------------------
    @property
    def credentials(self) -> Credentials:
        # A reset recreates the dev setup with the same configured credentials: read once.
        if self._credentials is None:
            body = _checked(self.control.get("/credentials"))
            self._credentials = Credentials(
                account_id=body["account_id"],
                client_id=body["client_id"],
                client_secret=body["client_secret"],
                webhook_secret=body["webhook_secret_token"],
                api_url=body["api_base_url"],
                token_url=body["token_url"],
            )
        return self._credentials

    @property
    def account_id(self) -> str:
        return self.credentials.account_id

    @property
    def client_id(self) -> str:
        return self.credentials.client_id

    @property
    def client_secret(self) -> str:
        return self.credentials.client_secret

    @property
    def webhook_secret(self) -> str:
        return self.credentials.webhook_secret

    def env(self) -> dict[str, str]:
        """Environment variables for apps configured the usual way (zoom-python-client's
        names, plus the URLs, which have no common names)."""
        return {
            "ZOOM_ACCOUNT_ID": self.account_id,
            "ZOOM_CLIENT_ID": self.client_id,
            "ZOOM_CLIENT_SECRET": self.client_secret,
            "ZOOM_WEBHOOK_SECRET_TOKEN": self.webhook_secret,
            "ZOOM_API_BASE_URL": self.api_url,
            "ZOOM_OAUTH_TOKEN_URL": self.token_url,
            "ZOOM_OAUTH_URL": self.oauth_url,
        }

    # -- tokens and clients ------------------------------------------------------------------
    def token(self) -> str:
        """A fresh access token (Server-to-Server OAuth, account_credentials grant)."""
        creds = self.credentials
        resp = self.control.post(
            self.token_url,
            params={"grant_type": "account_credentials", "account_id": creds.account_id},
            auth=(creds.client_id, creds.client_secret),
        )
        return str(_checked(resp)["access_token"])

    def _current_token(self) -> str:
        if self._cached_token is None:
            self._cached_token = self.token()
        return self._cached_token

    @property
    def api(self) -> httpx.Client:
        """httpx client on `/v2`: `zs.api.get("/users/me")`."""
        if self._api is None:
            self._api = httpx.Client(
                base_url=self.api_url, auth=_RenewingBearer(self), timeout=self.timeout
            )
        return self._api

    @property
    def control(self) -> httpx.Client:
        """httpx client on `/_zoomstack` (no credentials needed)."""
        if self._control is None:
            self._control = httpx.Client(base_url=self.control_url, timeout=self.timeout)
        return self._control

    def close(self) -> None:
        for client in (self._api, self._control):
            if client is not None:
                client.close()
        self._api = self._control = None

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # -- control -----------------------------------------------------------------------------
    def health(self) -> dict[str, Any]:
        return dict(_checked(self.control.get("/health")))

    def reset(self) -> None:
        """Drop all state and recreate the dev setup; the clock starts again where it started."""
        _checked(self.control.post("/reset"))
        # The reset revoked every token.
        self._cached_token = None

    def requests(self, limit: int = 100) -> list[dict[str, Any]]:
        """The most recent API requests, oldest first: method, path, query, status, ..."""
        answer = _checked(self.control.get("/requests", params={"limit": str(limit)}))
        return list(answer["requests"])

    @contextlib.contextmanager
    def receive_webhooks(
        self, events: str | list[str] = "*", *, path: str = "/zoom/webhook"
    ) -> Iterator[WebhookReceiver]:
        """A local receiver subscribed to `events` for the block (validated first)."""
        with WebhookReceiver(self.webhook_secret, path=path) as receiver:
            sub = self.webhooks.subscribe(receiver, events)
            if sub.get("status") != "active":
                raise ZoomstackError(f"the receiver was not validated: {sub}", 201, sub)
            receiver.subscription = sub
            try:
                yield receiver
            finally:
                # A reset inside the block may have removed it already.
                with contextlib.suppress(ZoomstackError, httpx.HTTPError):
                    self.webhooks.unsubscribe(str(sub["id"]))


# -- webhooks ------------------------------------------------------------------------------------
def sign(secret: str, timestamp: str, body: bytes) -> str:
    """Zoom's x-zm-signature for a request body."""
    message = b"v0:" + timestamp.encode() + b":" + body
    return "v0=" + hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def verify_signature(secret: str, headers: Mapping[str, str], body: bytes) -> bool:
    """Whether a webhook request carries Zoom's signature for `body` under `secret`."""
    lowered = {k.lower(): v for k, v in headers.items()}
    timestamp = lowered.get("x-zm-request-timestamp", "")
    signature = lowered.get("x-zm-signature", "")
    return bool(timestamp) and hmac.compare_digest(signature, sign(secret, timestamp, body))


def url_validation_answer(secret: str, plain_token: str) -> dict[str, str]:
    """The answer to an endpoint.url_validation challenge."""
    encrypted = hmac.new(secret.encode(), plain_token.encode(), hashlib.sha256).hexdigest()
    return {"plainToken": plain_token, "encryptedToken": encrypted}


@dataclass
class WebhookRequest:
    """One request the receiver got."""

    path: str
    headers: dict[str, str]
    body: bytes
    json: Any
    verified: bool
    status: int
    arrived: float = field(default_factory=time.monotonic)

    @property
    def event(self) -> str:
        return str(self.json.get("event", "")) if isinstance(self.json, dict) else ""

    @property
    def payload(self) -> dict[str, Any]:
        payload = self.json.get("payload") if isinstance(self.json, dict) else None
        return dict(payload) if isinstance(payload, dict) else {}

    @property
    def object(self) -> dict[str, Any]:
        obj = self.payload.get("object")
        return dict(obj) if isinstance(obj, dict) else {}

    @property
    def is_validation(self) -> bool:
        return self.event == URL_VALIDATION


class WebhookReceiver(LoopbackEndpoint):
    """A webhook endpoint on loopback: checks each request's signature (answering 401 to a
    bad one, as a careful endpoint does), answers the URL validation challenge, and keeps what
    it got. Subscribe `url` (or the receiver itself: `zs.webhooks.subscribe(receiver)`).

    The request timestamp is not compared with this machine's clock: it comes from the
    server's virtual clock.
    """

    def __init__(self, secret: str, *, port: int = 0, path: str = "/zoom/webhook") -> None:
        super().__init__(port)
        self.secret = secret
        self.path = path
        self.received: list[WebhookRequest] = []
        self.subscription: dict[str, Any] | None = None
        self._cond = threading.Condition()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}{self.path}"

    def handle(self, path: str, headers: Message, body: bytes) -> tuple[int, bytes]:
        lowered = {k.lower(): v for k, v in headers.items()}
        try:
            parsed = json.loads(body)
        except ValueError:
            parsed = None
        verified = verify_signature(self.secret, lowered, body)
        status, answer = 200, b"{}"
        if not verified:
            status, answer = 401, b'{"error":"bad signature"}'
        elif isinstance(parsed, dict) and parsed.get("event") == URL_VALIDATION:
            plain = str((parsed.get("payload") or {}).get("plainToken", ""))
            answer = json.dumps(url_validation_answer(self.secret, plain)).encode()
        with self._cond:
            self.received.append(WebhookRequest(path, lowered, body, parsed, verified, status))
            self._cond.notify_all()
        return status, answer

    # -- what arrived ------------------------------------------------------------------------
    def events(self, name: str | None = None) -> list[WebhookRequest]:
        """Event deliveries (validation challenges left out), optionally by name or pattern
        (`meeting.*`)."""
        with self._cond:
            return self._matching(name)

    def _matching(self, name: str | None) -> list[WebhookRequest]:
        return [
            r
            for r in self.received
            if not r.is_validation and (name is None or fnmatch.fnmatchcase(r.event, name))
        ]

    @property
    def validations(self) -> list[WebhookRequest]:
        with self._cond:
            return [r for r in self.received if r.is_validation]

    def clear(self) -> None:
        with self._cond:
            self.received.clear()

    def wait_for_events(
        self, name: str | None = None, *, count: int = 1, timeout: float = 10.0
    ) -> list[WebhookRequest]:
        """Wait until at least `count` events named `name` (a pattern; any when None) came."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while len(found := self._matching(name)) < count:
                left = deadline - time.monotonic()
                if left <= 0:
                    got = [r.event for r in self.received]
                    raise TimeoutError(
                        f"{len(found)} of {count} {name or 'events'} after {timeout:g} s; "
                        f"received: {got}"
                    )
                self._cond.wait(left)
            return found

    def wait_for_event(self, name: str, *, timeout: float = 10.0) -> WebhookRequest:
        """The first event named `name` (a pattern), waiting for it if needed."""
        return self.wait_for_events(name, timeout=timeout)[0]
