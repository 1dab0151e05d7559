"""Every sentence a person reads, by key, from the catalogue in `locales/` (Telegram HTML).

`t("area.key", name=value)` fills a template. Values are escaped for HTML as they are
filled in, unless they are `Html` (a piece the catalogue made itself). A plural entry
(`one:` / `other:`, and `few:` / `many:` where a language has them) picks its form for
`count` by the language's CLDR rules. The helpers below put phrases together from keys
only; no English lives outside the catalogue.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from datetime import date
from html import escape
from importlib.resources import files
from typing import Any

import yaml
from babel import Locale

from bot.domain.reminders import DayPart

LANGUAGE = "en"
PLURAL_FORMS = frozenset({"zero", "one", "two", "few", "many", "other"})


class Html(str):
    """HTML the catalogue made: filled into another template as it is, not escaped."""


Entry = str | list[str] | dict[str, str]


@functools.cache
def catalogue(language: str = LANGUAGE) -> Mapping[str, Entry]:
    """The language's entries by dotted key ("practice.ended")."""
    text = files("bot.telegram.views").joinpath("locales", f"{language}.yaml").read_text("utf-8")
    return dict(_flatten(yaml.safe_load(text)))


def _flatten(tree: Mapping[str, Any], prefix: str = "") -> Any:
    for name, value in tree.items():
        key = f"{prefix}{name}"
        if isinstance(value, dict) and not set(value) <= PLURAL_FORMS:
            yield from _flatten(value, f"{key}.")
        else:
            yield key, value


def t(key: str, /, **values: object) -> Html:
    """The sentence at `key` with `values` filled in (and `count` choosing a plural form)."""
    entry = catalogue()[key]
    if isinstance(entry, dict):
        count = values["count"]
        assert isinstance(count, int | float)
        form = _plural_form(count)
        entry = entry.get(form, entry["other"])
    assert isinstance(entry, str), f"{key} is a list: use words()"
    filled = {name: _safe(value) for name, value in values.items()}
    return Html(entry.format(**filled) if filled else entry)


def plain(key: str, /, **values: object) -> str:
    """Like `t`, for places Telegram shows as plain text (button labels, pop-ups, pictures):
    nothing is escaped, so the template must hold no HTML."""
    entry = t(
        key,
        **{
            name: Html(value) if isinstance(value, str) else value
            for name, value in values.items()
        },
    )
    return str(entry)


def words(key: str) -> list[str]:
    """A list entry, such as the names of the days."""
    entry = catalogue()[key]
    assert isinstance(entry, list), f"{key} is not a list"
    return [str(item) for item in entry]


def _plural_form(count: float) -> str:
    return str(Locale.parse(LANGUAGE).plural_form(abs(count)))


def _safe(value: object) -> object:
    return escape(value) if isinstance(value, str) and not isinstance(value, Html) else value


def lines(*parts: str) -> Html:
    return Html("\n".join(parts))


# Amounts -----------------------------------------------------------------------------------


