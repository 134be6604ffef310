"""Whole sentences in Swedish and English, with their plural forms
(``data/sentences/*.yaml``, one file per part of the report): a sentence is never built by joining words.

An entry names the value its plural form depends on (``count``) and gives, per
language, a form for each CLDR plural category that language has ("one",
"other") and, where the language says an exact number in its own words, a form
for that number ("=0": "no self-assessments"). :func:`sentence` picks the form
by Babel's plural rule and fills in the values, numbers and days written as the
language writes them (:mod:`analysis.language.cldr`); ``{term.key}`` is a term of
the glossary. Text values are put in as they are: the caller escapes them where
they meet HTML (``html.elements.esc``), as the Finnish sections do.

>>> sentence("areas.returned", "en", n=5, cutoff=date(2025, 12, 31))
'By the cut-off date 31 December 2025, **5** self-assessments had been submitted.'
>>> sentence("areas.returned", "sv", n=1, cutoff=date(2025, 6, 30))
'Fram till brytdagen 30.6.2025 hade **1** självvärdering lämnats in.'
"""

from __future__ import annotations

import string
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from functools import cache
from typing import Any

import yaml

from analysis import config
from analysis.language import cldr, glossary

# the languages every entry holds: Finnish sentences live in the sections and
# agree through analysis.language.finnish; an entry may hold Finnish too where it
# is a fixed text with no case to agree (a heading, a template's word)
CATALOGUE_LANGUAGES = ("sv", "en")
ALL_LANGUAGES = ("fi", "sv", "en")


class SentenceError(KeyError):
    """A sentence the catalogue does not have, or a value it needs that was not given."""

    def __str__(self) -> str:
        return str(self.args[0])


@dataclass(frozen=True)
class Entry:
    key: str
    count: str | None  # the value whose plural category picks the form; None: one form
    forms: dict[str, dict[str, str]]  # language -> plural key ("one", "other", "=0") -> text
    decimals: dict[str, int]  # a value shown with decimals (default 0)
    percent: tuple[str, ...]  # values shown as percentages

    def fields(self, language: str, form: str) -> set[str]:
        """The values a form names (``term.*`` aside)."""
        return {
            name.split(".")[0]
            for _, name, _, _ in string.Formatter().parse(self.forms[language][form])
            if name and not name.startswith("term.")
        }


@cache
def catalogue() -> dict[str, Entry]:
    """Every entry of every file of data/sentences/, by its key ("areas.returned")."""
    entries = {}
    for path in sorted(config.SENTENCES_DIR.glob("*.yaml")):
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for key, entry in _flatten(raw, f"{path.stem}."):
            missing = [language for language in CATALOGUE_LANGUAGES if language not in entry]
            if missing:
                raise SentenceError(f"{path.name}: {key} has no {', '.join(missing)}")
            entries[key] = _entry(key, entry)
    return entries


def _entry(key: str, entry: dict[str, Any]) -> Entry:
    forms = {}
    for language in ALL_LANGUAGES:
        if language in entry:
            text = entry[language]
            forms[language] = {"other": text} if isinstance(text, str) else {str(k): str(v) for k, v in text.items()}
    return Entry(
        key=key,
        count=entry.get("count"),
        forms=forms,
        decimals={str(k): int(v) for k, v in entry.get("decimals", {}).items()},
        percent=tuple(entry.get("percent", ())),
    )


def _flatten(raw: dict[str, Any], prefix: str = "") -> list[tuple[str, dict[str, Any]]]:
    """Entries under nested section keys ("areas": {"returned": …}) as "areas.returned"."""
    found = []
    for key, value in raw.items():
        if isinstance(value, dict) and any(lang in value for lang in CATALOGUE_LANGUAGES):
            found.append((f"{prefix}{key}", value))
        elif isinstance(value, dict):
            found += _flatten(value, f"{prefix}{key}.")
    return found


def plural_key(entry: Entry, language: str, count: Any) -> str:
    """The form of ``entry`` for ``count``: an exact "=N" form if the language has
    one for it, else CLDR's category (its "other" where the entry has no such form)."""
    forms = entry.forms[language]
    exact = f"={count}"
    if exact in forms:
        return exact
    category = cldr.plural(count, language)
    return category if category in forms else "other"


class _Terms:
    """``{term.key}`` in a sentence: the glossary's term in the sentence's language."""

    def __init__(self, language: str) -> None:
        self.language = language

    def __getattr__(self, key: str) -> str:
        return glossary.term(key, self.language)


def _shown(entry: Entry, name: str, value: Any, language: str) -> Any:
    if isinstance(value, bool) or value is None:
        raise SentenceError(f"{entry.key}: value {name}={value!r} is not a number, a day or a text")
    if isinstance(value, datetime | date):
        return cldr.day(value, language)
    if isinstance(value, int | float | Decimal):
        decimals = entry.decimals.get(name, 0)
        if name in entry.percent:
            return cldr.percent(value, language, decimals)
        return cldr.number(value, language, decimals)
    return value


def sentence(key: str, language: str, **values: Any) -> str:
    """The sentence ``key`` in ``language`` ("sv", "en"; "fi" where the entry has it) with ``values`` in it: the
    plural form chosen by the value the entry counts, numbers grouped and dates
    written as the language writes them."""
    if language not in ALL_LANGUAGES:
        raise ValueError(f"the sentence catalogue is in {', '.join(ALL_LANGUAGES)}, not {language!r}")
    try:
        entry = catalogue()[key]
    except KeyError:
        raise SentenceError(f"data/sentences/ has no sentence {key!r}") from None
    if language not in entry.forms:
        raise SentenceError(f"{key} has no {language} form (Finnish sentences live in the sections)")
    form = "other"
    if entry.count is not None:
        if entry.count not in values:
            raise SentenceError(f"{key}: the count {entry.count!r} is needed to choose the form")
        form = plural_key(entry, language, values[entry.count])
    missing = entry.fields(language, form) - set(values)
    if missing:
        raise SentenceError(f"{key}: no value for {', '.join(sorted(missing))}")
    shown = {name: _shown(entry, name, value, language) for name, value in values.items()}
    return entry.forms[language][form].format(term=_Terms(language), **shown)
