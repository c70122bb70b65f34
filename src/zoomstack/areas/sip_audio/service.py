"""SIP Connected Audio state: trunks, call-out countries, internal numbers, numbers assigned to
sub-accounts and the sub-account's SIP trunk configuration.

The master account's own trunks and internal numbers (those stored on the master itself, set up
through the same endpoints with its own account ID) are the catalogue its sub-accounts draw
from: a sub-account may only be given a trunk the master has, and only the master's internal
numbers can be assigned to it (each number lists the accounts it is assigned to). A
sub-account has a SIP trunk plan once it has a trunk.
"""

from __future__ import annotations

from typing import Any

from zoomstack import errors, ids, pagination
from zoomstack.areas.sip_audio import access
from zoomstack.areas.sip_audio.countries import COUNTRIES
from zoomstack.context import Ctx

Doc = dict[str, Any]
TRUNK = "sip_trunk"
COUNTRY = "sip_callout_country"
NUMBER = "sip_internal_number"
CONFIG = "sip_trunk_config"
NUMBER_FIELDS = (
    "allow_for_external_meetings",
    "allow_join",
    "country",
    "display_number",
    "labels",
    "languages",
    "number",
    "type",
    "visible",
)
NUMBER_DEFAULTS: Doc = {"allow_for_external_meetings": False, "allow_join": True, "visible": True}
NO_PLAN = "This subaccount has no SIP trunk plan."


def _public(doc: Doc) -> Doc:
    return {k: v for k, v in doc.items() if not k.startswith("_")}


def _insert(ctx: Ctx, kind: str, item_id: str, doc: Doc) -> None:
    seq = ctx.tx.counter_incr(f"sip_audio.seq.{kind}", 0)
    key = access.storage_id(ctx.account_id, item_id)
    if ctx.tx.get(kind, key, ctx.account_id) is None:
        ctx.tx.insert(kind, key, ctx.account_id, doc, sort=f"{seq:012d}")
    else:
        ctx.tx.update(kind, key, doc)


# -- trunks ------------------------------------------------------------------------------------
def list_trunks(ctx: Ctx) -> Doc:
    access.enter_account(ctx)
    items = [_public(d) for d in ctx.tx.find(TRUNK, ctx.account_id)]
    return {"total_records": len(items), "sip_trunks": items}


def assign_trunks(ctx: Ctx, body: Doc) -> Doc:
    master = access.enter_account(ctx)
    wanted = list(body.get("sip_trunks") or [])
    catalogue = {str(d["id"]): d for d in ctx.tx.find(TRUNK, master)}
    invalid = errors.bad_request(
        300, "One or more parameters provided in the `sip_trunks` object are invalid."
    )
    if not wanted:
        raise invalid
    own = ctx.account_id == master
    if not own and not catalogue:
        raise errors.bad_request(
            300,
            "Request failed because this subaccount's master account is missing SIP Trunk "
            "Configurations.",
        )
    out = []
    for item in wanted:
        trunk_id = str(item.get("id") or "").strip() or (ids.digits(8) if own else "")
        base = catalogue.get(trunk_id)
        if not own and base is None:
            raise invalid
        dnis = str(item.get("dnis") or "")
        prefix = str((base or {}).get("dnis") or "")[:5]
        # A sub-account's DNIS extends its master trunk's five-digit DNIS prefix.
        if not own and dnis and len(prefix) == 5 and not dnis.startswith(prefix):
            raise invalid
        doc: Doc = {
            "id": trunk_id,
            "name": str((base or {}).get("name") or ""),
            "number_prefix": str((base or {}).get("number_prefix") or ""),
            "sip_server_address": str((base or {}).get("sip_server_address") or ""),
            "dnis": str(item.get("dnis") or (base or {}).get("dnis") or ""),
            "outbound_caller_id": str(
                item.get("outbound_caller_id") or (base or {}).get("outbound_caller_id") or ""
            ),
        }
        _insert(ctx, TRUNK, trunk_id, doc)
        out.append(
            {k: doc[k] for k in ("dnis", "id", "name", "number_prefix", "sip_server_address")}
        )
    return {"sip_trunks": out}


def delete_trunk(ctx: Ctx, trunk_id: str) -> None:
    access.enter_account(ctx)
    if not ctx.tx.delete(TRUNK, access.storage_id(ctx.account_id, trunk_id)):
        raise errors.not_found(2301, f"SIP Trunk does not exist: {trunk_id}.")


def _has_plan(ctx: Ctx) -> bool:
    return ctx.tx.count(TRUNK, ctx.account_id) > 0


# -- call-out countries ------------------------------------------------------------------------
def _country(code: str) -> Doc:
    name, dial = COUNTRIES[code]
    return {"code": dial, "id": code, "name": name}


def list_countries(ctx: Ctx) -> Doc:
    access.enter_account(ctx)
    items = [_public(d) for d in ctx.tx.find(COUNTRY, ctx.account_id)]
    return {"total_records": len(items), "callout_countries": items}


def add_countries(ctx: Ctx, body: Doc) -> Doc:
    access.enter_account(ctx)
    codes = [str(c.get("id") or "").strip().upper() for c in body.get("callout_countries") or []]
    if not codes or any(c not in COUNTRIES for c in codes):
        raise errors.bad_request(
            300,
            "Either one or more parameters provided in the `callout_countries` object are invalid.",
        )
    out = []
    for code in dict.fromkeys(codes):
        doc = _country(code)
        _insert(ctx, COUNTRY, code, doc)
        out.append(doc)
    return {"callout_countries": out}


