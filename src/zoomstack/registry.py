"""The one registry of operations.

Handlers declare themselves with `@api(METHOD, PATH)` next to their code; the generated catalog
supplies each operation's facts (operationId, scopes, rate-limit label, success status). The
router, `zoomstack ops`, the coverage report and the 501 answers all derive from `build()`.
"""

from __future__ import annotations

import importlib
import importlib.util
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from zoomstack.catalog import OpSpec, all_ops

if TYPE_CHECKING:
    from zoomstack.context import Ctx

Handler = Callable[["Ctx"], Any]
# Resolves a path parameter's raw value into an object (e.g. userId -> user document).
Resolver = Callable[["Ctx", str], Any]

_handlers: dict[tuple[str, str], Handler] = {}
_resolvers: dict[str, Resolver] = {}
# Path parameters an operation resolves itself (the edge resolver is skipped for them).
_raw_params: dict[tuple[str, str], frozenset[str]] = {}
_pure: set[tuple[str, str]] = set()
MASTER_PREFIX = "/accounts/{accountId}"


def api(
    method: str, path: str, *, raw: tuple[str, ...] = (), pure: bool = False
) -> Callable[[Handler], Handler]:
    """Declare a handler. `raw` names path parameters the edge must not resolve: e.g. a
    recording outlives its meeting, so `/meetings/{meetingId}/recordings` finds it itself.

    `pure` (GET only) promises that the answer is a function of the documents the handler
    reads, the path, the query string and the caller: no clock, headers, random values or
    writes. The edge then reuses the encoded answer while those documents are unchanged; it
    verifies the documents part itself (any query, write or clock read disables reuse)."""

    def deco(fn: Handler) -> Handler:
        key = (method.upper(), path)
        if key in _handlers and _handlers[key] is not fn:
            raise RuntimeError(f"duplicate handler for {method} {path}")
        _handlers[key] = fn
        if raw:
            _raw_params[key] = frozenset(raw)
        if pure:
            if key[0] != "GET":
                raise RuntimeError(f"only GET operations can be pure: {method} {path}")
            _pure.add(key)
        return fn

    return deco


def resolver(param: str) -> Callable[[Resolver], Resolver]:
    def deco(fn: Resolver) -> Resolver:
        _resolvers[param] = fn
        return fn

    return deco


def resolvers() -> dict[str, Resolver]:
    return _resolvers


@dataclass(slots=True)
class Operation:
    method: str
    path: str
    operation_id: str
    handler: Handler | None
    spec: OpSpec | None
    param_names: tuple[str, ...]
    status: int
    # For master-account mirrors: the operation run in the sub-account's context.
    mirror_of: Operation | None = None
    # Path parameters the handler resolves itself (see `api(raw=...)`).
    raw_params: frozenset[str] = frozenset()
    # See `api(pure=...)`.
    pure: bool = False

    @property
    def implemented(self) -> bool:
        target = self.mirror_of or self
        return target.handler is not None

    @property
    def rate_label(self) -> str:
        target = self.mirror_of or self
        return target.spec.rate_label if target.spec else ""


def _params(path: str) -> tuple[str, ...]:
    return tuple(seg[1:-1] for seg in path.split("/") if seg.startswith("{") and seg.endswith("}"))


def load_areas() -> None:
    """Import every area package so their @api declarations run."""
    import zoomstack.areas as areas

    for mod in pkgutil.iter_modules(areas.__path__):
        name = f"zoomstack.areas.{mod.name}.handlers"
        if mod.ispkg and importlib.util.find_spec(name) is not None:
            importlib.import_module(name)


def build() -> list[Operation]:
    load_areas()
    ops: dict[tuple[str, str], Operation] = {}
    for spec in all_ops():
        key = (spec.method, spec.path)
        ops[key] = Operation(
            spec.method,
            spec.path,
            spec.operation_id,
            _handlers.get(key),
            spec,
            _params(spec.path),
            spec.success_status,
            raw_params=_raw_params.get(key, frozenset()),
            pure=key in _pure,
        )
    for key, fn in _handlers.items():
        if key not in ops:
            method, path = key
            ops[key] = Operation(
                method,
                path,
                fn.__name__,
                fn,
                None,
                _params(path),
                200,
                raw_params=_raw_params.get(key, frozenset()),
                pure=key in _pure,
            )
    # Master-account rows run the unprefixed operation in the sub-account's context,
    # unless an area implements the prefixed path itself.
    for (method, path), op in ops.items():
        if path.startswith(MASTER_PREFIX + "/") and op.handler is None:
            bare = path[len(MASTER_PREFIX) :]
            base = ops.get((method, bare))
            if base is None:
                # A master row may use another method for the same operation (Zoom's master
                # "Add panelists" is a PUT of the POST operation): match by operation ID.
                base = next(
                    (
                        o
                        for (m, p), o in ops.items()
                        if p == bare and o.operation_id == op.operation_id and o.spec is not None
                    ),
                    None,
                )
            if base is not None:
                op.mirror_of = base
    return sorted(ops.values(), key=lambda o: (o.path, o.method))
