"""Plays guided sessions: one card per exercise, countdown edits, cues, one timer each.

The database row is the truth. Every change goes: domain transition -> compare-and-set
save on the step token -> arm the session's single timer -> show it to the person. A
timer or a tap carrying an old token changes nothing, so double taps, stale timers and
restarts are harmless; a failed send never stops the routine, since the timer is armed
before anything is sent.

Under load the cues keep their time: saves are group-committed, a cue goes out before its
card edit, and Bot API calls pass one small gate where cues go first and countdown edits are
skipped when it is full (the next one shows the right time anyway).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from telegram import InlineKeyboardMarkup, Message
from telegram.error import BadRequest, Forbidden, TelegramError
from telegram.ext import ContextTypes

from bot.app.locks import KeyedLocks
from bot.domain import session as flow
from bot.domain.catalogue import Exercise
from bot.domain.pacing import Phase, estimate_seconds, plan_exercise
from bot.domain.preferences import Preferences
from bot.domain.session import Cue, CueKind, SessionState, Status
from bot.storage.sessions import SessionRepository, StoredSession
from bot.storage.users import UserRepository
from bot.telegram import streaks
from bot.telegram.callbacks import ControlSession, RoutineAction
from bot.telegram.context import SERVICES_KEY, AnyApplication, Services
from bot.telegram.transport.gate import Lane, call
from bot.telegram.views import cards, keyboards, texts
from bot.telegram.views.screens import Screen

log = logging.getLogger(__name__)

# Bot-time seconds between countdown edits, and the least real time between two edits.
EDIT_EVERY_SECONDS = 5.0
MIN_REAL_EDIT_GAP = 1.0
# No countdown edit this close to the phase end: the end itself updates the card.
EDIT_QUIET_BEFORE_END = 2.0
# A timer this late after a restart still just continues; later than that, we ask first.
RESTART_GRACE = timedelta(seconds=15)
# A phase end is stored this many real seconds early (at most EDIT_QUIET_BEFORE_END bot
# seconds), and its cue waits for the planned moment: a busy database delays nothing then.
SAVE_AHEAD_SECONDS = 0.3

_locks = KeyedLocks()


@dataclass(frozen=True)
class TimerData:
    session_id: int
    token: int


def timer_name(session_id: int) -> str:
    return f"routine:{session_id}"


# Starting ---------------------------------------------------------------------------------


async def begin(
    application: AnyApplication,
    *,
    user_id: int,
    chat_id: int,
    exercise_ids: list[str],
    routine_id: str | None,
    title: str,
    preferences: Preferences,
) -> StoredSession:
    """Stop whatever the user had running and start a new session at its first card."""
    services = _services(application)
    now = services.clock()
    state = flow.new_session(exercise_ids, preferences.pace, preferences.tempo, now)
    async with services.database.transaction() as db:
        user = await UserRepository(db).get(user_id)
        sessions = SessionRepository(db)
        replaced = await sessions.active_for_user(user_id)
        for old in replaced:
            ended = flow.stop(old.state, _phases(services, old.state), now)
            await sessions.save(old.id, old.state.token, ended)
        stored = await sessions.add(
            user_id,
            chat_id,
            routine_id,
            title,
            state,
            cue_sound=preferences.cue_sound,
            settle_seconds=preferences.settle_seconds,
            zone=user.timezone if user else None,
        )
        # A routine (not a single stretch) asks how the back feels, once a night.
        ask_pain = (
            user is not None
            and routine_id is not None
            and await streaks.ask_pain_tonight(db, user, state, after=False, now=now)
        )
    for old in replaced:
        services.live_sessions.pop(old.id, None)
        _cancel_timer(application, old.id)
        await _edit_card(application, old, Screen(texts.ROUTINE_ENDED))
    _remember(services, stored)
    exercises = [services.catalogue.exercises[i] for i in exercise_ids]
    seconds = estimate_seconds(exercises, state.pace, state.tempo.tempo)
    intro = texts.routine_intro(title, len(exercises), seconds)
    markup = keyboards.routine_intro() if routine_id else None
    if ask_pain and markup is not None:
        intro = f"{intro}\n\n{texts.PAIN_BEFORE}"
        rows = streaks.pain_rows(stored.id, after=False)
        markup = InlineKeyboardMarkup([*rows, *markup.inline_keyboard])
    await _send(application, stored, Screen(intro, markup))
    await _show_new_card(application, stored, state, prefix=None)
    _arm(application, stored, state)
    return stored


# Buttons ----------------------------------------------------------------------------------


async def on_control(application: AnyApplication, user_id: int, action: ControlSession) -> str:
    """Apply a card button; returns the text for the callback answer ("" for none)."""
    services = _services(application)
    async with _locks.hold(action.session_id):
        stored = await _load(services, action.session_id)
        if stored is None or stored.user_id != user_id or not stored.state.status.active:
            return texts.ROUTINE_ENDED
        if stored.state.token != action.token:
            return texts.ALREADY_DONE
        state, now = stored.state, services.clock()
        phases = _phases(services, state)
        cue: Cue | None = None
        try:
            match action.action:
                case RoutineAction.START:
                    new = flow.start(state, phases, now)
                case RoutineAction.PAUSE:
                    new = flow.pause(state, now)
                case RoutineAction.RESUME:
                    new = (
                        flow.resume(state, now)
                        if state.status is Status.PAUSED
                        else flow.start(state, phases, now)
                    )
                case RoutineAction.SKIP:
                    new, cue = flow.skip(state, phases, now)
                    cue = None if cue and cue.kind is not CueKind.ROUTINE_DONE else cue
                case RoutineAction.STOP:
                    new = flow.stop(state, phases, now)
        except flow.InvalidTransition:
            return texts.ALREADY_DONE
        if not await _save(services, stored, new):
            return texts.ALREADY_DONE
        await _advance(application, stored, new, cue)
        return ""


# Timers -----------------------------------------------------------------------------------


async def on_timer(context: ContextTypes.DEFAULT_TYPE) -> None:
    job = context.job
    assert job is not None and isinstance(job.data, TimerData)
    await tick(context.application, job.data)


async def tick(application: AnyApplication, data: TimerData) -> None:
    services = _services(application)
    async with _locks.hold(data.session_id):
        stored = await _load(services, data.session_id)
        if stored is None or stored.state.token != data.token or not stored.state.status.active:
            return
        state, now = stored.state, services.clock()
        new: SessionState | None = None
        cue: Cue | None = None
        idle = now - state.last_activity
        due = state.phase_ends_at
        if state.status is Status.RUNNING:
            assert due is not None
            if now < due - _save_ahead(services) - timedelta(milliseconds=20):
                _arm(application, stored, state)
                screen = _card(services, stored, state)
                await _edit_card(
                    application, stored, screen, replace_if_gone=True, lane=Lane.COUNTDOWN
                )
                return
            new, cue = flow.phase_over(state, _phases(services, state), max(now, due))
        elif idle >= flow.INACTIVITY_LIMIT:
            new = flow.expire(state, now)
        elif state.status is Status.READY and _settled(stored, idle):
            new = flow.start(state, _phases(services, state), now)
        if new is None:
            _arm(application, stored, state)
            return
        if await _save(services, stored, new):
            if due is not None and state.status is Status.RUNNING:
                await _until(services, due)  # stored early; shown on time, never before
            await _advance(application, stored, new, cue)


def _save_ahead(services: Services) -> timedelta:
    bot_seconds = min(SAVE_AHEAD_SECONDS * services.time_scale, EDIT_QUIET_BEFORE_END)
    return timedelta(seconds=bot_seconds)


async def _until(services: Services, when: datetime) -> None:
    delay = (when - services.clock()).total_seconds() / services.time_scale
    if delay > 0:
        await asyncio.sleep(delay)


def _settled(stored: StoredSession, idle: timedelta) -> bool:
    """The user's settle time after a card appeared has passed: start without a tap."""
    settle = timedelta(seconds=stored.settle_seconds) - timedelta(milliseconds=20)
    return stored.settle_seconds > 0 and idle >= settle


