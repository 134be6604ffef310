"""The message catalogue (``data/messages.yaml``): each code's English, Finnish and
Swedish text.

The command line speaks English, the report and the panel Finnish; the Swedish is
there for a Swedish report's data-quality section (issue #27). Every text of a
code takes the same parameters, so a message made once (:class:`Message
<analysis.problems.record.Message>`) can be told in any of the languages, and
nothing is ever translated from one text to the other.

>>> text("no_area", {}, "fi")
'hyvinvointialue puuttuu'
>>> text("no_area", {}, "sv")
'välfärdsområde saknas'
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from functools import cache
from pathlib import Path

import yaml

from analysis import config

LANGUAGES = ("en", "fi", "sv")


class CatalogueError(KeyError):
    """A code that is not in the catalogue, or parameters its texts do not take."""

    def __str__(self) -> str:
        return str(self.args[0])


@cache
def load_catalogue(path: Path | None = None) -> dict[str, dict[str, str]]:
    """code -> {"en": text, "fi": text, "sv": text}."""
    path = path or config.MESSAGES_FILE
    raw = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    catalogue: dict[str, dict[str, str]] = {}
    for code, texts in raw.items():
        if not isinstance(texts, dict) or set(texts) != set(LANGUAGES):
            raise CatalogueError(f"{path.name}: {code!r} needs exactly the texts {', '.join(LANGUAGES)}")
        catalogue[code] = {language: str(texts[language]) for language in LANGUAGES}
    return catalogue


def parameters(template: str) -> set[str]:
    """The {names} a text takes."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


def text(code: str, params: Mapping[str, str], language: str) -> str:
    """The code's text in ``language`` ("en", "fi" or "sv") with its parameters filled in."""
    try:
        template = load_catalogue()[code][language]
    except KeyError:
        raise CatalogueError(f"no message {code!r} in language {language!r} in the catalogue") from None
    if parameters(template) != set(params):
        raise CatalogueError(f"the message {code!r} takes {sorted(parameters(template))}, not {sorted(params)}")
    return template.format(**params)
