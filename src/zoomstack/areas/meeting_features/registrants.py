"""Registrants of a meeting or webinar: registering, reading, deleting.

One document per registrant (kind `registrant`, parent = parent key), unique per parent by email.
Recurring meetings with per-occurrence registration (registration_type 2/3) keep, per
registrant, the occurrences registered for and a status for each (`_occ`); everything else has
one status for the whole series (`_occ` is null). Status changes live in registrant_status.py.

Choices where Zoom's documentation is silent:
- registering an email that is already registered returns the existing registrant (adding any
  newly requested occurrences) instead of failing or creating a second one;
- without `occurrence_ids`, registration_type 2 registers for the next occurrence and 3 for every
  upcoming one;
- the 4,999 capacity counts every registrant (any status) of the meeting or occurrence.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from zoomstack import ids
from zoomstack.areas.meeting_features import links, questions
from zoomstack.areas.meeting_features import registrant_errors as rerr
from zoomstack.areas.meeting_features.parent import AUTO_APPROVE, Parent
from zoomstack.areas.users import service as users
from zoomstack.pagination import paginate_list
from zoomstack.store import Tx

if TYPE_CHECKING:
    from zoomstack.context import Ctx

KIND = "registrant"
NS_EMAIL = "registrant_email"
MAX_REGISTRANTS = 4999
MAX_PER_CALL = 30

PROFILE_FIELDS = (
    "first_name",
    "last_name",
    "email",
    "address",
    "city",
    "country",
    "zip",
    "state",
    "phone",
    "industry",
    "org",
    "job_title",
    "purchasing_time_frame",
    "role_in_purchase_process",
    "no_of_employees",
    "comments",
)
STATUSES = ("approved", "pending", "denied")


# -- reading ---------------------------------------------------------------------------------
def find(tx: Tx, account_id: str, parent: Parent, registrant_id: str) -> dict[str, Any] | None:
    doc = tx.get(KIND, registrant_id, account_id)
    if doc is None or doc.get("_parent") != parent.key:
        return None
    return doc


def find_by_email(tx: Tx, account_id: str, parent: Parent, email: str) -> dict[str, Any] | None:
    rid = tx.key_get(NS_EMAIL, _email_key(parent, email))
    return None if rid is None else find(tx, account_id, parent, rid)


def all_of(tx: Tx, account_id: str, parent: Parent) -> list[dict[str, Any]]:
    return tx.find(KIND, account_id, parent.key)


def status_for(doc: dict[str, Any], occurrence_id: str | None) -> str | None:
    """The registrant's status for one occurrence (None: not registered for it)."""
    occ = doc.get("_occ")
    if occurrence_id is None or not isinstance(occ, dict):
        return str(doc["status"])
    value = occ.get(occurrence_id)
    return None if value is None else str(value)


def public(doc: dict[str, Any], status: str | None = None) -> dict[str, Any]:
    """The registrant as Zoom lists it; the join URL only once approved."""
    shown = status or str(doc["status"])
    out: dict[str, Any] = {"id": doc["id"]}
    for name in PROFILE_FIELDS:
        out[name] = doc.get(name, "")
    out["custom_questions"] = list(doc.get("custom_questions") or [])
    out["status"] = shown
    out["create_time"] = doc["create_time"]
    if shown == "approved":
        out["join_url"] = doc["join_url"]
    out["participant_pin_code"] = doc["participant_pin_code"]
    return out


def list_registrants(
    ctx: Ctx,
    parent: Parent,
    status: str,
    occurrence_id: str | None,
    keep: Callable[[dict[str, Any]], bool] | None = None,
) -> dict[str, Any]:
    """`keep` narrows the list further (webinars filter by tracking source)."""
    require_enabled(parent)
    items: list[dict[str, Any]] = []
    for doc in all_of(ctx.tx, ctx.account_id, parent):
        if keep is not None and not keep(doc):
            continue
        shown = status_for(doc, occurrence_id)
        if shown == status:
            items.append(public(doc, shown))
    return paginate_list(ctx, "registrants", items)


