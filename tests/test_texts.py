"""The text catalogue: every key the code asks for exists, every entry fills in, and
values are escaped for Telegram's HTML while the catalogue's own tags are kept."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest
import yaml

from bot.telegram.views import texts
from bot.telegram.views.texts import Html, t

BOT = Path(__file__).resolve().parents[1] / "bot"
LOCALES = BOT / "telegram" / "views" / "locales"


def literal_keys() -> dict[str, str]:
    """Every `t("key", ...)` with a literal key in the code, with where it is."""
    found = {}
    for path in sorted(BOT.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name | ast.Attribute)
                and (getattr(node.func, "id", None) or getattr(node.func, "attr", None)) == "t"
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                found[node.args[0].value] = f"{path.name}:{node.lineno}"
    return found


def test_every_key_the_code_asks_for_exists() -> None:
    keys = literal_keys()
    assert len(keys) > 150, "the scan found the calls"
    missing = {key: where for key, where in keys.items() if key not in texts.catalogue()}
    assert missing == {}


def test_every_key_is_a_word_not_a_yaml_boolean() -> None:
    """YAML reads a bare `off:` or `on:` as a boolean; keys must stay strings."""

    def walk(tree: dict[object, object], path: str = "") -> list[str]:
        bad = [f"{path}{key!r}" for key in tree if not isinstance(key, str)]
        for key, value in tree.items():
            if isinstance(value, dict):
                bad += walk(value, f"{path}{key}.")
        return bad

    for path in LOCALES.glob("*.yaml"):
        assert walk(yaml.safe_load(path.read_text(encoding="utf-8"))) == [], path.name


def test_every_template_fills_in() -> None:
    """Each entry's fields are plain names, so `t` can fill them (no stray braces)."""
    for key, entry in texts.catalogue().items():
        forms = entry.values() if isinstance(entry, dict) else [entry]
        for form in forms:
            for text in [form] if isinstance(form, str) else form:
                names = [name for _, name, _, _ in string.Formatter().parse(text) if name]
                assert all(re.fullmatch(r"[a-z_]+", name) for name in names), key


def test_values_are_escaped_and_catalogue_html_is_kept() -> None:
    text = t("menu.welcome", name="<b>Ana</b> & co")
    assert "&lt;b&gt;Ana&lt;/b&gt; &amp; co" in text
    nested = t("practice.summary_done", title=Html("<i>Bedtime</i>"))
    assert nested.startswith("<b><i>Bedtime</i></b>")


@pytest.mark.parametrize(
    ("count", "expected"), [(1, "1 night"), (2, "2 nights"), (0, "0 nights"), (21, "21 nights")]
)
def test_plural_forms_are_chosen_by_count(count: int, expected: str) -> None:
    assert t("units.nights", count=count) == expected


def test_plain_text_keeps_apostrophes_and_ampersands() -> None:
    """Button labels and pop-ups are not HTML: a name shows as it is written."""
    assert texts.plain("button.back_to", name="Child's pose & more") == "◀️ Child's pose & more"
