"""`zoomstack faults ...`: add, list and remove fault rules of a running server."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from typing import Any

from zoomstack import cli_groups
from zoomstack.cli_groups import ClientFactory, answer
from zoomstack.faults.rules import PRESETS

BASE = "/_zoomstack/faults"


def add_commands(
    sub: Any, add_server_flags: Callable[[argparse.ArgumentParser], None], client: ClientFactory
) -> None:
    command = cli_groups.group(
        sub,
        "faults",
        "fault injection: make chosen requests of a running server fail or slow down",
        add_server_flags,
        client,
        json_flag=True,
    )
    c = command("add", "add a rule", _add)
    c.add_argument("--method", help="only this HTTP method")
    c.add_argument("--path", default="*", help="path pattern, e.g. '/v2/users/*' (default: all)")
    c.add_argument("--operation", help="only this operation ID (see `zoomstack ops --all`)")
    c.add_argument("--preset", choices=sorted(PRESETS))
    c.add_argument("--status", type=int, help="HTTP status to answer")
    c.add_argument("--code", type=int, help="Zoom error code of the body")
    c.add_argument("--message", help="message of the body")
    c.add_argument("--body", help="a JSON document to answer instead of an error body")
    c.add_argument(
        "--header", action="append", default=[], metavar="NAME:VALUE", help="extra header"
    )
    c.add_argument("--delay-ms", type=int, help="wait this long first")
    c.add_argument("--after", type=int, help="let this many matching requests through first")
    c.add_argument("--times", type=int, help="apply to this many matching requests, then stop")
    c.add_argument("--probability", type=float, help="fire with this probability (0-1]")
    command("list", "list the rules and how often they matched", _list)
    c = command("remove", "remove a rule", _remove)
    c.add_argument("id")
    command("clear", "remove every rule", _clear)


def _line(f: dict[str, Any]) -> str:
    what = f["preset"] or (f["status"] and f"HTTP {f['status']}") or "delay"
    if f["delay_ms"]:
        what += f" after {f['delay_ms']} ms"
    where = " ".join(x for x in (f["method"], f["operation"], f["path"]) if x)
    left = "" if f["remaining"] is None else f"  remaining={f['remaining']}"
    return f"{f['id']}  {what:<24}  {where}  matched={f['matched']}{left}"


def _add(client: Any, args: argparse.Namespace) -> int:
    body: dict[str, Any] = {"path": args.path}
    for name in (
        "method",
        "operation",
        "preset",
        "status",
        "code",
        "message",
        "delay_ms",
        "after",
        "times",
        "probability",
    ):
        value = getattr(args, name)
        if value is not None:
            body[name] = value
    if args.body is not None:
        body["body"] = json.loads(args.body)
    if args.header:
        body["headers"] = dict(h.split(":", 1) for h in args.header)
        body["headers"] = {k.strip(): v.strip() for k, v in body["headers"].items()}
    return answer(client.post(BASE, json=body), args, lambda f: print(_line(f)))


def _list(client: Any, args: argparse.Namespace) -> int:
    def render(d: dict[str, Any]) -> None:
        for f in d["faults"]:
            print(_line(f))

    return answer(client.get(BASE), args, render)


def _remove(client: Any, args: argparse.Namespace) -> int:
    return answer(client.delete(f"{BASE}/{args.id}"), args, lambda d: print(f"removed {args.id}"))


def _clear(client: Any, args: argparse.Namespace) -> int:
    return answer(client.delete(BASE), args, lambda d: print("removed every rule"))
