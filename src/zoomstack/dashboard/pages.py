"""The dashboard's pages: each a GET that renders server-side from `data` (and the app's
request log); every button POSTs to (or DELETEs) an existing control-API endpoint (see
assets.JS)."""

from __future__ import annotations

import os
import time
from typing import TYPE_CHECKING, Any

from zoomstack import __version__
from zoomstack.dashboard import data
from zoomstack.dashboard.render import (
    BASE,
    Html,
    action,
    ago,
    badge,
    dom_id,
    el,
    h,
    kv,
    long_code,
    page,
    post_form,
    secret,
    table,
    text_input,
    when,
)
from zoomstack.faults import rules
from zoomstack.http.messages import Request, Response
from zoomstack.timefmt import iso_from_ms
from zoomstack.webhooks import delivery_rows

if TYPE_CHECKING:
    from zoomstack.app import App

CONTROL = "/_zoomstack"
SIM = CONTROL + "/sim"
HOOKS = CONTROL + "/webhooks"
FAULTS = CONTROL + "/faults"
SNAPSHOTS = CONTROL + "/snapshots"

REQUESTS_SHOWN = 200
DELIVERIES_SHOWN = 100
STATUS_CLASSES = ("2xx", "3xx", "4xx", "5xx", "errors")
METHODS = ("GET", "POST", "PATCH", "PUT", "DELETE")
MEETING_TYPES = {
    1: "instant",
    2: "scheduled",
    3: "recurring, no fixed time",
    4: "personal meeting ID",
    5: "webinar",
    6: "recurring webinar, no fixed time",
    8: "recurring, fixed time",
    9: "recurring webinar, fixed time",
}
USER_TYPES = {1: "Basic", 2: "Licensed", 4: "Unassigned", 99: "None"}
SUBSCRIPTION_HEADERS = (
    "URL", "Events", "Status", "Last validation", "Next validation", "Account · app", "Source",
    "",
)  # fmt: skip
DELIVERY_HEADERS = (
    "#", "Created", "Event", "Endpoint", "State", "Attempts", "Response", "Error · attempts",
    "Next attempt", "",
)  # fmt: skip
ACCOUNT_HEADERS = ("ID", "Name", "Kind", "Type", "Rate-limit plan", "Owner", "Users", "Created")
APP_HEADERS = (
    "Name", "Type", "Client ID", "Client secret", "Account", "State", "Scopes", "Redirect URIs",
)  # fmt: skip
FAULT_HEADERS = (
    "ID", "Match", "Answers", "Delay", "After", "Times", "Matched", "Remaining", "Probability",
    "Added", "",
)  # fmt: skip


def _respond(text: str) -> Response:
    resp = Response.html(text)
    # Pages show live state: a cached copy would be wrong a second later.
    resp.headers.append((b"cache-control", b"no-store"))
    return resp


def _status_badge(status: int) -> Html:
    tone = "ok" if status < 300 else "warn" if status < 400 else "bad"
    return badge(str(status), tone)


def _plural(kind: str) -> str:
    return "webinars" if kind == "webinar" else "meetings"


