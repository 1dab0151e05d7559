"""The shipped spec subset is complete, reproducible, and drives validation correctly."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from standin import StandIn
from standin.objects import bot_message_json, user_json
from standin.rules import build_rules
from standin.spec import SPEC_PATH, load_spec
from standin.spec_subset import METHODS, base_type, build_subset
from standin.validate import SpecViolation, Validator

# The full spec lives in the workspace's shared folder, beside the repository.
FULL_SPEC = Path(__file__).resolve().parents[3] / "shared/telegram-bot-api-spec/api.json"


def test_subset_holds_the_methods_and_a_closed_set_of_types() -> None:
    data = json.loads(SPEC_PATH.read_text(encoding="utf-8"))
    assert data["version"].startswith("Bot API")
    assert list(data["methods"]) == list(METHODS)
    assert "getChat" in data["other_methods"]
    referenced = {
        base_type(t)
        for entry in [*data["methods"].values(), *data["types"].values()]
        for f in entry.get("fields", [])
        for t in f["types"]
    }
    primitives = {"Integer", "Float", "String", "Boolean"}
    assert referenced - primitives <= set(data["types"])


@pytest.mark.skipif(not FULL_SPEC.exists(), reason="the full api.json is not on this machine")
def test_generator_reproduces_the_committed_subset() -> None:
    subset = build_subset(json.loads(FULL_SPEC.read_text(encoding="utf-8")))
    assert subset == json.loads(SPEC_PATH.read_text(encoding="utf-8"))


def validator() -> Validator:
    spec = load_spec()
    return Validator(spec, build_rules(spec))


def test_union_and_abstract_types_are_chosen_by_shape() -> None:
    check = validator().check
    markup = ("InlineKeyboardMarkup", "ReplyKeyboardMarkup", "ReplyKeyboardRemove", "ForceReply")
    check(markup, {"remove_keyboard": True}, "reply_markup")
    check(markup, {"keyboard": [[{"text": "No"}]]}, "reply_markup")
    with pytest.raises(SpecViolation, match='unknown field "colour"'):
        check(markup, {"keyboard": [[{"text": "No"}]], "colour": "red"}, "reply_markup")
    article = {
        "type": "article",
        "id": "1",
        "title": "t",
        "input_message_content": {"message_text": "m"},
    }
    check(("Array of InlineQueryResult",), [article], "results")
    with pytest.raises(SpecViolation, match=r"results\[0\]\.type must be one of"):
        check(("Array of InlineQueryResult",), [{**article, "type": "articel"}], "results")
    with pytest.raises(SpecViolation, match='field "title" of InlineQueryResultArticle'):
        check(
            ("Array of InlineQueryResult",),
            [{k: v for k, v in article.items() if k != "title"}],
            "results",
        )
    check(("MenuButton",), {"type": "commands"}, "menu_button")


async def test_user_side_updates_are_valid_bot_api_objects() -> None:
    standin = StandIn()
    ana = standin.new_user("Ana", username="ana", language_code="de")
    group = standin.new_group("Club")
    state, bot = standin.state, standin.bot
    for content in (
        {"text": "/start", "entities": [{"type": "bot_command", "offset": 0, "length": 6}]},
        {"location": {"latitude": 1.5, "longitude": 2}},
    ):
        standin.queue.push("message", state.add_user_message(ana.chat, ana.person, content))
    standin.queue.push("message", state.add_user_message(group.chat, ana.person, {"text": "hi"}))
    message = state.add_bot_message(
        ana.chat,
        0.0,
        text="menu",
        reply_markup={"inline_keyboard": [[{"text": "Go", "callback_data": "go"}]]},
    )
    standin.queue.push(
        "callback_query",
        {
            "id": "1",
            "from": user_json(ana.person),
            "chat_instance": "2",
            "data": "go",
            "message": bot_message_json(message, ana.chat, bot),
        },
    )
    check = validator().check
    for update in standin.queue.pending:
        check(("Update",), update.json(), "update")
