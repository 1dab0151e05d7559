"""Recognise real Ogg Opus, MP3 and M4A files and their length, as Telegram's audio processing
would: a voice message must be one a phone can play, and its length is read from the file."""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass

OGG_HEADER = struct.Struct("<4sBBqIIIB")  # capture, version, flags, granule, serial, seq, crc, n
OGG_BOS, OGG_EOS = 0x02, 0x04
OPUS_RATE = 48_000
# The Ogg checksum is CRC-32 with the polynomial 0x04C11DB7, MSB first, no inversions. zlib's
# CRC-32 is the same polynomial LSB first, so bytes and result are bit-reversed around it.
_REVERSED_BITS = bytes(int(f"{byte:08b}"[::-1], 2) for byte in range(256))

MP3_BITRATES = {
    1: (0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320),
    2: (0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160),
}
MP3_RATES = {1: (44100, 48000, 32000), 2: (22050, 24000, 16000), 25: (11025, 12000, 8000)}
MP3_VERSIONS = {0b11: 1, 0b10: 2, 0b00: 25}
M4A_BRANDS = frozenset({b"M4A ", b"M4B ", b"mp42", b"mp41", b"isom", b"iso2"})


class AudioError(ValueError):
    """Not an audio file Telegram could play; the message says what is wrong."""


@dataclass(frozen=True)
class AudioInfo:
    format: str  # "ogg/opus", "mp3" or "m4a"
    mime_type: str
    seconds: float


def inspect_audio(data: bytes) -> AudioInfo:
    """Ogg Opus, MP3 or M4A with a plausible structure; raises AudioError otherwise."""
    if data.startswith(b"OggS"):
        return AudioInfo("ogg/opus", "audio/ogg", ogg_opus_seconds(data))
    if data[4:8] == b"ftyp":
        return AudioInfo("m4a", "audio/mp4", m4a_seconds(data))
    if data.startswith(b"ID3") or (len(data) > 1 and data[0] == 0xFF and data[1] & 0xE0 == 0xE0):
        return AudioInfo("mp3", "audio/mpeg", mp3_seconds(data))
    raise AudioError("neither Ogg Opus, MP3 nor M4A")


def ogg_crc(page: bytes) -> int:
    raw = zlib.crc32(page.translate(_REVERSED_BITS), 0xFFFFFFFF) ^ 0xFFFFFFFF
    return int(f"{raw:032b}"[::-1], 2)


def ogg_packets(data: bytes) -> tuple[list[bytes], list[tuple[int, int]]]:
    """The packets of a single-stream Ogg file, and each page's (flags, granule position).
    Checks what a player relies on: capture pattern, version, checksums, one stream, page
    numbers in order, nothing cut off."""
    packets: list[bytes] = []
    pages: list[tuple[int, int]] = []
    partial = b""
    pos = 0
    serial: int | None = None
    while pos < len(data):
        if len(data) - pos < OGG_HEADER.size:
            raise AudioError("Ogg page header cut off")
        magic, version, flags, granule, stream, sequence, crc, count = OGG_HEADER.unpack_from(
            data, pos
        )
        if magic != b"OggS" or version != 0:
            raise AudioError(f"no Ogg page at byte {pos}")
        lacing = data[pos + OGG_HEADER.size : pos + OGG_HEADER.size + count]
        end = pos + OGG_HEADER.size + count + sum(lacing)
        if len(lacing) != count or end > len(data):
            raise AudioError("Ogg page cut off")
        page = bytearray(data[pos:end])
        page[22:26] = b"\0\0\0\0"
        if ogg_crc(bytes(page)) != crc:
            raise AudioError(f"bad Ogg checksum in page {len(pages)}")
        if serial is None:
            serial = stream
        if stream != serial or sequence != len(pages):
            raise AudioError("more than one Ogg stream, or pages out of order")
        body = pos + OGG_HEADER.size + count
        for size in lacing:
            partial += data[body : body + size]
            body += size
            if size < 255:
                packets.append(partial)
                partial = b""
        pages.append((flags, granule))
        pos = end
    return packets, pages


