"""Pose data: every position the timing names exists, looks human, and shows the cue's side.

The side table is the contract with the cards: when a cue says "Now the left side", the picture
must show the left limb doing the work, whatever way the figure faces.
"""

from __future__ import annotations

import math
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot import cli
from bot.content.loader import DEFAULT_CONTENT_DIR, ContentError, load_catalogue
from bot.domain.body import (
    ANKLE_HEIGHT,
    FOREARM,
    RADII,
    SHANK,
    THIGH,
    UPPER_ARM,
    Body,
    Skeleton,
    Vec,
)
from bot.domain.catalogue import Catalogue, Side
from bot.domain.pacing import Pace, PhaseKind, TempoName, plan_exercise
from bot.domain.poses import Frame, Scene, place, position_for_phase, scene

POSE_FILES = sorted((DEFAULT_CONTENT_DIR / "poses").glob("*.yaml"))


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue()


def all_scenes(catalogue: Catalogue) -> list[Scene]:
    return [
        scene(poses, catalogue.exercises[exercise_id], key)
        for exercise_id, poses in catalogue.poses.items()
        for key in poses.positions
    ]


def test_every_exercise_has_a_pose_file(catalogue: Catalogue) -> None:
    assert {path.stem for path in POSE_FILES} == set(catalogue.exercises)
    assert set(catalogue.poses) == set(catalogue.exercises)


def test_the_standing_figure_has_winters_proportions() -> None:
    """Stood on its feet, the figure is one body height tall with its joints at the heights
    Drillis & Contini measured (Winter, figure 4.1)."""
    standing = place(Frame(body=Body(), rests_on=["right_foot"])).skeleton
    joints = standing.joints
    assert joints["head"][2] + RADII["head"] == pytest.approx(1.0, abs=0.01)
    assert joints["right_shoulder"][2] == pytest.approx(0.818, abs=0.005)
    assert joints["right_hip"][2] == pytest.approx(0.530, abs=0.005)
    assert joints["right_knee"][2] == pytest.approx(0.285, abs=0.005)
    assert joints["right_ankle"][2] == pytest.approx(ANKLE_HEIGHT, abs=0.005)
    assert joints["right_wrist"][2] == pytest.approx(0.485, abs=0.005)
    assert math.dist(joints["right_hip"], joints["right_knee"]) == pytest.approx(THIGH)
    assert math.dist(joints["right_knee"], joints["right_ankle"]) == pytest.approx(SHANK)
    upper_arm = math.dist(joints["right_shoulder"], joints["right_elbow"])
    assert upper_arm == pytest.approx(UPPER_ARM)
    assert math.dist(joints["right_elbow"], joints["right_wrist"]) == pytest.approx(FOREARM)


def test_every_part_and_side_of_every_timing_has_its_position(catalogue: Catalogue) -> None:
    for exercise in catalogue.exercises.values():
        poses = catalogue.poses[exercise.id]
        for part_number, part in enumerate(exercise.timing.parts, start=1):
            for side in part.sides.order:
                key = poses.key_for(part_number, side)
                shown = scene(poses, exercise, key)
                assert (shown.part, shown.side) == (part_number, side), (exercise.id, key)


def test_every_phase_of_a_guided_practice_has_a_picture(catalogue: Catalogue) -> None:
    """Switches, rests and changes show the position the person is moving into."""
    for exercise in catalogue.exercises.values():
        poses = catalogue.poses[exercise.id]
        phases = plan_exercise(exercise, Pace.STANDARD, TempoName.STANDARD.tempo)
        for index, phase in enumerate(phases):
            key = position_for_phase(poses, exercise, phase)
            upcoming = phase if phase.is_work else phases[index + 1]
            if upcoming.side is not Side.BOTH:
                assert scene(poses, exercise, key).side is upcoming.side, (exercise.id, index)
        first = position_for_phase(poses, exercise, None)
        assert first == position_for_phase(poses, exercise, phases[0])


def test_parts_change_the_picture_as_the_routine_moves_on(catalogue: Catalogue) -> None:
    exercise = catalogue.exercises["knee-hugs"]
    poses = catalogue.poses["knee-hugs"]
    phases = plan_exercise(exercise, Pace.STANDARD, TempoName.STANDARD.tempo)
    shown = [position_for_phase(poses, exercise, phase) for phase in phases]
    assert [p.kind for p in phases][:2] == [PhaseKind.HOLD, PhaseKind.CHANGE]
    assert shown == ["right-knee", "left-knee", "left-knee", "both-knees", "both-knees"]

    lifts = catalogue.exercises["side-lying-leg-lift"]
    plan = plan_exercise(lifts, Pace.STANDARD, TempoName.STANDARD.tempo)
    keys = [position_for_phase(catalogue.poses[lifts.id], lifts, phase) for phase in plan]
    assert keys == ["left"] * 5 + ["right"] * 6  # three rounds a side, a rest between


