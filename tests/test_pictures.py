"""The pictures: every position draws, deterministically, small; drawn once, then cached on disk
and in memory; a file_id, once known, replaces the upload."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
import yaml
from PIL import Image

from bot import cli
from bot.content.loader import DEFAULT_CONTENT_DIR, load_catalogue
from bot.domain.catalogue import Catalogue, Side
from bot.domain.poses import Scene
from bot.pictures import library
from bot.pictures.library import Pictures
from bot.pictures.projection import Camera
from bot.pictures.render import HEIGHT, WIDTH, render_scene

# Telegram shows a photo at most 1280 px on its long side; 10 MB is its hard limit. Ours stay
# far below, so a card's picture loads at once on a slow bedroom connection.
MAX_BYTES = 80_000


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue()


@pytest.fixture(scope="module")
def drawn(catalogue: Catalogue) -> Pictures:
    pictures = Pictures(catalogue, folder=None)
    pictures.warm()
    return pictures


def every_position(catalogue: Catalogue) -> list[tuple[str, str]]:
    return [(e, key) for e, poses in catalogue.poses.items() for key in poses.positions]


def test_every_exercise_and_position_draws_a_small_png(
    catalogue: Catalogue, drawn: Pictures
) -> None:
    positions = every_position(catalogue)
    assert len(positions) >= 35
    for exercise_id, position in positions:
        picture = drawn.picture_for(exercise_id, position)
        image = Image.open(io.BytesIO(picture.data))
        assert (image.format, image.size) == ("PNG", (WIDTH, HEIGHT)), (exercise_id, position)
        assert len(picture.data) < MAX_BYTES, (exercise_id, position, len(picture.data))
        assert picture.key.startswith(f"{exercise_id}.{position}.")


def test_drawing_is_deterministic(drawn: Pictures) -> None:
    for exercise_id, position in (("cat-cow", "flow"), ("pigeon", "left"), ("bridge", "lift")):
        again = render_scene(drawn.scene(exercise_id, position))
        assert again == drawn.picture_for(exercise_id, position).data


def test_keys_are_unique_and_the_mirror_differs(catalogue: Catalogue, drawn: Pictures) -> None:
    keys = [drawn.key_for(e, p) for e, p in every_position(catalogue)]
    assert len(set(keys)) == len(keys)
    right = drawn.picture_for("bird-dog", "right").data
    left = drawn.picture_for("bird-dog", "left").data
    assert right != left


def test_the_picture_is_drawn_once_then_read_from_disk(
    catalogue: Catalogue, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    drawings: list[str] = []

    def counting(scene: Scene) -> bytes:
        drawings.append(scene.key)
        return render_scene(scene)

    monkeypatch.setattr(library, "render_scene", counting)
    first = Pictures(catalogue, tmp_path)
    picture = first.picture_for("knee-hugs", "both-knees")
    assert first.picture_for("knee-hugs", "both-knees") is picture
    assert drawings == ["both-knees"]
    assert (tmp_path / f"{picture.key}.png").read_bytes() == picture.data

    after_restart = Pictures(catalogue, tmp_path)
    assert after_restart.picture_for("knee-hugs", "both-knees").data == picture.data
    assert drawings == ["both-knees"], "read from disk, not drawn again"
    assert [p.name for p in tmp_path.iterdir()] == [f"{picture.key}.png"], "no temporary left"


def test_prune_removes_only_old_drawings(catalogue: Catalogue, tmp_path: Path) -> None:
    pictures = Pictures(catalogue, tmp_path)
    current = pictures.picture_for("squat", "sit")
    old = tmp_path / "squat.sit.0123456789abcdef.png"
    old.write_bytes(current.data)
    other = tmp_path / "notes.png"
    other.write_bytes(b"not ours")

    assert pictures.prune() == 1

    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [f"{current.key}.png", "notes.png"]
    )


def test_a_damaged_cache_file_is_drawn_again(catalogue: Catalogue, tmp_path: Path) -> None:
    pictures = Pictures(catalogue, tmp_path)
    key = pictures.key_for("corpse-pose", "rest")
    (tmp_path / f"{key}.png").write_bytes(b"half a file")

    picture = Pictures(catalogue, tmp_path).picture_for("corpse-pose", "rest")

    assert picture.data.startswith(b"\x89PNG")
    assert (tmp_path / f"{key}.png").read_bytes() == picture.data


def test_changing_a_pose_changes_the_key(catalogue: Catalogue, tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(DEFAULT_CONTENT_DIR, content)
    path = content / "poses" / "knee-to-chest.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["positions"]["right"]["frames"][1]["caption"] = "Hold for five"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    changed = Pictures(load_catalogue(content), None)
    before = Pictures(catalogue, None)

    assert changed.key_for("knee-to-chest", "right") != before.key_for("knee-to-chest", "right")
    # The mirrored left side shows the same frames, so it changes too.
    assert changed.key_for("knee-to-chest", "left") != before.key_for("knee-to-chest", "left")
    assert changed.key_for("cat-cow", "flow") == before.key_for("cat-cow", "flow")


async def test_get_draws_off_the_event_loop_once(catalogue: Catalogue) -> None:
    pictures = Pictures(catalogue, None)
    first = await pictures.get("wind-relieving-pose", "rock")
    assert await pictures.get("wind-relieving-pose", "rock") is first


def test_gallery_writes_one_sheet_per_routine(
    catalogue: Catalogue,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("PICTURES_DIR", str(tmp_path / "cache"))
    out = tmp_path / "gallery"

    assert cli.main(["content", "gallery", "--out", str(out)]) == 0

    written = capsys.readouterr().out.split()
    assert sorted(Path(p).name for p in written) == sorted(
        f"{routine}.png" for routine in catalogue.routines
    )
    sheet = Image.open(out / "bedtime.png")
    assert sheet.size[0] > WIDTH and sheet.size[1] > HEIGHT
    cached = list((tmp_path / "cache").glob("*.png"))
    assert len(cached) == len(every_position(catalogue))


# Stretches whose side names the leg that works (in twists and side-lying lifts it names a
# direction, or the side lain on).
LEG_NAMED = {"knee-to-chest", "single-leg-knee-hug", "pigeon", "psoas-lunge", "thread-the-needle"}


def test_the_leg_the_cue_names_is_never_the_dim_far_one(catalogue: Catalogue) -> None:
    """Near limbs are drawn bright, far ones dim: the named leg must not be the dim one."""
    pictures = Pictures(catalogue, None)
    for exercise_id, position in every_position(catalogue):
        shown = pictures.scene(exercise_id, position)
        if exercise_id not in LEG_NAMED:
            continue
        camera = Camera.from_view(shown.view)
        joints = shown.stills[-1].skeleton.joints
        other = "left" if shown.side is Side.RIGHT else "right"
        # The renderer draws a leg dim when its hip is 0.03 farther than the other one.
        named = camera.depth(joints[f"{shown.side.value}_hip"])
        assert named > camera.depth(joints[f"{other}_hip"]) - 0.03, (exercise_id, position)
