"""The application's rules, driven directly with fake ports: no Telegram, a real SQLite file."""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, time
from pathlib import Path

import pytest

from bot.app.messages import (
    ClosedCard,
    Closing,
    PracticeCard,
    PracticeCue,
    PracticeIntro,
    PracticeSummary,
    ReminderMessage,
)
from bot.app.ports import Lane
from bot.app.practices import Begin, Control, ControlAnswer, Practices, UnderWay
from bot.app.reminder_dispatch import ReminderDispatch
from bot.app.reminders import (
    Reminders,
    ReminderSet,
    TapOutcome,
    ZoneAsked,
    ZoneReason,
    ZoneSet,
    due_key,
)
from bot.content.loader import load_catalogue, load_places
from bot.domain.practice import Status
from bot.domain.preferences import Preferences
from bot.storage.db import Database, create_engine
from bot.storage.users import Visitor
from tests.support.fakes import FakeOutbox, FakeTimers, ManualClock

EVENING = datetime(2026, 11, 23, 21, 30, tzinfo=UTC)
ANA = Visitor(user_id=7, chat_id=7, first_name="Ana", language_code="en")
BEN = Visitor(user_id=8, chat_id=8, first_name="Ben", language_code="en")


@dataclass
class World:
    clock: ManualClock
    outbox: FakeOutbox
    timers: FakeTimers
    database: Database
    practices: Practices
    reminders: Reminders


@pytest.fixture
async def world(tmp_path: Path, migrated_database: Path) -> AsyncIterator[World]:
    path = tmp_path / "app.sqlite3"
    shutil.copy(migrated_database, path)
    database = Database(create_engine(f"sqlite+aiosqlite:///{path}"))
    clock, outbox, timers = ManualClock(EVENING), FakeOutbox(), FakeTimers()
    practices = Practices(load_catalogue(), database, clock, outbox, timers)
    yield World(
        clock, outbox, timers, database, practices, Reminders(database, clock, load_places())
    )
    await database.close()


async def begin_stretch(world: World, visitor: Visitor, exercise: str = "childs-pose") -> int:
    async with world.database.unit() as unit:
        await unit.users.record_visit(visitor, world.clock())
    practice = await world.practices.begin(
        Begin(visitor.user_id, visitor.chat_id, [exercise], None, "Child's pose", Preferences())
    )
    return practice.id


async def press(
    world: World, visitor: Visitor, practice_id: int, action: Control
) -> ControlAnswer:
    """A tap on the card as it is shown now (its token is the armed timer's)."""
    token, _ = world.timers.armed[practice_id]
    return await world.practices.control(visitor.user_id, practice_id, token, action)


async def stored_state(world: World, practice_id: int) -> Status:
    async with world.database.unit() as unit:
        practice = await unit.practices.get(practice_id)
    assert practice is not None
    return practice.state.status


# Practices ----------------------------------------------------------------------------------


async def test_beginning_shows_the_intro_and_card_and_arms_one_timer(world: World) -> None:
    practice_id = await begin_stretch(world, ANA)
    assert world.outbox.sent_kinds() == ["PracticeIntro", "PracticeCard"]
    intro = world.outbox.sent[0].message
    assert isinstance(intro, PracticeIntro) and not intro.routine and not intro.ask_pain
    assert practice_id in world.timers.armed
    assert await stored_state(world, practice_id) is Status.READY


async def test_a_tap_with_an_old_token_changes_nothing(world: World) -> None:
    practice_id = await begin_stretch(world, ANA)
    answer = await press(world, ANA, practice_id, Control.START)
    assert answer is ControlAnswer.NONE
    assert await stored_state(world, practice_id) is Status.RUNNING
    again = await press(world, ANA, practice_id, Control.START)
    assert again is ControlAnswer.ALREADY_DONE
    assert await stored_state(world, practice_id) is Status.RUNNING


async def test_nobody_can_press_another_persons_card(world: World) -> None:
    practice_id = await begin_stretch(world, ANA)
    answer = await press(world, BEN, practice_id, Control.STOP)
    assert answer is ControlAnswer.ENDED
    assert await stored_state(world, practice_id) is Status.READY


async def test_a_hold_that_ends_moves_on_and_a_stale_timer_does_nothing(world: World) -> None:
    practice_id = await begin_stretch(world, ANA)
    await press(world, ANA, practice_id, Control.START)
    token, _ = world.timers.armed[practice_id]
    world.clock.advance(minutes=10)  # past every phase of the first round
    await world.practices.tick(practice_id, token)
    new_token, _ = world.timers.armed.get(practice_id, (None, 0.0))
    assert new_token != token, "the timer was re-armed for the next step"
    shown = len(world.outbox.sent) + len(world.outbox.edits)
    await world.practices.tick(practice_id, token)  # the old timer fires late
    assert len(world.outbox.sent) + len(world.outbox.edits) == shown


async def test_stopping_ends_with_a_summary_and_a_closed_card(world: World) -> None:
    practice_id = await begin_stretch(world, ANA)
    await press(world, ANA, practice_id, Control.STOP)
    assert await stored_state(world, practice_id) is Status.STOPPED
    summary = world.outbox.sent[-1]
    assert isinstance(summary.message, PracticeSummary) and summary.message.stopped
    assert summary.lane is Lane.CUE
    closed = world.outbox.edits[-1].message
    assert isinstance(closed, ClosedCard) and closed.closing is Closing.STOPPED
    assert practice_id not in world.timers.armed


