"""Finnish left in a Swedish or English text: an independent scan of Finnish-only
letter pairs, endings, words and stems (no rule of the project's own is used), for
every test that checks a Swedish or English text (issue #27): the translations,
the sentence catalogue, the messages, the report's sections and the built reports.

``finnish_in_section`` scans everything a reader sees of a report section: its
sentences, tables (caption, headers, cells, row labels), charts' titles and
alternative texts and its template parts' values, except quotes from the answers
marked ``lang="fi"``."""

from __future__ import annotations

import re

from analysis.report.section import Chart, Part, Section, Table, Text

# Letter pairs Finnish writes and Swedish and English (almost) never do
FINNISH_LETTERS = re.compile(r"ää|öö|yy|uu|aa|ii|yö|öy|äy|yä")
# Finnish case endings and derivations no Swedish or English word has
FINNISH_ENDINGS = re.compile(r"(?:ssä|stä|llä|ltä|ttä|inen|isen|iset|mme|nsa|nsä|ttu|tty|itu)$")
# Frequent Finnish words and stems of the form's vocabulary
FINNISH_WORDS = {"tai", "sekä", "ei", "eikä", "kyllä", "muu", "muuta", "mikä", "mitä", "joka", "jossa", "että"}
FINNISH_STEMS = ("hyvinvoin", "toimintamal", "palvelu", "arvioin", "kehit", "asiak", "osallis", "kustannu", "terveyd")
# "ja" is Finnish "and" and Swedish "yes"
FINNISH_WORDS_IN = {"sv": FINNISH_WORDS, "en": FINNISH_WORDS | {"ja"}}
# Finnish place names that Swedish and English keep (the areas' official names)
PLACE_NAMES = {"uusimaa", "pirkanmaa", "kymenlaakso", "kainuu", "vantaa", "innokylä"}


def finnish_words(text: str, language: str) -> list[str]:
    """The words of ``text`` that look Finnish (place names aside)."""
    found = []
    for word in re.findall(r"[^\W\d_]+", text.casefold()):
        if word in PLACE_NAMES:
            continue
        if (
            FINNISH_LETTERS.search(word)
            or FINNISH_ENDINGS.search(word)
            or word in FINNISH_WORDS_IN[language]
            or word.startswith(FINNISH_STEMS)
        ):
            found.append(word)
    return found


# A quote from the answers, kept as written and marked with its language
QUOTED_FINNISH = re.compile(r"<(\w+)[^>]*\blang=\"fi\"[^>]*>.*?</\1>", re.S)
# A link's target: the report's anchors are Finnish ids (](#tekninen-liite), href="#laatu"), never read
LINK_TARGETS = re.compile(r"\]\([^)]*\)|\bhref=\"[^\"]*\"")


def _table_text(table: Table) -> list[str]:
    frame = table.frame
    texts = [table.caption or "", table.link_text or ""]
    texts += [str(c) for c in frame.columns]
    texts += [str(i) for i in frame.index if not isinstance(i, int)]
    for column in frame.columns:
        texts += [str(v) for v in frame[column] if isinstance(v, str)]
    for labels in table.chips.values():
        texts += list(labels.values())
    return texts


def section_texts(section: Section) -> list[str]:
    """What a reader sees of ``section``: its heading, sentences, tables, charts'
    alternative texts and titles, and its template parts' text values (not THL's
    slide footnotes: the deck is Finnish only, and the report says the same in a
    sentence)."""
    texts = [section.heading]
    for block in section.blocks:
        if isinstance(block, Text):
            texts.append(block.markdown)  # its footnotes are THL's, said on the Finnish slide only
        elif isinstance(block, Table):
            texts += _table_text(block)
        elif isinstance(block, Chart):
            texts += [block.alt] + [str(v) for v in block.data.values() if isinstance(v, str)]
            for value in block.data.values():
                if isinstance(value, dict):
                    texts += [str(k) for k in value]
        elif isinstance(block, Part):
            for value in block.values.values():
                if isinstance(value, Table):
                    texts += _table_text(value)
                elif isinstance(value, str):
                    texts.append(value)
                elif isinstance(value, list | tuple):
                    texts += [str(v) for v in value if isinstance(v, str | int | float)]
    return texts


def finnish_in_section(section: Section, language: str) -> list[str]:
    """The Finnish-looking words a reader of ``section`` in ``language`` sees (quotes
    marked lang="fi" aside)."""
    found = []
    for text in section_texts(section):
        found += finnish_words(LINK_TARGETS.sub("]", QUOTED_FINNISH.sub(" ", text)), language)
    return found


__all__ = ["finnish_in_section", "finnish_words", "section_texts"]
