"""Meeting templates: saved from an existing meeting, listed per user, applied on create
(`template_id`) as the starting point for topic, agenda, duration and settings.

Webinar templates follow the same rules; the webinars area passes `WEBINAR` as the flavor.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from zoomstack import errors, ids
from zoomstack.context import Ctx

KIND = "meeting_template"
MAX_TEMPLATES = 40
USER_TEMPLATE, ADMIN_TEMPLATE = 1, 2
# Admin templates belong to the account rather than to one user.
ACCOUNT_PARENT = "_account"


@dataclass(frozen=True, slots=True)
class Flavor:
    """What templates are made from: meetings (the default) or webinars."""

    kind: str = KIND
    source_kind: str = "meeting"
    source_field: str = "meeting_id"
    label: str = "Meeting"
    default_type: int = 2
    recurring_types: frozenset[int] = frozenset({3, 8})
    missing_code: int = 3001
    missing_message: str = "Meeting does not exist: {id}"


MEETING = Flavor()
WEBINAR = Flavor(
    kind="webinar_template",
    source_kind="webinar",
    source_field="webinar_id",
    label="Webinar",
    default_type=5,
    recurring_types=frozenset({6, 9}),
    missing_code=3000,
    missing_message="Cannot access meeting info.",
)


def _user_templates(ctx: Ctx, user_id: str, flavor: Flavor = MEETING) -> list[dict[str, Any]]:
    return ctx.tx.find(flavor.kind, ctx.account_id, parent=user_id)


def list_templates(ctx: Ctx, user: dict[str, Any], flavor: Flavor = MEETING) -> dict[str, Any]:
    found = _user_templates(ctx, user["id"], flavor) + _user_templates(ctx, ACCOUNT_PARENT, flavor)
    items = [{"id": t["id"], "name": t["name"], "type": t["type"]} for t in found]
    return {"total_records": len(items), "templates": items}


def find_template(
    ctx: Ctx, user: dict[str, Any], template_id: str, flavor: Flavor = MEETING
) -> dict[str, Any] | None:
    doc = ctx.tx.get(flavor.kind, template_id, ctx.account_id)
    if doc is None or doc.get("_owner") not in (user["id"], ACCOUNT_PARENT):
        return None
    return doc


def create_template(
    ctx: Ctx, user: dict[str, Any], body: dict[str, Any], flavor: Flavor = MEETING
) -> dict[str, Any]:
    field = flavor.source_field
    meeting_id = body.get(field)
    if meeting_id is None:
        raise errors.field_error(field, f"Missing field: {field}.")
    meeting = ctx.tx.get(flavor.source_kind, str(meeting_id), ctx.account_id)
    if meeting is None or meeting.get("_deleted") or meeting.get("host_id") != user["id"]:
        raise errors.bad_request(flavor.missing_code, flavor.missing_message.format(id=meeting_id))
    name = str(body.get("name") or meeting.get("topic") or f"Zoom {flavor.label}")
    mine = _user_templates(ctx, user["id"], flavor)
    replacing = None
    if body.get("overwrite"):
        replacing = next((t for t in mine if t.get("_meeting_id") == str(meeting_id)), None)
    if any(t["name"] == name for t in mine if t is not replacing):
        raise errors.bad_request(3000, f"{flavor.label} template name already exists: {name}.")
    if replacing is None and len(mine) >= MAX_TEMPLATES:
        raise errors.bad_request(
            300, f"You can only create up to {MAX_TEMPLATES} {flavor.label.lower()} templates."
        )
    settings = {
        k: v for k, v in meeting.get("settings", {}).items() if k != "global_dial_in_numbers"
    }
    doc: dict[str, Any] = {
        "id": replacing["id"] if replacing else ids.alnum(15),
        "name": name,
        "type": USER_TEMPLATE,
        "_owner": user["id"],
        "_meeting_id": str(meeting_id),
        "topic": meeting.get("topic", ""),
        "agenda": meeting.get("agenda", ""),
        "duration": meeting.get("duration", 60),
        "settings": copy.deepcopy(settings),
        "meeting_type": flavor.default_type,
    }
    if body.get("save_recurrence") and meeting.get("type") in flavor.recurring_types:
        doc["meeting_type"] = meeting["type"]
        if meeting.get("recurrence"):
            doc["recurrence"] = copy.deepcopy(meeting["recurrence"])
    if replacing is not None:
        ctx.tx.update(flavor.kind, doc["id"], doc)
    else:
        ctx.tx.insert(
            flavor.kind, doc["id"], ctx.account_id, doc, parent=user["id"],
            sort=ctx.clock.now_iso(),
        )  # fmt: skip
    return {"id": doc["id"], "name": name}


def apply(template: dict[str, Any], body: dict[str, Any]) -> dict[str, Any]:
    """The create body with the template's values under what the client sent explicitly."""
    out = dict(body)
    for key in ("topic", "agenda", "duration"):
        if key not in out and template.get(key):
            out[key] = template[key]
    if "type" not in out and template.get("meeting_type"):
        out["type"] = template["meeting_type"]
        if template.get("recurrence") and "recurrence" not in out:
            out["recurrence"] = copy.deepcopy(template["recurrence"])
    out["settings"] = {**copy.deepcopy(template.get("settings", {})), **(out.get("settings") or {})}
    return out
