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
    if out.pop("nullable", False) and "type" in out:
        t = out["type"]
        out["type"] = [*t, "null"] if isinstance(t, list) else [t, "null"]
    # Zoom is lenient about extra fields and about numbers sent as strings in many places;
    # enforce declared types but never reject unknown properties.
    out.pop("additionalProperties", None)
    # readOnly properties may not be "required" from a client.
    if isinstance(out.get("required"), list) and "properties" in schema:
        ro = {
            k for k, v in schema["properties"].items() if isinstance(v, dict) and v.get("readOnly")
        }
        out["required"] = [r for r in out["required"] if r not in ro]
        if not out["required"]:
            del out["required"]
    return out


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


def validate_body(method: str, path: str, body: Any) -> None:
    validator = _body_validator(method, path)
    if validator is None:
        return
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
