"""Pose data for the stretch pictures: the key positions of every exercise, checked.

A pose file (`content/poses/<exercise-id>.yaml`) names the surface and, for each position the
exercise's timing names (each part, each side), the joint angles of one to three frames: a
held stretch is one frame, a repeated movement shows where it starts and where it goes.
The checks here are pure: a body must rest on the surface without going through it, and
every part and side of the timing needs its picture.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated

from pydantic import AfterValidator, Field, StringConstraints, model_validator

from bot.domain.body import JOINT_NAMES, SEGMENT_NAMES, Body, Skeleton, pose, swap_side
from bot.domain.catalogue import Exercise, Reps, Side, Sides, Slug, Strict
from bot.domain.pacing import Phase

# How far a limb may sink into the surface (a mattress gives) before it goes through, and
# how close a part said to rest on the surface must come to it; fractions of body height.
SINK = 0.02
TOUCH = 0.03


def _body_part(name: str) -> str:
    if name not in SEGMENT_NAMES | JOINT_NAMES:
        raise ValueError(f"{name!r} is not a body part (see bot.domain.body.SEGMENT_NAMES)")
    return name


def _segment(name: str) -> str:
    if name not in SEGMENT_NAMES:
        known = ", ".join(sorted(SEGMENT_NAMES))
        raise ValueError(f"{name!r} is not a limb or trunk segment; one of {known}")
    return name


BodyPart = Annotated[str, AfterValidator(_body_part)]
SegmentName = Annotated[str, AfterValidator(_segment)]
Caption = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=32)]
Label = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40)]


class Surface(enum.StrEnum):
    BED = "bed"
    MAT = "mat"


SURFACE_WORDS = {Surface.BED: "through the bed", Surface.MAT: "below the floor"}


class View(Strict):
    """Where the viewer stands: `azimuth` 0 is at the body's right side as it lies in its base
    position, 90 at the +X end (the feet when lying on the back); `elevation` 0 is level
    with the surface, 89 looks almost straight down."""

    azimuth: float = Field(default=0, ge=-180, le=180)
    elevation: float = Field(default=10, ge=0, le=89)

    def mirrored(self) -> View:
        turned = 180 - self.azimuth
        return View(azimuth=turned - 360 if turned > 180 else turned, elevation=self.elevation)


class PropKind(enum.StrEnum):
    PILLOW = "pillow"  # a flat cushion under a body part
    TOWEL = "towel"  # a rolled towel
    STOOL = "stool"  # a seat reaching up to the body part


class Prop(Strict):
    kind: PropKind
    under: BodyPart


class Frame(Strict):
    """One key position of the body. `rests_on` names the segments that lie on the surface:
    the lowest of them is set on it, and each must touch it."""

    caption: Caption | None = None
    body: Body
    rests_on: list[SegmentName] = Field(min_length=1)
    props: list[Prop] = Field(default_factory=list)
    # Joints that sway or rock here, drawn with a small two-headed arrow.
    sway: list[BodyPart] = Field(default_factory=list)


class KeyPosition(Strict):
    """The picture for one part and side of the exercise's timing: its own frames, or the
    `mirror` image of another position (the same stretch done on the other side)."""

    part: int = Field(default=1, ge=1)
    side: Side = Side.BOTH
    label: Label | None = None
    view: View | None = None
    felt: list[BodyPart] = Field(default_factory=list)
    frames: list[Frame] | None = Field(default=None, min_length=1, max_length=3)
    # Draw the frames over each other, the earlier ones faint, instead of side by side: for
    # a movement of one part (a knee drawn in, the hips lifted).
    overlay: bool = False
    mirror: Slug | None = None

    @model_validator(mode="after")
    def _frames_or_mirror(self) -> KeyPosition:
        if (self.frames is None) == (self.mirror is None):
            raise ValueError("give either frames or mirror (the position it mirrors)")
        if self.mirror is not None and (self.felt or self.overlay or self.view):
            raise ValueError("a mirrored position takes everything from the one it mirrors")
        if self.overlay and len(self.frames or []) < 2:
            raise ValueError("overlay needs two or more frames")
        return self


class ExercisePoses(Strict):
    """The pose file of one exercise."""

    id: Slug
    surface: Surface
    wall: bool = False  # a wall at the end the legs reach (legs up the wall)
    view: View = View()
    positions: dict[Slug, KeyPosition] = Field(min_length=1)

    def key_for(self, part: int, side: Side) -> str:
        """The position shown for a part (1-based) and side; a side the part does not split
        into (a rest between rounds) shows the position with the side it starts on."""
        fallback: str | None = None
        for key, position in self.positions.items():
            if position.part != part:
                continue
            if position.side is side:
                return key
            fallback = fallback or key
        if fallback is None:
            raise KeyError(f"{self.id} has no position for part {part}")
        return fallback


# Resolved scenes ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Still:
    """One frame posed and set on the surface."""

    caption: str | None
    skeleton: Skeleton
    props: tuple[Prop, ...]
    sway: tuple[str, ...]


@dataclass(frozen=True)
class Scene:
    """Everything a picture of one position shows."""

    exercise_id: str
    key: str
    label: str
    part: int
    side: Side
    surface: Surface
    wall: bool
    view: View
    felt: tuple[str, ...]
    stills: tuple[Still, ...]
    overlay: bool = False


def place(frame: Frame) -> Still:
    """Pose the body and lower it until the lowest part it rests on touches the surface."""
    skeleton = pose(frame.body)
    settled = skeleton.moved((0.0, 0.0, -skeleton.lowest(frame.rests_on)))
    return Still(frame.caption, settled, tuple(frame.props), tuple(frame.sway))


def _mirrored(still: Still) -> Still:
    """The still seen in a mirror: the other side's limbs do what this side's did."""
    return Still(
        still.caption,
        still.skeleton.mirrored(),
        tuple(Prop(kind=p.kind, under=swap_side(p.under)) for p in still.props),
        tuple(swap_side(name) for name in still.sway),
    )


def scene(poses: ExercisePoses, exercise: Exercise, key: str) -> Scene:
    """The picture of one position, mirrored from the position it names if need be."""
    position = poses.positions[key]
    source = position
    if position.mirror is not None:
        source = poses.positions[position.mirror]
    assert source.frames is not None
    mirrored = source is not position
    view = source.view or poses.view
    stills = [place(frame) for frame in source.frames]
    if mirrored:
        stills = [_mirrored(still) for still in stills]
    felt = [swap_side(name) if mirrored else name for name in source.felt]
    return Scene(
        exercise_id=poses.id,
        key=key,
        label=position.label or default_label(exercise, position.part, position.side),
        part=position.part,
        side=position.side,
        surface=poses.surface,
        wall=poses.wall,
        view=view.mirrored() if mirrored else view,
        felt=tuple(felt),
        stills=tuple(stills),
        overlay=source.overlay,
    )


SIDE_LABELS = {Side.RIGHT: "Right side", Side.LEFT: "Left side"}


def default_label(exercise: Exercise, part: int, side: Side) -> str:
    """The words the routine's cues use: the part's label, else the side ("Left side")."""
    parts = exercise.timing.parts
    label = parts[part - 1].label if len(parts) > 1 and part <= len(parts) else None
    side_name = SIDE_LABELS.get(side)
    if label and side_name:
        return f"{label}, {side_name.lower()}"
    return label or side_name or ""


# Checks -------------------------------------------------------------------------------------


def check_poses(poses: ExercisePoses, exercise: Exercise) -> list[str]:
    """Every problem as "field: message", the field a dotted path in the pose file."""
    return [*check_coverage(poses, exercise), *check_geometry(poses)]


def _wanted(exercise: Exercise) -> Iterator[tuple[int, Side]]:
    for index, part in enumerate(exercise.timing.parts, start=1):
        for side in part.sides.order:
            yield index, side


def _describe(exercise: Exercise, part: int, side: Side) -> str:
    parts = exercise.timing.parts
    where = f"part {part}"
    if len(parts) > 1 and part <= len(parts):
        where = f"part {part} ({parts[part - 1].label})"
    if side is Side.BOTH:
        return where if len(parts) > 1 else "the exercise"
    return f"the {side.value} side" + (f" of {where}" if len(parts) > 1 else "")


def check_coverage(poses: ExercisePoses, exercise: Exercise) -> list[str]:
    """Each part and side of the timing has exactly one position; mirrors name a real one."""
    problems: list[str] = []
    wanted = list(_wanted(exercise))
    seen: dict[tuple[int, Side], str] = {}
    for key, position in poses.positions.items():
        where = (position.part, position.side)
        field = f"positions.{key}"
        if where not in wanted:
            sides = (
                exercise.timing.parts[position.part - 1].sides
                if position.part <= len(exercise.timing.parts)
                else None
            )
            problems.append(
                f"{field}: the timing of {exercise.id} has no "
                f"{_describe(exercise, *where)}{_sides_hint(sides)}"
            )
        elif where in seen:
            problems.append(f"{field}: {_describe(exercise, *where)} is already {seen[where]!r}")
        else:
            seen[where] = key
        problems += _check_position(poses, exercise, key)
    for where in wanted:
        if where not in seen:
            problems.append(f"positions: no position for {_describe(exercise, *where)}")
    return problems


def _sides_hint(sides: Sides | None) -> str:
    if sides is None:
        return ""
    if sides is Sides.NONE:
        return " (it is done once, not per side: use side both)"
    return f" (it is done {sides.value.replace('_', ' ')})"


def _check_position(poses: ExercisePoses, exercise: Exercise, key: str) -> list[str]:
    position = poses.positions[key]
    field = f"positions.{key}"
    if position.mirror is not None:
        source = poses.positions.get(position.mirror)
        if source is None:
            return [f"{field}.mirror: no position {position.mirror!r} to mirror"]
        if source.mirror is not None or source is position:
            return [f"{field}.mirror: {position.mirror!r} is a mirror itself"]
        if source.side is position.side is not Side.BOTH and source.part == position.part:
            return [f"{field}.mirror: {position.mirror!r} is on the same side"]
        return []
    assert position.frames is not None
    parts = exercise.timing.parts
    repeated = position.part <= len(parts) and isinstance(parts[position.part - 1].work, Reps)
    if repeated and len(position.frames) < 2:
        return [
            f"{field}.frames: a repeated movement shows where it starts and where it "
            "goes (two or three frames)"
        ]
    return []


def check_geometry(poses: ExercisePoses) -> list[str]:
    """Nothing goes through the surface; every part said to rest on it touches it."""
    problems: list[str] = []
    through = SURFACE_WORDS[poses.surface]
    for key, position in poses.positions.items():
        for index, frame in enumerate(position.frames or []):
            field = f"positions.{key}.frames.{index}"
            still = place(frame)
            for segment in still.skeleton.segments:
                if segment.lowest < -SINK:
                    problems.append(
                        f"{field}.body: {segment.name} goes {-segment.lowest:.2f} of body "
                        f"height {through}"
                    )
            for name in frame.rests_on:
                gap = still.skeleton.segment(name).lowest
                if gap > TOUCH:
                    problems.append(
                        f"{field}.rests_on: {name} is {gap:.2f} of body height above the "
                        f"{poses.surface.value}, yet said to rest on it"
                    )
    return problems


# Practice phases ----------------------------------------------------------------------------


def position_for_phase(poses: ExercisePoses, exercise: Exercise, phase: Phase | None) -> str:
    """The position a guided card shows during `phase` (None: before it starts). A switch,
    a rest or a change shows the position the person is moving into."""
    parts = exercise.timing.parts
    if phase is None:
        return poses.key_for(1, parts[0].sides.order[0])
    part = 1
    if phase.part_label is not None:
        labels = [p.label for p in parts]
        part = labels.index(phase.part_label) + 1 if phase.part_label in labels else 1
    side = phase.side
    if side is Side.BOTH:
        # A rest between rounds of a two-sided part: the next round starts on this side.
        side = parts[part - 1].sides.order[0]
    return poses.key_for(part, side)


def first_position(poses: ExercisePoses, exercise: Exercise) -> str:
    """The position a stretch card shows outside a routine: the first one the timing does."""
    return position_for_phase(poses, exercise, None)
