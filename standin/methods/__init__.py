"""The Bot API methods the stand-in implements, by canonical name."""

from __future__ import annotations

from standin.methods import answers, edit, polling, send, settings, sound
from standin.methods.base import Call, Handler

HANDLERS: dict[str, Handler] = {
    **answers.HANDLERS,
    **edit.HANDLERS,
    **polling.HANDLERS,
    **send.HANDLERS,
    **settings.HANDLERS,
    **sound.HANDLERS,
}

__all__ = ["HANDLERS", "Call", "Handler"]
