"""Passing Telegram trouble logs one line with a count; anything else keeps its traceback."""

from __future__ import annotations

import io
import logging

import pytest
from telegram.error import BadRequest, NetworkError, TimedOut

from bot.app.messages import PracticeCue
from bot.app.ports import Lane, Recipient
from bot.domain.practice import Cue, CueKind
from bot.telegram.context import use_cases
from bot.telegram.transport.trouble_log import PassingTroubleFilter
from standin import StandIn, UserClient
from tests.conftest import RunningBot


def logged(*errors: BaseException) -> str:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(PassingTroubleFilter())
    logger = logging.getLogger("test.trouble")
    logger.addHandler(handler)
    try:
        for error in errors:
            try:
                raise error
            except Exception:
                logger.exception("Exception happened while polling for updates.")
    finally:
        logger.removeHandler(handler)
    return stream.getvalue()


def test_an_outage_logs_one_line_per_error_with_a_count() -> None:
    text = logged(*(NetworkError("httpx.ConnectError: refused") for _ in range(3)), TimedOut())

    lines = text.splitlines()
    assert len(lines) == 4
    assert "Traceback" not in text
    assert lines[2].endswith("(NetworkError: httpx.ConnectError: refused; 3 so far)")
    assert "(TimedOut: Timed out; 1 so far)" in lines[3]


def test_an_unexpected_error_keeps_its_traceback() -> None:
    text = logged(BadRequest("Message text is empty"), ValueError("bug"))

    assert text.count("Traceback") == 2


async def test_a_call_given_up_logs_one_line_with_how_many_so_far(
    standin: StandIn, user: UserClient, bot: RunningBot, caplog: pytest.LogCaptureFixture
) -> None:
    outbox = use_cases(bot.application).outbox
    standin.fail_next("editMessageText", 502, count=2)
    cue = PracticeCue(Cue(CueKind.REST, seconds=6))

    with caplog.at_level(logging.WARNING):
        for _ in range(2):  # a card refresh is not retried: one call each
            await outbox.edit(Recipient(user.chat_id), 1, cue, Lane.COUNTDOWN)

    given_up = [r for r in caplog.records if "could not update a message" in r.getMessage()]
    assert len(given_up) == 2 and not any(r.exc_info for r in given_up)
    assert given_up[0].getMessage().endswith("(NetworkError, 1 so far)")
    assert given_up[1].getMessage().endswith("(NetworkError, 2 so far)")
