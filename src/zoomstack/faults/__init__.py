"""Fault injection: rules that make chosen API or OAuth requests fail, slow down or answer a
given body, so that clients' error handling can be tested (GET/POST /_zoomstack/faults)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from zoomstack.faults.control_api import refresh, register_routes

if TYPE_CHECKING:
    from zoomstack.app import App


def register(app: App) -> None:
    register_routes(app)
    app.sync_hooks.append(refresh)
