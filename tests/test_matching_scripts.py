"""The matcher in every script: accents and tone marks folded, Thai and Chinese names found
inside text that has no spaces, conditions and pain recognised in each language.

The names here are given to the real catalogue in the test, so these rows check the
matcher's folding whatever the translations in `content/` say.
"""

from __future__ import annotations

import pytest

from bot.content.loader import load_catalogue
from bot.domain.catalogue import Catalogue, ExerciseText
from bot.domain.matching import StretchMatcher
from bot.domain.phrases import speaks_of_pain
from bot.domain.words import plain

NAMES: dict[str, dict[str, tuple[str, ...]]] = {
    "childs-pose": {
        "vi": ("Tư thế em bé",),
        "th": ("ท่าเด็ก", "ท่าเด็กน้อย"),
        "zh-Hans": ("婴儿式", "儿童式"),
        "es": ("Postura del niño",),
        "ru": ("Поза ребёнка",),
    },
    "cat-cow": {
        "vi": ("Tư thế mèo bò",),
        "th": ("ท่าแมววัว",),
        "zh-Hans": ("猫牛式",),
        "es": ("Gato-vaca",),
        "ru": ("Кошка-корова",),
    },
    "cat-stretch": {
        "th": ("ท่าแมว",),
        "zh-Hans": ("猫式",),
    },
}


@pytest.fixture(scope="module")
def matcher() -> StretchMatcher:
    catalogue = load_catalogue()
    exercises = []
    for exercise in catalogue.exercises.values():
        texts = {
            language: ExerciseText(
                name=names[0], aliases=list(names[1:]), summary="-", steps=["-", "-"]
            )
            for language, names in NAMES.get(exercise.id, {}).items()
        }
        exercises.append(exercise.model_copy(update={"translations": texts}))
    return StretchMatcher(Catalogue(exercises, list(catalogue.routines.values())))


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("ท่าแมววัว", ["ทาแมววัว"]),
        ("tư thế em bé", ["tu", "the", "em", "be"]),
        ("Đi ngủ", ["di", "ngu"]),
        ("我想做猫牛式 please", ["我想做猫牛式", "please"]),
        ("Поза ребёнка", ["поза", "ребенка"]),
        ("Postura del NIÑO", ["postura", "del", "nino"]),
    ],
)
def test_words_keep_every_script_and_fold_marks(text: str, words: list[str]) -> None:
    assert plain(text) == words


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("tư thế em bé", "childs-pose"),
        ("tu the em be", "childs-pose"),
        ("Tu The Em Be", "childs-pose"),
        ("em bé", "childs-pose"),
        ("tư thế mèo bò", "cat-cow"),
        ("meo bo", "cat-cow"),
        ("ท่าแมววัว", "cat-cow"),
        ("แมววัว", "cat-cow"),
        ("ท่าแมว-วัว", "cat-cow"),
        ("ขอท่าแมววัวหน่อยครับ", "cat-cow"),
        ("ท่าเด็ก", "childs-pose"),
        ("ท่าเดก", "childs-pose"),
        ("婴儿式", "childs-pose"),
        ("我想做猫牛式", "cat-cow"),
        ("猫牛式伸展", "cat-cow"),
        ("请教我婴儿式", "childs-pose"),
        ("猫式", "cat-stretch"),
        ("postura del niño", "childs-pose"),
        ("postura del nino", "childs-pose"),
        ("gato vaca", "cat-cow"),
        ("поза ребенка", "childs-pose"),
        ("кошка-корова", "cat-cow"),
        ("кошка корова", "cat-cow"),
        ("cat cow", "cat-cow"),
        ("child's pose", "childs-pose"),
    ],
)
def test_names_are_found_in_every_script(
    matcher: StretchMatcher, query: str, expected: str
) -> None:
    result = matcher.lookup(query)
    assert result.kind in ("exact", "one"), (result.kind, [e.id for e in result.matches])
    assert result.matches[0].id == expected


@pytest.mark.parametrize("query", ["猫", "แมว", "mèo", "gato", "кошка"])
def test_cat_alone_offers_both_cat_stretches(matcher: StretchMatcher, query: str) -> None:
    result = matcher.lookup(query)
    assert result.kind == "several"
    assert {e.id for e in result.matches} == {"cat-stretch", "cat-cow"}


@pytest.mark.parametrize(
    ("query", "pose"),
    [
        ("快乐婴儿式", "Happy baby"),
        ("下犬式", "Downward dog"),
        ("ท่าสุนัขก้มหน้า", "Downward dog"),
        ("perro boca abajo", "Downward dog"),
        ("планка", "Plank"),
        ("chào mặt trời", "Sun salutation"),
    ],
)
def test_poses_we_lack_are_said_so_in_every_language(
    matcher: StretchMatcher, query: str, pose: str
) -> None:
    result = matcher.lookup(query)
    assert (result.kind, result.pose) == ("absent", pose)


@pytest.mark.parametrize(
    ("query", "condition"),
    [
        ("đau thần kinh tọa", "sciatica"),
        ("tôi bị thoát vị đĩa đệm", "disc"),
        ("tengo ciática", "sciatica"),
        ("estoy embarazada", "pregnancy"),
        ("у меня грыжа", "disc"),
        ("坐骨神经痛", "sciatica"),
        ("我怀孕了", "pregnancy"),
        ("หมอนรองกระดูกทับเส้น", "disc"),
        ("เพิ่งผ่าตัดหลัง", "surgery"),
    ],
)
def test_conditions_are_heard_in_every_language(
    matcher: StretchMatcher, query: str, condition: str
) -> None:
    result = matcher.lookup(query)
    assert (result.kind, result.condition) == ("condition", condition)


@pytest.mark.parametrize(
    "query",
    [
        "xin chào",
        "cảm ơn",
        "hola",
        "buenas noches",
        "привет",
        "спасибо",
        "你好",
        "我睡不着",
        "我的猫很可爱",
        "สวัสดีครับ",
        "นอนไม่หลับ",
        "ขอบคุณค่ะ",
    ],
)
def test_chatter_in_every_language_is_never_a_stretch(matcher: StretchMatcher, query: str) -> None:
    assert matcher.lookup(query).kind == "none"


@pytest.mark.parametrize(
    "text", ["đau lưng quá", "me duele la espalda", "болит спина", "我腰疼", "ปวดหลังมาก"]
)
def test_pain_is_heard_in_every_language(text: str) -> None:
    assert speaks_of_pain(text)
