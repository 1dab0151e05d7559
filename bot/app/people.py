"""Who the person is to the bot: their first visit, their preferences, their data.

A person can see, export and delete what is stored about them, and nobody else's.
"""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

from bot.app.practices import Practices
from bot.domain.clock import Clock
from bot.domain.preferences import Preferences
from bot.storage.db import Database
from bot.storage.users import Visitor, preferences_of, set_preferences


class People:
    def __init__(self, database: Database, clock: Clock, practices: Practices) -> None:
        self._database = database
        self._clock = clock
        self._practices = practices

    async def greet(self, visitor: Visitor) -> bool:
        """Record the visit; True the first time, when the safety note is due."""
        now = self._clock()
        async with self._database.unit() as unit:
            user = await unit.users.record_visit(visitor, now)
            first_time = user.safety_note_shown_at is None
            if first_time:
                await unit.users.mark_safety_note_shown(user, now)
        return first_time

    async def wrote_again(self, user_id: int) -> None:
        """A person who had blocked the bot wrote: routines and reminders reach them again."""
        async with self._database.unit() as unit:
            await unit.users.mark_reachable(user_id)

    async def unreachable(self) -> list[int]:
        async with self._database.unit() as unit:
            return await unit.users.unreachable_ids()

    async def preferences(self, visitor: Visitor) -> Preferences:
        """Also records the visit, so a person who starts with /bedtime is known."""
        async with self._database.unit() as unit:
            user = await unit.users.record_visit(visitor, self._clock())
            return preferences_of(user)

    async def change_preferences(self, visitor: Visitor, **changes: Any) -> Preferences:
        async with self._database.unit() as unit:
            user = await unit.users.record_visit(visitor, self._clock())
            updated = replace(preferences_of(user), **changes)
            set_preferences(user, updated)
            return updated

    async def export(self, visitor: Visitor) -> bytes:
        """Everything stored about the person who asked, and nobody else, as JSON."""
        now = self._clock()
        async with self._database.unit() as unit:
            await unit.users.record_visit(visitor, now)
            data = await unit.export(visitor.user_id, now)
        return json.dumps(data, indent=2, ensure_ascii=False, default=str).encode()

    async def forget(self, user_id: int) -> None:
        """Delete everything about the person, after stopping their timers."""
        await self._practices.forget_user(user_id)
        async with self._database.unit() as unit:
            await unit.progress.forget(user_id)
