"""/remind in Vietnamese, Thai, Chinese, Spanish and Russian, written as people type it."""

from __future__ import annotations

from datetime import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain.reminders import (
    WEEKDAYS,
    ReminderParseError,
    ReminderRequest,
    hour_choices,
    parse_days,
    parse_reminder,
    parse_time,
)

MON, TUE, WED, THU, FRI, SAT, SUN = range(7)
WORKDAYS = frozenset({MON, TUE, WED, THU, FRI})
WEEKEND = frozenset({SAT, SUN})
MWF = frozenset({MON, WED, FRI})

TIMES: dict[str, list[tuple[str, time]]] = {
    "vi": [
        ("10 giờ tối", time(22)),
        ("10h tối", time(22)),
        ("10g tối", time(22)),
        ("22h30", time(22, 30)),
        ("22g30", time(22, 30)),
        ("22 giờ 30", time(22, 30)),
        ("22 giờ 30 phút", time(22, 30)),
        ("10 giờ 30 tối", time(22, 30)),
        ("10 giờ rưỡi tối", time(22, 30)),
        ("10 rưỡi tối", time(22, 30)),
        ("lúc 10 giờ tối", time(22)),
        ("vào lúc 22:00", time(22)),
        ("tầm 10 giờ tối", time(22)),
        ("khoảng 9 giờ tối", time(21)),
        ("11 giờ đêm", time(23)),
        ("12 giờ đêm", time(0)),
        ("1 giờ đêm", time(1)),
        ("11 giờ kém 15 tối", time(22, 45)),
        ("9 giờ 45 tối", time(21, 45)),
        ("mười giờ tối", time(22)),
        ("mười giờ rưỡi tối", time(22, 30)),
        ("tám giờ tối", time(20)),
        ("9 giờ sáng", time(9)),
        ("3 giờ chiều", time(15)),
        ("12 giờ trưa", time(12)),
        ("10 gio toi", time(22)),
        ("10 gio ruoi toi", time(22, 30)),
        ("tối 10 giờ", time(22)),
        ("21 giờ", time(21)),
        ("nửa đêm", time(0)),
    ],
    "th": [
        ("4 ทุ่ม", time(22)),
        ("สี่ทุ่ม", time(22)),
        ("4ทุ่ม", time(22)),
        ("๔ ทุ่ม", time(22)),
        ("4 ทุ่มครึ่ง", time(22, 30)),
        ("สี่ทุ่มครึ่ง", time(22, 30)),
        ("สามทุ่ม", time(21)),
        ("ห้าทุ่ม", time(23)),
        ("ห้าทุ่มครึ่ง", time(23, 30)),
        ("ทุ่มนึง", time(19)),
        ("ทุ่มครึ่ง", time(19, 30)),
        ("สองทุ่ม", time(20)),
        ("หกทุ่ม", time(0)),
        ("เที่ยงคืน", time(0)),
        ("สี่ทุ่ม 15 นาที", time(22, 15)),
        ("สี่ทุ่มสิบห้านาที", time(22, 15)),
        ("ตีหนึ่ง", time(1)),
        ("ตี 1", time(1)),
        ("ตีห้า", time(5)),
        ("22.30 น.", time(22, 30)),
        ("22:30 น.", time(22, 30)),
        ("เวลา 22.00 น.", time(22)),
        ("22 นาฬิกา", time(22)),
        ("22 นาฬิกา 30 นาที", time(22, 30)),
        ("ตอน 4 ทุ่ม", time(22)),
        ("ประมาณสี่ทุ่ม", time(22)),
        ("บ่ายสองโมง", time(14)),
        ("บ่ายโมง", time(13)),
        ("5 โมงเย็น", time(17)),
        ("7 โมงเช้า", time(7)),
        ("เที่ยง", time(12)),
    ],
    "zh-Hans": [
        ("晚上10点半", time(22, 30)),
        ("晚上10点", time(22)),
        ("晚上十点", time(22)),
        ("晚上十点半", time(22, 30)),
        ("晚上10:30", time(22, 30)),
        ("晚上10点30分", time(22, 30)),
        ("晚上10点30", time(22, 30)),
        ("晚上十点十五", time(22, 15)),
        ("晚上十点一刻", time(22, 15)),
        ("晚上十点三刻", time(22, 45)),
        ("晚上十一点", time(23)),
        ("晚上九点", time(21)),
        ("晚上九点四十五分", time(21, 45)),
        ("夜里11点", time(23)),
        ("半夜12点", time(0)),
        ("凌晨1点", time(1)),
        ("22点", time(22)),
        ("22点30分", time(22, 30)),
        ("22:30", time(22, 30)),
        ("二十二点", time(22)),
        ("二十二点半", time(22, 30)),
        ("晚10点", time(22)),
        ("今晚十点", time(22)),
        ("在晚上10点", time(22)),
        ("晚上10点钟", time(22)),
        ("晚上差一刻十一点", time(22, 45)),
        ("早上7点", time(7)),
        ("下午3点", time(15)),
        ("中午12点", time(12)),
        ("午夜", time(0)),
        ("晚上10點半", time(22, 30)),
    ],
    "es": [
        ("a las 10 de la noche", time(22)),
        ("a las diez de la noche", time(22)),
        ("10 de la noche", time(22)),
        ("a las 22:30", time(22, 30)),
        ("22:30", time(22, 30)),
        ("22h30", time(22, 30)),
        ("a las 22 horas", time(22)),
        ("a las 10 y media de la noche", time(22, 30)),
        ("a las diez y media de la noche", time(22, 30)),
        ("a las 10 y cuarto de la noche", time(22, 15)),
        ("a las 11 menos cuarto de la noche", time(22, 45)),
        ("a las once menos cuarto de la noche", time(22, 45)),
        ("a las 10:30 de la noche", time(22, 30)),
        ("a las 11 de la noche", time(23)),
        ("a las 9 de la noche", time(21)),
        ("a las 12 de la noche", time(0)),
        ("a la 1 de la madrugada", time(1)),
        ("a la una de la madrugada", time(1)),
        ("a las 10 pm", time(22)),
        ("10pm", time(22)),
        ("10:30 pm", time(22, 30)),
        ("a las 8 de la tarde", time(20)),
        ("a las 7 de la mañana", time(7)),
        ("a las 7 de la manana", time(7)),
        ("sobre las 10 de la noche", time(22)),
        ("a las 10 y 20 de la noche", time(22, 20)),
        ("medianoche", time(0)),
        ("mediodía", time(12)),
        ("a las 21:45", time(21, 45)),
        ("a las 22.30", time(22, 30)),
    ],
    "ru": [
        ("в 22:30", time(22, 30)),
        ("22:30", time(22, 30)),
        ("в 22.30", time(22, 30)),
        ("в 22 часа", time(22)),
        ("в 22 часа 30 минут", time(22, 30)),
        ("в 22ч30", time(22, 30)),
        ("в 10 вечера", time(22)),
        ("в десять вечера", time(22)),
        ("в 10 часов вечера", time(22)),
        ("в 10:30 вечера", time(22, 30)),
        ("в 9 вечера", time(21)),
        ("в 11 вечера", time(23)),
        ("в 11 ночи", time(23)),
        ("в 12 ночи", time(0)),
        ("в час ночи", time(1)),
        ("в 1 ночи", time(1)),
        ("в половине одиннадцатого вечера", time(22, 30)),
        ("полодиннадцатого вечера", time(22, 30)),
        ("пол одиннадцатого вечера", time(22, 30)),
        ("половина одиннадцатого вечера", time(22, 30)),
        ("без четверти одиннадцать вечера", time(22, 45)),
        ("без пятнадцати одиннадцать вечера", time(22, 45)),
        ("в 10 с половиной вечера", time(22, 30)),
        ("в 7 утра", time(7)),
        ("в 3 дня", time(15)),
        ("полночь", time(0)),
        ("полдень", time(12)),
        ("около 22:00", time(22)),
        ("в 21:45", time(21, 45)),
        ("в двадцать два часа", time(22)),
    ],
}

