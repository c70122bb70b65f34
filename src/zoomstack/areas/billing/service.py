"""Billing operations: billing contact, plan subscription and changes (base plan and add-ons),
plan usage and invoices. State lives in `plans` (one billing document per account)."""

from __future__ import annotations

import copy
from typing import Any

from zoomstack import errors
from zoomstack.areas.billing import plans as state
from zoomstack.context import Ctx
from zoomstack.http.messages import Response

CANCEL_REASONS = (1, 2, 3, 4, 5, 6)


# -- billing contact -------------------------------------------------------------------------
def get_contact(ctx: Ctx) -> dict[str, Any]:
    doc = state.load(ctx, state.target(ctx))
    return {k: str(doc["contact"].get(k, "")) for k in state.CONTACT_FIELDS}


def update_contact(ctx: Ctx, body: dict[str, Any]) -> None:
    account = state.target(ctx)
    doc = state.load(ctx, account)
    doc["contact"].update({k: str(v) for k, v in body.items() if k in state.CONTACT_FIELDS})
    state.save(ctx, account, doc)


# -- plans ---------------------------------------------------------------------------------
def get_plans(ctx: Ctx) -> dict[str, Any]:
    doc = state.load(ctx, state.target(ctx))
    return copy.deepcopy(doc["plans"])


def _plan(value: Any, field: str) -> dict[str, Any]:
    if not isinstance(value, dict) or not str(value.get("type") or "").strip():
        raise errors.validation([{"field": f"{field}.type", "message": "Plan type is required."}])
    hosts = value.get("hosts")
    if not isinstance(hosts, int) or isinstance(hosts, bool) or hosts < 1:
        raise errors.field_error(f"{field}.hosts", "Invalid field: hosts.")
    return {"type": str(value["type"]).strip(), "hosts": hosts}


def _put_addon(plans: dict[str, Any], addon: dict[str, Any], *, replace: bool) -> None:
    group, many = state.addon_group(str(addon["type"]))
    if group == "plan_recording":
        plans[group] = addon["type"]
    elif many:
        rows = [r for r in plans.get(group) or [] if r.get("type") != addon["type"]]
        plans[group] = [*rows, {k: v for k, v in addon.items() if k in ("type", "hosts")}]
    else:
        plans[group] = {**(plans.get(group) or {}), **addon} if replace else dict(addon)


def subscribe(ctx: Ctx, body: dict[str, Any]) -> dict[str, Any]:
    account = state.target(ctx)
    doc = state.load(ctx, account)
    if doc["plans"].get("plan_base"):
        raise errors.bad_request(2100, "The account already subscribes to a plan.")
    base = _plan(body.get("plan_base"), "plan_base")
    plans: dict[str, Any] = {"plan_base": base}
    charges = [("Base plan", base["type"], base["hosts"])]
    for group in ("plan_zoom_rooms", "plan_room_connector", "plan_audio"):
        if isinstance(body.get(group), dict) and body[group].get("type"):
            plans[group] = dict(body[group])
    for group in ("plan_webinar", "plan_large_meeting"):
        rows = [_plan(r, group) for r in body.get(group) or []]
        if rows:
            plans[group] = rows
            charges += [(group, r["type"], r["hosts"]) for r in rows]
    if body.get("plan_recording"):
        plans["plan_recording"] = str(body["plan_recording"])
    contact = body.get("contact")
    if isinstance(contact, dict):
        doc["contact"].update({k: str(v) for k, v in contact.items() if k in state.CONTACT_FIELDS})
    doc["plans"] = plans
    doc["invoices"].append(state.new_invoice(ctx, charges))
    state.save(ctx, account, doc)
    state.set_paid(ctx, account, base)
    return copy.deepcopy(plans)


def _paid_plans(ctx: Ctx) -> tuple[dict[str, Any], dict[str, Any]]:
    account = state.target(ctx)
    doc = state.load(ctx, account)
    if not doc["plans"].get("plan_base"):
        raise errors.bad_request(2100, "The account does not subscribe to a base plan.")
    return account, doc


def update_base(ctx: Ctx, body: dict[str, Any]) -> None:
    account, doc = _paid_plans(ctx)
    base = _plan(body, "plan_base")
    doc["plans"]["plan_base"] = base
    doc["invoices"].append(state.new_invoice(ctx, [("Base plan", base["type"], base["hosts"])]))
    state.save(ctx, account, doc)
    state.set_paid(ctx, account, base)


def cancel_base(ctx: Ctx, body: dict[str, Any]) -> None:
    account, doc = _paid_plans(ctx)
    if body.get("action") != "cancel":
        raise errors.field_error("action", "Invalid field: action.")
    # Cancelling the base plan ends its add-ons too.
    doc["plans"] = {}
    state.save(ctx, account, doc)
    state.set_paid(ctx, account, None)