# -- overview ----------------------------------------------------------------------------------
async def overview(app: App, req: Request, _: list[str]) -> Response:
    o = await app.store.run(lambda: data.overview(app))
    s = app.settings
    implemented = sum(1 for op in app.ops if op.implemented)
    server = el(
        "section",
        el("h2", "Server"),
        kv(
            [
                ("Version", f"zoomstack {__version__}"),
                ("Store", app.store.dialect),
                ("Process", os.getpid()),
                ("Uptime", ago(time.time() - app.started_at)),
                ("Operations", f"{implemented} implemented of {len(app.ops)}"),
                ("Base URL", el("code", s.base_url)),
            ]
        ),
        class_="card",
        id="server",
        data_live=True,
    )
    clock = o.clock
    frozen = bool(clock["frozen"])
    advance = [
        action(label, CONTROL + "/clock", {key: 1}, id=f"advance-{key.split('_')[1]}")
        for label, key in (
            ("+1 minute", "advance_minutes"),
            ("+1 hour", "advance_hours"),
            ("+1 day", "advance_days"),
        )
    ]
    toggle = (
        action("Unfreeze", CONTROL + "/clock", {"freeze": False}, id="unfreeze")
        if frozen
        else action("Freeze", CONTROL + "/clock", {"freeze": True}, id="freeze")
    )
    clock_card = el(
        "section",
        el("h2", "Virtual clock"),
        el(
            "div",
            clock["now"],
            class_="clock",
            id="clock-now",
            data_now_ms=clock["now_ms"],
            data_frozen="true" if frozen else "false",
        ),
        el(
            "div",
            badge("frozen", "warn") if frozen else badge("running", "ok"),
            " offset from the wall clock: ",
            ago(abs(int(clock["offset_ms"])) / 1000),
            " ahead" if int(clock["offset_ms"]) >= 0 else " behind",
            class_="row muted",
        ),
        el("div", advance, toggle, class_="row"),
        post_form(
            CONTROL + "/clock",
            text_input("set", "2030-01-01T09:00:00Z", id="clock-set", label="Set the clock to"),
            el("button", "Set", type="submit", id="clock-set-submit"),
            id="clock-form",
        ),
        class_="card",
        id="clock",
        data_live=True,
    )
    credentials = el(
        "section",
        el("h2", "Developer credentials"),
        kv(
            [
                ("API base URL", el("code", s.base_url + "/v2")),
                ("Token URL", el("code", s.base_url + "/oauth/token")),
                ("Account ID", el("code", s.account_id)),
                ("Client ID", el("code", s.client_id)),
                ("Client secret", secret(s.client_secret, "dev-client-secret")),
                ("Webhook secret", secret(s.webhook_secret, "dev-webhook-secret")),
                ("Owner sign-in", el("code", s.owner_email)),
            ]
        ),
        class_="card",
    )
    stats = el(
        "section",
        el("h2", "Stored"),
        el(
            "div",
            [
                el(
                    "div",
                    el("b", n),
                    el("span", label),
                    class_="stat",
                    id=f"count-{label}",
                    data_count=n,
                )
                for label, n in o.counts.items()
            ],
            class_="stats",
        ),
        el("h2", "Webhooks"),
        el(
            "div",
            [
                el("div", el("b", n), el("span", label), class_="stat")
                for label, n in (
                    ("subscriptions", o.subscriptions),
                    *((f"{k} deliveries", v) for k, v in o.deliveries.items()),
                )
            ],
            class_="stats",
        ),
        id="stats",
        data_live=True,
    )
    danger = el(
        "section",
        el("h2", "Reset"),
        el(
            "p",
            "Drops all state (accounts, users, meetings, webhooks, tokens) and recreates the "
            "developer setup with the same credentials; the clock starts again.",
            class_="muted",
        ),
        action(
            "Reset everything",
            CONTROL + "/reset",
            confirm="Drop all state and recreate the developer setup?",
            tone="danger",
            id="reset",
        ),
    )
    return _respond(
        page(
            app,
            "overview",
            "Overview",
            el("div", server, clock_card, credentials, class_="grid"),
            stats,
            danger,
            refresh_ms=5000,
        )
    )


# -- requests ----------------------------------------------------------------------------------
def _status_matches(status: int, wanted: str) -> bool:
    if wanted == "errors":
        return status >= 400
    return wanted == "" or str(status)[0] == wanted[0]


