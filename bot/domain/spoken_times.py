"""Times of day as people say them in Vietnamese, Thai, Chinese, Spanish and Russian.

"10 giờ tối", "晚上十点半", "4 ทุ่ม", "в 10 вечера", "a las 10 y media de la noche": the text
is folded (case, accents, Thai tone marks), its number words become digits, Thai and Chinese
runs are cut at the words this module knows, and the tokens are read as an hour, minutes and
the part of the day. Thai has its own clocks: "ทุ่ม" counts the evening hours from 19:00
("4 ทุ่ม" is 22:00), "ตี" the small hours ("ตี 1" is 01:00), and "โมง" the daytime ones.
An hour up to 12 with no part of the day ("10 giờ", "10点") is not a time: 10:00 and 22:00
are both bedtimes, so `spoken_hour` gives the hour and the caller asks which.
Pure: no Telegram, no clock.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import time
from enum import Enum

from bot.domain.words import bare, is_spaceless


class Tag(Enum):
    NUMBER = "number"
    HOUR_MARK = "hour mark"  # giờ, 点, час, hora, นาฬิกา, ":"
    MINUTE_MARK = "minute mark"  # phút, 分, минут, minutos, นาที
    HALF = "half"  # rưỡi, 半, media, ครึ่ง, половиной
    QUARTER = "quarter"  # cuarto, 刻, четверти
    BEFORE = "before"  # kém, menos, без, 差: minutes before the hour
    HALF_BEFORE = "half before"  # половина одиннадцатого: half an hour before eleven
    ORDINAL = "ordinal"  # одиннадцатого: the hour that half is before
    PART = "part of day"
    THUM = "thum"  # ทุ่ม: 19:00 + n - 1
    TI = "ti"  # ตี: the small hours
    MONG = "mong"  # โมง: a daytime hour
    BAI = "bai"  # บ่าย: afternoon, before โมง
    NOON = "noon"
    MIDNIGHT = "midnight"
    FILLER = "filler"


@dataclass(frozen=True)
class Token:
    tag: Tag
    value: int = 0
    part: str = ""


def _night(hour: int) -> int | None:
    """Evening and night words ("tối", "晚上", "ночи", "de la noche"): 6-11 are evening
    hours, 12 is midnight, 1-5 the small hours."""
    return 0 if hour == 12 else hour + 12 if hour >= 6 else hour


def _afternoon(hour: int) -> int | None:
    return hour if hour == 12 else hour + 12


def _morning(hour: int) -> int | None:
    return 0 if hour == 12 else hour


def _midday(hour: int) -> int | None:
    """Noon words ("trưa", "中午"): 11 and 12 as they are, 1 and 2 in the afternoon."""
    return hour if hour >= 11 else hour + 12 if hour <= 3 else None


_PART_RULES: dict[str, Callable[[int], int | None]] = {
    "night": _night,
    "afternoon": _afternoon,
    "morning": _morning,
    "midday": _midday,
}
# fmt: off
_PARTS: dict[str, tuple[str, ...]] = {
    "night": (
        "tối", "đêm", "khuya", "ночи", "ночью", "noche", "晚上", "晚", "夜里", "夜裡", "夜晚",
        "夜间", "今晚", "半夜", "深夜", "ค่ำ", "กลางคืน", "ดึก", "คืน",
    ),
    "afternoon": (
        "chiều", "pm", "p.m.", "вечера", "вечером", "дня", "tarde", "下午", "傍晚", "午后",
        "午後", "บ่าย", "เย็น", "ตอนเย็น", "ตอนบ่าย",
    ),
    "morning": (
        "sáng", "am", "a.m.", "утра", "утром", "mañana", "madrugada", "上午", "早上", "早晨",
        "清晨", "凌晨", "早", "เช้า", "ตอนเช้า",
    ),
    "midday": ("trưa", "中午", "mediodía"),
}
_WORDS: dict[Tag, tuple[str, ...]] = {
    Tag.HOUR_MARK: (
        "giờ", "g", "h", "点", "點", "点钟", "點鐘", "时", "時", "час", "часа", "часов", "ч",
        "hora", "horas", "hs", "hrs", "นาฬิกา", ":", ".",
    ),
    Tag.MINUTE_MARK: (
        "phút", "p", "分", "минут", "минуты", "минута", "мин", "min", "minutos", "minuto",
        "นาที",
    ),
    Tag.HALF: ("rưỡi", "半", "media", "ครึ่ง", "половиной"),
    Tag.QUARTER: ("cuarto", "刻", "четверти", "четверть"),
    Tag.BEFORE: ("kém", "menos", "без", "差"),
    Tag.HALF_BEFORE: ("половина", "половине", "пол"),
    Tag.THUM: ("ทุ่ม",),
    Tag.TI: ("ตี",),
    Tag.MONG: ("โมง",),
    Tag.NOON: ("noon", "trưa", "mediodía", "中午12点", "正午", "เที่ยง", "เที่ยงวัน", "полдень"),
    Tag.MIDNIGHT: (
        "midnight", "nửa đêm", "medianoche", "полночь", "午夜", "半夜12点", "เที่ยงคืน",
    ),
    Tag.FILLER: (
        "lúc", "vào", "vào lúc", "khoảng", "tầm", "nay", "tối nay", "a", "las", "la", "el", "de",
        "y", "sobre", "eso", "в", "во", "около", "к", "и", "с", "at", "around", "about", "ตอน",
        "เวลา", "ประมาณ", "ราว", "在", "到", "的", "左右", "大概", "约", "大约", "钟", "鐘",
        "o'clock", "ครับ", "ค่ะ", "คะ", "นะ", "น", "วัน", "ทุก",
    ),
}
_NUMBER_WORDS: dict[str, int] = {
    # Vietnamese
    "một": 1, "hai": 2, "ba": 3, "bốn": 4, "năm": 5, "sáu": 6, "bảy": 7, "tám": 8, "chín": 9,
    "mười": 10, "mười một": 11, "mười hai": 12, "mười lăm": 15, "ba mươi": 30,
    "hai mươi": 20, "hai mốt": 21, "hai mươi mốt": 21, "hai hai": 22, "hai mươi hai": 22,
    "hai ba": 23, "hai mươi ba": 23, "bốn lăm": 45, "bốn mươi lăm": 45,
    # Spanish
    "una": 1, "uno": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6, "siete": 7,
    "ocho": 8, "nueve": 9, "diez": 10, "once": 11, "doce": 12, "quince": 15, "veinte": 20,
    "veinticinco": 25, "treinta": 30, "cuarenta": 40, "cuarenta y cinco": 45, "veintiuna": 21,
    "veintiuno": 21, "veintidós": 22, "veintitrés": 23,
    # Russian
    "один": 1, "два": 2, "три": 3, "четыре": 4, "пять": 5, "шесть": 6, "семь": 7, "восемь": 8,
    "девять": 9, "десять": 10, "одиннадцать": 11, "двенадцать": 12, "пятнадцать": 15,
    "двадцать": 20, "тридцать": 30, "сорок": 40, "сорок пять": 45, "двадцать один": 21,
    "двадцать два": 22, "двадцать три": 23, "пяти": 5, "десяти": 10, "пятнадцати": 15,
    "двадцати": 20, "двадцати пяти": 25,
    # Thai
    "หนึ่ง": 1, "นึง": 1, "สอง": 2, "สาม": 3, "สี่": 4, "ห้า": 5, "หก": 6, "เจ็ด": 7,
    "แปด": 8, "เก้า": 9, "สิบ": 10, "สิบเอ็ด": 11, "สิบสอง": 12, "สิบห้า": 15, "ยี่สิบ": 20,
    "สามสิบ": 30, "สี่สิบห้า": 45,
}
# fmt: on
_ORDINALS = (
    "первого",
    "второго",
    "третьего",
    "четвертого",
    "пятого",
    "шестого",
    "седьмого",
    "восьмого",
    "девятого",
    "десятого",
    "одиннадцатого",
    "двенадцатого",
)  # fmt: skip
_CHINESE_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "兩": 2, "三": 3, "四": 4}
_CHINESE_DIGITS |= {"五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def _folded(words: Iterable[str]) -> list[str]:
    return [" ".join(bare(word).split()) for word in words]


def _vocabulary() -> dict[str, Token]:
    """Every folded word this module knows, with what it means."""
    known: dict[str, Token] = {}
    for tag, words in _WORDS.items():
        known.update(dict.fromkeys(_folded(words), Token(tag)))
    for part, words in _PARTS.items():
        known.update(dict.fromkeys(_folded(words), Token(Tag.PART, part=part)))
    for word, number in zip(_folded(_NUMBER_WORDS), _NUMBER_WORDS.values(), strict=True):
        known[word] = Token(Tag.NUMBER, number)
    for hour, word in enumerate(_folded(_ORDINALS), start=1):
        known[word] = Token(Tag.ORDINAL, hour)
    # "บ่าย" is a part of the day on its own and an hour count before โมง ("บ่ายสองโมง").
    known[bare("บ่าย")] = Token(Tag.BAI)
    return known


VOCABULARY = _vocabulary()
_LONGEST = max(len(word) for word in VOCABULARY)
_MULTIWORD = sorted((word for word in VOCABULARY if " " in word), key=len, reverse=True)


def _chinese_number(text: str) -> str:
    """十 = 10, 十一 = 11, 二十二 = 22, 两 = 2: Chinese numerals as digits."""
    tens, _, ones = text.partition("十")
    if "十" not in text:
        return "".join(str(_CHINESE_DIGITS[char]) for char in text)
    value = (_CHINESE_DIGITS[tens] if tens else 1) * 10 + (_CHINESE_DIGITS[ones] if ones else 0)
    return str(value)


_CHINESE_NUMBER = r"[十零〇一二两兩三四五六七八九]{1,3}"


def _digits(text: str) -> str:
    """Every kind of digit as ASCII (Thai ๑๐, full-width), Chinese numerals as digits."""
    ascii_digits = "".join(
        str(unicodedata.decimal(char)) if char.isdecimal() else char for char in text
    )
    return re.sub(
        r"[十零〇一二两兩三四五六七八九]{1,3}", lambda m: _chinese_number(m[0]), ascii_digits
    )


def _split_run(run: str) -> list[str]:
    """A Thai or Chinese run cut into the longest words this module knows, left to right."""
    pieces: list[str] = []
    start = 0
    while start < len(run):
        for end in range(min(len(run), start + _LONGEST), start, -1):
            if run[start:end] in VOCABULARY or end == start + 1:
                pieces.append(run[start:end])
                start = end
                break
    return pieces


def _kind(char: str) -> str:
    if char.isdigit():
        return "digit"
    if is_spaceless(char):
        return "spaceless"
    if char.isalnum() or unicodedata.combining(char) or char in "'_":
        return "word"
    return "space" if char.isspace() else "mark"


def _pieces(text: str) -> list[str]:
    """Runs of digits, of Thai or Chinese, of other letters; each mark on its own."""
    pieces: list[str] = []
    kind = "space"
    for char in text:
        now = _kind(char)
        if now in ("digit", "spaceless", "word") and now == kind:
            pieces[-1] += char
        elif now != "space":
            pieces.append(char)
        kind = now if now != "mark" else "space"
    return pieces


def tokens_of(text: str) -> list[str]:
    """The folded words of a time phrase: digits apart from letters, Thai and Chinese cut
    into the words this module knows."""
    folded = " " + " ".join(_digits(bare(text)).split()).rstrip(" .") + " "
    for phrase in _MULTIWORD:
        folded = folded.replace(f" {phrase} ", f" {phrase.replace(' ', '_')} ")
    words: list[str] = []
    for piece in _pieces(folded):
        if is_spaceless(piece[0]):
            words += _split_run(piece)
        else:
            words.append(piece.replace("_", " "))
    return words


def classify(words: Sequence[str]) -> list[Token] | None:
    """Each word's meaning; None as soon as one word is none of them."""
    found: list[Token] = []
    for index, word in enumerate(words):
        if word.isdigit():
            found.append(Token(Tag.NUMBER, int(word)))
            continue
        if word in ":." and not (index + 1 < len(words) and len(words[index + 1]) == 2):
            return None  # "22:30" has two digits of minutes; "10:5" is a slip
        token = VOCABULARY.get(word)
        # "пол" glued to its ordinal: "полодиннадцатого".
        if token is None and word.startswith("пол"):
            ordinal = VOCABULARY.get(word[3:].lstrip("-"))
            if ordinal is not None and ordinal.tag is Tag.ORDINAL:
                found += [Token(Tag.HALF_BEFORE), ordinal]
                continue
        if token is None:
            return None
        # "tầm" is "about" before a number and eight ("tám") alone: both fold to "tam".
        if token.tag is Tag.NUMBER and word == "tam" and _next_is_digit(words, index):
            token = Token(Tag.FILLER)
        found.append(token)
    return [token for token in found if token.tag is not Tag.FILLER]


