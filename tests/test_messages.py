"""The message catalogue (src/analysis/data/messages.yaml): every problem is a code
with its parameters, told in English (the command line, data/processed/), Finnish
(the report, the panel) or Swedish (a Swedish report, issue #27) from the one
catalogue, never translated from one text to the other.

The expected texts are written out by hand here; the hostile export makes every
kind of problem the reader, the ingest, the cleaning and the hand-kept files name.
"""

from __future__ import annotations

import ast
import re
from datetime import date as date_
from pathlib import Path

import pytest

import analysis
from analysis.problems import catalogue
from analysis.problems.catalogue import CatalogueError, load_catalogue, parameters
from analysis.problems.record import Message
from analysis.processed.schema import stored_messages

PACKAGE = Path(analysis.__file__).parent

# Words of English that no Finnish text of ours holds (as whole words).
ENGLISH = (
    "the", "and", "of", "is", "not", "row", "rows", "file", "left", "empty", "ignored", "response",
    "submitted", "cutoff", "same", "link", "date", "area", "number", "with", "neither", "nor", "again",
    "characters", "cell", "removed", "code", "theme", "workbook", "read", "export", "kept",
)  # fmt: skip


def english_words(text: str) -> list[str]:
    return [w for w in ENGLISH if re.search(rf"(?<![\w-]){re.escape(w)}(?![\w-])", text, flags=re.IGNORECASE)]


def test_every_code_has_its_three_texts_with_the_same_parameters() -> None:
    book = load_catalogue()
    assert len(book) >= 40
    for code, texts in book.items():
        assert set(texts) == {"en", "fi", "sv"}, code
        assert parameters(texts["en"]) == parameters(texts["fi"]) == parameters(texts["sv"]), code
        assert texts["en"].strip() and texts["fi"].strip() and texts["sv"].strip(), code
        for language in ("fi", "sv"):
            words = re.sub(r"\{\w+\}", "", texts[language])
            # "cell" is Swedish too
            found = [w for w in english_words(words) if not (language == "sv" and w == "cell")]
            assert not found, (code, language, found)
        # a Swedish text is not the English or the Finnish one left in place
        # (a bare place, "{file}", is the same in every language)
        if texts["sv"] != "{file}":
            assert texts["sv"] not in (texts["en"], texts["fi"]), code


def _codes_used_in_the_code() -> set[str]:
    """Every code the package makes a message with: Message("code", ...), RowNote(i,
    "code", ...), and the values of a dict of codes (``_REMOVED``)."""
    used: set[str] = set()
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                position = {"Message": 0, "RowNote": 1}.get(node.func.id)
                if position is not None and len(node.args) > position:
                    argument = node.args[position]
                    # a code, or one of two: Message("a" if ... else "b", ...)
                    for given in (argument.body, argument.orelse) if isinstance(argument, ast.IfExp) else (argument,):
                        if isinstance(given, ast.Constant) and isinstance(given.value, str):
                            used.add(given.value)
            if isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id == "_REMOVED" for t in node.targets
            ):
                assert isinstance(node.value, ast.Dict)
                used |= {v.value for v in node.value.values if isinstance(v, ast.Constant)}
    return used


def test_every_code_used_in_the_code_base_is_in_the_catalogue_and_every_entry_is_used() -> None:
    used = _codes_used_in_the_code()
    book = set(load_catalogue())
    assert used - book == set()
    assert book - used == set()  # no dead entries


def test_an_unknown_code_or_wrong_parameters_fail_where_the_message_is_made() -> None:
    with pytest.raises(CatalogueError, match="no message 'no_such_code'"):
        Message("no_such_code")
    with pytest.raises(CatalogueError, match="takes \\['date'\\]"):
        Message("submitted_after_cutoff", day="31.12.2025")


