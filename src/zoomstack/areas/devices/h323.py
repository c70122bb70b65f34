"""H.323/SIP room-system devices saved on the account (dial-out targets): plain CRUD."""

from __future__ import annotations

from typing import Any

from zoomstack import crud, errors
from zoomstack.context import Ctx


def _not_found(ctx: Ctx, device_id: str) -> errors.ZoomError:
    return errors.ZoomError(404, 300, f"H.323 Device does not exist: {device_id}.")


def _name_taken(name: Any) -> errors.ZoomError:
    # Zoom documents this conflict with HTTP 404.
    return errors.ZoomError(404, 2020, f"H.323 device's display name {name} is already in use.")


H323_DEVICES = crud.Resource(
    kind="h323_device",
    not_found=_not_found,
    list_key="devices",
    fields=("name", "protocol", "ip", "encryption"),
    defaults={"name": "", "protocol": "H.323", "ip": "", "encryption": "auto"},
    unique=(crud.Unique("name", _name_taken),),
    paging="numbered",
    # The current catalog only documents a 200 for delete; Zoom answers 204 No Content.
    status={"delete": 204},
)
