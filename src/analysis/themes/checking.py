"""What a person does with the theme coding: review it, and read what it found.

- :func:`check_queue`: the answers with their themes, the words that fired and
  the review flag, flagged answers first (``python -m analysis themes --review``
  and the exploration notebook);
- :func:`record_checks`: the analyst's decisions (accept or reject a theme for an
  answer) merged into the hand-kept ``theme_codes.csv``, atomically; the next
  run applies them;
- :func:`subtopic_counts` and :func:`theme_quotes`: THL's syntheses per theme from
  the data: how many models mention each sub-topic, and short quotes
  (:func:`theme_quotes_in_language`: each with the language of its answer).
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Iterable
from pathlib import Path

import pandas as pd
import pyarrow as pa

from analysis.arrow_columns import flag
from analysis.files.hand_kept import HandKeptError, read_hand_kept
from analysis.files.outputs import write_input_atomically
from analysis.form.codebook import load_codebook
from analysis.problems.redaction import remove_contact_details
from analysis.processed.response_ids import canonical, problem, sort_key
from analysis.themes.coder import LANGUAGE_COLUMN, NEGATED_PREFIX, REVIEW_COLUMN, SENTENCE_END, TEXT_COLUMN, part_hits
from analysis.themes.rules import ThemeBook, load_themebook
from analysis.themes.words import detect_languages

QUOTES_PER_THEME = 3
QUOTE_LENGTH = (30, 220)  # characters of a quoted sentence, at least and at most
_RULE = re.compile(r"\[([^\[\]]+)\]")
_CODES_HEADER = ("response_id", "theme", "code")
# What the file's first line says when written here: the analyst opens it, so Finnish
# (the same columns by their Finnish aliases in the codebook's handkept section).
_CODES_HEADER_FI = ("Vastaajan numero", "teema", "koodi")


def check_queue(frame: pd.DataFrame, book: ThemeBook | None = None) -> pd.DataFrame:
    """Every answer with its themes, the words that fired and why it should be
    checked; flagged answers first, then by response id."""
    book = book or load_themebook()
    rows = []
    for _, row in frame.iterrows():
        present = [t for t in book.themes if bool(row[t.column]) is True]
        evidence = [f"{t.short}: {row[t.evidence_column]}" for t in book.themes if pd.notna(row[t.evidence_column])]
        reason = row.get(REVIEW_COLUMN)
        rows.append(
            {
                "response_id": row["response_id"],
                "region": row.get("region"),
                "model_name": row.get("model_name"),
                "answer": row.get(TEXT_COLUMN),
                "language": row.get(LANGUAGE_COLUMN),
                "review": None if pd.isna(reason) else reason,
                "themes": "; ".join(t.id for t in present),
                "evidence": " | ".join(evidence),
            }
        )
    queue = pd.DataFrame(
        rows, columns=["response_id", "region", "model_name", "answer", "language", "review", "themes", "evidence"]
    )
    ids = queue["response_id"].astype("string")
    keys = [
        (bool(pd.isna(review)), sort_key(str(rid)) if pd.notna(rid) else (9, 0, ""))
        for review, rid in zip(queue["review"], ids)
    ]
    return queue.iloc[sorted(range(len(queue)), key=keys.__getitem__)].reset_index(drop=True)


def record_checks(
    path: Path | str, decisions: Iterable[tuple[object, str, bool]], book: ThemeBook | None = None
) -> int:
    """Merge decisions (response id, theme id or Finnish name, present) into the
    hand-kept theme codes file at ``path``: a decision replaces an earlier line for
    the same response and theme, other lines are kept as they are. The file is
    written whole through a temporary file. Returns how many lines it holds.
    Raises ValueError naming the decision that cannot be recorded; then nothing is
    written."""
    book = book or load_themebook()
    path = Path(path)
    lines: dict[tuple[str, str], str] = {}
    if path.exists() or path.is_symlink():  # read as every hand-kept file is (any encoding Excel saves in)
        try:
            table = read_hand_kept(path, load_codebook().handkept["theme_codes"])
        except HandKeptError as exc:
            raise ValueError(
                f"{exc} (its first line must be {';'.join(_CODES_HEADER_FI)} or {';'.join(_CODES_HEADER)})"
            ) from None
        for line in table.rows.itertuples():
            rid = canonical(line.response_id) or line.response_id  # a broken line is kept as it is
            lines[(rid, line.theme)] = line.code
    for number, (response_id, theme_key, present) in enumerate(decisions, start=1):
        raw_id = None if response_id is None or pd.isna(response_id) else str(response_id)
        text_id = canonical(raw_id)
        if text_id is None:
            raise ValueError(f"decision {number}: {problem(raw_id)}")
        try:
            theme = book.theme(str(theme_key))
        except KeyError:
            raise ValueError(f"decision {number}: {theme_key!r} is not one of the seven themes") from None
        if not isinstance(present, bool):
            raise ValueError(f"decision {number}: say True (the theme is there) or False (it is not)")
        for key in [k for k in lines if k[0] == text_id and _same_theme(book, k[1], theme.id)]:
            del lines[key]
        lines[(text_id, theme.name)] = "1" if present else "0"
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow(_CODES_HEADER_FI)
    for (text_id, theme_name), code in lines.items():
        writer.writerow([text_id, theme_name, code])
    write_input_atomically(path, out.getvalue().encode("utf-8"))
    return len(lines)


def _same_theme(book: ThemeBook, key: str, theme_id: str) -> bool:
    try:
        return book.theme(key).id == theme_id
    except KeyError:
        return False


def _found_rules(evidence: object) -> list[str]:
    """The rules that fired (not those set aside) in one evidence text."""
    if evidence is None or pd.isna(evidence):
        return []
    counted = str(evidence).split(" | " + NEGATED_PREFIX)[0]
    if counted.startswith(NEGATED_PREFIX):
        return []
    return _RULE.findall(counted)


def subtopic_counts(frame: pd.DataFrame, book: ThemeBook | None = None) -> dict[str, dict[str, int]]:
    """Theme name -> sub-topic name -> how many answers carrying the theme mention
    it (by the rules that fired). An answer whose theme was set by hand with no
    rule firing counts under no sub-topic."""
    book = book or load_themebook()
    result: dict[str, dict[str, int]] = {}
    for theme in book.themes:
        counts = [0] * len(theme.subtopics)
        carrying = frame.loc[flag(frame, theme.column), theme.evidence_column]
        for evidence, times in carrying.value_counts(dropna=False).items():
            found = {book.subtopic_of(theme.id, rule) for rule in _found_rules(evidence)}
            for index in found - {None}:
                assert index is not None
                counts[index] += int(times)
        result[theme.name] = {sub.name: counts[i] for i, sub in enumerate(theme.subtopics)}
    return result


def theme_quotes(frame: pd.DataFrame, book: ThemeBook | None = None) -> dict[str, list[str]]:
    """Theme name -> up to three short quotes: sentences of the results answers
    where the theme's rules fired, one per sub-topic in order of how common it is,
    each of 30-220 characters and free of anything the personal-data screen would
    remove. Chosen by a hash of the sentence, so the same data gives the same
    quotes whatever the row order."""
    return {name: [quote for quote, _ in quotes] for name, quotes in theme_quotes_in_language(frame, book).items()}


def written_languages(texts: Iterable[str], book: ThemeBook | None = None) -> list[str]:
    """The language each text is written in ("fi", "sv", "en"), by the coder's own
    detection (:func:`analysis.themes.words.detect_languages`; Finnish where it
    cannot tell): for a report that quotes a text from the data as written."""
    texts = [str(t) for t in texts]
    if not texts:
        return []
    book = book or load_themebook()
    found = detect_languages(
        pa.array(texts, type=pa.large_string()), book.covered, book.restore, book.min_language_share
    )
    return [book.covered[int(code)] for code in found.codes]


def theme_quotes_in_language(frame: pd.DataFrame, book: ThemeBook | None = None) -> dict[str, list[tuple[str, str]]]:
    """:func:`theme_quotes` with each quote's language ("fi", "sv", "en": the
    language the coder read its answer in, ``answer_language``), so that a report
    can mark a quote with the language it was written in."""
    book = book or load_themebook()
    ranking = subtopic_counts(frame, book)
    result: dict[str, list[tuple[str, str]]] = {}
    for theme in book.themes:
        candidates: dict[int, set[str]] = {}
        written_in: dict[str, str] = {}  # a sentence -> its answer's language (the first by name if several)
        carrying = frame.loc[flag(frame, theme.column)]
        languages = (
            carrying[LANGUAGE_COLUMN]
            if LANGUAGE_COLUMN in carrying
            else pd.Series(book.covered[0], index=carrying.index)
        )
        for answer, lang in set(zip(carrying[TEXT_COLUMN].dropna(), languages.fillna(book.covered[0]))):
            if lang not in book.languages:
                continue
            screened, _ = remove_contact_details(str(answer))  # before cutting: "x@y.fi" has a full stop
            for sentence in SENTENCE_END.split(screened):
                sentence = " ".join(sentence.split()).strip(" -•")
                if not QUOTE_LENGTH[0] <= len(sentence) <= QUOTE_LENGTH[1]:
                    continue
                if "poistettu]" in sentence:
                    continue  # the personal-data screen removed something here
                for hit in part_hits(book, lang, sentence):
                    if hit.theme == theme.id and not hit.negated:
                        candidates.setdefault(hit.subtopic, set()).add(sentence)
                        written_in[sentence] = min(written_in.get(sentence, lang), lang)
        order = sorted(range(len(theme.subtopics)), key=lambda i: -ranking[theme.name][theme.subtopics[i].name])
        chosen: list[str] = []
        for index in order:
            pool = sorted(candidates.get(index, set()) - set(chosen), key=_stable_key)
            if pool:
                chosen.append(pool[0])
            if len(chosen) == QUOTES_PER_THEME:
                break
        result[theme.name] = [
            (quote if quote.endswith((".", "!", "?")) else quote + ".", written_in[quote]) for quote in chosen
        ]
    return result


def _stable_key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
