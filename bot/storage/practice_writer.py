"""Group commit for the practices' compare-and-set saves.

SQLite has one writer and every transaction costs several thread hops through aiosqlite, so
hundreds of phase ends committed one by one queue behind each other. Saves that arrive while
a batch is being committed wait and go together in the next transaction; each caller still
gets its own compare-and-set answer, and only once it is committed. A batch settles every
save in one transaction, on SQLite and PostgreSQL alike: only a really stale save loses.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

from bot.domain.practice import PracticeState
from bot.storage.db import Database
from bot.storage.practices import PracticeRepository, PracticeSave

# Enough to take a whole burst of phase ends, small enough to keep one transaction short.
MAX_BATCH = 256


@dataclass
class _Waiting:
    save: PracticeSave
    result: asyncio.Future[bool]


@dataclass
class PracticeWriter:
    """Queue of compare-and-set saves, committed in groups by one task at a time."""

    database: Database
    max_batch: int = MAX_BATCH
    _queue: list[_Waiting] = field(default_factory=list, init=False, repr=False)
    _draining: asyncio.Task[None] | None = field(default=None, init=False, repr=False)

    async def save(self, practice_id: int, expected_token: int, state: PracticeState) -> bool:
        """Like `PracticeRepository.save` in a transaction of its own, but shared with others."""
        result: asyncio.Future[bool] = asyncio.get_running_loop().create_future()
        self._queue.append(_Waiting(PracticeSave(practice_id, expected_token, state), result))
        if self._draining is None:
            self._draining = asyncio.create_task(self._drain(), name="practice-writer")
        return await result

    async def _drain(self) -> None:
        try:
            while self._queue:
                batch = self._queue[: self.max_batch]
                del self._queue[: self.max_batch]
                await self._commit(batch)
        finally:
            self._draining = None
            for waiting in self._queue:  # only when cancelled: nobody will commit these
                waiting.result.cancel()
            self._queue.clear()

    async def _commit(self, batch: list[_Waiting]) -> None:
        try:
            saved = await self._apply([w.save for w in batch])
        except Exception as error:
            for waiting in batch:
                if not waiting.result.done():
                    waiting.result.set_exception(error)
            return
        except BaseException:
            for waiting in batch:
                waiting.result.cancel()
            raise
        for waiting, ok in zip(batch, saved, strict=True):
            if not waiting.result.done():
                waiting.result.set_result(ok)

    async def _apply(self, saves: list[PracticeSave]) -> list[bool]:
        async with self.database.transaction() as db:
            repository = PracticeRepository(db)
            if len(saves) == 1:
                save = saves[0]
                return [await repository.save(save.practice_id, save.expected_token, save.state)]
            return await repository.save_batch(saves)
