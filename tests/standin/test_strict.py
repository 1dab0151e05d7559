"""Every strict check refuses like Telegram and lands in ``standin.rejections``."""

from __future__ import annotations

from typing import Any

import pytest
from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InputTextMessageContent,
)
from telegram.error import BadRequest, EndPointNotFound, NetworkError

from standin import StandIn, tiny_png
from tests.standin.conftest import pop_rejections, raw_call

App = Any  # a PTB Application (the bot_app fixture)


async def test_bad_html_is_refused_with_telegram_wording(standin: StandIn, bot_app: App) -> None:
    ana = standin.new_user()
    with pytest.raises(BadRequest, match=r'(?i)unsupported start tag "br" at byte offset 2'):
        await bot_app.bot.send_message(ana.chat_id, "a <br> b", parse_mode="HTML")
    assert pop_rejections(standin) == [
        'Bad Request: can\'t parse entities: Unsupported start tag "br" at byte offset 2'
    ]
    rejection_params = standin.requests[-1].params
    assert rejection_params["text"] == "a <br> b"


@pytest.mark.parametrize(
    ("html", "error"),
    [
        ("<b>bold", 'Can\'t find end tag corresponding to start tag "b"'),
        ("<b>x</i>", 'Unmatched end tag at byte offset 4, expected "</b>", found "</i>"'),
        ("x</b>", "Unexpected end tag at byte offset 1"),
        ("fish & chips", 'Unsupported HTML entity "&" at byte offset 5'),
        ("<b><i>x</b></i>", 'Unmatched end tag at byte offset 7, expected "</i>", found "</b>"'),
    ],
)
async def test_html_errors(standin: StandIn, bot_app: App, html: str, error: str) -> None:
    ana = standin.new_user()
    with pytest.raises(BadRequest):
        await bot_app.bot.send_message(ana.chat_id, html, parse_mode="HTML")
    (description,) = pop_rejections(standin)
    assert description.startswith(f"Bad Request: can't parse entities: {error}")


async def test_unknown_parameter(standin: StandIn, bot_app: App) -> None:
    ana = standin.new_user()
    with pytest.raises(BadRequest, match=r'(?i)unknown parameter "disable_notifications"'):
        await bot_app.bot.send_message(
            ana.chat_id, "hi", api_kwargs={"disable_notifications": True}
        )
    assert len(pop_rejections(standin)) == 1
    assert ana.messages == []


async def test_missing_parameters(standin: StandIn, bot_app: App) -> None:
    ana = standin.new_user()
    status, body = await raw_call(standin, "sendMessage", data={"chat_id": str(ana.chat_id)})
    assert (status, body["description"]) == (400, "Bad Request: message text is empty")
    status, body = await raw_call(standin, "answerCallbackQuery")
    assert body == {
        "ok": False,
        "error_code": 400,
        "description": 'Bad Request: parameter "callback_query_id" is required',
    }
    with pytest.raises(BadRequest, match=r"(?i)message text is empty"):
        await bot_app.bot.send_message(ana.chat_id, "<b> </b>", parse_mode="HTML")
    assert len(pop_rejections(standin)) == 3


async def test_wrong_types(standin: StandIn, bot_app: App) -> None:
    ana = standin.new_user()
    form = {"chat_id": str(ana.chat_id), "text": "x", "disable_notification": "yes"}
    _, body = await raw_call(standin, "sendMessage", data=form)
    assert body["description"] == (
        "Bad Request: parameter \"disable_notification\" must be Boolean, got 'yes'"
    )
    _, body = await raw_call(standin, "sendMessage", json={**form, "disable_notification": 1})
    assert "disable_notification must be a Boolean" in body["description"]
    with pytest.raises(BadRequest, match=r"(?i)chat not found"):
        await bot_app.bot.send_message("@nobody", "x")
    typo = {"inline_keyboard": [[{"text": "A", "callbak_data": "a"}]]}
    with pytest.raises(BadRequest, match=r'(?i)unknown field "callbak_data" in inlinekeyboard'):
        await bot_app.bot.send_message(ana.chat_id, "x", api_kwargs={"reply_markup": typo})
    fine = {"chat_id": str(ana.chat_id), "text": "x", "reply_markup": "{oops"}
    _, body = await raw_call(standin, "sendMessage", data=fine)
    assert body["description"] == "Bad Request: can't parse reply_markup JSON object"
    assert len(pop_rejections(standin)) == 5
    assert ana.messages == []


