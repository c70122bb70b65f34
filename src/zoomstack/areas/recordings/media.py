"""Real media files for cloud recordings: minimal, valid ISO-BMFF (MP4 / M4A) in pure Python.

A recording's MP4 holds an H.264 video track (1280x720, main profile) and an AAC-LC audio track
(16 kHz mono); its M4A holds the audio track alone. Both declare the recording's real duration
in `mvhd`, `tkhd` and `mdhd`, so media libraries report it, while staying a few kilobytes: each
track has a handful of samples (a black keyframe, a silent AAC frame) whose sample durations
(`stts`) stretch over the whole recording. Every table (`stts`, `stsc`, `stsz`, `stco`) agrees
with the bytes in `mdat`, so demuxers can walk the file; players show a still black picture with
silence.

The coded samples were produced once, offline, by a standard encoder (x264 and FFmpeg's AAC
encoder) from a black frame and digital silence; no encoder runs at request time.
"""

from __future__ import annotations

import base64
import struct

# H.264 parameter sets and two IDR pictures (idr_pic_id 0 and 1) of a black 1280x720 frame.
_SPS = base64.b64decode("Z01AH9wFAFuwEQAAAwABAAADAAIPGDOA")
_PPS = base64.b64decode("aO4BlLI=")
_IDR = (
    base64.b64decode(
        "ZYiEP/B74ejKhmZ1eAAAAwAAAwAAIy8TYfdZLzAAAAMAASIABGwAE6AAbAACOAAL4ABeAAIgABEAAAMAAAMA"
        "AAMAAAMAAAMAAAMAAAMAAAMAAAMAAAMAAAMAAAMAAAMAAAMAAAMAAAMAAAMAAAMAAAMAAAMAAAMAAAMAAAMA"
        "AAMAAAMAAAMAAAMAAAMAAAMAAAMAAAMAAAMAAAMAAAMAAAMAAAMAAAMAAAMAAAMAAAMAAAMAAAMAAAMAAEBB"
    ),
    base64.b64decode(
        "ZYiCD//we+HoyoZmdXgAAAMAAAMAACMvE2H3WS8wAAADAAEiAARsABOgAGwAAjgAC+AAXgACIAARAAADAAAD"
        "AAADAAADAAADAAADAAADAAADAAADAAADAAADAAADAAADAAADAAADAAADAAADAAADAAADAAADAAADAAADAAAD"
        "AAADAAADAAADAAADAAADAAADAAADAAADAAADAAADAAADAAADAAADAAADAAADAAADAAADAAADAAADAAADAABA"
        "QA=="
    ),
)
WIDTH, HEIGHT = 1280, 720
# One raw AAC-LC frame of silence (16 kHz, mono), 1024 PCM samples when decoded.
_AAC_SILENCE = bytes.fromhex("01182007")
SAMPLE_RATE = 16_000
_AAC_CONFIG = bytes.fromhex("1408")  # AudioSpecificConfig: LC, 16 kHz (index 8), mono

VIDEO_TIMESCALE = 1000
MOVIE_TIMESCALE = 1000
# Seconds between 1904-01-01 (the ISO-BMFF epoch) and 1970-01-01.
_EPOCH_1904 = 2_082_844_800
_MAX_VIDEO_SAMPLES = 12
_MAX_AUDIO_SAMPLES = 60
_IDENTITY = struct.pack(">9I", 0x10000, 0, 0, 0, 0x10000, 0, 0, 0, 0x40000000)


# -- boxes -------------------------------------------------------------------------------------
def box(kind: bytes, *parts: bytes) -> bytes:
    payload = b"".join(parts)
    return struct.pack(">I4s", 8 + len(payload), kind) + payload


def full_box(kind: bytes, version: int, flags: int, *parts: bytes) -> bytes:
    return box(kind, struct.pack(">I", (version << 24) | flags), *parts)


