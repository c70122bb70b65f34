"""Auto receptionists: created with each site (its main one) or on their own; phone numbers."""

from __future__ import annotations

from typing import Any

from zoomstack import errors, ids
from zoomstack.areas.phone import common, numbers
from zoomstack.areas.phone.common import AUTO_RECEPTIONIST, Doc
from zoomstack.context import Ctx

_UPDATABLE = (
    "cost_center",
    "department",
    "name",
    "audio_prompt_language",
    "default_transcription_language",
    "timezone",
    "recording_storage_location",
)


def _ext_used(number: int) -> errors.ZoomError:
    return errors.bad_request(10001, f"Extension number {number} is already used.")


def create(ctx: Ctx, name: str, site_id: str, *, main: bool = False) -> Doc:
    doc: Doc = {
        "id": ids.b64url_id(),
        "name": name,
        "extension_number": None,
        "_site_id": site_id,
        "_main": main,
        "audio_prompt_language": "en-US",
        "timezone": "America/Los_Angeles",
    }
    common.new_extension(ctx, doc, _ext_used)
    seq = ctx.tx.counter_incr("crud.seq.phone_auto_receptionist", 0)
    ctx.tx.insert(AUTO_RECEPTIONIST, doc["id"], ctx.account_id, doc, sort=f"{seq:012d}")
    return doc


def load(ctx: Ctx, ar_id: str, error: errors.ZoomError) -> Doc:
    doc = ctx.tx.get(AUTO_RECEPTIONIST, ar_id, ctx.account_id)
    if doc is None:
        raise error
    return doc


def _missing(ar_id: str, *, status: int = 404, code: int = 404) -> errors.ZoomError:
    prefix = "Validation Failed. " if code == 300 else ""
    suffix = "" if code == 300 else "."
    return errors.ZoomError(
        status,
        code,
        f"{prefix}AutoReceptionist does not exist, AutoReceptionistId: {ar_id}{suffix}",
    )


def add(ctx: Ctx, body: Doc) -> Doc:
    site_id = common.pick_site(
        ctx, body.get("site_id"), errors.bad_request(300, "Site does not exist.")
    )
    doc = create(ctx, str(body["name"]), site_id)
    return {"id": doc["id"], "name": doc["name"], "extension_number": doc["extension_number"]}


def update(ctx: Ctx, ar_id: str, body: Doc) -> None:
    doc = load(ctx, ar_id, _missing(ar_id, status=400, code=300))
    common.valid_timezone(
        body.get("timezone"),
        errors.bad_request(300, f"Time zone is invalid:{body.get('timezone')}"),
    )
    if body.get("extension_number") is not None:
        new = int(body["extension_number"])
        common.change_ext(ctx, ar_id, doc.get("extension_number"), new, _ext_used)
        doc["extension_number"] = new
    for key in _UPDATABLE:
        if key in body:
            doc[key] = body[key]
    ctx.tx.update(AUTO_RECEPTIONIST, ar_id, doc)


def assign_numbers(ctx: Ctx, ar_id: str, items: list[dict[str, Any]]) -> None:
    doc = load(ctx, ar_id, _missing(ar_id))
    numbers.assign(
        ctx,
        "autoReceptionist",
        ar_id,
        items,
        missing=lambda ref: errors.bad_request(
            400, f"Phone number does not exist, phonenumberId:{ref}"
        ),
        used=lambda n: errors.bad_request(400, f"phoneNumber is used, phonenumberId:{n['id']}"),
        site_id=str(doc.get("_site_id", "")),
    )


def unassign_number(ctx: Ctx, ar_id: str, number_id: str) -> None:
    load(ctx, ar_id, _missing(ar_id))
    numbers.unassign_one(
        ctx,
        "autoReceptionist",
        ar_id,
        number_id,
        errors.bad_request(400, "Phone number does not belong to auto receptionist."),
    )


def unassign_all(ctx: Ctx, ar_id: str) -> None:
    load(
        ctx,
        ar_id,
        errors.not_found(404, f"AutoReceptionist does not exist, AutoReceptionistId: {ar_id}"),
    )
    numbers.unassign_all(ctx, "autoReceptionist", ar_id)


def remove(ctx: Ctx, doc: Doc) -> None:
    numbers.unassign_all(ctx, "autoReceptionist", str(doc["id"]))
    common.release_ext(ctx, doc.get("extension_number"))
    ctx.tx.delete(AUTO_RECEPTIONIST, str(doc["id"]))
