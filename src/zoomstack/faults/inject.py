"""The edge's side of fault injection: find the rule that fires for a request, wait its
delay, and answer in its place (or let the request go on after a pure delay)."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from zoomstack.faults.rules import Fault, FaultSet
from zoomstack.http.messages import Request, Response
from zoomstack.ratelimit.limiter import DAY_MS, next_day_iso
from zoomstack.ratelimit.plans import BUSINESS_PLUS, CATEGORY, HEAVY, LIGHT, plan_limits

if TYPE_CHECKING:
    from zoomstack.app import App

# Counters of matching requests per rule live in the store's counters table (window 0: they
# never roll over), so `after` and `times` hold across server processes.
COUNTER_PREFIX = "fault:"


async def apply(app: App, req: Request, faults: FaultSet) -> Response | None:
    label = LIGHT
    operation = None
    if req.raw_path.startswith(b"/v2/"):
        op = app.operation_for(req.method, req.raw_path)
        if op is not None:
            operation = op.operation_id
            label = op.rate_label or LIGHT
    for rule in faults.matching(req.method, req.path, operation):
        if not await _fires(app, rule):
            continue
        if rule.delay_ms:
            await asyncio.sleep(rule.delay_ms / 1000)
        if rule.answers:
            return answer(app, rule, label)
    return None


async def _fires(app: App, rule: Fault) -> bool:
    def count() -> int:
        with app.store.transaction() as tx:
            return tx.counter_incr(COUNTER_PREFIX + rule.id, 0)

    return rule.fires(await app.store.run(count)) and rule.sampled()


def answer(app: App, rule: Fault, label: str) -> Response:
    headers = {"x-zoomstack-fault": rule.id}
    if rule.preset in ("rate_limit", "daily_limit"):
        headers.update(_limit_headers(app, rule.preset == "daily_limit", label))
    headers.update(rule.headers)
    if rule.body is not None and rule.code is None and rule.message is None:
        status = rule.status_code_message()[0] if (rule.status or rule.preset) else 200
        return Response.json(rule.body, status, headers)
    status, code, message = rule.status_code_message()
    return Response.json({"code": code, "message": message}, status, headers)


def _limit_headers(app: App, daily: bool, label: str) -> dict[str, str]:
    """What Zoom's own 429s carry (see ratelimit.limiter), with the default plan's numbers:
    the rule does not know which account the request would have counted against."""
    limits = plan_limits(BUSINESS_PLUS)
    lim = limits[label]
    out = {"x-ratelimit-category": CATEGORY[label], "x-ratelimit-remaining": "0"}
    if daily:
        out["x-ratelimit-type"] = "Daily-limit"
        out["x-ratelimit-limit"] = str(lim.daily or limits[HEAVY].daily)
        out["retry-after"] = next_day_iso(app.clock.now_ms() // DAY_MS)
    else:
        out["x-ratelimit-type"] = "QPS"
        out["x-ratelimit-limit"] = str(lim.rate)
    return out
