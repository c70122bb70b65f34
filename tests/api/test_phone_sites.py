"""Zoom Phone sites, auto receptionists and the number pool."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import httpx

from support.schema import assert_matches_spec

ADDRESS = {
    "address_line1": "1 Main St",
    "city": "San Jose",
    "country": "US",
    "state_code": "CA",
    "zip": "95113",
}


def new_site(api: httpx.Client, **extra: Any) -> dict[str, Any]:
    body = {
        "name": f"site-{uuid.uuid4().hex[:8]}",
        "auto_receptionist_name": "Front desk",
        "default_emergency_address": ADDRESS,
        **extra,
    }
    r = api.post("/phone/sites", json=body)
    assert r.status_code == 201, r.text
    return dict(r.json())


def free_number(api: httpx.Client) -> dict[str, Any]:
    r = api.get("/phone/numbers", params={"type": "unassigned", "page_size": 300})
    assert r.status_code == 200, r.text
    items = r.json()["phone_numbers"]
    assert items, "the number pool ran dry"
    return dict(items[-1])


def test_site_lifecycle(api: httpx.Client, shared: Path) -> None:
    created = new_site(api, site_code=12)
    assert_matches_spec(shared, "phone.json", "POST", "/phone/sites", 201, created)
    site_id = created["id"]

    r = api.get(f"/phone/sites/{site_id}")
    assert r.status_code == 200
    site = r.json()
    assert_matches_spec(shared, "phone.json", "GET", "/phone/sites/{siteId}", 200, site)
    assert site["main_auto_receptionist"]["name"] == "Front desk"
    assert site["country"]["code"] == "US"
    assert site["site_code"] == 12

    assert api.patch(f"/phone/sites/{site_id}", json={"name": "Renamed"}).status_code == 204
    r = api.get("/phone/sites", params={"page_size": 300})
    assert r.status_code == 200
    assert_matches_spec(shared, "phone.json", "GET", "/phone/sites", 200, r.json())
    names = {s["id"]: s["name"] for s in r.json()["sites"]}
    assert names[site_id] == "Renamed"
    main = r.json()["sites"][0]
    assert main["id"] != site_id

    r = api.delete(f"/phone/sites/{site_id}", params={"transfer_site_id": site_id})
    assert r.status_code == 400
    assert r.json() == {"code": 400, "message": "Unable to transfer to the same site."}
    r = api.delete(f"/phone/sites/{site_id}", params={"transfer_site_id": main["id"]})
    assert r.status_code == 204
    r = api.get(f"/phone/sites/{site_id}")
    assert r.status_code == 400
    assert r.json() == {"code": 400, "message": "The site does not exist."}


def test_site_errors(api: httpx.Client) -> None:
    r = api.post("/phone/sites", json={"name": "x"})
    assert r.status_code == 400 and r.json()["code"] == 300
    r = api.patch("/phone/sites/nope", json={"name": "x"})
    assert r.status_code == 400
    assert r.json() == {"code": 300, "message": "Validation failed. Site does not exist."}
    bad = {**ADDRESS, "country": "U1"}
    r = api.post(
        "/phone/sites",
        json={"name": "x", "auto_receptionist_name": "y", "default_emergency_address": bad},
    )
    assert r.status_code == 400
    assert r.json() == {"code": 400, "message": "Country information is invalid."}


def test_auto_receptionist_numbers(api: httpx.Client, shared: Path) -> None:
    r = api.post("/phone/auto_receptionists", json={"name": "After hours"})
    assert r.status_code == 201, r.text
    ar = r.json()
    assert_matches_spec(shared, "phone.json", "POST", "/phone/auto_receptionists", 201, ar)
    ar_id = ar["id"]
    path = f"/phone/auto_receptionists/{ar_id}"

    assert api.patch(path, json={"name": "Night", "timezone": "Europe/Paris"}).status_code == 204
    r = api.patch(path, json={"timezone": "Mars/Base"})
    assert r.status_code == 400
    assert r.json() == {"code": 300, "message": "Time zone is invalid:Mars/Base"}
    r = api.patch(path, json={"extension_number": ar["extension_number"] + 0})
    assert r.status_code == 204

    number = free_number(api)
    r = api.post(f"{path}/phone_numbers", json={"phone_numbers": [{"id": number["id"]}]})
    assert r.status_code == 204, r.text
    r = api.get(f"/phone/numbers/{number['id']}")
    assert r.status_code == 200
    detail = r.json()
    assert_matches_spec(shared, "phone.json", "GET", "/phone/numbers/{phoneNumberId}", 200, detail)
    assert detail["assignee"] == {
        "id": ar_id,
        "name": "Night",
        "extension_number": ar["extension_number"],
        "type": "autoReceptionist",
    }
    # A number belongs to one owner at a time.
    other = api.post("/phone/auto_receptionists", json={"name": "Other"}).json()
    r = api.post(
        f"/phone/auto_receptionists/{other['id']}/phone_numbers",
        json={"phone_numbers": [{"number": number["number"]}]},
    )
    assert r.status_code == 400
    assert r.json() == {
        "code": 400,
        "message": f"phoneNumber is used, phonenumberId:{number['id']}",
    }
    r = api.delete(f"/phone/auto_receptionists/{other['id']}/phone_numbers/{number['id']}")
    assert r.status_code == 400
    assert r.json()["message"] == "Phone number does not belong to auto receptionist."

    assert api.delete(f"{path}/phone_numbers/{number['id']}").status_code == 204
    assert "assignee" not in api.get(f"/phone/numbers/{number['id']}").json()
    assert (
        api.post(
            f"{path}/phone_numbers", json={"phone_numbers": [{"id": number["id"]}]}
        ).status_code
        == 204
    )
    assert api.delete(f"{path}/phone_numbers").status_code == 204
    assert "assignee" not in api.get(f"/phone/numbers/{number['id']}").json()


def test_auto_receptionist_errors(api: httpx.Client) -> None:
    r = api.patch("/phone/auto_receptionists/nope", json={"name": "x"})
    assert r.status_code == 400
    assert r.json() == {
        "code": 300,
        "message": "Validation Failed. AutoReceptionist does not exist, AutoReceptionistId: nope",
    }
    r = api.post("/phone/auto_receptionists/nope/phone_numbers", json={"phone_numbers": []})
    assert r.status_code == 404 and r.json()["code"] == 404
    r = api.delete("/phone/auto_receptionists/nope/phone_numbers")
    assert r.status_code == 404
    ar = api.post("/phone/auto_receptionists", json={"name": "E"}).json()
    r = api.post(
        f"/phone/auto_receptionists/{ar['id']}/phone_numbers",
        json={"phone_numbers": [{"id": "missing"}]},
    )
    assert r.status_code == 400
    assert r.json()["message"] == "Phone number does not exist, phonenumberId:missing"
    other = api.post("/phone/auto_receptionists", json={"name": "F"}).json()
    r = api.patch(
        f"/phone/auto_receptionists/{other['id']}",
        json={"extension_number": ar["extension_number"]},
    )
    assert r.status_code == 400
    assert r.json() == {
        "code": 10001,
        "message": f"Extension number {ar['extension_number']} is already used.",
    }


def test_numbers_list_and_update(api: httpx.Client, shared: Path) -> None:
    r = api.get("/phone/numbers", params={"type": "all"})
    assert r.status_code == 200
    body = r.json()
    assert_matches_spec(shared, "phone.json", "GET", "/phone/numbers", 200, body)
    assert body["total_records"] >= 1
    number = free_number(api)
    r = api.patch(
        f"/phone/numbers/{number['id']}",
        json={"capability": ["incoming"], "display_name": "Lobby"},
    )
    assert r.status_code == 204
    detail = api.get(f"/phone/numbers/{number['id']}").json()
    assert detail["capability"] == ["incoming"] and detail["display_name"] == "Lobby"
    api.patch(f"/phone/numbers/{number['id']}", json={"capability": ["incoming", "outgoing"]})
    r = api.patch(f"/phone/numbers/{number['id']}", json={"capability": ["fax"]})
    assert r.status_code == 400 and r.json()["code"] == 300
    r = api.patch("/phone/numbers/nope", json={"display_name": "x"})
    assert r.status_code == 404
    assert r.json() == {"code": 404, "message": "Phone number does not exist. ID: nope."}
    r = api.get("/phone/numbers/nope")
    assert r.status_code == 400
    assert r.json() == {"code": 400, "message": "Phone number does not exist, phonenumberId:nope"}


def test_byoc_numbers(api: httpx.Client, shared: Path) -> None:
    digits = f"1415{uuid.uuid4().int % 10**7:07d}"
    r = api.post("/phone/byoc_numbers", json={"carrier": "ACME", "phone_numbers": [digits]})
    assert r.status_code == 201, r.text
    assert_matches_spec(shared, "phone.json", "POST", "/phone/byoc_numbers", 201, r.json())
    (added,) = r.json()["phone_numbers"]
    assert added["number"] == "+" + digits
    byoc = api.get("/phone/numbers", params={"type": "byoc", "page_size": 300}).json()
    assert added["id"] in {n["id"] for n in byoc["phone_numbers"]}
    r = api.post("/phone/byoc_numbers", json={"carrier": "ACME", "phone_numbers": [digits]})
    assert r.status_code == 400 and r.json()["code"] == 300
