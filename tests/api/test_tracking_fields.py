"""Tracking fields: account-level CRUD through the declarative CRUD helper (zoomstack.crud)."""

from __future__ import annotations

import uuid
from pathlib import Path

import httpx

from support.schema import assert_matches_spec


def _name() -> str:
    return f"Cost center {uuid.uuid4().hex[:8]}"


def test_tracking_field_lifecycle(api: httpx.Client, shared: Path) -> None:
    name = _name()
    r = api.post("/tracking_fields", json={"field": name, "recommended_values": ["A", "B"]})
    assert r.status_code == 201
    created = r.json()
    assert_matches_spec(shared, "meetings.json", "POST", "/tracking_fields", 201, created)
    assert created["field"] == name
    assert created["required"] is False and created["visible"] is True
    assert created["recommended_values"] == ["A", "B"]
    fid = created["id"]

    r = api.get(f"/tracking_fields/{fid}")
    assert r.status_code == 200
    assert_matches_spec(shared, "meetings.json", "GET", "/tracking_fields/{fieldId}", 200, r.json())
    assert r.json() == created

    r = api.patch(f"/tracking_fields/{fid}", json={"required": True, "recommended_values": ["C"]})
    assert r.status_code == 204 and r.content == b""
    got = api.get(f"/tracking_fields/{fid}").json()
    assert got["required"] is True and got["recommended_values"] == ["C"] and got["field"] == name

    r = api.get("/tracking_fields")
    assert r.status_code == 200
    body = r.json()
    assert_matches_spec(shared, "meetings.json", "GET", "/tracking_fields", 200, body)
    assert body["total_records"] == len(body["tracking_fields"])
    assert fid in [f["id"] for f in body["tracking_fields"]]
    assert "next_page_token" not in body  # this list is not paginated

    assert api.delete(f"/tracking_fields/{fid}").status_code == 204
    r = api.get(f"/tracking_fields/{fid}")
    assert r.status_code == 404
    assert r.json() == {"code": 5110, "message": f"Tracking field does not exist: {fid}."}


def test_list_keeps_creation_order(api: httpx.Client) -> None:
    ids = [api.post("/tracking_fields", json={"field": _name()}).json()["id"] for _ in range(3)]
    listed = [f["id"] for f in api.get("/tracking_fields").json()["tracking_fields"]]
    assert [i for i in listed if i in ids] == ids
    for fid in ids:
        api.delete(f"/tracking_fields/{fid}")


def test_unknown_field_errors(api: httpx.Client) -> None:
    for method, body in (("GET", None), ("PATCH", {"visible": False}), ("DELETE", None)):
        r = api.request(method, "/tracking_fields/nope123", json=body)
        assert r.status_code == 404
        assert r.json() == {"code": 5110, "message": "Tracking field does not exist: nope123."}


def test_field_names_are_unique(api: httpx.Client) -> None:
    name = _name()
    first = api.post("/tracking_fields", json={"field": name}).json()["id"]
    r = api.post("/tracking_fields", json={"field": name.upper()})
    assert r.status_code == 400
    assert r.json() == {"code": 200, "message": f"Tracking field {name.upper()} already exists."}
    other = api.post("/tracking_fields", json={"field": _name()}).json()["id"]
    r = api.patch(f"/tracking_fields/{other}", json={"field": name})
    assert r.status_code == 400
    assert r.json()["code"] == 200
    # Renaming frees the old name; deleting frees the new one.
    assert api.patch(f"/tracking_fields/{first}", json={"field": name + " x"}).status_code == 204
    assert api.patch(f"/tracking_fields/{other}", json={"field": name}).status_code == 204
    assert api.delete(f"/tracking_fields/{other}").status_code == 204
    again = api.post("/tracking_fields", json={"field": name})
    assert again.status_code == 201
    for fid in (first, again.json()["id"]):
        api.delete(f"/tracking_fields/{fid}")


def test_validation(api: httpx.Client) -> None:
    r = api.post("/tracking_fields", json={"field": "x", "required": "very"})
    assert r.status_code == 400
    assert r.json() == {
        "code": 300,
        "message": "Validation Failed.",
        "errors": [{"field": "required", "message": "Invalid parameter: required."}],
    }
    r = api.post("/tracking_fields", json={"visible": True})
    assert r.status_code == 400
    assert r.json()["errors"] == [{"field": "field", "message": "Missing field: field."}]
    r = api.post("/tracking_fields", content=b"{nope", headers={"content-type": "application/json"})
    assert r.status_code == 400 and r.json()["code"] == 300
