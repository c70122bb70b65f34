"""Users: assistants and schedulers, presence, profile picture, ZAK and user tokens."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import httpx
import pytest

from support.schema import assert_matches_spec
from support.server import ServerProcess
from support.users import (
    JPEG,
    PNG,
    assert_event_matches_spec,
    create_user,
    events_since,
    one_event,
    outbox_mark,
)

SPEC = "users.json"


def error(resp: httpx.Response, status: int, code: int, message: str | None = None) -> None:
    assert resp.status_code == status, resp.text
    assert resp.json()["code"] == code, resp.text
    if message is not None:
        assert resp.json()["message"] == message


def jwt_parts(token: str) -> tuple[dict[str, Any], dict[str, Any]]:
    head, body, _ = token.split(".")
    decode = lambda part: json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))  # noqa: E731
    return decode(head), decode(body)


# -- assistants and schedulers ---------------------------------------------------------------
def test_assistants_and_schedulers(api: httpx.Client, shared: Path) -> None:
    boss, helper, other = create_user(api), create_user(api), create_user(api)
    path = f"/users/{boss['id']}/assistants"
    resp = api.post(
        path,
        json={
            "assistants": [
                {"id": helper["id"], "can_manage_host_private_event": True},
                {"email": other["email"]},
            ]
        },
    )
    assert resp.status_code == 201, resp.text
    assert_matches_spec(shared, SPEC, "POST", "/users/{userId}/assistants", 201, resp.json())
    assert resp.json()["ids"] == f"{helper['id']},{other['id']}"

    listed = api.get(path)
    assert_matches_spec(shared, SPEC, "GET", "/users/{userId}/assistants", 200, listed.json())
    assert listed.json()["assistants"] == [
        {"id": helper["id"], "email": helper["email"], "can_manage_host_private_event": True},
        {"id": other["id"], "email": other["email"], "can_manage_host_private_event": False},
    ]

    schedulers = api.get(f"/users/{helper['id']}/schedulers")
    assert_matches_spec(shared, SPEC, "GET", "/users/{userId}/schedulers", 200, schedulers.json())
    boss_user = api.get(f"/users/{boss['id']}").json()
    assert schedulers.json() == {
        "schedulers": [{"id": boss["id"], "email": boss["email"], "pmi": boss_user["pmi"]}]
    }

    assert api.delete(f"{path}/{helper['id']}").status_code == 204
    assert [a["id"] for a in api.get(path).json()["assistants"]] == [other["id"]]
    assert api.get(f"/users/{helper['id']}/schedulers").json() == {"schedulers": []}

    assert api.delete(f"/users/{other['id']}/schedulers/{boss['id']}").status_code == 204
    assert api.get(path).json() == {"assistants": []}


def test_delete_all_assistants_and_schedulers(api: httpx.Client) -> None:
    boss1, boss2, helper = create_user(api), create_user(api), create_user(api)
    for boss in (boss1, boss2):
        api.post(f"/users/{boss['id']}/assistants", json={"assistants": [{"id": helper["id"]}]})
    assert len(api.get(f"/users/{helper['id']}/schedulers").json()["schedulers"]) == 2
    assert api.delete(f"/users/{helper['id']}/schedulers").status_code == 204
    assert api.get(f"/users/{boss1['id']}/assistants").json() == {"assistants": []}

    api.post(f"/users/{boss1['id']}/assistants", json={"assistants": [{"id": helper["id"]}]})
    assert api.delete(f"/users/{boss1['id']}/assistants").status_code == 204
    assert api.get(f"/users/{helper['id']}/schedulers").json() == {"schedulers": []}


def test_assistant_errors(api: httpx.Client) -> None:
    boss, helper, basic = create_user(api), create_user(api), create_user(api, user_type=1)
    path = f"/users/{boss['id']}/assistants"
    error(
        api.post(path, json={"assistants": [{"id": boss["id"]}]}),
        400,
        200,
        "Can't assign scheduling privilege to yourself.",
    )
    error(
        api.post(path, json={"assistants": [{"email": "ghost@nowhere.example"}]}),
        400,
        200,
        "Can't find user ghost@nowhere.example.",
    )
    error(
        api.post(path, json={"assistants": [{"email": basic["email"]}]}),
        400,
        200,
        f"The user must either be a Licensed user or an On-prem user : {basic['email']}.",
    )
    error(
        api.post(f"/users/{basic['id']}/assistants", json={"assistants": [{"id": helper["id"]}]}),
        400,
        200,
        f"The user must either be a Licensed user or an On-prem user : {basic['id']}.",
    )
    assert api.post(path, json={"assistants": [{"id": helper["id"]}]}).status_code == 201
    error(
        api.post(path, json={"assistants": [{"id": helper["id"]}]}),
        400,
        200,
        f"User {helper['email']} has already granted scheduling privilege.",
    )
    error(api.post(path, json={"assistants": [{"id": helper["id"]}] * 31}), 400, 300)
    error(api.get("/users/nosuchuser/assistants"), 404, 1001)
    error(api.delete(f"{path}/nosuchuser"), 404, 1001)
    error(api.get("/users/nosuchuser/schedulers"), 404, 1001)


def test_deleting_a_user_drops_their_grants(api: httpx.Client) -> None:
    boss, helper = create_user(api), create_user(api)
    api.post(f"/users/{boss['id']}/assistants", json={"assistants": [{"id": helper["id"]}]})
    assert api.delete(f"/users/{helper['id']}").status_code == 204
    assert api.get(f"/users/{boss['id']}/assistants").json() == {"assistants": []}


# -- presence ------------------------------------------------------------------------------------
def test_presence_status(server: ServerProcess, api: httpx.Client, shared: Path) -> None:
    created = create_user(api)
    uid = created["id"]
    mark = outbox_mark(server)
    resp = api.put(f"/users/{uid}/presence_status", json={"status": "In_A_Zoom_Meeting"})
    assert resp.status_code == 204, resp.text
    event = one_event(server, mark, "user.presence_status_updated", uid)
    assert_event_matches_spec(shared, "webhooks/users.json", event)
    obj = event["payload"]["object"]
    assert (obj["presence_status"], obj["email"]) == ("In_Meeting", created["email"])
    got = api.get(f"/users/{uid}/presence_status").json()
    assert got == {"status": "In_A_Zoom_Meeting"}

    # At most one update a minute.
    error(
        api.put(f"/users/{uid}/presence_status", json={"status": "Away"}),
        400,
        5301,
        "Request to update the presence status of this user failed.",
    )


def test_presence_do_not_disturb(api: httpx.Client) -> None:
    created = create_user(api)
    uid = created["id"]
    resp = api.put(
        f"/users/{uid}/presence_status", json={"status": "Do_No_Disturb", "duration": 45}
    )
    assert resp.status_code == 204, resp.text
    got = api.get(f"/users/{uid}/presence_status").json()
    assert got["status"] == "Do_No_Disturb"
    assert 44 <= got["remaining_time"] <= 45


@pytest.mark.parametrize(
    "body",
    [
        {"status": "Sleeping"},
        {},
        {"status": "Do_No_Disturb", "duration": 5000},
    ],
)
def test_presence_validation(api: httpx.Client, body: dict[str, Any]) -> None:
    created = create_user(api)
    resp = api.put(f"/users/{created['id']}/presence_status", json=body)
    error(resp, 400, 300)


def test_presence_needs_a_signed_in_user(api: httpx.Client) -> None:
    pending = create_user(api, action="create")
    error(api.put(f"/users/{pending['id']}/presence_status", json={"status": "Away"}), 400, 5301)
    error(api.put("/users/nosuchuser/presence_status", json={"status": "Away"}), 404, 1001)


# -- profile picture -----------------------------------------------------------------------------
def test_upload_picture_is_served(server: ServerProcess, api: httpx.Client, shared: Path) -> None:
    created = create_user(api)
    uid = created["id"]
    mark = outbox_mark(server)
    resp = api.post(f"/users/{uid}/picture", files={"pic_file": ("me.png", PNG, "image/png")})
    assert resp.status_code == 201, resp.text
    assert_matches_spec(shared, SPEC, "POST", "/users/{userId}/picture", 201, resp.json())
    pic_url = api.get(f"/users/{uid}").json()["pic_url"]
    assert pic_url.startswith(server.base_url + "/p/v2/")
    served = httpx.get(pic_url)
    assert served.status_code == 200
    assert served.content == PNG
    assert served.headers["content-type"] == "image/png"
    event = one_event(server, mark, "user.updated", uid)
    assert_event_matches_spec(shared, "webhooks/users.json", event)
    assert event["payload"]["object"] == {"id": uid, "pic_url": pic_url}

    # A new picture replaces the old one.
    api.post(f"/users/{uid}/picture", files={"pic_file": ("me.jpg", JPEG, "image/jpeg")})
    new_url = api.get(f"/users/{uid}").json()["pic_url"]
    assert new_url != pic_url
    assert httpx.get(pic_url).status_code == 404
    assert httpx.get(new_url).headers["content-type"] == "image/jpeg"


def test_upload_picture_errors(api: httpx.Client) -> None:
    created = create_user(api)
    path = f"/users/{created['id']}/picture"
    missing = "Required request part 'pic_file' is not present"
    error(api.post(path, files={"file": ("me.png", PNG, "image/png")}), 400, -1, missing)
    error(api.post(path, json={"pic_file": "me.png"}), 400, -1, missing)
    error(
        api.post(path, files={"pic_file": ("me.png", b"", "image/png")}), 400, 120, "File is empty."
    )
    error(
        api.post(path, files={"pic_file": ("me.gif", b"GIF89a" + bytes(10), "image/gif")}),
        400,
        120,
        "Only jpg/jpeg or png image file can be uploaded.",
    )
    big = PNG + bytes(2 * 1024 * 1024)
    error(
        api.post(path, files={"pic_file": ("big.png", big, "image/png")}),
        400,
        120,
        "File size cannot exceed 2M.",
    )
    error(api.post("/users/nosuchuser/picture", files={"pic_file": ("a.png", PNG)}), 404, 1001)


def test_upload_picture_with_any_bytes_in_part_headers(api: httpx.Client) -> None:
    """Part headers are bytes: UTF-8 file names are read as such, and bytes that are neither
    UTF-8 nor Latin-1 text in a parameter name never break the upload."""
    created = create_user(api)
    path = f"/users/{created['id']}/picture"
    utf8 = "Zoë 写真.png".encode()
    for disposition in (
        b'form-data; name="pic_file"; filename="' + utf8 + b'"',
        b'form-data; name="pic_file"; filename="me.png"; \xf1\xb3\x9e\x9d="x"',
    ):
        body = (
            b"--zb\r\ncontent-disposition: "
            + disposition
            + b"\r\ncontent-type: image/png\r\n\r\n"
            + PNG
            + b"\r\n--zb--\r\n"
        )
        resp = api.post(
            path, content=body, headers={"content-type": "multipart/form-data; boundary=zb"}
        )
        assert resp.status_code == 201, resp.text


# -- tokens --------------------------------------------------------------------------------------
def test_my_zak(api: httpx.Client, shared: Path) -> None:
    resp = api.get("/users/me/zak")
    assert resp.status_code == 200
    assert_matches_spec(shared, SPEC, "GET", "/users/me/zak", 200, resp.json())
    header, claims = jwt_parts(resp.json()["token"])
    assert header["alg"] == "HS256"
    me = api.get("/users/me").json()
    assert claims["uid"] == me["id"]
    assert claims["exp"] - claims["iat"] == 300


@pytest.mark.parametrize(
    ("action", "ttl", "expected"),
    [("custCreate", None, 90 * 24 * 3600), ("autoCreate", None, 7200), ("autoCreate", 600, 600)],
)
def test_user_zak_lifetime(
    api: httpx.Client, shared: Path, action: str, ttl: int | None, expected: int
) -> None:
    created = create_user(api, action=action)
    params: dict[str, Any] = {"type": "zak"}
    if ttl:
        params["ttl"] = ttl
    resp = api.get(f"/users/{created['id']}/token", params=params)
    assert resp.status_code == 200
    assert_matches_spec(shared, SPEC, "GET", "/users/{userId}/token", 200, resp.json())
    _, claims = jwt_parts(resp.json()["token"])
    assert claims["exp"] - claims["iat"] == expected
    assert claims["uid"] == created["id"]


def test_legacy_token_and_zpk(api: httpx.Client) -> None:
    created = create_user(api)
    token = api.get(f"/users/{created['id']}/token").json()["token"]
    check = api.get("/users/zpk", params={"zpk": token})
    assert check.status_code == 200
    assert 14 * 24 * 3600 - 5 <= check.json()["expire_in"] <= 14 * 24 * 3600
    bad = api.get("/users/zpk", params={"zpk": "nope"})
    error(bad, 400, 300)
    assert bad.json()["errors"] == [{"field": "zpk", "message": "Invalid parameter: zpk."}]
    error(api.get("/users/zpk"), 400, 300)

    onbehalf = api.get(
        f"/users/{created['id']}/token", params={"type": "onbehalf", "meeting_id": "123456"}
    ).json()["token"]
    assert jwt_parts(onbehalf)[1]["mnum"] == "123456"


def test_token_errors(api: httpx.Client) -> None:
    created = create_user(api)
    path = f"/users/{created['id']}/token"
    error(api.get(path, params={"type": "magic"}), 400, 300)
    error(api.get(path, params={"type": "zak", "ttl": 0}), 400, 300)
    error(api.get(path, params={"type": "zak", "ttl": 366 * 24 * 3600}), 400, 300)
    error(api.get("/users/nosuchuser/token"), 404, 1001)
    error(api.delete("/users/nosuchuser/token"), 404, 1001)


def test_revoke_sso_token_signs_the_user_out(
    server: ServerProcess, api: httpx.Client, shared: Path
) -> None:
    created = create_user(api)
    token = api.get(f"/users/{created['id']}/token").json()["token"]
    mark = outbox_mark(server)
    resp = api.delete(f"/users/{created['id']}/token")
    assert resp.status_code == 204 and resp.content == b""
    event = one_event(server, mark, "user.updated", created["id"])
    assert event["payload"]["operation"] == "sign_out_from_all_devices"
    assert_event_matches_spec(shared, "webhooks/users.json", event)
    error(api.get("/users/zpk", params={"zpk": token}), 400, 300)
    assert events_since(server, mark, "user.deleted", created["id"]) == []
