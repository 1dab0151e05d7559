"""The bot's messages in every language match the English catalogue they translate.

Each `locales/<language>.yaml` must have en.yaml's keys and nesting, the same `{placeholders}`
in every entry, balanced Telegram HTML with the same kinds of tags, the plural forms CLDR
(through Babel) defines for the language, Telegram's length limits for the bot's description
and command descriptions, and no entry left in English.
"""

from __future__ import annotations

import re
import string
import unicodedata
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
import yaml
from babel import Locale

LOCALES = Path(__file__).resolve().parents[1] / "bot" / "telegram" / "views" / "locales"
LANGUAGES = ["vi", "th", "zh-Hans", "es", "ru"]
PLURAL_FORMS = frozenset({"zero", "one", "two", "few", "many", "other"})

# Telegram's limits: setMyDescription, setMyShortDescription, setMyCommands.
LIMITS = {"bot.description": 512, "bot.short_description": 120}
COMMAND_LIMIT = 256

# Entries that may read exactly as in English in a language: proper names and the like.
# (Entries with no letters of their own, such as "{name} · {minutes}" or "✓ {label}", are
# allowed everywhere without being listed.)
SAME_AS_ENGLISH: dict[str, frozenset[str]] = {language: frozenset() for language in LANGUAGES} | {
    "vi": frozenset({"button.menu"}),  # "Menu" is the everyday Vietnamese word
}

TAG = re.compile(r"<(/?)([a-zA-Z]+)([^<>]*)>")
ENTITY = re.compile(r"&(?:[a-zA-Z]+|#[0-9]+|#x[0-9a-fA-F]+);")


def load(language: str) -> dict[str, Any]:
    text = (LOCALES / f"{language}.yaml").read_text("utf-8")
    tree = yaml.safe_load(text)
    assert isinstance(tree, dict), f"{language}.yaml is not a mapping"
    return dict(flatten(tree))


def flatten(tree: Mapping[str, Any], prefix: str = "") -> Iterator[tuple[str, Any]]:
    """Dotted keys, read as bot/telegram/views/texts.py reads them."""
    for name, value in tree.items():
        assert isinstance(name, str), f"key {prefix}{name!r} is not a string (quote it)"
        key = f"{prefix}{name}"
        if isinstance(value, dict) and not set(value) <= PLURAL_FORMS:
            yield from flatten(value, f"{key}.")
        else:
            yield key, value


def texts(entry: Any) -> list[str]:
    """Every string in an entry: itself, its plural forms or its list items."""
    if isinstance(entry, dict):
        return list(entry.values())
    if isinstance(entry, list):
        return list(entry)
    return [entry]


def placeholders(text: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(text) if field is not None}


def tags(text: str) -> set[str]:
    """The kinds of opening tags, with their attributes ("blockquote expandable")."""
    return {
        f"{name.lower()}{rest.rstrip()}" for close, name, rest in TAG.findall(text) if not close
    }


def html_problems(text: str) -> list[str]:
    problems: list[str] = []
    stack: list[str] = []
    for close, name, _ in TAG.findall(text):
        if not close:
            stack.append(name.lower())
        elif not stack or stack.pop() != name.lower():
            problems.append(f"</{name}> closes nothing open")
    problems += [f"<{name}> is never closed" for name in stack]
    bare = ENTITY.sub("", TAG.sub("", text))
    problems += [f"bare {char!r} (escape it)" for char in "<>&" if char in bare]
    return problems


def locale(language: str) -> Locale:
    return Locale.parse(language, sep="-")


def plural_tags(language: str) -> set[str]:
    return set(locale(language).plural_form.tags) | {"other"}


@pytest.fixture(scope="module")
def english() -> dict[str, Any]:
    return load("en")


@pytest.fixture(scope="module", params=LANGUAGES)
def language(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="module")
def translated(language: str) -> dict[str, Any]:
    return load(language)


def test_same_keys_as_english(english: dict[str, Any], translated: dict[str, Any]) -> None:
    missing = sorted(set(english) - set(translated))
    extra = sorted(set(translated) - set(english))
    assert not missing and not extra, f"missing: {missing}\nextra: {extra}"


def test_same_kind_of_entry(english: dict[str, Any], translated: dict[str, Any]) -> None:
    wrong = [
        key
        for key in english.keys() & translated.keys()
        if type(english[key]) is not type(translated[key])
        or (isinstance(english[key], list) and len(english[key]) != len(translated[key]))
    ]
    assert not wrong, f"not the same kind (text, plural, list of that length): {sorted(wrong)}"
    not_text = [
        key
        for key, entry in translated.items()
        if not all(isinstance(s, str) for s in texts(entry))
    ]
    assert not not_text, f"not text (quote them as en.yaml does): {sorted(not_text)}"


