"""The form's words (questions, options, matrix items, scale levels), the 22 areas
and the result themes in each of the report's languages, by id.

Finnish comes from where it lives (the codebook, the theme file), Swedish and
English from ``data/codebook_translations.yaml`` and, for the areas, the
codebook's own ``sv`` and ``en`` names. An id is the codebook's:

=================  ===============================  ==========================================
kind               id                               Finnish it stands for
=================  ===============================  ==========================================
``question``       ``scope``                        the question's text
``option``         ``scope.service_entity``         an option's label
``option_short``   ``target_groups.other``          its narrow tables' label (else the label)
``derived``        ``dev_targets.social_and_health`` a derived option's label
``item``           ``phase.piloted``                a matrix item's text
``scale``          ``phase.3``                      a scale level, by its place (0 first)
``region``         ``17``                           an area's official name, by its code
``region_short``   ``17``                           its short name (Pohjanmaa, Österbotten, Ostrobothnia)
``theme``          ``uniformity``                   a theme's name
``theme_short``    ``uniformity``                   its narrow tables' name
``theme_label``    ``uniformity``                   its one word (the listing's chips)
``theme_description`` ``uniformity``                its description
``subtopic``       ``uniformity.0``                 a sub-topic, by its place in the theme
``stage1``         ``transferable``                 a screening condition's label (data/criteria.yaml)
=================  ===============================  ==========================================

>>> label("region", "17", "sv"), label("option", "scope.product", "en")
('Österbottens välfärdsområde', 'Product')
>>> label("item", "phase.rooted", "fi")
'Juurrutettu'
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from typing import Any

import yaml

from analysis import config
from analysis.form.codebook import Codebook, load_codebook

KINDS = (
    "question",
    "option",
    "option_short",
    "derived",
    "item",
    "scale",
    "region",
    "region_short",
    "theme",
    "theme_short",
    "theme_label",
    "theme_description",
    "subtopic",
    "stage1",
)


class TranslationMissing(KeyError):
    """No text for an id in a language: the id is unknown, or its translation is missing."""

    def __str__(self) -> str:  # KeyError would print the message in quotes
        return str(self.args[0])


def _check_language(language: str) -> str:
    if language not in config.LANGUAGES:
        raise ValueError(f"language {language!r} is not one of {', '.join(config.LANGUAGES)}")
    return language


@cache
def _translations() -> dict[str, Any]:
    return yaml.safe_load(config.TRANSLATIONS_FILE.read_text(encoding="utf-8"))


@cache
def _themes() -> dict[str, dict[str, Any]]:
    """The theme file's themes by id (its Finnish), read as data: the theme coder
    is a higher layer, and only the names are needed here."""
    raw = yaml.safe_load(config.THEMES_FILE.read_text(encoding="utf-8"))
    return {str(t["id"]): t for t in raw["themes"]}


@cache
def _stage1() -> dict[str, str]:
    """The screening's stage 1 conditions' labels by id, read as data (the
    screening is a higher layer)."""
    raw = yaml.safe_load(config.CRITERIA_FILE.read_text(encoding="utf-8"))
    return {str(c["id"]): str(c["label"]) for c in raw["stage1"]}


def _split(kind: str, key: str, parts: int) -> list[str]:
    pieces = key.split(".")
    if len(pieces) != parts:
        raise TranslationMissing(f"{kind} id {key!r} should have {parts} part(s) separated by '.'")
    return pieces


def _finnish(kind: str, key: str, codebook: Codebook) -> str:
    try:
        if kind == "question":
            return codebook.question(key).text
        if kind in ("option", "option_short"):
            q, o = _split(kind, key, 2)
            option = codebook.question(q).option(o)
            return option.display if kind == "option_short" else option.label
        if kind == "derived":
            q, d = _split(kind, key, 2)
            return next(x.label for x in codebook.question(q).derived if x.id == d)
        if kind == "item":
            q, i = _split(kind, key, 2)
            return codebook.question(q).item(i).text
        if kind == "scale":
            q, place = _split(kind, key, 2)
            return codebook.question(q).scale[int(place)]
        if kind in ("region", "region_short"):
            region = next(r for r in codebook.regions if r.code == key)
            return region.name if kind == "region" else region.short
        if kind == "subtopic":
            t, place = _split(kind, key, 2)
            return str(_themes()[t]["subtopics"][int(place)]["name"])
        if kind == "stage1":
            return _stage1()[key]
        return " ".join(str(_themes()[key][_THEME_FIELDS[kind]]).split())
    except TranslationMissing:
        raise
    except (KeyError, IndexError, ValueError, StopIteration) as e:
        raise TranslationMissing(f"the codebook, the theme file and the criteria have no {kind} {key!r}") from e


_THEME_FIELDS = {"theme": "name", "theme_short": "short", "theme_label": "label", "theme_description": "description"}


def _option(data: dict[str, Any], kind: str, key: str, language: str) -> str:
    q, o = _split(kind, key, 2)
    entry = data["options"][q][o]
    return str(entry.get(f"short_{language}", entry[language]) if kind == "option_short" else entry[language])


def _scale(data: dict[str, Any], key: str, language: str, codebook: Codebook) -> str:
    q, place = _split("scale", key, 2)
    levels = data["scales"][q][language]
    if len(levels) != len(codebook.question(q).scale):
        raise TranslationMissing(f"the scale of {q} has {len(levels)} levels in {language}, not as in the codebook")
    return str(levels[int(place)])


def _region(key: str, language: str, codebook: Codebook) -> str:
    region = next(r for r in codebook.regions if r.code == key)
    return region.sv if language == "sv" else region.en


def _by_section(data: dict[str, Any], kind: str, key: str, language: str) -> str:
    """question, derived, item, subtopic, stage1: an entry under the kind's section."""
    if kind in ("question", "stage1"):
        return str(data[f"{kind}s" if kind == "question" else kind][key][language])
    first, second = _split(kind, key, 2)
    if kind == "subtopic":
        return str(data["subtopics"][first][int(second)][language])
    return str(data[{"derived": "derived", "item": "items"}[kind]][first][second][language])


