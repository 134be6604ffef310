"""Coding the open answers into the seven result themes, transparently.

The rules live in ``data/themes.yaml`` (how they work is explained there; they
are loaded by :mod:`analysis.themebook`, and words are analysed by
:mod:`analysis.theme_words`). Every decision can be traced: for each theme an
answer carries, the coder keeps the words and the rule that fired, e.g.
``kustannussäästöjä [säästö*]`` or ``jonot … lyhenivät [jono* + lyhe*]``; a weak
(spelling-tolerant) match is marked ``[~rule]``, and what a negation or a
non-result set aside is listed after it. Each answer also gets its language and,
where the coder is unsure, a review flag with the reason.

Reviewed codes from the hand-kept ``theme_codes.csv`` (response id, theme, 1/0)
win over the automatic code for that response and theme.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from .columns import string_take
from .theme_words import WORD, detect_languages, lemma
from .themebook import LANGUAGE_NAMES, THEMES_FILE, Pattern, Theme, ThemeBook, WordInfo, load_themebook

__all__ = [
    "LANGUAGE_COLUMN",
    "REVIEW_COLUMN",
    "TEXT_COLUMN",
    "THEMES_FILE",
    "AnswerCoding",
    "Pattern",
    "Theme",
    "ThemeBook",
    "ThemeCode",
    "analyse_answer",
    "code_answer",
    "code_frame",
    "code_texts",
    "evaluate",
    "lemma",
    "load_themebook",
]

TEXT_COLUMN = "key_results"
REVIEW_COLUMN = "theme_review"  # why the coding of the answer should be checked by a person
LANGUAGE_COLUMN = "answer_language"  # fi, sv or en: the rules the answer was coded with

_PUNCTUATION_MARKS = ".!?;\n"  # sentence ends: an answer is coded sentence by sentence
_CLAUSE_MARKS = re.compile(r"[,:()\u2013\u2014]+|\s[-\u2022]\s")  # and a sentence clause by clause
SENTENCE_END = re.compile(f"[{re.escape(_PUNCTUATION_MARKS)}]+")
PART_CACHE_SIZE = 300_000  # stretches of answer text whose theme hits are remembered
MAX_COMBINATIONS = 64  # placements of one rule's words tried in one clause
NEGATES_NEXT_SPAN = 2  # words after "ilman"/"without" that it negates
MIN_WORDS_FOR_LANGUAGE = 4  # a shorter answer ("Ks. Innokylä.") is not flagged for its language


# --- one stretch of text ----------------------------------------------------------


@dataclass(frozen=True)
class Hit:
    """One rule that fired in a clause."""

    theme: str
    subtopic: int
    evidence: str  # "words [rule]"; "[~rule]" when weak
    negated: bool  # set aside by a negation or a non-result
    weak: bool  # found only with spelling tolerance


class _Token:
    __slots__ = ("text", "info", "state")

    def __init__(self, text: str, info: WordInfo) -> None:
        self.text, self.info = text, info
        self.state = ""  # "" counts; "clause": negated or a non-result; "next": after "ilman"


def _tokens(part: str, book: ThemeBook, lang: str) -> list[_Token]:
    tokens = []
    for word in WORD.findall(part):
        for piece in word.split("-") if "-" in word else (word,):  # "Chat-palvelu", "sosiaali- ja"
            if piece:
                surface = piece.casefold()
                tokens.append(_Token(surface, book.word(surface, lang)))
    return tokens


def _clauses(tokens: list[_Token], breaks: frozenset[str]) -> list[list[_Token]]:
    """Tokens cut before each word of ``breaks``."""
    result: list[list[_Token]] = []
    current: list[_Token] = []
    for token in tokens:
        if token.text in breaks and current:
            result.append(current)
            current = []
        current.append(token)
    if current:
        result.append(current)
    return result


def _all_found(groups: Sequence[Sequence[object]], found: set[tuple[int, int]]) -> bool:
    return any(all((g, s) in found for s in range(len(group))) for g, group in enumerate(groups))


def _mark_negation(clause: list[_Token], book: ThemeBook, lang: str, planned: bool) -> bool:
    """Set each token's state: a plan sets aside the whole sentence, a non-result the
    whole clause; a negation its scope (unless a lifting word is in the scope);
    "ilman" the next words. Whether the clause is set aside as a whole."""
    rules = book.languages[lang]
    non_result = planned or _all_found(rules.non_results, {m for t in clause for m in t.info.non_result})
    any_negated = non_result
    for scope in _clauses(clause, rules.scope_breaks):
        negated = non_result or (any(t.info.negation for t in scope) and not any(t.info.lifts for t in scope))
        any_negated = any_negated or negated
        pending = 0
        for token in scope:
            if negated:
                token.state = "clause"
            elif pending:
                token.state = "next"
                pending -= 1
            if token.info.negates_next:
                pending = NEGATES_NEXT_SPAN
    return any_negated


def _clause_hits(clause: list[_Token], book: ThemeBook, lang: str) -> list[Hit]:
    rules = book.languages[lang].rules
    slots: dict[int, dict[int, list[tuple[int, bool]]]] = {}
    blocked = {r for token in clause for r in token.info.blocks}
    for position, token in enumerate(clause):
        for r, s, weak in token.info.matches:
            if rules[r].theme not in token.info.ignored and r not in blocked:
                slots.setdefault(r, {}).setdefault(s, []).append((position, weak))
    hits = []
    for r in sorted(slots):
        rule, found = rules[r], slots[r]
        if len(found) < len(rule.patterns):
            continue
        best = None
        for combo in itertools.islice(
            itertools.product(*(found[s] for s in range(len(rule.patterns)))), MAX_COMBINATIONS
        ):
            places = [p for p, _ in combo]
            if len(places) > 1 and (max(places) - min(places) > book.together_window or len(set(places)) < len(places)):
                continue
            tokens = [clause[p] for p in places]
            named_negation = any(t.info.negates_next for t in tokens)
            negated = any(t.state == "clause" or (t.state == "next" and not named_negation) for t in tokens)
            weak = any(w for _, w in combo)
            rank = (negated, weak, max(places) - min(places))  # the closest words that count
            if best is None or rank < best[0]:
                best = (rank, tokens)
        if best is None:
            continue
        (negated, weak, _), tokens = best
        words = " … ".join(t.text for t in tokens)
        hits.append(Hit(rule.theme, rule.subtopic, f"{words} [{'~' if weak else ''}{rule.text}]", negated, weak))
    return hits


@lru_cache(maxsize=PART_CACHE_SIZE)
def part_hits(book: ThemeBook, lang: str, part: str) -> tuple[Hit, ...]:
    """What fires in one sentence, clause by clause. A clause that is set aside as a
    whole and refers back ("..., mutta niitä ei ehditty järjestää") sets aside the
    clause before it too. Remembered, as answers repeat their stock phrases."""
    rules = book.languages[lang]
    clauses = [
        clause
        for piece in _CLAUSE_MARKS.split(part)
        for clause in _clauses(_tokens(piece, book, lang), rules.clause_breaks)
    ]
    planned = _all_found(rules.plans, {m for clause in clauses for t in clause for m in t.info.plan})
    per_clause: list[list[Hit]] = []
    for i, clause in enumerate(clauses):
        set_aside = _mark_negation(clause, book, lang, planned)
        hits = _clause_hits(clause, book, lang)
        if set_aside and i and any(t.info.refers_back for t in clause) and not any(not h.negated for h in hits):
            per_clause[-1] = [_set_aside(h) for h in per_clause[-1]]
        per_clause.append(hits)
    return tuple(h for hits in per_clause for h in hits)


def _set_aside(hit: Hit) -> Hit:
    return Hit(hit.theme, hit.subtopic, hit.evidence, True, hit.weak)


# --- one answer -------------------------------------------------------------------


@dataclass
class ThemeCode:
    """The automatic code of one answer for one theme, with the evidence."""

    theme: str
    present: bool
    evidence: list[str] = field(default_factory=list)  # what fired
    negated: list[str] = field(default_factory=list)  # what fired, but was set aside
    subtopics: list[int] = field(default_factory=list)  # sub-topics found (positions in the theme)
    weak_only: bool = False  # present only through spelling-tolerant matches

    @property
    def evidence_text(self) -> str | None:
        """The text of the theme's evidence column (None when nothing fired)."""
        return _describe(self.evidence, self.negated) if (self.evidence or self.negated) else None


