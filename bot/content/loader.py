"""Load and validate the catalogue in `content/`; every error names the file and the field."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from importlib.resources import files
from pathlib import Path
from types import MappingProxyType

import yaml

from bot.content.translations import check_translation, read_translations, translated
from bot.content.yaml_files import ModelT, read_model
from bot.domain.catalogue import Catalogue, Exercise, Routine, normalise_name
from bot.domain.poses import ExercisePoses, check_poses
from bot.domain.timezones import Places, city_table, read_city_lines


def _catalogue_dir() -> Path:
    """`content/` in a checkout, the package data `bot.content.data` once installed."""
    folder = files("bot.content.data")
    if not isinstance(folder, Path):
        # Files are globbed and named in errors, so the catalogue must be plain files.
        raise RuntimeError(f"the catalogue must be installed as plain files, not in {folder}")
    return folder


DEFAULT_CONTENT_DIR = _catalogue_dir()


class ContentError(Exception):
    """The catalogue is broken; the message lists every problem, one per line."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def load_places(content_dir: Path = DEFAULT_CONTENT_DIR) -> Places:
    """Place names for time zones: the cities built from GeoNames (`content/cities.tsv`),
    with the names added by hand in `content/cities.yaml` over them."""
    path = content_dir / "cities.yaml"
    try:
        table = city_table(yaml.safe_load(path.read_text(encoding="utf-8")), str(path))
        cities = _city_lines(content_dir / "cities.tsv")
    except (OSError, yaml.YAMLError, ValueError) as error:
        raise ContentError([str(error)]) from error
    return Places(table, cities)


@functools.cache
def _city_lines(path: Path) -> Mapping[str, str]:
    """The built city table, read once per process: 165,000 names take a tenth of a second,
    and every bot (and every test's bot) looks places up in the same one."""
    return MappingProxyType(read_city_lines(path.read_text(encoding="utf-8")))


def load_catalogue(content_dir: Path = DEFAULT_CONTENT_DIR) -> Catalogue:
    """Every exercise, routine and pose, with their words in every translated language."""
    problems: list[str] = []
    exercises = _load_dir(content_dir / "exercises", Exercise, problems)
    routines = _load_dir(content_dir / "routines", Routine, problems)
    poses = _load_dir(content_dir / "poses", ExercisePoses, problems)
    languages = read_translations(content_dir / "translations", problems)
    if not exercises:
        problems.append(f"{content_dir / 'exercises'}: no exercise files found")
    by_id = {exercise.id: exercise for _, exercise in exercises}
    routine_by_id = {routine.id: routine for _, routine in routines}
    for path, translation in languages:
        problems.extend(check_translation(path, translation, by_id, routine_by_id))
    files = [translation for _, translation in languages]
    merged, merged_routines = translated(list(by_id.values()), list(routine_by_id.values()), files)
    problems.extend(
        _cross_check(list(zip([p for p, _ in exercises], merged, strict=True)), routines)
    )
    problems.extend(_check_poses(content_dir / "poses", exercises, poses))
    if problems:
        raise ContentError(problems)
    return Catalogue(
        merged,
        merged_routines,
        {pose.id: pose for _, pose in poses},
        {translation.language: translation.safety for translation in files},
    )


def _load_dir(folder: Path, model: type[ModelT], problems: list[str]) -> list[tuple[Path, ModelT]]:
    loaded: list[tuple[Path, ModelT]] = []
    for path in sorted(folder.glob("*.yaml")):
        item = read_model(path, model, problems)
        if item is None:
            continue
        if getattr(item, "id", None) != path.stem:
            problems.append(f"{path}: id: must match the file name ({path.stem!r})")
            continue
        loaded.append((path, item))
    return loaded


def _cross_check(
    exercises: list[tuple[Path, Exercise]], routines: list[tuple[Path, Routine]]
) -> list[str]:
    problems: list[str] = []
    owner_of_name: dict[str, str] = {}
    for path, exercise in exercises:
        for name in {normalise_name(n) for n in (exercise.id, *exercise.every_name())}:
            owner = owner_of_name.setdefault(name, exercise.id)
            if owner != exercise.id:
                problems.append(f"{path}: aliases: {name!r} is already a name of {owner!r}")
    known = {exercise.id for _, exercise in exercises}
    for path, routine in routines:
        for index, exercise_id in enumerate(routine.exercises):
            if exercise_id not in known:
                problems.append(f"{path}: exercises.{index}: no exercise {exercise_id!r}")
    return problems


def _check_poses(
    folder: Path, exercises: list[tuple[Path, Exercise]], poses: list[tuple[Path, ExercisePoses]]
) -> list[str]:
    """Every exercise has a pose file, and each file fits its exercise's timing and the bed."""
    problems: list[str] = []
    by_id = {exercise.id: exercise for _, exercise in exercises}
    for path, pose in poses:
        exercise = by_id.get(pose.id)
        if exercise is None:
            problems.append(f"{path}: id: no exercise {pose.id!r}")
            continue
        problems.extend(f"{path}: {problem}" for problem in check_poses(pose, exercise))
    for name in sorted(set(by_id) - {pose.id for _, pose in poses}):
        problems.append(f"{folder / name}.yaml: missing: every exercise needs a pose file")
    return problems
