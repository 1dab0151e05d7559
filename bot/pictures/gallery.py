"""Contact sheets: one PNG per routine with every stretch and position in it, names underneath,
so anyone changing the pose data sees all the pictures at once."""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from bot.domain.catalogue import Routine
from bot.pictures.library import Pictures
from bot.pictures.render import BACKGROUND, MUTED, TEXT

DEFAULT_GALLERY_DIR = Path("data/gallery")
COLUMNS = 3
THUMB_WIDTH, THUMB_HEIGHT = 512, 320
NAME_HEIGHT = 64
GAP, MARGIN, TITLE = 16, 32, 84


def write_gallery(pictures: Pictures, out: Path = DEFAULT_GALLERY_DIR) -> list[Path]:
    """One contact sheet per routine in `out`; returns their paths."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for routine in pictures.catalogue.routines_in_order():
        path = out / f"{routine.id}.png"
        path.write_bytes(contact_sheet(pictures, routine))
        written.append(path)
    return written


def _entries(pictures: Pictures, routine: Routine) -> list[tuple[str, str, str]]:
    """(exercise id, position, name to show) for every position of every stretch, in order."""
    entries = []
    for exercise in pictures.catalogue.routine_exercises(routine):
        for position in pictures.positions(exercise.id):
            label = pictures.scene(exercise.id, position).label
            name = f"{exercise.name} · {label}" if label else exercise.name
            entries.append((exercise.id, position, name))
    return entries


def contact_sheet(pictures: Pictures, routine: Routine) -> bytes:
    """The routine's pictures in a grid, each with its stretch and position named under it."""
    entries = _entries(pictures, routine)
    rows = -(-len(entries) // COLUMNS)
    cell_height = THUMB_HEIGHT + NAME_HEIGHT
    width = 2 * MARGIN + COLUMNS * THUMB_WIDTH + (COLUMNS - 1) * GAP
    height = TITLE + MARGIN + rows * cell_height + (rows - 1) * GAP
    sheet = Image.new("RGB", (width, height), BACKGROUND)
    draw = ImageDraw.Draw(sheet)
    draw.text((MARGIN, 26), routine.name, font=ImageFont.load_default(size=36), fill=TEXT)
    font = ImageFont.load_default(size=21)
    for index, (exercise_id, position, name) in enumerate(entries):
        row, column = divmod(index, COLUMNS)
        left = MARGIN + column * (THUMB_WIDTH + GAP)
        top = TITLE + row * (cell_height + GAP)
        picture = Image.open(io.BytesIO(pictures.picture_for(exercise_id, position).data))
        thumb = picture.convert("RGB").resize(
            (THUMB_WIDTH, THUMB_HEIGHT), Image.Resampling.LANCZOS
        )
        sheet.paste(thumb, (left, top))
        draw.rectangle((left, top, left + THUMB_WIDTH - 1, top + THUMB_HEIGHT - 1), outline=MUTED)
        for line_number, line in enumerate(_wrap(draw, name, font, THUMB_WIDTH - 8)[:2]):
            draw.text(
                (left + 4, top + THUMB_HEIGHT + 8 + 26 * line_number), line, font=font, fill=TEXT
            )
    out = io.BytesIO()
    sheet.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _wrap(
    draw: ImageDraw.ImageDraw,
    text: str,
    font: ImageFont.FreeTypeFont | ImageFont.ImageFont,
    width: float,
) -> list[str]:
    """Words in lines no wider than `width` pixels."""
    lines: list[str] = []
    for word in text.split():
        if lines and draw.textlength(f"{lines[-1]} {word}", font=font) <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines
