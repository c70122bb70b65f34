from __future__ import annotations

import pytest

from zoomstack.http.router import MethodNotAllowed, Router, split_path


def test_literals_beat_parameters() -> None:
    r: Router[str] = Router()
    r.add("GET", "/users/{userId}", "user")
    r.add("GET", "/users/email", "email")
    r.add("GET", "/users/{userId}/meetings", "meetings")
    assert r.match("GET", split_path("/users/email")) == ("email", [])
    assert r.match("GET", split_path("/users/abc")) == ("user", ["abc"])
    assert r.match("GET", split_path("/users/abc/meetings/")) == ("meetings", ["abc"])
    assert r.match("GET", split_path("/users")) is None
    assert r.match("GET", split_path("/users/email/meetings")) == ("meetings", ["email"])


def test_method_not_allowed_and_head() -> None:
    r: Router[str] = Router()
    r.add("GET", "/a/{x}", "get")
    r.add("DELETE", "/a/{x}", "delete")
    assert r.match("HEAD", ["a", "1"]) == ("get", ["1"])
    with pytest.raises(MethodNotAllowed) as err:
        r.match("POST", ["a", "1"])
    assert err.value.allowed == ["DELETE", "GET"]


def test_empty_segments_do_not_match_parameters() -> None:
    r: Router[str] = Router()
    r.add("GET", "/a/{x}/b", "x")
    assert r.match("GET", ["a", "", "b"]) is None


def test_a_literal_with_other_methods_does_not_hide_a_parameter_route() -> None:
    r: Router[str] = Router()
    r.add("POST", "/im/users/me/chat/messages", "send")
    r.add("GET", "/im/users/{userId}/chat/messages", "list")
    assert r.match("GET", split_path("/im/users/me/chat/messages")) == ("list", ["me"])
    assert r.match("POST", split_path("/im/users/me/chat/messages")) == ("send", [])
    with pytest.raises(MethodNotAllowed) as err:
        r.match("DELETE", split_path("/im/users/me/chat/messages"))
    assert err.value.allowed == ["GET", "POST"]
