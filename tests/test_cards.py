"""How timings and cards read to a person."""

from __future__ import annotations

import pytest

from bot.content.loader import load_catalogue
from bot.domain.pacing import TEMPOS, Pace, TempoName, extendable, plan_exercise
from bot.telegram.views.cards import exercise_card, open_words, phase_context, phase_status
from bot.telegram.views.texts import seconds_text

CATALOGUE = load_catalogue()
STANDARD = TEMPOS[TempoName.STANDARD]


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
        (
            "childs-pose",
            "Stay for 10 breaths; as many rounds as feels comfortable (3 to start).",
        ),
        (
            "gentle-bridge",
            "Repeat as many times as feels comfortable (3 to start), holding each for 5 seconds.",
        ),
        ("baby-cobra", "Repeat several times (5 to start), moving as you inhale."),
        ("wind-relieving-pose", "⏱ About 1 minute in all."),
        ("cat-stretch", "⏱ Twice a day."),
        ("spinal-twist", "Stay for at least 20 breaths on each side, right first."),
        (
            "side-lying-leg-lift",
            "Repeat 10 times, holding each for 2 seconds; 3 rounds on each side, left side first.",
        ),
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
        ("cat-cow", "Repeat several times (5 to start), moving with each breath in and out."),
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


def test_steps_card_and_timer_use_the_same_words_for_an_open_count() -> None:
    """Where the source leaves the count to the person, all three say so in one phrase."""
    for exercise in CATALOGUE.exercises.values():
        spot = extendable(exercise)
        steps = " ".join(exercise.steps)
        if spot is None:
            assert "as many times" not in steps and "several times" not in steps, exercise.id
            continue
        part = exercise.timing.parts[spot.part_index]
        open_range = part.open_range
        assert open_range is not None and open_range.open is not None
        words = open_words("times", open_range.open)
        assert words.replace("feels ", "") in steps.replace("feels ", ""), exercise.id
        card = exercise_card(exercise)
        assert f"({spot.start} to start)" in card
        [first, *_] = [p for p in plan_exercise(exercise, Pace.STANDARD, STANDARD) if p.is_work]
        timer = phase_context(first) + " " + phase_status(first, first.seconds)
        assert words.split()[0] in timer and str(spot.start) in timer, timer


@pytest.mark.parametrize(
    ("exercise_id", "expected"),
    [
        ("gentle-bridge", "🔁 Reps: 3 (as many times as feels comfortable)"),
        ("cat-cow", "🔁 Reps: 5 (several times)"),
    ],
)
def test_timer_shows_an_open_count(exercise_id: str, expected: str) -> None:
    [phase] = plan_exercise(CATALOGUE.exercises[exercise_id], Pace.STANDARD, STANDARD)
    assert phase_status(phase, phase.seconds).startswith(expected)


def test_the_live_line_names_the_phase_and_stays_true_until_the_next_edit() -> None:
    corpse = plan_exercise(CATALOGUE.exercises["corpse-pose"], Pace.STANDARD, STANDARD)
    [rest] = corpse
    assert phase_status(rest, rest.seconds).endswith("· under 5 min left")
    assert phase_status(rest, rest.seconds - 61).endswith("· under 4 min left")
    hugs = plan_exercise(CATALOGUE.exercises["knee-hugs"], Pace.STANDARD, STANDARD)
    assert phase_status(hugs[0], 3) == "⏳ Hold · 10 seconds", "no clock that a minute makes wrong"


def test_timer_shows_open_rounds_and_changeovers() -> None:
    butterfly = plan_exercise(CATALOGUE.exercises["reclined-butterfly"], Pace.STANDARD, STANDARD)
    assert phase_context(butterfly[0]) == ("Round 1 of 3 (as many rounds as feels comfortable)")
    hugs = plan_exercise(CATALOGUE.exercises["knee-hugs"], Pace.STANDARD, STANDARD)
    change = hugs[1]
    assert phase_context(change) == "Left knee"
    assert phase_status(change, change.seconds).startswith("🔄 Move into position")
