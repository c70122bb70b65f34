"""Starting servers: options turned into settings, and failures that say why."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from zoomstack.testing import DEFAULT_CLOCK_START, InProcessServer, ServerError, SubprocessServer
from zoomstack.testing import server as server_module
from zoomstack.testing.server import clock_start_text


def test_clock_start_forms() -> None:
    assert clock_start_text(DEFAULT_CLOCK_START) == DEFAULT_CLOCK_START
    assert clock_start_text(datetime(2031, 5, 6, 7, 8, 9)) == "2031-05-06T07:08:09Z"
    plus_two = timezone(timedelta(hours=2))
    assert clock_start_text(datetime(2031, 5, 6, 9, 0, tzinfo=plus_two)) == "2031-05-06T07:00:00Z"
    assert clock_start_text(datetime(2031, 5, 6, tzinfo=UTC)) == "2031-05-06T00:00:00Z"
    for wall in (None, "", "now", "wall"):
        assert clock_start_text(wall) == ""


def test_settings_the_kit_gives_a_server() -> None:
    server = SubprocessServer(
        seed=3, env={"ZOOMSTACK_RATE_LIMITS": "1", "ZOOMSTACK_HOST": "0.0.0.0"}
    )
    env = server.settings_env()
    assert env["ZOOMSTACK_CLOCK_START"] == DEFAULT_CLOCK_START
    assert env["ZOOMSTACK_SEED"] == "3"
    assert env["ZOOMSTACK_RATE_LIMITS"] == "1"  # asked for
    assert env["ZOOMSTACK_HOST"] == "127.0.0.1"  # loopback whatever `env` says
    assert SubprocessServer().settings_env()["ZOOMSTACK_RATE_LIMITS"] == "0"
    assert "ZOOMSTACK_CLOCK_START" not in SubprocessServer(clock_start=None).settings_env()
    with pytest.raises(ServerError, match="not running"):
        _ = server.base_url


def test_an_in_process_server_that_cannot_start_says_why() -> None:
    with pytest.raises(ServerError, match="failed to start") as info:
        InProcessServer(clock_start="not a time").start()
    assert "ZOOMSTACK_CLOCK_START" in str(info.value.__cause__)
    # The failed server gave back the one in-process slot.
    assert not server_module._in_process_lock.locked()
    with pytest.raises(ValueError, match="PYTHONPATH"):
        InProcessServer(env={"PYTHONPATH": "/x"}).start()
    assert not server_module._in_process_lock.locked()
