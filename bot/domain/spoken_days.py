"""Nights of the week as people write them in Vietnamese, Thai, Chinese, Spanish and Russian.

"thứ 2 đến thứ 6", "lun-vie", "周一到周五", "周一三五", "วันจันทร์ถึงวันศุกร์", "по будням":
each day, group and joining word is rewritten as the English word `bot.domain.reminders`
already reads ("mon to fri", "weekdays"), so one grammar serves every language. Joining
words ("a", "по", "đến") become "to" only between two days, so "a las 10" stays a time.
Pure: no Telegram, no clock.
"""

from __future__ import annotations

import re
import unicodedata

from bot.domain.words import bare, has_spaceless

# fmt: off
_DAYS: tuple[tuple[str, ...], ...] = (
    ("thứ hai", "thứ 2", "t2", "lunes", "lun", "понедельник", "понедельника", "понедельникам",
     "пн", "จันทร์", "วันจันทร์", "จ."),
    ("thứ ba", "thứ 3", "t3", "martes", "mar", "вторник", "вторника", "вторникам", "вт",
     "อังคาร", "วันอังคาร", "อ."),
    ("thứ tư", "thứ 4", "t4", "miércoles", "mié", "mier", "среда", "среду", "среды",
     "средам", "ср", "พุธ", "วันพุธ", "พ."),
    ("thứ năm", "thứ 5", "t5", "jueves", "jue", "четверг", "четверга", "четвергам", "чт",
     "พฤหัส", "พฤหัสบดี", "วันพฤหัส", "วันพฤหัสบดี", "พฤ."),
    ("thứ sáu", "thứ 6", "t6", "viernes", "vie", "пятница", "пятницу", "пятницы", "пятницам",
     "пт", "ศุกร์", "วันศุกร์", "ศ."),
    ("thứ bảy", "thứ 7", "t7", "sábado", "sábados", "sáb", "суббота", "субботу", "субботы",
     "субботам", "сб", "เสาร์", "วันเสาร์", "ส."),
    ("chủ nhật", "cn", "domingo", "domingos", "dom", "воскресенье", "воскресенья",
     "воскресеньям", "вс", "อาทิตย์", "วันอาทิตย์", "อา."),
)
_GROUPS: dict[str, tuple[str, ...]] = {
    "everyday": (
        "hàng ngày", "hằng ngày", "mỗi ngày", "mỗi tối", "mỗi đêm", "hàng đêm", "hằng đêm",
        "tối nào cũng", "đêm nào cũng", "cả tuần", "todos los días", "cada día", "a diario",
        "diario", "diariamente", "todas las noches", "cada noche", "toda la semana",
        "каждый день", "ежедневно", "каждый вечер", "каждую ночь", "всю неделю", "每天", "每晚",
        "天天", "每日", "每夜", "por las noches", "ทุกวัน", "ทุกคืน", "ทุกเย็น",
    ),
    "weekdays": (
        "ngày thường", "ngày trong tuần", "ngày làm việc", "entre semana", "días laborables",
        "laborables", "días de semana", "días hábiles", "будни", "будние дни", "по будням",
        "в будни", "рабочие дни", "по рабочим дням", "工作日", "วันธรรมดา", "วันทำงาน",
    ),
    "weekend": (
        "cuối tuần", "fin de semana", "fines de semana", "los fines de semana", "выходные",
        "по выходным", "в выходные", "周末", "週末", "双休日", "เสาร์อาทิตย์", "วันหยุด",
        "สุดสัปดาห์", "วันหยุดสุดสัปดาห์", "วันเสาร์อาทิตย์", "เสาร์-อาทิตย์",
    ),
}
_RANGE = ("đến", "tới", "a", "al", "hasta", "по", "до", "到", "至", "ถึง", "~", "～")
_AND = ("và", "y", "e", "и", "、", "和", "及", "และ", "กับ")
# Words before a day that only say "on" or "every": dropped when a day follows.
_BEFORE_DAY = (
    "vào", "các", "những", "từ", "mỗi", "de", "del", "los", "las", "el", "cada", "todos",
    "в", "во", "по", "с", "со", "каждый", "каждую", "каждое", "ทุก", "每", "每个", "逢",
)
# fmt: on
_CHINESE_DAY = "一二三四五六日天"
_CHINESE_PREFIX = r"(?:周|週|星期|礼拜|禮拜)"
_CANON = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_DAY_WORDS = frozenset(_CANON) | frozenset(_GROUPS)


