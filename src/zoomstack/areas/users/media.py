"""Profile pictures and virtual backgrounds: uploads, and the public picture URL.

Files are kept in the store (base64 inside a document), so every server process and both
engines serve them. `register(app)` adds `GET /p/v2/{picId}`, the address `pic_url` points at.
File types are decided from the bytes, not from the client's declared content type.
"""

from __future__ import annotations

import base64
from typing import TYPE_CHECKING, Any

from zoomstack import errors, ids
from zoomstack.areas.users import service
from zoomstack.context import Ctx
from zoomstack.http.messages import Request, Response
from zoomstack.multipart import file_part, parse_multipart
from zoomstack.store import Tx

if TYPE_CHECKING:
    from zoomstack.app import App

PICTURE_KIND = "user_picture"
BACKGROUND_KIND = "user_virtual_background"
PICTURE_PATH = "/p/v2"
MAX_PICTURE_BYTES = 2 * 1024 * 1024
MAX_BACKGROUND_BYTES = 15 * 1024 * 1024
MAX_BACKGROUNDS = 10
_CONTENT_TYPES = {
    "png": "image/png",
    "jpeg": "image/jpeg",
    "gif": "image/gif",
    "mp4": "video/mp4",
    "mov": "video/quicktime",
}


def sniff(data: bytes) -> str | None:
    """png, jpeg, gif, mp4 or mov from the file's leading bytes."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data.startswith((b"GIF87a", b"GIF89a")):
        return "gif"
    if data[4:8] == b"ftyp":
        return "mov" if data[8:12] == b"qt  " else "mp4"
    return None


def _upload_error(message: str) -> errors.ZoomError:
    return errors.bad_request(120, message)


# -- profile picture -------------------------------------------------------------------------
def upload_picture(ctx: Ctx, user: dict[str, Any]) -> dict[str, Any]:
    if (
        ctx.principal.user_level
        and user["id"] != ctx.principal.user_id
        and not service.operator_is_admin(ctx)
    ):
        raise errors.bad_request(200, "Only an account administrator can change a profile picture.")
    part = file_part(parse_multipart(ctx), "pic_file")
    if part is None:
        # Zoom's upload endpoints answer a missing file part with the framework's message.
        raise errors.ZoomError(400, -1, "Required request part 'pic_file' is not present")
    filename, _, data = part
    if not data:
        raise _upload_error("File is empty.")
    if len(data) > MAX_PICTURE_BYTES:
        raise _upload_error("File size cannot exceed 2M.")
    kind = sniff(data)
    if kind not in ("png", "jpeg"):
        raise _upload_error("Only jpg/jpeg or png image file can be uploaded.")
    tx = ctx.tx
    tx.delete_children(PICTURE_KIND, user["account_id"], user["id"])
    pic_id = ids.hex_id(16)
    tx.insert(
        PICTURE_KIND,
        pic_id,
        user["account_id"],
        {
            "user_id": user["id"],
            "filename": filename,
            "content_type": _CONTENT_TYPES[kind],
            "size": len(data),
            "data": base64.b64encode(data).decode(),
        },
        parent=user["id"],
    )
    previous = user.get("pic_url", "")
    user["pic_url"] = f"{ctx.settings.base_url}{PICTURE_PATH}/{pic_id}"
    service.save(tx, user)
    ctx.emit(
        "user.updated",
        {"id": user["id"], "pic_url": user["pic_url"]},
        old_object={"id": user["id"], "pic_url": previous},
        time_stamp=ctx.clock.now_ms(),
    )
    return {}


# -- virtual backgrounds ---------------------------------------------------------------------
def _background_view(doc: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": doc["id"],
        "is_default": bool(doc.get("is_default")),
        "name": doc["name"],
        "size": doc["size"],
        "type": doc["type"],
    }


def list_backgrounds(tx: Tx, user: dict[str, Any]) -> list[dict[str, Any]]:
    return [_background_view(d) for d in tx.find(BACKGROUND_KIND, user["account_id"], user["id"])]


def upload_background(ctx: Ctx, user: dict[str, Any]) -> dict[str, Any]:
    part = file_part(parse_multipart(ctx), "file")
    if part is None or not part[2]:
        raise _upload_error("No file uploaded, verify that a file has been uploaded.")
    filename, _, data = part
    if len(data) > MAX_BACKGROUND_BYTES:
        raise _upload_error("File size cannot exceed 15M.")
    kind = sniff(data)
    if kind is None:
        raise _upload_error("Only jpg/jpeg, gif or png image file can be uploaded.")
    tx = ctx.tx
    if tx.count(BACKGROUND_KIND, user["account_id"], user["id"]) >= MAX_BACKGROUNDS:
        raise _upload_error("A maximum of 10 files are allowed for a user.")
    doc: dict[str, Any] = {
        "id": ids.b64url_id(),
        "is_default": False,
        "name": filename or f"background.{kind}",
        "size": len(data),
        "type": "video" if kind in ("mp4", "mov") else "image",
        "content_type": _CONTENT_TYPES[kind],
        "data": base64.b64encode(data).decode(),
    }
    tx.insert(
        BACKGROUND_KIND,
        doc["id"],
        user["account_id"],
        doc,
        parent=user["id"],
        sort=ctx.clock.now_iso() + doc["id"],
    )
    return _background_view(doc)


def delete_backgrounds(ctx: Ctx, user: dict[str, Any]) -> None:
    wanted = [f.strip() for f in ctx.q("file_ids").split(",") if f.strip()]
    owned = {d["id"] for d in ctx.tx.find(BACKGROUND_KIND, user["account_id"], user["id"])}
    if not wanted or any(f not in owned for f in wanted):
        raise errors.bad_request(300, "Invalid parameter: file_ids")
    for file_id in wanted:
        ctx.tx.delete(BACKGROUND_KIND, file_id)


def forget_user(tx: Tx, user: dict[str, Any]) -> None:
    tx.delete_children(PICTURE_KIND, user["account_id"], user["id"])
    tx.delete_children(BACKGROUND_KIND, user["account_id"], user["id"])


# -- the public picture URL ------------------------------------------------------------------
async def serve_picture(app: App, req: Request, values: list[str]) -> Response:
    pic_id = values[0]

    def read() -> dict[str, Any] | None:
        with app.store.transaction() as tx:
            return tx.get(PICTURE_KIND, pic_id, None)

    doc = await app.store.run(read)
    if doc is None:
        return Response.text("Not Found", 404)
    resp = Response.binary(base64.b64decode(doc["data"]), str(doc["content_type"]))
    resp.headers.append((b"cache-control", b"public, max-age=86400"))
    return resp


def register(app: App) -> None:
    app.route("GET", PICTURE_PATH + "/{picId}")(serve_picture)
