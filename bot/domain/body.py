"""A human body posed by joint angles: anthropometric proportions and forward kinematics.

Pure geometry for the stretch pictures: given the angles of one key position, where every
joint and limb is in space. Lengths are fractions of standing height (the body is 1 tall),
so the validator and the renderer share one figure.

Frames: the body's own axes are x forward (anterior), y to its left, z up (superior), as
in anatomy's standing posture. The world has X along the bed or mat, Y across it, Z up, with
the surface's top at Z = 0.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict

# Segment lengths as a fraction of standing height H, from Drillis & Contini (1966) as
# tabulated by D. A. Winter, "Biomechanics and Motor Control of Human Movement" (4th ed.,
# 2009), figure 4.1: joint heights 0.530 H (hip), 0.285 H (knee), 0.039 H (ankle),
# 0.818 H (shoulder), 0.870 H (chin); upper arm 0.186 H, forearm 0.146 H, hand 0.108 H,
# foot 0.152 H, head 0.130 H, shoulder breadth 0.259 H, hip breadth 0.191 H.
THIGH = 0.530 - 0.285
SHANK = 0.285 - 0.039
ANKLE_HEIGHT = 0.039
FOOT = 0.152
UPPER_ARM = 0.186
FOREARM = 0.146
HAND = 0.108
TRUNK = 0.818 - 0.530  # hip joint to shoulder joint height
NECK = 0.870 - 0.818  # shoulder to chin
HEAD = 0.130  # chin to the top of the head
SHOULDER_BREADTH = 0.259
HIP_BREADTH = 0.191
# The lumbar spine is about two fifths of the trunk between hip and shoulder height.
LOWER_BACK = TRUNK * 0.4
UPPER_BACK = TRUNK - LOWER_BACK
# Joint centres lie inside the breadths: the hip joints about half the hip breadth apart,
# the shoulder joints about four fifths of the shoulder breadth.
HIP_HALF = HIP_BREADTH / 4
SHOULDER_HALF = SHOULDER_BREADTH * 0.4

# Half thicknesses of the limbs (the radius of each drawn capsule, and how far a limb's
# surface is from its bone line when it rests on the bed): about half the segment depths of
# an adult of 1.75 m.
RADII: dict[str, float] = {
    "head": HEAD * 0.42,
    "neck": 0.028,
    "upper_back": 0.062,
    "lower_back": 0.056,
    "pelvis": 0.058,
    "shoulders": 0.045,
    "upper_arm": 0.026,
    "forearm": 0.021,
    "hand": 0.013,
    "thigh": 0.042,
    "shank": 0.031,
    "foot": 0.016,
}

Vec = tuple[float, float, float]
Mat = tuple[Vec, Vec, Vec]  # rows
BodySide = Literal["left", "right", "middle"]
SIDES: tuple[Literal["right"], Literal["left"]] = ("right", "left")


def _range(low: float, high: float, what: str) -> AfterValidator:
    """A joint angle within what a healthy adult reaches, with a message naming the joint."""

    def check(value: float) -> float:
        if not low <= value <= high:
            raise ValueError(
                f"{what} of {value:g}° is outside the human range {low:g}° to {high:g}°"
            )
        return value

    return AfterValidator(check)


# Human ranges of motion in degrees: the normal active ranges of the AAOS ("Joint Motion:
# Method of Measuring and Recording", 1965) as summarised by Norkin & White, widened a little
# where a stretch takes a joint further passively (kneeling sits on the heels, the tops of the
# feet rest flat, the hands lie flat).
SpineFlex = Annotated[float, _range(-30, 50, "spine flexion (negative: extension)")]
ThoraxFlex = Annotated[float, _range(-25, 40, "upper back flexion (negative: extension)")]
SpineBend = Annotated[float, _range(-20, 20, "side bend")]
LowerTwist = Annotated[float, _range(-10, 10, "lower back rotation")]
UpperTwist = Annotated[float, _range(-40, 40, "upper back rotation")]
NeckFlex = Annotated[float, _range(-50, 50, "neck flexion (negative: extension)")]
NeckBend = Annotated[float, _range(-40, 40, "neck side bend")]
NeckTurn = Annotated[float, _range(-75, 75, "head turn")]
HipFlex = Annotated[float, _range(-25, 140, "hip flexion (negative: extension)")]
HipAbd = Annotated[float, _range(-35, 55, "hip abduction (negative: adduction)")]
HipRot = Annotated[float, _range(-45, 60, "hip external rotation (negative: internal)")]
KneeFlex = Annotated[float, _range(0, 160, "knee flexion")]
AnklePlantar = Annotated[float, _range(-25, 75, "ankle plantar flexion (negative: dorsiflexion)")]
ShoulderFlex = Annotated[float, _range(-55, 180, "shoulder flexion (negative: extension)")]
ShoulderAbd = Annotated[float, _range(-30, 180, "shoulder abduction")]
ShoulderRot = Annotated[float, _range(-90, 90, "shoulder rotation")]
ElbowFlex = Annotated[float, _range(0, 150, "elbow flexion")]
WristBend = Annotated[float, _range(-90, 90, "wrist bend")]
Orientation = Annotated[float, _range(-180, 180, "whole-body rotation")]


class _Angles(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Base(enum.StrEnum):
    """How the pelvis lies before its own tilt, turn and lean (see `BASE_FRAMES`)."""

    UPRIGHT = "upright"
    ON_BACK = "on_back"
    ON_FRONT = "on_front"
    ON_LEFT_SIDE = "on_left_side"
    ON_RIGHT_SIDE = "on_right_side"


class Pelvis(_Angles):
    """The root of the figure. `tilt` leans the pelvis forward (its top toward its front),
    `turn` rotates it toward its left about the spine, `lean` tips it toward its left."""

    base: Base = Base.UPRIGHT
    tilt: Orientation = 0
    turn: Orientation = 0
    lean: Orientation = 0


class LowerSpine(_Angles):
    flex: SpineFlex = 0
    bend: SpineBend = 0
    twist: LowerTwist = 0


class UpperSpine(_Angles):
    flex: ThoraxFlex = 0
    bend: SpineBend = 0
    twist: UpperTwist = 0


class Neck(_Angles):
    flex: NeckFlex = 0
    bend: NeckBend = 0
    turn: NeckTurn = 0


class Hip(_Angles):
    flex: HipFlex = 0
    abd: HipAbd = 0
    rot: HipRot = 0


class Shoulder(_Angles):
    flex: ShoulderFlex = 0
    abd: ShoulderAbd = 0
    rot: ShoulderRot = 0


class Limbs(_Angles):
    """One side's joints; what is left out is at its neutral angle."""

    hip: Hip = Hip()
    knee: KneeFlex = 0
    ankle: AnklePlantar = 0
    shoulder: Shoulder = Shoulder()
    elbow: ElbowFlex = 0
    wrist: WristBend = 0


