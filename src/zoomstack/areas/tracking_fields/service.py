"""Tracking fields: account-level labels that meetings and webinars can carry."""

from __future__ import annotations

from typing import Any

from zoomstack import crud, errors
from zoomstack.context import Ctx


def _not_found(ctx: Ctx, field_id: str) -> errors.ZoomError:
    return errors.not_found(5110, f"Tracking field does not exist: {field_id}.")


def _taken(name: Any) -> errors.ZoomError:
    return errors.bad_request(200, f"Tracking field {name} already exists.")


def _named(ctx: Ctx, doc: crud.Doc) -> crud.Doc:
    # The schema marks nothing required, but a field without a name cannot be used.
    if not str(doc.get("field") or "").strip():
        raise errors.validation([{"field": "field", "message": "Missing field: field."}])
    return doc


def _check_update(ctx: Ctx, old: crud.Doc, new: crud.Doc) -> crud.Doc:
    return _named(ctx, new)


TRACKING_FIELDS = crud.Resource(
    kind="tracking_field",
    not_found=_not_found,
    list_key="tracking_fields",
    fields=("field", "required", "visible", "recommended_values"),
    defaults={"field": "", "required": False, "visible": True, "recommended_values": []},
    unique=(crud.Unique("field", _taken),),
    paging="none",
    prepare_create=_named,
    prepare_update=_check_update,
)
