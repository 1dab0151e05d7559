"""Every sentence the user reads, in one place (English, Telegram HTML).

Dynamic values are escaped here, at the last moment, with `html.escape`.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from bot.domain.catalogue import OpenWords, Position

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
    ("bedtime", "Start the bedtime routine"),
    ("routines", "All guided routines"),
    ("start", "Main menu"),
    ("stretches", "Browse stretches by position"),
    ("stretch", "Show a stretch by name, e.g. /stretch cat cow"),
    ("remind", "Nightly reminder, e.g. /remind 22:30"),
    ("streak", "Your streak and rest nights"),
    ("progress", "A picture of your nights and back pain"),
    ("settings", "Pace, breathing, cue sound, timer"),
    ("timezone", "Your time zone"),
    ("safety", "When to stop, and when to see a doctor"),
    ("help", "What this bot can do"),
    ("export", "Download your data"),
    ("forget", "Delete all your data"),
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
        "Follow a short routine one stretch at a time, with holds and breaths timed for you.\n"
        "Most of it happens lying in bed, so you can drift off right after."
    )


WELCOME_BACK = "Welcome back 🌙 What would you like to do?"

HELP = (
    "<b>What I can do</b>\n"
    "/bedtime: a guided bedtime routine, about ten minutes, in bed\n"
    "/routines: all guided routines\n"
    "/stretches: browse stretches by position\n"
    "/stretch <i>name</i>: show one stretch, e.g. <code>/stretch child's pose</code>\n"
    "/remind <i>time</i>: a nightly reminder, e.g. <code>/remind 22:30</code>\n"
    "/streak and /progress: your nights in a row, rest nights, and back pain over time\n"
    "/settings: pace, breathing tempo, cue sound and timer start\n"
    "/timezone: your time zone, for reminders and nights\n"
    "/safety: when to stop, and when to see a doctor\n"
    "/start: the main menu\n"
    "/export and /forget: download or delete everything I store about you\n\n"
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


def unknown_command(command: str) -> str:
    return f"I don't know the command {escape(command)}.\n\n{HELP}"


CHATTER = (
    "I'm a stretching guide, so I didn't catch that. Type a stretch's name (like "
    "<i>child's pose</i>), browse with /stretches, or see /help."
)


# Guided routines --------------------------------------------------------------------------

BUTTON_START = "▶️ Start"
BUTTON_PAUSE = "⏸ Pause"
BUTTON_RESUME = "▶️ Continue"
BUTTON_SKIP = "⏭ Skip"
BUTTON_STOP = "⏹ Stop"
ONE_MORE = {"rep": "➕ One more", "breath": "➕ One more breath", "round": "➕ One more round"}
BUTTON_GUIDE_ME = "▶️ Guide me"
BUTTON_BEDTIME = "🌙 Bedtime routine"
BUTTON_OTHER_ROUTINES = "📋 Other routines"
BUTTON_SETTINGS = "⚙️ Settings"

ROUTINE_ENDED = "That routine has ended."
ALREADY_DONE = "Already done."
ROUTINES_TITLE = (
    "<b>Routines</b>\nWhat each one is for, and about how long it takes. Tap one to begin."
)
GET_IN_POSITION = "Get into position, then tap <b>Start</b>. The timer waits for you."
RESTARTED = (
    "I was restarted for a moment and paused your routine. Tap <b>Continue</b> when you are ready."
)
GOOD_NIGHT = "Sleep well. 🌙"


def plural(count: int, noun: str, nouns: str | None = None) -> str:
    return f"{count} {noun if count == 1 else nouns or noun + 's'}"


def seconds_text(seconds: int) -> str:
    """60 -> "1 minute", 90 -> "1½ minutes", 45 -> "45 seconds"."""
    if seconds % 60 == 0:
        return plural(seconds // 60, "minute")
    if seconds > 60 and seconds % 30 == 0:
        return f"{seconds // 60}½ minutes"
    return plural(seconds, "second")


def minutes_text(seconds: float) -> str:
    minutes = max(round(seconds / 60), 1)
    return f"{minutes} minute" if minutes == 1 else f"{minutes} minutes"


def routine_intro(title: str, count: int, seconds: float) -> str:
    noun = "stretch" if count == 1 else "stretches"
    return (
        f"<b>{escape(title)}</b> · {count} {noun} · about {minutes_text(seconds)}\n"
        "I'll show one stretch at a time and time it for you.\n\n"
        f"{SAFETY_SHORT}"
    )


def routine_choice(name: str, seconds: float) -> str:
    return f"{name} · {minutes_text(seconds)}"


def routine_line(name: str, description: str, seconds: float) -> str:
    return f"<b>{escape(name)}</b> ({minutes_text(seconds)}): {escape(description)}"


def card_header(position: int, total: int, name: str) -> str:
    counter = f" · {position} of {total}" if total > 1 else ""
    return f"<b>{escape(name)}</b>{counter}"


def clock_text(seconds: float) -> str:
    whole = max(int(seconds + 0.999), 0)
    return f"{whole // 60}:{whole % 60:02d}"


def starting_in(seconds: int) -> str:
    return f"Starting in {seconds} seconds. Tap <b>Start</b> to begin now."


def paused(remaining: float) -> str:
    return f"⏸ Paused · {clock_text(remaining)} left"


ROUTINE_EXPIRED = "This routine has ended: nothing happened for 30 minutes. /bedtime starts again."


def stopped_card(name: str) -> str:
    return f"⏹ {escape(name)} · stopped"


def finished_card(name: str, skipped: bool) -> str:
    return f"⏭ {escape(name)} · skipped" if skipped else f"✓ {escape(name)} · done"


SIDE_NAMES = {"right": "right side", "left": "left side", "both": ""}

# A count the source leaves to the person, in the words steps, cards and timer all use.
OPEN_TIMES: dict[OpenWords, str] = {
    OpenWords.SEVERAL: "several times",
    OpenWords.AS_COMFORTABLE: "as many times as feels comfortable",
}
OPEN_ROUNDS: dict[OpenWords, str] = {
    OpenWords.SEVERAL: "several rounds",
    OpenWords.AS_COMFORTABLE: "as many rounds as feels comfortable",
}
TIMES_A_DAY = {1: "Once a day", 2: "Twice a day", 3: "Three times a day", 4: "Four times a day"}


def cue_switch_sides(side: str) -> str:
    return f"Release. Now the {SIDE_NAMES[side]}."


def cue_rest(seconds: float) -> str:
    return f"Release. Rest for {seconds_text(round(seconds))}."


def cue_next_round(round_number: int, rounds: int) -> str:
    return f"Round {round_number} of {rounds}. Begin."


def cue_next_part(label: str | None) -> str:
    return f"Release. Next: {escape(label)}." if label else "Release. Next part."


CUE_EXERCISE_DONE = "Release. Well done."


def summary(
    title: str, done: int, skipped: int, seconds: float, stopped: bool, extra: Sequence[str] = ()
) -> str:
    """The routine's last message; `extra` (streak, milestone, pain question) goes before the
    good-night line."""
    head = f"<b>{escape(title)}</b> stopped." if stopped else f"<b>{escape(title)}</b> done. 🌙"
    lines = [head, f"Stretches done: {done}"]
    if skipped:
        lines.append(f"Skipped: {skipped}")
    lines.append(
        f"Time stretching: {minutes_text(seconds) if seconds >= 30 else 'under a minute'}"
    )
    if extra:
        lines += ["", *extra]
    lines += ["", GOOD_NIGHT if not stopped else "Come back whenever you like. Sleep well. 🌙"]
    return "\n".join(lines)


# Settings ---------------------------------------------------------------------------------

PACE_NAMES = {"gentle": "Gentle", "standard": "Standard", "quick": "Quick"}
TEMPO_NAMES = {"slow": "Slow", "standard": "Standard", "fast": "Faster"}


def settings_text(
    pace: str, tempo: str, inhale: float, exhale: float, cue_sound: bool, settle: int
) -> str:
    timer = "when you tap Start" if not settle else f"{settle} seconds after a card appears"
    return (
        "<b>Settings</b>\n"
        f"<b>Pace:</b> {PACE_NAMES[pace]}. Gentle uses the longest holds and most "
        "repetitions the instructions give, Quick the fewest.\n"
        f"<b>Breathing:</b> {TEMPO_NAMES[tempo]}, in {inhale:g} s and out {exhale:g} s.\n"
        f"<b>Cue sound:</b> {'on' if cue_sound else 'off'}. Cues tell you when to release "
        "or switch sides.\n"
        f"<b>Timer starts:</b> {timer}.\n\n"
        "Changes apply from the next routine you start."
    )


def settings_button(label: str, chosen: bool) -> str:
    return f"✓ {label}" if chosen else label


SETTLE_LABELS = {0: "Start on tap", 10: "Auto 10 s", 20: "Auto 20 s"}
SOUND_LABELS = {True: "🔔 Sound", False: "🔕 Silent"}
BREATHING_LABELS = {"slow": "🌬 Slow", "standard": "🌬 Standard", "fast": "🌬 Faster"}


# Finding stretches -------------------------------------------------------------------------

BUTTON_MORE_LIKE_THIS = "🔎 More like this"
BUTTON_SHARE = "📤 Share"
BUTTON_ALL_STRETCHES = "🧘 All stretches"
BUTTON_OPEN_IN_BOT = "Open in the bot"


def did_you_mean(query: str) -> str:
    return f"Did you mean one of these for <i>{escape(query)}</i>?"


def topic_title(query: str, count: int) -> str:
    noun = "stretch" if count == 1 else "stretches"
    return f"<b>{count} {noun} for <i>{escape(query)}</i></b>\nTap one to see how."


def no_match(query: str, nearest: list[str]) -> str:
    text = f"I couldn't find a stretch called <i>{escape(query)}</i>."
    if nearest:
        text += " The closest I know are below."
    return text + " You can also browse them all with /stretches."


def absent_pose(pose: str) -> str:
    return (
        f"<b>{escape(pose)}</b> isn't one of my stretches. These are the closest I have; "
        "tap one to see how."
    )


# What someone who names a health matter reads first: never a claim that a stretch treats it.
NOT_A_TREATMENT = "These stretches are a gentle wind-down, not a treatment for {what}."
CONDITION_NOTES: dict[str, str] = {
    "sciatica": NOT_A_TREATMENT.format(what="sciatica")
    + " Stop if pain shoots down your leg or gets worse.",
    "disc": NOT_A_TREATMENT.format(what="a slipped or bulging disc")
    + " Stop if pain shoots down your leg or gets worse.",
    "stenosis": NOT_A_TREATMENT.format(what="spinal stenosis")
    + " Stop if pain or numbness spreads down your legs.",
    "osteoporosis": NOT_A_TREATMENT.format(what="osteoporosis")
    + " Don't pull hard, curl your back tightly or twist deeply; the stretch cards say where "
    "this matters.",
    "pregnancy": "Later in pregnancy, don't lie flat on your back for long, and skip deep "
    "twists; the stretch cards say where this matters. Your midwife or doctor can tell you "
    "what suits you.",
    "surgery": "If you've had spine or hip surgery recently, ask your surgeon before you stretch.",
}
CONDITION_ASK = "A doctor or physiotherapist can tell you what is right for your back."


def condition_text(condition: str, routine_name: str | None, routine_about: str | None) -> str:
    """Safety first; then, where it is safe to offer one, the gentlest routine."""
    lines = [CONDITION_NOTES[condition], CONDITION_ASK, "", SAFETY_SHORT]
    if routine_name is not None:
        lines += [
            "",
            "If they are happy for you to stretch, the gentlest routine here is "
            f"<b>{escape(routine_name)}</b>. {escape(routine_about or '')}",
        ]
    return "\n".join(lines)


def start_routine_button(name: str) -> str:
    return f"🌙 Start {name}"


def similar_title(name: str) -> str:
    return f"<b>More like {escape(name)}</b>\nStretches for the same areas. Tap one to see how."


# Time zone ---------------------------------------------------------------------------------

BUTTON_SHARE_LOCATION = "📍 Share my location"
BUTTON_CHANGE_ZONE = "🌍 Change time zone"


def ask_timezone(reason: str | None = None) -> str:
    why = f"{reason}\n\n" if reason else ""
    return (
        f"{why}<b>Where are you?</b> So reminders and nights follow your own clock:\n"
        "• tap <b>📍 Share my location</b> below (used once, to find your time zone), or\n"
        "• type your city, like <i>Berlin</i> or <i>New York</i>, or a zone like "
        "<i>UTC+7</i>, or\n"
        "• tell me what time it is for you right now, like <i>22:40</i>."
    )


REASON_FOR_REMINDER = "I'll remind you at your local time."
ZONE_NOT_FOUND = (
    "I couldn't work out a time zone from that. Try the nearest big city (<i>Madrid</i>, "
    "<i>Chicago</i>), a zone like <i>UTC+2</i>, or the time it is for you now, like "
    "<i>22:40</i>. Or tap 📍 Share my location."
)
ZONE_OUT_OF_REACH = "That location is out at sea as far as I can tell. Try typing your city."


def zone_set(zone: str, offset: str, local_time: str) -> str:
    return f"Time zone set: <b>{escape(zone)}</b> ({offset}). It's {local_time} for you now."


FIXED_OFFSET_HINT = (
    "That's a fixed offset, so it won't follow daylight saving. If your clocks change in "
    "spring or autumn, type your city or share your location instead."
)


def zone_now(zone: str, offset: str, local_time: str) -> str:
    return (
        f"Your time zone: <b>{escape(zone)}</b> ({offset}). It's {local_time} for you now.\n"
        "Travelling? Share your location or type <code>/timezone city</code> to change it."
    )


NO_ZONE_YET = "I don't know your time zone yet."


# Reminders ---------------------------------------------------------------------------------

REMIND_FORMS = (
    "I couldn't read that time. Try one of these:\n"
    "<code>/remind 22:30</code>, <code>/remind 10:30pm</code>, <code>/remind 22.30</code>, "
    "<code>/remind 2230</code>, <code>/remind 10 pm</code>\n"
    "Add days if you like: <code>/remind 22:30 weekdays</code>, <code>weekends</code>, "
    "<code>mon-fri</code>, <code>every day</code>.\n"
    "<code>/remind off</code> turns it off."
)
NO_REMINDER = (
    "<b>Nightly reminder</b>\nYou have no reminder yet. Pick a time, or type one like "
    "<code>/remind 22:15</code>."
)
REMINDER_OFF = "Reminder turned off. <code>/remind 22:30</code> or /remind turns it back on."
PICK_TIME = "<b>Remind me at…</b>\nOr type any time, like <code>/remind 22:15</code>."
PICK_DAYS = "<b>Remind me on…</b>\nOr type days, like <code>/remind 22:30 mon-fri</code>."
BUTTON_CHANGE_TIME = "🕙 Change time"
BUTTON_CHANGE_DAYS = "📅 Change days"
BUTTON_TURN_OFF = "🔕 Turn off"
BUTTON_TURN_ON = "🔔 Turn on"
BUTTON_BACK = "◀️ Back"
DAY_PRESETS = {127: "Every night", 31: "Weeknights (Mon–Fri)", 96: "Weekends (Sat–Sun)"}


def reminder_status(
    local_time: str, days: str, zone: str, enabled: bool, next_fire: str | None
) -> str:
    if not enabled:
        return (
            f"<b>Nightly reminder</b>\nOff (was {local_time}, {escape(days)}).\n"
            "Tap Turn on, or set a new time."
        )
    upcoming = f"\nNext: {next_fire}." if next_fire else ""
    return (
        f"<b>Nightly reminder</b>\n{local_time}, {escape(days)}, your time "
        f"({escape(zone)}).{upcoming}"
    )


def reminder_set(local_time: str, days: str, next_fire: str) -> str:
    return f"Done. I'll remind you at <b>{local_time}</b>, {escape(days)}. Next: {next_fire}."


def when_text(moment_local: str, is_today: bool, weekday: str) -> str:
    return f"tonight at {moment_local}" if is_today else f"{weekday} at {moment_local}"


def reminder_message(first_name: str, snoozed: bool) -> str:
    if snoozed:
        return (
            f"Here's your reminder again, {escape(first_name)}. 🌙\n"
            "A few slow minutes of stretching in bed, whenever you're ready."
        )
    return (
        f"Good evening, {escape(first_name)}. 🌙\n"
        "Time to wind down: about ten minutes of gentle stretches, mostly lying in bed."
    )


BUTTON_START_BEDTIME = "🌙 Start bedtime routine"
BUTTON_SKIP_TONIGHT = "Skip tonight"
BUTTON_REST_TONIGHT = "🛌 Rest night"


def snooze_button(minutes: int) -> str:
    return f"⏰ {minutes} min"


def snoozed(minutes: int) -> str:
    return f"Okay, I'll remind you again in {minutes} minutes."


SKIPPED_TONIGHT = "Okay, no more reminders tonight. Sleep well. 🌙"
REMINDER_STALE = "That reminder is from an earlier night."
ALREADY_SNOOZED = "Already snoozed once tonight."


def rest_tonight(left: int) -> str:
    return (
        "Rest night taken. Your streak is safe, and I won't remind you again tonight. "
        f"Rest nights left: {left}. Sleep well. 🌙"
    )


NO_REST_NIGHTS = (
    "You have no rest nights saved. You earn one for every 7 nights in a row (up to 2)."
)


# Streaks and progress ------------------------------------------------------------------------

MILESTONE_WORDS = {
    3: "Three nights in a row. A habit is starting. 🌱",
    7: "A whole week of nights in a row! You earned a rest night too. 🌟",
    14: "Two weeks in a row. Your back will thank you. 🌟",
    30: "Thirty nights in a row. That's a real habit now. 🏅",
    60: "Sixty nights in a row. Remarkable. 🏅",
    100: "One hundred nights in a row! 🏆",
}


def streak_line(current: int, strength: float) -> str:
    if current == 0:
        return f"Habit strength: {round(strength * 100)}%"
    return f"🔥 {plural(current, 'night')} in a row · habit strength {round(strength * 100)}%"


def streak_text(
    current: int,
    best: int,
    strength: float,
    tokens: int,
    tonight_done: bool,
    resting_tonight: bool,
    rest_used_on: str | None,
) -> str:
    lines = ["<b>Your streak</b>"]
    if current:
        lines.append(f"🔥 {plural(current, 'night')} in a row (best: {best})")
    elif best:
        lines.append(f"A new streak starts with your next routine (best: {best}).")
    else:
        lines.append("No nights yet. Your first routine starts your streak.")
    lines.append(f"Habit strength: {round(strength * 100)}%")
    lines.append(
        f"Rest nights saved: {tokens} of 2. You earn one for every 7 nights in a row; "
        "a missed night uses one, so your streak survives."
    )
    if rest_used_on:
        lines.append(f"A rest night kept your streak going on {rest_used_on}.")
    if tonight_done:
        lines.append("\nTonight: done. 🌙")
    elif resting_tonight:
        lines.append("\nTonight: a rest night. 🛌")
    else:
        lines.append("\nTonight: not yet. /bedtime when you're ready.")
    return "\n".join(lines)


def progress_caption(current: int, best: int, strength: float) -> str:
    streak = f"🔥 Streak: {plural(current, 'night')}" if current else "No streak yet"
    return f"{streak} · best {best} · habit strength {round(strength * 100)}%"


PAIN_BEFORE = "Optional: how does your back feel right now, from 0 (no pain) to 10 (worst)?"
PAIN_AFTER = "How does your back feel now, from 0 to 10?"
BUTTON_SKIP_PAIN = "Skip"


def pain_noted(score: int, after: bool) -> str:
    return f"Back pain {'after' if after else 'before'}: {score}/10. Noted."


PAIN_SKIPPED = "Skipped. That's fine."


def pain_change(before: int, after: int) -> str:
    difference = before - after
    if difference > 0:
        trend = f"{plural(difference, 'point')} easier tonight"
    elif difference < 0:
        trend = f"{plural(-difference, 'point')} more than before; go gently, and see /safety"
    else:
        trend = "about the same"
    return f"Back pain tonight: {before} → {after} ({trend})."


NO_ZONE_FOR_NIGHTS = "Tip: tell me your time zone with /timezone so nights follow your own clock."
FORGET_CONFIRM = (
    "<b>Delete everything?</b>\nThis removes your settings, reminder, routines, streak and "
    "pain check-ins for good. It can't be undone. /export first if you want a copy."
)
BUTTON_FORGET = "🗑 Yes, delete everything"
BUTTON_KEEP = "Keep my data"
FORGOTTEN = (
    "Done. I've deleted everything I stored about you. If you write again, I'll start fresh. "
    "Take care of your back. 🌙"
)
FORGET_CANCELLED = "Nothing was deleted."
EXPORT_CAPTION = "Everything I store about you, as JSON."
TONIGHT_ALREADY_DONE = "You've already stretched tonight. 🌙"
