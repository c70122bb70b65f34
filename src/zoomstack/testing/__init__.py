"""zoomstack for your own test suite.

- `running()`: a fresh server (in this process by default) and a handle, for a `with` block
- `SubprocessServer`, `InProcessServer`, `ExternalServer`: start/stop servers yourself
- `Zoomstack`: the handle (credentials, `api` client, `reset()`, `clock`, `sim`, `webhooks`,
  `faults`, `snapshots`)
- `WebhookReceiver`, `sign`, `verify_signature`, `url_validation_answer`: webhooks
- the pytest plugin (`zoomstack.testing.plugin`, registered automatically): fixtures
  `zoomstack_server`, `zoomstack_session`, `zoomstack`, `zoomstack_env`, `zoomstack_receiver`

See docs/testing.md.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

# A Wednesday at noon, mid-month, mid-year: far from month, year and DST edges (the same instant
# as zoomstack's own test suite). Servers the kit starts begin there unless told otherwise.
DEFAULT_CLOCK_START = "2030-06-12T12:00:00Z"

if TYPE_CHECKING:
    from zoomstack.testing.client import (
        Clock,
        Credentials,
        Faults,
        Simulator,
        Snapshots,
        WebhookReceiver,
        WebhookRequest,
        Webhooks,
        Zoomstack,
        ZoomstackError,
        sign,
        url_validation_answer,
        verify_signature,
    )
    from zoomstack.testing.server import (
        ExternalServer,
        InProcessServer,
        Server,
        ServerError,
        SubprocessServer,
        running,
    )

# The plugin imports this package in every pytest run where zoomstack is installed: the
# modules behind these names (httpx, the server) load only when a name is first used.
_EXPORTS = {
    "Clock": "client",
    "Faults": "client",
    "Snapshots": "client",
    "Credentials": "client",
    "Simulator": "client",
    "WebhookReceiver": "client",
    "WebhookRequest": "client",
    "Webhooks": "client",
    "Zoomstack": "client",
    "ZoomstackError": "client",
    "sign": "client",
    "url_validation_answer": "client",
    "verify_signature": "client",
    "ExternalServer": "server",
    "InProcessServer": "server",
    "Server": "server",
    "ServerError": "server",
    "SubprocessServer": "server",
    "running": "server",
}

__all__ = [
    "DEFAULT_CLOCK_START",
    "Clock",
    "Credentials",
    "ExternalServer",
    "Faults",
    "InProcessServer",
    "Server",
    "ServerError",
    "Simulator",
    "Snapshots",
    "SubprocessServer",
    "WebhookReceiver",
    "WebhookRequest",
    "Webhooks",
    "Zoomstack",
    "ZoomstackError",
    "running",
    "sign",
    "url_validation_answer",
    "verify_signature",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'zoomstack.testing' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"zoomstack.testing.{module}"), name)
    globals()[name] = value
    return value
