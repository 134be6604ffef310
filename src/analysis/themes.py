"""Coding the open answers into the seven result themes, transparently.

The rules live in ``data/themes.yaml`` (how they work is explained there). Every
decision can be traced: for each theme an answer carries, the coder keeps the
words and the rule that fired, e.g. ``kustannussäästöjä [*säästö]`` or
``jonot … lyhenivät [jono* + lyhe*]``.

Reviewed codes from the hand-kept ``theme_codes.csv`` (response id, theme, 1/0)
win over the automatic code for that response and theme.
"""

from __future__ import annotations

import os
import re
import tempfile
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import yaml
from simplemma import Lemmatizer
from simplemma.strategies import DefaultStrategy, DictionaryLookupStrategy
from simplemma.strategies.dictionaries.trie_dictionary_factory import TrieDictionaryFactory

from . import config
from .columns import string_take

THEMES_FILE = config.PACKAGE_DIR / "data" / "themes.yaml"
TEXT_COLUMN = "key_results"

_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*|\d+", re.UNICODE)
_PUNCTUATION_MARKS = ".!?;:,\n"
_CLAUSE_PUNCTUATION = re.compile(f"[{re.escape(_PUNCTUATION_MARKS)}]+")
PART_CACHE_SIZE = 300_000  # stretches of answer text whose theme hits are remembered


# --- the rules ----------------------------------------------------------------------


@dataclass(frozen=True)
class Pattern:
    """One pattern of the codebook: ``sana``, ``sana*``, ``*sana``, ``*sana*``, or
    alternatives joined by ``|``."""

    text: str
    alternatives: tuple[str, ...] = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "alternatives", tuple(a.strip().casefold() for a in self.text.split("|")))

    def matches(self, lemma: str, surface: str) -> bool:
        return any(_match_one(alt, lemma, surface) for alt in self.alternatives)


def _match_one(pattern: str, lemma: str, surface: str) -> bool:
    starts, ends = pattern.startswith("*"), pattern.endswith("*")
    core = pattern.strip("*")
    if starts and ends:
        return core in lemma
    if ends:
        return lemma.startswith(core) or surface.startswith(core)
    if starts:
        return lemma.endswith(core)
    return lemma == core


@dataclass(frozen=True)
class Theme:
    id: str
    name: str
    short: str
    description: str
    words: tuple[Pattern, ...]
    together: tuple[tuple[Pattern, ...], ...]
    ignore: tuple[Pattern, ...]

    @property
    def column(self) -> str:
        return f"theme__{self.id}"

    @property
    def evidence_column(self) -> str:
        return f"theme_evidence__{self.id}"


@dataclass(frozen=True)
class WordMatches:
    """What one word (surface form and lemma) matches, for every theme at once:
    computed once per distinct word, so that coding an answer is dictionary lookups."""

    ignored: frozenset[str] = frozenset()  # themes whose `ignore` list holds the word
    words: tuple[tuple[str, int], ...] = ()  # (theme id, index in the theme's `words`)
    together: tuple[tuple[str, int, int], ...] = ()  # (theme id, group, index in the group)


NO_MATCH = WordMatches()


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: it keys caches
class ThemeBook:
    themes: tuple[Theme, ...]
    negations: frozenset[str]
    clause_breaks: frozenset[str]
    _word_cache: dict = field(default_factory=dict, init=False, compare=False, repr=False, hash=False)

    def word(self, surface: str) -> tuple[str, WordMatches]:
        """A word's lemma and what it matches; ``surface`` is casefolded."""
        found = self._word_cache.get(surface)
        if found is None:
            lemma_ = lemma(surface)
            found = self._word_cache[surface] = (lemma_, self._match_word(surface, lemma_))
        return found

    def _match_word(self, surface: str, lemma: str) -> WordMatches:
        ignored, words, together = set(), [], []
        for theme in self.themes:
            if any(p.matches(lemma, surface) for p in theme.ignore):
                ignored.add(theme.id)
            words += [(theme.id, i) for i, p in enumerate(theme.words) if p.matches(lemma, surface)]
            together += [
                (theme.id, g, i)
                for g, group in enumerate(theme.together)
                for i, p in enumerate(group)
                if p.matches(lemma, surface)
            ]
        if not (ignored or words or together):
            return NO_MATCH
        return WordMatches(frozenset(ignored), tuple(words), tuple(together))

    def theme(self, key: str) -> Theme:
        """A theme by its id, Finnish name or short name (case-insensitive)."""
        folded = key.strip().casefold()
        for t in self.themes:
            if folded in (t.id.casefold(), t.name.casefold(), t.short.casefold()):
                return t
        raise KeyError(key)

    @property
    def names(self) -> dict[str, str]:
        return {t.id: t.name for t in self.themes}


