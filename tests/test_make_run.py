"""`make run` starts the bot with a token (environment or .env) and the demo without one."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
FAKE_TOKEN = "123456789:fake.token.that.must.never.appear.0000"


def make_run(
    tmp_path: Path, text: str, *make_args: str, **env: str
) -> subprocess.CompletedProcess[str]:
    # Not a sub-make of `make test`, and the environment installed here, never reinstalled.
    skip = ("TELEGRAM_", "MAKE", "MFLAGS")
    clean = {k: v for k, v in os.environ.items() if not k.startswith(skip)}
    stamp = f"{sys.prefix}/.installed"
    return subprocess.run(
        ["make", "--no-print-directory", "-o", stamp, "run", f"VENV={sys.prefix}", *make_args],
        cwd=REPO,
        env={**clean, "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path}/bot.sqlite3", **env},
        input=text,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_without_a_token_make_run_is_the_piped_demo(tmp_path: Path) -> None:
    # Set but empty: it overrides a token in a developer's .env, as it does for the bot.
    # Faster timers: the stretch it starts runs to its end before the demo exits.
    result = make_run(
        tmp_path, "/start\n/stretch cat cow\n1\n", "ARGS=--speed 50", TELEGRAM_BOT_TOKEN=""
    )

    assert result.returncode == 0, result.stderr
    assert "stretchbot demo --speed 50" in result.stdout.splitlines()[0]
    assert "Cat-cow" in result.stdout and "(you pressed: ▶️ Guide me)" in result.stdout


def test_with_a_token_make_run_is_stretchbot_run(tmp_path: Path) -> None:
    result = make_run(
        tmp_path,
        "",
        TELEGRAM_BOT_TOKEN=FAKE_TOKEN,
        TELEGRAM_API_BASE_URL="http://127.0.0.1:9/bot",
    )

    assert result.returncode != 0
    assert "stretchbot run" in result.stdout.splitlines()[0]
    assert "Could not reach the Telegram Bot API at http://127.0.0.1:9/bot" in result.stderr
    assert FAKE_TOKEN not in result.stdout + result.stderr
