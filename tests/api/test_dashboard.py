"""The web dashboard (/_zoomstack/dashboard) over HTTP: every page renders what the server holds,
escapes what users typed, and its buttons are wired to control-API calls that work.

Buttons are tested the way the page's script runs them: the test reads a button's (or form's)
`data-post` URL and `data-body` JSON from the HTML, adds the form's fields, and POSTs that as
JSON. The browser tests (tests/browser/test_dashboard_browser.py) click the same buttons.
Clock, reset, fault-rule and snapshot tests use a dedicated server, since they change
everything on it.
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

import httpx
import pytest

from support.receiver import Receiver, unsubscribe
from support.server import ACCOUNT_ID, CLIENT_ID, CLIENT_SECRET, ServerProcess
from support.users import create_user

BASE = "/_zoomstack/dashboard"
PAGES = {
    "": "Overview",
    "/requests": "Requests",
    "/webhooks": "Webhooks",
    "/meetings": "Meetings",
    "/accounts": "Accounts &amp; apps",
    "/faults": "Faults",
    "/snapshots": "Snapshots",
}
EVIL = "<script>alert('pwned')</script>"
EVIL_ESCAPED = "&lt;script&gt;alert(&#x27;pwned&#x27;)&lt;/script&gt;"


# -- reading pages -------------------------------------------------------------------------------
@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    text: str = ""
    fields: dict[str, dict[str, str]] = field(default_factory=dict)  # a form's inputs by name


class Page(HTMLParser):
    """Every element with an id, every `data-post` element (with its form fields), the text
    of each, and every src/href attribute."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.html = text
        self.by_id: dict[str, Element] = {}
        self.posts: list[Element] = []
        self.links: list[str] = []
        self.sources: list[str] = []
        self._open: list[Element] = []
        self._forms: list[Element] = []
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        node = Element(tag, a)
        if "href" in a:
            self.links.append(a["href"])
        if "src" in a or tag == "link":
            self.sources.append(a.get("src") or a.get("href", ""))
        if "id" in a:
            self.by_id[a["id"]] = node
        if "data-post" in a:
            self.posts.append(node)
        if tag in ("input", "select") and self._forms and "name" in a:
            self._forms[-1].fields[a["name"]] = a
        if tag == "form":
            self._forms.append(node)
        if tag not in ("input", "meta", "br", "img"):
            self._open.append(node)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form" and self._forms:
            self._forms.pop()
        for i in range(len(self._open) - 1, -1, -1):
            if self._open[i].tag == tag:
                del self._open[i:]
                break

    def handle_data(self, data: str) -> None:
        for node in self._open:
            node.text += data

    def el(self, dom_id: str) -> Element:
        assert dom_id in self.by_id, f"no element #{dom_id}"
        return self.by_id[dom_id]

    def text(self, dom_id: str) -> str:
        return " ".join(self.el(dom_id).text.split())

    def post_urls(self) -> list[str]:
        return [p.attrs["data-post"] for p in self.posts]


def get_page(server: ServerProcess, sub: str = "", /, **params: Any) -> Page:
    r = httpx.get(server.base_url + BASE + sub, params=params, timeout=30)
    assert r.status_code == 200, r.text[:500]
    assert r.headers["content-type"] == "text/html; charset=utf-8"
    return Page(r.text)


def press(
    server: ServerProcess,
    node: Element,
    expect: int = 200,
    submitter: Element | None = None,
    **fields: Any,
) -> httpx.Response:
    """What the page's script does on a click: POST `data-body` + the form's fields + the
    submit button's own `data-body` as JSON; a `data-method="DELETE"` button DELETEs without a
    body."""
    if node.attrs.get("data-method") == "DELETE":
        assert not fields and submitter is None and "data-body" not in node.attrs
        r = httpx.delete(server.base_url + node.attrs["data-post"], timeout=30)
        assert r.status_code == expect, r.text[:500]
        return r
    body = json.loads(node.attrs.get("data-body") or "{}")
    for name, value in fields.items():
        if node.tag == "form":
            assert name in node.fields, f"the form has no field {name}: {list(node.fields)}"
        target = body
        *parents, leaf = name.split(".")
        for key in parents:
            target = target.setdefault(key, {})
        target[leaf] = value
    if submitter is not None:
        body.update(json.loads(submitter.attrs.get("data-body") or "{}"))
    r = httpx.post(
        server.base_url + node.attrs["data-post"],
        content=json.dumps(body),
        headers={"content-type": "application/json"},
        timeout=30,
    )
    assert r.status_code == expect, r.text[:500]
    return r


