"""Zoom's error model: {"code", "message", "errors"?} with an HTTP status."""

from __future__ import annotations

from typing import Any


class ZoomError(Exception):
    """An API error that the edge turns into Zoom's JSON error body."""

    def __init__(
        self,
        status: int,
        code: int,
        message: str,
        errors: list[dict[str, str]] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.errors = errors
        self.headers = headers or {}

    def body(self) -> dict[str, Any]:
        out: dict[str, Any] = {"code": self.code, "message": self.message}
        if self.errors:
            out["errors"] = self.errors
        return out


def validation(
    errors: list[dict[str, str]] | None = None, message: str = "Validation Failed."
) -> ZoomError:
    return ZoomError(400, 300, message, errors)


def field_error(field: str, message: str | None = None) -> ZoomError:
    name = field.rsplit(".", 1)[-1]
    return validation([{"field": field, "message": message or f"Invalid field: {name}."}])


def bad_request(code: int, message: str) -> ZoomError:
    return ZoomError(400, code, message)


def not_found(code: int, message: str) -> ZoomError:
    return ZoomError(404, code, message)


def invalid_json() -> ZoomError:
    return ZoomError(400, 300, "Request Body should be a valid JSON object.")


def route_not_found() -> ZoomError:
    return ZoomError(404, 64041, "Route Not Found")


def user_not_found(user_id: str) -> ZoomError:
    return ZoomError(404, 1001, f"User does not exist: {user_id}.")


def meeting_not_found(meeting_id: object) -> ZoomError:
    return ZoomError(404, 3001, f"Meeting does not exist: {meeting_id}.")


def not_implemented(operation_id: str, method: str, path: str) -> ZoomError:
    return ZoomError(
        501,
        501,
        f"Not implemented in zoomstack yet: {operation_id} ({method} {path}).",
    )
