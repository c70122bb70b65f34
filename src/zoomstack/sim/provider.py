"""The simulator as the live-meeting provider the meetings and meeting-features areas call
(through `zoomstack.sim.hooks`): ending a meeting by API, acting on in-meeting commands."""

from __future__ import annotations

from typing import Any

from zoomstack.context import Ctx
from zoomstack.sim import activities, engine, hooks, model, people
from zoomstack.sim.runtime import Held

Doc = dict[str, Any]


class SimProvider:
    def end_live(self, ctx: Ctx, kind: str, doc: Doc) -> bool:
        held = Held(kind, doc, ctx.account_id)
        inst = engine.live(ctx, held)
        if inst is None:
            return False
        engine.end(ctx, held, inst)
        return True

    def live_command(
        self, ctx: Ctx, kind: str, doc: Doc, method: str, params: Doc, applied: bool
    ) -> None:
        held = Held(kind, doc, ctx.account_id)
        inst = engine.live(ctx, held)
        if inst is None:
            return
        if method.startswith("recording.") and applied:
            activities.recording(ctx, held, inst, method.split(".", 1)[1], from_api=True)
        elif method == "participant.remove":
            ref = str(params.get("participant_uuid") or "")
            for p in engine.open_sessions(ctx, inst):
                if p.get("participant_uuid") == ref:
                    people.leave(ctx, held, str(p["session_id"]), reason="removed")
                    break


PROVIDER = SimProvider()
hooks.register_provider(PROVIDER)

__all__ = ["PROVIDER", "SimProvider", "model"]