def count(page: Page, what: str) -> int:
    return int(page.el(f"count-{what}").attrs["data-count"])


def wait_until(check: Callable[[], Any], timeout: float = 10.0) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value or time.monotonic() > deadline:
            assert value, "timed out"
            return value
        time.sleep(0.05)


@pytest.fixture(scope="module")
def own() -> Iterator[ServerProcess]:
    proc = ServerProcess.for_current_store().start()
    yield proc
    proc.stop()


# -- every page ----------------------------------------------------------------------------------
@pytest.mark.parametrize("path", list(PAGES))
def test_every_page_renders_self_contained(server: ServerProcess, path: str) -> None:
    r = httpx.get(server.base_url + BASE + path)
    assert r.status_code == 200
    assert r.headers["content-type"] == "text/html; charset=utf-8"
    assert r.headers["cache-control"] == "no-store"
    assert f"<h1>{PAGES[path]}</h1>" in r.text
    page = Page(r.text)
    # Navigation reaches every page; nothing is loaded from anywhere (no src, no <link>).
    for other in PAGES:
        assert BASE + other in page.links
    assert page.sources == []
    assert all(link.startswith("/") for link in page.links), page.links
    assert r.text.count("<script>") == 1 and r.text.count("<style>") == 1
    # Actions are POSTs to the control API, never links.
    assert all(u.startswith("/_zoomstack/") for u in page.post_urls())
    # A trailing slash is tolerated like everywhere else; HEAD answers without a body.
    assert httpx.get(server.base_url + BASE + path + "/").status_code == 200
    head = httpx.head(server.base_url + BASE + path)
    assert head.status_code == 200 and head.content == b""


@pytest.mark.parametrize("path", ["/nope", "/meetings/extra", "/assets/app.js"])
def test_unknown_sub_page_is_zooms_404(server: ServerProcess, path: str) -> None:
    r = httpx.get(server.base_url + BASE + path)
    assert r.status_code == 404
    assert r.json() == {"code": 64041, "message": "Route Not Found"}


def test_pages_take_no_actions_by_get(server: ServerProcess) -> None:
    r = httpx.post(server.base_url + BASE, json={})
    assert r.status_code == 405
    assert r.json() == {"code": 405, "message": "Method Not Allowed"}


def test_landing_page_links_to_the_dashboard(server: ServerProcess) -> None:
    r = httpx.get(server.base_url + "/")
    assert f'href="{BASE}"' in r.text


# -- overview ------------------------------------------------------------------------------------
def test_overview_shows_server_credentials_and_counts(
    server: ServerProcess, api: httpx.Client
) -> None:
    page = get_page(server)
    server_card = page.text("server")
    assert "zoomstack" in server_card and server.store in server_card
    assert str(server.proc.pid if server.proc else "") in server_card
    assert "Uptime" in server_card
    # Credentials: IDs in plain sight, secrets masked in the page until revealed.
    assert CLIENT_ID in page.html and ACCOUNT_ID in page.html
    secret_box = page.el("dev-client-secret")
    assert secret_box.attrs["class"] == "secret"
    assert CLIENT_SECRET in secret_box.text
    assert page.text("clock-now").endswith("Z")
    users_before = count(page, "users")
    create_user(api, first_name="Counted")
    after = get_page(server)
    assert count(after, "users") == users_before + 1
    for label in ("accounts", "users", "meetings", "webinars", "recordings"):
        assert label in after.text(f"count-{label}")


