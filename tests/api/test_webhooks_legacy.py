"""The legacy (2018) /v2/webhooks API: CRUD with its own field names on the same event
subscriptions, old event names mapped to today's, HTTP Basic auth on deliveries."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from support.receiver import Receiver, emit, subscribe, unsubscribe
from support.schema import assert_matches_spec

SPEC = "legacy/zoom-api-v2-2018.json"


@pytest.fixture()
def receiver() -> Iterator[Receiver]:
    with Receiver() as r:
        yield r


@pytest.fixture()
def hooks(api: httpx.Client) -> Iterator[list[str]]:
    created: list[str] = []
    yield created
    for webhook_id in created:
        api.delete(f"/webhooks/{webhook_id}")


def _create(api: httpx.Client, hooks: list[str], **body: Any) -> httpx.Response:
    payload = {"auth_user": "hookuser", "auth_password": "hookpass", **body}
    resp = api.post("/webhooks", json=payload)
    if resp.status_code == 201:
        hooks.append(resp.json()["webhook_id"])
    return resp


def _error(resp: httpx.Response, status: int, code: int) -> dict[str, Any]:
    assert resp.status_code == status, resp.text[:500]
    body = dict(resp.json())
    assert body["code"] == code, body
    return body


def test_create_get_list_update_delete(
    api: httpx.Client, hooks: list[str], receiver: Receiver, shared: Path
) -> None:
    resp = _create(api, hooks, url=receiver.url, events=["meeting_started", "meeting_ended"])
    assert resp.status_code == 201, resp.text
    created = resp.json()
    assert_matches_spec(shared, SPEC, "POST", "/webhooks", 201, created)
    assert set(created) == {
        "webhook_id",
        "url",
        "auth_user",
        "auth_password",
        "events",
        "created_at",
    }
    assert created["events"] == ["meeting_started", "meeting_ended"]
    assert (created["auth_user"], created["auth_password"]) == ("hookuser", "hookpass")
    assert created["created_at"].endswith("Z")
    webhook_id = created["webhook_id"]
    assert resp.headers["content-location"].endswith(f"/v2/webhooks/{webhook_id}")
    assert receiver.validations() == []  # no URL validation in the 2018 API

    got = api.get(f"/webhooks/{webhook_id}")
    assert got.status_code == 200
    assert_matches_spec(shared, SPEC, "GET", "/webhooks/{webhookId}", 200, got.json())
    assert got.json() == created

    listed = api.get("/webhooks")
    assert listed.status_code == 200
    assert_matches_spec(shared, SPEC, "GET", "/webhooks", 200, listed.json())
    assert webhook_id in [w["webhook_id"] for w in listed.json()["webhooks"]]
    assert listed.json()["total_records"] == len(listed.json()["webhooks"])

    resp = api.patch(
        f"/webhooks/{webhook_id}",
        json={
            "events": ["recording_completed"],
            "auth_password": "newpass",
            "url": receiver.url_for("/v2"),
        },
    )
    assert resp.status_code == 204 and resp.content == b""
    after = api.get(f"/webhooks/{webhook_id}").json()
    assert after["events"] == ["recording_completed"]
    assert after["auth_password"] == "newpass" and after["auth_user"] == "hookuser"
    assert after["url"] == receiver.url_for("/v2")

    assert api.delete(f"/webhooks/{webhook_id}").status_code == 204
    _error(api.get(f"/webhooks/{webhook_id}"), 404, 404)
    _error(api.patch(f"/webhooks/{webhook_id}", json={"url": receiver.url}), 404, 404)
    _error(api.delete(f"/webhooks/{webhook_id}"), 404, 404)


def test_deliveries_carry_basic_auth_and_map_old_event_names(
    api: httpx.Client, control: httpx.Client, hooks: list[str], receiver: Receiver
) -> None:
    resp = _create(
        api,
        hooks,
        url=receiver.url,
        events=["meeting_started", "participant_joined", "meeting_registered"],
    )
    assert resp.status_code == 201, resp.text
    sub = control.get(f"/webhooks/subscriptions/{resp.json()['webhook_id']}").json()
    assert sub["events"] == [
        "meeting.started",
        "meeting.participant_joined",
        "meeting.registration_created",
        "webinar.registration_created",
    ]
    assert sub["status"] == "active" and sub["source"] == "legacy_api"
    for event in (
        "meeting.created",
        "meeting.started",
        "meeting.participant_joined",
        "webinar.registration_created",
    ):
        emit(control, event, {"id": "123", "uuid": "u"})
    got = receiver.wait_events(3)
    assert [r.event for r in got] == [
        "meeting.started",
        "meeting.participant_joined",
        "webinar.registration_created",
    ]
    expected = "Basic " + base64.b64encode(b"hookuser:hookpass").decode()
    for r in got:
        assert r.headers["authorization"] == expected
        assert r.verified_raw and r.verified_json


def test_control_api_subscriptions_show_in_legacy_form(
    api: httpx.Client, control: httpx.Client, receiver: Receiver
) -> None:
    sub = subscribe(control, receiver.url, events=["meeting.*", "user.created"])
    try:
        got = api.get(f"/webhooks/{sub['id']}").json()
        assert got["url"] == receiver.url
        assert (got["auth_user"], got["auth_password"]) == ("", "")
        assert got["events"] == [
            "meeting_started",
            "meeting_ended",
            "meeting_jbh",
            "meeting_join",
            "participant_joined",
            "participant_left",
            "meeting_registered",
        ]
    finally:
        unsubscribe(control, sub["id"])


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (
            {"url": "http://127.0.0.1:9/x", "events": ["meeting_started"], "auth_user": "u"},
            "auth_password",
        ),
        ({"events": ["meeting_started"], "auth_user": "u", "auth_password": "p"}, "url"),
        (
            {
                "url": "http://127.0.0.1:9/x",
                "events": ["meeting.started"],
                "auth_user": "u",
                "auth_password": "p",
            },
            "events",
        ),
        (
            {
                "url": "http://127.0.0.1:9/x",
                "events": "meeting_started",
                "auth_user": "u",
                "auth_password": "p",
            },
            "events",
        ),
        (
            {"url": "http://127.0.0.1:9/x", "events": [], "auth_user": "u", "auth_password": "p"},
            "events",
        ),
        (
            {
                "url": "x" * 257,
                "events": ["meeting_started"],
                "auth_user": "u",
                "auth_password": "p",
            },
            "url",
        ),
        (
            {
                "url": "mailto:a@b.c",
                "events": ["meeting_started"],
                "auth_user": "u",
                "auth_password": "p",
            },
            "url",
        ),
        (
            {
                "url": "http://127.0.0.1:9/x",
                "events": ["meeting_started"],
                "auth_user": "u",
                "auth_password": "p" * 65,
            },
            "auth_password",
        ),
    ],
)
def test_create_validation_errors(api: httpx.Client, body: dict[str, Any], field: str) -> None:
    err = _error(api.post("/webhooks", json=body), 400, 300)
    assert [e["field"] for e in err["errors"]] == [field]


def test_update_validation_errors(api: httpx.Client, hooks: list[str]) -> None:
    resp = _create(api, hooks, url="http://127.0.0.1:9/x", events=["meeting_ended"])
    webhook_id = resp.json()["webhook_id"]
    for body in ({"events": ["nope"]}, {"url": 5}, {"events": []}):
        _error(api.patch(f"/webhooks/{webhook_id}", json=body), 400, 300)
    _error(api.patch(f"/webhooks/{webhook_id}", content=b"{"), 400, 300)
    assert api.get(f"/webhooks/{webhook_id}").json()["events"] == ["meeting_ended"]


def test_switch_webhook_version(api: httpx.Client, hooks: list[str]) -> None:
    _create(api, hooks, url="http://127.0.0.1:9/x", events=["meeting_ended"])
    resp = api.patch("/webhooks/options", json={"version": "v2"})
    assert resp.status_code == 204 and resp.content == b""
    assert api.patch("/webhooks/options", json={"version": "v1"}).status_code == 204
    err = _error(api.patch("/webhooks/options", json={"version": "v3"}), 400, 300)
    assert err["errors"][0]["field"] == "version"
    _error(api.patch("/webhooks/options", json={}), 400, 300)


def test_requires_a_token(server: Any) -> None:
    with httpx.Client(base_url=server.base_url + "/v2") as anon:
        _error(anon.get("/webhooks"), 401, 124)
