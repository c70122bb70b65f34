"""The simulator's control API under /_zoomstack/sim (no credentials, like the rest of the
control API).

- `GET  /_zoomstack/sim/meetings/{id}` — live state (who is in, the waiting room, instances)
- `POST /_zoomstack/sim/meetings/{id}/{action}` — one step (see steps.py); optional `at`
  (ISO-8601 or epoch ms) plays it at that time instead of now: never in the future of the
  server clock, never before the meeting's previous step
- the same under `/_zoomstack/sim/webinars/{id}`
- `POST /_zoomstack/sim/scenarios` — play a scenario (JSON, or YAML with a YAML content type)
- `GET  /_zoomstack/sim/instances?meeting_id=` — recorded instances of a meeting or webinar

Each request runs in one store transaction as the meeting's host.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from zoomstack import errors
from zoomstack.clock import Clock
from zoomstack.control_body import json_object
from zoomstack.http.messages import Request, Response
from zoomstack.sim import model, provider, scenario, steps
from zoomstack.sim.runtime import MEETING, WEBINAR, find_held, host_ctx, pinned_clock
from zoomstack.store import Tx
from zoomstack.timefmt import parse_iso

if TYPE_CHECKING:
    from zoomstack.app import App

BASE = "/_zoomstack/sim"
_KINDS = {"meetings": MEETING, "webinars": WEBINAR}


def _bad(message: str) -> errors.ZoomError:
    return errors.bad_request(300, message)


def parse_at(value: Any) -> int | None:
    if value in (None, ""):
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return int(value)
    if isinstance(value, str):
        if value.isdigit():
            return int(value)
        dt = parse_iso(value)
        if dt is not None:
            return int(dt.timestamp() * 1000)
    raise _bad("'at' must be an ISO-8601 time or epoch milliseconds.")


def _step_clock(app: App, tx: Tx, at_ms: int | None, floor: int) -> Clock:
    now = app.sync_clock(tx).now_ms()
    if at_ms is None:
        return app.clock if now >= floor else pinned_clock(floor)
    if at_ms > now:
        raise _bad("'at' is in the future of the server clock; advance the clock first.")
    if at_ms < floor:
        raise _bad("'at' is before this meeting's previous step; steps never go back in time.")
    return pinned_clock(at_ms)


class SimControl:
    def register(self, app: App) -> None:
        r = app.route
        for plural in _KINDS:
            r("GET", f"{BASE}/{plural}/{{id}}")(self.get_state)
            r("POST", f"{BASE}/{plural}/{{id}}/{{action}}")(self.step)
        r("POST", BASE + "/scenarios")(self.play)
        r("GET", BASE + "/instances")(self.instances)

    @staticmethod
    def _kind(req: Request) -> str:
        return _KINDS[req.path[len(BASE) + 1 :].split("/", 1)[0]]

    async def get_state(self, app: App, req: Request, values: list[str]) -> Response:
        kind = self._kind(req)

        def work() -> dict[str, Any]:
            with app.store.transaction() as tx:
                held = find_held(tx, kind, values[0])
                ctx = host_ctx(tx, app.sync_clock(tx), app.settings, held)
                return steps.state(ctx, held)

        return Response.json(await app.store.run(work))

    async def step(self, app: App, req: Request, values: list[str]) -> Response:
        kind = self._kind(req)
        ref, action = values
        body = json_object(req)
        at_ms = parse_at(body.pop("at", None))

        def work() -> Any:
            with app.store.transaction() as tx:
                held = find_held(tx, kind, ref)
                probe = host_ctx(tx, app.sync_clock(tx), app.settings, held)
                clock = _step_clock(app, tx, at_ms, steps.floor_ms(probe, held))
                ctx = host_ctx(tx, clock, app.settings, held)
                return steps.run(ctx, held, action, body)

        return Response.json(await app.store.run(work))

    async def play(self, app: App, req: Request, _: list[str]) -> Response:
        spec = scenario.parse_body(req.body, req.header(b"content-type") or "")
        result = await app.store.run(lambda: scenario.play(app, spec))
        return Response.json(result)

    async def instances(self, app: App, req: Request, _: list[str]) -> Response:
        ref = req.query.get("meeting_id") or req.query.get("webinar_id") or ""
        if not ref.isdigit():
            raise _bad("'meeting_id' (or 'webinar_id') must be a meeting number.")

        def work() -> list[dict[str, Any]]:
            with app.store.transaction() as tx:
                found = tx.find(model.INSTANCE, None, parent=ref)
                return [steps.public(d) for d in found]

        return Response.json({"instances": await app.store.run(work)})


def register(app: App) -> None:
    assert provider.PROVIDER is not None
    SimControl().register(app)
