"""`zoomstack sim ...`: drive meetings and webinars of a running server through its control API.

zoomstack sim play scenario.yaml
zoomstack sim start 81234567890
zoomstack sim join 81234567890 --name "Ann Lee" --email ann@example.com --device Mac
zoomstack sim leave 81234567890 ann@example.com
zoomstack sim step 81234567890 poll --body '{"poll_id": "..."}'
zoomstack sim end 81234567890
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from zoomstack import cli_groups
from zoomstack.cli_groups import ClientFactory

BASE = "/_zoomstack/sim"
JOIN_FLAGS = ("name", "email", "user-id", "tk", "role", "device", "ip-address", "location",
              "network-type", "customer-key")  # fmt: skip


def add_commands(
    sub: Any, add_server_flags: Callable[[argparse.ArgumentParser], None], client: ClientFactory
) -> None:
    command = cli_groups.group(
        sub,
        "sim",
        "simulate meetings and webinars on a running server",
        add_server_flags,
        client,
        json_flag=False,
    )

    def target(c: Any) -> None:
        c.add_argument("meeting", help="meeting (or webinar, with --webinar) number")
        c.add_argument("--webinar", action="store_true", help="the number is a webinar's")
        c.add_argument("--at", help="play the step at this time (ISO-8601), not now")

    c = command("play", "play a scenario file (JSON or YAML)", _play)
    c.add_argument("file")
    c = command("state", "show who is in a meeting now", _state)
    target(c)
    c = command("start", "start a meeting as its host (or an alternative host)", _start)
    target(c)
    c.add_argument("--by", help="user id or email of the host or alternative host")
    c = command("join", "a participant joins", _join)
    target(c)
    for flag in JOIN_FLAGS:
        c.add_argument(f"--{flag}")
    c = command("leave", "a participant leaves", _leave)
    target(c)
    c.add_argument("participant", help="name, email, participant_uuid or in-meeting user_id")
    c.add_argument("--reason", default="left")
    c = command("end", "end the meeting", _end)
    target(c)
    c = command("step", "any step by action name with a JSON body", _step)
    target(c)
    c.add_argument("action")
    c.add_argument("--body", default="{}", help="the step's JSON body")


def _answer(resp: Any) -> int:
    try:
        print(json.dumps(resp.json(), indent=2))
    except ValueError:
        print(resp.text)
    return 0 if resp.status_code < 400 else 1


def _path(args: argparse.Namespace) -> str:
    return f"{BASE}/{'webinars' if args.webinar else 'meetings'}/{args.meeting}"


def _post(c: Any, args: argparse.Namespace, action: str, body: dict[str, Any]) -> int:
    if args.at:
        body["at"] = args.at
    return _answer(c.post(f"{_path(args)}/{action}", json=body))


def _play(c: Any, args: argparse.Namespace) -> int:
    path = Path(args.file)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        print(f"cannot read {path}: {exc}", file=sys.stderr)
        return 2
    kind = "application/yaml" if path.suffix.lower() in (".yaml", ".yml") else "application/json"
    return _answer(c.post(BASE + "/scenarios", content=raw, headers={"content-type": kind}))


def _state(c: Any, args: argparse.Namespace) -> int:
    return _answer(c.get(_path(args)))


def _start(c: Any, args: argparse.Namespace) -> int:
    return _post(c, args, "start", {"by": args.by} if args.by else {})


def _join(c: Any, args: argparse.Namespace) -> int:
    body = {
        key.replace("-", "_"): getattr(args, key.replace("-", "_"))
        for key in JOIN_FLAGS
        if getattr(args, key.replace("-", "_"))
    }
    return _post(c, args, "join", body)


def _leave(c: Any, args: argparse.Namespace) -> int:
    return _post(c, args, "leave", {"participant": args.participant, "reason": args.reason})


def _end(c: Any, args: argparse.Namespace) -> int:
    return _post(c, args, "end", {})


def _step(c: Any, args: argparse.Namespace) -> int:
    try:
        body = json.loads(args.body)
    except ValueError:
        print("--body must be a JSON object", file=sys.stderr)
        return 2
    if not isinstance(body, dict):
        print("--body must be a JSON object", file=sys.stderr)
        return 2
    return _post(c, args, args.action, body)
