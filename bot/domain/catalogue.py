"""The stretch catalogue: exercises, their timing models and routines.

Pure data with validation; loaded from `content/` by `bot.content.loader`.
A timing model is a list of parts; each part repeats one kind of work
(a hold, a count of breaths, repetitions or a plain duration) over sides and sets,
which is enough to express every timing the source articles give.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from bot.domain.words import plain

if TYPE_CHECKING:
    # Pose files refer to exercises, so the poses module imports this one.
    from bot.domain.poses import ExercisePoses

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=40)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=600)]


class Strict(BaseModel):
    """Base for catalogue models: unknown fields are mistakes, values are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Position(enum.StrEnum):
    """Where the body is; the order is the browsing order in `/stretches`."""

    ON_BACK = "on_back"
    ON_SIDE = "on_side"
    ON_STOMACH = "on_stomach"
    ALL_FOURS = "all_fours"
    KNEELING = "kneeling"
    SITTING = "sitting"
    STANDING = "standing"


class Side(enum.StrEnum):
    RIGHT = "right"
    LEFT = "left"
    BOTH = "both"


class Sides(enum.StrEnum):
    """Whether a part is done once, or once per side and in which order."""

    NONE = "none"
    RIGHT_THEN_LEFT = "right_then_left"
    LEFT_THEN_RIGHT = "left_then_right"

    @property
    def order(self) -> tuple[Side, ...]:
        if self is Sides.RIGHT_THEN_LEFT:
            return (Side.RIGHT, Side.LEFT)
        if self is Sides.LEFT_THEN_RIGHT:
            return (Side.LEFT, Side.RIGHT)
        return (Side.BOTH,)


class OpenWords(enum.StrEnum):
    """Source words that leave a count to the person. Each has one rule (`OPEN_COUNTS`), so the
    same words give the same count in every file."""

    SEVERAL = "several"  # "repeat several times"
    AS_COMFORTABLE = "as many as comfortable"  # "repeat as many times as is comfortable"


@dataclass(frozen=True)
class OpenRule:
    """What the timer plays for an open count (`start`), and how far the person may extend it
    one tap at a time (`most`). Every pace plays `start`: the source gives no range to pick
    from, the person decides."""

    start: int
    most: int


OPEN_COUNTS: dict[OpenWords, OpenRule] = {
    # "Several" is more than a couple: five, slowly, with the breath.
    OpenWords.SEVERAL: OpenRule(start=5, most=12),
    # "As many as is comfortable" repeats a whole pose: a few rounds, then the person's call.
    OpenWords.AS_COMFORTABLE: OpenRule(start=3, most=10),
}


class Range(Strict):
    """A count or a number of seconds the source gives as a value or a range.

    `default` is what the standard pace uses; `low`/`high` bound the gentle and quick paces.
    A source that says "at least N" has `high` set by the content author and `at_least` true.
    A source that leaves the count to the person ("several times") is written as those words
    in the content file; `open` keeps them, and `OPEN_COUNTS` gives the numbers.
    """

    low: int = Field(gt=0)
    high: int = Field(gt=0)
    default: int = Field(gt=0)
    at_least: bool = False
    open: OpenWords | None = None

    @model_validator(mode="before")
    @classmethod
    def _from_scalar(cls, value: object) -> object:
        # A bare number in a content file means an exact value: low = high = default.
        if isinstance(value, int) and not isinstance(value, bool):
            return {"low": value, "high": value, "default": value}
        if isinstance(value, str):
            try:
                words = OpenWords(value)
            except ValueError:
                known = ", ".join(repr(w.value) for w in OpenWords)
                raise ValueError(f"a count in words must be one of {known}") from None
            start = OPEN_COUNTS[words].start
            return {"low": start, "high": start, "default": start, "open": words}
        if isinstance(value, dict) and "default" not in value and "low" in value:
            return {**value, "default": value["low"]}
        return value

    @model_validator(mode="after")
    def _ordered(self) -> Range:
        if not self.low <= self.default <= self.high:
            raise ValueError("needs low <= default <= high")
        if self.open is not None:
            start = OPEN_COUNTS[self.open].start
            if self.at_least or (self.low, self.high, self.default) != (start, start, start):
                raise ValueError(f"{self.open.value!r} is written as those words alone")
        return self

    @property
    def most(self) -> int:
        """The largest count the person may reach: an open count's ceiling, else `high`."""
        return OPEN_COUNTS[self.open].most if self.open is not None else self.high

    @property
    def is_exact(self) -> bool:
        return self.low == self.high


