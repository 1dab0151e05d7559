"""Following a guided routine as the person does: tap Start on each card, wait for cues."""

from __future__ import annotations

import re

from standin import BotMessage, UserClient

DONE = "done. 🌙"
NEXT_CARD = re.compile(r" · \d+ of \d+")


def card_state(user: UserClient, card: BotMessage) -> BotMessage:
    """The message as the person sees it now, after the bot's edits."""
    return next(m for m in user.messages if m.message_id == card.message_id)


async def follow(user: UserClient, *until: str, timeout: float = 20.0) -> list[BotMessage]:
    """Collect the bot's new messages until one contains any of `until`."""
    seen: list[BotMessage] = []
    while not seen or not any(marker in seen[-1].words for marker in until):
        seen.append(await user.next_message(timeout=timeout))
    return seen


async def follow_to_the_end(user: UserClient, first_card: BotMessage) -> list[BotMessage]:
    """Start every card as it arrives; the cards in order, the summary last."""
    cards = [first_card]
    while DONE not in cards[-1].words:
        await user.tap(cards[-1], "▶️ Start")
        message = await user.next_message(timeout=60)
        while DONE not in message.words and not NEXT_CARD.search(message.words):
            message = await user.next_message(timeout=60)
        cards.append(message)
    return cards
