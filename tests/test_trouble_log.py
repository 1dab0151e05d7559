"""Passing Telegram trouble logs one line with a count; anything else keeps its traceback."""

from __future__ import annotations

import io
import logging

from telegram.error import BadRequest, NetworkError, TimedOut

from bot.telegram.transport.trouble_log import PassingTroubleFilter


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