def test_same_placeholders(english: dict[str, Any], translated: dict[str, Any]) -> None:
    wrong: list[str] = []
    for key in english.keys() & translated.keys():
        wanted = set().union(*(placeholders(s) for s in texts(english[key])))
        forms = texts(translated[key])
        found = [placeholders(s) for s in forms]
        if isinstance(translated[key], dict):
            # A form may leave out {count} ("one" says it in words), but no form adds one
            # and together they use them all.
            if set().union(*found) != wanted or any(f - wanted for f in found):
                wrong.append(f"{key}: {sorted(wanted)} != {found}")
        elif any(f != wanted for f in found):
            wrong.append(f"{key}: {sorted(wanted)} != {found}")
    assert not wrong, "\n".join(sorted(wrong))


def test_html_balanced_with_the_same_tags(
    english: dict[str, Any], translated: dict[str, Any]
) -> None:
    wrong: list[str] = []
    for key in english.keys() & translated.keys():
        wanted = set().union(*(tags(s) for s in texts(english[key])))
        for text in texts(translated[key]):
            wrong += [f"{key}: {problem}" for problem in html_problems(text)]
            if tags(text) != wanted and not isinstance(translated[key], dict):
                wrong.append(f"{key}: tags {sorted(tags(text))} != {sorted(wanted)}")
    assert not wrong, "\n".join(sorted(wrong))


def test_english_html_is_balanced(english: dict[str, Any]) -> None:
    wrong = [f"{k}: {p}" for k, e in english.items() for s in texts(e) for p in html_problems(s)]
    assert not wrong


def test_plural_forms_are_the_languages_own(language: str, translated: dict[str, Any]) -> None:
    wanted = plural_tags(language)
    wrong = {
        key: sorted(entry)
        for key, entry in translated.items()
        if isinstance(entry, dict) and set(entry) != wanted
    }
    assert not wrong, f"{language} plurals need exactly {sorted(wanted)}: {wrong}"


def test_every_plural_form_is_reachable(language: str) -> None:
    """Babel picks each form the file gives for some whole or fractional count."""
    rule = locale(language).plural_form
    reached = {rule(n) for n in [*range(0, 200), 1.5, 2.5, 1_000_000]}
    assert reached == plural_tags(language)


def test_telegram_length_limits(translated: dict[str, Any]) -> None:
    too_long = [
        f"{key}: {len(entry)} > {limit}"
        for key, limit in LIMITS.items()
        if len(entry := translated[key]) > limit
    ]
    too_long += [
        f"{key}: {len(entry)} > {COMMAND_LIMIT}"
        for key, entry in translated.items()
        if key.startswith("commands.") and not 1 <= len(entry) <= COMMAND_LIMIT
    ]
    assert not too_long


def test_nothing_left_in_english(
    language: str, english: dict[str, Any], translated: dict[str, Any]
) -> None:
    def has_words(text: str) -> bool:
        bare = TAG.sub("", re.sub(r"\{[^{}]*\}", "", text))
        return any(char.isalpha() for char in bare)

    same = [
        key
        for key in english.keys() & translated.keys()
        if translated[key] == english[key]
        and any(has_words(s) for s in texts(english[key]))
        and key not in SAME_AS_ENGLISH[language]
    ]
    assert not same, f"left in English in {language}: {sorted(same)}"


def emoji(text: str) -> set[str]:
    return {char for char in text if unicodedata.category(char) == "So"}


def test_same_emoji(english: dict[str, Any], translated: dict[str, Any]) -> None:
    wrong = []
    for key in english.keys() & translated.keys():
        wanted = set().union(*(emoji(s) for s in texts(english[key])))
        found = set().union(*(emoji(s) for s in texts(translated[key])))
        if wanted != found:
            wrong.append(f"{key}: {sorted(wanted)} != {sorted(found)}")
    assert not wrong, "\n".join(sorted(wrong))


def test_commands_are_kept(english: dict[str, Any], translated: dict[str, Any]) -> None:
    """The /commands a message names are the same ones English names."""
    command = re.compile(r"(?<![\w/])/[a-z_]+\b")
    wrong = []
    for key in english.keys() & translated.keys():
        wanted = set().union(*(command.findall(s) for s in texts(english[key])))
        found = set().union(*(command.findall(s) for s in texts(translated[key])))
        if wanted != found:
            wrong.append(f"{key}: {sorted(wanted)} != {sorted(found)}")
    assert not wrong, "\n".join(sorted(wrong))
