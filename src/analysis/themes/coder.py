"""Coding the open answers into the seven result themes, transparently.

The rules live in ``data/themes.yaml`` (how they work is explained there; they
are loaded by :mod:`analysis.themes.rules`, and words are analysed by
:mod:`analysis.themes.words`). Every decision can be traced: for each theme an
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
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pandas as pd
import pyarrow as pa

from analysis.themes.rules import (
    LANGUAGE_NAMES,
    THEMES_FILE,
    Group,
    LanguageRules,
    Pattern,
    Rule,
    Theme,
    ThemeBook,
    WordInfo,
    load_themebook,
)
from analysis.themes.words import WORD, detect_languages, lemma

__all__ = [
    "AIMS_ONLY",
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
    "evaluate",
    "lemma",
    "load_themebook",
]

TEXT_COLUMN = "key_results"
REVIEW_COLUMN = "theme_review"  # why the coding of the answer should be checked by a person
LANGUAGE_COLUMN = "answer_language"  # fi, sv or en: the rules the answer was coded with

PUNCTUATION_MARKS = ".!?;\n"  # sentence ends: an answer is coded sentence by sentence
_CLAUSE_MARKS = re.compile(r"([,:()\u2013\u2014]+|\s[-\u2022]\s)")  # and a sentence clause by clause
_BULLETS = "-\u2022"  # a bullet inside a sentence ends an aim's reach, as a contrast word does
SENTENCE_END = re.compile(f"[{re.escape(PUNCTUATION_MARKS)}]+")
PART_CACHE_SIZE = 300_000  # stretches of answer text whose theme hits are remembered
MAX_COMBINATIONS = 64  # placements of one rule's words tried in one clause
BEFORE_NEXT_SPAN = 2  # a "pattern>" word comes at most this many words before the next pattern's ("samalla tavalla")
UNLESS_BEFORE_SPAN = (
    3  # a "!pattern>" word blocks this many words before a rule's word ("asiakkaiden ja omaisten osaaminen")
)
AIM_END_SPAN = 2  # an `aim_ends` word among a clause's first words ends the aim before it ("ja nyt")
NEGATES_NEXT_SPAN = 2  # words after "ilman"/"without" that it negates
MIN_WORDS_FOR_LANGUAGE = 4  # a shorter answer ("Ks. Innokylä.") is not flagged for its language


# --- one stretch of text ----------------------------------------------------------


@dataclass(frozen=True)
class Hit:
    """One rule that fired in a clause."""

    theme: str
    subtopic: int
    evidence: str  # "words [rule]"; "[~rule]" when weak
    negated: bool  # set aside by a negation, a non-result, an aim or a plan
    weak: bool  # found only with spelling tolerance
    aim: bool = False  # set aside as an aim, a plan, a potential, a future or a conditional
    paraphrase: bool = False  # a rule of several words (a `together` line), not one cue word


class _Token:
    __slots__ = ("text", "info", "state")

    def __init__(self, text: str, info: WordInfo) -> None:
        self.text, self.info = text, info
        self.state = ""  # "" counts; "clause": negated or a non-result; "aim": an aim or plan; "next": after "ilman"


def _tokens(part: str, book: ThemeBook, lang: str) -> list[_Token]:
    tokens = []
    for word in WORD.findall(part):
        for piece in word.split("-") if "-" in word else (word,):  # "Chat-palvelu", "sosiaali- ja"
            if piece:
                surface = piece.casefold()
                tokens.append(_Token(surface, book.word(surface, lang)))
    return tokens


def _clauses(tokens: list[_Token], breaks: frozenset[str] | frozenset[tuple[str, ...]]) -> list[list[_Token]]:
    """Tokens cut before each word of ``breaks`` (or each run of words, "kun taas")."""
    runs = {b if isinstance(b, tuple) else (b,) for b in breaks}
    lengths = sorted({len(r) for r in runs})
    result: list[list[_Token]] = []
    current: list[_Token] = []
    for i, token in enumerate(tokens):
        if current and any(tuple(t.text for t in tokens[i : i + n]) in runs for n in lengths):
            result.append(current)
            current = []
        current.append(token)
    if current:
        result.append(current)
    return result


def _starts_with(tokens: list[_Token], runs: frozenset[tuple[str, ...]]) -> bool:
    return any(tuple(t.text for t in tokens[: len(r)]) == r for r in runs)


def _all_found(groups: Sequence[Group], found: set[tuple[int, int]]) -> bool:
    """Whether some group has all its patterns and none of its "unless" ones."""
    return any(
        all((g, s) in found for s in range(len(group.patterns))) and (g, -1) not in found
        for g, group in enumerate(groups)
    )


def _mark_negation(clause: list[_Token], book: ThemeBook, lang: str, aim_from: int | None) -> bool:
    """Set each token's state: an aim or plan sets aside the words from ``aim_from``
    on, a modal word (conditional, future, plan verb) the clause from its first
    word or the `aim_breaks` word before it; a non-result the whole clause; a
    negation its scope (unless a lifting word is in the scope); "ilman" the next
    words. Whether the clause is set aside as a whole."""
    rules = book.languages[lang]
    if _all_found(rules.modal, {m for t in clause for m in t.info.modal}):
        first = next(p for p, t in enumerate(clause) if any(slot >= 0 for _, slot in t.info.modal))
        start = max((p for p in range(first) if clause[p].text in rules.aim_breaks), default=0)
        aim_from = start if aim_from is None else min(aim_from, start)
    non_result = aim_from == 0 or _all_found(rules.non_results, {m for t in clause for m in t.info.non_result})
    any_negated = non_result
    aimed = {id(t) for t in clause[aim_from:]} if aim_from is not None else set()
    for scope in _clauses(clause, rules.scope_breaks):
        negated = non_result or (any(t.info.negation for t in scope) and not any(t.info.lifts for t in scope))
        any_negated = any_negated or negated
        pending = 0
        for token in scope:
            if id(token) in aimed:
                token.state = "aim"
            elif negated:
                token.state = "clause"
            elif pending:
                token.state = "next"
                pending -= 1
            if token.info.negates_next:
                pending = NEGATES_NEXT_SPAN
    return any_negated


def _placed(rule: Rule, places: list[int], window: int, blocking_before: Sequence[int]) -> bool:
    """Whether a rule's words at ``places`` (one per pattern) stand as the rule
    needs: within ``window`` words, each word once, a "pattern>" word just before
    the next one's, and no "!pattern>" word (at ``blocking_before``) just before
    any of them."""
    if len(places) > 1 and (max(places) - min(places) > window or len(set(places)) < len(places)):
        return False
    if any(not 0 < places[s + 1] - places[s] <= BEFORE_NEXT_SPAN for s in rule.before_next):
        return False
    return not any(0 < q - b <= UNLESS_BEFORE_SPAN for b in blocking_before for q in places)


def _clause_hits(clause: list[_Token], book: ThemeBook, lang: str) -> list[Hit]:
    rules = book.languages[lang].rules
    slots: dict[int, dict[int, list[tuple[int, bool]]]] = {}
    blocked = {r for token in clause for r in token.info.blocks}
    blocking_before: dict[int, list[int]] = {}  # rule -> positions of its "unless>" words
    for position, token in enumerate(clause):
        for r in token.info.blocks_before:
            blocking_before.setdefault(r, []).append(position)
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
            if not _placed(rule, places, book.together_window, blocking_before.get(r, ())):
                continue
            tokens = [clause[p] for p in places]
            named_negation = any(t.info.negates_next for t in tokens)
            negated = any(t.state in ("clause", "aim") or (t.state == "next" and not named_negation) for t in tokens)
            weak = any(w for _, w in combo)
            rank = (negated, weak, max(places) - min(places))  # the closest words that count
            if best is None or rank < best[0]:
                best = (rank, tokens)
        if best is None:
            continue
        (negated, weak, _), tokens = best
        words = " … ".join(t.text for t in tokens)
        aim = negated and any(t.state == "aim" for t in tokens)
        evidence = f"{words} [{'~' if weak else ''}{rule.text}]"
        hits.append(Hit(rule.theme, rule.subtopic, evidence, negated, weak, aim, len(rule.patterns) > 1))
    return hits


def part_hits(book: ThemeBook, lang: str, part: str) -> tuple[Hit, ...]:
    """What fires in one sentence (see :func:`_part`)."""
    return _part(book, lang, part)[0]


_BULLET_START = re.compile(r"\s*(?:[-*\u2022\u2013]|\d{1,2}\))\s")
_TRAILING = " \t\r" + PUNCTUATION_MARKS


def part_role(book: ThemeBook, lang: str, part: str) -> tuple[bool, bool]:
    """Whether one sentence opens a list of aims (it ends in an aim and a colon:
    "Hankkeen tavoitteet:"), and whether it is an item of a list (begins with a
    bullet). The items after a list of aims are aims too (:func:`in_aim_lists`)."""
    return (_part(book, lang, part)[1] and part.rstrip(_TRAILING).endswith(":"), bool(_BULLET_START.match(part)))


def in_aim_lists(roles: Sequence[tuple[bool, bool]]) -> list[bool]:
    """For the sentences of one answer in order, given :func:`part_role` of each:
    whether it is an item of a list that a sentence of aims opens."""
    inside, result = False, []
    for opens, item in roles:
        inside = item and inside
        result.append(inside)
        if not item:
            inside = opens
    return result


@lru_cache(maxsize=PART_CACHE_SIZE)
def _part(book: ThemeBook, lang: str, part: str) -> tuple[tuple[Hit, ...], bool]:
    """What fires in one sentence, clause by clause, and whether it ends in an aim. An aim or a plan (`plans`) sets
    aside its part of the sentence: up to a contrast word of `clause_breaks`
    ("mutta", "kun taas") or a bullet. A clause that is set aside as a whole and
    refers back ("..., mutta niitä ei ehditty järjestää") sets aside the clause
    before it too. Remembered, as answers repeat their stock phrases."""
    rules = book.languages[lang]
    clauses: list[list[_Token]] = []
    segment_of: list[int] = []  # the part of the sentence each clause is in
    segment = 0
    for piece, mark in itertools.zip_longest(*[iter(_CLAUSE_MARKS.split(part))] * 2, fillvalue=""):
        for clause in _clauses(_tokens(piece, book, lang), rules.clause_breaks):
            segment += bool(clauses) and _starts_with(clause, rules.clause_breaks)
            clauses.append(clause)
            segment_of.append(segment)
        segment += any(b in mark for b in _BULLETS) or ";" in mark
    aim_from = _aims(clauses, segment_of, rules)
    per_clause: list[list[Hit]] = []
    for i, clause in enumerate(clauses):
        set_aside = _mark_negation(clause, book, lang, aim_from.get(i))
        hits = _clause_hits(clause, book, lang)
        if (
            set_aside
            and i
            and any(t.info.refers_back for t in clause)
            and not (clause and clause[0].text in rules.concessive)  # "…, vaikka kaikki eivät niitä käytä"
            and not any(not h.negated for h in hits)
            # "…, mikä oli tavoitteena" affirms what it refers to; "…, eikä tuloksista tiedetä vielä" does not
            and not (any(t.state == "aim" for t in clause) and not any(t.info.negation for t in clause))
        ):
            per_clause[-1] = [_set_aside(h) for h in per_clause[-1]]
        per_clause.append(hits)
    return tuple(h for hits in per_clause for h in hits), bool(clauses) and len(clauses) - 1 in aim_from


def _aims(clauses: list[list[_Token]], segment_of: list[int], rules: LanguageRules) -> dict[int, int]:
    """Clause -> its first word set aside as an aim or a plan. An aim (`plans`) reaches
    from its first word to the end of its part of the sentence; the clauses before
    it, and the words before an `aim_breaks` word ("ja") that comes before it, are
    not part of it ("Yhteistyö tiivistyi ja tavoitteena on laajentaa sitä"); a later
    clause that opens with an `aim_ends` word ("…, ja nyt palveluohjaus toimii …")
    ends it."""
    aim_from: dict[int, int] = {}
    for seg in set(segment_of):
        members = [i for i, s in enumerate(segment_of) if s == seg]
        if not _all_found(rules.plans, {m for i in members for t in clauses[i] for m in t.info.plan}):
            continue
        first = next(
            (i, p) for i in members for p, t in enumerate(clauses[i]) if any(slot >= 0 for _, slot in t.info.plan)
        )
        start = max((p for p in range(first[1]) if clauses[first[0]][p].text in rules.aim_breaks), default=0)
        aim_from[first[0]] = start
        for i in members:
            if i > first[0]:
                if any(t.text in rules.aim_ends for t in clauses[i][:AIM_END_SPAN]):
                    break  # "…, ja nyt palveluohjaus toimii": a result after the aim
                aim_from[i] = 0
    return aim_from


def _set_aside(hit: Hit, aim: bool = False) -> Hit:
    return Hit(hit.theme, hit.subtopic, hit.evidence, True, hit.weak, hit.aim or aim, hit.paraphrase)


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
    paraphrases: list[str] = field(default_factory=list)  # evidence that came from a rule of several words

    @property
    def evidence_text(self) -> str | None:
        """The text of the theme's evidence column (None when nothing fired)."""
        return describe_evidence(self.evidence, self.negated) if (self.evidence or self.negated) else None


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
    aims = False
    parts = SENTENCE_END.split(text)
    for part, listed in zip(parts, in_aim_lists([part_role(book, lang, p) for p in parts])):
        for hit in part_hits(book, lang, part):
            if listed:
                hit = _set_aside(hit, aim=True)
            aims = aims or hit.aim
            code = codes[hit.theme]
            (code.negated if hit.negated else code.evidence).append(hit.evidence)
            if not hit.negated:
                code.present = True
                if hit.paraphrase:
                    code.paraphrases.append(hit.evidence)
                if hit.subtopic not in code.subtopics:
                    code.subtopics.append(hit.subtopic)
                if not hit.weak:
                    strong.add(hit.theme)
    for code in codes.values():
        code.weak_only = code.present and code.theme not in strong
    review = review_reason(
        book,
        lang,
        bool(languages.uncertain[0]),
        int(languages.words[0]),
        [c.present for c in codes.values()],
        [c.weak_only for c in codes.values()],
        [bool(c.negated) for c in codes.values()],
        aims,
        [c.present and set(c.evidence) == set(c.paraphrases) and len(set(c.evidence)) == 1 for c in codes.values()],
    )
    return AnswerCoding(lang, codes, review)


