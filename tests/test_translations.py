"""The report's words in Swedish and English (issue #27): every id of the codebook,
the theme file and the screening's stage 1 has a Swedish and an English text; none
of them is left in Finnish (an independent scan of Finnish-only letter patterns,
endings and words); THL's terms are used as the glossary gives them; and the
sentence catalogue is complete and consistent."""

from __future__ import annotations

import re
import string

import pytest
import yaml
from finnish_scan import finnish_words

from analysis import config
from analysis.form import translations
from analysis.form.codebook import load_codebook
from analysis.form.translations import TranslationMissing, every_id, label
from analysis.language import glossary, sentences
from analysis.themes.rules import load_themebook

TRANSLATED = ("sv", "en")

# --- Finnish left in a Swedish or English text ---------------------------------------------


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Toimintamallin laajuus", "sv"),
        ("Palveluiden yhdenmukaistaminen ja tasalaatuisuuden parantuminen", "en"),
        ("Kyllä", "sv"),
        ("Koko hyvinvointialueella", "en"),
        ("Muu, mikä?", "sv"),
        ("Yhdessä yksikössä", "en"),
        ("Pilotoitu", "sv"),
        ("Ikäihmiset", "en"),
        ("Asiakaskokemus ja -palaute", "sv"),
        ("Lapset, nuoret ja perheet", "en"),
        ("Kustannussäästöjen kasvu", "sv"),
        ("Juurrutettu", "en"),
    ],
)
def test_the_scan_finds_finnish(text: str, language: str) -> None:
    assert finnish_words(text, language), text


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Österbottens välfärdsområde", "sv"),
        ("Vanda och Kervo välfärdsområde", "sv"),
        ("Kymenlaakso Wellbeing Services County", "en"),
        ("East Uusimaa Wellbeing Services County", "en"),
        ("Ja, delvis, nej, kan inte säga", "sv"),
        ("Tjänster via en dörr och med låg tröskel, kontaktvägar i flera kanaler", "sv"),
        ("Quick referral to the right service curbs failure demand and follow-on costs", "en"),
        ("Link to the operating model's description in Innokylä", "en"),
    ],
)
def test_the_scan_passes_swedish_and_english(text: str, language: str) -> None:
    assert finnish_words(text, language) == []


def test_every_id_is_translated_in_swedish_and_english() -> None:
    """A new question, option, item, scale level, area, theme, sub-topic or stage 1
    condition without its Swedish and English fails here."""
    missing = []
    for kind, key in every_id():
        for language in TRANSLATED:
            try:
                text = label(kind, key, language)
            except TranslationMissing as e:
                missing.append(str(e))
                continue
            if not text.strip():
                missing.append(f"{kind} {key} is empty in {language}")
    assert missing == []


def test_every_id_covers_the_codebook_and_the_themes() -> None:
    """every_id() is checked against the codebook and the theme coder's own reading
    of the theme file, not against the translations file."""
    ids = set(every_id())
    codebook, book = load_codebook(), load_themebook()
    expected = {("question", q.id) for q in codebook.questions}
    expected |= {("option", f"{q.id}.{o.id}") for q in codebook.questions for o in q.options}
    expected |= {("item", f"{q.id}.{i.id}") for q in codebook.questions for i in q.items}
    expected |= {("scale", f"{q.id}.{p}") for q in codebook.questions for p in range(len(q.scale))}
    expected |= {("region", r.code) for r in codebook.regions}
    expected |= {("theme", t.id) for t in book.themes}
    expected |= {("subtopic", f"{t.id}.{p}") for t in book.themes for p in range(len(t.subtopics))}
    assert expected <= ids
    assert len([i for i in ids if i[0] == "region"]) == 22
    assert len([i for i in ids if i[0] == "theme"]) == 7


def test_the_translations_hold_no_id_the_codebook_lacks() -> None:
    """A translation left behind by a removed or renamed id is found too."""
    raw = yaml.safe_load(config.TRANSLATIONS_FILE.read_text(encoding="utf-8"))
    ids = set(every_id())
    stray = [f"question {q}" for q in raw["questions"] if ("question", q) not in ids]
    for section, kind in (("options", "option"), ("items", "item"), ("derived", "derived")):
        stray += [
            f"{kind} {q}.{o}" for q, entries in raw[section].items() for o in entries if (kind, f"{q}.{o}") not in ids
        ]
    stray += [f"theme {t}" for t in raw["themes"] if ("theme", t) not in ids]
    stray += [f"subtopics of {t}" for t in raw["subtopics"] if ("theme", t) not in ids]
    stray += [f"stage1 {c}" for c in raw["stage1"] if ("stage1", c) not in ids]
    assert stray == []