async def test_a_person_who_blocked_the_bot_ends_the_practice_quietly(world: World) -> None:
    practice_id = await begin_stretch(world, ANA)
    world.outbox.blocked.add(ANA.chat_id)
    await press(world, ANA, practice_id, Control.START)  # the card's edit meets a 403
    assert await stored_state(world, practice_id) is Status.UNREACHABLE
    assert practice_id not in world.timers.armed


async def test_under_way_tells_practices_going_on_by_themselves_from_those_waiting(
    world: World,
) -> None:
    settling = await begin_stretch(world, ANA)  # hands-free: it starts after a moment
    assert await world.practices.under_way() == UnderWay(moving=1, waiting=0)
    async with world.database.unit() as unit:
        await unit.users.record_visit(BEN, world.clock())
    tap_to_start = Preferences(hands_free=False)
    await world.practices.begin(
        Begin(BEN.user_id, BEN.chat_id, ["cat-cow"], None, "Cat-cow", tap_to_start)
    )
    assert await world.practices.under_way() == UnderWay(moving=1, waiting=1)
    await press(world, ANA, settling, Control.START)
    await press(world, ANA, settling, Control.PAUSE)
    assert await world.practices.under_way() == UnderWay(moving=0, waiting=2)


async def test_a_new_routine_replaces_the_running_one(world: World) -> None:
    first = await begin_stretch(world, ANA)
    second = await begin_stretch(world, ANA, "cat-cow")
    assert await stored_state(world, first) is Status.STOPPED
    assert first not in world.timers.armed and second in world.timers.armed
    assert any(
        isinstance(e.message, ClosedCard) and e.message.closing is Closing.REPLACED
        for e in world.outbox.edits
    )


async def test_cues_go_in_the_cue_lane(world: World) -> None:
    practice_id = await begin_stretch(world, ANA, "knee-hugs")  # three parts: cues between
    await press(world, ANA, practice_id, Control.START)
    for _ in range(3):
        token, _ = world.timers.armed[practice_id]
        world.clock.advance(seconds=11)
        await world.practices.tick(practice_id, token)
    cues = [s for s in world.outbox.sent if isinstance(s.message, PracticeCue)]
    assert cues and all(cue.lane is Lane.CUE for cue in cues)
    cards = [e for e in world.outbox.edits if isinstance(e.message, PracticeCard)]
    assert cards, "the card follows each change"


async def test_one_more_stops_at_the_sources_ceiling(world: World) -> None:
    practice_id = await begin_stretch(world, ANA, "cat-cow")
    await press(world, ANA, practice_id, Control.START)
    answers = [await press(world, ANA, practice_id, Control.MORE) for _ in range(10)]
    assert answers.count(ControlAnswer.NONE) == 7, "five to start, twelve at most"
    assert answers[-1] is ControlAnswer.ALREADY_DONE
    last = world.outbox.edits[-1].message
    assert isinstance(last, PracticeCard) and last.more is None, "no button at the ceiling"


async def test_a_single_count_has_no_one_more(world: World) -> None:
    practice_id = await begin_stretch(world, ANA, "knee-hugs")
    await press(world, ANA, practice_id, Control.START)
    assert await press(world, ANA, practice_id, Control.MORE) is ControlAnswer.ALREADY_DONE


# Reminders ----------------------------------------------------------------------------------


async def test_a_reminder_asked_for_before_the_zone_is_set_once_the_zone_comes(
    world: World,
) -> None:
    asked = await world.reminders.remind(ANA, "22:30")
    assert asked == ZoneAsked(ZoneReason.REMINDER)
    answer = await world.reminders.answer(ANA.user_id, "Berlin", names_a_stretch=False)
    assert isinstance(answer, ZoneSet) and answer.zone == "Europe/Berlin"
    assert answer.reminder is not None and answer.reminder.local_time == time(22, 30)
    async with world.database.unit() as unit:
        user = await unit.users.get(ANA.user_id)
        assert user is not None and user.awaiting is None
        assert user.pending_reminder_minute is None


async def test_a_stretch_name_is_not_taken_for_a_zone_answer(world: World) -> None:
    await world.reminders.remind(ANA, "22:30")
    assert await world.reminders.answer(ANA.user_id, "pigeon", names_a_stretch=True) is None


async def test_a_snooze_from_an_earlier_night_is_stale(world: World) -> None:
    await world.reminders.timezone(ANA, "Berlin")
    assert isinstance(await world.reminders.remind(ANA, "22:30"), ReminderSet)
    yesterday = due_key(EVENING) - 24 * 60
    assert await world.reminders.snooze(ANA.user_id, 10, yesterday) is TapOutcome.STALE


async def test_the_dispatcher_sends_each_due_reminder_once(world: World) -> None:
    await world.reminders.timezone(ANA, "UTC")
    await world.reminders.remind(ANA, "21:45 daily")
    dispatch = ReminderDispatch(world.database, world.clock, world.outbox)
    world.clock.advance(minutes=15)
    assert await dispatch.run_once() == 1
    assert await dispatch.run_once() == 0
    [shown] = world.outbox.sent
    assert isinstance(shown.message, ReminderMessage) and shown.lane is Lane.REMINDER
