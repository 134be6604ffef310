"""Coding whole columns of open answers into the themes: each distinct stretch of
text is coded once (pyarrow arrays, no per-row Python), and every row gets what
:func:`analysis.themes.coder.analyse_answer` says of its answer."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from analysis.arrow_columns import pa_array, string_take
from analysis.themes.coder import (
    LANGUAGE_COLUMN,
    MIN_WORDS_FOR_LANGUAGE,
    NEGATED_PREFIX,
    PUNCTUATION_MARKS,
    REVIEW_COLUMN,
    TEXT_COLUMN,
    part_hits,
    part_role,
    review_reason,
)
from analysis.themes.rules import ThemeBook, load_themebook
from analysis.themes.words import detect_languages


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
    is_mark[list(PUNCTUATION_MARKS.encode("ascii"))] = True
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
    aims: np.ndarray  # bool per answer: something was set aside as an aim or a plan
    single_paraphrase: np.ndarray  # bool: present through one rule of several words alone
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
        distinct = pa_array(pd.Series(uniques.array)).combine_chunks().cast(pa.large_string())
    else:
        distinct = pa.array([str(t) for t in uniques], type=pa.large_string())
    n, n_themes = len(distinct), len(book.themes)
    languages = detect_languages(distinct, book.covered, book.restore, book.min_language_share)
    present = np.zeros((n, n_themes), dtype=bool)
    strong = np.zeros((n, n_themes), dtype=bool)
    set_aside = np.zeros((n, n_themes), dtype=bool)
    aims = np.zeros(n, dtype=bool)
    single_paraphrase = np.zeros((n, n_themes), dtype=bool)
    pieces: list[list[pa.Array]] = [[] for _ in book.themes]
    order = []
    for code, lang in enumerate(book.covered):
        chosen = np.flatnonzero(languages.codes == code)
        if not len(chosen):
            continue
        coded = _code_distinct(distinct.take(pa.array(chosen)), book, lang)
        present[chosen], strong[chosen], set_aside[chosen] = coded.present, coded.strong, coded.set_aside
        aims[chosen], single_paraphrase[chosen] = coded.aims, coded.single_paraphrase
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
    single_paraphrase &= (languages.words >= book.review_min_words_paraphrase)[:, None]
    flagged = (
        (languages.codes != 0)
        | (languages.uncertain & (languages.words >= MIN_WORDS_FOR_LANGUAGE))
        | weak_only.any(axis=1)
        | single_paraphrase.any(axis=1)
        | set_aside.any(axis=1)
        | (~present.any(axis=1) & aims)
        | (~present.any(axis=1) & (languages.words >= book.review_min_words))
    )
    reasons: list[str | None] = [None] * n
    for d in np.flatnonzero(flagged):
        reasons[d] = review_reason(
            book,
            book.covered[languages.codes[d]],
            bool(languages.uncertain[d]),
            int(languages.words[d]),
            present[d],
            weak_only[d],
            set_aside[d],
            bool(aims[d]),
            single_paraphrase[d],
        )
    out[REVIEW_COLUMN] = string_take(reasons, positions)
    return pd.DataFrame(out, index=texts.index)


def _code_distinct(texts: pa.Array, book: ThemeBook, lang: str) -> _Coded:
    """The themes of each of the distinct answers ``texts``, all in ``lang``.

    Done column-wise: the answers are cut into stretches at punctuation marks
    (:func:`_stretches`), each distinct stretch is coded once (:func:`part_hits`),
    and what fired is spread back over the answers and joined by numpy and
    pyarrow, so that no Python runs per answer. What it gives is what
    :func:`analyse_answer` and :func:`describe_evidence` give answer by answer (tested).
    """
    n, n_themes = len(texts), len(book.themes)
    parts, answer_of_part = _stretches(texts)
    encoded = pc.dictionary_encode(parts)
    part_of = encoded.indices.to_numpy()  # stretch -> distinct stretch

    # What fires in each distinct stretch, as rows (theme, negated, weak, evidence, aim)
    # in the order analyse_answer finds them; rows of stretch d are first[d]:first[d] + count[d].
    theme_index = {t.id: i for i, t in enumerate(book.themes)}
    evidence_id: dict[str, int] = {}
    paraphrase_of: dict[int, bool] = {}  # evidence -> from a rule of several words
    fired: list[tuple[int, int, int, int, int]] = []
    distinct_parts = encoded.dictionary.to_pylist()
    first = np.zeros(len(distinct_parts), dtype=np.int64)
    count = np.zeros(len(distinct_parts), dtype=np.int64)
    for d, part in enumerate(distinct_parts):
        first[d] = len(fired)
        for hit in part_hits(book, lang, part):
            paraphrase_of.setdefault(evidence_id.setdefault(hit.evidence, len(evidence_id)), hit.paraphrase)
            fired.append(
                (
                    theme_index[hit.theme],
                    int(hit.negated),
                    int(hit.weak),
                    evidence_id.setdefault(hit.evidence, len(evidence_id)),
                    int(hit.aim),
                )
            )
        count[d] = len(fired) - first[d]
    table = np.asarray(fired, dtype=np.int64).reshape(-1, 5)

    # The items of a list that a sentence of aims opens ("Tavoitteet:" then "- ..."
    # lines) are aims too: per stretch, whether the last stretch before it that is
    # not an item is such an opening, in the same answer (as in_aim_lists).
    roles = np.array([part_role(book, lang, part) for part in distinct_parts], dtype=bool).reshape(-1, 2)
    opens, item = roles[part_of, 0], roles[part_of, 1]
    positions = np.arange(len(part_of))
    last_other = np.maximum.accumulate(np.where(~item, positions, -1)) if len(part_of) else positions
    anchor = np.maximum(last_other, 0)
    listed = item & (last_other >= 0) & opens[anchor] & (answer_of_part[anchor] == answer_of_part)

    # Spread over the answers: one row per (stretch of an answer, what fired there),
    # answers in order and, within an answer, its stretches in order.
    per_part = count[part_of]
    carrying = np.flatnonzero(per_part)
    repeats = per_part[carrying]
    row = np.repeat(first[part_of[carrying]], repeats) + (
        np.arange(int(repeats.sum())) - np.repeat(np.cumsum(repeats) - repeats, repeats)
    )
    answer = np.repeat(answer_of_part[carrying], repeats)
    theme, negated, weak, evidence, aim = (table[row, k] for k in range(5))
    in_list = listed[np.repeat(carrying, repeats)]
    negated, aim = negated | in_list, aim | in_list

    present = np.zeros((n, n_themes), dtype=bool)
    strong = np.zeros((n, n_themes), dtype=bool)
    set_aside = np.zeros((n, n_themes), dtype=bool)
    present[answer[negated == 0], theme[negated == 0]] = True
    strong[answer[(negated == 0) & (weak == 0)], theme[(negated == 0) & (weak == 0)]] = True
    set_aside[answer[negated == 1], theme[negated == 1]] = True
    aims = np.zeros(n, dtype=bool)
    aims[answer[aim == 1]] = True

    # Each evidence once per answer, theme and negation (the first time it fires),
    # then grouped by theme and negation, keeping the order within each answer.
    n_evidence = max(len(evidence_id), 1)
    if n * n_themes * 2 * n_evidence < 2**62:  # one integer per combination
        key = ((answer * n_themes + theme) * 2 + negated) * n_evidence + evidence
        repeated = pd.Series(key).duplicated().to_numpy()
    else:
        repeated = pd.DataFrame({"a": answer, "t": theme, "n": negated, "e": evidence}).duplicated().to_numpy()
    answer, theme, negated, evidence = (v[~repeated] for v in (answer, theme, negated, evidence))

    # A theme that rests on one rule of several words alone: its one distinct evidence is a paraphrase
    paraphrases = np.array([paraphrase_of[e] for e in range(len(evidence_id))] or [False], dtype=bool)
    counted = answer[negated == 0] * n_themes + theme[negated == 0]
    distinct = np.bincount(counted, minlength=n * n_themes).reshape(n, n_themes)
    from_paraphrase = np.bincount(counted, weights=paraphrases[evidence[negated == 0]], minlength=n * n_themes).reshape(
        n, n_themes
    )
    single_paraphrase = (distinct == 1) & (from_paraphrase == 1)
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
    for i in range(n_themes):  # as describe_evidence puts it
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
    return _Coded(present, strong, set_aside, aims, single_paraphrase, described)


def _text(value: str | None) -> pa.Scalar:
    return pa.scalar(value, pa.large_string())
