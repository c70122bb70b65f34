"""The pytest plugin as a user meets it: generated test suites run by pytester, with the plugin
loaded through its entry point as in any project that installs zoomstack.

Inner runs happen in this process where they can (a child pytest costs seconds of start-up on
a busy 2-core machine); the in-process server mode runs in a child so that its server thread
and pid are the inner run's own."""

from __future__ import annotations

import subprocess
import sys
from importlib.metadata import entry_points
from pathlib import Path

import pytest

# Imported before pytester snapshots sys.modules (it drops what a test imported afterwards):
# inner runs in this process use these modules, and they must stay the same objects.
import zoomstack.testing.plugin
from zoomstack.testing import running
from zoomstack.testing.server import InProcessServer, SubprocessServer

TIMEOUT = 120

USER_SUITE = """
import os
from datetime import UTC, datetime, timedelta

import pytest
import requests
import zoomus

from zoomstack.testing import sign


@pytest.fixture()
def zoom(zoomstack):
    return zoomus.ZoomClient(
        zoomstack.client_id, zoomstack.client_secret, zoomstack.account_id,
        base_uri=zoomstack.api_url, oauth_uri=zoomstack.token_url,
    )


def test_the_server_is_a_throwaway_child_process(zoomstack_server, zoomstack):
    assert zoomstack.health()["pid"] == zoomstack_server.proc.pid != os.getpid()
    # The developer's own ZOOMSTACK_* settings (see the outer test) did not reach it.
    assert zoomstack.health()["store"] == "sqlite"
    assert zoomstack.client_id == "zoomstackDevClientId01"
    with open("data_dir.txt", "w") as f:
        f.write(zoomstack_server.data_dir)


def test_zoomus_talks_to_the_server(zoom):
    assert zoom.user.get(id="me").json()["email"] == "owner@example.com"
    created = zoom.meeting.create(user_id="me", topic="From zoomus", type=2, duration=30)
    assert created.status_code == 201, created.text
    listed = zoom.meeting.list(user_id="me").json()
    assert [m["topic"] for m in listed["meetings"]] == ["From zoomus"]


def test_each_test_starts_from_a_fresh_server(zoomstack):
    assert zoomstack.api.get("/users/me/meetings").json()["total_records"] == 0
    zoomstack.api.post("/users/me/meetings", json={"topic": "Kept", "type": 2})


@pytest.mark.zoomstack(reset=False)
def test_a_marker_keeps_the_state_of_the_test_before(zoomstack):
    meetings = zoomstack.api.get("/users/me/meetings").json()["meetings"]
    assert [m["topic"] for m in meetings] == ["Kept"]


def test_the_clock_starts_at_a_fixed_instant_and_moves_on_request(zoomstack, zoom):
    start = datetime(2030, 6, 12, 12, 0, tzinfo=UTC)
    assert timedelta(0) <= zoomstack.clock.now() - start < timedelta(seconds=30)
    frozen = zoomstack.clock.freeze()
    assert zoomstack.clock.advance(hours=2) == frozen + timedelta(hours=2)
    # zoomus's token is two hours old on the server clock now.
    assert zoom.user.get(id="me").json()["code"] == 124
    assert zoomstack.api.get("/users/me").status_code == 200


@pytest.mark.zoomstack(clock="2031-01-01T00:00:00Z", freeze=True)
def test_a_marker_sets_the_clock(zoomstack):
    assert zoomstack.clock.now() == datetime(2031, 1, 1, tzinfo=UTC)


def test_a_signed_webhook_arrives(zoomstack, zoomstack_receiver):
    zoomstack.api.patch("/users/me", json={"first_name": "Ada"})
    event = zoomstack_receiver.wait_for_event("user.updated")
    assert event.verified and event.object["first_name"] == "Ada"
    stamp = event.headers["x-zm-request-timestamp"]
    assert event.headers["x-zm-signature"] == sign(zoomstack.webhook_secret, stamp, event.body)
    assert len(zoomstack_receiver.validations) == 1


def test_a_simulated_meeting(zoomstack, zoom, zoomstack_receiver):
    number = zoom.meeting.create(user_id="me", topic="Sim", type=2).json()["id"]
    zoomstack.clock.freeze()
    zoomstack.sim.start(number)
    zoomstack.sim.join(number, "Ann Lee", email="ann@example.com")
    zoomstack.clock.advance(minutes=30)
    zoomstack.sim.end(number)
    zoomstack_receiver.wait_for_event("meeting.ended")
    names = [e.event for e in zoomstack_receiver.events("meeting.*")]
    assert names[:2] == ["meeting.created", "meeting.started"] and names[-1] == "meeting.ended"
    past = zoomstack.api.get(f"/past_meetings/{number}").json()
    assert (past["duration"], past["participants_count"]) == (30, 2)


def test_apps_configured_by_environment(zoomstack_env):
    assert "ZOOM_ACCESS_TOKEN" not in os.environ
    r = requests.post(
        os.environ["ZOOM_OAUTH_TOKEN_URL"],
        params={"grant_type": "account_credentials", "account_id": os.environ["ZOOM_ACCOUNT_ID"]},
        auth=(os.environ["ZOOM_CLIENT_ID"], os.environ["ZOOM_CLIENT_SECRET"]),
    )
    token = r.json()["access_token"]
    me = requests.get(
        os.environ["ZOOM_API_BASE_URL"] + "/users/me",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert me.json()["email"] == "owner@example.com"


def test_zoom_python_client_from_the_environment(zoomstack_env):
    from zoom_python_client.zoom_api_client import ZoomApiClient
    from zoom_python_client.zoom_auth_api.zoom_auth_api_client import ZoomAuthApiClient

    ZoomAuthApiClient.oauth_base_url = os.environ["ZOOM_OAUTH_URL"]
    client = ZoomApiClient(
        os.environ["ZOOM_ACCOUNT_ID"], os.environ["ZOOM_CLIENT_ID"],
        os.environ["ZOOM_CLIENT_SECRET"], api_endpoint=os.environ["ZOOM_API_BASE_URL"],
    )
    assert client.users.get_user("me")["email"] == "owner@example.com"


def test_its_cached_token_did_not_outlive_the_test():
    assert "ZOOM_ACCESS_TOKEN" not in os.environ


@pytest.mark.zoomstack(rest=False)
def test_a_misspelt_marker_is_reported(zoomstack):
    pass


def test_a_failure_shows_the_last_requests(zoomstack):
    zoomstack.api.get("/users/nobody@example.com")
    assert False, "planned failure"
"""


