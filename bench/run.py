"""One-command benchmarks (`make bench`): cold start, idle memory, GET throughput vs a bare app.

Everything runs on loopback, bounded in time. Throughput uses `wrk` (Debian package `wrk`,
installed when missing and running as root); both servers run on the same stack (uvicorn with
uvloop and httptools, zoomstack's server protocol and settings), one process each, measured in
the same run, alternating, best of N.
Results print as JSON and are written to bench/results.json.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "5"))
DURATION = os.environ.get("BENCH_DURATION", "5s")
CONNECTIONS = os.environ.get("BENCH_CONNECTIONS", "32")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def ensure_tool(binary: str, package: str) -> str | None:
    """The path of `binary`, installing Debian's `package` when missing and running as root."""
    found = shutil.which(binary)
    if found or os.geteuid() != 0 or not shutil.which("apt-get"):
        return found

    def apt(*args: str) -> None:
        subprocess.run(
            ["apt-get", *args], check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )

    apt("install", "-y", "-qq", package)
    if not shutil.which(binary):
        apt("update", "-qq")
        apt("install", "-y", "-qq", package)
    return shutil.which(binary)


def ensure_wrk() -> str:
    found = ensure_tool("wrk", "wrk")
    if not found:
        sys.exit("wrk is required (apt-get install wrk)")
    return found


def start_zoomstack(port: int, data_dir: str) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ZOOMSTACK_")}
    env |= {"ZOOMSTACK_PORT": str(port), "ZOOMSTACK_DATA_DIR": data_dir}
    return subprocess.Popen(
        [sys.executable, "-m", "zoomstack", "serve"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=REPO,
    )


def start_hello(port: int) -> subprocess.Popen[bytes]:
    # hello_app.py serves itself with zoomstack's uvicorn settings and server protocol.
    return subprocess.Popen(
        [sys.executable, str(HERE / "hello_app.py"), str(port)],
        cwd=HERE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def wait_200(url: str, proc: subprocess.Popen[bytes], timeout: float = 20) -> float:
    """Seconds until `url` first answers 200."""
    t0 = time.perf_counter()
    with httpx.Client(timeout=2) as client:
        while time.perf_counter() - t0 < timeout:
            if proc.poll() is not None:
                sys.exit(f"server exited with {proc.returncode}")
            try:
                if client.get(url).status_code == 200:
                    return time.perf_counter() - t0
            except httpx.HTTPError:
                pass
            time.sleep(0.005)
    sys.exit(f"no 200 from {url} within {timeout}s")


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()


def wrk(wrk_bin: str, url: str, headers: dict[str, str]) -> float:
    cmd = [wrk_bin, "-t1", f"-c{CONNECTIONS}", f"-d{DURATION}"]
    for k, v in headers.items():
        cmd += ["-H", f"{k}: {v}"]
    out = subprocess.run([*cmd, url], capture_output=True, text=True, check=True).stdout
    if "Non-2xx" in out:
        sys.exit(f"non-2xx answers during the benchmark:\n{out}")
    match = re.search(r"Requests/sec:\s+([\d.]+)", out)
    assert match, out
    return float(match.group(1))


def compile_bytecode() -> None:
    """Write current .pyc files first, as an installed package has them: where the environment
    sets PYTHONDONTWRITEBYTECODE, edited modules would otherwise be compiled at every start."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(REPO / "src")],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def cold_start() -> dict[str, Any]:
    compile_bytecode()
    samples = []
    for _ in range(ROUNDS):
        data_dir = tempfile.mkdtemp(prefix="zs-bench-")
        port = free_port()
        proc = start_zoomstack(port, data_dir)
        try:
            samples.append(wait_200(f"http://127.0.0.1:{port}/_zoomstack/health", proc))
        finally:
            stop(proc)
            shutil.rmtree(data_dir, ignore_errors=True)
    return {
        "cold_start_s": round(min(samples), 3),
        "cold_start_samples_s": [round(s, 3) for s in samples],
    }


def main() -> None:
    wrk_bin = ensure_wrk()
    results: dict[str, Any] = {
        "machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0]}
    }
    results |= cold_start()

    data_dir = tempfile.mkdtemp(prefix="zs-bench-")
    zport, hport = free_port(), free_port()
    zs = start_zoomstack(zport, data_dir)
    hello = start_hello(hport)
    try:
        base = f"http://127.0.0.1:{zport}"
        wait_200(base + "/_zoomstack/health", zs)
        wait_200(f"http://127.0.0.1:{hport}/", hello)
        token = httpx.post(
            base + "/oauth/token",
            params={"grant_type": "account_credentials", "account_id": "zoomstackDevAccount001"},
            auth=("zoomstackDevClientId01", "zoomstack-dev-client-secret-000000"),
        ).json()["access_token"]
        auth = {"Authorization": f"Bearer {token}"}
        # Zoom's 80 requests/s would throttle the load; a huge per-second limit keeps the
        # rate-limit counting and headers in the measured path.
        httpx.patch(
            base + "/_zoomstack/accounts/zoomstackDevAccount001/rate_limits",
            json={"overrides": {"LIGHT": {"per_second": 10**9}}},
        ).raise_for_status()
        assert httpx.get(base + "/v2/users/me", headers=auth).status_code == 200
        time.sleep(1)
        results["idle_rss_mb"] = round(rss_mb(zs.pid), 1)
        hello_rps, get_rps = [], []
        for _ in range(ROUNDS):
            hello_rps.append(wrk(wrk_bin, f"http://127.0.0.1:{hport}/", {}))
            get_rps.append(wrk(wrk_bin, base + "/v2/users/me", auth))
        results["hello_rps"] = round(max(hello_rps))
        results["get_user_rps"] = round(max(get_rps))
        results["get_vs_hello"] = round(max(get_rps) / max(hello_rps), 3)
        # Each round's pair ran back to back: their ratios show how noisy the machine was.
        results["get_vs_hello_per_round"] = [
            round(g / h, 3) for g, h in zip(get_rps, hello_rps, strict=True)
        ]
        results["rss_after_load_mb"] = round(rss_mb(zs.pid), 1)
    finally:
        stop(zs)
        stop(hello)
        shutil.rmtree(data_dir, ignore_errors=True)
    results["targets"] = {
        "cold_start_under_1s": results["cold_start_s"] < 1.0,
        "idle_rss_under_80mb": results["idle_rss_mb"] < 80,
        "get_at_least_half_of_hello": results["get_vs_hello"] >= 0.5,
    }
    text = json.dumps(results, indent=2)
    print(text)
    (HERE / "results.json").write_text(text + "\n")


if __name__ == "__main__":
    main()
