"""Past nights for tests: finished sessions written straight to the database (the truth)."""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.storage.models import PracticeRow
from standin import UserClient


def finished_session(user: UserClient, ended: datetime) -> PracticeRow:
    return PracticeRow(
        user_id=user.id,
        chat_id=user.chat_id,
        routine_id="bedtime",
        title="Bedtime",
        exercise_ids=["knee-to-chest", "supine-twist"],
        pace="standard",
        tempo="standard",
        status="finished",
        exercise_index=1,
        phase_index=0,
        phase_ends_at=None,
        remaining_seconds=None,
        token=9,
        done=["knee-to-chest", "supine-twist"],
        skipped=[],
        active_seconds=600.0,
        card_message_id=None,
        cue_sound=True,
        settle_seconds=0,
        started_at=ended - timedelta(minutes=10),
        last_activity=ended,
        ended_at=ended,
        zone="Europe/Berlin",
    )
