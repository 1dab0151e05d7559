"""Guided practices: a routine (or one stretch) in progress, one card, one timer each.

The database row is the truth. Every change goes: domain transition -> compare-and-set
save on the step token -> arm the practice's single timer -> show it to the person. A
timer or a tap carrying an old token changes nothing, so double taps, stale timers and
restarts are harmless; a failed send never stops the practice, since the timer is armed
before anything is sent.

When Telegram cannot take a new card (an outage), the person has nothing to look at: the
practice waits without a card (none stored) and tries a fresh one with growing pauses
until Telegram is back, then carries on from the start of the phase it was in.

Under load the cues keep their time: saves are group-committed, a phase end is stored a
moment early and shown on time, and a cue goes out before its card edit.
"""

from __future__ import annotations

import asyncio
import logging
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import Enum

from bot.app import progress
from bot.app.latest_first import LatestFirst
from bot.app.locks import KeyedLocks
from bot.app.messages import (
    CardNote,
    ClosedCard,
    Closing,
    Message,
    PracticeCard,
    PracticeCue,
    PracticeIntro,
    PracticeSummary,
)
from bot.app.ports import Edited, Lane, Outbox, Recipient, Timers, Unreachable
from bot.domain import practice as flow
from bot.domain.catalogue import Catalogue
from bot.domain.clock import Clock
from bot.domain.pacing import (
    LONG_PHASE_SECONDS,
    Phase,
    estimate_seconds,
    one_more_unit,
    plan_exercise,
)
from bot.domain.phrases import Spoken
from bot.domain.practice import Cue, CueKind, PracticeState, Status
from bot.domain.preferences import Preferences
from bot.storage.db import Database
from bot.storage.practice_writer import PracticeWriter
from bot.storage.practices import Practice

log = logging.getLogger(__name__)

# What a timer's step leaves to show once the practice is let go of.
Show = Callable[[], Awaitable[object]]

# Bot-time seconds between refreshes of a long phase's card (a short one is shown once),
# and the least real time between two edits.
EDIT_EVERY_SECONDS = float(LONG_PHASE_SECONDS)
MIN_REAL_EDIT_GAP = 1.0
# No countdown edit this close to the phase end: the end itself updates the card.
EDIT_QUIET_BEFORE_END = 2.0
# A timer this late after a restart still just continues; later than that, we ask first.
RESTART_GRACE = timedelta(seconds=15)
# A phase end is stored this many real seconds early (at most EDIT_QUIET_BEFORE_END bot
# seconds), and its cue waits for the planned moment: a busy database delays nothing then.
SAVE_AHEAD_SECONDS = 0.3
# The end of a practice is stored earlier still, and its summary read before it is due: a
# tap in the last moments of the last hold finds it ended.
SUMMARY_AHEAD_SECONDS = 2.0
# A second "Guide me" or "Start" for the same routine this soon is a double tap, not a wish
# to start over: the practice already begun stands and nothing is sent again.
DOUBLE_TAP = timedelta(seconds=5)
# The short safety note comes with a routine this often at most (/safety always has it).
SAFETY_NOTE_EVERY = timedelta(days=7)
# Real seconds before the first try of a fresh card after a failed one, doubling up to the
# longest pause, while Telegram is out of reach.
RESEND_FIRST = 2.0
RESEND_LONGEST = 60.0


class Control(Enum):
    """A button on a practice's card."""

    START = "s"
    PAUSE = "p"
    RESUME = "r"
    SKIP = "k"
    STOP = "x"
    MORE = "m"  # one more of an open count
    AGAIN = "a"  # the current stretch again, from its start


class ControlAnswer(Enum):
    """What a card button's pop-up says."""

    NONE = "none"
    ENDED = "ended"  # the practice is over or not theirs
    ALREADY_DONE = "already_done"  # a stale or double tap


@dataclass(frozen=True)
class UnderWay:
    """Practices in progress: `moving` ones go on by themselves, `waiting` ones need a tap
    (Start, or Continue after a pause) and otherwise end when left alone for long."""

    moving: int
    waiting: int


@dataclass(frozen=True)
class Begin:
    user_id: int
    chat_id: int
    exercise_ids: list[str]
    routine_id: str | None
    title: str
    preferences: Preferences
    # A button's tap: a second one for the same routine a moment later is a double tap.
    tapped: bool = False


