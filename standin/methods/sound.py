"""sendVoice and sendAudio: files a phone can really play, of an honest length."""

from __future__ import annotations

from typing import Any

from standin.audio import AudioError, inspect_audio
from standin.errors import ApiError, bad_request, not_implemented
from standin.methods.base import Call, Handler, target_chat
from standin.methods.files import known_file
from standin.methods.send import send_media
from standin.model import StoredFile, UploadedFile
from standin.state import State

MAX_SOUND_BYTES = 50 * 1024 * 1024  # "up to 50 MB" for voice messages and audio files alike
# What a client plays as a voice message, and what goes to the music player.
VOICE_FORMATS = frozenset({"ogg/opus", "mp3", "m4a"})
AUDIO_FORMATS = frozenset({"mp3", "m4a"})
# `duration` is whole seconds: it may differ from the file's length by rounding, no more.
DURATION_SLACK = 1.0


async def send_voice(call: Call) -> dict[str, Any]:
    chat = target_chat(call)
    voice = _sound(call.state, call.params, "voice", VOICE_FORMATS, "sendVoice")
    return send_media(call, chat, voice=voice)


async def send_audio(call: Call) -> dict[str, Any]:
    chat = target_chat(call)
    if "thumbnail" in call.params:
        raise not_implemented('the stand-in does not support the parameter "thumbnail"')
    audio = _sound(call.state, call.params, "audio", AUDIO_FORMATS, "sendAudio")
    return send_media(call, chat, audio=audio)


def _sound(
    state: State, params: dict[str, Any], kind: str, formats: frozenset[str], method: str
) -> StoredFile:
    """An upload checked as Telegram's processing would (and counted in `State.uploads`), or
    a file_id of the same kind."""
    value: UploadedFile | str = params[kind]
    declared: int | None = params.get("duration")
    if declared is not None and declared < 0:
        raise bad_request("duration must be positive")
    if isinstance(value, str):
        stored = known_file(state, value, kind)
        if declared is not None:
            _check_duration(declared, inspect_audio(stored.data).seconds)
        return stored
    if not value.data:
        raise bad_request("file must be non-empty")
    if len(value.data) > MAX_SOUND_BYTES:
        raise ApiError(413, "Request Entity Too Large")
    try:
        info = inspect_audio(value.data)
    except AudioError as exc:
        raise bad_request(f"the {kind} file can't be played: {exc}") from None
    if info.format not in formats:
        allowed = ", ".join(sorted(formats))
        raise bad_request(f"a {kind} file must be {allowed}, not {info.format}")
    if declared is None:
        raise bad_request(
            f"duration is required for an uploaded {kind} (the stand-in refuses to guess; "
            "clients show the sender's duration)"
        )
    _check_duration(declared, info.seconds)
    return state.add_upload(
        method,
        kind,
        value.data,
        file_name=value.filename,
        mime_type=info.mime_type,
        duration=declared,
        performer=params.get("performer"),
        title=params.get("title"),
    )


def _check_duration(declared: int, seconds: float) -> None:
    if abs(declared - seconds) > DURATION_SLACK:
        raise bad_request(
            f"duration {declared} s does not match the file, which plays for {seconds:.1f} s"
        )


HANDLERS: dict[str, Handler] = {"sendVoice": send_voice, "sendAudio": send_audio}
