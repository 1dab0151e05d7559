"""Random input for the fuzz test: what people type and send, and forged button data.

Everything here is drawn from a `random.Random` the caller seeds, so a seed names one run's
inputs. Texts stay within what Telegram delivers (1-4096 UTF-16 units), callback data within
its 1-64 bytes.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

from bot.app.practices import Control

BOT_NAME = "stretch_demo_bot"
MAX_DATA_BYTES = 64

STRETCHES = (
    "child's pose",
    "cat cow",
    "Cat-Cow",
    "pigeon",
    "bridge",
    "supine twist",
    "knee hugs",
    "happy baby",
    "sciatica",
    "my back hurts",
    "lift my bum off the bed",
    "soles of my feet together",
    "hamstrings",
    "chlid pose",
)
SPOKEN = ("stop", "next", "pause", "resume", "skip", "start", "more", "again", "STOP!!", "cancel")
TIMES = (
    "22:30",
    "21:45",
    "22:40",
    "22:50",
    "23:00",
    "10:55pm",
    "25:99",
    "10:30pm",
    "2230",
    "24:00",
    "23:59",
    "12am",
    "0",
    "weekdays",
    "mon-fri",
    "off",
    "on",
    "22:30 weekends",
    "tomorrow maybe",
    "13pm",
    "-1:30",
    "٢٢:٣٠",
    "²²:³⁰",
    "99999999999999999999:00",
)
PLACES = (
    "Berlin",
    "Madrid",
    "Lagos",
    "Tokyo",
    "UTC+7",
    "UTC-12",
    "UTC+14",
    "UTC+99",
    "GMT-3:30",
    "Etc/GMT+5",
    "Europe/Kyiv",
    "America/Argentina/Buenos_Aires",
    "nowhere",
    "Москва",
    "東京",
    "القاهرة",
)
NUMBERS = ("0", "7", "10", "11", "-1", "1e309", "99999999999999999999", "٣", "²", "3.14", "NaN")
ODD = (
    "🧘‍♀️🔥🌙",
    "مرحبا، ظهري يؤلمني",
    "שלום, כואב לי הגב",
    "\u200b",
    "\u200bcat\u200dcow\ufeff",
    "c\u0301at co\u0301w",
    "<b>bold</b> & <i>",
    "&amp; &lt;script&gt;",
    "\u202eesop s'dlihc",
    "\n\n.\n",
    "/",
    "//stretch",
    f"@{BOT_NAME}",
    "%s %d {0} {}",
    "'; DROP TABLE users; --",
    "\\",
    "None",
    "a" * 4096,
    "🙂" * 2048,  # 4096 UTF-16 units, Telegram's longest message
    "ab " * 1365,
)
# Commands people can type, each with what may follow it.
COMMANDS: dict[str, tuple[str, ...]] = {
    "start": ("", "stretch_cat-cow", "stretch_nope", "stretch_", "x" * 64, "stretch_../../etc"),
    "help": ("",),
    "menu": ("",),
    "stop": ("",),
    "cancel": ("",),
    "safety": ("",),
    "stretches": ("",),
    "stretch": ("", *STRETCHES),
    "bedtime": ("",),
    "routines": ("",),
    "settings": ("",),
    "remind": ("", *TIMES),
    "timezone": ("", *PLACES),
    "streak": ("",),
    "progress": ("",),
    "export": ("",),
    "forget": ("",),
}
UNKNOWN_COMMANDS = ("/foo", "/Start", "/stretch_cat", "/remind@other_bot 22:30", "/x" * 10)
# What people try in a group: general commands, and ones about the person who typed them.
GROUP_COMMANDS = ("help", "start", "stretch", "bedtime", "streak", "progress", "export", "remind")
STRANGE_DIGITS = ("²", "٣", "３", "⁷", "𝟗")
STRANGE_NUMBERS = (
    "9" * 19,
    str(2**63),
    str(2**63 - 1),
    str(2**31),
    "-1",
    "-9223372036854775808",
    "007",
    "1_000",
    " 1",
    "1e3",
)
STRANGE_FIELDS = ("", "🙂", "\u200b", "עברית", "a" * 40, "..", "%00", "None")
UNKNOWN_PREFIXES = ("zz", "RT", "rt ", "", "menu2", "🙂")


def command(rng: random.Random) -> str:
    """A command from the menu, with or without arguments, sometimes one the bot lacks."""
    if rng.random() < 0.05:
        return rng.choice(UNKNOWN_COMMANDS)
    name = rng.choice(list(COMMANDS))
    argument = rng.choice(COMMANDS[name])
    if rng.random() < 0.1:
        argument = text(rng)
    return _limit(f"/{name} {argument}".strip())


def group_command(rng: random.Random) -> str:
    """A command in a group, addressed to the bot (privacy mode shows it nothing else)."""
    name = rng.choice(GROUP_COMMANDS)
    argument = rng.choice(COMMANDS[name])
    if rng.random() < 0.15:
        return _limit(f"@{BOT_NAME} {rng.choice(STRETCHES)}")
    address = f"@{BOT_NAME}" if rng.random() < 0.5 else ""
    return _limit(f"/{name}{address} {argument}".strip())


def text(rng: random.Random) -> str:
    """Plain text: stretch names, spoken commands, times, places, numbers, odd Unicode."""
    kinds: Sequence[Sequence[str]] = (STRETCHES, SPOKEN, TIMES, PLACES, NUMBERS, ODD)
    chosen = rng.choice(rng.choice(kinds))
    roll = rng.random()
    if roll < 0.1:
        chosen = f"{chosen} {rng.choice(rng.choice(kinds))}"
    elif roll < 0.15:
        chosen = "".join(chr(rng.randrange(0x20, 0x2FFF)) for _ in range(rng.randrange(1, 40)))
    elif roll < 0.2:
        chosen = chosen.upper()
    # Telegram trims a message and sends nothing blank.
    return _limit(chosen) if chosen.strip() else "."


def location(rng: random.Random) -> tuple[float, float]:
    """Anywhere, the poles, the date line and the middle of the ocean included."""
    edges = [(90.0, 180.0), (-90.0, -180.0), (0.0, 0.0), (52.52, 13.4), (-33.87, 151.2)]
    if rng.random() < 0.3:
        return rng.choice(edges)
    return rng.uniform(-90, 90), rng.uniform(-180, 180)


def forge(rng: random.Random, real: Sequence[str], foreign_ids: Sequence[int]) -> str:
    """Callback data a button never carried: a real one bent, or another person's ids."""
    base = rng.choice(real) if real else "menu:1"
    fields = base.split(":")
    numbers = [i for i, field in enumerate(fields) if field.isdigit()]
    mutations = (
        lambda: _swap_digit(rng, base),
        lambda: _set_field(rng, fields, numbers, rng.choice(STRANGE_NUMBERS)),
        lambda: _set_field(rng, fields, list(range(len(fields))), rng.choice(STRANGE_FIELDS)),
        lambda: ":".join([*fields, rng.choice(("1", "", "x", "0"))]),
        lambda: ":".join(fields[:-1]),
        lambda: ":".join([rng.choice(UNKNOWN_PREFIXES), *fields[1:]]),
        lambda: ":".join([fields[0], rng.choice(("0", "2", "", "01", "1.0")), *fields[2:]]),
        lambda: _foreign(rng, foreign_ids),
        lambda: _fill(rng, base),
        lambda: "".join(rng.choice(":0123456789abrtx²🙂") for _ in range(rng.randrange(1, 30))),
        lambda: base,  # a real button from someone else's chat
    )
    return _fit(rng.choice(mutations)())


