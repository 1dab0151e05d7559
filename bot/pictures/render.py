"""Draw one position of a stretch: the figure on its bed or mat, where the stretch is felt,
and the side it is done on.

Pure drawing with Pillow from a `Scene` (bot.domain.poses): no Telegram, no files. Drawn at
twice the size and halved, which smooths the round limbs. The same scene always gives the
same bytes. Night colours: a dark picture with soft, bright limbs reads on a dark screen and
stands out as a photo in Telegram's light theme too.
"""

from __future__ import annotations

import functools
import io
import math
from collections.abc import Sequence
from dataclasses import dataclass

from PIL import Image, ImageDraw, ImageFilter, ImageFont

from bot.domain.body import RADII, SIDES, Skeleton, Vec
from bot.domain.poses import PropKind, Scene, Still, Surface
from bot.pictures.projection import Camera, Point

WIDTH, HEIGHT = 1024, 640
SCALE = 2
MARGIN = 28
HEADER = 66  # the label's strip at the top
CAPTION = 48  # under each frame when frames have captions
GAP = 56  # between frames, where the arrow goes
MAX_BODY_PX = 820  # a body height in pixels, at most: one figure never fills the picture

RGB = tuple[int, int, int]
Ink = RGB | int  # a colour, or a level on a one-channel mask
BACKGROUND: RGB = (17, 21, 33)
BED_TOP: RGB = (44, 53, 82)
BED_SIDE: RGB = (31, 38, 60)
BED_EDGE: RGB = (72, 86, 126)
MAT_TOP: RGB = (38, 76, 80)
MAT_SIDE: RGB = (27, 54, 58)
WALL: RGB = (36, 43, 66)
WALL_EDGE: RGB = (62, 74, 108)
PILLOW: RGB = (86, 96, 138)
TOWEL: RGB = (112, 98, 140)
STOOL: RGB = (70, 64, 88)
NEAR: RGB = (222, 228, 248)
FAR: RGB = (118, 130, 168)
TRUNK: RGB = (196, 206, 238)
OUTLINE: RGB = (14, 17, 27)
GLOW: RGB = (255, 170, 84)
MOTION: RGB = (128, 204, 232)
TEXT: RGB = (234, 238, 246)
MUTED: RGB = (150, 160, 186)

# Beds are about 0.8 body heights wide and a mattress a tenth deep; a mat is thinner and
# narrower.
BED_HALF_WIDTH, BED_DEPTH = 0.42, 0.1
MAT_HALF_WIDTH, MAT_DEPTH, MAT_LENGTH = 0.34, 0.012, 1.05
# Beyond the widest limb, so a hand opened to the side still lies on the bed or mat.
SURFACE_ROOM = 0.03


@functools.lru_cache(maxsize=16)
def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """Pillow's bundled scalable font at `size` (1× pixels), as the /progress picture uses."""
    return ImageFont.load_default(size=size * SCALE)


@dataclass(frozen=True)
class Cell:
    """Where one frame is drawn, in 1× pixels."""

    left: float
    top: float
    width: float
    height: float