async def test_keyboard_limits(standin: StandIn, bot_app: App) -> None:
    ana = standin.new_user()
    send = bot_app.bot.send_message

    def keyboard(*buttons: InlineKeyboardButton) -> InlineKeyboardMarkup:
        return InlineKeyboardMarkup([list(buttons)])

    await send(
        ana.chat_id, "ok", reply_markup=keyboard(InlineKeyboardButton("A", callback_data="é" * 32))
    )
    with pytest.raises(BadRequest, match=r"(?i)button_data_invalid"):
        await send(
            ana.chat_id,
            "x",
            reply_markup=keyboard(InlineKeyboardButton("A", callback_data="x" * 65)),
        )
    with pytest.raises(BadRequest, match=r"(?i)exactly one action"):
        button = InlineKeyboardButton("A", callback_data="a", url="https://example.org")
        await send(ana.chat_id, "x", reply_markup=keyboard(button))
    with pytest.raises(BadRequest, match=r"(?i)text buttons are unallowed"):
        await send(
            ana.chat_id, "x", api_kwargs={"reply_markup": {"inline_keyboard": [[{"text": "A"}]]}}
        )
    with pytest.raises(BadRequest, match=r"(?i)need a label"):
        await send(
            ana.chat_id, "x", reply_markup=keyboard(InlineKeyboardButton(" ", callback_data="a"))
        )
    many = InlineKeyboardMarkup(
        [[InlineKeyboardButton(str(i), callback_data=str(i))] for i in range(101)]
    )
    with pytest.raises(BadRequest, match=r"(?i)too many buttons"):
        await send(ana.chat_id, "x", reply_markup=many)
    assert len(pop_rejections(standin)) == 5
    assert len(ana.messages) == 1


async def test_text_and_caption_lengths(standin: StandIn, bot_app: App) -> None:
    ana = standin.new_user()
    await bot_app.bot.send_message(ana.chat_id, "x" * 4096)
    with pytest.raises(BadRequest, match=r"(?i)message is too long"):
        await bot_app.bot.send_message(ana.chat_id, "x" * 4097)
    await bot_app.bot.send_photo(ana.chat_id, tiny_png(), caption="c" * 1024)
    with pytest.raises(BadRequest, match=r"(?i)message caption is too long"):
        await bot_app.bot.send_photo(ana.chat_id, tiny_png(), caption="c" * 1025)
    assert pop_rejections(standin) == [
        "Bad Request: message is too long",
        "Bad Request: message caption is too long",
    ]


async def test_callback_query_answered_once(standin: StandIn, make_app: Any) -> None:
    from telegram import Update
    from telegram.ext import CallbackQueryHandler, CommandHandler, ContextTypes

    errors: list[str] = []

    async def menu(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None
        markup = InlineKeyboardMarkup([[InlineKeyboardButton("Go", callback_data="go")]])
        await update.effective_message.reply_text("Menu", reply_markup=markup)

    async def twice(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.callback_query is not None
        await update.callback_query.answer()
        try:
            await update.callback_query.answer("again")
        except BadRequest as exc:
            errors.append(exc.message)

    await make_app(CommandHandler("menu", menu), CallbackQueryHandler(twice))
    ana = standin.new_user()
    (message,) = await ana.send("/menu")
    await ana.tap(message, "Go")
    assert ana.last_callback_answer is not None and ana.last_callback_answer.text is None
    assert errors == ["Query is too old and response timeout expired or query id is invalid"]
    assert len(pop_rejections(standin)) == 1


async def test_inline_query_checks(standin: StandIn, bot_app: App) -> None:
    ana = standin.new_user()
    record = standin.state.new_inline_query(ana.person, "q")

    def article(i: int) -> InlineQueryResultArticle:
        return InlineQueryResultArticle(str(i), "t", InputTextMessageContent("m"))

    with pytest.raises(BadRequest, match=r"(?i)query is too old"):
        await bot_app.bot.answer_inline_query("123", [article(1)])
    with pytest.raises(BadRequest, match=r"(?i)results_too_much"):
        await bot_app.bot.answer_inline_query(record.id, [article(i) for i in range(51)])
    with pytest.raises(BadRequest, match=r"(?i)result_id_invalid"):
        await bot_app.bot.answer_inline_query(
            record.id,
            [article(1)],
            api_kwargs={
                "results": [
                    {
                        "type": "article",
                        "id": "x" * 65,
                        "title": "t",
                        "input_message_content": {"message_text": "m"},
                    }
                ]
            },
        )
    with pytest.raises(BadRequest, match=r"(?i)can't parse entities"):
        bad = InlineQueryResultArticle(
            "1", "t", InputTextMessageContent("<b>x", parse_mode="HTML")
        )
        await bot_app.bot.answer_inline_query(record.id, [bad])
    assert await bot_app.bot.answer_inline_query(record.id, [article(1)])
    with pytest.raises(BadRequest, match=r"(?i)query is too old"):
        await bot_app.bot.answer_inline_query(record.id, [article(1)])
    assert len(pop_rejections(standin)) == 5


async def test_unknown_and_unimplemented_methods(standin: StandIn, bot_app: App) -> None:
    with pytest.raises(EndPointNotFound):
        await bot_app.bot.do_api_request("sendMesage", api_kwargs={"chat_id": 1, "text": "x"})
    with pytest.raises(NetworkError, match=r"(?i)getchat is a bot api method"):
        await bot_app.bot.get_chat(1)
    with pytest.raises(NetworkError, match=r"(?i)parse_mode markdownv2 is not supported"):
        await bot_app.bot.send_message(standin.new_user().chat_id, "*x*", parse_mode="MarkdownV2")
    assert [r.status for r in standin.rejections] == [404, 501, 501]
    pop_rejections(standin)
