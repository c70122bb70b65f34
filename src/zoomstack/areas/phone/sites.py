"""Phone sites. Every site is created with its main auto receptionist; the account's first
(main) site is created on first use. Deleting a site moves its extensions and numbers to
`transfer_site_id` and removes its main auto receptionist."""

from __future__ import annotations

from typing import Any

from zoomstack import errors, ids, pagination
from zoomstack.areas.phone import auto_receptionists, common, numbers
from zoomstack.areas.phone.common import AUTO_RECEPTIONIST, SITE, Doc
from zoomstack.context import Ctx

_COUNTRIES = {
    "US": "United States",
    "CA": "Canada",
    "GB": "United Kingdom",
    "AU": "Australia",
    "DE": "Germany",
    "FR": "France",
    "JP": "Japan",
    "IN": "India",
    "BR": "Brazil",
    "MX": "Mexico",
    "NL": "Netherlands",
    "IE": "Ireland",
    "ES": "Spain",
    "IT": "Italy",
    "SG": "Singapore",
    "NZ": "New Zealand",
}
# Site-level policy defaults (a subset of Zoom's policy objects; all unlocked).
_POLICY_DEFAULTS: Doc = {
    key: {"enable": True, "locked": False, "modified": False}
    for key in (
        "select_outbound_caller_id",
        "voicemail",
        "voicemail_transcription",
        "international_calling",
        "sms",
        "elevate_to_meeting",
        "hand_off_to_room",
        "delegation",
    )
}
# Kinds whose objects live on a site (moved on site deletion).
_SITE_KINDS = (
    common.PHONE_USER,
    common.CALL_QUEUE,
    common.SHARED_LINE_GROUP,
    common.COMMON_AREA,
    common.DEVICE,
    AUTO_RECEPTIONIST,
)


def country(code: str) -> Doc:
    code = code.upper()
    return {"code": code, "name": _COUNTRIES.get(code, code)}


def _missing(message: str = "Site does not exist.", code: int = 400) -> errors.ZoomError:
    return errors.bad_request(code, message)


def _insert(ctx: Ctx, doc: Doc, ar_name: str) -> Doc:
    ar = auto_receptionists.create(ctx, ar_name, doc["id"], main=True)
    doc["_main_ar"] = ar["id"]
    seq = ctx.tx.counter_incr("crud.seq.phone_site", 0)
    ctx.tx.insert(SITE, doc["id"], ctx.account_id, doc, sort=f"{seq:012d}")
    return doc


def _create_main(ctx: Ctx) -> Doc:
    doc: Doc = {
        "id": ids.b64url_id(),
        "name": "Main Site",
        "site_code": 0,
        "country": country("US"),
        "short_extension": {"length": 3},
        "_main": True,
    }
    return _insert(ctx, doc, "Main Auto Receptionist")


common.main_site_factory.append(_create_main)


def create(ctx: Ctx, body: Doc) -> Doc:
    common.main_site(ctx)
    settings = ctx.tx.get(common.ACCOUNT, ctx.account_id, ctx.account_id) or {}
    if not settings.get("multiple_sites", {}).get("enabled", True):
        raise errors.bad_request(300, "Multiple Site is disabled.")
    address = body["default_emergency_address"]
    code = str(address.get("country", "")).upper()
    if len(code) != 2 or not code.isalpha():
        raise errors.bad_request(400, "Country information is invalid.")
    site_code = body.get("site_code")
    if site_code is not None and not 1 <= len(str(site_code)) <= 5:
        raise errors.bad_request(400, "Invalid site code length.")
    doc: Doc = {
        "id": ids.b64url_id(),
        "name": body["name"],
        "site_code": site_code or 0,
        "country": country(code),
        "short_extension": {"length": 3, **(body.get("short_extension") or {})},
        "default_emergency_address": {**address, "country": code},
        "_main": False,
    }
    for key in ("sip_zone", "force_off_net"):
        if key in body:
            doc[key] = body[key]
    _insert(ctx, doc, str(body["auto_receptionist_name"]))
    return {"id": doc["id"], "name": doc["name"]}


