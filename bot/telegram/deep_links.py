"""`t.me/<bot>?start=stretch_<id>` links, so a stretch card can be shared."""

from __future__ import annotations

STRETCH_PREFIX = "stretch_"


def stretch_link(bot_username: str, exercise_id: str) -> str:
    # Start parameters allow only A-Z, a-z, 0-9, _ and -: exercise ids are slugs.
    return f"https://t.me/{bot_username}?start={STRETCH_PREFIX}{exercise_id}"


def exercise_from_start(argument: str | None) -> str | None:
    if argument and argument.startswith(STRETCH_PREFIX):
        return argument.removeprefix(STRETCH_PREFIX)
    return None