class BreathSync(enum.StrEnum):
    """Which half of the breath carries the movement of one repetition."""

    INHALE = "inhale"
    EXHALE = "exhale"
    # One way on the in-breath, back on the out-breath (cat-cow): a rep is a whole breath.
    BOTH = "both"


class Hold(Strict):
    """Stay still for a number of seconds."""

    kind: Literal["hold"] = "hold"
    seconds: Range


class Breaths(Strict):
    """Stay for a number of breaths; `lengthening` slows the pace breath by breath."""

    kind: Literal["breaths"] = "breaths"
    count: Range
    lengthening: bool = False


class Reps(Strict):
    """Repeat a movement; each rep either holds for some seconds or follows one breath."""

    kind: Literal["reps"] = "reps"
    count: Range
    hold_seconds: Range | None = None
    breath: BreathSync | None = None

    @model_validator(mode="after")
    def _one_pacing(self) -> Reps:
        if (self.hold_seconds is None) == (self.breath is None):
            raise ValueError("a rep is paced by exactly one of hold_seconds or breath")
        return self


class Duration(Strict):
    """Keep moving gently (or resting) for a stretch of time, e.g. "about 1 minute"."""

    kind: Literal["duration"] = "duration"
    seconds: Range


Work = Annotated[Hold | Breaths | Reps | Duration, Field(discriminator="kind")]


class Part(Strict):
    """One block of work, repeated per side and per set, with rest between sets.

    Sets go round the sides (right, left, right, left...) unless `sets_per_side`: then all of
    one side's sets come first, so the person turns over once (side-lying leg lifts).
    `changeover_seconds` is the time, at the standard pace, to move into this part from the
    one before (turning over, moving towels); without it a part gets `CHANGEOVER_SECONDS`.
    """

    label: Text | None = None
    work: Work
    sides: Sides = Sides.NONE
    sets: Range = Range(low=1, high=1, default=1)
    rest_seconds: int = Field(default=0, ge=0)
    sets_per_side: bool = False
    changeover_seconds: int | None = Field(default=None, gt=0, le=60)

    @model_validator(mode="after")
    def _rest_needs_sets(self) -> Part:
        if self.rest_seconds and self.sets.most == 1:
            raise ValueError("rest_seconds only makes sense with more than one set")
        if self.sets_per_side and (self.sides is Sides.NONE or self.sets.most == 1):
            raise ValueError("sets_per_side needs sides and more than one set")
        return self

    @property
    def open_range(self) -> Range | None:
        """The count the person decides (reps, breaths or sets), if the source leaves one."""
        count = getattr(self.work, "count", None)
        for value in (count, self.sets):
            if isinstance(value, Range) and value.open is not None:
                return value
        return None


class Timing(Strict):
    """The parts in order; `about_seconds` is the whole exercise's length when the source
    gives one beside a count ("8-10 breaths, about 1 minute"); `times_a_day` when it says how
    often ("twice a day")."""

    parts: list[Part] = Field(min_length=1)
    about_seconds: Range | None = None
    times_a_day: int | None = Field(default=None, ge=1, le=4)

    @model_validator(mode="after")
    def _labels_when_many(self) -> Timing:
        if len(self.parts) > 1 and any(part.label is None for part in self.parts):
            raise ValueError("every part needs a label when there is more than one")
        if self.parts[0].changeover_seconds is not None:
            raise ValueError("the first part has nothing to change over from")
        if sum(part.open_range is not None for part in self.parts) > 1:
            raise ValueError("at most one count in an exercise can be left to the person")
        if self.about_seconds is not None and not all(
            isinstance(part.work, Reps) for part in self.parts
        ):
            # Breaths follow the person's tempo and holds are timed already; only a rep's
            # pace is free to fit the whole into the time the source gives.
            raise ValueError("about_seconds only fits exercises made of repetitions")
        return self


LANGUAGES: tuple[str, ...] = ("en", "vi", "th", "zh-Hans", "es", "ru")
# The catalogue's own language: the fields of Exercise and Routine are in it.
SOURCE_LANGUAGE = "en"


class ExerciseText(Strict):
    """An exercise's words in another language; the timing is the English one, unchanged."""

    name: Text
    aliases: list[Text] = Field(default_factory=list)
    summary: Text
    steps: list[Text] = Field(min_length=2)
    cautions: list[Text] = Field(default_factory=list)


class RoutineText(Strict):
    """A routine's name and description in another language."""

    name: Text
    description: Text


