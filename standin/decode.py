"""Turn a request's raw parameters into typed values, refusing anything the spec does not allow.

PTB sends strings as they are and every other value JSON-encoded, so each raw string is read
according to the parameter's spec type; JSON bodies arrive already typed.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

from standin.errors import bad_request
from standin.model import UploadedFile
from standin.spec import FieldSpec, MethodSpec
from standin.validate import SpecViolation, Validator, describe

INTEGER = re.compile(r"^-?\d+$")
ATTACH = "attach://"
ATTACHED = re.compile(r"attach://([A-Za-z0-9_\-]+)")
MISSING_MESSAGES = {
    "chat_id": "chat_id is empty",
    "text": "message text is empty",
    "photo": "there is no photo in the request",
    "animation": "there is no animation in the request",
    "document": "there is no document in the request",
    "voice": "there is no voice in the request",
    "audio": "there is no audio in the request",
    "message_id": "message identifier is not specified",
}
SCALARS = frozenset({"Integer", "Float", "Boolean", "String", "InputFile"})


def decode_params(method: MethodSpec, raw: dict[str, Any], validator: Validator) -> dict[str, Any]:
    """Typed parameters for ``method``; raises ApiError (400) on the first problem found."""
    files = {name: value for name, value in raw.items() if isinstance(value, UploadedFile)}
    raw, attached = _resolve_attachments(raw)
    if "parse_mode" not in method.fields:
        # PTB puts its default parse_mode on every call it sends through one helper, methods
        # without the parameter included (editMessageMedia); Telegram ignores it there.
        raw.pop("parse_mode", None)
    for name, value in raw.items():
        if name not in method.fields and name not in attached:
            shown = "a file part" if isinstance(value, UploadedFile) else describe(value)
            raise bad_request(
                f'unknown parameter "{name}" ({shown}) for {method.name}: the stand-in refuses '
                "parameters the Bot API spec does not define (real Telegram ignores them)"
            )
    for field in method.fields.values():
        if field.required and raw.get(field.name) in (None, ""):
            raise bad_request(
                MISSING_MESSAGES.get(field.name, f'parameter "{field.name}" is required')
            )
    decoded: dict[str, Any] = {}
    try:
        for name, value in raw.items():
            if name in method.fields:
                decoded[name] = decode_value(method.fields[name], value, validator)
    except SpecViolation as exc:
        raise bad_request(str(exc)) from None
    return {
        name: _attach_nested(value, files) if isinstance(value, dict | list) else value
        for name, value in decoded.items()
    }


def _resolve_attachments(raw: dict[str, Any]) -> tuple[dict[str, Any], set[str]]:
    """Replace ``attach://name`` values by the named file part, which is then no parameter.
    A reference inside a JSON value (InputMedia's ``media``) is resolved after decoding."""
    attached: set[str] = set()
    resolved = dict(raw)
    for name, value in raw.items():
        if isinstance(value, str) and value.startswith(ATTACH):
            part = value.removeprefix(ATTACH)
            _require_part(raw, part, name)
            resolved[name] = raw[part]
            attached.add(part)
        elif not isinstance(value, UploadedFile):
            for part in _references(value):
                _require_part(raw, part, name)
                attached.add(part)
    for part in attached:
        resolved.pop(part, None)
    return resolved, attached


def _require_part(raw: dict[str, Any], part: str, name: str) -> None:
    if not isinstance(raw.get(part), UploadedFile):
        raise bad_request(f'file part "{part}" referenced by {name} is missing')


def _references(value: Any) -> list[str]:
    """File parts named by ``attach://`` inside a JSON value, encoded or already decoded."""
    if isinstance(value, str):
        return ATTACHED.findall(value) if value.startswith(("{", "[")) else []
    if isinstance(value, dict):
        return [part for item in value.values() for part in _nested(item)]
    if isinstance(value, list):
        return [part for item in value for part in _nested(item)]
    return []


def _nested(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value.removeprefix(ATTACH)] if value.startswith(ATTACH) else []
    return _references(value)


def _attach_nested(value: Any, raw: dict[str, Any]) -> Any:
    """Decoded JSON with each nested ``attach://name`` replaced by the uploaded part."""
    if isinstance(value, dict):
        return {key: _attach_nested(item, raw) for key, item in value.items()}
    if isinstance(value, list):
        return [_attach_nested(item, raw) for item in value]
    if isinstance(value, str) and value.startswith(ATTACH):
        return raw[value.removeprefix(ATTACH)]
    return value


def decode_value(field: FieldSpec, value: Any, validator: Validator) -> Any:
    """One parameter: file parts, wire strings, or already-typed JSON values."""
    if isinstance(value, UploadedFile):
        if "InputFile" not in field.types:
            raise SpecViolation(f'parameter "{field.name}" can\'t be a file upload')
        return value
    if isinstance(value, str):
        return _decode_string(field, value, validator)
    validator.check(field.types, value, field.name)
    return value


def _decode_string(field: FieldSpec, raw: str, validator: Validator) -> Any:
    for type_name in field.types:
        if type_name == "Integer" and INTEGER.match(raw):
            return int(raw)
        if type_name == "Float":
            number = _float(raw)
            if number is not None:
                return number
        if type_name == "Boolean" and raw.lower() in ("true", "false"):
            return raw.lower() == "true"
        if type_name not in SCALARS:
            try:
                parsed = json.loads(raw)
            except ValueError:
                raise SpecViolation(f"can't parse {field.name} JSON object") from None
            validator.check(field.types, parsed, field.name)
            return parsed
    if "String" in field.types:
        return raw
    expected = " or ".join(field.types)
    raise SpecViolation(f'parameter "{field.name}" must be {expected}, got {describe(raw)}')


def _float(raw: str) -> float | None:
    try:
        number = float(raw)
    except ValueError:
        return None
    return number if math.isfinite(number) else None
