"""Declarative CRUD for Zoom's long tail of plain resources.

Declare a `Resource` once (storage kind, id shape, parent, list envelope, writable fields,
defaults, unique fields, errors, events, paging) and `register()` it on the catalog's paths:
list/create/get/update/delete handlers follow Zoom's conventions (create answers the catalog
status, usually 201, with the created object; update and delete answer 204). Areas with a few
real rules keep using it through hooks; the service functions (`create`, `load`, `update`,
`delete`, `list_page`) are public so bespoke handlers can reuse the same storage rules.

Stored documents use Zoom's field names; keys starting with "_" are internal and never shown.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from zoomstack import errors, ids, pagination
from zoomstack.context import Ctx
from zoomstack.http.messages import Response
from zoomstack.registry import api
from zoomstack.store import Conflict

Doc = dict[str, Any]
Paging = Literal["numbered", "token", "none"]
Verb = Literal["list", "create", "get", "update", "delete"]
ALL_VERBS: tuple[Verb, ...] = ("list", "create", "get", "update", "delete")


def _normalize(value: Any) -> str:
    return str(value).strip().lower()


@dataclass(frozen=True, slots=True)
class Unique:
    """A field whose value is unique within the parent (or the account)."""

    field: str
    error: Callable[[Any], errors.ZoomError]
    normalize: Callable[[Any], str] = _normalize


@dataclass(frozen=True, slots=True)
class Events:
    created: str = ""
    updated: str = ""
    deleted: str = ""


@dataclass(frozen=True)
class Resource:
    kind: str
    not_found: Callable[[Ctx, str], errors.ZoomError]
    list_key: str = ""
    id_field: str = "id"
    new_id: Callable[[], str] = ids.b64url_id
    # Path parameter naming the parent object (e.g. "userId"); None: the account is the parent.
    parent_param: str | None = None
    fields: tuple[str, ...] = ()
    # Settable on create only (e.g. an owner's email); ignored by update.
    create_only: tuple[str, ...] = ()
    defaults: Mapping[str, Any] = field(default_factory=dict)
    unique: tuple[Unique, ...] = ()
    events: Events = Events()
    paging: Paging = "numbered"
    # Whether the list envelope carries total_records (some token-only lists do not).
    list_total: bool = True
    page_default: int = pagination.DEFAULT_PAGE_SIZE
    page_max: int = pagination.MAX_PAGE_SIZE
    # Overrides of the catalog's success status where the catalog is known to be wrong.
    status: Mapping[Verb, int] = field(default_factory=dict)
    create_returns_body: bool = True
    # Hooks. Each may raise ZoomError; prepare_* return the document to store.
    prepare_create: Callable[[Ctx, Doc], Doc] | None = None
    prepare_update: Callable[[Ctx, Doc, Doc], Doc] | None = None
    before_delete: Callable[[Ctx, Doc], None] | None = None
    filter_list: Callable[[Ctx, list[Doc]], list[Doc]] | None = None
    shape: Callable[[Ctx, Doc], Doc] | None = None
    shape_item: Callable[[Ctx, Doc], Doc] | None = None
    # The `object` of created/deleted events (default: the public shape). Updated events carry
    # the changed fields, `old_object` with their previous values, and `time_stamp`.
    event_object: Callable[[Ctx, Doc], Doc] | None = None

    # -- output ------------------------------------------------------------------------------
    def public(self, ctx: Ctx, doc: Doc, *, item: bool = False) -> Doc:
        hook = (self.shape_item or self.shape) if item else self.shape
        if hook is not None:
            return hook(ctx, doc)
        return {k: v for k, v in doc.items() if not k.startswith("_")}

    def parent_id(self, ctx: Ctx) -> str:
        if self.parent_param is None:
            return ""
        ref = ctx.refs.get(self.parent_param)
        if isinstance(ref, dict) and "id" in ref:
            return str(ref["id"])
        return ctx.params[self.parent_param]

    def _emit(self, ctx: Ctx, event: str, doc: Doc, **extras: Any) -> None:
        if event:
            obj = self.event_object(ctx, doc) if self.event_object else self.public(ctx, doc)
            ctx.emit(event, obj, **extras)

    # -- unique keys -------------------------------------------------------------------------
    def _key(self, ctx: Ctx, parent: str, u: Unique, doc: Doc) -> str | None:
        value = doc.get(u.field)
        if value is None or value == "":
            return None
        return f"{ctx.account_id}\x1f{parent}\x1f{u.normalize(value)}"

    def _claim(self, ctx: Ctx, parent: str, doc: Doc, old: Doc | None = None) -> None:
        for u in self.unique:
            ns = f"{self.kind}.{u.field}"
            new_key = self._key(ctx, parent, u, doc)
            old_key = self._key(ctx, parent, u, old) if old is not None else None
            if new_key == old_key:
                continue
            if old_key is not None:
                ctx.tx.key_delete(ns, old_key)
            if new_key is not None:
                try:
                    ctx.tx.key_put(ns, new_key, str(doc[self.id_field]))
                except Conflict:
                    raise u.error(doc[u.field]) from None

    def _release(self, ctx: Ctx, parent: str, doc: Doc) -> None:
        for u in self.unique:
            key = self._key(ctx, parent, u, doc)
            if key is not None:
                ctx.tx.key_delete(f"{self.kind}.{u.field}", key)

    # -- service -----------------------------------------------------------------------------
    def all_docs(self, ctx: Ctx, parent: str | None = None) -> list[Doc]:
        scope = self.parent_id(ctx) if parent is None else parent
        return ctx.tx.find(self.kind, ctx.account_id, scope)

    def load(self, ctx: Ctx, id: str) -> Doc:
        doc = ctx.tx.get(self.kind, id, ctx.account_id)
        if doc is None or (self.parent_param and doc.get("_parent") != self.parent_id(ctx)):
            raise self.not_found(ctx, id)
        return doc

    def create(self, ctx: Ctx, body: Mapping[str, Any]) -> Doc:
        parent = self.parent_id(ctx)
        writable = (*self.fields, *self.create_only)
        doc: Doc = {self.id_field: self.new_id()}
        doc.update({k: _copy(v) for k, v in self.defaults.items()})
        doc.update({k: _copy(v) for k, v in body.items() if k in writable})
        if self.parent_param:
            doc["_parent"] = parent
        if self.prepare_create is not None:
            doc = self.prepare_create(ctx, doc)
        self._claim(ctx, parent, doc)
        seq = ctx.tx.counter_incr(f"crud.seq.{self.kind}", 0)
        ctx.tx.insert(
            self.kind, doc[self.id_field], ctx.account_id, doc, parent=parent, sort=f"{seq:012d}"
        )
        self._emit(ctx, self.events.created, doc)
        return doc

    def update(self, ctx: Ctx, id: str, body: Mapping[str, Any]) -> Doc:
        old = self.load(ctx, id)
        new = dict(old)
        for k, v in body.items():
            if k not in self.fields:
                continue
            # PATCH merges nested objects one level deep, as Zoom's partial updates do.
            if isinstance(v, dict) and isinstance(old.get(k), dict):
                new[k] = {**old[k], **v}
            else:
                new[k] = _copy(v)
        if self.prepare_update is not None:
            new = self.prepare_update(ctx, old, new)
        self._claim(ctx, self.parent_id(ctx), new, old)
        ctx.tx.update(self.kind, id, new)
        if self.events.updated:
            changed = {k: v for k, v in new.items() if old.get(k) != v and not k.startswith("_")}
            before = {k: old.get(k) for k in changed}
            obj = {self.id_field: id, **changed}
            ctx.emit(
                self.events.updated,
                obj,
                old_object={self.id_field: id, **before},
                time_stamp=ctx.clock.now_ms(),
            )
        return new

    def delete(self, ctx: Ctx, id: str) -> Doc:
        doc = self.load(ctx, id)
        if self.before_delete is not None:
            self.before_delete(ctx, doc)
        self._release(ctx, self.parent_id(ctx), doc)
        ctx.tx.delete(self.kind, id)
        self._emit(ctx, self.events.deleted, doc)
        return doc

    def list_page(self, ctx: Ctx, docs: Sequence[Doc] | None = None) -> Doc:
        items = list(self.all_docs(ctx) if docs is None else docs)
        if self.filter_list is not None:
            items = self.filter_list(ctx, items)

        def shaped(rows: Sequence[Doc]) -> list[Doc]:
            return [self.public(ctx, d, item=True) for d in rows]

        if self.paging == "none":
            out: Doc = {"total_records": len(items)} if self.list_total else {}
            out[self.list_key] = shaped(items)
            return out
        page = pagination.page_params(ctx, self.page_default, self.page_max)
        if self.paging == "token" and not page.by_token:
            # Token-only lists ignore page_number.
            page = pagination.Page(page.size, 0, 1, False)
        chunk = shaped(items[page.offset : page.offset + page.size])
        body = pagination.page_body(
            ctx, page, self.list_key, chunk, len(items), numbered=self.paging == "numbered"
        )
        if not self.list_total:
            body.pop("total_records", None)
        return body

    # -- HTTP --------------------------------------------------------------------------------
    def _done(self, verb: Verb, value: Doc | None) -> Doc | Response | None:
        status = self.status.get(verb)
        if status is None:
            return value
        return Response.empty(status) if value is None else Response.json(value, status)

    def register(
        self, collection: str, item: str = "", verbs: Sequence[Verb] = ALL_VERBS
    ) -> dict[Verb, Callable[[Ctx], Any]]:
        """Declare the handlers of `verbs` on the collection and item paths (catalog form);
        the item path's last parameter is the object's id."""
        id_param = item.rsplit("{", 1)[-1].rstrip("}") if item else ""

        def list_(ctx: Ctx) -> Any:
            return self._done("list", self.list_page(ctx))

        def create(ctx: Ctx) -> Any:
            doc = self.create(ctx, ctx.body())
            return self._done("create", self.public(ctx, doc) if self.create_returns_body else None)

        def get(ctx: Ctx) -> Any:
            return self._done("get", self.public(ctx, self.load(ctx, ctx.params[id_param])))

        def update(ctx: Ctx) -> Any:
            self.update(ctx, ctx.params[id_param], ctx.body())
            return self._done("update", None)

        def delete(ctx: Ctx) -> Any:
            self.delete(ctx, ctx.params[id_param])
            return self._done("delete", None)

        table: dict[Verb, tuple[str, str, Callable[[Ctx], Any]]] = {
            "list": ("GET", collection, list_),
            "create": ("POST", collection, create),
            "get": ("GET", item, get),
            "update": ("PATCH", item, update),
            "delete": ("DELETE", item, delete),
        }
        out: dict[Verb, Callable[[Ctx], Any]] = {}
        for verb in verbs:
            method, path, fn = table[verb]
            fn.__name__ = f"{self.kind}_{verb}"
            out[verb] = api(method, path)(fn)
        return out


def _copy(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_copy(v) for v in value]
    return value
