"""Render catalogue objects as the HTML a person reads: stretch cards and timings."""

from __future__ import annotations

from html import escape

from bot.domain.catalogue import (
    Breaths,
    BreathSync,
    Duration,
    Exercise,
    Hold,
    Part,
    Range,
    Reps,
    Sides,
    Timing,
)
from bot.domain.pacing import Phase, PhaseKind, Tempo, breath_at
from bot.telegram.views.texts import (
    OPEN_ROUNDS,
    OPEN_TIMES,
    POSITION_NAMES,
    SIDE_NAMES,
    TIMES_A_DAY,
    card_header,
    clock_text,
    plural,
    seconds_text,
)

SIDE_ORDER_TEXT: dict[Sides, str] = {
    Sides.NONE: "",
    Sides.RIGHT_THEN_LEFT: " on each side, right first",
    Sides.LEFT_THEN_RIGHT: " on each side, left first",
}


def range_text(value: Range, noun: str, nouns: str | None = None) -> str:
    if value.open is not None:
        return f"{OPEN_TIMES[value.open]} ({value.default} to start)"
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


def sets_text(value: Range) -> str:
    if value.open is not None:
        return f"{OPEN_ROUNDS[value.open]} ({value.default} to start)"
    return range_text(value, "round")


def part_text(part: Part) -> str:
    if part.sets_per_side:
        first = part.sides.order[0].value
        text = f"{work_text(part)}; {sets_text(part.sets)} on each side, {first} side first"
    else:
        text = work_text(part) + SIDE_ORDER_TEXT[part.sides]
        if part.sets.most > 1:
            text += f"; {sets_text(part.sets)}"
    if part.rest_seconds:
        text += f", resting {seconds_text(part.rest_seconds)} between rounds"
    text += "."
    return f"{escape(part.label)}: {text[0].lower()}{text[1:]}" if part.label else text


def timing_lines(timing: Timing) -> list[str]:
    """The ⏱ lines: one per part, then how long in all and how often, if the source says."""
    lines = [f"⏱ {part_text(part)}" for part in timing.parts]
    if timing.about_seconds is not None:
        lines.append(f"⏱ About {seconds_range_text(timing.about_seconds)} in all.")
    if timing.times_a_day is not None:
        lines.append(f"⏱ {TIMES_A_DAY[timing.times_a_day]}.")
    return lines


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
    lines += timing_lines(exercise.timing)
    if exercise.cautions:
        lines.append("")
        lines += [f"⚠️ {escape(caution)}" for caution in exercise.cautions]
    lines += ["", "<i>Go slowly and stop if you feel sharp pain. /safety</i>"]
    return "\n".join(lines)


def phase_context(phase: Phase) -> str:
    """Which part, side and round a phase belongs to, e.g. "Left side · round 2 of 3"."""
    bits = []
    if phase.part_label:
        bits.append(escape(phase.part_label))
    side = SIDE_NAMES[phase.side.value]
    if side:
        bits.append(side[0].upper() + side[1:])
    if phase.open_rounds is not None:
        bits.append(f"round {phase.round} of {phase.rounds} ({OPEN_ROUNDS[phase.open_rounds]})")
    elif phase.rounds > 1:
        bits.append(f"round {phase.round} of {phase.rounds}")
    text = " · ".join(bits)
    return text[:1].upper() + text[1:]


def phase_status(phase: Phase, elapsed: float, remaining: float, tempo: Tempo) -> str:
    """What is happening now, as the countdown edit shows it."""
    left = f"{clock_text(remaining)} left"
    if phase.kind is PhaseKind.SWITCH:
        return f"🔄 Switch to the {SIDE_NAMES[phase.side.value]} · {left}"
    if phase.kind is PhaseKind.REST:
        return f"😌 Rest · {left}"
    if phase.kind is PhaseKind.CHANGE:
        return f"🔄 Move into position · {left}"
    if phase.kind is PhaseKind.HOLD:
        return f"⏳ Hold · {left}"
    if phase.kind is PhaseKind.MOVE:
        return f"⏳ Keep going gently · {left}"
    if phase.kind is PhaseKind.BREATHS:
        number, inhaling = breath_at(elapsed, phase, tempo)
        direction = "breathe in" if inhaling else "breathe out"
        return f"🌬 Breath {number} of {_count(phase)} · {direction} · {left}"
    per_rep = phase.seconds / max(phase.count, 1)
    number = min(int(elapsed // per_rep) + 1, phase.count)
    if phase.breath is None:
        how = f"hold each {phase.rep_hold} s"
    elif phase.breath is BreathSync.BOTH:
        how = "one breath each"
    else:
        how = f"move as you breathe {'out' if phase.breath is BreathSync.EXHALE else 'in'}"
    return f"🔁 Rep {number} of {_count(phase)} · {how} · {left}"


def _count(phase: Phase) -> str:
    """ "5", or "5 (several times)" when the source leaves the count to the person."""
    if phase.open_count is None:
        return str(phase.count)
    return f"{phase.count} ({OPEN_TIMES[phase.open_count]})"


def tempo_line(tempo: Tempo) -> str:
    return f"<i>Breathing: in {tempo.inhale:g} s, out {tempo.exhale:g} s</i>"


def routine_card_text(
    exercise: Exercise, position: int, total: int, status_lines: list[str], tempo: Tempo
) -> str:
    lines = [card_header(position, total, exercise.name), ""]
    lines += [f"{number}. {escape(step)}" for number, step in enumerate(exercise.steps, 1)]
    lines.append("")
    lines += timing_lines(exercise.timing)
    if _uses_breath(exercise):
        lines.append(tempo_line(tempo))
    lines.append("")
    lines += status_lines
    return "\n".join(lines)


def _uses_breath(exercise: Exercise) -> bool:
    return any(
        isinstance(part.work, Breaths) or (isinstance(part.work, Reps) and part.work.breath)
        for part in exercise.timing.parts
    )
