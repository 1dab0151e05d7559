"""A strict local stand-in for the Telegram Bot API server (no PTB import here on purpose)."""

from standin.client import Group, UserClient, tiny_png
from standin.model import BotMessage, Button, CallbackAnswer
from standin.records import RecordedRequest, Rejection
from standin.server import StandIn

__all__ = [
    "BotMessage",
    "Button",
    "CallbackAnswer",
    "Group",
    "RecordedRequest",
    "Rejection",
    "StandIn",
    "UserClient",
    "tiny_png",
]
