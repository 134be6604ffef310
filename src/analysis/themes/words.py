"""Words of the open answers: lemmas, compound parts, restored spelling, language.

Everything here is about one word, or counting words, and knows nothing of the
themes: :mod:`analysis.themes.rules` matches the rules against what this module
says of a word, and :mod:`analysis.themes.coder` codes whole answers.

The dictionaries are simplemma's (Finnish, Swedish, English), opened as
memory-mapped tries (:class:`_TrieDictionaries`).
"""

from __future__ import annotations

import itertools
import re
import shutil
import tempfile
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import simplemma
from platformdirs import user_cache_dir
from simplemma import Lemmatizer
from simplemma.strategies import DefaultStrategy, DictionaryLookupStrategy
from simplemma.strategies.dictionaries import DictionaryFactory, TrieDictionaryFactory

# a word: letters, optionally joined by hyphens ("sote-keskus"), or a number
WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*|\d+", re.UNICODE)
# the same, for pyarrow's RE2: the stretches between words
NOT_LETTERS = r"[^\pL]+"
MAX_RESTORED_VARIANTS = 128  # spellings tried when restoring ä/ö/å in one word
MIN_PART_LENGTH = 3  # letters of the shorter side of a compound split


class _TrieDictionaries(DictionaryFactory):
    """simplemma's dictionaries as MARISA tries, cached on disk (simplemma's
    ``DictionaryFactory`` protocol, through its public ``TrieDictionaryFactory``).

    simplemma's default unpacks the whole Finnish dictionary into a dict at first
    use, seconds in every process. A trie is built once per simplemma version and
    language (some seconds more, into the user's cache folder, e.g.
    ~/.cache/rrp-analysis/simplemma-2.0.0/fi/) and then opens in milliseconds.
    Lemmas are the same: it is the same dictionary.

    simplemma writes its trie straight to the file it later reads, so a process
    starting meanwhile (the report's kernels start together) could read half of
    it. Here each language's folder is filled by simplemma in a temporary folder
    beside it and renamed into place whole: a process sees the folder complete or
    not at all; when two build it at once, the first rename wins and the other
    process's copy is thrown away.
    """

    def __init__(self, cache_dir: Path | None = None) -> None:
        self.cache_dir = cache_dir or Path(user_cache_dir("rrp-analysis")) / f"simplemma-{simplemma.__version__}"
        self._factories: dict[str, TrieDictionaryFactory] = {}

    def get_dictionary(self, lang: str) -> Mapping[str, str]:
        factory = self._factories.get(lang)
        if factory is None:
            factory = self._factories[lang] = self._factory(lang)
        return factory.get_dictionary(lang)

    def _factory(self, lang: str) -> TrieDictionaryFactory:
        folder = self.cache_dir / lang
        if folder.is_dir():
            return TrieDictionaryFactory(disk_cache_dir=str(folder))
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{lang}.", dir=self.cache_dir))
        try:
            TrieDictionaryFactory(disk_cache_dir=str(staging)).get_dictionary(lang)  # builds and saves the trie
            if not any(staging.iterdir()):  # simplemma could not save it (it logs why): no disk cache
                return TrieDictionaryFactory(use_disk_cache=False)
            try:
                staging.rename(folder)
            except OSError:
                if not folder.is_dir():
                    raise
            return TrieDictionaryFactory(disk_cache_dir=str(folder))
        finally:
            shutil.rmtree(staging, ignore_errors=True)


@cache
def _simplemma() -> tuple[Lemmatizer, DictionaryLookupStrategy]:
    dictionaries = _TrieDictionaries()
    return (
        Lemmatizer(lemmatization_strategy=DefaultStrategy(dictionary_factory=dictionaries)),
        DictionaryLookupStrategy(dictionaries),
    )


@lru_cache(maxsize=500_000)
def is_known(word: str, lang: str = "fi") -> bool:
    """Whether the dictionary of ``lang`` knows ``word`` (any inflected form)."""
    return _simplemma()[1].get_lemma(unicodedata.normalize("NFC", word), lang) is not None


@lru_cache(maxsize=200_000)
def lemma(word: str, lang: str = "fi") -> str:
    """The lemma of one word (simplemma), lower-case.

    simplemma sometimes answers an unknown compound with its first part only
    ("hoitopolut" -> "hoito"). When the rest of the word is itself a known word,
    the word is a compound: its lemma is the first part plus the lemma of the rest
    ("hoito" + "polku"), so rules on the compound's head ("*polku") still apply.
    """
    lemmatizer = _simplemma()[0]
    word = word.casefold()
    found = lemmatizer.lemmatize(word, lang=lang).casefold()
    if found != word and word.startswith(found) and len(word) - len(found) >= 4:
        tail = word[len(found) :]
        tail_lemma = lemmatizer.lemmatize(tail, lang=lang).casefold()
        if is_known(tail, lang) or (tail_lemma != tail and is_known(tail_lemma, lang)):
            return found + tail_lemma
    return found


