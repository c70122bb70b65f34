"""TSP: the account's TSP information and users' TSP accounts (plus the master-account mirror),
and PAC accounts."""

from __future__ import annotations

import json
import sqlite3
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from support.schema import assert_matches_spec
from support.server import ACCOUNT_ID, ServerProcess

CREDS = {
    "conference_code": "5550001",
    "leader_pin": "8812",
    "tsp_bridge": "EU_TSP_TB",
    "dial_in_numbers": [
        {"code": "1", "country_label": "US", "number": "5550100111", "type": "toll"}
    ],
}


def outbox(server: ServerProcess, event: str) -> list[dict[str, Any]]:
    """Webhook events recorded by the server (read straight from its store)."""
    sql = "SELECT body FROM outbox WHERE event = {} ORDER BY seq"
    if server.database_url:
        import psycopg

        with psycopg.connect(server.database_url) as pg:
            rows = pg.execute(sql.format("%s"), (event,)).fetchall()
    else:
        conn = sqlite3.connect(Path(server.data_dir) / "zoomstack.sqlite3")
        try:
            rows = conn.execute(sql.format("?"), (event,)).fetchall()
        finally:
            conn.close()
    return [json.loads(r[0]) for r in rows]


def new_user(api: httpx.Client, user_type: int = 2) -> dict[str, Any] | None:
    email = f"tsp-{uuid.uuid4().hex[:10]}@example.com"
    r = api.post(
        "/users",
        json={
            "action": "custCreate",
            "user_info": {"email": email, "type": user_type, "first_name": "T"},
        },
    )
    if r.status_code != 201:
        return None
    return dict(api.get(f"/users/{r.json()['id']}").json())


@pytest.fixture()
def user(api: httpx.Client) -> Iterator[dict[str, Any]]:
    """A fresh licensed user; the owner, cleared of TSP accounts, while POST /users is absent."""
    assert (
        api.patch(
            "/tsp", json={"tsp_enabled": True, "enable": True, "tsp_provider": ""}
        ).status_code
        == 204
    )
    made = new_user(api)
    if made is not None:
        yield made
        return
    for tsp_id in ("1", "2"):
        api.delete(f"/users/me/tsp/{tsp_id}")
    yield dict(api.get("/users/me").json())


# -- account TSP information -----------------------------------------------------------------
def test_get_and_update_account_tsp(api: httpx.Client, shared: Path) -> None:
    r = api.get("/tsp")
    assert r.status_code == 200
    assert_matches_spec(shared, "meetings.json", "GET", "/tsp", 200, r.json())
    try:
        r = api.patch("/tsp", json={"tsp_bridge": "EU_TSP_TB", "tsp_provider": "Acme Audio"})
        assert r.status_code == 204 and r.content == b""
        got = api.get("/tsp").json()
        assert got["tsp_bridge"] == "EU_TSP_TB" and got["tsp_provider"] == "Acme Audio"
    finally:
        api.patch("/tsp", json={"tsp_bridge": "US_TSP_TB", "tsp_provider": ""})


def test_update_account_tsp_rejects_unknown_bridge(api: httpx.Client) -> None:
    r = api.patch("/tsp", json={"tsp_bridge": "MOON_TSP_TB"})
    assert r.status_code == 400
    body = r.json()
    assert body["code"] == 300
    assert body["errors"] == [{"field": "tsp_bridge", "message": "Invalid parameter: tsp_bridge."}]


