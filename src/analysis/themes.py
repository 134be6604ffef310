"""Coding the open answers into the seven result themes, transparently.

The rules live in ``data/themes.yaml`` (how they work is explained there). Every
decision can be traced: for each theme an answer carries, the coder keeps the
words and the rule that fired, e.g. ``kustannussäästöjä [*säästö]`` or
``jonot … lyhenivät [jono* + lyhe*]``.

Reviewed codes from the hand-kept ``theme_codes.csv`` (response id, theme, 1/0)
win over the automatic code for that response and theme.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pandas as pd
import simplemma
import yaml

from . import config

THEMES_FILE = config.PACKAGE_DIR / "data" / "themes.yaml"
TEXT_COLUMN = "key_results"

_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*|\d+", re.UNICODE)
_CLAUSE_PUNCTUATION = re.compile(r"[.!?;:,\n]+")


# --- the rules ----------------------------------------------------------------------


@dataclass(frozen=True)
class Pattern:
    """One pattern of the codebook: ``sana``, ``sana*``, ``*sana``, ``*sana*``, or
    alternatives joined by ``|``."""

    text: str

    @property
    def alternatives(self) -> tuple[str, ...]:
        return tuple(a.strip().casefold() for a in self.text.split("|"))

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
class ThemeBook:
    themes: tuple[Theme, ...]
    negations: frozenset[str]
    clause_breaks: frozenset[str]

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


@lru_cache(maxsize=200_000)
def lemma(word: str) -> str:
    """The Finnish lemma of one word (simplemma), lower-case.

    simplemma sometimes answers an unknown compound with its first part only
    ("hoitopolut" -> "hoito"). When the rest of the word is itself a known word,
    the word is a compound: its lemma is the first part plus the lemma of the rest
    ("hoito" + "polku"), so rules on the compound's head ("*polku") still apply.
    """
    word = word.casefold()
    found = simplemma.lemmatize(word, lang="fi").casefold()
    if found != word and word.startswith(found) and len(word) - len(found) >= 4:
        tail = word[len(found):]
        tail_lemma = simplemma.lemmatize(tail, lang="fi").casefold()
        if simplemma.is_known(tail, lang="fi") or (
            tail_lemma != tail and simplemma.is_known(tail_lemma, lang="fi")
        ):
            return found + tail_lemma
    return found


@dataclass(frozen=True)
class Token:
    surface: str
    lemma: str


def clauses(text: str, book: ThemeBook) -> list[list[Token]]:
    """The answer as clauses of tokens: split at punctuation and before the words that
    open a new clause ("mutta", "vaan", "eikä")."""
    result: list[list[Token]] = []
    for part in _CLAUSE_PUNCTUATION.split(text):
        current: list[Token] = []
        for match in _WORD.finditer(part):
            for piece in match.group().split("-"):  # "Chat-palvelu", "sosiaali- ja"
                if not piece:
                    continue
                surface = piece.casefold()
                if surface in book.clause_breaks and current:
                    result.append(current)
                    current = []
                current.append(Token(surface, lemma(piece)))
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


def _theme_hits(theme: Theme, clause: Sequence[Token]) -> list[str]:
    usable = [t for t in clause if not any(p.matches(t.lemma, t.surface) for p in theme.ignore)]
    hits = []
    for pattern in theme.words:
        for token in usable:
            if pattern.matches(token.lemma, token.surface):
                hits.append(f"{token.surface} [{pattern.text}]")
    for group in theme.together:
        found = []
        for pattern in group:
            token = next((t for t in usable if pattern.matches(t.lemma, t.surface)), None)
            if token is None:
                break
            found.append(token.surface)
        else:
            hits.append(f"{' … '.join(found)} [{' + '.join(p.text for p in group)}]")
    return hits


def code_answer(text: object, book: ThemeBook | None = None) -> dict[str, ThemeCode]:
    """Theme id -> ThemeCode for one answer (an empty answer carries no theme)."""
    book = book or load_themebook()
    codes = {t.id: ThemeCode(t.id, False) for t in book.themes}
    if text is None or (isinstance(text, float) and pd.isna(text)) or pd.isna(text):
        return codes
    for clause in clauses(str(text), book):
        negated = any(t.surface in book.negations for t in clause)
        for theme in book.themes:
            hits = _theme_hits(theme, clause)
            if not hits:
                continue
            code = codes[theme.id]
            if negated:
                code.negated.extend(hits)
            else:
                code.present = True
                code.evidence.extend(hits)
    return codes


def _describe(code: ThemeCode) -> str:
    parts = []
    if code.evidence:
        parts.append("; ".join(dict.fromkeys(code.evidence)))
    if code.negated:
        parts.append("kielteisessä lauseessa, ei laskettu: " + "; ".join(dict.fromkeys(code.negated)))
    return " | ".join(parts)


def code_frame(frame: pd.DataFrame, book: ThemeBook | None = None) -> pd.DataFrame:
    """Theme columns for every row of ``frame``: ``theme__<id>`` (boolean) and
    ``theme_evidence__<id>`` (the words and rules that fired; empty when none)."""
    book = book or load_themebook()
    texts = frame[TEXT_COLUMN] if TEXT_COLUMN in frame else pd.Series(pd.NA, index=frame.index)
    uniques = texts.dropna().unique()
    coded = {text: code_answer(text, book) for text in uniques}
    out = pd.DataFrame(index=frame.index)
    for theme in book.themes:
        present = texts.map(lambda t, th=theme.id: coded[t][th].present if t in coded else False)
        evidence = texts.map(lambda t, th=theme.id: _describe(coded[t][th]) if t in coded else "")
        out[theme.column] = present.astype("boolean")
        out[theme.evidence_column] = evidence.replace("", pd.NA).astype("string")
    return out


# --- reviewed codes -------------------------------------------------------------------


@dataclass
class ReviewedCodes:
    """Hand-reviewed codes: (response id, theme id) -> present."""

    codes: dict[tuple[int, str], bool] = field(default_factory=dict)
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
    known = set(ids.dropna().astype(int))
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
