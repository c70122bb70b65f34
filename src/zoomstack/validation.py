"""Request validation driven by the official request schemas (generated interface facts).

Validators are compiled once per operation, on first use. Violations become Zoom's
`300 Validation Failed.` body with one `{field, message}` per problem, fields in dotted form.
"""

from __future__ import annotations

import functools
from typing import Any

from jsonschema import Draft4Validator, FormatChecker
from jsonschema.exceptions import ValidationError

from zoomstack import errors
from zoomstack.catalog import request_schema

# Zoom accepts some formats loosely (e.g. date-time without Z); only check unambiguous ones.
_FORMATS = FormatChecker(formats=("email",))


def _openapi_to_jsonschema(schema: Any) -> Any:
    """OpenAPI 3.0 `nullable` to JSON Schema, and drop keys Draft 4 does not know."""
    if isinstance(schema, list):
        return [_openapi_to_jsonschema(s) for s in schema]
    if not isinstance(schema, dict):
        return schema
    out = {k: _openapi_to_jsonschema(v) for k, v in schema.items() if k not in ("readOnly",)}
    if "properties" in schema:
        out["properties"] = {k: _openapi_to_jsonschema(v) for k, v in schema["properties"].items()}
        _relax_weekly_days(out["properties"])
    if out.pop("nullable", False) and "type" in out:
        t = out["type"]
        out["type"] = [*t, "null"] if isinstance(t, list) else [t, "null"]
    # A spec slip (legacy /webhooks `events`): an array's allowed values put on the array
    # itself; they belong to its items.
    items = out.get("items")
    if out.get("type") == "array" and "enum" in out and isinstance(items, dict):
        if "enum" not in items:
            out["items"] = {**items, "enum": out["enum"]}
        del out["enum"]
    # Zoom is lenient about extra fields and about numbers sent as strings in many places;
    # enforce declared types but never reject unknown properties.
    out.pop("additionalProperties", None)
    # readOnly properties may not be "required" from a client; nor may names the schema does
    # not declare (a spec slip: changeDeviceAssociation "requires" an undeclared `action`).
    if isinstance(out.get("required"), list) and "properties" in schema:
        ro = {
            k for k, v in schema["properties"].items() if isinstance(v, dict) and v.get("readOnly")
        }
        declared = schema["properties"]
        out["required"] = [r for r in out["required"] if r not in ro and r in declared]
        if not out["required"]:
            del out["required"]
    return out


def _relax_weekly_days(props: dict[str, Any]) -> None:
    """The spec enumerates single weekdays for `weekly_days`, but Zoom takes a comma-separated
    list of them ("1,3"); accept that shape instead of the enum."""
    wd = props.get("weekly_days")
    if isinstance(wd, dict) and "enum" in wd:
        relaxed = {k: v for k, v in wd.items() if k != "enum"}
        relaxed["pattern"] = r"^\s*[1-7](\s*,\s*[1-7])*\s*$"
        props["weekly_days"] = relaxed


@functools.cache
def _body_validator(method: str, path: str) -> Draft4Validator | None:
    entry = request_schema(method, path)
    if not entry or not isinstance(entry.get("body"), dict):
        return None
    schema = _openapi_to_jsonschema(entry["body"])
    return Draft4Validator(schema, format_checker=_FORMATS)


def _field(err: ValidationError) -> str:
    parts = [str(p) for p in err.absolute_path if not isinstance(p, int)]
    if err.validator == "required":
        missing = err.message.split("'")[1] if "'" in err.message else ""
        parts.append(missing)
    return ".".join(p for p in parts if p)


def _message(err: ValidationError, field: str) -> str:
    name = field.rsplit(".", 1)[-1] if field else "body"
    if err.validator == "required":
        return f"Missing field: {name}."
    return f"Invalid parameter: {name}."


@functools.cache
def _branch_validator(method: str, path: str, branch: tuple[int, ...]) -> Draft4Validator | None:
    entry = request_schema(method, path)
    schema = entry.get("body") if entry else None
    for index in branch:
        if not isinstance(schema, dict) or not isinstance(schema.get("oneOf"), list):
            return None
        schema = schema["oneOf"][index]
    if not isinstance(schema, dict):
        return None
    return Draft4Validator(_openapi_to_jsonschema(schema), format_checker=_FORMATS)


def validate_body_branch(method: str, path: str, body: Any, branch: tuple[int, ...]) -> None:
    """Validate against one alternative of a `oneOf` request schema, chosen by the caller.

    Zoom's alternatives overlap (objects without required fields), so "exactly one of" cannot
    pick the branch; the operation knows it from a query parameter or a field. `branch` is the
    path of indexes through nested `oneOf`s, e.g. (1, 0).
    """
    validator = _branch_validator(method, path, branch)
    if validator is not None:
        _report(validator, body)


def validate_body(method: str, path: str, body: Any) -> None:
    validator = _body_validator(method, path)
    if validator is None:
        return
    _report(validator, body)


def _report(validator: Draft4Validator, body: Any) -> None:
    problems: list[dict[str, str]] = []
    seen: set[str] = set()
    for err in sorted(validator.iter_errors(body), key=lambda e: list(map(str, e.absolute_path))):
        # anyOf/oneOf produce one umbrella error; report the deepest useful field.
        field = _field(err)
        if field in seen:
            continue
        seen.add(field)
        problems.append({"field": field, "message": _message(err, field)})
    if problems:
        raise errors.validation(problems)
