"""A unit of work: the repositories of one transaction, committed together or not at all.

Use cases open one with `Database.unit()` and never see SQLAlchemy.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.export import export_user
from bot.storage.files import FileRepository
from bot.storage.practices import PracticeRepository
from bot.storage.progress import ProgressRepository
from bot.storage.reminders import ReminderRepository
from bot.storage.users import UserRepository


@dataclass
class Unit:
    db: AsyncSession = field(repr=False)
    users: UserRepository = field(init=False)
    practices: PracticeRepository = field(init=False)
    progress: ProgressRepository = field(init=False)
    reminders: ReminderRepository = field(init=False)
    files: FileRepository = field(init=False)

    def __post_init__(self) -> None:
        self.users = UserRepository(self.db)
        self.practices = PracticeRepository(self.db)
        self.progress = ProgressRepository(self.db)
        self.reminders = ReminderRepository(self.db)
        self.files = FileRepository(self.db)

    async def export(self, user_id: int, now: datetime) -> dict[str, Any]:
        """Everything stored about one person, and nobody else."""
        return await export_user(self.db, user_id, now)