def render_scene(scene: Scene) -> bytes:
    """The picture of one position as PNG bytes, WIDTH × HEIGHT."""
    image = Image.new("RGB", (WIDTH * SCALE, HEIGHT * SCALE), BACKGROUND)
    camera = Camera.from_view(scene.view)
    if scene.overlay:
        _draw_overlay(image, scene, camera)
    else:
        _draw_sequence(image, scene, camera)
    _label(image, scene.label)
    small = image.reduce(SCALE)
    out = io.BytesIO()
    # A palette of 96 colours keeps the soft glow smooth and the file small.
    palette = small.quantize(96, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
    palette.save(out, format="PNG", compress_level=9)
    return out.getvalue()


def _draw_sequence(image: Image.Image, scene: Scene, camera: Camera) -> None:
    """Each frame in its own cell, an arrow from one to the next, captions underneath."""
    boxes = [_body_box(still.skeleton, camera) for still in scene.stills]
    cells, scale = _layout(boxes, _captions(scene))
    # Every frame's surface at the same height: the frames share one top.
    top = min(box[1] for box in boxes)
    for index, (still, cell) in enumerate(zip(scene.stills, cells, strict=True)):
        layer = _draw_still(scene, [still], cell, camera, (scale, top))
        image.paste(layer, (round(cell.left * SCALE), round(cell.top * SCALE)))
        if still.caption:
            _text(image, (cell.left + cell.width / 2, cell.top + cell.height + 6), still.caption)
        if index:
            _arrow_between(image, cells[index - 1], cell, _captions(scene))


def _draw_overlay(image: Image.Image, scene: Scene, camera: Camera) -> None:
    """One cell: the earlier frames faint, the last one solid, its caption underneath."""
    boxes = [_body_box(still.skeleton, camera) for still in scene.stills]
    union = (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )
    captions = _captions(scene)
    [cell], scale = _layout([union], captions)
    layer = _draw_still(scene, list(scene.stills), cell, camera, (scale, union[1]))
    image.paste(layer, (round(cell.left * SCALE), round(cell.top * SCALE)))
    words = [still.caption for still in scene.stills if still.caption]
    if words:
        line = "  ›  ".join(words)
        _text(image, (cell.left + cell.width / 2, cell.top + cell.height + 6), line)


Box = tuple[float, float, float, float]
# Room around a body's box, in body heights: beside it, above it and below it for the bed.
ROOM_X, ROOM_TOP, ROOM_BELOW = 0.12, 0.04, 0.13


def _captions(scene: Scene) -> float:
    return CAPTION if any(still.caption for still in scene.stills) else 0


def _layout(boxes: Sequence[Box], captions: float) -> tuple[list[Cell], float]:
    """Frames side by side or one above the other, whichever shows the figure larger; the
    cells are as tall as the figures need and centred in the picture."""
    count = len(boxes)
    width, height = WIDTH - 2 * MARGIN, HEIGHT - HEADER - MARGIN
    tall = max(box[3] for box in boxes) - min(box[1] for box in boxes) + ROOM_TOP + ROOM_BELOW
    wide = max(box[2] - box[0] for box in boxes) + ROOM_X
    row_width = (width - GAP * (count - 1)) / count
    row_scale = min(MAX_BODY_PX, row_width / wide, (height - captions) / tall)
    column_height = (height - GAP * (count - 1)) / count - captions
    column_scale = min(MAX_BODY_PX, width / wide, column_height / tall)
    if count > 1 and column_scale > row_scale:
        cell_height = tall * column_scale
        block = count * (cell_height + captions) + GAP * (count - 1)
        first = HEADER + (height - block) / 2
        step = cell_height + captions + GAP
        cells = [Cell(MARGIN, first + i * step, width, cell_height) for i in range(count)]
        return cells, column_scale
    cell_height = tall * row_scale
    first = HEADER + (height - cell_height - captions) / 2
    step = row_width + GAP
    cells = [Cell(MARGIN + i * step, first, row_width, cell_height) for i in range(count)]
    return cells, row_scale


def _body_box(skeleton: Skeleton, camera: Camera) -> Box:
    xs: list[float] = []
    ys: list[float] = []
    for segment in skeleton.segments:
        for end in (segment.start, segment.end):
            x, y = camera.screen(end)
            xs += [x - segment.radius, x + segment.radius]
            ys += [y - segment.radius, y + segment.radius]
    return min(xs), min(ys), max(xs), max(ys)


# One frame -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Frame:
    """Drawing in a cell's layer: world points to 2× pixels."""

    draw: ImageDraw.ImageDraw
    camera: Camera
    scale: float  # 2× pixels per body height
    origin: Point  # 2× pixel position of the world origin's projection

    def px(self, point: Vec) -> Point:
        x, y = self.camera.screen(point)
        return (self.origin[0] + x * self.scale, self.origin[1] + y * self.scale)

    def polygon(self, points: Sequence[Vec], fill: Ink) -> None:
        self.draw.polygon([self.px(p) for p in points], fill=fill)

    def disc(self, centre: Point, radius: float, fill: Ink) -> None:
        x, y = centre
        self.draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=fill)

    def capsule(self, a: Vec, b: Vec, radius: float, fill: Ink) -> None:
        pa, pb = self.px(a), self.px(b)
        r = radius * self.scale
        self.draw.line([pa, pb], fill=fill, width=max(1, round(2 * r)))
        self.disc(pa, r, fill)
        self.disc(pb, r, fill)


