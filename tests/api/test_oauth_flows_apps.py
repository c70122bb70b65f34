"""Managing apps and accounts: the control API (/_zoomstack/apps, /_zoomstack/accounts) and
`zoomstack apps add|list|remove`."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from support.auth import client, create_account, create_app, s2s_token, unique_email
from support.server import ACCOUNT_ID, CLIENT_ID, ServerProcess


def test_app_lifecycle(server: ServerProcess) -> None:
    with server.control() as control:
        r = control.post(
            "/apps",
            json={
                "type": "user",
                "name": "Planner",
                "scopes": "meeting:read meeting:write",
                "redirect_uris": ["https://planner.example.com/cb"],
            },
        )
        assert r.status_code == 201, r.text
        app = r.json()
        assert app["type"] == "user" and app["account_id"] == ACCOUNT_ID
        assert app["scopes"] == ["meeting:read", "meeting:write"]
        assert len(app["client_id"]) == 22 and len(app["client_secret"]) == 32
        assert control.get(f"/apps/{app['client_id']}").json() == app
        listed = control.get("/apps", params={"account_id": ACCOUNT_ID}).json()["apps"]
        assert app["client_id"] in {a["client_id"] for a in listed}
        assert CLIENT_ID in {a["client_id"] for a in listed}
        changed = control.patch(
            f"/apps/{app['client_id']}",
            json={"name": "Planner 2", "scopes": ["user:read"], "rotate_secret": True},
        ).json()
        assert changed["name"] == "Planner 2" and changed["scopes"] == ["user:read"]
        assert changed["client_secret"] != app["client_secret"]
        assert control.delete(f"/apps/{app['client_id']}").status_code == 204
        assert control.get(f"/apps/{app['client_id']}").status_code == 404
        assert control.delete(f"/apps/{app['client_id']}").status_code == 404


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"type": "web"}, "'type' must be one of"),
        ({"type": "s2s", "scopes": ["meeting:fly"]}, "Unknown scopes: meeting:fly."),
        ({"type": "user"}, "OAuth apps need at least one redirect URI"),
        ({"type": "user", "redirect_uris": ["ftp://x"]}, "Invalid redirect URI: ftp://x"),
        ({"type": "s2s", "account_id": "noSuchAccount"}, "Account does not exist: noSuchAccount."),
        ({"type": "s2s", "client_id": CLIENT_ID}, "Client ID already in use"),
    ],
)
def test_app_create_errors(server: ServerProcess, body: dict[str, Any], message: str) -> None:
    with server.control() as control:
        r = control.post("/apps", json=body)
    assert r.status_code in (400, 404, 409)
    assert message in r.json()["message"]


def test_dev_app_cannot_be_deleted(server: ServerProcess) -> None:
    with server.control() as control:
        assert control.delete(f"/apps/{CLIENT_ID}").status_code == 400


def test_deleted_app_tokens_stop_working(server: ServerProcess) -> None:
    app = create_app(server, type="s2s")
    token = s2s_token(server, app["client_id"], app["client_secret"], ACCOUNT_ID)
    with client(server, token) as api:
        assert api.get("/users/me").status_code == 200
        with server.control() as control:
            control.delete(f"/apps/{app['client_id']}")
        assert api.get("/users/me").status_code == 401
    r = httpx.post(
        server.base_url + "/oauth/token",
        params={"grant_type": "account_credentials", "account_id": ACCOUNT_ID},
        auth=(app["client_id"], app["client_secret"]),
    )
    assert r.json()["error"] == "invalid_client"


def test_account_creation(server: ServerProcess) -> None:
    sub = create_account(server, master_account_id=ACCOUNT_ID, plan="pro", account_name="Sub Co")
    assert sub.raw["master_account_id"] == ACCOUNT_ID and sub.raw["account_type"] == "Pro"
    assert sub.raw["app"]["type"] == "s2s"
    with client(server, s2s_token(server, sub.client_id, sub.client_secret, sub.id)) as api:
        me = api.get("/users/me").json()
        assert me["id"] == sub.owner_id and me["account_id"] == sub.id
    with server.control() as control:
        assert control.get(f"/accounts/{sub.id}").json()["account_name"] == "Sub Co"
        ids = {a["id"] for a in control.get("/accounts").json()["accounts"]}
        assert {sub.id, ACCOUNT_ID} <= ids
        bare = control.post(
            "/accounts", json={"owner_email": unique_email(), "s2s_app": False}
        ).json()
        assert bare["app"] is None and bare["master_account_id"] == ""
        # Only master accounts have sub-accounts; emails are unique.
        r = control.post(
            "/accounts", json={"owner_email": unique_email(), "master_account_id": sub.id}
        )
        assert r.status_code == 404
        r = control.post("/accounts", json={"owner_email": sub.owner_email})
        assert r.status_code == 409


def test_cli_apps(server: ServerProcess, capsys: pytest.CaptureFixture[str]) -> None:
    from zoomstack.cli import main

    port = ["--port", str(server.port)]
    assert (
        main(
            [
                "apps",
                "add",
                "--type",
                "user",
                "--name",
                "CLI App",
                "--scope",
                "user:read,meeting:read",
                "--redirect-uri",
                "https://cli.example.com/cb",
                "--json",
                *port,
            ]
        )
        == 0
    )
    app = json.loads(capsys.readouterr().out)
    assert app["name"] == "CLI App" and app["scopes"] == ["user:read", "meeting:read"]
    assert main(["apps", "list", *port]) == 0
    listing = capsys.readouterr().out
    assert app["client_id"] in listing and "CLI App" in listing
    assert main(["apps", "add", "--type", "chatbot", *port]) == 0
    assert "client secret" in capsys.readouterr().out
    assert main(["apps", "remove", app["client_id"], *port]) == 0
    assert main(["apps", "remove", app["client_id"], *port]) == 1
