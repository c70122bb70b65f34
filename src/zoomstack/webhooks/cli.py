"""`zoomstack webhooks ...`: manage subscriptions and read the delivery log of a running server
through its control API."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from typing import Any

from zoomstack import cli_groups
from zoomstack.cli_groups import ClientFactory, answer

BASE = "/_zoomstack/webhooks"


def add_commands(
    sub: Any, add_server_flags: Callable[[argparse.ArgumentParser], None], client: ClientFactory
) -> None:
    command = cli_groups.group(
        sub,
        "webhooks",
        "event subscriptions and deliveries of a running server",
        add_server_flags,
        client,
        json_flag=True,
    )

    c = command("add", "subscribe an endpoint URL", _add)
    c.add_argument("url")
    c.add_argument("--events", default="*", help="comma-separated event names, * for all")
    c.add_argument("--secret", help="secret token (default: the dev app's webhook secret)")
    c.add_argument("--verification-token", help="legacy verification token (authorization)")
    c.add_argument("--no-validate", action="store_true", help="skip the URL validation")
    command("list", "list subscriptions", _list)
    c = command("remove", "delete a subscription", _remove)
    c.add_argument("id")
    c = command("validate", "send the URL validation challenge again", _validate)
    c.add_argument("id")
    c = command("log", "show deliveries and their attempts, newest first", _log)
    c.add_argument("--subscription", help="only this subscription ID")
    c.add_argument("--event", help="only this event name")
    c.add_argument("--state", choices=("pending", "delivered", "failed"))
    c.add_argument("--limit", type=int, default=20)
    c = command("resend", "send a delivery again now", _resend)
    c.add_argument("delivery_id")
    c = command("events", "list events in the outbox (newest first)", _events)
    c.add_argument("--limit", type=int, default=20)
    c = command("test", "enqueue a synthetic event", _test)
    c.add_argument("event")
    c.add_argument("--object", default="{}", help="payload.object as JSON")


def _sub_line(s: dict[str, Any]) -> str:
    return f"{s['id']}  {s['status']:<11}  {','.join(s['events'])}  {s['url']}"


def _add(client: Any, args: argparse.Namespace) -> int:
    body: dict[str, Any] = {"url": args.url, "events": args.events}
    if args.secret:
        body["secret_token"] = args.secret
    if args.verification_token:
        body["verification_token"] = args.verification_token
    if args.no_validate:
        body["validate"] = False
    resp = client.post(BASE + "/subscriptions", json=body)

    def render(s: dict[str, Any]) -> None:
        print(_sub_line(s))
        v = s.get("validation")
        if v and not v.get("ok"):
            print(f"URL validation failed: {v.get('error')}", file=sys.stderr)

    return answer(resp, args, render)


def _list(client: Any, args: argparse.Namespace) -> int:
    resp = client.get(BASE + "/subscriptions")

    def render(d: dict[str, Any]) -> None:
        for s in d["subscriptions"]:
            print(_sub_line(s))

    return answer(resp, args, render)


def _remove(client: Any, args: argparse.Namespace) -> int:
    resp = client.delete(f"{BASE}/subscriptions/{args.id}")
    return answer(resp, args, lambda d: print(f"removed {args.id}"))


def _validate(client: Any, args: argparse.Namespace) -> int:
    resp = client.post(f"{BASE}/subscriptions/{args.id}/validate")
    return answer(resp, args, lambda s: print(_sub_line(s)))


def _delivery_lines(d: dict[str, Any]) -> None:
    print(
        f"#{d['id']}  {d['state']:<9}  {d['event']}  seq={d['seq']}  sub={d['subscription_id']}"
        f"  attempts={d['attempts']}"
        + (f"  next={d['next_attempt_at']}" if d.get("next_attempt_at") else "")
    )
    for a in d.get("attempt_log", []):
        outcome = f"HTTP {a['status']}" if a["status"] is not None else a["error"]
        print(f"    {a['attempt']}. {outcome}  {a['latency_ms']:.1f} ms  {a['response'][:80]}")


def _log(client: Any, args: argparse.Namespace) -> int:
    params: dict[str, Any] = {"limit": args.limit}
    for key, value in (
        ("subscription_id", args.subscription),
        ("event", args.event),
        ("state", args.state),
    ):
        if value:
            params[key] = value
    resp = client.get(BASE + "/deliveries", params=params)

    def render(d: dict[str, Any]) -> None:
        for x in d["deliveries"]:
            _delivery_lines(x)

    return answer(resp, args, render)


def _resend(client: Any, args: argparse.Namespace) -> int:
    resp = client.post(f"{BASE}/deliveries/{args.delivery_id}/resend", params={"wait": "true"})
    return answer(resp, args, _delivery_lines)


def _events(client: Any, args: argparse.Namespace) -> int:
    resp = client.get(BASE + "/events", params={"limit": args.limit, "order": "desc"})

    def render(d: dict[str, Any]) -> None:
        for e in d["events"]:
            state = "fanned out" if e["dispatched"] else "queued"
            print(f"seq={e['seq']}  {e['event']}  {e['account_id']}  {state}")

    return answer(resp, args, render)


def _test(client: Any, args: argparse.Namespace) -> int:
    try:
        obj = json.loads(args.object)
    except ValueError:
        print("--object must be JSON", file=sys.stderr)
        return 2
    resp = client.post(BASE + "/test-event", json={"event": args.event, "object": obj})
    return answer(resp, args, lambda d: print(f"seq={d['seq']}  {d['event']}"))
