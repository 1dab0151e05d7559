"""Streaks, rest nights, /progress, /export and /forget, as the person sees them.

Past nights are written as finished sessions (the database is the truth the streak is
computed from); the bot's clock starts on Monday 2026-11-23 at 21:30 UTC, 22:30 in Berlin.
"""

from __future__ import annotations

import asyncio
import io
import json
from datetime import UTC, datetime, timedelta

import pytest
from PIL import Image
from sqlalchemy import func, select

from bot.app.reminders import due_key
from bot.storage.models import PainCheck, PracticeRow, Reminder, User
from bot.telegram.callbacks import RestTonight, encode
from standin import StandIn, UserClient
from tests.conftest import RunningBot
from tests.support.history import finished_session
from tests.support.routines import card_state, follow_to_the_end


@pytest.fixture
def config_overrides() -> dict[str, object]:
    return {"reminder_tick_seconds": 0.1}


def evening(days_ago: int, hour: int = 21, minute: int = 0) -> datetime:
    """`hour:minute` UTC on the evening `days_ago` nights before the test's Monday."""
    return datetime(2026, 11, 23, hour, minute, tzinfo=UTC) - timedelta(days=days_ago)


async def history(bot: RunningBot, user: UserClient, nights_ago: list[int]) -> None:
    async with bot.services.database.transaction() as db:
        person = await db.get(User, user.id)
        assert person is not None
        person.timezone = "Europe/Berlin"
        for days_ago in nights_ago:
            db.add(finished_session(user, ended=evening(days_ago)))


async def streak(user: UserClient) -> str:
    [reply] = await user.send("/streak")
    return reply.words


async def test_a_first_timer_sees_how_streaks_work(user: UserClient) -> None:
    text = await streak(user)
    assert "Your first routine starts your streak" in text
    assert "Tonight: not yet" in text


async def test_nights_in_a_row_make_a_streak_and_tonight_is_pending(
    bot: RunningBot, user: UserClient
) -> None:
    await user.send("/start")
    await history(bot, user, [3, 2, 1])
    text = await streak(user)
    assert "🔥 3 nights in a row (best: 3)" in text
    assert "Tonight: not yet" in text


async def test_half_past_midnight_counts_for_the_night_before(
    bot: RunningBot, user: UserClient
) -> None:
    await user.send("/start")
    # 23:30 UTC on Saturday is 00:30 on Sunday in Berlin: Saturday's night.
    await history(bot, user, [3, 1])
    async with bot.services.database.transaction() as db:
        db.add(finished_session(user, ended=evening(2, hour=23, minute=30)))
    assert "3 nights in a row" in await streak(user)


async def test_a_missed_night_spends_a_rest_night_and_two_reset(
    bot: RunningBot, user: UserClient
) -> None:
    await user.send("/start")
    # Seven nights in a row earn a rest night; one gap uses it.
    await history(bot, user, [10, 9, 8, 7, 6, 5, 4, 2, 1])
    text = await streak(user)
    assert "9 nights in a row" in text
    assert "Rest nights saved: 0 of 2" in text
    assert "A rest night kept your streak going" in text

    bot.clock.advance(days=2)  # Tuesday's and Wednesday's nights: no rest night left
    text = await streak(user)
    assert "A new streak starts with your next routine (best: 9)" in text


async def test_rest_tonight_from_the_reminder_keeps_the_streak(
    bot: RunningBot, user: UserClient
) -> None:
    await user.send("/start")
    await history(bot, user, list(range(7, 0, -1)))
    async with bot.services.database.transaction() as db:
        db.add(
            Reminder(
                user_id=user.id,
                chat_id=user.chat_id,
                local_minute=22 * 60 + 31,
                days_mask=127,
                zone="Europe/Berlin",
                enabled=True,
                next_fire_at=evening(0, 21, 31),
                updated_at=evening(0),
            )
        )
    bot.clock.advance(seconds=70)
    reminder = await user.next_message(timeout=15)
    await user.tap(reminder, "🛌 Rest night")
    assert "Rest night taken" in reminder.words
    assert "Rest nights left: 0" in reminder.words
    text = await streak(user)
    assert "Tonight: a rest night" in text
    assert "7 nights in a row" in text

    # Tuesday evening, before Tuesday's reminder: Monday's rest kept the streak.
    bot.clock.advance(hours=20)
    assert "7 nights in a row" in await streak(user)


async def test_rest_tonight_without_a_saved_rest_night_says_how_to_earn_one(
    bot: RunningBot, user: UserClient
) -> None:
    await user.send("/timezone Berlin")
    await user.send("/remind 22:31")
    bot.clock.advance(seconds=70)
    reminder = await user.next_message(timeout=15)
    assert "🛌 Rest night" not in reminder.button_texts, "none saved, none offered"
    # A Rest night button from a message sent while one was still saved.
    await user.tap_data(reminder, encode(RestTonight(due_key(evening(0, 21, 31)))))
    assert user.last_callback_answer is not None
    assert "You earn one for every 7 nights in a row" in (user.last_callback_answer.text or "")


