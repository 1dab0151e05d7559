"""The /progress picture: a readable PNG for a new user, a full history and every kind of night."""

from __future__ import annotations

import io
from datetime import date, timedelta

from PIL import Image

from bot.domain.nights import NightMark, PainCheck
from bot.telegram.views.progress_chart import HEIGHT, WIDTH, ProgressPicture, render_progress

TONIGHT = date(2025, 3, 12)
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def opened(png: bytes) -> Image.Image:
    assert png.startswith(PNG_SIGNATURE)
    image = Image.open(io.BytesIO(png))
    image.load()
    assert image.format == "PNG"
    assert image.size == (WIDTH, HEIGHT)
    return image


def test_a_new_user_gets_a_calendar_and_no_check_ins_yet() -> None:
    picture = ProgressPicture(
        marks={TONIGHT: NightMark.PENDING},
        tonight=TONIGHT,
        pain=[],
        current=0,
        best=0,
        strength=0.0,
        rest_tokens=0,
    )
    image = opened(render_progress(picture))
    # Dark background, so it reads in a dark chat.
    assert max(image.convert("RGB").getpixel((5, 5))) < 40  # type: ignore[arg-type]


def test_two_years_of_every_kind_of_night_and_partial_check_ins() -> None:
    kinds = list(NightMark)
    marks = {TONIGHT - timedelta(days=i): kinds[i % len(kinds)] for i in range(1, 730)}
    marks[TONIGHT] = NightMark.DONE
    pain = [
        PainCheck(TONIGHT - timedelta(days=i), 7 if i % 4 else None, 3 if i % 3 else None)
        for i in range(60)
    ]
    picture = ProgressPicture(marks, TONIGHT, pain, 123, 400, 0.87, 2)
    opened(render_progress(picture))


def test_what_is_drawn_depends_only_on_the_recent_nights() -> None:
    recent = {TONIGHT - timedelta(days=i): NightMark.DONE for i in range(40)}
    older = {TONIGHT - timedelta(days=i): NightMark.MISSED for i in range(40, 400)}
    pain = [PainCheck(TONIGHT - timedelta(days=1), 5, 2)]
    short = ProgressPicture(recent, TONIGHT, pain, 40, 40, 0.9, 2)
    long = ProgressPicture({**older, **recent}, TONIGHT, pain, 40, 40, 0.9, 2)
    assert render_progress(short) == render_progress(long)


def test_out_of_range_strength_and_no_paired_check_ins_still_render() -> None:
    pain = [PainCheck(TONIGHT, 4, None), PainCheck(TONIGHT - timedelta(days=3), None, 2)]
    picture = ProgressPicture({}, TONIGHT, pain, 0, 0, 1.5, 0)
    opened(render_progress(picture))