# -- user TSP accounts -----------------------------------------------------------------------
def test_user_tsp_lifecycle(
    api: httpx.Client, server: ServerProcess, user: dict[str, Any], shared: Path
) -> None:
    uid = user["id"]
    r = api.post(f"/users/{uid}/tsp", json=CREDS)
    assert r.status_code == 201
    created = r.json()
    assert_matches_spec(shared, "meetings.json", "POST", "/users/{userId}/tsp", 201, created)
    assert created["id"] == "1"
    assert created["conference_code"] == "5550001" and created["tsp_bridge"] == "EU_TSP_TB"

    r = api.get(f"/users/{uid}/tsp/1")
    assert r.status_code == 200
    assert_matches_spec(
        shared, "meetings.json", "GET", "/users/{userId}/tsp/{tspId}", 200, r.json()
    )
    assert r.json() == created

    r = api.patch(f"/users/{uid}/tsp/1", json={"conference_code": "5550002", "leader_pin": "9"})
    assert r.status_code == 204 and r.content == b""
    got = api.get(f"/users/{uid}/tsp/1").json()
    assert got["conference_code"] == "5550002" and got["leader_pin"] == "9"
    assert got["dial_in_numbers"] == CREDS["dial_in_numbers"]

    r = api.get(f"/users/{uid}/tsp")
    assert r.status_code == 200
    assert_matches_spec(shared, "meetings.json", "GET", "/users/{userId}/tsp", 200, r.json())
    assert [a["id"] for a in r.json()["tsp_accounts"]] == ["1"]

    assert api.delete(f"/users/{uid}/tsp/1").status_code == 204
    assert api.get(f"/users/{uid}/tsp").json() == {"tsp_accounts": []}

    created_ev = [
        e for e in outbox(server, "user.tsp_created") if e["payload"]["object"]["id"] == uid
    ]
    updated_ev = [
        e for e in outbox(server, "user.tsp_updated") if e["payload"]["object"]["id"] == uid
    ]
    deleted_ev = [
        e for e in outbox(server, "user.tsp_deleted") if e["payload"]["object"]["id"] == uid
    ]
    assert created_ev and updated_ev and deleted_ev
    ev = updated_ev[-1]["payload"]
    assert ev["account_id"] == ACCOUNT_ID
    assert ev["object"]["email"] == user["email"]
    assert ev["object"]["tsp_credentials"]["conference_code"] == "5550002"
    assert ev["old_object"]["conference_code"] == "5550001"


def test_at_most_two_tsp_accounts_with_lowest_free_id(
    api: httpx.Client, user: dict[str, Any]
) -> None:
    uid = user["id"]
    assert api.post(f"/users/{uid}/tsp", json=CREDS).json()["id"] == "1"
    assert api.post(f"/users/{uid}/tsp", json=CREDS).json()["id"] == "2"
    r = api.post(f"/users/{uid}/tsp", json=CREDS)
    assert r.status_code == 400
    assert r.json() == {"code": 300, "message": "You can add a maximum of two TSP configs."}
    assert api.delete(f"/users/{uid}/tsp/1").status_code == 204
    assert api.post(f"/users/{uid}/tsp", json=CREDS).json()["id"] == "1"
    for tsp_id in ("1", "2"):
        assert api.delete(f"/users/{uid}/tsp/{tsp_id}").status_code == 204


def test_tsp_id_errors(api: httpx.Client, user: dict[str, Any]) -> None:
    uid = user["id"]
    r = api.get(f"/users/{uid}/tsp/3")
    assert r.status_code == 400
    assert r.json() == {"code": 300, "message": "The TSP ID provided does not exist."}
    for method in ("GET", "DELETE"):
        r = api.request(method, f"/users/{uid}/tsp/2")
        assert r.status_code == 400
        assert r.json() == {"code": 300, "message": "TSP config does not exist."}
    r = api.patch(f"/users/{uid}/tsp/2", json={"conference_code": "1", "leader_pin": "2"})
    assert r.json() == {"code": 300, "message": "TSP config does not exist."}


def test_tsp_body_validation(api: httpx.Client, user: dict[str, Any]) -> None:
    r = api.post(f"/users/{user['id']}/tsp", json={"conference_code": "1"})
    assert r.status_code == 400
    assert r.json()["code"] == 300
    assert {"field": "leader_pin", "message": "Missing field: leader_pin."} in r.json()["errors"]
    r = api.post(
        f"/users/{user['id']}/tsp",
        json={**CREDS, "dial_in_numbers": [{"number": "1", "type": "pigeon"}]},
    )
    assert r.status_code == 400
    assert r.json()["errors"][0]["field"] == "dial_in_numbers.type"


def test_unknown_user(api: httpx.Client) -> None:
    r = api.get("/users/nobody-here@example.com/tsp")
    assert r.status_code == 404
    assert r.json()["code"] == 1001


def test_account_without_tsp(api: httpx.Client, user: dict[str, Any]) -> None:
    uid = user["id"]
    try:
        assert api.patch("/tsp", json={"tsp_enabled": False}).status_code == 204
        r = api.get(f"/users/{uid}/tsp")
        assert r.status_code == 400
        assert r.json() == {"code": 2024, "message": "Account has not enabled TSP."}
        r = api.post(f"/users/{uid}/tsp", json=CREDS)
        assert r.json() == {"code": 2024, "message": "This account has not enabled TSP."}
        r = api.patch(f"/users/{uid}/tsp/settings", json={"audio_url": "https://example.com/a"})
        assert r.json()["code"] == 2024
    finally:
        api.patch("/tsp", json={"tsp_enabled": True})


