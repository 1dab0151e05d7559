"""Know when the bot has finished with an update, so user-side calls can return its replies."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field

QUIET_PERIOD = 0.3


@dataclass
class Tracked:
    """One update the user side is waiting on."""

    update_id: int
    chat_id: int | None
    label: str
    fetched_at: float | None = None
    processed: asyncio.Event = field(default_factory=asyncio.Event)
    dropped: str | None = None


class ProcessingTracker:
    """Either the bot reports ``mark_processed`` or a quiet period after fetching stands in."""

    def __init__(self, track: bool, timeout: float, quiet: float = QUIET_PERIOD) -> None:
        self.track = track
        self.timeout = timeout
        self.quiet = quiet
        self._updates: dict[int, Tracked] = {}
        self._last_activity: dict[int | None, float] = {}

    def register(self, update_id: int, chat_id: int | None, label: str) -> None:
        self._updates[update_id] = Tracked(update_id, chat_id, label)

    def fetched(self, update_id: int) -> None:
        tracked = self._updates.get(update_id)
        if tracked is not None and tracked.fetched_at is None:
            tracked.fetched_at = time.monotonic()

    def dropped(self, update_id: int, reason: str) -> None:
        tracked = self._updates.get(update_id)
        if tracked is not None:
            tracked.dropped = reason
            tracked.processed.set()

    def processed(self, update_id: int) -> None:
        """The bot's hook: its handlers for this update are done (unknown ids are ignored)."""
        tracked = self._updates.get(update_id)
        if tracked is not None:
            tracked.processed.set()

    def activity(self, chat_id: int | None) -> None:
        """An API call touched this chat (None: no chat); quiet-period mode watches these."""
        now = time.monotonic()
        self._last_activity[chat_id] = now
        self._last_activity[None] = now

    async def wait(self, update_id: int, within: float | None = None) -> None:
        """Until the update is processed; AssertionError naming it after the time limit."""
        tracked = self._updates[update_id]
        limit = self.timeout if within is None else within
        try:
            if self.track:
                await asyncio.wait_for(tracked.processed.wait(), limit)
            else:
                await asyncio.wait_for(self._quiet(tracked), limit)
        except TimeoutError:
            raise AssertionError(self._timeout_message(tracked, limit)) from None
        finally:
            self._updates.pop(update_id, None)
        if tracked.dropped:
            raise AssertionError(
                f"update {update_id} ({tracked.label}) never reached the bot: {tracked.dropped}"
            )

    async def _quiet(self, tracked: Tracked) -> None:
        while True:
            if tracked.dropped:
                return
            if tracked.fetched_at is None:
                await asyncio.sleep(0.01)
                continue
            last = max(tracked.fetched_at, self._last_activity.get(tracked.chat_id, 0.0))
            remaining = last + self.quiet - time.monotonic()
            if remaining <= 0:
                return
            await asyncio.sleep(remaining)

    async def wait_idle(self, within: float | None = None) -> None:
        """Until every update the user side queued is processed."""
        for update_id in list(self._updates):
            if update_id in self._updates:
                await self.wait(update_id, within)

    def _timeout_message(self, tracked: Tracked, limit: float) -> str:
        head = f"update {tracked.update_id} ({tracked.label}) was not processed within {limit} s"
        if tracked.fetched_at is None:
            return f"{head}: the bot never fetched it (is it polling getUpdates?)"
        if self.track:
            return (
                f"{head}: the bot fetched it but never called "
                f"standin.mark_processed({tracked.update_id}) (is the update processor wired, "
                "or should the stand-in use track_processing=False?)"
            )
        return f"{head}: the bot kept calling the API for this chat"
