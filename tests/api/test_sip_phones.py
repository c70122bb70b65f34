"""SIP phones (/sip_phones/phones): CRUD through zoomstack.crud with token-only pagination."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from support.schema import assert_matches_spec


def _phone(email: str, **extra: Any) -> dict[str, Any]:
    return {
        "user_email": email,
        "user_name": "sip-user",
        "authorization_name": "sip-auth",
        "domain": "sip.example.com",
        "password": "s3cret",
        "server": {
            "proxy_server": "proxy.example.com",
            "register_server": "reg.example.com",
            "transport_protocol": "TLS",
        },
        **extra,
    }


def _clear(api: httpx.Client, email: str) -> None:
    for p in api.get("/sip_phones/phones", params={"search_key": email, "page_size": 300}).json()[
        "phones"
    ]:
        if p["user_email"].lower() == email.lower():
            api.delete(f"/sip_phones/phones/{p['phone_id']}")


@pytest.fixture()
def email(api: httpx.Client) -> Iterator[str]:
    """A user's email without a SIP phone (a fresh user when POST /users is available)."""
    addr = f"sip-{uuid.uuid4().hex[:10]}@example.com"
    r = api.post("/users", json={"action": "custCreate", "user_info": {"email": addr, "type": 2}})
    if r.status_code != 201:
        addr = api.get("/users/me").json()["email"]
    _clear(api, addr)
    yield addr
    _clear(api, addr)


def test_sip_phone_lifecycle(api: httpx.Client, email: str, shared: Path) -> None:
    r = api.post("/sip_phones/phones", json=_phone(email, display_number="+1 555 0100"))
    assert r.status_code == 201
    created = r.json()
    assert_matches_spec(shared, "meetings.json", "POST", "/sip_phones/phones", 201, created)
    assert created["user_email"] == email
    assert created["registration_expire_time"] == 60
    assert created["server"]["transport_protocol"] == "TLS"
    pid = created["phone_id"]

    r = api.patch(
        f"/sip_phones/phones/{pid}",
        json={"domain": "sip2.example.com", "server": {"transport_protocol": "UDP"}},
    )
    assert r.status_code == 204 and r.content == b""

    r = api.get("/sip_phones/phones", params={"search_key": email})
    assert r.status_code == 200
    body = r.json()
    assert_matches_spec(shared, "meetings.json", "GET", "/sip_phones/phones", 200, body)
    assert set(body) == {"next_page_token", "page_size", "phones"}
    (phone,) = body["phones"]
    assert phone["phone_id"] == pid and phone["domain"] == "sip2.example.com"
    # Nested objects merge on PATCH.
    assert phone["server"] == {
        "proxy_server": "proxy.example.com",
        "register_server": "reg.example.com",
        "transport_protocol": "UDP",
    }

    assert api.delete(f"/sip_phones/phones/{pid}").status_code == 204
    assert api.get("/sip_phones/phones", params={"search_key": email}).json()["phones"] == []


def test_one_phone_per_email(api: httpx.Client, email: str) -> None:
    assert api.post("/sip_phones/phones", json=_phone(email)).status_code == 201
    r = api.post("/sip_phones/phones", json=_phone(email.upper()))
    assert r.status_code == 400
    assert r.json() == {"code": 300, "message": "SIP phone with the same email already exists."}


def test_unknown_user_email(api: httpx.Client) -> None:
    r = api.post("/sip_phones/phones", json=_phone("ghost@example.com"))
    assert r.status_code == 404
    assert r.json() == {
        "code": 1001,
        "message": "User ghost@example.com not exist or not belong to this account.",
    }


def test_unknown_phone(api: httpx.Client) -> None:
    for method, body in (("PATCH", {"domain": "x"}), ("DELETE", None)):
        r = api.request(method, "/sip_phones/phones/nope", json=body)
        assert r.status_code == 404
        assert r.json() == {"code": 2305, "message": "SIP phone does not exist: nope."}


def test_body_validation(api: httpx.Client, email: str) -> None:
    r = api.post("/sip_phones/phones", json={"user_email": email})
    assert r.status_code == 400
    fields = {e["field"] for e in r.json()["errors"]}
    assert {"authorization_name", "domain", "password", "server", "user_name"} <= fields
    bad = _phone(email, registration_expire_time=500)
    bad["server"]["transport_protocol"] = "SCTP"
    r = api.post("/sip_phones/phones", json=bad)
    assert r.status_code == 400
    assert r.json()["code"] == 300
    assert {e["field"] for e in r.json()["errors"]} == {
        "registration_expire_time",
        "server.transport_protocol",
    }


def test_token_pagination(api: httpx.Client, email: str) -> None:
    pid = api.post("/sip_phones/phones", json=_phone(email)).json()["phone_id"]
    seen: list[str] = []
    token = ""
    while True:
        params: dict[str, Any] = {"page_size": 1}
        if token:
            params["next_page_token"] = token
        body = api.get("/sip_phones/phones", params=params).json()
        assert body["page_size"] == 1 and len(body["phones"]) <= 1
        seen += [p["phone_id"] for p in body["phones"]]
        token = body["next_page_token"]
        if not token:
            break
    assert pid in seen and len(seen) == len(set(seen))
    r = api.get("/sip_phones/phones", params={"next_page_token": "garbage"})
    assert r.status_code == 400
    assert r.json()["message"] == "The next page token is invalid or expired."
