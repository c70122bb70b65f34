"""`zoomstack snapshots ...`: save, restore, export and import the whole state of a running
server."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from zoomstack import cli_groups
from zoomstack.cli_groups import ClientFactory, answer

BASE = "/_zoomstack/snapshots"


def add_commands(
    sub: Any, add_server_flags: Callable[[argparse.ArgumentParser], None], client: ClientFactory
) -> None:
    command = cli_groups.group(
        sub,
        "snapshots",
        "save and restore the whole state of a running server",
        add_server_flags,
        client,
        json_flag=True,
    )
    c = command("save", "save the current state under a name (replacing one so named)", _save)
    c.add_argument("name", nargs="?", default="default")
    c = command("restore", "replace the whole state with a saved one", _restore)
    c.add_argument("name", nargs="?", default="default")
    command("list", "list saved states", _list)
    c = command("export", "write a saved state to a file (or stdout)", _export)
    c.add_argument("name")
    c.add_argument("file", nargs="?", help="default: standard output")
    c = command("import", "save a state from a file under a name", _import)
    c.add_argument("name")
    c.add_argument("file")
    c = command("remove", "delete a saved state", _remove)
    c.add_argument("name")


def _line(s: dict[str, Any]) -> str:
    return f"{s['name']:<24}  {s['created_at']}  {s['size_bytes']} bytes"


def _save(client: Any, args: argparse.Namespace) -> int:
    return answer(client.post(BASE, json={"name": args.name}), args, lambda s: print(_line(s)))


def _restore(client: Any, args: argparse.Namespace) -> int:
    resp = client.post(f"{BASE}/{args.name}/restore")
    return answer(resp, args, lambda d: print(f"restored {args.name}"))


def _list(client: Any, args: argparse.Namespace) -> int:
    def render(d: dict[str, Any]) -> None:
        for s in d["snapshots"]:
            print(_line(s))

    return answer(client.get(BASE), args, render)


def _export(client: Any, args: argparse.Namespace) -> int:
    resp = client.get(f"{BASE}/{args.name}")
    if resp.status_code >= 400:
        print(resp.text, file=sys.stderr)
        return 1
    if args.file:
        Path(args.file).write_bytes(resp.content)
    else:
        sys.stdout.write(resp.text + "\n")
    return 0


def _import(client: Any, args: argparse.Namespace) -> int:
    data = Path(args.file).read_bytes()
    resp = client.put(
        f"{BASE}/{args.name}", content=data, headers={"content-type": "application/json"}
    )
    return answer(resp, args, lambda s: print(_line(s)))


def _remove(client: Any, args: argparse.Namespace) -> int:
    return answer(
        client.delete(f"{BASE}/{args.name}"), args, lambda d: print(f"removed {args.name}")
    )
