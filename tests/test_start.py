"""A new person meets the bot: greeting, the safety note once, menu, help and command menu."""

from __future__ import annotations

from standin import StandIn, UserClient
from tests.conftest import RunningBot


async def test_start_greets_by_name_and_shows_the_safety_note_once(user: UserClient) -> None:
    first = await user.send("/start")

    assert len(first) == 2
    safety, welcome = first
    assert "Stop if you feel sharp pain" in safety.text
    assert "/safety" in safety.text
    assert welcome.text.startswith("Hi Ana!")
    assert len(welcome.text.splitlines()) == 4  # the greeting plus three lines
    assert welcome.button_texts == [
        "🌙 Bedtime routine",
        "📋 Routines",
        "🛏 Stretches for bed",
        "🧘 Browse stretches",
        "⏰ Reminder",
        "🔥 Streak",
        "⚙️ Settings",
        "⚠️ Safety",
    ]

    again = await user.send("/start")
    assert len(again) == 1
    assert "sharp pain" not in again[0].text
    assert again[0].button_texts == welcome.button_texts


async def test_safety_lists_the_red_flags(user: UserClient) -> None:
    [reply] = await user.send("/safety")

    for red_flag in [
        "genitals, buttocks or inner thighs",
        "loss of bladder or bowel control",
        "weakness or numbness in both legs",
        "after a fall or an accident",
        "fever",
        "weight loss",
        "history of cancer",
        "worse at night",
    ]:
        assert red_flag in reply.text
    assert "emergency" in reply.text


async def test_safety_button_from_the_menu(user: UserClient) -> None:
    [*_, menu] = await user.send("/start")

    await user.tap(menu, "⚠️ Safety")

    assert "history of cancer" in user.messages[-1].text
    assert user.messages[-1].button_texts == ["🏠 Menu"]


async def test_help_lists_the_commands(user: UserClient) -> None:
    [reply] = await user.send("/help")

    for command in [
        "/bedtime",
        "/routines",
        "/stretches",
        "/stretch",
        "/settings",
        "/safety",
        "/remind",
        "/streak",
        "/progress",
        "/timezone",
        "/export",
        "/forget",
    ]:
        assert command in reply.text


async def test_command_menu_and_descriptions_are_registered_at_start(
    standin: StandIn, bot: RunningBot
) -> None:
    calls = {request.method: request.params for request in standin.requests}

    commands = [command["command"] for command in calls["setMyCommands"]["commands"]]
    assert commands == [
        "bedtime",
        "routines",
        "start",
        "stretches",
        "stretch",
        "remind",
        "streak",
        "progress",
        "settings",
        "timezone",
        "safety",
        "help",
        "export",
        "forget",
    ]
    assert "stretches" in calls["setMyShortDescription"]["short_description"]
    assert "not medical treatment" in calls["setMyDescription"]["description"]


async def test_the_user_is_stored_on_first_contact(user: UserClient, bot: RunningBot) -> None:
    from bot.storage.users import UserRepository

    await user.send("/start")

    async with bot.services.database.transaction() as session:
        stored = await UserRepository(session).get(user.id)
    assert stored is not None
    assert stored.first_name == "Ana"
    assert stored.safety_note_shown_at is not None
    assert abs((stored.safety_note_shown_at - bot.clock()).total_seconds()) < 5