def _draw_still(
    scene: Scene, stills: Sequence[Still], cell: Cell, camera: Camera, fit: tuple[float, float]
) -> Image.Image:
    """The surface, then the frames: all but the last faint, the last solid with its glow."""
    scale, top = fit
    layer = Image.new("RGB", (round(cell.width * SCALE), round(cell.height * SCALE)), BACKGROUND)
    boxes = [_body_box(still.skeleton, camera) for still in stills]
    x0, x1 = min(b[0] for b in boxes), max(b[2] for b in boxes)
    # Centred across the cell; the highest frame's top just under the cell's top.
    origin = (
        (cell.width / 2 - (x0 + x1) / 2 * scale) * SCALE,
        (ROOM_TOP - top) * scale * SCALE,
    )
    frame = _Frame(ImageDraw.Draw(layer), camera, scale * SCALE, origin)
    still = stills[-1]
    _draw_surface(frame, scene.surface, still.skeleton, scene.wall)
    if scene.wall:
        _draw_wall(frame, still.skeleton)
    _draw_props(frame, still)
    # Where the stretch is felt: a warm halo behind the body and a light tint over it, so the
    # limb stays readable inside its glow.
    layer = _glow(layer, frame, still.skeleton, scene.felt, HALO)
    frame = _Frame(ImageDraw.Draw(layer), camera, frame.scale, origin)
    for ghost in stills[:-1]:
        faint = layer.copy()
        _draw_body(_Frame(ImageDraw.Draw(faint), camera, frame.scale, origin), ghost.skeleton)
        layer = Image.blend(layer, faint, 0.35)
        frame = _Frame(ImageDraw.Draw(layer), camera, frame.scale, origin)
    _draw_body(frame, still.skeleton)
    layer = _glow(layer, frame, still.skeleton, scene.felt, TINT)
    draw = ImageDraw.Draw(layer)
    _draw_sway(draw, frame, still)
    if len(stills) > 1:
        _draw_motion(draw, frame, stills[-2].skeleton, still.skeleton)
    return layer


# The joints whose travel shows a movement, and the arrow's reach beyond them.
MOVERS = ("right_knee", "left_knee", "pelvis", "right_ankle", "left_ankle", "head", "waist")


def _draw_motion(
    draw: ImageDraw.ImageDraw, frame: _Frame, before: Skeleton, after: Skeleton
) -> None:
    """An arrow beside the joint that travels furthest from the faint frame to the solid."""
    travel = {
        name: (frame.px(before.joints[name]), frame.px(after.joints[name])) for name in MOVERS
    }
    name = max(travel, key=lambda n: math.dist(*travel[n]))
    (ax, ay), (bx, by) = travel[name]
    length = math.dist((ax, ay), (bx, by))
    if length < frame.scale * 0.05:
        return
    ux, uy = (bx - ax) / length, (by - ay) / length
    # Off to one side of the path, so the arrow does not lie on the limb.
    off = frame.scale * 0.09
    nx, ny = -uy * off, ux * off
    if ny > 0:
        nx, ny = -nx, -ny
    start = (ax + nx + ux * length * 0.15, ay + ny + uy * length * 0.15)
    end = (bx + nx - ux * length * 0.1, by + ny - uy * length * 0.1)
    width = max(4, round(frame.scale * 0.009))
    draw.line([start, end], fill=MOTION, width=width)
    head = frame.scale * 0.03
    draw.polygon(
        [
            (end[0] + ux * head, end[1] + uy * head),
            (end[0] - uy * head * 0.8, end[1] + ux * head * 0.8),
            (end[0] + uy * head * 0.8, end[1] - ux * head * 0.8),
        ],
        fill=MOTION,
    )