async def requests(app: App, req: Request, _: list[str]) -> Response:
    q = req.query
    status = q.get("status", "")
    status = status if status in STATUS_CLASSES else ""
    method = q.get("method", "").upper()
    method = method if method in METHODS else ""
    needle = q.get("path", "")
    control = q.get("control", "") in ("1", "on", "true")
    entries = list(app.request_log)
    shown = []
    for t, m, path, query, code, seconds, tid in reversed(entries):
        # The dashboard's own polling would drown the API traffic: hidden unless asked for.
        if not control and path.startswith(CONTROL + "/"):
            continue
        if method and m != method:
            continue
        if not _status_matches(code, status):
            continue
        if needle and needle not in path:
            continue
        shown.append((t, m, path, query.decode("latin-1"), code, seconds, tid.decode()))
        if len(shown) >= REQUESTS_SHOWN:
            break
    filters = el(
        "form",
        el("label", "Status ", _select("status", ("", *STATUS_CLASSES), status, "any")),
        el("label", "Method ", _select("method", ("", *METHODS), method, "any")),
        el(
            "label",
            "Path contains ",
            el("input", type="search", name="path", value=needle or None, id="path-filter"),
        ),
        el(
            "label",
            el("input", type="checkbox", name="control", value="1", checked=control),
            " include /_zoomstack",
        ),
        el("button", "Filter", type="submit"),
        method="get",
        action=BASE + "/requests",
        class_="inline",
        id="request-filters",
    )
    rows = [
        (
            when(iso_from_ms(t)),
            el("code", m),
            long_code(path + ("?" + query if query else "")),
            _status_badge(code),
            f"{seconds * 1000:.1f} ms",
            long_code(tid),
        )
        for t, m, path, query, code, seconds, tid in shown
    ]
    log = el(
        "section",
        el(
            "p",
            f"{len(shown)} shown (newest first) of the last {len(entries)} requests this "
            "process answered; times are on the virtual clock."
            if app.settings.log_requests
            else "Request logging is off in this server's settings.",
            class_="muted",
        ),
        table(
            ("Time", "Method", "Path", "Status", "Duration", "Tracking ID"),
            rows,
            empty="No requests match.",
            id="request-table",
            numeric=(4,),
        ),
        id="requests",
        data_live=True,
    )
    return _respond(page(app, "requests", "Requests", filters, log, refresh_ms=2000))


def _select(
    name: str, options: tuple[str, ...], current: str, blank: str, id: str | None = None
) -> Html:
    return el(
        "select",
        [el("option", o or blank, value=o, selected=o == current) for o in options],
        name=name,
        id=id,
    )


# -- webhooks ----------------------------------------------------------------------------------
def _validation(sub: dict[str, Any]) -> Html:
    v = sub.get("validation")
    if not v:
        return Html(el("span", "not validated yet", class_="muted"))
    at = when(iso_from_ms(int(v["at_ms"])))
    if v.get("ok"):
        return Html(badge("passed", "ok") + " " + el("span", at, class_="muted"))
    reason = v.get("error") or (f"HTTP {v['status']}" if v.get("status") else "failed")
    return Html(badge("failed", "bad") + " " + el("span", reason, " · ", at, class_="muted"))


def _sub_status(status: str) -> Html:
    tone = {"active": "ok", "pending": "warn", "unvalidated": "bad"}.get(status, "")
    return badge(status, tone)


def _delivery_state(state: str) -> Html:
    tone = {"delivered": "ok", "pending": "warn", "failed": "bad"}.get(state, "")
    return badge(state, tone)


def _attempts(d: dict[str, Any]) -> Html:
    log = d.get("attempt_log") or []
    if not log:
        return Html("")
    rows = [
        (
            a["attempt"],
            when(iso_from_ms(int(a["at_ms"]))),
            _status_badge(int(a["status"])) if a["status"] is not None else "—",
            f"{a['latency_ms']:.1f} ms",
            a["error"] or el("code", (a["response"] or "")[:200]),
        )
        for a in log
    ]
    return el(
        "details",
        el("summary", f"{len(log)} attempt{'s' if len(log) != 1 else ''}"),
        table(("#", "At", "Status", "Latency", "Error / response"), rows),
        id=dom_id("attempts", d["id"]),
    )


