"""How a guided practice looks: its intro, live card, cues, summary and closed cards."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

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
from bot.domain.pacing import plan_exercise
from bot.domain.practice import Cue, CueKind, Status
from bot.telegram.callbacks import RatePain, SkipPain
from bot.telegram.views import cards, keyboards, texts
from bot.telegram.views.keyboards import button
from bot.telegram.views.screens import Screen

NOTES = {CardNote.RESTARTED: texts.RESTARTED, CardNote.EXERCISE_DONE: texts.CUE_EXERCISE_DONE}


def intro(message: PracticeIntro) -> Screen:
    text = texts.routine_intro(message.title, message.exercise_count, message.seconds)
    if not message.routine:
        return Screen(text)
    rows = [list(row) for row in keyboards.routine_intro().inline_keyboard]
    if message.ask_pain:
        text = f"{text}\n\n{texts.PAIN_BEFORE}"
        rows = [*pain_rows(message.practice_id, after=False), *rows]
    return Screen(text, InlineKeyboardMarkup(rows))


def card(catalogue: Catalogue, message: PracticeCard) -> Screen:
    state = message.state
    exercise = catalogue.exercises[state.exercise_id]
    tempo = state.tempo.tempo
    position, total = state.exercise_index + 1, len(state.exercise_ids)
    if state.status is Status.READY:
        settle = message.settle_seconds
        status = [texts.starting_in(settle) if settle else texts.GET_IN_POSITION]
    else:
        phase = plan_exercise(exercise, state.pace, tempo, state.extra)[state.phase_index]
        if state.status is Status.PAUSED:
            remaining = state.remaining_seconds or 0.0
        else:
            assert state.phase_ends_at is not None
            remaining = max((state.phase_ends_at - message.now).total_seconds(), 0.0)
        elapsed = max(phase.seconds - remaining, 0.0)
        context_line = cards.phase_context(phase)
        status = [context_line] if context_line else []
        status.append(
            texts.paused(remaining)
            if state.status is Status.PAUSED
            else cards.phase_status(phase, elapsed, remaining, tempo)
        )
    text = cards.routine_card_text(exercise, position, total, status, tempo)
    if message.note is not None:
        text = f"{NOTES[message.note]}\n\n{text}"
    return Screen(text, keyboards.routine_controls(message.practice_id, state, message.more))


def cue(message: PracticeCue) -> Screen:
    return Screen(cue_text(message.cue))


def cue_text(cue: Cue) -> str:
    match cue.kind:
        case CueKind.SWITCH_SIDES:
            return texts.cue_switch_sides(cue.side.value)
        case CueKind.REST:
            return texts.cue_rest(cue.seconds)
        case CueKind.NEXT_ROUND:
            return texts.cue_next_round(cue.round, cue.rounds)
        case CueKind.NEXT_PART:
            return texts.cue_next_part(cue.label)
    return texts.CUE_EXERCISE_DONE


def summary(message: PracticeSummary) -> Screen:
    extra = night_lines(message.night) if message.night else []
    markup = None
    if message.ask_pain_after:
        extra = [*extra, "", texts.PAIN_AFTER] if extra else [texts.PAIN_AFTER]
        markup = InlineKeyboardMarkup(pain_rows(message.practice_id, after=True))
    text = texts.summary(
        message.title,
        done=message.done,
        skipped=message.skipped,
        seconds=message.seconds,
        stopped=message.stopped,
        extra=extra,
    )
    if message.after_cue:
        text = f"{texts.CUE_EXERCISE_DONE}\n\n{text}"
    return Screen(text, markup)


def night_lines(night: NightRecord) -> list[str]:
    lines = [texts.streak_line(night.streak, night.strength)]
    if night.milestone is not None:
        lines.append(texts.MILESTONE_WORDS[night.milestone])
    if night.zone_unknown:
        lines.append(texts.NO_ZONE_FOR_NIGHTS)
    return lines


def closed(message: ClosedCard) -> Screen:
    match message.closing:
        case Closing.REPLACED:
            return Screen(texts.ROUTINE_ENDED)
        case Closing.EXPIRED:
            return Screen(texts.ROUTINE_EXPIRED)
        case Closing.STOPPED:
            return Screen(texts.stopped_card(message.exercise_name))
        case Closing.FINISHED | Closing.SKIPPED:
            skipped = message.closing is Closing.SKIPPED
            return Screen(texts.finished_card(message.exercise_name, skipped))


def pain_rows(practice_id: int, after: bool) -> list[list[InlineKeyboardButton]]:
    """0-10 in two rows and a Skip, to go under a message that asks for a rating."""
    scores = [button(str(score), RatePain(practice_id, after, score)) for score in range(11)]
    return [scores[:6], scores[6:], [button(texts.BUTTON_SKIP_PAIN, SkipPain(practice_id, after))]]
