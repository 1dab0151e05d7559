"""Find the stretch someone means from what they type, one-thumbed, in bed.

People misspell, pluralise, reorder and pad their words ("show me the pigeon stretch please"),
so a query and every name are folded the same way (case, diacritics, punctuation, plurals,
filler words, word order) and compared exactly first; then each misspelt word is replaced by
the name word it resembles and compared exactly again; only then is the query scored with
rapidfuzz against every name. Chatter must never become a random stretch, so a fuzzy match
needs a score no chatter in `tests/data/stretch_queries.csv` reaches. A query made only of
body parts or situations ("hips", "in bed", "sitting at my desk") lists the stretches that fit.

Pure: no Telegram, no I/O. Built once per catalogue; a lookup takes microseconds (bench/lookup.py).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from rapidfuzz import fuzz, process

from bot.domain.catalogue import Catalogue, Exercise, Position

Kind = Literal["exact", "one", "several", "topic", "none"]
# Exercises a topic term selects, each with its rank (0 first).
Selection = dict[str, int]

# General English names the catalogue does not list yet (name -> exercise id). They belong in
# the content files' `aliases`; until they move there they are matched exactly like aliases.
# Ids missing from the catalogue are skipped, so content can change without breaking the bot.
EXTRA_NAMES: dict[str, str] = {
    # The steps (lying, knees bent and lowered to one side, shoulders down) are a lying
    # lumbar twist; naming it so also lets a bare "twist" offer it beside the other two.
    "lower back twist": "lower-back-rotation",
    "lumbar twist": "lower-back-rotation",
}

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
# fmt: on

# Words that say "a stretch" without saying which. They are in names ("Child's pose", "Cat
# stretch") but people drop or add them freely, so the loose key leaves them out.
KIND_WORDS: frozenset[str] = frozenset(
    {"pose", "stretch", "exercise", "yoga", "asana", "move", "movement", "stretching"}
)

# Plurals and forms the suffix rule in `singular` gets wrong.
_IRREGULAR: dict[str, str] = {"feet": "foot", "does": "do", "hugging": "hug", "laying": "lying"}
_NOT_PLURAL = ("ss", "us", "is", "as", "os")
_APOSTROPHES = str.maketrans("", "", "'\u2019\u2018`\u00b4\u02bc")

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
}
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


@dataclass(frozen=True)
class Match:
    exercise: Exercise
    score: float


@dataclass(frozen=True)
class LookupResult:
    """What a query found, best first (a topic: main focus first, then browsing order).

    exact/one: the stretch; several: candidates to choose from; topic: the stretches that
    fit; none: the nearest three, for a friendly hint.
    """

    kind: Kind
    matches: list[Exercise]


def fold(text: str) -> list[str]:
    """Words with case, diacritics, apostrophes, punctuation and plurals folded away."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    cleaned = "".join(ch if ch.isalnum() else " " for ch in plain.translate(_APOSTROPHES))
    return [singular(word) for word in cleaned.split()]


def singular(word: str) -> str:
    """ "knees" -> "knee", "stretches" -> "stretch": enough for names, not for English."""
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    if len(word) <= 3 or not word.endswith("s") or word.endswith(_NOT_PLURAL):
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "sses", "xes", "zes")):
        return word[:-2]
    return word[:-1]


def _key(words: Iterable[str], drop: frozenset[str] = frozenset()) -> str:
    # Sorted and de-duplicated so word order never matters ("cow cat" is "cat cow").
    return " ".join(sorted({word for word in words if word not in drop}))


_LOOSE_DROP = STOP_WORDS | KIND_WORDS


