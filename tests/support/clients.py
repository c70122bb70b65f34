"""Unmodified Zoom client libraries pointed at the test server: zoomus and zoom-python-client,
authenticating with the seeded Server-to-Server OAuth app."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

from support.server import ACCOUNT_ID, CLIENT_ID, CLIENT_SECRET, ServerProcess


def zoomus_client(server: ServerProcess) -> Any:
    import zoomus

    return zoomus.ZoomClient(
        CLIENT_ID,
        CLIENT_SECRET,
        ACCOUNT_ID,
        base_uri=server.base_url + "/v2",
        oauth_uri=server.base_url + "/oauth/token",
    )


def zoom_python_client(server: ServerProcess) -> Any:
    from zoom_python_client.zoom_api_client import ZoomApiClient
    from zoom_python_client.zoom_auth_api.zoom_auth_api_client import ZoomAuthApiClient

    ZoomAuthApiClient.oauth_base_url = server.base_url + "/oauth"
    return ZoomApiClient(ACCOUNT_ID, CLIENT_ID, CLIENT_SECRET, api_endpoint=server.base_url + "/v2")


def without_cached_token() -> Iterator[None]:
    """For a fixture around zoom-python-client, which caches its token in the environment."""
    os.environ.pop("ZOOM_ACCESS_TOKEN", None)
    yield
    os.environ.pop("ZOOM_ACCESS_TOKEN", None)
