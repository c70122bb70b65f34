"""Changes to one user: profile fields (PATCH), status, password and email.

Each change emits its event: `user.updated` with the changed fields and their old values,
`user.activated`/`user.deactivated`, or `user.updated` with an `operation` for a password.
"""

from __future__ import annotations

import re
from typing import Any

from zoomstack import errors, timefmt
from zoomstack.areas.users import passwords, settings
from zoomstack.areas.users.service import (
    ADMIN_ROLE,
    NO_PLAN,
    NS_EMAIL,
    NS_VANITY,
    OWNER_ROLE,
    UNASSIGNED,
    creation_type,
    email_taken,
    event_user,
    find_user,
    is_admin,
    is_licensed,
    operator,
    operator_is_admin,
    save,
    valid_email,
)
from zoomstack.context import Ctx
from zoomstack.store import Conflict

# -- update ----------------------------------------------------------------------------------
_PLAIN_FIELDS = (
    "first_name",
    "last_name",
    "dept",
    "company",
    "job_title",
    "location",
    "language",
    "cms_user_id",
    "cost_center",
    "manager",
    "pronouns",
    "pronouns_option",
    "phone_country",
    "phone_number",
    "phone_numbers",
    "use_pmi",
    "division_ids",
    "license_info_list",
    "plan_united_type",
    "zoom_one_type",
)
_HTML_OR_LINK = re.compile(r"<[^>]+>|https?://|www\.", re.IGNORECASE)


def _vanity_url(base_url: str, name: str) -> str:
    return f"{base_url}/my/{name}"


def _check_update(ctx: Ctx, user: dict[str, Any], body: dict[str, Any]) -> None:
    if sum(1 for k in ("type", "plan_united_type", "zoom_one_type") if k in body) > 1:
        raise errors.bad_request(
            300,
            'You can\'t change the "type" or "plan_united_type" or "zoom_one_type" at the'
            " same time.",
        )
    if body.get("type") == NO_PLAN:
        raise errors.field_error("type", "Invalid parameter: type.")
    if "about_me" in body and _HTML_OR_LINK.search(str(body["about_me"])):
        raise errors.bad_request(
            300, "The about_me field is illegal and can't contain hyperlinks or HTML code."
        )
    if body.get("linkedin_url") and "linkedin.com" not in str(body["linkedin_url"]):
        raise errors.bad_request(
            300, "The linkedin_url field is illegal. The URL must contain linkedin.com."
        )
    if "pmi" in body:
        if int(user.get("type") or 0) == UNASSIGNED:
            raise errors.bad_request(
                200, 'You cannot change PMI information for a "No Meetings License" user.'
            )
        pmi = body["pmi"]
        if not (1_000_000_000 <= int(pmi) <= 9_999_999_999) or str(pmi)[0] in "01":
            raise errors.field_error("pmi", "Invalid parameter: pmi.")
    if "host_key" in body:
        key = str(body["host_key"])
        if not (key.isdigit() and 6 <= len(key) <= 10):
            raise errors.field_error("host_key", "Invalid parameter: host_key.")
    if "timezone" in body and body["timezone"] and timefmt.zone(str(body["timezone"])) is None:
        raise errors.field_error("timezone", "Invalid parameter: timezone.")
    group_id = body.get("group_id")
    if group_id and ctx.tx.get("group", str(group_id), ctx.account_id) is None:
        raise errors.not_found(4130, f"Group does not exist: {body['group_id']}.")


def _set_vanity(ctx: Ctx, user: dict[str, Any], name: str) -> None:
    old = str(user.get("_vanity_name") or "")
    if name.lower() == old.lower():
        user["_vanity_name"] = name
        return
    if name:
        try:
            ctx.tx.key_put(NS_VANITY, name.lower(), user["id"])
        except Conflict:
            raise errors.field_error("vanity_name", "Invalid parameter: vanity_name.") from None
    if old:
        ctx.tx.key_delete(NS_VANITY, old.lower())
    user["_vanity_name"] = name
    if name:
        user["vanity_url"] = _vanity_url(ctx.settings.base_url, name)
    else:
        user.pop("vanity_url", None)


