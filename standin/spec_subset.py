"""Write the Bot API spec subset the stand-in ships, so a fresh clone needs no shared folder.

Usage: ``python -m standin.spec_subset /path/to/api.json [output.json]``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

METHODS: tuple[str, ...] = (
    "getMe",
    "getUpdates",
    "setWebhook",
    "deleteWebhook",
    "getWebhookInfo",
    "logOut",
    "close",
    "setMyCommands",
    "getMyCommands",
    "deleteMyCommands",
    "setMyDescription",
    "getMyDescription",
    "setMyShortDescription",
    "getMyShortDescription",
    "setChatMenuButton",
    "sendMessage",
    "editMessageText",
    "editMessageReplyMarkup",
    "editMessageCaption",
    "editMessageMedia",
    "deleteMessage",
    "deleteMessages",
    "answerCallbackQuery",
    "answerInlineQuery",
    "sendPhoto",
    "sendAnimation",
    "sendDocument",
    "sendVoice",
    "sendAudio",
    "sendChatAction",
)

DEFAULT_OUTPUT = Path(__file__).with_name("bot_api_spec.json")


def base_type(type_name: str) -> str:
    """Strip any number of ``Array of`` prefixes: the element type is what gets referenced."""
    while type_name.startswith("Array of "):
        type_name = type_name.removeprefix("Array of ")
    return type_name


def type_closure(types: dict[str, Any], seeds: set[str]) -> set[str]:
    """Every type reachable from ``seeds`` through fields and subtypes (responses included)."""
    seen: set[str] = set()
    stack = [name for name in seeds if name in types]
    while stack:
        name = stack.pop()
        if name in seen:
            continue
        seen.add(name)
        entry = types[name]
        stack.extend(base_type(t) for t in entry.get("subtypes", []) if base_type(t) in types)
        for field in entry.get("fields", []):
            stack.extend(base_type(t) for t in field["types"] if base_type(t) in types)
    return seen


def build_subset(api: dict[str, Any]) -> dict[str, Any]:
    """Keep the stand-in's methods and every type they reference, in the source's order."""
    missing = [name for name in METHODS if name not in api["methods"]]
    if missing:
        raise SystemExit(f"methods missing from the source spec: {missing}")
    seeds: set[str] = set()
    for name in METHODS:
        method = api["methods"][name]
        seeds.update(base_type(t) for f in method.get("fields", []) for t in f["types"])
        seeds.update(base_type(t) for t in method.get("returns", []))
    seeds.add("Update")  # what getUpdates carries, validated by the stand-in's self-check
    keep = type_closure(api["types"], seeds)
    return {
        "version": api["version"],
        "release_date": api.get("release_date", ""),
        "changelog": api.get("changelog", ""),
        "methods": {name: api["methods"][name] for name in METHODS},
        # Names only: the stand-in answers these with 501 instead of 404 "Not Found".
        "other_methods": sorted(set(api["methods"]) - set(METHODS)),
        "types": {name: entry for name, entry in api["types"].items() if name in keep},
    }


def main(argv: list[str]) -> int:
    """Read the full spec, write the subset; prints a one-line summary."""
    if len(argv) not in (2, 3):
        print(__doc__, file=sys.stderr)
        return 2
    api = json.loads(Path(argv[1]).read_text(encoding="utf-8"))
    subset = build_subset(api)
    output = Path(argv[2]) if len(argv) == 3 else DEFAULT_OUTPUT
    output.write_text(json.dumps(subset, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(
        f"{output}: {subset['version']}, {len(subset['methods'])} methods, "
        f"{len(subset['types'])} types"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
