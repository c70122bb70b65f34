"""The ASGI application: one port for /v2 (the API), /oauth, /_zoomstack (control) and /.

The pipeline is one straight path built at start-up: tracking id, body, route, authenticate,
resolve path objects, run the handler in one store transaction, encode. Nothing is compiled or
looked up per request that could be done once.
"""

from __future__ import annotations

import asyncio
import gc
import importlib
import logging
import time
import traceback
from collections import deque
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import unquote

from zoomstack import errors, ids, jsonutil, pagination, registry, scopes
from zoomstack.clock import Clock, ClockState
from zoomstack.config import Settings
from zoomstack.context import Ctx
from zoomstack.faults import inject
from zoomstack.faults.rules import FaultSet
from zoomstack.http.messages import (
    HEADER_LINES,
    JSON_LINE,
    TRACKING_LINE,
    Request,
    Response,
    header_pairs,
)
from zoomstack.http.router import MethodNotAllowed, Router, split_path
from zoomstack.oauth import tokens
from zoomstack.principal import Principal
from zoomstack.ratelimit import Lines, RateLimiter
from zoomstack.ratelimit.limiter import H_REMAINING
from zoomstack.registry import Operation
from zoomstack.store import InvalidText, Store, Tx, open_store

log = logging.getLogger("zoomstack")

RouteFn = Callable[["App", Request, list[str]], Awaitable[Response]]
ASGIReceive = Callable[[], Awaitable[dict[str, Any]]]
ASGISend = Callable[[dict[str, Any]], Awaitable[None]]

CLOCK_SYNC_MS = 500
PURE_ANSWERS_MAX = 4096

# Modules with a `register(app)` that adds non-API routes and lifecycle hooks.
EXTENSIONS = (
    "zoomstack.oauth.endpoints",
    "zoomstack.control",
    "zoomstack.landing",
    "zoomstack.webhooks",
    "zoomstack.areas.users.media",
    "zoomstack.ratelimit",
    "zoomstack.admin_apps",
    "zoomstack.sim.control_api",
    "zoomstack.areas.recordings.downloads",
    "zoomstack.areas.archiving.control",
    "zoomstack.dashboard",
    "zoomstack.faults",
    "zoomstack.snapshots",
)