@lru_cache(maxsize=None)
def load_themebook(path: Path | None = None) -> ThemeBook:
    raw = yaml.safe_load(Path(path or THEMES_FILE).read_text(encoding="utf-8"))
    themes = tuple(
        Theme(
            id=t["id"],
            name=t["name"],
            short=t.get("short", t["name"]),
            description=" ".join(str(t.get("description", "")).split()),
            words=tuple(Pattern(str(w)) for w in t.get("words", ())),
            together=tuple(tuple(Pattern(str(p)) for p in group) for group in t.get("together", ())),
            ignore=tuple(Pattern(str(w)) for w in t.get("ignore", ())),
        )
        for t in raw["themes"]
    )
    return ThemeBook(
        themes,
        frozenset(w.casefold() for w in raw.get("negations", ())),
        frozenset(w.casefold() for w in raw.get("clause_breaks", ())),
    )


# --- text -------------------------------------------------------------------------


class _TrieDictionaries(TrieDictionaryFactory):
    """simplemma's dictionaries as memory-mapped MARISA tries, cached on disk.

    simplemma's default unpacks the whole Finnish dictionary into a dict at first
    use, about 3 s in every process. The trie is built once per simplemma version
    (about 7 s, into the user's cache folder, e.g. ~/.cache/simplemma/) and then
    opens in milliseconds. Lemmas are the same: it is the same dictionary. The
    file is written under a temporary name and renamed, so a process reading it
    never sees half of it.
    """

    def _write_trie_to_disk(self, lang: str, trie) -> None:
        self._cache_dir.mkdir(parents=True, exist_ok=True)
        target = self._cache_dir / f"{lang}.dic"
        fd, name = tempfile.mkstemp(prefix=f".{lang}.", suffix=".dic", dir=self._cache_dir)
        os.close(fd)
        try:
            trie.save(name)
            os.replace(name, target)
        except BaseException:
            Path(name).unlink(missing_ok=True)
            raise


@lru_cache(maxsize=None)
def _simplemma() -> tuple[Lemmatizer, DictionaryLookupStrategy]:
    dictionaries = _TrieDictionaries()
    return (
        Lemmatizer(lemmatization_strategy=DefaultStrategy(dictionary_factory=dictionaries)),
        DictionaryLookupStrategy(dictionaries),
    )


def _is_known(word: str) -> bool:
    """simplemma.is_known(word, "fi"), on the trie dictionaries."""
    return _simplemma()[1].get_lemma(unicodedata.normalize("NFC", word), "fi") is not None


@lru_cache(maxsize=200_000)
def lemma(word: str) -> str:
    """The Finnish lemma of one word (simplemma), lower-case.

    simplemma sometimes answers an unknown compound with its first part only
    ("hoitopolut" -> "hoito"). When the rest of the word is itself a known word,
    the word is a compound: its lemma is the first part plus the lemma of the rest
    ("hoito" + "polku"), so rules on the compound's head ("*polku") still apply.
    """
    lemmatizer = _simplemma()[0]
    word = word.casefold()
    found = lemmatizer.lemmatize(word, lang="fi").casefold()
    if found != word and word.startswith(found) and len(word) - len(found) >= 4:
        tail = word[len(found):]
        tail_lemma = lemmatizer.lemmatize(tail, lang="fi").casefold()
        if _is_known(tail) or (tail_lemma != tail and _is_known(tail_lemma)):
            return found + tail_lemma
    return found


class Token(NamedTuple):
    surface: str
    lemma: str
    matches: WordMatches = NO_MATCH


