"""Billing (legacy master-account APIs): billing contact, plans, add-ons, usage, invoices."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx

from support.schema import assert_matches_spec
from support.users import new_email

V2018 = "legacy/zoom-api-v2-2018.json"
V2021 = "legacy/zoom-api-2021.json"
CONTACT = {
    "first_name": "Bill",
    "last_name": "Payer",
    "email": "billing@example.com",
    "phone_number": "+1 555 0100",
    "address": "1 Main St",
    "city": "San Jose",
    "state": "CA",
    "zip": "95113",
    "country": "US",
}


def _sub(api: httpx.Client) -> str:
    body = {
        "first_name": "Sub",
        "last_name": "Owner",
        "email": new_email("bill"),
        "password": "Str0ngPassw0rd",
    }
    r = api.post("/accounts", json=body)
    assert r.status_code == 201, r.text
    return str(r.json()["id"])


def _subscribe(api: httpx.Client, sub: str, **extra: Any) -> httpx.Response:
    body = {"contact": CONTACT, "plan_base": {"type": "monthly", "hosts": 3}, **extra}
    return api.post(f"/accounts/{sub}/plans", json=body)


def test_dev_account_is_on_business_plan(api: httpx.Client, shared: Path) -> None:
    r = api.get("/accounts/me/plans")
    assert r.status_code == 200
    assert_matches_spec(shared, V2018, "GET", "/accounts/{accountId}/plans", 200, r.json())
    assert r.json()["plan_base"]["type"].startswith("business")
    r = api.get("/accounts/me/plans/usage")
    assert r.status_code == 200
    assert_matches_spec(shared, V2021, "GET", "/accounts/{accountId}/plans/usage", 200, r.json())
    assert r.json()["plan_base"][0]["usage"] >= 1

    r = api.get("/accounts/me/billing/invoices")
    assert r.status_code == 200
    body = r.json()
    assert_matches_spec(shared, V2021, "GET", "/accounts/{accountId}/billing/invoices", 200, body)
    invoice_id = body["invoices"][0]["id"]
    r = api.get(f"/accounts/me/billing/invoices/{invoice_id}")
    assert r.status_code == 200
    assert_matches_spec(
        shared, V2021, "GET", "/accounts/{accountId}/billing/invoices/{invoiceId}", 200, r.json()
    )
    assert r.json()["invoice_items"]
    r = api.get(f"/api/download/billing/invoices/{invoice_id}")
    assert r.status_code == 200 and r.content.startswith(b"%PDF-")
    assert r.headers["content-type"].startswith("application/pdf")
    for path in (
        "/accounts/me/billing/invoices/nope",
        "/api/download/billing/invoices/nope",
    ):
        r = api.get(path)
        assert r.status_code == 400
        assert r.json() == {"code": 2001, "message": "InvoiceId does not exist: nope."}
    r = api.get("/accounts/me/billing/invoices", params={"from": "1999-01-01", "to": "1999-12-31"})
    assert r.json()["invoices"] == []


def test_billing_contact(api: httpx.Client, shared: Path) -> None:
    sub = _sub(api)
    r = api.get(f"/accounts/{sub}/billing")
    assert r.status_code == 200
    assert_matches_spec(shared, V2018, "GET", "/accounts/{accountId}/billing", 200, r.json())
    assert r.json()["first_name"] == "Sub"
    r = api.patch(f"/accounts/{sub}/billing", json={"city": "Denver", "state": "CO"})
    assert r.status_code == 204
    got = api.get(f"/accounts/{sub}/billing").json()
    assert got["city"] == "Denver" and got["state"] == "CO" and got["first_name"] == "Sub"
    r = api.get("/accounts/nope123/billing")
    assert r.status_code == 404 and r.json()["code"] == 2001


def test_plan_lifecycle(api: httpx.Client, shared: Path) -> None:
    sub = _sub(api)
    assert api.get(f"/accounts/{sub}/plans").json() == {}
    r = api.get(f"/accounts/{sub}/plans/usage")
    assert r.status_code == 400 and r.json()["code"] == 200
    r = api.get(f"/accounts/{sub}/billing/invoices")
    assert r.status_code == 400 and r.json()["code"] == 200

    r = _subscribe(api, sub, plan_webinar=[{"type": "webinar100_monthly", "hosts": 1}])
    assert r.status_code == 201, r.text
    assert_matches_spec(shared, V2018, "POST", "/accounts/{accountId}/plans", 201, r.json())
    assert r.json()["plan_base"] == {"type": "monthly", "hosts": 3}
    account = api.get(f"/accounts/{sub}").json()
    assert account["account_type"] == "Pro" and account["seats"] == 3
    assert api.get(f"/accounts/{sub}/billing").json()["city"] == "San Jose"
    assert _subscribe(api, sub).status_code == 400

    r = api.put(f"/accounts/{sub}/plans/base", json={"type": "monthly", "hosts": 12})
    assert r.status_code == 204, r.text
    assert api.get(f"/accounts/{sub}").json()["seats"] == 12

    r = api.post(f"/accounts/{sub}/plans/addons", json={"type": "large500_monthly", "hosts": 1})
    assert r.status_code == 201, r.text
    r = api.put(f"/accounts/{sub}/plans/addons", json={"type": "large500_monthly", "hosts": 2})
    assert r.status_code == 204, r.text
    plans = api.get(f"/accounts/{sub}/plans").json()
    assert plans["plan_large_meeting"] == [{"type": "large500_monthly", "hosts": 2}]
    r = api.put(f"/accounts/{sub}/plans/addons", json={"type": "zroom_monthly", "hosts": 2})
    assert r.status_code == 400

    r = api.patch(f"/accounts/{sub}/plans/addons/status", json={"action": "cancel"})
    assert r.status_code == 400 and r.json() == {"code": 300, "message": "Plan type is required."}
    r = api.patch(
        f"/accounts/{sub}/plans/addons/status",
        json={"action": "cancel", "type": "large500_monthly", "reason": 1},
    )
    assert r.status_code in (200, 204), r.text
    assert "plan_large_meeting" not in api.get(f"/accounts/{sub}/plans").json()

    usage = api.get(f"/accounts/{sub}/plans/usage")
    assert usage.status_code == 200
    assert usage.json()["plan_base"] == [{"type": "monthly", "hosts": 12, "usage": 1}]
    assert len(api.get(f"/accounts/{sub}/billing/invoices").json()["invoices"]) == 3

    # A paid sub account cannot be disassociated.
    r = api.delete(f"/accounts/{sub}")
    assert r.status_code == 404 and r.json()["code"] == 2000

    r = api.patch(f"/accounts/{sub}/plans/base/status", json={"action": "cancel", "reason": 2})
    assert r.status_code in (200, 204), r.text
    assert api.get(f"/accounts/{sub}/plans").json() == {}
    assert api.get(f"/accounts/{sub}").json()["account_type"] == "Free"
    r = api.put(f"/accounts/{sub}/plans/base", json={"type": "monthly", "hosts": 1})
    assert r.status_code == 400


def test_plan_errors(api: httpx.Client) -> None:
    r = _subscribe(api, "nope123")
    assert r.status_code == 404 and r.json()["code"] == 2001
    sub = _sub(api)
    r = api.post(f"/accounts/{sub}/plans", json={"contact": CONTACT})
    assert r.status_code == 400 and r.json()["code"] == 300
    r = api.post(f"/accounts/{sub}/plans/addons", json={"type": "webinar100", "hosts": 1})
    assert r.status_code == 400