class HipChange(_Angles):
    flex: HipFlex | None = None
    abd: HipAbd | None = None
    rot: HipRot | None = None


class ShoulderChange(_Angles):
    flex: ShoulderFlex | None = None
    abd: ShoulderAbd | None = None
    rot: ShoulderRot | None = None


class LimbsChange(_Angles):
    """What one side does differently from `both`; unset angles are taken from `both`."""

    hip: HipChange = HipChange()
    knee: KneeFlex | None = None
    ankle: AnklePlantar | None = None
    shoulder: ShoulderChange = ShoulderChange()
    elbow: ElbowFlex | None = None
    wrist: WristBend | None = None

    def over(self, base: Limbs) -> Limbs:
        data = base.model_dump()
        for name, value in self.model_dump(exclude_none=True).items():
            if isinstance(value, dict):
                data[name] = {**data[name], **value}
            else:
                data[name] = value
        return Limbs.model_validate(data)


class Body(_Angles):
    """The angles of one key position. `both` sets both sides at once (mirrored, so abduction
    and rotation open both limbs outward); `right` and `left` override it joint by joint."""

    pelvis: Pelvis = Pelvis()
    lower_back: LowerSpine = LowerSpine()
    upper_back: UpperSpine = UpperSpine()
    neck: Neck = Neck()
    both: Limbs = Limbs()
    right: LimbsChange = LimbsChange()
    left: LimbsChange = LimbsChange()

    def limbs(self, side: Literal["right", "left"]) -> Limbs:
        """The joints of one side: `both` with that side's own entries on top."""
        return (self.right if side == "right" else self.left).over(self.both)


