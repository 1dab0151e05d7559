"""Packaging: a built wheel, installed in a fresh environment away from the checkout, runs.

The wheel is built from a copy of the checkout and installed alone (`--no-deps`) into a new
venv; the dependencies come from this environment's site-packages through a `.pth` line, so
nothing is downloaded again, and nothing of the checkout (nor its editable install) is seen.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import sysconfig
import zipfile
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory

from bot.storage.migrate import alembic_config

pytestmark = pytest.mark.packaging

REPO = Path(__file__).resolve().parents[1]
# Where each top-level folder of the checkout lands in the wheel (see pyproject.toml).
SHIPPED = {
    "bot": "bot",
    "standin": "standin",
    "content": "bot/content/data",
    "migrations": "bot/migrations",
}
SHIPPED_SUFFIXES = {".py", ".json", ".yaml", ".mako"}


@dataclass(frozen=True)
class Installed:
    wheel: Path
    venv: Path
    outside: Path  # an empty folder outside the checkout to run commands from

    def run(self, *command: str, stdin: str = "", **env: str) -> subprocess.CompletedProcess[str]:
        keep = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("TELEGRAM_", "PYTHON", "VIRTUAL_ENV", "DATABASE_URL"))
        }
        bin_dir = self.venv / "bin"
        return subprocess.run(
            [str(bin_dir / command[0]), *command[1:]],
            cwd=self.outside,
            env={**keep, "PATH": f"{bin_dir}{os.pathsep}{keep.get('PATH', '')}", **env},
            input=stdin,
            capture_output=True,
            text=True,
            timeout=60,
        )


def _not_source(folder: str, names: list[str]) -> set[str]:
    """Left out of the copy: caches anywhere; at the top, git, the venv and local data."""
    ignored = {name for name in names if name == "__pycache__" or name.endswith(".egg-info")}
    if Path(folder) == REPO:
        top = {"build", "dist", "data"}
        ignored |= {name for name in names if name.startswith(".") or name in top}
    return ignored


def _run(*command: str | Path) -> None:
    result = subprocess.run(
        [str(part) for part in command], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, f"{command}:\n{result.stdout}\n{result.stderr}"


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    root = tmp_path_factory.mktemp("wheel")
    # A copy, so the build writes nothing into the checkout and sees no stale build/ folder.
    source = root / "source"
    shutil.copytree(REPO, source, ignore=_not_source)
    _run(sys.executable, "-m", "pip", "wheel", source, "--no-deps", "-q", "-w", root / "dist")
    [wheel] = (root / "dist").glob("stretchbot-*.whl")

    venv = root / "venv"
    _run(sys.executable, "-m", "venv", "--without-pip", venv)
    python = venv / "bin" / "python"
    # Installed before the .pth below exists, so pip sees an empty venv and touches nothing else.
    _run(sys.executable, "-m", "pip", "--python", python, "install", "-q", "--no-deps", wheel)
    site = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    # Plain path lines: the .pth files in those folders (the editable install's) stay unread.
    ours = {sysconfig.get_paths()[key] for key in ("purelib", "platlib")}
    Path(site, "dependencies-from-the-test-environment.pth").write_text(
        "".join(f"{path}\n" for path in sorted(ours)), encoding="utf-8"
    )
    outside = root / "elsewhere"
    outside.mkdir()
    return Installed(wheel, venv, outside)


def test_the_wheel_holds_every_module_catalogue_file_and_migration(installed: Installed) -> None:
    with zipfile.ZipFile(installed.wheel) as archive:
        names = set(archive.namelist())
    expected = {
        f"{target}/{path.relative_to(REPO / folder).as_posix()}"
        for folder, target in SHIPPED.items()
        for path in (REPO / folder).rglob("*")
        if path.suffix in SHIPPED_SUFFIXES and "__pycache__" not in path.parts
    }
    missing = sorted(expected - names)
    assert not missing, f"not in the wheel (list the package in pyproject.toml): {missing}"
    assert not {name.split("/")[0] for name in names} & {"tests", "bench", "content"}


def test_the_installed_bot_is_imported_from_the_fresh_venv(installed: Installed) -> None:
    result = installed.run(
        "python",
        "-c",
        "import bot, bot.content.data, bot.migrations, standin\n"
        "from bot.content.loader import DEFAULT_CONTENT_DIR, load_places\n"
        "for module in (bot, bot.content.data, bot.migrations, standin):"
        " print(module.__file__)\n"
        "print(DEFAULT_CONTENT_DIR / 'cities.yaml', len(load_places()))",
    )

    assert result.returncode == 0, result.stderr
    *modules, cities, places = result.stdout.split()
    assert len(modules) == 4
    for file in [*modules, cities]:
        assert Path(file).is_relative_to(installed.venv), file
    assert int(places) > 0


def test_content_check_reads_the_shipped_catalogue(installed: Installed) -> None:
    result = installed.run("stretchbot", "content", "check")

    assert result.returncode == 0, result.stderr
    exercises = len(list((REPO / "content" / "exercises").glob("*.yaml")))
    assert f"content ok: {exercises} exercises" in result.stdout


def test_migrate_builds_a_new_sqlite_file_to_head(installed: Installed) -> None:
    database = installed.outside / "migrated.sqlite3"
    url = f"sqlite+aiosqlite:///{database}"

    result = installed.run("stretchbot", "migrate", DATABASE_URL=url)

    assert result.returncode == 0, result.stderr
    assert "database is at the latest migration" in result.stdout
    head = ScriptDirectory.from_config(alembic_config(url)).get_current_head()
    with closing(sqlite3.connect(database)) as connection:
        [(version,)] = connection.execute("SELECT version_num FROM alembic_version").fetchall()
    assert version == head


def test_the_piped_demo_shows_the_stretch(installed: Installed) -> None:
    url = f"sqlite+aiosqlite:///{installed.outside / 'demo.sqlite3'}"

    result = installed.run(
        "stretchbot",
        "demo",
        "--speed",
        "50",
        stdin="/start\n/stretch cat cow\n1\n",
        DATABASE_URL=url,
    )

    assert result.returncode == 0, result.stderr
    assert "Hi You!" in result.stdout
    assert "Cat-cow" in result.stdout and "Repeat several times (5 to start)" in result.stdout
    assert "(you pressed: ▶️ Guide me)" in result.stdout
    assert "Traceback" not in result.stderr


def test_run_without_a_token_is_one_line(installed: Installed) -> None:
    result = installed.run("stretchbot", "run")

    assert result.returncode == 2
    [line] = result.stderr.strip().splitlines()
    assert "TELEGRAM_BOT_TOKEN is not set" in line
