"""Zoom Phone call queues and shared line groups: members, managers, phone numbers."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import httpx

from support.schema import assert_matches_spec
from support.users import create_user

SPEC = "phone.json"


def free_number(api: httpx.Client) -> dict[str, Any]:
    items = api.get("/phone/numbers", params={"type": "unassigned", "page_size": 300}).json()
    return dict(items["phone_numbers"][0])


def main_site_id(api: httpx.Client) -> str:
    return str(api.get("/phone/sites").json()["sites"][0]["id"])


def new_queue(api: httpx.Client, **extra: Any) -> dict[str, Any]:
    body = {"name": f"cq-{uuid.uuid4().hex[:6]}", "site_id": main_site_id(api), **extra}
    r = api.post("/phone/call_queues", json=body)
    assert r.status_code == 201, r.text
    return dict(r.json())


def test_call_queue_lifecycle(api: httpx.Client, shared: Path) -> None:
    manager = create_user(api, first_name="Mia")
    agent = create_user(api)
    created = new_queue(api, members={"users": [{"id": manager["id"]}]}, department="Sales")
    assert_matches_spec(shared, SPEC, "POST", "/phone/call_queues", 201, created)
    cq = f"/phone/call_queues/{created['id']}"

    r = api.post(f"{cq}/members", json={"members": {"users": [{"email": agent["email"]}]}})
    assert r.status_code == 201, r.text
    r = api.get(cq)
    assert r.status_code == 200
    body = r.json()
    assert_matches_spec(shared, SPEC, "GET", "/phone/call_queues/{callQueueId}", 200, body)
    levels = {u["id"]: u["level"] for u in body["members"]["users"]}
    assert levels == {manager["id"]: "manager", agent["id"]: "user"}

    r = api.delete(f"{cq}/members/{manager['id']}")
    assert r.status_code == 400
    assert r.json() == {"code": 400, "message": "Unable to delete manager"}
    assert api.put(f"{cq}/manager", json={"member_id": agent["id"]}).status_code == 204
    assert api.delete(f"{cq}/members/{manager['id']}").status_code == 204
    users = api.get(cq).json()["members"]["users"]
    assert [(u["id"], u["level"]) for u in users] == [(agent["id"], "manager")]
    r = api.put(f"{cq}/manager", json={"member_id": manager["id"]})
    assert r.status_code == 404 and r.json()["code"] == 1001

    r = api.patch(cq, json={"name": "Support", "status": "inactive", "timezone": "Asia/Tokyo"})
    assert r.status_code == 204
    r = api.patch(cq, json={"timezone": "Nowhere/City"})
    assert r.status_code == 400
    assert r.json() == {"code": 300, "message": "Timezone not found in the system."}

    number = free_number(api)
    r = api.post(f"{cq}/phone_numbers", json={"phone_numbers": [{"id": number["id"]}]})
    assert r.status_code == 204, r.text
    r = api.get("/phone/call_queues", params={"department": "Sales", "page_size": 300})
    assert r.status_code == 200
    assert_matches_spec(shared, SPEC, "GET", "/phone/call_queues", 200, r.json())
    (item,) = [q for q in r.json()["call_queues"] if q["id"] == created["id"]]
    assert item["name"] == "Support" and item["status"] == "inactive"
    assert item["phone_numbers"] == [
        {"id": number["id"], "number": number["number"], "source": "internal"}
    ]
    r = api.delete(f"{cq}/phone_numbers/{free_number(api)['id']}")
    assert r.status_code == 404
    assert r.json() == {"code": 404, "message": "Phone number not belong to call queue."}
    assert api.delete(f"{cq}/phone_numbers/{number['id']}").status_code == 204
    api.post(f"{cq}/phone_numbers", json={"phone_numbers": [{"number": number["number"]}]})
    assert api.delete(f"{cq}/phone_numbers").status_code == 204
    assert api.get(cq).json()["phone_numbers"] == []

    r = api.get(f"{cq}/recordings")
    assert r.status_code == 200
    assert_matches_spec(
        shared, SPEC, "GET", "/phone/call_queues/{callQueueId}/recordings", 200, r.json()
    )

    assert api.delete(f"{cq}/members").status_code == 204
    assert api.get(cq).json()["members"] == {"users": [], "common_areas": []}
    assert api.delete(cq).status_code == 204
    r = api.get(cq)
    assert r.status_code == 404
    assert r.json() == {
        "code": 13000,
        "message": f"The Call Queue does not exist, callQueueId:{created['id']}.",
    }


def test_call_queue_errors(api: httpx.Client) -> None:
    r = api.post("/phone/call_queues", json={"name": "x", "site_id": "nope"})
    assert r.status_code == 400
    assert r.json() == {"code": 300, "message": "Site does not exist."}
    r = api.post(
        "/phone/call_queues",
        json={"name": "x", "site_id": main_site_id(api), "members": {"users": [{"id": "ghost"}]}},
    )
    assert r.status_code == 404
    assert r.json() == {"code": 1001, "message": "User not found: ghost."}
    created = new_queue(api)
    r = api.post(
        "/phone/call_queues",
        json={
            "name": "y",
            "site_id": main_site_id(api),
            "extension_number": created["extension_number"],
        },
    )
    assert r.status_code == 400
    assert r.json() == {
        "code": 400,
        "message": f"Extension number {created['extension_number']} is already used.",
    }
    r = api.patch("/phone/call_queues/nope", json={"name": "x"})
    assert r.status_code == 400
    assert r.json() == {
        "code": 300,
        "message": "Validation Failed. The group does not exist, groupId:nope",
    }
    r = api.delete("/phone/call_queues/nope")
    assert r.status_code == 400
    assert r.json() == {"code": 400, "message": "The group does not exist, groupId:nope."}
    r = api.post("/phone/call_queues/nope/phone_numbers", json={"phone_numbers": []})
    assert r.status_code == 400
    assert r.json() == {"code": 400, "message": "Call Queue does not exist: nope."}
    r = api.post(f"/phone/call_queues/{created['id']}/phone_numbers", json={"phone_numbers": []})
    assert r.status_code == 400
    assert r.json() == {"code": 400, "message": "Need to specify at least one phone number"}
    for method, suffix in (("POST", "/members"), ("DELETE", "/members"), ("DELETE", "/members/x")):
        r = api.request(method, f"/phone/call_queues/nope{suffix}", json={"members": {}})
        assert r.status_code == 400 and r.json()["code"] == 300


def test_shared_line_group_lifecycle(api: httpx.Client, shared: Path) -> None:
    member = create_user(api, first_name="Sam")
    r = api.post("/phone/shared_line_groups", json={"display_name": "Front line"})
    assert r.status_code == 201, r.text
    assert_matches_spec(shared, SPEC, "POST", "/phone/shared_line_groups", 201, r.json())
    slg_id = r.json()["id"]
    slg = f"/phone/shared_line_groups/{slg_id}"

    r = api.post(f"{slg}/members", json={"members": {"users": [{"id": member["id"]}]}})
    assert r.status_code == 201, r.text
    number = free_number(api)
    r = api.post(f"{slg}/phone_numbers", json={"phone_numbers": [{"id": number["id"]}]})
    assert r.status_code == 201, r.text
    r = api.get(slg)
    assert r.status_code == 200
    body = r.json()
    assert_matches_spec(
        shared, SPEC, "GET", "/phone/shared_line_groups/{sharedLineGroupId}", 200, body
    )
    assert [u["id"] for u in body["members"]["users"]] == [member["id"]]
    assert body["primary_number"] == number["number"]

    r = api.patch(slg, json={"display_name": "Renamed", "status": "inactive"})
    assert r.status_code == 204
    r = api.get("/phone/shared_line_groups", params={"page_size": 300})
    assert r.status_code == 200
    assert_matches_spec(shared, SPEC, "GET", "/phone/shared_line_groups", 200, r.json())
    (item,) = [g for g in r.json()["shared_line_groups"] if g["id"] == slg_id]
    assert item["display_name"] == "Renamed"

    assert api.delete(f"{slg}/phone_numbers/{number['id']}").status_code == 204
    r = api.delete(f"{slg}/phone_numbers/{number['id']}")
    assert r.status_code == 400
    assert r.json() == {"code": 400, "message": "Phone number does not exist"}
    assert api.delete(f"{slg}/members/{member['id']}").status_code == 204
    api.post(f"{slg}/members", json={"members": {"users": [{"email": member["email"]}]}})
    assert api.delete(f"{slg}/members").status_code == 204
    assert api.get(slg).json()["members"]["users"] == []
    assert api.delete(slg).status_code == 204
    r = api.get(slg)
    assert r.status_code == 404
    assert r.json() == {"code": 404, "message": f"Shared line group does not exist: {slg_id}."}


def test_shared_line_group_errors(api: httpx.Client) -> None:
    a = api.post("/phone/shared_line_groups", json={"display_name": "A"}).json()
    ext = api.get(f"/phone/shared_line_groups/{a['id']}").json()["extension_number"]
    r = api.post("/phone/shared_line_groups", json={"display_name": "B", "extension_number": ext})
    assert r.status_code == 400
    assert r.json() == {"code": 400, "message": f"Extension number {ext} is already used."}
    r = api.post(
        f"/phone/shared_line_groups/{a['id']}/phone_numbers",
        json={"phone_numbers": [{"id": "missing"}]},
    )
    assert r.status_code == 400
    assert r.json() == {"code": 400, "message": "Phone number does not exist."}
    r = api.post(
        "/phone/shared_line_groups/nope/phone_numbers", json={"phone_numbers": [{"id": "x"}]}
    )
    assert r.status_code == 404
    r = api.post(
        f"/phone/shared_line_groups/{a['id']}/members",
        json={"members": {"users": [{"id": "ghost"}]}},
    )
    assert r.status_code == 404
    assert r.json() == {"code": 1001, "message": "User not found: ghost."}