DAYS: dict[str, list[tuple[str, frozenset[int]]]] = {
    "vi": [
        ("thứ 2 đến thứ 6", WORKDAYS),
        ("từ thứ hai đến thứ sáu", WORKDAYS),
        ("t2-t6", WORKDAYS),
        ("T2 - T6", WORKDAYS),
        ("thứ 2, 4, 6", MWF),
        ("thứ hai, thứ tư và thứ sáu", MWF),
        ("hàng ngày", WEEKDAYS),
        ("mỗi tối", WEEKDAYS),
        ("ngày thường", WORKDAYS),
        ("cuối tuần", WEEKEND),
        ("thứ 7 và chủ nhật", WEEKEND),
        ("chủ nhật", frozenset({SUN})),
        ("thu 2 den thu 6", WORKDAYS),
    ],
    "th": [
        ("จันทร์-ศุกร์", WORKDAYS),
        ("วันจันทร์ถึงวันศุกร์", WORKDAYS),
        ("จันทร์ถึงศุกร์", WORKDAYS),
        ("จ.-ศ.", WORKDAYS),
        ("ทุกวัน", WEEKDAYS),
        ("ทุกคืน", WEEKDAYS),
        ("วันธรรมดา", WORKDAYS),
        ("เสาร์อาทิตย์", WEEKEND),
        ("วันเสาร์และวันอาทิตย์", WEEKEND),
        ("จันทร์ พุธ ศุกร์", MWF),
        ("ทุกวันจันทร์", frozenset({MON})),
    ],
    "zh-Hans": [
        ("周一到周五", WORKDAYS),
        ("周一至周五", WORKDAYS),
        ("星期一到星期五", WORKDAYS),
        ("周一至五", WORKDAYS),
        ("周一三五", MWF),
        ("周一、周三、周五", MWF),
        ("每天", WEEKDAYS),
        ("每晚", WEEKDAYS),
        ("工作日", WORKDAYS),
        ("周末", WEEKEND),
        ("週末", WEEKEND),
        ("星期天", frozenset({SUN})),
        ("礼拜六和礼拜天", WEEKEND),
    ],
    "es": [
        ("lun-vie", WORKDAYS),
        ("de lunes a viernes", WORKDAYS),
        ("lunes a viernes", WORKDAYS),
        ("del lunes al viernes", WORKDAYS),
        ("lunes, miércoles y viernes", MWF),
        ("lunes, miercoles y viernes", MWF),
        ("todos los días", WEEKDAYS),
        ("todas las noches", WEEKDAYS),
        ("entre semana", WORKDAYS),
        ("los fines de semana", WEEKEND),
        ("sábado y domingo", WEEKEND),
        ("los domingos", frozenset({SUN})),
    ],
    "ru": [
        ("пн-пт", WORKDAYS),
        ("пн–пт", WORKDAYS),
        ("с понедельника по пятницу", WORKDAYS),
        ("по будням", WORKDAYS),
        ("будни", WORKDAYS),
        ("каждый день", WEEKDAYS),
        ("ежедневно", WEEKDAYS),
        ("по выходным", WEEKEND),
        ("в выходные", WEEKEND),
        ("пн, ср и пт", MWF),
        ("по понедельникам", frozenset({MON})),
        ("в субботу и воскресенье", WEEKEND),
    ],
}