def _next_is_digit(words: Sequence[str], index: int) -> bool:
    return index + 1 < len(words) and words[index + 1].isdigit()


@dataclass(frozen=True)
class _Reading:
    """What the words said: an hour (as said, before the part of the day), minutes, and
    whether the hour is already on the 24-hour clock (Thai clocks, "22 giờ")."""

    hour: int
    minute: int = 0
    full_day: bool = False
    said_minutes: bool = False
    # An hour word or minutes were said: "22" alone is not a time, "22 giờ" is.
    marked: bool = True


def _minutes(rest: Sequence[Token]) -> tuple[int, int, bool] | None:
    """Minutes after the hour, as (minute, hours to add, whether minutes were said):
    "30", "30 phút", "半", "一刻", "kém 15" (a quarter to: one hour back)."""
    tags = [token.tag for token in rest]
    if not rest:
        return 0, 0, False
    if tags == [Tag.HALF]:
        return 30, 0, True
    if tags in ([Tag.NUMBER], [Tag.NUMBER, Tag.MINUTE_MARK]):
        return rest[0].value, 0, True
    if tags == [Tag.QUARTER]:
        return 15, 0, True
    if tags == [Tag.NUMBER, Tag.QUARTER] and 1 <= rest[0].value <= 3:
        return 15 * rest[0].value, 0, True
    if tags[0] is Tag.BEFORE:
        before = _minutes(rest[1:])
        if before is None or not 0 < before[0] < 60 or before[1]:
            return None
        return 60 - before[0], -1, True
    return None


