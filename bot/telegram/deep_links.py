"""`t.me/<bot>?start=...` links: a shared stretch card, or a personal command asked in a group."""

from __future__ import annotations

STRETCH_PREFIX = "stretch_"


def stretch_link(bot_username: str, exercise_id: str) -> str:
    # Start parameters allow only A-Z, a-z, 0-9, _ and -: exercise ids are slugs.
    return f"https://t.me/{bot_username}?start={STRETCH_PREFIX}{exercise_id}"


def exercise_from_start(argument: str | None) -> str | None:
    if argument and argument.startswith(STRETCH_PREFIX):
        return argument.removeprefix(STRETCH_PREFIX)
    return None


def private_chat_link(bot_username: str, command: str) -> str:
    """Opens the private chat, where /start carries out `command` (a command name)."""
    return f"https://t.me/{bot_username}?start={command}"
