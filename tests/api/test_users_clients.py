"""Users through unmodified Zoom client libraries: zoomus and zoom-python-client."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from support.server import ACCOUNT_ID, CLIENT_ID, CLIENT_SECRET, ServerProcess
from support.users import new_email


def test_zoomus_user_component(server: ServerProcess) -> None:
    zoomus = pytest.importorskip("zoomus")
    client = zoomus.ZoomClient(
        CLIENT_ID,
        CLIENT_SECRET,
        ACCOUNT_ID,
        base_uri=server.base_url + "/v2",
        oauth_uri=server.base_url + "/oauth/token",
    )
    email = new_email("zoomus")
    created = client.user.create(
        action="custCreate",
        user_info={"email": email, "type": 2, "first_name": "Zoe", "last_name": "Mus"},
    )
    assert created.status_code == 201, created.text
    user_id = created.json()["id"]

    got = client.user.get(id=user_id)
    assert got.status_code == 200
    assert got.json()["email"] == email

    listed = client.user.list(page_size=300)
    assert listed.status_code == 200
    ids = {u["id"] for u in listed.json()["users"]}
    token = listed.json()["next_page_token"]
    while token:
        page = client.user.list(page_size=300, next_page_token=token).json()
        ids |= {u["id"] for u in page["users"]}
        token = page["next_page_token"]
    assert user_id in ids

    # zoomus sends the id inside the PATCH body too; Zoom ignores unknown fields.
    updated = client.user.update(id=user_id, first_name="Zara")
    assert updated.status_code == 204
    assert client.user.get(id=user_id).json()["first_name"] == "Zara"

    settings = client.user.get_settings(id=user_id)
    assert settings.status_code == 200 and "schedule_meeting" in settings.json()
    assert client.user.update_settings(id=user_id, in_meeting={"chat": False}).status_code == 204
    assert client.user.check_email(email=email).json() == {"existed_email": True}
    status = client.user.update_status(id=user_id, action="deactivate")
    assert status.status_code == 204

    deleted = client.user.delete(id=user_id, action="delete")
    assert deleted.status_code == 204
    assert client.user.get(id=user_id).status_code == 404


@pytest.fixture()
def clean_token_env() -> Iterator[None]:
    """zoom-python-client caches its token in the environment; start and end without one."""
    keys = ("ZOOM_ACCESS_TOKEN", "ZOOM_ACCESS_TOKEN_EXPIRE")
    saved = {k: os.environ.pop(k) for k in keys if k in os.environ}
    yield
    for k in keys:
        os.environ.pop(k, None)
    os.environ.update(saved)


def test_zoom_python_client_users(server: ServerProcess, clean_token_env: None) -> None:
    pytest.importorskip("zoom_python_client")
    from zoom_python_client.zoom_api_client import ZoomApiClient
    from zoom_python_client.zoom_auth_api.zoom_auth_api_client import ZoomAuthApiClient

    original = ZoomAuthApiClient.oauth_base_url
    ZoomAuthApiClient.oauth_base_url = server.base_url + "/oauth"
    try:
        client = ZoomApiClient(
            ACCOUNT_ID, CLIENT_ID, CLIENT_SECRET, api_endpoint=server.base_url + "/v2"
        )
        me = client.users.get_user("me")
        assert me["email"] == "owner@example.com"
        by_email = client.users.get_user("owner@example.com")
        assert by_email["id"] == me["id"]
    finally:
        ZoomAuthApiClient.oauth_base_url = original
