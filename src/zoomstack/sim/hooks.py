"""Seams between the simulator and the areas around it. No imports of area code here, so any
area may import this module without a cycle.

Listeners (other areas register, the simulator calls, inside the step's transaction and with
the step's ctx — `ctx.clock` is the step's time, `ctx.emit` stamps events with it):

- `instance_ended` — `fn(ctx, instance)` after an instance ended and was saved (recordings:
  build the recording files and emit recording.completed / transcript_completed).
- `recording_segment` — `fn(ctx, instance, segment)` when a cloud recording segment closes
  (stop, or the end of the meeting); `segment` is the entry also appended to
  `instance["cloud_recording_segments"]` (`start`, `end`, ms twins, `pauses`, `paused_ms`).

Live-meeting provider (the simulator registers, meetings/meeting_features call):

- `end_live(ctx, kind, doc)` — `PUT /meetings/{id}/status {"action": "end"}` (and the webinar
  equivalent) ends the instance the simulator runs; True when a provider handled it.
- `live_command(ctx, kind, doc, method, params, applied)` — an accepted
  `/live_meetings/{id}/events` command (recording.*, participant.remove, ...) for the simulator
  to act on.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from zoomstack.context import Ctx

Doc = dict[str, Any]
InstanceHook = Callable[["Ctx", Doc], None]
SegmentHook = Callable[["Ctx", Doc, Doc], None]

instance_ended: list[InstanceHook] = []
recording_segment: list[SegmentHook] = []


def on_instance_ended(fn: InstanceHook) -> InstanceHook:
    """Decorator: call `fn(ctx, instance)` whenever an instance ends."""
    if fn not in instance_ended:
        instance_ended.append(fn)
    return fn


def on_recording_segment(fn: SegmentHook) -> SegmentHook:
    """Decorator: call `fn(ctx, instance, segment)` whenever a cloud recording segment closes."""
    if fn not in recording_segment:
        recording_segment.append(fn)
    return fn


def fire_instance_ended(ctx: Ctx, instance: Doc) -> None:
    for fn in list(instance_ended):
        fn(ctx, instance)


def fire_recording_segment(ctx: Ctx, instance: Doc, segment: Doc) -> None:
    for fn in list(recording_segment):
        fn(ctx, instance, segment)


class LiveProvider(Protocol):
    def end_live(self, ctx: Ctx, kind: str, doc: Doc) -> bool: ...

    def live_command(
        self, ctx: Ctx, kind: str, doc: Doc, method: str, params: Doc, applied: bool
    ) -> None: ...


_providers: list[LiveProvider] = []


def register_provider(provider: LiveProvider) -> None:
    if provider not in _providers:
        _providers.append(provider)


def end_live(ctx: Ctx, kind: str, doc: Doc) -> bool:
    """Let the simulator end the live instance of a meeting/webinar; False when none did."""
    return any(p.end_live(ctx, kind, doc) for p in list(_providers))


def live_command(
    ctx: Ctx, kind: str, doc: Doc, method: str, params: Doc, applied: bool = True
) -> None:
    for p in list(_providers):
        p.live_command(ctx, kind, doc, method, params, applied)
