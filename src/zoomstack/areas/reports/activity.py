"""Who did what: operation logs (from the event outbox) and sign-in/sign-out activity.

Operation logs. Every change in zoomstack emits its webhook event into the outbox with the
operator and a time, in the same transaction as the change; the admin operations among them are
Zoom's operation log. The mapping (event → category_type / action / operation_detail):

- user.created → User / Add / "Add User {email} - User Type: {type}"
- user.updated → User / Update / "Update User {email} - {field}: set to {value}, ..."
- user.deleted, .disassociated, .deactivated, .activated → User / Delete, Disassociate,
  Deactivate, Activate / "{Action} User {email}"
- user.settings_updated → User Settings / Update / "Update User Settings {email} - {path}:
  set to {value}, ..."
- account.updated, account.settings_updated → Account / Update / "Update Account - {path}:
  set to {value}, ..."; account.created → Sub Account / Add / "Add Sub Account {name}"
- webinar.created, .updated, .deleted → Webinar / Add, Update, Delete / "{Action} Webinar
  {topic} ({id})" (updates list the changed fields)
- recording.trashed, .deleted, .recovered → Recording / Delete, Delete, Recover / "{Action}
  Recording {topic} ({id})" (+ " - moved to trash" / " - permanently")
- chat_channel.created, .updated, .deleted → IM / Add, Update, Delete / "{Action} Channel {name}"

Meeting events are not operation-log entries on Zoom and are left out. The phone system log
(`/phone/reports/operationlogs`) would map `phone.*` admin events; none exist yet, so it is empty.

Sign-in/sign-out activity. Zoom keeps a log of client sign-ins; zoomstack has no clients, so
the log is derived: each user's `last_login_time` is a "Sign in" (client and version from
`last_client_version`), and every simulator session of a signed-in user of the account is a
client session — "Sign in" at its join, "Sign out" at its leave — with the session's device,
IP address and client version.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from zoomstack import jsonutil
from zoomstack.areas.reports import dates, paging
from zoomstack.areas.users import service as users
from zoomstack.sim import model
from zoomstack.timefmt import iso_from_ms, parse_iso

if TYPE_CHECKING:
    from zoomstack.context import Ctx

Doc = dict[str, Any]

CATEGORIES = {
    "user": "User",
    "user_settings": "User Settings",
    "account": "Account",
    "billing": "Billing",
    "im": "IM",
    "recording": "Recording",
    "phone_contacts": "Phone Contacts",
    "webinar": "Webinar",
    "sub_account": "Sub Account",
    "role": "Role",
    "zoom_rooms": "Zoom Rooms",
}
_EVENTS: dict[str, tuple[str, str]] = {
    "user.created": ("User", "Add"),
    "user.updated": ("User", "Update"),
    "user.deleted": ("User", "Delete"),
    "user.disassociated": ("User", "Disassociate"),
    "user.deactivated": ("User", "Deactivate"),
    "user.activated": ("User", "Activate"),
    "user.settings_updated": ("User Settings", "Update"),
    "account.updated": ("Account", "Update"),
    "account.settings_updated": ("Account", "Update"),
    "account.created": ("Sub Account", "Add"),
    "webinar.created": ("Webinar", "Add"),
    "webinar.updated": ("Webinar", "Update"),
    "webinar.deleted": ("Webinar", "Delete"),
    "recording.trashed": ("Recording", "Delete"),
    "recording.deleted": ("Recording", "Delete"),
    "recording.recovered": ("Recording", "Recover"),
    "chat_channel.created": ("IM", "Add"),
    "chat_channel.updated": ("IM", "Update"),
    "chat_channel.deleted": ("IM", "Delete"),
}
_USER_TYPES = {"1": "Basic", "2": "Licensed", "4": "Unassigned", "99": "None"}
_MAX_CHANGES = 8


# -- operation logs ----------------------------------------------------------------------------
def _leaves(value: Any, prefix: str = "") -> list[tuple[str, Any]]:
    if isinstance(value, dict):
        out: list[tuple[str, Any]] = []
        for k, v in value.items():
            if k == "id":
                continue
            out += _leaves(v, f"{prefix}.{k}" if prefix else str(k))
        return out
    return [(prefix, value)]


def _changes(obj: Doc) -> str:
    parts = [f"{path}: set to {jsonutil.dumps_str(v).strip(chr(34))}" for path, v in _leaves(obj)]
    return ", ".join(parts[:_MAX_CHANGES])


def _email(ctx: Ctx, obj: Doc) -> str:
    if obj.get("email"):
        return str(obj["email"])
    user = ctx.tx.get(users.KIND, str(obj.get("id") or ""), None)
    return str(user.get("email")) if user else str(obj.get("id") or "")


def _detail(ctx: Ctx, event: str, action: str, payload: Doc) -> str:
    raw = payload.get("object")
    obj: Doc = raw if isinstance(raw, dict) else {}
    noun, _, verb = event.partition(".")
    if event == "user.created":
        kind = _USER_TYPES.get(str(obj.get("type") or 1), "Basic")
        return f"Add User {_email(ctx, obj)} - User Type: {kind}"
    if event == "user.updated":
        return f"Update User {_email(ctx, obj)} - {_changes(obj)}"
    if noun == "user" and verb != "settings_updated":
        return f"{action} User {_email(ctx, obj)}"
    if event == "user.settings_updated":
        return f"Update User Settings {_email(ctx, obj)} - {_changes(obj.get('settings') or {})}"
    if noun == "account":
        if event == "account.created":
            return f"Add Sub Account {obj.get('account_name') or obj.get('id', '')}"
        return f"Update Account - {_changes(obj.get('settings') or obj)}"
    if noun == "webinar":
        head = f"{action} Webinar {obj.get('topic', '')} ({obj.get('id', '')})".replace("  ", " ")
        return f"{head} - {_changes(obj)}" if verb == "updated" else head
    if noun == "recording":
        head = f"{action} Recording {obj.get('topic', '')} ({obj.get('id', '')})"
        tail = {"trashed": " - moved to trash", "deleted": " - permanently"}.get(verb, "")
        return head + tail
    return f"{action} Channel {obj.get('name') or obj.get('id', '')}"


def _outbox(ctx: Ctx, win: dates.Window, events: list[str]) -> list[tuple[str, int, Doc]]:
    if not events:
        return []
    marks = ", ".join("?" for _ in events)
    rows = ctx.tx.fetchall(
        "SELECT event, event_ts, body FROM outbox WHERE account_id = ? AND event_ts >= ?"
        f" AND event_ts < ? AND event IN ({marks}) ORDER BY event_ts DESC, seq DESC",
        (ctx.account_id, win.start_ms, win.end_ms, *events),
    )
    out = []
    for event, ts, body in rows:
        data = jsonutil.loads(body) if isinstance(body, str | bytes) else body
        out.append((str(event), int(ts), dict(data)))
    return out


def log_entries(ctx: Ctx, win: dates.Window, category: str | None) -> list[Doc]:
    """Newest first."""
    wanted = [e for e, (cat, _) in _EVENTS.items() if category in (None, cat)]
    entries = []
    for event, ts, body in _outbox(ctx, win, wanted):
        cat, action = _EVENTS[event]
        raw = body.get("payload")
        payload: Doc = raw if isinstance(raw, dict) else {}
        entries.append(
            {
                "time": iso_from_ms(ts),
                "operator": str(payload.get("operator") or ""),
                "category_type": cat,
                "action": action,
                "operation_detail": _detail(ctx, event, action, payload),
            }
        )
    return entries


def operation_logs(ctx: Ctx) -> Doc:
    raw = ctx.q_enum("category_type", ("all", *CATEGORIES), "all")
    win = dates.window(ctx, with_time=True)
    entries = log_entries(ctx, win, CATEGORIES.get(raw))
    return paging.page(ctx, "operation_logs", entries, page_count=False, total=False)


def phone_operation_logs(ctx: Ctx) -> Doc:
    win = dates.window(ctx, required=False)
    return paging.page(
        ctx,
        "operation_logs",
        [],
        page_count=False,
        tail={"from": win.from_text, "to": win.to_text},
    )


# -- sign in / sign out ------------------------------------------------------------------------
_CLIENTS = {"mac": "Mac", "win": "Windows", "windows": "Windows", "ios": "iOS",
            "android": "Android", "web": "Browser", "linux": "Linux"}  # fmt: skip
_DEVICE_CLIENTS = {"Windows": "Windows", "Mac": "Mac", "iOS": "iOS", "Android": "Android",
                   "Web": "Browser"}  # fmt: skip


def _client_of(version: str) -> tuple[str, str]:
    """ "6.2.0.46690(mac)" -> ("Mac", "6.2.0.46690")."""
    number, _, rest = version.partition("(")
    return _CLIENTS.get(rest.rstrip(")").lower(), "Mac"), number.strip()


def _activity(email: str, ms: int, kind: str, ip: str, client: str, version: str) -> Doc:
    return {
        "email": email,
        "time": iso_from_ms(ms),
        "type": kind,
        "ip_address": ip,
        "client_type": client,
        "version": version,
    }


def sign_ins(ctx: Ctx, win: dates.Window) -> list[Doc]:
    """Newest first."""
    found: list[tuple[int, int, Doc]] = []
    members = {}
    for user in ctx.tx.find(users.KIND, ctx.account_id):
        if user.get("status") == "pending":
            continue
        members[str(user["id"])] = user
        login = parse_iso(str(user.get("last_login_time") or ""))
        if login is None:
            continue
        ms = int(login.timestamp() * 1000)
        if win.contains(ms):
            client, version = _client_of(str(user.get("last_client_version") or ""))
            found.append((ms, 0, _activity(str(user["email"]), ms, "Sign in", "", client,
                                           version)))  # fmt: skip
    held = model.instances_between(
        ctx.tx, ctx.account_id, win.start_ms - 2 * dates.DAY_MS, win.end_ms
    )
    for inst in held:
        for p in model.participants(ctx.tx, None, inst["uuid"]):
            member = members.get(str(p.get("id") or ""))
            device = _DEVICE_CLIENTS.get(str(p.get("device")))
            if member is None or device is None:
                continue
            email, ip = str(member["email"]), str(p.get("ip_address") or "")
            version = str(p.get("version") or "").split(" ")[0]
            seq = int(p.get("_seq") or 0)
            join, leave = int(p.get("_join_ms") or 0), int(p.get("_leave_ms") or 0)
            if win.contains(join):
                found.append((join, seq * 2, _activity(email, join, "Sign in", ip, device,
                                                       version)))  # fmt: skip
            if leave and win.contains(leave):
                found.append((leave, seq * 2 + 1, _activity(email, leave, "Sign out", ip,
                                                            device, version)))  # fmt: skip
    found.sort(key=lambda t: (t[0], t[1]), reverse=True)
    return [doc for _, _, doc in found]


def activities(ctx: Ctx) -> Doc:
    win = dates.window(ctx, required=False)
    return paging.page(
        ctx,
        "activity_logs",
        sign_ins(ctx, win),
        head={"from": win.from_text, "to": win.to_text},
        page_count=False,
        total=False,
    )
