"""`stretchbot demo` (what `make run` starts without a token), fed from a pipe."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

from bot.app.practices import UnderWay
from bot.demo.board import Board
from bot.demo.chat import TerminalChat
from bot.demo.files import Shelf
from bot.demo.place import demo_place
from standin import BotMessage, StandIn


def run_demo(
    tmp_path: Path, text: str, *args: str, **env: str
) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("TELEGRAM_")}
    clean["DATABASE_URL"] = f"sqlite+aiosqlite:///{tmp_path}/demo.sqlite3"
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", "demo", *args],
        cwd=tmp_path,
        env={**clean, **env},
        input=text,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_piped_demo_prints_every_reply_and_exits_cleanly(tmp_path: Path) -> None:
    # At --speed 10 a bot second is 0.1 s: a busy machine's few tens of milliseconds before
    # the first card goes out cannot eat a whole second of the countdown shown.
    result = run_demo(tmp_path, "/start\n/stretch cat cow\n1\n", "--speed", "10")

    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Hi You!" in out
    assert "Stop if you feel sharp pain" in out
    assert "  [1] 🌙 Bedtime routine" in out
    assert "Cat-cow" in out and "Repeat several times (5 to start)" in out
    assert "(you pressed: ▶️ Guide me)" in out
    # Counted from when the routine began: a slow machine may show 9 s by the time it is sent.
    assert re.search(r"Get into position\. It starts by itself in (10|9) s, or tap Start\.", out)
    assert "Traceback" not in result.stderr


def test_a_guided_stretch_runs_to_the_end_with_speed(tmp_path: Path) -> None:
    result = run_demo(tmp_path, "/stretch supine twist\n1\n2\n", "--speed", "60")

    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.index("Release. Now the left side.") < out.index("Supine twist done. 🌙")


def test_share_runs_the_inline_query_and_prints_what_the_bot_offers(tmp_path: Path) -> None:
    result = run_demo(tmp_path, "/stretch cat cow\n4\n", "--speed", "50")

    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    out = result.stdout
    assert "  [4] 📤 Share" in out
    assert "(you pressed: 📤 Share)" in out
    assert "chat picker" in out and "“@stretch_demo_bot Cat-cow”" in out
    assert "\n  • Cat-cow: " in out


def test_a_pop_up_answer_to_a_tap_is_printed(tmp_path: Path) -> None:
    # Guide me; then the once-only question above the card: "Wait for my tap".
    result = run_demo(tmp_path, "/stretch cat cow\n1\n3\n", "--speed", "50")

    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "  [3] 👆 Wait for my tap\n" in out and "  [4] ▶️ Start\n" in out
    popup = "(pop-up: Saved. Each stretch waits for your tap on Start; /settings changes it.)"
    assert popup in out
    assert out.index(popup) < out.index("Get into position, then tap Start.")


def test_a_routine_waiting_for_a_tap_is_left_at_the_end_of_input(tmp_path: Path) -> None:
    result = run_demo(tmp_path, "/stretch cat cow\n1\n3\n", "--speed", "50")

    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.rstrip().endswith(
        "(a routine is waiting for a tap, and input has ended: the demo stops here)"
    )
    assert "Cat-cow done" not in out


def test_the_location_button_of_a_reply_keyboard_can_be_pressed(tmp_path: Path) -> None:
    result = run_demo(tmp_path, "/remind 22:30\na\n", "--speed", "50", TZ="Asia/Tokyo")

    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "(keyboard under the typing field; type a letter to press)\n" in out
    assert "  [a] 📍 Share my location\n" in out
    assert "(sent a location in Asia/Tokyo: 35.6544, 139.7447, this computer's time zone)" in out
    assert "Time zone set: Tokyo" in out
    assert "I'll remind you at 22:30, every night." in out


def test_photos_and_files_are_saved_with_their_path_printed(tmp_path: Path) -> None:
    folder = tmp_path / "out"
    result = run_demo(tmp_path, "/progress\n/export\n/export\n", "--out", str(folder))

    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert f"[photo saved: {folder}/progress.png]" in out
    assert (folder / "progress.png").read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    assert f"[file saved: {folder}/stretchbot-my-data.json]" in out
    # A second export is a new file next to the first, never over it.
    assert f"[file saved: {folder}/stretchbot-my-data-2.json]" in out
    exported = json.loads((folder / "stretchbot-my-data.json").read_text(encoding="utf-8"))
    assert isinstance(exported, dict)


def test_an_audio_guide_is_saved_to_be_heard(tmp_path: Path) -> None:
    folder = tmp_path / "out"
    result = run_demo(tmp_path, "/stretch lower back rotation\n2\n", "--out", str(folder))

    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "(you pressed: 🎧 Listen)" in out
    assert f"[voice message saved: {folder}/stretch-lower-back-rotation.ogg]" in out
    assert "🎧 Lower back rotation, audio guide · 0:" in out
    assert (folder / "stretch-lower-back-rotation.ogg").read_bytes().startswith(b"OggS")


def test_the_default_folder_for_files_is_data_demo_out(tmp_path: Path) -> None:
    result = run_demo(tmp_path, "/export\n")

    assert result.returncode == 0, result.stderr
    assert "[file saved: data/demo-out/stretchbot-my-data.json]" in result.stdout
    assert (tmp_path / "data" / "demo-out" / "stretchbot-my-data.json").is_file()


def test_piped_input_waits_while_a_stretch_gets_into_position(tmp_path: Path) -> None:
    # At 10x the 10 s to get into position are a real second: the chat is quiet then.
    result = run_demo(tmp_path, "/stretch cat cow\n1\n", "--speed", "10")

    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.index("Get into position.") < out.index("Cat-cow done. 🌙")


def test_piped_bedtime_prints_the_whole_routine_to_its_end(tmp_path: Path) -> None:
    result = run_demo(tmp_path, "/start\n/bedtime\n", "--speed", "40")

    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.index("Supine twist · 6 of 7") < out.index("Corpse pose · 7 of 7")
    assert out.index("✓ Corpse pose · done") < out.index("Bedtime done. 🌙\nStretches done: 7")
    assert "How does your back feel now, from 0 to 10?" in out
    assert "waiting for a tap" not in out
    waiting = "(input ended; waiting for the routine under way to end, Ctrl-C stops)"
    assert out.index("Knee hugs · 1 of 7") < out.index(waiting) < out.index("✓ Knee hugs · done")


async def test_the_wait_at_the_end_of_input_has_an_upper_bound(tmp_path: Path) -> None:
    async def never_ending() -> UnderWay:
        return UnderWay(moving=1, waiting=0)

    out = io.StringIO()
    async with StandIn() as standin:
        chat = TerminalChat(standin.new_user("You"), out, "bot", Shelf(tmp_path))
        await chat.wait_for_routines(never_ending, limit=0.2)

    assert "(stopped waiting after 0.2 s: a routine is still going)" in out.getvalue()


def test_the_location_stands_in_london_when_the_computer_keeps_utc() -> None:
    place = demo_place({"TZ": "Etc/UTC"})

    assert (place.zone, place.instead_of) == ("Europe/London", "Etc/UTC")
    assert (place.latitude, place.longitude) == (51.5083, -0.1253)
    assert demo_place({"TZ": ":America/New_York"}).zone == "America/New_York"


def test_replies_are_numbered_on_and_a_later_keyboard_starts_at_one() -> None:
    intro, card, next_card = _message(1, 2), _message(2, 3), _message(3, 3)
    board = Board()

    board.person_acts()  # the replies to one tap: a question above a card
    assert (board.place(intro), board.place(card)) == (1, 3)
    board.answered()
    assert board.place(card) == 3  # the card edited later keeps its numbers
    assert board.find(2) == (intro, 1) and board.find(4) == (card, 1)
    assert board.place(next_card) == 1  # the next stretch's card, on its own
    assert board.find(4) is None and board.find(3) == (next_card, 2)


def _message(message_id: int, buttons: int) -> BotMessage:
    row = [{"text": f"b{i}", "callback_data": f"d{i}"} for i in range(buttons)]
    return BotMessage(message_id, 1, 0, 0.0, reply_markup={"inline_keyboard": [row]})
