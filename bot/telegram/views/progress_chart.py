"""The /progress picture: streak header, the last five weeks of nights and the pain trend.

Pure drawing with Pillow, no Telegram: the handler sends the PNG bytes as a photo. Drawn at
twice the size and scaled down, which anti-aliases the rounded shapes and text; only the last
35 nights and 30 check-ins are drawn, so the time does not grow with the history.
Dark and calm on purpose: it is looked at in bed, often in dark mode.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from PIL import Image, ImageDraw, ImageFont

from bot.domain.nights import NightMark, PainCheck, pain_change
from bot.telegram.views.texts import t, words

WIDTH, HEIGHT = 1080, 1350
SCALE = 2  # drawn at 2× and scaled down: anti-aliasing for shapes Pillow draws aliased
WEEKS = 5
PAIN_NIGHTS = 30

RGB = tuple[int, int, int]
BACKGROUND: RGB = (16, 20, 25)
PANEL: RGB = (25, 31, 39)
TEXT: RGB = (232, 236, 240)
MUTED: RGB = (140, 151, 163)
GRID: RGB = (44, 52, 62)
FAINT: RGB = (33, 40, 49)
DONE: RGB = (62, 178, 152)
DONE_TEXT: RGB = (10, 32, 27)
REST: RGB = (128, 134, 226)
TRAVEL: RGB = (70, 86, 108)
MISSED: RGB = (150, 104, 108)
MISSED_FILL: RGB = (36, 30, 34)
TONIGHT: RGB = (226, 196, 128)
BEFORE: RGB = (232, 150, 110)
AFTER: RGB = (104, 194, 230)

MARGIN = 40
PANEL_GAP = 24
RADIUS = 28


@dataclass(frozen=True)
class ProgressPicture:
    """What the picture shows; `marks` may hold more nights than are drawn."""

    marks: Mapping[date, NightMark]
    tonight: date
    pain: Sequence[PainCheck]
    current: int
    best: int
    strength: float
    rest_tokens: int


@functools.lru_cache(maxsize=32)
def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """Pillow's bundled scalable font at `size` (1× pixels); cached, loading is not free."""
    return ImageFont.load_default(size=size * SCALE)


class _Canvas:
    """Drawing in 1× coordinates on a 2× image, so the layout reads in final pixels."""

    def __init__(self) -> None:
        self.image = Image.new("RGB", (WIDTH * SCALE, HEIGHT * SCALE), BACKGROUND)
        self.draw = ImageDraw.Draw(self.image)

    @staticmethod
    def _box(box: tuple[float, float, float, float]) -> tuple[int, int, int, int]:
        x0, y0, x1, y1 = box
        return round(x0 * SCALE), round(y0 * SCALE), round(x1 * SCALE), round(y1 * SCALE)

    def panel(self, box: tuple[float, float, float, float], fill: RGB = PANEL) -> None:
        self.draw.rounded_rectangle(self._box(box), RADIUS * SCALE, fill=fill)

    def cell(
        self,
        box: tuple[float, float, float, float],
        radius: float,
        fill: RGB | None,
        outline: RGB | None = None,
        width: float = 0,
    ) -> None:
        self.draw.rounded_rectangle(
            self._box(box),
            round(radius * SCALE),
            fill=fill,
            outline=outline,
            width=round(width * SCALE),
        )

    def text(
        self,
        xy: tuple[float, float],
        text: str,
        size: int,
        fill: RGB = TEXT,
        anchor: str = "la",
        bold: bool = False,
    ) -> None:
        # The bundled font has one weight; a thin stroke in the same colour reads as bold.
        self.draw.text(
            (xy[0] * SCALE, xy[1] * SCALE),
            text,
            font=_font(size),
            fill=fill,
            anchor=anchor,
            stroke_width=SCALE if bold else 0,
            stroke_fill=fill,
        )

    def text_width(self, text: str, size: int) -> float:
        return self.draw.textlength(text, font=_font(size)) / SCALE

    def line(self, points: Sequence[tuple[float, float]], fill: RGB, width: float) -> None:
        scaled = [(x * SCALE, y * SCALE) for x, y in points]
        self.draw.line(scaled, fill=fill, width=round(width * SCALE), joint="curve")

    def dot(self, centre: tuple[float, float], radius: float, fill: RGB) -> None:
        x, y = centre
        self.draw.ellipse(self._box((x - radius, y - radius, x + radius, y + radius)), fill=fill)

    def arc(
        self,
        box: tuple[float, float, float, float],
        start: float,
        end: float,
        fill: RGB,
        width: float,
    ) -> None:
        self.draw.arc(self._box(box), start, end, fill=fill, width=round(width * SCALE))

    def png(self) -> bytes:
        # A 2×2 box average is the exact downscale here and ten times faster than Lanczos;
        # light compression keeps encoding inside the time budget (bench/progress.py).
        small = self.image.reduce(SCALE)
        out = io.BytesIO()
        small.save(out, format="PNG", compress_level=1)
        return out.getvalue()


