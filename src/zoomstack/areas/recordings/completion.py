"""When a cloud-recorded instance ends, its recording exists.

Zoom processes recordings for minutes to days before `recording.completed`; on the simulator's
clock processing is instant: in the same transaction as the end of the instance (and at its
time), the recording and its files are stored and `recording.completed` goes out, followed by
`recording.transcript_completed` when there is a transcript.
"""

from __future__ import annotations

from typing import Any

from zoomstack.areas.recordings import events, files, records
from zoomstack.context import Ctx
from zoomstack.sim import hooks

Doc = dict[str, Any]


@hooks.on_instance_ended
def record_instance(ctx: Ctx, inst: Doc) -> None:
    if not inst.get("cloud_recording_segments"):
        return
    if records.get(ctx.tx, None, inst["uuid"]) is not None:
        return
    doc, built = files.build(ctx, inst)
    if not built:
        return
    records.insert(ctx.tx, ctx.account_id, doc)
    for b in built:
        records.put_blob(ctx.tx, ctx.account_id, doc["uuid"], b.record, b.data)
    events.completed(ctx, doc)
    events.transcript_completed(ctx, doc)