def code_answer(text: object, book: ThemeBook | None = None) -> dict[str, ThemeCode]:
    """Theme id -> ThemeCode for one answer (an empty answer carries no theme)."""
    return analyse_answer(text, book).codes


def review_reason(
    book: ThemeBook,
    lang: str,
    uncertain: bool,
    words: int,
    present: Sequence[bool],
    weak_only: Sequence[bool],
    set_aside: Sequence[bool],
    aims: bool = False,
    single_paraphrase: Sequence[bool] = (),
) -> str | None:
    """Why a person should check this answer's coding; None when nothing calls for it.
    ``aims``: something that fired was set aside as an aim or a plan; with no theme
    left, the answer states only aims (:data:`AIMS_ONLY`). ``single_paraphrase``:
    per theme, whether it rests on one rule of several words alone (a paraphrase
    such as "kotona … pärjää … pidempään"), which is flagged in an answer of at
    least `review.min_words_single_paraphrase` words: such a cue is the likeliest
    to be read in another sense than the writer meant."""
    reasons = []
    if uncertain and words >= MIN_WORDS_FOR_LANGUAGE:
        reasons.append("kieli epävarma: sanakirjat tuntevat alle puolet sanoista")
    elif lang != book.covered[0]:
        reasons.append(f"kieli: {LANGUAGE_NAMES.get(lang, lang)}")
    if not any(present) and aims:
        reasons.append(AIMS_ONLY)
    elif not any(present) and words >= book.review_min_words:
        reasons.append(f"ei teemaa, vaikka vastauksessa on {words} sanaa")
    weak = [t.short for t, w in zip(book.themes, weak_only) if w]
    if weak:
        reasons.append("vain epävarma osuma (kirjoitusasu): " + ", ".join(weak))
    if words >= book.review_min_words_paraphrase:
        single = [t.short for t, p in zip(book.themes, single_paraphrase) if p]
        if single:
            reasons.append(SINGLE_PARAPHRASE + ", ".join(single))
    aside = [t.short for t, a in zip(book.themes, set_aside) if a]
    if aside:
        reasons.append("kielteinen ilmaus tai toteutumaton tulos osuman lähellä: " + ", ".join(aside))
    return "; ".join(reasons) or None