def test_clock_buttons_move_the_virtual_clock(own: ServerProcess) -> None:
    page = get_page(own)
    press(own, page.el("freeze"))
    frozen = get_page(own)
    assert frozen.el("clock-now").attrs["data-frozen"] == "true"
    assert "unfreeze" in frozen.by_id and "freeze" not in frozen.by_id
    start = int(frozen.el("clock-now").attrs["data-now-ms"])
    for button, ms in (("advance-minutes", 60_000), ("advance-hours", 3_600_000)):
        moved = press(own, frozen.el(button)).json()
        assert moved["now_ms"] == start + ms
        start = moved["now_ms"]
    press(own, frozen.el("advance-days"))
    assert int(get_page(own).el("clock-now").attrs["data-now-ms"]) == start + 86_400_000
    press(own, get_page(own).el("clock-form"), set="2031-02-03T04:05:06Z")
    page = get_page(own)
    assert page.text("clock-now") == "2031-02-03T04:05:06Z"
    press(own, page.el("unfreeze"))
    assert get_page(own).el("clock-now").attrs["data-frozen"] == "false"
    # The control API's own validation answers a bad value.
    bad = press(own, page.el("clock-form"), expect=400, set="next tuesday")
    assert bad.json()["code"] == 300


def test_reset_button_asks_first_and_resets(own: ServerProcess) -> None:
    with own.api() as api:
        create_user(api, first_name="Doomed")
    page = get_page(own)
    assert count(page, "users") >= 2
    reset = page.el("reset")
    assert reset.attrs["data-confirm"]
    assert reset.attrs["data-post"] == "/_zoomstack/reset"
    assert press(own, reset).json() == {"status": "reset"}
    after = get_page(own)
    assert count(after, "users") == 1
    assert count(after, "accounts") == 1


# -- requests ------------------------------------------------------------------------------------
def test_request_log_filters(server: ServerProcess, api: httpx.Client) -> None:
    ok = api.get("/users/me")
    marker = uuid.uuid4().hex[:10]
    missing = api.get(f"/users/nobody-{marker}@example.com")
    assert ok.status_code == 200 and missing.status_code == 404
    page = get_page(server, "/requests")
    table = page.text("request-table")
    assert f"/v2/users/nobody-{marker}@example.com" in table
    assert ok.headers["x-zm-trackingid"] in table
    assert missing.headers["x-zm-trackingid"] in table
    # The dashboard's own traffic is hidden unless asked for.
    assert "/_zoomstack/dashboard" not in table
    assert BASE + "/requests" in get_page(server, "/requests", control="1").text("requests")
    errors = get_page(server, "/requests", status="4xx", path=marker).text("request-table")
    assert f"nobody-{marker}" in errors and ok.headers["x-zm-trackingid"] not in errors
    none = get_page(server, "/requests", status="2xx", path=marker)
    assert none.text("request-table") == "No requests match."
    gets = get_page(server, "/requests", method="get", path="/v2/users/me").text("request-table")
    assert ok.headers["x-zm-trackingid"] in gets
    # Unknown filter values are ignored rather than failing the page.
    assert get_page(server, "/requests", status="7xx", method="BREW").text("requests")


# -- webhooks ------------------------------------------------------------------------------------
def test_webhooks_subscribe_validate_and_resend(
    server: ServerProcess, api: httpx.Client, control: httpx.Client
) -> None:
    with Receiver() as receiver:
        page = get_page(server, "/webhooks")
        created = press(
            server, page.el("subscribe-form"), expect=201, url=receiver.url, events="user.created"
        ).json()
        try:
            assert created["status"] == "active"
            page = get_page(server, "/webhooks")
            subs = page.text("subscription-table")
            assert receiver.url in subs and "passed" in subs and "user.created" in subs
            validate = page.el(f"validate-{created['id']}")
            assert validate.attrs["data-post"] == (
                f"/_zoomstack/webhooks/subscriptions/{created['id']}/validate"
            )
            assert press(server, validate).json()["status"] == "active"
            assert len(receiver.validations()) == 2

            user = create_user(api, first_name="Hooked")
            receiver.wait_events(1)

            def delivered() -> dict[str, Any] | None:
                for d in control.get(
                    "/webhooks/deliveries", params={"subscription_id": created["id"]}
                ).json()["deliveries"]:
                    if d["state"] == "delivered":
                        return dict(d)
                return None

            delivery = wait_until(delivered)
            page = get_page(server, "/webhooks", event="user.created")
            row = page.text("delivery-table")
            assert "user.created" in row and "delivered" in row and "200" in row
            resend = page.el(f"resend-{delivery['id']}")
            assert press(server, resend, expect=202).json()["id"] == delivery["id"]
            receiver.wait_events(2)

            def attempted_twice() -> dict[str, Any] | None:
                d = dict(control.get(f"/webhooks/deliveries/{delivery['id']}").json())
                return d if d["attempts"] == 2 else None

            assert wait_until(attempted_twice)["state"] == "delivered"
            assert [e.payload["object"]["id"] for e in receiver.events()] == [user["id"]] * 2
            filtered = get_page(server, "/webhooks", state="failed", event="user.created")
            assert f"resend-{delivery['id']}" not in filtered.by_id
        finally:
            unsubscribe(control, created["id"])