# (code, parameters) -> the English, the Finnish and the Swedish, written by hand
MESSAGES = [
    (
        ("submitted_before_publication", {"date": "12.3.2025"}),
        "submitted before the form was published on 12.3.2025",
        "lähetetty ennen lomakkeen julkaisua 12.3.2025",
        "inlämnat innan blanketten publicerades 12.3.2025",
    ),
    (
        ("same_response_id_as", {"file": "vienti.xlsx", "row": 90}),
        "same response number as vienti.xlsx row 90",
        "sama vastaajan numero kuin tiedoston vienti.xlsx rivillä 90",
        "samma svarsnummer som i filen vienti.xlsx på rad 90",
    ),
    (
        ("superseded_by", {"response_id": "76"}),
        "the same model was assessed again in response 76",
        "sama toimintamalli arvioitiin myöhemmin uudelleen (vastaajan numero 76)",
        "samma verksamhetsmodell bedömdes senare på nytt (svarsnummer 76)",
    ),
    (
        ("area_not_one_of_22", {"what": "teksti, 5 merkkiä"}),
        "the area is not one of the 22 areas (teksti, 5 merkkiä)",
        "alue ei ole yksi 22 hyvinvointialueesta (teksti, 5 merkkiä)",
        "området är inte ett av de 22 välfärdsområdena (teksti, 5 merkkiä)",
    ),
    (
        ("email_and_phone_removed", {}),
        "email address and phone number removed from the text",
        "Sähköpostiosoite ja puhelinnumero poistettu tekstistä",
        "E-postadress och telefonnummer borttagna ur texten",
    ),
    (
        ("number_out_of_range", {"low": 1, "high": 50}),
        "a number outside 1–50; left empty",
        "luku ei ole välillä 1–50; solu jätetty tyhjäksi",
        "talet ligger inte mellan 1 och 50; cellen lämnades tom",
    ),
    (
        ("place_file_row_column", {"file": "vienti.xlsx", "row": 4, "column": "Hyvinvointialue"}),
        "vienti.xlsx, row 4, column 'Hyvinvointialue'",
        "vienti.xlsx, rivi 4, sarake ”Hyvinvointialue”",
        "vienti.xlsx, rad 4, kolumn ”Hyvinvointialue”",
    ),
]


@pytest.mark.parametrize(("made", "english", "finnish", "swedish"), MESSAGES)
def test_a_message_in_each_language(made, english: str, finnish: str, swedish: str) -> None:
    code, params = made
    message = Message(code, **params)
    assert str(message) == english and message.fi() == finnish and message.text("sv") == swedish
    assert message.code == code
    again = Message.from_key(message.key())
    assert (again.code, again.params, again.fi(), again.text("sv")) == (code, message.params, finnish, swedish)


def test_the_catalogue_is_read_from_its_file(tmp_path: Path) -> None:
    broken = tmp_path / "messages.yaml"
    broken.write_text("no_swedish:\n  en: text\n  fi: teksti\n", encoding="utf-8")
    with pytest.raises(CatalogueError, match="needs exactly the texts en, fi, sv"):
        catalogue.load_catalogue(broken)


