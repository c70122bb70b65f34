"""The issue's end-to-end scenario through unmodified clients: create a user, schedule a
recurring meeting, list it, change one occurrence, register people and approve them, read the
invitation, delete the meeting — with zoomus, and reading back with zoom-python-client."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest

from support.clients import without_cached_token, zoom_python_client, zoomus_client
from support.meetings import server_now
from support.server import ServerProcess
from support.users import new_email


@pytest.fixture()
def no_cached_token() -> Iterator[None]:
    yield from without_cached_token()


def test_user_and_recurring_meeting_life_cycle(
    server: ServerProcess, no_cached_token: None
) -> None:
    zoomus = zoomus_client(server)
    zpc = zoom_python_client(server)

    # 1. A licensed user (custCreate: active at once, no invitation email).
    email = new_email("scenario")
    r = zoomus.user.create(
        action="custCreate",
        user_info={"email": email, "type": 2, "first_name": "Sam", "last_name": "Rivera"},
    )
    assert r.status_code == 201, r.text
    user_id = r.json()["id"]
    assert zpc.users.get_user(email)["id"] == user_id  # by email, through the other client

    # 2. A weekly recurring meeting with fixed time and manual registration approval.
    start = (server_now(server) + timedelta(days=2)).replace(microsecond=0, tzinfo=None)
    r = zoomus.meeting.create(
        user_id=user_id, topic="Weekly sync", type=8, start_time=start, duration=30,
        timezone="America/New_York",
        recurrence={"type": 2, "repeat_interval": 1, "weekly_days": "2,5", "end_times": 6},
        settings={"approval_type": 1, "registration_type": 1},
    )  # fmt: skip
    assert r.status_code == 201, r.text
    meeting = r.json()
    meeting_id = meeting["id"]
    occurrences = meeting["occurrences"]
    assert len(occurrences) == 6
    assert all(o["status"] == "available" for o in occurrences)
    assert meeting["registration_url"]

    # 3. It is listed, and zoom-python-client reads it.
    listed = zoomus.meeting.list(user_id=user_id).json()["meetings"]
    assert meeting_id in [m["id"] for m in listed]
    assert zpc.meetings.get_meeting(str(meeting_id))["topic"] == "Weekly sync"

    # 4. Change one occurrence only (occurrence_id goes in the query string, as Zoom wants).
    second = occurrences[1]["occurrence_id"]
    r = zoomus.meeting.patch_request(
        f"/meetings/{meeting_id}", params={"occurrence_id": second}, data={"duration": 45}
    )
    assert r.status_code == 204, r.text
    got = zoomus.meeting.get(id=meeting_id).json()
    durations = {o["occurrence_id"]: o["duration"] for o in got["occurrences"]}
    assert durations[second] == 45
    assert {d for k, d in durations.items() if k != second} == {30}

    # 5. Two registrants wait for approval, then one is approved.
    ids = []
    for first in ("Ana", "Ben"):
        r = zoomus.meeting.add_registrant(
            id=meeting_id, email=new_email(first.lower()), first_name=first, last_name="Lee"
        )
        assert r.status_code == 201, r.text
        assert "join_url" not in r.json()  # manual approval: no link yet
        ids.append(r.json()["registrant_id"])
    pending = zoomus.meeting.list_registrants(id=meeting_id, status="pending").json()
    assert {p["id"] for p in pending["registrants"]} == set(ids)
    r = zoomus.meeting.update_registrant_status(
        id=meeting_id, action="approve", registrants=[{"id": ids[0]}]
    )
    assert r.status_code == 204, r.text
    approved = zoomus.meeting.list_registrants(id=meeting_id).json()["registrants"]
    assert [a["id"] for a in approved] == [ids[0]]
    assert "tk=" in approved[0]["join_url"]

    # 6. The invitation, in Zoom's layout.
    r = zoomus.meeting.get_request(f"/meetings/{meeting_id}/invitation")
    assert r.status_code == 200
    text = r.json()["invitation"]
    assert "Weekly sync" in text and meeting["join_url"] in text
    digits = str(meeting_id)
    assert f"{digits[:3]} {digits[3:7]} {digits[7:]}" in text

    # 7. Delete the series; it is gone for both clients.
    assert zoomus.meeting.delete(id=meeting_id).status_code == 204
    assert zoomus.meeting.get(id=meeting_id).status_code == 404
    with pytest.raises(Exception):  # noqa: B017 - zoom-python-client raises on 4xx its own way
        zpc.meetings.get_meeting(str(meeting_id))