# The ways a Thai clock hour is said, before any minutes: "ทุ่ม", "สี่ทุ่ม", "ตีหนึ่ง",
# "บ่าย", "บ่ายโมง", "บ่ายสอง", "บ่ายสองโมง", "โมงเช้า", "เจ็ดโมง".
_THAI_HOURS: tuple[tuple[Tag, ...], ...] = (
    (Tag.NUMBER, Tag.THUM),
    (Tag.THUM,),
    (Tag.TI, Tag.NUMBER),
    (Tag.BAI, Tag.NUMBER, Tag.MONG),
    (Tag.BAI, Tag.NUMBER),
    (Tag.BAI, Tag.MONG),
    (Tag.BAI,),
    (Tag.NUMBER, Tag.MONG),
    (Tag.MONG,),
)


def _thai(tokens: Sequence[Token], part: str | None) -> _Reading | None:
    """The Thai clocks: "4 ทุ่ม", "ตี 1", "บ่าย 2 โมง", "7 โมงเช้า", "5 โมงเย็น"."""
    tags = tuple(token.tag for token in tokens)
    if tags == (Tag.THUM, Tag.NUMBER) and tokens[1].value == 1:
        return _Reading(19, full_day=True)  # "ทุ่มนึง": one thum is seven o'clock
    for pattern in _THAI_HOURS:
        if tags[: len(pattern)] == pattern:
            break
    else:
        return None
    clock = next(tag for tag in pattern if tag is not Tag.NUMBER)
    numbers = [token.value for token in tokens[: len(pattern)] if token.tag is Tag.NUMBER]
    number = numbers[0] if numbers else None
    minutes = _minutes(tokens[len(pattern) :])
    if minutes is None:
        return None
    if clock is Tag.MONG and part is not None and number is not None:
        # "6 โมงเช้า", "5 โมงเย็น": the part of the day places the hour.
        return _Reading(number + minutes[1], minutes[0], said_minutes=True)
    hour = _thai_hour(clock, number)
    if hour is None:
        return None
    return _Reading((hour + minutes[1]) % 24, minutes[0], full_day=True, said_minutes=True)