@dataclass
class AnswerCoding:
    """One answer coded: its language, the code per theme and the review flag."""

    language: str
    codes: dict[str, ThemeCode]
    review: str | None


def _is_missing(text: object) -> bool:
    return text is None or (not isinstance(text, str) and bool(pd.isna(text)))


def analyse_answer(text: object, book: ThemeBook | None = None) -> AnswerCoding:
    """Code one answer (an empty answer carries no theme and no flag)."""
    book = book or load_themebook()
    codes = {t.id: ThemeCode(t.id, False) for t in book.themes}
    if _is_missing(text):
        return AnswerCoding(book.covered[0], codes, None)
    text = str(text)
    languages = detect_languages(
        pa.array([text], type=pa.large_string()), book.covered, book.restore, book.min_language_share
    )
    lang = book.covered[int(languages.codes[0])]
    strong: set[str] = set()
    for part in SENTENCE_END.split(text):
        for hit in part_hits(book, lang, part):
            code = codes[hit.theme]
            (code.negated if hit.negated else code.evidence).append(hit.evidence)
            if not hit.negated:
                code.present = True
                if hit.subtopic not in code.subtopics:
                    code.subtopics.append(hit.subtopic)
                if not hit.weak:
                    strong.add(hit.theme)
    for code in codes.values():
        code.weak_only = code.present and code.theme not in strong
    review = _review_reason(
        book,
        lang,
        bool(languages.uncertain[0]),
        int(languages.words[0]),
        [c.present for c in codes.values()],
        [c.weak_only for c in codes.values()],
        [bool(c.negated) for c in codes.values()],
    )
    return AnswerCoding(lang, codes, review)


