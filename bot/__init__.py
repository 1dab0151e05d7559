"""Bedtime stretch bot."""

import os

# Opt in to PTB's coming behaviour (RetryAfter.retry_after as a timedelta); our code reads
# both forms, and this keeps a deprecation warning out of the operator's logs.
os.environ.setdefault("PTB_TIMEDELTA", "1")