def test_webhooks_test_event_form(server: ServerProcess) -> None:
    form = get_page(server, "/webhooks").el("test-event-form")
    assert form.attrs["data-post"] == "/_zoomstack/webhooks/test-event"
    sent = press(server, form, expect=201, event="meeting.started").json()
    assert sent["event"] == "meeting.started"
    assert press(server, form, expect=400, event="not an event!").json()["code"] == 300


def test_webhook_url_is_escaped(server: ServerProcess, control: httpx.Client) -> None:
    # Port 9 refuses connections at once; the subscription is created without a challenge.
    url = 'http://127.0.0.1:9/hook?next="><script>alert(1)</script>'
    r = control.post(
        "/webhooks/subscriptions", json={"url": url, "events": "user.deleted", "validate": False}
    )
    assert r.status_code == 201, r.text
    try:
        page = get_page(server, "/webhooks")
        assert url not in page.html
        assert "&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in page.html
        assert url in page.text("subscription-table")
        assert page.html.count("<script") == 1
    finally:
        unsubscribe(control, r.json()["id"])


# -- meetings ------------------------------------------------------------------------------------
def test_meetings_create_start_join_remove_end(server: ServerProcess, api: httpx.Client) -> None:
    host = create_user(api, first_name="Dash", last_name="Host")
    topic = f"Dashboard standup {uuid.uuid4().hex[:6]}"
    page = get_page(server, "/meetings")
    form = page.el("new-meeting-form")
    assert form.attrs["data-post"] == "/_zoomstack/sim/scenarios"
    # The "Create" button's own body (host_joins: false) is merged by the script.
    create = page.el("new-meeting")
    assert json.loads(create.attrs["data-body"]) == {"host_joins": False}
    created = press(
        server, form, submitter=create, **{"meeting.topic": topic, "host": host["email"]}
    ).json()
    assert created["steps"] == 0
    number = created["id"]
    page = get_page(server, "/meetings")
    assert topic in page.text("scheduled-table")
    start = page.el(f"start-meeting-{number}")
    assert start.attrs["data-post"] == f"/_zoomstack/sim/meetings/{number}/start"
    press(server, start)

    page = get_page(server, "/meetings")
    card = f"live-meeting-{number}"
    assert topic in page.text(card) and "live" in page.text(card)
    assert f"start-meeting-{number}" not in page.by_id
    joined = press(server, page.el(f"{card}-join-form"), name="Ann <b>Ng</b>", email="ann@x.test")
    assert joined.json()["name"] == "Ann <b>Ng</b>"
    page = get_page(server, "/meetings")
    assert "Ann <b>Ng</b>" in page.text(card)
    assert "Ann &lt;b&gt;Ng&lt;/b&gt;" in page.html and "Ann <b>Ng</b>" not in page.html
    assert "host" in page.text(card)
    removes = [
        p
        for p in page.posts
        if p.attrs["data-post"].endswith(f"/meetings/{number}/leave")
        and json.loads(p.attrs["data-body"])["participant"] == joined.json()["participant_uuid"]
    ]
    assert len(removes) == 1
    press(server, removes[0])
    assert "Ann <b>Ng</b>" not in get_page(server, "/meetings").text(card)

    press(server, page.el(f"{card}-end"))
    after = get_page(server, "/meetings")
    assert card not in after.by_id
    ended = after.text("ended-table")
    assert topic in ended and "2 sessions" in ended
    assert "Ann <b>Ng</b>" in ended
    assert f"start-meeting-{number}" in after.by_id
    # A step the simulator refuses (a stale page's End) answers with its error, which the
    # page's script shows.
    refused = press(server, page.el(f"{card}-end"), expect=400).json()
    assert refused["message"] == f"Meeting {number} has not started."


