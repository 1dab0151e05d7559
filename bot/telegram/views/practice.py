"""How a guided practice looks: its intro, live card, cues, summary and closed cards."""

from __future__ import annotations

import math

from bot.app.messages import (
    CardNote,
    ClosedCard,
    Closing,
    NightRecord,
    PracticeCard,
    PracticeCue,
    PracticeIntro,
    PracticeSummary,
)
from bot.domain.catalogue import Catalogue
from bot.domain.pacing import Phase, plan_exercise
from bot.domain.poses import position_for_phase
from bot.domain.practice import Cue, CueKind, Status
from bot.telegram.views import cards, keyboards, texts
from bot.telegram.views.screens import PictureRef, Screen
from bot.telegram.views.texts import t

NOTES = {
    CardNote.RESTARTED: t("practice.restarted"),
    CardNote.EXERCISE_DONE: t("practice.cue_exercise_done"),
    CardNote.RESENT: t("practice.resent"),
}


def intro(message: PracticeIntro) -> Screen:
    text: str = texts.routine_intro(
        message.title,
        message.exercise_count,
        message.seconds,
        message.safety_note,
        settle=message.settle_seconds if message.ask_flow else None,
    )
    ask_pain = message.routine and message.ask_pain
    if ask_pain:
        text = f"{text}\n\n{t('pain.before')}"
    markup = keyboards.practice_intro(
        message.practice_id, ask_pain, message.ask_flow, message.routine
    )
    return Screen(text, markup)


def card(catalogue: Catalogue, message: PracticeCard) -> Screen:
    state = message.state
    exercise = catalogue.exercises[state.exercise_id]
    tempo = state.tempo.tempo
    position, total = state.exercise_index + 1, len(state.exercise_ids)
    phase: Phase | None = None
    if state.status is Status.READY:
        settle = message.settle_seconds
        # Rounded up to whole seconds: the countdown is refreshed once, halfway.
        waited = (message.now - state.last_activity).total_seconds()
        left = max(math.ceil(settle - waited), 1)
        status: list[str] = [
            t("practice.starting_in", seconds=left) if settle else t("practice.get_in_position")
        ]
    else:
        phase = plan_exercise(exercise, state.pace, tempo, state.extra)[state.phase_index]
        if state.status is Status.PAUSED:
            remaining = state.remaining_seconds or 0.0
        else:
            assert state.phase_ends_at is not None
            remaining = max((state.phase_ends_at - message.now).total_seconds(), 0.0)
        context_line = cards.phase_context(phase)
        status = [context_line] if context_line else []
        status.append(
            t("practice.paused", clock=texts.clock_text(remaining))
            if state.status is Status.PAUSED
            else cards.phase_status(phase, remaining)
        )
    text: str = cards.routine_card_text(exercise, position, total, status, tempo)
    if message.note is not None:
        text = f"{NOTES[message.note]}\n\n{text}"
    markup = keyboards.routine_controls(message.practice_id, state, message.more)
    return Screen(text, markup, _picture(catalogue, exercise.id, phase))


def _picture(catalogue: Catalogue, exercise_id: str, phase: Phase | None) -> PictureRef | None:
    """The position the person is in, or moving into (the side a switch names)."""
    poses = catalogue.poses.get(exercise_id)
    if poses is None:
        return None
    exercise = catalogue.exercises[exercise_id]
    return PictureRef(exercise_id, position_for_phase(poses, exercise, phase))


def cue(message: PracticeCue) -> Screen:
    return Screen(cue_text(message.cue))


def cue_text(cue: Cue) -> str:
    match cue.kind:
        case CueKind.SWITCH_SIDES:
            return t("practice.cue_switch_sides", side=texts.side_name(cue.side.value))
        case CueKind.REST:
            return t("practice.cue_rest", duration=texts.seconds_text(round(cue.seconds)))
        case CueKind.NEXT_ROUND:
            return t("practice.cue_next_round", round=cue.round, rounds=cue.rounds)
        case CueKind.NEXT_PART:
            if cue.label:
                return t("practice.cue_next_part", label=cue.label)
            return t("practice.cue_next_part_unnamed")
    return t("practice.cue_exercise_done")


def summary(message: PracticeSummary) -> Screen:
    extra = night_lines(message.night) if message.night else []
    markup = None
    if message.ask_pain_after:
        extra = [*extra, "", t("pain.after")] if extra else [t("pain.after")]
        markup = keyboards.pain(message.practice_id)
    text: str = texts.summary(
        message.title,
        done=message.done,
        skipped=message.skipped,
        seconds=message.seconds,
        stopped=message.stopped,
        extra=extra,
    )
    if message.after_cue:
        text = f"{t('practice.cue_exercise_done')}\n\n{text}"
    return Screen(text, markup)


def night_lines(night: NightRecord) -> list[str]:
    lines: list[str] = [texts.streak_line(night.streak, night.strength)]
    if night.milestone is not None:
        lines.append(t(f"streak.milestone_{night.milestone}"))
    return lines


def closed(message: ClosedCard) -> Screen:
    match message.closing:
        case Closing.REPLACED:
            return Screen(t("practice.ended"))
        case Closing.EXPIRED:
            return Screen(t("practice.expired"))
        case Closing.STOPPED:
            return Screen(t("practice.stopped_card", name=message.exercise_name))
        case Closing.FINISHED | Closing.SKIPPED:
            skipped = message.closing is Closing.SKIPPED
            key = "practice.skipped_card" if skipped else "practice.done_card"
            return Screen(t(key, name=message.exercise_name))
