"""What a tired person types: words that steer a routine, and words about pain.

Only a whole short message counts ("stop", "next please"), so a stretch's name or a
sentence that merely contains "stop" is never taken for a command.
"""

from __future__ import annotations

import enum
import re

from bot.domain.matching import PAIN_WORDS, SPACELESS_PAIN, fold
from bot.domain.words import spaceless_form


class Spoken(enum.StrEnum):
    STOP = "stop"
    PAUSE = "pause"
    SKIP = "skip"
    AGAIN = "again"
    RESUME = "resume"


SPOKEN: dict[str, Spoken] = {
    "stop": Spoken.STOP,
    "cancel": Spoken.STOP,
    "end": Spoken.STOP,
    "quit": Spoken.STOP,
    "enough": Spoken.STOP,
    "pause": Spoken.PAUSE,
    "wait": Spoken.PAUSE,
    "hold on": Spoken.PAUSE,
    "next": Spoken.SKIP,
    "skip": Spoken.SKIP,
    "skip it": Spoken.SKIP,
    "again": Spoken.AGAIN,
    "repeat": Spoken.AGAIN,
    "restart": Spoken.AGAIN,
    "one more time": Spoken.AGAIN,
    "continue": Spoken.RESUME,
    "resume": Spoken.RESUME,
    "go": Spoken.RESUME,
    "go on": Spoken.RESUME,
    "start": Spoken.RESUME,
}
# Politeness and filler around a command word.
_FILLER = {"please", "pls", "now", "ok", "okay"}


def _words(text: str) -> list[str]:
    return re.sub(r"[^\w\s]", " ", text.casefold()).split()


def spoken_command(text: str) -> Spoken | None:
    """The routine command a whole message gives ("Stop!", "next please"), if any."""
    words = [word for word in _words(text) if word not in _FILLER]
    return SPOKEN.get(" ".join(words)) if 0 < len(words) <= 4 else None


def speaks_of_pain(text: str) -> bool:
    """ "my back hurts", "lower back pain": somebody hurting, not asking for a stretch."""
    run = spaceless_form(text)
    return bool(set(fold(text)) & PAIN_WORDS) or any(word in run for word in _PAIN_RUNS)


_PAIN_RUNS = tuple(spaceless_form(word) for word in SPACELESS_PAIN)


def is_bare_number(text: str) -> bool:
    """ "3": a number alone names no stretch (it was probably meant for a button)."""
    return text.strip().isdigit()
