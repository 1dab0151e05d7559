"""How a routine followed by ear looks: the voice message's caption and the card that follows
the audio."""

from __future__ import annotations

from bot.app.messages import Heard, ListeningCard
from bot.telegram.views import keyboards, texts
from bot.telegram.views.practice import night_lines
from bot.telegram.views.screens import PictureRef, Screen
from bot.telegram.views.texts import Html, t


def caption(title: str, seconds: float) -> Html:
    """What the voice message is and how long it plays: "🎧 Bedtime, audio guide · 9:40"."""
    return t("listen.caption", title=title, length=length(seconds))


def length(seconds: float) -> Html:
    whole = round(seconds)
    return t("listen.length", minutes=whole // 60, seconds=f"{whole % 60:02d}")


def card(message: ListeningCard) -> Screen:
    controls = keyboards.listening_controls(message.practice_id)
    title = message.title
    # The stretch being heard shows its picture (changed with it at stretch boundaries).
    picture = PictureRef(message.exercise_ids[message.index])
    match message.heard:
        case Heard.PREPARING:
            return Screen(t("listen.card_preparing", title=title), controls, picture)
        case Heard.PLAYING:
            return Screen(_playing(message), controls, picture)
        case Heard.FAILED:
            return Screen(t("listen.card_failed"))
    if message.heard is Heard.FINISHED:
        text = t("listen.card_finished", title=title)
    else:
        position, total = message.index + 1, len(message.names)
        text = t("listen.card_stopped", title=title, position=position, total=total)
    extra = night_lines(message.night) if message.night else []
    return Screen(texts.lines(text, *extra))


def _playing(message: ListeningCard) -> Html:
    names, index = message.names, message.index
    at = length(message.starts_at)
    now = t(
        "listen.card_playing",
        title=message.title,
        position=index + 1,
        total=len(names),
        name=names[index],
        at=at,
    )
    if index + 1 < len(names):
        return texts.lines(now, t("listen.card_next", name=names[index + 1]))
    return now
