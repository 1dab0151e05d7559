"""What people type after /remind: times, nights, both in either order, or "off"."""

from __future__ import annotations

from datetime import time

import pytest

from bot.domain.reminders import (
    WEEKDAYS,
    ReminderParseError,
    ReminderRequest,
    format_time,
    hour_choices,
    parse_days,
    parse_reminder,
    parse_time,
)
from bot.telegram.views.reminder_views import days_text

MON, TUE, WED, THU, FRI, SAT, SUN = range(7)
WORKDAYS = frozenset({MON, TUE, WED, THU, FRI})
WEEKEND = frozenset({SAT, SUN})


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("22:30", time(22, 30)),
        ("9:05", time(9, 5)),
        ("09:05", time(9, 5)),
        ("0:00", time(0, 0)),
        ("00:00", time(0, 0)),
        ("23:59", time(23, 59)),
        ("22.30", time(22, 30)),
        ("22h30", time(22, 30)),
        ("22 h 30", time(22, 30)),
        ("22h", time(22, 0)),
        ("2230", time(22, 30)),
        ("0930", time(9, 30)),
        ("930", time(9, 30)),
        ("10:30pm", time(22, 30)),
        ("10:30 PM", time(22, 30)),
        ("10:30 p.m.", time(22, 30)),
        ("10.30pm", time(22, 30)),
        ("1030pm", time(22, 30)),
        ("10 pm", time(22, 0)),
        ("10pm", time(22, 0)),
        ("10PM", time(22, 0)),
        ("9am", time(9, 0)),
        ("9 a.m.", time(9, 0)),
        ("12am", time(0, 0)),
        ("12:30am", time(0, 30)),
        ("12pm", time(12, 0)),
        ("12:15 pm", time(12, 15)),
        ("1am", time(1, 0)),
        ("noon", time(12, 0)),
        ("Midnight", time(0, 0)),
        ("  22:30  ", time(22, 30)),
        ("２２：３０", time(22, 30)),  # full-width, as some phone keyboards send
    ],
)
def test_accepted_times(text: str, expected: time) -> None:
    assert parse_time(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "25:99",
        "24:00",
        "23:60",
        "10:5",
        "10",  # 10:00 or 22:00? Both are bedtimes, so ask.
        "22",
        "13pm",
        "0pm",
        "0am",
        "00:30am",
        "22:30pm",
        "12:60pm",
        "10 p",
        "22:30:00",
        "-1:00",
        "ten pm",
        "tomorrow",
        "weekdays",
        "10:30 pm weekdays",
        "12345",
    ],
)
def test_refused_times(text: str) -> None:
    assert parse_time(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("every day", WEEKDAYS),
        ("Every Day", WEEKDAYS),
        ("everyday", WEEKDAYS),
        ("daily", WEEKDAYS),
        ("every night", WEEKDAYS),
        ("nightly", WEEKDAYS),
        ("weekdays", WORKDAYS),
        ("on weekdays", WORKDAYS),
        ("every weekday", WORKDAYS),
        ("weeknights", WORKDAYS),
        ("weekends", WEEKEND),
        ("weekend", WEEKEND),
        ("mon-fri", WORKDAYS),
        ("Mon - Fri", WORKDAYS),
        ("mon–fri", WORKDAYS),
        ("monday-friday", WORKDAYS),
        ("mon to fri", WORKDAYS),
        ("monday through friday", WORKDAYS),
        ("sat-sun", WEEKEND),
        ("fri-mon", frozenset({FRI, SAT, SUN, MON})),
        ("sun-tue", frozenset({SUN, MON, TUE})),
        ("wed-wed", frozenset({WED})),
        ("mon,wed,fri", frozenset({MON, WED, FRI})),
        ("mon, wed, fri", frozenset({MON, WED, FRI})),
        ("mon wed fri", frozenset({MON, WED, FRI})),
        ("mon, wed and fri", frozenset({MON, WED, FRI})),
        ("mon & thu", frozenset({MON, THU})),
        ("tue/thu", frozenset({TUE, THU})),
        ("monday", frozenset({MON})),
        ("MONDAY", frozenset({MON})),
        ("mondays", frozenset({MON})),
        ("every monday", frozenset({MON})),
        ("tues", frozenset({TUE})),
        ("thurs", frozenset({THU})),
        ("sunday", frozenset({SUN})),
        ("weekends and wed", frozenset({SAT, SUN, WED})),
        ("mon-wed, fri", frozenset({MON, TUE, WED, FRI})),
        ("mon mon", frozenset({MON})),
    ],
)
def test_accepted_days(text: str, expected: frozenset[int]) -> None:
    assert parse_days(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "tomorrow",
        "today",
        "22:30",
        "every other day",
        "mon-",
        "-fri",
        "mon-funday",
        "sometimes",
    ],
)
def test_refused_days(text: str) -> None:
    assert parse_days(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("22:30", ReminderRequest(time(22, 30), None)),
        ("10pm", ReminderRequest(time(22, 0), None)),
        ("10pm weekdays", ReminderRequest(time(22, 0), WORKDAYS)),
        ("10 pm weekdays", ReminderRequest(time(22, 0), WORKDAYS)),
        ("weekdays 22:30", ReminderRequest(time(22, 30), WORKDAYS)),
        ("weekdays at 22:30", ReminderRequest(time(22, 30), WORKDAYS)),
        ("22:30 on weekends", ReminderRequest(time(22, 30), WEEKEND)),
        ("every night at 10:30 pm", ReminderRequest(time(22, 30), WEEKDAYS)),
        ("daily 21:45", ReminderRequest(time(21, 45), WEEKDAYS)),
        ("mon, wed, fri at 9:30pm", ReminderRequest(time(21, 30), frozenset({MON, WED, FRI}))),
        ("22:30, mon-thu", ReminderRequest(time(22, 30), frozenset({MON, TUE, WED, THU}))),
        ("fri-mon 23:00", ReminderRequest(time(23, 0), frozenset({FRI, SAT, SUN, MON}))),
        ("weekdays", ReminderRequest(None, WORKDAYS)),
        ("Every Day", ReminderRequest(None, WEEKDAYS)),
        ("off", ReminderRequest(None, None, off=True)),
        ("OFF", ReminderRequest(None, None, off=True)),
        ("stop", ReminderRequest(None, None, off=True)),
        ("disable", ReminderRequest(None, None, off=True)),
        ("cancel", ReminderRequest(None, None, off=True)),
    ],
)
def test_accepted_reminders(text: str, expected: ReminderRequest) -> None:
    assert parse_reminder(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "at",
        "25:99",
        "25:99 weekdays",
        "tomorrow maybe",
        "22:30 tomorrow",
        "22:30 23:00",
        "weekdays weekends 10",
        "off 22:30",
        "10",
        "please remind me",
    ],
)
def test_refused_reminders(text: str) -> None:
    with pytest.raises(ReminderParseError):
        parse_reminder(text)


