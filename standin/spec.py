"""The Bot API spec subset as typed objects, so checks are driven by Telegram's own data."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

SPEC_PATH = Path(__file__).with_name("bot_api_spec.json")
PRIMITIVES = frozenset({"Integer", "Float", "String", "Boolean"})
_DISCRIMINATOR = re.compile(r'(?:must be|always) [“"]?([a-z_]+)[”"]?$')


@dataclass(frozen=True)
class FieldSpec:
    """One method parameter or object field."""

    name: str
    types: tuple[str, ...]
    required: bool
    description: str


@dataclass(frozen=True)
class MethodSpec:
    """A Bot API method: its parameters and what it returns."""

    name: str
    fields: dict[str, FieldSpec]
    returns: tuple[str, ...]


@dataclass(frozen=True)
class TypeSpec:
    """A Bot API object type; abstract ones list subtypes instead of fields."""

    name: str
    fields: dict[str, FieldSpec]
    subtypes: tuple[str, ...]
    discriminator: str | None  # the fixed value of its "type" field, if it has one

    @property
    def required(self) -> frozenset[str]:
        return frozenset(name for name, f in self.fields.items() if f.required)


@dataclass(frozen=True)
class Spec:
    """All methods and types of the shipped subset."""

    version: str
    methods: dict[str, MethodSpec]
    types: dict[str, TypeSpec]
    other_methods: dict[str, str] = field(repr=False)  # lower-case → real name, unimplemented
    by_lower_name: dict[str, MethodSpec] = field(repr=False)

    def method(self, name: str) -> MethodSpec | None:
        """Telegram treats method names case-insensitively, so lookups do too."""
        return self.by_lower_name.get(name.lower())

    def other_method(self, name: str) -> str | None:
        """The real name of a Bot API method outside the subset, if ``name`` is one."""
        return self.other_methods.get(name.lower())


def element_type(type_name: str) -> str | None:
    """``Array of X`` → ``X``; None when the name is not an array."""
    if type_name.startswith("Array of "):
        return type_name.removeprefix("Array of ")
    return None


def _fields(raw: list[dict[str, Any]]) -> dict[str, FieldSpec]:
    return {
        f["name"]: FieldSpec(f["name"], tuple(f["types"]), bool(f["required"]), f["description"])
        for f in raw
    }


def _discriminator(fields: dict[str, FieldSpec]) -> str | None:
    type_field = fields.get("type")
    if type_field is None or type_field.types != ("String",):
        return None
    match = _DISCRIMINATOR.search(type_field.description.strip())
    return match.group(1) if match else None


def parse_spec(data: dict[str, Any]) -> Spec:
    """Turn the JSON shape of api.json into typed objects."""
    methods = {
        name: MethodSpec(name, _fields(m.get("fields", [])), tuple(m.get("returns", [])))
        for name, m in data["methods"].items()
    }
    types: dict[str, TypeSpec] = {}
    for name, t in data["types"].items():
        fields = _fields(t.get("fields", []))
        types[name] = TypeSpec(name, fields, tuple(t.get("subtypes", [])), _discriminator(fields))
    by_lower = {name.lower(): m for name, m in methods.items()}
    others = {name.lower(): name for name in data.get("other_methods", [])}
    return Spec(str(data["version"]), methods, types, others, by_lower)


@cache
def load_spec(path: Path = SPEC_PATH) -> Spec:
    """The shipped subset, parsed once per process."""
    return parse_spec(json.loads(path.read_text(encoding="utf-8")))