def get_registrant(ctx: Ctx, parent: Parent, registrant_id: str) -> dict[str, Any]:
    require_enabled(parent)
    doc = find(ctx.tx, ctx.account_id, parent, registrant_id)
    if doc is None:
        raise rerr.registrant_not_found(parent, registrant_id)
    return public(doc)


# -- preconditions ---------------------------------------------------------------------------
def require_enabled(parent: Parent, op: str = "") -> None:
    if not parent.registration_enabled:
        raise rerr.not_enabled(parent, op)


def require_paid_host(tx: Tx, account_id: str, parent: Parent) -> None:
    """Registration needs a licensed host; a host downgraded to basic loses it."""
    host = users.find_user(tx, account_id, parent.host_id) if parent.host_id else None
    if host is not None and not users.is_licensed(host):
        raise rerr.paid_host_required(parent.host_id)


def require_open(parent: Parent, now: datetime, op: str = "") -> None:
    if parent.is_over(now):
        raise rerr.over(parent, op)
    start = parent.start()
    if parent.settings.get("close_registration") and start is not None and start <= now:
        raise rerr.over(parent, op)


def target_occurrences(parent: Parent, raw: str, now: datetime) -> list[str] | None:
    """The occurrences a new registration is for; None means the whole meeting."""
    if parent.registration_type == 1:
        return None
    upcoming = [
        str(o["occurrence_id"])
        for o in parent.occurrences()
        if (end := Parent.occurrence_end(o)) is None or end >= now
    ]
    wanted = [p.strip() for p in raw.split(",") if p.strip()] if raw else []
    if not wanted:
        if not upcoming:
            raise rerr.over(parent)
        return upcoming[:1] if parent.registration_type == 2 else upcoming
    chosen: list[str] = []
    for occ_id in wanted:
        if parent.occurrence(occ_id) is None:
            raise rerr.bad_occurrences("occurrence_ids")
        if occ_id not in upcoming:
            raise rerr.over(parent)
        if occ_id not in chosen:
            chosen.append(occ_id)
    return chosen


# -- registering -----------------------------------------------------------------------------
@dataclass(slots=True)
class Registration:
    doc: dict[str, Any]
    created: bool


class _Capacity:
    """Counts registrants per meeting and per occurrence, once per request."""

    def __init__(self, ctx: Ctx, parent: Parent) -> None:
        self._ctx = ctx
        self._parent = parent
        self._total: int | None = None
        self._per_occ: dict[str, int] | None = None

    def take(self, occurrences: list[str] | None) -> None:
        if occurrences is None:
            if self._total is None:
                self._total = self._ctx.tx.count(KIND, self._ctx.account_id, self._parent.key)
            if self._total >= MAX_REGISTRANTS:
                raise rerr.full(self._parent)
            self._total += 1
            return
        if self._per_occ is None:
            self._per_occ = {}
            for doc in all_of(self._ctx.tx, self._ctx.account_id, self._parent):
                occ = doc.get("_occ")
                keys = occ.keys() if isinstance(occ, dict) else self._all_occurrence_ids()
                for key in keys:
                    self._per_occ[key] = self._per_occ.get(key, 0) + 1
        for occ_id in occurrences:
            if self._per_occ.get(occ_id, 0) >= MAX_REGISTRANTS:
                raise rerr.full(self._parent)
        for occ_id in occurrences:
            self._per_occ[occ_id] = self._per_occ.get(occ_id, 0) + 1

    def _all_occurrence_ids(self) -> list[str]:
        return [str(o["occurrence_id"]) for o in self._parent.occurrences()]


def _email_key(parent: Parent, email: str) -> str:
    return f"{parent.key}:{email.strip().lower()}"


def _pin_code() -> int:
    return 100000 + int(ids.digits(6)) % 900000


def _initial_status(parent: Parent, auto_approve: bool) -> str:
    return "approved" if parent.approval_type == AUTO_APPROVE or auto_approve else "pending"