class App:
    def __init__(self, settings: Settings, store: Store | None = None) -> None:
        self.settings = settings
        self.store = store or open_store(settings.store_url)
        self.clock = Clock()
        self.store.set_clock(self.clock.now_ms)
        self.ops = registry.build()
        self.api_router: Router[Operation] = Router()
        for op in self.ops:
            self.api_router.add(op.method, op.path, op)
        self.routes: Router[RouteFn] = Router()
        self.request_log: deque[tuple[int, str, str, bytes, int, float, bytes]] = deque(maxlen=1000)
        self.startup_hooks: list[Callable[[App], Awaitable[None] | None]] = []
        self.shutdown_hooks: list[Callable[[App], Awaitable[None] | None]] = []
        self.reset_hooks: list[Callable[[App], None]] = []
        # Run after the clock was changed through this process (may be a worker thread).
        self.clock_hooks: list[Callable[[App], None]] = []
        # Run whenever the process adopts the stored shared state (start, reset, clock sync).
        self.sync_hooks: list[Callable[[App, Tx], None]] = []
        # Fault rules (see zoomstack.faults); None, the usual case, skips matching entirely.
        self.faults: FaultSet | None = None
        # What a reset loads instead of an empty store (a snapshot file, see zoomstack.snapshots).
        self.reset_source: Callable[[Tx], None] | None = None
        # True when this start created the store (no clock was stored yet).
        self.fresh_store = False
        self._started = False
        self._start_lock = asyncio.Lock()
        self._clock_synced_ms = 0
        self.started_at = time.time()
        self._resolvers = registry.resolvers()
        self._inline_store = self.store.dialect == "sqlite"
        self._match_cache: dict[tuple[str, bytes], _Route] = {}
        # Encoded answers of pure GET operations (see registry.api(pure=...)), by path and
        # query: (caller, document cache entries read, status, body).
        self._pure_answers: dict[
            tuple[bytes, bytes],
            tuple[Principal, list[tuple[tuple[str, str], tuple[str, str]]], int, bytes],
        ] = {}
        # Per operation, decided once: the scope rule (None: open) and the rate-limit label.
        rules = scopes.build(self.ops) if settings.scope_checks else {}
        self._guards: dict[int, tuple[scopes.ScopeRule | None, str]] = {
            id(op): (rules.get(id(op)), op.rate_label or "LIGHT") for op in self.ops
        }
        self.limiter = RateLimiter(
            enabled=settings.rate_limits, shared_store=self.store.dialect == "postgres"
        )
        for name in EXTENSIONS:
            importlib.import_module(name).register(self)

    # -- wiring ------------------------------------------------------------------------------
    def route(self, method: str, path: str) -> Callable[[RouteFn], RouteFn]:
        def deco(fn: RouteFn) -> RouteFn:
            self.routes.add(method, path, fn)
            return fn

        return deco

    # -- lifecycle ---------------------------------------------------------------------------
    async def startup(self) -> None:
        async with self._start_lock:
            if self._started:
                return
            await self.store.run(self._startup_sync)
            self._started = True
            for hook in self.startup_hooks:
                res = hook(self)
                if asyncio.iscoroutine(res):
                    await res
            # Start-up objects (catalog, router, schemas) live for the whole process: keep them
            # out of the collector's way, and collect young objects less often — requests
            # allocate many short-lived dicts that reference counting already frees.
            gc.collect()
            gc.freeze()
            gc.set_threshold(20_000, 20, 20)

    def _startup_sync(self) -> None:
        from zoomstack import bootstrap, ids

        if self.settings.seed:
            ids.seed(self.settings.seed)
        self.store.migrate()
        with self.store.transaction() as tx:
            self.fresh_store = tx.meta_get("clock") is None
            self._load_state(tx)
            bootstrap.ensure_dev_setup(tx, self.settings, self.clock)

    def _load_state(self, tx: Tx) -> None:
        raw = tx.meta_get("clock")
        if raw:
            self.clock.replace_state(ClockState.from_json(jsonutil.loads(raw)))
        else:
            self.clock.replace_state(self._initial_clock())
            tx.meta_put("clock", jsonutil.dumps_str(self.clock.state.to_json()))
        secret = tx.meta_get("page_secret")
        if secret is None:
            from zoomstack import ids

            secret = ids.secret_token()
            tx.meta_put("page_secret", secret)
        pagination.set_secret(secret.encode())
        self._clock_synced_ms = _wall_ms()
        for hook in self.sync_hooks:
            hook(self, tx)

    def _initial_clock(self) -> ClockState:
        """A fresh store's clock: the wall clock, or running from `settings.clock_start`."""
        if not self.settings.clock_start:
            return ClockState(0, None, time.time_ns())
        from zoomstack.timefmt import parse_iso

        start = parse_iso(self.settings.clock_start, "UTC")
        if start is None:
            raise ValueError(
                f"ZOOMSTACK_CLOCK_START is not an ISO-8601 time: {self.settings.clock_start}"
            )
        offset = int(start.timestamp() * 1000) - _wall_ms()
        return ClockState(offset, None, time.time_ns())

    async def shutdown(self) -> None:
        for hook in self.shutdown_hooks:
            res = hook(self)
            if asyncio.iscoroutine(res):
                await res
        self.store.close()

    def sync_clock(self, tx: Tx) -> Clock:
        """Adopt the stored clock state (another process may have moved the clock)."""
        raw = tx.meta_get("clock")
        if raw:
            self.clock.state = ClockState.from_json(jsonutil.loads(raw))
        self._clock_synced_ms = _wall_ms()
        for hook in self.sync_hooks:
            hook(self, tx)
        return self.clock

    def save_clock(self, state: ClockState) -> None:
        with self.store.transaction() as tx:
            tx.meta_put("clock", jsonutil.dumps_str(state.to_json()))
        self._clock_synced_ms = _wall_ms()
        for hook in self.clock_hooks:
            hook(self)

    def reset(self, restore: Callable[[Tx], None] | None = None) -> None:
        """Drop all state and recreate the developer setup (same configured credentials);
        `restore` instead loads a saved state (a snapshot) in the same transaction that
        empties the store."""
        from zoomstack import bootstrap

        restore = restore or self.reset_source
        if restore is None:
            self.store.reset()
            tokens.forget_all()
            # A fresh clock (as at first start), stored with a new version so other processes
            # adopt it too.
            self.save_clock(self._initial_clock())
        else:
            with self.store.transaction() as tx:
                restore(tx)
            tokens.forget_all()
            for clock_hook in self.clock_hooks:
                clock_hook(self)
        self._pure_answers.clear()
        for hook in self.reset_hooks:
            hook(self)
        with self.store.transaction() as tx:
            self._load_state(tx)
            bootstrap.ensure_dev_setup(tx, self.settings, self.clock)

    # -- ASGI --------------------------------------------------------------------------------
    async def __call__(self, scope: dict[str, Any], receive: ASGIReceive, send: ASGISend) -> None:
        kind = scope["type"]
        if kind == "http":
            await self._http(scope, receive, send)
        elif kind == "lifespan":
            await self._lifespan(receive, send)

    async def _lifespan(self, receive: ASGIReceive, send: ASGISend) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                try:
                    await self.startup()
                except Exception as exc:
                    log.exception("start-up failed")
                    await send({"type": "lifespan.startup.failed", "message": str(exc)})
                    return
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await self.shutdown()
                await send({"type": "lifespan.shutdown.complete"})
                return

    async def _http(self, scope: dict[str, Any], receive: ASGIReceive, send: ASGISend) -> None:
        started = time.perf_counter()
        tid = ids.tracking_id()
        raw_path: bytes = scope.get("raw_path") or scope["path"].encode()
        method: str = scope["method"]
        req = Request(
            method, scope["path"], raw_path, scope.get("query_string", b""), scope["headers"]
        )
        try:
            if not self._started:
                await self.startup()
            if method not in ("GET", "HEAD", "DELETE") or self._may_have_body(req):
                req.body = await self._read_body(req.header(b"content-length"), receive)
            faulted = None
            if self.faults is not None and not raw_path.startswith(b"/_zoomstack/"):
                faulted = await inject.apply(self, req, self.faults)
            if faulted is not None:
                resp = faulted
            elif raw_path.startswith(b"/v2/"):
                # SQLite work takes microseconds: the whole API path runs without a coroutine.
                resp = self._api_inline(req) if self._inline_store else await self._api(req)
            else:
                resp = await self._dispatch(req)
        except errors.ZoomError as exc:
            resp = Response.json(exc.body(), exc.status, exc.headers)
        except InvalidText:
            # A NUL character where an identifier or key belongs: nothing can match it.
            err = errors.validation()
            resp = Response.json(err.body(), err.status)
        except Exception:
            log.error("unhandled error on %s %s\n%s", method, req.path, traceback.format_exc())
            resp = Response.json({"code": 500, "message": "Internal server error."}, 500)
        extensions = scope.get("extensions")
        if extensions is not None and HEADER_LINES in extensions and method != "HEAD":
            await send(
                {
                    "type": "http.response.start",
                    "status": resp.status,
                    "headers": resp.headers,
                    HEADER_LINES: resp.lines + TRACKING_LINE + tid + b"\r\n",
                }
            )
            await send({"type": "http.response.body", "body": resp.body})
        else:
            headers = resp.headers
            if resp.lines:
                headers += header_pairs(resp.lines)
            headers.append((b"x-zm-trackingid", tid))
            headers.append((b"content-length", b"%d" % len(resp.body)))
            await send({"type": "http.response.start", "status": resp.status, "headers": headers})
            await send(
                {"type": "http.response.body", "body": resp.body if method != "HEAD" else b""}
            )
        if self.settings.log_requests:
            # A tuple is cheap on the hot path; the control API turns entries into objects.
            self.request_log.append(
                (
                    self.clock.now_ms(),
                    method,
                    req.path,
                    req.query_string,
                    resp.status,
                    time.perf_counter() - started,
                    tid,
                )
            )

    @staticmethod
    def _may_have_body(req: Request) -> bool:
        for k, v in req.raw_headers:
            if k == b"transfer-encoding" or (k == b"content-length" and v != b"0"):
                return True
        return False

    async def _read_body(self, declared: str | None, receive: ASGIReceive) -> bytes:
        limit = self.settings.max_body
        if declared is not None and declared.isdigit() and int(declared) > limit:
            raise errors.ZoomError(413, 413, f"Request body is too large (limit {limit} bytes).")
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                break
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > limit:
                raise errors.ZoomError(
                    413, 413, f"Request body is too large (limit {limit} bytes)."
                )
            chunks.append(chunk)
            if not message.get("more_body"):
                break
        return b"".join(chunks)

    async def _dispatch(self, req: Request) -> Response:
        """Everything outside /v2/: OAuth, the control API, the landing page."""
        segs = split_path(req.raw_path.decode("latin-1"))
        try:
            found = self.routes.match(req.method, [unquote(s) for s in segs])
        except MethodNotAllowed:
            return Response.json({"code": 405, "message": "Method Not Allowed"}, 405)
        if found is None:
            raise errors.route_not_found()
        fn, values = found
        return await fn(self, req, values)

    # -- the API path ------------------------------------------------------------------------
    def _bearer(self, req: Request) -> str:
        auth = req.header(b"authorization") or ""
        if auth[:7].lower() == "bearer ":
            token = auth[7:].strip()
            if token:
                return token
        if "access_token" in req.query:
            if self.settings.legacy_auth:
                return req.query["access_token"]
            raise errors.ZoomError(
                401,
                124,
                "Invalid access token, this access token is not supported as query parameter"
                " string.",
            )
        if auth:
            raise errors.ZoomError(401, 124, "Invalid access token.")
        raise errors.ZoomError(401, 124, "Requires an access token.")

    def _match_api(self, method: str, raw_path: bytes) -> _Route:
        # Clients repeat the same paths (polling a meeting, paging a list); remembering recent
        # matches skips the trie walk and the unquoting. Entries are pure functions of the key.
        key = (method, raw_path)
        hit = self._match_cache.get(key)
        if hit is not None:
            return hit
        found = self.api_router.match(method, split_path(raw_path[3:].decode("latin-1")))
        if found is None:
            raise errors.route_not_found()
        op, raw_values = found
        values = [unquote(v) for v in raw_values]
        target = op.mirror_of or op
        sub_account = ""
        if op.mirror_of is not None:
            sub_account, values = values[0], values[1:]
        route = (op, target, sub_account, tuple(zip(target.param_names, values, strict=False)))
        if len(self._match_cache) >= 4096:
            self._match_cache.clear()
        self._match_cache[key] = route
        return route

    def operation_for(self, method: str, raw_path: bytes) -> Operation | None:
        """The operation a /v2 path names (its master-account mirror's own ID for
        /accounts/{accountId}/... paths), or None."""
        try:
            return self._match_api(method, raw_path)[0]
        except (errors.ZoomError, MethodNotAllowed):
            return None

    def _plan(self, req: Request) -> _Call | Response:
        """Everything decided before the store is touched: token, operation, path values."""
        token = self._bearer(req)
        try:
            op, target, sub_account, params = self._match_api(req.method, req.raw_path)
        except MethodNotAllowed:
            return Response.json({"code": 405, "message": "Method Not Allowed"}, 405)
        # The one wall-clock read of the request: the virtual time, the clock-sync interval
        # and the rate-limit windows all come from it.
        wall_ms = _wall_ms()
        now_ms = self.clock.at(wall_ms)
        principal = tokens.cached(token, now_ms)
        return _Call(req, op, target, dict(params), token, principal, sub_account, now_ms, wall_ms)

    def _api_inline(self, req: Request) -> Response:
        call = self._plan(req)
        if isinstance(call, Response):
            return call
        result, limits = self._execute(call)
        return self._respond(call.target, result, limits)

    async def _api(self, req: Request) -> Response:
        call = self._plan(req)
        if isinstance(call, Response):
            return call
        result, limits = await self.store.run(lambda: self._execute(call))
        return self._respond(call.target, result, limits)

    @staticmethod
    def _respond(target: Operation, result: Any, limits: Lines | None) -> Response:
        if isinstance(result, Response):
            if limits is not None:
                result.lines += limits
            return result
        if result is None:
            status = target.status if target.status >= 200 else 204
            return Response(status, b"", [], limits or b"")
        return Response(
            target.status if target.status != 204 else 200,
            jsonutil.dumps(result),
            [],
            JSON_LINE + limits if limits is not None else JSON_LINE,
        )

    def _execute(self, call: _Call) -> tuple[Any, Lines | None]:
        op, target, principal, now_ms = call.op, call.target, call.principal, call.now_ms
        wall_ms = call.wall_ms
        with self.store.transaction() as tx:
            if not 0 <= wall_ms - self._clock_synced_ms <= CLOCK_SYNC_MS:
                now_ms = self.sync_clock(tx).at(wall_ms)
            if principal is None:
                principal = tokens.check(tx, call.token, now_ms, self.settings.legacy_auth)
            rule, label = self._guards[id(op)]
            memo_key: tuple[bytes, bytes] | None = None
            hit = None
            if target.pure and tx.caches_docs:
                # GET answers are keyed by path and query; the caller and the documents read
                # must be the same objects as when the answer was made (the scope rule passed
                # for this caller then, so it passes now).
                req = call.req
                memo_key = (req.raw_path, req.query_string)
                hit = self._pure_answers.get(memo_key)
                if hit is not None and (hit[0] is not principal or not tx.still_current(hit[1])):
                    hit = None
            if rule is not None and hit is None:
                rule.check(principal)
            handler = target.handler
            if handler is None:
                raise errors.not_implemented(op.operation_id, op.method, op.path)
            limits = (
                self.limiter.admit(tx, principal.account_id, label, now_ms, wall_ms)
                if self.limiter.enabled
                else None
            )
            if hit is not None:
                return Response(hit[2], hit[3], [], JSON_LINE), limits
            if memo_key is not None:
                tx.track_reads()
            try:
                account_id = principal.account_id
                if call.sub_account:
                    account_id = self._sub_account(tx, principal, call.sub_account)
                params = call.params
                ctx = Ctx(
                    tx, self.clock, self.settings, principal, account_id, target, params, call.req
                )
                for name, value in params.items():
                    resolve = self._resolvers.get(name)
                    if resolve is not None and name not in target.raw_params:
                        ctx.refs[name] = resolve(ctx, value)
                if principal.kind == "user" and ctx.refs:
                    scopes.check_user_reach(rule, principal, ctx.refs)
                result = handler(ctx)
                if memo_key is not None and type(result) is dict and not ctx.clock_used:
                    reads = tx.tracked_reads()
                    if reads is not None:
                        return self._remember(memo_key, principal, reads, target, result), limits
                return result, limits
            except BaseException as exc:
                if limits is not None:
                    self.limiter.refund(principal.account_id, label, self.clock.now_ms())
                    if isinstance(exc, errors.ZoomError):
                        _add_headers(exc, limits)
                raise

    def _remember(
        self,
        key: tuple[bytes, bytes],
        principal: Principal,
        reads: list[tuple[tuple[str, str], tuple[str, str]]],
        target: Operation,
        result: dict[str, Any],
    ) -> Response:
        status = target.status if target.status != 204 else 200
        body = jsonutil.dumps(result)
        if len(self._pure_answers) >= PURE_ANSWERS_MAX:
            self._pure_answers.clear()
        self._pure_answers[key] = (principal, reads, status, body)
        return Response(status, body, [], JSON_LINE)

    @staticmethod
    def _sub_account(tx: Tx, principal: Principal, sub_account: str) -> str:
        if sub_account == principal.account_id or sub_account == "me":
            # "me" names the caller's own account in /accounts/{accountId}/... paths.
            return principal.account_id
        doc = tx.get("account", sub_account, None)
        if (
            not principal.is_master
            or doc is None
            or doc.get("master_account_id") != principal.account_id
        ):
            raise errors.ZoomError(404, 2001, f"Account does not exist: {sub_account}.")
        return sub_account


