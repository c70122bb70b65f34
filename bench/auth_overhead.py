"""What scope and rate-limit checks cost per request (issue 7 target: < 5% of GET throughput).

"On" means scopes checked and the dev account rate-limited with a per-second limit too high
to reach (so counting and the four X-RateLimit-* headers run); "off" means
ZOOMSTACK_SCOPE_CHECKS=0 and the account's limits switched off. Four measurements of
GET /v2/users/me, on vs off:

- Instructions (the headline, when valgrind is installed): user-space instructions per
  request through the whole server stack in one process (stack_inprocess.py: uvicorn's
  parser, zoomstack's protocol and app, SQLite), counted by callgrind as the difference of
  two run lengths. Deterministic: a shared VM's noise does not touch it.
- Stack time: the same stack timed, one worker process per configuration, rounds rotating,
  best of each, with an identical "off" twin for the noise floor.
- HTTP: wrk against three server processes (on, off, off twin), rounds rotating. On a
  two-core machine wrk shares the cores with the server, so this is the noisiest: reported
  with its noise floor, not judged.
- The checks alone (scope rule + limiter admission, outside any cache) timed in a loop,
  against the stack's time per request: an upper bound that also covers answers the
  pure-GET cache does not serve.

Results print as JSON and go to bench/auth_overhead.json.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import run  # noqa: E402  (bench/run.py: wrk, process helpers)

ACCOUNT = "zoomstackDevAccount001"
CLIENT = ("zoomstackDevClientId01", "zoomstack-dev-client-secret-000000")
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "4"))


def start(env_extra: dict[str, str]) -> tuple[subprocess.Popen[bytes], str, str]:
    port = run.free_port()
    data_dir = tempfile.mkdtemp(prefix="zs-bench-auth-")
    env = {k: v for k, v in os.environ.items() if not k.startswith("ZOOMSTACK_")}
    env |= {"ZOOMSTACK_PORT": str(port), "ZOOMSTACK_DATA_DIR": data_dir, **env_extra}
    proc = subprocess.Popen(
        [sys.executable, "-m", "zoomstack", "serve"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=run.REPO,
    )
    base = f"http://127.0.0.1:{port}"
    run.wait_200(base + "/_zoomstack/health", proc)
    return proc, base, data_dir


def token(base: str) -> str:
    r = httpx.post(
        base + "/oauth/token",
        params={"grant_type": "account_credentials", "account_id": ACCOUNT},
        auth=CLIENT,
    )
    r.raise_for_status()
    return str(r.json()["access_token"])


def limits(base: str, body: dict[str, Any]) -> None:
    httpx.patch(f"{base}/_zoomstack/accounts/{ACCOUNT}/rate_limits", json=body).raise_for_status()


def in_process(n: int = 200_000) -> dict[str, float]:
    """Nanoseconds per request of the checks alone, as the edge runs them."""
    from zoomstack import registry, scopes
    from zoomstack.bootstrap import dev_app_scopes
    from zoomstack.http.messages import JSON_LINE
    from zoomstack.principal import Principal
    from zoomstack.ratelimit import policy
    from zoomstack.ratelimit.limiter import RateLimiter

    ops = registry.build()
    op = next(o for o in ops if o.method == "GET" and o.path == "/users/{userId}")
    rules = scopes.build(ops)
    guards = {id(o): (rules.get(id(o)), o.rate_label or "LIGHT") for o in ops}
    principal = Principal(
        account_id=ACCOUNT,
        app_id="app",
        client_id=CLIENT[0],
        kind="s2s",
        scopes=frozenset(dev_app_scopes()),
        expires_ms=2**62,
        user_id="u",
        user_email="owner@example.com",
    )

    class Tx:
        def get(self, kind: str, id: str, account: str | None) -> dict[str, Any] | None:
            if kind == policy.KIND:
                return {"overrides": {"LIGHT": {"per_second": 10**9}}}
            return {"plan": "business"}

    limiter = RateLimiter(enabled=True, shared_store=False)
    tx: Any = Tx()
    now_ms = int(time.time() * 1000)
    lines = b""
    t0 = time.perf_counter()
    for _ in range(n):
        rule, label = guards[id(op)]
        if rule is not None:
            rule.check(principal)
        limits = limiter.admit(tx, ACCOUNT, label, now_ms, now_ms)
        if limits is not None:
            lines = JSON_LINE + limits
    checks_ns = (time.perf_counter() - t0) / n * 1e9
    assert lines
    t0 = time.perf_counter()
    for _ in range(n):
        rule, label = guards[id(op)]
    lookup_ns = (time.perf_counter() - t0) / n * 1e9
    return {"checks_ns": round(checks_ns, 1), "loop_ns": round(lookup_ns, 1)}


def stack_in_process(rounds: int = 15, n: int = 20_000) -> dict[str, Any]:
    """GET /v2/users/me through the whole server stack without sockets (stack_inprocess.py),
    checks on and off, one worker process per configuration, rounds rotating; best of each."""
    workers = {
        name: subprocess.Popen(
            [sys.executable, str(HERE / "stack_inprocess.py"), "on" if name == "on" else "off"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            cwd=run.REPO,
        )
        for name in ("on", "off", "off_twin")
    }
    samples: dict[str, list[float]] = {name: [] for name in workers}
    try:
        for proc in workers.values():
            assert proc.stdout is not None
            if proc.stdout.readline().strip() != "ready":
                sys.exit("in-process stack worker failed to start")
        names = list(workers)
        for i in range(rounds):
            for name in names[i % 3 :] + names[: i % 3]:
                proc = workers[name]
                assert proc.stdin is not None and proc.stdout is not None
                proc.stdin.write(f"{n}\n")
                proc.stdin.flush()
                samples[name].append(float(proc.stdout.readline()))
    finally:
        for proc in workers.values():
            if proc.stdin is not None:
                proc.stdin.close()
            proc.wait(30)
    best = {name: min(values) for name, values in samples.items()}
    off = min(best["off"], best["off_twin"])
    return {
        "ns_per_request": {name: round(v) for name, v in best.items()},
        "ns_samples": {name: [round(x) for x in values] for name, values in samples.items()},
        "cost_best": round(best["on"] / off - 1, 4),
        "noise_floor_best": round(abs(best["off"] / best["off_twin"] - 1), 4),
        # Each round's three measurements are close in time: their ratios drift less than
        # the best-of figures when the host's load changes during the run.
        **_paired(samples, lower_is_better=True),
    }


def _instructions(config: str, requests: int) -> int:
    out = subprocess.run(
        [
            "valgrind",
            "--tool=callgrind",
            "--callgrind-out-file=/dev/null",
            sys.executable,
            str(HERE / "stack_inprocess.py"),
            config,
            str(requests),
        ],
        capture_output=True,
        text=True,
        check=True,
        cwd=run.REPO,
    )
    match = re.search(r"Collected : (\d+)", out.stderr)
    assert match, out.stderr[-2000:]
    return int(match.group(1))


def stack_instructions(short: int = 1000, long: int = 3000, repeats: int = 3) -> dict[str, Any]:
    """Instructions per request through the whole stack: the difference between a long and
    a short run over the extra requests, so start-up and set-up cancel out. A few hundred
    instructions per request still vary between runs (addresses decide some dictionary
    collisions; the clock-sync interval is wall time), so each figure is the median of a few
    repeats."""
    if run.ensure_tool("valgrind", "valgrind") is None:
        return {"skipped": "valgrind is not installed (apt-get install valgrind)"}
    samples: dict[str, list[int]] = {"on": [], "off": []}
    with ThreadPoolExecutor(max_workers=2) as pool:
        for _ in range(repeats):
            runs = {
                (config, n): pool.submit(_instructions, config, n)
                for config in ("on", "off")
                for n in (short, long)
            }
            for config in ("on", "off"):
                total = runs[(config, long)].result() - runs[(config, short)].result()
                samples[config].append(total // (long - short))
    per = {config: int(statistics.median(values)) for config, values in samples.items()}
    return {
        "per_request": per,
        "samples": samples,
        "cost": round(per["on"] / per["off"] - 1, 4),
    }


def _paired(samples: dict[str, list[float]], lower_is_better: bool) -> dict[str, float]:
    """The median over rounds of on vs the mean of the two "off" twins, and of one twin vs
    the other (the noise floor of that figure)."""
    costs, noise = [], []
    for on, off, twin in zip(samples["on"], samples["off"], samples["off_twin"], strict=True):
        ratio = on / ((off + twin) / 2) if lower_is_better else ((off + twin) / 2) / on
        costs.append(ratio - 1)
        noise.append(abs(off / twin - 1))
    return {
        "cost": round(statistics.median(costs), 4),
        "noise_floor": round(statistics.median(noise), 4),
    }


def http(rounds: int) -> dict[str, Any]:
    wrk_bin = run.ensure_wrk()
    servers = {
        "on": start({}),
        "off": start({"ZOOMSTACK_SCOPE_CHECKS": "0"}),
        "off_twin": start({"ZOOMSTACK_SCOPE_CHECKS": "0"}),
    }
    samples: dict[str, list[float]] = {name: [] for name in servers}
    try:
        auth: dict[str, dict[str, str]] = {}
        for name, (_, base, _) in servers.items():
            if name == "on":
                limits(base, {"overrides": {"LIGHT": {"per_second": 10**9}}})
            else:
                limits(base, {"enabled": False})
            auth[name] = {"Authorization": f"Bearer {token(base)}"}
            probe = httpx.get(base + "/v2/users/me", headers=auth[name])
            assert probe.status_code == 200
            assert ("x-ratelimit-limit" in probe.headers) == (name == "on")
        names = list(servers)
        for i in range(rounds):
            # Rotate which goes first so drift in machine load hits all alike.
            for name in names[i % 3 :] + names[: i % 3]:
                base = servers[name][1]
                samples[name].append(run.wrk(wrk_bin, base + "/v2/users/me", auth[name]))
    finally:
        for proc, _, data_dir in servers.values():
            run.stop(proc)
            shutil.rmtree(data_dir, ignore_errors=True)
    best = {name: max(values) for name, values in samples.items()}
    off_best = max(best["off"], best["off_twin"])
    return _paired(samples, lower_is_better=False) | {
        "rps_best": {name: round(v) for name, v in best.items()},
        "rps_samples": {name: [round(x) for x in values] for name, values in samples.items()},
        "cost_best": round(1 - best["on"] / off_best, 4),
        # Two identical servers differ by this much: HTTP cannot resolve smaller costs here.
        "noise_floor_best": round(abs(1 - best["off"] / best["off_twin"]), 4),
    }


def main() -> None:
    results: dict[str, Any] = {"machine": {"cpus": os.cpu_count()}, "rounds": ROUNDS}
    run.compile_bytecode()
    results["instructions"] = stack_instructions()
    results["stack_time"] = stack_in_process()
    results["http"] = http(ROUNDS)
    checks = in_process()
    per_request_ns = results["stack_time"]["ns_per_request"]["on"]
    results["checks_alone"] = checks | {
        "share_of_request": round(checks["checks_ns"] / per_request_ns, 4)
    }
    stack, web = results["stack_time"], results["http"]
    results["targets"] = {
        "instructions_under_5pct": (
            results["instructions"]["cost"] < 0.05 if "cost" in results["instructions"] else None
        ),
        "stack_time_under_5pct_or_noise": stack["cost"] < max(0.05, stack["noise_floor"]),
        "checks_alone_under_5pct": results["checks_alone"]["share_of_request"] < 0.05,
    }
    # Reported, not judged: on a shared two-core VM, wrk and the server share the cores and
    # rounds drift by more than the effect measured (see noise_floor).
    results["http_informational"] = {
        "cost_under_5pct": web["cost"] < 0.05,
        "within_noise": abs(web["cost"]) <= web["noise_floor"],
    }
    text = json.dumps(results, indent=2)
    print(text)
    (HERE / "auth_overhead.json").write_text(text + "\n")


if __name__ == "__main__":
    main()
