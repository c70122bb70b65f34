"""Scope rules derived from the catalog, and the dev app's reach."""

from __future__ import annotations

import pytest

from zoomstack import errors, registry, scopes
from zoomstack.bootstrap import dev_app_scopes
from zoomstack.principal import Principal


def _principal(granted: list[str], kind: str = "s2s", user_id: str = "u1") -> Principal:
    return Principal(
        account_id="a",
        app_id="app",
        client_id="c",
        kind=kind,
        scopes=frozenset(granted),
        expires_ms=2**62,
        user_id=user_id,
        user_email="u@example.com",
    )


@pytest.fixture(scope="module")
def ops() -> list[registry.Operation]:
    return registry.build()


def test_every_rule_is_the_catalog_union(ops: list[registry.Operation]) -> None:
    rules = scopes.build(ops)
    for op in ops:
        spec = op.spec
        listed = set(spec.classic_scopes + spec.granular_scopes) if spec else set()
        rule = rules.get(id(op))
        if not listed:
            assert rule is None
        else:
            assert rule is not None and rule.accepted == listed


def test_dev_app_passes_every_operation(ops: list[registry.Operation]) -> None:
    dev = _principal(dev_app_scopes())
    for rule in scopes.build(ops).values():
        rule.check(dev)


def test_messages_pick_the_callers_level(ops: list[registry.Operation]) -> None:
    op = next(o for o in ops if o.method == "GET" and o.path == "/meetings/{meetingId}")
    rule = scopes.rule_for(op)
    assert rule is not None
    with pytest.raises(errors.ZoomError) as exc:
        rule.check(_principal(["user:read"], kind="user"))
    assert exc.value.status == 400 and exc.value.code == 4711
    assert exc.value.message == (
        "Invalid access token, does not contain scopes:[meeting:read:meeting]."
    )
    with pytest.raises(errors.ZoomError) as exc:
        rule.check(_principal(["user:read:admin"]))
    assert exc.value.message == (
        "Invalid access token, does not contain scopes:[meeting:read:meeting:admin]."
    )
    for granted in ("meeting:read", "meeting:read:admin", "meeting:read:meeting"):
        rule.check(_principal([granted], kind="user"))


def test_classic_only_operations_name_classic_scopes() -> None:
    from zoomstack.catalog import OpSpec

    spec = OpSpec(
        "GET",
        "/x",
        "x",
        "legacy",
        "",
        ("report:read:admin", "report:master"),
        (),
        "HEAVY",
        200,
        True,
        "",
        "",
    )
    op = registry.Operation("GET", "/x", "x", None, spec, (), 200)
    rule = scopes.rule_for(op)
    assert rule is not None
    assert rule.admin_error.endswith("scopes:[report:read:admin, report:master].")


def test_user_reach() -> None:
    rule = scopes.ScopeRule(
        accepted=frozenset({"meeting:read", "meeting:read:admin"}),
        admin=frozenset({"meeting:read:admin"}),
        user_error="u",
        admin_error="a",
    )
    me = _principal(["meeting:read"], kind="user", user_id="me")
    scopes.check_user_reach(rule, me, {"meetingId": {"id": 1, "host_id": "me"}})
    scopes.check_user_reach(rule, me, {"userId": {"id": "me"}, "x": "not a dict"})
    with pytest.raises(errors.ZoomError) as exc:
        scopes.check_user_reach(rule, me, {"meetingId": {"id": 1, "host_id": "other"}})
    assert exc.value.message == "a"
    admin = _principal(["meeting:read", "meeting:read:admin"], kind="user", user_id="me")
    scopes.check_user_reach(rule, admin, {"userId": {"id": "other"}})
