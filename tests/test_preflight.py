"""A database the bot cannot open stops `run`, `demo` and `migrate` with one line that names
the problem and exit code 2: never a traceback, never the token, never a password."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from bot.config import ConfigError
from bot.storage.preflight import check_database

STRETCHBOT = str(Path(sys.executable).parent / "stretchbot")
FAKE_TOKEN = "123456789:fake.token.that.must.never.appear.0000"
PASSWORD = "sekret-pa55"
COMMANDS = ["run", "demo", "migrate"]
# A mount namespace of the command's own: what it mounts there goes away with it.
UNSHARE = ["unshare", "--mount", "--propagation", "private", "sh", "-c"]

ReadOnly = Callable[..., list[str]]


def stretchbot(
    cwd: Path, command: str, database_url: str | None, prefix: list[str] | None = None
) -> subprocess.CompletedProcess[str]:
    """The installed command, as an operator types it, from a folder without a .env."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("TELEGRAM_")}
    env.pop("DATABASE_URL", None)
    if database_url is not None:
        env["DATABASE_URL"] = database_url
    # Nothing listens there: should the database check let a bad database through, `run`
    # still reaches no real Telegram.
    env |= {"TELEGRAM_BOT_TOKEN": FAKE_TOKEN, "TELEGRAM_API_BASE_URL": "http://127.0.0.1:9/bot"}
    return subprocess.run(
        [*(prefix or []), STRETCHBOT, command],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )


def one_line(result: subprocess.CompletedProcess[str]) -> str:
    """The operator's error: exit code 2 and a single line, with no secret in it."""
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 2, result.stderr
    assert result.stdout == ""
    assert FAKE_TOKEN not in result.stderr
    assert PASSWORD not in result.stderr
    [line] = result.stderr.strip().splitlines()
    return line


@pytest.mark.parametrize("command", COMMANDS)
def test_a_directory_is_not_a_database_file(tmp_path: Path, command: str) -> None:
    line = one_line(stretchbot(tmp_path, command, f"sqlite+aiosqlite:///{tmp_path}"))

    assert f"DATABASE_URL points at a directory ({tmp_path})" in line
    assert "sqlite+aiosqlite:///data/stretchbot.sqlite3" in line