def test_each_subtopic_is_translated_from_the_theme_files_finnish() -> None:
    """Sub-topics have no ids: the translation of each names the Finnish it was
    made from, and a sub-topic added, removed, moved or renamed in the theme file
    fails here until its translation is checked."""
    raw = yaml.safe_load(config.TRANSLATIONS_FILE.read_text(encoding="utf-8"))
    for theme in load_themebook().themes:
        assert len(raw["subtopics"][theme.id]) == len(theme.subtopics), theme.id
        for place, subtopic in enumerate(theme.subtopics):
            assert translations.subtopic_source(theme.id, place) == subtopic.name, (theme.id, place)


def test_no_swedish_or_english_label_is_left_finnish() -> None:
    left = []
    for kind, key in every_id():
        for language in TRANSLATED:
            text = label(kind, key, language)
            if words := finnish_words(text, language):
                left.append(f"{kind} {key} ({language}): {text!r} {words}")
            elif text == label(kind, key, "fi") and not re.fullmatch(r"I\d", text):
                left.append(f"{kind} {key} ({language}) is the Finnish {text!r}")
    assert left == []


def test_the_finnish_labels_are_the_codebooks_and_the_theme_files() -> None:
    codebook, book = load_codebook(), load_themebook()
    assert label("item", "phase.rooted", "fi") == codebook.question("phase").item("rooted").text
    assert label("option_short", "target_groups.high_service_needs", "fi") == "Paljon palveluita tarvitsevat"
    assert label("scale", "adoption.1", "fi") == "Valmistelussa"
    for theme in book.themes:
        assert label("theme", theme.id, "fi") == theme.name
        assert label("theme_label", theme.id, "fi") == theme.label
        assert label("theme_description", theme.id, "fi") == theme.description


@pytest.mark.parametrize(
    ("kind", "key", "language", "expected"),
    [
        # the areas' official names (issue #27's examples)
        ("region", "17", "sv", "Österbottens välfärdsområde"),
        ("region", "90", "sv", "Helsingfors stad"),
        ("region", "04", "sv", "Vanda och Kervo välfärdsområde"),
        ("region", "90", "en", "City of Helsinki"),
        ("region", "17", "en", "Ostrobothnia Wellbeing Services County"),
        # the Act's translation and the county's own English name (glossary: vaalit, itauusimaa)
        ("region", "01", "en", "East Uusimaa Wellbeing Services County"),
        ("region", "03", "en", "Western Uusimaa Wellbeing Services County"),
        ("scale", "phase.3", "sv", "I hela välfärdsområdet"),
        ("scale", "results_evaluation.3", "en", "Don't know"),
        ("option_short", "target_groups.other", "en", "Other client group"),
        ("option_short", "scope.product", "sv", "Produkt"),  # no short form: the label
        ("item", "phase.piloted", "sv", "Pilottestad"),
    ],
)
def test_labels(kind: str, key: str, language: str, expected: str) -> None:
    assert label(kind, key, language) == expected


def test_the_old_english_name_of_east_uusimaa_still_reads() -> None:
    codebook = load_codebook()
    for written in ("East Uusimaa Wellbeing Services County", "Eastern Uusimaa Wellbeing Services County"):
        region = codebook.match_region(written)
        assert region is not None and region.code == "01", written


def test_unknown_ids_and_languages_are_refused_by_name() -> None:
    with pytest.raises(TranslationMissing, match="option 'scope.nothing'"):
        label("option", "scope.nothing", "sv")
    with pytest.raises(TranslationMissing, match="should have 2 part"):
        label("item", "phase", "en")
    with pytest.raises(ValueError, match="'de' is not one of fi, sv, en"):
        label("question", "scope", "de")
    with pytest.raises(ValueError, match="kind 'colour'"):
        label("colour", "scope", "sv")
    with pytest.raises(TranslationMissing, match="no region_short '99'"):
        label("region_short", "99", "sv")


# --- the glossary ----------------------------------------------------------------------------


def glossary_sources() -> set[str]:
    header = config.GLOSSARY_FILE.read_text(encoding="utf-8").split("\n\n")[0:3]
    return set(re.findall(r"^#   (\S+)\s", "\n".join(header), flags=re.MULTILINE))


def test_every_term_is_in_three_languages_with_its_source() -> None:
    sources = glossary_sources() | {"project"}
    assert {"thl-en", "thl-sv", "vm-en", "lb", "issue27"} <= sources
    for term in glossary.terms().values():
        assert all(term.texts[lang].strip() for lang in config.LANGUAGES), term.key
        assert term.sources and set(term.sources) <= sources, (term.key, term.sources)


