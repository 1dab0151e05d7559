"""Which number presses which inline button in the terminal.

The replies to one thing the person did are numbered on from each other (a routine's intro
with its question, then its card), so every button just printed can be pressed. An edit
keeps its message's numbers; a keyboard arriving later on its own (the next stretch's card)
starts again at 1.
"""

from __future__ import annotations

from dataclasses import dataclass

from standin import BotMessage


@dataclass
class _Placed:
    message: BotMessage
    first: int  # the number of its first button
    size: int  # how many numbers it holds


class Board:
    def __init__(self) -> None:
        self._placed: list[_Placed] = []
        self._fresh = False  # the next keyboard printed starts a new board
        self._gathering = False  # the person's last action is still being answered

    def person_acts(self) -> None:
        """The replies to what they do now form the next board."""
        self._fresh = True
        self._gathering = True

    def answered(self) -> None:
        self._gathering = False

    def place(self, message: BotMessage) -> int:
        """The number of the message's first button, as it is printed now."""
        size = len(message.button_texts)
        placed = next((p for p in self._placed if p.message is message), None)
        if self._fresh:
            self._fresh = False
            self._placed = []
        elif placed is not None and (size <= placed.size or placed is self._placed[-1]):
            placed.size = max(placed.size, size)
            return placed.first
        elif placed is not None or not self._gathering:
            self._placed = []
        first = self.highest + 1
        self._placed.append(_Placed(message, first, size))
        return first

    @property
    def highest(self) -> int:
        last = self._placed[-1] if self._placed else None
        return last.first + last.size - 1 if last else 0

    def find(self, number: int) -> tuple[BotMessage, int] | None:
        """The message and flat button index a number presses now (None: no such button)."""
        for placed in self._placed:
            index = number - placed.first
            shown = 0 if placed.message.deleted else len(placed.message.button_texts)
            if 0 <= index < min(placed.size, shown):
                return placed.message, index
        return None
