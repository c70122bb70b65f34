"""The account's blocked list: numbers or prefixes blocked inbound/outbound (zoomstack.crud)."""

from __future__ import annotations

from typing import Any

from zoomstack import crud, errors
from zoomstack.context import Ctx

_DEFAULTS = {"block_type": "inbound", "match_type": "phoneNumber", "status": "active"}


def _not_found(ctx: Ctx, entry_id: str) -> errors.ZoomError:
    if ctx.op.method == "GET":
        return errors.bad_request(400, f"Blocked number (Id: {entry_id}) does not exist.")
    return errors.bad_request(
        300, f"Validation Failed. Blocked number (Id: {entry_id}) does not exist."
    )


def _duplicate(value: Any) -> errors.ZoomError:
    return errors.ZoomError(409, 409, "The phone number already exists in the blocked list.")


def _prepare(ctx: Ctx, doc: crud.Doc) -> crud.Doc:
    country = doc.get("country")
    if country not in (None, "") and not (len(str(country)) == 2 and str(country).isalpha()):
        raise errors.bad_request(300, "Invalid country.")
    if doc.get("phone_number"):
        doc["_dedupe"] = f"{doc['block_type']}|{doc['match_type']}|{doc['phone_number']}"
    else:
        doc.pop("_dedupe", None)
    return doc


def _shape(ctx: Ctx, doc: crud.Doc) -> crud.Doc:
    return {k: v for k, v in doc.items() if not k.startswith("_") and k != "country"}


BLOCKED_LIST = crud.Resource(
    kind="phone_blocked_list",
    not_found=_not_found,
    list_key="blocked_list",
    fields=("block_type", "comment", "country", "match_type", "phone_number", "status"),
    defaults=_DEFAULTS,
    unique=(crud.Unique("_dedupe", _duplicate),),
    paging="token",
    prepare_create=_prepare,
    prepare_update=lambda ctx, old, new: _prepare(ctx, new),
    shape=_shape,
)