REMINDERS: list[tuple[str, ReminderRequest]] = [
    ("thứ 2 đến thứ 6 lúc 10 giờ tối", ReminderRequest(time(22), WORKDAYS)),
    ("10 giờ tối hàng ngày", ReminderRequest(time(22), WEEKDAYS)),
    ("22h30 t2-t6", ReminderRequest(time(22, 30), WORKDAYS)),
    ("จันทร์-ศุกร์ 4 ทุ่ม", ReminderRequest(time(22), WORKDAYS)),
    ("4ทุ่มทุกวัน", ReminderRequest(time(22), WEEKDAYS)),
    ("หกทุ่มวันเสาร์อาทิตย์", ReminderRequest(time(0), WEEKEND)),
    ("周一到周五晚上10点半", ReminderRequest(time(22, 30), WORKDAYS)),
    ("每天晚上10点", ReminderRequest(time(22), WEEKDAYS)),
    ("每周一三五晚上九点", ReminderRequest(time(21), MWF)),
    ("a las 10 de la noche de lunes a viernes", ReminderRequest(time(22), WORKDAYS)),
    ("lun-vie 22:30", ReminderRequest(time(22, 30), WORKDAYS)),
    ("los fines de semana a las 11 de la noche", ReminderRequest(time(23), WEEKEND)),
    ("в 22:30 по будням", ReminderRequest(time(22, 30), WORKDAYS)),
    ("с понедельника по пятницу в 10 вечера", ReminderRequest(time(22), WORKDAYS)),
    ("пн, ср и пт в 22:00", ReminderRequest(time(22), MWF)),
    ("tắt", ReminderRequest(None, None, off=True)),
    ("ปิด", ReminderRequest(None, None, off=True)),
    ("取消", ReminderRequest(None, None, off=True)),
    ("desactivar", ReminderRequest(None, None, off=True)),
    ("выключить", ReminderRequest(None, None, off=True)),
]


