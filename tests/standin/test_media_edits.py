"""sendAnimation, editMessageMedia and editMessageCaption as strict as Telegram: media types,
sizes, caption limits after entities, and file_ids given out before standing in for uploads."""

from __future__ import annotations

import json
from typing import Any

import aiohttp
import pytest
from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputFile,
    InputMediaAnimation,
    InputMediaPhoto,
    InputMediaVideo,
)
from telegram.error import BadRequest, NetworkError

from standin import StandIn, tiny_gif, tiny_mp4, tiny_png
from standin.methods import files
from tests.standin.conftest import pop_rejections, raw_call

App = Any  # a PTB Application (the bot_app fixture)
# Markup that parses away: 1024 characters a user sees, more than 1024 sent.
BOLD_1024 = "<b>" + "x" * 1024 + "</b>"
LONG_CAPTION = "x" * 1025


async def test_send_animation_upload_and_reuse(standin: StandIn, bot_app: App) -> None:
    ana = standin.new_user()
    sent = await bot_app.bot.send_animation(
        ana.chat_id, InputFile(tiny_mp4(480, 300, 3), filename="cat-cow.mp4"), caption="Flow"
    )
    assert (sent.animation.width, sent.animation.height) == (480, 300)
    assert sent.animation.mime_type == "video/mp4"
    assert ana.last.media is not None and ana.last.media.duration == 3
    assert sent.document is not None, "Telegram sets document too, for older clients"
    assert ana.last.kind == "animation" and ana.last.caption == "Flow"

    again = await bot_app.bot.send_animation(ana.chat_id, sent.animation.file_id)
    gif = await bot_app.bot.send_animation(ana.chat_id, tiny_gif(8, 6))

    assert again.animation.file_id == sent.animation.file_id
    assert (gif.animation.width, gif.animation.mime_type) == (8, "image/gif")
    assert [(u.method, u.kind) for u in standin.uploads] == [
        ("sendAnimation", "animation"),
        ("sendAnimation", "animation"),
    ], "sending a file_id again uploads nothing"


async def test_send_animation_refuses_what_is_no_animation(
    standin: StandIn, bot_app: App, monkeypatch: pytest.MonkeyPatch
) -> None:
    ana = standin.new_user()
    photo = await bot_app.bot.send_photo(ana.chat_id, tiny_png(40, 30))
    with pytest.raises(BadRequest, match=r"(?i)must be a GIF or an MP4"):
        await bot_app.bot.send_animation(ana.chat_id, tiny_png(40, 30))
    with pytest.raises(BadRequest, match=r"(?i)can't use file of type Photo as Animation"):
        await bot_app.bot.send_animation(ana.chat_id, photo.photo[-1].file_id)
    with pytest.raises(BadRequest, match=r"(?i)wrong file identifier"):
        await bot_app.bot.send_animation(ana.chat_id, "CgACnever-given-out")
    with pytest.raises(BadRequest, match=r"(?i)thumbnail must be a JPEG"):
        await bot_app.bot.send_animation(ana.chat_id, tiny_mp4(), thumbnail=tiny_png(32, 32))
    monkeypatch.setattr(files, "MAX_FILE_BYTES", 100)
    with pytest.raises(NetworkError, match=r"(?i)Request Entity Too Large"):
        await bot_app.bot.send_animation(ana.chat_id, tiny_mp4())
    assert len(pop_rejections(standin)) == 5
    assert [u.kind for u in standin.uploads] == ["photo"]


@pytest.mark.parametrize("method", ["photo", "animation"])
async def test_captions_count_characters_after_entities(
    standin: StandIn, bot_app: App, method: str
) -> None:
    ana = standin.new_user()
    send = bot_app.bot.send_photo if method == "photo" else bot_app.bot.send_animation
    media = tiny_png(64, 48) if method == "photo" else tiny_mp4()

    sent = await send(ana.chat_id, media, caption=BOLD_1024, parse_mode="HTML")
    assert len(sent.caption) == 1024
    with pytest.raises(BadRequest, match=r"(?i)message caption is too long"):
        await send(ana.chat_id, media, caption=LONG_CAPTION)
    with pytest.raises(BadRequest, match=r"(?i)message caption is too long"):
        await bot_app.bot.edit_message_caption(ana.chat_id, sent.message_id, caption=LONG_CAPTION)
    assert len(pop_rejections(standin)) == 2