def test_parse_error_is_a_value_error() -> None:
    assert issubclass(ReminderParseError, ValueError)


@pytest.mark.parametrize(
    ("days", "expected"),
    [
        (WEEKDAYS, "every night"),
        (WORKDAYS, "weeknights"),
        (WEEKEND, "weekends"),
        (frozenset({MON, WED, FRI}), "Mon, Wed, Fri"),
        (frozenset({MON, TUE, WED, THU}), "Mon–Thu"),
        (frozenset({FRI, SAT, SUN, MON}), "Fri–Mon"),
        (frozenset({MON, TUE, WED, FRI}), "Mon–Wed, Fri"),
        (frozenset({SUN, MON}), "Sun, Mon"),
        (frozenset({TUE, WED}), "Tue, Wed"),
        (frozenset({THU}), "Thursdays"),
        (frozenset(), "never"),
    ],
)
def test_days_in_words(days: frozenset[int], expected: str) -> None:
    assert days_text(days) == expected


@pytest.mark.parametrize(
    ("moment", "expected"),
    [(time(22, 30), "22:30"), (time(9, 5), "09:05"), (time(0, 0), "00:00")],
)
def test_format_time(moment: time, expected: str) -> None:
    assert format_time(moment) == expected
    assert parse_time(expected) == moment


@pytest.mark.parametrize(
    ("text", "choices"),
    [
        ("9", ("21:00", "09:00")),
        ("10", ("22:00", "10:00")),
        ("12", ("00:00", "12:00")),
        ("13", None),
        ("0", None),
        ("9:30", None),
        ("nine", None),
    ],
)
def test_a_bare_hour_is_two_times(text: str, choices: tuple[str, str] | None) -> None:
    found = hour_choices(text)
    assert (tuple(format_time(t) for t in found) if found else None) == choices