# Rotations --------------------------------------------------------------------------------


def _rot(axis: int, degrees: float) -> Mat:
    c, s = math.cos(math.radians(degrees)), math.sin(math.radians(degrees))
    if axis == 0:
        return ((1, 0, 0), (0, c, -s), (0, s, c))
    if axis == 1:
        return ((c, 0, s), (0, 1, 0), (-s, 0, c))
    return ((c, -s, 0), (s, c, 0), (0, 0, 1))


def mat_mul(*matrices: Mat) -> Mat:
    result = matrices[0]
    for other in matrices[1:]:
        cols = list(zip(*other, strict=True))
        result = tuple(  # type: ignore[assignment]
            tuple(sum(a * b for a, b in zip(row, col, strict=True)) for col in cols)
            for row in result
        )
    return result


def apply(m: Mat, v: Vec) -> Vec:
    return (
        m[0][0] * v[0] + m[0][1] * v[1] + m[0][2] * v[2],
        m[1][0] * v[0] + m[1][1] * v[1] + m[1][2] * v[2],
        m[2][0] * v[0] + m[2][1] * v[1] + m[2][2] * v[2],
    )


def add(a: Vec, b: Vec) -> Vec:
    return (a[0] + b[0], a[1] + b[1], a[2] + b[2])


def _columns(x: Vec, y: Vec, z: Vec) -> Mat:
    """The rotation taking the body's x, y, z axes to these world directions."""
    return ((x[0], y[0], z[0]), (x[1], y[1], z[1]), (x[2], y[2], z[2]))


# Where the body's forward (x), left (y) and head (z) axes point in the world for each base.
# Lying on the back the head is toward -X; on the front, on all fours and upright the body
# faces +X; on a side the body faces the viewer (-Y).
BASE_FRAMES: dict[Base, Mat] = {
    Base.UPRIGHT: _columns((1, 0, 0), (0, 1, 0), (0, 0, 1)),
    Base.ON_BACK: _columns((0, 0, 1), (0, 1, 0), (-1, 0, 0)),
    Base.ON_FRONT: _columns((0, 0, -1), (0, 1, 0), (1, 0, 0)),
    Base.ON_LEFT_SIDE: _columns((0, -1, 0), (0, 0, -1), (1, 0, 0)),
    Base.ON_RIGHT_SIDE: _columns((0, -1, 0), (0, 0, 1), (-1, 0, 0)),
}


def _spine(flex: float, bend: float, twist: float) -> Mat:
    # Flexion brings the head forward (about the left axis), a bend tips it toward the left
    # side, a twist turns the front toward the left.
    return mat_mul(_rot(1, flex), _rot(0, -bend), _rot(2, twist))


def _limb(side: str, flex: float, abd: float, rot: float) -> Mat:
    # A limb hangs along -z at zero. Flexion swings it forward, abduction out to its own side,
    # external rotation turns its front outward; the right side mirrors the left.
    sign = 1 if side == "left" else -1
    return mat_mul(_rot(1, -flex), _rot(0, sign * abd), _rot(2, sign * rot))


# Skeleton ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Segment:
    """One limb or trunk piece as a capsule from `start` to `end`."""

    name: str  # "right_thigh", "upper_back", ...
    start: Vec
    end: Vec
    radius: float
    side: BodySide

    @property
    def lowest(self) -> float:
        """The height of the capsule's lowest surface point."""
        return min(self.start[2], self.end[2]) - self.radius

    def moved(self, offset: Vec) -> Segment:
        return Segment(
            self.name, add(self.start, offset), add(self.end, offset), self.radius, self.side
        )


