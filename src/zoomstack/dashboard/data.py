"""What the dashboard pages show, read in one store transaction per page.

Reads go through the functions the control API answers from (subscription and delivery rows,
the simulator's state, app and account views, fault-rule views, the snapshot list), so a page
shows what the JSON endpoints would. Everything here is synchronous and runs through
`app.store.run` (a worker thread on PostgreSQL).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from zoomstack.admin_apps import account_view
from zoomstack.areas.meetings import service as meetings
from zoomstack.areas.recordings import records
from zoomstack.areas.users import service as users
from zoomstack.areas.webinars import service as webinars
from zoomstack.faults import control_api as fault_api
from zoomstack.faults import inject, rules
from zoomstack.oauth import apps
from zoomstack.ratelimit import policy as policies
from zoomstack.ratelimit.plans import LIGHT, PLAN_NAMES
from zoomstack.sim import model, steps
from zoomstack.sim.runtime import MEETING, WEBINAR, Held, host_ctx
from zoomstack.snapshots import control_api as snapshot_api
from zoomstack.webhooks import delivery_rows, subscription_rows, subscriptions

if TYPE_CHECKING:
    from zoomstack.app import App

Doc = dict[str, Any]

SCHEDULED_SHOWN = 50
ENDED_SHOWN = 20
USERS_SHOWN = 200


# -- overview ----------------------------------------------------------------------------------
@dataclass(slots=True)
class Overview:
    clock: dict[str, Any]
    counts: dict[str, int]
    deliveries: dict[str, int]
    subscriptions: int


def overview(app: App) -> Overview:
    with app.store.transaction() as tx:
        # Another process (PostgreSQL) may have moved the clock.
        clock = app.sync_clock(tx).describe()
        # Stored documents: meetings in the trash (recoverable for a while) count too.
        counts = {
            "accounts": tx.count("account", None),
            "users": tx.count(users.KIND, None),
            "meetings": tx.count(meetings.KIND, None),
            "webinars": tx.count(webinars.KIND, None),
            "recordings": tx.count(records.KIND, None),
        }
        deliveries = delivery_rows.counts(tx)
        subs = len(subscription_rows.find(tx))
    return Overview(clock, counts, deliveries, subs)


# -- webhooks ----------------------------------------------------------------------------------
@dataclass(slots=True)
class Webhooks:
    subscriptions: list[Doc]
    deliveries: list[Doc]
    counts: dict[str, int]


def webhooks(app: App, state: str | None, event: str | None, limit: int) -> Webhooks:
    with app.store.transaction() as tx:
        subs = [subscriptions.view(s) for s in subscription_rows.find(tx)]
        found = delivery_rows.find(tx, state=state, event=event, descending=True, limit=limit)
        counts = delivery_rows.counts(tx)
    return Webhooks(subs, found, counts)


# -- meetings ----------------------------------------------------------------------------------
@dataclass(slots=True)
class Live:
    """A meeting or webinar in progress and the simulator's view of it."""

    kind: str
    doc: Doc
    account_id: str
    state: Doc


@dataclass(slots=True)
class Ended:
    instance: Doc
    participants: list[Doc]


@dataclass(slots=True)
class Meetings:
    live: list[Live] = field(default_factory=list)
    scheduled: list[tuple[str, Doc]] = field(default_factory=list)
    scheduled_total: int = 0
    ended: list[Ended] = field(default_factory=list)


def meetings_page(app: App) -> Meetings:
    out = Meetings()
    with app.store.transaction() as tx:
        clock = app.sync_clock(tx)
        waiting: list[tuple[str, Doc]] = []
        for kind, doc_kind in ((MEETING, meetings.KIND), (WEBINAR, webinars.KIND)):
            for doc in tx.find(doc_kind, None):
                if doc.get("_deleted"):
                    continue
                if doc.get("status") != "started":
                    waiting.append((kind, doc))
                    continue
                got = tx.get_with_account(doc_kind, str(doc["id"]))
                if got is None:
                    continue
                held = Held(kind, got[0], got[1])
                # The same answer as GET /_zoomstack/sim/{kind}s/{id}.
                state = steps.state(host_ctx(tx, clock, app.settings, held), held)
                out.live.append(Live(kind, got[0], got[1], state))
        waiting.sort(key=_created)
        out.scheduled_total = len(waiting)
        out.scheduled = waiting[::-1][:SCHEDULED_SHOWN]
        # Instances sort by start time: the newest come first, the live ones are shown above.
        for inst in tx.find(model.INSTANCE, None, descending=True, limit=ENDED_SHOWN * 2):
            if inst.get("status") != model.ENDED:
                continue
            people = [steps.public(p) for p in model.participants(tx, None, inst["uuid"])]
            out.ended.append(Ended(steps.public(inst), people))
            if len(out.ended) >= ENDED_SHOWN:
                break
    out.live.sort(key=lambda m: str(m.state.get("instance", {}).get("start_time") or ""))
    return out


def _created(item: tuple[str, Doc]) -> tuple[int, str, int]:
    doc = item[1]
    # Milliseconds where the document has them: many are created within one second.
    return (int(doc.get("_created_ms") or 0), str(doc.get("created_at") or ""), int(doc["id"]))


# -- accounts and apps -------------------------------------------------------------------------
@dataclass(slots=True)
class Account:
    view: Doc
    plan: str
    users: list[Doc]
    user_total: int


def accounts(app: App) -> tuple[list[Account], list[Doc]]:
    with app.store.transaction() as tx:
        found = []
        for doc in tx.find("account", None):
            view = account_view(doc)
            plan = PLAN_NAMES.get(policies.load(tx, doc["id"]).plan, "")
            members = tx.find(users.KIND, doc["id"], limit=USERS_SHOWN)
            found.append(Account(view, plan, members, tx.count(users.KIND, doc["id"])))
        app_views = [apps.public_app(d) for d in apps.list_apps(tx, None)]
    # Masters first, each followed by its sub-accounts.
    by_id = {a.view["id"]: a for a in found}

    def order(a: Account) -> tuple[str, str, int, str, str]:
        master = a.view["master_account_id"]
        root = by_id[master].view if master in by_id else a.view
        own = a.view
        return (str(root["created_at"]), root["id"], 0 if own is root else 1,
                str(own["created_at"]), own["id"])  # fmt: skip

    found.sort(key=order)
    return found, app_views


# -- faults ------------------------------------------------------------------------------------
@dataclass(slots=True)
class FaultRule:
    view: Doc  # the answer of GET /_zoomstack/faults/{id}
    status: int | None  # what a request it fires for answers; None for a pure delay
    body: str


def faults(app: App) -> list[FaultRule]:
    with app.store.transaction() as tx:
        views = [fault_api.view(tx, item) for item in fault_api.stored(tx)]
    out = []
    for view in views:
        # The edge's own answer, so presets and status defaults show as a client gets them.
        # Only its status and body are used: its rate-limit headers depend on the operation
        # of a request (hence any label will do), and the seed only drives coin flips.
        rule = rules.compile_rule(view, 0)
        if not rule.answers:
            out.append(FaultRule(view, None, ""))
            continue
        resp = inject.answer(app, rule, LIGHT)
        out.append(FaultRule(view, resp.status, resp.body.decode("utf-8", "replace")))
    return out


# -- snapshots ---------------------------------------------------------------------------------
def snapshots(app: App) -> list[Doc]:
    with app.store.transaction() as tx:
        return snapshot_api.summaries(tx)