def render_progress(picture: ProgressPicture) -> bytes:
    """The /progress picture as PNG bytes, 1080×1350."""
    canvas = _Canvas()
    header_bottom = _draw_header(canvas, picture, MARGIN)
    calendar_bottom = _draw_calendar(canvas, picture, header_bottom + PANEL_GAP)
    _draw_pain(canvas, picture, calendar_bottom + PANEL_GAP, HEIGHT - MARGIN)
    return canvas.png()


def day_month(day: date) -> str:
    """ "23 Nov", in the catalogue's words."""
    return t("picture.day_month", day=day.day, month=words("picture.months")[day.month - 1])


def _draw_header(canvas: _Canvas, picture: ProgressPicture, top: float) -> float:
    """Streak number, best and tokens on the left; the strength ring on the right."""
    bottom = top + 224
    canvas.panel((MARGIN, top, WIDTH - MARGIN, bottom))
    left = MARGIN + 40
    canvas.text((left, top + 28), t("picture.your_streak"), 28, MUTED)
    number = str(picture.current)
    canvas.text((left, top + 146), number, 96, anchor="ls", bold=True)
    label_x = left + canvas.text_width(number, 96) + 20
    nights = t("picture.nights_in_a_row", count=picture.current)
    canvas.text((label_x, top + 146), nights, 36, anchor="ls")

    line_y = top + 186
    best = t("picture.best", best=picture.best)
    canvas.text((left, line_y), best, 28, MUTED, anchor="lm")
    x = left + canvas.text_width(best, 28) + 16
    canvas.text((x, line_y), "·", 28, MUTED, anchor="lm")
    x += canvas.text_width("·", 28) + 16
    tokens = t("picture.rest_tokens")
    canvas.text((x, line_y), tokens, 28, MUTED, anchor="lm")
    x += canvas.text_width(tokens, 28) + 26
    for index in range(2):
        centre = (x + index * 34, line_y + 1)
        if index < picture.rest_tokens:
            canvas.dot(centre, 11, REST)
        else:
            canvas.dot(centre, 11, GRID)
            canvas.dot(centre, 8, PANEL)

    strength = min(1.0, max(0.0, picture.strength))
    size = 160
    cx, cy = WIDTH - MARGIN - 36 - size / 2, (top + bottom) / 2
    ring = (cx - size / 2, cy - size / 2, cx + size / 2, cy + size / 2)
    canvas.arc(ring, 0, 360, GRID, 14)
    if strength > 0:
        canvas.arc(ring, -90, -90 + 360 * strength, DONE, 14)
    canvas.text((cx, cy - 6), f"{round(strength * 100)}%", 40, anchor="mm", bold=True)
    canvas.text((cx, cy + 28), t("picture.strength"), 20, MUTED, anchor="mm")
    return bottom


