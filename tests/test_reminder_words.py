"""What the nightly reminder says, end to end: a greeting true to the person's own hour, and
only the buttons that can do what they say.

The bot's clock starts on Monday 2026-11-23 at 21:30 UTC, which is 22:30 in Berlin.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest

from bot.domain.reminders import parse_time
from bot.storage.models import User
from bot.telegram.callbacks import SetZoneOffset, encode
from standin import BotMessage, UserClient
from tests.conftest import RunningBot
from tests.support.history import finished_session


@pytest.fixture
def config_overrides() -> dict[str, object]:
    return {"reminder_tick_seconds": 0.1}


async def reminder_at(bot: RunningBot, user: UserClient, local: str, wait: timedelta) -> str:
    """Set a reminder at `local` Berlin time, let `wait` pass, and read what arrives."""
    await user.send("/timezone Berlin")
    await user.send(f"/remind {local}")
    bot.clock.advance(seconds=wait.total_seconds())
    return (await user.next_message(timeout=5)).text


@pytest.mark.parametrize(
    ("local", "wait", "greeting"),
    [
        ("22:31", timedelta(minutes=1), "Good evening, Ana. 🌙"),
        ("00:30", timedelta(hours=2, minutes=1), "Hi Ana. 🌙"),
        ("07:00", timedelta(hours=8, minutes=31), "Good morning, Ana."),
        ("14:00", timedelta(hours=15, minutes=31), "Good afternoon, Ana."),
    ],
)
async def test_the_greeting_is_true_to_the_persons_own_hour(
    bot: RunningBot, user: UserClient, local: str, wait: timedelta, greeting: str
) -> None:
    text = await reminder_at(bot, user, local, wait)
    assert text.splitlines()[0] == greeting
    if greeting != "Good evening, Ana. 🌙":
        assert "evening" not in text


async def test_half_past_midnight_in_new_york_is_night_there_not_evening(
    bot: RunningBot, user: UserClient
) -> None:
    # 00:30 in New York is 05:30 UTC, morning for the server and for Berlin.
    await user.send("/timezone New York")
    await user.send("/remind 00:30")
    bot.clock.advance(hours=8, minutes=1)
    text = (await user.next_message(timeout=5)).text
    assert text.startswith("Hi Ana. 🌙")
    assert "morning" not in text and "evening" not in text


async def nights_in_a_row(bot: RunningBot, user: UserClient, nights: int) -> None:
    async with bot.services.database.transaction() as db:
        person = await db.get(User, user.id)
        assert person is not None
        person.timezone = "Europe/Berlin"
        for days_ago in range(nights, 0, -1):
            ended = datetime(2026, 11, 23, 21, 0, tzinfo=UTC) - timedelta(days=days_ago)
            db.add(finished_session(user, ended=ended))


async def first_reminder(bot: RunningBot, user: UserClient) -> BotMessage:
    await user.send("/remind 22:31")
    bot.clock.advance(minutes=1)
    return await user.next_message(timeout=5)


async def test_no_rest_night_saved_no_rest_night_button(bot: RunningBot, user: UserClient) -> None:
    await user.send("/timezone Berlin")
    reminder = await first_reminder(bot, user)
    assert reminder.button_texts == [
        "🌙 Start bedtime routine",
        "⏰ Remind me in 10 min",
        "In 20 min",
        "In 30 min",
        "Skip tonight",
    ]


async def test_a_rest_night_saved_is_offered_and_taken(bot: RunningBot, user: UserClient) -> None:
    await user.send("/start")
    await nights_in_a_row(bot, user, 7)  # seven nights in a row earn one
    reminder = await first_reminder(bot, user)
    assert reminder.button_texts[-2:] == ["Skip tonight", "🛌 Rest night"]
    await user.tap(reminder, "🛌 Rest night")
    assert "Rest night taken" in reminder.text and "Rest nights left: 0" in reminder.text


async def test_next_says_tomorrow_when_tonight_is_a_rest_night(
    bot: RunningBot, user: UserClient
) -> None:
    await user.send("/start")
    await nights_in_a_row(bot, user, 7)
    reminder = await first_reminder(bot, user)
    await user.tap(reminder, "🛌 Rest night")

    # Setting it again for later tonight: tonight's would be held back for the rest night.
    [confirmation] = await user.send("/remind 23:00")
    assert "Next: tomorrow at 23:00" in confirmation.text
    [status] = await user.send("/remind")
    assert "Next: tomorrow at 23:00" in status.text
    bot.clock.advance(minutes=40)
    with pytest.raises(AssertionError, match="no new message"):
        await user.next_message(timeout=0.6)


# --- Answers to "where are you?" that no zone fits -------------------------------------------


async def test_a_clock_time_no_zone_has_says_so_and_offers_the_nearest(
    bot: RunningBot, user: UserClient
) -> None:
    [question] = await user.send("/remind 22:30")
    assert "Where are you?" in question.text

    # It is 21:30 UTC: 14:47 would be UTC-6:43, which no zone is on.
    [reply] = await user.send("14:47")
    assert reply.text.startswith("No time zone has 14:47 on its clocks right now.")
    assert reply.button_texts == ["UTC-7 · 14:30", "UTC-6 · 15:30"]

    [zone_set] = await user.tap(reply, "UTC-7 · 14:30")
    assert zone_set.text.startswith("Time zone set: UTC-7. It's 14:30 for you now.")
    assert "Etc/" not in zone_set.text
    assert "I'll remind you at 22:30, every night. Next: tonight at 22:30." in zone_set.text
    assert reply.text.endswith("✓ UTC-7") and reply.button_texts == []


async def test_an_offset_no_zone_is_on_says_so_and_offers_the_nearest(user: UserClient) -> None:
    [reply] = await user.send("/timezone UTC+2:15")
    assert reply.text.startswith("No time zone is on UTC+2:15 right now.")
    assert reply.button_texts == ["UTC+2 · 23:30", "UTC+3 · 00:30"]
    [zone_set] = await user.tap(reply, "UTC+3 · 00:30")
    assert zone_set.text.startswith("Time zone set: UTC+3. It's 00:30 for you now.")


def says(suggestion: str, rejected: str) -> bool:
    """Whether a suggestion offers the rejected text again, maybe as another way to write the
    same time ("22:40" for "10:40pm")."""
    if rejected.casefold() in suggestion.casefold():
        return True
    wanted = parse_time(rejected)
    times = re.findall(r"\d{1,2}:\d{2}(?:\s*[ap]m)?", suggestion, flags=re.IGNORECASE)
    return wanted is not None and any(parse_time(found) == wanted for found in times)


@pytest.mark.parametrize("rejected", ["22:40", "10:40pm", "Narnia", "UTC+2:15", "UTC+15"])
async def test_a_rejected_answer_never_suggests_the_input_it_rejected(
    user: UserClient, rejected: str
) -> None:
    await user.send("/remind 22:30")
    # At 21:30 UTC, 22:40 would be UTC+1:10: no zone's clock says that now.
    [reply] = await user.send(rejected)
    examples = re.findall(r"<i>(.*?)</i>", reply.html or "")
    suggested = [*examples, *reply.button_texts, *(b for row in reply.keyboard for b in row)]
    assert suggested, "something else is suggested"
    assert not any(says(s, rejected) for s in suggested), suggested
    assert "Time zone set" not in reply.text


async def test_a_forged_offset_button_is_refused(user: UserClient) -> None:
    [reply] = await user.send("/timezone UTC+2:15")
    await user.tap_data(reply, encode(SetZoneOffset(east=True, minutes=15 * 60)))
    assert user.last_callback_answer is not None
    assert user.last_callback_answer.text == "That button has expired. Here is the menu again."
    [status] = await user.send("/timezone")
    assert "I don't know your time zone yet." in status.text


# --- Already true, kept true -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "shown"), [("UTC+7", "UTC+7"), ("GMT-5", "UTC-5"), ("Europe/Berlin", "Berlin")]
)
async def test_zones_are_shown_as_people_write_them_everywhere(
    user: UserClient, typed: str, shown: str
) -> None:
    [zone_set] = await user.send(f"/timezone {typed}")
    assert zone_set.text.startswith(f"Time zone set: {shown}")
    [confirmation] = await user.send("/remind 22:30")
    [status] = await user.send("/remind")
    assert f"your time ({shown})" in status.text
    [current] = await user.send("/timezone")
    assert f"Your time zone: {shown}" in current.text
    for message in (zone_set, confirmation, status, current):
        assert "Etc/" not in message.text and "GMT" not in message.text
