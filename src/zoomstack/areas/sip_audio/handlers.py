"""SIP Connected Audio: /accounts/{accountId}/sip_trunk/... and /sip_trunk/numbers."""

from __future__ import annotations

from typing import Any

from zoomstack.areas.sip_audio import service
from zoomstack.context import Ctx
from zoomstack.http.messages import Response
from zoomstack.registry import api

Doc = dict[str, Any]
BASE = "/accounts/{accountId}/sip_trunk"


@api("GET", f"{BASE}/trunks")
def list_trunks(ctx: Ctx) -> Doc:
    return service.list_trunks(ctx)


@api("POST", f"{BASE}/trunks")
def assign_trunks(ctx: Ctx) -> Doc:
    return service.assign_trunks(ctx, ctx.body())


@api("DELETE", f"{BASE}/trunks/{{trunkId}}")
def delete_trunk(ctx: Ctx) -> None:
    service.delete_trunk(ctx, ctx.params["trunkId"])


@api("GET", f"{BASE}/callout_countries")
def list_callout_countries(ctx: Ctx) -> Doc:
    return service.list_countries(ctx)


@api("POST", f"{BASE}/callout_countries")
def add_callout_countries(ctx: Ctx) -> Doc:
    return service.add_countries(ctx, ctx.body())


@api("DELETE", f"{BASE}/callout_countries/{{countryId}}")
def delete_callout_country(ctx: Ctx) -> None:
    service.delete_country(ctx, ctx.params["countryId"])


@api("GET", f"{BASE}/internal_numbers")
def list_internal_numbers(ctx: Ctx) -> Doc:
    return service.list_numbers(ctx)


@api("POST", f"{BASE}/internal_numbers")
def add_internal_numbers(ctx: Ctx) -> Doc:
    return service.add_numbers(ctx, ctx.body())


# Zoom documents this and GET .../settings, but they are not catalog rows (not in scope);
# served anyway so the stored numbers and configuration can be edited and read back.
@api("PATCH", f"{BASE}/internal_numbers/{{numberId}}")
def update_internal_number(ctx: Ctx) -> Response:
    service.update_number(ctx, ctx.params["numberId"], ctx.body())
    return Response.empty(204)


@api("DELETE", f"{BASE}/internal_numbers/{{numberId}}")
def delete_internal_number(ctx: Ctx) -> None:
    service.delete_number(ctx, ctx.params["numberId"])


@api("POST", f"{BASE}/numbers")
def assign_numbers(ctx: Ctx) -> None:
    service.assign_numbers(ctx, ctx.body())


@api("DELETE", f"{BASE}/numbers")
def delete_all_numbers(ctx: Ctx) -> None:
    service.delete_all_numbers(ctx)


@api("GET", f"{BASE}/settings")
def get_configuration(ctx: Ctx) -> Doc:
    return service.get_config(ctx)


@api("PATCH", f"{BASE}/settings")
def assign_configuration(ctx: Ctx) -> None:
    service.update_config(ctx, ctx.body())


@api("GET", "/sip_trunk/numbers")
def list_master_numbers(ctx: Ctx) -> Doc:
    return service.master_numbers(ctx)
