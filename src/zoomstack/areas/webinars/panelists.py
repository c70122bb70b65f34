"""Webinar panelists: added by email and name (up to 30 per request, 100 per webinar), listed
with their personal join links, removed one by one or all at once.

One document per panelist (kind `webinar_panelist`, parent = the webinar's parent key), unique
per webinar by email: adding an email again updates the name and name tag and keeps the ID and
link. A panelist's join URL is `/w/{webinarId}?tk=…&pwd=…`; its token is recorded in key
namespace `panelist_tk` so the simulator can admit the holder as a panelist
(`panelist_for_token`). Zoom sends no webhook for panelist changes.
"""

from __future__ import annotations

from typing import Any

from zoomstack import errors, ids
from zoomstack.areas.meeting_features import links
from zoomstack.areas.meeting_features import registrant_errors as rerr
from zoomstack.areas.meeting_features.parent import Parent
from zoomstack.context import Ctx
from zoomstack.errors import ZoomError
from zoomstack.store import Tx

KIND = "webinar_panelist"
NS_EMAIL = "webinar_panelist_email"
NS_TOKEN = "panelist_tk"
MAX_PER_CALL = 30
MAX_PANELISTS = 100
NAME_TAG_FIELDS = (
    "virtual_background_id",
    "name_tag_id",
    "name_tag_name",
    "name_tag_pronouns",
    "name_tag_description",
)


def _limit_reached() -> ZoomError:
    return ZoomError(
        400,
        3000,
        "You have reached the limit for the number of panelists you can add. Contact Zoom"
        " Support for more information.",
    )


def not_found(panelist_id: str) -> ZoomError:
    return ZoomError(404, 3000, f"Panelist does not exist: {panelist_id}.")


def _email_key(parent: Parent, email: str) -> str:
    return f"{parent.key}:{email.strip().lower()}"


# -- reading ---------------------------------------------------------------------------------
def all_of(tx: Tx, account_id: str, parent: Parent) -> list[dict[str, Any]]:
    """The webinar's panelists as stored (internal fields included), in the order added."""
    return tx.find(KIND, account_id, parent.key)


def find_by_email(tx: Tx, account_id: str, parent: Parent, email: str) -> dict[str, Any] | None:
    pid = tx.key_get(NS_EMAIL, _email_key(parent, email))
    return None if pid is None else tx.get(KIND, pid, account_id)


def panelist_for_token(tx: Tx, token: str) -> dict[str, Any] | None:
    """For the simulator: the panelist a `tk` stands for."""
    pid = tx.key_get(NS_TOKEN, token)
    return None if pid is None else tx.get(KIND, pid, None)


def public(doc: dict[str, Any]) -> dict[str, Any]:
    out = {"id": doc["id"], "email": doc["email"], "name": doc["name"], "join_url": doc["join_url"]}
    for name in NAME_TAG_FIELDS:
        if doc.get(name):
            out[name] = doc[name]
    return out


def list_panelists(ctx: Ctx, parent: Parent) -> dict[str, Any]:
    items = [public(d) for d in all_of(ctx.tx, ctx.account_id, parent)]
    return {"total_records": len(items), "panelists": items}


# -- adding ----------------------------------------------------------------------------------
def _checked(people: list[Any]) -> list[dict[str, Any]]:
    out = []
    for person in people:
        if not isinstance(person, dict):
            raise errors.field_error("panelists")
        for field in ("email", "name"):
            if not str(person.get(field) or "").strip():
                raise errors.field_error(f"panelists.{field}", f"Missing field: {field}.")
        out.append(person)
    return out


def add_panelists(ctx: Ctx, parent: Parent, body: dict[str, Any]) -> dict[str, Any]:
    people = _checked(list(body.get("panelists") or []))
    if not people:
        raise errors.field_error("panelists", "Missing field: panelists.")
    if len(people) > MAX_PER_CALL:
        raise rerr.too_many("panelists", MAX_PER_CALL)
    tx, account_id = ctx.tx, ctx.account_id
    count = tx.count(KIND, account_id, parent.key)
    now_ms = ctx.clock.now_ms()
    for seq, person in enumerate(people):
        email = str(person["email"]).strip()
        doc = find_by_email(tx, account_id, parent, email)
        if doc is None:
            if count >= MAX_PANELISTS:
                raise _limit_reached()
            count += 1
            _insert(ctx, parent, person, email, f"{now_ms:015d}{seq:03d}")
            continue
        doc["name"] = str(person["name"])
        for name in NAME_TAG_FIELDS:
            if name in person:
                doc[name] = str(person[name] or "")
        tx.update(KIND, doc["id"], doc)
    return {"id": parent.id, "updated_at": ctx.clock.now_iso()}


def _insert(ctx: Ctx, parent: Parent, person: dict[str, Any], email: str, sort: str) -> None:
    panelist_id = ids.b64url_id()
    token = links.new_token(parent, panelist_id)
    ctx.tx.key_put(NS_TOKEN, token, panelist_id)
    doc: dict[str, Any] = {
        "id": panelist_id,
        "email": email,
        "name": str(person["name"]),
        "join_url": links.join_url(parent, ctx.settings.base_url, token),
    }
    for name in NAME_TAG_FIELDS:
        if person.get(name):
            doc[name] = str(person[name])
    doc["_parent"] = parent.key
    doc["_tk"] = token
    ctx.tx.insert(KIND, panelist_id, ctx.account_id, doc, parent=parent.key, sort=sort)
    ctx.tx.key_put(NS_EMAIL, _email_key(parent, email), panelist_id)


# -- removing --------------------------------------------------------------------------------
def _remove(tx: Tx, parent: Parent, doc: dict[str, Any]) -> None:
    tx.delete(KIND, doc["id"])
    tx.key_delete(NS_EMAIL, _email_key(parent, str(doc["email"])))
    links.forget_token(tx, NS_TOKEN, str(doc.get("_tk") or ""))


def remove_panelist(ctx: Ctx, parent: Parent, panelist_id: str) -> None:
    doc = ctx.tx.get(KIND, panelist_id, ctx.account_id)
    if doc is None or doc.get("_parent") != parent.key:
        raise not_found(panelist_id)
    _remove(ctx.tx, parent, doc)


def forget_all(tx: Tx, account_id: str, parent: Parent) -> None:
    """Remove every panelist (DELETE …/panelists, and the webinar's own deletion)."""
    for doc in all_of(tx, account_id, parent):
        _remove(tx, parent, doc)


def is_panelist(tx: Tx, account_id: str, parent: Parent, email: str) -> bool:
    return find_by_email(tx, account_id, parent, email) is not None
