"""Property-based: malformed paths, queries, headers and bodies never produce a 500.

Every non-2xx answer must be Zoom's JSON error shape (or the OAuth shape under /oauth).
"""

from __future__ import annotations

import http.client
import json
import re
from typing import Any
from urllib.parse import quote

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from support.server import ServerProcess

_ops: list[dict[str, Any]] = []


def _operations(control: httpx.Client) -> list[dict[str, Any]]:
    if not _ops:
        _ops.extend(control.get("/ops").json()["operations"])
    return _ops


segment_text = st.one_of(
    st.text(min_size=0, max_size=30),
    st.sampled_from(
        [
            "me",
            "0",
            "-1",
            "99999999999999999999",
            "%",
            "%2F%2F",
            "%252F",
            "..",
            "null",
            "a@b",
            "aDYlohsHRtCd4ii1uC2+hA==",
            "/abc==",
            "%25",
            "\u00e9\u6f22",
            "  ",
        ]
    ),
    st.integers().map(str),
)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=5)
    ),
    max_leaves=20,
)
bodies = st.one_of(
    st.binary(max_size=200),
    json_values.map(lambda v: json.dumps(v).encode()),
    st.dictionaries(
        st.sampled_from(
            [
                "type",
                "topic",
                "start_time",
                "settings",
                "action",
                "email",
                "user_info",
                "recurrence",
                "duration",
                "password",
                "registrants",
                "questions",
            ]
        ),
        json_values,
        max_size=6,
    ).map(lambda v: json.dumps(v).encode()),
)
content_types = st.sampled_from(
    [
        "application/json",
        "text/plain",
        "multipart/form-data; boundary=x",
        "",
        "application/xml",
        "application/x-www-form-urlencoded",
        "application/json; charset=latin-1",
    ]
)


def _fill(path: str, values: list[str]) -> str:
    it = iter(values)
    return re.sub(r"\{[^}]+\}", lambda _: quote(next(it, "x"), safe="%@+=") or "x", path)


def _send(
    server: ServerProcess, method: str, target: str, headers: dict[str, str], body: bytes
) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    try:
        conn.request(
            method, target, body=body if method not in ("GET", "HEAD") else None, headers=headers
        )
        resp = conn.getresponse()
        return resp.status, resp.read()
    finally:
        conn.close()


def _check(status: int, data: bytes, target: str) -> None:
    assert status != 500, f"500 for {target}: {data[:300]!r}"
    if status >= 400:
        body = json.loads(data)
        if target.startswith("/oauth"):
            assert "error" in body or "code" in body
        else:
            assert isinstance(body["code"], int) and isinstance(body["message"], str), body


@pytest.mark.slow
@settings(max_examples=400, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_api_never_fails_with_500(server: ServerProcess, token: str, data: st.DataObject) -> None:
    with server.control() as control:
        ops = _operations(control)
    op = data.draw(st.sampled_from(ops))
    n = op["path"].count("{")
    values = data.draw(st.lists(segment_text, min_size=n, max_size=n))
    target = _fill(op["path"], values)
    if data.draw(st.booleans()):
        query = data.draw(
            st.dictionaries(
                st.sampled_from(
                    [
                        "page_size",
                        "next_page_token",
                        "page_number",
                        "type",
                        "status",
                        "occurrence_id",
                        "from",
                        "to",
                        "action",
                        "x",
                    ]
                ),
                segment_text,
                max_size=4,
            )
        )
        target += "?" + "&".join(f"{quote(k)}={quote(v)}" for k, v in query.items())
    if data.draw(st.booleans()):
        target += "/"
    headers = {"Authorization": f"Bearer {token}"}
    ctype = data.draw(content_types)
    if ctype:
        headers["Content-Type"] = ctype
    body = data.draw(bodies)
    method = op["method"]
    status, payload = _send(server, method, target, headers, body)
    _check(status, payload, target)


@pytest.mark.slow
@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    path=st.text(alphabet=st.characters(min_codepoint=33, max_codepoint=126), max_size=60),
    method=st.sampled_from(["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD"]),
    # Header bytes outside printable ASCII are refused by the HTTP parser before the app.
    auth=st.one_of(
        st.none(), st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), max_size=40)
    ),
    body=bodies,
)
def test_arbitrary_paths_and_headers(
    server: ServerProcess, path: str, method: str, auth: str | None, body: bytes
) -> None:
    target = "/" + quote(path, safe="/%?=&@+")
    headers = {"Authorization": auth} if auth else {}
    status, payload = _send(server, method, target, headers, body)
    if method != "HEAD":
        _check(status, payload, target)
    else:
        assert status != 500


def test_oversized_body_gets_413(server: ServerProcess, token: str) -> None:
    big = b"{" + b" " * (17 * 1024 * 1024) + b"}"
    r = httpx.post(
        server.base_url + "/v2/users",
        content=big,
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    assert r.status_code == 413
    assert r.json()["code"] == 413
