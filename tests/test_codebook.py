"""The codebook: one place for headers, labels and the 22 areas."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from analysis import config
from analysis.form.codebook import Codebook, CodebookError, load_codebook, normalise_header

# The 22 areas with their Statistics Finland codes, as THL's form lists them.
OFFICIAL_AREAS = {
    "01": "Itä-Uudenmaan hyvinvointialue",
    "02": "Keski-Uudenmaan hyvinvointialue",
    "03": "Länsi-Uudenmaan hyvinvointialue",
    "04": "Vantaan ja Keravan hyvinvointialue",
    "05": "Varsinais-Suomen hyvinvointialue",
    "06": "Satakunnan hyvinvointialue",
    "07": "Kanta-Hämeen hyvinvointialue",
    "08": "Pirkanmaan hyvinvointialue",
    "09": "Päijät-Hämeen hyvinvointialue",
    "10": "Kymenlaakson hyvinvointialue",
    "11": "Etelä-Karjalan hyvinvointialue",
    "12": "Etelä-Savon hyvinvointialue",
    "13": "Pohjois-Savon hyvinvointialue",
    "14": "Pohjois-Karjalan hyvinvointialue",
    "15": "Keski-Suomen hyvinvointialue",
    "16": "Etelä-Pohjanmaan hyvinvointialue",
    "17": "Pohjanmaan hyvinvointialue",
    "18": "Keski-Pohjanmaan hyvinvointialue",
    "19": "Pohjois-Pohjanmaan hyvinvointialue",
    "20": "Kainuun hyvinvointialue",
    "21": "Lapin hyvinvointialue",
    "90": "Helsingin kaupunki",
}


@pytest.fixture(scope="module")
def codebook() -> Codebook:
    return load_codebook()


def test_the_22_areas(codebook: Codebook) -> None:
    assert {r.code: r.name for r in codebook.regions} == OFFICIAL_AREAS
    assert codebook.region_names == list(OFFICIAL_AREAS.values())


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("Pirkanmaan hyvinvointialue", "08"),  # official
        ("  pirkanmaan   HYVINVOINTIALUE ", "08"),  # case and spaces
        ("Pirkanmaa", "08"),  # short
        ("Birkalands välfärdsområde", "08"),  # Swedish
        ("Pirkanmaa Wellbeing Services County", "08"),  # English
        ("Pirha", "08"),  # brand
        ("08", "08"),
        ("8", "08"),  # code without its leading zero
        ("Siun sote", "14"),
        ("Oma Häme", "07"),
        ("Helsingfors stad", "90"),
        ("Helsinki", "90"),
        ("Vakehyva", "04"),
        ("VAKE", "04"),
        ("Keusote", "02"),
    ],
)
def test_area_names_map(codebook: Codebook, value: str, code: str) -> None:
    assert codebook.match_region(value).code == code


@pytest.mark.parametrize("value", ["Åland", "Ahvenanmaa", "Ahvenanmaan maakunta", "Uusimaa", "", "99", "HUS"])
def test_values_that_are_not_one_of_the_22_are_rejected(codebook: Codebook, value: str) -> None:
    assert codebook.match_region(value) is None


@pytest.mark.parametrize(
    ("header", "column"),
    [
        ("Vastaajan numero", "response_id"),
        ("1. Vastaajan numero", "response_id"),
        ("Q3)  HYVINVOINTIALUE", "region"),
        ("Toimintamallin kohderyhmä (asiakasryhmät) - Ikäihmiset", "target_groups__older_people"),
        ("Toimintamallin kohderyhmä (asiakasryhmät)", "target_groups"),  # the joined layout D column
        ("Toimintamallin kohderyhmä (asiakasryhmät) - Muu, mikä? - teksti", "target_groups__other_text"),
        ("Toimintamallilla on vahvistettu - Muuta, mitä?", "strengthened__other"),
        ("Toimintamallin käyttöönotto – Resurssit on määritelty", "adoption__resources_defined"),  # en dash
        ("12.1 Toimintamallin kehitysvaihe - Juurrutettu", "phase__rooted"),
    ],
)
def test_headers_match(codebook: Codebook, header: str, column: str) -> None:
    assert codebook.match_header(header).column == column


def test_unknown_headers_do_not_match(codebook: Codebook) -> None:
    assert codebook.match_header("Puhelinnumero") is None
    assert codebook.match_header("Toimintamallin kohderyhmä (asiakasryhmät) - Eläimet") is None


def test_personal_data_questions_are_marked(codebook: Codebook) -> None:
    assert {q.id for q in codebook.questions if q.pii} == {"assessors", "contact_email"}


def test_normalise_header_keeps_numbers_that_are_part_of_the_text() -> None:
    assert normalise_header("I1") == "i1"
    assert normalise_header("2. I1") == "i1"


def _edited_codebook(tmp_path: Path, edit) -> Codebook:
    data = yaml.safe_load(config.CODEBOOK_FILE.read_text(encoding="utf-8"))
    edit(data)
    path = tmp_path / "codebook.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return Codebook.from_yaml(path)


def test_adding_an_alias_is_a_one_line_change(tmp_path: Path) -> None:
    def add_aliases(data):
        scope = next(q for q in data["questions"] if q["id"] == "scope")
        scope["aliases"] = ["Laajuus"]
        lappi = next(r for r in data["regions"] if r["code"] == "21")
        lappi["aliases"] = ["Lapin HVA"]

    codebook = _edited_codebook(tmp_path, add_aliases)
    assert codebook.match_header("Laajuus").column == "scope"
    assert codebook.match_region("lapin hva").code == "21"


def test_an_alias_that_would_match_two_columns_is_refused(tmp_path: Path) -> None:
    def clash(data):
        scope = next(q for q in data["questions"] if q["id"] == "scope")
        scope["aliases"] = ["Hyvinvointialue"]

    with pytest.raises(CodebookError, match="would match both"):
        _edited_codebook(tmp_path, clash)
