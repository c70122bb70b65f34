"""Command groups of the CLI that talk to a running server (`apps`, `webhooks`, `sim`).

Each group is a subparser whose commands share the server flags, a control-API client, and
(where the group prints data) a `--json` switch.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from typing import Any

ClientFactory = Callable[[argparse.Namespace], tuple[Any, Any]]
CommandFn = Callable[[Any, argparse.Namespace], int]
AddCommand = Callable[[str, str, CommandFn], argparse.ArgumentParser]


def group(
    sub: Any,
    name: str,
    text: str,
    add_server_flags: Callable[[argparse.ArgumentParser], None],
    client: ClientFactory,
    *,
    json_flag: bool,
) -> AddCommand:
    """Add the group `name` (its bare form prints its help and exits with 2); returns the
    function that adds one command: `command(name, help, fn)` with `fn(client, args)`."""
    p = sub.add_parser(name, help=text)
    cmds = p.add_subparsers(dest=f"{name}_command", metavar="COMMAND")
    p.set_defaults(fn=lambda args: _usage(p))

    def command(cmd: str, cmd_text: str, fn: CommandFn) -> argparse.ArgumentParser:
        c: argparse.ArgumentParser = cmds.add_parser(cmd, help=cmd_text)
        add_server_flags(c)
        if json_flag:
            c.add_argument("--json", action="store_true", help="print the raw JSON answer")
        c.set_defaults(fn=lambda args: fn(client(args)[0], args))
        return c

    return command


def answer(resp: Any, args: argparse.Namespace, render: Callable[[Any], None]) -> int:
    """Print a control-API answer: the error body on stderr, else `render` it (or the raw
    JSON with --json)."""
    if resp.status_code >= 400:
        print(resp.text, file=sys.stderr)
        return 1
    data = resp.json() if resp.content else {}
    if args.json:
        print(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        render(data)
    return 0


def _usage(p: argparse.ArgumentParser) -> int:
    p.print_help()
    return 2
