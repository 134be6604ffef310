"""The codebook: questions, options, matrix items and the 22 areas, from one YAML file.

Every match of an export header, an option label, a scale label or an area name
goes through :class:`Codebook`. The data lives in ``data/codebook.yaml``; this
module only indexes it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Literal

import yaml

from analysis import config

_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2212"), "-")
_LEADING_NUMBER = re.compile(r"^\s*(?:[qQ]\s*)?\d+(?:\.\d+)*\s*[.):]?\s+(?=\S)")
_SPACES = re.compile(r"\s+")


def normalise(text: object) -> str:
    """Fold a label for matching: Unicode NFC, dashes to '-', whitespace collapsed, case folded."""
    s = unicodedata.normalize("NFC", str(text)).translate(_DASHES)
    return _SPACES.sub(" ", s).strip().casefold()


def normalise_header(text: object) -> str:
    """Fold a column header: as :func:`normalise`, and a leading question number removed."""
    s = unicodedata.normalize("NFC", str(text))
    return normalise(_LEADING_NUMBER.sub("", s, count=1))


@dataclass(frozen=True)
class Option:
    id: str
    label: str
    aliases: tuple[str, ...] = ()
    other_text: bool = False
    short: str | None = None

    @property
    def names(self) -> tuple[str, ...]:
        return (self.label, *self.aliases)

    @property
    def display(self) -> str:
        """The label as the published tables print it."""
        return self.short or self.label


@dataclass(frozen=True)
class Item:
    id: str
    text: str
    aliases: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        return (self.text, *self.aliases)


@dataclass(frozen=True)
class Derived:
    id: str
    label: str
    all_of: tuple[str, ...]


QuestionType = Literal["meta", "region", "single", "multi", "matrix", "number", "text", "url"]


@dataclass(frozen=True)
class Question:
    id: str
    text: str
    type: QuestionType
    aliases: tuple[str, ...] = ()
    required: bool = False
    pii: bool = False
    options: tuple[Option, ...] = ()
    items: tuple[Item, ...] = ()
    scale: tuple[str, ...] = ()
    valid: tuple[int, int] | None = None
    derived: tuple[Derived, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        return (self.text, *self.aliases)

    def option(self, option_id: str) -> Option:
        for opt in self.options:
            if opt.id == option_id:
                return opt
        raise KeyError(f"{self.id} has no option {option_id!r}")

    def item(self, item_id: str) -> Item:
        for it in self.items:
            if it.id == item_id:
                return it
        raise KeyError(f"{self.id} has no item {item_id!r}")

    @property
    def other_option(self) -> Option | None:
        return next((o for o in self.options if o.other_text), None)

    def option_column(self, option: Option) -> str:
        return f"{self.id}__{option.id}"

    def other_text_column(self, option: Option) -> str:
        return f"{self.id}__{option.id}_text"

    def item_column(self, item: Item) -> str:
        return f"{self.id}__{item.id}"


@dataclass(frozen=True)
class Region:
    code: str
    name: str
    sv: str
    en: str
    short: str
    brands: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    short_sv: str = ""  # the short name in Swedish and English (charts), not matched in exports
    short_en: str = ""

    def short_in(self, language: str) -> str:
        """The short name in ``language``: "Pohjanmaa", "Österbotten", "Ostrobothnia"."""
        return {"fi": self.short, "sv": self.short_sv, "en": self.short_en}[language]

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, self.sv, self.en, self.short, *self.brands, *self.aliases)


ColumnKind = Literal["value", "joined", "option", "other_text", "item"]


@dataclass(frozen=True)
class ColumnRef:
    """What one export column holds.

    value       the answer of a meta, region, single, number, text or url question
    joined      a multi question's chosen labels joined by ';' (layout D)
    option      one option of a multi question: 1/0 or the label (layouts A-C)
    other_text  the free text of a multi question's "other" option
    item        one item of a matrix question: a scale label
    """

    kind: ColumnKind
    question: Question
    option: Option | None = None
    item: Item | None = None
    header: str = field(default="", compare=False)  # the canonical Finnish header

    @property
    def column(self) -> str:
        """The column's name in data/processed/."""
        q = self.question
        if self.kind in ("option", "other_text"):
            assert self.option is not None, "an option column names its option"
            return q.option_column(self.option) if self.kind == "option" else q.other_text_column(self.option)
        if self.kind == "item":
            assert self.item is not None, "an item column names its item"
            return q.item_column(self.item)
        return q.id


class CodebookError(ValueError):
    """The codebook file itself is inconsistent."""


