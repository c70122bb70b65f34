"""Helpers for the report and dashboard tests: meetings played through the simulator, whole
lists gathered by following `next_page_token`, date windows around an instance."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import httpx

from support.sim import create_meeting, new_host, play
from support.webinars import create as create_webinar
from support.webinars import licensed_host

__all__ = ["create_webinar", "licensed_host"]


def day(iso_time: str) -> str:
    return iso_time[:10]


def window(iso_time: str, before: int = 0, after: int = 0) -> dict[str, str]:
    """`from`/`to` around the UTC day of a time."""
    d = date.fromisoformat(day(iso_time))
    return {"from": str(d - timedelta(days=before)), "to": str(d + timedelta(days=after))}


def held(
    api: httpx.Client,
    control: httpx.Client,
    scenario: dict[str, Any],
    host: dict[str, Any] | None = None,
    **meeting: Any,
) -> dict[str, Any]:
    """A new meeting of a new (or the given) host, played by `scenario`; returns the host, the
    meeting and the played instance."""
    host = host or new_host(api)
    m = create_meeting(api, host["id"], **meeting)
    result = play(control, {"meeting_id": m["id"], **scenario})
    return {"host": host, "meeting": m, "instance": result["instances"][-1], "result": result}


def gather(
    api: httpx.Client, path: str, key: str, params: dict[str, Any] | None = None, size: int = 2
) -> list[dict[str, Any]]:
    """Every item of a list, page by page through `next_page_token`."""
    query = {**(params or {}), "page_size": size}
    items: list[dict[str, Any]] = []
    for _ in range(1000):
        r = api.get(path, params=query)
        assert r.status_code == 200, r.text
        body = r.json()
        items += body[key]
        token = body.get("next_page_token") or ""
        if not token:
            return items
        query = {**(params or {}), "page_size": size, "next_page_token": token}
    raise AssertionError("pagination did not end")


def error(r: httpx.Response, status: int, code: int, message: str | None = None) -> None:
    assert r.status_code == status, r.text
    body = r.json()
    assert body["code"] == code, body
    if message is not None:
        assert body["message"] == message, body


# -- a whole account's history on a private server -------------------------------------------
def at(day_: date, hour: int, minute: int = 0) -> str:
    return f"{day_.isoformat()}T{hour:02d}:{minute:02d}:00Z"


def play_world(api: httpx.Client, control: httpx.Client, today: date) -> dict[str, Any]:
    """Three meetings on the two days before `today` (UTC), on a server of the test's own:

    - A, two days ago 10:00-11:15, host1 (Mac) with Ann (0:01-0:40, thumbs up), Pete by phone
      (0:05-0:35, thumbs down "audio echo"), rooms R1 (0:02-0:50) and R2 (0:10-1:10) over
      H.323/SIP: 5 joins, 75+39+30+48+60 = 252 minutes;
    - B, yesterday 09:00-09:30, host2 (Windows), cloud recording, Cara (0:01-0:25, thumbs down
      "the screen sharing lagged"): 2 joins, 30+24 = 54 minutes;
    - C, yesterday 15:00-15:20, host1 alone: 1 join, 20 minutes.
    """
    d2, d1 = today - timedelta(days=2), today - timedelta(days=1)
    host1 = new_host(api)
    host2 = new_host(api)
    a = held(
        api,
        control,
        {
            "start": at(d2, 10),
            "host": {"device": "Mac", "network_type": "Wired"},
            "participants": [
                {"name": "Ann Wired", "join": 1, "leave": 40, "device": "Windows",
                 "network_type": "Wired", "feedback": {"quality": "GOOD"}},
                {"name": "Pete Phone", "join": 5, "leave": 35, "device": "Phone",
                 "feedback": {"quality": "NOT GOOD", "comments": "audio echo"}},
                {"name": "Room One", "join": 2, "leave": 50, "device": "H.323/SIP"},
                {"name": "Room Two", "join": 10, "leave": 70, "device": "H.323/SIP"},
            ],
            "end": 75,
        },
        host=host1,
    )  # fmt: skip
    b = held(
        api,
        control,
        {
            "start": at(d1, 9),
            "host": {"device": "Windows"},
            "recording": "cloud",
            "participants": [
                {"name": "Cara Cloud", "join": 1, "leave": 25, "device": "Mac",
                 "feedback": {"quality": "NOT GOOD", "comments": "the screen sharing lagged"}},
            ],
            "end": 30,
        },
        host=host2,
    )  # fmt: skip
    c = held(api, control, {"start": at(d1, 15), "host": {"device": "iOS"}, "end": 20}, host=host1)
    return {"d2": d2, "d1": d1, "host1": host1, "host2": host2, "a": a, "b": b, "c": c}
