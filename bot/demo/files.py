"""Photos, sound and files the bot sends in the demo, saved where the person can open them."""

from __future__ import annotations

import mimetypes
from pathlib import Path

from standin import StoredFile

DEFAULT_OUT_DIR = Path("data/demo-out")
EXTENSIONS = {
    "image/png": ".png",
    "image/jpeg": ".jpg",
    "image/gif": ".gif",
    "video/mp4": ".mp4",
    "audio/ogg": ".ogg",
    "audio/mpeg": ".mp3",
    "audio/mp4": ".m4a",
}


class Shelf:
    """Saves each file once under `folder` (never over an older file) and remembers where."""

    def __init__(self, folder: Path = DEFAULT_OUT_DIR) -> None:
        self.folder = folder
        self._saved: dict[str, Path] = {}  # file_unique_id -> path

    def save(self, stored: StoredFile) -> Path:
        known = self._saved.get(stored.file_unique_id)
        if known is not None:
            return known
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self._free_path(*_name_parts(stored))
        path.write_bytes(stored.data)
        self._saved[stored.file_unique_id] = path
        return path

    def _free_path(self, stem: str, suffix: str, numbered: bool) -> Path:
        number = 1
        while True:
            name = f"{stem}-{number}{suffix}" if numbered or number > 1 else f"{stem}{suffix}"
            path = self.folder / name
            if not path.exists():
                return path
            number += 1


def _name_parts(stored: StoredFile) -> tuple[str, str, bool]:
    """Stem, suffix, and whether the name needs a number (only a file's own name does not)."""
    own = Path(stored.file_name).name if stored.file_name else ""
    if own and not own.startswith("."):
        path = Path(own)
        return path.stem, path.suffix, False
    mime = stored.mime_type or ""
    suffix = EXTENSIONS.get(mime) or mimetypes.guess_extension(mime) or ".bin"
    return stored.kind, suffix, True
