"""The theme rules of ``data/themes.yaml``, loaded, and matched against one word.

How the rules read is explained at the top of the theme file. This module turns
the file into a :class:`ThemeBook`: per language, a flat list of :class:`Rule`
(a `words` line is a rule of one pattern, a `together` line a rule of several),
each knowing its theme and sub-topic; the negation and non-result words; and the
settings for compounds and spelling. :meth:`ThemeBook.word` says, once per
distinct word, what it matches.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml
from rapidfuzz.distance import OSA

from analysis import config
from analysis.themes.words import fold, has_form, is_head, is_known, is_known_compound, lemma, part_starts, restored

THEMES_FILE = config.THEMES_FILE
LANGUAGE_NAMES = {"fi": "suomi", "sv": "ruotsi", "en": "englanti"}
UNLESS, UNLESS_BEFORE = -1, -2  # the slot of a rule's "!pattern" and "!pattern>" in the rule index


@dataclass(frozen=True)
class Pattern:
    """One pattern of the theme file: ``sana``, ``sana*``, ``*sana``, ``*sana*``,
    ``=sana``, a verb form ``@conditional``, or alternatives joined by ``|``."""

    text: str
    alternatives: tuple[str, ...] = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        if any(mark in self.text for mark in "\"'[]"):
            raise ValueError(f"theme pattern {self.text!r}: quote a whole list item, not a part of it")
        object.__setattr__(self, "alternatives", tuple(a.strip().casefold() for a in self.text.split("|")))

    def matches(self, lemma_: str, surface: str, lang: str = "fi", compound_min: int = 4) -> bool:
        return any(_match_one(alt, lemma_, surface, lang, compound_min) for alt in self.alternatives)

    def fuzzy_matches(self, lemma_: str, surface: str, typo_word: int, typo_pattern: int) -> bool:
        """A weak match: equal but for ä/ö/å, or one typo away (in words of at least
        ``typo_word`` letters, against patterns of at least ``typo_pattern``)."""
        return any(_fuzzy_one(alt, lemma_, surface, typo_word, typo_pattern) for alt in self.alternatives)


def _match_one(pattern: str, lemma_: str, surface: str, lang: str, compound_min: int) -> bool:
    if pattern.startswith("@"):
        return has_form(surface, lemma_, lang, pattern[1:])
    if pattern.startswith("="):
        return lemma_ == pattern[1:]
    starts, ends = pattern.startswith("*"), pattern.endswith("*")
    core = pattern.strip("*")
    if not core:
        return False
    if starts and ends:
        return core in lemma_
    if starts:
        return lemma_.endswith(core)
    if ends:
        if lemma_.startswith(core) or surface.startswith(core):
            return True
        return len(core) >= compound_min and any(
            text[i:].startswith(core) for text in (lemma_, surface) if core in text for i in part_starts(text, lang)
        )
    if lemma_ == core or surface == core:
        return True
    head = len(lemma_) - len(core)
    return (  # a compound's last part: its first part a word too ("järjestää" is not "järj" + "estää")
        len(core) >= compound_min
        and lemma_.endswith(core)
        and head in part_starts(lemma_, lang)
        and (lemma_[head - 1] == "-" or is_head(lemma_[:head].rstrip("-"), lang))
    )


def _fuzzy_one(pattern: str, lemma_: str, surface: str, typo_word: int, typo_pattern: int) -> bool:
    if pattern.startswith("@"):
        return False
    starts, ends = pattern.startswith("*"), pattern.endswith("*")
    core = fold(pattern.strip("*="))
    if not core:
        return False
    for text in {fold(lemma_), fold(surface)}:
        if starts and ends:
            candidates = [text] if core in text else []
        elif starts:
            candidates = [text[-len(core) :]]
        elif ends:
            candidates = [text[: len(core) + d] for d in (-1, 0, 1)]
        else:
            candidates = [text]
        for candidate in candidates:
            if candidate == core:
                return True
            if ends and text.startswith(core[:-1]):
                # a word that parts from a prefix only at its last letter is another word
                # on the same stem ("järjeste|tyillä" is not a mistyped "järjestö*")
                continue
            if (
                len(core) >= typo_pattern
                and len(text) >= typo_word
                and OSA.distance(candidate, core, score_cutoff=1) <= 1
            ):
                return True
    return False


@dataclass(frozen=True)
class Rule:
    """One line of the theme file: a `words` entry (one pattern) or a `together`
    group (several, all needed in one clause)."""

    theme: str
    subtopic: int
    patterns: tuple[Pattern, ...]  # all needed
    unless: tuple[Pattern, ...] = ()  # none may be in the clause (written "!pattern")
    before_next: tuple[int, ...] = ()  # slots whose word comes just before the next slot's (written "pattern>")
    # "unless" patterns that block only just before one of the rule's words (written
    # "!pattern>": a genitive attribute, "asiakkaiden osaaminen", not anywhere in the clause)
    unless_before: tuple[int, ...] = ()

    @property
    def text(self) -> str:
        return " + ".join(
            [p.text + (">" if s in self.before_next else "") for s, p in enumerate(self.patterns)]
            + ["!" + p.text + (">" if u in self.unless_before else "") for u, p in enumerate(self.unless)]
        )


@dataclass(frozen=True)
class Subtopic:
    name: str
    own: bool = False  # the project's addition, not one of THL's bullets


@dataclass(frozen=True)
class Theme:
    id: str
    name: str
    short: str
    label: str  # one word, for the listing's chips
    description: str
    subtopics: tuple[Subtopic, ...]
    ignore: tuple[Pattern, ...]

    @property
    def column(self) -> str:
        return f"theme__{self.id}"

    @property
    def evidence_column(self) -> str:
        return f"theme_evidence__{self.id}"


@dataclass(frozen=True)
class Group:
    """One line of `non_results`, `plans` or `modal`: patterns that must all be in
    the clause (or sentence), and patterns none of which may be (written "!x")."""

    patterns: tuple[Pattern, ...]
    unless: tuple[Pattern, ...] = ()


@dataclass(frozen=True)
class LanguageRules:
    """The rules of one language."""

    lang: str
    rules: tuple[Rule, ...]
    clause_breaks: frozenset[tuple[str, ...]]  # a word, or words in a row ("kun taas")
    scope_breaks: frozenset[str]
    aim_breaks: frozenset[str]  # an aim does not reach back over these ("ja")
    aim_ends: frozenset[str]  # a clause opening with one of these ends the aim before it ("ja nyt")
    negations: frozenset[str]
    negates_next: frozenset[str]
    lifts_negation: tuple[Pattern, ...]
    non_results: tuple[Group, ...]  # set aside their clause
    plans: tuple[Group, ...]  # set aside their part of the sentence (aims, hopes, "too early")
    modal: tuple[Group, ...]  # set aside their clause (conditional, future, potential, plan verbs)
    refers_back: tuple[Pattern, ...]  # a set-aside clause with one of these sets aside the one before
    concessive: frozenset[str] = frozenset()  # a clause opening with one ("vaikka") never sets aside the one before


@dataclass(frozen=True)
class WordInfo:
    """What one word is and matches, computed once per distinct word."""

    surface: str
    lemma: str
    matches: tuple[tuple[int, int, bool], ...] = ()  # (rule, slot, weak)
    blocks: tuple[int, ...] = ()  # rules whose "unless" patterns it matches
    blocks_before: tuple[int, ...] = ()  # rules whose "unless>" patterns it matches (only just before their words)
    ignored: frozenset[str] = frozenset()  # themes whose `ignore` list holds it
    negation: bool = False
    negates_next: bool = False
    lifts: bool = False
    non_result: tuple[tuple[int, int], ...] = ()  # (non-result group, slot); slot -1: an "unless"
    plan: tuple[tuple[int, int], ...] = ()  # (plan group, slot)
    modal: tuple[tuple[int, int], ...] = ()  # (modal group, slot)
    refers_back: bool = False


@dataclass(frozen=True)
class Measured:
    """The coder's measured quality on one hand-coded set that was never read while
    the rules were tuned (the theme file's `measured`; tests/test_themes.py checks
    the figures against the set). For the README and the report's method text."""

    set_name: str
    answers: int
    precision: tuple[float, float]  # the lowest and highest of the seven themes
    recall: tuple[float, float]
    macro_f1: float
    flagged: int  # answers flagged for review
    errors: int  # answers whose automatic themes differ from the hand codes
    errors_flagged: int  # of those, flagged for review


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: it keys caches
class ThemeBook:
    themes: tuple[Theme, ...]
    languages: dict[str, LanguageRules]
    covered: tuple[str, ...]
    restore: tuple[tuple[str, tuple[tuple[str, tuple[str, ...]], ...]], ...]
    min_language_share: float
    together_window: int
    compound_min_length: int
    typo_min_length: int
    typo_min_pattern_length: int
    review_min_words: int
    review_min_words_paraphrase: int
    measured: tuple[Measured, ...] = ()
    # per language, word -> lemma where simplemma's is wrong ("avun" -> "apu", not "avu")
    lemma_fixes: dict[str, dict[str, str]] = field(default_factory=dict)
    _word_cache: dict = field(default_factory=dict, init=False, compare=False, repr=False, hash=False)

    def word(self, surface: str, lang: str) -> WordInfo:
        """What a word (casefolded) is and matches in ``lang``."""
        key = (surface, lang)
        found = self._word_cache.get(key)
        if found is None:
            found = self._word_cache[key] = self._analyse(surface, lang)
        return found

    def _analyse(self, surface: str, lang: str) -> WordInfo:
        rules = self.languages[lang]
        choices = dict(self.restore).get(lang)
        spelled = (restored(surface, lang, choices) if choices else None) or surface
        lemma_ = self.lemma_fixes.get(lang, {}).get(spelled) or lemma(spelled, lang)
        cm = self.compound_min_length
        exact, fuzzy = _rule_index(self, lang)
        found: set[tuple[int, int]] = set()
        blocks: set[int] = set()
        blocks_before: set[int] = set()
        for r, s, alternative in {
            entry for text in {lemma_, spelled} for sub in _substrings(text) for entry in exact.get(sub, ())
        }:
            if (s == UNLESS and r in blocks) or (s == UNLESS_BEFORE and r in blocks_before) or (r, s) in found:
                continue
            if _match_one(alternative, lemma_, spelled, lang, cm):
                if s == UNLESS:
                    blocks.add(r)
                elif s == UNLESS_BEFORE:
                    blocks_before.add(r)
                else:
                    found.add((r, s))
        weak: set[tuple[int, int]] = set()
        if (
            spelled == surface
            and len(surface) >= 4
            and not is_known(surface, lang)
            and not is_known_compound(surface, lang)
        ):
            # a word that begins with a correctly spelled word ("järjestelmä|llisesti")
            # has no typo within that word: no pattern shorter than it is read as mistyped
            sound = max((i for i in range(len(surface), 3, -1) if is_known(surface[:i], lang)), default=0)
            for r, s, alternative in fuzzy.get(fold(surface)[:2], ()):
                if len(alternative.strip("*=")) <= sound:
                    continue
                if (r, s) not in found and _fuzzy_one(
                    alternative, lemma_, surface, self.typo_min_length, self.typo_min_pattern_length
                ):
                    weak.add((r, s))
        matches = sorted([(r, s, False) for r, s in found] + [(r, s, True) for r, s in weak - found])
        ignored = frozenset(t.id for t in self.themes if any(p.matches(lemma_, spelled, lang, cm) for p in t.ignore))
        return WordInfo(
            plan=_group_slots(rules.plans, lemma_, spelled, lang, cm),
            modal=_group_slots(rules.modal, lemma_, spelled, lang, cm),
            refers_back=any(p.matches(lemma_, spelled, lang, cm) for p in rules.refers_back),
            surface=spelled,
            lemma=lemma_,
            matches=tuple(matches),
            blocks=tuple(sorted(blocks)),
            blocks_before=tuple(sorted(blocks_before)),
            ignored=ignored,
            negation=surface in rules.negations or lemma_ in rules.negations,
            negates_next=surface in rules.negates_next,
            lifts=any(p.matches(lemma_, spelled, lang, cm) for p in rules.lifts_negation),
            non_result=_group_slots(rules.non_results, lemma_, spelled, lang, cm),
        )

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

    def subtopic_of(self, theme_id: str, rule_text: str) -> int | None:
        """The sub-topic of a theme whose rule reads ``rule_text`` (as in evidence)."""
        return _rule_subtopics(self).get((theme_id, rule_text.lstrip("~")))