def fold(text: str) -> str:
    """``text`` without the letters that writers leave out: ä, ö, å -> a, o, a."""
    return text.translate(_FOLD)


_FOLD = str.maketrans("äöåÄÖÅ", "aoaAOA")


@lru_cache(maxsize=200_000)
def restored(word: str, lang: str, choices: tuple[tuple[str, tuple[str, ...]], ...]) -> str | None:
    """The known spelling of ``word`` with ä/ö (å) put back, if the word is not known
    as written and exactly that makes it known ("yhteistyo" -> "yhteistyö"); the
    variant with the fewest changes wins. ``choices`` maps a plain letter to the
    letters it may stand for (the theme file's ``language.restore``)."""
    replaceable = dict(choices)
    slots = [i for i, ch in enumerate(word) if ch in replaceable]
    if not slots or is_known(word, lang):
        return None
    options = [(word[i], *replaceable[word[i]]) for i in slots]
    if np.prod([len(o) for o in options], dtype=np.float64) > MAX_RESTORED_VARIANTS:
        return None
    best: tuple[int, str] | None = None
    for letters in itertools.product(*options):
        changes = sum(1 for a, b in zip(letters, (word[i] for i in slots)) if a != b)
        if not changes or (best is not None and changes >= best[0]):
            continue
        chars = list(word)
        for i, letter in zip(slots, letters):
            chars[i] = letter
        candidate = "".join(chars)
        if is_known(candidate, lang):
            best = (changes, candidate)
    return best[1] if best else None


@lru_cache(maxsize=200_000)
def part_starts(text: str, lang: str) -> tuple[int, ...]:
    """Where a compound part may begin in ``text`` (a word or lemma): positions
    where the rest of it is a word the dictionary knows, or the part before it is
    one (also as the compound form of an -inen word: "kirjaamis" from
    "kirjaaminen"). Both sides at least :data:`MIN_PART_LENGTH` letters."""
    starts = []
    for i in range(MIN_PART_LENGTH, len(text) - MIN_PART_LENGTH + 1):
        head, tail = text[:i], text[i:]
        if head.endswith("-"):
            continue
        if (
            is_known(tail, lang)
            or is_known(head, lang)
            or (lang == "fi" and head.endswith("s") and is_known(head[:-1] + "nen", lang))
        ):
            starts.append(i)
    return tuple(starts)


def is_head(text: str, lang: str) -> bool:
    """Whether ``text`` can be the first part of a compound: a word the dictionary
    knows, or (Finnish) the compound form of an -inen word ("kirjaamis")."""
    return is_known(text, lang) or (lang == "fi" and text.endswith("s") and is_known(text[:-1] + "nen", lang))


@lru_cache(maxsize=200_000)
def is_known_compound(word: str, lang: str) -> bool:
    """Whether ``word`` splits into two words the dictionary knows
    ("järjestelmä|toimittaja"): a correctly spelled compound, not a typo."""
    return any(is_head(word[:i], lang) and is_known(word[i:], lang) for i in part_starts(word, lang))


# --- verb forms ---------------------------------------------------------------------

# Finnish conditional mood: the -isi- of "parantaisi", "voisivat", "vähennettäisiin".
# Not "-isin" ("arkisin", "iltaisin" are adverbs) and only where the lemma is a verb's
# infinitive (ends in a or ä), so that "kotisi" (your home) is not one. The passive's
# "-isiin" follows the passive's -ta/-tä ("-ttaisiin"): after another letter it is the
# illative plural of an -ea/-eä adjective ("oikeisiin", "tärkeisiin"), whose lemma
# also ends in a or ä.
_FI_CONDITIONAL = re.compile(r"(?:isi|isivat|isivät|isimme|isitte|[aä]isiin)$")
# The personal endings after the mood's -isi- or the past tense's -i-.
_FI_PERSON = ("vat", "vät", "mme", "tte", "")
# The passive conditional ("ehkäistäisiin", "järjestettäisiin"): no other word ends so.
_FI_PASSIVE_CONDITIONAL = ("taisiin", "täisiin")


