"""Nightly reminders end to end: set, fire, snooze, skip, change zone, crash, block, flood.

The bot's clock starts on Monday 2026-11-23 at 21:30 UTC, which is 22:30 in Berlin.
Time is moved with `bot.clock.advance`; the dispatcher looks for due reminders every 0.1 s.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest

from bot.app.reminder_dispatch import ReminderDispatch
from bot.storage.models import Reminder, User
from bot.storage.reminders import ReminderRepository
from bot.telegram.context import use_cases
from standin import BotMessage, StandIn, UserClient
from tests.conftest import RunningBot
from tests.support.history import finished_session


@pytest.fixture
def config_overrides() -> dict[str, object]:
    return {"reminder_tick_seconds": 0.1}


def at(hour: int, minute: int, day: int = 23) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=UTC)


async def reminder_row(bot: RunningBot, user: UserClient) -> Reminder:
    async with bot.services.database.transaction() as db:
        row = await db.get(Reminder, user.id)
        assert row is not None
        return row


async def nothing_more(user: UserClient, seconds: float = 0.6) -> None:
    with pytest.raises(AssertionError, match="no new message"):
        await user.next_message(timeout=seconds)


async def in_berlin_with_reminder(user: UserClient, time: str = "22:31") -> BotMessage:
    [zone] = await user.send("/timezone Berlin")
    assert "Time zone set: Berlin (UTC+01:00)" in zone.text and "22:30" in zone.text
    [confirmation] = await user.send(f"/remind {time}")
    return confirmation


async def test_a_reminder_arrives_at_local_time_once_and_moves_to_tomorrow(
    bot: RunningBot, user: UserClient
) -> None:
    confirmation = await in_berlin_with_reminder(user)
    assert "22:31" in confirmation.text and "tonight" in confirmation.text
    await nothing_more(user)

    bot.clock.advance(seconds=60)
    reminder = await user.next_message(timeout=5)
    assert "Good evening, Ana" in reminder.text
    assert reminder.button_texts == [
        "🌙 Start bedtime routine",
        "⏰ Remind me in 10 min",
        "In 20 min",
        "In 30 min",
        "Skip tonight",
    ]
    assert reminder.disable_notification is False
    await nothing_more(user)

    row = await reminder_row(bot, user)
    assert row.last_sent_for == at(21, 31)
    assert row.next_fire_at == at(21, 31, day=24)
    assert row.lease_owner is None


async def test_start_button_on_the_reminder_starts_bedtime(
    bot: RunningBot, user: UserClient
) -> None:
    await in_berlin_with_reminder(user)
    bot.clock.advance(seconds=60)
    reminder = await user.next_message(timeout=5)
    replies = await user.tap(reminder, "🌙 Start bedtime routine")
    assert any("Bedtime" in message.text for message in replies)


async def test_no_time_zone_yet_asks_once_then_sets_the_reminder(
    bot: RunningBot, user: UserClient
) -> None:
    [question] = await user.send("/remind 10:45pm weekdays")
    assert "Where are you?" in question.text
    assert question.keyboard == [["📍 Share my location"]]

    # It is 21:30 UTC; "22:30" for them means UTC+1.
    [answer] = await user.send("22:30")
    assert "Time zone set: UTC+1." in answer.text and "Etc/" not in answer.text
    assert "22:45" in answer.text and "weeknights" in answer.text.lower()
    row = await reminder_row(bot, user)
    assert row.next_fire_at == at(21, 45)
    assert row.days_mask == 0b0011111


async def test_a_shared_location_sets_the_zone_and_the_reminder_follows(
    bot: RunningBot, user: UserClient
) -> None:
    await in_berlin_with_reminder(user, "23:00")
    assert (await reminder_row(bot, user)).next_fire_at == at(22, 0)

    # Travelling: Hanoi is UTC+7, so 23:00 there is 16:00 UTC tomorrow.
    [moved] = await user.send_location(21.03, 105.85)
    assert "UTC+07:00" in moved.text
    assert "23:00" in moved.text
    assert (await reminder_row(bot, user)).next_fire_at == at(16, 0, day=24)


@pytest.mark.parametrize("bad", ["25:99", "tomorrow maybe", "13pm"])
async def test_bad_times_get_the_accepted_forms(bad: str, user: UserClient) -> None:
    [reply] = await user.send(f"/remind {bad}")
    assert "I couldn't read that time" in reply.text
    assert "/remind 10:30pm" in reply.text


async def test_remind_alone_shows_and_changes_the_reminder(
    bot: RunningBot, user: UserClient
) -> None:
    [empty] = await user.send("/remind")
    assert "no reminder yet" in empty.text
    await user.send("/timezone Berlin")
    await user.tap(empty, "22:00")
    assert empty.text.startswith("Done. I'll remind you at 22:00, every night")

    [status] = await user.send("/remind")
    assert "22:00, every night" in status.text
    await user.tap(status, "📅 Change days")
    await user.tap(status, "Weekends (Sat–Sun)")
    assert "weekends" in status.text.lower()
    assert (await reminder_row(bot, user)).days_mask == 0b1100000

    [status] = await user.send("/remind")
    await user.tap(status, "🔕 Turn off")
    row = await reminder_row(bot, user)
    assert row.enabled is False and row.next_fire_at is None

    [again] = await user.send("/remind 22:31")
    assert "22:31" in again.text
    [off] = await user.send("/remind off")
    assert "turned off" in off.text
    bot.clock.advance(seconds=60)
    await nothing_more(user)


async def test_snooze_comes_back_once_without_another_snooze(
    bot: RunningBot, user: UserClient
) -> None:
    await in_berlin_with_reminder(user)
    bot.clock.advance(seconds=60)
    reminder = await user.next_message(timeout=5)
    await user.tap(reminder, "⏰ Remind me in 10 min")
    assert "again in 10 minutes" in reminder.text
    assert reminder.button_texts == []

    bot.clock.advance(minutes=9)
    await nothing_more(user)
    bot.clock.advance(minutes=1)
    again = await user.next_message(timeout=5)
    assert "reminder again" in again.text
    assert "⏰ Remind me in 10 min" not in again.button_texts
    bot.clock.advance(minutes=30)
    await nothing_more(user)
    assert (await reminder_row(bot, user)).next_fire_at == at(21, 31, day=24)


async def test_skip_tonight_cancels_a_snooze(bot: RunningBot, user: UserClient) -> None:
    await in_berlin_with_reminder(user)
    bot.clock.advance(seconds=60)
    reminder = await user.next_message(timeout=5)
    skip = data_of(reminder, "Skip tonight")
    await user.tap(reminder, "In 20 min")
    # The same message's Skip button, as if the first tap's edit had not arrived yet.
    await user.tap_data(reminder, skip)
    assert "no more reminders tonight" in reminder.text
    bot.clock.advance(minutes=25)
    await nothing_more(user)


async def test_a_double_tapped_snooze_snoozes_once(bot: RunningBot, user: UserClient) -> None:
    await in_berlin_with_reminder(user)
    bot.clock.advance(seconds=60)
    reminder = await user.next_message(timeout=5)
    data = data_of(reminder, "⏰ Remind me in 10 min")
    await user.tap_data(reminder, data)
    await user.tap_data(reminder, data)
    assert user.last_callback_answer is not None
    assert user.last_callback_answer.text == "Already snoozed once tonight."
    bot.clock.advance(minutes=10)
    assert "reminder again" in (await user.next_message(timeout=5)).text
    await nothing_more(user)


async def test_no_reminder_when_tonight_is_already_done(bot: RunningBot, user: UserClient) -> None:
    await in_berlin_with_reminder(user, "23:00")
    async with bot.services.database.transaction() as db:
        db.add(finished_session(user, ended=at(21, 40)))
    bot.clock.advance(minutes=31)
    await nothing_more(user)
    assert (await reminder_row(bot, user)).next_fire_at == at(22, 0, day=24)


async def test_a_bot_down_at_reminder_time_sends_it_late_once(
    bot: RunningBot, user: UserClient
) -> None:
    await in_berlin_with_reminder(user)
    await bot.restart(down_for_seconds=20 * 60)
    late = await user.next_message(timeout=5)
    assert "Good evening" in late.text
    await nothing_more(user)


async def test_a_bot_down_for_over_an_hour_skips_that_night(
    bot: RunningBot, user: UserClient
) -> None:
    await in_berlin_with_reminder(user)
    await bot.restart(down_for_seconds=61 * 60 + 60)
    await nothing_more(user)
    assert (await reminder_row(bot, user)).next_fire_at == at(21, 31, day=24)


async def test_a_crash_between_claim_and_send_still_sends_exactly_once(
    bot: RunningBot, user: UserClient
) -> None:
    await in_berlin_with_reminder(user)
    await bot.stop()
    bot.clock.advance(seconds=60)
    # A process claims the row and dies before sending: its lease is all that is left.
    async with bot.services.database.transaction() as db:
        [claimed] = await ReminderRepository(db).claim_due("dead-process", bot.clock(), 10)
    assert claimed.user_id == user.id

    await bot.start()
    await nothing_more(user)  # the lease still holds
    # Free 15 s after the death: with a tick every 15 s, it goes out within 30 s.
    bot.clock.advance(seconds=15)
    reminder = await user.next_message(timeout=5)
    assert "Good evening" in reminder.text
    await nothing_more(user)


async def test_a_crash_after_sending_does_not_send_again(
    bot: RunningBot, user: UserClient
) -> None:
    await in_berlin_with_reminder(user)
    bot.clock.advance(seconds=60)
    await user.next_message(timeout=5)
    await bot.restart(down_for_seconds=5 * 60)
    # The new process's dispatcher runs over the row and finds nothing to send.
    dispatch = use_cases(bot.application).reminder_dispatch
    assert await dispatch.run_once() == 0
    await nothing_more(user)
    row = await reminder_row(bot, user)
    assert row.last_sent_for is not None and row.next_fire_at is not None
    assert row.next_fire_at - row.last_sent_for >= timedelta(hours=23), "moved to tomorrow"


async def test_a_user_who_blocked_the_bot_gets_reminders_again_once_they_write(
    standin: StandIn, bot: RunningBot, user: UserClient
) -> None:
    other = standin.new_user(first_name="Ben")
    await in_berlin_with_reminder(user)
    await in_berlin_with_reminder(other)
    standin.block(user)
    bot.clock.advance(seconds=60)
    assert "Good evening, Ben" in (await other.next_message(timeout=5)).text

    async with bot.services.database.transaction() as db:
        row = await db.get(Reminder, user.id)
        person = await db.get(User, user.id)
    assert row is not None and person is not None
    assert row.enabled is True and person.reachable is False, "kept, but not sent"
    assert row.next_fire_at == at(21, 31, day=24)

    # The next night nothing is even tried while they are unreachable.
    tries = len([c for c in standin.calls("sendMessage") if c.chat_id == user.chat_id])
    bot.clock.advance(days=1)
    assert "Good evening, Ben" in (await other.next_message(timeout=5)).text
    assert len([c for c in standin.calls("sendMessage") if c.chat_id == user.chat_id]) == tries

    standin.unblock(user)
    await user.send("/start")
    bot.clock.advance(days=1)
    assert "Good evening, Ana" in (await user.next_message(timeout=5)).text


async def test_flood_control_is_waited_out_and_the_reminder_sent_once(
    standin: StandIn, bot: RunningBot, user: UserClient
) -> None:
    await in_berlin_with_reminder(user)
    standin.fail_next("sendMessage", 429, retry_after=1)
    bot.clock.advance(seconds=60)
    reminder = await user.next_message(timeout=5)
    assert "Good evening" in reminder.text
    await nothing_more(user, 1.5)


async def test_a_server_error_is_retried_and_sent_once(
    standin: StandIn, bot: RunningBot, user: UserClient
) -> None:
    await in_berlin_with_reminder(user)
    standin.fail_next("sendMessage", 502, count=2)
    bot.clock.advance(seconds=60)
    assert "Good evening" in (await user.next_message(timeout=5)).text
    await nothing_more(user)


async def test_a_reminder_during_an_outage_goes_out_once_telegram_is_back(
    standin: StandIn, bot: RunningBot, user: UserClient
) -> None:
    await in_berlin_with_reminder(user)
    await standin.refuse_connections()
    bot.clock.advance(seconds=60)
    await asyncio.sleep(5)  # every try of the outbox is refused: certainly not sent

    await standin.accept_connections()
    bot.clock.advance(seconds=31)

    assert "Good evening" in (await user.next_message(timeout=10)).text
    await nothing_more(user)
    assert len([r for r in standin.calls("sendMessage") if r.ok]) == 3  # zone, remind, this


async def test_a_reminder_answered_late_is_not_sent_again(
    standin: StandIn, bot: RunningBot, user: UserClient
) -> None:
    await in_berlin_with_reminder(user)
    standin.set_late_answers(6.0, method="sendMessage")

    bot.clock.advance(seconds=60)

    assert "Good evening" in (await user.next_message(timeout=10)).text
    standin.set_late_answers(0)
    bot.clock.advance(seconds=60)
    await nothing_more(user, seconds=8)


async def test_the_dispatcher_keeps_one_job_whatever_the_number_of_reminders(
    standin: StandIn, bot: RunningBot
) -> None:
    people = [standin.new_user(first_name=f"P{i}") for i in range(5)]
    for person in people:
        await in_berlin_with_reminder(person)
    job_queue = bot.application.job_queue
    assert job_queue is not None
    assert [job.name for job in job_queue.jobs()] == ["reminders"]
    dispatcher = use_cases(bot.application).reminder_dispatch
    assert isinstance(dispatcher, ReminderDispatch)
    bot.clock.advance(seconds=60)
    for person in people:
        assert "Good evening" in (await person.next_message(timeout=5)).text
    await dispatcher.settled()
    assert dispatcher.sent == len(people)


def data_of(message: BotMessage, label: str) -> str:
    [data] = [b.callback_data for row in message.buttons for b in row if b.text == label]
    assert data is not None
    return data


async def test_a_bare_hour_asks_which_one(bot: RunningBot, user: UserClient) -> None:
    await user.send("/timezone Berlin")
    [question] = await user.send("/remind 9")
    assert question.text == "21:00 or 09:00?"
    assert question.button_texts == ["21:00", "09:00"]
    await user.tap(question, "21:00")
    assert (await reminder_row(bot, user)).local_minute == 21 * 60


async def test_next_says_tomorrow_once_tonight_is_done(bot: RunningBot, user: UserClient) -> None:
    confirmation = await in_berlin_with_reminder(user)
    assert "Next: tonight at 22:31" in confirmation.text
    async with bot.services.database.transaction() as db:
        db.add(finished_session(user, ended=bot.clock()))
    [status] = await user.send("/remind")
    assert "Next: tomorrow at 22:31" in status.text, "tonight's reminder will not come"