def test_create_and_start_in_one_go(server: ServerProcess, api: httpx.Client) -> None:
    host = create_user(api, first_name="Quick", last_name="Start")
    page = get_page(server, "/meetings")
    form, button = page.el("new-meeting-form"), page.el("new-live-meeting")
    started = press(
        server, form, submitter=button, **{"meeting.topic": "Instant demo", "host": host["email"]}
    )
    number = started.json()["id"]
    page = get_page(server, "/meetings")
    assert "Instant demo" in page.text(f"live-meeting-{number}")
    press(server, page.el(f"live-meeting-{number}-end"))
    bad = press(server, form, expect=404, host="nobody-at-all@example.com")
    assert bad.json()["code"] == 1001


def test_meeting_topic_is_escaped(server: ServerProcess, api: httpx.Client) -> None:
    host = create_user(api)
    r = api.post(f"/users/{host['id']}/meetings", json={"topic": EVIL, "type": 2})
    assert r.status_code == 201, r.text
    page = get_page(server, "/meetings")
    assert EVIL not in page.html and EVIL_ESCAPED in page.html
    assert EVIL in page.text("scheduled-table")
    assert page.html.count("<script") == 1


# -- accounts and apps ---------------------------------------------------------------------------
def test_accounts_users_and_apps(
    server: ServerProcess, api: httpx.Client, control: httpx.Client
) -> None:
    owner = f"sub-{uuid.uuid4().hex[:8]}@example.com"
    sub = control.post(
        "/accounts",
        json={"owner_email": owner, "master_account_id": ACCOUNT_ID, "account_name": "Sub & Co"},
    )
    assert sub.status_code == 201, sub.text
    sub_id, sub_app = sub.json()["id"], sub.json()["app"]
    user = create_user(api, first_name=EVIL, last_name='O\'Brien & "Co"')
    page = get_page(server, "/accounts")
    accounts = page.text("account-table")
    assert ACCOUNT_ID in accounts and "master" in accounts
    assert (
        sub_id in accounts
        and "Sub & Co" in accounts
        and f"sub-account of {ACCOUNT_ID}" in (accounts)
    )
    # Users of each account; names are text, never markup.
    dev_users = page.text(f"users-{ACCOUNT_ID}")
    assert user["email"] in dev_users and EVIL in dev_users
    assert EVIL not in page.html and EVIL_ESCAPED in page.html
    assert "O&#x27;Brien &amp; &quot;Co&quot;" in page.html
    assert page.html.count("<script") == 1
    assert owner in page.text(f"users-{sub_id}")
    # Apps: every secret is in a masked box with its Reveal toggle.
    apps = page.text("app-table")
    assert CLIENT_ID in apps and sub_app["client_id"] in apps
    box = page.el(f"secret-{sub_app['client_id']}")
    assert box.attrs["class"] == "secret" and sub_app["client_secret"] in box.text
    assert f'data-reveal="secret-{sub_app["client_id"]}"' in page.html