def _arm(application: AnyApplication, stored: StoredSession, state: SessionState) -> None:
    """Keep exactly one timer for the session: the next moment anything should happen."""
    services = _services(application)
    now = services.clock()
    scale = services.time_scale
    if state.status is Status.RUNNING:
        assert state.phase_ends_at is not None
        gap = max(EDIT_EVERY_SECONDS, MIN_REAL_EDIT_GAP * scale)
        when = now + timedelta(seconds=gap)
        if state.phase_ends_at - when < timedelta(seconds=EDIT_QUIET_BEFORE_END):
            when = state.phase_ends_at - _save_ahead(services)
    elif state.status is Status.READY and stored.settle_seconds:
        when = state.last_activity + timedelta(seconds=stored.settle_seconds)
    elif state.status.active:
        when = state.last_activity + flow.INACTIVITY_LIMIT
    else:
        _cancel_timer(application, stored.id)
        return
    delay = max((when - now).total_seconds(), 0.0) / scale
    job_queue = application.job_queue
    assert job_queue is not None
    name = timer_name(stored.id)
    job_queue.run_once(
        on_timer,
        when=delay,
        data=TimerData(stored.id, state.token),
        name=name,
        # The name is the scheduler's id, so re-arming replaces the old timer without a scan
        # of all of them. A timer runs however late the loop is (the row says what is due),
        # and may fire while the tick that armed it still sends: the lock orders them.
        job_kwargs={
            "id": name,
            "replace_existing": True,
            "misfire_grace_time": None,
            "max_instances": 4,
        },
    )


