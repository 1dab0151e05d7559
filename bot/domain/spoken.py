"""What the audio guide says, one phrasebook per language.

The words follow the chat's cues ("Release. Now the left side.") but are shorter: they are
heard with eyes closed, between two sounds, and must fit the time the plan leaves for them.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.domain.catalogue import Side


@dataclass(frozen=True)
class Phrasebook:
    """Spoken cues for one language; each method returns one or two short sentences."""

    language: str

    def begin(self, title: str | None, name: str, lead: str | None) -> str:
        """The first stretch: the routine's name (if any), the stretch and where to start."""
        opening = f"{title}. First: {name}." if title else f"{name}."
        return f"{opening} {lead}" if lead else opening

    def next_stretch(self, name: str, lead: str | None) -> str:
        return f"Release. Next: {name}. {lead}" if lead else f"Release. Next: {name}."

    def lead_side(self, side: Side) -> str | None:
        """Which side comes first, said before a stretch done on both sides."""
        return None if side is Side.BOTH else f"{side.value.capitalize()} side first."

    def switch(self, side: Side) -> str:
        return f"Release. Now the {side.value} side." if side is not Side.BOTH else "Release."

    def rest(self) -> str:
        return "Release. Rest."

    def round_call(self, round_number: int, rounds: int) -> str:
        return f"Round {round_number} of {rounds}. Get ready."

    def next_part(self, label: str | None) -> str:
        return f"Release. Next: {label}." if label else "Release. Next part."

    def ending(self) -> str:
        return "Sleep well."


PHRASEBOOKS: dict[str, Phrasebook] = {"en": Phrasebook("en")}


def phrasebook(language: str) -> Phrasebook | None:
    """The phrasebook for a language code ("en", "en-GB"), or None: then chimes alone."""
    return PHRASEBOOKS.get(language.split("-")[0].lower())
