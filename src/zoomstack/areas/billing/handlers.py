"""Billing (legacy master-account APIs): billing contact, plans and add-ons, plan usage,
invoices and invoice PDFs."""

from __future__ import annotations

from typing import Any

from zoomstack.areas.billing import service
from zoomstack.context import Ctx
from zoomstack.http.messages import Response
from zoomstack.registry import api


@api("GET", "/accounts/{accountId}/billing")
def get_billing(ctx: Ctx) -> dict[str, Any]:
    return service.get_contact(ctx)


@api("PATCH", "/accounts/{accountId}/billing")
def update_billing(ctx: Ctx) -> None:
    service.update_contact(ctx, ctx.body())


@api("GET", "/accounts/{accountId}/plans")
def get_plans(ctx: Ctx) -> dict[str, Any]:
    return service.get_plans(ctx)


@api("POST", "/accounts/{accountId}/plans")
def subscribe(ctx: Ctx) -> dict[str, Any]:
    return service.subscribe(ctx, ctx.body())


@api("PUT", "/accounts/{accountId}/plans/base")
def update_base(ctx: Ctx) -> None:
    service.update_base(ctx, ctx.body())


@api("PATCH", "/accounts/{accountId}/plans/base/status")
def cancel_base(ctx: Ctx) -> None:
    service.cancel_base(ctx, ctx.body())


@api("POST", "/accounts/{accountId}/plans/addons")
def add_addon(ctx: Ctx) -> None:
    service.add_addon(ctx, ctx.body())


@api("PUT", "/accounts/{accountId}/plans/addons")
def update_addon(ctx: Ctx) -> None:
    service.update_addon(ctx, ctx.body())


@api("PATCH", "/accounts/{accountId}/plans/addons/status")
def cancel_addon(ctx: Ctx) -> None:
    service.cancel_addon(ctx, ctx.body())


@api("GET", "/accounts/{accountId}/plans/usage")
def plan_usage(ctx: Ctx) -> dict[str, Any]:
    return service.usage(ctx)


@api("GET", "/accounts/{accountId}/billing/invoices")
def list_invoices(ctx: Ctx) -> dict[str, Any]:
    return service.list_invoices(ctx)


@api("GET", "/accounts/{accountId}/billing/invoices/{invoiceId}")
def get_invoice(ctx: Ctx) -> dict[str, Any]:
    return service.get_invoice(ctx, ctx.params["invoiceId"])


@api("GET", "/api/download/billing/invoices/{invoiceId}")
def download_invoice(ctx: Ctx) -> Response:
    return service.invoice_pdf(ctx, ctx.params["invoiceId"])