def _cell_style(mark: NightMark | None, future: bool) -> tuple[RGB | None, RGB | None, RGB]:
    """Fill, outline and number colour of one night's square."""
    if future or mark is None:
        return FAINT, None, (78, 88, 100)
    if mark is NightMark.DONE:
        return DONE, None, DONE_TEXT
    if mark is NightMark.REST:
        return REST, None, (18, 20, 44)
    if mark is NightMark.TRAVEL:
        return TRAVEL, None, TEXT
    if mark is NightMark.MISSED:
        return MISSED_FILL, MISSED, MISSED
    return None, TONIGHT, TONIGHT


def _draw_calendar(canvas: _Canvas, picture: ProgressPicture, top: float) -> float:
    """Five rows of Monday..Sunday ending with tonight's week, and a legend."""
    cell, gap = 80.0, 12.0
    grid_width = 7 * cell + 6 * gap
    left = (WIDTH - grid_width) / 2
    last_monday = picture.tonight - timedelta(days=picture.tonight.weekday())
    first = last_monday - timedelta(weeks=WEEKS - 1)
    last = last_monday + timedelta(days=6)

    grid_top = top + 124
    bottom = grid_top + WEEKS * cell + (WEEKS - 1) * gap + 92
    canvas.panel((MARGIN, top, WIDTH - MARGIN, bottom))
    canvas.text((MARGIN + 40, top + 30), t("picture.last_weeks"), 34, bold=True)
    span = t("picture.span", first=day_month(first), last=day_month(last))
    canvas.text((WIDTH - MARGIN - 40, top + 36), span, 26, MUTED, anchor="ra")
    for column, initial in enumerate(words("days.initials")):
        x = left + column * (cell + gap) + cell / 2
        canvas.text((x, grid_top - 26), initial, 26, MUTED, anchor="mm")

    for offset in range(WEEKS * 7):
        night = first + timedelta(days=offset)
        row, column = divmod(offset, 7)
        x = left + column * (cell + gap)
        y = grid_top + row * (cell + gap)
        mark = picture.marks.get(night)
        if night == picture.tonight and mark is None:
            mark = NightMark.PENDING
        fill, outline, ink = _cell_style(mark, night > picture.tonight)
        width = 4 if mark is NightMark.PENDING else 3
        canvas.cell((x, y, x + cell, y + cell), 20, fill, outline, width if outline else 0)
        if night == picture.tonight and mark is not NightMark.PENDING:
            canvas.cell((x - 6, y - 6, x + cell + 6, y + cell + 6), 25, None, TONIGHT, 3)
        canvas.text((x + cell / 2, y + cell / 2), str(night.day), 30, ink, anchor="mm")

    shown = {picture.marks.get(first + timedelta(days=i)) for i in range(WEEKS * 7)}
    legend: list[tuple[str, NightMark]] = [
        (t("picture.done"), NightMark.DONE),
        (t("picture.rest"), NightMark.REST),
        (t("picture.missed"), NightMark.MISSED),
    ]
    if NightMark.TRAVEL in shown:
        legend.append((t("picture.travel"), NightMark.TRAVEL))
    legend.append((t("picture.tonight"), NightMark.PENDING))
    _draw_legend(canvas, legend, bottom - 46)
    return bottom


def _draw_legend(canvas: _Canvas, entries: Sequence[tuple[str, NightMark]], y: float) -> None:
    swatch, size = 28.0, 26
    widths = [swatch + 12 + canvas.text_width(label, size) for label, _ in entries]
    spacing = 34.0
    x = (WIDTH - sum(widths) - spacing * (len(entries) - 1)) / 2
    for (label, mark), width in zip(entries, widths, strict=True):
        fill, outline, _ = _cell_style(mark, future=False)
        box = (x, y - swatch / 2, x + swatch, y + swatch / 2)
        canvas.cell(box, 8, fill, outline, 3 if outline else 0)
        canvas.text((x + swatch + 12, y), label, size, MUTED, anchor="lm")
        x += width + spacing


