"""Webinar rules without a server: settings normalisation, per-occurrence overrides, the
webinar view of a series, and the master-account "Add panelists" mirror."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from zoomstack import registry
from zoomstack.areas.meetings import series
from zoomstack.areas.webinars import views, webinar_settings

HOST = {"id": "h1", "email": "h@example.org", "first_name": "Ann", "last_name": "Lee"}


def _settings(webinar_type: int, **given: Any) -> dict[str, Any]:
    base = webinar_settings.defaults(webinar_type, {}, HOST)
    merged = webinar_settings.merge(base, given)
    return webinar_settings.normalize(merged, webinar_type=webinar_type)


def test_defaults_name_the_host_as_contact() -> None:
    s = _settings(5)
    assert (s["contact_name"], s["contact_email"]) == ("Ann Lee", "h@example.org")
    assert s["approval_type"] == 2 and "registration_type" not in s
    assert s["global_dial_in_numbers"]


def test_registration_rules_by_type() -> None:
    assert _settings(6, approval_type=0)["approval_type"] == 2
    assert _settings(5, approval_type=0, registration_type=3).get("registration_type") is None
    s9 = _settings(9, approval_type=1, registration_type=3)
    assert (s9["approval_type"], s9["registration_type"]) == (1, 3)
    assert _settings(9)["registration_type"] == 1


def test_partial_objects_keep_their_other_fields() -> None:
    s = _settings(5, question_and_answer={"enable": False})
    assert s["question_and_answer"] == {**webinar_settings.QUESTION_AND_ANSWER, "enable": False}
    s = _settings(5, follow_up_attendees_email_notification={"enable": True})
    assert s["follow_up_attendees_email_notification"] == {"enable": True, "type": 0}


def test_unknown_and_computed_settings_are_dropped() -> None:
    s = _settings(5, no_such_setting=True, global_dial_in_numbers=[])
    assert "no_such_setting" not in s and s["global_dial_in_numbers"]


def _series_doc() -> dict[str, Any]:
    return {
        "id": 12345678901,
        "type": 9,
        "start_time": "2030-01-06T10:00:00Z",
        "duration": 60,
        "timezone": "UTC",
        "recurrence": {"type": 1, "repeat_interval": 1, "end_times": 3},
    }


def test_series_of_a_webinar() -> None:
    occs = views.series(_series_doc())
    assert [o["start_time"] for o in occs] == [
        "2030-01-06T10:00:00Z", "2030-01-07T10:00:00Z", "2030-01-08T10:00:00Z"]  # fmt: skip
    assert views.as_parent(_series_doc()).key == "webinar:12345678901"
    assert len(views.as_parent(_series_doc()).occurrences()) == 3


def test_override_occurrence() -> None:
    doc = _series_doc()
    oid = views.series(doc)[1]["occurrence_id"]
    now = datetime(2029, 1, 1, tzinfo=UTC)
    body = {
        "duration": 15,
        "start_time": "2020-01-01T00:00:00Z",  # past: ignored
        "settings": {
            "hd_video": True,
            "practice_session": True,
        },  # the latter is not per-occurrence
    }
    series.override_occurrence(
        doc, oid, body, now=now, settings_allowed=webinar_settings.OCCURRENCE_SETTINGS
    )
    assert doc["_occ_overrides"] == {oid: {"duration": 15, "settings": {"hd_video": True}}}
    doc["recurrence"] = {"type": 1, "repeat_interval": 1, "end_times": 1}
    series.prune_occurrence_changes(doc, 9)
    assert doc["_occ_overrides"] == {}


def test_master_add_panelists_is_a_put_of_the_post() -> None:
    ops = {(o.method, o.path): o for o in registry.build()}
    master = ops[("PUT", "/accounts/{accountId}/webinars/{webinarId}/panelists")]
    assert master.mirror_of is ops[("POST", "/webinars/{webinarId}/panelists")]
    assert master.implemented
