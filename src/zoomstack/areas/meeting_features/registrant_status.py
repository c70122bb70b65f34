"""Registrant status actions: approve, deny, cancel (up to 30 registrants per call).

Transitions (anything else is left as it is, and the call still succeeds, as Zoom's does):
- approve: pending or denied -> approved (`registration_approved`);
- deny: pending or approved -> denied (`registration_denied`);
- cancel: approved -> denied (`registration_cancelled`); Zoom lists cancelled registrants with
  the denied ones.
With `occurrence_id`, only that occurrence's registration changes (for registrants registered
per occurrence); registrants of the whole series change as a whole.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from zoomstack.areas.meeting_features import registrant_errors as rerr
from zoomstack.areas.meeting_features import registrants as reg
from zoomstack.areas.meeting_features.parent import Parent

if TYPE_CHECKING:
    from zoomstack.context import Ctx

_TRANSITIONS: dict[str, tuple[frozenset[str], str, str]] = {
    "approve": (frozenset({"pending", "denied"}), "approved", "registration_approved"),
    "deny": (frozenset({"pending", "approved"}), "denied", "registration_denied"),
    "cancel": (frozenset({"approved"}), "denied", "registration_cancelled"),
}

_APPROVED_FIELDS = ("id", "first_name", "last_name", "email")


def _targets(ctx: Ctx, parent: Parent, refs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Registrants named by id or email; unknown ones are skipped."""
    out: dict[str, dict[str, Any]] = {}
    for ref in refs:
        doc = None
        rid = ref.get("id")
        if isinstance(rid, str) and rid:
            doc = reg.find(ctx.tx, ctx.account_id, parent, rid)
        email = ref.get("email")
        if doc is None and isinstance(email, str) and email:
            doc = reg.find_by_email(ctx.tx, ctx.account_id, parent, email)
        if doc is not None:
            out.setdefault(doc["id"], doc)
    return list(out.values())


def update_status(
    ctx: Ctx,
    parent: Parent,
    action: str,
    refs: list[dict[str, Any]],
    occurrence_id: str | None,
) -> None:
    reg.require_enabled(parent, "status")
    reg.require_paid_host(ctx.tx, ctx.account_id, parent)
    if len(refs) > reg.MAX_PER_CALL:
        raise rerr.too_many("registrants", reg.MAX_PER_CALL)
    if occurrence_id and parent.occurrence(occurrence_id) is None:
        raise rerr.bad_occurrences("occurrence_id")
    sources, target, event = _TRANSITIONS[action]
    for doc in _targets(ctx, parent, refs):
        changed = _apply(doc, sources, target, occurrence_id)
        if changed is None:
            continue
        ctx.tx.update(reg.KIND, doc["id"], doc)
        _emit(ctx, parent, doc, event, changed)


def _apply(
    doc: dict[str, Any], sources: frozenset[str], target: str, occurrence_id: str | None
) -> list[str] | None:
    """Change the registrant in place; returns the occurrences changed ([] = the whole
    registration), or None when nothing changed."""
    occ = doc.get("_occ")
    if not isinstance(occ, dict):
        if doc["status"] not in sources:
            return None
        doc["status"] = target
        return []
    keys = [occurrence_id] if occurrence_id else list(occ)
    changed = [k for k in keys if k in occ and occ[k] in sources]
    if not changed:
        return None
    for k in changed:
        occ[k] = target
    doc["_occ"] = occ
    doc["status"] = reg.overall_status(occ)
    return changed


def _emit(
    ctx: Ctx, parent: Parent, doc: dict[str, Any], event: str, occurrences: list[str]
) -> None:
    obj = parent.event_object(ctx.clock.now_iso())
    if occurrences:
        obj["occurrences"] = [
            {"occurrence_id": o["occurrence_id"], "start_time": o.get("start_time", "")}
            for o in parent.occurrences()
            if str(o["occurrence_id"]) in occurrences
        ]
    registrant = reg.event_registrant(doc, _APPROVED_FIELDS)
    if event == "registration_approved":
        registrant["join_url"] = doc["join_url"]
        registrant["participant_pin_code"] = doc["participant_pin_code"]
    obj["registrant"] = registrant
    ctx.emit(parent.event_prefix + event, obj)
