"""The calling plans this server offers (a small fixed subscription per account)."""

from __future__ import annotations

from zoomstack.areas.phone.common import COMMON_AREA, PHONE_USER, Doc
from zoomstack.context import Ctx

# type -> name. Zoom's plan catalogue is long; these few cover metered and unlimited flows.
PLANS: dict[int, str] = {
    200: "US/CA Metered Calling Plan",
    300: "US/CA Unlimited Calling Plan",
    600: "Global Select Calling Plan",
}
SUBSCRIBED = 100


def plan(plan_type: int) -> Doc:
    return {"type": plan_type, "name": PLANS[plan_type]}


def list_plans(ctx: Ctx) -> Doc:
    assigned = {t: 0 for t in PLANS}
    for kind in (PHONE_USER, COMMON_AREA):
        for doc in ctx.tx.find(kind, ctx.account_id):
            for p in doc.get("calling_plans") or []:
                if p.get("type") in assigned:
                    assigned[p["type"]] += 1
    return {
        "calling_plans": [
            {
                "type": t,
                "name": name,
                "subscribed": SUBSCRIBED,
                "assigned": assigned[t],
                "available": SUBSCRIBED - assigned[t],
            }
            for t, name in PLANS.items()
        ]
    }
