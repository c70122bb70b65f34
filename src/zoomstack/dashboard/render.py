"""Building HTML that is escaped by construction.

Every value goes through `h()`, which escapes anything that is not already `Html`; markup is
only ever made by `el()` and the helpers here. Pages therefore never format user data into
markup by hand: a name, a topic or a webhook URL is text wherever it ends up, attributes
included.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from zoomstack import __version__, jsonutil
from zoomstack.dashboard import assets

if TYPE_CHECKING:
    from zoomstack.app import App

BASE = "/_zoomstack/dashboard"

# (path under BASE, nav label, page id)
PAGES = (
    ("", "Overview", "overview"),
    ("/requests", "Requests", "requests"),
    ("/webhooks", "Webhooks", "webhooks"),
    ("/meetings", "Meetings", "meetings"),
    ("/accounts", "Accounts & apps", "accounts"),
    ("/faults", "Faults", "faults"),
    ("/snapshots", "Snapshots", "snapshots"),
)

# Elements that have no closing tag.
_VOID = frozenset({"input", "br", "hr", "meta", "img"})

Content = Any  # str | Html | None | numbers | an iterable of those


class Html(str):
    """Text that already is markup: `h()` passes it through unchanged."""

    __slots__ = ()


def h(value: Content) -> Html:
    """Escape one value, or join an iterable of values, into markup."""
    if isinstance(value, Html):
        return value
    if value is None or value is False:
        return Html("")
    if isinstance(value, str):
        return Html(html.escape(value, quote=True))
    if isinstance(value, int | float):
        return Html(html.escape(str(value)))
    if isinstance(value, Iterable):
        return Html("".join(h(v) for v in value))
    return Html(html.escape(str(value), quote=True))


def _attr_name(name: str) -> str:
    # Python keywords and hyphens: class_ -> class, data_post -> data-post.
    return name.rstrip("_").replace("_", "-")


def el(tag: str, *content: Content, **attrs: Any) -> Html:
    """One element; attribute values are escaped, True renders a bare attribute, None and
    False leave it out."""
    parts = [tag]
    for name, value in attrs.items():
        if value is None or value is False:
            continue
        if value is True:
            parts.append(_attr_name(name))
        else:
            parts.append(f'{_attr_name(name)}="{h(str(value))}"')
    opening = "<" + " ".join(parts) + ">"
    if tag in _VOID:
        return Html(opening)
    return Html(f"{opening}{h(content)}</{tag}>")


def json_attr(value: Any) -> str:
    """A JSON value for a `data-body` attribute (`el()` escapes it)."""
    return jsonutil.dumps_str(value)


# -- small components --------------------------------------------------------------------------
def badge(text: str, tone: str = "") -> Html:
    return el("span", text, class_=f"badge {tone}".strip())


def table(
    headers: Sequence[Content],
    rows: Iterable[Sequence[Content]],
    *,
    empty: str = "Nothing yet.",
    id: str | None = None,
    numeric: Sequence[int] = (),
) -> Html:
    """A table; `numeric` names the columns aligned right."""
    body = [
        el("tr", [el("td", c, class_="num" if i in numeric else None) for i, c in enumerate(r)])
        for r in rows
    ]
    if not body:
        return el("p", empty, class_="empty", id=id)
    head = el("thead", el("tr", [el("th", x) for x in headers]))
    return el("table", head, el("tbody", body), id=id)


def kv(pairs: Iterable[tuple[str, Content]], id: str | None = None) -> Html:
    rows = [el("tr", el("th", k), el("td", v)) for k, v in pairs]
    return el("table", el("tbody", rows), class_="kv", id=id)


def action(
    label: str,
    url: str,
    body: dict[str, Any] | None = None,
    *,
    confirm: str | None = None,
    tone: str | None = None,
    id: str | None = None,
    title: str | None = None,
    method: str | None = None,
) -> Html:
    """A button that POSTs `body` as JSON to a control-API URL (see assets.JS); `method`
    "DELETE" sends a DELETE without a body instead."""
    return el(
        "button",
        label,
        type="button",
        class_=tone,
        id=id,
        title=title,
        data_post=url,
        data_method=method,
        data_body=None if method == "DELETE" else json_attr(body or {}),
        data_confirm=confirm,
    )


def post_form(
    url: str,
    *content: Content,
    body: dict[str, Any] | None = None,
    id: str | None = None,
    reset: bool = True,
) -> Html:
    """A form whose fields (merged into `body`) are POSTed as JSON to `url`."""
    return el(
        "form",
        *content,
        class_="inline",
        id=id,
        data_post=url,
        data_body=json_attr(body or {}),
        data_reset=reset,
    )


def text_input(
    name: str,
    placeholder: str = "",
    *,
    value: str = "",
    id: str | None = None,
    number: bool = False,
    size: int | None = None,
    label: str | None = None,
) -> Html:
    return el(
        "input",
        type="text",
        name=name,
        placeholder=placeholder,
        value=value or None,
        id=id,
        size=size,
        data_type="number" if number else None,
        aria_label=label or placeholder or name,
    )


def secret(value: str, id: str) -> Html:
    """A masked value with a Reveal toggle (the value is in the page, hidden by CSS)."""
    box = el(
        "span",
        el("code", "•" * 12, class_="masked"),
        el("code", value, class_="value"),
        class_="secret",
        id=id,
    )
    return Html(box + " " + el("button", "Reveal", type="button", data_reveal=id))


def dom_id(*parts: object) -> str:
    """An element id from arbitrary parts (UUIDs hold / + =): only safe characters kept."""
    raw = "-".join(str(p) for p in parts)
    return "".join(c if c.isalnum() or c in "-_" else f"_{ord(c):x}" for c in raw)


def when(iso: object) -> Html:
    """A time (ISO-8601) kept on one line; empty stays empty."""
    text = str(iso or "")
    return el("time", text, datetime=text) if text else Html("")


def long_code(text: object) -> Html:
    """Code that may break anywhere (URLs, paths, tracking IDs) rather than widen the table."""
    return el("code", str(text), class_="long")


def ago(seconds: float) -> str:
    """Seconds as a short duration: 3d 4h, 2h 5m, 4m 10s, 12s."""
    s = max(0, int(seconds))
    days, rest = divmod(s, 86_400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    if days:
        return f"{days}d {hours}h"
    if hours:
        return f"{hours}h {minutes}m"
    if minutes:
        return f"{minutes}m {secs}s"
    return f"{secs}s"


# -- the page ----------------------------------------------------------------------------------
def page(app: App, active: str, title: str, *content: Content, refresh_ms: int = 0) -> str:
    """The whole document: navigation, the page's content, the flash area, style and script."""
    # Active fault rules make API calls fail on purpose: every page says so, lest it surprise.
    n_faults = len(app.faults.rules) if app.faults is not None else 0
    warning = (
        el(
            "a",
            f"{n_faults} fault rule{'s' if n_faults != 1 else ''} active",
            href=BASE + "/faults",
            class_="badge bad",
            id="faults-active",
        )
        if n_faults
        else None
    )
    nav = [
        el("a", label, href=BASE + path, aria_current="page" if pid == active else None)
        for path, label, pid in PAGES
    ]
    tools = [
        warning,
        el(
            "label",
            el("input", type="checkbox", id="auto-refresh", checked=True),
            f" auto-refresh ({refresh_ms // 1000} s)",
        )
        if refresh_ms
        else None,
        el("span", "", id="refreshed"),
        el("a", "landing page", href="/"),
    ]
    doc = Html(
        "<!doctype html>"
        + el(
            "html",
            el(
                "head",
                el("meta", charset="utf-8"),
                el("meta", name="viewport", content="width=device-width, initial-scale=1"),
                el("title", f"{title} · zoomstack dashboard"),
                el("style", Html(assets.CSS)),
            ),
            el(
                "body",
                el(
                    "header",
                    el("a", f"zoomstack {__version__}", href=BASE, class_="brand"),
                    el("nav", nav),
                    el("div", tools, class_="tools"),
                ),
                el("main", el("h1", title), *content),
                el("div", "", id="flash", class_="flash", role="status", aria_live="polite"),
                el("script", Html(assets.JS)),
                data_page=active,
                data_refresh=refresh_ms or None,
            ),
            lang="en",
        )
    )
    return str(doc)