def test_att_accounts_need_a_media_link(api: httpx.Client, user: dict[str, Any]) -> None:
    uid = user["id"]
    try:
        api.patch("/tsp", json={"tsp_provider": "AT&T"})
        r = api.post(f"/users/{uid}/tsp", json=CREDS)
        assert r.status_code == 400
        assert r.json() == {"code": 300, "message": "Media link is required for AT&T TSP accounts."}
        media = {"number": "5550100122", "type": "media_link"}
        r = api.post(f"/users/{uid}/tsp", json={**CREDS, "dial_in_numbers": [media]})
        assert r.status_code == 201
        r = api.patch(
            f"/users/{uid}/tsp/1",
            json={"conference_code": "1", "leader_pin": "2", "dial_in_numbers": []},
        )
        assert r.json()["message"] == "Media link is required for AT&T TSP accounts."
        assert api.delete(f"/users/{uid}/tsp/1").status_code == 204
    finally:
        api.patch("/tsp", json={"tsp_provider": ""})


def test_global_dial_in_url(api: httpx.Client, user: dict[str, Any]) -> None:
    r = api.patch(
        f"/users/{user['id']}/tsp/settings", json={"audio_url": "https://example.com/dial"}
    )
    assert r.status_code == 204 and r.content == b""
    r = api.patch(f"/users/{user['id']}/tsp/settings", json={"audio_url": "x" * 513})
    assert r.status_code == 400
    assert r.json()["errors"] == [
        {"field": "audio_url", "message": "Invalid parameter: audio_url."}
    ]


def test_master_account_mirror(api: httpx.Client, user: dict[str, Any], shared: Path) -> None:
    base = f"/accounts/{ACCOUNT_ID}/users/{user['id']}/tsp"
    r = api.post(base, json=CREDS)
    assert r.status_code == 201
    assert_matches_spec(
        shared,
        "master-accounts/meetings.json",
        "POST",
        "/accounts/{accountId}/users/{userId}/tsp",
        201,
        r.json(),
    )
    r = api.get(base)
    assert r.status_code == 200
    assert_matches_spec(
        shared,
        "master-accounts/meetings.json",
        "GET",
        "/accounts/{accountId}/users/{userId}/tsp",
        200,
        r.json(),
    )
    assert api.get(f"/users/{user['id']}/tsp/1").json()["conference_code"] == "5550001"
    assert (
        api.patch(f"{base}/1", json={"conference_code": "7", "leader_pin": "7"}).status_code == 204
    )
    assert api.get(f"{base}/1").json()["conference_code"] == "7"
    assert api.delete(f"{base}/1").status_code == 204
    r = api.get(f"/accounts/NoSuchSubAccount0000001/users/{user['id']}/tsp")
    assert r.status_code == 404
    assert r.json()["code"] == 2001


# -- PAC -------------------------------------------------------------------------------------
def test_pac_accounts_are_stable(api: httpx.Client, user: dict[str, Any], shared: Path) -> None:
    r = api.get(f"/users/{user['id']}/pac")
    assert r.status_code == 200
    body = r.json()
    assert_matches_spec(shared, "meetings.json", "GET", "/users/{userId}/pac", 200, body)
    (pac,) = body["pac_accounts"]
    assert len(str(pac["conference_id"])) == 10
    assert len(pac["participant_password"]) == 6 and pac["participant_password"].isdigit()
    assert pac["global_dial_in_numbers"]
    assert api.get(f"/users/{user['email']}/pac").json() == body


def test_pac_unknown_user(api: httpx.Client) -> None:
    r = api.get("/users/nobody-here@example.com/pac")
    assert r.status_code == 404
    assert r.json()["code"] == 1001


def test_pac_needs_a_licensed_user(api: httpx.Client) -> None:
    basic = new_user(api, user_type=1)
    if basic is None:
        pytest.skip("POST /users is not implemented yet; no basic user to try")
    r = api.get(f"/users/{basic['id']}/pac")
    assert r.status_code == 400
    assert r.json() == {"code": 2024, "message": "User does not have PAC enabled."}
