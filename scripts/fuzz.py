"""Fuzz the whole API from Zoom's own documents with schemathesis (`make fuzz`).

Starts a throwaway server (SQLite, rate limits off), then lets schemathesis generate requests
for every operation of every OpenAPI document in ../shared/zoom-spec (current, master-account
and legacy). zoomstack answers operations it does not build with 501, which schemathesis also
counts as a server error, so the verdict here comes from the server itself: every unhandled
exception is logged as "unhandled error on METHOD PATH" with its traceback, and any such line
fails the run. `--conformance` also prints schemathesis' response-schema findings (Zoom's
documents contradict themselves in places, so those are for reading, not a verdict).

Random path IDs mostly meet 404s, so the server is seeded first (users, meetings, webinars,
groups) and most generated requests use those IDs for their path parameters
(schemathesis' parameter dictionaries); the rest stay random.

    make fuzz                      # every document, 60 s each
    make fuzz FUZZ_ARGS="--seconds 20 meetings users"
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[1]
SPEC_DIR = REPO.parent / "shared" / "zoom-spec"
ACCOUNT = "zoomstackDevAccount001"
CLIENT = ("zoomstackDevClientId01", "zoomstack-dev-client-secret-000000")


def _documents(names: list[str]) -> list[Path]:
    found = sorted(p for p in SPEC_DIR.rglob("*.json") if "webhooks" not in p.parts)
    if names:
        found = [p for p in found if p.stem in names or str(p.relative_to(SPEC_DIR)) in names]
    return found


def _seed(base: str, token: str) -> dict[str, list[str]]:
    """Resources for the path parameters, several of each: a run may delete some early."""
    api = httpx.Client(base_url=base + "/v2", headers={"Authorization": f"Bearer {token}"})
    users = ["me"]
    for i in range(3):
        info = {
            "email": f"fuzz{i}@example.com",
            "type": 1,
            "first_name": "Fuzz",
            "last_name": str(i),
        }
        r = api.post("/users", json={"action": "custCreate", "user_info": info})
        if r.status_code == 201:
            users.append(r.json()["id"])
    meetings: list[str] = []
    start = {"start_time": "2030-07-01T10:00:00Z", "duration": 30}
    for body in (
        {"topic": "fuzz", "type": 2, **start},
        {"topic": "fuzz series", "type": 8, **start, "recurrence": {"type": 1, "end_times": 3}},
        {"topic": "fuzz registration", "type": 2, **start, "settings": {"approval_type": 0}},
    ):
        r = api.post("/users/me/meetings", json=body)
        if r.status_code == 201:
            meetings.append(str(r.json()["id"]))
    webinars: list[str] = []
    for _ in range(2):
        r = api.post("/users/me/webinars", json={"topic": "fuzz", "type": 5, **start})
        if r.status_code == 201:
            webinars.append(str(r.json()["id"]))
    groups: list[str] = []
    r = api.post("/groups", json={"name": "fuzz"})
    if r.status_code == 201:
        groups.append(r.json()["id"])
    return {"userId": users, "meetingId": meetings, "webinarId": webinars, "groupId": groups}


def _config(seeded: dict[str, list[str]], path: Path) -> Path:
    """A schemathesis config binding path parameters to the seeded IDs most of the time."""
    lines = []
    for name, values in seeded.items():
        if values:
            quoted = ", ".join(f'"{v}"' for v in values)
            lines += [f"[dictionaries.{name}]", f"values = [{quoted}]", ""]
    lines.append("[parameters]")
    for name, values in seeded.items():
        if values:
            lines.append(f'"path.{name}" = {{ dictionary = "{name}", probability = 0.8 }}')
    path.write_text("\n".join(lines) + "\n")
    return path


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("documents", nargs="*", help="document names (meetings, legacy/...)")
    parser.add_argument("--seconds", type=int, default=60, help="time per document")
    parser.add_argument("--examples", type=int, default=20, help="examples per operation")
    parser.add_argument("--conformance", action="store_true", help="also check responses")
    args = parser.parse_args()
    if not SPEC_DIR.is_dir():
        print(f"skipped: {SPEC_DIR} (Zoom's documents) is not beside the repository")
        return 0
    st = shutil.which("schemathesis") or str(Path(sys.executable).parent / "schemathesis")
    if not Path(st).exists():
        print("schemathesis is not installed: pip install -e '.[fuzz]'")
        return 2
    data_dir = tempfile.mkdtemp(prefix="zs-fuzz-")
    port = _free_port()
    log_path = Path(data_dir) / "server.log"
    env = {k: v for k, v in os.environ.items() if not k.startswith("ZOOMSTACK_")}
    env |= {
        "ZOOMSTACK_PORT": str(port),
        "ZOOMSTACK_DATA_DIR": data_dir,
        "ZOOMSTACK_RATE_LIMITS": "0",
    }
    with log_path.open("wb") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "zoomstack", "serve"], env=env, stdout=log, stderr=log
        )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                if httpx.get(base + "/_zoomstack/health").status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.05)
        checks = "not_a_server_error" + (",response_schema_conformance" if args.conformance else "")
        for doc in _documents(args.documents):
            # A fresh token and fresh resources per document: the previous run may have
            # revoked the one and deleted the others.
            token = _token(base)
            config = _config(_seed(base, token), Path(data_dir) / "schemathesis.toml")
            print(f"== {doc.relative_to(SPEC_DIR)}", flush=True)
            out = subprocess.run(
                [
                    st,
                    "--config-file",
                    str(config),
                    "run",
                    str(doc),
                    "--url",
                    base + "/v2",
                    "-H",
                    f"Authorization: Bearer {token}",
                    "-c",
                    checks,
                    "--max-time",
                    str(args.seconds),
                    "-n",
                    str(args.examples),
                    "--continue-on-failure",
                    "--warnings",
                    "off",
                ],
                capture_output=True,
                text=True,
                # schemathesis keeps a cache in its working directory: the throwaway one.
                cwd=data_dir,
            ).stdout
            if args.conformance:
                _print_conformance(out)
    finally:
        server.terminate()
        server.wait(10)
    errors = re.findall(r"unhandled error on .*", log_path.read_text(errors="replace"))
    if errors:
        print(f"\n{len(errors)} unhandled errors (500s); tracebacks in {log_path}:")
        for line in sorted(set(errors)):
            print("  " + line)
        return 1
    shutil.rmtree(data_dir, ignore_errors=True)
    print("\nno 500s")
    return 0


def _token(base: str) -> str:
    r = httpx.post(
        base + "/oauth/token",
        params={"grant_type": "account_credentials", "account_id": ACCOUNT},
        auth=CLIENT,
    )
    return str(r.json()["access_token"])


def _print_conformance(out: str) -> None:
    operation = ""
    for line in out.splitlines():
        if re.match(r"^_+ [A-Z]+ ", line):
            operation = line.strip("_ ")
        elif "ST108" in line and operation:
            print(f"  response schema: {operation}")
            operation = ""


if __name__ == "__main__":
    sys.exit(main())
