"""Every card fits under its picture: Telegram refuses a caption over 1,024 characters once
its HTML is parsed, for the stretch cards and every moment of a guided card alike."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from bot.app.messages import CardNote, PracticeCard
from bot.content.loader import load_catalogue
from bot.domain.pacing import Pace, TempoName, plan_exercise
from bot.domain.practice import PracticeState, Status
from bot.telegram.views import cards, practice, screens
from bot.telegram.views.cards import CAPTION_LIMIT, caption_length

CATALOGUE = load_catalogue()
NOW = datetime(2026, 12, 3, 22, 30, tzinfo=UTC)
EXERCISES = sorted(CATALOGUE.exercises)


def test_caption_length_counts_what_telegram_counts() -> None:
    # Tags are not counted, entities are one character, an emoji with its variation
    # selector is two UTF-16 units.
    assert caption_length("<b>Hi</b> &amp; <i>you</i>") == len("Hi & you")
    assert caption_length("⚠️ x") == 4


@pytest.mark.parametrize("exercise_id", EXERCISES)
def test_every_stretch_card_and_its_cautions_fit_a_caption(exercise_id: str) -> None:
    exercise = CATALOGUE.exercises[exercise_id]
    caption = screens.exercise(exercise).text
    assert caption_length(caption) <= CAPTION_LIMIT
    assert caption_length(cards.cautions_caption(exercise)) <= CAPTION_LIMIT
    if cards.cautions_apart(exercise):
        # Nothing is lost: the card says the cautions wait behind their button.
        assert "before you start" in caption
        assert all(c in cards.cautions_caption(exercise) for c in _escaped(exercise.cautions))
    else:
        assert all(c in caption for c in _escaped(exercise.cautions))


@pytest.mark.parametrize("exercise_id", EXERCISES)
@pytest.mark.parametrize("pace", list(Pace))
def test_every_moment_of_a_guided_card_fits_a_caption(exercise_id: str, pace: Pace) -> None:
    exercise = CATALOGUE.exercises[exercise_id]
    ids = ("childs-pose", exercise_id)
    phases = plan_exercise(exercise, pace, TempoName.SLOW.tempo)
    ready = PracticeState(ids, pace, TempoName.SLOW, NOW, NOW, exercise_index=1)
    moments = [ready] + [
        replace(
            ready,
            status=Status.RUNNING,
            phase_index=index,
            phase_ends_at=NOW + timedelta(seconds=phases[index].seconds),
        )
        for index in range(len(phases))
    ]
    for index, moment in enumerate(moments):
        for note in (None, *CardNote):
            card = PracticeCard(1, moment, 15, NOW, note=note, more="breath")
            screen = practice.card(CATALOGUE, card)
            assert caption_length(screen.text) <= CAPTION_LIMIT, (exercise_id, index, note)
            assert screen.picture is not None


def _escaped(texts: tuple[str, ...] | list[str]) -> list[str]:
    return [text.replace("'", "&#x27;") for text in texts]
