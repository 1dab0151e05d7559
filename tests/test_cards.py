"""How timings and cards read to a person."""

from __future__ import annotations

import pytest

from bot.content.loader import load_catalogue
from bot.telegram.views.cards import exercise_card
from bot.telegram.views.texts import seconds_text

CATALOGUE = load_catalogue()


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (1, "1 second"),
        (45, "45 seconds"),
        (60, "1 minute"),
        (90, "1½ minutes"),
        (120, "2 minutes"),
    ],
)
def test_seconds_read_naturally(seconds: int, text: str) -> None:
    assert seconds_text(seconds) == text


@pytest.mark.parametrize(
    ("exercise_id", "timing"),
    [
        ("supine-twist", "Hold for 30 seconds on each side, right first."),
        ("pigeon", "Hold for at least 20 seconds on each side, right first."),
        ("childs-pose", "Stay for 10 breaths; 1–3 rounds."),
        ("corpse-pose", "Stay for 20 breaths, letting each breath grow a little longer."),
        (
            "single-leg-knee-hug",
            "Repeat 20 times, moving as you exhale on each side, left first; at least 3 rounds.",
        ),
        (
            "bridge",
            "Repeat 15 times, moving as you exhale; 3 rounds, resting 1 minute between rounds.",
        ),
        (
            "knee-to-chest",
            "Repeat 2–3 times, holding each for 5 seconds on each side, right first.",
        ),
        ("legs-up-the-wall", "Hold for 1–2 minutes."),
        ("deep-spine-relaxation", "On your back over rolled towels: keep going for 1 minute."),
        ("knee-hugs", "Both knees: hold for 10 seconds."),
        ("cat-cow", "Repeat 5–10 times, moving with each breath in and out."),
    ],
)
def test_timing_lines(exercise_id: str, timing: str) -> None:
    assert timing in exercise_card(CATALOGUE.exercises[exercise_id])


def test_every_card_fits_a_message_and_carries_the_safety_line() -> None:
    for exercise in CATALOGUE.exercises.values():
        card = exercise_card(exercise)
        assert len(card) < 4096
        assert "stop if you feel sharp pain" in card
        for step in exercise.steps:
            assert step.replace("'", "&#x27;") in card or step in card
