"""JSON encoding in one place (orjson: fast, and compact output like Zoom's).

The names are orjson's own functions, not wrappers: they sit on every request's path.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import orjson

dumps: Callable[[Any], bytes] = orjson.dumps
loads: Callable[[bytes | str], Any] = orjson.loads


def dumps_str(value: Any) -> str:
    return orjson.dumps(value).decode()


JSONDecodeError = orjson.JSONDecodeError
