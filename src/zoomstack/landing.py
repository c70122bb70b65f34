"""GET / : a small page that says what is running and how to use it."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from zoomstack import __version__
from zoomstack.http.messages import Request, Response

if TYPE_CHECKING:
    from zoomstack.app import App


async def index(app: App, req: Request, _: list[str]) -> Response:
    s = app.settings
    base = html.escape(s.base_url)
    implemented = sum(1 for op in app.ops if op.implemented)
    in_scope = [op for op in app.ops if op.spec and op.spec.in_scope]
    done = sum(1 for op in in_scope if op.implemented)
    curl = (
        f"curl -s -X POST -u '{s.client_id}:{s.client_secret}' "
        f"'{s.base_url}/oauth/token?grant_type=account_credentials&account_id={s.account_id}'"
    )
    page = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>zoomstack</title>
<style>body{{font-family:system-ui,sans-serif;max-width:52rem;margin:2rem auto;
padding:0 1rem;color:#1b1b1f}}
code,pre{{background:#f3f4f7;padding:.15rem .35rem;border-radius:4px}}
pre{{padding:.8rem;overflow:auto}}
td{{padding:.2rem .8rem .2rem 0}}</style></head><body>
<h1>zoomstack {__version__}</h1>
<p>A stateful Zoom REST API v2 and OAuth server is running here, backed by
<b>{html.escape(app.store.dialect)}</b>. {implemented} operations are implemented
({done} of the {len(in_scope)} in scope); the rest answer 501.</p>
<table>
<tr><td>API base URL</td><td><code>{base}/v2</code></td></tr>
<tr><td>Token URL</td><td><code>{base}/oauth/token</code></td></tr>
<tr><td>Account ID</td><td><code>{html.escape(s.account_id)}</code></td></tr>
<tr><td>Client ID</td><td><code>{html.escape(s.client_id)}</code></td></tr>
<tr><td>Client secret</td><td><code>{html.escape(s.client_secret)}</code></td></tr>
<tr><td>Webhook secret token</td><td><code>{html.escape(s.webhook_secret)}</code></td></tr>
</table>
<p><a href="/_zoomstack/dashboard"><b>Open the dashboard</b></a>: the virtual clock, the request
log, webhooks, live meetings and the simulator, accounts and apps.</p>
<h2>Try it</h2>
<pre>{html.escape(curl)}</pre>
<p>Control API: <a href="/_zoomstack/health">health</a>, <a href="/_zoomstack/version">version</a>,
<a href="/_zoomstack/clock">clock</a>, <a href="/_zoomstack/ops">operations</a>,
<a href="/_zoomstack/requests">request log</a>.</p>
</body></html>"""
    return Response.html(page)


def register(app: App) -> None:
    app.route("GET", "/")(index)
