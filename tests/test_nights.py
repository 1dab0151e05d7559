"""Nights, streaks, rest tokens, travel and habit strength: examples, then properties.

The properties compare `summarise` with `reference` below: the same rules written as plain
loops over every night, asking the whole history each time, without the single pass.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.domain.nights import (
    ALPHA,
    DEFAULT_CUTOFF_HOUR,
    MILESTONES,
    Completion,
    NightMark,
    PainCheck,
    RestRequest,
    StreakSummary,
    new_milestone,
    night_of,
    pain_change,
    summarise,
)

HOME = "Europe/London"
LA = "America/Los_Angeles"
TOKYO = "Asia/Tokyo"
MONDAY = date(2025, 3, 3)  # before both DST changes, so offsets are plain: LA −8, Tokyo +9


def local(day: date, hour: int, zone: str = HOME, minute: int = 0) -> datetime:
    """An aware UTC moment given as a local wall-clock time."""
    wall = datetime(day.year, day.month, day.day, hour, minute, tzinfo=ZoneInfo(zone))
    return wall.astimezone(UTC)


def done(day: date, hour: int = 22, zone: str = HOME, minute: int = 0) -> Completion:
    return Completion(local(day, hour, zone, minute), zone)


def nightly(first: date, count: int, skip: frozenset[int] = frozenset()) -> list[Completion]:
    """A routine at 22:00 at home on `count` nights from `first`, except the `skip` offsets."""
    return [done(first + timedelta(days=i)) for i in range(count) if i not in skip]


def at(day: date, hour: int = 20, zone: str = HOME) -> tuple[datetime, str]:
    return local(day, hour, zone), zone


def summary(
    completions: list[Completion],
    now: tuple[datetime, str],
    rests: list[RestRequest] | None = None,
    cutoff_hour: int = DEFAULT_CUTOFF_HOUR,
) -> StreakSummary:
    return summarise(completions, rests or [], now[0], now[1], cutoff_hour)


def day(offset: int) -> date:
    return MONDAY + timedelta(days=offset)


# Which night a moment belongs to ---------------------------------------------------------


def test_half_past_midnight_belongs_to_the_previous_night() -> None:
    zone = ZoneInfo(HOME)
    assert night_of(local(day(1), 0, minute=30), zone) == day(0)
    assert night_of(local(day(1), 3, minute=59), zone) == day(0)
    assert night_of(local(day(1), 4), zone) == day(1)
    assert night_of(local(day(1), 10), zone) == day(1)
    assert night_of(local(day(1), 22), zone) == day(1)


def test_cutoff_hour_is_a_setting() -> None:
    zone = ZoneInfo(HOME)
    assert night_of(local(day(1), 2), zone, cutoff_hour=1) == day(1)
    assert night_of(local(day(1), 5), zone, cutoff_hour=6) == day(0)
    assert night_of(local(day(1), 0), zone, cutoff_hour=0) == day(1)


def test_the_night_is_local_to_the_zone_given() -> None:
    moment = datetime(2025, 3, 4, 1, 0, tzinfo=UTC)  # 01:00 in London, 17:00 the day before in LA
    assert night_of(moment, ZoneInfo(HOME)) == date(2025, 3, 3)
    assert night_of(moment, ZoneInfo(LA)) == date(2025, 3, 3)
    assert night_of(moment, ZoneInfo(TOKYO)) == date(2025, 3, 4)


def test_cutoff_follows_the_wall_clock_across_a_dst_change() -> None:
    spring = date(2025, 3, 30)  # London goes from 01:00 GMT to 02:00 BST
    zone = ZoneInfo(HOME)
    assert night_of(local(spring, 3, minute=59), zone) == spring - timedelta(days=1)
    assert night_of(local(spring, 4), zone) == spring


def test_naive_moments_are_refused() -> None:
    with pytest.raises(ValueError, match="aware"):
        night_of(datetime(2025, 3, 3, 22), ZoneInfo(HOME))


# Streaks and rest tokens -------------------------------------------------------------------


def test_no_history_means_tonight_is_pending_and_nothing_else() -> None:
    result = summary([], at(day(0)))
    assert result.marks == {day(0): NightMark.PENDING}
    assert (result.current, result.best, result.rest_tokens, result.strength) == (0, 0, 0, 0.0)
    assert not result.tonight_done


def test_streak_grows_night_by_night() -> None:
    result = summary(nightly(day(0), 5), at(day(4), 23))
    assert (result.current, result.best) == (5, 5)
    assert result.tonight_done
    assert list(result.marks.values()) == [NightMark.DONE] * 5


def test_tonight_is_pending_and_does_not_break_the_streak() -> None:
    result = summary(nightly(day(0), 3), at(day(3), 21))
    assert result.tonight == day(3)
    assert result.marks[day(3)] is NightMark.PENDING
    assert (result.current, result.tonight_done) == (3, False)


def test_a_routine_after_midnight_keeps_the_streak() -> None:
    completions = [done(day(0)), done(day(2), 0, minute=30), done(day(2))]
    result = summary(completions, at(day(2), 23))
    assert result.current == 3


def test_several_routines_in_one_night_count_once() -> None:
    completions = [done(day(0), 21), done(day(0), 23), done(day(1), 1), done(day(1), 22)]
    assert summary(completions, at(day(1), 23)).current == 2


def test_a_missed_night_without_a_token_resets_the_streak() -> None:
    result = summary(nightly(day(0), 6, skip=frozenset({3})), at(day(5), 23))
    assert result.marks[day(3)] is NightMark.MISSED
    assert (result.current, result.best) == (2, 3)


def test_seven_nights_earn_a_token_that_a_miss_spends() -> None:
    result = summary(nightly(day(0), 10, skip=frozenset({7})), at(day(9), 23))
    assert result.marks[day(7)] is NightMark.REST
    assert result.current == 9  # the rest night keeps the streak but does not add to it
    assert result.rest_tokens == 0
    assert result.rest_used_last == day(7)


def test_two_misses_with_one_token_reset_the_streak() -> None:
    result = summary(nightly(day(0), 11, skip=frozenset({7, 8})), at(day(10), 23))
    assert [result.marks[day(7)], result.marks[day(8)]] == [NightMark.REST, NightMark.MISSED]
    assert (result.current, result.best, result.rest_tokens) == (2, 7, 0)
    assert result.rest_used_last is None


def test_tokens_cap_at_two() -> None:
    result = summary(nightly(day(0), 21), at(day(20), 23))
    assert (result.current, result.rest_tokens) == (21, 2)
    spent = summary(nightly(day(0), 25, skip=frozenset({21, 22})), at(day(24), 23))
    assert (spent.current, spent.rest_tokens) == (23, 0)
    assert spent.rest_used_last == day(22)


def test_tokens_go_when_the_streak_breaks() -> None:
    completions = nightly(day(0), 7) + nightly(day(9), 3)
    result = summary(completions, at(day(11), 23))
    assert [result.marks[day(7)], result.marks[day(8)]] == [NightMark.REST, NightMark.MISSED]
    assert (result.current, result.rest_tokens) == (3, 0)


def test_a_rest_request_makes_tonight_a_rest_night() -> None:
    completions = nightly(day(0), 7)
    result = summary(completions, at(day(7), 20), [RestRequest(day(7))])
    assert result.marks[day(7)] is NightMark.REST
    assert (result.current, result.rest_tokens, result.rest_used_last) == (7, 0, day(7))
    # The next evening the night stays a rest night and the streak carries on.
    later = summary([*completions, done(day(8))], at(day(8), 23), [RestRequest(day(7))])
    assert later.marks[day(7)] is NightMark.REST
    assert later.current == 8


def test_a_rest_request_then_a_routine_is_just_done() -> None:
    completions = nightly(day(0), 8)
    result = summary(completions, at(day(7), 23), [RestRequest(day(7))])
    assert result.marks[day(7)] is NightMark.DONE
    assert (result.current, result.rest_tokens) == (8, 1)


def test_a_rest_request_without_a_token_does_nothing() -> None:
    result = summary(nightly(day(0), 3), at(day(3), 20), [RestRequest(day(3))])
    assert result.marks[day(3)] is NightMark.PENDING
    missed = summary(nightly(day(0), 3), at(day(4), 20), [RestRequest(day(3))])
    assert missed.marks[day(3)] is NightMark.MISSED


# Travel -------------------------------------------------------------------------------------


def test_flying_east_across_the_date_line_does_not_miss_a_night() -> None:
    # 23:00 Monday in LA, then 22:00 Wednesday in Tokyo: 30 hours apart, two dates apart.
    completions = [done(day(0), 23, LA), done(day(2), 22, TOKYO)]
    assert completions[1].moment - completions[0].moment == timedelta(hours=30)
    result = summary(completions, at(day(2), 23, TOKYO))
    assert result.marks[day(1)] is NightMark.TRAVEL
    assert result.current == 2


def test_a_travel_night_is_excused_while_waiting_for_the_next_routine() -> None:
    result = summary([done(day(0), 23, LA)], at(day(2), 19, TOKYO))
    assert result.marks == {
        day(0): NightMark.DONE,
        day(1): NightMark.TRAVEL,
        day(2): NightMark.PENDING,
    }


def test_a_real_miss_while_travelling_is_still_missed() -> None:
    # Monday in LA, nothing until Thursday in Tokyo: Wednesday was skipped in both zones.
    completions = [done(day(0), 23, LA), done(day(3), 22, TOKYO)]
    result = summary(completions, at(day(3), 23, TOKYO))
    assert [result.marks[day(1)], result.marks[day(2)]] == [NightMark.TRAVEL, NightMark.MISSED]
    assert result.current == 1


def test_flying_west_does_not_double_a_night() -> None:
    # 22:00 Monday in Tokyo, then 22:00 Monday again in LA, 17 hours later.
    completions = [done(day(0), 22, TOKYO), done(day(0), 22, LA)]
    result = summary(completions, at(day(0), 23, LA))
    assert result.marks == {day(0): NightMark.DONE}
    assert result.current == 1


def test_flying_west_after_the_cutoff_keeps_the_calendar_moving_forward() -> None:
    # 04:30 Tuesday in Tokyo is Tuesday's night; landing in LA it is still Monday evening.
    completions = [done(day(0), 22, TOKYO), done(day(1), 4, TOKYO, minute=30)]
    result = summary(completions, at(day(0), 20, LA))
    assert result.tonight == day(1)
    assert result.tonight_done
    assert result.current == 2


def test_in_one_zone_a_skipped_night_is_never_travel() -> None:
    # 03:59 Tuesday then 04:00 Thursday: one minute over a day apart, a genuine miss.
    completions = [done(day(1), 3, minute=59), done(day(3), 4)]
    result = summary(completions, at(day(3), 23))
    assert result.marks[day(1)] is NightMark.MISSED
    assert NightMark.TRAVEL not in result.marks.values()


def test_a_travel_night_spends_no_token() -> None:
    completions = [done(day(i), 23, LA) for i in range(7)] + [done(day(8), 22, TOKYO)]
    result = summary(completions, at(day(8), 23, TOKYO))
    assert result.marks[day(7)] is NightMark.TRAVEL
    assert (result.current, result.rest_tokens) == (8, 1)


# Habit strength and milestones -----------------------------------------------------------


def test_strength_rises_to_about_half_in_two_weeks() -> None:
    result = summary(nightly(day(0), 14), at(day(13), 23))
    assert 0.50 <= result.strength <= 0.60


def test_one_miss_after_a_long_run_costs_a_few_points() -> None:
    before = summary(nightly(day(0), 100), at(day(99), 23))
    after = summary(nightly(day(0), 100), at(day(103), 20))
    assert before.strength > 0.99
    # Rest nights shield the streak and leave the strength alone; the miss after them costs.
    assert [after.marks[day(100 + i)] for i in range(3)] == [
        NightMark.REST,
        NightMark.REST,
        NightMark.MISSED,
    ]
    assert 0.05 <= before.strength - after.strength <= 0.10


def test_strength_decays_with_misses_and_never_leaves_zero_to_one() -> None:
    result = summary(nightly(day(0), 30), at(day(60), 20))
    assert result.current == 0
    assert 0 < result.strength < 0.4
    assert result.strength == pytest.approx((1 - (1 - ALPHA) ** 30) * (1 - ALPHA) ** (60 - 30 - 2))


def test_each_milestone_is_celebrated_once() -> None:
    history = nightly(day(0), 40, skip=frozenset({20, 21, 22}))
    celebrated = []
    previous = summary([], at(day(0), 20))
    for count in range(1, len(history) + 1):
        current = summary(history[:count], (history[count - 1].moment, HOME))
        milestone = new_milestone(previous, current)
        if milestone is not None:
            celebrated.append(milestone)
        previous = current
    assert celebrated == [3, 7, 14]
    assert set(celebrated) <= set(MILESTONES)


# Pain check-ins -----------------------------------------------------------------------------


def test_pain_change_needs_both_answers() -> None:
    assert pain_change(PainCheck(day(0), 6, 4)) == -2
    assert pain_change(PainCheck(day(0), 6, None)) is None
    assert pain_change(PainCheck(day(0), None, 3)) is None


def test_pain_outside_the_scale_is_refused() -> None:
    with pytest.raises(ValueError, match=r"0\.\.10"):
        PainCheck(day(0), 11, 3)


# The reference implementation and properties -----------------------------------------------

ZONES = (
    "Europe/London",
    "America/Los_Angeles",
    "Asia/Tokyo",
    "Pacific/Kiritimati",
    "Pacific/Pago_Pago",
    "Australia/Lord_Howe",
    "Asia/Kathmandu",
    "America/St_Johns",
)


def reference(
    completions: list[Completion],
    rests: list[RestRequest],
    now: datetime,
    zone: str,
    cutoff: int,
) -> StreakSummary:
    """The rules as stated in bot/domain/nights.py, one night at a time."""

    def night(moment: datetime, zone_name: str) -> date:
        return night_of(moment, ZoneInfo(zone_name), cutoff)

    history = sorted(completions, key=lambda c: c.moment)
    nights = [night(c.moment, c.zone) for c in history]
    native_tonight = night(now, zone)
    tonight = max([native_tonight, *nights])

    def is_travel(target: date) -> bool:
        later = [i for i, n in enumerate(nights) if n > target]
        if later and later[0] == 0:
            return False
        if later:
            index = later[0]
            previous, after, after_night = history[index - 1], history[index], nights[index]
            moment, after_zone = after.moment, after.zone
        else:
            previous, moment, after_zone, after_night = history[-1], now, zone, native_tonight
        earlier_nights = [n for n, c in zip(nights, history, strict=True) if c.moment < moment]
        frontier = max(earlier_nights)
        gap = (after_night - frontier).days - 1
        both = min(
            (night(moment, z) - night(previous.moment, z)).days - 1
            for z in (previous.zone, after_zone)
        )
        excused = gap - min(gap, max(0, both))
        return (target - frontier).days <= excused

    marks: dict[date, NightMark] = {}
    current = best = tokens = 0
    strength = 0.0
    saved: date | None = None
    first = min(nights) if nights else tonight
    for offset in range((tonight - first).days + 1):
        target = first + timedelta(days=offset)
        if target in nights:
            marks[target] = NightMark.DONE
            current += 1
            best = max(best, current)
            if current % 7 == 0 and tokens < 2:
                tokens += 1
            strength = strength * (1 - ALPHA) + ALPHA
        elif target == tonight:
            if tokens > 0 and RestRequest(target) in rests:
                marks[target] = NightMark.REST
                tokens -= 1
                saved = target
            else:
                marks[target] = NightMark.PENDING
        elif is_travel(target):
            marks[target] = NightMark.TRAVEL
        elif tokens > 0:
            marks[target] = NightMark.REST
            tokens -= 1
            saved = target
        else:
            marks[target] = NightMark.MISSED
            current = tokens = 0
            saved = None
            strength = strength * (1 - ALPHA)
    return StreakSummary(
        current=current,
        best=best,
        rest_tokens=tokens,
        strength=strength,
        marks=marks,
        tonight=tonight,
        tonight_done=tonight in nights,
        rest_used_last=saved,
    )


@st.composite
def histories(
    draw: st.DrawFn,
) -> tuple[list[Completion], list[RestRequest], datetime, str, int]:
    """Routines at random gaps (mostly about a day), at home or travelling anywhere."""
    start = draw(st.datetimes(datetime(2024, 1, 1), datetime(2026, 12, 31))).replace(tzinfo=UTC)
    home = draw(st.sampled_from(ZONES))
    travels = draw(st.booleans())
    zone_of = st.sampled_from(ZONES) if travels else st.just(home)
    steady = st.integers(22 * 60, 26 * 60)
    skip = st.integers(46 * 60, 74 * 60)
    anything = st.integers(1, 80 * 60)
    gap = st.integers(0, 11).flatmap(lambda k: steady if k < 10 else skip if k < 11 else anything)
    moment = start
    completions = []
    count = draw(st.integers(0, 50))
    for minutes in draw(st.lists(gap, min_size=count, max_size=count)):
        moment += timedelta(minutes=minutes)
        completions.append(Completion(moment, draw(zone_of)))
    wait = st.one_of(st.integers(0, 20 * 60), st.integers(0, 80 * 60))
    now = moment + timedelta(minutes=draw(wait))
    zone = draw(zone_of)
    cutoff = draw(st.sampled_from([DEFAULT_CUTOFF_HOUR, 0, 2, 6]))
    tonight = night_of(now, ZoneInfo(zone), cutoff)
    rest_offsets = draw(st.lists(st.integers(-40, 1), max_size=6))
    if draw(st.booleans()):
        rest_offsets.append(0)
    rests = [RestRequest(tonight + timedelta(days=i)) for i in rest_offsets]
    return completions, rests, now, zone, cutoff


PROPERTY = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(histories())
def test_summarise_agrees_with_the_reference(
    case: tuple[list[Completion], list[RestRequest], datetime, str, int],
) -> None:
    completions, rests, now, zone, cutoff = case
    expected = reference(completions, rests, now, zone, cutoff)
    actual = summarise(completions, rests, now, zone, cutoff)
    assert actual.marks == expected.marks
    assert actual == StreakSummary(**{**vars(expected), "strength": actual.strength})
    assert actual.strength == pytest.approx(expected.strength)


@PROPERTY
@given(histories())
def test_summaries_hold_their_invariants(
    case: tuple[list[Completion], list[RestRequest], datetime, str, int],
) -> None:
    completions, rests, now, zone, cutoff = case
    result = summarise(completions, rests, now, zone, cutoff)
    nights = list(result.marks)
    assert nights == [nights[0] + timedelta(days=i) for i in range(len(nights))]
    assert nights[-1] == result.tonight
    assert 0 <= result.current <= result.best
    assert 0 <= result.rest_tokens <= 2
    assert 0.0 <= result.strength < 1.0
    assert result.tonight_done == (result.marks[result.tonight] is NightMark.DONE)
    assert NightMark.PENDING not in [result.marks[n] for n in nights[:-1]]
    done = sum(mark is NightMark.DONE for mark in result.marks.values())
    assert done == len({night_of(c.moment, ZoneInfo(c.zone), cutoff) for c in completions})
    if len({c.zone for c in completions} | {zone}) == 1:
        assert NightMark.TRAVEL not in result.marks.values()


@PROPERTY
@given(histories(), st.data())
def test_a_second_routine_in_the_same_night_changes_nothing(
    case: tuple[list[Completion], list[RestRequest], datetime, str, int], data: st.DataObject
) -> None:
    completions, rests, now, zone, cutoff = case
    if not completions:
        return
    original = data.draw(st.sampled_from(completions))
    minutes = data.draw(st.integers(0, 60))
    again = Completion(original.moment + timedelta(minutes=minutes), original.zone)
    if night_of(again.moment, ZoneInfo(again.zone), cutoff) != night_of(
        original.moment, ZoneInfo(original.zone), cutoff
    ):
        return
    when = max(now, again.moment)
    before = summarise(completions, rests, when, zone, cutoff)
    after = summarise([*completions, again], rests, when, zone, cutoff)
    assert done_nights(after) == done_nights(before)
    if len({c.zone for c in completions}) == 1:
        # Travelling, the later moment can only excuse more: `again` may become the routine
        # the next one is compared with.
        assert after == before


def done_nights(result: StreakSummary) -> set[date]:
    return {night for night, mark in result.marks.items() if mark is NightMark.DONE}


@PROPERTY
@given(histories())
def test_history_only_grows_the_best_streak(
    case: tuple[list[Completion], list[RestRequest], datetime, str, int],
) -> None:
    completions, rests, _, _, cutoff = case
    bests = [
        summarise(completions[:n], rests, c.moment, c.zone, cutoff).best
        for n, c in enumerate(completions, start=1)
    ]
    assert bests == sorted(bests)
