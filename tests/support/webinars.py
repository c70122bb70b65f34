"""Helpers for the Webinars tests: hosts with a webinar licence, webinars on the server clock,
the event outbox (checked against Zoom's webhook schemas), and states only the simulator
reaches (a webinar in progress)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx

from support.meetings import assert_event_matches_spec, server_now, store
from support.server import ServerProcess
from support.users import create_user
from zoomstack import jsonutil

SPEC = "meetings.json"


def licensed_host(api: httpx.Client, webinar: bool = True) -> dict[str, Any]:
    """A fresh licensed user; with `webinar`, the webinar feature is switched on for them."""
    created = create_user(api, "custCreate", 2, first_name="Wendy", last_name="Webinar")
    if webinar:
        r = api.patch(f"/users/{created['id']}/settings", json={"feature": {"webinar": True}})
        assert r.status_code == 204, r.text
    r = api.get(f"/users/{created['id']}")
    assert r.status_code == 200, r.text
    return dict(r.json())


def email() -> str:
    return f"w-{uuid.uuid4().hex[:10]}@example.org"


def in_days(server: ServerProcess, days: float) -> str:
    return (server_now(server) + timedelta(days=days)).strftime("%Y-%m-%dT%H:%M:%SZ")


def create(api: httpx.Client, server: ServerProcess, host_id: str, **body: Any) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "topic": "Webinar test",
        "type": 5,
        "start_time": in_days(server, 3),
        "duration": 60,
        "timezone": "UTC",
    }
    payload.update(body)
    r = api.post(f"/users/{host_id}/webinars", json=payload)
    assert r.status_code == 201, r.text
    return dict(r.json())


def add_panelist(api: httpx.Client, webinar_id: int | str, name: str, email: str) -> dict[str, Any]:
    """Make one person the first panelist of a webinar; their list entry (with `join_url`)."""
    r = api.post(
        f"/webinars/{webinar_id}/panelists", json={"panelists": [{"name": name, "email": email}]}
    )
    assert r.status_code == 201, r.text
    return dict(api.get(f"/webinars/{webinar_id}/panelists").json()["panelists"][0])


def register_attendees(
    api: httpx.Client, webinar_id: int | str, first_names: Iterable[str], email_tag: str = ""
) -> list[dict[str, Any]]:
    """Register "<first> Attendee" as `<first><email_tag>@example.org` (lower case) for each
    first name; the registrations in order."""
    regs = []
    for first in first_names:
        r = api.post(
            f"/webinars/{webinar_id}/registrants",
            json={"email": f"{first.lower()}{email_tag}@example.org", "first_name": first,
                  "last_name": "Attendee"},
        )  # fmt: skip
        assert r.status_code == 201, r.text
        regs.append(dict(r.json()))
    return regs


def staffed_webinar(
    api: httpx.Client, server: ServerProcess, attendees: Iterable[str], email_tag: str = ""
) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any], list[dict[str, Any]]]:
    """(host, webinar, panelist, registrants): a new licensed host's webinar taking registrations
    without approval, with panelist Pat Panel and `attendees` registered (`register_attendees`)."""
    host = licensed_host(api)
    webinar = create(api, server, host["id"], settings={"approval_type": 0})
    panelist = add_panelist(api, webinar["id"], "Pat Panel", "pat.panel@example.org")
    return host, webinar, panelist, register_attendees(api, webinar["id"], attendees, email_tag)


def series(server: ServerProcess, times: int = 4, **extra: Any) -> dict[str, Any]:
    return {
        "type": 9,
        "start_time": in_days(server, 2),
        "duration": 45,
        "recurrence": {"type": 2, "repeat_interval": 1, "end_times": times},
        **extra,
    }


def events(
    server: ServerProcess, event: str, webinar_id: int | str, shared: Path | None = None
) -> list[dict[str, Any]]:
    """Bodies of `event` about one webinar, oldest first; checked against the webhook schema
    when `shared` is given."""
    with store(server).transaction() as tx:
        rows = tx.fetchall("SELECT body FROM outbox WHERE event = ? ORDER BY seq", (event,))
    out = []
    for (raw,) in rows:
        body = jsonutil.loads(raw) if isinstance(raw, str | bytes) else raw
        if str(body["payload"]["object"].get("id")) == str(webinar_id):
            out.append(dict(body))
    if shared is not None:
        for body in out:
            assert_event_matches_spec(shared, body)
    return out


def set_fields(server: ServerProcess, webinar_id: int | str, **fields: Any) -> None:
    """Change a stored webinar the way the simulator does (e.g. status "started")."""
    with store(server).transaction() as tx:
        found = tx.get_with_account("webinar", str(webinar_id))
        assert found is not None
        doc = found[0]
        doc.update(fields)
        tx.update("webinar", str(webinar_id), doc)


def add_tracking_source(server: ServerProcess, webinar_id: int | str, name: str) -> str:
    """What Zoom's web portal does: give the webinar a registration tracking source."""
    from zoomstack.areas.webinars import tracking_sources, views

    with store(server).transaction() as tx:
        found = tx.get_with_account("webinar", str(webinar_id))
        assert found is not None
        doc, account_id = found
        source = tracking_sources.add_source(
            tx, account_id, views.as_parent(doc), name, server.base_url, 0
        )
    return str(source["id"])


def record_visit(server: ServerProcess, webinar_id: int | str, source_id: str) -> None:
    from zoomstack.areas.webinars import tracking_sources, views

    with store(server).transaction() as tx:
        found = tx.get_with_account("webinar", str(webinar_id))
        assert found is not None
        doc, account_id = found
        tracking_sources.record_visit(tx, account_id, views.as_parent(doc), source_id)