async def test_edit_media_swaps_the_picture_in_place(standin: StandIn, bot_app: App) -> None:
    ana = standin.new_user()
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Pause", callback_data="p")]])
    card = await bot_app.bot.send_photo(
        ana.chat_id, tiny_png(64, 40), caption="Right side", reply_markup=keyboard
    )
    first = card.photo[-1].file_id

    edited = await bot_app.bot.edit_message_media(
        InputMediaPhoto(tiny_png(80, 50), caption="<b>Left</b> side", parse_mode="HTML"),
        ana.chat_id,
        card.message_id,
        reply_markup=keyboard,
    )

    message = ana.last
    assert message.message_id == card.message_id and message.edit_count == 1
    assert (edited.photo[-1].width, edited.caption) == (80, "Left side")
    assert message.caption_entities[0]["type"] == "bold" and message.button_texts == ["Pause"]
    back = await bot_app.bot.edit_message_media(
        InputMediaPhoto(first, caption="Right side"), ana.chat_id, card.message_id
    )
    assert back.photo[-1].file_id == first and message.buttons == []
    assert len(standin.uploads) == 2, "the first picture went back by file_id, not uploaded"


async def test_edit_media_without_a_caption_drops_it(standin: StandIn, bot_app: App) -> None:
    ana = standin.new_user()
    card = await bot_app.bot.send_photo(ana.chat_id, tiny_png(64, 40), caption="Cat")
    await bot_app.bot.edit_message_media(InputMediaPhoto(tiny_png(64, 40)), ana.chat_id, 1)
    assert ana.last.caption is None and card.message_id == 1


async def test_the_same_media_and_caption_is_not_modified(standin: StandIn, bot_app: App) -> None:
    ana = standin.new_user()
    card = await bot_app.bot.send_photo(ana.chat_id, tiny_png(64, 40), caption="Cat")
    same = InputMediaPhoto(card.photo[-1].file_id, caption="Cat")
    with pytest.raises(BadRequest, match=r"(?i)message is not modified"):
        await bot_app.bot.edit_message_media(same, ana.chat_id, card.message_id)
    # A smaller size's file_id names the same photo.
    smaller = InputMediaPhoto(card.photo[0].file_id, caption="Cat")
    with pytest.raises(BadRequest, match=r"(?i)message is not modified"):
        await bot_app.bot.edit_message_media(smaller, ana.chat_id, card.message_id)
    assert len(pop_rejections(standin)) == 2


async def test_edit_media_turns_a_text_card_into_a_picture(standin: StandIn, bot_app: App) -> None:
    """Bot API 10.1: editMessageMedia may "replace a text or a rich message with a media"."""
    ana = standin.new_user()
    card = await bot_app.bot.send_message(ana.chat_id, "Knee hugs · 1 of 7")
    edited = await bot_app.bot.edit_message_media(
        InputMediaPhoto(tiny_png(64, 40), caption="Knee hugs · 1 of 7"), ana.chat_id, 1
    )
    assert edited.text is None and edited.caption == "Knee hugs · 1 of 7"
    assert ana.last.kind == "photo" and ana.last.text == ""
    with pytest.raises(BadRequest, match=r"(?i)there is no text in the message to edit"):
        await bot_app.bot.edit_message_text("plain again", ana.chat_id, card.message_id)
    assert len(pop_rejections(standin)) == 1


