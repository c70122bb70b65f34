"""Call logs, recordings and voicemails. This server places no phone calls, so these lists are
empty and deleting an entry answers Zoom's not-found error."""

from __future__ import annotations

from zoomstack import errors, pagination
from zoomstack.areas.phone.common import Doc
from zoomstack.context import Ctx


def empty(ctx: Ctx, key: str, *, dates: bool = True) -> Doc:
    body = pagination.paginate_list(ctx, key, [], numbered=False)
    if dates:
        body["from"] = ctx.q("from")
        body["to"] = ctx.q("to")
    return body


def delete_call_log(ctx: Ctx, call_log_id: str) -> None:
    raise errors.not_found(
        404, f"Call log information was not found for the following callLogId: {call_log_id}."
    )


def delete_voicemail(ctx: Ctx, voicemail_id: str) -> None:
    raise errors.not_found(404, f"Voicemail does not exist: {voicemail_id}.")
