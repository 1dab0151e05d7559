"""Check the database URL and reachability before starting, and turn each failure into one
operator-facing sentence: a traceback from deep inside a driver tells an operator little.

The checks are real attempts (create the folder, create a file in it, open the database for
appending, connect), not permission bits: root writes through those, a read-only mount stops
everyone.
"""

from __future__ import annotations

import asyncio
import socket
import tempfile
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError

from bot.config import ConfigError
from bot.storage.db import create_engine

CONNECT_TIMEOUT_SECONDS = 10.0
SQLITE_EXAMPLE = "sqlite+aiosqlite:///data/stretchbot.sqlite3"
POSTGRES_EXAMPLE = "postgresql+asyncpg://user:password@host:5432/dbname"
WRITABLE_ELSEWHERE = "or set DATABASE_URL to a path stretchbot may write to"
# PostgreSQL's SQLSTATEs for a refusal the operator can fix in DATABASE_URL.
NO_SUCH_DATABASE = "3D000"
BAD_CREDENTIALS = frozenset({"28000", "28P01"})


def check_database(database_url: str, connect_timeout: float = CONNECT_TIMEOUT_SECONDS) -> None:
    """Raise ConfigError with one sentence if the bot could not open this database. A missing
    SQLite folder is created, as opening the database would."""
    url = parse_database_url(database_url)
    if url.get_backend_name() == "sqlite":
        path = _sqlite_file(url)
        if path is not None:
            _check_sqlite_path(path)
    asyncio.run(_connect(database_url, url, connect_timeout))


def parse_database_url(database_url: str) -> URL:
    """SQLAlchemy's reading of the URL. An unreadable URL is never echoed: the part that did
    not parse may be a password."""
    try:
        url = make_url(database_url)
    except ValueError:
        # SQLAlchemy raises ValueError only when int() refuses the port.
        raise ConfigError(
            "DATABASE_URL cannot be read: its port is not a number (write host:port such as "
            "localhost:5432; an IPv6 host goes in brackets, [::1]:5432)."
        ) from None
    except ArgumentError:
        raise ConfigError(
            f"DATABASE_URL cannot be read as a database URL: write it like {SQLITE_EXAMPLE} "
            f"or {POSTGRES_EXAMPLE}."
        ) from None
    if url.port is not None and not 0 < url.port < 2**16:
        raise ConfigError(f"DATABASE_URL has port {url.port}: a port is from 1 to 65535.")
    return url


def _sqlite_file(url: URL) -> Path | None:
    """The file SQLite will open, or None for an in-memory database or a file: URI."""
    if url.host:
        raise ConfigError(
            f"DATABASE_URL for SQLite names a host ({url.host}): put three slashes before a "
            f"relative path and four before an absolute one, e.g. {SQLITE_EXAMPLE}."
        )
    database = url.database or ""
    if database in ("", ":memory:") or database.startswith("file:") or "uri" in url.query:
        return None
    return Path(database)


def _check_sqlite_path(path: Path) -> None:
    """SQLite needs the file, and the folder for its -wal and -shm files beside it, writable."""
    shown = path.absolute()
    try:
        if path.is_dir():
            raise ConfigError(
                f"DATABASE_URL points at a directory ({shown}): give a file path such as "
                f"{SQLITE_EXAMPLE}."
            )
        folder = path.parent
        nearest = next(p for p in (folder, *folder.parents) if p.exists())
    except OSError as error:
        raise ConfigError(
            f"Cannot look up the database file {shown} ({error.strerror}): check the path "
            "in DATABASE_URL and the permissions of its folders."
        ) from None
    if not nearest.is_dir():
        raise ConfigError(
            f"DATABASE_URL puts the database under {nearest.absolute()}, which is a file, not a "
            "folder: check the path in DATABASE_URL."
        )
    _make_folder(folder)
    _write_in(folder)
    if path.exists():
        _append_to(path)


def _make_folder(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ConfigError(
            f"Cannot create the database folder {folder.absolute()} ({error.strerror}): run "
            f"stretchbot from a folder it may write to, {WRITABLE_ELSEWHERE}."
        ) from None


def _write_in(folder: Path) -> None:
    try:
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".stretchbot-check-"):
            pass
    except OSError as error:
        raise ConfigError(
            f"Cannot write in the database folder {folder.absolute()} ({error.strerror}): "
            f"SQLite keeps its journal beside the database, so make the folder writable "
            f"{WRITABLE_ELSEWHERE}."
        ) from None


def _append_to(path: Path) -> None:
    try:
        with path.open("ab"):
            pass
    except OSError as error:
        raise ConfigError(
            f"The database file {path.absolute()} cannot be written ({error.strerror}): make "
            f"it writable for the user running stretchbot {WRITABLE_ELSEWHERE}."
        ) from None


async def _connect(database_url: str, url: URL, connect_timeout: float) -> None:
    engine = create_engine(database_url, connect_timeout=connect_timeout)
    try:
        async with engine.connect() as connection:
            await connection.execute(text("SELECT 1"))
    except (OSError, DBAPIError) as error:
        raise ConfigError(_unreachable(url, _innermost(error), connect_timeout)) from None
    finally:
        await engine.dispose()


def _unreachable(url: URL, cause: BaseException, timeout: float) -> str:
    """One sentence saying what failed and what to check."""
    reason = _first_line(cause, url)
    if url.get_backend_name() == "sqlite":
        path = _sqlite_file(url)
        shown = path.absolute() if path else url.database or ":memory:"
        return f"Cannot open the SQLite database {shown} ({reason}): check DATABASE_URL."
    where = f"{url.host or 'localhost'}:{url.port or 5432}"
    if isinstance(cause, socket.gaierror):
        return f"The database host {url.host} cannot be found: check the host in DATABASE_URL."
    if isinstance(cause, ConnectionRefusedError):
        return (
            f"Nothing accepts connections at {where}: check that PostgreSQL runs there and "
            "that DATABASE_URL has the right host and port."
        )
    if isinstance(cause, TimeoutError):
        return (
            f"No answer from {where} within {timeout:g} s: check the host and port in "
            "DATABASE_URL and any firewall in between."
        )
    sqlstate = getattr(cause, "sqlstate", None)
    if sqlstate == NO_SUCH_DATABASE:
        return (
            f'PostgreSQL at {where} has no database "{url.database}": create it '
            f"(createdb {url.database}) or fix the name in DATABASE_URL."
        )
    if sqlstate in BAD_CREDENTIALS:
        return (
            f'PostgreSQL at {where} refused user "{url.username}" ({reason}): check the user '
            "and password in DATABASE_URL."
        )
    return f"Cannot connect to the database at {where} ({reason}): check DATABASE_URL."


def _innermost(error: BaseException) -> BaseException:
    """The driver's own exception under SQLAlchemy's wrappers (they keep it as .orig)."""
    for _ in range(10):
        inner = error.orig if isinstance(error, DBAPIError) else error.__cause__
        if inner is None:
            break
        error = inner
    return error


def _first_line(error: BaseException, url: URL) -> str:
    """The error's message on one line, with the password masked should a driver echo it."""
    lines = str(error).strip().splitlines()
    line = lines[0] if lines else type(error).__name__
    return line.replace(url.password, "***") if url.password else line
