"""`zoomstack apps ...`: manage the OAuth apps of a running server through its control API."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from typing import Any

from zoomstack import cli_groups
from zoomstack.cli_groups import ClientFactory

BASE = "/_zoomstack/apps"
TYPES = ("s2s", "user", "account", "chatbot", "jwt")


def add_commands(
    sub: Any, add_server_flags: Callable[[argparse.ArgumentParser], None], client: ClientFactory
) -> None:
    command = cli_groups.group(
        sub,
        "apps",
        "OAuth apps (S2S, user/admin OAuth, chatbot, legacy JWT)",
        add_server_flags,
        client,
        json_flag=True,
    )

    c = command("add", "create an app", _add)
    c.add_argument("--type", required=True, choices=TYPES, help="kind of app")
    c.add_argument("--name", help="display name (shown on the consent page)")
    c.add_argument("--account-id", help="owning account (default: the dev account)")
    c.add_argument(
        "--scope",
        action="append",
        help="a scope (repeat, or space/comma separated); default: every scope of the app kind",
    )
    c.add_argument(
        "--redirect-uri", action="append", help="allowed redirect URI (repeat; OAuth apps)"
    )
    c.add_argument("--client-id", help="choose the client ID (default: generated)")
    c.add_argument("--client-secret", help="choose the client secret (default: generated)")
    c = command("list", "list apps", _list)
    c.add_argument("--account-id", help="only this account's apps")
    c = command("remove", "delete an app and revoke its tokens", _remove)
    c.add_argument("client_id")


def _fail(resp: Any) -> int:
    print(resp.text, file=sys.stderr)
    return 1


def _add(client: Any, args: argparse.Namespace) -> int:
    body: dict[str, Any] = {"type": args.type}
    if args.name:
        body["name"] = args.name
    if args.account_id:
        body["account_id"] = args.account_id
    if args.scope:
        body["scopes"] = [s for raw in args.scope for s in raw.replace(",", " ").split()]
    if args.redirect_uri:
        body["redirect_uris"] = args.redirect_uri
    if args.client_id:
        body["client_id"] = args.client_id
    if args.client_secret:
        body["client_secret"] = args.client_secret
    resp = client.post(BASE, json=body)
    if resp.status_code != 201:
        return _fail(resp)
    app = resp.json()
    if args.json:
        print(json.dumps(app, indent=2))
        return 0
    print(f"{app['type_name']} app created: {app['name']}")
    print(f"  account ID     {app['account_id']}")
    print(f"  client ID      {app['client_id']}")
    print(f"  client secret  {app['client_secret']}")
    for uri in app["redirect_uris"]:
        print(f"  redirect URI   {uri}")
    print(f"  scopes         {len(app['scopes'])}")
    return 0


def _list(client: Any, args: argparse.Namespace) -> int:
    params = {"account_id": args.account_id} if args.account_id else {}
    resp = client.get(BASE, params=params)
    if resp.status_code != 200:
        return _fail(resp)
    items = resp.json()["apps"]
    if args.json:
        print(json.dumps(items, indent=2))
        return 0
    for app in items:
        state = "" if app["active"] else "  (inactive)"
        print(f"{app['client_id']:24} {app['type']:8} {app['account_id']:24} {app['name']}{state}")
    return 0


def _remove(client: Any, args: argparse.Namespace) -> int:
    resp = client.delete(f"{BASE}/{args.client_id}")
    if resp.status_code != 204:
        return _fail(resp)
    if not args.json:
        print(f"app {args.client_id} removed")
    return 0
