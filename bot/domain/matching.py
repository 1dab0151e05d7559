"""Find the stretch someone means from what they type, one-thumbed, in bed.

People misspell, pluralise, reorder and pad their words ("show me the pigeon stretch please"),
so a query and every name are folded the same way (case, diacritics, punctuation, plurals,
filler words, word order) and compared exactly first; then each misspelt word is replaced by
the name word it resembles and compared exactly again; then the query is scored with
rapidfuzz against every name. People also describe a stretch instead of naming it ("lift my
bum off the bed"): when no name fits well, or the query says much more than a name, SQLite's
FTS5 ranks the names, summaries and steps (`bot.domain.describe`).

Chatter must never become a random stretch, so a fuzzy name needs a score no chatter in
`tests/data/stretch_queries.csv` reaches, and a description must hold most of its ideas in
one stretch's words. A query made only of body parts or situations ("hips", "in bed") lists
the stretches that fit; a back condition ("sciatica") gets safety words and the gentlest
routine, never a stretch as a treatment; a well-known pose the catalogue lacks ("happy
baby") says so and offers the closest ones.

Pure: no Telegram, no files. Built once per catalogue; a lookup takes microseconds
(bench/lookup.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from rapidfuzz import fuzz, process

from bot.domain.catalogue import GENTLEST_ROUTINE, Catalogue, Exercise, Position, Routine
from bot.domain.describe import DescriptionIndex, Hit
from bot.domain.words import fold, has_spaceless, plain, singular, spaceless_form

__all__ = [
    "MAX_CHOICES",
    "NEAREST",
    "THRESHOLD",
    "LookupResult",
    "Match",
    "StretchMatcher",
    "fold",
    "singular",
]

Kind = Literal["exact", "one", "several", "topic", "absent", "condition", "none"]
# Exercises a topic term selects, each with its rank (0 first).
Selection = dict[str, int]

# Words that name nothing: request phrasing and bedtime small talk. Dropped from queries and
# names alike, so "legs up the wall" and "legs up wall" fold to the same key.
# fmt: off
STOP_WORDS: frozenset[str] = frozenset({
    "a", "an", "the", "me", "show", "please", "pls", "plz", "how", "do", "i", "im", "my", "for",
    "some", "can", "could", "would", "you", "your", "to", "of", "on", "in", "at", "with", "and",
    "or", "what", "is", "it", "this", "that", "let", "we", "u", "want", "wanna", "like", "try",
    "give", "teach", "tell", "about", "again", "now", "tonight", "before", "bed", "sleep", "going",
    "go", "doing", "need", "guide", "walk", "through", "any", "one", "cant", "dont",
})
# The same in Vietnamese, Spanish and Russian, folded (no tone marks or accents): "cho tôi
# xem", "muéstrame", "покажи пожалуйста".
OTHER_STOP_WORDS: frozenset[str] = frozenset({
    "cho", "toi", "xem", "minh", "lam", "nao", "muon", "di", "nhe", "oi", "voi", "giup",
    "huong", "dan", "cach", "hay", "nay", "ngu", "truoc", "khi",
    "el", "la", "los", "las", "de", "del", "un", "una", "por", "favor", "quiero", "hacer",
    "muestrame", "ensename", "como", "se", "hace", "que", "mi", "para", "con", "y", "en", "al",
    "dormir", "antes", "noche", "esta", "cam", "vang", "da", "duoc", "roi", "khong", "gi",
    "sao", "gracias", "hola", "vale", "bueno", "si", "спасибо", "привет", "да", "нет",
    "ладно", "хорошо",
    "покажи", "пожалуиста", "хочу", "как", "делать", "сделать", "мне", "мои", "моя", "для",
    "и", "в", "на", "с", "по", "это", "что", "давай", "расскажи", "перед", "сном", "сегодня",
})
# fmt: on
STOP_WORDS = STOP_WORDS | OTHER_STOP_WORDS

# Words that say "a stretch" without saying which. They are in names ("Child's pose", "Cat
# stretch") but people drop or add them freely, so the loose key leaves them out.
# fmt: off
KIND_WORDS: frozenset[str] = frozenset({
    "pose", "stretch", "exercise", "yoga", "asana", "move", "movement", "stretching",
    "tu", "the", "bai", "tap", "dong", "tac", "gian", "co",
    "postura", "estiramiento", "ejercicio", "posicion", "asanas",
    "поза", "позу", "растяжка", "растяжку", "упражнение", "асана", "иога",
})
# Words around a Thai or Chinese name that say only "a pose" or "a stretch": "ท่า…", "…式".
SPACELESS_AFFIXES: tuple[str, ...] = (
    "ท่า", "ยืดเหยียด", "ยืด", "โยคะ", "式", "伸展", "拉伸", "动作", "動作", "姿势", "姿勢",
    "体式", "體式", "瑜伽",
)
# fmt: on

# Names that honestly mean more than one stretch here: people say "cat" for the cat stretch
# and for cat-cow, and Chakravakasana is taught as either.
SHARED_NAMES: dict[str, tuple[str, ...]] = {
    "cat": ("cat-stretch", "cat-cow"),
    "chakravakasana": ("cat-cow", "cat-stretch"),
    "mèo": ("cat-stretch", "cat-cow"),
    "gato": ("cat-stretch", "cat-cow"),
    "кошка": ("cat-stretch", "cat-cow"),
    "кошку": ("cat-stretch", "cat-cow"),
    "แมว": ("cat-stretch", "cat-cow"),
    "猫": ("cat-stretch", "cat-cow"),
}
# A Thai or Chinese name needs this many letters to be looked for inside what people type:
# one Chinese character ("猫") says too little.
MIN_SPACELESS = 2


@dataclass(frozen=True)
class AbsentPose:
    """A well-known pose the catalogue does not have, and the stretches closest to it."""

    name: str
    names: tuple[str, ...]
    closest: tuple[str, ...]


# Chosen by what the body does: happy baby is lying on the back with the knees drawn wide
# toward the armpits, so knee hugs, the wind-relieving pose and the butterfly come closest.
ABSENT_POSES: tuple[AbsentPose, ...] = (
    AbsentPose(
        "Happy baby",
        (
            "happy baby",
            "ananda balasana",
            "dead bug pose",
            "em bé hạnh phúc",
            "bebé feliz",
            "счастливый ребенок",
            "快乐婴儿式",
            "快乐婴儿",
            "快樂嬰兒式",
            "ท่าเด็กมีความสุข",
            "ท่าแฮปปี้เบบี้",
        ),
        ("knee-hugs", "wind-relieving-pose", "reclined-butterfly"),
    ),
    AbsentPose(
        "Downward dog",
        (
            "downward dog",
            "downward facing dog",
            "down dog",
            "adho mukha svanasana",
            "chó úp mặt",
            "chó cúi mặt",
            "perro boca abajo",
            "собака мордой вниз",
            "下犬式",
            "顶峰式",
            "ท่าสุนัขก้มหน้า",
            "ท่าหมาก้มหน้า",
        ),
        ("childs-pose", "cat-cow", "legs-up-the-wall"),
    ),
    AbsentPose(
        "Plank",
        ("plank", "forearm plank", "plancha", "планка", "平板支撑", "平板支撐", "ท่าแพลงก์"),
        ("bird-dog", "bridge", "side-lying-leg-lift"),
    ),
    AbsentPose(
        "Dead bug",
        ("dead bug", "bicho muerto", "мертвый жук", "死虫式"),
        ("bird-dog", "knee-hugs", "bridge"),
    ),
    AbsentPose(
        "Sun salutation",
        (
            "sun salutation",
            "surya namaskar",
            "chào mặt trời",
            "saludo al sol",
            "приветствие солнцу",
            "拜日式",
            "ท่าสุริยนมัสการ",
        ),
        ("cat-cow", "childs-pose", "baby-cobra"),
    ),
    AbsentPose(
        "Sphinx",
        ("sphinx", "salamba bhujangasana", "nhân sư", "esfinge", "сфинкс", "狮身人面式", "ท่าสฟิงซ์"),
        ("baby-cobra", "childs-pose"),
    ),
    AbsentPose(
        "Puppy pose",
        (
            "puppy",
            "puppy dog",
            "uttana shishosana",
            "extended puppy",
            "cachorro",
            "щенок",
            "小狗式",
            "ท่าลูกสุนัข",
        ),
        ("childs-pose", "cat-cow"),
    ),
    AbsentPose(
        "Forward fold",
        ("forward fold", "forward bend", "uttanasana", "paschimottanasana", "toe touch"),
        ("legs-up-the-wall", "single-leg-knee-hug", "childs-pose"),
    ),
    AbsentPose(
        "Frog",
        ("frog", "mandukasana", "con ếch", "rana", "лягушка", "青蛙式", "ท่ากบ"),
        ("reclined-butterfly", "childs-pose"),
    ),
    AbsentPose(
        "Lizard",
        ("lizard", "utthan pristhasana", "thằn lằn", "lagarto", "ящерица", "蜥蜴式", "ท่ากิ้งก่า"),
        ("psoas-lunge", "pigeon", "squat"),
    ),
    AbsentPose(
        "Pelvic tilt",
        ("pelvic tilt", "pelvic tilts"),
        ("gentle-bridge", "knee-to-chest", "rib-pelvis-breathing"),
    ),
    AbsentPose(
        "Superman", ("superman", "супермен", "超人式", "ท่าซูเปอร์แมน"), ("baby-cobra", "bird-dog")
    ),
    AbsentPose(
        "Warrior",
        ("warrior", "virabhadrasana", "chiến binh", "guerrero", "воин", "战士式", "ท่านักรบ"),
        ("psoas-lunge", "squat"),
    ),
)


@dataclass(frozen=True)
class Condition:
    """Something about the person's health that changes what is safe, found by its words.

    `routine`: whether the gentlest routine is offered beside the safety words; where the
    person should ask a professional first, it is not.
    """

    id: str
    terms: tuple[str, ...]
    routine: bool


CONDITIONS: tuple[Condition, ...] = (
    Condition(
        "sciatica",
        (
            "sciatica",
            "sciatic",
            "pinched nerve",
            "trapped nerve",
            "nerve pain down leg",
            "thần kinh tọa",
            "thần kinh toạ",
            "ciática",
            "nervio ciático",
            "ишиас",
            "седалищный нерв",
            "защемление нерва",
            "坐骨神经",
            "坐骨神經",
            "เส้นประสาทไซอาติก",
            "เส้นประสาทสะโพก",
            "ปวดร้าวลงขา",
        ),
        routine=True,
    ),
    Condition(
        "disc",
        (
            "slipped disc",
            "herniated",
            "herniation",
            "bulging disc",
            "prolapsed disc",
            "ruptured disc",
            "disc prolapse",
            "disc bulge",
            "degenerative disc",
            "disc problem",
            "thoát vị",
            "đĩa đệm",
            "hernia discal",
            "hernia de disco",
            "disco herniado",
            "грыжа",
            "протрузия",
            "межпозвоночный диск",
            "椎间盘",
            "椎間盤",
            "หมอนรองกระดูก",
        ),
        routine=True,
    ),
    Condition(
        "stenosis",
        (
            "stenosis",
            "spondylolisthesis",
            "hẹp ống sống",
            "estenosis",
            "стеноз",
            "спондилолистез",
            "椎管狭窄",
            "椎管狹窄",
            "โพรงกระดูกสันหลังตีบ",
        ),
        routine=True,
    ),
    Condition(
        "osteoporosis",
        (
            "osteoporosis",
            "osteopenia",
            "brittle bone",
            "loãng xương",
            "остеопороз",
            "骨质疏松",
            "骨質疏鬆",
            "กระดูกพรุน",
        ),
        routine=True,
    ),
    Condition(
        "pregnancy",
        (
            "pregnant",
            "pregnancy",
            "expecting a baby",
            "mang thai",
            "có thai",
            "có bầu",
            "embarazada",
            "embarazo",
            "беременна",
            "беременность",
            "беременности",
            "怀孕",
            "懷孕",
            "孕妇",
            "孕婦",
            "ตั้งครรภ์",
            "คนท้อง",
        ),
        routine=False,
    ),
    Condition(
        "surgery",
        (
            "surgery",
            "operation",
            "spinal fusion",
            "hip replacement",
            "discectomy",
            "laminectomy",
            "phẫu thuật",
            "cirugía",
            "operación",
            "операция",
            "операции",
            "手术",
            "手術",
            "ผ่าตัด",
        ),
        routine=False,
    ),
)
# "disk" is the American spelling; folded before conditions are looked for.
_SPELLINGS = {"disk": "disc"}

# A sentence about pain is the person talking about themselves, not describing a stretch.
PAIN_WORDS: frozenset[str] = frozenset(
    {
        "hurt",
        "hurting",
        "pain",
        "painful",
        "ache",
        "aching",
        "achy",
        "sore",
        "agony",
        "killing",
        "injured",
        "injury",
        "sprained",
        "twisted",
        "pulled",
        "cramp",
        "numb",
        "tingling",
        # Vietnamese, Spanish, Russian, folded.
        "dau",
        "nhuc",
        "moi",
        "dolor",
        "duele",
        "duelen",
        "adolorido",
        "боль",
        "болит",
        "болят",
        "болью",
        "ноет",
    }
)
# Thai and Chinese pain words, found anywhere in a run of their letters.
SPACELESS_PAIN: tuple[str, ...] = ("ปวด", "เจ็บ", "疼", "痛", "酸")

# Situations a query may ask by (folded phrase -> positions it selects).
_LYING = frozenset({Position.ON_BACK, Position.ON_SIDE, Position.ON_STOMACH})
_BACK = frozenset({Position.ON_BACK})
_SIDE = frozenset({Position.ON_SIDE})
_STOMACH = frozenset({Position.ON_STOMACH})
_FOURS = frozenset({Position.ALL_FOURS})
_KNEELING = frozenset({Position.KNEELING})
_SITTING = frozenset({Position.SITTING})
_STANDING = frozenset({Position.STANDING})
POSITION_TERMS: dict[str, frozenset[Position]] = {
    **dict.fromkeys(["lying", "lying down", "lie down", "lay down", "lying flat"], _LYING),
    **dict.fromkeys(["on back", "lying on back", "face up"], _BACK),
    **dict.fromkeys(["on side", "lying on side"], _SIDE),
    **dict.fromkeys(
        ["on stomach", "lying on stomach", "on tummy", "on belly", "face down"], _STOMACH
    ),
    **dict.fromkeys(["all fours", "on all fours", "hands and knees"], _FOURS),
    **dict.fromkeys(["kneeling", "kneel"], _KNEELING),
    **dict.fromkeys(["sitting", "seated", "sit", "desk", "chair", "office"], _SITTING),
    **dict.fromkeys(["standing", "stand", "standing up"], _STANDING),
}
IN_BED_TERMS: frozenset[str] = frozenset({"bed", "in bed", "lying in bed", "bedtime"})
# Body parts come from each exercise's `focus`; these are everyday words for the same areas.
FOCUS_SYNONYMS: dict[str, str] = {
    "low back": "lower back",
    "lumbar": "lower back",
    "butt": "glutes",
    "bum": "glutes",
    "buttock": "glutes",
    "abs": "core",
    "breath": "breathing",
    "breathe": "breathing",
    # Vietnamese, Spanish and Russian words for the same areas (folded when indexed).
    **dict.fromkeys(
        [
            "lưng dưới",
            "thắt lưng",
            "espalda baja",
            "zona lumbar",
            "поясница",
            "поясницы",
            "поясницу",
        ],
        "lower back",
    ),
    **dict.fromkeys(["lưng", "espalda", "спина", "спины", "спину"], "back"),
    **dict.fromkeys(["lưng trên", "espalda alta", "верх спины"], "upper back"),
    **dict.fromkeys(["hông", "cadera", "caderas", "бедра", "таз"], "hips"),
    **dict.fromkeys(["mông", "glúteos", "ягодицы"], "glutes"),
    **dict.fromkeys(["cột sống", "columna", "позвоночник"], "spine"),
    **dict.fromkeys(["đùi", "muslos", "бедро"], "thighs"),
    **dict.fromkeys(["chân", "piernas", "ноги", "ног"], "legs"),
    **dict.fromkeys(["bụng", "cơ bụng", "abdomen", "пресс"], "core"),
    **dict.fromkeys(["vai", "hombros", "плечи"], "shoulders"),
    **dict.fromkeys(["hơi thở", "respiración", "дыхание"], "breathing"),
    **dict.fromkeys(["cuello", "шея", "шеи"], "neck"),
}
# Words that may sit around topic terms ("something gentle for my hips").
# fmt: off
_TOPIC_GLUE = frozenset({
    "something", "anything", "good", "best", "easy", "gentle", "stuff", "thing", "while", "when",
    "tight", "stiff",
})
# fmt: on

# Words that may sit around topic terms ("something gentle for my hips").
# fmt: off
_TOPIC_GLUE = frozenset({
    "something", "anything", "good", "best", "easy", "gentle", "stuff", "thing", "while", "when",
    "tight", "stiff",
})
# fmt: on

# Scores are rapidfuzz's 0-100, chosen from the query table (details and the tests that keep
# them true: `tests/test_matching.py`). Of the rows that reach fuzzy scoring, the best chatter
# scores 82.4 ("my knee hurts" ~ "knee hug") and the worst real name 92.1, so the threshold
# sits in the middle of that gap.
THRESHOLD = 87.0
# Candidates within this many points of the best are too close to call: "did you mean".
# Ambiguous queries spread over at most 2.5 points ("knee"); the closest runner-up behind a
# single answer is 3.5 points back.
MARGIN = 3.0
# Points off a score for a query with its topic words taken out (see `_rank`).
TOPIC_LESS_PENALTY = 2.0
# token_set_ratio forgives missing or extra words ("butterfly" is in "reclined butterfly");
# this much token_sort_ratio breaks the ties that leaves, so "pigeon" prefers "Pigeon pose"
# to "reclined pigeon".
SORT_WEIGHT = 0.15
# A query word this similar (fuzz.ratio) to a name word is a misspelling of it: 80 accepts
# one slip in five letters ("chlid", "pigon") but not "hurt" for "hug" (57).
WORD_CUTOFF = 80.0
MIN_CORRECTED = 3
# Words sharing their first STEM letters are forms of one word ("relief", "relieving").
STEM = 5
MAX_CHOICES = 5
NEAREST = 3
# A name found inside a query that says this many more things is a description that happens
# to contain a name ("hug one knee to my chest as I breathe out"): the description decides.
NAME_EXTRA_WORDS = 2
# A description names a stretch when that stretch's words hold at least MIN_IDEAS of its
# ideas and this share of them; BM25 then orders the ones that do.
MIN_IDEAS = 2
MIN_COVERAGE = 0.6
# A runner-up this close to the best BM25 score, holding as many ideas, is offered beside it.
DESCRIPTION_TIE = 0.9


@dataclass(frozen=True)
class Match:
    exercise: Exercise
    score: float


@dataclass(frozen=True)
class LookupResult:
    """What a query found, best first (a topic: main focus first, then browsing order).

    exact/one: the stretch; several: candidates to choose from; topic: the stretches that
    fit; absent: a pose the catalogue lacks (`pose`) and the closest ones; condition: no
    stretch, the `condition` id and, when it is safe to offer one, the gentlest `routine`;
    none: the nearest three, for a friendly hint.
    """

    kind: Kind
    matches: list[Exercise]
    pose: str | None = None
    condition: str | None = None
    routine: Routine | None = field(default=None, compare=False)


def _key(words: Iterable[str], drop: frozenset[str] = frozenset()) -> str:
    # Sorted and de-duplicated so word order never matters ("cow cat" is "cat cow").
    return " ".join(sorted({word for word in words if word not in drop}))


_LOOSE_DROP = STOP_WORDS | KIND_WORDS


class StretchMatcher:
    """Looks up names, aliases, descriptions, topics and conditions in one catalogue."""

    def __init__(self, catalogue: Catalogue) -> None:
        self._exercises = catalogue.exercises
        in_order = sorted(
            catalogue.exercises.values(), key=lambda e: (list(Position).index(e.position), e.name)
        )
        self._browse_order = {exercise.id: index for index, exercise in enumerate(in_order)}
        self._index_names(catalogue)
        self._index_special_answers(catalogue)
        self._index_vocabulary()
        self._index_spaceless(catalogue)

    def _index_names(self, catalogue: Catalogue) -> None:
        """Every name and alias under its folded keys, and the choices fuzzy matching ranks."""
        # Each key -> id -> whether that name gives the key word for word (no plural folded,
        # no "pose" dropped). When two stretches share a key only after folding ("knees to
        # chest" and "knee to chest"), the one named that way word for word keeps it.
        literal: dict[str, set[str]] = {}
        tight_names: dict[str, dict[str, bool]] = {}
        loose_names: dict[str, dict[str, bool]] = {}
        for exercise_id, name in self._names(catalogue):
            words = fold(name)
            tight, loose = _key(words, STOP_WORDS), _key(words, _LOOSE_DROP)
            as_typed = _key(plain(name), STOP_WORDS)
            literal.setdefault(as_typed, set()).add(exercise_id)
            for names, key, exact in (
                (tight_names, tight, as_typed == tight),
                (loose_names, loose, as_typed == tight == loose),
            ):
                if key:
                    owners = names.setdefault(key, {})
                    owners[exercise_id] = owners.get(exercise_id, False) or exact
        self._literal = {key: ids for key, ids in literal.items() if len(ids) == 1}
        # Each name's words as written (plurals kept), to tell "knee hug" from "knee hugs".
        self._written: dict[str, list[frozenset[str]]] = {}
        for exercise_id, name in self._names(catalogue):
            written = frozenset(plain(name)) - _LOOSE_DROP
            self._written.setdefault(exercise_id, []).append(written)
        self._tight = _keep_literal(tight_names)
        self._loose = _keep_literal(loose_names)
        choices = [(key, i) for key, ids in self._loose.items() for i in sorted(ids)]
        self._choice_keys = [key for key, _ in choices]
        self._choice_ids = [exercise_id for _, exercise_id in choices]
        self._script_choices: dict[str, tuple[list[str], list[int]]] = {}
        for index, key in enumerate(self._choice_keys):
            keys, indices = self._script_choices.setdefault(_script(key), ([], []))
            keys.append(key)
            indices.append(index)
        self._choices_with: dict[str, list[int]] = {}
        self._keys_of: dict[str, list[set[str]]] = {}
        for index, (key, exercise_id) in enumerate(choices):
            self._keys_of.setdefault(exercise_id, []).append(set(key.split()))
            for word in key.split():
                self._choices_with.setdefault(word, []).append(index)

    def _index_special_answers(self, catalogue: Catalogue) -> None:
        """Shared names, poses we lack, conditions, descriptions and topics."""
        self._shared = {
            _key(fold(name), STOP_WORDS): [self._exercises[i] for i in ids]
            for name, ids in SHARED_NAMES.items()
            if all(i in self._exercises for i in ids)
        }
        self._absent: dict[str, AbsentPose] = {}
        for pose in ABSENT_POSES:
            if all(i in self._exercises for i in pose.closest):
                for name in pose.names:
                    key = _key(fold(name), _LOOSE_DROP)
                    if key:
                        self._absent[key] = pose
        self._conditions = [
            (frozenset(fold(term)) - STOP_WORDS, condition)
            for condition in CONDITIONS
            for term in condition.terms
            if not has_spaceless(term)
        ]
        self._spaceless_conditions = [
            (spaceless_form(term), condition)
            for condition in CONDITIONS
            for term in condition.terms
            if has_spaceless(term)
        ]
        self._gentlest = catalogue.routines.get(GENTLEST_ROUTINE)
        self._descriptions = DescriptionIndex(catalogue.exercises.values())

        self._topics = self._topic_terms(catalogue)
        self._longest_topic = max(len(term) for term in self._topics)
        self._topic_glue = _LOOSE_DROP | _TOPIC_GLUE

    def _index_vocabulary(self) -> None:
        """The words a misspelling may be corrected to, and the ones it never is."""
        vocabulary = {word for key in (*self._loose, *self._absent) for word in key.split()}
        # Words with a meaning of their own are never "corrected" into a name word.
        self._not_misspelt = (
            vocabulary
            | _LOOSE_DROP
            | PAIN_WORDS
            | {w for t in self._topics for w in t}
            | {w for words, _ in self._conditions for w in words}
        )
        self._vocabulary = sorted(w for w in vocabulary if len(w) >= MIN_CORRECTED)
        self._script_vocabulary: dict[str, list[str]] = {}
        for word in self._vocabulary:
            self._script_vocabulary.setdefault(_script(word), []).append(word)
        self._stems: dict[str, str] = {}
        for word in sorted(self._vocabulary, key=lambda w: (len(w), w)):
            if len(word) >= STEM:
                self._stems.setdefault(word[:STEM], word)

    def _index_spaceless(self, catalogue: Catalogue) -> None:
        """Thai and Chinese names, with and without the words for "pose", to look for inside
        a run of those letters; poses the catalogue lacks are looked for the same way, so
        "快乐婴儿式" (happy baby) is not taken for "婴儿式" (child's pose)."""
        self._spaceless: dict[str, set[str]] = {}
        self._spaceless_absent: dict[str, AbsentPose] = {}
        for exercise_id, name in self._names(catalogue):
            for key in _spaceless_keys(name):
                self._spaceless.setdefault(key, set()).add(exercise_id)
        for pose in ABSENT_POSES:
            if all(i in self._exercises for i in pose.closest):
                for name in pose.names:
                    self._spaceless_absent.update(dict.fromkeys(_spaceless_keys(name), pose))

    @staticmethod
    def _names(catalogue: Catalogue) -> Iterable[tuple[str, str]]:
        for exercise in catalogue.exercises.values():
            for name in (*exercise.every_name(), exercise.id.replace("-", " ")):
                yield exercise.id, name

    @staticmethod
    def _topic_terms(catalogue: Catalogue) -> dict[tuple[str, ...], Selection]:
        """Folded topic phrase -> the exercises it selects, each with how far down it ranks.

        A body part ranks by where it comes in the exercise's `focus` (listed main area
        first), so "hips" puts stretches mainly for the hips ahead of those that also help.
        """
        exercises = list(catalogue.exercises.values())
        terms: dict[tuple[str, ...], Selection] = {}
        for phrase, positions in POSITION_TERMS.items():
            terms[tuple(fold(phrase))] = {e.id: 0 for e in exercises if e.position in positions}
        in_bed = {e.id: 0 for e in exercises if e.in_bed}
        terms.update((tuple(fold(phrase)), in_bed) for phrase in IN_BED_TERMS)
        areas = {area: area for e in exercises for area in e.focus} | FOCUS_SYNONYMS
        for phrase, area in areas.items():
            # "back" is every area with the word back in it: lower back, upper back, back.
            needed = set(fold(area))
            selection: Selection = {}
            for e in exercises:
                ranks = [i for i, f in enumerate(e.focus) if needed <= set(fold(f))]
                if ranks:
                    selection[e.id] = ranks[0]
            terms[tuple(fold(phrase))] = selection
        return terms

    def lookup(self, query: str) -> LookupResult:
        """Shared name, exact name, condition, missing pose, topic, misspelt name, fuzzy name
        or description, else the nearest."""
        words = [_SPELLINGS.get(word, word) for word in fold(query)]
        shared = self._shared.get(_key(words, STOP_WORDS))
        if shared is None and _key(words, _LOOSE_DROP) not in self._loose:
            shared = self._shared.get(_key(words, _LOOSE_DROP))
        if shared is not None:
            return LookupResult("several", shared)
        as_typed = self._literal.get(_key(plain(query), STOP_WORDS))
        if as_typed is not None:
            return LookupResult("exact", self._ordered(as_typed))
        exact = self._exact(words, "exact")
        if exact is not None:
            return self._written_elsewhere(query, exact)
        condition = self._condition(words)
        if condition is not None:
            return condition
        spaceless = self._spaceless_lookup(words)
        if spaceless is not None:
            return spaceless
        selections, rest = self._parse_topics(words)
        corrected = {word: self._correct(word) for word in words}
        fixed = [corrected[word] for word in words]
        for candidate in (words, rest, fixed, [corrected[word] for word in rest]):
            absent = self._absent.get(_key(candidate, _LOOSE_DROP))
            if absent is not None:
                return self._absent_result(absent)
        if selections and all(word in self._topic_glue for word in rest):
            return LookupResult("topic", self._topic_list(selections))
        if self._only_pain(rest):
            # "đau lưng" (my back hurts): somebody hurting, never a stretch's name, even
            # where folding makes "đau" (pain) "dau" as in "đầu gối" (knee).
            return LookupResult("none", [m.exercise for m in self.rank(query)[:NEAREST]])
        found = self._exact(fixed, "one")
        if found is not None:
            return found
        ranked = self._rank(words, rest, corrected)
        close = [m for m in ranked if m.score >= THRESHOLD]
        named = self._named(close) if close else None
        if named is not None and self._extra_words(close[0], rest, corrected) < NAME_EXTRA_WORDS:
            return named
        described = self._describe(words)
        if described is not None:
            return described
        if named is not None:
            return named
        return LookupResult("none", [m.exercise for m in ranked[:NEAREST]])

    def rank(self, query: str) -> list[Match]:
        """Every exercise by its best fuzzy score over its names, best first."""
        words = fold(query)
        corrected = {word: self._correct(word) for word in words}
        return self._rank(words, self._parse_topics(words)[1], corrected)

    def describe(self, query: str) -> list[Hit]:
        """What the description search finds for a query, best first (for tests and tuning)."""
        ideas = self._descriptions.ideas(fold(query))
        return self._descriptions.search(ideas, limit=len(self._exercises))

    def topic(self, query: str) -> list[Exercise] | None:
        """The stretches a query made only of situations and body parts asks for, or None."""
        selections, rest = self._parse_topics(fold(query))
        if selections and all(word in self._topic_glue for word in rest):
            return self._topic_list(selections)
        return None

    def _written_elsewhere(self, query: str, found: LookupResult) -> LookupResult:
        """A name reached only by folding a plural ("knee hug" for Knee hugs) while other
        names hold the query word for word ("Single-leg knee hug"): the person may mean any
        of them, so they choose."""
        typed = frozenset(plain(query)) - _LOOSE_DROP
        if found.kind != "exact" or not typed:
            return found
        owner = found.matches[0].id
        if any(typed <= written for written in self._written[owner]):
            return found
        others = [
            exercise_id
            for exercise_id, names in self._written.items()
            if exercise_id != owner and any(typed <= written for written in names)
        ]
        if not others:
            return found
        return LookupResult("several", [*found.matches, *self._ordered(others)][:MAX_CHOICES])

    def _only_pain(self, rest: Sequence[str]) -> bool:
        """Words that say only that something hurts, once topic words are taken out."""
        said = [word for word in rest if word not in self._topic_glue]
        return bool(said) and all(word in PAIN_WORDS for word in said)

    def _named(self, close: list[Match]) -> LookupResult:
        tied = [m.exercise for m in close if m.score > close[0].score - MARGIN]
        return LookupResult("several" if len(tied) > 1 else "one", tied[:MAX_CHOICES])

    def _extra_words(self, best: Match, rest: Sequence[str], corrected: dict[str, str]) -> int:
        """How many things the query says beyond the best name's words."""
        said = {corrected[w] for w in rest if w not in self._topic_glue and w not in PAIN_WORDS}
        return min(len(said - key) for key in self._keys_of[best.exercise.id])

    def _describe(self, words: Sequence[str]) -> LookupResult | None:
        """The stretch whose own words hold most of what the query describes, if one does."""
        if PAIN_WORDS.intersection(words):
            return None
        ideas = self._descriptions.ideas(words)
        if len(ideas) < MIN_IDEAS:
            return None
        hits = self._descriptions.search(ideas, limit=len(self._exercises))
        needed = max(MIN_IDEAS, MIN_COVERAGE * len(ideas))
        fitting = sorted((h for h in hits if h.covered >= needed), key=lambda h: -h.covered)
        if not fitting:
            return None
        best = fitting[0]
        tied = [
            self._exercises[h.exercise_id]
            for h in fitting
            if h.covered == best.covered and h.score >= DESCRIPTION_TIE * best.score
        ]
        return LookupResult("several" if len(tied) > 1 else "one", tied[:MAX_CHOICES])

    def _condition(self, words: Sequence[str]) -> LookupResult | None:
        present = set(words)
        run = "".join(word for word in words if has_spaceless(word))
        for needed, condition in self._conditions:
            if needed and needed <= present:
                return self._condition_result(condition)
        for term, condition in self._spaceless_conditions if run else ():
            if term in run:
                return self._condition_result(condition)
        return None

    def _condition_result(self, condition: Condition) -> LookupResult:
        routine = self._gentlest if condition.routine else None
        return LookupResult("condition", [], condition=condition.id, routine=routine)

    def _spaceless_lookup(self, words: Sequence[str]) -> LookupResult | None:
        """The Thai or Chinese name found in the query's run of those letters, the longest
        where several are ("猫牛式" over "猫式"); None when the query has none."""
        run = "".join(word for word in words if has_spaceless(word))
        if len(run) < MIN_SPACELESS:
            return None
        found = [key for key in (*self._spaceless, *self._spaceless_absent) if key in run]
        if not found:
            return None
        longest = max(len(key) for key in found)
        keys = [key for key in found if len(key) == longest]
        absent = [self._spaceless_absent[key] for key in keys if key in self._spaceless_absent]
        if absent:
            return self._absent_result(absent[0])
        ids = set().union(*(self._spaceless[key] for key in keys))
        if len(ids) > 1:
            return LookupResult("several", self._ordered(ids)[:MAX_CHOICES])
        return LookupResult("exact" if _strip_affixes(run) in keys else "one", self._ordered(ids))

    def _absent_result(self, pose: AbsentPose) -> LookupResult:
        closest = [self._exercises[i] for i in pose.closest]
        return LookupResult("absent", closest, pose=pose.name)

    def _exact(self, words: Sequence[str], kind: Kind) -> LookupResult | None:
        """A name word for word once folded, with "pose" or "stretch" deciding if present."""
        for index, drop in ((self._tight, STOP_WORDS), (self._loose, _LOOSE_DROP)):
            key = _key(words, drop)
            found = index.get(key) if key else None
            if found:
                return LookupResult(kind if len(found) == 1 else "several", self._ordered(found))
        return None

    def _correct(self, word: str) -> str:
        """A misspelt name word becomes the name word it is closest to, if close enough."""
        if len(word) < MIN_CORRECTED or word in self._not_misspelt:
            return word
        found = process.extractOne(
            word,
            self._script_vocabulary.get(_script(word), []),
            scorer=fuzz.ratio,
            processor=None,
            score_cutoff=WORD_CUTOFF,
        )
        if found is not None:
            return found[0]
        # Another form of a name word: "relief" for "relieving", "rotate" for "rotation".
        return self._stems.get(word[:STEM], word) if len(word) >= STEM else word

    def _rank(
        self, words: Sequence[str], rest: Sequence[str], corrected: dict[str, str]
    ) -> list[Match]:
        # Scored twice, with and without topic words, so "butterfly stretch for my hips"
        # counts as "butterfly" while "lower back rotation" still counts its "lower back".
        # Without its topic words a query says less, so that score counts a little less:
        # "leg lifts" is the side-lying leg lift before "lifts" alone is a hip lift.
        whole, bare = (
            _key(corrected[word] for word in part if word not in _LOOSE_DROP)
            for part in (words, rest)
        )
        keys = {whole: 0.0} if whole else {_key(words): 0.0}
        if bare and bare != whole:
            keys[bare] = TOPIC_LESS_PENALTY
        best: dict[str, float] = {}
        for key, penalty in keys.items():
            for exercise_id, score in self._scores(key).items():
                if score - penalty > best.get(exercise_id, -1.0):
                    best[exercise_id] = score - penalty
        for exercise_id in self._exercises:
            best.setdefault(exercise_id, 0.0)
        ordered = sorted(best.items(), key=lambda item: (-item[1], self._browse_order[item[0]]))
        return [Match(self._exercises[exercise_id], score) for exercise_id, score in ordered]

    def _scores(self, key: str) -> dict[str, float]:
        """Each exercise's best blend of token_set_ratio and token_sort_ratio against the key.

        Keys are sorted, de-duplicated words, so token_sort_ratio is plain ratio, and so is
        token_set_ratio for a choice sharing no word with the key: the few choices that share
        a word are blended, the rest take their ratio from one C pass, best first, so each
        exercise's first one there is its best. Only names in the key's script can resemble
        it ("кошка" is never scored against "cat cow"), which keeps a lookup as quick with
        six languages as with one.
        """
        best: dict[str, float] = {}
        sharing = {index for word in key.split() for index in self._choices_with.get(word, ())}
        for index in sharing:
            choice = self._choice_keys[index]
            as_set = fuzz.token_set_ratio(key, choice, processor=None)
            score = (1 - SORT_WEIGHT) * as_set + SORT_WEIGHT * fuzz.ratio(key, choice)
            exercise_id = self._choice_ids[index]
            best[exercise_id] = max(score, best.get(exercise_id, -1.0))
        keys, indices = self._script_choices.get(_script(key), ([], []))
        seen: set[str] = set()
        ranked = process.extract(key, keys, scorer=fuzz.ratio, processor=None, limit=None)
        for _, score, at in ranked:
            index = indices[at]
            exercise_id = self._choice_ids[index]
            if index in sharing or exercise_id in seen:
                continue
            seen.add(exercise_id)
            best[exercise_id] = max(score, best.get(exercise_id, -1.0))
            if len(seen) == len(self._exercises):
                break
        return best

    def _parse_topics(self, words: Sequence[str]) -> tuple[list[Selection], list[str]]:
        """Topic terms found (longest phrase first) and the words that are not part of one."""
        words = [word for word in words if word not in ("my", "your", "the", "a", "an")]
        selections: list[Selection] = []
        rest: list[str] = []
        start = 0
        while start < len(words):
            for length in range(min(self._longest_topic, len(words) - start), 0, -1):
                selected = self._topics.get(tuple(words[start : start + length]))
                if selected is not None:
                    selections.append(selected)
                    start += length
                    break
            else:
                rest.append(words[start])
                start += 1
        return selections, rest

    def _topic_list(self, selections: list[Selection]) -> list[Exercise]:
        """Several terms narrow the list ("hips in bed"); if nothing fits them all, any fits.

        Main-focus stretches first, then in browsing order.
        """
        ids = set.intersection(*(set(s) for s in selections)) or set().union(*selections)
        rank = {i: sum(s.get(i, 0) for s in selections) for i in ids}
        ordered = sorted(ids, key=lambda i: (rank[i], self._browse_order[i]))
        return [self._exercises[i] for i in ordered]

    def _ordered(self, ids: Iterable[str]) -> list[Exercise]:
        return [self._exercises[i] for i in sorted(ids, key=self._browse_order.__getitem__)]


def _script(text: str) -> str:
    """Which names a folded key can resemble: Latin folds to ASCII; Thai and Chinese; the
    rest (Cyrillic)."""
    if text.isascii():
        return "ascii"
    return "spaceless" if has_spaceless(text) else "other"


def _strip_affixes(run: str) -> str:
    """A Thai or Chinese name without the words that only say "a pose" or "a stretch"."""
    changed = True
    while changed:
        changed = False
        for affix in _FOLDED_AFFIXES:
            if run.startswith(affix) and len(run) > len(affix):
                run, changed = run[len(affix) :], True
            if run.endswith(affix) and len(run) > len(affix):
                run, changed = run[: -len(affix)], True
    return run


def _spaceless_keys(name: str) -> set[str]:
    """The keys a Thai or Chinese name is looked for by: as written, and without "pose"."""
    run = spaceless_form(name)
    return {key for key in (run, _strip_affixes(run)) if len(key) >= MIN_SPACELESS}


_FOLDED_AFFIXES = tuple(spaceless_form(affix) for affix in SPACELESS_AFFIXES)


def _keep_literal(owners_by_key: dict[str, dict[str, bool]]) -> dict[str, set[str]]:
    """Each key's owners; where several share it, those whose name gives it word for word."""
    kept: dict[str, set[str]] = {}
    for key, owners in owners_by_key.items():
        literal = {exercise_id for exercise_id, exact in owners.items() if exact}
        kept[key] = literal or set(owners)
    return kept