def _translated(kind: str, key: str, language: str, codebook: Codebook) -> str:
    data = _translations()
    try:
        if kind in ("option", "option_short"):
            return _option(data, kind, key, language)
        if kind == "scale":
            return _scale(data, key, language, codebook)
        if kind == "region":
            return _region(key, language, codebook)
        if kind == "region_short":
            short = next(r for r in codebook.regions if r.code == key).short_in(language)
            if not short:
                raise TranslationMissing(f"the codebook has no {language} short name for region {key!r}")
            return short
        if kind in _THEME_FIELDS:
            return " ".join(str(data["themes"][key][language][_THEME_FIELDS[kind]]).split())
        return _by_section(data, kind, key, language)
    except TranslationMissing:
        raise
    except (KeyError, IndexError, ValueError, StopIteration, TypeError) as e:
        raise TranslationMissing(f"no {language} text for {kind} {key!r} in {config.TRANSLATIONS_FILE.name}") from e


def label(kind: str, key: str, language: str, codebook: Codebook | None = None) -> str:
    """The text of ``kind`` ``key`` (see the module's table) in ``language`` ("fi",
    "sv", "en"). Raises :class:`TranslationMissing` for an unknown id or a missing
    translation, ValueError for another language."""
    if kind not in KINDS:
        raise ValueError(f"kind {kind!r} is not one of {', '.join(KINDS)}")
    language = _check_language(language)
    codebook = codebook or load_codebook()
    if language == "fi":
        return _finnish(kind, key, codebook)
    _finnish(kind, key, codebook)  # the id must exist in the codebook or the theme file
    return _translated(kind, key, language, codebook)


def every_id(codebook: Codebook | None = None) -> Iterator[tuple[str, str]]:
    """Every (kind, id) the codebook, the theme file and the screening's stage 1
    have (``region_short`` aside, which is Finnish only): what a translation must cover."""
    codebook = codebook or load_codebook()
    for q in codebook.questions:
        yield "question", q.id
        for o in q.options:
            yield "option", f"{q.id}.{o.id}"
            yield "option_short", f"{q.id}.{o.id}"
        for d in q.derived:
            yield "derived", f"{q.id}.{d.id}"
        for i in q.items:
            yield "item", f"{q.id}.{i.id}"
        for place in range(len(q.scale)):
            yield "scale", f"{q.id}.{place}"
    for r in codebook.regions:
        yield "region", r.code
    for theme_id, theme in _themes().items():
        for kind in ("theme", "theme_short", "theme_label", "theme_description"):
            yield kind, theme_id
        for place in range(len(theme["subtopics"])):
            yield "subtopic", f"{theme_id}.{place}"
    for condition_id in _stage1():
        yield "stage1", condition_id


def subtopic_source(theme_id: str, place: int) -> str:
    """The Finnish sub-topic a translation was made from (its ``fi:``), to compare
    with the theme file's: a renamed sub-topic needs its translation checked."""
    return str(_translations()["subtopics"][theme_id][place]["fi"])
