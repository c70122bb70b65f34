"""The one source of "now". A virtual clock that can be frozen, set and advanced.

The clock state (offset from real time, or a frozen instant) lives in the store so that every
server process agrees on it; each process keeps a copy and refreshes it on a short interval.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, datetime

from zoomstack.timefmt import format_iso, parse_iso


@dataclass(slots=True)
class ClockState:
    offset_ms: int = 0
    frozen_at_ms: int | None = None
    # When this state was made (wall-clock nanoseconds). A process may read the stored state
    # while a newer change is still being committed; the version keeps it from going back.
    version: int = 0

    def to_json(self) -> dict[str, int | None]:
        return {
            "offset_ms": self.offset_ms,
            "frozen_at_ms": self.frozen_at_ms,
            "version": self.version,
        }

    @classmethod
    def from_json(cls, data: dict[str, int | None]) -> ClockState:
        off = data.get("offset_ms") or 0
        return cls(int(off), data.get("frozen_at_ms"), int(data.get("version") or 0))


class Clock:
    def __init__(self, state: ClockState | None = None) -> None:
        self._state = state or ClockState()

    @property
    def state(self) -> ClockState:
        return self._state

    @state.setter
    def state(self, new: ClockState) -> None:
        """Adopt a state read from the store unless it is older than the one held."""
        if new.version >= self._state.version:
            self._state = new

    def replace_state(self, new: ClockState) -> None:
        """Take a state unconditionally (after a reset of all state)."""
        self._state = new

    def now_ms(self) -> int:
        return self.at(int(time.time() * 1000))

    def at(self, wall_ms: int) -> int:
        """The virtual time when the wall clock reads `wall_ms`."""
        st = self._state
        if st.frozen_at_ms is not None:
            return st.frozen_at_ms
        return wall_ms + st.offset_ms

    def now_s(self) -> int:
        return self.now_ms() // 1000

    def now(self) -> datetime:
        return datetime.fromtimestamp(self.now_ms() / 1000, tz=UTC)

    def now_iso(self) -> str:
        return format_iso(self.now())

    # Mutations return the new state, which the caller persists.
    def freeze(self, at_ms: int | None = None) -> ClockState:
        at = self.now_ms() if at_ms is None else at_ms
        self._state = ClockState(self._state.offset_ms, at, time.time_ns())
        return self._state

    def unfreeze(self) -> ClockState:
        now = self.now_ms()
        self._state = ClockState(now - int(time.time() * 1000), None, time.time_ns())
        return self._state

    def set(self, at_ms: int) -> ClockState:
        if self._state.frozen_at_ms is not None:
            self._state = ClockState(self._state.offset_ms, at_ms, time.time_ns())
        else:
            self._state = ClockState(at_ms - int(time.time() * 1000), None, time.time_ns())
        return self._state

    def advance(self, ms: int) -> ClockState:
        return self.set(self.now_ms() + ms)

    def describe(self) -> dict[str, object]:
        return {
            "now": self.now_iso(),
            "now_ms": self.now_ms(),
            "frozen": self.state.frozen_at_ms is not None,
            "offset_ms": self.state.offset_ms,
        }


__all__ = ["Clock", "ClockState", "parse_iso"]
