"""Which recording a `{meetingId}` / `{meetingUUID}` path value names.

These operations resolve the path value themselves (`api(raw=...)`): a recording outlives its
meeting (deleting a meeting keeps its recordings) and webinars' recordings are reached through
the same `/meetings/{meetingId}/recordings` paths. Digits name a meeting or webinar number and
mean its most recent recording; anything else is an instance UUID (double-encoded when it holds
`/` or `//`). Nothing found is Zoom's 404 3301.
"""

from __future__ import annotations

from typing import Any

from zoomstack import errors, scopes
from zoomstack.areas.recordings import records, trash
from zoomstack.context import Ctx
from zoomstack.sim import model

Doc = dict[str, Any]


def no_recording() -> errors.ZoomError:
    return errors.not_found(3301, "There is no recording for this meeting.")


def uncompleted() -> errors.ZoomError:
    return errors.bad_request(3303, "You can not delete an uncompleted meeting.")


def path_ref(ctx: Ctx) -> str:
    raw = ctx.params.get("meetingId") or ctx.params.get("meetingUUID") or ""
    return model.decode_ref(raw)


def _candidates(ctx: Ctx, ref: str) -> list[Doc]:
    if ref.isdigit():
        found = records.of_number(ctx.tx, ctx.account_id, ref)
    else:
        doc = records.get(ctx.tx, ctx.account_id, ref)
        found = [] if doc is None else [doc]
    out = []
    for doc in found:
        kept = trash.purge_expired(ctx.tx, doc, ctx.clock.now_ms())
        if kept is not None:
            out.append(kept)
    return out


def is_live(ctx: Ctx, ref: str) -> bool:
    """The path value names an instance in progress (for 3303)."""
    if ref.isdigit():
        return model.live_instance(ctx.tx, ctx.account_id, ref) is not None
    inst = model.instance_by_uuid(ctx.tx, ctx.account_id, ref)
    return inst is not None and inst.get("status") == model.STARTED


def check_reach(ctx: Ctx, doc: Doc) -> None:
    """A user-level token reaching another host's recording needs an account-level scope."""
    scopes.check_host_reach(ctx, doc.get("host_id"))


def find(ctx: Ctx, *, trashed: bool | None = False, live_error: bool = False) -> Doc:
    """The recording named by the path: `trashed` False = one not in the trash (with files to
    show), True = one with something in the trash, None = either."""
    ref = path_ref(ctx)
    found: list[Doc] = []
    for doc in _candidates(ctx, ref):
        if trashed is False and (records.is_trashed(doc) or not records.active_files(doc)):
            continue
        if trashed is True and not (records.is_trashed(doc) or records.trashed_files(doc)):
            continue
        found.append(doc)
    if not found:
        if live_error and is_live(ctx, ref):
            raise uncompleted()
        raise no_recording()
    doc = max(found, key=lambda d: int(d.get("_start_ms") or 0))
    check_reach(ctx, doc)
    return doc