def overall_status(occ: dict[str, str]) -> str:
    values = set(occ.values())
    for status in STATUSES:
        if status in values:
            return status
    return "denied"


def register(
    ctx: Ctx,
    parent: Parent,
    profile: dict[str, Any],
    occurrences: list[str] | None,
    auto_approve: bool,
    capacity: _Capacity,
) -> Registration:
    """Register one person (or re-return their existing registration)."""
    tx, account_id = ctx.tx, ctx.account_id
    email = str(profile["email"]).strip()
    existing = find_by_email(tx, account_id, parent, email)
    status = _initial_status(parent, auto_approve)
    if existing is not None:
        occ = existing.get("_occ")
        if occurrences is not None and isinstance(occ, dict):
            added = [o for o in occurrences if o not in occ]
            if added:
                capacity.take(added)
                for o in added:
                    occ[o] = status
                existing["_occ"] = occ
                existing["status"] = overall_status(occ)
                tx.update(KIND, existing["id"], existing)
        return Registration(existing, False)
    capacity.take(occurrences)
    registrant_id = ids.b64url_id()
    token = links.registrant_token(tx, parent, registrant_id)
    now_ms = ctx.clock.now_ms()
    doc: dict[str, Any] = {"id": registrant_id}
    for name in PROFILE_FIELDS:
        doc[name] = str(profile.get(name) or "")
    doc["email"] = email
    doc["custom_questions"] = [
        {"title": str(q.get("title") or ""), "value": str(q.get("value") or "")}
        for q in profile.get("custom_questions") or []
        if isinstance(q, dict)
    ]
    doc["status"] = status
    doc["create_time"] = ctx.clock.now_iso()
    doc["join_url"] = links.join_url(parent, ctx.settings.base_url, token)
    doc["participant_pin_code"] = _pin_code()
    doc["_parent"] = parent.key
    doc["_tk"] = token
    doc["_language"] = str(profile.get("language") or "")
    doc["_occ"] = None if occurrences is None else dict.fromkeys(occurrences, status)
    tx.insert(KIND, registrant_id, account_id, doc, parent=parent.key, sort=f"{now_ms:015d}")
    tx.key_put(NS_EMAIL, _email_key(parent, email), registrant_id)
    emit_created(ctx, parent, doc)
    return Registration(doc, True)


def _occurrence_objects(parent: Parent, doc: dict[str, Any]) -> list[dict[str, Any]]:
    occ = doc.get("_occ")
    chosen = None if not isinstance(occ, dict) else set(occ)
    out = []
    for o in parent.occurrences():
        if chosen is None or str(o["occurrence_id"]) in chosen:
            out.append(
                {
                    "occurrence_id": str(o["occurrence_id"]),
                    "start_time": o.get("start_time", ""),
                    "duration": int(o.get("duration") or 0),
                    "status": o.get("status", "available"),
                }
            )
    return out


