"""Zoom's registration errors, which differ in wording and code between meetings and webinars.

Each function takes the parent so the one registrant service answers in the right dialect;
operations that Zoom documents with a different code for the same condition pass `op`.
"""

from __future__ import annotations

from zoomstack.areas.meeting_features.parent import Parent
from zoomstack.errors import ZoomError


def not_enabled(parent: Parent, op: str = "") -> ZoomError:
    if parent.kind == "webinar":
        if op == "add":
            return ZoomError(
                400, 3000, f"This webinar does not have registration as required: {parent.id}."
            )
        return ZoomError(
            400, 3000, f"Registration has not been enabled for this webinar: {parent.id}."
        )
    message = f"Registration has not been enabled for this meeting: {parent.id}."
    if op == "delete":
        return ZoomError(400, 300, message)
    return ZoomError(404, 404, message)


def over(parent: Parent, op: str = "") -> ZoomError:
    if parent.kind == "webinar":
        if op == "batch":
            return ZoomError(
                400,
                3038,
                "The webinar is over. You cannot register now. If you have any questions, contact"
                " the webinar's host.",
            )
        return ZoomError(
            400,
            3038,
            "Webinar is over, you cannot register now. If you have any questions, contact the"
            " webinar host.",
        )
    return ZoomError(
        400,
        3038,
        "Meeting is over, you can not register now. If you have any questions, please contact the"
        " Meeting host.",
    )


def full(parent: Parent) -> ZoomError:
    label = "Webinar" if parent.kind == "webinar" else "Meeting"
    return ZoomError(400, 3043, f"{label} has reached maximum attendee capacity.")


def batch_wrong_type(parent: Parent) -> ZoomError:
    if parent.kind == "webinar":
        return ZoomError(
            400,
            300,
            "This API can only be used for scheduled webinars (type 5). Batch registration is not"
            " supported for other webinar types.",
        )
    return ZoomError(
        400,
        303,
        "This API can only be used for scheduled meeting(meeting type: 2). Batch registration is"
        " not supported for other meeting types.",
    )


def registrant_not_found(parent: Parent, registrant_id: str, op: str = "") -> ZoomError:
    if op == "delete":
        if parent.kind == "webinar":
            return ZoomError(400, 3000, f"Registrant {registrant_id} was not found.")
        return ZoomError(
            400,
            300,
            "The value that you entered for the Registrant ID field is invalid. Enter a valid value"
            " and try again.",
        )
    return ZoomError(400, 3079, f"This registrant does not exist: {registrant_id}.")


def host_cannot_register() -> ZoomError:
    return ZoomError(400, 3027, "Host cannot register.")


def paid_host_required(user_id: str) -> ZoomError:
    return ZoomError(400, 200, f"Only available for paid users: {user_id}.")


def bad_occurrences(name: str) -> ZoomError:
    return ZoomError(400, 300, f"Invalid parameter: {name}.")


def too_many(field: str, limit: int) -> ZoomError:
    return ZoomError(
        400,
        300,
        "Validation Failed.",
        [{"field": field, "message": f"A maximum of {limit} {field} can be sent per request."}],
    )