class StretchMatcher:
    """Looks up names, aliases, extra names and topics in one catalogue."""

    def __init__(self, catalogue: Catalogue) -> None:
        self._exercises = catalogue.exercises
        in_order = sorted(
            catalogue.exercises.values(), key=lambda e: (list(Position).index(e.position), e.name)
        )
        self._browse_order = {exercise.id: index for index, exercise in enumerate(in_order)}
        self._tight: dict[str, set[str]] = {}
        loose_names: dict[str, dict[str, bool]] = {}  # loose key -> id -> kind word dropped?
        for exercise_id, name in self._names(catalogue):
            words = fold(name)
            tight, loose = _key(words, STOP_WORDS), _key(words, _LOOSE_DROP)
            self._tight.setdefault(tight, set()).add(exercise_id)
            if loose:
                owners = loose_names.setdefault(loose, {})
                owners[exercise_id] = owners.get(exercise_id, True) and tight != loose
        # When a key is two stretches' only after dropping "pose" ("knees to chest pose" and
        # "knee to chest"), the one named that way word for word keeps it.
        self._loose: dict[str, set[str]] = {}
        for loose, owners in loose_names.items():
            literal = {exercise_id for exercise_id, dropped in owners.items() if not dropped}
            self._loose[loose] = literal or set(owners)
        choices = [(key, i) for key, ids in self._loose.items() for i in sorted(ids)]
        self._choice_keys = [key for key, _ in choices]
        self._choice_ids = [exercise_id for _, exercise_id in choices]
        self._choices_with: dict[str, list[int]] = {}
        for index, key in enumerate(self._choice_keys):
            for word in key.split():
                self._choices_with.setdefault(word, []).append(index)

        self._topics = self._topic_terms(catalogue)
        self._longest_topic = max(len(term) for term in self._topics)
        self._topic_glue = _LOOSE_DROP | _TOPIC_GLUE
        vocabulary = {word for key in self._loose for word in key.split()}
        # Words with a meaning of their own are never "corrected" into a name word.
        self._not_misspelt = vocabulary | _LOOSE_DROP | {w for t in self._topics for w in t}
        self._vocabulary = sorted(w for w in vocabulary if len(w) >= MIN_CORRECTED)
        self._stems: dict[str, str] = {}
        for word in sorted(self._vocabulary, key=lambda w: (len(w), w)):
            if len(word) >= STEM:
                self._stems.setdefault(word[:STEM], word)

    @staticmethod
    def _names(catalogue: Catalogue) -> Iterable[tuple[str, str]]:
        for exercise in catalogue.exercises.values():
            for name in (exercise.name, *exercise.aliases, exercise.id.replace("-", " ")):
                yield exercise.id, name
        for name, exercise_id in EXTRA_NAMES.items():
            if exercise_id in catalogue.exercises:
                yield exercise_id, name

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
        """Exact name, else a topic, else a misspelt name, else fuzzy, else the nearest."""
        words = fold(query)
        exact = self._exact(words, "exact")
        if exact is not None:
            return exact
        selections, rest = self._parse_topics(words)
        if selections and all(word in self._topic_glue for word in rest):
            return LookupResult("topic", self._topic_list(selections))
        corrected = {word: self._correct(word) for word in words}
        found = self._exact([corrected[word] for word in words], "one")
        if found is not None:
            return found
        ranked = self._rank(words, rest, corrected)
        close = [m for m in ranked if m.score >= THRESHOLD]
        if not close:
            return LookupResult("none", [m.exercise for m in ranked[:NEAREST]])
        tied = [m.exercise for m in close if m.score > close[0].score - MARGIN]
        return LookupResult("several" if len(tied) > 1 else "one", tied[:MAX_CHOICES])

    def rank(self, query: str) -> list[Match]:
        """Every exercise by its best fuzzy score over its names, best first."""
        words = fold(query)
        corrected = {word: self._correct(word) for word in words}
        return self._rank(words, self._parse_topics(words)[1], corrected)

    def topic(self, query: str) -> list[Exercise] | None:
        """The stretches a query made only of situations and body parts asks for, or None."""
        selections, rest = self._parse_topics(fold(query))
        if selections and all(word in self._topic_glue for word in rest):
            return self._topic_list(selections)
        return None

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
            word, self._vocabulary, scorer=fuzz.ratio, processor=None, score_cutoff=WORD_CUTOFF
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
        keys = {
            _key(corrected[word] for word in part if word not in _LOOSE_DROP)
            for part in (words, rest)
        } - {""} or {_key(words)}
        best: dict[str, float] = {}
        for key in keys:
            for exercise_id, score in zip(self._choice_ids, self._scores(key), strict=True):
                if score > best.get(exercise_id, -1.0):
                    best[exercise_id] = score
        ordered = sorted(best.items(), key=lambda item: (-item[1], self._browse_order[item[0]]))
        return [Match(self._exercises[exercise_id], score) for exercise_id, score in ordered]

    def _scores(self, key: str) -> list[float]:
        """Each choice's blend of token_set_ratio and token_sort_ratio against the key.

        Keys are sorted, de-duplicated words, so token_sort_ratio is plain ratio, and so is
        token_set_ratio for a choice sharing no word with the key: one C pass of ratio over
        all choices, then token_set_ratio only for the few choices that share a word.
        """
        scores = [0.0] * len(self._choice_keys)
        for _, score, index in process.extract(
            key, self._choice_keys, scorer=fuzz.ratio, processor=None, limit=None
        ):
            scores[index] = score
        sharing = {index for word in key.split() for index in self._choices_with.get(word, ())}
        for index in sharing:
            as_set = fuzz.token_set_ratio(key, self._choice_keys[index], processor=None)
            scores[index] = (1 - SORT_WEIGHT) * as_set + SORT_WEIGHT * scores[index]
        return scores

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
