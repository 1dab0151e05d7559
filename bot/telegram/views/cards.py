"""Render catalogue objects as the HTML a person reads: stretch cards and timings."""

from __future__ import annotations

import html
import math
import re

from bot.domain.catalogue import (
    Breaths,
    BreathSync,
    Duration,
    Exercise,
    Hold,
    OpenWords,
    Part,
    Range,
    Reps,
    Sides,
    Timing,
)
from bot.domain.pacing import LONG_PHASE_SECONDS, Phase, PhaseKind, Tempo
from bot.telegram.views.texts import (
    Html,
    card_header,
    lines,
    seconds_text,
    side_name,
    t,
)

OPEN_KEY = {OpenWords.SEVERAL: "several", OpenWords.AS_COMFORTABLE: "as_comfortable"}
SIDE_ORDER_KEY = {
    Sides.RIGHT_THEN_LEFT: "timing.on_each_side_right_first",
    Sides.LEFT_THEN_RIGHT: "timing.on_each_side_left_first",
}
# Telegram's limit on a picture's caption, counted after the HTML is parsed.
CAPTION_LIMIT = 1024
TAG = re.compile(r"<[^>]+>")
# Plural units of a counted range, and the word after a low–high range.
UNITS = {"breath": "breaths", "time": "times", "round": "rounds"}


def open_words(kind: str, words: OpenWords) -> Html:
    """The source's words for a count left to the person ("several times")."""
    return t(f"timing.open_{kind}_{OPEN_KEY[words]}")


def range_text(value: Range, unit: str) -> Html:
    units = UNITS[unit]
    if value.open is not None:
        return t("timing.open_start", words=open_words(units, value.open), start=value.default)
    if value.at_least:
        return t("timing.at_least", amount=t(f"units.{units}", count=value.low))
    if value.is_exact:
        return t(f"units.{units}", count=value.low)
    return t("timing.range", low=value.low, high=value.high, unit=t(f"units.{units}_word"))