def _thai_hour(clock: Tag, number: int | None) -> int | None:
    if clock is Tag.THUM:
        count = 1 if number is None else number
        return (18 + count) % 24 if 1 <= count <= 6 else None
    if clock is Tag.TI:
        return number if number is not None and 1 <= number <= 6 else None
    if clock is Tag.BAI:
        count = 1 if number is None else number
        return 12 + count if 1 <= count <= 6 else None
    if number is None:
        return 7  # "โมงเช้า": seven in the morning
    if not 1 <= number <= 12:
        return None
    # A bare "N โมง" is 7-11 in the morning, 1-6 in the afternoon.
    return number if number >= 7 else number + 12


def _read(tokens: Sequence[Token]) -> _Reading | None:
    """The hour and minutes, before the part of the day is applied."""
    tags = [token.tag for token in tokens]
    if tags and tags[0] in (Tag.NOON, Tag.MIDNIGHT):
        minutes = _minutes(tokens[1:])
        if minutes is None or minutes[1]:
            return None
        return _Reading(12 if tags[0] is Tag.NOON else 0, minutes[0], True, True)
    if tags[:2] == [Tag.HALF_BEFORE, Tag.ORDINAL] and len(tags) == 2:
        return _Reading(tokens[1].value - 1 or 12, 30, said_minutes=True)
    if tags and tags[0] is Tag.BEFORE:
        for split in range(2, len(tokens)):
            if tags[split] is Tag.NUMBER and tags[split + 1 :] in ([], [Tag.HOUR_MARK]):
                minutes = _minutes(tokens[:split])
                if minutes is not None:
                    hour = tokens[split].value
                    return _Reading(hour - 1 if hour > 1 else 12, minutes[0], said_minutes=True)
        return None
    if tags[:1] == [Tag.HOUR_MARK]:
        # Russian "в час ночи": "час" alone is one o'clock.
        tokens, tags = [Token(Tag.NUMBER, 1), *tokens], [Tag.NUMBER, *tags]
    if not tags or tags[0] is not Tag.NUMBER:
        return None
    marked = tags[1:2] == [Tag.HOUR_MARK]
    minutes = _minutes(tokens[2 if marked else 1 :])
    if minutes is None:
        return None
    hour = tokens[0].value + minutes[1]
    if minutes[1] and hour == 0:
        hour = 12
    return _Reading(hour, minutes[0], said_minutes=minutes[2], marked=marked or minutes[2])


