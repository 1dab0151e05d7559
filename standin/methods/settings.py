"""getMe, logOut, close, bot commands, descriptions and the menu button."""

from __future__ import annotations

import json
import re
from typing import Any

from standin.errors import bad_request
from standin.methods.base import Call, Handler
from standin.objects import me_json

LANGUAGE = re.compile(r"^([a-z]{2})?$")
DEFAULT_SCOPE = {"type": "default"}


def _language(call: Call) -> str:
    language = call.params.get("language_code", "")
    if not LANGUAGE.match(language):
        raise bad_request("language_code must be empty or a two-letter ISO 639-1 code")
    return str(language)


def _scope_key(call: Call) -> str:
    """Commands are stored per scope (and language); chat scopes must name a known chat."""
    scope = call.params.get("scope") or DEFAULT_SCOPE
    if "chat_id" in scope:
        call.state.chat(scope["chat_id"])
    return json.dumps(scope, sort_keys=True)


async def get_me(call: Call) -> dict[str, Any]:
    return me_json(call.state.bot)


async def log_out(call: Call) -> bool:
    return True


async def set_my_commands(call: Call) -> bool:
    commands = call.params["commands"]
    if len(commands) > 100:
        raise bad_request("too many commands: at most 100 are allowed")
    key = (_scope_key(call), _language(call))
    call.state.settings.commands[key] = list(commands)
    return True


async def get_my_commands(call: Call) -> list[dict[str, Any]]:
    key = (_scope_key(call), _language(call))
    return list(call.state.settings.commands.get(key, []))


async def delete_my_commands(call: Call) -> bool:
    key = (_scope_key(call), _language(call))
    call.state.settings.commands.pop(key, None)
    return True


def _set_text(call: Call, name: str, limit: int, store: dict[str, str]) -> bool:
    value = call.params.get(name, "")
    if len(value) > limit:
        raise bad_request(f"{name} is too long: at most {limit} characters")
    language = _language(call)
    if value:
        store[language] = value
    else:
        store.pop(language, None)
    return True


async def set_my_description(call: Call) -> bool:
    return _set_text(call, "description", 512, call.state.settings.descriptions)


async def get_my_description(call: Call) -> dict[str, Any]:
    return {"description": call.state.settings.descriptions.get(_language(call), "")}


async def set_my_short_description(call: Call) -> bool:
    return _set_text(call, "short_description", 120, call.state.settings.short_descriptions)


async def get_my_short_description(call: Call) -> dict[str, Any]:
    return {"short_description": call.state.settings.short_descriptions.get(_language(call), "")}


async def set_chat_menu_button(call: Call) -> bool:
    chat_id = call.params.get("chat_id")
    if chat_id is not None and call.state.chat(chat_id).type != "private":
        raise bad_request("menu buttons can be set only for private chats")
    button = call.params.get("menu_button") or {"type": "default"}
    web_app = button.get("web_app")
    if web_app is not None and not str(web_app.get("url", "")).startswith("https://"):
        raise bad_request("WEBAPP_URL_INVALID: Web App URLs must use https")
    call.state.settings.menu_buttons[chat_id] = button
    return True


HANDLERS: dict[str, Handler] = {
    "getMe": get_me,
    "logOut": log_out,
    "close": log_out,
    "setMyCommands": set_my_commands,
    "getMyCommands": get_my_commands,
    "deleteMyCommands": delete_my_commands,
    "setMyDescription": set_my_description,
    "getMyDescription": get_my_description,
    "setMyShortDescription": set_my_short_description,
    "getMyShortDescription": get_my_short_description,
    "setChatMenuButton": set_chat_menu_button,
}
