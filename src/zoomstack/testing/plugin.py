"""The pytest plugin (entry point `zoomstack` in the `pytest11` group).

It stays inert until a test asks for one of its fixtures: importing it starts nothing and
loads neither httpx nor the server. Fixtures:

- `zoomstack_server` (session): a server on a free loopback port, or the one `--zoomstack-url`
  names
- `zoomstack_session` (session): a handle on it, without any reset
- `zoomstack` (function): the same handle, after a reset of all state (opt out with
  `@pytest.mark.zoomstack(reset=False)`; `clock=` and `freeze=True` set the clock)
- `zoomstack_env` (function): ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID, ... set for the test
- `zoomstack_receiver` (function): a local webhook receiver subscribed to every event
"""

from __future__ import annotations

import os
from collections.abc import Generator, Iterator
from typing import TYPE_CHECKING, Any

import pytest

from zoomstack.testing import DEFAULT_CLOCK_START

if TYPE_CHECKING:
    from pluggy import Result

    from zoomstack.testing.client import Moment, WebhookReceiver, Zoomstack
    from zoomstack.testing.server import Server

MARKER = (
    "zoomstack(reset=True, clock=None, freeze=False): how the `zoomstack` fixture prepares the "
    "server for this test: reset all state first (reset), set the clock to an ISO-8601 time, "
    "datetime or epoch ms (clock), stop the clock (freeze)"
)

_LOG_MARK = pytest.StashKey[str]()