def _along(start: Vec, end: Vec, point: Vec) -> float:
    """How far `point` is from `start` in the direction of `end`, in body heights."""
    axis = [b - a for a, b in zip(start, end, strict=True)]
    length = math.hypot(*axis)
    return sum((p - a) * d / length for p, a, d in zip(point, start, axis, strict=True))


def _lateral(skeleton: Skeleton, point: Vec) -> float:
    """How far a point is toward the body's left of its middle (negative: its right)."""
    right, left = skeleton.joints["right_hip"], skeleton.joints["left_hip"]
    middle = ((right[0] + left[0]) / 2, (right[1] + left[1]) / 2, (right[2] + left[2]) / 2)
    return _along(middle, left, point)


def _ahead(skeleton: Skeleton, point: Vec) -> float:
    """How far a point is toward the head from the pelvis."""
    return _along(skeleton.joints["pelvis"], skeleton.joints["neck_base"], point)


def _forward(skeleton: Skeleton, point: Vec) -> float:
    """How far a point is in front of the pelvis, the way the belly faces."""
    j = skeleton.joints
    left = [b - a for a, b in zip(j["right_hip"], j["left_hip"], strict=True)]
    up = [b - a for a, b in zip(j["pelvis"], j["waist"], strict=True)]
    front = (
        left[1] * up[2] - left[2] * up[1],
        left[2] * up[0] - left[0] * up[2],
        left[0] * up[1] - left[1] * up[0],
    )
    pelvis = j["pelvis"]
    return _along(
        pelvis, (pelvis[0] + front[0], pelvis[1] + front[1], pelvis[2] + front[2]), point
    )


def _toward(side: str, value: float) -> bool:
    return value > 0.02 if side == "left" else value < -0.02


def _other(side: str) -> str:
    return "left" if side == "right" else "right"


Works = Callable[[Skeleton, str], bool]
# For each two-sided stretch, what "the right side" means in its source, as geometry.
WORKING_SIDE: dict[str, Works] = {
    # "Reach your right arm forward and your left leg straight back."
    "bird-dog": lambda s, side: (
        _ahead(s, s.joints[f"{side}_wrist"]) > _ahead(s, s.joints[f"{_other(side)}_wrist"]) + 0.2
    ),
    # The knee drawn to the chest is the one named.
    "knee-to-chest": lambda s, side: (
        math.dist(s.joints[f"{side}_knee"], s.joints["neck_base"])
        < math.dist(s.joints[f"{_other(side)}_knee"], s.joints["neck_base"]) - 0.1
    ),
    "single-leg-knee-hug": lambda s, side: (
        math.dist(s.joints[f"{side}_knee"], s.joints["neck_base"])
        < math.dist(s.joints[f"{_other(side)}_knee"], s.joints["neck_base"]) - 0.1
    ),
    # Knees lowered (or swayed) toward the side named.
    "spinal-twist": lambda s, side: _toward(side, _lateral(s, _knees(s))),
    "supine-twist": lambda s, side: _toward(side, _lateral(s, _knees(s))),
    "lower-back-rotation": lambda s, side: _toward(side, _lateral(s, _knees(s))),
    "knees-together-sway": lambda s, side: _toward(side, _lateral(s, _knees(s))),
    # The front knee is the named one.
    "pigeon": lambda s, side: (
        _ahead(s, s.joints[f"{side}_knee"]) > _ahead(s, s.joints[f"{_other(side)}_knee"]) + 0.1
    ),
    # "Left side": the left foot in front, the right knee down.
    "psoas-lunge": lambda s, side: (
        _forward(s, s.joints[f"{side}_ankle"])
        > _forward(s, s.joints[f"{_other(side)}_ankle"]) + 0.2
        and s.joints[f"{_other(side)}_knee"][2] < s.joints[f"{side}_knee"][2]
    ),
    # Lying on the named side: its hip is the lower one.
    "side-lying-leg-lift": lambda s, side: (
        s.joints[f"{side}_hip"][2] < s.joints[f"{_other(side)}_hip"][2] - 0.05
    ),
    # The named ankle crosses over the other thigh, past the middle.
    "thread-the-needle": lambda s, side: _toward(
        _other(side), _lateral(s, s.joints[f"{side}_ankle"])
    ),
}


def _knees(skeleton: Skeleton) -> Vec:
    right, left = skeleton.joints["right_knee"], skeleton.joints["left_knee"]
    return ((right[0] + left[0]) / 2, (right[1] + left[1]) / 2, (right[2] + left[2]) / 2)


