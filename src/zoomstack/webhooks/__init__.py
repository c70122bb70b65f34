"""Webhook delivery: subscriptions, the outbox dispatcher, signing and retries (issue 4)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from zoomstack.app import App


def register(app: App) -> None:
    """Add the webhook control routes and start the dispatcher with the app."""