class Practices:
    def __init__(
        self,
        catalogue: Catalogue,
        database: Database,
        clock: Clock,
        outbox: Outbox,
        timers: Timers,
        time_scale: float = 1.0,
    ) -> None:
        self._catalogue = catalogue
        self._database = database
        self._clock = clock
        self._outbox = outbox
        self._timers = timers
        self._time_scale = time_scale
        # Commits saves in groups: a burst of phase ends shares one transaction.
        self._writer = PracticeWriter(database)
        # Active practices by id: a cache of their rows, so timer ticks need no query.
        self._live: dict[int, Practice] = {}
        self._locks = KeyedLocks()
        # Timer steps under way, by practice, until what they show is sent.
        self._stepping: Counter[int] = Counter()
        # The card each practice's edits last found gone: edits still on their way to it
        # are dropped, since the edit that found it sent a replacement.
        self._gone: dict[int, int] = {}
        # Practices whose card could not be sent, with how many tries failed so far.
        self._stranded: dict[int, int] = {}
        # Card edits, one at a time per message, newest first (see latest_first.py).
        self._card_edits = LatestFirst()

    # Starting -----------------------------------------------------------------------------

    async def begin(self, request: Begin) -> Practice:
        """Stop whatever the person had running and start anew at the first card."""
        now = self._clock()
        preferences = request.preferences
        state = flow.new_practice(request.exercise_ids, preferences.pace, preferences.tempo, now)
        async with self._database.unit() as unit:
            user = await unit.users.get(request.user_id)
            replaced = await unit.practices.active_for_user(request.user_id)
            twin = _twin(replaced, request, now) if request.tapped else None
            if twin is not None:
                return twin
            for old in replaced:
                ended = flow.stop(old.state, self._phases(old.state), now)
                await unit.practices.save(old.id, old.state.token, ended)
            practice = await unit.practices.add(
                request.user_id,
                request.chat_id,
                request.routine_id,
                request.title,
                state,
                cue_sound=preferences.cue_sound,
                settle_seconds=preferences.settle_seconds,
                zone=user.timezone if user else None,
            )
            safety_note = user is None or _safety_note_due(user.safety_note_shown_at, now)
            if safety_note and user is not None:
                await unit.users.mark_safety_note_shown(user, now)
            # Asked once: unanswered, the routine keeps flowing by itself.
            ask_flow = user is not None and user.hands_free is None
            if ask_flow and user is not None:
                user.hands_free = True
            # A routine (not a single stretch) asks how the back feels, once a night.
            ask_pain = (
                user is not None
                and request.routine_id is not None
                and await progress.ask_pain_tonight(unit, user, state, after=False, now=now)
            )
        for old in replaced:
            self._forget(old.id)
            await self._later(old, ClosedCard(Closing.REPLACED), replace_if_gone=False)
        self._remember(practice)
        exercises = [self._catalogue.exercises[i] for i in request.exercise_ids]
        intro = PracticeIntro(
            practice_id=practice.id,
            title=request.title,
            exercise_count=len(exercises),
            seconds=estimate_seconds(exercises, state.pace, state.tempo.tempo),
            routine=request.routine_id is not None,
            ask_pain=ask_pain,
            safety_note=safety_note,
            ask_flow=ask_flow,
            settle_seconds=preferences.settle_seconds,
        )
        # The answer to the tap that began it: only cues go before it.
        await self._send(practice, intro, Lane.REPLY)
        await self._show_new_card(practice, state, note=None, lane=Lane.REPLY)
        self._arm(practice, state)
        return practice

    # Buttons ------------------------------------------------------------------------------

    async def control(
        self, user_id: int, practice_id: int, token: int, action: Control
    ) -> ControlAnswer:
        """Apply a card button."""
        async with self._locks.hold(practice_id):
            practice = await self._load(practice_id)
            if practice is None or practice.user_id != user_id or not practice.state.status.active:
                return ControlAnswer.ENDED
            if practice.state.token != token:
                return ControlAnswer.ALREADY_DONE
            try:
                new, cue = self._apply(practice.state, action)
            except flow.InvalidTransition:
                return ControlAnswer.ALREADY_DONE
            if not await self._save(practice, new):
                return ControlAnswer.ALREADY_DONE
            self._arm(practice, new)
            edited = await self._advance(practice, new, cue)
        # The tap sees its card edited before it is answered, but the practice is not held
        # while the edit waits for the send budget: its timer may move on meanwhile.
        await edited
        return ControlAnswer.NONE

    async def change_flow(self, user_id: int, settle_seconds: int) -> None:
        """The person chose how routines flow during one: the one under way follows at once."""
        practice = await self.current(user_id)
        if practice is None:
            return
        async with self._locks.hold(practice.id):
            async with self._database.unit() as unit:
                await unit.practices.set_settle(practice.id, settle_seconds)
            changed = replace(self._live.get(practice.id, practice), settle_seconds=settle_seconds)
            self._remember(changed)
            if changed.state.status is Status.READY:
                self._arm(changed, changed.state)
                await self._later(changed, self._card_message(changed, changed.state))

    async def hand_over(
        self, user_id: int, practice_id: int, to: Callable[[PracticeState], PracticeState]
    ) -> Practice | None:
        """Give the person's practice under way to another use case (listening to its audio
        guide): stored as `to` makes it, under this practice's lock, and no longer driven
        from here. None if it is not theirs or no longer under way."""
        async with self._locks.hold(practice_id):
            practice = await self._load(practice_id)
            if practice is None or practice.user_id != user_id or not practice.state.status.active:
                return None
            new = to(practice.state)
            if not await self._save(practice, new):
                return None
            self._forget(practice_id)
            return replace(practice, state=new)

    async def current(self, user_id: int) -> Practice | None:
        """The person's practice under way, if any."""
        async with self._database.unit() as unit:
            active = await unit.practices.active_for_user(user_id)
        return max(active, key=lambda found: found.id) if active else None

    async def control_current(self, user_id: int, spoken: Spoken) -> ControlAnswer | None:
        """A command typed or sent during a practice ("stop", /stop); None if none runs."""
        practice = await self.current(user_id)
        if practice is None:
            return None
        cached = self._live.get(practice.id, practice)
        action = _control_for(spoken, cached.state.status)
        if action is None:
            return ControlAnswer.ALREADY_DONE
        return await self.control(user_id, practice.id, cached.state.token, action)

    def _apply(self, state: PracticeState, action: Control) -> tuple[PracticeState, Cue | None]:
        now = self._clock()
        phases = self._phases(state)
        match action:
            case Control.START:
                return flow.start(state, phases, now), None
            case Control.PAUSE:
                return flow.pause(state, now), None
            case Control.RESUME if state.status is Status.PAUSED:
                return flow.resume(state, now), None
            case Control.RESUME:
                return flow.start(state, phases, now), None
            case Control.SKIP:
                new, cue = flow.skip(state, phases, now)
                return new, cue if cue and cue.kind is CueKind.ROUTINE_DONE else None
            case Control.STOP:
                return flow.stop(state, phases, now), None
            case Control.MORE:
                return self._one_more(state, phases, now), None
            case Control.AGAIN:
                return flow.again(state, now), None

    def _one_more(self, state: PracticeState, phases: list[Phase], now: datetime) -> PracticeState:
        exercise = self._catalogue.exercises[state.exercise_id]
        running = state.status in (Status.RUNNING, Status.PAUSED)
        if not running or one_more_unit(exercise, phases[state.phase_index], state.extra) is None:
            raise flow.InvalidTransition(state.status, "add one more to")
        grown = plan_exercise(exercise, state.pace, state.tempo.tempo, state.extra + 1)
        return flow.lengthen(state, phases, grown, now)

    # Timers -------------------------------------------------------------------------------

    async def tick(self, practice_id: int, token: int) -> None:
        """The practice's timer fired: refresh the countdown or move to what is due.

        A cue or summary is sent after the practice is let go of: one waiting for the send
        budget holds back neither a tap nor the practice's next step. Only a new card, whose
        message the next step edits, is sent while it is held."""
        self._stepping[practice_id] += 1
        try:
            async with self._locks.hold(practice_id):
                show = await self._step(practice_id, token)
            if show is not None:
                await show()
        finally:
            self._stepping[practice_id] -= 1
            if not self._stepping[practice_id]:
                del self._stepping[practice_id]

    async def _step(self, practice_id: int, token: int) -> Show | None:
        """The timer's step, under the practice's lock; what is left to show, if anything."""
        practice = await self._load(practice_id)
        state = practice.state if practice else None
        if practice is None or state is None or state.token != token:
            return None
        if not state.status.active:
            return None
        if practice_id in self._stranded:
            await self._show_again(practice)
            return None
        now = self._clock()
        due = state.phase_ends_at
        new: PracticeState | None
        cue: Cue | None = None
        if state.status is Status.RUNNING:
            assert due is not None
            if now < due - self._save_ahead(state) - timedelta(milliseconds=20):
                self._arm(practice, state)
                card = self._card_message(practice, state)
                self._later(practice, card, lane=Lane.COUNTDOWN)
                return None
            new, cue = flow.phase_over(state, self._phases(state), max(now, due))
        else:
            new = self._idle_transition(practice, state, now)
        if new is None:
            self._arm(practice, state)
            if state.status is Status.READY and practice.settle_seconds:
                card = self._card_message(practice, state)
                self._later(practice, card, lane=Lane.COUNTDOWN)
            return None
        if not await self._save(practice, new):
            return None
        self._arm(practice, new)
        summary = None
        if new.status is Status.FINISHED:  # read while the last hold still runs
            summary = await self._summary(practice, new, after_cue=cue is not None)

        async def show() -> None:
            if due is not None and state.status is Status.RUNNING:
                await self._until(due)  # stored early; shown on time, never before
            await self._advance(practice, new, cue, summary)

        if new.status is Status.READY:  # a new card: the next step edits it
            await show()
            return None
        return show

    def _idle_transition(
        self, practice: Practice, state: PracticeState, now: datetime
    ) -> PracticeState | None:
        """A waiting practice: it expires when left alone, or starts after the settle time."""
        idle = now - state.last_activity
        if idle >= flow.INACTIVITY_LIMIT:
            return flow.expire(state, now)
        if state.status is Status.READY and _settled(practice, idle):
            return flow.start(state, self._phases(state), now)
        return None

    def _save_ahead(self, state: PracticeState) -> timedelta:
        """How early a phase end is stored: longer for the one that ends the practice, whose
        summary reads the person's nights (a wave of routines ending together queues there)."""
        last = state.exercise_index == len(state.exercise_ids) - 1
        ends = last and state.phase_index == len(self._phases(state)) - 1
        ahead = SUMMARY_AHEAD_SECONDS if ends else SAVE_AHEAD_SECONDS
        return timedelta(seconds=min(ahead * self._time_scale, EDIT_QUIET_BEFORE_END))

    async def _until(self, when: datetime) -> None:
        delay = (when - self._clock()).total_seconds() / self._time_scale
        if delay > 0:
            await asyncio.sleep(delay)

    def _arm(self, practice: Practice, state: PracticeState) -> None:
        """Keep exactly one timer: the next moment anything should happen."""
        now = self._clock()
        if practice.id in self._stranded and state.status.active:
            tries = self._stranded[practice.id]
            pause = min(RESEND_FIRST * 2 ** max(tries - 1, 0), RESEND_LONGEST)
            self._timers.arm(practice.id, state.token, pause)
            return
        if state.status is Status.RUNNING:
            assert state.phase_ends_at is not None
            gap = max(EDIT_EVERY_SECONDS, MIN_REAL_EDIT_GAP * self._time_scale)
            when = now + timedelta(seconds=gap)
            if state.phase_ends_at - when < timedelta(seconds=EDIT_QUIET_BEFORE_END):
                when = state.phase_ends_at - self._save_ahead(state)
        elif state.status is Status.READY and practice.settle_seconds:
            # Halfway, the card's "starts in" is brought up to date once; then it starts.
            halfway = state.last_activity + timedelta(seconds=practice.settle_seconds / 2)
            starts = state.last_activity + timedelta(seconds=practice.settle_seconds)
            when = halfway if now < halfway - timedelta(milliseconds=20) else starts
        elif state.status.active:
            when = state.last_activity + flow.INACTIVITY_LIMIT
        else:
            self._timers.cancel(practice.id)
            return
        delay = max((when - now).total_seconds(), 0.0) / self._time_scale
        self._timers.arm(practice.id, state.token, delay)

    # Whole-bot events ---------------------------------------------------------------------

    async def forget_user(self, user_id: int) -> None:
        """Before a person's rows are deleted: stop their timers and drop their cache."""
        async with self._database.unit() as unit:
            active = await unit.practices.active_for_user(user_id)
        for practice in active:  # the cache holds active practices only
            self._forget(practice.id)

    def running_here(self) -> int:
        """How many practices this process's timers carry now (for the operator's metrics)."""
        return len(self._live)

    async def under_way(self) -> UnderWay:
        """The practices in progress: those that move on by themselves, those waiting for a
        tap (the demo waits for the first kind at the end of piped input)."""
        async with self._database.unit() as unit:
            active = await unit.practices.all_active()
        moving = {practice.id for practice in active if self._moves_by_itself(practice)}
        # A step being carried out counts too, even one already stored as the end: a phase end
        # is stored a moment early, and its summary is sent after that.
        moving |= {key for key in self._locks.held() if isinstance(key, int)}
        moving |= set(self._stepping)
        waiting = {practice.id for practice in active} - moving
        return UnderWay(moving=len(moving), waiting=len(waiting))

    def _moves_by_itself(self, practice: Practice) -> bool:
        """A timer takes it on: counting, settling into position, or retrying a card."""
        status = practice.state.status
        settling = status is Status.READY and practice.settle_seconds > 0
        return status is Status.RUNNING or settling or practice.id in self._stranded

    async def rearm_all(self) -> int:
        """At start-up: rebuild timers from the database; returns how many were armed.

        A hold that ended while we were down for a moment simply ends now; after a longer
        outage the practice pauses at the start of that phase and asks the person to continue.
        """
        async with self._database.unit() as unit:
            active = await unit.practices.all_active()
        now = self._clock()
        for practice in active:
            self._remember(practice)
            state = practice.state
            if practice.card_message_id is None:  # its card never reached the person
                self._stranded[practice.id] = 0
            overdue = (
                state.status is Status.RUNNING
                and state.phase_ends_at is not None
                and (now - state.phase_ends_at > RESTART_GRACE)
            )
            if not overdue or practice.id in self._stranded:
                self._arm(practice, state)
                continue
            paused = flow.restart_phase(state, self._phases(state), now)
            if await self._save(practice, paused):
                self._arm(practice, paused)
                await self._show_new_card(practice, paused, note=CardNote.RESTARTED)
        return len(active)

    # Showing ------------------------------------------------------------------------------

    async def _advance(
        self,
        practice: Practice,
        new: PracticeState,
        cue: Cue | None,
        summary: PracticeSummary | None = None,
    ) -> asyncio.Future[None]:
        """Show the change (its timer is armed already): the cue or next card, then the edit.

        The card edit is handed on; the future says when it is shown. A timer does not wait
        for it, so an edit slowed by the cap never delays the next cue."""
        before = practice.state
        if new.status.active and new.exercise_index == before.exercise_index:
            # One cue message per stretch, at its first change (release, switch sides); the
            # later changes only edit the card, so a routine buzzes once per stretch.
            if cue is not None and new.phase_index == 1:
                await self._send(practice, PracticeCue(cue), Lane.CUE, sound=True)
            return self._later(practice, self._card_message(practice, new))
        if new.status is Status.EXPIRED:
            return self._later(practice, ClosedCard(Closing.EXPIRED), replace_if_gone=False)
        if new.status is Status.READY:
            note = CardNote.EXERCISE_DONE if cue is not None else None
            await self._show_new_card(practice, new, note=note, lane=Lane.CUE)
        elif new.status in (Status.FINISHED, Status.STOPPED):
            if summary is None:
                summary = await self._summary(practice, new, after_cue=cue is not None)
            await self._send(practice, summary, Lane.CUE, sound=True)
        # `practice` still names the old card; a new card is already remembered, so a gone
        # old card is not replaced.
        name = self._catalogue.exercises[before.exercise_id].name
        if new.status is Status.STOPPED:
            closing = Closing.STOPPED
        else:
            closing = Closing.FINISHED if before.exercise_id in new.done else Closing.SKIPPED
        return self._later(practice, ClosedCard(closing, name), replace_if_gone=False)

    async def _show_new_card(
        self,
        practice: Practice,
        state: PracticeState,
        note: CardNote | None,
        lane: Lane = Lane.CARD,
    ) -> None:
        card = replace(self._card_message(practice, state), note=note)
        await self._put_card(practice, card, lane, sound=True)

    async def _put_card(self, practice: Practice, card: Message, lane: Lane, sound: bool) -> None:
        """Send a new card and make it the practice's; one that cannot be sent strands it."""
        message_id = await self._send(practice, card, lane, sound=sound)
        if message_id is not None:
            await self._remember_card(practice, message_id)
        else:
            await self._strand(practice)

    async def _strand(self, practice: Practice) -> None:
        """No card reached the person: keep none, and try a fresh one after a pause. A
        practice no longer cached has ended (or its person blocked the bot): nothing to do."""
        if practice.id not in self._live:
            return
        self._stranded[practice.id] = self._stranded.get(practice.id, 0) + 1
        await self._remember_card(practice, None)
        cached = self._live.get(practice.id)
        if cached is not None:
            self._arm(cached, cached.state)
        log.info("practice %s: its card could not be sent, trying again", practice.id)

    async def _show_again(self, practice: Practice) -> None:
        """A stranded practice's timer: a fresh card, paused at the start of its phase.

        The state moves on (a new token) only once the card is out, so a long outage still
        ends in the usual expiry, and buttons on a copy that may have arrived expire.
        """
        state, now = practice.state, self._clock()
        if now - state.last_activity >= flow.INACTIVITY_LIMIT:
            await self._save(practice, flow.expire(state, now))  # an ended one is forgotten
            return
        new = flow.shown_again(state, self._phases(state), now)
        card = replace(self._card_message(practice, new), note=CardNote.RESENT)
        message_id = await self._send(practice, card, Lane.CARD, sound=True)
        if message_id is None:
            await self._strand(practice)
            return
        self._stranded.pop(practice.id, None)
        if await self._save(practice, new):
            shown = replace(practice, state=new)
            await self._remember_card(shown, message_id)
            self._arm(shown, new)

    async def _remember_card(self, practice: Practice, message_id: int | None) -> None:
        async with self._database.unit() as unit:
            await unit.practices.set_card(practice.id, message_id)
        cached = self._live.get(practice.id)
        if cached is not None:
            self._live[practice.id] = replace(cached, card_message_id=message_id)

    def _card_message(self, practice: Practice, state: PracticeState) -> PracticeCard:
        more = None
        if state.status in (Status.RUNNING, Status.PAUSED):
            exercise = self._catalogue.exercises[state.exercise_id]
            phase = self._phases(state)[state.phase_index]
            more = one_more_unit(exercise, phase, state.extra)
        return PracticeCard(practice.id, state, practice.settle_seconds, self._clock(), more=more)

    async def _summary(
        self, practice: Practice, state: PracticeState, after_cue: bool
    ) -> PracticeSummary:
        """The last message: what was done, the night it earned, and the "after" question."""
        night, ask_pain = None, False
        if progress.earns_night(state) or progress.asks_pain_after(state):
            async with self._database.unit() as unit:
                user = await unit.users.get(practice.user_id)
                if user is not None:
                    night, ask_pain = await progress.practice_end(unit, user, state)
        return PracticeSummary(
            practice_id=practice.id,
            title=practice.title,
            done=len(state.done),
            skipped=len(state.skipped),
            seconds=state.active_seconds,
            stopped=state.status is Status.STOPPED,
            after_cue=after_cue,
            night=night,
            ask_pain_after=ask_pain,
        )

    async def _send(
        self, practice: Practice, message: Message, lane: Lane, sound: bool = False
    ) -> int | None:
        to = Recipient(practice.chat_id, sound=sound and practice.cue_sound)
        try:
            return await self._outbox.send(to, message, lane)
        except Unreachable:
            await self._mark_unreachable(practice)
            return None

    def _later(
        self,
        practice: Practice,
        message: Message,
        *,
        replace_if_gone: bool = True,
        lane: Lane = Lane.CARD,
    ) -> asyncio.Future[None]:
        """Hand an edit of the practice's card on: shown in order, a newer one replacing any
        still waiting (see latest_first.py)."""
        key = (practice.chat_id, practice.card_message_id)
        return self._card_edits.submit(
            key,
            lambda: self._edit_card(practice, message, replace_if_gone=replace_if_gone, lane=lane),
        )

    async def _edit_card(
        self,
        practice: Practice,
        message: Message,
        *,
        replace_if_gone: bool = False,
        lane: Lane = Lane.CARD,
    ) -> None:
        """Edit the practice's card; a live card the person deleted is replaced by a new one."""
        if (
            practice.card_message_id is None
            or self._gone.get(practice.id) == practice.card_message_id
        ):
            return  # no card, or one an earlier edit found gone (and replaced)
        to = Recipient(practice.chat_id)
        try:
            edited = await self._outbox.edit(to, practice.card_message_id, message, lane)
        except Unreachable:
            await self._mark_unreachable(practice)
            return
        if edited is Edited.GONE and replace_if_gone:
            self._gone[practice.id] = practice.card_message_id
            log.info("practice %s: card gone, sending a new one", practice.id)
            await self._put_card(practice, message, Lane.CARD, sound=False)

    async def _mark_unreachable(self, practice: Practice) -> None:
        """The person blocked the bot: end their practices quietly, stop the timers, and
        mark them unreachable, which holds their reminders too until they write again."""
        async with self._database.unit() as unit:
            await unit.users.mark_unreachable(practice.user_id)
            active = await unit.practices.active_for_user(practice.user_id)
            for latest in active:
                ended = flow.unreachable(latest.state, self._clock())
                await unit.practices.save(latest.id, latest.state.token, ended)
        for latest in active:
            self._forget(latest.id)
        if active:
            log.info("practice %s ended: the person blocked the bot", practice.id)

    # Plumbing -----------------------------------------------------------------------------

    def _phases(self, state: PracticeState) -> list[Phase]:
        exercise = self._catalogue.exercises[state.exercise_id]
        return plan_exercise(exercise, state.pace, state.tempo.tempo, state.extra)

    async def _load(self, practice_id: int) -> Practice | None:
        """Active practices are read from memory; the row is only read after a miss.

        Safe because every write is a compare-and-set on the token: a cached practice that
        another writer moved on fails its next save, is dropped here, and is read afresh.
        """
        cached = self._live.get(practice_id)
        if cached is not None:
            return cached
        async with self._database.unit() as unit:
            practice = await unit.practices.get(practice_id)
        if practice is not None:
            self._remember(practice)
        return practice

    async def _save(self, practice: Practice, new: PracticeState) -> bool:
        """Committed before returning, so nothing is shown for a step that was not stored."""
        saved = await self._writer.save(practice.id, practice.state.token, new)
        if saved:
            self._remember(replace(practice, state=new))
        else:
            self._live.pop(practice.id, None)
        return saved

    def _forget(self, practice_id: int) -> None:
        """A practice that no longer runs here: drop it from the caches and stop its timer."""
        self._live.pop(practice_id, None)
        self._stranded.pop(practice_id, None)
        self._gone.pop(practice_id, None)
        self._timers.cancel(practice_id)

    def _remember(self, practice: Practice) -> None:
        if practice.state.status.active:
            self._live[practice.id] = practice
        else:
            self._live.pop(practice.id, None)
            self._stranded.pop(practice.id, None)
            self._gone.pop(practice.id, None)