@pytest.mark.parametrize(
    ("text", "expected"),
    [(text, expected) for rows in TIMES.values() for text, expected in rows],
)
def test_times_in_every_language(text: str, expected: time) -> None:
    assert parse_time(text) == expected


@pytest.mark.parametrize("language", sorted(TIMES))
def test_at_least_thirty_phrasings_per_language(language: str) -> None:
    assert len(TIMES[language]) >= 30


@pytest.mark.parametrize(
    ("text", "expected"),
    [(text, expected) for rows in DAYS.values() for text, expected in rows],
)
def test_days_in_every_language(text: str, expected: frozenset[int]) -> None:
    assert parse_days(text) == expected


@pytest.mark.parametrize(("text", "expected"), REMINDERS)
def test_reminders_in_every_language(text: str, expected: ReminderRequest) -> None:
    assert parse_reminder(text) == expected


@pytest.mark.parametrize("text", ["10 giờ", "10点", "十点", "a las 10", "в 10", "в 10 часов"])
def test_an_hour_alone_asks_evening_or_morning(text: str) -> None:
    assert parse_time(text) is None
    assert hour_choices(text) == (time(22), time(10))


@pytest.mark.parametrize(
    "text",
    [
        "25 giờ",
        "13 giờ sáng",
        "10 giờ 75",
        "7 ทุ่ม",
        "ตี 9",
        "晚上",
        "明天",
        "mañana",
        "завтра",
        "a las",
        "xin chào",
        "10:5 tối",
    ],
)
def test_refused_in_every_language(text: str) -> None:
    assert parse_time(text) is None
    with pytest.raises(ReminderParseError):
        parse_reminder(text)


def _twelve(hour: int) -> int:
    return hour % 12 or 12


@given(st.integers(0, 23), st.integers(0, 59))
def test_every_time_said_each_way_parses_back(hour: int, minute: int) -> None:
    """The common spoken form of each language, for every minute of the day."""
    expected = time(hour, minute)
    evening = hour >= 18 or hour == 0
    vi_part = "tối" if evening else "sáng" if hour < 12 else "chiều"
    zh_part = "晚上" if evening else "上午" if hour < 12 else "下午"
    es_part = "noche" if evening else "mañana" if hour < 12 else "tarde"
    ru_part = "вечера" if 12 <= hour < 24 and hour != 0 else "ночи" if hour < 5 else "утра"
    said = [
        f"{_twelve(hour)} giờ {minute} phút {vi_part}" if hour >= 1 else f"0 giờ {minute}",
        f"{zh_part}{_twelve(hour)}点{minute}分" if hour else f"0点{minute}分",
        f"a las {_twelve(hour)}:{minute:02d} de la {es_part}" if hour else f"a las 0:{minute:02d}",
        f"в {_twelve(hour)}:{minute:02d} {ru_part}" if hour else f"в 0:{minute:02d}",
        f"{hour:02d}.{minute:02d} น.",
        f"в {hour}:{minute:02d}",
    ]
    for text in said:
        assert parse_time(text) == expected, text


@given(st.integers(19, 23), st.sampled_from([0, 30]))
def test_every_thai_evening_hour_parses_back(hour: int, minute: int) -> None:
    said = f"{hour - 18} ทุ่ม" + (" ครึ่ง" if minute else "")
    assert parse_time(said) == time(hour, minute)