def test_thls_own_terms() -> None:
    assert glossary.term("thl", "sv") == "Institutet för hälsa och välfärd"
    assert glossary.term("wellbeing_services_county", "sv") == "välfärdsområde"
    assert glossary.term("operating_model", "sv") == "verksamhetsmodell"
    assert glossary.term("stm", "en") == "Ministry of Social Affairs and Health"
    # the investments by the ministry of finance's English names, one each
    assert glossary.term("i1", "en").startswith("promoting the implementation of maximum waiting times")
    assert glossary.term("i4", "en").startswith("bringing new, efficiency-promoting digital services")
    assert len({glossary.term(f"i{n}", lang) for n in range(1, 5) for lang in config.LANGUAGES}) == 12
    with pytest.raises(KeyError, match="no term 'nothing'"):
        glossary.term("nothing", "sv")


def every_translated_text() -> list[tuple[str, str, str]]:
    """(where, language, text) of every Swedish and English text: labels and sentences."""
    texts = [(f"{kind} {key}", lang, label(kind, key, lang)) for kind, key in every_id() for lang in TRANSLATED]
    for entry in sentences.catalogue().values():
        for lang in TRANSLATED:
            texts += [(f"sentence {entry.key} [{form}]", lang, text) for form, text in entry.forms[lang].items()]
    return texts


def test_avoided_forms_of_thls_terms_are_not_used() -> None:
    used = [
        f"{where} ({lang}): {form!r} for {term.key}"
        for where, lang, text in every_translated_text()
        for term, form in glossary.avoided(lang)
        if avoided_words(text, form, term.other_words.get(lang, ()))
    ]
    assert used == []


def avoided_words(text: str, form: str, other_words: tuple[str, ...]) -> list[str]:
    """The words of ``text`` that begin with the avoided ``form``, other words aside."""
    found = re.findall(rf"\b{re.escape(form)}\w*", text, flags=re.IGNORECASE)
    return [w for w in found if w.casefold() not in {o.casefold() for o in other_words}]


def test_an_avoided_form_is_found_in_a_compound_but_not_in_another_word() -> None:
    assert avoided_words("Kundtjänsten svarade.", "kund", ("kunde",)) == ["Kundtjänsten"]
    assert avoided_words("Man kunde välja flera.", "kund", ("kunde",)) == []


def test_a_finnish_term_is_translated_by_the_glossarys_term() -> None:
    """Where the Finnish of a label holds one of THL's terms (its stem:
    "toimintamalli" in "Toimintamallin laajuus"), the Swedish and English hold the
    glossary's ("verksamhetsmodell", "operating model")."""
    wrong = []
    for term in glossary.terms().values():
        if not term.stems:
            continue
        for kind, key in every_id():
            if term.stems["fi"] in label(kind, key, "fi").casefold():
                wrong += [
                    f"{kind} {key} ({lang}) lacks {term.stems[lang]!r}: {label(kind, key, lang)!r}"
                    for lang in TRANSLATED
                    if term.stems[lang].casefold() not in label(kind, key, lang).casefold()
                ]
    assert wrong == []


# --- the sentence catalogue --------------------------------------------------------------------


def test_every_sentence_is_in_swedish_and_english_with_the_same_values() -> None:
    """Each form of an entry names the same values (the count aside: "One area had
    …" says it in words) in both languages, and its plural keys are the language's
    CLDR categories or exact numbers."""
    from analysis.language import cldr

    problems = []
    for entry in sentences.catalogue().values():
        reference = entry.fields("en", "other") - {entry.count}
        for lang in TRANSLATED:
            if "other" not in entry.forms[lang]:
                problems.append(f"{entry.key} ({lang}) has no 'other' form")
            for form in entry.forms[lang]:
                if not (form in cldr.plural_categories(lang) or re.fullmatch(r"=\d+", form)):
                    problems.append(f"{entry.key} ({lang}) has a form {form!r}")
                if entry.fields(lang, form) - {entry.count} != reference:
                    problems.append(f"{entry.key} ({lang} {form}) names {entry.fields(lang, form)}, not {reference}")
            if entry.count is not None and len(entry.forms[lang]) < 2:
                problems.append(f"{entry.key} ({lang}) counts {entry.count} but has one form")
    assert problems == []