async def webhooks(app: App, req: Request, _: list[str]) -> Response:
    q = req.query
    state = q.get("state", "")
    state = state if state in delivery_rows.STATES else ""
    event = q.get("event", "").strip()
    w = await app.store.run(
        lambda: data.webhooks(app, state or None, event or None, DELIVERIES_SHOWN)
    )
    urls = {s["id"]: s["url"] for s in w.subscriptions}
    sub_rows = [
        (
            long_code(s["url"]),
            ", ".join(s["events"]),
            _sub_status(s["status"]),
            _validation(s),
            when(s["next_validation_at"]) or "—",
            Html(el("code", s["account_id"]) + " " + el("code", s["client_id"])),
            s["source"],
            action(
                "Validate",
                f"{HOOKS}/subscriptions/{s['id']}/validate",
                id=dom_id("validate", s["id"]),
                title="Send the endpoint.url_validation challenge now",
            ),
        )
        for s in w.subscriptions
    ]
    add = post_form(
        HOOKS + "/subscriptions",
        text_input("url", "http://127.0.0.1:9000/hook", id="sub-url", label="Endpoint URL"),
        text_input("events", "* or meeting.started,user.created", id="sub-events", label="Events"),
        el("button", "Subscribe", type="submit", class_="primary"),
        id="subscribe-form",
    )
    test_event = post_form(
        HOOKS + "/test-event",
        text_input("event", "meeting.started", id="test-event-name", label="Event name"),
        el("button", "Send a test event", type="submit"),
        id="test-event-form",
    )
    delivery_rows_html = [
        (
            d["id"],
            when(iso_from_ms(int(d["created_ms"]))),
            el("code", d["event"]),
            long_code(urls.get(d["subscription_id"], d["subscription_id"])),
            _delivery_state(d["state"]),
            d["attempts"],
            _status_badge(int(d["last_status"])) if d["last_status"] is not None else "—",
            Html(el("span", d["last_error"], class_="muted") + _attempts(d)),
            when(iso_from_ms(int(d["next_attempt_ms"]))) if d["next_attempt_ms"] else "—",
            action(
                "Resend",
                f"{HOOKS}/deliveries/{d['id']}/resend",
                id=dom_id("resend", d["id"]),
                title="Queue this delivery again now",
            ),
        )
        for d in w.deliveries
    ]
    filters = el(
        "form",
        el("label", "State ", _select("state", ("", *delivery_rows.STATES), state, "any")),
        el(
            "label",
            "Event ",
            el("input", type="search", name="event", value=event or None, id="event-filter"),
        ),
        el("button", "Filter", type="submit"),
        method="get",
        action=BASE + "/webhooks",
        class_="inline",
        id="delivery-filters",
    )
    counts = ", ".join(f"{n} {k}" for k, n in w.counts.items())
    return _respond(
        page(
            app,
            "webhooks",
            "Webhooks",
            el("div", add, el("span", " "), test_event, class_="row"),
            el(
                "section",
                el("h2", f"Subscriptions ({len(w.subscriptions)})"),
                table(
                    SUBSCRIPTION_HEADERS,
                    sub_rows,
                    empty="No subscriptions. Add one above, or start the server with "
                    "ZOOMSTACK_WEBHOOK_URL.",
                    id="subscription-table",
                ),
                id="subscriptions",
                data_live=True,
            ),
            el("h2", "Deliveries"),
            filters,
            el(
                "section",
                el("p", f"All deliveries: {counts}. Newest first.", class_="muted"),
                table(
                    DELIVERY_HEADERS,
                    delivery_rows_html,
                    empty="No deliveries match.",
                    id="delivery-table",
                    numeric=(0, 5),
                ),
                id="deliveries",
                data_live=True,
            ),
            refresh_ms=3000,
        )
    )


# -- meetings ----------------------------------------------------------------------------------
def _participants(kind: str, number: int, people: list[dict[str, Any]], waiting: bool) -> Html:
    base = f"{SIM}/{_plural(kind)}/{number}"
    rows = []
    for p in people:
        ref = str(p.get("participant_uuid") or p.get("name") or "")
        if waiting:
            act = action("Admit", base + "/admit", {"participant": ref})
        else:
            act = action("Remove", base + "/leave", {"participant": ref, "reason": "removed"})
        rows.append(
            (
                p.get("name") or "—",
                p.get("user_email") or "",
                p.get("role") or "",
                p.get("device") or "",
                when(p.get("join_time")),
                act,
            )
        )
    return table(
        ("Name", "Email", "Role", "Device", "Joined", ""),
        rows,
        empty="Nobody is waiting." if waiting else "Nobody is in.",
    )


