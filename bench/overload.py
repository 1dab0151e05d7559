"""Overload: more routines than Telegram's 30 messages a second can carry, and what gives way.

The real bot (production factory, production cap of 30 calls/s) polls the local stand-in on
127.0.0.1, which enforces Telegram's flood limits (1 message/s per chat with a burst of 3,
30/s overall with a burst of 30) and answers 429 beyond them. --routines (600) people each
get a Supine twist begun for them (the use case the Guide me button calls, so the set-up is
not a wave of taps), spread over --spread (20) seconds, at default settings: the stretch
starts by itself after its 10 s to get into position, holds 30 s a side with a switch cue
between. Time runs at real speed.

Figures, per routine, from the rows (the planned switch moment) and the stand-in's records
(when each call arrived):
- switch cue lateness: the cue message against the planned switch;
- switch card edit lateness: the card edit that shows the switch, against the same moment;
- 429 answers (target 0).
Beyond the ceiling the bot should degrade in a known order: card edits wait first (their
lateness grows long before the cues'), then cues come evenly late (a narrow spread between
their p50 and p99), never with a 429.

    .venv/bin/python bench/overload.py [--routines 600] [--spread 20]
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):  # run as `python bench/overload.py`
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import select

from bench.common import (
    RunningBot,
    fresh_database,
    machine_line,
    migrated_template,
    new_standin,
    percentile,
    quiet_logging,
    real_bot,
    table,
    verdict,
)
from bot.app.practices import Begin
from bot.domain.practice import Status
from bot.storage.models import PracticeRow
from bot.storage.users import Visitor
from bot.telegram.context import use_cases
from standin import RecordedRequest

STRETCH = "supine-twist"
CAP = 30.0
SWITCH_CUE = "Release. Now the left side."
SWITCH_CARD = "Switch to the left side"
# How long to watch after the last begin: set-up, 10 s to settle, both holds, and the queue.
WATCH_SECONDS = 150.0


async def run(routines: int, spread: float, template: Path, folder: Path) -> list[bool]:
    database = fresh_database(template, folder, "overload")
    async with (
        new_standin(processing_timeout=300.0) as standin,
        real_bot(standin, database, max_messages_per_second=CAP) as bot,
    ):
        standin.set_flood_control(
            per_chat_per_second=1.0, per_chat_burst=3, global_per_second=30.0, global_burst=30
        )
        people = [standin.new_user(first_name=f"Busy{i}") for i in range(routines)]
        app = use_cases(bot.application)
        exercise = bot.services.catalogue.exercises[STRETCH]

        async def begin(index: int) -> None:
            await asyncio.sleep(index * spread / routines)
            person = people[index]
            visitor = Visitor(person.id, person.chat_id, f"Busy{index}", "en")
            preferences = await app.people.preferences(visitor)  # records the person too
            await app.practices.begin(
                Begin(person.id, person.chat_id, [STRETCH], None, exercise.name, preferences)
            )

        began = time.monotonic()
        watching = asyncio.create_task(_switches(bot, began + spread + WATCH_SECONDS))
        await asyncio.gather(*(begin(i) for i in range(routines)))
        planned = await watching
        requests = list(standin.requests)
    return report(routines, spread, planned, requests)


async def _switches(bot: RunningBot, until: float) -> dict[int, float]:
    """Per chat, the monotonic moment its switch is planned, read from the rows as they run."""
    services, clock = bot.services, bot.clock
    planned: dict[int, float] = {}
    while time.monotonic() < until:
        async with services.database.transaction() as db:
            rows = (await db.scalars(select(PracticeRow))).all()
        for row in rows:
            running = row.status == Status.RUNNING.value and row.phase_index == 0
            if running and row.phase_ends_at is not None and row.chat_id not in planned:
                planned[row.chat_id] = clock.to_monotonic(row.phase_ends_at)
        await asyncio.sleep(0.5)
    return planned


def report(
    routines: int, spread: float, planned: dict[int, float], requests: list[RecordedRequest]
) -> list[bool]:
    cues: dict[int, float] = {}
    edits: dict[int, float] = {}
    for request in requests:
        chat, text = request.chat_id, str(request.params.get("text", ""))
        if not isinstance(chat, int) or not request.ok:
            continue
        if request.method == "sendMessage" and text == SWITCH_CUE:
            cues.setdefault(chat, request.time)
        elif request.method == "editMessageText" and SWITCH_CARD in text:
            edits.setdefault(chat, request.time)
    cue_late = [(cues[c] - planned[c]) * 1000 for c in cues if c in planned]
    edit_late = [(edits[c] - planned[c]) * 1000 for c in edits if c in planned]
    too_many = sum(1 for r in requests if r.status == 429)
    print(f"{routines} Supine twists begun over {spread:g} s; cap {CAP:g}/s; flood limits on")
    rows = [
        [label, len(values), *(f"{percentile(values, q):.0f}" for q in (1, 50, 99))]
        for label, values in [("switch cue", cue_late), ("switch card edit", edit_late)]
    ]
    print(table(["lateness (ms)", "n", "p1", "p50", "p99"], rows))
    edits_first = percentile(edit_late, 50) > percentile(cue_late, 50)
    ok_429 = too_many == 0
    ok_all = len(cues) == routines
    print(f"  switch cues sent: {len(cues)}/{routines}: {verdict(ok_all)}")
    print(f"  card edits give way before cues (edit p50 > cue p50): {verdict(edits_first)}")
    print(f"  429 answers: {too_many} (target 0): {verdict(ok_429)}")
    return [ok_all, edits_first, ok_429]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--routines", type=int, default=600)
    parser.add_argument("--spread", type=float, default=20.0)
    args = parser.parse_args()
    problems = quiet_logging()
    print(machine_line())
    try:
        with tempfile.TemporaryDirectory(prefix="stretchbench-") as tmp:
            folder = Path(tmp)
            verdicts = asyncio.run(
                run(args.routines, args.spread, migrated_template(folder), folder)
            )
    finally:
        print("\n".join(problems.summary()))
    print(f"overall: {verdict(all(verdicts))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
