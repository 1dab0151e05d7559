"""Fold what people type into comparable words: case, diacritics, punctuation, plurals.

Every script is kept: accents and tone marks are folded away from Latin and Cyrillic letters
("tư thế em bé" = "tu the em be", "ё" = "е"), while Thai keeps its vowel signs (they are part
of the letters) and loses only its tone marks, which people often leave out. Thai and Chinese
put no spaces between words, so a run of their letters is one token, matched by substrings
(`spaceless`).
"""

from __future__ import annotations

import re
import unicodedata

# Plurals and forms the suffix rule in `singular` gets wrong.
_IRREGULAR: dict[str, str] = {"feet": "foot", "does": "do", "hugging": "hug", "laying": "lying"}
_NOT_PLURAL = ("ss", "us", "is", "as", "os")
_APOSTROPHES = str.maketrans("", "", "'\u2019\u2018`\u00b4\u02bc")
# Letters NFKD does not take apart: Vietnamese đ above all.
_LETTERS = str.maketrans({"đ": "d", "ł": "l", "ø": "o", "ħ": "h", "ı": "i"})
_THAI_TONES = frozenset("\u0e48\u0e49\u0e4a\u0e4b")


def is_spaceless(char: str) -> bool:
    """A letter of a script written without spaces between words: Thai, Lao, Khmer, Myanmar,
    Chinese characters and Japanese kana."""
    code = ord(char)
    return (
        0x0E00 <= code <= 0x0EFF  # Thai, Lao
        or 0x1000 <= code <= 0x109F  # Myanmar
        or 0x1780 <= code <= 0x17FF  # Khmer
        or 0x3040 <= code <= 0x30FF  # kana
        or 0x3400 <= code <= 0x4DBF
        or 0x4E00 <= code <= 0x9FFF
        or 0xF900 <= code <= 0xFAFF
        or 0x20000 <= code <= 0x2FA1F
    )


_SPACELESS = re.compile(
    "[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff"
    "\uf900-\ufaff\U00020000-\U0002fa1f]"
)


def has_spaceless(text: str) -> bool:
    return _SPACELESS.search(text) is not None


def bare(text: str) -> str:
    """Case folded, accents off Latin and Cyrillic letters, Thai tone marks off, composed."""
    if text.isascii():
        return text.casefold()
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_LETTERS))
    kept: list[str] = []
    for char in decomposed:
        if unicodedata.combining(char) and not (kept and is_spaceless(kept[-1])):
            continue
        if char in _THAI_TONES:
            continue
        kept.append(char)
    return unicodedata.normalize("NFC", "".join(kept))


def plain(text: str) -> list[str]:
    """Words with case, diacritics, apostrophes and punctuation folded away; plurals kept.

    A run of Thai or Chinese letters is one word, split from the letters of other scripts.
    """
    if not has_spaceless(text):
        # Every lookup folds its query and most are Latin or Cyrillic: the quick way.
        cleaned = bare(text.translate(_APOSTROPHES))
        return "".join(ch if ch.isalnum() else " " for ch in cleaned).split()
    words: list[str] = []
    current: list[str] = []
    spaceless = False
    for char in bare(text.translate(_APOSTROPHES)):
        inside = is_spaceless(char)
        if inside or char.isalnum():
            if current and inside != spaceless:
                words.append("".join(current))
                current = []
            current.append(char)
            spaceless = inside
        elif current:
            words.append("".join(current))
            current = []
    if current:
        words.append("".join(current))
    return words


def spaceless_form(text: str) -> str:
    """The Thai and Chinese letters of a text run together, folded: how they are compared."""
    return "".join(word for word in plain(text) if has_spaceless(word))


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