def _live_card(m: data.Live) -> Html:
    number = int(m.doc["id"])
    base = f"{SIM}/{_plural(m.kind)}/{number}"
    inst = m.state.get("instance") or {}
    people = m.state.get("participants") or []
    waiting = m.state.get("waiting_room") or []
    card_id = dom_id("live", m.kind, number)
    join = post_form(
        base + "/join",
        text_input("name", "Participant name", id=f"{card_id}-name", label="Participant name"),
        text_input("email", "email (optional)", id=f"{card_id}-email", label="Email"),
        el("button", "Add participant", type="submit", id=f"{card_id}-join"),
        id=f"{card_id}-join-form",
    )
    return el(
        "div",
        el(
            "h3",
            m.doc.get("topic") or "",
            " ",
            badge("live", "ok"),
            " ",
            badge(m.kind),
        ),
        kv(
            [
                ("ID", el("code", number)),
                ("Instance UUID", el("code", inst.get("uuid", ""))),
                ("Host", m.doc.get("host_email") or m.doc.get("host_id") or ""),
                ("Account", el("code", m.account_id)),
                ("Started", when(inst.get("start_time"))),
                ("Duration so far", f"{inst.get('duration', 0)} min"),
                ("Participants", len(people)),
            ]
        ),
        el(
            "div",
            join,
            action("End", base + "/end", id=f"{card_id}-end", tone="danger"),
            class_="row",
        ),
        el("h3", f"In the {m.kind} ({len(people)})"),
        _participants(m.kind, number, people, waiting=False),
        (
            Html(
                el("h3", f"Waiting room ({len(waiting)})")
                + _participants(m.kind, number, waiting, waiting=True)
            )
            if waiting
            else None
        ),
        class_="card live-meeting",
        id=card_id,
        data_meeting=number,
    )


def _ended_row(e: data.Ended) -> tuple[Any, ...]:
    inst = e.instance
    rows = [
        (
            p.get("name") or "—",
            p.get("user_email") or "",
            p.get("role") or "",
            when(p.get("join_time")),
            when(p.get("leave_time")),
            f"{int(p.get('duration') or 0)} s",
            p.get("leave_reason") or "",
        )
        for p in e.participants
    ]
    details = el(
        "details",
        el("summary", f"{len(e.participants)} session{'s' if len(rows) != 1 else ''}"),
        table(("Name", "Email", "Role", "Joined", "Left", "Time in", "Reason"), rows),
        id=dom_id("sessions", inst["uuid"]),
    )
    return (
        inst.get("topic") or "",
        badge("webinar" if inst.get("is_webinar") else "meeting"),
        el("code", inst.get("id", "")),
        el("code", inst.get("uuid", "")),
        when(inst.get("start_time")),
        when(inst.get("end_time")),
        f"{inst.get('duration', 0)} min",
        details,
    )


