"""Command line: zoomstack serve | ops | token | reset | clock | version."""

from __future__ import annotations

import argparse
import csv
import os
import sys
from pathlib import Path
from typing import Any

from zoomstack import __version__
from zoomstack.config import Settings, load_settings


def _add_server_flags(p: argparse.ArgumentParser) -> None:
    p.add_argument("--host", help="bind address (ZOOMSTACK_HOST, default 127.0.0.1)")
    p.add_argument("--port", type=int, help="port (ZOOMSTACK_PORT, default 8400)")
    p.add_argument("--data-dir", help="folder of the SQLite file (ZOOMSTACK_DATA_DIR)")
    p.add_argument(
        "--database-url",
        help="postgresql://... to use PostgreSQL instead of SQLite (ZOOMSTACK_DATABASE_URL)",
    )


def _settings(args: argparse.Namespace) -> Settings:
    return load_settings(
        host=getattr(args, "host", None),
        port=getattr(args, "port", None),
        data_dir=getattr(args, "data_dir", None),
        database_url=getattr(args, "database_url", None),
    )


def banner(s: Settings, store: str) -> str:
    base = s.base_url
    return f"""
zoomstack {__version__} — Zoom REST API v2 + OAuth, store: {store}

  API base URL     {base}/v2
  Token URL        {base}/oauth/token
  Account ID       {s.account_id}
  Client ID        {s.client_id}
  Client secret    {s.client_secret}
  Webhook secret   {s.webhook_secret}
  Control API      {base}/_zoomstack/   (health, version, clock, reset, requests, ops)

Try it:
  TOKEN=$(curl -s -X POST -u '{s.client_id}:{s.client_secret}' \\
    '{base}/oauth/token?grant_type=account_credentials&account_id={s.account_id}' \\
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')
  curl -s -H "Authorization: Bearer $TOKEN" {base}/v2/users/me
"""


def cmd_serve(args: argparse.Namespace) -> int:
    import logging

    import uvicorn

    from zoomstack.app import App

    settings = _settings(args)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    app = App(settings)
    print(banner(settings, app.store.dialect), flush=True)
    config = uvicorn.Config(
        app,
        host=settings.host,
        port=settings.port,
        loop="auto",
        http="auto",
        lifespan="on",
        access_log=False,
        log_level="warning",
        server_header=False,
        date_header=False,
    )
    server = uvicorn.Server(config)
    server.run()
    return 0


def find_shared(explicit: str | None = None) -> Path | None:
    if explicit:
        return Path(explicit) if (Path(explicit) / "scope" / "operations.tsv").is_file() else None
    candidates = [os.environ.get("ZOOMSTACK_SHARED")]
    here = Path(__file__).resolve()
    candidates += [str(Path.cwd().parent / "shared"), str(here.parents[3] / "shared")]
    for c in candidates:
        if c and (Path(c) / "scope" / "operations.tsv").is_file():
            return Path(c)
    return None


def coverage(ops: list[Any], shared: Path) -> dict[str, Any]:
    by_key = {(op.method, op.path): op for op in ops}
    rows = list(csv.DictReader((shared / "scope" / "operations.tsv").open(), delimiter="\t"))
    implemented, stubbed, missing = [], [], []
    for row in rows:
        op = by_key.get((row["method"].upper(), row["path"]))
        if op is None:
            missing.append(row)
        elif op.implemented:
            implemented.append(row)
        else:
            stubbed.append(row)
    return {"total": len(rows), "implemented": implemented, "stubbed": stubbed, "missing": missing}


