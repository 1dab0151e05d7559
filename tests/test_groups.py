"""In a group, nothing personal is shown: a pointer to the private chat instead."""

from __future__ import annotations

import pytest

from standin import StandIn, UserClient

PRIVATE_ONLY = (
    "That's personal, so I answer it only in our private chat, where nobody else can read it."
)


@pytest.mark.parametrize(
    "command", ["/export", "/forget", "/streak", "/progress", "/settings", "/remind 22:30"]
)
async def test_a_personal_command_in_a_group_points_to_the_private_chat(
    standin: StandIn, user: UserClient, command: str
) -> None:
    group = standin.new_group("Back care club")

    [reply] = await user.send_in_group(group, command)

    assert reply.text == PRIVATE_ONLY
    name = command.split()[0].removeprefix("/")
    [button] = [b for row in reply.buttons for b in row]
    assert button.raw["url"] == f"https://t.me/stretch_demo_bot?start={name}"
    assert standin.calls("sendDocument") == [] and standin.calls("sendPhoto") == []
    assert user.messages == [], "nothing arrives in the private chat unasked"


async def test_the_link_from_the_group_carries_the_command_out_in_private(
    standin: StandIn, user: UserClient
) -> None:
    await user.send("/start")
    group = standin.new_group("Back care club")
    await user.send_in_group(group, "/export")

    replies = await user.send("/start export")  # what opening the link sends

    [document] = [m for m in replies if m.document is not None]
    assert document.chat_id == user.chat_id
    assert document.document_filename == "stretchbot-my-data.json"


async def test_a_personal_button_in_a_group_opens_the_private_chat(
    standin: StandIn, user: UserClient
) -> None:
    group = standin.new_group("Back care club")
    menu = (await user.send_in_group(group, "/start"))[-1]

    assert await user.tap(menu, "🔥 Streak") == []

    answer = user.last_callback_answer
    assert answer is not None and answer.url == "https://t.me/stretch_demo_bot?start=menu"
    assert group.last.text == menu.text, "the group's message is unchanged"
    assert "in a row" not in group.last.text


async def test_browsing_stretches_still_works_in_a_group(
    standin: StandIn, user: UserClient
) -> None:
    group = standin.new_group("Back care club")
    menu = (await user.send_in_group(group, "/start"))[-1]

    await user.tap(menu, "🧘 Browse stretches")

    assert group.last.text.startswith("Browse stretches")