async def meetings(app: App, req: Request, _: list[str]) -> Response:
    m = await app.store.run(lambda: data.meetings_page(app))
    create = post_form(
        SIM + "/scenarios",
        text_input("meeting.topic", "Topic", id="new-topic", label="Topic"),
        text_input("host", "host email (default: the owner)", id="new-host", label="Host"),
        el(
            "button",
            "Create",
            type="submit",
            id="new-meeting",
            data_body='{"host_joins": false}',
            data_label="Create meeting",
        ),
        el(
            "button",
            "Create and start",
            type="submit",
            class_="primary",
            id="new-live-meeting",
            data_body='{"host_joins": true}',
            data_label="Create and start",
        ),
        body={"meeting": {}},
        id="new-meeting-form",
    )
    live = el(
        "section",
        el("h2", f"Live ({len(m.live)})"),
        [_live_card(x) for x in m.live]
        or el(
            "p",
            "No meeting is in progress: start one from the table below, or create one above.",
            class_="empty",
        ),
        id="live",
        data_live=True,
    )
    scheduled_rows = [
        (
            doc.get("topic") or "",
            badge(kind),
            el("code", doc["id"]),
            doc.get("host_email") or "",
            when(doc.get("start_time")),
            MEETING_TYPES.get(int(doc.get("type") or 0), str(doc.get("type"))),
            action(
                "Start",
                f"{SIM}/{_plural(kind)}/{doc['id']}/start",
                id=dom_id("start", kind, doc["id"]),
                title="The host joins: the simulator starts it",
            ),
        )
        for kind, doc in m.scheduled
    ]
    more = m.scheduled_total - len(m.scheduled)
    scheduled = el(
        "section",
        el("h2", f"Not in progress ({m.scheduled_total})"),
        el("p", f"The {len(m.scheduled)} created last are shown.", class_="muted")
        if more > 0
        else None,
        table(
            ("Topic", "Kind", "ID", "Host", "Start time", "Type", ""),
            scheduled_rows,
            empty="No meetings or webinars scheduled.",
            id="scheduled-table",
        ),
        id="scheduled",
        data_live=True,
    )
    ended = el(
        "section",
        el("h2", "Recently ended"),
        table(
            ("Topic", "Kind", "ID", "Instance UUID", "Started", "Ended", "Duration", "Sessions"),
            [_ended_row(e) for e in m.ended],
            empty="No meeting has ended yet.",
            id="ended-table",
        ),
        id="ended",
        data_live=True,
    )
    return _respond(
        page(
            app,
            "meetings",
            "Meetings",
            el(
                "p",
                "Meetings and webinars of every account. Actions drive the simulator "
                "(/_zoomstack/sim): each step fires Zoom's webhooks.",
                class_="muted",
            ),
            el("div", create, class_="row"),
            live,
            scheduled,
            ended,
            refresh_ms=3000,
        )
    )


# -- accounts and apps -------------------------------------------------------------------------
def _account_kind(view: dict[str, Any]) -> Html:
    if view["is_master"]:
        return badge("master", "ok")
    if view["master_account_id"]:
        return Html(badge("sub-account") + " of " + el("code", view["master_account_id"]))
    return badge("standalone")


def _user_name(u: dict[str, Any]) -> str:
    full = f"{u.get('first_name') or ''} {u.get('last_name') or ''}".strip()
    return full or str(u.get("display_name") or "")


async def accounts(app: App, req: Request, _: list[str]) -> Response:
    found, app_views = await app.store.run(lambda: data.accounts(app))
    account_rows = [
        (
            el("code", a.view["id"]),
            a.view["account_name"],
            _account_kind(a.view),
            a.view["account_type"],
            a.plan,
            a.view["owner_email"],
            a.user_total,
            when(a.view["created_at"]),
        )
        for a in found
    ]
    per_account = []
    for a in found:
        rows = [
            (
                _user_name(u),
                u.get("email") or "",
                el("code", u.get("id") or ""),
                USER_TYPES.get(int(u.get("type") or 0), str(u.get("type"))),
                u.get("role_name") or "",
                u.get("status") or "",
            )
            for u in a.users
        ]
        more = a.user_total - len(a.users)
        per_account.append(
            el(
                "details",
                el(
                    "summary",
                    f"{a.view['account_name'] or a.view['id']} — {a.user_total} "
                    f"user{'s' if a.user_total != 1 else ''}",
                ),
                table(("Name", "Email", "ID", "Type", "Role", "Status"), rows),
                el("p", f"{more} more not shown.", class_="muted") if more > 0 else None,
                id=dom_id("users", a.view["id"]),
                open=len(found) == 1 or a.view["id"] == app.settings.account_id,
            )
        )
    app_rows = [
        (
            x["name"],
            x["type_name"],
            el("code", x["client_id"]),
            secret(x["client_secret"], dom_id("secret", x["client_id"])),
            el("code", x["account_id"]),
            badge("active", "ok") if x["active"] else badge("inactive", "bad"),
            el(
                "details",
                el("summary", f"{len(x['scopes'])} scopes"),
                el("pre", " ".join(x["scopes"])),
                id=dom_id("scopes", x["client_id"]),
            )
            if x["scopes"]
            else "—",
            Html("<br>".join(el("code", u) for u in x["redirect_uris"])) or "—",
        )
        for x in app_views
    ]
    return _respond(
        page(
            app,
            "accounts",
            "Accounts & apps",
            el(
                "section",
                el("h2", f"Accounts ({len(found)})"),
                table(
                    ACCOUNT_HEADERS,
                    account_rows,
                    id="account-table",
                    numeric=(6,),
                ),
                el("h2", "Users"),
                per_account,
                id="accounts",
                data_live=True,
            ),
            el(
                "section",
                el("h2", f"OAuth apps ({len(app_views)})"),
                table(
                    APP_HEADERS,
                    app_rows,
                    id="app-table",
                ),
                id="apps",
                data_live=True,
            ),
            refresh_ms=10000,
        )
    )


