"""Shared fixtures: a real server process on loopback per test worker.

The store is SQLite unless ZOOMSTACK_TEST_DATABASE_URL names a PostgreSQL server, in which case
every server gets a fresh database there. `make test-all` runs the suite both ways.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from hypothesis import settings

sys.path.insert(0, str(Path(__file__).resolve().parent))

from support.server import ServerProcess, shared_dir

# CI explores the same examples every run (a submission must not fail on a newly drawn one);
# local runs keep drawing new examples, which is how the fuzz tests find bugs.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")


@pytest.fixture(scope="session")
def server() -> Iterator[ServerProcess]:
    proc = ServerProcess.for_current_store().start()
    yield proc
    proc.stop()


@pytest.fixture(scope="session")
def token(server: ServerProcess) -> str:
    return server.token()


@pytest.fixture()
def api(server: ServerProcess, token: str) -> Iterator[httpx.Client]:
    with server.api(token) as client:
        yield client


@pytest.fixture()
def control(server: ServerProcess) -> Iterator[httpx.Client]:
    with server.control() as client:
        yield client


@pytest.fixture(scope="session")
def shared() -> Path:
    path = shared_dir()
    if path is None:
        pytest.skip("../shared (Zoom's spec files and scope list) is not beside the repository")
    return path