def _safety_note_due(shown_at: datetime | None, now: datetime) -> bool:
    return shown_at is None or now - shown_at >= SAFETY_NOTE_EVERY


def _twin(active: list[Practice], request: Begin, now: datetime) -> Practice | None:
    """The same routine, begun a moment ago and not yet started: a double tap."""
    for practice in active:
        state = practice.state
        same = (
            list(state.exercise_ids) == request.exercise_ids
            and practice.routine_id == request.routine_id
        )
        fresh = now - state.started_at < DOUBLE_TAP and state.status is Status.READY
        if same and fresh and state.exercise_index == 0:
            return practice
    return None


def _control_for(spoken: Spoken, status: Status) -> Control | None:
    """The card button a typed word stands for, given where the practice is."""
    match spoken:
        case Spoken.STOP:
            return Control.STOP
        case Spoken.PAUSE:
            return Control.PAUSE if status is Status.RUNNING else None
        case Spoken.SKIP:
            return Control.SKIP
        case Spoken.AGAIN:
            return Control.AGAIN
        case Spoken.RESUME:
            return {Status.PAUSED: Control.RESUME, Status.READY: Control.START}.get(status)


def _settled(practice: Practice, idle: timedelta) -> bool:
    """The settle time after a card appeared has passed: start without a tap."""
    settle = timedelta(seconds=practice.settle_seconds) - timedelta(milliseconds=20)
    return practice.settle_seconds > 0 and idle >= settle
