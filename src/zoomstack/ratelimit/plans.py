"""Zoom's rate-limit table: per account, by operation label and account plan.

Each label has a rate (requests per second, or per minute for Resource-intensive) and, on some
plans, a daily cap. On Pro and Business+ the Heavy and Resource-intensive labels share one
daily cap; on Free every capped label has its own. Unlabelled operations count as Light.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

LIGHT, MEDIUM, HEAVY, RESOURCE_INTENSIVE = "LIGHT", "MEDIUM", "HEAVY", "RESOURCE_INTENSIVE"
LABELS = (LIGHT, MEDIUM, HEAVY, RESOURCE_INTENSIVE)
# The X-RateLimit-Category values.
CATEGORY = {
    LIGHT: "Light",
    MEDIUM: "Medium",
    HEAVY: "Heavy",
    RESOURCE_INTENSIVE: "Resource-intensive",
}

FREE, PRO, BUSINESS_PLUS = "free", "pro", "business_plus"
PLANS = (FREE, PRO, BUSINESS_PLUS)
PLAN_NAMES = {FREE: "Free", PRO: "Pro", BUSINESS_PLUS: "Business+"}
# Names accepted for a plan (account types included: Business, Education, Enterprise and
# Partners accounts all get the Business+ limits).
PLAN_ALIASES = {
    "free": FREE,
    "basic": FREE,
    "pro": PRO,
    "business": BUSINESS_PLUS,
    "business+": BUSINESS_PLUS,
    "business_plus": BUSINESS_PLUS,
    "businessplus": BUSINESS_PLUS,
    "education": BUSINESS_PLUS,
    "enterprise": BUSINESS_PLUS,
    "partners": BUSINESS_PLUS,
}
SHARED_BUCKET = "HEAVY+RESOURCE_INTENSIVE"


@dataclass(frozen=True, slots=True)
class LabelLimit:
    rate: int
    window_s: int
    daily: int | None
    # The daily counter this label counts into (shared by Heavy and Resource-intensive on
    # paid plans).
    bucket: str

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = (
            {"per_second": self.rate} if self.window_s == 1 else {"per_minute": self.rate}
        )
        out["per_day"] = self.daily
        out["daily_bucket"] = self.bucket if self.daily is not None else None
        return out


def _free() -> dict[str, LabelLimit]:
    return {
        LIGHT: LabelLimit(4, 1, 6000, LIGHT),
        MEDIUM: LabelLimit(2, 1, 2000, MEDIUM),
        HEAVY: LabelLimit(1, 1, 1000, HEAVY),
        RESOURCE_INTENSIVE: LabelLimit(10, 60, 30000, RESOURCE_INTENSIVE),
    }


def _paid(
    light: int, medium: int, heavy: int, ri_per_min: int, shared: int
) -> dict[str, LabelLimit]:
    return {
        LIGHT: LabelLimit(light, 1, None, LIGHT),
        MEDIUM: LabelLimit(medium, 1, None, MEDIUM),
        HEAVY: LabelLimit(heavy, 1, shared, SHARED_BUCKET),
        RESOURCE_INTENSIVE: LabelLimit(ri_per_min, 60, shared, SHARED_BUCKET),
    }


def plan_limits(plan: str) -> dict[str, LabelLimit]:
    if plan == FREE:
        return _free()
    if plan == PRO:
        return _paid(30, 20, 10, 10, 30000)
    return _paid(80, 60, 40, 20, 60000)


def normalize_plan(name: str) -> str | None:
    return PLAN_ALIASES.get(name.strip().lower().replace(" ", "_")) if name else None


def apply_overrides(
    limits: dict[str, LabelLimit], overrides: dict[str, dict[str, Any]]
) -> dict[str, LabelLimit]:
    """Per-account changes: {"LIGHT": {"per_second": 5, "per_day": 100}, ...}.

    A `per_day` on a label whose daily cap is shared changes the shared cap (both labels);
    `per_day: null` removes the label's daily cap.
    """
    out = dict(limits)
    for label, change in overrides.items():
        lim = out[label]
        if "per_second" in change:
            lim = replace(lim, rate=int(change["per_second"]), window_s=1)
        if "per_minute" in change:
            lim = replace(lim, rate=int(change["per_minute"]), window_s=60)
        out[label] = lim
    for label, change in overrides.items():
        if "per_day" not in change:
            continue
        daily = change["per_day"]
        bucket = out[label].bucket
        sharing = [lbl for lbl, lim in out.items() if lim.bucket == bucket and lim.daily]
        for lbl in {label, *sharing}:
            out[lbl] = replace(out[lbl], daily=None if daily is None else int(daily))
    return out