@dataclass
class Codebook:
    questions: tuple[Question, ...]
    regions: tuple[Region, ...]
    form_name: str
    handkept: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict)
    other_text_suffix: str = "teksti"
    _headers: dict[str, ColumnRef] = field(default_factory=dict, repr=False)
    _regions: dict[str, Region] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self._headers = self._index_headers()
        self._regions = self._index_regions()

    # --- building -----------------------------------------------------------------

    @classmethod
    def from_yaml(cls, path: Path) -> Codebook:
        raw = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
        questions = tuple(_question(q) for q in raw["questions"])
        regions = tuple(
            Region(
                code=str(r["code"]),
                name=r["name"],
                sv=r["sv"],
                en=r["en"],
                short=r["short"],
                short_sv=r.get("short_sv", ""),
                short_en=r.get("short_en", ""),
                brands=tuple(r.get("brands", ())),
                aliases=tuple(r.get("aliases", ())),
            )
            for r in raw["regions"]
        )
        handkept = {
            kind: {role: tuple(names) for role, names in roles.items()}
            for kind, roles in raw.get("handkept", {}).items()
        }
        return cls(
            questions,
            regions,
            raw["form"]["name"],
            handkept,
            other_text_suffix=raw.get("other_text_suffix", "teksti"),
        )

    def _index_headers(self) -> dict[str, ColumnRef]:
        index: dict[str, ColumnRef] = {}

        def add(header: str, ref: ColumnRef) -> None:
            canonical = self._canonical_header(ref)
            ref = ColumnRef(ref.kind, ref.question, ref.option, ref.item, header=canonical)
            key = normalise_header(header)
            if key in index and index[key] != ref:
                raise CodebookError(f"header {header!r} would match both {index[key].column} and {ref.column}")
            index[key] = ref

        suffix = self.other_text_suffix
        for q in self.questions:
            for qname in q.names:
                if q.type == "multi":
                    add(qname, ColumnRef("joined", q))
                    for opt in q.options:
                        for oname in opt.names:
                            add(f"{qname} - {oname}", ColumnRef("option", q, option=opt))
                            if opt.other_text:
                                add(
                                    f"{qname} - {oname} - {suffix}",
                                    ColumnRef("other_text", q, option=opt),
                                )
                elif q.type == "matrix":
                    for it in q.items:
                        for iname in it.names:
                            add(f"{qname} - {iname}", ColumnRef("item", q, item=it))
                else:
                    add(qname, ColumnRef("value", q))
        return index

    def _canonical_header(self, ref: ColumnRef) -> str:
        q = ref.question
        if ref.kind in ("option", "other_text"):
            assert ref.option is not None, "an option column names its option"
            suffix = f" - {self.other_text_suffix}" if ref.kind == "other_text" else ""
            return f"{q.text} - {ref.option.label}{suffix}"
        if ref.kind == "item":
            assert ref.item is not None, "an item column names its item"
            return f"{q.text} - {ref.item.text}"
        return q.text

    def _index_regions(self) -> dict[str, Region]:
        index: dict[str, Region] = {}
        for region in self.regions:
            keys = {normalise(n) for n in region.names}
            keys |= {region.code, region.code.lstrip("0")}
            for key in keys:
                if key in index and index[key] is not region:
                    raise CodebookError(f"area name {key!r} matches two areas")
                index[key] = region
        return index

    # --- look-ups -----------------------------------------------------------------

    def export_columns(self) -> list[ColumnRef]:
        """Every column of a wide export (layouts A and B) in form order, with its
        canonical header: a column per option, the "other" text after its option."""
        refs: list[ColumnRef | None] = []
        for q in self.questions:
            if q.type == "multi":
                for opt in q.options:
                    refs.append(self.match_header(f"{q.text} - {opt.label}"))
                    if opt.other_text:
                        refs.append(self.match_header(f"{q.text} - {opt.label} - {self.other_text_suffix}"))
            elif q.type == "matrix":
                refs.extend(self.match_header(f"{q.text} - {item.text}") for item in q.items)
            else:
                refs.append(self.match_header(q.text))
        return [ref for ref in refs if ref is not None]

    def question(self, question_id: str) -> Question:
        for q in self.questions:
            if q.id == question_id:
                return q
        raise KeyError(question_id)

    def questions_of_type(self, *types: str) -> list[Question]:
        return [q for q in self.questions if q.type in types]

    @property
    def required(self) -> list[Question]:
        return [q for q in self.questions if q.required]

    def match_header(self, header: object) -> ColumnRef | None:
        """The column an export header stands for, or None when it is not recognised."""
        if header is None:
            return None
        return self._headers.get(normalise_header(header))

    def match_region(self, value: object) -> Region | None:
        """The area an export's area value names (official, Swedish, English, short,
        brand name or code), or None."""
        key = normalise(value)
        region = self._regions.get(key)
        if region is None and key.isdigit():
            region = self._regions.get(key.lstrip("0"))
        return region

    def match_option(self, question: Question, value: object) -> Option | None:
        key = normalise(value)
        for opt in question.options:
            if key in {normalise(n) for n in opt.names}:
                return opt
        return None

    def match_scale(self, question: Question, value: object) -> str | None:
        key = normalise(value)
        for label in question.scale:
            if normalise(label) == key:
                return label
        return None

    @property
    def region_names(self) -> list[str]:
        """The 22 official Finnish area names in code order."""
        return [r.name for r in sorted(self.regions, key=lambda r: r.code)]

    def region_by_name(self, name: str) -> Region:
        for r in self.regions:
            if r.name == name:
                return r
        raise KeyError(name)


def _question(raw: dict) -> Question:
    options = tuple(
        Option(
            id=o["id"],
            label=str(o["label"]),
            aliases=tuple(str(a) for a in o.get("aliases", ())),
            other_text=bool(o.get("other_text", False)),
            short=o.get("short"),
        )
        for o in raw.get("options", ())
    )
    items = tuple(Item(id=i["id"], text=i["text"], aliases=tuple(i.get("aliases", ()))) for i in raw.get("items", ()))
    derived = tuple(Derived(id=d["id"], label=d["label"], all_of=tuple(d["all_of"])) for d in raw.get("derived", ()))
    valid = tuple(raw["valid"]) if "valid" in raw else None
    return Question(
        id=raw["id"],
        text=raw["text"],
        type=raw["type"],
        aliases=tuple(raw.get("aliases", ())),
        required=bool(raw.get("required", False)),
        pii=bool(raw.get("pii", False)),
        options=options,
        items=items,
        scale=tuple(raw.get("scale", ())),
        valid=valid,
        derived=derived,
    )


@cache
def load_codebook(path: Path | None = None) -> Codebook:
    """The project's codebook (cached)."""
    return Codebook.from_yaml(path or config.CODEBOOK_FILE)