@dataclass(frozen=True)
class Skeleton:
    """Joint positions and limb capsules of a posed body, in world coordinates."""

    joints: dict[str, Vec]
    segments: tuple[Segment, ...]
    face: Vec  # where the face points: for drawing the nose

    def segment(self, name: str) -> Segment:
        for segment in self.segments:
            if segment.name == name:
                return segment
        raise KeyError(name)

    def moved(self, offset: Vec) -> Skeleton:
        joints = {name: add(point, offset) for name, point in self.joints.items()}
        return Skeleton(joints, tuple(s.moved(offset) for s in self.segments), self.face)

    def mirrored(self) -> Skeleton:
        """The mirror image across the world's XZ plane: the same position done on the other
        side, its right limbs where the left ones were."""
        joints = {swap_side(name): _flip(point) for name, point in self.joints.items()}
        segments = tuple(
            Segment(
                swap_side(s.name),
                _flip(s.start),
                _flip(s.end),
                s.radius,
                OTHER_SIDE[s.side],
            )
            for s in self.segments
        )
        return Skeleton(joints, segments, _flip(self.face))

    def lowest(self, names: Iterable[str] | None = None) -> float:
        chosen = set(names) if names is not None else None
        return min(s.lowest for s in self.segments if chosen is None or s.name in chosen)

    def extent(self, axis: int) -> tuple[float, float]:
        """The body's reach along a world axis, limb thickness included."""
        low = min(min(s.start[axis], s.end[axis]) - s.radius for s in self.segments)
        high = max(max(s.start[axis], s.end[axis]) + s.radius for s in self.segments)
        return low, high


OTHER_SIDE: dict[BodySide, BodySide] = {"left": "right", "right": "left", "middle": "middle"}


def _flip(point: Vec) -> Vec:
    return (point[0], -point[1], point[2])


def swap_side(name: str) -> str:
    """`right_knee` ↔ `left_knee`; names of the middle stay."""
    for this, other in (("right_", "left_"), ("left_", "right_")):
        if name.startswith(this):
            return other + name.removeprefix(this)
    return name


SEGMENT_NAMES: frozenset[str] = frozenset(
    {"head", "neck", "upper_back", "mid_back", "lower_back", "pelvis", "shoulders"}
    | {
        f"{side}_{limb}"
        for side in SIDES
        for limb in ("upper_arm", "forearm", "hand", "thigh", "shank", "foot")
    }
)
JOINT_NAMES: frozenset[str] = frozenset(
    {"pelvis", "waist", "mid_back", "neck_base", "head"}
    | {
        f"{side}_{joint}"
        for side in SIDES
        for joint in ("hip", "knee", "ankle", "heel", "toe", "shoulder", "elbow", "wrist", "hand")
    }
)


def pose(body: Body) -> Skeleton:
    """The body's skeleton with its pelvis at the world origin."""
    pelvis = mat_mul(
        BASE_FRAMES[body.pelvis.base],
        _rot(2, body.pelvis.turn),
        _rot(1, body.pelvis.tilt),
        _rot(0, -body.pelvis.lean),
    )
    origin: Vec = (0.0, 0.0, 0.0)
    lower = mat_mul(pelvis, _spine(body.lower_back.flex, body.lower_back.bend, 0))
    lower = mat_mul(lower, _rot(2, body.lower_back.twist))
    waist = add(origin, apply(lower, (0, 0, LOWER_BACK)))
    # The thoracic spine bends in two halves, so a rounded or arched back shows its curve.
    half = body.upper_back
    middle = mat_mul(lower, _spine(half.flex / 2, half.bend / 2, half.twist / 2))
    mid_back = add(waist, apply(middle, (0, 0, UPPER_BACK / 2)))
    upper = mat_mul(middle, _spine(half.flex / 2, half.bend / 2, half.twist / 2))
    neck_base = add(mid_back, apply(upper, (0, 0, UPPER_BACK / 2)))
    head_frame = mat_mul(upper, _spine(body.neck.flex, body.neck.bend, body.neck.turn))
    chin = add(neck_base, apply(head_frame, (0, 0, NECK)))
    head = add(chin, apply(head_frame, (0.01, 0, HEAD * 0.58)))
    joints: dict[str, Vec] = {
        "pelvis": origin,
        "waist": waist,
        "mid_back": mid_back,
        "neck_base": neck_base,
        "head": head,
    }
    segments = [
        Segment("lower_back", origin, waist, RADII["lower_back"], "middle"),
        Segment("mid_back", waist, mid_back, RADII["upper_back"], "middle"),
        Segment("upper_back", mid_back, neck_base, RADII["upper_back"], "middle"),
        Segment("neck", neck_base, chin, RADII["neck"], "middle"),
        Segment("head", head, head, RADII["head"], "middle"),
    ]
    for side in SIDES:
        limbs = body.limbs(side)
        segments += _leg(side, limbs, pelvis, joints)
        segments += _arm(side, limbs, upper, neck_base, joints)
    # The breadth of the hips and of the shoulders, which a body lying on its side rests on.
    segments += [
        Segment("pelvis", joints["right_hip"], joints["left_hip"], RADII["pelvis"], "middle"),
        Segment(
            "shoulders",
            joints["right_shoulder"],
            joints["left_shoulder"],
            RADII["shoulders"],
            "middle",
        ),
    ]
    return Skeleton(joints, tuple(segments), apply(head_frame, (1, 0, 0)))


