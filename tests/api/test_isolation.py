"""Account isolation, property-based: no token ever reads or changes another account's
resource. Several accounts get users, meetings, webinars and cloud recordings (when those areas
exist); random (attacker token, victim resource, operation) triples must answer Zoom's not-found
errors (or a scope error), never the victim's data, and every attempted change leaves the
victim as it was.

Accounts: the dev account M (a master account) with a sub-account S, a standalone account C,
and a second master account N with its own sub-account T. Only M may act in S through
/accounts/{accountId}/... (the positive control); every other pairing is an attack.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from support.auth import (
    USER_PASSWORD,
    Account,
    account_token,
    client,
    create_account,
    create_app,
    create_user,
    user_tokens,
)
from support.server import ACCOUNT_ID, ServerProcess


@dataclass
class Resources:
    account_id: str
    marker: str
    users: list[dict[str, Any]] = field(default_factory=list)
    meetings: list[dict[str, Any]] = field(default_factory=list)
    webinars: list[dict[str, Any]] = field(default_factory=list)
    # A meeting that was held and cloud-recorded (via the simulator), and its recording files.
    recorded: dict[str, Any] | None = None
    recording_files: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class World:
    tokens: dict[str, str]  # attacker name -> token
    token_account: dict[str, str]  # attacker name -> its account
    resources: dict[str, Resources]  # account name -> what it holds
    owner_tokens: dict[str, str]  # account name -> a token of that account, for checks
    subs: dict[str, str]  # sub-account id -> master account id
    implemented: set[tuple[str, str]]


def _record(server: ServerProcess, token: str, res: Resources) -> None:
    """Hold the first meeting in the past ten minutes, cloud-recorded, through the simulator."""
    meeting = res.meetings[0]
    with server.control() as control:
        now_ms = int(control.get("/clock").json()["now_ms"])
        for minutes_ago, action, body in (
            (10, "start", {}),
            (9, "recording", {"action": "start"}),
            (3, "recording", {"action": "stop"}),
            (2, "end", {}),
        ):
            r = control.post(
                f"/sim/meetings/{meeting['id']}/{action}",
                json={**body, "at": now_ms - minutes_ago * 60_000},
            )
            if r.status_code >= 300:
                return
    with client(server, token) as api:
        r = api.get(f"/meetings/{meeting['id']}/recordings")
    files = [f for f in r.json().get("recording_files", []) if f.get("id")]
    if r.status_code == 200 and files:
        res.recorded = meeting
        res.recording_files = files


def _populate(
    server: ServerProcess, token: str, account_id: str, webinars: bool, recordings: bool
) -> Resources:
    marker = "Victim" + uuid.uuid4().hex[:8]
    res = Resources(account_id, marker)
    with client(server, token) as api:
        owner = api.get("/users/me").json()
        res.users.append(owner)
        for _ in range(2):
            user = create_user(server, token)
            r = api.patch(f"/users/{user['id']}", json={"first_name": marker})
            assert r.status_code == 204, r.text
            res.users.append(api.get(f"/users/{user['id']}").json())
        for user in res.users:
            r = api.post(f"/users/{user['id']}/meetings", json={"topic": f"{marker} sync"})
            assert r.status_code == 201, r.text
            res.meetings.append(r.json())
        if webinars:
            r = api.post(f"/users/{owner['id']}/webinars", json={"topic": f"{marker} webinar"})
            if r.status_code == 201:
                res.webinars.append(r.json())
    if recordings:
        _record(server, token, res)
    return res


@pytest.fixture(scope="module")
def world(server: ServerProcess, token: str) -> World:
    with server.control() as control:
        ops = control.get("/ops").json()["operations"]
    implemented = {(o["method"], o["path"][3:]) for o in ops if o["implemented"]}
    if ("POST", "/users/{userId}/meetings") not in implemented:
        pytest.skip("meetings are not implemented")
    webinars = ("POST", "/users/{userId}/webinars") in implemented
    recordings = ("GET", "/meetings/{meetingId}/recordings") in implemented
    sub = create_account(server, master_account_id=ACCOUNT_ID, account_name="Sub S")
    standalone = create_account(server, account_name="Standalone C")
    other_master = create_account(server, is_master=True, account_name="Master N")
    other_sub = create_account(server, master_account_id=other_master.id, account_name="Sub T")
    accounts: dict[str, Account | None] = {
        "M": None,
        "S": sub,
        "C": standalone,
        "N": other_master,
        "T": other_sub,
    }
    owner_tokens = {
        name: (token if acct is None else account_token(server, acct))
        for name, acct in accounts.items()
    }
    resources = {
        name: _populate(
            server,
            owner_tokens[name],
            ACCOUNT_ID if acct is None else acct.id,
            webinars,
            recordings,
        )
        for name, acct in accounts.items()
    }
    tokens = dict(owner_tokens)
    token_account = {name: resources[name].account_id for name in accounts}
    # User-level and admin-managed OAuth tokens of account C, with every scope they can hold.
    member = resources["C"].users[1]
    user_app = create_app(server, type="user", account_id=standalone.id)
    tokens["C-user"] = user_tokens(server, user_app, member["email"], USER_PASSWORD)["access_token"]
    admin_app = create_app(server, type="account", account_id=standalone.id)
    tokens["C-admin"] = user_tokens(
        server, admin_app, standalone.owner_email, standalone.owner_password
    )["access_token"]
    token_account["C-user"] = token_account["C-admin"] = standalone.id
    return World(
        tokens=tokens,
        token_account=token_account,
        resources=resources,
        owner_tokens=owner_tokens,
        subs={sub.id: ACCOUNT_ID, other_sub.id: other_master.id},
        implemented=implemented,
    )


# (method, catalog path, body); placeholders: {user} {email} {meeting} {webinar} {account}.
OPERATIONS: list[tuple[str, str, dict[str, Any] | None]] = [
    ("GET", "/users/{userId}", None),
    ("GET", "/users/{email}", None),
    ("PATCH", "/users/{userId}", {"first_name": "Pwned"}),
    ("DELETE", "/users/{userId}", None),
    ("PUT", "/users/{userId}/status", {"action": "deactivate"}),
    ("GET", "/users/{userId}/settings", None),
    ("PATCH", "/users/{userId}/settings", {"schedule_meeting": {"host_video": True}}),
    ("GET", "/users/{userId}/meetings", None),
    ("POST", "/users/{userId}/meetings", {"topic": "Pwned"}),
    ("GET", "/users/{userId}/assistants", None),
    ("GET", "/users/{userId}/webinars", None),
    ("GET", "/meetings/{meetingId}", None),
    ("PATCH", "/meetings/{meetingId}", {"topic": "Pwned"}),
    ("DELETE", "/meetings/{meetingId}", None),
    ("PUT", "/meetings/{meetingId}/status", {"action": "end"}),
    ("GET", "/meetings/{meetingId}/invitation", None),
    ("GET", "/meetings/{meetingId}/registrants", None),
    (
        "POST",
        "/meetings/{meetingId}/registrants",
        {"email": "spy@example.com", "first_name": "Spy"},
    ),
    ("GET", "/meetings/{meetingId}/polls", None),
    ("GET", "/webinars/{webinarId}", None),
    ("PATCH", "/webinars/{webinarId}", {"topic": "Pwned"}),
    ("DELETE", "/webinars/{webinarId}", None),
    ("GET", "/webinars/{webinarId}/registrants", None),
    ("GET", "/meetings/{recorded}/recordings", None),
    ("DELETE", "/meetings/{recorded}/recordings", None),
    ("DELETE", "/meetings/{recorded}/recordings/{recordingId}", None),
    ("PUT", "/meetings/{recorded}/recordings/status", {"action": "recover"}),
    ("GET", "/users/{userId}/recordings", None),
    # The master-account form, naming the victim's account.
    ("GET", "/accounts/{accountId}/users", None),
    ("GET", "/accounts/{accountId}/users/{userId}", None),
    ("PATCH", "/accounts/{accountId}/users/{userId}", {"first_name": "Pwned"}),
    ("GET", "/accounts/{accountId}/users/{userId}/meetings", None),
    ("GET", "/accounts/{accountId}/meetings/{meetingId}", None),
    ("DELETE", "/accounts/{accountId}/meetings/{meetingId}", None),
    ("GET", "/accounts/{accountId}/webinars/{webinarId}", None),
]


def _catalog_path(path: str) -> str:
    return path.replace("{email}", "{userId}").replace("{recorded}", "{meetingId}")


def _allowed(world: World, attacker: str, victim: str, path: str) -> bool:
    """The one legitimate cross-account pairing: a master token in its own sub-account."""
    master = world.subs.get(world.resources[victim].account_id)
    return (
        path.startswith("/accounts/")
        and master == world.token_account[attacker]
        and attacker in world.owner_tokens
    )


def _leaks(body: str, res: Resources, sent: str) -> list[str]:
    """Victim data in an answer: its marker, or identifiers the request did not name."""
    found = [res.marker] if res.marker in body else []
    for user in res.users:
        for value in (user["id"], user["email"]):
            if value in body and value not in sent:
                found.append(value)
    for meeting in res.meetings:
        if meeting["uuid"] in body:
            found.append(meeting["uuid"])
    for file in res.recording_files:
        if file["id"] in body and file["id"] not in sent:
            found.append(file["id"])
    return found


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)
@given(data=st.data())
def test_no_token_reaches_another_account(
    server: ServerProcess, world: World, data: st.DataObject
) -> None:
    attacker = data.draw(st.sampled_from(sorted(world.tokens)), label="attacker")
    own = world.token_account[attacker]
    victims = [n for n, r in world.resources.items() if r.account_id != own]
    victim = data.draw(st.sampled_from(victims), label="victim")
    res = world.resources[victim]
    method, path, body = data.draw(st.sampled_from(OPERATIONS), label="operation")
    assume((method, _catalog_path(path)) in world.implemented)
    assume("{webinarId}" not in path or bool(res.webinars))
    assume("{recorded}" not in path or res.recorded is not None)
    assume(not _allowed(world, attacker, victim, path))
    user = data.draw(st.sampled_from(res.users), label="user")
    meeting = data.draw(st.sampled_from(res.meetings), label="meeting")
    values = {
        "{userId}": user["id"],
        "{email}": user["email"],
        "{meetingId}": str(meeting["id"]),
        "{webinarId}": str(res.webinars[0]["id"]) if res.webinars else "",
        "{accountId}": res.account_id,
        "{recorded}": str(res.recorded["id"]) if res.recorded else "",
        "{recordingId}": str(res.recording_files[0]["id"]) if res.recording_files else "",
    }
    url = path
    for key, value in values.items():
        url = url.replace(key, value)
    with client(server, world.tokens[attacker]) as api:
        r = api.request(method, url, json=body)
    note = f"{attacker} -> {victim}: {method} {url} -> {r.status_code} {r.text[:300]}"
    assert r.status_code in (400, 404), note
    answer = r.json()
    assert set(answer) <= {"code", "message", "errors"}, note
    if r.status_code == 400:
        assert answer["code"] == 4711, note  # a user-level token missing a scope
    assert not _leaks(r.text, res, url + (str(body) if body else "")), note
    if method != "GET":
        _assert_unchanged(server, world, victim, user, meeting)


def _assert_unchanged(
    server: ServerProcess, world: World, victim: str, user: dict[str, Any], meeting: dict[str, Any]
) -> None:
    res = world.resources[victim]
    with client(server, world.owner_tokens[victim]) as api:
        r = api.get(f"/users/{user['id']}")
        assert r.status_code == 200, r.text
        assert (r.json()["first_name"], r.json()["status"]) == (user["first_name"], "active")
        r = api.get(f"/meetings/{meeting['id']}")
        assert r.status_code == 200 and r.json()["topic"] == meeting["topic"], r.text
        for webinar in res.webinars:
            r = api.get(f"/webinars/{webinar['id']}")
            assert r.status_code == 200 and r.json()["topic"] == webinar["topic"], r.text
        if res.recorded is not None:
            r = api.get(f"/meetings/{res.recorded['id']}/recordings")
            assert r.status_code == 200, r.text
            files = {f.get("id") for f in r.json()["recording_files"]}
            assert files >= {f["id"] for f in res.recording_files}


def test_lists_never_include_other_accounts(server: ServerProcess, world: World) -> None:
    for attacker, tok in world.tokens.items():
        own = world.token_account[attacker]
        with client(server, tok) as api:
            users = api.get("/users", params={"page_size": 300})
            meetings = api.get("/users/me/meetings", params={"page_size": 300})
        for name, res in world.resources.items():
            if res.account_id == own:
                continue
            for answer in (users, meetings):
                assert not _leaks(answer.text, res, ""), (attacker, name)


def test_master_acts_in_its_sub_account_only(server: ServerProcess, world: World) -> None:
    sub = world.resources["S"]
    with client(server, world.tokens["M"]) as api:
        r = api.get(f"/accounts/{sub.account_id}/users/{sub.users[1]['id']}")
        assert r.status_code == 200 and r.json()["first_name"] == sub.marker
        r = api.get(f"/accounts/{sub.account_id}/meetings/{sub.meetings[0]['id']}")
        assert r.status_code == 200 and r.json()["topic"] == sub.meetings[0]["topic"]
        # Its own sub-account's resources still need the /accounts/{accountId} form.
        r = api.get(f"/users/{sub.users[1]['id']}")
        assert r.status_code == 404
    other_sub = world.resources["T"]
    for attacker in ("M", "C", "S"):
        with client(server, world.tokens[attacker]) as api:
            r = api.get(f"/accounts/{other_sub.account_id}/users")
            assert r.status_code == 404
            assert r.json() == {
                "code": 2001,
                "message": f"Account does not exist: {other_sub.account_id}.",
            }


def test_me_names_the_callers_own_account(server: ServerProcess, world: World) -> None:
    # The master-account form with "me" runs in the token's own account, never another one.
    own = world.resources["M"]
    with client(server, world.tokens["M"]) as api:
        r = api.get(f"/accounts/me/users/{own.users[1]['id']}")
        assert r.status_code == 200, r.text
        assert r.json()["first_name"] == own.marker
        sub = world.resources["S"]
        assert api.get(f"/accounts/me/users/{sub.users[1]['id']}").status_code == 404


def test_plain_http_client_cannot_guess_its_way_in(server: ServerProcess, world: World) -> None:
    victim = world.resources["C"]
    r = httpx.get(server.base_url + f"/v2/users/{victim.users[0]['id']}")
    assert r.status_code == 401