def _shape_item(ctx: Ctx, doc: Doc) -> Doc:
    ar = ctx.tx.get(AUTO_RECEPTIONIST, str(doc.get("_main_ar", "")), ctx.account_id) or {}
    return {
        "id": doc["id"],
        "name": doc["name"],
        "site_code": doc.get("site_code", 0),
        "country": doc.get("country", country("US")),
        "main_auto_receptionist": {
            "id": ar.get("id", ""),
            "name": ar.get("name", ""),
            "extension_number": ar.get("extension_number"),
            "extension_id": ar.get("extension_id", ""),
        },
    }


def load(ctx: Ctx, site_id: str, error: errors.ZoomError) -> Doc:
    common.main_site(ctx)
    doc = common.site_doc(ctx, site_id)
    if doc is None:
        raise error
    return doc


def get(ctx: Ctx, site_id: str) -> Doc:
    doc = load(ctx, site_id, _missing("The site does not exist."))
    policy = {k: dict(v) for k, v in _POLICY_DEFAULTS.items()}
    for key, value in (doc.get("policy") or {}).items():
        policy[key] = {**policy.get(key, {}), **value, "modified": True}
    return {
        **_shape_item(ctx, doc),
        "short_extension": doc.get("short_extension", {"length": 3}),
        "policy": policy,
    }


def list_sites(ctx: Ctx) -> Doc:
    common.main_site(ctx)
    name = ctx.q("site_name").strip().lower()
    items = [
        _shape_item(ctx, d)
        for d in ctx.tx.find(SITE, ctx.account_id)
        if not name or name in str(d["name"]).lower()
    ]
    return pagination.paginate_list(ctx, "sites", items, numbered=False)


def update(ctx: Ctx, site_id: str, body: Doc) -> None:
    doc = load(ctx, site_id, _missing("Validation failed. Site does not exist.", 300))
    if "name" in body:
        doc["name"] = body["name"]
    if body.get("site_code") is not None:
        if not 1 <= len(str(body["site_code"])) <= 5:
            raise errors.bad_request(400, "Invalid site code length.")
        doc["site_code"] = body["site_code"]
    address = body.get("default_emergency_address")
    if isinstance(address, dict):
        old_country = str(doc.get("country", {}).get("code", ""))
        new_country = str(address.get("country", old_country)).upper()
        if new_country != old_country:
            raise errors.bad_request(300, "Change country is not allowed.")
        doc["default_emergency_address"] = {**doc.get("default_emergency_address", {}), **address}
    for key in ("short_extension", "sip_zone", "force_off_net"):
        if isinstance(body.get(key), dict):
            doc[key] = {**doc.get(key, {}), **body[key]}
    if isinstance(body.get("policy"), dict):
        policy = doc.setdefault("policy", {})
        for key, value in body["policy"].items():
            if isinstance(value, dict):
                policy[key] = {**policy.get(key, {}), **value}
    ctx.tx.update(SITE, site_id, doc)


def delete(ctx: Ctx, site_id: str, transfer_site_id: str) -> None:
    doc = load(ctx, site_id, _missing())
    if not transfer_site_id:
        raise errors.validation(
            [{"field": "transfer_site_id", "message": "Invalid field: transfer_site_id."}]
        )
    if transfer_site_id == site_id:
        raise errors.bad_request(400, "Unable to transfer to the same site.")
    target = load(ctx, transfer_site_id, _missing())
    main_ar = ctx.tx.get(AUTO_RECEPTIONIST, str(doc.get("_main_ar", "")), ctx.account_id)
    if main_ar is not None:
        auto_receptionists.remove(ctx, main_ar)
    for kind in _SITE_KINDS:
        for item in ctx.tx.find(kind, ctx.account_id):
            if item.get("_site_id") == site_id:
                item["_site_id"] = transfer_site_id
                ctx.tx.update(kind, str(item["id"]), item)
    numbers.move_site(ctx, site_id, transfer_site_id)
    if doc.get("_main"):
        target["_main"] = True
        ctx.tx.update(SITE, transfer_site_id, target)
    ctx.tx.delete(SITE, site_id)


def uses(ctx: Ctx, site_id: Any) -> str:
    """For handlers: the site id of a new object (main site when omitted)."""
    return common.pick_site(ctx, site_id, _missing())