def ogg_opus_seconds(data: bytes) -> float:
    """The playing time of an Ogg Opus file (RFC 7845): identification and comment headers
    first, audio after, the last page marked as the end; the last granule position less the
    encoder's pre-skip, in 48 kHz samples."""
    packets, pages = ogg_packets(data)
    if len(packets) < 3 or not packets[0].startswith(b"OpusHead") or len(packets[0]) < 19:
        raise AudioError("not Opus: the first packet must be an OpusHead")
    version, channels, pre_skip = struct.unpack_from("<BBH", packets[0], 8)
    last_granule = pages[-1][1]
    if version >> 4 != 0 or channels == 0:
        raise AudioError("unsupported OpusHead version or no channels")
    if not packets[1].startswith(b"OpusTags"):
        raise AudioError("the second Opus packet must be OpusTags")
    if not pages[0][0] & OGG_BOS or not pages[-1][0] & OGG_EOS:
        raise AudioError("Ogg stream without its first or last page marked")
    samples = int(last_granule) - int(pre_skip)
    if samples <= 0:
        raise AudioError("Opus stream with no audio")
    return samples / OPUS_RATE


def mp3_seconds(data: bytes) -> float:
    """Walk the MPEG-1/2/2.5 Layer III frames (after an ID3v2 tag) to the end of the file."""
    pos = 0
    if data.startswith(b"ID3"):
        if len(data) < 10:
            raise AudioError("ID3 tag cut off")
        size = data[6] << 21 | data[7] << 14 | data[8] << 7 | data[9]
        pos = 10 + size
    seconds = 0.0
    frames = 0
    while pos + 4 <= len(data) and data[pos : pos + 3] != b"TAG":
        length, duration = _mp3_frame(data[pos : pos + 4])
        pos += length
        seconds += duration
        frames += 1
    if frames == 0 or pos > len(data):
        raise AudioError("MP3 without whole frames")
    if pos < len(data) and not (data[pos : pos + 3] == b"TAG" and len(data) - pos == 128):
        raise AudioError("MP3 with bytes after its last frame")
    return seconds


def _mp3_frame(header: bytes) -> tuple[int, float]:
    """One Layer III frame header: its length in bytes and its playing time."""
    word = int.from_bytes(header, "big")
    if word >> 21 != 0x7FF or (word >> 17) & 0b11 != 0b01:
        raise AudioError("not an MPEG Layer III frame")
    version = MP3_VERSIONS.get((word >> 19) & 0b11)
    bitrate_index, rate_index = (word >> 12) & 0xF, (word >> 10) & 0b11
    if version is None or bitrate_index in (0, 15) or rate_index == 3:
        raise AudioError("MPEG frame header with a reserved value")
    kbps = MP3_BITRATES[1 if version == 1 else 2][bitrate_index]
    rate = MP3_RATES[version][rate_index]
    per_frame = 1152 if version == 1 else 576
    padding = (word >> 9) & 1
    return per_frame // 8 * kbps * 1000 // rate + padding, per_frame / rate


def m4a_seconds(data: bytes) -> float:
    """An MPEG-4 file with an audio brand, a movie header and media data; the length is the
    movie header's duration over its time scale."""
    boxes = dict(_boxes(data, 0, len(data)))
    if data[8:12] not in M4A_BRANDS:
        raise AudioError(f"MPEG-4 brand {data[8:12]!r} is not audio")
    if b"moov" not in boxes or b"mdat" not in boxes:
        raise AudioError("MPEG-4 file without moov or mdat")
    start, end = boxes[b"moov"]
    header = dict(_boxes(data, start, end)).get(b"mvhd")
    if header is None:
        raise AudioError("MPEG-4 movie without a header")
    body = data[header[0] : header[1]]
    if body[0] == 1:
        scale, duration = struct.unpack_from(">IQ", body, 20)
    else:
        scale, duration = struct.unpack_from(">II", body, 12)
    if not scale:
        raise AudioError("MPEG-4 movie header with no time scale")
    return float(duration / scale)


def _boxes(data: bytes, start: int, end: int) -> list[tuple[bytes, tuple[int, int]]]:
    """(type, (body start, body end)) of each ISO box between `start` and `end`."""
    found: list[tuple[bytes, tuple[int, int]]] = []
    pos = start
    while pos + 8 <= end:
        size, kind = struct.unpack_from(">I4s", data, pos)
        header = 8
        if size == 1:
            if pos + 16 > end:
                raise AudioError("MPEG-4 box cut off")
            (size,) = struct.unpack_from(">Q", data, pos + 8)
            header = 16
        elif size == 0:
            size = end - pos
        if size < header or pos + size > end:
            raise AudioError(f"MPEG-4 box {kind!r} cut off")
        found.append((kind, (pos + header, pos + size)))
        pos += size
    if pos != end:
        raise AudioError("MPEG-4 file with trailing bytes")
    return found