def creation_response(parent: Parent, doc: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {"id": parent.number}
    if doc["status"] == "approved":
        out["join_url"] = doc["join_url"]
    out["registrant_id"] = doc["id"]
    occurrences = _occurrence_objects(parent, doc) if parent.occurrences() else []
    start = occurrences[0]["start_time"] if occurrences else parent.doc.get("start_time")
    if start:
        out["start_time"] = start
    out["topic"] = str(parent.doc.get("topic") or "")
    if occurrences:
        out["occurrences"] = occurrences
    out["participant_pin_code"] = doc["participant_pin_code"]
    return out


def _reject_host(tx: Tx, account_id: str, parent: Parent, email: str) -> None:
    host = users.find_user(tx, account_id, parent.host_id) if parent.host_id else None
    if host is not None and str(host.get("email", "")).lower() == email.strip().lower():
        raise rerr.host_cannot_register()


def add_registrant(
    ctx: Ctx, parent: Parent, body: dict[str, Any], occurrence_ids: str
) -> dict[str, Any]:
    require_enabled(parent, "add")
    require_paid_host(ctx.tx, ctx.account_id, parent)
    now = ctx.clock.now()
    require_open(parent, now)
    _reject_host(ctx.tx, ctx.account_id, parent, str(body["email"]))
    questions.check_answers(questions.get_questions(ctx.tx, ctx.account_id, parent), body)
    occurrences = target_occurrences(parent, occurrence_ids, now)
    auto = bool(body.get("auto_approve", False))
    result = register(ctx, parent, body, occurrences, auto, _Capacity(ctx, parent))
    return creation_response(parent, result.doc)


def batch_register(ctx: Ctx, parent: Parent, body: dict[str, Any]) -> dict[str, Any]:
    """Up to 30 people at once, scheduled (non-recurring) meetings only; all or nothing."""
    if parent.type not in (2, 5):
        raise rerr.batch_wrong_type(parent)
    require_enabled(parent, "batch")
    require_paid_host(ctx.tx, ctx.account_id, parent)
    require_open(parent, ctx.clock.now(), "batch")
    people = list(body.get("registrants") or [])
    if len(people) > MAX_PER_CALL:
        raise rerr.too_many("registrants", MAX_PER_CALL)
    auto = bool(body.get("auto_approve", False))
    capacity = _Capacity(ctx, parent)
    out = []
    for person in people:
        _reject_host(ctx.tx, ctx.account_id, parent, str(person["email"]))
        doc = register(ctx, parent, person, None, auto, capacity).doc
        item: dict[str, Any] = {"email": doc["email"]}
        if doc["status"] == "approved":
            item["join_url"] = doc["join_url"]
        item["registrant_id"] = doc["id"]
        item["participant_pin_code"] = doc["participant_pin_code"]
        out.append(item)
    return {"registrants": out}


# -- deleting --------------------------------------------------------------------------------
def remove(tx: Tx, doc: dict[str, Any], parent: Parent) -> None:
    tx.delete(KIND, doc["id"])
    tx.key_delete(NS_EMAIL, _email_key(parent, str(doc["email"])))
    links.forget_token(tx, links.NS_REGISTRANT_TK, str(doc.get("_tk") or ""))


def delete_registrant(
    ctx: Ctx, parent: Parent, registrant_id: str, occurrence_id: str | None
) -> None:
    """Delete a registration, or only its registration for one occurrence."""
    require_enabled(parent, "delete")
    tx = ctx.tx
    doc = find(tx, ctx.account_id, parent, registrant_id)
    if doc is None:
        raise rerr.registrant_not_found(parent, registrant_id, "delete")
    occ = doc.get("_occ")
    if occurrence_id and isinstance(occ, dict):
        if occurrence_id not in occ:
            raise rerr.bad_occurrences("occurrence_id")
        del occ[occurrence_id]
        if occ:
            doc["_occ"] = occ
            doc["status"] = overall_status(occ)
            tx.update(KIND, doc["id"], doc)
            return
    elif occurrence_id and parent.occurrence(occurrence_id) is None:
        raise rerr.bad_occurrences("occurrence_id")
    remove(tx, doc, parent)


# -- events ----------------------------------------------------------------------------------
def event_registrant(doc: dict[str, Any], fields: tuple[str, ...]) -> dict[str, Any]:
    return {name: doc.get(name, "") for name in fields}


_CREATED_FIELDS = ("id", *PROFILE_FIELDS)


def emit_created(ctx: Ctx, parent: Parent, doc: dict[str, Any]) -> None:
    obj = parent.event_object(ctx.clock.now_iso())
    occurrences = _occurrence_objects(parent, doc)
    if occurrences:
        obj["occurrences"] = [
            {"occurrence_id": o["occurrence_id"], "start_time": o["start_time"]}
            for o in occurrences
        ]
    registrant = event_registrant(doc, _CREATED_FIELDS)
    registrant["custom_questions"] = list(doc.get("custom_questions") or [])
    registrant["status"] = doc["status"]
    registrant["join_url"] = doc["join_url"]
    registrant["participant_pin_code"] = doc["participant_pin_code"]
    obj["registrant"] = registrant
    ctx.emit(parent.event_prefix + "registration_created", obj)
