"""Photos must be real PNG/JPEG images; documents keep their bytes and name."""

from __future__ import annotations

import struct
from typing import Any

import pytest
from telegram import InputFile
from telegram.error import BadRequest

from standin import StandIn, tiny_png
from standin.media import ImageError, inspect_image
from tests.standin.conftest import pop_rejections

App = Any


def tiny_jpeg(width: int, height: int) -> bytes:
    """Just enough JPEG structure: SOI, a baseline frame header, EOI."""
    frame = struct.pack(">HBHHB", 11, 8, height, width, 1) + b"\x01\x11\x00"
    return b"\xff\xd8\xff\xc0" + frame + b"\xff\xd9"


async def test_send_png_photo(standin: StandIn, bot_app: App) -> None:
    ana = standin.new_user()
    png = tiny_png(400, 300)
    sent = await bot_app.bot.send_photo(
        ana.chat_id, png, caption="<b>Cat</b> pose", parse_mode="HTML"
    )
    assert (sent.photo[-1].width, sent.photo[-1].height) == (400, 300)
    assert [p.width for p in sent.photo] == [90, 320, 400]
    assert sent.caption == "Cat pose" and sent.caption_entities[0].type == "bold"
    message = ana.last
    assert message.kind == "photo" and message.photo_bytes == png
    assert message.html == "<b>Cat</b> pose"

    again = await bot_app.bot.send_photo(ana.chat_id, sent.photo[-1].file_id)
    assert again.photo[-1].file_id == sent.photo[-1].file_id


async def test_send_jpeg_photo(standin: StandIn, bot_app: App) -> None:
    ana = standin.new_user()
    sent = await bot_app.bot.send_photo(ana.chat_id, tiny_jpeg(64, 32))
    assert (sent.photo[-1].width, sent.photo[-1].height) == (64, 32)


@pytest.mark.parametrize(
    "data",
    [
        b"not an image at all",
        tiny_png()[:-5],  # truncated
        tiny_png().replace(b"IDAT", b"IDAU"),  # CRC no longer matches
        b"\x89PNG\r\n\x1a\n",
    ],
)
async def test_garbage_photo_is_refused(standin: StandIn, bot_app: App, data: bytes) -> None:
    ana = standin.new_user()
    with pytest.raises(BadRequest, match=r"(?i)image_process_failed"):
        await bot_app.bot.send_photo(ana.chat_id, InputFile(data, filename="x.png"))
    assert pop_rejections(standin) == ["Bad Request: IMAGE_PROCESS_FAILED"]


async def test_photo_dimensions_and_file_ids(standin: StandIn, bot_app: App) -> None:
    ana = standin.new_user()
    with pytest.raises(BadRequest, match=r"(?i)photo_invalid_dimensions"):
        await bot_app.bot.send_photo(ana.chat_id, tiny_png(210, 10))
    with pytest.raises(BadRequest, match=r"(?i)wrong file identifier"):
        await bot_app.bot.send_photo(ana.chat_id, "AgACunknown")
    doc = await bot_app.bot.send_document(ana.chat_id, b"%PDF-1.4", filename="plan.pdf")
    with pytest.raises(BadRequest, match=r"(?i)can't use file of type document as photo"):
        await bot_app.bot.send_photo(ana.chat_id, doc.document.file_id)
    assert len(pop_rejections(standin)) == 3


async def test_send_document_and_edit_caption(standin: StandIn, bot_app: App) -> None:
    ana = standin.new_user()
    sent = await bot_app.bot.send_document(
        ana.chat_id, b"day,minutes\n1,10\n", filename="progress.csv", caption="Your week"
    )
    assert sent.document.file_name == "progress.csv"
    message = ana.last
    assert message.document_bytes == b"day,minutes\n1,10\n"
    assert message.document_filename == "progress.csv"
    await bot_app.bot.edit_message_caption(ana.chat_id, sent.message_id, caption="Your month")
    assert message.caption == "Your month" and message.edit_count == 1
    with pytest.raises(BadRequest, match=r"(?i)there is no text in the message to edit"):
        await bot_app.bot.edit_message_text("x", ana.chat_id, sent.message_id)
    with pytest.raises(BadRequest, match=r"(?i)file must be non-empty"):
        await bot_app.bot.send_document(ana.chat_id, b"", filename="empty.txt")
    assert len(pop_rejections(standin)) == 2


def test_inspect_image_units() -> None:
    assert inspect_image(tiny_png(3, 5)).width == 3
    assert inspect_image(tiny_jpeg(7, 9)).height == 9
    with pytest.raises(ImageError):
        inspect_image(b"\xff\xd8\xff\xd9")
