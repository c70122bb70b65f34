"""Chat contacts: a user's contacts are the other active users of the account (this server
keeps no external contacts), and the company directory search."""

from __future__ import annotations

from typing import Any

from zoomstack import errors, pagination
from zoomstack.areas.chat import people
from zoomstack.areas.users import service as users
from zoomstack.context import Ctx

_DIRECTORY_PRESENCE = ("Do_Not_Disturb", "Away", "Available", "Offline")


def _others(ctx: Ctx, me: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        u
        for u in ctx.tx.find(users.KIND, ctx.account_id)
        if u["id"] != me["id"] and u.get("status") == "active"
    ]


def list_contacts(ctx: Ctx, me: dict[str, Any]) -> dict[str, Any]:
    kind = ctx.q_enum("type", ("company", "external"), "company")
    found = _others(ctx, me) if kind == "company" else []
    page = pagination.page_params(ctx, 10, 50)
    chunk = [
        {
            "id": u["id"],
            "member_id": people.member_id(u["id"]),
            "email": u["email"],
            "first_name": u.get("first_name", ""),
            "last_name": u.get("last_name", ""),
        }
        for u in found[page.offset : page.offset + page.size]
    ]
    body = pagination.page_body(ctx, page, "contacts", chunk, len(found), numbered=False)
    body.pop("total_records", None)
    return body


def _phone(user: dict[str, Any]) -> dict[str, Any]:
    number = str(user.get("phone_number") or "")
    out: dict[str, Any] = {"phone_number": number, "direct_numbers": [], "extension_number": ""}
    out["phone_numbers"] = (
        [
            {
                "code": "",
                "country": str(user.get("phone_country") or ""),
                "label": "Mobile",
                "number": number,
                "verified": False,
            }
        ]
        if number
        else []
    )
    return out


def get_contact(ctx: Ctx, me: dict[str, Any], identifier: str) -> dict[str, Any]:
    user = people.find(ctx, identifier)
    if user is None or user["id"] == me["id"]:
        raise errors.user_not_found(identifier)
    out: dict[str, Any] = {
        "id": user["id"],
        "member_id": people.member_id(user["id"]),
        "email": user["email"],
        "first_name": user.get("first_name", ""),
        "last_name": user.get("last_name", ""),
        **_phone(user),
    }
    if ctx.q_bool("query_presence_status"):
        out["presence_status"] = people.presence_status(ctx, user)
    return out


def search(ctx: Ctx) -> dict[str, Any]:
    key = ctx.q("search_key").strip().lower()
    status = ctx.q_enum("user_status", ("active", "inactive"), "active")
    contact_type = ctx.q_int("contact_types", 1)
    with_presence = ctx.q_bool("query_presence_status")
    groups = {g["id"]: g for g in ctx.tx.find("im_group", ctx.account_id)}
    found = []
    if contact_type == 1:
        for user in ctx.tx.find(users.KIND, ctx.account_id):
            if (user.get("status") == "active") != (status == "active"):
                continue
            haystack = f"{people.display_name(user)} {user['email']}".lower()
            if key and key not in haystack:
                continue
            found.append(user)
    page = pagination.page_params(ctx, 1, 25)
    rows = []
    for user in found[page.offset : page.offset + page.size]:
        row: dict[str, Any] = {
            "id": user["id"],
            "member_id": people.member_id(user["id"]),
            "email": user["email"],
            "first_name": user.get("first_name", ""),
            "last_name": user.get("last_name", ""),
            "display_name": people.display_name(user),
            "contact_type": 1,
            "dept": user.get("dept", ""),
            "job_title": user.get("job_title", ""),
            "location": user.get("location", ""),
            "user_status": "active" if user.get("status") == "active" else "inactive",
            **_phone(user),
        }
        group_id = next((g for g in user.get("im_group_ids") or [] if g in groups), None)
        if group_id is not None:
            row["im_group_id"], row["im_group_name"] = group_id, groups[group_id]["name"]
        if with_presence:
            presence = people.presence_status(ctx, user)
            row["presence_status"] = presence if presence in _DIRECTORY_PRESENCE else "Available"
        rows.append(row)
    body = pagination.page_body(ctx, page, "contacts", rows, len(found), numbered=False)
    body.pop("total_records", None)
    return body
