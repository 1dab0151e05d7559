"""Everything stored about one person, as plain data for /export; nobody else's rows."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.models import PainCheck, PracticeRow, Reminder, RestNight, User

FORMAT_VERSION = 1
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


async def export_user(db: AsyncSession, user_id: int, now: datetime) -> dict[str, Any]:
    user = await db.get(User, user_id)
    if user is None:
        return {"format": FORMAT_VERSION, "exported_at": now.isoformat(), "profile": None}
    reminder = await db.get(Reminder, user_id)
    practices = await db.scalars(
        select(PracticeRow).where(PracticeRow.user_id == user_id).order_by(PracticeRow.started_at)
    )
    checks = await db.scalars(
        select(PainCheck).where(PainCheck.user_id == user_id).order_by(PainCheck.night)
    )
    rests = await db.scalars(
        select(RestNight).where(RestNight.user_id == user_id).order_by(RestNight.night)
    )
    return {
        "format": FORMAT_VERSION,
        "exported_at": now.isoformat(),
        **_person(user),
        "reminder": _reminder(reminder) if reminder else None,
        "routines": [_practice(row) for row in practices],
        "pain_check_ins": [
            {"night": row.night.isoformat(), "when": row.moment, "score": row.score}
            for row in checks
        ],
        "rest_nights": [row.night.isoformat() for row in rests],
    }


def _person(user: User) -> dict[str, Any]:
    return {
        "profile": {
            "telegram_user_id": user.id,
            "first_name": user.first_name,
            "language_code": user.language_code,
            "first_seen": user.created_at.isoformat(),
            "last_seen": user.last_seen_at.isoformat(),
            "time_zone": user.timezone,
        },
        "settings": {
            "pace": user.pace,
            "breathing_tempo": user.tempo,
            "cue_sound": user.cue_sound,
            "routine_flows_by_itself": user.hands_free,
            "audio_voice": user.audio_voice,
            "audio_tone": user.audio_tone,
            "audio_tone_volume_percent": user.audio_tone_volume,
            "night_ends_at_hour": user.night_cutoff_hour,
        },
    }


def _reminder(reminder: Reminder) -> dict[str, Any]:
    return {
        "time": f"{reminder.local_minute // 60:02d}:{reminder.local_minute % 60:02d}",
        "days": [WEEKDAYS[d] for d in range(7) if reminder.days_mask & (1 << d)],
        "time_zone": reminder.zone,
        "on": reminder.enabled,
        "next": reminder.next_fire_at.isoformat() if reminder.next_fire_at else None,
    }


def _practice(row: PracticeRow) -> dict[str, Any]:
    return {
        "routine": row.routine_id,
        "title": row.title,
        "status": row.status,
        "started": row.started_at.isoformat(),
        "ended": row.ended_at.isoformat() if row.ended_at else None,
        "stretches_done": list(row.done),
        "stretches_skipped": list(row.skipped),
        "seconds_stretching": round(row.active_seconds),
        "time_zone": row.zone,
    }
