"""Server-rendered HTML of the consent flow: sign-in, consent and error pages (no JavaScript).

Every value shown is escaped; forms carry the authorization request in hidden fields.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

_STYLE = """
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;background:#f4f6fa;
margin:0;color:#1d1d1f}
main{max-width:460px;margin:48px auto;background:#fff;border-radius:12px;
box-shadow:0 2px 12px rgba(0,0,0,.08);padding:32px}
h1{font-size:22px;margin:0 0 8px}
p.sub{color:#555;margin:0 0 20px}
label{display:block;font-weight:600;margin:14px 0 6px}
input[type=email],input[type=password]{width:100%;box-sizing:border-box;padding:10px;
border:1px solid #c8ccd4;border-radius:8px;font-size:15px}
button{font-size:15px;padding:10px 18px;border-radius:8px;border:0;cursor:pointer;margin-top:18px}
.primary{background:#0b5cff;color:#fff}
.secondary{background:#e8eaef;color:#1d1d1f;margin-left:8px}
.error{background:#fdecea;color:#a4261d;padding:10px 12px;border-radius:8px;margin:0 0 12px}
ul.scopes{max-height:260px;overflow:auto;border:1px solid #e3e5ea;border-radius:8px;
padding:8px 8px 8px 28px;font-family:ui-monospace,monospace;font-size:13px}
.code{color:#777;font-size:13px}
"""

HIDDEN_FIELDS = (
    "response_type",
    "client_id",
    "redirect_uri",
    "state",
    "code_challenge",
    "code_challenge_method",
)


def _page(title: str, body: str) -> str:
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>{escape(title)} - zoomstack</title><style>{_STYLE}</style></head>"
        f"<body><main>{body}</main></body></html>"
    )


def _hidden(params: dict[str, str]) -> str:
    return "".join(
        f'<input type="hidden" name="{name}" value="{escape(params.get(name, ""))}">'
        for name in HIDDEN_FIELDS
        if params.get(name)
    )


def sign_in(
    params: dict[str, str], app_name: str, account_name: str, email: str = "", error: str = ""
) -> str:
    err = f'<p class="error" id="error">{escape(error)}</p>' if error else ""
    return _page(
        "Sign In",
        f"<h1>Sign in</h1>"
        f'<p class="sub"><strong id="app-name">{escape(app_name)}</strong> would like to access '
        f"your Zoom account ({escape(account_name)}).</p>{err}"
        '<form method="post" action="/oauth/authorize">'
        f'{_hidden(params)}<input type="hidden" name="step" value="signin">'
        '<label for="email">Email address</label>'
        f'<input type="email" id="email" name="email" value="{escape(email)}" required '
        'autocomplete="username">'
        '<label for="password">Password</label>'
        '<input type="password" id="password" name="password" required '
        'autocomplete="current-password">'
        '<button class="primary" id="signin" type="submit">Sign In</button></form>',
    )


def consent(
    params: dict[str, str],
    consent_id: str,
    app_name: str,
    app_kind: str,
    user_email: str,
    scopes: Iterable[str],
) -> str:
    items = "".join(f'<li class="scope">{escape(s)}</li>' for s in scopes)
    reach = (
        "your whole account (an admin-managed app)"
        if app_kind == "account"
        else "your Zoom account"
    )
    return _page(
        "Authorize App",
        f'<h1><span id="app-name">{escape(app_name)}</span> is requesting access</h1>'
        f'<p class="sub">Signed in as <strong id="user-email">{escape(user_email)}</strong>. '
        f"The app would be allowed to act on {reach} with these scopes:</p>"
        f'<ul class="scopes" id="scopes">{items}</ul>'
        '<form method="post" action="/oauth/authorize">'
        f'{_hidden(params)}<input type="hidden" name="step" value="consent">'
        f'<input type="hidden" name="consent" value="{escape(consent_id)}">'
        '<button class="primary" id="allow" type="submit" name="decision" value="allow">'
        "Allow</button>"
        '<button class="secondary" id="deny" type="submit" name="decision" value="deny">'
        "Decline</button></form>",
    )


def error(message: str, code: int) -> str:
    """Zoom's OAuth error page: the message and the code written with a thousands separator."""
    return _page(
        "Error",
        f'<h1>Something went wrong</h1><p class="error" id="error">{escape(message)} '
        f'<span class="code" id="error-code">({code:,})</span></p>',
    )
