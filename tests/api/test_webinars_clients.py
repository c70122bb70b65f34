"""Unmodified Zoom client libraries using webinars on zoomstack: zoomus's webinar component
(create, get, list, update, register, registrants, panelists, end, delete) and
zoom-python-client's `webinars.get_webinar`."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from support.clients import without_cached_token, zoom_python_client, zoomus_client
from support.server import ServerProcess
from support.webinars import create, email, in_days, licensed_host


@pytest.fixture()
def host(api: httpx.Client) -> dict[str, Any]:
    return licensed_host(api)


@pytest.fixture()
def no_cached_token() -> Iterator[None]:
    yield from without_cached_token()


def test_zoomus_webinar_scenario(server: ServerProcess, host: dict[str, Any]) -> None:
    client = zoomus_client(server)
    start = in_days(server, 4)
    r = client.webinar.create(
        user_id=host["id"], topic="From zoomus", type=5, start_time=start, duration=45,
        timezone="UTC", settings={"approval_type": 0, "practice_session": True},
    )  # fmt: skip
    assert r.status_code == 201, r.text
    created = r.json()
    wid = created["id"]
    assert created["start_time"] == start and created["join_url"].endswith(
        f"/w/{wid}?pwd={created['encrypted_passcode']}"
    )

    got = client.webinar.get(id=wid)
    assert got.status_code == 200 and got.json()["settings"]["practice_session"] is True

    r = client.webinar.update(id=wid, topic="Renamed by zoomus", duration=50)
    assert r.status_code == 204, r.text
    got = client.webinar.get(id=wid).json()
    assert (got["topic"], got["duration"]) == ("Renamed by zoomus", 50)

    listed = client.webinar.list(user_id=host["id"])
    assert listed.status_code == 200 and wid in [w["id"] for w in listed.json()["webinars"]]

    person = email()
    r = client.webinar.register(id=wid, email=person, first_name="Zoe", last_name="Us")
    assert r.status_code == 201, r.text
    assert r.json()["join_url"]
    registrants = client.webinar.get_registrants(id=wid).json()
    assert [x["email"] for x in registrants["registrants"]] == [person]

    panelist = email()
    r = client.webinar.add_panelists(id=wid, panelists=[{"name": "Pam", "email": panelist}])
    assert r.status_code == 201, r.text
    panelists = client.webinar.list_panelists(id=wid).json()["panelists"]
    assert [p["email"] for p in panelists] == [panelist]
    assert client.webinar.remove_panelists(id=wid).status_code == 204
    assert client.webinar.list_panelists(id=wid).json()["total_records"] == 0

    # zoomus sends {"status": "end"}; Zoom's body is {"action": "end"}, so this is refused.
    r = client.webinar.end(id=wid)
    assert r.status_code == 400 and r.json()["code"] == 300

    assert client.webinar.delete(id=wid).status_code == 204
    assert client.webinar.get(id=wid).status_code == 404


def test_zoom_python_client_reads_a_webinar(
    server: ServerProcess, api: httpx.Client, host: dict[str, Any], no_cached_token: None
) -> None:
    w = create(api, server, host["id"], topic="For zoom-python-client")
    client = zoom_python_client(server)
    got = client.webinars.get_webinar(str(w["id"]))
    assert got["id"] == w["id"] and got["topic"] == "For zoom-python-client"
    assert got["start_url"].startswith(f"{server.base_url}/s/{w['id']}?zak=")