# -- faults ------------------------------------------------------------------------------------
def _fault_match(v: dict[str, Any]) -> Html:
    parts = [
        el("code", v["method"]) if v["method"] else el("span", "any method", class_="muted"),
        " ",
        long_code(v["path"]),
    ]
    if v["operation"]:
        parts += [el("br"), el("span", "operation ", class_="muted"), el("code", v["operation"])]
    return h(parts)


def _fault_answer(f: data.FaultRule) -> Html:
    if f.status is None:
        return el("span", "nothing: the real handler answers after the delay", class_="muted")
    v = f.view
    parts: list[Any] = [_status_badge(f.status)]
    if v["preset"]:
        parts += [" ", badge(v["preset"], "warn")]
    parts += [" ", long_code(f.body[:500])]
    for name, value in (v["headers"] or {}).items():
        parts += [el("br"), long_code(f"{name}: {value}")]
    return h(parts)


def _fault_row(f: data.FaultRule) -> tuple[Any, ...]:
    v = f.view
    remaining = v["remaining"]
    return (
        el("code", v["id"]),
        _fault_match(v),
        _fault_answer(f),
        f"{v['delay_ms']} ms" if v["delay_ms"] else "—",
        v["after"],
        "no end" if v["times"] is None else v["times"],
        v["matched"],
        "no end" if remaining is None else badge("0 · used up") if remaining == 0 else remaining,
        f"{float(v['probability']):g}",
        when(v["created_at"]),
        action(
            "Remove",
            f"{FAULTS}/{v['id']}",
            method="DELETE",
            id=dom_id("remove-fault", v["id"]),
            title="DELETE /_zoomstack/faults/" + v["id"],
        ),
    )


def _labelled(label: str, field: Html) -> Html:
    return el("label", label, " ", field)