def _part_clauses(part: str, book: ThemeBook) -> list[list[Token]]:
    """One stretch of an answer between punctuation marks (.!?;:, and line breaks)
    as clauses of tokens, split before the words that open a new clause ("mutta",
    "vaan", "eikä")."""
    result: list[list[Token]] = []
    current: list[Token] = []
    for word in _WORD.findall(part):
        for piece in word.split("-") if "-" in word else (word,):  # "Chat-palvelu", "sosiaali- ja"
            if not piece:
                continue
            surface = piece.casefold()
            if surface in book.clause_breaks and current:
                result.append(current)
                current = []
            current.append(Token(surface, *book.word(surface)))
    if current:
        result.append(current)
    return result


# --- coding -------------------------------------------------------------------------


@dataclass
class ThemeCode:
    """The automatic code of one answer for one theme, with the evidence."""

    theme: str
    present: bool
    evidence: list[str] = field(default_factory=list)  # what fired
    negated: list[str] = field(default_factory=list)  # what would have fired, but in a negated clause

    @property
    def evidence_text(self) -> str | None:
        """The text of the theme's evidence column (None when nothing fired)."""
        return _describe(self.evidence, self.negated) if (self.evidence or self.negated) else None


def _clause_hits(clause: Sequence[Token], book: ThemeBook) -> dict[str, list[str]]:
    """Theme id -> what fired in this clause: each `words` pattern in order with the
    words it matched, then each `together` group whose every pattern matched (by
    the first word matching each); words on a theme's `ignore` list do not count."""
    word_hits: dict[str, list[tuple[int, int, str]]] = {}
    group_hits: dict[str, dict[tuple[int, int], str]] = {}
    for position, token in enumerate(clause):
        m = token.matches
        if m is NO_MATCH:
            continue
        for theme_id, index in m.words:
            if theme_id not in m.ignored:
                word_hits.setdefault(theme_id, []).append((index, position, token.surface))
        for theme_id, group, index in m.together:
            if theme_id not in m.ignored:
                group_hits.setdefault(theme_id, {}).setdefault((group, index), token.surface)
    hits: dict[str, list[str]] = {}
    if not (word_hits or group_hits):
        return hits
    for theme in book.themes:
        if theme.id not in word_hits and theme.id not in group_hits:
            continue
        found = [
            f"{surface} [{theme.words[index].text}]"
            for index, _, surface in sorted(word_hits.get(theme.id, ()))
        ]
        firsts = group_hits.get(theme.id)
        if firsts:
            for g, group in enumerate(theme.together):
                surfaces = [firsts.get((g, i)) for i in range(len(group))]
                if all(surfaces):
                    found.append(f"{' … '.join(surfaces)} [{' + '.join(p.text for p in group)}]")
        if found:
            hits[theme.id] = found
    return hits


def code_answer(text: object, book: ThemeBook | None = None) -> dict[str, ThemeCode]:
    """Theme id -> ThemeCode for one answer (an empty answer carries no theme)."""
    book = book or load_themebook()
    codes = {t.id: ThemeCode(t.id, False) for t in book.themes}
    if text is None or (isinstance(text, float) and pd.isna(text)) or pd.isna(text):
        return codes
    for theme_id, (evidence, negated) in _hits_by_theme(_CLAUSE_PUNCTUATION.split(str(text)), book).items():
        codes[theme_id] = ThemeCode(theme_id, bool(evidence), evidence, negated)
    return codes


def _hits_by_theme(parts: Iterable[str], book: ThemeBook) -> dict[str, tuple[list[str], list[str]]]:
    """Theme id -> (what fired in clauses that count, what fired in negated clauses),
    for the themes where anything fired, in an answer's stretches between
    punctuation marks."""
    found: dict[str, tuple[list[str], list[str]]] = {}
    for part in parts:
        for negated, clause_hits in _part_hits(book, part):
            for theme_id, hits in clause_hits.items():
                entry = found.get(theme_id)
                if entry is None:
                    entry = found[theme_id] = ([], [])
                entry[1 if negated else 0].extend(hits)
    return found


@lru_cache(maxsize=PART_CACHE_SIZE)
def _part_hits(book: ThemeBook, part: str) -> tuple[tuple[bool, dict[str, list[str]]], ...]:
    """The clauses of one stretch between punctuation marks where anything fired:
    whether each is negated, and what fired. Remembered, as answers repeat their
    stock phrases."""
    found = []
    for clause in _part_clauses(part, book):
        hits = _clause_hits(clause, book)
        if hits:
            found.append((any(t.surface in book.negations for t in clause), hits))
    return tuple(found)


