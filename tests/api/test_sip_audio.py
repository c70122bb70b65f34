"""SIP Connected Audio: a master account's trunks, internal numbers and call-out countries, and
their assignment to a sub-account."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from support.auth import create_account, s2s_token
from support.schema import assert_matches_spec
from support.server import ACCOUNT_ID, ServerProcess

SPEC = "master-accounts/meetings.json"
BASE = "/accounts/{accountId}/sip_trunk"


@pytest.fixture()
def sub(server: ServerProcess) -> str:
    return create_account(
        server, master_account_id=ACCOUNT_ID, account_name=f"Sub {uuid.uuid4().hex[:6]}"
    ).id


@pytest.fixture()
def master_trunk(api: httpx.Client) -> Iterator[str]:
    """A trunk of the master account itself (the catalogue its sub-accounts draw from)."""
    trunk_id = uuid.uuid4().hex[:8]
    r = api.post(
        f"/accounts/{ACCOUNT_ID}/sip_trunk/trunks",
        json={"sip_trunks": [{"id": trunk_id, "dnis": "18888", "outbound_caller_id": "5550100"}]},
    )
    assert r.status_code == 201, r.text
    yield trunk_id
    api.delete(f"/accounts/{ACCOUNT_ID}/sip_trunk/trunks/{trunk_id}")


def test_trunks(api: httpx.Client, sub: str, master_trunk: str, shared: Path) -> None:
    r = api.get(f"/accounts/{sub}/sip_trunk/trunks")
    assert r.status_code == 200
    assert r.json() == {"total_records": 0, "sip_trunks": []}
    r = api.post(
        f"/accounts/{sub}/sip_trunk/trunks",
        json={"sip_trunks": [{"id": master_trunk, "dnis": "18888123"}]},
    )
    assert r.status_code == 201
    assert_matches_spec(shared, SPEC, "POST", f"{BASE}/trunks", 201, r.json())
    assert r.json()["sip_trunks"][0]["dnis"] == "18888123"
    r = api.get(f"/accounts/{sub}/sip_trunk/trunks")
    assert_matches_spec(shared, SPEC, "GET", f"{BASE}/trunks", 200, r.json())
    (trunk,) = r.json()["sip_trunks"]
    assert trunk["id"] == master_trunk and trunk["outbound_caller_id"] == "5550100"

    r = api.post(f"/accounts/{sub}/sip_trunk/trunks", json={"sip_trunks": [{"id": "nope"}]})
    assert r.status_code == 400 and r.json()["code"] == 300
    wrong_prefix = {"sip_trunks": [{"id": master_trunk, "dnis": "19999123"}]}
    r = api.post(f"/accounts/{sub}/sip_trunk/trunks", json=wrong_prefix)
    assert r.status_code == 400 and r.json()["code"] == 300
    assert api.delete(f"/accounts/{sub}/sip_trunk/trunks/{master_trunk}").status_code == 204
    r = api.delete(f"/accounts/{sub}/sip_trunk/trunks/{master_trunk}")
    assert r.status_code == 404
    assert r.json() == {"code": 2301, "message": f"SIP Trunk does not exist: {master_trunk}."}
    r = api.get("/accounts/NoSuchSubAccount0000001/sip_trunk/trunks")
    assert r.status_code == 404 and r.json()["code"] == 2001


def test_callout_countries(api: httpx.Client, sub: str, shared: Path) -> None:
    r = api.post(
        f"/accounts/{sub}/sip_trunk/callout_countries",
        json={"callout_countries": [{"id": "US"}, {"id": "DE"}]},
    )
    assert r.status_code == 201
    assert_matches_spec(shared, SPEC, "POST", f"{BASE}/callout_countries", 201, r.json())
    assert r.json()["callout_countries"][0] == {"code": "1", "id": "US", "name": "United States"}
    r = api.get(f"/accounts/{sub}/sip_trunk/callout_countries")
    assert r.status_code == 200
    assert_matches_spec(shared, SPEC, "GET", f"{BASE}/callout_countries", 200, r.json())
    assert [c["id"] for c in r.json()["callout_countries"]] == ["US", "DE"]
    assert r.json()["total_records"] == 2
    r = api.post(
        f"/accounts/{sub}/sip_trunk/callout_countries", json={"callout_countries": [{"id": "XX"}]}
    )
    assert r.status_code == 400 and r.json()["code"] == 300
    assert api.delete(f"/accounts/{sub}/sip_trunk/callout_countries/US").status_code == 204
    r = api.delete(f"/accounts/{sub}/sip_trunk/callout_countries/US")
    assert r.status_code == 404
    assert r.json() == {"code": 2302, "message": "Callout Country does not exist: US."}


def _numbers(api: httpx.Client, account: str, *numbers: str) -> list[str]:
    r = api.post(
        f"/accounts/{account}/sip_trunk/internal_numbers",
        json={
            "internal_numbers": [
                {
                    "country": "US",
                    "display_number": f"+{n}",
                    "labels": "HQ",
                    "languages": "en-US",
                    "number": n,
                    "type": 0,
                }
                for n in numbers
            ]
        },
    )
    assert r.status_code == 201, r.text
    return [str(x["id"]) for x in r.json()["internal_numbers"]]


def test_internal_numbers_and_assignment(
    api: httpx.Client, sub: str, master_trunk: str, shared: Path
) -> None:
    number = "1555" + uuid.uuid4().hex[:7].translate(str.maketrans("abcdef", "123456"))
    r = api.post(
        f"/accounts/{ACCOUNT_ID}/sip_trunk/internal_numbers",
        json={
            "internal_numbers": [
                {
                    "country": "US",
                    "display_number": f"+{number}",
                    "labels": "HQ",
                    "languages": "en-US",
                    "number": number,
                    "type": 0,
                }
            ]
        },
    )
    assert r.status_code == 201
    assert_matches_spec(shared, SPEC, "POST", f"{BASE}/internal_numbers", 201, r.json())
    (nid,) = [x["id"] for x in r.json()["internal_numbers"]]
    assert number in [n["number"] for n in api.get("/sip_trunk/numbers").json()["phone_numbers"]]
    r = api.get("/sip_trunk/numbers")
    assert_matches_spec(shared, SPEC, "GET", "/sip_trunk/numbers", 200, r.json())

    # Numbers go only to a sub-account with a SIP trunk plan.
    r = api.post(f"/accounts/{sub}/sip_trunk/numbers", json={"phone_numbers": [number]})
    assert r.status_code == 400
    assert r.json() == {"code": 2100, "message": "This subaccount has no SIP trunk plan."}
    api.post(f"/accounts/{sub}/sip_trunk/trunks", json={"sip_trunks": [{"id": master_trunk}]})
    r = api.post(f"/accounts/{sub}/sip_trunk/numbers", json={"phone_numbers": ["999"]})
    assert r.status_code == 400 and r.json()["code"] == 400
    r = api.post(f"/accounts/{sub}/sip_trunk/numbers", json={"phone_numbers": [number]})
    assert r.status_code == 201

    r = api.get(f"/accounts/{ACCOUNT_ID}/sip_trunk/internal_numbers", params={"page_size": 300})
    assert r.status_code == 200
    assert_matches_spec(shared, SPEC, "GET", f"{BASE}/internal_numbers", 200, r.json())
    (mine,) = [n for n in r.json()["internal_numbers"] if n["id"] == nid]
    assert [a["id"] for a in mine["assigned_accounts"]] == [sub]

    assert api.delete(f"/accounts/{sub}/sip_trunk/numbers").status_code == 204
    r = api.get(f"/accounts/{ACCOUNT_ID}/sip_trunk/internal_numbers", params={"page_size": 300})
    (mine,) = [n for n in r.json()["internal_numbers"] if n["id"] == nid]
    assert mine["assigned_accounts"] == []

    path = f"/accounts/{ACCOUNT_ID}/sip_trunk/internal_numbers/{nid}"
    assert api.patch(path, json={"labels": "Branch"}).status_code == 204
    assert api.delete(path).status_code == 204
    r = api.delete(path)
    assert r.status_code == 404
    assert r.json() == {"code": 2303, "message": f"Internal Number does not exist: {nid}."}

    # Sub-account numbers of its own.
    (own,) = _numbers(api, sub, "15550000001")
    r = api.get(f"/accounts/{sub}/sip_trunk/internal_numbers")
    assert [n["id"] for n in r.json()["internal_numbers"]] == [own]
    assert r.json()["total_records"] == 1


def test_trunk_settings(api: httpx.Client, sub: str) -> None:
    r = api.patch(
        f"/accounts/{sub}/sip_trunk/settings",
        json={"show_callout_internal_number": True, "show_zoom_provided_numbers": 2},
    )
    assert r.status_code == 204
    r = api.get(f"/accounts/{sub}/sip_trunk/settings")
    assert r.status_code == 200
    assert r.json()["show_callout_internal_number"] is True
    assert r.json()["show_zoom_provided_numbers"] == 2
    r = api.patch(f"/accounts/{sub}/sip_trunk/settings", json={"show_zoom_provided_numbers": 7})
    assert r.status_code == 400 and r.json()["code"] == 300


def test_only_master_accounts(server: ServerProcess) -> None:
    plain = create_account(server, account_name="Standalone")
    token = s2s_token(server, plain.client_id, plain.client_secret, plain.id)
    with server.api(token) as client:
        r = client.get(f"/accounts/{plain.id}/sip_trunk/trunks")
    assert r.status_code == 400 and r.json()["code"] == 300
    assert "not a master account" in r.json()["message"]