async def test_edit_media_refusals(standin: StandIn, bot_app: App) -> None:
    ana = standin.new_user()
    chat = standin.state.chats[ana.chat_id]
    assert chat.peer is not None
    standin.state.add_user_message(chat, chat.peer, {"text": "hello"})  # the user's, id 1
    card = await bot_app.bot.send_photo(ana.chat_id, tiny_png(64, 40))
    with pytest.raises(BadRequest, match=r"(?i)message can't be edited"):
        await bot_app.bot.edit_message_media(InputMediaPhoto(tiny_png()), ana.chat_id, 1)
    with pytest.raises(BadRequest, match=r"(?i)message to edit not found"):
        await bot_app.bot.edit_message_media(InputMediaPhoto(tiny_png()), ana.chat_id, 99)
    with pytest.raises(BadRequest, match=r"(?i)wrong file identifier"):
        await bot_app.bot.edit_message_media(InputMediaPhoto("AgACnope"), ana.chat_id, 2)
    with pytest.raises(BadRequest, match=r"(?i)IMAGE_PROCESS_FAILED"):
        await bot_app.bot.edit_message_media(InputMediaPhoto(b"not a png"), ana.chat_id, 2)
    with pytest.raises(BadRequest, match=r"(?i)PHOTO_INVALID_DIMENSIONS"):
        await bot_app.bot.edit_message_media(InputMediaPhoto(tiny_png(420, 20)), ana.chat_id, 2)
    with pytest.raises(BadRequest, match=r"(?i)message caption is too long"):
        long = InputMediaPhoto(card.photo[-1].file_id, caption=LONG_CAPTION)
        await bot_app.bot.edit_message_media(long, ana.chat_id, 2)
    with pytest.raises(BadRequest, match=r"(?i)can't use file of type Photo as Animation"):
        wrong = InputMediaAnimation(card.photo[-1].file_id)
        await bot_app.bot.edit_message_media(wrong, ana.chat_id, 2)
    assert len(pop_rejections(standin)) == 7
    with pytest.raises(NetworkError, match=r"(?i)cannot edit a message's media to a video"):
        await bot_app.bot.edit_message_media(InputMediaVideo(tiny_mp4()), ana.chat_id, 2)
    pop_rejections(standin)
    assert ana.last.edit_count == 0


async def test_edit_media_to_an_animation(standin: StandIn, bot_app: App) -> None:
    ana = standin.new_user()
    await bot_app.bot.send_photo(ana.chat_id, tiny_png(64, 40), caption="Cat-cow")
    edited = await bot_app.bot.edit_message_media(
        InputMediaAnimation(tiny_mp4(320, 200, 4), caption="Cat-cow"), ana.chat_id, 1
    )
    assert edited.animation.width == 320 and ana.last.kind == "animation"
    assert ana.last.media is not None and ana.last.media.duration == 4
    assert ana.last.photo is None


async def test_attached_parts_must_match_the_media(standin: StandIn) -> None:
    ana = standin.new_user()
    form = aiohttp.FormData()
    form.add_field("chat_id", str(ana.chat_id))
    form.add_field("photo", tiny_png(64, 40), filename="card.png")
    status, _ = await raw_call(standin, "sendPhoto", data=form)
    assert status == 200
    media = {"type": "photo", "media": "attach://picture"}

    status, body = await raw_call(
        standin,
        "editMessageMedia",
        json={"chat_id": ana.chat_id, "message_id": 1, "media": media},
    )
    assert (status, body["description"]) == (
        400,
        'Bad Request: file part "picture" referenced by media is missing',
    )
    form = aiohttp.FormData()
    form.add_field("chat_id", str(ana.chat_id))
    form.add_field("message_id", "1")
    form.add_field("media", json.dumps(media))
    form.add_field("picture", tiny_png(64, 40), filename="a.png")
    form.add_field("spare", tiny_png(64, 40), filename="b.png")
    status, body = await raw_call(standin, "editMessageMedia", data=form)
    assert status == 400 and 'unknown parameter "spare"' in body["description"]
    assert len(pop_rejections(standin)) == 2
    assert [u.method for u in standin.uploads] == ["sendPhoto"]