# -- faults --------------------------------------------------------------------------------------
def test_fault_rules_add_fire_and_remove(own: ServerProcess) -> None:
    page = get_page(own, "/faults")
    assert page.text("fault-table") == "No fault rules: every request reaches its real handler."
    assert "faults-clear" not in page.by_id
    form = page.el("fault-form")
    assert form.attrs["data-post"] == "/_zoomstack/faults"
    assert {"method", "path", "operation", "preset", "status", "code", "message"} <= set(
        form.fields
    )
    assert {"delay_ms", "after", "times", "probability"} <= set(form.fields)
    limited = press(
        own, form, expect=201, method="GET", path="/v2/users/me", preset="rate_limit", times=2
    ).json()
    refused = press(
        own, form, expect=201, operation="meetingCreate", status=400, code=3000, message=EVIL,
        probability=0.5,
    ).json()  # fmt: skip
    slow = press(own, form, expect=201, path="/oauth/token", delay_ms=1, after=3).json()
    # The control API's own checks answer a bad rule.
    bad = press(own, form, expect=400, status=99).json()
    assert bad["errors"][0]["field"] == "status"
    try:
        with own.api() as api:
            assert [api.get("/users/me").status_code for _ in range(3)] == [429, 429, 200]
        page = get_page(own, "/faults")
        assert page.text("faults").startswith("Rules (3)")
        # Every page warns that requests fail on purpose.
        assert get_page(own, "/requests").text("faults-active") == "3 fault rules active"
        rows = page.text("fault-table")
        assert "GET /v2/users/me" in rows and "429 rate_limit" in rows
        assert "per-second rate limit" in rows and "0 · used up" in rows
        assert "operation meetingCreate" in rows and "0.5" in rows
        assert "nothing: the real handler answers after the delay" in rows and "1 ms" in rows
        # A message is text in the page, never markup.
        assert EVIL in rows and EVIL not in page.html and EVIL_ESCAPED in page.html
        assert page.html.count("<script") == 1

        remove = page.el(f"remove-fault-{limited['id']}")
        assert remove.attrs["data-post"] == f"/_zoomstack/faults/{limited['id']}"
        assert remove.attrs["data-method"] == "DELETE"
        press(own, remove, expect=204)
        page = get_page(own, "/faults")
        assert f"remove-fault-{limited['id']}" not in page.by_id
        assert f"remove-fault-{refused['id']}" in page.by_id
        # A stale page's Remove: the control API's 404.
        assert press(own, remove, expect=404).json()["message"].startswith("Fault rule not")

        clear = page.el("faults-clear")
        assert clear.attrs["data-confirm"] and clear.attrs["data-method"] == "DELETE"
        press(own, clear, expect=204)
        page = get_page(own, "/faults")
        assert "remove-fault-" + slow["id"] not in page.by_id
        assert "faults-active" not in page.by_id
    finally:
        httpx.delete(own.base_url + "/_zoomstack/faults")
    with own.control() as c:
        assert c.get("/faults").json()["total_records"] == 0


# -- snapshots -----------------------------------------------------------------------------------
def test_snapshots_save_download_restore_delete(own: ServerProcess) -> None:
    name = f"dash-{uuid.uuid4().hex[:6]}"
    page = get_page(own, "/snapshots")
    form = page.el("snapshot-form")
    assert form.attrs["data-post"] == "/_zoomstack/snapshots"
    saved = press(own, form, expect=201, name=name).json()
    with own.api() as api:
        later = create_user(api, first_name="Later")
        assert api.get(f"/users/{later['id']}").status_code == 200

    page = get_page(own, "/snapshots")
    assert name in page.text("snapshot-table") and saved["created_at"] in page.text("snapshots")
    download = page.el(f"download-{name}")
    assert download.tag == "a" and download.attrs["download"] == f"{name}.json"
    exported = httpx.get(own.base_url + download.attrs["href"]).json()
    assert exported["format"] == "zoomstack-snapshot"

    restore = page.el(f"restore-{name}")
    assert restore.attrs["data-confirm"] and restore.attrs["data-post"] == (
        f"/_zoomstack/snapshots/{name}/restore"
    )
    assert press(own, restore).json()["status"] == "restored"
    # Tokens went with the restore: a new client, a new token.
    with own.api() as api:
        assert api.get(f"/users/{later['id']}").status_code == 404

    delete = get_page(own, "/snapshots").el(f"delete-snapshot-{name}")
    assert delete.attrs["data-confirm"] and delete.attrs["data-method"] == "DELETE"
    press(own, delete, expect=204)
    assert f"restore-{name}" not in get_page(own, "/snapshots").by_id

    # An empty name is the control API's default; a bad one is its 400.
    assert press(own, form, expect=201).json()["name"] == "default"
    httpx.delete(own.base_url + "/_zoomstack/snapshots/default")
    assert press(own, form, expect=400, name="no spaces").json()["errors"][0]["field"] == "name"
