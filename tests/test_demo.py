"""`stretchbot demo` (what `make run` starts without a token), fed from a pipe."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def run_demo(tmp_path: Path, text: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TELEGRAM_")}
    env["DATABASE_URL"] = f"sqlite+aiosqlite:///{tmp_path}/demo.sqlite3"
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", "demo", *args],
        cwd=tmp_path,
        env=env,
        input=text,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_piped_demo_prints_every_reply_and_exits_cleanly(tmp_path: Path) -> None:
    result = run_demo(tmp_path, "/start\n/stretch cat cow\n1\n", "--speed", "50")

    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Hi You!" in out
    assert "Stop if you feel sharp pain" in out
    assert "  [1] 🌙 Bedtime routine" in out
    assert "Cat-cow" in out and "Repeat several times (5 to start)" in out
    assert "(you pressed: ▶️ Guide me)" in out
    assert "Get into position. It starts by itself after 10 s, or tap Start." in out
    assert "Traceback" not in result.stderr


def test_a_guided_stretch_runs_to_the_end_with_speed(tmp_path: Path) -> None:
    result = run_demo(tmp_path, "/stretch supine twist\n1\n1\n", "--speed", "60")

    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.index("Release. Now the left side.") < out.index("Supine twist done. 🌙")


def test_piped_input_waits_while_a_stretch_gets_into_position(tmp_path: Path) -> None:
    # At 10x the 10 s to get into position are a real second: the chat is quiet then.
    result = run_demo(tmp_path, "/stretch cat cow\n1\n", "--speed", "10")

    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.index("Get into position.") < out.index("Cat-cow done. 🌙")