async def faults(app: App, req: Request, _: list[str]) -> Response:
    found = await app.store.run(lambda: data.faults(app))

    def n(key: str, hint: str = "") -> Html:
        return text_input(
            key, hint, id=f"fault-{key.replace('_', '-')}", number=True, size=6, label=key
        )

    add = post_form(
        FAULTS,
        _labelled("Method", _select("method", ("", *rules.METHODS), "", "any", "fault-method")),
        _labelled("Path", text_input("path", "* or /v2/users/*", id="fault-path", label="Path")),
        _labelled(
            "Operation",
            text_input("operation", "meetingCreate", id="fault-operation", label="Operation ID"),
        ),
        _labelled("Preset", _select("preset", ("", *rules.PRESETS), "", "none", "fault-preset")),
        _labelled("Status", n("status", "400-599")),
        _labelled("Code", n("code")),
        _labelled("Message", text_input("message", "", id="fault-message", label="Message")),
        _labelled("Delay (ms)", n("delay_ms", "0")),
        _labelled("After", n("after", "0")),
        _labelled("Times", n("times", "no end")),
        _labelled("Probability", n("probability", "1")),
        el("button", "Add rule", type="submit", class_="primary", id="fault-add"),
        id="fault-form",
    )
    listing = el(
        "section",
        el(
            "div",
            el("h2", f"Rules ({len(found)})"),
            action(
                "Remove all",
                FAULTS,
                method="DELETE",
                confirm="Remove every fault rule?",
                tone="danger",
                id="faults-clear",
            )
            if found
            else None,
            class_="row",
        ),
        table(
            FAULT_HEADERS,
            [_fault_row(f) for f in found],
            empty="No fault rules: every request reaches its real handler.",
            id="fault-table",
            numeric=(3, 4, 5, 6, 7, 8),
        ),
        id="faults",
        data_live=True,
    )
    return _respond(
        page(
            app,
            "faults",
            "Faults",
            el(
                "p",
                "Rules make chosen API and OAuth requests fail or slow down, to test a client's "
                "retries and re-authentication. They never apply to /_zoomstack, so this page "
                "keeps working. A rule matches by method, path pattern and operation ID "
                "(",
                el("a", "the list", href=CONTROL + "/ops"),
                "); After lets that many matching requests through first, Times then "
                "fails that many (empty: no end). Answers and headers given as JSON: use the "
                "control API or ",
                el("code", "zoomstack faults add"),
                ".",
                class_="muted",
            ),
            el("h2", "Add a rule"),
            el("div", add, class_="row"),
            listing,
            refresh_ms=3000,
        )
    )


# -- snapshots ---------------------------------------------------------------------------------
def _size(n: int) -> Html:
    if n < 1024:
        text = f"{n} B"
    else:
        text = f"{n / 1024:.1f} KB" if n < 1024**2 else f"{n / 1024**2:.1f} MB"
    return el("span", text, title=f"{n} bytes")


def _snapshot_actions(name: str) -> Html:
    url = f"{SNAPSHOTS}/{name}"
    return el(
        "div",
        action(
            "Restore",
            url + "/restore",
            confirm=f"Replace the whole state with snapshot {name}? "
            "Everything created since it was saved is lost.",
            tone="danger",
            id=dom_id("restore", name),
        ),
        el(
            "a",
            "Download",
            href=url,
            download=f"{name}.json",
            class_="button",
            id=dom_id("download", name),
        ),
        action(
            "Delete",
            url,
            method="DELETE",
            confirm=f"Delete snapshot {name}?",
            id=dom_id("delete-snapshot", name),
        ),
        class_="row",
    )


async def snapshots(app: App, req: Request, _: list[str]) -> Response:
    found = await app.store.run(lambda: data.snapshots(app))
    save = post_form(
        SNAPSHOTS,
        text_input("name", "default", id="snapshot-name", label="Snapshot name"),
        el("button", "Save current state", type="submit", class_="primary", id="snapshot-save"),
        id="snapshot-form",
    )
    rows = [
        (el("code", s["name"]), when(s["created_at"]), _size(int(s["size_bytes"])),
         _snapshot_actions(s["name"]))
        for s in reversed(found)
    ]  # fmt: skip
    return _respond(
        page(
            app,
            "snapshots",
            "Snapshots",
            el(
                "p",
                "A snapshot is the whole state: accounts, users, meetings, recordings, tokens, "
                "webhooks, fault rules and the clock. Restoring one replaces everything "
                "(access tokens created since are gone: clients fetch new ones). Snapshots "
                "are kept in the store and survive a reset. Saving under an existing name "
                "replaces it; names are letters, digits, dots, dashes and underscores.",
                class_="muted",
            ),
            el("div", save, class_="row"),
            el(
                "section",
                el("h2", f"Saved ({len(found)})"),
                table(
                    ("Name", "Saved at (server clock)", "Size", ""),
                    rows,
                    empty="No snapshots yet.",
                    id="snapshot-table",
                    numeric=(2,),
                ),
                id="snapshots",
                data_live=True,
            ),
            refresh_ms=10000,
        )
    )