def _box_faces(
    frame: _Frame, low: Vec, high: Vec, top: RGB, side: RGB, edge: RGB | None = None
) -> None:
    """A box's faces that turn toward the viewer, far ones first."""
    (x0, y0, z0), (x1, y1, z1) = low, high
    faces: list[tuple[Vec, list[Vec], RGB]] = [
        ((0, 0, 1), [(x0, y0, z1), (x1, y0, z1), (x1, y1, z1), (x0, y1, z1)], top),
        ((0, -1, 0), [(x0, y0, z0), (x1, y0, z0), (x1, y0, z1), (x0, y0, z1)], side),
        ((0, 1, 0), [(x0, y1, z0), (x1, y1, z0), (x1, y1, z1), (x0, y1, z1)], side),
        ((-1, 0, 0), [(x0, y0, z0), (x0, y1, z0), (x0, y1, z1), (x0, y0, z1)], side),
        ((1, 0, 0), [(x1, y0, z0), (x1, y1, z0), (x1, y1, z1), (x1, y0, z1)], side),
    ]
    visible = [face for face in faces if frame.camera.sees(face[0])]
    visible.sort(key=lambda face: sum(frame.camera.depth(p) for p in face[1]))
    for _, corners, colour in visible:
        frame.polygon(corners, colour)
    if edge is not None:
        near_y = y0 if frame.camera.sees((0, -1, 0)) else y1
        frame.draw.line(
            [frame.px((x0, near_y, z1)), frame.px((x1, near_y, z1))],
            fill=edge,
            width=max(2, round(frame.scale * 0.006)),
        )


def _draw_surface(frame: _Frame, surface: Surface, skeleton: Skeleton, wall: bool) -> None:
    """The bed or mat under the body: wide enough for arms opened on it, and ending at the
    wall if there is one, so the wall stands at its end rather than on it."""
    low, high = skeleton.extent(0)
    across = max(-skeleton.extent(1)[0], skeleton.extent(1)[1]) + SURFACE_ROOM
    end = high if wall else None
    if surface is Surface.BED:
        half_width = max(BED_HALF_WIDTH, across)
        _box_faces(
            frame,
            (-4.0, -half_width, -BED_DEPTH),
            (4.0 if end is None else end, half_width, 0.0),
            BED_TOP,
            BED_SIDE,
            BED_EDGE,
        )
        return
    centre, half = (low + high) / 2, max(MAT_LENGTH, high - low + 0.1) / 2
    half_width = max(MAT_HALF_WIDTH, across)
    _box_faces(
        frame,
        (centre - half, -half_width, -MAT_DEPTH),
        (centre + half if end is None else min(centre + half, end), half_width, 0.0),
        MAT_TOP,
        MAT_SIDE,
    )


def _draw_wall(frame: _Frame, skeleton: Skeleton) -> None:
    """The wall the legs rest on, just beyond the body's far end, taller than the picture."""
    _, end = skeleton.extent(0)
    _box_faces(frame, (end, -0.6, -BED_DEPTH), (end + 0.06, 0.6, 2.0), WALL, WALL_EDGE, None)


def _draw_props(frame: _Frame, still: Still) -> None:
    """Pillows, towels and stools reach up to the part they hold, so it rests on them."""
    for prop in still.props:
        x, y, z = still.skeleton.joints.get(prop.under) or _segment_middle(
            still.skeleton, prop.under
        )
        reach = _underside(still.skeleton, prop.under, z)
        if prop.kind is PropKind.PILLOW:
            top = max(0.03, reach)
            _box_faces(frame, (x - 0.09, y - 0.16, 0.0), (x + 0.09, y + 0.16, top), PILLOW, TOWEL)
        elif prop.kind is PropKind.TOWEL:
            radius = max(0.025, reach / 2)
            frame.capsule((x, y - 0.22, radius), (x, y + 0.22, radius), radius, TOWEL)
        else:
            low, high = (x - 0.1, y - 0.13, 0.0), (x + 0.08, y + 0.13, reach)
            _box_faces(frame, low, high, STOOL, BED_SIDE)


def _underside(skeleton: Skeleton, name: str, z: float) -> float:
    """How high the underside of a body part is above the surface."""
    if any(segment.name == name for segment in skeleton.segments):
        return skeleton.segment(name).lowest
    return z - 0.03


