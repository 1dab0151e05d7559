"""answerCallbackQuery and answerInlineQuery: each query can be answered once."""

from __future__ import annotations

import time

from standin.errors import bad_request
from standin.methods.base import Call, Handler
from standin.model import CallbackAnswer

QUERY_INVALID = "query is too old and response timeout expired or query ID is invalid"
MAX_RESULTS = 50


async def answer_callback_query(call: Call) -> bool:
    record = call.state.callback_queries.get(call.params["callback_query_id"])
    if record is None or record.answered:
        raise bad_request(QUERY_INVALID)
    text = call.params.get("text")
    if text is not None and len(text) > 200:
        raise bad_request("MESSAGE_TOO_LONG: callback answers are at most 200 characters")
    url = call.params.get("url")
    if url is not None and not _opens_this_bot(url, call.state.bot.username):
        # Outside games, Telegram opens only t.me links to the bot itself from an answer.
        raise bad_request("URL_INVALID")
    record.answered = True
    record.answer = CallbackAnswer(
        text=text,
        show_alert=bool(call.params.get("show_alert")),
        url=call.params.get("url"),
        delay=time.monotonic() - record.asked_at,
    )
    return True


def _opens_this_bot(url: str, username: str | None) -> bool:
    link = f"https://t.me/{username}"
    return url == link or url.startswith(f"{link}?start=")


async def answer_inline_query(call: Call) -> bool:
    record = call.state.inline_queries.get(call.params["inline_query_id"])
    if record is None or record.answered:
        raise bad_request(QUERY_INVALID)
    results = call.params["results"]
    if len(results) > MAX_RESULTS:
        raise bad_request("RESULTS_TOO_MUCH")
    ids = [result["id"] for result in results]
    if len(set(ids)) != len(ids):
        raise bad_request("RESULT_ID_DUPLICATE")
    if len(call.params.get("next_offset", "").encode()) > 64:
        raise bad_request("NEXT_OFFSET_INVALID")
    record.answered = True
    record.results = list(results)
    return True


HANDLERS: dict[str, Handler] = {
    "answerCallbackQuery": answer_callback_query,
    "answerInlineQuery": answer_inline_query,
}