def code_answer(text: object, book: ThemeBook | None = None) -> dict[str, ThemeCode]:
    """Theme id -> ThemeCode for one answer (an empty answer carries no theme)."""
    return analyse_answer(text, book).codes


def _review_reason(
    book: ThemeBook,
    lang: str,
    uncertain: bool,
    words: int,
    present: Sequence[bool],
    weak_only: Sequence[bool],
    set_aside: Sequence[bool],
) -> str | None:
    """Why a person should check this answer's coding; None when nothing calls for it."""
    reasons = []
    if uncertain and words >= MIN_WORDS_FOR_LANGUAGE:
        reasons.append("kieli epävarma: sanakirjat tuntevat alle puolet sanoista")
    elif lang != book.covered[0]:
        reasons.append(f"kieli: {LANGUAGE_NAMES.get(lang, lang)}")
    if not any(present) and words >= book.review_min_words:
        reasons.append(f"ei teemaa, vaikka vastauksessa on {words} sanaa")
    weak = [t.short for t, w in zip(book.themes, weak_only) if w]
    if weak:
        reasons.append("vain epävarma osuma (kirjoitusasu): " + ", ".join(weak))
    aside = [t.short for t, a in zip(book.themes, set_aside) if a]
    if aside:
        reasons.append("kielteinen ilmaus tai toteutumaton tulos osuman lähellä: " + ", ".join(aside))
    return "; ".join(reasons) or None


NEGATED_PREFIX = "kielteisessä tai toteutumattomassa lauseessa, ei laskettu: "


def _describe(evidence: Sequence[str], negated: Sequence[str]) -> str:
    """The evidence column's text: what fired, then what was set aside (each
    without repeats, in the order found)."""
    parts = []
    if evidence:
        parts.append("; ".join(dict.fromkeys(evidence)))
    if negated:
        parts.append(NEGATED_PREFIX + "; ".join(dict.fromkeys(negated)))
    return " | ".join(parts)


# --- whole columns ----------------------------------------------------------------


