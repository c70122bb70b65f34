"""Users: create, get, list, update, delete, status, password, email, permissions, checks,
master-account paths."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from support.schema import assert_matches_spec
from support.server import ACCOUNT_ID, ServerProcess
from support.users import (
    assert_event_matches_spec,
    create_user,
    events_since,
    new_email,
    one_event,
    outbox_mark,
)

SPEC = "users.json"


def error(resp: httpx.Response, status: int, code: int, message: str | None = None) -> None:
    assert resp.status_code == status, resp.text
    body = resp.json()
    assert body["code"] == code, body
    if message is not None:
        assert body["message"] == message, body


# -- create --------------------------------------------------------------------------------------
def test_create_user_answers_zoom_fields_and_emits_created(
    server: ServerProcess, api: httpx.Client, shared: Path
) -> None:
    mark = outbox_mark(server)
    email = new_email("jill")
    resp = api.post(
        "/users",
        json={
            "action": "custCreate",
            "user_info": {"email": email, "type": 2, "first_name": "Jill", "last_name": "Chill"},
        },
    )
    assert resp.status_code == 201, resp.text
    body = resp.json()
    assert_matches_spec(shared, SPEC, "POST", "/users", 201, body)
    assert set(body) == {"id", "first_name", "last_name", "email", "type"}
    assert (body["email"], body["type"], body["first_name"]) == (email, 2, "Jill")
    assert len(body["id"]) == 22

    event = one_event(server, mark, "user.created", body["id"])
    assert_event_matches_spec(shared, "webhooks/users.json", event)
    payload = event["payload"]
    assert payload["creation_type"] == "custCreate"
    assert payload["account_id"] == ACCOUNT_ID
    assert payload["object"]["display_name"] == "Jill Chill"

    user = api.get(f"/users/{body['id']}").json()
    assert user["status"] == "active"
    assert user["login_types"] == [99]
    assert "creation_type" not in user


def test_create_action_create_makes_a_pending_user(api: httpx.Client, shared: Path) -> None:
    created = create_user(api, action="create", user_type=1)
    user = api.get(f"/users/{created['id']}").json()
    assert (user["status"], user["verified"], user["type"]) == ("pending", 0, 1)
    assert "last_login_time" not in user

    active = api.get("/users", params={"page_size": 2000}).json()
    assert created["id"] not in {u["id"] for u in active["users"]}
    pending = api.get("/users", params={"status": "pending", "page_size": 2000}).json()
    assert created["id"] in {u["id"] for u in pending["users"]}
    assert_matches_spec(shared, SPEC, "GET", "/users", 200, pending)


@pytest.mark.parametrize("action", ["autoCreate", "ssoCreate"])
def test_create_other_actions_are_active(api: httpx.Client, action: str) -> None:
    info = {"password": "Zx9!kLm2Qp"} if action == "autoCreate" else {}
    created = create_user(api, action=action, user_type=1, **info)
    user = api.get(f"/users/{created['id']}").json()
    assert user["status"] == "active"
    assert user["login_types"] == [101 if action == "ssoCreate" else 100]


def test_create_duplicate_email_is_409_1005(api: httpx.Client) -> None:
    created = create_user(api)
    resp = api.post(
        "/users",
        json={"action": "create", "user_info": {"email": created["email"].upper(), "type": 1}},
    )
    error(resp, 409, 1005, f'Email "{created["email"].upper()}" has already been used.')


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"user_info": {"email": "a@example.com", "type": 1}}, "action"),
        ({"action": "bogus", "user_info": {"email": "a@example.com", "type": 1}}, "action"),
        (
            {"action": "create", "user_info": {"email": "a@example.com", "type": 3}},
            "user_info.type",
        ),
        ({"action": "create", "user_info": {"type": 1}}, "user_info.email"),
        (
            {"action": "create", "user_info": {"email": "not-an-email", "type": 1}},
            "user_info.email",
        ),
        (
            {"action": "create", "user_info": {"email": "b@example.com", "type": 99}},
            "user_info.type",
        ),
        ({"action": "create"}, "user_info"),
    ],
)
def test_create_validation_errors(api: httpx.Client, body: dict[str, object], field: str) -> None:
    resp = api.post("/users", json=body)
    error(resp, 400, 300)
    assert field in [e["field"] for e in resp.json()["errors"]]


def test_create_auto_create_rejects_weak_password(api: httpx.Client) -> None:
    resp = api.post(
        "/users",
        json={
            "action": "autoCreate",
            "user_info": {"email": new_email(), "type": 1, "password": "abcdefgh"},
        },
    )
    error(resp, 400, 300, "Invalid parameter: password")


def test_create_body_must_be_json(api: httpx.Client) -> None:
    resp = api.post("/users", content=b"not json", headers={"content-type": "application/json"})
    error(resp, 400, 300, "Request Body should be a valid JSON object.")


# -- get -----------------------------------------------------------------------------------------
def test_get_user_by_id_email_and_me(api: httpx.Client, shared: Path) -> None:
    created = create_user(api, first_name="Ann", last_name="Lee")
    by_id = api.get(f"/users/{created['id']}")
    assert by_id.status_code == 200
    assert_matches_spec(shared, SPEC, "GET", "/users/{userId}", 200, by_id.json())
    by_email = api.get(f"/users/{created['email'].upper()}").json()
    assert by_email["id"] == created["id"]
    body = by_id.json()
    assert body["personal_meeting_url"].endswith(f"/j/{body['pmi']}")
    assert len(str(body["pmi"])) == 10
    assert body["role_name"] == "Member" and body["role_id"] == "2"
    me = api.get("/users/me").json()
    assert me["email"] == "owner@example.com"
    assert me["role_name"] == "Owner"
    assert_matches_spec(shared, SPEC, "GET", "/users/{userId}", 200, me)


def test_get_unknown_user_is_404_1001(api: httpx.Client) -> None:
    error(api.get("/users/nosuchuser123"), 404, 1001, "User does not exist: nosuchuser123.")
    email = new_email("ghost")
    error(api.get(f"/users/{email}"), 404, 1001, f"User does not exist: {email}.")


def test_get_user_login_type_must_match(api: httpx.Client) -> None:
    created = create_user(api, action="custCreate")
    assert api.get(f"/users/{created['id']}", params={"login_type": 99}).status_code == 200
    error(api.get(f"/users/{created['id']}", params={"login_type": 101}), 404, 1001)
    error(api.get(f"/users/{created['id']}", params={"login_type": 7}), 400, 300)


# -- list ----------------------------------------------------------------------------------------
def test_list_users_envelope_and_token_pagination(api: httpx.Client) -> None:
    for _ in range(3):
        create_user(api)
    first = api.get("/users", params={"page_size": 2})
    assert first.status_code == 200
    body = first.json()
    for key in ("page_count", "page_number", "page_size", "total_records", "next_page_token"):
        assert key in body
    assert body["page_size"] == 2 and len(body["users"]) == 2
    assert body["total_records"] >= 4
    assert body["page_count"] == (body["total_records"] + 1) // 2
    seen = [u["id"] for u in body["users"]]
    token = body["next_page_token"]
    while token:
        page = api.get("/users", params={"page_size": 2, "next_page_token": token}).json()
        seen += [u["id"] for u in page["users"]]
        token = page["next_page_token"]
    assert len(seen) == len(set(seen)) == body["total_records"]
    for user in body["users"]:
        assert user["status"] == "active"
        assert "host_key" not in user


def test_list_users_filters(api: httpx.Client) -> None:
    create_user(api)
    owners = api.get("/users", params={"role_id": "0"}).json()["users"]
    assert [u["email"] for u in owners] == ["owner@example.com"]
    with_keys = api.get("/users", params={"include_fields": "host_key", "page_size": 5}).json()
    assert all("host_key" in u for u in with_keys["users"])
    error(api.get("/users", params={"status": "gone"}), 400, 300)
    error(api.get("/users", params={"next_page_token": "garbage"}), 400, 300)
    inactive = api.get("/users", params={"status": "inactive", "page_size": 2000}).json()
    assert all(u["status"] == "inactive" for u in inactive["users"])


def test_page_numbers_far_past_the_end(api: httpx.Client) -> None:
    """The largest 64-bit page number is an empty page; wider numbers are invalid, not a
    crash (they cannot be echoed back as JSON integers)."""
    last = 2**63 - 1
    far = api.get("/users", params={"page_number": last, "page_size": 300}).json()
    assert (far["page_number"], far["users"]) == (last, [])
    wide = api.get("/users", params={"page_number": 2**65})
    error(wide, 400, 300)
    assert wide.json()["errors"] == [
        {"field": "page_number", "message": "Invalid parameter: page_number."}
    ]
    role = api.get("/roles").json()["roles"][0]["id"]
    error(api.get(f"/roles/{role}/members", params={"page_number": 2**65}), 400, 300)


def test_list_users_page_number_and_license_filter(api: httpx.Client) -> None:
    created = create_user(api)
    second = api.get("/users", params={"page_size": 1, "page_number": 2}).json()
    assert (second["page_number"], len(second["users"])) == (2, 1)
    license_name = "zoom_workforce_management"
    patch = {"feature": {license_name: True}}
    assert api.patch(f"/users/{created['id']}/settings", json=patch).status_code == 204
    licensed = api.get("/users", params={"license": license_name, "page_size": 2000}).json()
    assert created["id"] in {u["id"] for u in licensed["users"]}
    assert "owner@example.com" not in {u["email"] for u in licensed["users"]}
    error(api.get("/users", params={"license": "zoom_everything"}), 400, 300)


def test_list_users_page_size_up_to_2000(api: httpx.Client) -> None:
    body = api.get("/users", params={"page_size": 5000}).json()
    assert body["page_size"] == 2000


# -- update --------------------------------------------------------------------------------------
def test_update_user_changes_only_sent_fields_and_emits_updated(
    server: ServerProcess, api: httpx.Client, shared: Path
) -> None:
    created = create_user(api, first_name="Old", last_name="Name")
    before = api.get(f"/users/{created['id']}").json()
    mark = outbox_mark(server)
    resp = api.patch(
        f"/users/{created['id']}",
        json={
            "first_name": "New",
            "dept": "R&D",
            "timezone": "Europe/Berlin",
            "host_key": "123456",
        },
    )
    assert resp.status_code == 204 and resp.content == b""
    after = api.get(f"/users/{created['id']}").json()
    assert (after["first_name"], after["dept"], after["timezone"]) == (
        "New",
        "R&D",
        "Europe/Berlin",
    )
    for unchanged in ("last_name", "display_name", "pmi", "type", "email", "company"):
        assert after[unchanged] == before[unchanged]
    assert "host_key" not in after

    event = one_event(server, mark, "user.updated", created["id"])
    assert_event_matches_spec(shared, "webhooks/users.json", event)
    payload = event["payload"]
    assert payload["object"] == {
        "id": created["id"],
        "first_name": "New",
        "dept": "R&D",
        "timezone": "Europe/Berlin",
        "host_key": "123456",
    }
    assert payload["old_object"]["first_name"] == "Old"
    assert payload["old_object"]["timezone"] == before["timezone"]
    assert isinstance(payload["time_stamp"], int)

    mark = outbox_mark(server)
    assert api.patch(f"/users/{created['id']}", json={"dept": "R&D"}).status_code == 204
    assert events_since(server, mark, "user.updated", created["id"]) == []


def test_update_user_display_name_pmi_vanity(api: httpx.Client) -> None:
    created = create_user(api, first_name="Kim", last_name="Park")
    uid = created["id"]
    assert api.patch(f"/users/{uid}", json={"display_name": "KP"}).status_code == 204
    assert api.get(f"/users/{uid}").json()["display_name"] == "KP"
    assert api.patch(f"/users/{uid}", json={"display_name": ""}).status_code == 204
    assert api.get(f"/users/{uid}").json()["display_name"] == "Kim Park"

    assert api.patch(f"/users/{uid}", json={"pmi": 5551234567}).status_code == 204
    user = api.get(f"/users/{uid}").json()
    assert user["pmi"] == 5551234567
    assert user["personal_meeting_url"].endswith("/j/5551234567")

    vanity = "room" + new_email("v").split("@")[0].replace("-", "")
    assert api.get("/users/vanity_name", params={"vanity_name": vanity}).json() == {
        "existed": False
    }
    assert api.patch(f"/users/{uid}", json={"vanity_name": vanity}).status_code == 204
    assert api.get(f"/users/{uid}").json()["vanity_url"].endswith(f"/my/{vanity}")
    check = api.get("/users/vanity_name", params={"vanity_name": vanity})
    assert check.json() == {"existed": True}
    other = create_user(api)
    error(api.patch(f"/users/{other['id']}", json={"vanity_name": vanity}), 400, 300)


def test_vanity_name_check_requires_the_name(api: httpx.Client, shared: Path) -> None:
    resp = api.get("/users/vanity_name", params={"vanity_name": "nobody-has-this-room"})
    assert_matches_spec(shared, SPEC, "GET", "/users/vanity_name", 200, resp.json())
    error(api.get("/users/vanity_name"), 400, 300, "Vanity name is required.")


@pytest.mark.parametrize(
    ("body", "code", "message"),
    [
        (
            {"type": 1, "zoom_one_type": 16},
            300,
            'You can\'t change the "type" or "plan_united_type" or "zoom_one_type" at the same'
            " time.",
        ),
        (
            {"about_me": "see <b>this</b>"},
            300,
            "The about_me field is illegal and can't contain hyperlinks or HTML code.",
        ),
        (
            {"linkedin_url": "https://example.com/me"},
            300,
            "The linkedin_url field is illegal. The URL must contain linkedin.com.",
        ),
        ({"pmi": 123}, 300, None),
        ({"host_key": "12ab"}, 300, None),
        ({"timezone": "Mars/Olympus"}, 300, None),
        ({"first_name": "x" * 65}, 300, None),
        ({"type": 7}, 300, None),
        ({"group_id": "nosuchgroup"}, 4130, "Group does not exist: nosuchgroup."),
    ],
)
def test_update_user_errors(
    api: httpx.Client, body: dict[str, object], code: int, message: str | None
) -> None:
    created = create_user(api)
    resp = api.patch(f"/users/{created['id']}", json=body)
    error(resp, 404 if code == 4130 else 400, code, message)


def test_update_unknown_user_is_404(api: httpx.Client) -> None:
    error(api.patch("/users/nosuchuser", json={"dept": "x"}), 404, 1001)


def test_downgrade_to_basic_drops_webinar_licence(api: httpx.Client) -> None:
    created = create_user(api, user_type=2)
    uid = created["id"]
    assert (
        api.patch(f"/users/{uid}/settings", json={"feature": {"webinar": True}}).status_code == 204
    )
    assert api.patch(f"/users/{uid}", json={"type": 1}).status_code == 204
    feature = api.get(f"/users/{uid}/settings").json()["feature"]
    assert feature["webinar"] is False
    assert feature["meeting_capacity"] == 100


# -- delete --------------------------------------------------------------------------------------
def test_delete_disassociates_by_default(
    server: ServerProcess, api: httpx.Client, shared: Path
) -> None:
    created = create_user(api)
    mark = outbox_mark(server)
    resp = api.delete(f"/users/{created['id']}")
    assert resp.status_code == 204 and resp.content == b""
    error(api.get(f"/users/{created['id']}"), 404, 1001)
    event = one_event(server, mark, "user.disassociated", created["id"])
    assert_event_matches_spec(shared, "webhooks/users.json", event)
    # The email is free again.
    again = api.post(
        "/users", json={"action": "custCreate", "user_info": {"email": created["email"], "type": 1}}
    )
    assert again.status_code == 201


def test_delete_action_delete_emits_deleted(
    server: ServerProcess, api: httpx.Client, shared: Path
) -> None:
    created = create_user(api, first_name="Del")
    mark = outbox_mark(server)
    assert api.delete(f"/users/{created['id']}", params={"action": "delete"}).status_code == 204
    event = one_event(server, mark, "user.deleted", created["id"])
    assert_event_matches_spec(shared, "webhooks/users.json", event)
    assert event["payload"]["object"]["first_name"] == "Del"
    assert events_since(server, mark, "user.disassociated", created["id"]) == []


def test_delete_errors(api: httpx.Client) -> None:
    error(api.delete("/users/me"), 400, 200, "No permission.")
    error(api.delete("/users/nosuchuser"), 404, 1001)
    created = create_user(api)
    error(
        api.delete(f"/users/{created['id']}", params={"transfer_email": created["email"]}),
        400,
        300,
        "The transfer-to email address cannot be the same as the unlinked or deleted user's"
        " email address.",
    )
    missing = new_email("nobody")
    error(api.delete(f"/users/{created['id']}", params={"transfer_email": missing}), 404, 1001)
    error(api.delete(f"/users/{created['id']}", params={"action": "wipe"}), 400, 300)


# -- status --------------------------------------------------------------------------------------
def test_deactivate_and_activate(server: ServerProcess, api: httpx.Client, shared: Path) -> None:
    created = create_user(api)
    uid = created["id"]
    mark = outbox_mark(server)
    resp = api.put(f"/users/{uid}/status", json={"action": "deactivate"})
    assert resp.status_code == 204
    assert api.get(f"/users/{uid}").json()["status"] == "inactive"
    event = one_event(server, mark, "user.deactivated", uid)
    assert_event_matches_spec(shared, "webhooks/users.json", event)
    inactive = api.get("/users", params={"status": "inactive", "page_size": 2000}).json()
    assert uid in {u["id"] for u in inactive["users"]}

    mark = outbox_mark(server)
    assert api.put(f"/users/{uid}/status", json={"action": "activate"}).status_code == 204
    assert api.get(f"/users/{uid}").json()["status"] == "active"
    assert_event_matches_spec(
        shared, "webhooks/users.json", one_event(server, mark, "user.activated", uid)
    )


def test_status_errors(api: httpx.Client) -> None:
    error(
        api.put("/users/me/status", json={"action": "deactivate"}),
        400,
        200,
        "Zoom Room and Admin users' status cannot be activated or deactivated.",
    )
    created = create_user(api)
    error(api.put(f"/users/{created['id']}/status", json={"action": "pause"}), 400, 300)
    error(api.put(f"/users/{created['id']}/status", json={}), 400, 300)
    error(api.put("/users/nosuchuser/status", json={"action": "activate"}), 404, 1001)


def test_activating_a_pending_user_accepts_the_invitation(
    server: ServerProcess, api: httpx.Client
) -> None:
    created = create_user(api, action="create")
    mark = outbox_mark(server)
    assert api.put(f"/users/{created['id']}/status", json={"action": "activate"}).status_code == 204
    user = api.get(f"/users/{created['id']}").json()
    assert (user["status"], user["verified"]) == ("active", 1)
    one_event(server, mark, "user.invitation_accepted", created["id"])


# -- password ------------------------------------------------------------------------------------
def test_update_password(server: ServerProcess, api: httpx.Client, shared: Path) -> None:
    created = create_user(api, action="autoCreate", password="Start1ngPw!")
    uid = created["id"]
    mark = outbox_mark(server)
    assert api.put(f"/users/{uid}/password", json={"password": "N3wPassw0rd!"}).status_code == 204
    event = one_event(server, mark, "user.updated", uid)
    assert event["payload"]["operation"] == "change_password"
    assert_event_matches_spec(shared, "webhooks/users.json", event)
    error(
        api.put(f"/users/{uid}/password", json={"password": "N3wPassw0rd!"}),
        400,
        300,
        "Your new password can not match the old password.",
    )


@pytest.mark.parametrize(
    ("password", "code"),
    [
        ("Sh0rt", 1124),
        ("12345678901", 1125),
        ("NoDigitsHere", 1126),
        ("alllower123", 1128),
        ("Xabcdef9Q", 1131),
    ],
)
def test_password_rules(api: httpx.Client, password: str, code: int) -> None:
    created = create_user(api, action="autoCreate")
    error(api.put(f"/users/{created['id']}/password", json={"password": password}), 400, code)


def test_password_only_for_work_email_users(api: httpx.Client) -> None:
    created = create_user(api, action="custCreate")
    error(
        api.put(f"/users/{created['id']}/password", json={"password": "G00dPassw0rd"}),
        400,
        1123,
        "Can only update password of Zoom work email account",
    )
    error(api.put(f"/users/{created['id']}/password", json={}), 400, 300)


# -- email ---------------------------------------------------------------------------------------
def test_update_email_and_check_email(
    server: ServerProcess, api: httpx.Client, shared: Path
) -> None:
    created = create_user(api)
    uid = created["id"]
    check = api.get("/users/email", params={"email": created["email"]})
    assert check.status_code == 200
    assert_matches_spec(shared, SPEC, "GET", "/users/email", 200, check.json())
    assert check.json() == {"existed_email": True}

    fresh = new_email("moved")
    mark = outbox_mark(server)
    assert api.put(f"/users/{uid}/email", json={"email": fresh}).status_code == 204
    assert api.get(f"/users/{uid}").json()["email"] == fresh
    assert api.get(f"/users/{fresh}").json()["id"] == uid
    error(api.get(f"/users/{created['email']}"), 404, 1001)
    assert api.get("/users/email", params={"email": created["email"]}).json() == {
        "existed_email": False
    }
    event = one_event(server, mark, "user.updated", uid)
    assert event["payload"]["object"] == {"id": uid, "email": fresh}
    assert event["payload"]["old_object"] == {"id": uid, "email": created["email"]}


def test_update_email_errors(api: httpx.Client) -> None:
    one, two = create_user(api), create_user(api)
    error(
        api.put(f"/users/{one['id']}/email", json={"email": two["email"]}),
        409,
        1005,
        f'Email "{two["email"]}" has already been used.',
    )
    error(api.put(f"/users/{one['id']}/email", json={"email": "nope"}), 400, 300)
    error(api.put("/users/nosuchuser/email", json={"email": new_email()}), 404, 1001)
    error(api.get("/users/email"), 400, 300, "Email is required.")


def test_sso_users_do_not_count_as_existing_emails(api: httpx.Client) -> None:
    created = create_user(api, action="ssoCreate")
    assert api.get("/users/email", params={"email": created["email"]}).json() == {
        "existed_email": False
    }


# -- permissions ---------------------------------------------------------------------------------
def test_permissions_follow_the_role(api: httpx.Client, shared: Path) -> None:
    owner = api.get("/users/me/permissions")
    assert owner.status_code == 200
    assert_matches_spec(shared, SPEC, "GET", "/users/{userId}/permissions", 200, owner.json())
    assert "User:Edit" in owner.json()["permissions"]
    created = create_user(api)
    assert api.get(f"/users/{created['id']}/permissions").json() == {"permissions": []}
    error(api.get("/users/nosuchuser/permissions"), 404, 1001)


# -- master-account paths ------------------------------------------------------------------------
def test_master_account_paths_map_to_the_user_operations(api: httpx.Client) -> None:
    created = create_user(api)
    base = f"/accounts/{ACCOUNT_ID}/users"
    got = api.get(f"{base}/{created['id']}")
    assert got.status_code == 200 and got.json()["email"] == created["email"]
    assert api.patch(f"{base}/{created['id']}", json={"dept": "Ops"}).status_code == 204
    assert api.get(f"/users/{created['id']}").json()["dept"] == "Ops"
    listed = api.get(base, params={"page_size": 2000}).json()
    assert created["id"] in {u["id"] for u in listed["users"]}
    assert api.get(f"{base}/{created['id']}/settings").status_code == 200
    error(api.get("/accounts/nosuchaccount/users"), 404, 2001)


def test_switch_account_checks(api: httpx.Client, shared: Path) -> None:
    created = create_user(api)
    path = f"/accounts/me/users/{created['id']}/account"
    # Moving a user to the account they are in changes nothing.
    assert api.put(path, json={"account_id": ACCOUNT_ID}).status_code == 204
    error(api.put(path, json={"account_id": "nosuchaccount"}), 404, 2001)
    error(api.put(path, json={}), 400, 300)
    error(
        api.put("/accounts/me/users/me/account", json={"account_id": ACCOUNT_ID}),
        400,
        1117,
        "Can not disassociate Admin user",
    )
    error(
        api.put(f"/accounts/{ACCOUNT_ID}/users/nosuch/account", json={"account_id": "x"}), 404, 1001
    )


def test_switch_account_moves_the_user_to_a_sub_account(api: httpx.Client) -> None:
    created = api.post(
        "/accounts",
        json={
            "first_name": "Sub",
            "last_name": "Owner",
            "email": new_email("subowner"),
            "password": "Sub0wnerPass!",
        },
    )
    if created.status_code == 501:
        pytest.skip("sub-accounts need the Accounts area (POST /accounts answers 501)")
    assert created.status_code == 201, created.text
    sub_id = created.json()["id"]
    user = create_user(api)
    path = f"/accounts/me/users/{user['id']}/account"
    assert api.put(path, json={"account_id": sub_id}).status_code == 204
    error(api.get(f"/users/{user['id']}"), 404, 1001)
    moved = api.get(f"/accounts/{sub_id}/users/{user['id']}")
    assert moved.status_code == 200 and moved.json()["account_id"] == sub_id