def _fi_past_ending_in_isi(surface: str, lemma_: str) -> bool:
    """Whether ``surface`` is a past indicative whose past stem ends in -is-, so that
    it ends as a conditional does: the past stem plus the past tense's -i- and a
    personal ending. Two verb types have such a stem: the -sta/-stä verbs, whose past
    stem is the infinitive without -ta ("ehkäis|tä" -> "ehkäis|i", "ehkäis|i|vät";
    their conditional is "ehkäis|isi"), and the -taa/-tää verbs whose past turns t
    into s after i ("kii|tää" -> "kii|s|i"; conditional "kiitä|isi")."""
    for person in _FI_PERSON:
        if not surface.endswith("i" + person):
            continue
        past_stem = surface[: len(surface) - len(person) - 1]  # without the past tense's -i-
        if lemma_.endswith(("sta", "stä")) and past_stem == lemma_[:-2]:
            return True
        if lemma_.endswith(("itaa", "itää")) and past_stem == lemma_[:-3] + "s":
            return True
    return False


@lru_cache(maxsize=200_000)
def has_form(surface: str, lemma_: str, lang: str, form: str) -> bool:
    """Whether the word is in the verb form ``form`` (the theme file's ``@form``).
    Known forms (Finnish): ``conditional`` and ``present_passive`` ("järjestetään").
    simplemma gives no morphology, so the form is read from the ending, checked
    against the lemma being a verb and against the past tenses that end as a
    conditional does ("ehkäisivät")."""
    if form == "present_passive":
        return (
            lang == "fi"
            and surface.casefold().endswith(("taan", "tään"))
            and lemma_ != surface
            and lemma_.endswith(("a", "ä"))
            and not _FI_CONDITIONAL.search(surface)
        )
    if form == "conditional":
        if lang == "fi" and surface.casefold().endswith(_FI_PASSIVE_CONDITIONAL):
            return True  # the passive's ending is the verb's whatever the lemmatiser says
        return (
            lang == "fi"
            and len(surface) > 4
            and bool(_FI_CONDITIONAL.search(surface))
            and lemma_ != surface
            and lemma_.endswith(("a", "ä"))
            and not _fi_past_ending_in_isi(surface.casefold(), lemma_)
        )
    raise ValueError(f"unknown verb form @{form} (known: @conditional, @present_passive)")


# --- language ---------------------------------------------------------------------


@dataclass(frozen=True)
class Languages:
    """The language of each answer: the code of the language whose dictionary
    knows the largest share of its words, ``uncertain`` where that share is below
    the minimum, and its number of words."""

    codes: np.ndarray  # index into `covered` per answer
    uncertain: np.ndarray  # bool per answer
    words: np.ndarray  # number of words per answer


def known_in(
    word: str, covered: tuple[str, ...], restore: tuple[tuple[str, tuple[tuple[str, tuple[str, ...]], ...]], ...]
) -> int:
    """A bit per covered language whose dictionary knows ``word`` (as written or
    with ä/ö/å restored)."""
    choices = dict(restore)
    bits = 0
    for i, lang in enumerate(covered):
        if is_known(word, lang) or (lang in choices and restored(word, lang, choices[lang]) is not None):
            bits |= 1 << i
    return bits


def detect_languages(
    texts: pa.Array,
    covered: tuple[str, ...],
    restore: tuple[tuple[str, tuple[tuple[str, tuple[str, ...]], ...]], ...],
    min_share: float,
) -> Languages:
    """The language of each text (no nulls), counted column-wise: the words of all
    texts are looked up once per distinct word, and counted per text with numpy.
    Ties go to the first covered language (Finnish); a text without a word known
    in any language is that language too, and uncertain."""
    n = len(texts)
    lowered = pc.utf8_lower(texts.cast(pa.large_string()))
    words = pc.split_pattern_regex(lowered, NOT_LETTERS)
    flat = pc.list_flatten(words)
    parent = pc.list_parent_indices(words).to_numpy()
    keep = pc.greater_equal(pc.utf8_length(flat), 2).to_numpy(zero_copy_only=False)
    flat, parent = flat.filter(pa.array(keep)), parent[keep]
    encoded = pc.dictionary_encode(flat)
    bits = np.array([known_in(w, covered, restore) for w in encoded.dictionary.to_pylist()], dtype=np.int64)
    per_word = bits[encoded.indices.to_numpy()] if len(flat) else np.zeros(0, dtype=np.int64)
    counts = np.bincount(parent, minlength=n).astype(np.int64)
    known = (
        np.column_stack([np.bincount(parent, weights=(per_word >> i) & 1, minlength=n) for i in range(len(covered))])
        if len(covered)
        else np.zeros((n, 0))
    )
    codes = np.argmax(known, axis=1) if n else np.zeros(0, dtype=np.int64)
    best = known[np.arange(n), codes] if n else np.zeros(0)
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(counts > 0, best / np.maximum(counts, 1), 1.0)
    return Languages(codes.astype(np.int64), share < min_share, counts)
