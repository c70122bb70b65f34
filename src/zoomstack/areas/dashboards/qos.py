"""Plausible quality-of-service series for a simulated participant, generated deterministically.

One sample per minute of presence, from the join to the leave (or to now while in the
meeting). Each session has its own `random.Random`, seeded from the session id and the
simulator's `_qos_seed` — never the global generator — and every sample draws the same numbers
whatever streams are in use, so the same session always yields the same series (across calls,
processes and restarts) and a live session's series only grows at its end.

The numbers follow the network: a base latency/jitter/loss per `network_type`, a slow random
walk for congestion, and a multiplier from the session's audio/video/share quality (good, fair,
poor, bad) that raises latency, jitter and loss, lowers bitrates and steps down the video
resolution and frame rate. Streams: audio in/out for everyone; video in (camera on) and video
out for clients; screen share in while the participant shares and out while someone else does;
CPU for clients; Wi-Fi signal for Wi-Fi; H.323/SIP rooms report their Cloud Room Connector legs
and web clients their Web gateway (RWG) legs.
"""

from __future__ import annotations

import math
import random
from typing import Any

from zoomstack.timefmt import iso_from_ms

Doc = dict[str, Any]
SAMPLE_MS = 60_000
MAX_SAMPLES = 30 * 60  # Zoom meetings last at most 30 hours

# network_type: (latency ms, jitter ms, loss %)
_NETWORK = {
    "Wired": (22.0, 2.0, 0.05),
    "Wifi": (38.0, 5.0, 0.3),
    "Cellular": (85.0, 14.0, 1.2),
    "PPP": (70.0, 10.0, 0.8),
    "Others": (55.0, 8.0, 0.6),
}
_QUALITY = {"good": 1.0, "fair": 1.8, "poor": 3.0, "bad": 4.8}
# quality: (resolution, frame rate, video kbps)
_VIDEO_LADDER = {
    "good": ("1280*720", 30, 1200.0),
    "fair": ("640*360", 24, 600.0),
    "poor": ("320*180", 15, 250.0),
    "bad": ("160*90", 8, 90.0),
}
_SHARE_LADDER = {
    "good": ("1920*1080", 15, 600.0),
    "fair": ("1440*900", 10, 380.0),
    "poor": ("1280*720", 6, 200.0),
    "bad": ("1280*720", 3, 90.0),
}
_NO_CLIENT = ("Phone", "H.323/SIP")


def rng_for(p: Doc) -> random.Random:
    # A string seed is hashed with SHA-512 by `random`: stable across processes.
    return random.Random(f"qos:{p.get('session_id') or p.get('_id')}:{p.get('_qos_seed')}")


def _quality(value: Any, fallback: str = "good") -> str:
    text = str(value or "").lower()
    return text if text in _QUALITY else fallback


def _ms(value: float) -> str:
    return f"{max(1, round(value))} ms"


def _pct(value: float) -> str:
    return f"{max(0.0, value):.1f}%"


def _kbps(value: float) -> str:
    return f"{max(0.0, value):.2f} kbps"


def _leg(rng: random.Random, base: tuple[float, float, float], factor: float, kbps: float) -> Doc:
    latency, jitter, loss = base
    avg_loss = loss * factor**1.5 * rng.uniform(0.4, 1.6)
    return {
        "latency": _ms(latency * factor * rng.uniform(0.85, 1.25)),
        "jitter": _ms(jitter * factor * rng.uniform(0.6, 1.5)),
        "avg_loss": _pct(avg_loss),
        "max_loss": _pct(avg_loss * rng.uniform(1.5, 3.5)),
        "bitrate": _kbps(kbps * rng.uniform(0.85, 1.1)),
    }


def _video(leg: Doc, rng: random.Random, ladder: tuple[str, int, float]) -> Doc:
    resolution, fps, _ = ladder
    return {**leg, "resolution": resolution, "frame_rate": f"{max(1, fps - rng.randint(0, 3))} fps"}


def _sharing_at(shares: list[Doc], at_ms: int, end_ms: int) -> list[Doc]:
    return [
        s
        for s in shares
        if int(s.get("_start_ms") or 0) < end_ms
        and (int(s.get("_end_ms") or 0) or end_ms + 1) > at_ms
    ]