def seconds_range_text(value: Range) -> Html:
    if value.at_least:
        return t("timing.at_least", amount=seconds_text(value.low))
    if value.is_exact:
        return seconds_text(value.low)
    if value.low % 60 == 0 and value.high % 60 == 0:
        return t("timing.range_minutes", low=value.low // 60, high=value.high // 60)
    return t("timing.range_seconds", low=value.low, high=value.high)


def work_text(part: Part) -> Html:
    work = part.work
    if isinstance(work, Hold):
        return t("timing.hold_for", duration=seconds_range_text(work.seconds))
    if isinstance(work, Breaths):
        text = t("timing.stay_for", breaths=range_text(work.count, "breath"))
        return t("timing.lengthening", text=text) if work.lengthening else text
    if isinstance(work, Reps):
        text = t("timing.repeat", times=range_text(work.count, "time"))
        if work.breath is BreathSync.BOTH:
            return t("timing.with_each_breath", text=text)
        if work.breath is not None:
            return t(
                f"timing.as_you_breathe_{'in' if work.breath is BreathSync.INHALE else 'out'}",
                text=text,
            )
        assert work.hold_seconds is not None
        return t("timing.holding_each", text=text, duration=seconds_range_text(work.hold_seconds))
    assert isinstance(work, Duration)
    return t("timing.keep_going_for", duration=seconds_range_text(work.seconds))


def sets_text(value: Range) -> Html:
    if value.open is not None:
        return t("timing.open_start", words=open_words("rounds", value.open), start=value.default)
    return range_text(value, "round")


def part_text(part: Part) -> Html:
    text = work_text(part)
    if part.sets_per_side:
        side = t(f"timing.{part.sides.order[0].value}")
        text = t("timing.sets_per_side", text=text, sets=sets_text(part.sets), side=side)
    else:
        if part.sides in SIDE_ORDER_KEY:
            text = t(SIDE_ORDER_KEY[part.sides], text=text)
        if part.sets.most > 1:
            text = t("timing.sets", text=text, sets=sets_text(part.sets))
    if part.rest_seconds:
        text = t("timing.resting", text=text, duration=seconds_text(part.rest_seconds))
    if part.label:
        text = t("timing.part", label=part.label, text=Html(text[:1].lower() + text[1:]))
    return t("timing.sentence", text=text)


def timing_lines(timing: Timing) -> list[str]:
    """The ⏱ lines: one per part, then how long in all and how often, if the source says."""
    found: list[str] = [t("card.timing", text=part_text(part)) for part in timing.parts]
    if timing.about_seconds is not None:
        found.append(t("card.about_in_all", duration=seconds_range_text(timing.about_seconds)))
    if timing.times_a_day is not None:
        found.append(t(f"card.times_a_day_{timing.times_a_day}"))
    return found


def exercise_card(exercise: Exercise, cautions: bool = True) -> Html:
    """The whole stretch; with `cautions` False, one line says how many wait behind their
    button instead."""
    parts = [
        *_title(exercise),
        "",
        t("card.summary", text=exercise.summary),
        "",
        *steps(exercise),
        "",
        *timing_lines(exercise.timing),
    ]
    if exercise.cautions and cautions:
        parts += ["", *caution_lines(exercise)]
    elif exercise.cautions:
        parts += ["", t("card.cautions_apart", count=len(exercise.cautions))]
    parts += ["", t("safety.card_footer")]
    return lines(*parts)


def cautions_apart(exercise: Exercise) -> bool:
    """The whole card is too long for a picture's caption: the cautions get their own page."""
    return caption_length(exercise_card(exercise)) > CAPTION_LIMIT


def cautions_caption(exercise: Exercise) -> Html:
    """The stretch's cautions page, under the same picture."""
    return lines(*_title(exercise), "", *caution_lines(exercise), "", t("safety.card_footer"))


def caution_lines(exercise: Exercise) -> list[str]:
    return [t("card.caution", caution=caution) for caution in exercise.cautions]


def caption_length(text: str) -> int:
    """What Telegram counts against a caption's limit: UTF-16 code units of the text once
    its HTML is parsed."""
    shown = html.unescape(TAG.sub("", text))
    return len(shown.encode("utf-16-le")) // 2


def _title(exercise: Exercise) -> list[str]:
    where = t(f"position.{exercise.position.value}")
    if exercise.in_bed:
        where = t("card.where_in_bed", position=where)
    return [
        t("card.header", name=exercise.name),
        t("card.where", where=where, focus=", ".join(exercise.focus)),
    ]


def steps(exercise: Exercise) -> list[str]:
    return [t("card.step", number=n, step=step) for n, step in enumerate(exercise.steps, 1)]


def phase_context(phase: Phase) -> str:
    """Which part, side and round a phase belongs to, e.g. "Left side · round 2 of 3"."""
    bits: list[str] = []
    if phase.part_label:
        bits.append(t("card.text", text=phase.part_label))
    if phase.side.value in ("right", "left"):
        bits.append(t(f"practice.{phase.side.value}_side"))
    if phase.open_rounds is not None:
        words = open_words("rounds", phase.open_rounds)
        bits.append(
            t("practice.round_of_open", round=phase.round, rounds=phase.rounds, words=words)
        )
    elif phase.rounds > 1:
        bits.append(t("practice.round_of", round=phase.round, rounds=phase.rounds))
    text = " · ".join(bits)
    return text[:1].upper() + text[1:]


def phase_status(phase: Phase, remaining: float) -> Html:
    """What is happening now, in words that stay true for as long as the card shows them:
    the card is edited only when a phase begins (and each minute of a long one), so it
    names the phase and its length, never a ticking clock or a breath that has passed."""
    length = seconds_text(round(phase.seconds))
    if phase.kind is PhaseKind.SWITCH:
        status = t("practice.switch_to", side=side_name(phase.side.value))
    elif phase.kind is PhaseKind.BREATHS:
        status = t("practice.breaths", count=_count(phase), length=length)
    elif phase.kind is PhaseKind.REPS:
        status = t("practice.reps", count=_count(phase), how=_how(phase))
    else:
        simple = {
            PhaseKind.REST: "practice.rest",
            PhaseKind.CHANGE: "practice.change",
            PhaseKind.HOLD: "practice.hold",
            PhaseKind.MOVE: "practice.keep_going",
        }
        status = t(simple[phase.kind], length=length)
    if phase.seconds > LONG_PHASE_SECONDS:
        # Rounded up: "under 3 min" stays true for the whole minute until the next edit.
        minutes = max(math.ceil(remaining / 60), 1)
        status = Html(f"{status} · {t('practice.under_minutes', minutes=minutes)}")
    return status


def _how(phase: Phase) -> Html:
    if phase.breath is None:
        return t("practice.hold_each", seconds=phase.rep_hold)
    if phase.breath is BreathSync.BOTH:
        return t("practice.one_breath_each")
    inhale = phase.breath is BreathSync.INHALE
    return t(f"practice.move_as_you_breathe_{'in' if inhale else 'out'}")


def _count(phase: Phase) -> Html:
    """ "5", or "5 (several times)" when the source leaves the count to the person."""
    if phase.open_count is None:
        return Html(str(phase.count))
    return t("practice.open_count", count=phase.count, words=open_words("times", phase.open_count))


def tempo_line(tempo: Tempo) -> Html:
    return t("card.breathing", inhale=f"{tempo.inhale:g}", exhale=f"{tempo.exhale:g}")


def routine_card_text(
    exercise: Exercise, position: int, total: int, status_lines: list[str], tempo: Tempo
) -> Html:
    """Readable with one eye: the name, then what is happening now; the steps and timings
    fold away (Telegram's expandable quote) for whoever wants them."""
    how = [*steps(exercise), *timing_lines(exercise.timing)]
    if _uses_breath(exercise):
        how.append(tempo_line(tempo))
    folded = t("card.folded", text=lines(*how))
    return lines(card_header(position, total, exercise.name), *status_lines, "", folded)


def _uses_breath(exercise: Exercise) -> bool:
    return any(
        isinstance(part.work, Breaths) or (isinstance(part.work, Reps) and part.work.breath)
        for part in exercise.timing.parts
    )