def _stretches(texts: pa.Array) -> tuple[pa.Array, np.ndarray]:
    """The answers ``texts`` (no nulls) cut after each run of punctuation marks, and
    the answer of each stretch. A stretch keeps the marks that end it ("hoito, "
    -> "hoito,", " jonot"): the words in it are those of the same stretch in
    ``_CLAUSE_PUNCTUATION.split``, and nothing else is read from a stretch.

    The marks are ASCII, a byte that never occurs inside another UTF-8 character,
    so the cuts are found in the text bytes with numpy and the stretches are views
    of the same buffer: no text is copied."""
    texts = texts.cast(pa.large_string())
    _, offsets_buffer, data_buffer = texts.buffers()
    offsets = np.frombuffer(offsets_buffer, dtype=np.int64)[texts.offset : texts.offset + len(texts) + 1]
    start, stop = int(offsets[0]), int(offsets[-1])
    if stop == start:  # no text at all
        return pa.array([], type=pa.large_string()), np.zeros(0, dtype=np.int64)
    data = np.frombuffer(data_buffer, dtype=np.uint8)[start:stop]
    is_mark = np.zeros(256, dtype=bool)
    is_mark[list(_PUNCTUATION_MARKS.encode("ascii"))] = True
    marks = np.flatnonzero(is_mark[data])
    last_of_run = np.append(np.diff(marks) != 1, True) if len(marks) else np.zeros(0, dtype=bool)
    after_marks = marks[last_of_run] + 1 + start  # the byte after each run of marks
    cuts = np.concatenate([offsets, after_marks])  # a stretch begins at each answer and after marks
    cuts.sort(kind="stable")  # two sorted runs: merged in linear time
    cuts = cuts[np.append(True, np.diff(cuts) != 0)]  # so no stretch is empty
    parts = pa.LargeStringArray.from_buffers(len(cuts) - 1, pa.py_buffer(cuts), data_buffer)
    return parts, np.searchsorted(offsets, cuts[:-1], side="right") - 1


_NEGATED_PREFIX = "kielteisessä lauseessa, ei laskettu: "


def _describe(evidence: Sequence[str], negated: Sequence[str]) -> str:
    """The evidence column's text: what fired, then what was set aside as negated
    (each without repeats, in the order found)."""
    parts = []
    if evidence:
        parts.append("; ".join(dict.fromkeys(evidence)))
    if negated:
        parts.append(_NEGATED_PREFIX + "; ".join(dict.fromkeys(negated)))
    return " | ".join(parts)


def code_frame(frame: pd.DataFrame, book: ThemeBook | None = None) -> pd.DataFrame:
    """Theme columns for every row of ``frame``: ``theme__<id>`` (boolean) and
    ``theme_evidence__<id>`` (the words and rules that fired; empty when none).
    Each distinct answer is coded once; for one answer the columns hold what
    :func:`code_answer` says, its evidence as :attr:`ThemeCode.evidence_text`."""
    texts = frame[TEXT_COLUMN] if TEXT_COLUMN in frame else pd.Series(pd.NA, index=frame.index, dtype="string")
    return code_texts(texts, book)


def code_texts(texts: pd.Series, book: ThemeBook | None = None) -> pd.DataFrame:
    """:func:`code_frame` for the column of answers itself."""
    book = book or load_themebook()
    positions, uniques = pd.factorize(texts, use_na_sentinel=True)
    if isinstance(uniques.array, pd.arrays.ArrowStringArray):
        distinct = pa.chunked_array(uniques.array._pa_array).combine_chunks()
    else:
        distinct = pa.array([str(t) for t in uniques], type=pa.large_string())
    present, evidence = _code_distinct(distinct, book)
    out = {}
    for theme in book.themes:
        flags = np.append(present[theme.id], False)  # position -1: no answer
        out[theme.column] = pd.array(flags[positions], dtype="boolean")
        out[theme.evidence_column] = string_take(evidence[theme.id], positions)
    return pd.DataFrame(out, index=texts.index)


