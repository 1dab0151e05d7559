"""How long the whole Bedtime audio guide takes to make, cold and from the cache, and its size.

Renders the routine into an empty cache folder (score, synthesis with voice, loudness,
Ogg Opus encoding and the decode check, timed step by step), then asks again for the cached
file (from disk, and through the async path the bot uses). Prints the times, the file's size
per minute and bit rate, and the Bot API calls per minute of the routine if the card changes
only at stretch boundaries (one voice message plus one card edit per stretch; target under 1).
The exit status is 1 if that last figure is 1 or more.

    .venv/bin/python bench/audio.py [--pace standard] [--tempo standard] [--no-voice]
                                    [--routine bedtime] [--save data/demo-out/bedtime.ogg]
"""

from __future__ import annotations

import argparse
import asyncio
import platform
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

if __package__ in (None, ""):  # run as `python bench/audio.py`
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.audio.encode import decode, encode_opus
from bot.audio.guides import AudioGuides, GuideRequest, Subject
from bot.audio.loudness import loudness
from bot.audio.render import AudioOptions, render_samples
from bot.audio.voice import EspeakVoice
from bot.content.loader import load_catalogue
from bot.domain.pacing import Pace, TempoName

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
    parser.add_argument("--save", type=Path, help="also write the guide here, to listen to it")
    args = parser.parse_args(argv)

    catalogue = load_catalogue()
    options = AudioOptions(voice=not args.no_voice)
    request = GuideRequest(Subject("routine", args.routine), args.pace, args.tempo, "en", options)
    print(f"machine: {platform.machine()} {platform.system()}, Python {platform.python_version()}")
    with tempfile.TemporaryDirectory() as folder:
        guides = AudioGuides(catalogue, Path(folder), EspeakVoice())
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
    minutes = audio.duration_seconds / 60
    kbps = len(audio.ogg) * 8 / audio.duration_seconds / 1000
    print(
        f"file: {len(audio.ogg) / 1024:.0f} KiB, {len(audio.ogg) / 1024 / minutes:.0f} KiB per "
        f"minute ({kbps:.1f} kbit/s average; 24 kbit/s while sounding)"
    )
    samples, rate = decode(audio.ogg)
    peak = float(abs(samples).max())
    print(f"loudness {loudness(samples, rate):.2f} LUFS, peak {peak:.3f} of full scale")
    calls = 1 + len(score.boundaries)
    per_minute = calls / minutes
    print(
        f"API calls while it plays: {calls} (1 voice message + {len(score.boundaries)} card "
        f"edits at stretch boundaries) = {per_minute:.2f} per routine-minute"
    )
    if args.save:
        args.save.parent.mkdir(parents=True, exist_ok=True)
        args.save.write_bytes(audio.ogg)
        print(f"saved: {args.save}")
    passed = per_minute < CALLS_PER_MINUTE_LIMIT
    print(f"{'PASS' if passed else 'FAIL'}: {per_minute:.2f} calls per minute vs under 1")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