class SafetyText(Strict):
    """The safety words in another language, as the English ones the views show: the short
    note before a routine, the full /safety page with its red flags, a card's footer. HTML,
    as Telegram reads it."""

    short: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
    full: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
    card_footer: Text


class Exercise(Strict):
    id: Slug
    name: Text
    aliases: list[Text] = Field(default_factory=list)
    position: Position
    in_bed: bool
    focus: list[Text] = Field(min_length=1)
    summary: Text
    steps: list[Text] = Field(min_length=2)
    cautions: list[Text] = Field(default_factory=list)
    source: Text
    timing: Timing
    # Language code -> the words in that language; filled by the loader from translations/.
    translations: dict[str, ExerciseText] = Field(default_factory=dict)

    def every_name(self) -> tuple[str, ...]:
        """Its names and aliases in every language, English first."""
        names = [self.name, *self.aliases]
        for text in self.translations.values():
            names += [text.name, *text.aliases]
        return tuple(names)

    def in_language(self, language: str) -> Exercise:
        """The exercise with its words in `language` (English where there is no translation)."""
        text = self.translations.get(language)
        if text is None:
            return self
        return self.model_copy(update=text.model_dump())


class Routine(Strict):
    id: Slug
    name: Text
    description: Text
    source: Text | None = None
    exercises: list[Slug] = Field(min_length=1)
    translations: dict[str, RoutineText] = Field(default_factory=dict)

    def in_language(self, language: str) -> Routine:
        """The routine with its words in `language` (English where there is no translation)."""
        text = self.translations.get(language)
        if text is None:
            return self
        return self.model_copy(update=text.model_dump())


# The routine `/bedtime` starts: only stretches done lying in bed.
DEFAULT_ROUTINE = "bedtime"
# The routine offered to someone who names a back condition: lying in bed, no twists, no
# lifting, no pulling.
GENTLEST_ROUTINE = "sleep-well"


class Catalogue:
    """All exercises and routines, looked up by id or exact name/alias (case-insensitive)."""

    def __init__(
        self,
        exercises: list[Exercise],
        routines: list[Routine],
        poses: Mapping[str, ExercisePoses] | None = None,
        safety: Mapping[str, SafetyText] | None = None,
    ) -> None:
        self.exercises: dict[str, Exercise] = {exercise.id: exercise for exercise in exercises}
        # The safety words by language, for languages other than English (whose words are
        # the views' own).
        self.safety: dict[str, SafetyText] = dict(safety or {})
        self.routines: dict[str, Routine] = {routine.id: routine for routine in routines}
        # The pose data of each exercise's pictures, by exercise id (see bot.domain.poses).
        self.poses: dict[str, ExercisePoses] = dict(poses or {})
        self._by_name: dict[str, Exercise] = {}
        for exercise in exercises:
            for name in (exercise.id, *exercise.every_name()):
                self._by_name.setdefault(normalise_name(name), exercise)

    @property
    def languages(self) -> tuple[str, ...]:
        """English, then every language the whole catalogue is translated into."""
        found = {language for e in self.exercises.values() for language in e.translations}
        return (SOURCE_LANGUAGE, *(lang for lang in LANGUAGES if lang in found))

    def find_exact(self, name: str) -> Exercise | None:
        return self._by_name.get(normalise_name(name))

    def by_position(self, position: Position) -> list[Exercise]:
        return sorted(
            (e for e in self.exercises.values() if e.position is position), key=lambda e: e.name
        )

    def routines_in_order(self) -> list[Routine]:
        """The default routine first, then the rest by name."""
        return sorted(self.routines.values(), key=lambda r: (r.id != DEFAULT_ROUTINE, r.name))

    def similar(self, exercise: Exercise, limit: int = 5) -> list[Exercise]:
        """Stretches for the same body areas, same position first: "More like this"."""

        def closeness(other: Exercise) -> tuple[int, int, str]:
            shared = len(set(other.focus) & set(exercise.focus))
            return (-shared, other.position is not exercise.position, other.name)

        others = [e for e in self.exercises.values() if e.id != exercise.id]
        ranked = sorted(others, key=closeness)
        return [e for e in ranked if set(e.focus) & set(exercise.focus)][:limit]

    def routine_exercises(self, routine: Routine) -> list[Exercise]:
        return [self.exercises[exercise_id] for exercise_id in routine.exercises]


def normalise_name(name: str) -> str:
    """Fold case, accents, apostrophes, hyphens and spacing so "Child's pose" equals
    "childs-pose" and "Tư thế em bé" equals "tu the em be"; Thai keeps its vowel signs."""
    return " ".join(plain(name))