def _code_distinct(texts: pa.Array, book: ThemeBook) -> tuple[dict[str, np.ndarray], dict[str, pa.Array]]:
    """Theme id -> present, and theme id -> evidence text (null where nothing fired),
    for each of the distinct answers ``texts``.

    Done column-wise: the answers are cut into stretches at punctuation marks
    (:func:`_stretches`), each distinct stretch is coded once (:func:`_part_hits`),
    and what fired is spread back over the answers and joined by numpy and
    pyarrow, so that no Python runs per answer. What it gives is what
    :func:`code_answer` and :func:`_describe` give answer by answer (tested).
    """
    n_themes = len(book.themes)
    parts, answer_of_part = _stretches(texts)
    encoded = pc.dictionary_encode(parts)
    part_of = encoded.indices.to_numpy()  # stretch -> distinct stretch

    # What fires in each distinct stretch, as rows (theme, negated, evidence) in
    # the order code_answer finds them; rows of stretch d are first[d]:first[d] + count[d].
    theme_index = {t.id: i for i, t in enumerate(book.themes)}
    evidence_id: dict[str, int] = {}
    fired_theme: list[int] = []
    fired_negated: list[int] = []
    fired_evidence: list[int] = []
    distinct_parts = encoded.dictionary.to_pylist()
    first = np.zeros(len(distinct_parts), dtype=np.int64)
    count = np.zeros(len(distinct_parts), dtype=np.int64)
    for d, part in enumerate(distinct_parts):
        first[d] = len(fired_theme)
        for in_negated_clause, clause_hits in _part_hits(book, part):
            for theme_id, hits in clause_hits.items():
                for hit in hits:
                    fired_theme.append(theme_index[theme_id])
                    fired_negated.append(int(in_negated_clause))
                    fired_evidence.append(evidence_id.setdefault(hit, len(evidence_id)))
        count[d] = len(fired_theme) - first[d]

    # Spread over the answers: one row per (stretch of an answer, what fired there),
    # answers in order and, within an answer, its stretches in order.
    per_part = count[part_of]
    carrying = np.flatnonzero(per_part)
    repeats = per_part[carrying]
    row = np.repeat(first[part_of[carrying]], repeats) + (
        np.arange(int(repeats.sum())) - np.repeat(np.cumsum(repeats) - repeats, repeats)
    )
    answer = np.repeat(answer_of_part[carrying], repeats)
    theme = np.asarray(fired_theme, dtype=np.int64)[row]
    negated = np.asarray(fired_negated, dtype=np.int64)[row]
    evidence = np.asarray(fired_evidence, dtype=np.int64)[row]

    # Each evidence once per answer, theme and negation (the first time it fires),
    # then grouped by theme and negation, keeping the order within each answer.
    n_evidence = max(len(evidence_id), 1)
    if len(texts) * n_themes * 2 * n_evidence < 2**62:  # one integer per combination
        key = ((answer * n_themes + theme) * 2 + negated) * n_evidence + evidence
        repeated = pd.Series(key).duplicated().to_numpy()
    else:
        repeated = pd.DataFrame({"a": answer, "t": theme, "n": negated, "e": evidence}).duplicated().to_numpy()
    answer, theme, negated, evidence = (v[~repeated] for v in (answer, theme, negated, evidence))
    order = np.argsort(theme * 2 + negated, kind="stable")
    answer, group, evidence = answer[order], (theme * 2 + negated)[order], evidence[order]
    bounds = np.searchsorted(group, np.arange(2 * n_themes + 1))
    evidence_texts = pa.array(list(evidence_id), type=pa.large_string())

    def joined(g: int) -> tuple[np.ndarray, pa.Array]:
        """Per answer: whether anything is in group g, and its evidence "; "-joined."""
        start, stop = bounds[g], bounds[g + 1]
        offsets = np.searchsorted(answer[start:stop], np.arange(len(texts) + 1))
        values = evidence_texts.take(pa.array(evidence[start:stop]))
        lists = pa.LargeListArray.from_arrays(pa.array(offsets, type=pa.int64()), values)
        return np.diff(offsets) > 0, pc.binary_join(lists, _text("; "))

    present: dict[str, np.ndarray] = {}
    described: dict[str, pa.Array] = {}
    for i, t in enumerate(book.themes):  # as _describe puts it
        has_fired, fired = joined(2 * i)
        has_set_aside, set_aside = joined(2 * i + 1)
        set_aside = pc.binary_join_element_wise(_text(_NEGATED_PREFIX), set_aside, _text(""))
        both = pc.binary_join_element_wise(fired, set_aside, _text(" | "))
        present[t.id] = has_fired
        described[t.id] = pc.if_else(
            has_set_aside,
            pc.if_else(has_fired, both, set_aside),
            pc.if_else(has_fired, fired, _text(None)),
        )
    return present, described