def _fold(text: str) -> str:
    return " ".join(bare(text).split())


def _table() -> list[tuple[str, str]]:
    """Every folded spelling with its English word, longest first."""
    pairs = [(_fold(word), _CANON[day]) for day, words in enumerate(_DAYS) for word in words]
    pairs += [(_fold(word), group) for group, words in _GROUPS.items() for word in words]
    return sorted(pairs, key=lambda pair: len(pair[0]), reverse=True)


_TABLE = _table()
_RANGE_WORDS = frozenset(_fold(word) for word in _RANGE)
_AND_WORDS = frozenset(_fold(word) for word in _AND)
_BEFORE_WORDS = frozenset(_fold(word) for word in _BEFORE_DAY)


def _chinese_days(text: str) -> str:
    """ "周一到周五" -> "mon to fri"; "周一、三、五" and "周一三五" -> "mon wed fri"."""

    def day(char: str) -> str:
        return _CANON[(_CHINESE_DAY.index(char) % 7) if char not in "日天" else 6]

    text = re.sub(
        rf"{_CHINESE_PREFIX}([{_CHINESE_DAY}])\s*(?:到|至|~|～|-)\s*{_CHINESE_PREFIX}?([{_CHINESE_DAY}])",
        lambda m: f" {day(m[1])} to {day(m[2])} ",
        text,
    )
    return re.sub(
        rf"{_CHINESE_PREFIX}((?:[{_CHINESE_DAY}][、,，和]?)+)",
        lambda m: " " + " ".join(day(c) for c in m[1] if c in _CHINESE_DAY) + " ",
        text,
    )


def _replace(text: str) -> str:
    """Each spelling of a day or group as its English word, longest first."""
    for spelling, canon in _TABLE:
        if has_spaceless(spelling) or not spelling[-1].isalnum():
            text = text.replace(spelling, f" {canon} ")
        else:
            text = re.sub(rf"(?<![\w.]){re.escape(spelling)}(?![\w])", f" {canon} ", text)
    return text


def _listed_day_number(word: str, kept: list[str]) -> bool:
    """ "4" in "thứ 2, 4, 6": a number 2-7 listed after a day names the day "thứ 4"."""
    number = word.rstrip(",")
    if not (number.isdigit() and 2 <= int(number) <= 7 and kept):
        return False
    separated = kept[-1] in (",", "and") or kept[-1].endswith(",")
    last_day = next((w.rstrip(",") for w in reversed(kept) if w not in (",", "and")), "")
    return separated and last_day in _CANON


def canonical_days(text: str) -> str:
    """The text with its days, day groups and the words joining them in English; the rest
    (a time, say) kept as it was typed, folded."""
    folded = _fold(unicodedata.normalize("NFKC", text))
    folded = folded.replace("\u2013", "-").replace("\u2014", "-")
    words = _replace(_chinese_days(folded)).split()
    kept: list[str] = []
    for index, word in enumerate(words):
        after = words[index + 1] if index + 1 < len(words) else ""
        before = kept[-1] if kept else ""
        if _listed_day_number(word, kept):
            kept.append(_CANON[int(word.rstrip(",")) - 2] + ("," if word.endswith(",") else ""))
        elif word in _RANGE_WORDS and before in _CANON and after in _CANON:
            kept.append("to")
        elif word in _AND_WORDS and before in _DAY_WORDS and after in _DAY_WORDS:
            kept.append("and")
        elif word in _BEFORE_WORDS and after in _DAY_WORDS:
            continue
        else:
            kept.append(word)
    return " ".join(kept)
