"""Measure the theme coder with Voikko in place of simplemma for Finnish (issue 25).

Voikko is not a dependency of the project; this script is how the comparison in
tests/fixtures/README.md was made. To run it (Debian 12):

    apt-get install libvoikko1 voikko-fi          # the library and the Finnish dictionary
    .venv/bin/python -m pip install --target /tmp/voikko_py libvoikko==4.3
    PYTHONPATH=/tmp/voikko_py .venv/bin/python benchmarks/lemmatiser_voikko.py

For each hand-coded set it prints macro-F1 and per-theme F1 with simplemma (as
shipped) and with Voikko: a Finnish word's lemma is Voikko's first base form
(simplemma's when Voikko does not know the word), a word is known when either
knows it, and ``@conditional`` is Voikko's MOOD=conditional. Everything else
(the rules, compounds, spelling) is the same code. The rules were written
against simplemma's lemmas, so the comparison is of a drop-in swap.
"""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path

import pandas as pd

from analysis.themes import rules, words
from analysis.themes.coder import evaluate

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures"
SETS = [
    "theme_answers_handcoded.csv",
    "theme_answers_breadth.csv",
    "theme_answers_heldout.csv",
    "theme_answers_heldout2.csv",
    "theme_answers_realstyle.csv",
    "theme_answers_sixth.csv",
]


def scores() -> list[str]:
    lines = []
    for name in SETS:
        if not (FIXTURES / name).exists():
            continue
        frame = pd.read_csv(FIXTURES / name, sep=";", keep_default_na=False, dtype=str)
        truth = [t.split(";") if t else [] for t in frame["themes"]]
        f1 = evaluate(frame["answer"], truth)["f1"]
        per_theme = " ".join(f"{theme}={value:.2f}" for theme, value in f1.items())
        lines.append(f"{name} ({len(frame)}): macro-F1 {f1.mean():.3f}; per theme F1 {per_theme}")
    return lines


def use_voikko() -> None:
    import libvoikko  # only for this measurement

    voikko = libvoikko.Voikko("fi")
    simplemma_lemma, simplemma_known = words.lemma.__wrapped__, words.is_known.__wrapped__
    simplemma_form = words.has_form.__wrapped__

    @cache
    def analyses(word: str) -> list:
        return voikko.analyze(word)

    @cache
    def lemma(word: str, lang: str = "fi") -> str:
        found = analyses(word.casefold()) if lang == "fi" else []
        return found[0]["BASEFORM"].casefold() if found else simplemma_lemma(word, lang)

    @cache
    def is_known(word: str, lang: str = "fi") -> bool:
        return (lang == "fi" and bool(analyses(word))) or simplemma_known(word, lang)

    @cache
    def has_form(surface: str, lemma_: str, lang: str, form: str) -> bool:
        if lang == "fi" and form == "conditional":
            return any(a.get("MOOD") == "conditional" for a in analyses(surface))
        return simplemma_form(surface, lemma_, lang, form)

    for module in (words, rules):
        for name, function in (("lemma", lemma), ("is_known", is_known), ("has_form", has_form)):
            if hasattr(module, name):
                setattr(module, name, function)
    for cached in (words.part_starts, words.restored, words.is_known_compound, rules.load_themebook):
        cached.cache_clear()  # a new theme book: its words are analysed afresh


if __name__ == "__main__":
    for line in scores():
        print("simplemma", line)
    use_voikko()
    for line in scores():
        print("voikko   ", line)
    sys.exit(0)
