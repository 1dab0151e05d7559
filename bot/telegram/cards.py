"""Render catalogue objects as the HTML a person reads: stretch cards and timings."""

from __future__ import annotations

from html import escape

from bot.domain.catalogue import (
    BreathSync,
    Breaths,
    Duration,
    Exercise,
    Hold,
    Part,
    Range,
    Reps,
    Sides,
)
from bot.telegram.texts import POSITION_NAMES

SIDE_ORDER_TEXT: dict[Sides, str] = {
    Sides.NONE: "",
    Sides.RIGHT_THEN_LEFT: " on each side, right first",
    Sides.LEFT_THEN_RIGHT: " on each side, left first",
}


def plural(count: int, noun: str, nouns: str | None = None) -> str:
    return f"{count} {noun if count == 1 else nouns or noun + 's'}"


def seconds_text(seconds: int) -> str:
    """60 -> "1 minute", 90 -> "1½ minutes", 45 -> "45 seconds"."""
    if seconds % 60 == 0:
        return plural(seconds // 60, "minute")
    if seconds > 60 and seconds % 30 == 0:
        return f"{seconds // 60}½ minutes"
    return plural(seconds, "second")


def range_text(value: Range, noun: str, nouns: str | None = None) -> str:
    if value.at_least:
        return f"at least {plural(value.low, noun, nouns)}"
    if value.is_exact:
        return plural(value.low, noun, nouns)
    return f"{value.low}–{value.high} {nouns or noun + 's'}"


def seconds_range_text(value: Range) -> str:
    if value.at_least:
        return f"at least {seconds_text(value.low)}"
    if value.is_exact:
        return seconds_text(value.low)
    if value.low % 60 == 0 and value.high % 60 == 0:
        return f"{value.low // 60}–{value.high // 60} minutes"
    return f"{value.low}–{value.high} seconds"


def work_text(part: Part) -> str:
    work = part.work
    if isinstance(work, Hold):
        return f"Hold for {seconds_range_text(work.seconds)}"
    if isinstance(work, Breaths):
        text = f"Stay for {range_text(work.count, 'breath')}"
        return text + ", letting each breath grow a little longer" if work.lengthening else text
    if isinstance(work, Reps):
        text = f"Repeat {range_text(work.count, 'time')}"
        if work.breath is BreathSync.BOTH:
            return f"{text}, moving with each breath in and out"
        if work.breath is not None:
            return f"{text}, moving as you {work.breath.value}"
        assert work.hold_seconds is not None
        return f"{text}, holding each for {seconds_range_text(work.hold_seconds)}"
    assert isinstance(work, Duration)
    return f"Keep going for {seconds_range_text(work.seconds)}"


def part_text(part: Part) -> str:
    text = work_text(part) + SIDE_ORDER_TEXT[part.sides]
    if part.sets.high > 1:
        text += f"; {range_text(part.sets, 'round')}"
        if part.rest_seconds:
            text += f", resting {seconds_text(part.rest_seconds)} between rounds"
    text += "."
    return f"{escape(part.label)}: {text[0].lower()}{text[1:]}" if part.label else text


def exercise_card(exercise: Exercise) -> str:
    where = POSITION_NAMES[exercise.position]
    if exercise.in_bed:
        where += " · can be done in bed"
    lines = [
        f"<b>{escape(exercise.name)}</b>",
        f"<i>{escape(where)} · {escape(', '.join(exercise.focus))}</i>",
        "",
        escape(exercise.summary),
        "",
    ]
    lines += [f"{number}. {escape(step)}" for number, step in enumerate(exercise.steps, 1)]
    lines.append("")
    lines += [f"⏱ {part_text(part)}" for part in exercise.timing.parts]
    if exercise.cautions:
        lines.append("")
        lines += [f"⚠️ {escape(caution)}" for caution in exercise.cautions]
    lines += ["", "<i>Go slowly and stop if you feel sharp pain. /safety</i>"]
    return "\n".join(lines)
