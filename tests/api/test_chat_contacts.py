"""Chat contacts: a user's company contacts, one contact's details, the directory search."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import httpx

from support.schema import assert_matches_spec
from support.users import create_user

SPEC = "team-chat.json"


def _error(r: httpx.Response, status: int, code: int) -> dict[str, Any]:
    assert r.status_code == status, r.text
    body = dict(r.json())
    assert body["code"] == code, body
    return body


def _all_contacts(api: httpx.Client) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    params: dict[str, Any] = {"page_size": 50}
    while True:
        r = api.get("/chat/users/me/contacts", params=params)
        assert r.status_code == 200, r.text
        out.extend(r.json()["contacts"])
        token = r.json()["next_page_token"]
        if not token:
            return out
        params = {"page_size": 50, "next_page_token": token}


def test_user_contacts(api: httpx.Client, shared: Path) -> None:
    peer = create_user(api, first_name="Contact", last_name="Person")
    r = api.get("/chat/users/me/contacts", params={"page_size": 1})
    assert r.status_code == 200
    assert_matches_spec(shared, SPEC, "GET", "/chat/users/me/contacts", 200, r.json())
    contacts = _all_contacts(api)
    me = api.get("/users/me").json()
    assert peer["id"] in {c["id"] for c in contacts}
    assert me["id"] not in {c["id"] for c in contacts}
    external = api.get("/chat/users/me/contacts", params={"type": "external"}).json()
    assert external["contacts"] == []
    _error(api.get("/chat/users/me/contacts", params={"type": "bogus"}), 400, 300)

    entry = next(c for c in contacts if c["id"] == peer["id"])
    for ref in (peer["id"], peer["email"], entry["member_id"]):
        got = api.get(f"/chat/users/me/contacts/{ref}", params={"query_presence_status": "true"})
        assert got.status_code == 200, got.text
        assert_matches_spec(
            shared, SPEC, "GET", "/chat/users/me/contacts/{identifier}", 200, got.json()
        )
        assert got.json()["id"] == peer["id"] and got.json()["presence_status"] == "Available"
    body = _error(api.get("/chat/users/me/contacts/nobody@example.com"), 404, 1001)
    assert body["message"] == "User does not exist: nobody@example.com."


def test_search_company_contacts(api: httpx.Client, shared: Path) -> None:
    tag = uuid.uuid4().hex[:8]
    peer = create_user(api, first_name=f"Zed{tag}", last_name="Searchable")
    group = api.post("/im/groups", json={"name": f"dir-{tag}"}).json()
    api.post(f"/im/groups/{group['id']}/members", json={"members": [{"id": peer["id"]}]})
    r = api.get("/contacts", params={"search_key": f"zed{tag}", "query_presence_status": "true"})
    assert r.status_code == 200, r.text
    assert_matches_spec(shared, SPEC, "GET", "/contacts", 200, r.json())
    found = r.json()["contacts"]
    assert [c["id"] for c in found] == [peer["id"]]
    assert found[0]["im_group_id"] == group["id"] and found[0]["im_group_name"] == group["name"]
    assert found[0]["presence_status"] == "Available"
    # Default page size is 1.
    page = api.get("/contacts").json()
    assert len(page["contacts"]) == 1 and page["next_page_token"]
    none = api.get("/contacts", params={"search_key": f"zed{tag}", "user_status": "inactive"})
    assert none.json()["contacts"] == []
    _error(api.get("/contacts", params={"user_status": "bogus"}), 400, 300)
    api.delete(f"/im/groups/{group['id']}")
