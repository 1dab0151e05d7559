"""Find a stretch from how someone describes it: "lift my bum off the bed".

SQLite's FTS5, which ships with Python's sqlite3, does the ranking: an index in memory, built
once from every exercise's names and aliases, summary and steps, scored by BM25 with names
weighed above the summary and the summary above the steps. Nothing is read or written; SQL
is only the way to ask the library.

A description is split into ideas, each a word with the everyday words people use for the
same thing ("bum" for the buttocks and hips). A stretch answers a description when its text
holds most of the ideas, not merely one of them: "my back hurts" shares "back" with half the
catalogue and is not a description of any stretch.
"""

from __future__ import annotations

import functools
import itertools
import sqlite3
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from bot.domain.catalogue import Exercise, Position
from bot.domain.words import fold

# BM25 weights of the columns: a word in a name counts most, the position least.
NAME_WEIGHT = 6.0
SUMMARY_WEIGHT = 2.0
STEPS_WEIGHT = 1.0
POSITION_WEIGHT = 1.0
# A misspelt description word becomes the catalogue word it is this similar to (fuzz.ratio):
# 85 accepts one slip in seven letters ("towles") but not "tired" for "tried".
WORD_CUTOFF = 85.0
MIN_CORRECTED = 5

# Words that carry no idea of their own in a description ("the one where I...").
# fmt: off
STOP: frozenset[str] = frozenset({
    "a", "an", "the", "me", "show", "please", "pls", "plz", "how", "do", "i", "im", "my", "for",
    "some", "can", "could", "would", "you", "your", "to", "of", "on", "in", "at", "with", "and",
    "or", "what", "is", "it", "its", "this", "that", "let", "we", "u", "want", "wanna", "like",
    "try", "give", "teach", "tell", "about", "again", "now", "tonight", "before", "bed", "sleep",
    "going", "go", "doing", "need", "guide", "any", "one", "where", "which", "there", "then",
    "thing", "stretch", "exercise", "pose", "move", "movement", "yoga", "asana",
    "position", "posture", "bit", "little", "gently", "gentle", "slowly", "slow", "while", "when",
    "am", "are", "be", "get", "got", "just", "so", "up", "into", "onto", "from", "by", "as",
    "them", "they", "him", "her", "other", "each", "both", "all", "very", "really",
    "lot", "those", "these", "kind", "sort", "called", "name", "remember", "forgot", "think",
    "know", "same", "time", "way", "body", "mine", "myself", "until", "till", "over",
    "should", "shall", "will", "might", "must", "may", "does", "did", "done",
})
# fmt: on

# Everyday words for what the catalogue says in other words; each is looked up as any of them.
_SAME: list[tuple[str, ...]] = [
    ("bum", "butt", "bottom", "buttock", "backside", "glute", "hip"),
    ("tummy", "belly", "stomach", "abdomen"),
    ("rock", "rocking", "sway", "swaying", "swing", "wiper"),
    ("lift", "raise", "lifting", "raising"),
    ("lie", "lying", "lay", "laying"),
    ("foot", "feet"),
    ("arch", "arching", "round", "rounding", "hump"),
    ("twist", "twisting", "turn", "turning", "rotate", "rotation"),
    ("drop", "lower", "fall"),
    ("pull", "pulling", "draw", "drawing", "bring"),
    ("hug", "hugging", "cuddle"),
    ("chest", "breast"),
    ("shin", "calf"),
    ("sideway", "side"),
    ("upper", "top"),
    ("towel", "blanket"),
    ("jiggle", "wiggle", "shake", "shaking", "jiggling", "wobble"),
    ("breathe", "breath", "breathing", "inhale", "exhale"),
    ("face", "forehead"),
    ("kneel", "kneeling"),
]
# Phrases that mean one catalogue word: the bottoms of the feet are the soles, not the bum.
PHRASES: dict[tuple[str, ...], str] = {
    ("bottom", "of", "foot"): "sole",
    ("bottom", "of", "the", "foot"): "sole",
    ("bottom", "of", "my", "foot"): "sole",
    ("bottom", "of", "your", "foot"): "sole",
    ("all", "four"): "fours",
}
# A question about timing is not a description: "how long should I hold it".
QUESTIONS: frozenset[tuple[str, str]] = frozenset(
    {("how", "long"), ("how", "many"), ("how", "often"), ("how", "much")}
)
# What each position is called, indexed beside an exercise's own words: people describe a
# stretch by where their body is ("on my tummy", "on all fours").
POSITION_WORDS: dict[Position, str] = {
    Position.ON_BACK: "lying on your back, face up",
    Position.ON_SIDE: "lying on your side",
    Position.ON_STOMACH: "lying on your stomach, face down",
    Position.ALL_FOURS: "on all fours, on hands and knees",
    Position.KNEELING: "kneeling",
    Position.SITTING: "sitting",
    Position.STANDING: "standing",
}
SYNONYMS: dict[str, tuple[str, ...]] = {}
for _group in _SAME:
    for _word in _group:
        SYNONYMS[_word] = tuple(dict.fromkeys((*SYNONYMS.get(_word, ()), *_group)))


