"""Accounts: sub accounts of the (master) developer account, options, owner, domains."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx

from support import auth
from support.schema import assert_event_matches_spec, assert_matches_spec
from support.server import ServerProcess
from support.users import events_since, new_email, outbox_mark

MASTER = "master-accounts/accounts.json"
SPEC = "accounts.json"


def new_sub_account(api: httpx.Client, **extra: Any) -> dict[str, Any]:
    body = {
        "first_name": "Sub",
        "last_name": "Owner",
        "email": new_email("sub"),
        "password": "Str0ngPassw0rd",
        "account_name": "Sub Co",
        **extra,
    }
    r = api.post("/accounts", json=body)
    assert r.status_code == 201, r.text
    return dict(r.json())


def test_sub_account_lifecycle(api: httpx.Client, shared: Path, server: ServerProcess) -> None:
    mark = outbox_mark(server)
    created = new_sub_account(api, options={"share_rc": True, "pay_mode": "sub"})
    assert_matches_spec(shared, MASTER, "POST", "/accounts", 201, created)
    sub = created["id"]
    event = events_since(server, mark, "account.created", sub)[0]
    assert_event_matches_spec(shared, "accounts.json", event)
    assert event["payload"]["object"]["owner_id"] == created["owner_id"]

    r = api.get(f"/accounts/{sub}")
    assert r.status_code == 200
    got = r.json()
    assert_matches_spec(shared, MASTER, "GET", "/accounts/{accountId}", 200, got)
    assert got["account_name"] == "Sub Co" and got["owner_email"] == created["owner_email"]
    assert got["options"]["share_rc"] is True and got["options"]["pay_mode"] == "sub"
    assert got["account_type"] == "Free"

    r = api.get("/accounts", params={"page_size": 300})
    assert r.status_code == 200
    assert_matches_spec(shared, MASTER, "GET", "/accounts", 200, r.json())
    assert sub in [a["id"] for a in r.json()["accounts"]]
    r = api.get("/accounts", params={"email": created["owner_email"]})
    assert [a["id"] for a in r.json()["accounts"]] == [sub]

    r = api.patch(f"/accounts/{sub}/options", json={"share_mc": True, "billing_auto_renew": True})
    assert r.status_code in (200, 204), r.text
    options = api.get(f"/accounts/{sub}").json()["options"]
    assert options["share_mc"] is True and options["share_rc"] is True

    mark = outbox_mark(server)
    assert api.delete(f"/accounts/{sub}").status_code == 204
    event = events_since(server, mark, "account.disassociated", sub)[0]
    assert_event_matches_spec(shared, "accounts.json", event)
    r = api.get(f"/accounts/{sub}")
    assert r.status_code == 404
    assert r.json() == {"code": 2001, "message": f"Account does not exist: {sub}."}


def test_sub_account_errors(api: httpx.Client) -> None:
    created = new_sub_account(api)
    r = api.post(
        "/accounts",
        json={
            "first_name": "A",
            "last_name": "B",
            "email": created["owner_email"],
            "password": "Str0ngPassw0rd",
        },
    )
    assert r.status_code in (400, 409) and r.json()["code"] in (1005, 1009)
    r = api.post("/accounts", json={"first_name": "A", "last_name": "B"})
    assert r.status_code == 400 and r.json()["code"] == 300
    for method in ("GET", "DELETE"):
        r = api.request(method, "/accounts/nope123")
        assert r.status_code == 404 and r.json()["code"] == 2001
    r = api.patch("/accounts/nope123/options", json={"share_mc": True})
    assert r.status_code == 404 and r.json()["code"] == 2001


def test_non_master_account_cannot_manage_sub_accounts(server: ServerProcess) -> None:
    account = auth.create_account(server)
    with auth.client(server, auth.account_token(server, account)) as other:
        r = other.get("/accounts")
        assert r.status_code in (400, 403)
        assert r.json()["code"] == 200
        # ... but it still reads its own settings through "me".
        assert other.get("/accounts/me/settings").status_code == 200


def test_sub_account_data_through_master_mirror(api: httpx.Client) -> None:
    sub = new_sub_account(api)["id"]
    r = api.get(f"/accounts/{sub}/users")
    assert r.status_code == 200
    assert [u["id"] for u in r.json()["users"]] == [new_owner_id(api, sub)]
    mine = api.get("/accounts/me/settings").json()["in_meeting"]["chat"]
    r = api.patch(f"/accounts/{sub}/settings", json={"in_meeting": {"chat": not mine}})
    assert r.status_code == 204, r.text
    assert api.get(f"/accounts/{sub}/settings").json()["in_meeting"]["chat"] is (not mine)
    assert api.get("/accounts/me/settings").json()["in_meeting"]["chat"] is mine


def new_owner_id(api: httpx.Client, sub: str) -> str:
    return str(api.get(f"/accounts/{sub}").json()["owner_id"])


def test_change_owner(api: httpx.Client, server: ServerProcess) -> None:
    account = auth.create_account(server)
    with auth.client(server, auth.account_token(server, account)) as other:
        member = other.post(
            "/users",
            json={"action": "custCreate", "user_info": {"email": new_email(), "type": 1}},
        ).json()
        r = other.put("/accounts/me/owner", json={"email": member["email"]})
        assert r.status_code == 400 and r.json()["code"] == 200
        admin = other.post(
            "/users", json={"action": "create", "user_info": {"email": new_email(), "type": 1}}
        ).json()
        assert other.patch(f"/users/{admin['id']}", json={}).status_code in (204, 400)
        roles = other.get("/roles").json()["roles"]
        assert any(r["id"] == "1" for r in roles)
        r = other.post("/roles/1/members", json={"members": [{"id": admin["id"]}]})
        assert r.status_code == 201, r.text
        r = other.put("/accounts/me/owner", json={"email": admin["email"]})
        assert r.status_code == 204, r.text
        assert other.get(f"/users/{admin['id']}").json()["role_id"] == "0"
        assert other.get(f"/users/{account.owner_id}").json()["role_id"] == "1"
        r = other.put("/accounts/me/owner", json={"email": new_email()})
        assert r.status_code == 400 and r.json()["code"] == 200


def test_managed_and_trusted_domains(api: httpx.Client, shared: Path) -> None:
    r = api.get("/accounts/me/managed_domains")
    assert r.status_code == 200
    assert_matches_spec(shared, SPEC, "GET", "/accounts/{accountId}/managed_domains", 200, r.json())
    assert r.json()["total_records"] == len(r.json()["domains"])
    r = api.get("/accounts/me/trusted_domains")
    assert r.status_code == 200
    assert_matches_spec(shared, SPEC, "GET", "/accounts/{accountId}/trusted_domains", 200, r.json())
    for path in ("managed_domains", "trusted_domains"):
        r = api.get(f"/accounts/nope123/{path}")
        assert r.status_code == 404 and r.json()["code"] == 2001
