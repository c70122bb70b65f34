"""Real, unmodified Zoom client libraries get tokens from zoomstack and call the API."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from support.server import ACCOUNT_ID, CLIENT_ID, CLIENT_SECRET, ServerProcess


@pytest.fixture()
def no_cached_token() -> Iterator[None]:
    # zoom-python-client caches its token in the environment.
    os.environ.pop("ZOOM_ACCESS_TOKEN", None)
    yield
    os.environ.pop("ZOOM_ACCESS_TOKEN", None)


def test_zoomus_gets_a_token_and_reads_me(server: ServerProcess) -> None:
    import zoomus

    client = zoomus.ZoomClient(
        CLIENT_ID,
        CLIENT_SECRET,
        ACCOUNT_ID,
        base_uri=server.base_url + "/v2",
        oauth_uri=server.base_url + "/oauth/token",
    )
    r = client.user.get(id="me")
    assert r.status_code == 200, r.text
    assert r.json()["email"] == "owner@example.com"


def test_zoom_python_client_gets_a_token_and_reads_a_user(
    server: ServerProcess, no_cached_token: None
) -> None:
    from zoom_python_client.zoom_api_client import ZoomApiClient
    from zoom_python_client.zoom_auth_api.zoom_auth_api_client import ZoomAuthApiClient

    ZoomAuthApiClient.oauth_base_url = server.base_url + "/oauth"  # type: ignore[attr-defined]
    client = ZoomApiClient(
        ACCOUNT_ID, CLIENT_ID, CLIENT_SECRET, api_endpoint=server.base_url + "/v2"
    )
    user = client.users.get_user("me")
    assert user["email"] == "owner@example.com"
