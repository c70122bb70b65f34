"""Webhook delivery: subscriptions, the outbox dispatcher, signing and retries (issue 4).

`register(app)` wires one Dispatcher to the app's lifecycle (start, shutdown, reset, clock
changes) and adds the control routes under /_zoomstack/webhooks.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from zoomstack.webhooks.control_api import ControlAPI
from zoomstack.webhooks.dispatcher import Dispatcher

if TYPE_CHECKING:
    from zoomstack.app import App


def register(app: App) -> None:
    """Add the webhook control routes and start the dispatcher with the app."""
    dispatcher = Dispatcher(app)
    ControlAPI(dispatcher).register(app)
    app.startup_hooks.append(dispatcher.start)
    app.shutdown_hooks.append(dispatcher.stop)
    app.reset_hooks.append(dispatcher.after_reset)
    app.clock_hooks.append(dispatcher.on_clock)