def delete_country(ctx: Ctx, country_id: str) -> None:
    access.enter_account(ctx)
    key = access.storage_id(ctx.account_id, country_id.strip().upper())
    if not ctx.tx.delete(COUNTRY, key):
        raise errors.not_found(2302, f"Callout Country does not exist: {country_id}.")


# -- internal numbers --------------------------------------------------------------------------
def list_numbers(ctx: Ctx) -> Doc:
    access.enter_account(ctx)
    docs = ctx.tx.find(NUMBER, ctx.account_id)
    page = pagination.page_params(ctx, pagination.DEFAULT_PAGE_SIZE, 300)
    if not page.by_token:
        page = pagination.Page(page.size, 0, 1, False)
    chunk = [_public(d) for d in docs[page.offset : page.offset + page.size]]
    return pagination.page_body(ctx, page, "internal_numbers", chunk, len(docs), numbered=False)


def add_numbers(ctx: Ctx, body: Doc) -> Doc:
    access.enter_account(ctx)
    taken = {str(d.get("number")) for d in ctx.tx.find(NUMBER, ctx.account_id)}
    out = []
    for item in body.get("internal_numbers") or []:
        number = str(item.get("number") or "").strip()
        if not number or number in taken:
            raise errors.bad_request(
                300, f"The value you provided for number is invalid: {number}."
            )
        taken.add(number)
        doc: Doc = {"id": ids.b64url_id(), **NUMBER_DEFAULTS}
        doc.update({k: item[k] for k in NUMBER_FIELDS if k in item})
        doc["number"] = number
        doc["assigned_accounts"] = []
        _insert(ctx, NUMBER, doc["id"], doc)
        out.append({k: v for k, v in doc.items() if k != "assigned_accounts"})
    return {"internal_numbers": out}


def _number(ctx: Ctx, number_id: str) -> Doc:
    doc = ctx.tx.get(NUMBER, access.storage_id(ctx.account_id, number_id), ctx.account_id)
    if doc is None:
        raise errors.not_found(2303, f"Internal Number does not exist: {number_id}.")
    return doc


def update_number(ctx: Ctx, number_id: str, body: Doc) -> None:
    access.enter_account(ctx)
    doc = _number(ctx, number_id)
    doc.update({k: body[k] for k in NUMBER_FIELDS if k in body})
    ctx.tx.update(NUMBER, access.storage_id(ctx.account_id, number_id), doc)


def delete_number(ctx: Ctx, number_id: str) -> None:
    access.enter_account(ctx)
    _number(ctx, number_id)
    ctx.tx.delete(NUMBER, access.storage_id(ctx.account_id, number_id))


# -- numbers assigned to a sub-account ---------------------------------------------------------
def master_numbers(ctx: Ctx) -> Doc:
    docs = ctx.tx.find(NUMBER, ctx.principal.account_id)
    items = [{"country": str(d.get("country", "")), "number": str(d["number"])} for d in docs]
    return {"total_records": len(items), "phone_numbers": items}


def assign_numbers(ctx: Ctx, body: Doc) -> None:
    master = access.enter_account(ctx)
    if not _has_plan(ctx):
        raise errors.bad_request(2100, NO_PLAN)
    pool = {str(d["number"]): d for d in ctx.tx.find(NUMBER, master)}
    wanted = [str(n).strip() for n in body.get("phone_numbers") or []]
    for number in wanted:
        if number not in pool:
            raise errors.bad_request(
                400, f"This number does not belong to master account: {number}."
            )
    entry = {"id": ctx.account_id, "name": access.account_name(ctx, ctx.account_id), "type": 1}
    for number in dict.fromkeys(wanted):
        doc = pool[number]
        assigned = [a for a in doc.get("assigned_accounts") or [] if a.get("id") != ctx.account_id]
        doc["assigned_accounts"] = [*assigned, entry]
        ctx.tx.update(NUMBER, access.storage_id(master, str(doc["id"])), doc)


def delete_all_numbers(ctx: Ctx) -> None:
    master = access.enter_account(ctx)
    if not _has_plan(ctx):
        raise errors.bad_request(2100, NO_PLAN)
    for doc in ctx.tx.find(NUMBER, master):
        assigned = doc.get("assigned_accounts") or []
        kept = [a for a in assigned if a.get("id") != ctx.account_id]
        if kept != assigned:
            doc["assigned_accounts"] = kept
            ctx.tx.update(NUMBER, access.storage_id(master, str(doc["id"])), doc)


# -- configuration -----------------------------------------------------------------------------
CONFIG_DEFAULTS: Doc = {
    "enable": False,
    "show_callout_internal_number": False,
    "show_zoom_provided_callout_countries": 0,
    "show_zoom_provided_numbers": 0,
}


def get_config(ctx: Ctx) -> Doc:
    access.enter_account(ctx)
    doc = ctx.tx.get(CONFIG, ctx.account_id, ctx.account_id) or {}
    config = {**CONFIG_DEFAULTS, **doc}
    return {
        k: config[k]
        for k in (
            "show_callout_internal_number",
            "show_zoom_provided_callout_countries",
            "show_zoom_provided_numbers",
        )
    }


def update_config(ctx: Ctx, body: Doc) -> None:
    master = access.enter_account(ctx)
    base: Doc = {}
    if body.get("enable_all_settings_from_master_account") and ctx.account_id != master:
        base = ctx.tx.get(CONFIG, master, master) or {}
    current = ctx.tx.get(CONFIG, ctx.account_id, ctx.account_id)
    new = {**CONFIG_DEFAULTS, **(current or {}), **base}
    new.update({k: v for k, v in body.items() if k in CONFIG_DEFAULTS})
    if current is None:
        ctx.tx.insert(CONFIG, ctx.account_id, ctx.account_id, new)
    else:
        ctx.tx.update(CONFIG, ctx.account_id, new)