def update_user(ctx: Ctx, user: dict[str, Any], body: dict[str, Any]) -> None:
    _check_update(ctx, user, body)
    before = dict(user)
    changed: dict[str, Any] = {}
    old: dict[str, Any] = {}

    def put(field: str, value: Any, event_field: str | None = None) -> None:
        name = event_field or field
        previous = before.get(field)
        user[field] = value
        if previous != value:
            changed[name] = value
            old[name] = previous

    for field in _PLAIN_FIELDS:
        if field in body:
            put(field, body[field])
    if "type" in body:
        put("type", int(body["type"]))
    if "display_name" in body:
        name = str(body["display_name"]).strip()
        put("display_name", name or f"{user['first_name']} {user['last_name']}".strip())
    if "timezone" in body:
        put("timezone", str(body["timezone"]))
    if "pmi" in body:
        pmi = int(body["pmi"])
        put("pmi", pmi)
        user["personal_meeting_url"] = f"{ctx.settings.base_url}/j/{pmi}"
    if "host_key" in body:
        previous_key = user.get("_host_key", "")
        user["_host_key"] = str(body["host_key"])
        if previous_key != user["_host_key"]:
            changed["host_key"], old["host_key"] = user["_host_key"], previous_key
    if "vanity_name" in body:
        previous_name = user.get("_vanity_name", "")
        _set_vanity(ctx, user, str(body["vanity_name"]).strip())
        if previous_name != user["_vanity_name"]:
            changed["vanity_name"], old["vanity_name"] = user["_vanity_name"], previous_name
    for field in ("about_me", "linkedin_url"):
        if field in body:
            user["_" + field] = str(body[field])
    if body.get("group_id"):
        group_ids = list(user.get("group_ids") or [])
        if body["group_id"] not in group_ids:
            group_ids.append(str(body["group_id"]))
            put("group_ids", group_ids)
    if "custom_attributes" in body:
        merged = {a.get("key"): dict(a) for a in user.get("custom_attributes") or []}
        for attr in body["custom_attributes"]:
            merged[attr.get("key")] = {**merged.get(attr.get("key"), {}), **attr}
        put("custom_attributes", list(merged.values()))
    save(ctx.tx, user)
    _apply_feature_changes(ctx, user, before, body)
    if changed:
        ctx.emit(
            "user.updated",
            {"id": user["id"], **changed},
            old_object={"id": user["id"], **old},
            time_stamp=ctx.clock.now_ms(),
        )


def _apply_feature_changes(
    ctx: Ctx, user: dict[str, Any], before: dict[str, Any], body: dict[str, Any]
) -> None:
    feature: dict[str, Any] = {}
    feature_body = body.get("feature")
    if isinstance(feature_body, dict) and "zoom_phone" in feature_body:
        feature["zoom_phone"] = bool(feature_body["zoom_phone"])
    if is_licensed(before) and not is_licensed(user):
        # Losing the licence takes the licensed add-ons with it.
        feature.update({"webinar": False, "large_meeting": False, "zoom_events": False})
    if feature:
        settings.store_overrides(ctx.tx, user, {"feature": feature})


# -- status, password, email ----------------------------------------------------------------
def set_status(ctx: Ctx, user: dict[str, Any], action: str) -> None:
    if action in ("clock_in", "clock_out"):
        user["_clock_status"] = action
        save(ctx.tx, user)
        return
    if is_admin(user):
        raise errors.bad_request(
            200, "Zoom Room and Admin users' status cannot be activated or deactivated."
        )
    status = user.get("status")
    if action == "deactivate" and status == "active":
        user["status"] = "inactive"
        event = "user.deactivated"
    elif action == "activate" and status == "inactive":
        user["status"] = "active"
        event = "user.activated"
    elif action == "activate" and status == "pending":
        # Stands in for the invitee accepting the emailed invitation.
        user["status"] = "active"
        user["verified"] = 1
        event = "user.invitation_accepted"
    else:
        return
    save(ctx.tx, user)
    ctx.emit(event, event_user(user))


def update_password(ctx: Ctx, user: dict[str, Any], password: str) -> None:
    if creation_type(user) in ("custCreate", "ssoCreate"):
        raise errors.bad_request(1123, "Can only update password of Zoom work email account")
    if (
        is_admin(user)
        and user["id"] != ctx.principal.user_id
        and not (operator(ctx) or {}).get("role_id") == OWNER_ROLE
    ):
        raise errors.bad_request(1117, "Can not update Admin's password")
    problem = passwords.rule_error(password)
    if problem is not None:
        raise problem
    stored = user.get("_password")
    if stored and passwords.matches(stored, password):
        raise errors.bad_request(300, "Your new password can not match the old password.")
    user["_password"] = passwords.hash_password(password)
    save(ctx.tx, user)
    ctx.emit(
        "user.updated",
        {"id": user["id"]},
        operation="change_password",
        time_stamp=ctx.clock.now_ms(),
    )


def update_email(ctx: Ctx, user: dict[str, Any], email: str) -> None:
    if not operator_is_admin(ctx):
        raise errors.bad_request(200, "Only an account administrator can change email.")
    me = operator(ctx)
    if (
        is_admin(user)
        and user["id"] != ctx.principal.user_id
        and me is not None
        and me.get("role_id") == ADMIN_ROLE
    ):
        raise errors.bad_request(1000, "Admin can not change other admins email.")
    email = email.strip()
    if not valid_email(email):
        raise errors.field_error("email", "Invalid parameter: email.")
    previous = str(user["email"])
    if email == previous:
        return
    if email.lower() != previous.lower():
        try:
            ctx.tx.key_put(NS_EMAIL, email.lower(), user["id"])
        except Conflict:
            raise email_taken(ctx.tx, ctx.account_id, email) from None
        ctx.tx.key_delete(NS_EMAIL, previous.lower())
    user["email"] = email
    save(ctx.tx, user)
    ctx.emit(
        "user.updated",
        {"id": user["id"], "email": email},
        old_object={"id": user["id"], "email": previous},
        time_stamp=ctx.clock.now_ms(),
    )


def email_exists(ctx: Ctx, email: str) -> bool:
    """Only users of this account who sign in with an email and password count."""
    user = find_user(ctx.tx, ctx.account_id, email)
    return user is not None and creation_type(user) != "ssoCreate"


def vanity_exists(ctx: Ctx, name: str) -> bool:
    return ctx.tx.key_get(NS_VANITY, name.strip().lower()) is not None
