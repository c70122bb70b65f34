"""Webinar dashboards from a webinar played through the simulator."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest

from support.reports import create_webinar, error, gather, licensed_host, window
from support.schema import assert_matches_spec
from support.server import ServerProcess
from support.sim import Timeline, play

SPEC = "accounts.json"


@pytest.fixture(scope="module")
def webinar(server: ServerProcess, token: str) -> dict[str, Any]:
    with server.api(token) as api, server.control() as control:
        host = licensed_host(api)
        w = create_webinar(api, server, host["id"], settings={"approval_type": 0})
        r = api.post(
            f"/webinars/{w['id']}/panelists",
            json={"panelists": [{"name": "Pia Panel", "email": "pia.panel@example.org"}]},
        )
        assert r.status_code == 201, r.text
        panelist = api.get(f"/webinars/{w['id']}/panelists").json()["panelists"][0]
        reg = api.post(
            f"/webinars/{w['id']}/registrants",
            json={"email": "ola.dash@example.org", "first_name": "Ola", "last_name": "Dash"},
        ).json()
        result = play(
            control,
            {
                "webinar_id": w["id"],
                "start": Timeline(server).ago(hours=3),
                "host": {"device": "Mac"},
                "participants": [
                    {"join_url": panelist["join_url"], "join": 1, "device": "Windows"},
                    {"join_url": reg["join_url"], "join": 2, "leave": 20, "device": "iOS",
                     "feedback": {"quality": "GOOD"}},
                ],
                "steps": [{"at": 5, "action": "share", "participant": "Pia Panel",
                           "until": 8}],
                "end": 30,
            },
        )  # fmt: skip
    return {"webinar": w, "reg": reg, "instance": result["instances"][-1]}


def test_webinar_dashboards(api: httpx.Client, webinar: dict[str, Any], shared: Path) -> None:
    w, inst = webinar["webinar"], webinar["instance"]
    params = {**window(inst["start_time"]), "type": "past"}
    r = api.get("/metrics/webinars", params=params)
    assert r.status_code == 200, r.text
    assert_matches_spec(shared, SPEC, "GET", "/metrics/webinars", 200, r.json())
    rows = gather(api, "/metrics/webinars", "webinars", params, size=50)
    row = next(x for x in rows if x["uuid"] == inst["uuid"])
    assert row["participants"] == 3 and row["duration"] == "30:00"
    detail = api.get(f"/metrics/webinars/{w['id']}", params={"type": "past"}).json()
    assert_matches_spec(shared, SPEC, "GET", "/metrics/webinars/{webinarId}", 200, detail)
    assert detail["uuid"] == inst["uuid"]
    path = f"/metrics/webinars/{w['id']}/participants"
    body = api.get(path, params={"type": "past", "include_fields": "registrant_id"}).json()
    assert_matches_spec(shared, SPEC, "GET", "/metrics/webinars/{webinarId}/participants", 200,
                        body)  # fmt: skip
    assert body["webinar_number"] == str(w["id"])
    roles = {p["user_name"]: p["role"] for p in body["participants"]}
    assert roles == {"Wendy Webinar": "host", "Pia Panel": "panelist", "Ola Dash": "attendee"}
    ola = next(p for p in body["participants"] if p["user_name"] == "Ola Dash")
    assert ola["registrant_id"] == webinar["reg"]["registrant_id"]
    assert ola["leave_reason"] == "Ola Dash left the webinar."
    qos = api.get(f"{path}/qos", params={"type": "past", "page_size": 10}).json()
    assert_matches_spec(shared, SPEC, "GET", "/metrics/webinars/{webinarId}/participants/qos",
                        200, qos)  # fmt: skip
    assert qos["total_records"] == 3
    one = api.get(f"{path}/{ola['user_id']}/qos", params={"type": "past"}).json()
    assert_matches_spec(shared, SPEC, "GET",
                        "/metrics/webinars/{webinarId}/participants/{participantId}/qos", 200,
                        one)  # fmt: skip
    assert len(one["user_qos"]) == 18 and one["webinar_number"] == str(w["id"])
    sharing = api.get(f"{path}/sharing", params={"type": "past"}).json()
    assert_matches_spec(
        shared, SPEC, "GET", "/metrics/webinars/{webinarId}/participants/sharing", 200, sharing
    )
    assert [p["user_name"] for p in sharing["participants"]] == ["Pia Panel"]
    feedback = api.get(f"{path}/satisfaction", params={"type": "past"}).json()
    assert_matches_spec(
        shared,
        SPEC,
        "GET",
        "/metrics/webinars/{webinarId}/participants/satisfaction",
        200,
        feedback,
    )
    assert [p["quality"] for p in feedback["participants"]] == ["GOOD"]


def test_webinar_dashboard_errors(api: httpx.Client, server: ServerProcess) -> None:
    host = licensed_host(api)
    w = create_webinar(api, server, host["id"])
    error(api.get(f"/metrics/webinars/{w['id']}", params={"type": "past"}), 404, 3001,
          "The webinar has not ended yet or the Webinar ID is not valid.")  # fmt: skip
    error(api.get(f"/metrics/webinars/{w['id']}/participants/satisfaction",
                  params={"type": "past"}), 404, 3001,
          "Webinar ID is invalid or not end.")  # fmt: skip
    error(api.get("/metrics/webinars", params={"from": "2026-01-01", "to": "2026-01-02",
                                               "type": "pastOne"}), 400, 300)  # fmt: skip