def _on_the_clock(reading: _Reading, part: str | None) -> time | None:
    """The 24-hour time, once the part of the day has placed a 12-hour one."""
    hour: int | None = reading.hour
    if reading.full_day or hour is None:
        pass
    elif part is None:
        # "22 giờ" and "10 giờ 30" (as "10:30") are times; "10 giờ" alone could be 10:00 or
        # 22:00, and "22" alone is no time at all.
        if not reading.marked or (1 <= hour <= 12 and not reading.said_minutes):
            return None
    elif 1 <= hour <= 12:
        hour = _PART_RULES[part](hour)
    elif part == "morning" and hour >= 13:
        return None
    if hour is None or not 0 <= hour <= 23 or not 0 <= reading.minute <= 59:
        return None
    return time(hour, reading.minute)


def _tokens_and_part(text: str) -> tuple[list[Token], str | None] | None:
    tokens = classify(tokens_of(text))
    if not tokens:
        return None
    parts = {token.part for token in tokens if token.tag is Tag.PART}
    if len(parts) > 1:
        return None
    rest = [token for token in tokens if token.tag is not Tag.PART]
    return rest, next(iter(parts), None)


def parse_spoken_time(text: str) -> time | None:
    """A time said in words in any of the bot's languages, or None."""
    found = _tokens_and_part(text)
    if found is None:
        return None
    tokens, part = found
    if not tokens and part == "midday":
        return time(12)  # "mediodía", "trưa" alone
    reading = _thai(tokens, part) or _read(tokens)
    return _on_the_clock(reading, part) if reading is not None else None


def spoken_hour(text: str) -> int | None:
    """The hour of "10 giờ", "10点", "a las 10", "в 10 часов": an hour up to 12 said with no
    minutes and no part of the day, so it may be morning or evening; None otherwise."""
    found = _tokens_and_part(text)
    if found is None or found[1] is not None:
        return None
    tags = [token.tag for token in found[0]]
    if tags not in ([Tag.NUMBER], [Tag.NUMBER, Tag.HOUR_MARK]):
        return None
    hour = found[0][0].value
    return hour if 1 <= hour <= 12 else None
