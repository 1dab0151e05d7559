"""Check JSON values against Bot API types, recursively, refusing what the spec does not define."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from standin.model import UploadedFile
from standin.spec import Spec, TypeSpec, element_type

Rule = Callable[[dict[str, Any], str], None]


class SpecViolation(ValueError):
    """A value that does not fit the spec; ``str()`` is the text after "Bad Request: "."""


def describe(value: Any) -> str:
    """A short rendering of a bad value for error messages."""
    if isinstance(value, UploadedFile):
        return f"an uploaded file ({value.filename!r})"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


class Validator:
    """Walks a value against spec types; ``rules`` add Telegram's limits for some types."""

    def __init__(self, spec: Spec, rules: Mapping[str, Rule] | None = None) -> None:
        self.spec = spec
        self.rules = rules or {}

    def check(self, types: Sequence[str], value: Any, path: str) -> None:
        """Accept ``value`` if it fits any of ``types``; otherwise raise the most useful error."""
        if len(types) == 1:
            self.check_one(types[0], value, path)
            return
        objects = [t for t in types if t in self.spec.types and t != "InputFile"]
        if isinstance(value, dict) and objects:
            self.check_one(self.choose(objects, value, path), value, path)
            return
        for type_name in types:
            try:
                self.check_one(type_name, value, path)
            except SpecViolation:
                continue
            return
        raise SpecViolation(f"{path} must be {' or '.join(types)}, got {describe(value)}")

    def check_one(self, type_name: str, value: Any, path: str) -> None:
        """Check against one type expression (primitive, ``Array of``, or object type)."""
        element = element_type(type_name)
        if element is not None:
            if not isinstance(value, list):
                raise SpecViolation(f"{path} must be a JSON array ({type_name})")
            for index, item in enumerate(value):
                self.check_one(element, item, f"{path}[{index}]")
            return
        if not _primitive_fits(type_name, value):
            raise SpecViolation(f"{path} must be {_article(type_name)}, got {describe(value)}")
        spec_type = self.spec.types.get(type_name)
        if spec_type is None or type_name == "InputFile":
            return
        if spec_type.subtypes:
            self.check_one(self.choose(spec_type.subtypes, value, path), value, path)
            return
        self.check_object(spec_type, value, path)

    def check_object(self, spec_type: TypeSpec, value: Any, path: str) -> None:
        """Fields of a concrete object: none unknown, all required present, each well typed."""
        if not isinstance(value, dict):
            raise SpecViolation(f"{path} must be a JSON object ({spec_type.name})")
        for key in value:
            if key not in spec_type.fields:
                raise SpecViolation(
                    f'unknown field "{key}" in {spec_type.name} at {path} (the stand-in refuses '
                    "fields the Bot API spec does not define)"
                )
        missing = sorted(spec_type.required - value.keys())
        if missing:
            raise SpecViolation(f'field "{missing[0]}" of {spec_type.name} is required at {path}')
        if spec_type.discriminator and value.get("type") != spec_type.discriminator:
            raise SpecViolation(
                f'{path}.type must be "{spec_type.discriminator}" for {spec_type.name}'
            )
        for key, item in value.items():
            self.check(spec_type.fields[key].types, item, f"{path}.{key}")
        rule = self.rules.get(spec_type.name)
        if rule is not None:
            rule(value, path)

    def choose(self, candidates: Sequence[str], value: Any, path: str) -> str:
        """Pick the concrete type a value means: by its "type" field, then by its fields."""
        if not isinstance(value, dict):
            raise SpecViolation(f"{path} must be a JSON object ({' or '.join(candidates)})")
        concrete = self._concrete(candidates)
        fitting = [t for t in concrete if _fits(t, value)]
        if fitting:
            return fitting[0].name
        given_type = value.get("type")
        typed = [t for t in concrete if t.discriminator is not None]
        if typed and given_type not in {t.discriminator for t in typed}:
            allowed = sorted({str(t.discriminator) for t in typed})
            raise SpecViolation(
                f"{path}.type must be one of {', '.join(allowed)}, got {describe(given_type)}"
            )
        best = max(concrete, key=lambda t: _score(t, value))
        return best.name

    def _concrete(self, candidates: Sequence[str]) -> list[TypeSpec]:
        found: list[TypeSpec] = []
        for name in candidates:
            spec_type = self.spec.types.get(name)
            if spec_type is None:
                continue
            if spec_type.subtypes:
                found.extend(self._concrete(spec_type.subtypes))
            else:
                found.append(spec_type)
        return found


def _fits(spec_type: TypeSpec, value: dict[str, Any]) -> bool:
    if spec_type.discriminator is not None and value.get("type") != spec_type.discriminator:
        return False
    return spec_type.required <= value.keys() <= spec_type.fields.keys()


def _score(spec_type: TypeSpec, value: dict[str, Any]) -> tuple[bool, int, int]:
    matches_type = (
        spec_type.discriminator is not None and value.get("type") == spec_type.discriminator
    )
    known = len(value.keys() & spec_type.fields.keys())
    return (matches_type, known, -len(spec_type.required - value.keys()))


def _primitive_fits(type_name: str, value: Any) -> bool:
    if type_name == "Integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if type_name == "Float":
        return isinstance(value, int | float) and not isinstance(value, bool)
    if type_name == "String":
        return isinstance(value, str)
    if type_name == "Boolean":
        return isinstance(value, bool)
    if type_name == "InputFile":
        return isinstance(value, UploadedFile)
    return True


def _article(type_name: str) -> str:
    return f"an {type_name}" if type_name[0] in "AEIOU" else f"a {type_name}"