def _mac_time(ms: int) -> int:
    return max(0, ms // 1000 + _EPOCH_1904) & 0xFFFFFFFF


def _split(total: int, count: int) -> list[tuple[int, int]]:
    """`stts` entries: `count` samples whose durations add up to exactly `total`."""
    base, extra = divmod(total, count)
    entries = [(count - 1, base)] if count > 1 else []
    entries.append((1, base + extra))
    return [(n, d) for n, d in entries if n > 0]


def _sample_count(duration_ms: int, per_sample_ms: int, maximum: int) -> int:
    return max(1, min(maximum, -(-duration_ms // per_sample_ms)))


# -- tracks ------------------------------------------------------------------------------------
class _Track:
    """One track: its sample bytes and what its `trak` box needs."""

    def __init__(
        self,
        track_id: int,
        handler: bytes,
        timescale: int,
        duration: int,
        samples: list[bytes],
        entry: bytes,
    ) -> None:
        self.track_id = track_id
        self.handler = handler
        self.timescale = timescale
        self.duration = duration
        self.samples = samples
        self.entry = entry

    @property
    def data(self) -> bytes:
        return b"".join(self.samples)

    def trak(self, created: int, movie_duration: int, chunk_offset: int) -> bytes:
        video = self.handler == b"vide"
        tkhd = full_box(
            b"tkhd",
            0,
            0x3,
            struct.pack(">IIIII", created, created, self.track_id, 0, movie_duration),
            struct.pack(">IIhhhH", 0, 0, 0, 0, 0 if video else 0x0100, 0),
            _IDENTITY,
            struct.pack(">II", (WIDTH << 16) if video else 0, (HEIGHT << 16) if video else 0),
        )
        mdhd = full_box(
            b"mdhd",
            0,
            0,
            struct.pack(">IIII", created, created, self.timescale, self.duration),
            struct.pack(">HH", 0x55C4, 0),  # language "und"
        )
        name = b"VideoHandler\x00" if video else b"SoundHandler\x00"
        hdlr = full_box(b"hdlr", 0, 0, struct.pack(">I4s12x", 0, self.handler), name)
        media_header = (
            full_box(b"vmhd", 0, 1, struct.pack(">HHHH", 0, 0, 0, 0))
            if video
            else full_box(b"smhd", 0, 0, struct.pack(">hH", 0, 0))
        )
        dinf = box(b"dinf", full_box(b"dref", 0, 0, struct.pack(">I", 1), full_box(b"url ", 0, 1)))
        sizes = {len(s) for s in self.samples}
        count = len(self.samples)
        if len(sizes) == 1:
            stsz = full_box(b"stsz", 0, 0, struct.pack(">II", sizes.pop(), count))
        else:
            stsz = full_box(
                b"stsz",
                0,
                0,
                struct.pack(">II", 0, count),
                b"".join(struct.pack(">I", len(s)) for s in self.samples),
            )
        stts_entries = _split(self.duration, count)
        stbl = box(
            b"stbl",
            full_box(b"stsd", 0, 0, struct.pack(">I", 1), self.entry),
            full_box(
                b"stts",
                0,
                0,
                struct.pack(">I", len(stts_entries)),
                b"".join(struct.pack(">II", n, d) for n, d in stts_entries),
            ),
            full_box(b"stsc", 0, 0, struct.pack(">IIII", 1, 1, count, 1)),
            stsz,
            full_box(b"stco", 0, 0, struct.pack(">II", 1, chunk_offset)),
        )
        minf = box(b"minf", media_header, dinf, stbl)
        return box(b"trak", tkhd, box(b"mdia", mdhd, hdlr, minf))


def _descriptor(tag: int, payload: bytes) -> bytes:
    return bytes([tag, len(payload)]) + payload


def _audio_track(track_id: int, duration_ms: int) -> _Track:
    esds = full_box(
        b"esds",
        0,
        0,
        _descriptor(
            0x03,
            struct.pack(">HB", track_id, 0)
            + _descriptor(
                0x04,
                bytes([0x40, 0x15])  # MPEG-4 audio, audio stream
                + (0).to_bytes(3, "big")
                + struct.pack(">II", 24_000, 24_000)
                + _descriptor(0x05, _AAC_CONFIG),
            )
            + _descriptor(0x06, b"\x02"),
        ),
    )
    entry = box(
        b"mp4a",
        b"\x00" * 6,
        struct.pack(">H", 1),
        b"\x00" * 8,
        struct.pack(">HHHH", 1, 16, 0, 0),
        struct.pack(">I", SAMPLE_RATE << 16),
        esds,
    )
    count = _sample_count(duration_ms, 1000, _MAX_AUDIO_SAMPLES)
    duration = duration_ms * SAMPLE_RATE // 1000
    return _Track(track_id, b"soun", SAMPLE_RATE, duration, [_AAC_SILENCE] * count, entry)


def _video_track(track_id: int, duration_ms: int) -> _Track:
    avcc = box(
        b"avcC",
        bytes([1, _SPS[1], _SPS[2], _SPS[3], 0xFF, 0xE1]),
        struct.pack(">H", len(_SPS)),
        _SPS,
        b"\x01",
        struct.pack(">H", len(_PPS)),
        _PPS,
    )
    name = b"zoomstack"
    compressor = bytes([len(name)]) + name + b"\x00" * (31 - len(name))
    entry = box(
        b"avc1",
        b"\x00" * 6,
        struct.pack(">H", 1),
        b"\x00" * 16,
        struct.pack(">HH", WIDTH, HEIGHT),
        struct.pack(">II", 0x00480000, 0x00480000),
        struct.pack(">IH", 0, 1),
        compressor,
        struct.pack(">Hh", 0x0018, -1),
        avcc,
    )
    count = _sample_count(duration_ms, 10_000, _MAX_VIDEO_SAMPLES)
    # Length-prefixed NAL units; consecutive IDR pictures alternate their idr_pic_id.
    samples = [struct.pack(">I", len(_IDR[i % 2])) + _IDR[i % 2] for i in range(count)]
    return _Track(track_id, b"vide", VIDEO_TIMESCALE, duration_ms, samples, entry)


def _movie(brand: bytes, compatible: tuple[bytes, ...], tracks: list[_Track], created_ms: int,
           duration_ms: int) -> bytes:  # fmt: skip
    created = _mac_time(created_ms)
    ftyp = box(b"ftyp", brand, struct.pack(">I", 0x200), *compatible)
    mvhd = full_box(
        b"mvhd",
        0,
        0,
        struct.pack(">IIII", created, created, MOVIE_TIMESCALE, duration_ms),
        struct.pack(">IH10x", 0x00010000, 0x0100),
        _IDENTITY,
        b"\x00" * 24,
        struct.pack(">I", len(tracks) + 1),
    )

    def moov(offsets: list[int]) -> bytes:
        return box(
            b"moov",
            mvhd,
            *(t.trak(created, duration_ms, o) for t, o in zip(tracks, offsets, strict=True)),
        )

    # The chunk offsets point into mdat, which follows moov; moov's size does not depend on
    # the offset values, so build it once to measure, then for real.
    head = len(ftyp) + len(moov([0] * len(tracks))) + 8
    offsets = []
    for t in tracks:
        offsets.append(head)
        head += len(t.data)
    return ftyp + moov(offsets) + box(b"mdat", *(t.data for t in tracks))


def mp4(duration_ms: int, created_ms: int) -> bytes:
    """A video recording (H.264 + AAC) lasting `duration_ms`."""
    duration_ms = max(1, duration_ms)
    tracks = [_video_track(1, duration_ms), _audio_track(2, duration_ms)]
    return _movie(b"isom", (b"isom", b"iso2", b"avc1", b"mp41"), tracks, created_ms, duration_ms)


def m4a(duration_ms: int, created_ms: int) -> bytes:
    """An audio-only recording (AAC) lasting `duration_ms`."""
    duration_ms = max(1, duration_ms)
    tracks = [_audio_track(1, duration_ms)]
    return _movie(b"M4A ", (b"M4A ", b"mp42", b"isom"), tracks, created_ms, duration_ms)