def _swap_digit(rng: random.Random, data: str) -> str:
    spots = [i for i, char in enumerate(data) if char.isdigit()]
    if not spots:
        return data + rng.choice(STRANGE_DIGITS)
    at = rng.choice(spots)
    return data[:at] + rng.choice(STRANGE_DIGITS) + data[at + 1 :]


def _set_field(rng: random.Random, fields: list[str], spots: list[int], value: str) -> str:
    if not spots:
        return ":".join([*fields, value])
    changed = list(fields)
    changed[rng.choice(spots)] = value
    return ":".join(changed)


def _foreign(rng: random.Random, practice_ids: Sequence[int]) -> str:
    """A button for another person's practice or pain check-in."""
    practice = rng.choice(practice_ids) if practice_ids else 1
    token = rng.randrange(0, 40)
    return rng.choice(
        (
            f"rt:1:{practice}:{token}:{rng.choice(list(Control)).value}",
            f"pn:1:{practice}:{rng.randrange(2)}:{rng.randrange(11)}",
            f"pns:1:{practice}:{rng.randrange(2)}",
        )
    )


def _fill(rng: random.Random, data: str) -> str:
    """Data padded to exactly 64 bytes, with ASCII or with two-byte characters."""
    pad = rng.choice(("9", "é", "a"))
    filled = data + ":"
    while len((filled + pad).encode()) <= MAX_DATA_BYTES:
        filled += pad
    return filled


def _fit(data: str) -> str:
    """Within Telegram's 1-64 bytes, cut at a character boundary."""
    while len(data.encode()) > MAX_DATA_BYTES:
        data = data[:-1]
    return data or "?"


def _limit(message: str) -> str:
    """Within Telegram's 4096 UTF-16 units for one message."""
    while len(message.encode("utf-16-le")) // 2 > 4096:
        message = message[:-1]
    return message
