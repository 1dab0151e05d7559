"""Every sentence the user reads, in one place (English, Telegram HTML).

Dynamic values are escaped here, at the last moment, with `html.escape`.
"""

from __future__ import annotations

from html import escape

from bot.domain.catalogue import Position

BOT_NAME = "Bedtime Stretch"

SHORT_DESCRIPTION = (
    "Gentle bedtime stretches for a sore back, one step at a time, with timed holds."
)
DESCRIPTION = (
    "A calm guide for bedtime stretches when your back feels stiff or sore.\n\n"
    "Pick a stretch or a short routine, follow it one step at a time, and let the bot "
    "time your holds and breaths. Most stretches can be done lying in bed.\n\n"
    "This is a wind-down and mobility habit, not medical treatment. Stop if anything "
    "causes sharp pain."
)

COMMANDS: list[tuple[str, str]] = [
    ("start", "Main menu"),
    ("stretches", "Browse stretches by position"),
    ("stretch", "Show a stretch by name, e.g. /stretch cat cow"),
    ("safety", "When to stop, and when to see a doctor"),
    ("help", "What this bot can do"),
]

SAFETY_SHORT = (
    "<b>Before you start:</b> move slowly, never bounce, and stretch only to a mild pull. "
    "<b>Stop if you feel sharp pain.</b> If your back pain comes with numbness around the "
    "groin or buttocks, new trouble passing urine, or weakness in your legs, get medical "
    "help now. More: /safety"
)

SAFETY_FULL = (
    "<b>Stretching safely</b>\n"
    "• Move slowly and never bounce.\n"
    "• Stretch to a mild, comfortable pull, not pain.\n"
    "• Breathe normally; don't hold your breath.\n"
    "• <b>Stop at once if you feel sharp, shooting or worsening pain.</b>\n"
    "• These stretches are a wind-down habit, not a treatment. If your pain lasts, "
    "talk to a doctor or physiotherapist.\n\n"
    "<b>Get emergency help now (call your local emergency number) if you have back pain and:</b>\n"
    "• numbness or tingling around your genitals, buttocks or inner thighs;\n"
    "• new trouble passing urine, or loss of bladder or bowel control;\n"
    "• weakness or numbness in both legs, or leg weakness that is getting worse;\n"
    "• pain that started after a fall or an accident.\n\n"
    "<b>See a doctor urgently if you have back pain and:</b>\n"
    "• a fever;\n"
    "• weight loss you can't explain;\n"
    "• a history of cancer;\n"
    "• pain that is worse at night or when you rest."
)

POSITION_NAMES: dict[Position, str] = {
    Position.ON_BACK: "On your back",
    Position.ON_SIDE: "On your side",
    Position.ON_STOMACH: "On your stomach",
    Position.ALL_FOURS: "On all fours",
    Position.KNEELING: "Kneeling",
    Position.SITTING: "Sitting",
    Position.STANDING: "Standing",
}


def welcome(first_name: str) -> str:
    return (
        f"Hi {escape(first_name)}! 🌙\n"
        "I guide you through gentle stretches for a stiff or sore back.\n"
        "Pick a stretch and follow it one step at a time, right in bed.\n"
        "Look one up by name with /stretch, or browse them all below."
    )


WELCOME_BACK = "Welcome back 🌙 What would you like to do?"

HELP = (
    "<b>What I can do</b>\n"
    "/stretches: browse stretches by position\n"
    "/stretch <i>name</i>: show one stretch, e.g. <code>/stretch child's pose</code>\n"
    "/safety: when to stop, and when to see a doctor\n"
    "/start: the main menu\n\n"
    "You can also just type a stretch's name, like <i>pigeon</i> or <i>cat cow</i>."
)

BUTTON_BROWSE = "🧘 Browse stretches"
BUTTON_IN_BED = "🛏 Stretches for bed"
BUTTON_SAFETY = "⚠️ Safety"
BUTTON_MENU = "🏠 Menu"
BUTTON_ALL_POSITIONS = "◀️ All positions"

CHOOSE_POSITION = (
    "<b>Browse stretches</b>\nHow would you like to be? Most of these can be done in bed."
)
IN_BED_TITLE = "<b>Stretches you can do in bed</b>\nTap one to see how."
STRETCH_NEEDS_NAME = (
    "Which stretch? Type its name after the command, for example "
    "<code>/stretch cat cow</code>, or browse them with /stretches."
)
STALE_BUTTON = "That button has expired. Here is the menu again."
NON_TEXT = (
    "I can only read text. Type a stretch's name, or try /stretches to browse. /help lists "
    "everything I can do."
)
SOMETHING_WENT_WRONG = "Sorry, something went wrong on my side. Please try again in a moment."


def position_title(position: Position, count: int) -> str:
    noun = "stretch" if count == 1 else "stretches"
    return f"<b>{escape(POSITION_NAMES[position])}</b>\n{count} {noun}. Tap one to see how."


def stretch_not_found(query: str) -> str:
    return (
        f"I don't know a stretch called <i>{escape(query)}</i>. Browse them all with /stretches."
    )


def unknown_command(command: str) -> str:
    return f"I don't know the command {escape(command)}.\n\n{HELP}"


CHATTER = (
    "I'm a stretching guide, so I didn't catch that. Type a stretch's name (like "
    "<i>child's pose</i>), browse with /stretches, or see /help."
)