def seconds_text(seconds: int) -> Html:
    """60 -> "1 minute", 90 -> "1½ minutes", 45 -> "45 seconds"."""
    if seconds % 60 == 0:
        return t("units.minutes", count=seconds // 60)
    if seconds > 60 and seconds % 30 == 0:
        return t("units.minutes_and_half", whole=seconds // 60)
    return t("units.seconds", count=seconds)


def minutes_text(seconds: float) -> Html:
    return t("units.minutes", count=max(round(seconds / 60), 1))


def clock_text(seconds: float) -> str:
    whole = max(int(seconds + 0.999), 0)
    return f"{whole // 60}:{whole % 60:02d}"


def weekday_date(day: date) -> Html:
    """ "Tue 25 Nov", in the catalogue's words."""
    weekday, month = words("days.short")[day.weekday()], words("picture.months")[day.month - 1]
    return t("days.weekday_date", weekday=weekday, day=f"{day.day:02d}", month=month)


def percent(strength: float) -> int:
    return round(strength * 100)


def choice(label: str, chosen: bool) -> str:
    """A settings button, ticked when it is the current choice."""
    return plain("button.chosen", label=label) if chosen else label


# Guided practice ---------------------------------------------------------------------------


def routine_intro(
    title: str, count: int, seconds: float, safety_note: bool = True, settle: int | None = None
) -> Html:
    """`settle` (seconds, 0 for a tap) is given when the person has yet to choose the flow."""
    intro = t(
        "practice.intro",
        title=title,
        stretches=t("units.stretches", count=count),
        minutes=minutes_text(seconds),
    )
    parts: list[str] = [intro]
    if settle:
        parts += ["", t("practice.flow_question", seconds=settle)]
    if safety_note:
        parts += ["", t("safety.short")]
    return lines(*parts)


def card_header(position: int, total: int, name: str) -> Html:
    if total > 1:
        return t("card.header_counted", name=name, position=position, total=total)
    return t("card.header", name=name)


def summary(
    title: str, done: int, skipped: int, seconds: float, stopped: bool, extra: Sequence[str] = ()
) -> Html:
    """The routine's last message; `extra` (streak, milestone, pain question) goes before the
    good-night line."""
    head = t("practice.summary_stopped" if stopped else "practice.summary_done", title=title)
    facts = [t("practice.summary_stretches_done", count=done)]
    if skipped:
        facts.append(t("practice.summary_skipped", count=skipped))
    facts.append(minutes_text(seconds) if seconds >= 30 else t("practice.under_a_minute"))
    parts: list[str] = [head, " · ".join(facts)]
    if extra:
        parts += ["", *extra]
    parts += ["", t("practice.come_back" if stopped else "practice.good_night")]
    return lines(*parts)


def side_name(side: str) -> Html:
    """ "right side" or "left side"; both sides have no name."""
    return t(f"practice.{side}_side_lower") if side in ("right", "left") else Html("")


# Settings ----------------------------------------------------------------------------------


def settings_text(
    pace: str,
    tempo: str,
    inhale: float,
    exhale: float,
    cue_sound: bool,
    settle: int,
    audio: Html,
) -> Html:
    flow = t("settings.flow_hands_free", seconds=settle) if settle else t("settings.flow_tap")
    return t(
        "settings.text",
        pace=t(f"settings.pace_{pace}"),
        tempo=t(f"settings.tempo_{tempo}"),
        inhale=f"{inhale:g}",
        exhale=f"{exhale:g}",
        sound=t("settings.sound_on" if cue_sound else "settings.sound_off"),
        flow=flow,
        audio=audio,
    )


def audio_text(voice: bool, tone: bool, volume: int) -> Html:
    """What the audio guide will hold: "Spoken cues, chimes and a breathing tone at 50%…"."""
    if voice and tone:
        return t("settings.audio_voice_tone", volume=volume)
    if voice:
        return t("settings.audio_voice_only")
    return t("settings.audio_tone_only" if tone else "settings.audio_chimes_only")


# Finding stretches -------------------------------------------------------------------------


def no_match(query: str, nearest: list[str]) -> Html:
    text = t("browse.no_match", query=query)
    closest = t("browse.no_match_closest") if nearest else ""
    return Html(text + closest + t("browse.no_match_browse"))


def condition_text(condition: str, routine_name: str | None, routine_about: str | None) -> Html:
    """Safety first; then, where it is safe to offer one, the gentlest routine."""
    what = f"condition.{condition}_what"
    note = t(
        f"condition.{condition}",
        not_a_treatment=t("condition.not_a_treatment", what=t(what))
        if what in catalogue()
        else "",
    )
    parts: list[str] = [note, t("condition.ask"), "", t("safety.short")]
    if routine_name is not None:
        parts += ["", t("condition.gentlest", name=routine_name, about=routine_about or "")]
    return lines(*parts)


# Time zones and reminders ------------------------------------------------------------------


def ask_timezone(reason: str | None = None) -> Html:
    return t("zone.ask", why=Html(f"{reason}\n\n") if reason else "")


def reminder_message(first_name: str, snoozed: bool, part: DayPart) -> Html:
    """The nightly message, greeting by the person's own hour: "Good evening" only then."""
    if snoozed:
        return t("reminder.message_again", name=first_name)
    greeting = {
        DayPart.NIGHT: t("reminder.greeting_night", name=first_name),
        DayPart.MORNING: t("reminder.greeting_morning", name=first_name),
        DayPart.AFTERNOON: t("reminder.greeting_afternoon", name=first_name),
        DayPart.EVENING: t("reminder.greeting_evening", name=first_name),
    }[part]
    if part in (DayPart.MORNING, DayPart.AFTERNOON):
        return t("reminder.message_daytime", greeting=greeting)
    return t("reminder.message", greeting=greeting)


# Streaks and progress ----------------------------------------------------------------------


def streak_line(current: int, strength: float) -> Html:
    if current == 0:
        return t("streak.strength", percent=percent(strength))
    nights = t("units.nights", count=current)
    return t("streak.line", nights=nights, percent=percent(strength))


def streak_text(
    current: int,
    best: int,
    strength: float,
    tokens: int,
    tonight_done: bool,
    resting_tonight: bool,
    rest_used_on: str | None,
) -> Html:
    parts: list[str] = [t("streak.title")]
    if current:
        parts.append(t("streak.current", nights=t("units.nights", count=current), best=best))
    elif best:
        parts.append(t("streak.new_streak", best=best))
    else:
        parts.append(t("streak.no_nights"))
    parts.append(t("streak.strength", percent=percent(strength)))
    parts.append(t("streak.rest_nights", tokens=tokens))
    if rest_used_on:
        parts.append(t("streak.rest_used", day=rest_used_on))
    if tonight_done:
        parts.append(t("streak.tonight_done"))
    elif resting_tonight:
        parts.append(t("streak.tonight_rest"))
    else:
        parts.append(t("streak.tonight_not_yet"))
    return lines(*parts)


def progress_caption(current: int, best: int, strength: float) -> Html:
    if current:
        streak = t("streak.caption_streak", nights=t("units.nights", count=current))
    else:
        streak = t("streak.caption_none")
    return t("streak.caption", streak=streak, best=best, percent=percent(strength))


def pain_noted(score: int, after: bool) -> Html:
    return t("pain.noted_after" if after else "pain.noted_before", score=score)


def pain_change(before: int, after: int) -> Html:
    difference = before - after
    if difference > 0:
        trend = t("pain.easier", points=t("units.points", count=difference))
    elif difference < 0:
        trend = t("pain.worse", points=t("units.points", count=-difference))
    else:
        trend = t("pain.same")
    return t("pain.change", before=before, after=after, trend=trend)
