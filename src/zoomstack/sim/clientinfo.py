"""Plausible client facts for a participant (device, network, versions, quality), derived from a
hash of the server seed, the instance and the participant so that the same run gives the same
values. Anything the caller states wins."""

from __future__ import annotations

import hashlib
import random
from typing import Any

from zoomstack.sim import model

_DEVICE_WEIGHTS = (
    ("Windows", 34),
    ("Mac", 28),
    ("iOS", 12),
    ("Android", 10),
    ("Web", 10),
    ("Phone", 4),
    ("H.323/SIP", 2),
)
_OS = {
    "Windows": ("Windows", ("10", "11")),
    "Mac": ("Mac", ("13.6.1", "14.4", "14.5")),
    "iOS": ("iOS", ("17.4", "17.5.1")),
    "Android": ("Android", ("13", "14")),
    "Web": ("Web", ("Chrome 124", "Firefox 125", "Safari 17")),
    "Phone": ("", ("",)),
    "H.323/SIP": ("", ("",)),
}
_VERSIONS = ("5.17.11 (34827)", "6.0.2 (37500)", "6.0.10 (39092)", "6.1.0 (40412)")
_LOCATIONS = (
    ("San Jose (US)", "United States (SC Crossconnect)"),
    ("New York (US)", "United States (NY)"),
    ("Chicago (US)", "United States (DV)"),
    ("London (GB)", "Europe (Amsterdam)"),
    ("Frankfurt (DE)", "Europe (Frankfurt)"),
    ("Sao Paulo (BR)", "Brazil (SP)"),
    ("Sydney (AU)", "Australia (SY)"),
    ("Tokyo (JP)", "Japan (TY)"),
)
_NETWORK_WEIGHTS = (("Wifi", 55), ("Wired", 30), ("Cellular", 12), ("Others", 3))
_QUALITY_WEIGHTS = (("good", 78), ("fair", 14), ("poor", 6), ("bad", 2))
_CAMERAS = ("FaceTime HD Camera", "Integrated Webcam", "Logitech BRIO", "HD Pro Webcam C920")
_MICS = ("MacBook Pro Microphone", "Microphone Array (Realtek(R) Audio)", "Jabra Evolve2 65",
         "AirPods Pro")  # fmt: skip
_SPEAKERS = ("MacBook Pro Speakers", "Speakers (Realtek(R) Audio)", "Jabra Evolve2 65",
             "AirPods Pro")  # fmt: skip


def rng_for(*parts: object) -> random.Random:
    digest = hashlib.sha256("|".join(str(p) for p in parts).encode()).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


def _weighted(rng: random.Random, table: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([v for v, _ in table], weights=[w for _, w in table])[0]


def generate(rng: random.Random, given: dict[str, Any]) -> dict[str, Any]:
    device = str(given.get("device") or _weighted(rng, _DEVICE_WEIGHTS))
    if device not in model.DEVICES:
        device = "Windows"
    os_name, os_versions = _OS[device]
    location, data_center = rng.choice(_LOCATIONS)
    phone = device == "Phone"
    room = device == "H.323/SIP"
    out: dict[str, Any] = {
        "device": device,
        "os": os_name,
        "os_version": rng.choice(os_versions),
        "ip_address": f"{rng.randint(23, 203)}.{rng.randint(0, 255)}.{rng.randint(0, 255)}."
        f"{rng.randint(1, 254)}",
        "location": location,
        "network_type": _weighted(rng, _NETWORK_WEIGHTS) if not phone else "Others",
        "data_center": data_center,
        "connection_type": "UDP" if rng.random() < 0.85 else "SSL",
        "version": "" if phone or room else rng.choice(_VERSIONS),
        "pc_name": "" if phone or room else f"{device.upper()}-{rng.randint(1000, 9999)}",
        "domain": "" if phone or room else rng.choice(("corp.example.com", "home", "")),
        "harddisk_id": "" if phone or room else f"{rng.getrandbits(64):016X}",
        "camera": "" if phone else rng.choice(_CAMERAS),
        "microphone": "" if phone else rng.choice(_MICS),
        "speaker": "" if phone else rng.choice(_SPEAKERS),
        "audio_quality": _weighted(rng, _QUALITY_WEIGHTS),
        "video_quality": "" if phone else _weighted(rng, _QUALITY_WEIGHTS),
        "screen_share_quality": "",
        "has_video": not phone and rng.random() < 0.7,
        "has_voip": not phone,
        "has_pstn": phone,
        "phone_number": "",
        "failover": False,
        "_qos_seed": rng.getrandbits(31),
    }
    if phone:
        out["phone_number"] = f"+1{rng.randint(2002000000, 9899999999)}"
    for key in (
        "ip_address", "location", "network_type", "data_center", "connection_type", "version",
        "pc_name", "domain", "harddisk_id", "camera", "microphone", "speaker", "audio_quality",
        "video_quality", "screen_share_quality", "os", "os_version", "phone_number",
    ):  # fmt: skip
        if isinstance(given.get(key), str) and given[key]:
            out[key] = given[key]
    for key in ("has_video", "has_voip", "has_pstn", "failover"):
        if isinstance(given.get(key), bool):
            out[key] = given[key]
    if out["network_type"] not in model.NETWORK_TYPES:
        out["network_type"] = "Others"
    return out