def _cancel_timer(application: AnyApplication, session_id: int) -> None:
    job_queue = application.job_queue
    assert job_queue is not None
    with contextlib.suppress(LookupError):  # APScheduler's JobLookupError: no such timer
        job_queue.scheduler.remove_job(timer_name(session_id))


async def forget_user(application: AnyApplication, user_id: int) -> None:
    """Before a person's rows are deleted: stop their timers and drop their cached sessions."""
    services = _services(application)
    async with services.database.transaction() as db:
        active = await SessionRepository(db).active_for_user(user_id)
    for stored in active:  # the cache holds active sessions only
        services.live_sessions.pop(stored.id, None)
        _cancel_timer(application, stored.id)


async def running_count(application: AnyApplication) -> int:
    """How many sessions have a timer counting right now (the demo waits for them)."""
    async with _services(application).database.transaction() as db:
        active = await SessionRepository(db).all_active()
    return sum(1 for stored in active if stored.state.status is Status.RUNNING)


async def rearm_all(application: AnyApplication) -> int:
    """At start-up: rebuild timers from the database; returns how many sessions were armed.

    A hold that ended while we were down for a moment simply ends now; after a longer
    outage the session pauses at the start of that phase and asks the person to continue.
    """
    services = _services(application)
    async with services.database.transaction() as db:
        active = await SessionRepository(db).all_active()
    now = services.clock()
    for stored in active:
        _remember(services, stored)
        state = stored.state
        overdue = (
            state.status is Status.RUNNING
            and state.phase_ends_at is not None
            and (now - state.phase_ends_at > RESTART_GRACE)
        )
        if not overdue:
            _arm(application, stored, state)
            continue
        paused = flow.restart_phase(state, _phases(services, state), now)
        if await _save(services, stored, paused):
            _arm(application, stored, paused)
            await _show_new_card(application, stored, paused, prefix=texts.RESTARTED)
    return len(active)


# Showing ----------------------------------------------------------------------------------