def _leg(side: str, limbs: Limbs, pelvis: Mat, joints: dict[str, Vec]) -> list[Segment]:
    width = HIP_HALF if side == "left" else -HIP_HALF
    hip = apply(pelvis, (0, width, 0))
    thigh = mat_mul(pelvis, _limb(side, limbs.hip.flex, limbs.hip.abd, limbs.hip.rot))
    knee = add(hip, apply(thigh, (0, 0, -THIGH)))
    # The knee bends the shank backward; the ankle tips the foot down from square to the shin.
    shank = mat_mul(thigh, _rot(1, limbs.knee))
    ankle = add(knee, apply(shank, (0, 0, -SHANK)))
    foot = mat_mul(shank, _rot(1, limbs.ankle))
    sole = ANKLE_HEIGHT - RADII["foot"]
    heel = add(ankle, apply(foot, (-0.04, 0, -sole)))
    toe = add(ankle, apply(foot, (FOOT * 0.75 - RADII["foot"], 0, -sole)))
    joints.update(
        {
            f"{side}_hip": hip,
            f"{side}_knee": knee,
            f"{side}_ankle": ankle,
            f"{side}_heel": heel,
            f"{side}_toe": toe,
        }
    )
    body_side: BodySide = "left" if side == "left" else "right"
    return [
        Segment(f"{side}_thigh", hip, knee, RADII["thigh"], body_side),
        Segment(f"{side}_shank", knee, ankle, RADII["shank"], body_side),
        Segment(f"{side}_foot", heel, toe, RADII["foot"], body_side),
    ]


def _arm(
    side: str, limbs: Limbs, upper: Mat, neck_base: Vec, joints: dict[str, Vec]
) -> list[Segment]:
    width = SHOULDER_HALF if side == "left" else -SHOULDER_HALF
    shoulder = add(neck_base, apply(upper, (-0.01, width, 0)))
    arm = mat_mul(upper, _limb(side, limbs.shoulder.flex, limbs.shoulder.abd, limbs.shoulder.rot))
    elbow = add(shoulder, apply(arm, (0, 0, -UPPER_ARM)))
    # The elbow and the wrist bend the forearm and the hand forward, toward the palm.
    forearm = mat_mul(arm, _rot(1, -limbs.elbow))
    wrist = add(elbow, apply(forearm, (0, 0, -FOREARM)))
    hand = mat_mul(forearm, _rot(1, -limbs.wrist))
    tip = add(wrist, apply(hand, (0, 0, -(HAND - RADII["hand"]))))
    joints.update(
        {
            f"{side}_shoulder": shoulder,
            f"{side}_elbow": elbow,
            f"{side}_wrist": wrist,
            f"{side}_hand": tip,
        }
    )
    body_side: BodySide = "left" if side == "left" else "right"
    return [
        Segment(f"{side}_upper_arm", shoulder, elbow, RADII["upper_arm"], body_side),
        Segment(f"{side}_forearm", elbow, wrist, RADII["forearm"], body_side),
        Segment(f"{side}_hand", wrist, tip, RADII["hand"], body_side),
    ]