def _segment_middle(skeleton: Skeleton, name: str) -> Vec:
    segment = skeleton.segment(name)
    a, b = segment.start, segment.end
    return ((a[0] + b[0]) / 2, (a[1] + b[1]) / 2, (a[2] + b[2]) / 2)


# The figure ------------------------------------------------------------------------------------


def _near_sides(skeleton: Skeleton, camera: Camera, joint: str) -> dict[str, RGB]:
    """Limbs on the side nearer the viewer are bright, the far ones dim; level, both bright."""
    right = camera.depth(skeleton.joints[f"right_{joint}"])
    left = camera.depth(skeleton.joints[f"left_{joint}"])
    if abs(right - left) < 0.03:
        return {"right": NEAR, "left": NEAR}
    return {"right": NEAR, "left": FAR} if right > left else {"right": FAR, "left": NEAR}


Capsule = tuple[Vec, Vec, float]  # from, to, radius


@dataclass(frozen=True)
class _Piece:
    """Half a limb drawn in one go: the thigh, or the shank with its foot; the upper arm, or
    the forearm with its hand. `joint` is the knee or elbow it shares with its other half."""

    depth: float
    capsules: list[Capsule]
    colour: RGB
    limb: str
    joint: Vec
    root: Vec | None = None  # the hip or shoulder, for an upper half


# Each limb in two halves, by joint names: the upper one, then the lower one with its
# hand or foot; the middle joint is where they meet.
LIMB_HALVES = {
    "leg": (("hip", "knee", "thigh"), (("knee", "ankle", "shank"), ("heel", "toe", "foot"))),
    "arm": (
        ("shoulder", "elbow", "upper_arm"),
        (("elbow", "wrist", "forearm"), ("wrist", "hand", "hand")),
    ),
}


def _pieces(skeleton: Skeleton, camera: Camera) -> list[_Piece]:
    """Each limb's two halves, sorted far to near: a shin that crosses in front of the other
    thigh is drawn over it, as one depth for the whole limb could not."""
    j = skeleton.joints
    colours = {
        "leg": _near_sides(skeleton, camera, "hip"),
        "arm": _near_sides(skeleton, camera, "shoulder"),
    }
    pieces = []
    for side in SIDES:
        for limb, (upper, lower) in LIMB_HALVES.items():
            middle = j[f"{side}_{upper[1]}"]
            for half, root in (((upper,), j[f"{side}_{upper[0]}"]), (lower, None)):
                capsules = [
                    (j[f"{side}_{start}"], j[f"{side}_{end}"], RADII[segment])
                    for start, end, segment in half
                ]
                colour = colours[limb][side]
                depth = _depth(camera, capsules)
                limb_name = f"{side}_{limb}"
                pieces.append(_Piece(depth, capsules, colour, limb_name, middle, root))
    return sorted(pieces, key=lambda piece: piece.depth)


def _depth(camera: Camera, capsules: list[Capsule]) -> float:
    points = [p for a, b, _ in capsules for p in (a, b)]
    return sum(camera.depth(p) for p in points) / len(points)


def _torso(frame: _Frame, skeleton: Skeleton, fill: RGB, grow: float) -> None:
    """Hips, belly and chest as rounded hulls that bend where the spine bends."""
    j = skeleton.joints
    lower = [
        (j["right_hip"], RADII["pelvis"]),
        (j["left_hip"], RADII["pelvis"]),
        (j["waist"], RADII["lower_back"]),
    ]
    middle = [(j["waist"], RADII["lower_back"]), (j["mid_back"], RADII["upper_back"])]
    upper = [
        (j["mid_back"], RADII["upper_back"]),
        (j["right_shoulder"], RADII["shoulders"]),
        (j["left_shoulder"], RADII["shoulders"]),
        (j["neck_base"], RADII["upper_back"] * 0.8),
    ]
    for part in (lower, middle, upper):
        frame.draw.polygon(_hull(frame, part, grow), fill=fill)