def test_every_kind_of_problem_from_a_hostile_export_is_catalogued_and_finnish(tmp_path) -> None:
    """An export with one of each fault the reader, the ingest, the cleaning and the
    hand-kept files name; every message they give, and every exclusion detail, must
    have its code in the catalogue and a Finnish text with no English in it."""
    from conftest import FIXTURES, read_csv_rows

    from analysis.ingest.pipeline import load_inputs

    rows = read_csv_rows(FIXTURES / "layout_a.csv")
    header, base = rows[0], rows[1]
    col = {h: i for i, h in enumerate(header)}

    def row(rid: str, **changes: str) -> list[str]:
        new = list(base)
        new[col["Vastaajan numero"]] = rid
        new[col["Arvioitavan toimintamallin nimi"]] = f"Malli {rid}"
        new[col["Linkki toimintamallin kuvaukseen Innokylässä"]] = f"https://innokyla.fi/fi/toimintamalli/m{rid}"
        for name, value in changes.items():
            new[col[name]] = value
        return new

    data = [
        row("1"),
        row("1"),  # the same response id again
        row("2", **{"Vastausaika": "1.3.2025 10:00"}),  # a test before the form
        row("3", **{"Vastausaika": "1.1.2026 10:00"}),  # after the cutoff
        row("4", **{"Hyvinvointialue": ""}),
        row("5", **{"Hyvinvointialue": "Ahvenanmaa"}),
        row("6", **{"Vastausaika": ""}),
        row("7", **{"Vastausaika": "eilen"}),
        row(""),
        row("12x"),
        row("1234567890123456789012"),
        row("8", **{"Arviointiin osallistuneiden henkilöiden määrä": "kolme"}),
        row("9", **{"Arviointiin osallistuneiden henkilöiden määrä": "99"}),
        row("10", **{"Toimintamallin laajuus": "Jotain muuta"}),
        row("11", **{"Toimintamallin kehitysvaihe - Pilotoitu": "Ehkä"}),
        row("13", **{"Arvioitavan toimintamallin nimi": "Malli, lisätiedot matti@example.invalid 040 123 4567"}),
        row("14", **{"Linkki toimintamallin kuvaukseen Innokylässä": "ei vielä"}),
        row("15"),
        row("15b"),
    ]
    data[-1] = row("16", **{"Linkki toimintamallin kuvaukseen Innokylässä": "https://innokyla.fi/fi/toimintamalli/m15"})
    lines = [";".join(header)] + [";".join(r) for r in data]
    lines.append(";".join(row("17")[:5]))  # cut short
    lines.append(";".join(row("18")) + ";;")  # empty fields at the end
    lines.append(";".join(row("19")) + ";x")  # extra text
    export = tmp_path / "vienti.csv"
    export.write_bytes(
        ("\r\n".join(lines) + "\r\n").encode("utf-8")
        + ";".join(row("20", **{"Arvioitavan toimintamallin nimi": "Malli Äö"})).encode("cp1252")
        + b"\r\n"
    )
    exclusions = tmp_path / "exclusions.csv"
    exclusions.write_text("response_id;reason\n15;testi\nabc;x\n16;\n999;kirjoitusvirhe\n", encoding="utf-8")
    status = tmp_path / "listing_status.csv"
    status.write_text(
        "innokyla_url;liitetty;tarkistettu\nei linkki;kyllä;2026-01-16\n"
        "https://innokyla.fi/fi/toimintamalli/m1;ehkä;2026-01-16\n"
        "https://innokyla.fi/fi/toimintamalli/m1;kyllä;16.1.2026\n"
        "https://innokyla.fi/fi/toimintamalli/m1;kyllä;16.1.2026\n"
        "https://innokyla.fi/fi/toimintamalli/m2;;eilen\n"
        "https://innokyla.fi/fi/toimintamalli/kirjoitusvirhe;ei;16.1.2026\n",
        encoding="utf-8",
    )
    codes = tmp_path / "theme_codes.csv"
    codes.write_text(
        "response_id;theme;code\n1;ei teema;1\nx;digital;1\n1;digital;5\n999;digital;1\n2;digital;1\n2;digital;1\n",
        encoding="utf-8",
    )

    inputs = load_inputs([export], exclusions, status, codes)
    cleaned = inputs.clean(date_(2025, 12, 31))
    problems = [*inputs.ingested.problems, *cleaned.problems]
    messages = [p.message for p in problems]
    excluded = cleaned.excluded
    messages += [m for m in stored_messages(excluded["exclusion_code"], excluded["exclusion_params"]) if m]
    assert all(isinstance(m, Message) for m in messages)
    codes = {m.code for m in messages}
    assert len(codes) >= 30, sorted(set(load_catalogue()) - codes)
    for message in messages:
        assert not english_words(message.fi()), (message.code, message.fi())
        assert message.text("sv") and message.text("sv") != str(message), message.code
    # the English of the stored exclusion detail is the catalogue's, from the same code
    for detail, message in zip(
        excluded["exclusion_detail"], stored_messages(excluded["exclusion_code"], excluded["exclusion_params"])
    ):
        assert message is None or detail == str(message)