def cmd_ops(args: argparse.Namespace) -> int:
    from zoomstack import registry

    ops = registry.build()
    if args.group or args.all:
        for op in ops:
            if args.group and not (op.spec and args.group.lower() in op.spec.seed_group.lower()):
                continue
            state = "implemented" if op.implemented else "501"
            print(f"{state:12} {op.method:6} /v2{op.path}  {op.operation_id}")
    shared = find_shared(args.shared)
    implemented = sum(1 for op in ops if op.implemented)
    print(
        f"registered operations: {len(ops)} "
        f"(implemented {implemented}, answering 501 {len(ops) - implemented})"
    )
    if shared is None:
        print(
            "coverage report skipped: ../shared/scope/operations.tsv not found (use --shared PATH)"
        )
        return 0
    cov = coverage(ops, shared)
    print(
        f"scope (operations.tsv): {cov['total']} — implemented {len(cov['implemented'])}, "
        f"answering 501 {len(cov['stubbed'])}, missing {len(cov['missing'])}"
    )
    groups: dict[str, list[int]] = {}
    for state, rows in (("i", cov["implemented"]), ("s", cov["stubbed"]), ("m", cov["missing"])):
        for row in rows:
            g = groups.setdefault(row["seed_group"], [0, 0, 0])
            g["ism".index(state)] += 1
    print(f"\n{'seed group':48} {'impl':>5} {'501':>5} {'miss':>5}")
    for name in sorted(groups):
        i, s, m = groups[name]
        print(f"{name:48} {i:5} {s:5} {m:5}")
    for row in cov["missing"]:
        print(f"MISSING {row['method']} {row['path']}")
    return 1 if cov["missing"] else 0


def _client(args: argparse.Namespace) -> tuple[Any, Settings]:
    import httpx

    settings = _settings(args)
    return httpx.Client(base_url=settings.base_url, timeout=10), settings


def cmd_token(args: argparse.Namespace) -> int:
    client, s = _client(args)
    resp = client.post(
        "/oauth/token",
        params={"grant_type": "account_credentials", "account_id": s.account_id},
        auth=(s.client_id, s.client_secret),
    )
    if resp.status_code != 200:
        print(resp.text, file=sys.stderr)
        return 1
    print(resp.json()["access_token"])
    return 0


def cmd_reset(args: argparse.Namespace) -> int:
    client, _ = _client(args)
    resp = client.post("/_zoomstack/reset")
    print(resp.text)
    return 0 if resp.status_code == 200 else 1


def cmd_clock(args: argparse.Namespace) -> int:
    client, _ = _client(args)
    body: dict[str, Any] = {}
    if args.set:
        body["set"] = args.set
    if args.advance is not None:
        body["advance_seconds"] = args.advance
    if args.freeze:
        body["freeze"] = True
    if args.unfreeze:
        body["freeze"] = False
    resp = client.post("/_zoomstack/clock", json=body) if body else client.get("/_zoomstack/clock")
    print(resp.text)
    return 0 if resp.status_code == 200 else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="zoomstack", description="Zoom-compatible API server")
    parser.add_argument("--version", action="version", version=f"zoomstack {__version__}")
    sub = parser.add_subparsers(dest="command")

    p = sub.add_parser("serve", help="run the server")
    _add_server_flags(p)
    p.set_defaults(fn=cmd_serve)

    p = sub.add_parser("ops", help="list operations and the coverage report")
    p.add_argument("--all", action="store_true", help="list every operation")
    p.add_argument("--group", help="list the operations of one seed group")
    p.add_argument("--shared", help="path of the shared reference folder")
    p.set_defaults(fn=cmd_ops)

    for name, fn, text in (
        ("token", cmd_token, "get an access token from a running server"),
        ("reset", cmd_reset, "reset all state of a running server"),
    ):
        p = sub.add_parser(name, help=text)
        _add_server_flags(p)
        p.set_defaults(fn=fn)

    p = sub.add_parser("clock", help="show or change the server clock")
    _add_server_flags(p)
    p.add_argument("--set", help="ISO-8601 time")
    p.add_argument("--advance", type=float, help="seconds to move forward")
    p.add_argument("--freeze", action="store_true")
    p.add_argument("--unfreeze", action="store_true")
    p.set_defaults(fn=cmd_clock)

    args = parser.parse_args(argv)
    if not getattr(args, "fn", None):
        args = parser.parse_args(["serve", *(argv or [])])
    return int(args.fn(args))


if __name__ == "__main__":
    raise SystemExit(main())
