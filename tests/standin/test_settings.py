"""Commands, descriptions, the menu button and the small methods a bot calls at start-up."""

from __future__ import annotations

from typing import Any

import pytest
from telegram import (
    BotCommand,
    BotCommandScopeChat,
    MenuButtonCommands,
    MenuButtonWebApp,
    WebAppInfo,
)
from telegram.error import BadRequest

from standin import StandIn
from tests.standin.conftest import pop_rejections

App = Any


async def test_commands_per_scope_and_language(standin: StandIn, bot_app: App) -> None:
    ana = standin.new_user()
    bot = bot_app.bot
    assert await bot.set_my_commands([BotCommand("start", "Begin"), BotCommand("help", "Help")])
    await bot.set_my_commands([BotCommand("start", "Los")], language_code="de")
    await bot.set_my_commands(
        [BotCommand("reset", "Reset")], scope=BotCommandScopeChat(ana.chat_id)
    )
    assert [c.command for c in await bot.get_my_commands()] == ["start", "help"]
    assert [c.description for c in await bot.get_my_commands(language_code="de")] == ["Los"]
    assert standin.commands()[1] == {"command": "help", "description": "Help"}
    assert await bot.delete_my_commands()
    assert await bot.get_my_commands() == ()
    with pytest.raises(BadRequest, match=r"(?i)bot_command_invalid"):
        await bot.set_my_commands([BotCommand("Start!", "Begin")])
    with pytest.raises(BadRequest, match=r"(?i)chat not found"):
        await bot.set_my_commands([BotCommand("a", "b")], scope=BotCommandScopeChat(1))
    assert len(pop_rejections(standin)) == 2


async def test_descriptions(standin: StandIn, bot_app: App) -> None:
    bot = bot_app.bot
    await bot.set_my_description("Gentle stretches for bedtime")
    await bot.set_my_short_description("Bedtime stretches")
    assert (await bot.get_my_description()).description == "Gentle stretches for bedtime"
    assert (await bot.get_my_short_description()).short_description == "Bedtime stretches"
    await bot.set_my_description("")
    assert (await bot.get_my_description()).description == ""
    with pytest.raises(BadRequest, match=r"(?i)too long"):
        await bot.set_my_short_description("x" * 121)
    assert len(pop_rejections(standin)) == 1


async def test_menu_button_and_small_methods(standin: StandIn, bot_app: App) -> None:
    ana = standin.new_user()
    bot = bot_app.bot
    assert await bot.set_chat_menu_button(ana.chat_id, MenuButtonCommands())
    assert await bot.set_chat_menu_button()
    with pytest.raises(BadRequest, match=r"(?i)webapp_url_invalid"):
        web_app = MenuButtonWebApp("Open", WebAppInfo("http://insecure.example"))
        await bot.set_chat_menu_button(ana.chat_id, web_app)
    assert await bot.send_chat_action(ana.chat_id, "typing")
    with pytest.raises(BadRequest, match=r"(?i)wrong parameter action"):
        await bot.send_chat_action(ana.chat_id, "dancing")
    first = await bot.send_message(ana.chat_id, "one")
    second = await bot.send_message(ana.chat_id, "two")
    assert await bot.delete_messages(ana.chat_id, [first.message_id, second.message_id, 99])
    assert all(m.deleted for m in ana.messages)
    assert await bot.log_out() and await bot.close()
    assert len(pop_rejections(standin)) == 2