def samples(p: Doc, shares: list[Doc], until_ms: int) -> list[Doc]:
    """The session's series: one sample per started minute in the meeting."""
    if p.get("status") != "in_meeting" or not p.get("_join_ms"):
        return []
    start = int(p["_join_ms"])
    end = int(p.get("_leave_ms") or 0) or until_ms
    count = min(MAX_SAMPLES, max(1, math.ceil((end - start) / SAMPLE_MS)))
    rng = rng_for(p)
    base = _NETWORK.get(str(p.get("network_type")), _NETWORK["Others"])
    audio_q = _quality(p.get("audio_quality"))
    video_q = _quality(p.get("video_quality"), audio_q)
    share_q = _quality(p.get("screen_share_quality"), video_q)
    device = str(p.get("device") or "")
    client = device not in _NO_CLIENT
    camera = bool(p.get("has_video")) and client
    me = str(p.get("session_id") or "")
    drift = 1.0
    out = []
    for i in range(count):
        at = start + i * SAMPLE_MS
        if at >= end and i:
            break
        drift = min(1.8, max(0.7, drift + rng.gauss(0.0, 0.08)))
        fa, fv, fs = (_QUALITY[q] * drift for q in (audio_q, video_q, share_q))
        legs = {
            "audio_input": _leg(rng, base, fa, rng.uniform(38, 72) / math.sqrt(fa)),
            "audio_output": _leg(rng, base, fa, rng.uniform(38, 72) / math.sqrt(fa)),
            "video_input": _video(
                _leg(rng, base, fv, _VIDEO_LADDER[video_q][2]), rng, _VIDEO_LADDER[video_q]
            ),
            "video_output": _video(
                _leg(rng, base, fv, _VIDEO_LADDER[video_q][2]), rng, _VIDEO_LADDER[video_q]
            ),
            "as_input": _video(
                _leg(rng, base, fs, _SHARE_LADDER[share_q][2]), rng, _SHARE_LADDER[share_q]
            ),
            "as_output": _video(
                _leg(rng, base, fs, _SHARE_LADDER[share_q][2]), rng, _SHARE_LADDER[share_q]
            ),
        }
        zoom_avg = rng.uniform(6, 18) * (1.6 if camera else 1.0)
        cpu = {
            "zoom_min_cpu_usage": f"{max(1, round(zoom_avg * rng.uniform(0.3, 0.7)))}%",
            "zoom_avg_cpu_usage": f"{round(zoom_avg)}%",
            "zoom_max_cpu_usage": f"{min(100, round(zoom_avg * rng.uniform(1.3, 2.2)))}%",
            "system_max_cpu_usage": f"{round(zoom_avg * rng.uniform(1.4, 2.2) + 10)}%",
        }
        rssi = round(-45 - 6 * fv * rng.uniform(0.8, 1.3))
        sharing = _sharing_at(shares, at, at + SAMPLE_MS)
        mine = any(s.get("session_id") == me for s in sharing)
        others = any(s.get("session_id") != me for s in sharing)
        sample: Doc = {"date_time": iso_from_ms(at)}
        if device == "H.323/SIP":
            sample.update(_crc(legs, mine, others))
        else:
            sample["audio_input"] = legs["audio_input"]
            sample["audio_output"] = legs["audio_output"]
            sample["video_input"] = legs["video_input"] if camera else {}
            sample["video_output"] = legs["video_output"] if client else {}
            sample["as_input"] = legs["as_input"] if mine and client else {}
            sample["as_output"] = legs["as_output"] if others and client else {}
            sample["cpu_usage"] = cpu if client else {}
            if device == "Web":
                sample.update(_rwg(legs, camera, mine, others))
        if p.get("network_type") == "Wifi":
            sample["wifi_rssi"] = {
                "max_rssi": rssi + 4,
                "avg_rssi": rssi,
                "min_rssi": rssi - 6,
                "rssi_unit": "dBm",
            }
        out.append(sample)
    return out


def _crc(legs: Doc, mine: bool, others: bool) -> Doc:
    return {
        "audio_device_from_crc": legs["audio_input"],
        "audio_device_to_crc": legs["audio_output"],
        "video_device_from_crc": legs["video_input"],
        "video_device_to_crc": legs["video_output"],
        "as_device_from_crc": legs["as_input"] if mine else {},
        "as_device_to_crc": legs["as_output"] if others else {},
    }


def _rwg(legs: Doc, camera: bool, mine: bool, others: bool) -> Doc:
    return {
        "audio_device_from_rwg": legs["audio_input"],
        "audio_device_to_rwg": legs["audio_output"],
        "video_device_from_rwg": legs["video_input"] if camera else {},
        "video_device_to_rwg": legs["video_output"],
        "as_device_from_rwg": legs["as_input"] if mine else {},
        "as_device_to_rwg": legs["as_output"] if others else {},
    }


def _number(text: Any) -> float:
    try:
        return float(str(text).split()[0].rstrip("%"))
    except (ValueError, IndexError):
        return 0.0


def health(p: Doc, series: list[Doc]) -> tuple[str, list[str]]:
    """Zoom's participant health (Good, Warning, Critical) and up to five issues, from the
    session's qualities and its series."""
    worst = max(
        (_QUALITY[_quality(p.get(k), "good")] for k in ("audio_quality", "video_quality")),
        default=1.0,
    )
    issues: list[str] = []
    audio_loss = [_number(s.get("audio_input", {}).get("avg_loss")) for s in series]
    if audio_loss and max(audio_loss) >= 2.0:
        issues.append("Audio packet loss")
    latency = [_number(s.get("audio_input", {}).get("latency")) for s in series]
    if latency and max(latency) >= 150:
        issues.append("High latency")
    video_loss = [_number(s.get("video_input", {}).get("avg_loss")) for s in series]
    if video_loss and max(video_loss) >= 3.0:
        issues.append("Video packet loss")
    cpu = [_number(s.get("cpu_usage", {}).get("system_max_cpu_usage")) for s in series]
    if cpu and max(cpu) >= 80:
        issues.append("High CPU usage")
    if worst >= _QUALITY["poor"] or len(issues) >= 3:
        return "Critical", issues[:5]
    if worst >= _QUALITY["fair"] or issues:
        return "Warning", issues[:5]
    return "Good", issues[:5]