def add_addon(ctx: Ctx, body: dict[str, Any]) -> None:
    account, doc = _paid_plans(ctx)
    addon = _plan(body, "type")
    group, _ = state.addon_group(addon["type"])
    _put_addon(doc["plans"], addon, replace=False)
    doc["invoices"].append(state.new_invoice(ctx, [(group, addon["type"], addon["hosts"])]))
    state.save(ctx, account, doc)


def update_addon(ctx: Ctx, body: dict[str, Any]) -> None:
    account, doc = _paid_plans(ctx)
    addon = _plan(body, "type")
    group, many = state.addon_group(addon["type"])
    current = doc["plans"].get(group)
    subscribed = (
        any(r.get("type") == addon["type"] for r in current or []) if many else bool(current)
    )
    if not subscribed:
        raise errors.bad_request(2100, f"The account does not subscribe to {addon['type']}.")
    _put_addon(doc["plans"], addon, replace=True)
    state.save(ctx, account, doc)


def cancel_addon(ctx: Ctx, body: dict[str, Any]) -> None:
    account, doc = _paid_plans(ctx)
    plan_type = str(body.get("type") or "").strip()
    if not plan_type:
        raise errors.bad_request(300, "Plan type is required.")
    group, many = state.addon_group(plan_type)
    plans = doc["plans"]
    if many:
        rows = [r for r in plans.get(group) or [] if r.get("type") != plan_type]
        if len(rows) == len(plans.get(group) or []):
            raise errors.bad_request(2100, f"The account does not subscribe to {plan_type}.")
        plans[group] = rows
        if not rows:
            del plans[group]
    elif group not in plans:
        raise errors.bad_request(2100, f"The account does not subscribe to {plan_type}.")
    else:
        del plans[group]
    state.save(ctx, account, doc)


def usage(ctx: Ctx) -> dict[str, Any]:
    account = state.target(ctx)
    state.require_paid(account)
    plans = state.load(ctx, account)["plans"]
    licensed = state.licensed_users(ctx, str(account["id"]))

    def rows(group: str, used: int = 0) -> list[dict[str, Any]]:
        value = plans.get(group)
        items = value if isinstance(value, list) else [value] if value else []
        return [
            {"type": r["type"], "hosts": int(r.get("hosts") or 0), "usage": used} for r in items
        ]

    out: dict[str, Any] = {
        "plan_base": rows("plan_base", licensed),
        "plan_webinar": rows("plan_webinar"),
        "plan_large_meeting": rows("plan_large_meeting"),
        "plan_zoom_rooms": rows("plan_zoom_rooms"),
    }
    if plans.get("plan_recording"):
        out["plan_recording"] = {
            "type": plans["plan_recording"],
            "free_storage": "",
            "free_storage_usage": "",
            "plan_storage": "",
            "plan_storage_usage": "0 MB",
            "plan_storage_exceed": "0 MB",
        }
    return out


# -- invoices --------------------------------------------------------------------------------
def list_invoices(ctx: Ctx) -> dict[str, Any]:
    account = state.target(ctx)
    state.require_paid(account)
    since, until = ctx.q("from"), ctx.q("to")
    rows = [
        {k: v for k, v in inv.items() if k not in ("invoice_items", "currency")}
        for inv in state.load(ctx, account)["invoices"]
        if (not since or inv["invoice_date"] >= since)
        and (not until or inv["invoice_date"] <= until)
    ]
    return {"currency": "USD", "invoices": rows}


def _invoice(ctx: Ctx, account: dict[str, Any], invoice_id: str) -> dict[str, Any]:
    for inv in state.load(ctx, account)["invoices"]:
        if inv["id"] == invoice_id:
            return dict(inv)
    raise errors.bad_request(2001, f"InvoiceId does not exist: {invoice_id}.")


def get_invoice(ctx: Ctx, invoice_id: str) -> dict[str, Any]:
    account = state.target(ctx)
    state.require_paid(account)
    return _invoice(ctx, account, invoice_id)


def invoice_pdf(ctx: Ctx, invoice_id: str) -> Response:
    account = state.load_account(ctx)
    inv = _invoice(ctx, account, invoice_id)
    text = (
        f"Invoice {inv['invoice_number']} {inv['invoice_date']} "
        f"total {inv['total_amount']:.2f} {inv['currency']}"
    )
    return Response.binary(_pdf(text), "application/pdf", f"{inv['invoice_number']}.pdf")


def _pdf(text: str) -> bytes:
    """A minimal one-page PDF showing one line of text."""
    safe = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    stream = f"BT /F1 12 Tf 72 720 Td ({safe}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{n} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return bytes(out)
