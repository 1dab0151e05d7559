"""Recognise real PNG and JPEG images, GIF and MP4 animations, and their size, as Telegram's
media processing would."""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
JPEG_SOF = frozenset(
    {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}
)
PNG_CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}


class ImageError(ValueError):
    """Not an image Telegram could process."""


@dataclass(frozen=True)
class ImageInfo:
    """What the stand-in needs to describe a photo."""

    format: str
    width: int
    height: int


def inspect_image(data: bytes) -> ImageInfo:
    """PNG or JPEG with plausible structure; raises ImageError otherwise."""
    if data.startswith(PNG_SIGNATURE):
        return _png(data)
    if data.startswith(b"\xff\xd8\xff"):
        return _jpeg(data)
    raise ImageError("neither PNG nor JPEG")


def _png(data: bytes) -> ImageInfo:
    """Walk the chunks, check CRCs, and inflate IDAT to the size IHDR promises."""
    pos = len(PNG_SIGNATURE)
    header: tuple[int, int, int, int, int] | None = None
    compressed = bytearray()
    while pos + 12 <= len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind = data[pos + 4 : pos + 8]
        body = data[pos + 8 : pos + 8 + length]
        crc_bytes = data[pos + 8 + length : pos + 12 + length]
        if len(body) != length or len(crc_bytes) != 4:
            raise ImageError("truncated PNG chunk")
        if zlib.crc32(kind + body) != struct.unpack(">I", crc_bytes)[0]:
            raise ImageError(f"bad CRC in PNG chunk {kind!r}")
        if header is None and kind != b"IHDR":
            raise ImageError("PNG does not start with IHDR")
        if kind == b"IHDR":
            width, height, depth, color, _, _, interlace = struct.unpack(">IIBBBBB", body)
            header = (width, height, depth, color, interlace)
        elif kind == b"IDAT":
            compressed += body
        elif kind == b"IEND":
            break
        pos += 12 + length
    else:
        raise ImageError("PNG has no IEND chunk")
    if header is None or not compressed:
        raise ImageError("PNG has no IHDR or no IDAT")
    width, height, depth, color, interlace = header
    if width == 0 or height == 0 or color not in PNG_CHANNELS:
        raise ImageError("PNG header is invalid")
    expected = height * (1 + (width * depth * PNG_CHANNELS[color] + 7) // 8)
    inflater = zlib.decompressobj()
    try:
        raw = inflater.decompress(bytes(compressed), expected + 1)
    except zlib.error as exc:
        raise ImageError(f"PNG image data is corrupt: {exc}") from None
    if interlace == 0 and len(raw) != expected:
        raise ImageError("PNG image data does not match its header")
    return ImageInfo("png", width, height)


def _jpeg(data: bytes) -> ImageInfo:
    """Find the frame header (SOFn) for the size; require the end-of-image marker."""
    pos = 2
    while pos + 4 <= len(data):
        if data[pos] != 0xFF:
            raise ImageError("JPEG segment marker expected")
        marker = data[pos + 1]
        if marker == 0xFF:
            pos += 1
            continue
        (length,) = struct.unpack(">H", data[pos + 2 : pos + 4])
        if marker in JPEG_SOF:
            if pos + 9 > len(data):
                break
            height, width = struct.unpack(">HH", data[pos + 5 : pos + 9])
            if not width or not height or not data.rstrip(b"\x00").endswith(b"\xff\xd9"):
                raise ImageError("JPEG frame is empty or the image is truncated")
            return ImageInfo("jpeg", width, height)
        if marker == 0xDA:
            break  # scan data before any frame header
        pos += 2 + length
    raise ImageError("JPEG has no frame header")


@dataclass(frozen=True)
class AnimationInfo:
    """What the stand-in needs to describe an animation."""

    format: str  # "gif" or "mp4"
    width: int
    height: int
    duration: int  # whole seconds; 0 when the file does not say


def inspect_animation(data: bytes) -> AnimationInfo:
    """A GIF or an ISO base media (MP4) file with its size; raises ImageError otherwise."""
    if data[:6] in (b"GIF87a", b"GIF89a"):
        if len(data) < 14 or not data.endswith(b"\x3b"):
            raise ImageError("GIF is truncated")
        width, height = struct.unpack("<HH", data[6:10])
        if not width or not height:
            raise ImageError("GIF has no size")
        return AnimationInfo("gif", width, height, 0)
    if data[4:8] == b"ftyp":
        return _mp4(data)
    raise ImageError("neither GIF nor MP4")


def _boxes(data: bytes, start: int, end: int) -> dict[bytes, tuple[int, int]]:
    """The first box of each type between start and end: type → (body start, body end)."""
    found: dict[bytes, tuple[int, int]] = {}
    pos = start
    while pos + 8 <= end:
        size, kind = struct.unpack(">I4s", data[pos : pos + 8])
        header = 8
        if size == 1 and pos + 16 <= end:
            (size,) = struct.unpack(">Q", data[pos + 8 : pos + 16])
            header = 16
        elif size == 0:
            size = end - pos
        if size < header or pos + size > end:
            raise ImageError(f"MP4 box {kind!r} runs past the end of the file")
        found.setdefault(kind, (pos + header, pos + size))
        pos += size
    return found


def _mp4(data: bytes) -> AnimationInfo:
    """Size from the first track's header, length from the movie header."""
    top = _boxes(data, 0, len(data))
    if b"moov" not in top:
        raise ImageError("MP4 has no movie box")
    movie = _boxes(data, *top[b"moov"])
    if b"mvhd" not in movie or b"trak" not in movie:
        raise ImageError("MP4 has no movie header or no track")
    start, _ = movie[b"mvhd"]
    if data[start] == 1:
        timescale, length = struct.unpack(">IQ", data[start + 20 : start + 32])
    else:
        timescale, length = struct.unpack(">II", data[start + 12 : start + 20])
    track = _boxes(data, *movie[b"trak"])
    if b"tkhd" not in track:
        raise ImageError("MP4 track has no header")
    _, end = track[b"tkhd"]
    width, height = (value >> 16 for value in struct.unpack(">II", data[end - 8 : end]))
    if not width or not height or not timescale:
        raise ImageError("MP4 has no picture size or no time scale")
    return AnimationInfo("mp4", width, height, round(length / timescale))
