"""Zoom Phone account level: setup, settings, company number, SIP trunks, setting templates."""

from __future__ import annotations

import uuid
from pathlib import Path

import httpx

from support.schema import assert_matches_spec
from support.server import ACCOUNT_ID

SPEC = "phone.json"
LEGACY = "legacy/zoom-api-2021.json"


def test_setup_through_master_path(api: httpx.Client) -> None:
    body = {
        "extension_number": "800",
        "emergency_address": {"country": "US", "address_line1": "1 Main St", "city": "Austin"},
    }
    r = api.post(f"/accounts/{ACCOUNT_ID}/phone/setup", json=body)
    assert r.status_code == 201, r.text
    bad = {**body, "emergency_address": {"country": "123", "address_line1": "x"}}
    r = api.post(f"/accounts/{ACCOUNT_ID}/phone/setup", json=bad)
    assert r.status_code == 400 and r.json()["code"] == 300
    r = api.post(f"/accounts/{ACCOUNT_ID}/phone/setup", json={"extension_number": "800"})
    assert r.status_code == 400 and r.json()["code"] == 300


def test_sip_trunks(api: httpx.Client, shared: Path) -> None:
    trunk_id = uuid.uuid4().hex[:12]
    r = api.post(
        f"/accounts/{ACCOUNT_ID}/phone/sip_trunk/trunks",
        json={"sip_trunks": [{"id": trunk_id, "name": "Trunk A", "carrier_account": "c-1"}]},
    )
    assert r.status_code == 201, r.text
    assert_matches_spec(
        shared, LEGACY, "POST", "/accounts/{accountId}/phone/sip_trunk/trunks", 201, r.json()
    )
    r = api.patch(
        f"/accounts/{ACCOUNT_ID}/phone/sip_trunk/trunks/{trunk_id}", json={"name": "Trunk B"}
    )
    assert r.status_code == 204
    r = api.get("/phone/sip_trunk/trunks", params={"page_size": 300})
    assert r.status_code == 200
    assert_matches_spec(shared, SPEC, "GET", "/phone/sip_trunk/trunks", 200, r.json())
    names = {t["id"]: t["name"] for t in r.json()["byoc_sip_trunk"]}
    assert names[trunk_id] == "Trunk B"
    r = api.patch(f"/accounts/{ACCOUNT_ID}/phone/sip_trunk/trunks/nope", json={"name": "x"})
    assert r.status_code == 404
    assert r.json() == {"code": 404, "message": "Sip trunk does not exist: nope."}


def test_phone_settings(api: httpx.Client) -> None:
    r = api.patch("/phone/settings", json={"show_device_ip_for_call_log": {"enable": True}})
    assert r.status_code == 204
    site = api.post(
        "/phone/sites",
        json={
            "name": f"s-{uuid.uuid4().hex[:6]}",
            "auto_receptionist_name": "AR",
            "default_emergency_address": {
                "address_line1": "1 Main St",
                "city": "Austin",
                "country": "US",
                "state_code": "TX",
                "zip": "73301",
            },
        },
    ).json()
    r = api.patch("/phone/settings", json={"multiple_sites": {"enabled": False}})
    assert r.status_code == 412
    assert r.json() == {
        "code": 412,
        "message": "Disable multiple sites after deleting other sites.",
    }
    main = api.get("/phone/sites").json()["sites"][0]
    api.delete(f"/phone/sites/{site['id']}", params={"transfer_site_id": main["id"]})


def test_company_number(api: httpx.Client) -> None:
    numbers = api.get("/phone/numbers", params={"type": "unassigned", "page_size": 300}).json()
    number = numbers["phone_numbers"][0]
    assert (
        api.put("/phone/company_number", json={"phone_number": number["number"]}).status_code == 204
    )
    r = api.put("/phone/company_number", json={"phone_number": "+10000000000"})
    assert r.status_code == 404
    assert r.json() == {
        "code": 404,
        "message": "phoneNumber does not exist, phonenumberId:+10000000000.",
    }


def test_setting_templates(api: httpx.Client, shared: Path) -> None:
    r = api.post(
        "/phone/setting_templates",
        json={"name": "Sales template", "type": "user", "description": "for sales"},
    )
    assert r.status_code == 201, r.text
    assert_matches_spec(shared, SPEC, "POST", "/phone/setting_templates", 201, r.json())
    tid = r.json()["id"]
    r = api.patch(
        f"/phone/setting_templates/{tid}",
        json={"name": "Renamed", "profile": {"area_code": "415"}},
    )
    assert r.status_code == 204
    r = api.get(f"/phone/setting_templates/{tid}")
    assert r.status_code == 200
    assert_matches_spec(shared, SPEC, "GET", "/phone/setting_templates/{templateId}", 200, r.json())
    assert r.json()["name"] == "Renamed" and r.json()["profile"] == {"area_code": "415"}
    r = api.get("/phone/setting_templates", params={"page_size": 300})
    assert r.status_code == 200
    assert_matches_spec(shared, SPEC, "GET", "/phone/setting_templates", 200, r.json())
    assert tid in {t["id"] for t in r.json()["templates"]}
    r = api.post("/phone/setting_templates", json={"name": "x", "type": "robot"})
    assert r.status_code == 400 and r.json()["code"] == 300
    r = api.get("/phone/setting_templates/nope")
    assert r.status_code == 404
    assert r.json() == {"code": 15001, "message": "Settings template does not exist: nope."}