async def _advance(
    application: AnyApplication, stored: StoredSession, new: SessionState, cue: Cue | None
) -> None:
    """Arm the next timer, then show the change: the cue or next card first, then the edit."""
    services = _services(application)
    _arm(application, stored, new)
    before = stored.state
    if new.status.active and new.exercise_index == before.exercise_index:
        if cue is not None:
            await _send(application, stored, Screen(_cue_text(cue)), sound=True, lane=Lane.CUE)
        screen = _card(services, stored, new)
        await _edit_card(application, stored, screen, replace_if_gone=True)
        return
    if new.status is Status.EXPIRED:
        await _edit_card(application, stored, Screen(texts.ROUTINE_EXPIRED))
        return
    if new.status is Status.READY:
        prefix = texts.CUE_EXERCISE_DONE if cue is not None else None
        await _show_new_card(application, stored, new, prefix=prefix, lane=Lane.CUE)
    elif new.status in (Status.FINISHED, Status.STOPPED):
        await _send(
            application,
            stored,
            await _summary(services, stored, new, cue),
            sound=True,
            lane=Lane.CUE,
        )
    # `stored` still names the old card; a new card is already remembered, so a gone old
    # card is not replaced.
    name = services.catalogue.exercises[before.exercise_id].name
    if new.status is Status.STOPPED:
        await _edit_card(application, stored, Screen(texts.stopped_card(name)))
    else:
        skipped = before.exercise_id not in new.done
        await _edit_card(application, stored, Screen(texts.finished_card(name, skipped)))


async def _show_new_card(
    application: AnyApplication,
    stored: StoredSession,
    state: SessionState,
    prefix: str | None,
    lane: Lane = Lane.CARD,
) -> None:
    screen = _card(_services(application), stored, state)
    if prefix:
        screen = Screen(f"{prefix}\n\n{screen.text}", screen.markup)
    message = await _send(application, stored, screen, sound=True, lane=lane)
    if message is not None:
        await _remember_card(application, stored, message.message_id)


async def _remember_card(
    application: AnyApplication, stored: StoredSession, message_id: int
) -> None:
    services = _services(application)
    async with services.database.transaction() as db:
        await SessionRepository(db).set_card(stored.id, message_id)
    cached = services.live_sessions.get(stored.id)
    if cached is not None:
        services.live_sessions[stored.id] = replace(cached, card_message_id=message_id)


def _card(services: Services, stored: StoredSession, state: SessionState) -> Screen:
    exercise = services.catalogue.exercises[state.exercise_id]
    tempo = state.tempo.tempo
    now = services.clock()
    position, total = state.exercise_index + 1, len(state.exercise_ids)
    if state.status is Status.READY:
        status = [
            texts.starting_in(stored.settle_seconds)
            if stored.settle_seconds
            else texts.GET_IN_POSITION
        ]
    else:
        phase = _phases(services, state)[state.phase_index]
        if state.status is Status.PAUSED:
            remaining = state.remaining_seconds or 0.0
        else:
            assert state.phase_ends_at is not None
            remaining = max((state.phase_ends_at - now).total_seconds(), 0.0)
        elapsed = max(phase.seconds - remaining, 0.0)
        context_line = cards.phase_context(phase)
        status = [context_line] if context_line else []
        status.append(
            texts.paused(remaining)
            if state.status is Status.PAUSED
            else cards.phase_status(phase, elapsed, remaining, tempo)
        )
    text = cards.routine_card_text(exercise, position, total, status, tempo)
    return Screen(text, keyboards.routine_controls(stored.id, state))


def _cue_text(cue: Cue) -> str:
    match cue.kind:
        case CueKind.SWITCH_SIDES:
            return texts.cue_switch_sides(cue.side.value)
        case CueKind.REST:
            return texts.cue_rest(cue.seconds)
        case CueKind.NEXT_ROUND:
            return texts.cue_next_round(cue.round, cue.rounds)
        case CueKind.NEXT_PART:
            return texts.cue_next_part(cue.label)
    return texts.CUE_EXERCISE_DONE


async def _summary(
    services: Services, stored: StoredSession, state: SessionState, cue: Cue | None
) -> Screen:
    """The routine's last message: what was done, the streak, and the "after" pain question."""
    extra: list[str] = []
    markup: InlineKeyboardMarkup | None = None
    if streaks.adds_to_summary(state):
        async with services.database.transaction() as db:
            user = await UserRepository(db).get(stored.user_id)
            if user is not None:
                extra, markup = await streaks.routine_end(db, user, stored.id, state)
    text = texts.summary(
        stored.title,
        done=len(state.done),
        skipped=len(state.skipped),
        seconds=state.active_seconds,
        stopped=state.status is Status.STOPPED,
        extra=extra,
    )
    if cue is not None:
        text = f"{texts.CUE_EXERCISE_DONE}\n\n{text}"
    return Screen(text, markup)