# A matched API path: the operation, the one it runs (a master-account mirror runs the
# unprefixed one), the sub-account named in a mirror's path, and the path parameters.
_Route = tuple[Operation, Operation, str, tuple[tuple[str, str], ...]]


class _Call:
    """One API request, routed and authenticated from the cache as far as possible."""

    __slots__ = (
        "now_ms",
        "op",
        "params",
        "principal",
        "req",
        "sub_account",
        "target",
        "token",
        "wall_ms",
    )

    def __init__(
        self,
        req: Request,
        op: Operation,
        target: Operation,
        params: dict[str, str],
        token: str,
        principal: Principal | None,
        sub_account: str,
        now_ms: int,
        wall_ms: int,
    ) -> None:
        self.req = req
        self.now_ms = now_ms
        self.wall_ms = wall_ms
        self.op = op
        self.target = target
        self.params = params
        self.token = token
        self.principal = principal
        self.sub_account = sub_account


def _wall_ms() -> int:
    return int(time.time() * 1000)


def _add_headers(exc: errors.ZoomError, limits: Lines) -> None:
    """An error answered after admission still announces the limits; headers the error sets
    itself (the per-host meeting limit names its own type and numbers) win. The failed
    request was not counted, so one more remains than admission said."""
    present = {k.lower() for k in exc.headers}
    for k, v in header_pairs(limits):
        name = k.decode()
        if name.lower() not in present:
            exc.headers[name] = str(int(v) + 1) if k == H_REMAINING else v.decode()


def create_app(settings: Settings | None = None) -> App:
    from zoomstack.config import load_settings

    return App(settings or load_settings())
