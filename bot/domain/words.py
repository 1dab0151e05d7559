"""Fold what people type into comparable words: case, diacritics, punctuation, plurals."""

from __future__ import annotations

import unicodedata

# Plurals and forms the suffix rule in `singular` gets wrong.
_IRREGULAR: dict[str, str] = {"feet": "foot", "does": "do", "hugging": "hug", "laying": "lying"}
_NOT_PLURAL = ("ss", "us", "is", "as", "os")
_APOSTROPHES = str.maketrans("", "", "'\u2019\u2018`\u00b4\u02bc")


def plain(text: str) -> list[str]:
    """Words with case, diacritics, apostrophes and punctuation folded away; plurals kept."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    cleaned = "".join(ch if ch.isalnum() else " " for ch in bare.translate(_APOSTROPHES))
    return cleaned.split()


def fold(text: str) -> list[str]:
    """Words with case, diacritics, apostrophes, punctuation and plurals folded away."""
    return [singular(word) for word in plain(text)]


def singular(word: str) -> str:
    """ "knees" -> "knee", "stretches" -> "stretch": enough for names, not for English."""
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    if len(word) <= 3 or not word.endswith("s") or word.endswith(_NOT_PLURAL):
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "sses", "xes", "zes")):
        return word[:-2]
    return word[:-1]