def _hull(frame: _Frame, circles: list[tuple[Vec, float]], grow: float) -> list[Point]:
    points: list[Point] = []
    for centre, radius in circles:
        x, y = frame.px(centre)
        r = radius * frame.scale + grow
        points += [
            (x + r * math.cos(a * math.pi / 12), y + r * math.sin(a * math.pi / 12))
            for a in range(24)
        ]
    return _convex_hull(points)


def _convex_hull(points: list[Point]) -> list[Point]:
    """Andrew's monotone chain."""
    ordered = sorted(set(points))

    def cross(o: Point, a: Point, b: Point) -> float:
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])

    lower: list[Point] = []
    upper: list[Point] = []
    for p in ordered:
        while len(lower) >= 2 and cross(lower[-2], lower[-1], p) <= 0:
            lower.pop()
        lower.append(p)
    for p in reversed(ordered):
        while len(upper) >= 2 and cross(upper[-2], upper[-1], p) <= 0:
            upper.pop()
        upper.append(p)
    return lower[:-1] + upper[:-1]


def _draw_body(frame: _Frame, skeleton: Skeleton) -> None:
    """Far limbs first, then the trunk, the head, and the near limbs on top; each piece with a
    dark rim so crossing limbs stay apart."""
    rim = max(2.0, frame.scale * 0.007)
    torso_depth = (
        sum(
            frame.camera.depth(skeleton.joints[name])
            for name in ("right_hip", "left_hip", "waist", "neck_base")
        )
        / 4
    )
    pieces = _pieces(skeleton, frame.camera)
    torso_drawn = False
    previous: _Piece | None = None
    for piece in pieces:
        if not torso_drawn and piece.depth > torso_depth:
            _draw_torso_and_head(frame, skeleton, rim)
            torso_drawn = True
            previous = None
        for a, b, radius in piece.capsules:
            frame.capsule(a, b, radius + rim / frame.scale, OUTLINE)
        for a, b, radius in piece.capsules:
            frame.capsule(a, b, radius, piece.colour)
        # Only right after its other half: mending later would paint over what lies between.
        if previous is not None and previous.limb == piece.limb:
            _mend_joint(frame, previous, piece, rim)
        if torso_drawn and piece.root is not None and piece.limb.endswith("_leg"):
            # A thigh in front of the trunk grows out of the hip instead of lying on the belly.
            frame.disc(frame.px(piece.root), RADII["pelvis"] * frame.scale, TRUNK)
        previous = piece
    if not torso_drawn:
        _draw_torso_and_head(frame, skeleton, rim)


def _mend_joint(frame: _Frame, before: _Piece, after: _Piece, rim: float) -> None:
    """Repaint the stub of the half drawn just before where it meets this half at the knee or
    elbow, so this half's rim does not cut the limb in two there."""
    a, b, radius = next(c for c in before.capsules if after.joint in (c[0], c[1]))
    far = b if a == after.joint else a
    length = math.dist(a, b)
    if length == 0:
        return
    reach = min(1.0, (after.capsules[0][2] + 2 * rim / frame.scale) / length)
    (jx, jy, jz), (fx, fy, fz) = after.joint, far
    stub = (jx + (fx - jx) * reach, jy + (fy - jy) * reach, jz + (fz - jz) * reach)
    frame.capsule(after.joint, stub, radius, before.colour)


def _draw_torso_and_head(frame: _Frame, skeleton: Skeleton, rim: float) -> None:
    _torso(frame, skeleton, OUTLINE, rim)
    _torso(frame, skeleton, TRUNK, 0)
    neck = skeleton.segment("neck")
    frame.capsule(neck.start, neck.end, neck.radius + rim / frame.scale, OUTLINE)
    frame.capsule(neck.start, neck.end, neck.radius, TRUNK)
    head = frame.px(skeleton.joints["head"])
    radius = RADII["head"] * frame.scale
    nose = frame.camera.screen(skeleton.face)
    tip = (head[0] + nose[0] * radius * 1.05, head[1] + nose[1] * radius * 1.05)
    frame.disc(tip, radius * 0.3 + rim, OUTLINE)
    frame.disc(head, radius + rim, OUTLINE)
    frame.disc(tip, radius * 0.3, TRUNK)
    frame.disc(head, radius, TRUNK)


