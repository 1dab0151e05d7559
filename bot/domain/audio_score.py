"""The audio guide's score: which sound starts when, from the pacing plan the chat uses.

One plan, two renderers: the chat shows `plan_exercise`'s phases as cards and timers; the
audio renders the same phases as a timeline of chimes, breath tones and spoken words, so
both agree to the millisecond on when a hold starts, a side changes or a breath turns.
Pure: no sound is made here (`bot.audio` turns a score into a file).
"""

from __future__ import annotations

import enum
import hashlib
import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass

from bot.domain.catalogue import Exercise, Position
from bot.domain.pacing import Pace, Phase, PhaseKind, TempoName, breath_length, plan_exercise
from bot.domain.spoken import Phrasebook, phrasebook

# Silence before the first sound, so the opening chime is not lost as playback starts.
LEAD_IN_SECONDS = 1.0
# Time to get into the next stretch at the standard pace (`Pace.scaled` gives the others)...
POSITION_SECONDS = 15
# ...and more when the body must turn (onto the stomach, onto all fours, up to kneel).
TURN_SECONDS = 10
# People listening in bed start lying on their back.
STARTING_POSITION = Position.ON_BACK
# Words start this long after the chime that marks the change, so the two do not collide...
WORDS_AFTER_CHIME = 0.5
# ...and must be over this long before the next sound.
WORDS_MARGIN = 0.3
# A rest at least this long ends with the next round called, this long before it starts.
ROUND_CALL_MIN_REST = 15.0
ROUND_CALL_SECONDS = 4.0
# After the last stretch: the closing chime, "Sleep well", then silence to the end.
ENDING_SECONDS = 8.0
# Part of the cache key: bump it when the same plan should sound different.
SCORE_VERSION = 1


class ChimeKind(enum.StrEnum):
    """Each change has its own bell, so a person learns them by ear."""

    BEGIN = "begin"  # the hold, the breaths or a rep starts
    RELEASE = "release"  # a held rep is let go
    CHANGE = "change"  # switch sides, rest, next part
    NEXT = "next"  # the next stretch: get into position
    END = "end"  # the routine is over


@dataclass(frozen=True)
class Chime:
    at: float
    kind: ChimeKind


@dataclass(frozen=True)
class Breath:
    """One breath of the tone: rising for `inhale` seconds, then falling for `exhale`."""

    at: float
    inhale: float
    exhale: float

    @property
    def turn(self) -> float:
        """When the in-breath turns into the out-breath: the tone's highest point."""
        return self.at + self.inhale

    @property
    def end(self) -> float:
        return self.at + self.inhale + self.exhale


@dataclass(frozen=True)
class Words:
    """A spoken cue starting at `at`; it must be over by `until`."""

    at: float
    text: str
    until: float


@dataclass(frozen=True)
class Placed:
    """A phase of the plan with its start on the score's timeline."""

    at: float
    phase: Phase

    @property
    def end(self) -> float:
        return self.at + self.phase.seconds


@dataclass(frozen=True)
class Stretch:
    """One exercise on the timeline: from its "Next:" cue (`at`) through its last phase."""

    index: int
    exercise_id: str
    name: str
    at: float
    phases: tuple[Placed, ...]

    @property
    def work_at(self) -> float:
        """When its first phase starts, after the time to get into position."""
        return self.phases[0].at

    @property
    def end(self) -> float:
        return self.phases[-1].end


@dataclass(frozen=True)
class Place:
    """Where a listener is: which stretch, and which of its phases (None while moving into
    position), with the seconds already spent in it."""

    stretch: int
    phase: int | None
    elapsed: float


@dataclass(frozen=True)
class AudioScore:
    """Everything the renderer needs, at exact times in seconds from the file's start."""

    title: str | None
    pace: Pace
    tempo: TempoName
    language: str | None
    duration: float
    stretches: tuple[Stretch, ...]
    chimes: tuple[Chime, ...]
    breaths: tuple[Breath, ...]
    words: tuple[Words, ...]

    @property
    def boundaries(self) -> tuple[float, ...]:
        """When each stretch begins: the only moments a card following the audio changes."""
        return tuple(stretch.at for stretch in self.stretches)

    def place(self, seconds: float) -> Place | None:
        """Where the audio is after `seconds` of playing; None before the first stretch's cue
        and after the last stretch's end."""
        for stretch in self.stretches:
            if not stretch.at <= seconds < stretch.end:
                continue
            for index, placed in enumerate(stretch.phases):
                if placed.at <= seconds < placed.end:
                    return Place(stretch.index, index, seconds - placed.at)
            return Place(stretch.index, None, seconds - stretch.at)
        return None

    def fingerprint(self) -> str:
        """A hash of everything that shapes the sound, for cache keys: a changed catalogue
        entry or pacing rule changes the score and so the key."""
        content = json.dumps(
            [SCORE_VERSION, asdict(self)], sort_keys=True, default=str, separators=(",", ":")
        )
        return hashlib.sha256(content.encode()).hexdigest()


def score_routine(
    title: str | None,
    exercises: Sequence[Exercise],
    pace: Pace,
    tempo: TempoName,
    language: str | None = "en",
) -> AudioScore:
    """The score for exercises played one after another; `title` is said first (a routine's
    name; None for a single stretch). Words need a phrasebook for `language`."""
    if not exercises:
        raise ValueError("a score needs at least one exercise")
    words = phrasebook(language) if language else None
    builder = _Builder(pace, tempo, words)
    builder.at = LEAD_IN_SECONDS
    before = STARTING_POSITION
    for index, exercise in enumerate(exercises):
        builder.stretch(index, exercise, before, title if index == 0 else None)
        before = exercise.position
    builder.ending()
    return AudioScore(
        title=title,
        pace=pace,
        tempo=tempo,
        language=words.language if words else None,
        duration=builder.at,
        stretches=tuple(builder.stretches),
        chimes=tuple(builder.chimes),
        breaths=tuple(builder.breaths),
        words=tuple(builder.words),
    )