def test_the_side_shown_is_the_side_the_cue_names(catalogue: Catalogue) -> None:
    two_sided = {
        e.id
        for e in catalogue.exercises.values()
        for p in e.timing.parts
        if p.sides.value != "none"
    }
    assert set(WORKING_SIDE) == two_sided
    for exercise_id, works in WORKING_SIDE.items():
        exercise = catalogue.exercises[exercise_id]
        poses = catalogue.poses[exercise_id]
        for side in (Side.RIGHT, Side.LEFT):
            shown = scene(poses, exercise, poses.key_for(1, side))
            assert shown.label.startswith(f"{side.value.title()} side"), shown.label
            # The last frame is where the movement goes: the stretch itself.
            stretch = shown.stills[-1].skeleton
            assert works(stretch, side.value), (exercise_id, side)
            assert not works(stretch, _other(side.value)), (exercise_id, side)
            named = [n for n in shown.felt if n.startswith(("right_", "left_"))]
            assert named, f"{exercise_id}: the glow names a side"


def test_knee_hugs_show_the_knee_each_part_names(catalogue: Catalogue) -> None:
    exercise = catalogue.exercises["knee-hugs"]
    poses = catalogue.poses["knee-hugs"]
    for part, side in ((1, "right"), (2, "left")):
        shown = scene(poses, exercise, poses.key_for(part, Side.BOTH))
        assert shown.label == f"{side.title()} knee"
        assert WORKING_SIDE["knee-to-chest"](shown.stills[-1].skeleton, side)


def test_nothing_goes_through_the_bed_and_what_rests_touches_it(catalogue: Catalogue) -> None:
    for shown in all_scenes(catalogue):
        for still in shown.stills:
            assert still.skeleton.lowest() >= -0.02, (shown.exercise_id, shown.key)


# Broken pose files ----------------------------------------------------------------------------


def _knee_beyond_human(data: dict[str, Any]) -> None:
    data["positions"]["right"]["frames"][0]["body"]["both"]["knee"] = 175


def _leg_into_the_bed(data: dict[str, Any]) -> None:
    data["positions"]["lift"]["frames"][0]["body"]["both"]["hip"] = {"flex": -20}
    data["positions"]["lift"]["frames"][0]["body"]["both"]["knee"] = 0


def _forget_the_left_side(data: dict[str, Any]) -> None:
    del data["positions"]["left"]


def _head_floats(data: dict[str, Any]) -> None:
    data["positions"]["flow"]["frames"][0]["rests_on"].append("head")


def _movement_without_its_end(data: dict[str, Any]) -> None:
    position = data["positions"]["lift"]
    position["frames"] = position["frames"][:1]
    del position["overlay"]


def _unknown_body_part(data: dict[str, Any]) -> None:
    data["positions"]["right"]["felt"] = ["right_elbow_pit"]


def _mirror_of_nothing(data: dict[str, Any]) -> None:
    data["positions"]["left"]["mirror"] = "rihgt"


def _side_the_timing_lacks(data: dict[str, Any]) -> None:
    data["positions"]["flow"]["side"] = "right"


@pytest.mark.parametrize(
    ("relative", "corrupt", "field", "words"),
    [
        (
            "knee-to-chest.yaml",
            _knee_beyond_human,
            "positions.right.frames.0.body.both.knee",
            "outside the human range 0° to 160°",
        ),
        ("bridge.yaml", _leg_into_the_bed, "positions.lift.frames.0.body", "through the bed"),
        ("bird-dog.yaml", _forget_the_left_side, "positions", "no position for the left side"),
        ("cat-cow.yaml", _head_floats, "positions.flow.frames.0.rests_on", "head is"),
        ("bridge.yaml", _movement_without_its_end, "positions.lift.frames", "two or three"),
        ("thread-the-needle.yaml", _unknown_body_part, "positions.right.felt.0", "not a body"),
        ("pigeon.yaml", _mirror_of_nothing, "positions.left.mirror", "no position 'rihgt'"),
        ("cat-cow.yaml", _side_the_timing_lacks, "positions.flow", "has no the right side"),
    ],
)
def test_broken_pose_file_is_reported_with_file_and_field(
    tmp_path: Path,
    relative: str,
    corrupt: Callable[[dict[str, Any]], None],
    field: str,
    words: str,
) -> None:
    content = tmp_path / "content"
    shutil.copytree(DEFAULT_CONTENT_DIR, content)
    path = content / "poses" / relative
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    corrupt(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")

    with pytest.raises(ContentError) as caught:
        load_catalogue(content)

    found = [p for p in caught.value.problems if p.startswith(f"{path}: {field}")]
    assert found, caught.value.problems
    assert any(words in problem for problem in found), found


def test_an_exercise_without_poses_fails_the_content_check(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    content = tmp_path / "content"
    shutil.copytree(DEFAULT_CONTENT_DIR, content)
    (content / "poses" / "squat.yaml").unlink()
    monkeypatch.setattr(cli, "load_catalogue", lambda: load_catalogue(content))

    assert cli.main(["content", "check"]) == cli.EXIT_CONFIG

    error = capsys.readouterr().err
    assert (
        f"{content / 'poses' / 'squat.yaml'}: missing: every exercise needs a pose file" in error
    )