def _stretches(texts: pa.Array) -> tuple[pa.Array, np.ndarray]:
    """The answers ``texts`` (no nulls) cut after each run of punctuation marks, and
    the answer of each stretch. A stretch keeps the marks that end it ("hoito, "
    -> "hoito,", " jonot"): the words in it are those of the same stretch in
    ``SENTENCE_END.split``, and nothing else is read from a stretch.

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


@dataclass
class _Coded:
    """Per distinct answer and theme (arrays in the order of the themes)."""

    present: np.ndarray  # bool [answers, themes]
    strong: np.ndarray  # bool: present through a match that is not weak
    set_aside: np.ndarray  # bool: something was set aside
    evidence: list[pa.Array]  # per theme: evidence text, null where nothing fired


def code_frame(frame: pd.DataFrame, book: ThemeBook | None = None) -> pd.DataFrame:
    """Theme columns for every row of ``frame``: ``theme__<id>`` (boolean) and
    ``theme_evidence__<id>`` (the words and rules that fired; empty when none),
    then ``answer_language`` and ``theme_review``. Each distinct answer is coded
    once; for one answer the columns hold what :func:`analyse_answer` says."""
    texts = frame[TEXT_COLUMN] if TEXT_COLUMN in frame else pd.Series(pd.NA, index=frame.index, dtype="string")
    return code_texts(texts, book)


def code_texts(texts: pd.Series, book: ThemeBook | None = None) -> pd.DataFrame:
    """:func:`code_frame` for the column of answers itself."""
    book = book or load_themebook()
    positions, uniques = pd.factorize(texts, use_na_sentinel=True)
    if isinstance(uniques.array, pd.arrays.ArrowStringArray):
        distinct = pa.chunked_array(uniques.array._pa_array).combine_chunks().cast(pa.large_string())
    else:
        distinct = pa.array([str(t) for t in uniques], type=pa.large_string())
    n, n_themes = len(distinct), len(book.themes)
    languages = detect_languages(distinct, book.covered, book.restore, book.min_language_share)
    present = np.zeros((n, n_themes), dtype=bool)
    strong = np.zeros((n, n_themes), dtype=bool)
    set_aside = np.zeros((n, n_themes), dtype=bool)
    pieces: list[list[pa.Array]] = [[] for _ in book.themes]
    order = []
    for code, lang in enumerate(book.covered):
        chosen = np.flatnonzero(languages.codes == code)
        if not len(chosen):
            continue
        coded = _code_distinct(distinct.take(pa.array(chosen)), book, lang)
        present[chosen], strong[chosen], set_aside[chosen] = coded.present, coded.strong, coded.set_aside
        for i, array in enumerate(coded.evidence):
            pieces[i].append(array)
        order.append(chosen)
    back = np.empty(n, dtype=np.int64)
    if order:
        back[np.concatenate(order)] = np.arange(n)
    out = {}
    for i, theme in enumerate(book.themes):
        flags = np.append(present[:, i], False)  # position -1: no answer
        evidence = pa.concat_arrays(pieces[i]).take(pa.array(back)) if order else pa.array([], pa.large_string())
        out[theme.column] = pd.array(flags[positions], dtype="boolean")
        out[theme.evidence_column] = string_take(evidence, positions)
    out[LANGUAGE_COLUMN] = string_take([book.covered[c] for c in languages.codes], positions)
    weak_only = present & ~strong
    flagged = (
        (languages.codes != 0)
        | (languages.uncertain & (languages.words >= MIN_WORDS_FOR_LANGUAGE))
        | weak_only.any(axis=1)
        | set_aside.any(axis=1)
        | (~present.any(axis=1) & (languages.words >= book.review_min_words))
    )
    reasons: list[str | None] = [None] * n
    for d in np.flatnonzero(flagged):
        reasons[d] = _review_reason(
            book,
            book.covered[languages.codes[d]],
            bool(languages.uncertain[d]),
            int(languages.words[d]),
            present[d],
            weak_only[d],
            set_aside[d],
        )
    out[REVIEW_COLUMN] = string_take(reasons, positions)
    return pd.DataFrame(out, index=texts.index)


def _code_distinct(texts: pa.Array, book: ThemeBook, lang: str) -> _Coded:
    """The themes of each of the distinct answers ``texts``, all in ``lang``.

    Done column-wise: the answers are cut into stretches at punctuation marks
    (:func:`_stretches`), each distinct stretch is coded once (:func:`part_hits`),
    and what fired is spread back over the answers and joined by numpy and
    pyarrow, so that no Python runs per answer. What it gives is what
    :func:`analyse_answer` and :func:`_describe` give answer by answer (tested).
    """
    n, n_themes = len(texts), len(book.themes)
    parts, answer_of_part = _stretches(texts)
    encoded = pc.dictionary_encode(parts)
    part_of = encoded.indices.to_numpy()  # stretch -> distinct stretch

    # What fires in each distinct stretch, as rows (theme, negated, weak, evidence)
    # in the order analyse_answer finds them; rows of stretch d are first[d]:first[d] + count[d].
    theme_index = {t.id: i for i, t in enumerate(book.themes)}
    evidence_id: dict[str, int] = {}
    fired: list[tuple[int, int, int, int]] = []
    distinct_parts = encoded.dictionary.to_pylist()
    first = np.zeros(len(distinct_parts), dtype=np.int64)
    count = np.zeros(len(distinct_parts), dtype=np.int64)
    for d, part in enumerate(distinct_parts):
        first[d] = len(fired)
        for hit in part_hits(book, lang, part):
            fired.append(
                (
                    theme_index[hit.theme],
                    int(hit.negated),
                    int(hit.weak),
                    evidence_id.setdefault(hit.evidence, len(evidence_id)),
                )
            )
        count[d] = len(fired) - first[d]
    table = np.asarray(fired, dtype=np.int64).reshape(-1, 4)

    # Spread over the answers: one row per (stretch of an answer, what fired there),
    # answers in order and, within an answer, its stretches in order.
    per_part = count[part_of]
    carrying = np.flatnonzero(per_part)
    repeats = per_part[carrying]
    row = np.repeat(first[part_of[carrying]], repeats) + (
        np.arange(int(repeats.sum())) - np.repeat(np.cumsum(repeats) - repeats, repeats)
    )
    answer = np.repeat(answer_of_part[carrying], repeats)
    theme, negated, weak, evidence = (table[row, k] for k in range(4))

    present = np.zeros((n, n_themes), dtype=bool)
    strong = np.zeros((n, n_themes), dtype=bool)
    set_aside = np.zeros((n, n_themes), dtype=bool)
    present[answer[negated == 0], theme[negated == 0]] = True
    strong[answer[(negated == 0) & (weak == 0)], theme[(negated == 0) & (weak == 0)]] = True
    set_aside[answer[negated == 1], theme[negated == 1]] = True

    # Each evidence once per answer, theme and negation (the first time it fires),
    # then grouped by theme and negation, keeping the order within each answer.
    n_evidence = max(len(evidence_id), 1)
    if n * n_themes * 2 * n_evidence < 2**62:  # one integer per combination
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
        offsets = np.searchsorted(answer[start:stop], np.arange(n + 1))
        values = evidence_texts.take(pa.array(evidence[start:stop], type=pa.int64()))
        lists = pa.LargeListArray.from_arrays(pa.array(offsets, type=pa.int64()), values)
        return np.diff(offsets) > 0, pc.binary_join(lists, _text("; "))

    described: list[pa.Array] = []
    for i in range(n_themes):  # as _describe puts it
        has_fired, found = joined(2 * i)
        has_set_aside, aside = joined(2 * i + 1)
        aside = pc.binary_join_element_wise(_text(NEGATED_PREFIX), aside, _text(""))
        both = pc.binary_join_element_wise(found, aside, _text(" | "))
        described.append(
            pc.if_else(
                has_set_aside,
                pc.if_else(has_fired, both, aside),
                pc.if_else(has_fired, found, _text(None)),
            )
        )
    return _Coded(present, strong, set_aside, described)


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
        frame.loc[rows, theme.evidence_column] = f"tarkistettu käsin: {'kyllä' if present else 'ei'}" + before.map(
            lambda e: f" (automaattinen: {e})" if e else " (automaattinen: ei osumaa)"
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


def evaluate(texts: Iterable[str], truth: Iterable[Iterable[str]], book: ThemeBook | None = None) -> pd.DataFrame:
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
        rows.append(
            {"theme": theme.id, "tp": tp, "fp": fp, "fn": fn, "precision": precision, "recall": recall, "f1": f1}
        )
    return pd.DataFrame(rows).set_index("theme")
