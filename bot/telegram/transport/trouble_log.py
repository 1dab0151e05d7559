"""One line per passing Telegram trouble, not a chained traceback.

A network blip, a timeout or a Telegram 5xx is expected now and then and says nothing about
our code: one outage of 20 s once wrote 153 tracebacks (260 KB). Such a record keeps its
message, gains the error's one-line summary and a running count, and loses the traceback.
Anything unexpected keeps its traceback.
"""

from __future__ import annotations

import logging
from collections import Counter

from bot.telegram.transport.retries import is_passing


class PassingTroubleFilter(logging.Filter):
    def __init__(self) -> None:
        super().__init__()
        self.counts: Counter[str] = Counter()

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        if error is None or not is_passing(error):
            return True
        kind = type(error).__name__
        self.counts[kind] += 1
        record.msg = f"{record.getMessage()} ({kind}: {error}; {self.counts[kind]} so far)"
        record.args = None
        record.exc_info = None
        record.exc_text = None
        if record.levelno > logging.WARNING:
            record.levelno, record.levelname = logging.WARNING, "WARNING"
        return True
