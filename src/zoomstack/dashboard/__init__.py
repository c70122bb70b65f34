"""The web dashboard under /_zoomstack/dashboard (docs/dashboard.md).

Server-rendered pages over the control API: the pages read through the same row and service
functions the control API answers from, and every button POSTs JSON to (or DELETEs) an
existing control-API endpoint. No build step and no external assets: each page carries its own
style and script.
Like the rest of /_zoomstack it needs no credentials (a development server on loopback).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from zoomstack.dashboard import pages
from zoomstack.dashboard.render import BASE

if TYPE_CHECKING:
    from zoomstack.app import App


def register(app: App) -> None:
    r = app.route
    r("GET", BASE)(pages.overview)
    r("GET", BASE + "/requests")(pages.requests)
    r("GET", BASE + "/webhooks")(pages.webhooks)
    r("GET", BASE + "/meetings")(pages.meetings)
    r("GET", BASE + "/accounts")(pages.accounts)
    r("GET", BASE + "/faults")(pages.faults)
    r("GET", BASE + "/snapshots")(pages.snapshots)
