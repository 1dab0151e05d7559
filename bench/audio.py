"""How long the whole Bedtime audio guide takes to make, cold and from the cache, and its size.

Renders the routine into an empty cache folder (score, synthesis with voice, loudness,
Ogg Opus encoding and the decode check, timed step by step), then asks again for the cached
file (from disk, and through the async path the bot uses). Prints the times and the file's
size per minute and bit rate. Then it plays the guide for real: the production bot against
the local stand-in, a person who starts the routine, taps 🎧 Listen and lets it play to the
end on a clock `--scale` times faster; every Bot API call from the tap to the end is counted
(target: under 1 per routine-minute). The exit status is 1 if that figure is 1 or more.

    .venv/bin/python bench/audio.py [--pace standard] [--tempo standard] [--no-voice]
                                    [--routine bedtime] [--scale 60]
                                    [--save data/demo-out/bedtime.ogg]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TypeVar

if __package__ in (None, ""):  # run as `python bench/audio.py`
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import fresh_database, migrated_template, quiet_logging, real_bot
from bot.audio.encode import decode, encode_opus
from bot.audio.guides import AudioGuides, GuideRequest, Subject
from bot.audio.loudness import loudness
from bot.audio.render import AudioOptions, render_samples
from bot.audio.voice import EspeakVoice
from bot.content.loader import load_catalogue
from bot.domain.pacing import Pace, TempoName
from bot.storage.users import Visitor, preferences_of, set_preferences
from standin import StandIn

T = TypeVar("T")
CALLS_PER_MINUTE_LIMIT = 1.0


def timed(step: Callable[[], T]) -> tuple[T, float]:
    started = time.perf_counter()
    result = step()
    return result, time.perf_counter() - started


def steps(guides: AudioGuides, request: GuideRequest) -> None:
    """Where a cold render's time goes (rendered again, outside the cache)."""
    score, scoring = timed(lambda: guides.score(request))
    samples, mixing = timed(lambda: render_samples(score, request.options, guides.engine))
    data, encoding = timed(lambda: encode_opus(samples))
    _, decoding = timed(lambda: decode(data))
    print(
        f"  steps: score {scoring * 1000:.1f} ms, synthesis + voice + loudness {mixing:.2f} s, "
        f"Opus encoding {encoding:.2f} s, decode check {decoding:.2f} s"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--routine", default="bedtime")
    parser.add_argument("--pace", type=Pace, default=Pace.STANDARD)
    parser.add_argument("--tempo", type=TempoName, default=TempoName.STANDARD)
    parser.add_argument("--no-voice", action="store_true")
    parser.add_argument("--scale", type=float, default=60.0, help="bot clock speed-up")
    parser.add_argument("--save", type=Path, help="also write the guide here, to listen to it")
    args = parser.parse_args(argv)

    catalogue = load_catalogue()
    options = AudioOptions(voice=not args.no_voice)
    request = GuideRequest(Subject("routine", args.routine), args.pace, args.tempo, "en", options)
    print(f"machine: {platform.machine()} {platform.system()}, Python {platform.python_version()}")
    problems = quiet_logging()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        guides = AudioGuides(catalogue, folder / "audio", EspeakVoice())
        score = guides.score(request)
        print(f"guide: {args.routine}, {args.pace} pace, {args.tempo} breathing, {options.label}")
        print(f"  {len(score.stretches)} stretches, {score.duration / 60:.2f} min")
        audio, cold = timed(lambda: guides.render(request))
        _, cached = timed(lambda: guides.render(request))
        _, served = timed(lambda: asyncio.run(guides.guide(request)))
        guides.close()
        print(f"cold render: {cold:.2f} s ({score.duration / cold:.0f}x real time)")
        steps(guides, request)
        print(f"cached: {cached * 1000:.2f} ms from disk, {served * 1000:.2f} ms through guide()")
        describe_file(audio.ogg, audio.duration_seconds)
        # The bot reads the guide just made, as it would for the second person to ask.
        os.environ["AUDIO_DIR"] = str(guides.directory)
        template = migrated_template(folder)
        calls = asyncio.run(play(args, folder, template, score.duration))
    print("\n".join(problems.summary()))
    if args.save:
        args.save.parent.mkdir(parents=True, exist_ok=True)
        args.save.write_bytes(audio.ogg)
        print(f"saved: {args.save}")
    minutes = audio.duration_seconds / 60
    total = sum(calls.values())
    per_minute = total / minutes
    listed = ", ".join(f"{count} {method}" for method, count in calls.most_common())
    print(f"API calls from the tap to the end: {total} ({listed})")
    print(f"  = {per_minute:.2f} per routine-minute over {minutes:.2f} min")
    passed = per_minute < CALLS_PER_MINUTE_LIMIT
    print(f"{'PASS' if passed else 'FAIL'}: {per_minute:.2f} calls per minute vs under 1")
    return 0 if passed else 1


def describe_file(ogg: bytes, seconds: float) -> None:
    minutes = seconds / 60
    kbps = len(ogg) * 8 / seconds / 1000
    print(
        f"file: {len(ogg) / 1024:.0f} KiB, {len(ogg) / 1024 / minutes:.0f} KiB per "
        f"minute ({kbps:.1f} kbit/s average; 24 kbit/s while sounding)"
    )
    samples, rate = decode(ogg)
    peak = float(abs(samples).max())
    print(f"loudness {loudness(samples, rate):.2f} LUFS, peak {peak:.3f} of full scale")


async def play(
    args: argparse.Namespace, folder: Path, template: Path, score_seconds: float
) -> Counter[str]:
    """A person starts the routine, taps 🎧 Listen and lets it play to the end; the calls
    the bot makes from the tap until the card says so, by method."""
    database = fresh_database(template, folder, "audio")
    async with StandIn() as standin, real_bot(standin, database, time_scale=args.scale) as bot:
        person = standin.new_user(first_name="Ana")
        visitor = Visitor(person.id, person.chat_id, "Ana", "en")
        async with bot.services.database.unit() as unit:
            user = await unit.users.record_visit(visitor, bot.clock())
            chosen = replace(preferences_of(user), pace=args.pace, tempo=args.tempo)
            set_preferences(user, replace(chosen, voice=not args.no_voice, hands_free=False))
        name = load_catalogue().routines[args.routine].name
        [listing] = await person.send("/routines")
        label = next(text for text in listing.button_texts if text.startswith(name))
        intro, card = await person.tap(listing, label)
        standin.clear_records()
        started = time.perf_counter()
        await person.tap(intro, "🎧 Listen")
        limit = started + 120 + score_seconds / args.scale
        while "listened to the end" not in person.chat.bot_messages[card.message_id].words:
            if time.perf_counter() > limit:
                raise SystemExit("the card never said the guide had played to the end")
            await person.chat.wait_changed(5)
        played = time.perf_counter() - started
        print(f"played to the end in {played:.1f} s at {args.scale:g}x")
        return Counter(call.method for call in standin.calls() if call.method != "getUpdates")


if __name__ == "__main__":
    sys.exit(main())