AIMS_ONLY = "vain tavoitteita tai suunnitelmia"  # the review reason of an answer that states no result
SINGLE_PARAPHRASE = "teema vain yhden sanaparin varassa: "  # one paraphrase rule alone gave the theme
NEGATED_PREFIX = "kielteisessä tai toteutumattomassa lauseessa, ei laskettu: "


def describe_evidence(evidence: Sequence[str], negated: Sequence[str]) -> str:
    """The evidence column's text: what fired, then what was set aside (each
    without repeats, in the order found)."""
    parts = []
    if evidence:
        parts.append("; ".join(dict.fromkeys(evidence)))
    if negated:
        parts.append(NEGATED_PREFIX + "; ".join(dict.fromkeys(negated)))
    return " | ".join(parts)


# --- reviewed codes -------------------------------------------------------------------


@dataclass
class CheckedCodes:
    """Hand-reviewed codes: (response id, theme id) -> present; the response id in
    its canonical form (see :mod:`analysis.processed.response_ids`)."""

    codes: dict[tuple[str, str], bool] = field(default_factory=dict)
    path: Path | None = None
    problems: list = field(default_factory=list)
    rows: dict[tuple[str, str], int] = field(default_factory=dict)  # the file's row of each code


@dataclass(frozen=True)
class OverrideSummary:
    given: int  # reviewed codes that match a response
    changed: int  # of those, how many differ from the automatic code
    unmatched: int  # reviewed codes for response ids in no export


def apply_checked(
    frame: pd.DataFrame, reviewed: CheckedCodes, book: ThemeBook | None = None
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
    return scores_of([code_answer(t, book) for t in texts], truth, book)


def scores_of(
    predicted: Sequence[Mapping[str, ThemeCode]], truth: Iterable[Iterable[str]], book: ThemeBook | None = None
) -> pd.DataFrame:
    """:func:`evaluate` of answers already coded (theme id -> ThemeCode per answer)."""
    book = book or load_themebook()
    rows = []
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
