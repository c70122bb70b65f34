"""SIP phones: a user's third-party SIP registration (current `/sip_phones/phones` form).

One SIP phone per user email; the email must be a user of the account.
"""

from __future__ import annotations

from typing import Any

from zoomstack import crud, errors
from zoomstack.areas.users import service as users
from zoomstack.context import Ctx


def _not_found(ctx: Ctx, phone_id: str) -> errors.ZoomError:
    return errors.not_found(2305, f"SIP phone does not exist: {phone_id}.")


def _email_taken(email: Any) -> errors.ZoomError:
    return errors.bad_request(300, "SIP phone with the same email already exists.")


def _owner_exists(ctx: Ctx, doc: crud.Doc) -> crud.Doc:
    email = str(doc.get("user_email", ""))
    if users.find_user(ctx.tx, ctx.account_id, email) is None:
        raise errors.not_found(1001, f"User {email} not exist or not belong to this account.")
    return doc


def _search(ctx: Ctx, docs: list[crud.Doc]) -> list[crud.Doc]:
    key = ctx.q("search_key").strip().lower()
    if not key:
        return docs
    return [
        d
        for d in docs
        if key in str(d.get("user_email", "")).lower() or key in str(d.get("user_name", "")).lower()
    ]


SIP_PHONES = crud.Resource(
    kind="sip_phone",
    not_found=_not_found,
    list_key="phones",
    id_field="phone_id",
    fields=(
        "authorization_name",
        "domain",
        "password",
        "registration_expire_time",
        "user_name",
        "voice_mail",
        "display_number",
        "server",
        "server_2",
        "server_3",
    ),
    create_only=("user_email",),
    defaults={"registration_expire_time": 60, "voice_mail": ""},
    unique=(crud.Unique("user_email", _email_taken),),
    paging="token",
    list_total=False,
    prepare_create=_owner_exists,
    filter_list=_search,
)


def _forget_user(
    ctx: Ctx, user: dict[str, Any], target: dict[str, Any] | None, kinds: frozenset[str]
) -> None:
    email = str(user.get("email", "")).lower()
    for doc in SIP_PHONES.all_docs(ctx, ""):
        if str(doc.get("user_email", "")).lower() == email:
            SIP_PHONES.delete(ctx, str(doc["phone_id"]))


users.removal_hooks.append(_forget_user)
