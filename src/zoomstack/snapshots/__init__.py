"""Snapshots: the whole state saved under a name and restored in one step, exported as a JSON
document and imported again; a snapshot file can seed a fresh store (docs/snapshots.md)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from zoomstack import jsonutil
from zoomstack.snapshots import state
from zoomstack.snapshots.control_api import loader, register_routes

if TYPE_CHECKING:
    from zoomstack.app import App


def read_file(path: str) -> dict[str, Any]:
    """A snapshot file, checked; a bad file stops the server at start with this message."""
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise ValueError(f"ZOOMSTACK_SNAPSHOT_FILE cannot be read: {exc}") from None
    try:
        return state.check(jsonutil.loads(raw))
    except jsonutil.JSONDecodeError:
        raise ValueError(f"ZOOMSTACK_SNAPSHOT_FILE is not JSON: {path}") from None
    except Exception as exc:  # a ZoomError from the checks: its message says what is wrong
        raise ValueError(f"ZOOMSTACK_SNAPSHOT_FILE {path}: {exc}") from None


def register(app: App) -> None:
    register_routes(app)
    path = app.settings.snapshot_file
    if not path:
        return
    doc = read_file(path)
    load = loader(app, doc)

    def seed(app: App) -> None:
        # Only a store created by this start: a restart keeps the state that is there.
        if app.fresh_store:
            app.reset(restore=load)

    app.startup_hooks.append(seed)
    # A reset returns to the file's state, not to an empty store.
    app.reset_source = load
