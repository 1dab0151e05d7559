"""Every position's picture, drawn once: kept in memory and on disk under a content hash.

The key of a picture changes whenever what it shows changes (the pose data, the label, the
drawing code), so a cached file or a remembered Telegram file_id can never show a stale pose.
`Pictures.get` is for the event loop: a picture not yet in memory is read or drawn in a
worker thread.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import os
import re
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

from bot.domain import body, poses
from bot.domain.catalogue import Catalogue
from bot.domain.pacing import Phase
from bot.domain.poses import Scene, first_position, position_for_phase, scene
from bot.pictures import projection, render
from bot.pictures.render import HEIGHT, WIDTH, render_scene

log = logging.getLogger(__name__)


def _drawing_code_digest() -> str:
    """A hash of the code that turns pose data into pixels: when it changes, every picture's
    key changes, so no cached file or remembered file_id shows an old drawing."""
    digest = hashlib.sha256()
    for module in (body, poses, projection, render):
        digest.update(Path(str(module.__file__)).read_bytes())
    return digest.hexdigest()[:16]


DRAWING_CODE = _drawing_code_digest()
DEFAULT_PICTURES_DIR = Path("data/pictures")
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# A cached picture's file name: `<exercise>.<position>.<16 hex digits>.png`.
KEY_FILE = re.compile(r"^[a-z0-9-]+\.[a-z0-9-]+\.[0-9a-f]{16}\.png$")


@dataclass(frozen=True)
class Picture:
    """A rendered position: PNG bytes and the key that names exactly this drawing."""

    key: str
    data: bytes
    width: int = WIDTH
    height: int = HEIGHT


class Pictures:
    """The pictures of a catalogue's positions; thread-safe."""

    def __init__(self, catalogue: Catalogue, folder: Path | None = DEFAULT_PICTURES_DIR) -> None:
        self.catalogue = catalogue
        self.folder = folder  # None: memory only
        self._memory: dict[str, Picture] = {}
        self._lock = threading.Lock()
        self._stop_warming = threading.Event()
        self._keys = {
            (exercise_id, position): _key(catalogue, exercise_id, position)
            for exercise_id, poses in catalogue.poses.items()
            for position in poses.positions
        }

    def positions(self, exercise_id: str) -> list[str]:
        """The exercise's positions in the order its pose file lists them."""
        return list(self.catalogue.poses[exercise_id].positions)

    def position_for(self, exercise_id: str, phase: Phase | None) -> str:
        """The position a guided card shows during `phase` (None: before Start)."""
        exercise = self.catalogue.exercises[exercise_id]
        return position_for_phase(self.catalogue.poses[exercise_id], exercise, phase)

    def first_position(self, exercise_id: str) -> str:
        """The position a stretch card shows outside a routine."""
        exercise = self.catalogue.exercises[exercise_id]
        return first_position(self.catalogue.poses[exercise_id], exercise)

    def key_for(self, exercise_id: str, position: str) -> str:
        """The picture's key without drawing it: enough to look up a remembered file_id."""
        return self._keys[(exercise_id, position)]

    def scene(self, exercise_id: str, position: str) -> Scene:
        exercise = self.catalogue.exercises[exercise_id]
        return scene(self.catalogue.poses[exercise_id], exercise, position)

    def picture_for(self, exercise_id: str, position: str) -> Picture:
        """The picture, from memory, then disk, else drawn now (and stored). Blocks."""
        key = self.key_for(exercise_id, position)
        cached = self._memory.get(key)
        if cached is not None:
            return cached
        with self._lock:
            cached = self._memory.get(key)
            if cached is None:
                cached = self._read(key) or self._draw(key, exercise_id, position)
                self._memory[key] = cached
            return cached

    async def get(self, exercise_id: str, position: str) -> Picture:
        """`picture_for` for the event loop: reading or drawing happens in a thread."""
        cached = self._memory.get(self.key_for(exercise_id, position))
        if cached is not None:
            return cached
        return await asyncio.to_thread(self.picture_for, exercise_id, position)

    def warm(self) -> int:
        """Have every picture ready (at start-up, in a thread); returns how many are. Ends
        early once `stop_warming` is called, so a bot stopping need not wait for the rest."""
        ready = 0
        for exercise_id, position in self._keys:
            if self._stop_warming.is_set():
                break
            self.picture_for(exercise_id, position)
            ready += 1
        return ready

    def stop_warming(self) -> None:
        self._stop_warming.set()

    def prune(self) -> int:
        """Delete cached pictures no position shows any more (old drawings of changed poses);
        returns how many went."""
        if self.folder is None or not self.folder.is_dir():
            return 0
        current = {f"{key}.png" for key in self._keys.values()}
        stale = [
            path
            for path in self.folder.glob("*.png")
            if KEY_FILE.match(path.name) and path.name not in current
        ]
        for path in stale:
            path.unlink(missing_ok=True)
        return len(stale)

    def _path(self, key: str) -> Path | None:
        return self.folder / f"{key}.png" if self.folder is not None else None

    def _read(self, key: str) -> Picture | None:
        path = self._path(key)
        if path is None or not path.is_file():
            return None
        data = path.read_bytes()
        if not data.startswith(PNG_SIGNATURE):
            log.warning("cached picture %s is not a PNG; drawing it again", path)
            return None
        return Picture(key, data)

    def _draw(self, key: str, exercise_id: str, position: str) -> Picture:
        picture = Picture(key, render_scene(self.scene(exercise_id, position)))
        path = self._path(key)
        if path is not None:
            try:
                _write_atomically(path, picture.data)
            except OSError as error:
                # A read-only or full disk costs a redraw after restart, nothing more.
                log.warning("could not cache picture %s: %s", path, error)
        return picture


def _write_atomically(path: Path, data: bytes) -> None:
    """Write to a temporary file beside `path`, then rename: readers never see half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _key(catalogue: Catalogue, exercise_id: str, position: str) -> str:
    """`<exercise>.<position>.<hash>`: readable in a folder listing, unique per drawing."""
    pose_file = catalogue.poses[exercise_id]
    chosen = pose_file.positions[position]
    source = pose_file.positions[chosen.mirror] if chosen.mirror else chosen
    shown = scene(pose_file, catalogue.exercises[exercise_id], position)
    content = {
        "drawing": DRAWING_CODE,
        "size": [WIDTH, HEIGHT],
        "surface": pose_file.surface.value,
        "wall": pose_file.wall,
        "view": pose_file.view.model_dump(),
        "label": shown.label,
        "side": shown.side.value,
        "mirrored": chosen.mirror is not None,
        "position": source.model_dump(mode="json"),
    }
    digest = hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()
    return f"{exercise_id}.{position}.{digest[:16]}"