async def _send(
    application: AnyApplication,
    stored: StoredSession,
    screen: Screen,
    sound: bool = False,
    lane: Lane = Lane.CARD,
) -> Message | None:
    try:
        return await call(
            application,
            lane,
            lambda: application.bot.send_message(
                stored.chat_id,
                screen.text,
                reply_markup=screen.markup,
                disable_notification=not (sound and stored.cue_sound),
            ),
        )
    except Forbidden:
        await _mark_unreachable(application, stored)
    except TelegramError as error:
        log.warning("session %s: could not send a message: %s", stored.id, error)
    return None


async def _edit_card(
    application: AnyApplication,
    stored: StoredSession,
    screen: Screen,
    *,
    replace_if_gone: bool = False,
    lane: Lane = Lane.CARD,
) -> None:
    """Edit the session's card; a live card the person deleted is replaced by a new one."""
    message_id = stored.card_message_id
    if message_id is None:
        return
    markup: InlineKeyboardMarkup | None = screen.markup
    try:
        await call(
            application,
            lane,
            lambda: application.bot.edit_message_text(
                screen.text, chat_id=stored.chat_id, message_id=message_id, reply_markup=markup
            ),
        )
    except Forbidden:
        await _mark_unreachable(application, stored)
    except BadRequest as error:
        if "not modified" in error.message.lower():
            return
        if replace_if_gone:
            log.info("session %s: card gone (%s), sending a new one", stored.id, error.message)
            message = await _send(application, stored, screen)
            if message is not None:
                await _remember_card(application, stored, message.message_id)
    except TelegramError as error:
        log.warning("session %s: could not update the card: %s", stored.id, error)


async def _mark_unreachable(application: AnyApplication, stored: StoredSession) -> None:
    """The person blocked the bot: end the session quietly and stop its timer."""
    services = _services(application)
    async with services.database.transaction() as db:
        sessions = SessionRepository(db)
        latest = await sessions.get(stored.id)
        if latest is None or not latest.state.status.active:
            return
        ended = flow.unreachable(latest.state, services.clock())
        await sessions.save(stored.id, latest.state.token, ended)
    services.live_sessions.pop(stored.id, None)
    _cancel_timer(application, stored.id)
    log.info("session %s ended: the user blocked the bot", stored.id)


# Plumbing ---------------------------------------------------------------------------------


def _services(application: AnyApplication) -> Services:
    services: Services = application.bot_data[SERVICES_KEY]
    return services


def _phases(services: Services, state: SessionState) -> list[Phase]:
    exercise: Exercise = services.catalogue.exercises[state.exercise_id]
    return plan_exercise(exercise, state.pace, state.tempo.tempo)


async def _load(services: Services, session_id: int) -> StoredSession | None:
    """Active sessions are read from memory; the row is only read after a miss.

    Safe because every write is a compare-and-set on the token: a cached session another
    writer moved on fails its next save, is dropped here, and is read afresh.
    """
    cached = services.live_sessions.get(session_id)
    if cached is not None:
        return cached
    async with services.database.transaction() as db:
        stored = await SessionRepository(db).get(session_id)
    if stored is not None:
        _remember(services, stored)
    return stored


async def _save(services: Services, stored: StoredSession, new: SessionState) -> bool:
    """Committed before returning, so nothing is shown for a step that was not stored."""
    saved = await services.session_writer.save(stored.id, stored.state.token, new)
    if saved:
        _remember(services, replace(stored, state=new))
    else:
        services.live_sessions.pop(stored.id, None)
    return saved


def _remember(services: Services, stored: StoredSession) -> None:
    if stored.state.status.active:
        services.live_sessions[stored.id] = stored
    else:
        services.live_sessions.pop(stored.id, None)
