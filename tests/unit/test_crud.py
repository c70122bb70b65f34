"""zoomstack.crud in-process: parent scoping, unique keys, events, hooks, list envelopes and
handler registration (the HTTP behaviour is covered through the areas in tests/api)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode

import pytest

from zoomstack import crud, errors, jsonutil, registry
from zoomstack.clock import Clock
from zoomstack.config import Settings
from zoomstack.context import Ctx
from zoomstack.http.messages import Request
from zoomstack.principal import Principal
from zoomstack.store import Tx, open_store

ACCOUNT = "acct0000000000000000001"


def _not_found(ctx: Ctx, id: str) -> errors.ZoomError:
    return errors.not_found(9999, f"Gadget does not exist: {id}.")


def _taken(value: Any) -> errors.ZoomError:
    return errors.ZoomError(409, 9998, f"Gadget {value} already exists.")


def _stamp(ctx: Ctx, doc: crud.Doc) -> crud.Doc:
    doc["_secret"] = "internal"
    doc["label"] = str(doc.get("label", "")).strip()
    return doc


GADGETS = crud.Resource(
    kind="test_gadget",
    not_found=_not_found,
    list_key="gadgets",
    parent_param="userId",
    fields=("label", "color", "box"),
    defaults={"color": "red", "box": {"w": 1, "h": 1}},
    unique=(crud.Unique("label", _taken),),
    events=crud.Events("gadget.created", "gadget.updated", "gadget.deleted"),
    paging="token",
    list_total=False,
    prepare_create=_stamp,
)


@pytest.fixture()
def tx() -> Iterator[Tx]:
    store = open_store("sqlite://")
    store.migrate()
    with store.transaction() as t:
        yield t


def _ctx(
    tx: Tx, user_id: str = "U1", query: dict[str, str] | None = None, body: bytes = b""
) -> Ctx:
    op = registry.Operation("GET", "/zz/{userId}/gadgets", "zz", None, None, ("userId",), 200)
    principal = Principal(ACCOUNT, "app", "client", "s2s", frozenset(), 0, "U0", "o@example.com")
    ctx = Ctx(
        tx=tx,
        clock=Clock(),
        settings=Settings(),
        principal=principal,
        account_id=ACCOUNT,
        op=op,
        params={"userId": user_id},
        req=Request(
            method="GET",
            path="/",
            raw_path=b"/",
            query_string=urlencode(query or {}).encode(),
            raw_headers=[],
            body=body,
        ),
    )
    ctx.refs["userId"] = {"id": user_id}
    return ctx


def _events(tx: Tx) -> list[tuple[str, dict[str, Any]]]:
    return [(event, body["payload"]) for _, _, event, _, body in tx.outbox()]


def test_create_applies_defaults_hooks_and_hides_internal_fields(tx: Tx) -> None:
    ctx = _ctx(tx)
    doc = GADGETS.create(ctx, {"label": " dial ", "ignored": 1})
    assert doc["_secret"] == "internal" and "ignored" not in doc
    out = GADGETS.public(ctx, doc)
    assert out == {"id": doc["id"], "color": "red", "box": {"w": 1, "h": 1}, "label": "dial"}
    (event, payload) = _events(tx)[0]
    assert event == "gadget.created" and payload["object"] == out
    assert payload["account_id"] == ACCOUNT and payload["operator"] == "o@example.com"


def test_parent_scoping(tx: Tx) -> None:
    doc = GADGETS.create(_ctx(tx, "U1"), {"label": "a"})
    assert GADGETS.load(_ctx(tx, "U1"), doc["id"])["label"] == "a"
    with pytest.raises(errors.ZoomError) as exc:
        GADGETS.load(_ctx(tx, "U2"), doc["id"])
    assert (exc.value.status, exc.value.code) == (404, 9999)
    # Unique values are per parent.
    GADGETS.create(_ctx(tx, "U2"), {"label": "a"})


def test_unique_keys_follow_updates_and_deletes(tx: Tx) -> None:
    ctx = _ctx(tx)
    a = GADGETS.create(ctx, {"label": "one"})
    b = GADGETS.create(ctx, {"label": "two"})
    with pytest.raises(errors.ZoomError) as exc:
        GADGETS.create(ctx, {"label": "ONE"})
    assert (exc.value.status, exc.value.code) == (409, 9998)
    with pytest.raises(errors.ZoomError):
        GADGETS.update(ctx, b["id"], {"label": "one"})
    GADGETS.update(ctx, a["id"], {"label": "one", "color": "blue"})  # same value: no conflict
    GADGETS.update(ctx, a["id"], {"label": "uno"})
    GADGETS.update(ctx, b["id"], {"label": "one"})
    GADGETS.delete(ctx, b["id"])
    GADGETS.create(ctx, {"label": "one"})


def test_update_merges_nested_objects_and_emits_changes(tx: Tx) -> None:
    ctx = _ctx(tx)
    doc = GADGETS.create(ctx, {"label": "x"})
    new = GADGETS.update(ctx, doc["id"], {"box": {"h": 5}, "color": "red"})
    assert new["box"] == {"w": 1, "h": 5}
    event, payload = _events(tx)[-1]
    assert event == "gadget.updated"
    assert payload["object"] == {"id": doc["id"], "box": {"w": 1, "h": 5}}
    assert payload["old_object"] == {"id": doc["id"], "box": {"w": 1, "h": 1}}
    GADGETS.delete(ctx, doc["id"])
    assert _events(tx)[-1][0] == "gadget.deleted"
    with pytest.raises(errors.ZoomError):
        GADGETS.delete(ctx, doc["id"])


def test_token_list_envelope_keeps_insertion_order(tx: Tx) -> None:
    ctx = _ctx(tx, query={"page_size": "2", "page_number": "2"})
    made = [GADGETS.create(ctx, {"label": f"g{i}"})["id"] for i in range(3)]
    body = GADGETS.list_page(ctx)
    # Token-only lists ignore page_number and carry no totals.
    assert set(body) == {"page_size", "next_page_token", "gadgets"}
    assert [g["id"] for g in body["gadgets"]] == made[:2]
    ctx2 = _ctx(tx, query={"page_size": "2", "next_page_token": body["next_page_token"]})
    rest = GADGETS.list_page(ctx2)
    assert [g["id"] for g in rest["gadgets"]] == made[2:] and rest["next_page_token"] == ""


def test_unpaged_list_envelope(tx: Tx) -> None:
    plain = crud.Resource(kind="test_plain", not_found=_not_found, list_key="items", paging="none")
    ctx = _ctx(tx)
    plain.create(ctx, {})
    assert list(plain.list_page(ctx)) == ["total_records", "items"]


def test_register_declares_handlers_with_status_overrides(tx: Tx) -> None:
    res = crud.Resource(
        kind="test_registered",
        not_found=_not_found,
        list_key="things",
        fields=("name",),
        status={"delete": 204},
    )
    handlers = res.register("/zz_crud/things", "/zz_crud/things/{thingId}", ("create", "delete"))
    try:
        assert set(handlers) == {"create", "delete"}
        assert registry._handlers[("POST", "/zz_crud/things")] is handlers["create"]
        assert ("GET", "/zz_crud/things") not in registry._handlers
        ctx = _ctx(tx, body=jsonutil.dumps({"name": "n"}))
        created = handlers["create"](ctx)
        assert created["name"] == "n"
        ctx.params["thingId"] = created["id"]
        resp = handlers["delete"](ctx)
        assert resp.status == 204
    finally:
        # The registry is process-wide; leave no test paths behind for other tests.
        registry._handlers.pop(("POST", "/zz_crud/things"), None)
        registry._handlers.pop(("DELETE", "/zz_crud/things/{thingId}"), None)
