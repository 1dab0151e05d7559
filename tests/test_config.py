"""Operator mistakes end with one clear line and exit code 2, never the token."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
FAKE_TOKEN = "123456789:fake.token.that.must.never.appear.0000"


def run_bot(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("TELEGRAM_")}
    clean.pop("DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=tmp_path,  # no .env there
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"DATABASE_URL": "mysql://nope"}, "DATABASE_URL"),
        ({"LOG_LEVEL": "LOUD"}, "LOG_LEVEL"),
        ({"TELEGRAM_API_BASE_URL": "ftp://x"}, "TELEGRAM_API_BASE_URL"),
        ({"TELEGRAM_BOT_TOKEN": "not-a-token-at-all"}, "TELEGRAM_BOT_TOKEN"),
        ({"TELEGRAM_MAX_MESSAGES_PER_SECOND": "-1"}, "TELEGRAM_MAX_MESSAGES_PER_SECOND"),
        ({"WEBHOOK_URL": "http://bot.example/hook"}, "WEBHOOK_URL"),
        ({"WEBHOOK_URL": "https://bot.example/hook"}, "WEBHOOK_SECRET"),
        ({"WEBHOOK_LISTEN": "everywhere"}, "WEBHOOK_LISTEN"),
        ({"LOG_FORMAT": "xml"}, "LOG_FORMAT"),
    ],
)
def test_a_bad_setting_is_one_line_naming_it(
    tmp_path: Path, env: dict[str, str], named: str
) -> None:
    result = run_bot(tmp_path, **{"TELEGRAM_BOT_TOKEN": FAKE_TOKEN, **env})

    assert result.returncode == 2
    assert result.stdout == ""
    [line] = result.stderr.strip().splitlines()
    assert named in line
    assert "Traceback" not in result.stderr
    assert FAKE_TOKEN not in result.stderr
    assert "not-a-token-at-all" not in result.stderr


def test_run_without_a_token_says_so_instead_of_starting_the_demo(tmp_path: Path) -> None:
    result = run_bot(tmp_path)

    assert result.returncode == 2
    assert result.stdout == ""
    [line] = result.stderr.strip().splitlines()
    assert "TELEGRAM_BOT_TOKEN is not set" in line
    assert "stretchbot demo" in line and "make run" in line
    assert not (tmp_path / "data").exists(), "no database was made for a bot that did not start"


def test_an_unreachable_telegram_is_one_line(tmp_path: Path) -> None:
    """Nothing listens on the API address: say so plainly, and keep the token out of it."""
    result = run_bot(
        tmp_path,
        TELEGRAM_BOT_TOKEN=FAKE_TOKEN,
        TELEGRAM_API_BASE_URL="http://127.0.0.1:9/bot",
        DATABASE_URL=f"sqlite+aiosqlite:///{tmp_path}/bot.sqlite3",
    )

    assert result.returncode == 1
    assert FAKE_TOKEN not in result.stderr + result.stdout
    assert "Traceback" not in result.stderr
    assert "Could not reach the Telegram Bot API at http://127.0.0.1:9/bot" in result.stderr


def test_content_check_command(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bot.cli", "content", "check"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "25 exercises" in result.stdout


def test_json_log_lines_keep_the_token_out(tmp_path: Path) -> None:
    """An operator's collector gets one JSON object per line, and never the token."""
    result = run_bot(
        tmp_path,
        TELEGRAM_BOT_TOKEN=FAKE_TOKEN,
        TELEGRAM_API_BASE_URL="http://127.0.0.1:9/bot",
        DATABASE_URL=f"sqlite+aiosqlite:///{tmp_path}/bot.sqlite3",
        LOG_FORMAT="json",
        LOG_LEVEL="DEBUG",
    )

    assert result.returncode == 1
    assert FAKE_TOKEN not in result.stderr + result.stdout
    logged = [line for line in result.stderr.splitlines() if line.startswith("{")]
    assert logged, result.stderr
    for line in logged:
        entry = json.loads(line)
        assert {"time", "level", "logger", "message"} <= entry.keys()
