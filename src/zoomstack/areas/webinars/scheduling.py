"""Creating and updating webinars: who hosts, when, the passcode, settings and derived URLs.

The meetings core supplies the shared rules: host resolution (`schedule_for`), time zones and
start times, recurrence, passcodes, tracking fields, the per-host daily create/update limit and
the update diff; this module applies them to webinar types 5 (one-time), 6 (series without a
fixed time) and 9 (series with a fixed time).
"""

from __future__ import annotations

from typing import Any

from zoomstack import errors, ids
from zoomstack.areas.meetings import events as meeting_events
from zoomstack.areas.meetings import limits, passcodes, series, templates, urls
from zoomstack.areas.meetings import scheduling as meeting_scheduling
from zoomstack.areas.users import service as users
from zoomstack.areas.users import settings as user_settings
from zoomstack.areas.webinars import licence, service, webinar_settings
from zoomstack.areas.webinars.service import RECURRING, RECURRING_NO_TIME, WEBINAR
from zoomstack.context import Ctx
from zoomstack.timefmt import format_iso

# Types with a start time of their own.
TIMED = frozenset({WEBINAR, RECURRING})
DEFAULT_TOPIC = "Zoom Webinar"
DEFAULT_DURATION = 60


def read_body(ctx: Ctx, *, required: bool = False) -> dict[str, Any]:
    try:
        return ctx.body(required=required)
    except errors.ZoomError as exc:
        raise meeting_scheduling.password_field_error(ctx, exc) from None


def _refuse_simulive(body: dict[str, Any]) -> None:
    # Simulive webinars play a recording; zoomstack's accounts have the feature off.
    if body.get("is_simulive"):
        raise errors.bad_request(300, "Account hasn't enabled simulive webinar.")


# -- passcode --------------------------------------------------------------------------------
def new_passcode(ctx: Ctx, host: dict[str, Any], body: dict[str, Any]) -> str:
    """The client's passcode (checked against the host's requirements), or a generated one
    when the host's security settings require webinar passcodes and `default_passcode`
    (default true) allows it."""
    req = meeting_scheduling.requirement(ctx, host)
    given = body.get("password")
    if isinstance(given, str) and given:
        passcodes.check(given, req)
        return given
    security = user_settings.meeting_security(ctx.tx, host)
    required = bool(security.get("require_password_for_scheduled_webinar", True))
    if required and body.get("default_passcode", True):
        return passcodes.generate(req)
    return ""


def set_passcode(doc: dict[str, Any], password: str) -> None:
    """A webinar shows its passcode as `password`, `h323_passcode` and `encrypted_passcode`."""
    for key in ("password", "h323_passcode", "encrypted_passcode"):
        doc.pop(key, None)
    fields = passcodes.passcode_fields(password)
    if fields:
        doc["password"] = fields["password"]
        doc["h323_passcode"] = fields["h323_password"]
        doc["encrypted_passcode"] = fields["encrypted_password"]


# -- derived fields --------------------------------------------------------------------------
def registration_url(base: str, token: str) -> str:
    return f"{base}/webinar/register/{token}"


def refresh_derived(ctx: Ctx, doc: dict[str, Any]) -> None:
    """The `/w/` join URL, and the registration URL while registration is on."""
    base = ctx.settings.base_url
    doc["join_url"] = urls.join_url(base, doc["id"], doc.get("encrypted_passcode", ""), path="w")
    if webinar_settings.registration_enabled(doc.get("settings", {})):
        token = doc.setdefault("_reg_token", "WN_" + ids.b64url_id())
        doc["registration_url"] = registration_url(base, token)
    else:
        doc.pop("registration_url", None)