# Variables the env fixture clears: zoom-python-client caches its token in them, and a token of
# an earlier test (or of real Zoom) would be sent to this server.
_CACHED_TOKEN_VARIABLES = ("ZOOM_ACCESS_TOKEN", "ZOOM_ACCESS_TOKEN_EXPIRE")


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("zoomstack", "zoomstack (Zoom API test server)")
    group.addoption(
        "--zoomstack-url",
        metavar="URL",
        help="use the zoomstack server running at URL instead of starting one "
        "(its state is reset before each test that uses the `zoomstack` fixture)",
    )
    group.addoption(
        "--zoomstack-in-process",
        action="store_true",
        default=None,
        help="serve zoomstack from a thread of the test process instead of a child process",
    )
    group.addoption(
        "--zoomstack-store",
        metavar="DATABASE_URL",
        help="postgresql://... for the started server (default: SQLite in a temporary folder)",
    )
    group.addoption(
        "--zoomstack-clock-start",
        metavar="ISO",
        help=f"where the started server's clock starts (default {DEFAULT_CLOCK_START}; "
        "'now' for the wall clock)",
    )
    group.addoption(
        "--zoomstack-seed",
        metavar="N",
        type=int,
        help="seed for the started server's IDs, UUIDs and passcodes (default: random)",
    )
    parser.addini("zoomstack_url", "like --zoomstack-url", default="")
    parser.addini("zoomstack_in_process", "like --zoomstack-in-process", type="bool", default=False)
    parser.addini("zoomstack_store", "like --zoomstack-store", default="")
    parser.addini("zoomstack_clock_start", "like --zoomstack-clock-start", default="")
    parser.addini("zoomstack_seed", "like --zoomstack-seed", default="")
    parser.addini(
        "zoomstack_server_env",
        "more settings for the started server, one ZOOMSTACK_NAME=value a line",
        type="linelist",
        default=[],
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", MARKER)


def _option(config: pytest.Config, name: str) -> Any:
    """The command line's value, else the ini file's."""
    value = config.getoption(f"zoomstack_{name}")
    if value is None or value == "":
        value = config.getini(f"zoomstack_{name}")
    return value


def _server_env(lines: list[str]) -> dict[str, str]:
    env: dict[str, str] = {}
    for line in lines:
        name, sep, value = line.partition("=")
        name = name.strip()
        if not sep or not name.startswith("ZOOMSTACK_"):
            raise pytest.UsageError(f"zoomstack_server_env: expected ZOOMSTACK_NAME=value: {line}")
        env[name] = value.strip()
    return env


def make_server(config: pytest.Config) -> Server:
    """The server the options describe (not started yet)."""
    from zoomstack.testing.server import ExternalServer, InProcessServer, SubprocessServer

    url = _option(config, "url")
    if url:
        return ExternalServer(str(url))
    seed = _option(config, "seed")
    options: dict[str, Any] = {
        "clock_start": _option(config, "clock_start") or DEFAULT_CLOCK_START,
        "seed": int(seed) if seed not in (None, "") else None,
        "database_url": _option(config, "store") or "",
        "env": _server_env(list(config.getini("zoomstack_server_env"))),
    }
    if _option(config, "in_process"):
        return InProcessServer(**options)
    return SubprocessServer(**options)


@pytest.fixture(scope="session")
def zoomstack_server(pytestconfig: pytest.Config) -> Iterator[Server]:
    """The session's zoomstack server (one per xdist worker)."""
    server = make_server(pytestconfig)
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def zoomstack_session(zoomstack_server: Server) -> Iterator[Zoomstack]:
    """A handle on the session's server that never resets it (for session-wide setup)."""
    handle = zoomstack_server.client()
    handle.server = zoomstack_server
    try:
        yield handle
    finally:
        handle.close()


def _marker_options(reset: bool = True, clock: Moment | None = None, freeze: bool = False) -> Any:
    return reset, clock, freeze


@pytest.fixture()
def zoomstack(zoomstack_session: Zoomstack, request: pytest.FixtureRequest) -> Zoomstack:
    """The handle, with the server reset to its fresh dev setup for this test."""
    marker = request.node.get_closest_marker("zoomstack")
    try:
        reset, clock, freeze = (
            _marker_options(*marker.args, **marker.kwargs) if marker else _marker_options()
        )
    except TypeError as exc:
        pytest.fail(f"@pytest.mark.zoomstack: {exc}", pytrace=False)
    if reset:
        zoomstack_session.reset()
    if freeze:
        zoomstack_session.clock.freeze(at=clock)
    elif clock is not None:
        zoomstack_session.clock.set(clock)
    # Where this test's requests begin in the server's request log (for the failure report).
    last = zoomstack_session.requests(limit=1)
    request.node.stash[_LOG_MARK] = str(last[-1]["tracking_id"]) if last else ""
    return zoomstack_session


@pytest.fixture()
def zoomstack_env(
    zoomstack: Zoomstack, monkeypatch: pytest.MonkeyPatch
) -> Iterator[dict[str, str]]:
    """Point apps configured by environment at the server (Zoomstack.env() lists the names)."""
    env = zoomstack.env()
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    # Not monkeypatch.delenv: it would not undo a token the client cached during the test.
    saved = {name: os.environ.pop(name) for name in _CACHED_TOKEN_VARIABLES if name in os.environ}
    try:
        yield env
    finally:
        for name in _CACHED_TOKEN_VARIABLES:
            os.environ.pop(name, None)
        os.environ.update(saved)


@pytest.fixture()
def zoomstack_receiver(zoomstack: Zoomstack) -> Iterator[WebhookReceiver]:
    """A webhook receiver on loopback, subscribed to every event of the dev account."""
    with zoomstack.receive_webhooks("*") as receiver:
        yield receiver


# An old-style wrapper: `wrapper=True` would make the plugin fail to load on pytest 7.
@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, Result[pytest.TestReport], None]:
    outcome = yield
    report = outcome.get_result()
    mark = item.stash.get(_LOG_MARK, None)
    if report.failed and call.when == "call" and mark is not None:
        from zoomstack.testing.client import Zoomstack

        # A failing test that used the server shows what it asked of the server.
        handle = getattr(item, "funcargs", {}).get("zoomstack_session")
        lines = _requests_since(handle, mark) if isinstance(handle, Zoomstack) else []
        if lines:
            report.sections.append(
                ("zoomstack: requests to the server during the test", "\n".join(lines))
            )


def _requests_since(handle: Zoomstack, mark: str, most: int = 30) -> list[str]:
    try:
        log = handle.requests(limit=1000)
    except Exception:  # the server may be what failed
        return []
    marks = [i for i, r in enumerate(log) if r["tracking_id"] == mark]
    if marks:
        log = log[marks[0] + 1 :]
    lines = [
        f"{r['method']} {r['path']}{'?' + r['query'] if r['query'] else ''} -> {r['status']}"
        for r in log
        if r["path"] != "/_zoomstack/requests"
    ]
    return lines[-most:]
