"""QoS series without a server: deterministic per session, one sample per minute, a live series
only grows, quality and network shape the numbers, streams follow devices and sharing."""

from __future__ import annotations

import random
import statistics
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from zoomstack.areas.dashboards import qos

T0 = 1_900_000_000_000
MIN = 60_000


def session(**kw: Any) -> dict[str, Any]:
    p: dict[str, Any] = {
        "session_id": "5f1c2f9e-0000-4000-8000-000000000001",
        "_qos_seed": 12345,
        "status": "in_meeting",
        "_join_ms": T0,
        "_leave_ms": T0 + 30 * MIN,
        "device": "Windows",
        "network_type": "Wired",
        "audio_quality": "good",
        "video_quality": "good",
        "has_video": True,
    }
    p.update(kw)
    return p


def latency(series: list[dict[str, Any]], leg: str = "audio_input") -> float:
    return statistics.mean(int(s[leg]["latency"].split()[0]) for s in series)


def test_same_session_same_series_and_untouched_global_random() -> None:
    random.seed(7)
    expected_next = random.random()
    random.seed(7)
    first = qos.samples(session(), [], T0 + 60 * MIN)
    assert random.random() == expected_next  # the global generator was not used
    assert qos.samples(session(), [], T0 + 60 * MIN) == first
    other = qos.samples(session(session_id="another"), [], T0 + 60 * MIN)
    assert other != first


def test_one_sample_per_started_minute() -> None:
    assert len(qos.samples(session(_leave_ms=T0 + 30 * MIN), [], 0)) == 30
    assert len(qos.samples(session(_leave_ms=T0 + 30 * MIN + 1), [], 0)) == 31
    assert len(qos.samples(session(_leave_ms=T0 + 5_000), [], 0)) == 1
    assert qos.samples(session(status="in_waiting_room"), [], T0 + MIN) == []
    series = qos.samples(session(), [], 0)
    assert series[0]["date_time"] == "2030-03-17T17:46:40Z"
    assert series[1]["date_time"] == "2030-03-17T17:47:40Z"


@settings(max_examples=30, deadline=None)
@given(st.integers(1, 120), st.integers(0, 120))
def test_a_live_series_only_grows(now_minutes: int, later: int) -> None:
    live = session(_leave_ms=0)
    before = qos.samples(live, [], T0 + now_minutes * MIN)
    after = qos.samples(live, [], T0 + (now_minutes + later) * MIN)
    assert after[: len(before)] == before


def test_network_and_quality_degrade_the_numbers() -> None:
    good = qos.samples(session(), [], 0)
    cellular = qos.samples(session(network_type="Cellular"), [], 0)
    bad = qos.samples(session(network_type="Cellular", audio_quality="bad",
                              video_quality="bad"), [], 0)  # fmt: skip
    assert latency(good) < latency(cellular) < latency(bad)
    assert good[0]["video_input"]["resolution"] == "1280*720"
    assert bad[0]["video_input"]["resolution"] == "160*90"
    assert qos.health(session(), good)[0] == "Good"
    assert qos.health(session(audio_quality="bad"), bad)[0] == "Critical"


def test_streams_follow_the_device() -> None:
    phone = qos.samples(session(device="Phone", has_video=False), [], 0)[0]
    assert phone["audio_input"] and phone["video_input"] == {} and phone["cpu_usage"] == {}
    room = qos.samples(session(device="H.323/SIP"), [], 0)[0]
    assert "audio_input" not in room and room["audio_device_from_crc"]
    web = qos.samples(session(device="Web"), [], 0)[0]
    assert web["audio_device_to_rwg"] and web["audio_input"]
    camera_off = qos.samples(session(has_video=False), [], 0)[0]
    assert camera_off["video_input"] == {} and camera_off["video_output"]
    wifi = qos.samples(session(network_type="Wifi"), [], 0)[0]
    assert wifi["wifi_rssi"]["avg_rssi"] < 0


def test_sharing_windows() -> None:
    me = session()
    share = {"session_id": me["session_id"], "_start_ms": T0 + 5 * MIN, "_end_ms": T0 + 8 * MIN}
    mine = qos.samples(me, [share], 0)
    assert [i for i, s in enumerate(mine) if s["as_input"]] == [5, 6, 7]
    assert all(s["as_output"] == {} for s in mine)
    viewer = qos.samples(session(session_id="viewer"), [share], 0)
    assert [i for i, s in enumerate(viewer) if s["as_output"]] == [5, 6, 7]
    # Sharing changes which streams show, not the numbers drawn.
    plain = qos.samples(me, [], 0)
    assert [s["audio_input"] for s in plain] == [s["audio_input"] for s in mine]
