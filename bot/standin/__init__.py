"""A strict local stand-in for the Telegram Bot API server (no PTB import here on purpose)."""

from bot.standin.client import Group, UserClient, tiny_png
from bot.standin.model import BotMessage, Button, CallbackAnswer
from bot.standin.records import RecordedRequest, Rejection
from bot.standin.server import StandIn

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