def test_the_entry_point_is_registered() -> None:
    [entry] = [e for e in entry_points(group="pytest11") if e.name == "zoomstack"]
    assert entry.value == "zoomstack.testing.plugin"


def test_fixtures_in_a_user_suite(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ZOOMSTACK_DATABASE_URL", "postgresql://127.0.0.1:9/nowhere")
    monkeypatch.setenv("ZOOMSTACK_CLIENT_ID", "fromTheShell")
    pytester.makepyfile(test_user_suite=USER_SUITE)
    result = pytester.runpytest_inprocess("--strict-markers")
    result.assert_outcomes(passed=11, failed=1, errors=1)
    # The server's folder (and its SQLite file) went with it.
    data_dir = Path(pytester.path, "data_dir.txt").read_text()
    assert data_dir and not Path(data_dir).exists()
    result.stdout.fnmatch_lines(
        [
            "*@pytest.mark.zoomstack: *unexpected keyword argument 'rest'*",
            "*zoomstack: requests to the server during the test*",
            "GET /v2/users/nobody@example.com -> 404",
            "*short test summary*",
        ]
    )
    # Only what this test asked: not the fixture's reset, nor the tests before.
    section = result.stdout.str().split("during the test")[1].split("short test summary")[0]
    assert "reset" not in section and "/requests" not in section


def test_loading_the_plugin_imports_nothing_heavy() -> None:
    probe = (
        "import sys, zoomstack.testing.plugin\n"
        "heavy = {'httpx', 'zoomstack.app', 'zoomstack.testing.server', 'zoomstack.testing.client'}\n"
        "print(sorted(heavy & set(sys.modules)))\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_no_server_starts_unless_a_fixture_asks(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(self: object) -> None:
        raise AssertionError("a server was started")

    monkeypatch.setattr(SubprocessServer, "start", refuse)
    monkeypatch.setattr(InProcessServer, "start", refuse)
    pytester.makepyfile(
        test_plain="""
        import pytest


        @pytest.mark.zoomstack(reset=False)
        def test_marked_but_without_fixtures():
            pass


        def test_plain():
            pass
        """
    )
    result = pytester.runpytest_inprocess("--strict-markers")
    result.assert_outcomes(passed=2)
    assert zoomstack.testing.plugin.MARKER.startswith("zoomstack(")


def test_options_are_listed_in_help(pytester: pytest.Pytester) -> None:
    result = pytester.runpytest("--help")
    result.stdout.fnmatch_lines(
        [
            "*zoomstack*",
            "*--zoomstack-url=URL*",
            "*--zoomstack-in-process*",
            "*zoomstack_server_env*",
        ]
    )


def test_in_process_server_and_ini_settings(pytester: pytest.Pytester) -> None:
    pytester.makeini(
        """
        [pytest]
        zoomstack_in_process = true
        zoomstack_clock_start = 2029-03-04T05:06:07Z
        zoomstack_seed = 7
        zoomstack_server_env =
            ZOOMSTACK_WEBHOOK_SECRET=kit-secret
        """
    )
    pytester.makepyfile(
        test_in_process="""
        import os
        from datetime import UTC, datetime, timedelta

        from zoomstack.testing import InProcessServer


        def test_served_from_this_process(zoomstack_server, zoomstack):
            assert isinstance(zoomstack_server, InProcessServer)
            assert zoomstack.health()["pid"] == os.getpid()
            start = datetime(2029, 3, 4, 5, 6, 7, tzinfo=UTC)
            assert timedelta(0) <= zoomstack.clock.now() - start < timedelta(seconds=30)


        def test_settings_reach_the_server(zoomstack, zoomstack_receiver):
            assert zoomstack.webhook_secret == "kit-secret"
            zoomstack.webhooks.test_event("user.updated", obj={"id": "x"})
            assert zoomstack_receiver.wait_for_event("user.updated").verified
        """
    )
    # Other plugins stay out of this child run: only its start-up time would change.
    quiet = ("-p", "no:xdist", "-p", "no:hypothesispytest")
    result = pytester.runpytest_subprocess(*quiet, timeout=TIMEOUT)
    result.assert_outcomes(passed=2)


def test_an_external_server_with_zoomstack_url(pytester: pytest.Pytester) -> None:
    with running() as outer:
        pytester.makepyfile(
            test_external=f"""
            def test_uses_the_running_server(zoomstack_server, zoomstack):
                assert zoomstack.base_url == "{outer.base_url}"
                assert zoomstack.health()["pid"] == {outer.health()["pid"]}
                zoomstack.api.post("/users/me/meetings", json={{"topic": "Left behind", "type": 2}})
            """
        )
        result = pytester.runpytest_inprocess(f"--zoomstack-url={outer.api_url}")
        result.assert_outcomes(passed=1)
        # The run neither stopped the server nor reset it after its test.
        meetings = outer.api.get("/users/me/meetings").json()["meetings"]
        assert [m["topic"] for m in meetings] == ["Left behind"]