def _text(value: str | None) -> pa.Scalar:
    return pa.scalar(value, pa.large_string())


# --- reviewed codes -------------------------------------------------------------------


@dataclass
class ReviewedCodes:
    """Hand-reviewed codes: (response id, theme id) -> present; the response id in
    its canonical form (see :mod:`analysis.response_ids`)."""

    codes: dict[tuple[str, str], bool] = field(default_factory=dict)
    path: Path | None = None
    problems: list = field(default_factory=list)


@dataclass(frozen=True)
class OverrideSummary:
    given: int  # reviewed codes that match a response
    changed: int  # of those, how many differ from the automatic code
    unmatched: int  # reviewed codes for response ids in no export


def apply_reviewed(
    frame: pd.DataFrame, reviewed: ReviewedCodes, book: ThemeBook | None = None
) -> tuple[pd.DataFrame, OverrideSummary]:
    """Override the automatic theme columns of ``frame`` with the reviewed codes."""
    book = book or load_themebook()
    frame = frame.copy()
    ids = frame["response_id"]
    given = changed = 0
    known = set(ids.dropna())
    for (response_id, theme_id), present in reviewed.codes.items():
        if response_id not in known:
            continue
        theme = book.theme(theme_id)
        rows = ids == response_id
        automatic = frame.loc[rows, theme.column].fillna(False).astype(bool)
        given += 1
        changed += int((automatic != present).any())
        before = frame.loc[rows, theme.evidence_column].fillna("")
        frame.loc[rows, theme.column] = present
        frame.loc[rows, theme.evidence_column] = (
            f"tarkistettu käsin: {'kyllä' if present else 'ei'}"
            + before.map(lambda e: f" (automaattinen: {e})" if e else " (automaattinen: ei osumaa)")
        )
    unmatched = sum(1 for (rid, _) in reviewed.codes if rid not in known)
    return frame, OverrideSummary(given, changed, unmatched)


def theme_columns(book: ThemeBook | None = None) -> list[str]:
    book = book or load_themebook()
    return [c for t in book.themes for c in (t.column, t.evidence_column)]


def answers_for(frame: pd.DataFrame, theme_key: str, book: ThemeBook | None = None) -> pd.DataFrame:
    """For review: the answers coded to one theme, with the words that fired."""
    book = book or load_themebook()
    theme = book.theme(theme_key)
    chosen = frame[frame[theme.column].fillna(False).astype(bool)]
    return chosen[["response_id", "region", "model_name", TEXT_COLUMN, theme.evidence_column]].rename(
        columns={theme.evidence_column: "evidence"}
    )


def evaluate(
    texts: Iterable[str], truth: Iterable[Iterable[str]], book: ThemeBook | None = None
) -> pd.DataFrame:
    """Precision, recall and F1 of the automatic coding per theme, against hand codes."""
    book = book or load_themebook()
    rows = []
    predicted = [code_answer(t, book) for t in texts]
    truth_sets = [set(t) for t in truth]
    for theme in book.themes:
        tp = sum(1 for p, t in zip(predicted, truth_sets) if p[theme.id].present and theme.id in t)
        fp = sum(1 for p, t in zip(predicted, truth_sets) if p[theme.id].present and theme.id not in t)
        fn = sum(1 for p, t in zip(predicted, truth_sets) if not p[theme.id].present and theme.id in t)
        precision = tp / (tp + fp) if tp + fp else 1.0
        recall = tp / (tp + fn) if tp + fn else 1.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        rows.append({"theme": theme.id, "tp": tp, "fp": fp, "fn": fn,
                     "precision": precision, "recall": recall, "f1": f1})
    return pd.DataFrame(rows).set_index("theme")