async def test_progress_is_a_picture_with_the_streak_in_its_caption(
    bot: RunningBot, user: UserClient
) -> None:
    await user.send("/start")
    await history(bot, user, [5, 4, 2, 1])
    async with bot.services.database.transaction() as db:
        db.add(
            PainCheck(
                user_id=user.id,
                night=evening(1).date(),
                moment="before",
                score=6,
                recorded_at=evening(1),
            )
        )
        db.add(
            PainCheck(
                user_id=user.id,
                night=evening(1).date(),
                moment="after",
                score=4,
                recorded_at=evening(1),
            )
        )
    [photo] = await user.send("/progress")
    assert photo.photo is not None
    image = Image.open(io.BytesIO(photo.photo.data))
    assert image.format == "PNG"
    assert min(image.size) >= 600
    assert photo.caption is not None and "Streak: 2 nights" in photo.caption


async def test_export_holds_my_data_and_nobody_elses(
    standin: StandIn, bot: RunningBot, user: UserClient
) -> None:
    other = standin.new_user(first_name="Ben")
    await other.send("/remind 21:00")
    await user.send("/timezone Berlin")
    await user.send("/remind 22:45 weekdays")
    await history(bot, user, [2, 1])

    [document] = await user.send("/export")
    assert document.document is not None
    assert document.document_filename == "stretchbot-my-data.json"
    data = json.loads(document.document.data)
    assert data["profile"]["first_name"] == "Ana"
    assert data["profile"]["time_zone"] == "Europe/Berlin"
    assert data["reminder"]["time"] == "22:45"
    assert data["reminder"]["days"] == ["mon", "tue", "wed", "thu", "fri"]
    assert len(data["routines"]) == 2
    assert "Ben" not in document.document.data.decode()


async def test_forget_deletes_everything_after_a_confirm(
    bot: RunningBot, user: UserClient
) -> None:
    await user.send("/timezone Berlin")
    await user.send("/remind 22:45")
    await history(bot, user, [2, 1])

    [question] = await user.send("/forget")
    await user.tap(question, "Keep my data")
    assert "Nothing was deleted" in question.words
    assert await count(bot, PracticeRow) == 2

    [question] = await user.send("/forget")
    await user.tap(question, "🗑 Yes, delete everything")
    assert "deleted everything" in question.words
    for table in (User, Reminder, PracticeRow, PainCheck):
        assert await count(bot, table) == 0


async def count(bot: RunningBot, table: type[object]) -> int:
    async with bot.services.database.transaction() as db:
        return int(await db.scalar(select(func.count()).select_from(table)) or 0)


@pytest.mark.parametrize("time_scale", [400.0])
async def test_a_routine_tonight_extends_the_streak_and_celebrates_once(
    bot: RunningBot, user: UserClient
) -> None:
    await user.send("/start")
    await history(bot, user, [2, 1])

    intro, first = await user.send("/bedtime")
    await user.tap(intro, "Skip")
    assert "Skipped. That's fine." in card_state(user, intro).words
    summary = (await follow_to_the_end(user, first))[-1]

    assert "🔥 3 nights in a row" in summary.words
    assert "Three nights in a row. A habit is starting." in summary.words
    assert "/timezone" not in summary.words, "the zone is known: no tip"
    assert "How does your back feel now" in summary.words
    # Left unanswered: the person fell asleep.

    # A second routine the same night: the same streak, no second party, no questions.
    intro, first = await user.send("/bedtime")
    assert intro.button_texts == ["📋 Other routines"]
    summary = (await follow_to_the_end(user, first))[-1]
    assert "🔥 3 nights in a row" in summary.words
    assert "Three nights" not in summary.words
    assert summary.button_texts == []

    async with bot.services.database.transaction() as db:
        tonight = await db.scalars(select(PracticeRow).where(PracticeRow.ended_at >= evening(0)))
        assert [(s.status, s.zone) for s in tonight] == [("finished", "Europe/Berlin")] * 2
        checks = await db.scalars(select(PainCheck).where(PainCheck.user_id == user.id))
        assert sorted((c.moment, c.score) for c in checks) == [("after", None), ("before", None)]
    assert "🔥 3 nights in a row" in await streak(user)


@pytest.mark.parametrize("time_scale", [400.0])
async def test_a_restart_right_after_the_last_step_counts_the_night_once(
    bot: RunningBot, user: UserClient
) -> None:
    await user.send("/start")
    await history(bot, user, [1])
    _, first = await user.send("/bedtime")
    await follow_to_the_end(user, first)

    seen = len(user.messages)
    await bot.restart()
    await asyncio.sleep(0.5)  # a minute and more of bot time for a re-armed timer to fire
    assert len(user.messages) == seen, "nothing more that night"

    assert "🔥 2 nights in a row" in await streak(user)
    async with bot.services.database.transaction() as db:
        finished = await db.scalar(
            select(func.count()).where(
                PracticeRow.user_id == user.id, PracticeRow.ended_at >= evening(0)
            )
        )
    assert finished == 1


async def test_a_first_progress_picture_has_no_streak_to_boast_of(user: UserClient) -> None:
    [photo] = await user.send("/progress")
    assert photo.caption == "No streak yet · best 0 · habit strength 0%"
