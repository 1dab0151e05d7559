"""A strict local stand-in for the Telegram Bot API server (no PTB import here on purpose)."""

from standin.client import Group, UserClient, tiny_gif, tiny_mp4, tiny_png
from standin.model import BotMessage, Button, CallbackAnswer, StoredFile
from standin.records import RecordedRequest, Rejection
from standin.server import StandIn
from standin.state import Upload

__all__ = [
    "BotMessage",
    "Button",
    "CallbackAnswer",
    "Group",
    "RecordedRequest",
    "Rejection",
    "StandIn",
    "StoredFile",
    "Upload",
    "UserClient",
    "tiny_gif",
    "tiny_mp4",
    "tiny_png",
]
