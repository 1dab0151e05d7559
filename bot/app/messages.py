"""What the use cases ask to show, as plain data; the Telegram views put it into words."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import Enum

from bot.domain.practice import Cue, PracticeState
from bot.domain.reminders import DayPart


@dataclass(frozen=True)
class PracticeIntro:
    """The first message of a guided practice."""

    practice_id: int
    title: str
    exercise_count: int
    seconds: float
    # A routine (not a single stretch) offers the other routines and may ask about pain.
    routine: bool
    ask_pain: bool
    # The short safety note: on a person's first routine, then at most once a week.
    safety_note: bool = True
    # The person has never chosen how routines flow: ask once, saying how this one will.
    ask_flow: bool = False
    settle_seconds: int = 0


class CardNote(Enum):
    RESTARTED = "restarted"  # the bot was down: the practice waits at the phase it was in
    EXERCISE_DONE = "exercise_done"  # the previous stretch just ended
    RESENT = "resent"  # Telegram was out of reach: the practice waited for this card


@dataclass(frozen=True)
class PracticeCard:
    """The live card of the stretch in progress, as of `now`."""

    practice_id: int
    state: PracticeState
    settle_seconds: int
    now: datetime
    note: CardNote | None = None
    # What a "one more" tap adds now ("rep", "breath", "round"); None: no such button.
    more: str | None = None


@dataclass(frozen=True)
class PracticeCue:
    """A short message that rings: switch sides, rest, next round or part."""

    cue: Cue


@dataclass(frozen=True)
class NightRecord:
    """What a practice that earned its night adds to the summary."""

    streak: int
    strength: float
    milestone: int | None


@dataclass(frozen=True)
class PracticeSummary:
    practice_id: int
    title: str
    done: int
    skipped: int
    seconds: float
    stopped: bool
    # The last stretch ended just now: the summary starts with the release cue.
    after_cue: bool
    night: NightRecord | None
    ask_pain_after: bool


class Closing(Enum):
    """Why an old card lost its buttons."""

    REPLACED = "replaced"  # another practice started
    EXPIRED = "expired"  # left alone too long
    STOPPED = "stopped"
    FINISHED = "finished"
    SKIPPED = "skipped"


@dataclass(frozen=True)
class ClosedCard:
    closing: Closing
    exercise_name: str = ""


@dataclass(frozen=True)
class ReminderMessage:
    first_name: str
    due: datetime
    snoozed: bool
    # Where `due` falls in the person's own day, so the greeting says only what is true.
    day_part: DayPart
    # A rest night is saved, so spending one on tonight can be offered.
    rest_available: bool


class Heard(Enum):
    """How far an audio guide has got, as its card shows it."""

    PREPARING = "preparing"  # being made; the card says it is on its way
    PLAYING = "playing"
    FINISHED = "finished"  # it has all played
    STOPPED = "stopped"
    FAILED = "failed"  # it could not be made or sent


@dataclass(frozen=True)
class ListeningCard:
    """The card of a routine followed by ear: which stretch the audio is at, and when in the
    audio it began; changed only at stretch boundaries."""

    practice_id: int
    title: str
    heard: Heard
    names: tuple[str, ...]
    exercise_ids: tuple[str, ...]
    index: int = 0
    # Seconds into the audio where the stretch shown begins.
    starts_at: float = 0.0
    night: NightRecord | None = None


Message = (
    PracticeIntro
    | PracticeCard
    | PracticeCue
    | PracticeSummary
    | ClosedCard
    | ReminderMessage
    | ListeningCard
)