def _draw_pain(canvas: _Canvas, picture: ProgressPicture, top: float, bottom: float) -> None:
    """Before and after pain for the last 30 nights on a 0–10 scale, or a friendly nudge."""
    canvas.panel((MARGIN, top, WIDTH - MARGIN, bottom))
    title_x, title_y = MARGIN + 40, top + 30
    title = t("picture.pain_title")
    canvas.text((title_x, title_y), title, 34, bold=True)
    arrow_x = title_x + canvas.text_width(title, 34) + 18
    _draw_arrow(canvas, arrow_x, arrow_x + 40, title_y + 20)
    canvas.text((arrow_x + 58, title_y), t("picture.pain_after_title"), 34, bold=True)
    first = picture.tonight - timedelta(days=PAIN_NIGHTS - 1)
    checks = sorted(
        (c for c in picture.pain if first <= c.night <= picture.tonight), key=lambda c: c.night
    )
    if not any(c.before is not None or c.after is not None for c in checks):
        middle = (top + 80 + bottom) / 2
        canvas.text((WIDTH / 2, middle - 22), t("picture.no_check_ins"), 34, TEXT, anchor="mm")
        canvas.text(
            (WIDTH / 2, middle + 26),
            t("picture.rate_your_back"),
            26,
            MUTED,
            anchor="mm",
        )
        return

    _draw_pain_average(canvas, checks, top)
    _draw_pain_plot(canvas, checks, first, top, bottom)


def _draw_pain_average(canvas: _Canvas, checks: Sequence[PainCheck], top: float) -> None:
    """The average change after stretching, and the legend for the two lines."""
    changes = [c for c in (pain_change(check) for check in checks) if c is not None]
    if changes:
        average = sum(changes) / len(changes)
        if average <= -0.05:
            summary = t("picture.lower_after", amount=f"{-average:.1f}")
        elif average >= 0.05:
            summary = t("picture.higher_after", amount=f"{average:.1f}")
        else:
            summary = t("picture.about_the_same")
        canvas.text((MARGIN + 40, top + 82), summary, 26, MUTED)

    legend_y = top + 50
    x: float = WIDTH - MARGIN - 40
    for label, colour in (
        (t("picture.legend_after"), AFTER),
        (t("picture.legend_before"), BEFORE),
    ):
        x -= canvas.text_width(label, 26)
        canvas.text((x, legend_y), label, 26, MUTED, anchor="lm")
        canvas.dot((x - 18, legend_y + 1), 9, colour)
        x -= 50


def _draw_pain_plot(
    canvas: _Canvas, checks: Sequence[PainCheck], first: date, top: float, bottom: float
) -> None:
    """Before and after as two lines over the nights, on a 0–10 grid."""
    plot_left, plot_right = MARGIN + 86, WIDTH - MARGIN - 40
    plot_top, plot_bottom = top + 140, bottom - 62
    for level in (0, 5, 10):
        y = plot_bottom - (plot_bottom - plot_top) * level / 10
        canvas.line([(plot_left, y), (plot_right, y)], GRID, 2)
        canvas.text((plot_left - 20, y), str(level), 24, MUTED, anchor="rm")

    def position(night: date, value: int) -> tuple[float, float]:
        days = (night - first).days
        x = plot_left + 12 + (plot_right - plot_left - 24) * days / (PAIN_NIGHTS - 1)
        return x, plot_bottom - (plot_bottom - plot_top) * value / 10

    for colour, values in (
        (BEFORE, [(c.night, c.before) for c in checks if c.before is not None]),
        (AFTER, [(c.night, c.after) for c in checks if c.after is not None]),
    ):
        points = [position(night, value) for night, value in values]
        if len(points) > 1:
            canvas.line(points, colour, 4)
        for point in points:
            canvas.dot(point, 8, colour)

    label_y = plot_bottom + 34
    canvas.text((plot_left, label_y), day_month(first), 24, MUTED, anchor="lm")
    canvas.text((plot_right, label_y), t("picture.tonight_axis"), 24, MUTED, anchor="rm")


def _draw_arrow(canvas: _Canvas, start: float, end: float, y: float) -> None:
    """A right arrow drawn as lines: the bundled font has no arrow glyph."""
    canvas.line([(start, y), (end, y)], TEXT, 4)
    canvas.line([(end - 13, y - 11), (end, y), (end - 13, y + 11)], TEXT, 4)