@dataclass(frozen=True)
class Hit:
    """One stretch a description found: its BM25 score (higher is better) and how many of
    the description's ideas its text holds."""

    exercise_id: str
    score: float
    covered: int


class DescriptionIndex:
    """BM25 over every exercise's names, summary and steps, in an in-memory FTS5 table."""

    def __init__(self, exercises: Iterable[Exercise]) -> None:
        self._ids: list[str] = []
        # One connection, used under a lock: lookups may come from more than one thread.
        self._lock = threading.Lock()
        self._db = sqlite3.connect(":memory:", check_same_thread=False)
        self._db.execute(
            "CREATE VIRTUAL TABLE stretch USING fts5("
            "names, summary, steps, position, "
            "tokenize='porter unicode61 remove_diacritics 2')"
        )
        self._db.execute(
            "INSERT INTO stretch(stretch, rank) VALUES ('rank', ?)",
            (f"bm25({NAME_WEIGHT}, {SUMMARY_WEIGHT}, {STEPS_WEIGHT}, {POSITION_WEIGHT})",),
        )
        vocabulary: set[str] = set()
        for exercise in exercises:
            names = " ".join((exercise.name, *exercise.aliases))
            steps = " ".join(exercise.steps)
            self._db.execute(
                "INSERT INTO stretch(rowid, names, summary, steps, position) "
                "VALUES (?, ?, ?, ?, ?)",
                (
                    len(self._ids),
                    names,
                    exercise.summary,
                    steps,
                    POSITION_WORDS[exercise.position],
                ),
            )
            self._ids.append(exercise.id)
            vocabulary.update(fold(" ".join((names, exercise.summary, steps))))
        self._vocabulary = sorted(w for w in vocabulary if len(w) >= MIN_CORRECTED - 1)
        # Which stretches hold a word, asked once per word: the same few hundred words come
        # back night after night, and a lookup is then one ranking query.
        self._holding = functools.lru_cache(maxsize=4096)(self._rows_with)
        self._known = vocabulary | STOP | set(SYNONYMS)

    def ideas(self, words: Sequence[str]) -> list[tuple[str, ...]]:
        """The description's ideas, each as the words any of which expresses it; none for a
        question about timing."""
        if any(pair in QUESTIONS for pair in itertools.pairwise(words)):
            return []
        found: dict[tuple[str, ...], None] = {}
        for word in _phrased(words):
            if word in STOP or not word.isalnum():
                continue
            word = self._correct(word)
            found[SYNONYMS.get(word, (word,))] = None
        return list(found)

    def search(self, ideas: Sequence[tuple[str, ...]], limit: int = 5) -> list[Hit]:
        """The stretches holding any of the ideas, best BM25 first, with how many they hold."""
        if not ideas:
            return []
        every = " OR ".join(f'"{word}"' for idea in ideas for word in idea)
        with self._lock:
            ranked = self._db.execute(
                "SELECT rowid, rank FROM stretch WHERE stretch MATCH ? ORDER BY rank LIMIT ?",
                (every, limit),
            ).fetchall()
        holding = [frozenset().union(*(self._holding(word) for word in idea)) for idea in ideas]
        return [
            Hit(self._ids[rowid], -rank, sum(rowid in rows for rows in holding))
            for rowid, rank in ranked
        ]

    def _rows_with(self, word: str) -> frozenset[int]:
        """The stretches whose text holds the word, as the tokenizer stems it."""
        with self._lock:
            found = self._db.execute(
                "SELECT rowid FROM stretch WHERE stretch MATCH ?", (f'"{word}"',)
            ).fetchall()
        return frozenset(rowid for (rowid,) in found)

    def _correct(self, word: str) -> str:
        if len(word) < MIN_CORRECTED or word in self._known:
            return word
        found = process.extractOne(
            word, self._vocabulary, scorer=fuzz.ratio, processor=None, score_cutoff=WORD_CUTOFF
        )
        return found[0] if found is not None else word


def _phrased(words: Sequence[str]) -> list[str]:
    """The words with each phrase in `PHRASES` replaced by its one word."""
    out: list[str] = []
    index = 0
    while index < len(words):
        for phrase, word in PHRASES.items():
            if tuple(words[index : index + len(phrase)]) == phrase:
                out.append(word)
                index += len(phrase)
                break
        else:
            out.append(words[index])
            index += 1
    return out