def test_a_database_under_a_regular_file(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("not a folder")

    url = f"sqlite+aiosqlite:///{tmp_path}/notes.txt/data/bot.sqlite3"
    line = one_line(stretchbot(tmp_path, "migrate", url))

    assert f"under {tmp_path}/notes.txt, which is a file, not a folder" in line


@pytest.mark.parametrize(
    ("url", "named"),
    [
        ("postgresql+asyncpg://u@localhost:notaport/db", "its port is not a number"),
        (f"postgresql+asyncpg://u:{PASSWORD}@[::1/db", "its port is not a number"),
        ("postgresql+asyncpg://u@localhost:99999/db", "port 99999"),
        ("sqlite+aiosqlite://data/bot.sqlite3", "names a host (data): put three slashes"),
    ],
)
def test_an_unreadable_url(tmp_path: Path, url: str, named: str) -> None:
    line = one_line(stretchbot(tmp_path, "migrate", url))

    assert line.startswith("DATABASE_URL ")
    assert named in line


@pytest.mark.parametrize(
    ("url", "named"),
    [
        (
            "postgresql+asyncpg://postgres@127.0.0.1:1/x",
            "Nothing accepts connections at 127.0.0.1:1: check that PostgreSQL runs there",
        ),
        (
            "postgresql+asyncpg://postgres@127.0.0.1:5432/no_such_db",
            'PostgreSQL at 127.0.0.1:5432 has no database "no_such_db": create it',
        ),
        (
            f"postgresql+asyncpg://postgres:{PASSWORD}@no-such-host.invalid/x",
            "The database host no-such-host.invalid cannot be found: check the host",
        ),
        (
            f"postgresql+asyncpg://stretchbot_no_such_role:{PASSWORD}@127.0.0.1:5432/postgres",
            'refused user "stretchbot_no_such_role"',
        ),
    ],
)
def test_an_unreachable_database(tmp_path: Path, url: str, named: str) -> None:
    """All of these fail at once (no timeout to wait for): a refusal, a missing name."""
    line = one_line(stretchbot(tmp_path, "migrate", url))

    assert named in line
    assert "DATABASE_URL" in line


@pytest.fixture(scope="session")
def root_can_mount_read_only(tmp_path_factory: pytest.TempPathFactory) -> bool:
    """Whether root can make a folder read-only here (containers may forbid mounting)."""
    if os.geteuid() != 0:
        return False  # not needed: file modes stop everyone else
    folder = tmp_path_factory.mktemp("mount-check")
    unwritable = ["sh", "-c", f"! touch {shlex.quote(str(folder / 'probe'))}"]
    probe = subprocess.run(
        [*UNSHARE, _mount_read_only([folder]), "sh", *unwritable], capture_output=True
    )
    return probe.returncode == 0


def _mount_read_only(paths: list[Path]) -> str:
    """Shell that bind-mounts each path read-only over itself, then re-enters the working
    directory so it is seen through the new mount."""
    mounts = "".join(
        f"mount --bind {p} {p} && mount -o remount,bind,ro {p} && "
        for p in map(shlex.quote, map(str, paths))
    )
    return mounts + 'cd "$PWD" && exec "$@"'


@pytest.fixture
def read_only(root_can_mount_read_only: bool) -> Iterator[ReadOnly]:
    """Makes paths unwritable for the command and returns the prefix to run it with. File
    modes stop a normal user; root writes through them, so for root the paths are mounted
    read-only in a mount namespace of the command's own, which stops root too."""
    changed: list[tuple[Path, int]] = []

    def make(*paths: Path) -> list[str]:
        if os.geteuid() != 0:
            for path in paths:
                changed.append((path, path.stat().st_mode))
                path.chmod(0o555 if path.is_dir() else 0o444)
            return []
        if not root_can_mount_read_only:
            pytest.skip(
                "root writes through file modes, and here root may not mount a path read-only "
                "in a mount namespace, so nothing is unwritable to test with"
            )
        return [*UNSHARE, _mount_read_only(list(paths)), "sh"]

    yield make
    for path, mode in changed:
        path.chmod(mode)


@pytest.mark.parametrize("command", ["demo", "migrate"])
def test_the_default_database_in_an_unwritable_working_folder(
    tmp_path: Path, read_only: ReadOnly, command: str
) -> None:
    line = one_line(stretchbot(tmp_path, command, None, prefix=read_only(tmp_path)))

    assert line.startswith(f"Cannot create the database folder {tmp_path}/data (")
    assert "run stretchbot from a folder it may write to" in line
    assert not (tmp_path / "data").exists()


def test_an_unwritable_database_folder(tmp_path: Path, read_only: ReadOnly) -> None:
    folder = tmp_path / "db"
    folder.mkdir()

    url = f"sqlite+aiosqlite:///{folder}/bot.sqlite3"
    line = one_line(stretchbot(tmp_path, "run", url, prefix=read_only(folder)))

    assert line.startswith(f"Cannot write in the database folder {folder} (")
    assert list(folder.iterdir()) == []


def test_a_read_only_database_file(tmp_path: Path, read_only: ReadOnly) -> None:
    database = tmp_path / "bot.sqlite3"
    database.touch()

    url = f"sqlite+aiosqlite:///{database}"
    line = one_line(stretchbot(tmp_path, "migrate", url, prefix=read_only(database)))

    assert line.startswith(f"The database file {database} cannot be written (")
    assert database.stat().st_size == 0


def test_a_usable_database_passes_and_leaves_only_its_folder(tmp_path: Path) -> None:
    folder = tmp_path / "new" / "data"

    check_database(f"sqlite+aiosqlite:///{folder}/bot.sqlite3")
    check_database("postgresql+asyncpg://postgres@127.0.0.1:5432/postgres")

    # The folder is made, as opening would; the write check's file is gone, and the database
    # file itself is left for the migrations to create.
    assert folder.is_dir()
    assert list(folder.iterdir()) in ([], [folder / "bot.sqlite3"])


def test_a_url_sqlalchemy_cannot_parse_is_not_echoed() -> None:
    """The settings refuse most such URLs first; this one gets past an unchecked caller."""
    with pytest.raises(ConfigError) as raised:
        check_database(f"not a url, {PASSWORD}")

    assert str(raised.value).startswith("DATABASE_URL cannot be read as a database URL")
    assert PASSWORD not in str(raised.value)