def test_no_sentence_is_left_finnish() -> None:
    left = [
        f"{entry.key} ({lang} {form}): {words}"
        for entry in sentences.catalogue().values()
        for lang in TRANSLATED
        for form, text in entry.forms[lang].items()
        if (words := finnish_words(string.Formatter().vformat(text, (), _Blank()), lang))
    ]
    assert left == []


class _Blank(dict):
    """Every {value} of a sentence as nothing (the scan reads the words around them)."""

    def __missing__(self, key: str) -> str:
        return ""

    def __getitem__(self, key: str) -> object:
        return _Anything() if key == "term" else ""


class _Anything:
    def __getattr__(self, name: str) -> str:
        return ""


# --- the message catalogue's Swedish and English ------------------------------------------------

# The Finnish a message names on purpose: a hand-kept file's own column and values
# ("liitetty", "kyllä", "ei") and the Finnish report's group "Ei tietoa"
NAMED_FINNISH = {"attached_empty": ("Ei tietoa",)}


def message_words(text: str, code: str) -> str:
    """A message's own words: its {parameters}, what it quotes and the Finnish it
    names on purpose left out."""
    text = re.sub(r"\{\w+\}", "", text)
    text = re.sub(r"”[^”]*”|'[^']*'|\"[^\"]*\"", "", text)
    for named in NAMED_FINNISH.get(code, ()):
        text = text.replace(named, "")
    return text


def test_message_words_leaves_out_only_what_is_quoted_or_named() -> None:
    assert message_words("varken ”kyllä” eller 'ei' ({what})", "x") == "varken  eller  ()"
    assert finnish_words(message_words("rivi ohitettu", "x"), "sv") == ["ohitettu"]
    assert finnish_words(message_words("counts as (Ei tietoa)", "attached_empty"), "en") == []
    assert finnish_words(message_words("counts as (Ei tietoa)", "no_area"), "en") == ["ei"]


def test_no_swedish_or_english_message_is_left_finnish() -> None:
    from analysis.problems.catalogue import load_catalogue

    left = [
        f"{code} ({lang}): {texts[lang]!r} {words}"
        for code, texts in load_catalogue().items()
        for lang in TRANSLATED
        if (words := finnish_words(message_words(texts[lang], code), lang))
    ]
    assert left == []


def test_the_swedish_messages_use_thls_terms() -> None:
    """Where the Finnish of a message holds one of THL's terms, the Swedish holds the
    glossary's (as the labels do), and no message uses a form the glossary avoids."""
    from analysis.problems.catalogue import load_catalogue

    wrong = []
    for code, texts in load_catalogue().items():
        for term in glossary.terms().values():
            if term.stems and term.stems["fi"] in texts["fi"].casefold():
                if term.stems["sv"].casefold() not in texts["sv"].casefold():
                    wrong.append(f"{code} (sv) lacks {term.stems['sv']!r}: {texts['sv']!r}")
        for lang in TRANSLATED:
            wrong += [
                f"{code} ({lang}): {form!r} for {term.key}"
                for term, form in glossary.avoided(lang)
                if re.search(rf"\b{re.escape(form)}", texts[lang], flags=re.IGNORECASE)
            ]
    assert wrong == []


# --- the native editor's findings of 6.12.2026 (docs/editor_findings_sv_en_2026-12-06.md) ------


@pytest.mark.parametrize(
    ("key", "language", "values", "expected"),
    [
        # "En självvärdering var lämnades in" was not Swedish
        ("areas.exactly_one", "sv", {"n": 3}, "I 3 områden fanns en självvärdering."),
        ("areas.chart_title", "en", {"n": 98}, "Self-assessments by wellbeing services county, n=98"),
        (
            "areas.table_at_cutoff",
            "en",
            {"n": 98, "cutoff": "31.12.2025"},
            "Self-assessments by wellbeing services county at the cut-off date 31.12.2025, n=98",
        ),
    ],
)
def test_edited_sentences(key: str, language: str, values: dict, expected: str) -> None:
    assert sentences.sentence(key, language, **values) == expected


@pytest.mark.parametrize(
    ("kind", "key", "language", "expected"),
    [
        ("option", "strengthened.availability", "sv", "Tillgången på tjänster"),
        (
            "item",
            "adoption.management_commitment",
            "sv",
            "Ledningen har förbundit sig att ta i bruk verksamhetsmodellen",
        ),
        ("item", "adoption.management_followup", "en", "Management's steering and monitoring have been described"),
        ("question", "submitted_at", "sv", "Tidpunkt för svaret"),
    ],
)
def test_edited_labels(kind: str, key: str, language: str, expected: str) -> None:
    assert label(kind, key, language) == expected
