"""THL's own terms in Finnish, Swedish and English (``data/glossary.yaml``): the
words every Swedish and English text of the project uses for them.

>>> term("wellbeing_services_county", "sv"), term("thl", "en")
('välfärdsområde', 'Finnish Institute for Health and Welfare')
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache

import yaml

from analysis import config


@dataclass(frozen=True)
class Term:
    key: str
    texts: dict[str, str]  # language -> the term
    sources: tuple[str, ...]
    abbreviation: str | None = None
    stems: dict[str, str] = field(default_factory=dict)  # language -> what every form of it holds
    avoid: dict[str, tuple[str, ...]] = field(default_factory=dict)  # language -> forms not to use
    other_words: dict[str, tuple[str, ...]] = field(default_factory=dict)  # words that begin with one but are not it


@cache
def terms() -> dict[str, Term]:
    """Every term by its key (keys are unique across the file's sections)."""
    raw = yaml.safe_load(config.GLOSSARY_FILE.read_text(encoding="utf-8"))
    found: dict[str, Term] = {}
    for section, entries in raw.items():
        for key, entry in entries.items():
            if key in found:
                raise ValueError(f"{config.GLOSSARY_FILE.name}: term {key!r} twice (again under {section})")
            found[key] = Term(
                key=key,
                texts={lang: str(entry[lang]) for lang in config.LANGUAGES},
                sources=tuple(entry["source"]),
                abbreviation=entry.get("abbreviation"),
                stems={lang: str(s) for lang, s in entry.get("stems", {}).items()},
                avoid={lang: tuple(map(str, forms)) for lang, forms in entry.get("avoid", {}).items()},
                other_words={lang: tuple(map(str, w)) for lang, w in entry.get("other_words", {}).items()},
            )
    return found


def term(key: str, language: str) -> str:
    """The term ``key`` in ``language``; KeyError for a term the glossary lacks."""
    if language not in config.LANGUAGES:
        raise ValueError(f"language {language!r} is not one of {', '.join(config.LANGUAGES)}")
    try:
        return terms()[key].texts[language]
    except KeyError:
        raise KeyError(f"{config.GLOSSARY_FILE.name} has no term {key!r}") from None


def avoided(language: str) -> Iterator[tuple[Term, str]]:
    """(term, form) for every form a ``language`` text must not use for a term."""
    for t in terms().values():
        for form in t.avoid.get(language, ()):
            yield t, form