# Where it is felt, and what moves ---------------------------------------------------------------


@dataclass(frozen=True)
class GlowStyle:
    reach: float  # beyond the limb's surface, in body heights
    blur: float  # in body heights
    strength: float  # 0..1


GLOW_SHRINK = 4
HALO = GlowStyle(reach=0.045, blur=0.03, strength=0.85)
TINT = GlowStyle(reach=0.0, blur=0.012, strength=0.3)


def _glow(
    layer: Image.Image, frame: _Frame, skeleton: Skeleton, felt: Sequence[str], style: GlowStyle
) -> Image.Image:
    """A warm soft light on the body parts where the stretch is felt."""
    if not felt:
        return layer
    # Drawn and blurred at a quarter of the size: the glow is soft anyway, and it is 16 times
    # less work than blurring the full picture.
    small = (layer.size[0] // GLOW_SHRINK, layer.size[1] // GLOW_SHRINK)
    mask = Image.new("L", small, 0)
    origin = (frame.origin[0] / GLOW_SHRINK, frame.origin[1] / GLOW_SHRINK)
    glow = _Frame(ImageDraw.Draw(mask), frame.camera, frame.scale / GLOW_SHRINK, origin)
    for name in felt:
        if _is_segment(skeleton, name):
            segment = skeleton.segment(name)
            glow.capsule(segment.start, segment.end, segment.radius + style.reach, 255)
        else:
            glow.disc(glow.px(skeleton.joints[name]), (0.05 + style.reach) * glow.scale, 255)
    mask = mask.filter(ImageFilter.GaussianBlur(glow.scale * style.blur))
    mask = mask.point(lambda value: round(value * style.strength))
    mask = mask.resize(layer.size, Image.Resampling.BILINEAR)
    return Image.composite(Image.new("RGB", layer.size, GLOW), layer, mask)


def _is_segment(skeleton: Skeleton, name: str) -> bool:
    return any(segment.name == name for segment in skeleton.segments)


def _draw_sway(draw: ImageDraw.ImageDraw, frame: _Frame, still: Still) -> None:
    """Two little arcs either side of a joint that sways: a soft back-and-forth."""
    width = max(3, round(frame.scale * 0.008))
    for name in still.sway:
        x, y = frame.px(still.skeleton.joints[name])
        for radius in (0.075, 0.105):
            r = radius * frame.scale
            box = (x - r, y - r, x + r, y + r)
            draw.arc(box, 150, 210, fill=MOTION, width=width)
            draw.arc(box, -30, 30, fill=MOTION, width=width)


# Words and arrows -------------------------------------------------------------------------


def _label(image: Image.Image, label: str) -> None:
    if not label:
        return
    draw = ImageDraw.Draw(image)
    draw.text((MARGIN * SCALE, 22 * SCALE), label, font=_font(30), fill=TEXT)


def _text(image: Image.Image, xy: Point, text: str) -> None:
    draw = ImageDraw.Draw(image)
    draw.text((xy[0] * SCALE, xy[1] * SCALE), text, font=_font(30), fill=MUTED, anchor="ma")


def _arrow_between(image: Image.Image, before: Cell, after: Cell, captions: float) -> None:
    """A small arrow in the gap from one frame to the next."""
    draw = ImageDraw.Draw(image)
    if after.left > before.left:
        x0, x1 = before.left + before.width + 10, after.left - 10
        y = before.top + before.height / 2
        start, end = (x0, y), (x1, y)
        back = ((x1 - 14, y - 11), (x1 - 14, y + 11))
    else:
        x = before.left + before.width / 2
        y0, y1 = before.top + before.height + captions + 4, after.top - 4
        start, end = (x, y0), (x, y1)
        back = ((x - 11, y1 - 14), (x + 11, y1 - 14))
    draw.line([(px * SCALE, py * SCALE) for px, py in (start, end)], fill=MUTED, width=3 * SCALE)
    draw.polygon([(px * SCALE, py * SCALE) for px, py in (end, *back)], fill=MUTED)
