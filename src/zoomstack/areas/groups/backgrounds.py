"""A group's virtual background files (multipart upload, deleted by `file_ids`)."""

from __future__ import annotations

import base64
from typing import Any

from zoomstack import errors, ids
from zoomstack.areas.users.media import sniff
from zoomstack.context import Ctx
from zoomstack.multipart import file_part, parse_multipart

KIND = "group_background"
MAX_BYTES = 15 * 1024 * 1024
MAX_FILES = 10


def _error(message: str) -> errors.ZoomError:
    return errors.bad_request(120, message)


def upload(ctx: Ctx, group_id: str) -> dict[str, Any]:
    part = file_part(parse_multipart(ctx), "file")
    if part is None or not part[2]:
        raise _error("No file uploaded, verify that a file has been uploaded.")
    filename, _, data = part
    if len(data) > MAX_BYTES:
        raise _error("File size cannot exceed 15M.")
    kind = sniff(data)
    if kind not in ("jpg", "jpeg", "png"):
        raise _error("Only jpg/jpeg or png image file can be uploaded.")
    if ctx.tx.count(KIND, ctx.account_id, group_id) >= MAX_FILES:
        raise _error("A maximum of 10 files are allowed for a user.")
    doc: dict[str, Any] = {
        "id": ids.b64url_id(),
        "is_default": False,
        "name": filename or f"background.{kind}",
        "size": len(data),
        "type": "image",
        "data": base64.b64encode(data).decode(),
    }
    sort = ctx.clock.now_iso() + doc["id"]
    ctx.tx.insert(KIND, doc["id"], ctx.account_id, doc, parent=group_id, sort=sort)
    return {k: doc[k] for k in ("id", "is_default", "name", "size", "type")}


def delete(ctx: Ctx, group_id: str) -> None:
    wanted = [f.strip() for f in ctx.q("file_ids").split(",") if f.strip()]
    owned = {d["id"] for d in ctx.tx.find(KIND, ctx.account_id, group_id)}
    if not wanted or any(f not in owned for f in wanted):
        raise errors.bad_request(300, f"Invalid parameter: {ctx.q('file_ids')}")
    for file_id in wanted:
        ctx.tx.delete(KIND, file_id)


def forget(ctx: Ctx, group_id: str) -> None:
    ctx.tx.delete_children(KIND, ctx.account_id, group_id)
