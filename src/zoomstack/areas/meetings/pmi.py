"""Personal Meeting ID (PMI) meetings: type 4, one per user, addressed by the user's PMI.

They are not created through the API; the first lookup of a user's PMI as a meeting ID stores
its meeting document (so it can be read, updated, started like any other, but not deleted).
"""

from __future__ import annotations

from typing import Any

from zoomstack import ids
from zoomstack.areas.meetings import meeting_settings, passcodes, scheduling
from zoomstack.areas.users import service as users
from zoomstack.context import Ctx
from zoomstack.store import Conflict


def _owner(ctx: Ctx, number: str) -> dict[str, Any] | None:
    # PMIs are 10 digits; meeting numbers 11 (or 9 for very old meetings).
    if len(number) != 10:
        return None
    for user in ctx.tx.find(users.KIND, ctx.account_id):
        if str(user.get("pmi", "")) == number:
            return user
    return None


def pmi_meeting(ctx: Ctx, number: str) -> dict[str, Any] | None:
    from zoomstack.areas.meetings import service

    owner = _owner(ctx, number)
    if owner is None:
        return None
    now = ctx.clock.now_iso()
    user_settings = users.user_settings(ctx.tx, owner)
    sched = user_settings.get("schedule_meeting", {})
    settings = meeting_settings.defaults(scheduling.SCHEDULED, user_settings)
    settings["use_pmi"] = True
    meeting_settings.normalize(settings, meeting_type=scheduling.PMI, host_licensed=False)
    name = (
        owner.get("display_name") or f"{owner.get('first_name', '')} {owner.get('last_name', '')}"
    )
    doc: dict[str, Any] = {
        "uuid": ids.meeting_uuid(),
        "id": int(number),
        "host_id": owner["id"],
        "host_email": owner.get("email", ""),
        "assistant_id": "",
        "topic": f"{str(name).strip() or owner.get('email', '')}'s Personal Meeting Room",
        "type": scheduling.PMI,
        "status": "waiting",
        "start_time": now,
        "duration": 60,
        "timezone": owner.get("timezone") or "UTC",
        "agenda": "",
        "created_at": now,
        "settings": settings,
        "pre_schedule": False,
        "creation_source": "other",
        "_created_ms": ctx.clock.now_ms(),
    }
    doc["_uuids"] = [doc["uuid"]]
    if sched.get("require_password_for_pmi_meetings", "jbh_only") in ("all", "jbh_only"):
        req = dict(sched.get("meeting_password_requirement") or {})
        scheduling.set_passcode(doc, passcodes.generate(req))
    scheduling.refresh_derived(ctx, doc, owner)
    try:
        ctx.tx.key_put(service.NS_UUID, doc["uuid"], number)
        ctx.tx.insert(service.KIND, number, owner["account_id"], doc, parent=owner["id"])
    except Conflict:
        return ctx.tx.get(service.KIND, number, ctx.account_id)
    return doc