def _group_slots(
    groups: tuple[Group, ...], lemma_: str, surface: str, lang: str, cm: int
) -> tuple[tuple[int, int], ...]:
    """(group, slot) for each pattern of ``groups`` the word matches; slot -1 for a
    group's "unless" patterns."""
    return tuple(
        (g, s)
        for g, group in enumerate(groups)
        for s, pattern in [*enumerate(group.patterns), *((-1, p) for p in group.unless)]
        if pattern.matches(lemma_, surface, lang, cm)
    )


def _substrings(text: str) -> Iterator[str]:
    for i in range(len(text)):
        for j in range(i + 1, len(text) + 1):
            yield text[i:j]


@cache
def _rule_index(book: ThemeBook, lang: str) -> tuple[dict[str, list[tuple[int, int, str]]], dict[str, list]]:
    """The rules' pattern alternatives of ``lang`` by their core (the letters every
    match contains), so that a word is checked only against patterns whose core
    occurs in it; and, for spelling-tolerant matching, by the core's first two
    letters without ä/ö/å. Entries are (rule, slot, alternative); slot
    :data:`UNLESS` marks a rule's "unless" pattern, :data:`UNLESS_BEFORE` an
    "unless>" one."""
    exact: dict[str, list[tuple[int, int, str]]] = {}
    fuzzy: dict[str, list[tuple[int, int, str]]] = {}
    for r, rule in enumerate(book.languages[lang].rules):
        slots = [(s, p) for s, p in enumerate(rule.patterns)] + [
            (UNLESS_BEFORE if u in rule.unless_before else UNLESS, p) for u, p in enumerate(rule.unless)
        ]
        for s, pattern in slots:
            for alternative in pattern.alternatives:
                core = alternative.strip("*=")
                if core:
                    exact.setdefault(core, []).append((r, s, alternative))
                    if s >= 0:
                        fuzzy.setdefault(fold(core)[:2], []).append((r, s, alternative))
    return exact, fuzzy