def score_exercise(
    exercise: Exercise, pace: Pace, tempo: TempoName, language: str | None = "en"
) -> AudioScore:
    return score_routine(None, [exercise], pace, tempo, language)


def position_seconds(pace: Pace, before: Position, after: Position) -> int:
    """Time to get into a stretch from the position of the one before."""
    turning = TURN_SECONDS if before is not after else 0
    return pace.scaled(POSITION_SECONDS + turning)


def tone_breaths(placed: Placed, tempo: TempoName) -> list[Breath]:
    """The breaths the tone paces through a phase: each breath of a breath-counted hold
    (lengthening where the source says so) and each rep done with the breath; none else."""
    phase = placed.phase
    paced = phase.kind is PhaseKind.BREATHS or (
        phase.kind is PhaseKind.REPS and phase.breath is not None
    )
    if not paced or phase.count < 1:
        return []
    rhythm = tempo.tempo
    lengths = [
        breath_length(i, phase.count, rhythm, phase.lengthening) for i in range(phase.count)
    ]
    # A rep paced to fit the source's overall time ("about 1 minute") keeps the tempo's
    # in/out proportion at the rep's own length.
    scale = phase.seconds / sum(lengths)
    share = rhythm.inhale / rhythm.breath
    breaths: list[Breath] = []
    start = placed.at
    for length in lengths:
        seconds = length * scale
        breaths.append(Breath(start, seconds * share, seconds * (1 - share)))
        start += seconds
    return breaths


class _Builder:
    """Walks the plan once, appending events; `at` is the time reached so far."""

    def __init__(self, pace: Pace, tempo: TempoName, words: Phrasebook | None) -> None:
        self.pace = pace
        self.tempo = tempo
        self.phrases = words
        self.at = 0.0
        self.stretches: list[Stretch] = []
        self.chimes: list[Chime] = []
        self.breaths: list[Breath] = []
        self.words: list[Words] = []

    def say(self, at: float, text: str | None, until: float) -> None:
        if self.phrases is not None and text:
            self.words.append(Words(at, text, until - WORDS_MARGIN))

    def stretch(self, index: int, exercise: Exercise, before: Position, title: str | None) -> None:
        phases = plan_exercise(exercise, self.pace, self.tempo.tempo)
        start = self.at
        work_at = start + position_seconds(self.pace, before, exercise.position)
        first = index == 0
        self.chimes.append(Chime(start, ChimeKind.NEXT))
        if self.phrases is not None:
            lead = self._lead(phases[0])
            text = (
                self.phrases.begin(title, exercise.name, lead)
                if first
                else self.phrases.next_stretch(exercise.name, lead)
            )
            self.say(start + WORDS_AFTER_CHIME, text, work_at)
        placed: list[Placed] = []
        self.at = work_at
        for phase in phases:
            placed.append(Placed(self.at, phase))
            self.phase(placed[-1])
            self.at = placed[-1].end
        self.stretches.append(Stretch(index, exercise.id, exercise.name, start, tuple(placed)))

    def _lead(self, phase: Phase) -> str | None:
        assert self.phrases is not None
        bits = [f"{phase.part_label}." if phase.part_label else None]
        bits.append(self.phrases.lead_side(phase.side))
        return " ".join(bit for bit in bits if bit) or None

    def phase(self, placed: Placed) -> None:
        phase, at, end = placed.phase, placed.at, placed.end
        if phase.is_work:
            self.chimes.append(Chime(at, ChimeKind.BEGIN))
            self.breaths.extend(tone_breaths(placed, self.tempo))
            if phase.kind is PhaseKind.REPS and phase.breath is None:
                self._held_reps(placed)
            return
        self.chimes.append(Chime(at, ChimeKind.CHANGE))
        if self.phrases is None:
            return
        words = self.phrases
        if phase.kind is PhaseKind.SWITCH:
            self.say(at + WORDS_AFTER_CHIME, words.switch(phase.side), end)
        elif phase.kind is PhaseKind.CHANGE:
            self.say(at + WORDS_AFTER_CHIME, words.next_part(phase.part_label), end)
        else:
            calls_round = phase.seconds >= ROUND_CALL_MIN_REST
            first_end = end - ROUND_CALL_SECONDS if calls_round else end
            self.say(at + WORDS_AFTER_CHIME, words.rest(), first_end)
            if calls_round:
                self.say(first_end, words.round_call(phase.round, phase.rounds), end)

    def _held_reps(self, placed: Placed) -> None:
        """A chime to start each held rep (the phase's own chime starts the first) and one
        to let it go; the rest of each rep is the time to come back and set up."""
        phase = placed.phase
        per_rep = phase.seconds / phase.count
        for rep in range(phase.count):
            start = placed.at + rep * per_rep
            if rep > 0:
                self.chimes.append(Chime(start, ChimeKind.BEGIN))
            self.chimes.append(Chime(start + phase.rep_hold, ChimeKind.RELEASE))

    def ending(self) -> None:
        self.chimes.append(Chime(self.at, ChimeKind.END))
        end = self.at + ENDING_SECONDS
        if self.phrases is not None:
            self.say(self.at + WORDS_AFTER_CHIME, self.phrases.ending(), end)
        self.at = end
