"""Files a bot sends: a new upload checked as Telegram checks it, or a file_id given out before.

Shared by the send methods and editMessageMedia, which take the same photos, animations and
documents. Every upload is counted in ``State.uploads``, so tests can prove a file went up once.
"""

from __future__ import annotations

from typing import Any

from standin.errors import ApiError, bad_request, not_implemented
from standin.media import ImageError, inspect_animation, inspect_image
from standin.model import StoredFile, UploadedFile
from standin.state import State

MAX_PHOTO_BYTES = 10 * 1024 * 1024
MAX_FILE_BYTES = 50 * 1024 * 1024  # documents and animations a bot uploads
MAX_THUMBNAIL_BYTES = 200 * 1024
MAX_THUMBNAIL_SIDE = 320
MIME_TYPES = {"gif": "image/gif", "mp4": "video/mp4"}


def photo(state: State, value: UploadedFile | str, method: str) -> StoredFile:
    """An uploaded PNG/JPEG Telegram could process, or a photo file_id sent before."""
    if isinstance(value, str):
        return known_file(state, value, "photo")
    if len(value.data) > MAX_PHOTO_BYTES:
        raise bad_request("PHOTO_INVALID: photos must be at most 10 MB")
    try:
        image = inspect_image(value.data)
    except ImageError:
        raise bad_request("IMAGE_PROCESS_FAILED") from None
    if image.width + image.height > 10000 or max(image.width, image.height) > 20 * min(
        image.width, image.height
    ):
        raise bad_request("PHOTO_INVALID_DIMENSIONS")
    return state.add_upload(
        method,
        "photo",
        value.data,
        file_name=value.filename,
        mime_type=f"image/{image.format}",
        width=image.width,
        height=image.height,
    )


def animation(
    state: State, value: UploadedFile | str, method: str, hints: dict[str, Any]
) -> StoredFile:
    """An uploaded GIF or MP4 of up to 50 MB, or an animation file_id sent before.

    Telegram sends any other file given as an animation as a plain document; the stand-in
    refuses that guess, since a bot that means an animation has made a mistake.
    """
    if isinstance(value, str):
        return known_file(state, value, "animation")
    if len(value.data) > MAX_FILE_BYTES:
        raise ApiError(413, "Request Entity Too Large")
    try:
        info = inspect_animation(value.data)
    except ImageError as error:
        raise bad_request(
            f"the animation must be a GIF or an MP4 ({error}); Telegram would send this file "
            "as a document, the stand-in refuses the guess"
        ) from None
    thumbnail(hints.get("thumbnail"))
    return state.add_upload(
        method,
        "animation",
        value.data,
        file_name=value.filename,
        mime_type=MIME_TYPES[info.format],
        width=info.width,
        height=info.height,
        duration=info.duration or int(hints.get("duration") or 0),
    )


def thumbnail(value: UploadedFile | str | None) -> None:
    """A new JPEG of at most 200 kB and 320 px a side; thumbnails can't be reused by id."""
    if value is None:
        return
    if isinstance(value, str):
        raise bad_request("thumbnails can't be reused and can be only uploaded as a new file")
    try:
        image = inspect_image(value.data)
    except ImageError:
        raise bad_request("IMAGE_PROCESS_FAILED: the thumbnail is no image") from None
    if image.format != "jpeg" or len(value.data) > MAX_THUMBNAIL_BYTES:
        raise bad_request("the thumbnail must be a JPEG of at most 200 kB")
    if max(image.width, image.height) > MAX_THUMBNAIL_SIDE:
        raise bad_request("the thumbnail's width and height must not exceed 320")


def document(state: State, value: UploadedFile | str, method: str) -> StoredFile:
    """Any non-empty upload up to 50 MB, or a document file_id sent before."""
    if isinstance(value, str):
        return known_file(state, value, "document")
    if not value.data:
        raise bad_request("file must be non-empty")
    if len(value.data) > MAX_FILE_BYTES:
        raise ApiError(413, "Request Entity Too Large")
    return state.add_upload(
        method, "document", value.data, file_name=value.filename, mime_type=value.content_type
    )


def known_file(state: State, file_id: str, kind: str) -> StoredFile:
    """A file the stand-in gave out before, of the kind the parameter takes."""
    if file_id.startswith(("http://", "https://")):
        raise not_implemented("the stand-in cannot fetch files by URL; upload the bytes instead")
    stored = state.file(file_id)
    if stored is None:
        raise bad_request("wrong file identifier/HTTP URL specified")
    if stored.kind != kind:
        raise bad_request(f"can't use file of type {stored.kind.title()} as {kind.title()}")
    return stored