@cache
def _rule_subtopics(book: ThemeBook) -> dict[tuple[str, str], int]:
    """(theme id, rule text) -> sub-topic, over every language's rules."""
    found: dict[tuple[str, str], int] = {}
    for rules in book.languages.values():
        for rule in rules.rules:
            found.setdefault((rule.theme, rule.text), rule.subtopic)
    return found


def _patterns(values) -> tuple[Pattern, ...]:
    return tuple(Pattern(str(v)) for v in values or ())


def _words(values) -> frozenset[str]:
    return frozenset(str(v).casefold() for v in values or ())


def _word_runs(values) -> frozenset[tuple[str, ...]]:
    return frozenset(tuple(str(v).casefold().split()) for v in values or ())


def _groups(values) -> tuple[Group, ...]:
    """Lines of patterns joined by " + "; "!pattern" is one that must not be there."""
    groups = []
    for line in values or ():
        items = [item.strip() for item in str(line).split(" + ")]
        groups.append(
            Group(
                _patterns(i for i in items if not i.startswith("!")),
                _patterns(i[1:] for i in items if i.startswith("!")),
            )
        )
    return tuple(groups)


@cache
def load_themebook(path: Path | None = None) -> ThemeBook:
    raw = yaml.safe_load(Path(path or THEMES_FILE).read_text(encoding="utf-8"))
    language = raw.get("language", {})
    covered = tuple(language.get("covered", ["fi"]))
    themes: list[Theme] = []
    rules: dict[str, list[Rule]] = {lang: [] for lang in covered}
    for t in raw["themes"]:
        subtopics = []
        for s, sub in enumerate(t["subtopics"]):
            subtopics.append(Subtopic(str(sub["name"]), bool(sub.get("own", False))))
            for lang in covered:
                block = sub.get(lang) or {}
                where = f"{Path(path or THEMES_FILE).name}: theme {t['id']}, sub-topic {s + 1}, {lang}"
                for word in block.get("words") or ():
                    if not str(word).strip("*=!| "):
                        raise ValueError(f"{where}: an empty word")
                    rules[lang].append(Rule(t["id"], s, (Pattern(str(word)),)))
                for group in block.get("together") or ():
                    if not isinstance(group, list) or not [p for p in group if str(p).strip("*=!| ")]:
                        raise ValueError(f"{where}: a `together` line must be a list of patterns, not {group!r}")
                    needed = [str(p) for p in group if not str(p).startswith("!")]
                    unless = [str(p)[1:] for p in group if str(p).startswith("!")]
                    before = tuple(i for i, p in enumerate(needed[:-1]) if p.endswith(">"))
                    needed = [p.removesuffix(">") for p in needed]
                    unless_before = tuple(i for i, p in enumerate(unless) if p.endswith(">"))
                    unless = [p.removesuffix(">") for p in unless]
                    rules[lang].append(Rule(t["id"], s, _patterns(needed), _patterns(unless), before, unless_before))
        themes.append(
            Theme(
                id=t["id"],
                name=t["name"],
                short=t.get("short", t["name"]),
                label=t.get("label", t.get("short", t["name"])),
                description=" ".join(str(t.get("description", "")).split()),
                subtopics=tuple(subtopics),
                ignore=_patterns(t.get("ignore")),
            )
        )
    languages = {}
    for lang in covered:
        block = raw.get(lang) or {}
        languages[lang] = LanguageRules(
            lang=lang,
            rules=tuple(rules[lang]),
            clause_breaks=_word_runs(block.get("clause_breaks")),
            scope_breaks=_words(block.get("scope_breaks")),
            aim_breaks=_words(block.get("aim_breaks")),
            aim_ends=_words(block.get("aim_ends")),
            negations=_words(block.get("negations")),
            negates_next=_words(block.get("negates_next")),
            lifts_negation=_patterns(block.get("lifts_negation")),
            non_results=_groups(block.get("non_results")),
            plans=_groups(block.get("plans")),
            modal=_groups(block.get("modal")),
            refers_back=_patterns(block.get("refers_back")),
            concessive=_words(block.get("concessive")),
        )
    restore = tuple(
        (lang, tuple((plain, tuple(letters)) for plain, letters in mapping.items()))
        for lang, mapping in (language.get("restore") or {}).items()
    )
    return ThemeBook(
        themes=tuple(themes),
        languages=languages,
        covered=covered,
        restore=restore,
        min_language_share=float(language.get("min_share", 0.5)),
        together_window=int(raw.get("together_window", 8)),
        compound_min_length=int(raw.get("compound_min_length", 4)),
        typo_min_length=int(raw.get("typo_min_length", 8)),
        typo_min_pattern_length=int(raw.get("typo_min_pattern_length", 6)),
        review_min_words=int((raw.get("review") or {}).get("min_words_without_theme", 15)),
        review_min_words_paraphrase=int((raw.get("review") or {}).get("min_words_single_paraphrase", 15)),
        lemma_fixes={
            str(lang): {str(word).casefold(): str(fixed).casefold() for word, fixed in (mapping or {}).items()}
            for lang, mapping in (language.get("lemmas") or {}).items()
        },
        measured=tuple(
            Measured(
                set_name=str(m["set"]),
                answers=int(m["answers"]),
                precision=(float(m["precision"][0]), float(m["precision"][1])),
                recall=(float(m["recall"][0]), float(m["recall"][1])),
                macro_f1=float(m["macro_f1"]),
                flagged=int(m["flagged"]),
                errors=int(m["errors"]),
                errors_flagged=int(m["errors_flagged"]),
            )
            for m in raw.get("measured") or ()
        ),
    )
