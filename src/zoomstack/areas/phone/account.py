"""Account-level phone setup: the phone account (setup, settings, main company number), BYOC
SIP trunks and numbers, and setting templates."""

from __future__ import annotations

from typing import Any

from zoomstack import crud, errors, ids, pagination
from zoomstack.areas.phone import common, numbers
from zoomstack.areas.phone.common import ACCOUNT, SITE, Doc
from zoomstack.context import Ctx

SIP_TRUNK = "phone_sip_trunk"


def settings(ctx: Ctx) -> Doc:
    doc = ctx.tx.get(ACCOUNT, ctx.account_id, ctx.account_id)
    if doc is None:
        doc = {"id": ctx.account_id, "multiple_sites": {"enabled": True}}
        ctx.tx.insert(ACCOUNT, ctx.account_id, ctx.account_id, doc)
    return doc


def _save(ctx: Ctx, doc: Doc) -> None:
    ctx.tx.update(ACCOUNT, ctx.account_id, doc)


def setup(ctx: Ctx, body: Doc) -> None:
    doc = settings(ctx)
    site = common.main_site(ctx)
    address = dict(body["emergency_address"])
    address["country"] = str(address.get("country", "")).upper()
    if len(address["country"]) != 2 or not address["country"].isalpha():
        raise errors.bad_request(
            300,
            "The country code you entered is invalid. Provide a valid country code and try again.",
        )
    site["default_emergency_address"] = address
    ctx.tx.update(SITE, str(site["id"]), site)
    doc["setup"] = {"extension_number": str(body["extension_number"])}
    _save(ctx, doc)


def update_settings(ctx: Ctx, body: Doc) -> None:
    doc = settings(ctx)
    multiple = body.get("multiple_sites")
    disabling = isinstance(multiple, dict) and multiple.get("enabled") is False
    if disabling and len(ctx.tx.find(SITE, ctx.account_id)) > 1:
        raise errors.ZoomError(412, 412, "Disable multiple sites after deleting other sites.")
    for key, value in body.items():
        if isinstance(value, dict) and isinstance(doc.get(key), dict):
            doc[key] = {**doc[key], **value}
        else:
            doc[key] = value
    _save(ctx, doc)


def change_company_number(ctx: Ctx, ref: str) -> None:
    number = numbers.find(ctx, ref) if ref else None
    if number is None:
        raise errors.not_found(404, f"phoneNumber does not exist, phonenumberId:{ref}.")
    owner = number.get("_owner")
    if owner and owner["type"] != "autoReceptionist":
        raise errors.bad_request(400, "Target phone number can not be set as main company number.")
    doc = settings(ctx)
    doc["company_number"] = number["number"]
    _save(ctx, doc)


# -- BYOC ---------------------------------------------------------------------------------------
def add_byoc_numbers(ctx: Ctx, body: Doc) -> Doc:
    raw: list[Any] = list(body["phone_numbers"])
    if len(raw) > 50:
        raise errors.bad_request(400, "Batch phone numbers are limited to 50 per request.")
    site_id = common.pick_site(
        ctx, body.get("site_id"), errors.bad_request(300, "Validation failed.")
    )
    out = []
    for value in raw:
        number = "+" + "".join(ch for ch in str(value) if ch.isdigit())
        if len(number) < 8 or numbers.number_exists(ctx, number):
            raise errors.bad_request(300, "Validation failed.")
        doc = numbers.add_number(
            ctx,
            number,
            source="external",
            carrier={"name": str(body["carrier"]), "code": 0},
            _site_id=site_id,
            **(
                {"sip_group": {"id": body["sip_group_id"], "display_name": ""}}
                if body.get("sip_group_id")
                else {}
            ),
        )
        out.append({"id": doc["id"], "number": doc["number"]})
    return {"phone_numbers": out}


def list_trunks(ctx: Ctx) -> Doc:
    items = [common.public(d) for d in ctx.tx.find(SIP_TRUNK, ctx.account_id)]
    body = pagination.paginate_list(ctx, "byoc_sip_trunk", items, numbered=False)
    body.pop("total_records", None)
    return body


def assign_trunks(ctx: Ctx, body: Doc) -> Doc:
    out = []
    for item in body.get("sip_trunks") or []:
        doc = {
            "id": str(item.get("id") or ids.b64url_id()),
            "name": item.get("name", ""),
            "carrier_account": item.get("carrier_account", ""),
            "carrier": "",
            "region": "",
            "sbc_label": "",
        }
        if ctx.tx.get(SIP_TRUNK, doc["id"], ctx.account_id) is None:
            ctx.tx.insert(SIP_TRUNK, doc["id"], ctx.account_id, doc, sort=doc["id"])
        else:
            ctx.tx.update(SIP_TRUNK, doc["id"], doc)
        out.append({k: doc[k] for k in ("id", "name", "carrier_account")})
    return {"sip_trunks": out}


def update_trunk(ctx: Ctx, trunk_id: str, body: Doc) -> None:
    doc = ctx.tx.get(SIP_TRUNK, trunk_id, ctx.account_id)
    if doc is None:
        raise errors.not_found(404, f"Sip trunk does not exist: {trunk_id}.")
    for key in ("name", "carrier_account"):
        if key in body:
            doc[key] = body[key]
    ctx.tx.update(SIP_TRUNK, trunk_id, doc)


# -- setting templates --------------------------------------------------------------------------
TEMPLATE_TYPES = ("user", "group", "autoReceptionist", "commonArea", "zr", "interop")


def _template_missing(ctx: Ctx, template_id: str) -> errors.ZoomError:
    return errors.not_found(15001, f"Settings template does not exist: {template_id}.")


def _template_prepare(ctx: Ctx, doc: crud.Doc) -> crud.Doc:
    if doc.get("type") not in TEMPLATE_TYPES:
        raise errors.bad_request(
            300,
            "Validation failed. You provided an incorrect value for the template type. "
            "Provide a valid value and try again.",
        )
    if doc.get("site_id") and common.site_doc(ctx, str(doc["site_id"])) is None:
        raise errors.bad_request(300, "Site does not exist.")
    return doc


def _template_item(ctx: Ctx, doc: crud.Doc) -> crud.Doc:
    return {k: doc.get(k, "") for k in ("id", "name", "type", "description")}


def _template_list(ctx: Ctx, docs: list[crud.Doc]) -> list[crud.Doc]:
    site_id = ctx.q("site_id")
    return [d for d in docs if not site_id or d.get("site_id") == site_id]


SETTING_TEMPLATES = crud.Resource(
    kind="phone_setting_template",
    not_found=_template_missing,
    list_key="templates",
    fields=("description", "name", "policy", "profile", "user_settings"),
    create_only=("type", "site_id"),
    defaults={"description": "", "policy": {}, "profile": {}, "user_settings": {}},
    paging="token",
    prepare_create=_template_prepare,
    filter_list=_template_list,
    shape_item=_template_item,
    shape=lambda ctx, doc: {
        k: v for k, v in doc.items() if k != "site_id" and not k.startswith("_")
    },
)