# -- create ----------------------------------------------------------------------------------
def create_webinar(ctx: Ctx, user: dict[str, Any], body: dict[str, Any]) -> dict[str, Any]:
    template_id = body.get("template_id")
    if template_id:
        template = templates.find_template(ctx, user, str(template_id), templates.WEBINAR)
        if template is None:
            raise errors.bad_request(300, "Invalid parameter: template_id.")
        body = templates.apply(template, body)
    _refuse_simulive(body)
    wtype = int(body.get("type") or WEBINAR)
    host, assistant_id = meeting_scheduling.resolve_host(ctx, user, body.get("schedule_for"), wtype)
    licence.require(ctx, host, "create")
    limits.count_create_update(ctx, host["id"])
    now = meeting_scheduling.now_s(ctx)
    tz = meeting_scheduling.pick_timezone(body.get("timezone"), str(host.get("timezone") or ""))
    start = now
    if wtype in TIMED and body.get("start_time"):
        start = max(meeting_scheduling.parse_start(body["start_time"], tz), now)
    number = service.new_number(ctx)
    uuid = service.claim_uuid(ctx, str(number))
    settings = webinar_settings.merge(
        webinar_settings.defaults(wtype, users.user_settings(ctx.tx, host), host),
        body.get("settings") or {},
    )
    webinar_settings.normalize(settings, webinar_type=wtype)
    doc: dict[str, Any] = {
        "uuid": uuid,
        "id": number,
        "host_id": host["id"],
        "host_email": host.get("email", ""),
        "topic": str(body.get("topic") or DEFAULT_TOPIC),
        "type": wtype,
        "status": "waiting",
        "start_time": format_iso(start),
        "duration": int(body.get("duration") or DEFAULT_DURATION),
        "timezone": tz,
        "agenda": str(body.get("agenda") or ""),
        "created_at": format_iso(now),
        "settings": settings,
        "is_simulive": False,
        "creation_source": "open_api",
        "_assistant_id": assistant_id,
        "_uuids": [uuid],
        "_created_ms": ctx.clock.now_ms(),
    }
    if wtype == RECURRING:
        doc["recurrence"] = series.recurrence_for(body.get("recurrence"))
    set_passcode(doc, new_passcode(ctx, host, body))
    if body.get("tracking_fields"):
        doc["tracking_fields"] = meeting_scheduling.tracking_fields(ctx, body["tracking_fields"])
    if template_id:
        doc["template_id"] = str(template_id)
    refresh_derived(ctx, doc)
    series.check_series(doc, RECURRING)
    service.insert(ctx, doc, host)
    view = service.get_webinar_view(ctx, doc)
    ctx.emit("webinar.created", meeting_events.created_object(view), operation="single")
    return view


# -- update ----------------------------------------------------------------------------------
def update_webinar(
    ctx: Ctx, doc: dict[str, Any], body: dict[str, Any], occurrence_id: str | None
) -> None:
    host = licence.require_host(ctx, doc, "update")
    _refuse_simulive(body)
    if occurrence_id:
        limits.count_create_update(ctx, str(doc["host_id"]))
        _update_occurrence(ctx, doc, body, occurrence_id)
        return
    before = series.snapshot(doc)
    new_type = int(body.get("type") or doc["type"])
    new_host = host
    schedule_for = body.get("schedule_for")
    if schedule_for not in (None, ""):
        new_host, assistant_id = meeting_scheduling.resolve_host(ctx, host, schedule_for, new_type)
        if new_host["id"] != host["id"]:
            licence.require(ctx, new_host, "update")
            doc["_assistant_id"] = assistant_id
    limits.count_create_update(ctx, str(new_host["id"]))
    if body.get("template_id"):
        template = templates.find_template(ctx, host, str(body["template_id"]), templates.WEBINAR)
        if template is None:
            raise errors.bad_request(300, "Invalid parameter: template_id.")
        body = {
            **body,
            "settings": {**template.get("settings", {}), **(body.get("settings") or {})},
        }
    series.apply_schedule(
        doc, body, new_type, now=meeting_scheduling.now_s(ctx), timed=TIMED, series_type=RECURRING
    )
    moved = new_host["id"] != host["id"]
    if moved:
        doc["host_id"], doc["host_email"] = new_host["id"], new_host.get("email", "")
    settings = webinar_settings.merge(doc.get("settings", {}), body.get("settings") or {})
    doc["settings"] = webinar_settings.normalize(settings, webinar_type=new_type)
    if "password" in body:
        password = str(body.get("password") or "")
        if password:
            passcodes.check(password, meeting_scheduling.requirement(ctx, new_host))
        if password != doc.get("password", ""):
            set_passcode(doc, password)
    if "tracking_fields" in body:
        doc["tracking_fields"] = meeting_scheduling.tracking_fields(ctx, body["tracking_fields"])
    refresh_derived(ctx, doc)
    series.check_series(doc, RECURRING)
    series.prune_occurrence_changes(doc, RECURRING)
    if moved:
        service.move(ctx, doc, new_host)
    else:
        service.save(ctx, doc)
    changed, previous = series.changes_since(before, doc)
    if changed:
        scope = "all" if doc["type"] in (RECURRING, RECURRING_NO_TIME) else "single"
        _emit_updated(ctx, doc, changed, previous, scope)


def _emit_updated(
    ctx: Ctx, doc: dict[str, Any], changed: dict[str, Any], previous: dict[str, Any], scope: str
) -> None:
    ident = {"id": doc["id"], "uuid": doc["uuid"]}
    meeting_events.emit_updated(ctx, ident, changed, previous, scope=scope, event="webinar.updated")


def _update_occurrence(
    ctx: Ctx, doc: dict[str, Any], body: dict[str, Any], occurrence_id: str
) -> None:
    series.live_occurrence(doc, occurrence_id, RECURRING, service.occurrence_missing)
    changed, previous = series.update_occurrence(
        ctx, doc, occurrence_id, body, view=service.get_webinar_view, save=service.save,
        settings_allowed=webinar_settings.OCCURRENCE_SETTINGS,
    )  # fmt: skip
    if changed:
        _emit_updated(ctx, doc, changed, previous, "single")
