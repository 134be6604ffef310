"""The expert panel's tools (issue 18): assignment, workbooks, collecting, agreement,
final ranking, cards.

The fixture tests/fixtures/panel_models.csv holds four models; the expected values
below are worked out by hand from it:

    id   area        stage 1            stage 3 score
    301  Lappi       passes             10   (every answer "Kyllä")
    302  Pirkanmaa   passes             9.5  (resources "Valmistelussa")
    303  Kainuu      fails: no link     10
    304  Kainuu      passes             9    (costs assessed "Ei")

Reviewers: A (own area Lappi), B (own area Pirkanmaa), C (none); two per model.
Models in order area, name: 303 Etävastaanotto, 304 Matalan..., 301, 302.
Eligible: 301 {B, C}, 302 {A, C}, 303 and 304 {A, B, C}. Most constrained first:
301 -> B, C (loads A0 B1 C1); 302 -> A, C (A1 B1 C2); 303 -> lowest loads A, B
(A2 B2 C2); 304 -> A, B (A3 B3 C2).

Scores (Kokonaisuus, Mittarit, Arviointi), as filled in by hand:
    A: 302 (3,3,2), 303 (2,2,2), 304 (4,4,3)
    B: 301 (4,3,4), 303 (2,3,2), 304 (4,2,3)
    C: 301 (4,4,4), 302 (3,4,2)
Item means and results (mean of the item means):
    301: 4, 3.5, 4 -> 11.5/3 = 3.833      302: 3, 3.5, 2 -> 8.5/3 = 2.833
    303: 2, 2.5, 2 -> 6.5/3 = 2.167 (< 2.5: not passed)   304: 4, 3, 3 -> 10/3 = 3.333
Ranking (stage 1, stage 2 passed, stage 2 result, score): 301, 304, 302, then 303
(fails stage 1). Disagreement over 1 point: 304 Mittarit (A 4, B 2).

Krippendorff's ordinal alpha, by hand (coincidences o, value counts n, ordinal
distance d²(c,k) = (sum of n_g from c to k - (n_c + n_k)/2)²,
alpha = 1 - (n - 1) * sum o d² / sum n_c n_k d²):
    Kokonaisuus, Arviointi: every pair agrees -> 1.
    Mittarit: pairs (3,4) (3,4) (2,3) (4,2); n2=2 n3=3 n4=3, n=8;
      d²23 = 2.5² = 6.25, d²34 = 3² = 9, d²24 = (8 - 2.5)² = 30.25;
      observed 2(6.25 + 2·9 + 30.25) = 109; expected 2(6·6.25 + 9·9 + 6·30.25) = 600;
      alpha = 1 - 7·109/600 = -163/600 = -0.27167.
    All items (12 units of two ratings): n2=8 n3=7 n4=9, n=24;
      d²23 = 7.5² = 56.25, d²34 = 8² = 64, d²24 = (24 - 8.5)² = 240.25;
      observed 2(56.25 + 2·64 + 240.25) = 849; expected 2(56·56.25 + 63·64 + 72·240.25) = 48960;
      alpha = 1 - 23·849/48960 = 0.601164.
"""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest
from conftest import FIXTURES, PERSONAL_DATA, output_files

from analysis.cli import commands
from analysis.panel.agreement import ordinal_alpha
from analysis.panel.assignment import Model, PanelError, Reviewer, assign, read_reviewers
from analysis.panel.commands import collect, pack
from analysis.panel.results import ranking
from analysis.tables.screening import load_criteria

CUTOFF = date(2025, 12, 31)
SCORES = {
    "A": {"302": (3, 3, 2), "303": (2, 2, 2), "304": (4, 4, 3)},
    "B": {"301": (4, 3, 4), "303": (2, 3, 2), "304": (4, 2, 3)},
    "C": {"301": (4, 4, 4), "302": (3, 4, 2)},
}


@pytest.fixture(scope="module")
def packed_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The four models cleaned at 31.12.2025, the reviewers file, and the pack, made
    once for the module (0.5 s each time); each test works on its own copy."""
    made = tmp_path_factory.mktemp("panel_project")
    for sub in ("data/raw", "data/processed", "reports"):
        (made / sub).mkdir(parents=True)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("RRP_PROJECT_DIR", str(made))
        shutil.copy(FIXTURES / "panel_models.csv", made / "data/raw/panel_models.csv")
        assert commands.main(["clean", "--cutoff", "2025-12-31"]) == 0
        reviewers = made / "arvioijat.csv"
        reviewers.write_text("nimi;oma alue\nA;Lappi\nB;Pirha\nC;\n", encoding="utf-8")
        pack(CUTOFF, reviewers)
    return made


@pytest.fixture
def panel(project: Path, packed_project: Path) -> Path:
    """The four models cleaned at 31.12.2025, the reviewers file, and the pack, in
    this test's project folder."""
    shutil.copytree(packed_project, project, symlinks=True, dirs_exist_ok=True)
    return project / "internal/2025-12-31/arviointi"


def workbook(folder: Path, reviewer: str) -> Path:
    return folder / "tyokirjat" / f"arviointi_{reviewer.lower()}.xlsx"


def fill(source: Path, target: Path, scores: dict[str, tuple], edit=None) -> Path:
    """A reviewer filling the workbook: the scores into the drop-down cells."""
    book = openpyxl.load_workbook(source)
    sheet = book["Pisteytys"]
    for row in range(2, sheet.max_row + 1):
        values = scores.get(str(sheet.cell(row, 1).value))
        if values:
            for k, v in enumerate(values):
                sheet.cell(row, 6 + k).value = v
    if edit:
        edit(sheet)
    target.parent.mkdir(parents=True, exist_ok=True)
    book.save(target)
    return target


def filled(folder: Path, out: Path, edits: dict | None = None) -> list[Path]:
    edits = edits or {}
    return [fill(workbook(folder, r), out / f"{r}.xlsx", s, edits.get(r)) for r, s in SCORES.items()]


# --- assignment -------------------------------------------------------------------------


def test_assignment_by_hand_with_conflicts_of_interest(panel: Path) -> None:
    plan = json.loads((panel / "jako.json").read_text(encoding="utf-8"))
    assert plan["assignment"] == {"303": ["A", "B"], "304": ["A", "B"], "301": ["B", "C"], "302": ["A", "C"]}
    rows = (panel / "jako.csv").read_text(encoding="utf-8-sig").splitlines()
    assert rows[0] == "Arvioija;Oma alue;Vastaajan numero;Toimintamalli;Hyvinvointialue;Työkirja"
    assert sum(r.startswith("A;Lapin hyvinvointialue;") for r in rows) == 3
    assert sum(r.startswith("C;;") for r in rows) == 2


def test_assignment_rules_hold_and_are_deterministic() -> None:
    areas = ["Lapin hyvinvointialue", "Kainuun hyvinvointialue", "Pirkanmaan hyvinvointialue", "Helsingin kaupunki"]
    models = [Model(i, f"Malli {i}", areas[i % 4], "") for i in range(1, 24)]
    reviewers = [
        Reviewer("R1", areas[0]),
        Reviewer("R2", areas[0]),
        Reviewer("R3", areas[1]),
        Reviewer("R4", None),
        Reviewer("R5", areas[3]),
    ]
    first = assign(models, reviewers, 2)
    assert first == assign(list(reversed(models)), reviewers, 2) or first == assign(models, reviewers, 2)
    assert first == assign(models, reviewers, 2)
    area = {r.name: r.area for r in reviewers}
    loads = {r.name: 0 for r in reviewers}
    for model in models:
        names = first[model.response_id]
        assert len(set(names)) == 2
        assert all(area[n] != model.area for n in names)
        for n in names:
            loads[n] += 1
    assert max(loads.values()) - min(loads.values()) <= 1, loads
    three = assign(models, reviewers, 3)
    assert all(len(v) == 3 for v in three.values())


def test_a_declared_conflict_is_respected(tmp_path: Path) -> None:
    """The fixture's four models, reviewers A (Lappi), B (Pirkanmaa), C (conflict with
    301) and D. By hand: eligible 301 {B, D} (A's area, C's conflict), 302 {A, C, D},
    303 and 304 {A, B, C, D}. 301 -> B, D; 302 -> A, C (load 0 before D's 1);
    303 -> A, B (all at 1, file order); 304 -> C, D (1 before 2)."""
    path = tmp_path / "arvioijat.csv"
    path.write_text('nimi;oma alue;jäävi\nA;Lappi;\nB;Pirha;\nC;;"301"\nD;;\n', encoding="utf-8")
    reviewers = read_reviewers(path)
    assert reviewers[2] == Reviewer("C", None, frozenset({"301"}))
    models = [
        Model("303", "Etävastaanotto", "Kainuun hyvinvointialue", ""),
        Model("304", "Matalan kynnyksen palvelu", "Kainuun hyvinvointialue", ""),
        Model("301", "Kotikuntoutus", "Lapin hyvinvointialue", ""),
        Model("302", "Perhekeskuksen palveluohjaus", "Pirkanmaan hyvinvointialue", ""),
    ]
    assert assign(models, reviewers, 2) == {"303": ["A", "B"], "304": ["C", "D"], "301": ["B", "D"], "302": ["A", "C"]}
    path.write_text("nimi;oma alue;jäävi\nA;Lappi;12 ja 40\n", encoding="utf-8")
    with pytest.raises(PanelError) as caught:
        read_reviewers(path)
    assert caught.value.lines("fi") == [
        "arvioijat.csv, rivi 2, sarake jäävi: kirjoita vastaajan numerot pilkuin eroteltuina (esim. 12, 40)"
    ]


def test_a_model_without_enough_eligible_reviewers_is_refused() -> None:
    models = [Model(7, "Malli", "Lapin hyvinvointialue", "")]
    reviewers = [Reviewer("R1", "Lapin hyvinvointialue"), Reviewer("R2", None)]
    with pytest.raises(PanelError) as caught:
        assign(models, reviewers, 2)
    assert caught.value.lines("fi") == [
        "mallille 7 (Malli, Lapin hyvinvointialue) on vain 1 esteetöntä arvioijaa, tarvitaan 2: "
        "lisää arvioijia muilta alueilta tai ilman omaa aluetta"
    ]


def test_too_few_reviewers_is_one_message() -> None:
    models = [Model(i, "Malli", "Lapin hyvinvointialue", "") for i in range(5)]
    with pytest.raises(PanelError) as caught:
        assign(models, [Reviewer("R1", None)], 2)
    assert caught.value.lines("fi") == [
        "arvioijia on 1, mutta jokaisella mallilla pitää olla 2 arvioijaa "
        "(criteria.yaml, panel.reviewers_per_model): lisää arvioijia"
    ]


def test_bad_reviewers_file_names_row_and_column(tmp_path: Path) -> None:
    path = tmp_path / "arvioijat.csv"
    path.write_text("nimi;oma alue\nAino;Narnia\n;Lappi\nAino;\n", encoding="utf-8")
    with pytest.raises(PanelError) as caught:
        read_reviewers(path)
    assert caught.value.lines("fi") == [
        "arvioijat.csv, rivi 2, sarake oma alue: 'Narnia' ei ole mikään 22 alueesta; kirjoita alueen virallinen, "
        "lyhyt tai ruotsinkielinen nimi, esim. Itä-Uudenmaan hyvinvointialue, Itä-Uusimaa, Östra Nylands välfärdsområde",
        "arvioijat.csv, rivi 3, sarake nimi: nimi puuttuu",
        "arvioijat.csv, rivi 4, sarake nimi: Aino on jo rivillä 2",
    ]
    path.write_text("name,area\nAino,Keusote\nBertta,\n", encoding="utf-8")
    assert read_reviewers(path) == [Reviewer("Aino", "Keski-Uudenmaan hyvinvointialue"), Reviewer("Bertta", None)]


# --- workbooks ----------------------------------------------------------------------------


def test_workbook_drop_downs_locks_and_instructions(panel: Path) -> None:
    book = openpyxl.load_workbook(workbook(panel, "A"))
    assert book.sheetnames == ["Pisteytys", "Ohjeet", "Tiedot"]
    sheet = book["Pisteytys"]
    assert [c.value for c in sheet[1]] == [
        "Vastaajan numero",
        "Toimintamalli",
        "Hyvinvointialue",
        "Innokylä",
        "Arviointikortti",
        "Kokonaisuus",
        "Mittarit",
        "Arviointi",
        "Kommentti",
    ]
    assert [sheet.cell(r, 1).value for r in range(2, sheet.max_row + 1)] == [303, 304, 302]
    # the card in the file the reviewer gets with the workbook (not kortit/, which stays with THL)
    assert sheet.cell(2, 5).value == "kortit_a.html#malli-303"
    assert sheet.cell(2, 5).hyperlink.target == "kortit_a.html#malli-303"
    own = (panel / "tyokirjat" / "kortit_a.html").read_text(encoding="utf-8")
    assert "id='malli-303'" in own or 'id="malli-303"' in own
    assert sheet.protection.sheet
    assert all(sheet.cell(r, c).protection.locked for r in range(1, 5) for c in range(1, 6))
    assert not any(sheet.cell(r, c).protection.locked for r in range(2, 5) for c in range(6, 10))
    validations = sheet.data_validations.dataValidation
    assert len(validations) == 1 and validations[0].formula1 == '"1,2,3,4"'
    assert str(validations[0].sqref) == "F2:H4"
    guide = [" ".join(str(v) for v in row if v is not None) for row in book["Ohjeet"].iter_rows(values_only=True)]
    assert "1 Heikko" in guide and "4 Erittäin hyvä" in guide and "Arvioija A" in guide
    assert any(line.startswith("Mittarit Kuvauksessa on mittarit") for line in guide)
    assert book["Tiedot"].sheet_state == "hidden"


def test_pack_is_the_same_bytes_for_the_same_inputs(panel: Path, project: Path) -> None:
    before = {k: p.read_bytes() for k, p in output_files(panel).items()}
    pack(CUTOFF, project / "arvioijat.csv")
    assert {k: p.read_bytes() for k, p in output_files(panel).items()} == before


# --- collecting -------------------------------------------------------------------------


def test_collect_agreement_and_ranking_by_hand(panel: Path, tmp_path: Path) -> None:
    result = collect(filled(panel, tmp_path / "palautetut"), CUTOFF)
    assert result.problems == []
    block = result.block
    assert block["ratings_accepted"] == 24 and block["ratings_missing"] == 0 and block["workbooks_read"] == 3
    alphas = {k: v["krippendorff_alpha_ordinal"] for k, v in block["agreement"].items()}
    assert alphas == {
        "Kokonaisuus": 1.0,
        "Mittarit": round(-163 / 600, 3),
        "Arviointi": 1.0,
        "Kaikki kohdat": round(1 - 23 * 849 / 48960, 3),
    }
    assert block["agreement"]["Mittarit"]["ratings"] == 8 and block["agreement"]["Kaikki kohdat"]["ratings"] == 24
    assert block["consensus_needed"] == ["304"]
    ranked = [(r["rank"], r["response_id"], r["stage2_result"], r["stage2_passed"]) for r in block["final_ranking"]]
    assert ranked == [
        (1, "301", round(11.5 / 3, 3), True),
        (2, "304", round(10 / 3, 3), True),
        (3, "302", round(8.5 / 3, 3), True),
        (4, "303", round(6.5 / 3, 3), False),
    ]
    final = (panel / "loppulista.csv").read_text(encoding="utf-8-sig").splitlines()
    assert final[1].startswith("1;301;Kotikuntoutus <b>tehostettu</b>;Lapin hyvinvointialue;")
    assert final[1].endswith(";Täyttää;4,00;3,50;4,00;3,83;hyväksytty;2;10,0;")
    assert final[4].endswith(";Ei täytä: Innokyläkuvaus (vastaus puuttuu);2,00;2,50;2,00;2,17;hylätty;2;10,0;")
    assert final[2].endswith(";Mittarit")
    sheet = openpyxl.load_workbook(panel / "loppulista.xlsx")["Loppulista"]
    assert [c.value for c in sheet[2]][:2] == [1, 301] and sheet.cell(2, 10).value == 3.83
    assert (panel / "konsensus.csv").read_text(encoding="utf-8-sig").splitlines()[
        1
    ] == "304;Matalan kynnyksen palvelu;Mittarit;2;A 4, B 2"
    assert (panel / "kortit.html").is_file() and (panel / "tyokirjat").is_dir()  # the pack stays


def test_alpha_against_the_package_and_krippendorffs_example() -> None:
    """Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C:
    four observers, twelve units, missing values; published alpha 0.743 (nominal)
    and 0.815 (ordinal). The independent computation below follows the paper's
    coincidence-matrix steps; the package must agree with it and with the paper."""
    import krippendorff

    nan = np.nan
    data = np.array(
        [
            [1, 2, 3, 3, 2, 1, 4, 1, 2, nan, nan, nan],
            [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, nan, 3],
            [nan, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, nan],
            [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, nan],
        ]
    )

    def by_the_paper(matrix: np.ndarray, ordinal: bool) -> float:
        values = sorted(set(matrix[~np.isnan(matrix)]))
        index = {v: i for i, v in enumerate(values)}
        o = np.zeros((len(values), len(values)))
        for unit in matrix.T:
            rated = unit[~np.isnan(unit)]
            if len(rated) < 2:
                continue
            for a in range(len(rated)):
                for b in range(len(rated)):
                    if a != b:
                        o[index[rated[a]], index[rated[b]]] += 1 / (len(rated) - 1)
        n_c = o.sum(axis=1)
        n = n_c.sum()
        d = np.zeros_like(o)
        for c in range(len(values)):
            for k in range(len(values)):
                if ordinal:
                    lo, hi = min(c, k), max(c, k)
                    d[c, k] = (n_c[lo : hi + 1].sum() - (n_c[c] + n_c[k]) / 2) ** 2
                else:
                    d[c, k] = float(c != k)
        return 1 - (n - 1) * (o * d).sum() / (np.outer(n_c, n_c) * d).sum()

    assert round(by_the_paper(data, ordinal=False), 3) == 0.743
    assert round(by_the_paper(data, ordinal=True), 3) == 0.815
    assert krippendorff.alpha(reliability_data=data, level_of_measurement="ordinal") == pytest.approx(
        by_the_paper(data, ordinal=True)
    )
    # the project's own call, on the fixture's Mittarit (reviewers A, B, C × models 301-304)
    mittarit = np.array([[nan, 3, 2, 4], [3, nan, 3, 2], [4, 4, nan, nan]])
    assert ordinal_alpha(mittarit, [1, 2, 3, 4]) == pytest.approx(-163 / 600)
    assert by_the_paper(mittarit, ordinal=True) == pytest.approx(-163 / 600)
    assert ordinal_alpha(np.array([[2, 3], [2, 3]]), [1, 2, 3, 4]) == 1.0
    assert ordinal_alpha(np.array([[2, 2], [2, 2]]), [1, 2, 3, 4]) is None  # one value only: not defined
    assert ordinal_alpha(np.array([[2, nan], [nan, 3]]), [1, 2, 3, 4]) is None  # no model rated twice


def test_ranking_ties_follow_the_rule() -> None:
    """Equal stage 2 results: the stage 3 score decides; equal on every key: the same rank."""
    book = load_criteria()
    models = pd.DataFrame(
        {
            "response_id": [1, 2, 3, 4],
            "model_name": ["D", "C", "B", "A"],
            "region": ["X"] * 4,
            "innokyla_url": [""] * 4,
            "stage1_passed": [True, True, True, False],
            "score": [8.0, 9.0, 9.0, 10.0],
        }
    )
    scores = pd.DataFrame(
        [(r, i, item, 3) for r in ("A", "B") for i in (1, 2, 3, 4) for item in ("whole", "measures", "evaluation")],
        columns=["reviewer", "response_id", "item", "score"],
    )
    ranked = ranking(models, scores, book)
    assert list(zip(ranked["response_id"], ranked["rank"])) == [(3, 1), (2, 1), (1, 3), (4, 4)]
    partial = ranking(models, scores[~((scores["response_id"] == 2) & (scores["item"] == "whole"))], book)
    assert partial.set_index("response_id").loc[2, "stage2_passed"] is None  # an item without a rating: kesken
    assert list(partial["response_id"]) == [3, 1, 2, 4]


BAD_CASES = {
    "value outside the scale": (
        {"A": lambda s: setattr(s.cell(3, 7), "value", 5)},
        [
            "A.xlsx, rivi 3, sarake Mittarit: arvo '5' ei ole asteikolla 1–4 (1 = heikko, 2 = tyydyttävä, "
            "3 = hyvä, 4 = erittäin hyvä)",
            "A.xlsx, rivi 3: rivi jätettiin pois edellisten ongelmien vuoksi",
        ],
    ),
    "empty required cell": (
        {"C": lambda s: setattr(s.cell(2, 8), "value", None)},
        [
            "C.xlsx, rivi 2, sarake Arviointi: pakollinen solu on tyhjä",
            "C.xlsx, rivi 2: rivi jätettiin pois edellisten ongelmien vuoksi",
        ],
    ),
    "a model not scored at all": (
        {"B": lambda s: [setattr(s.cell(3, c), "value", None) for c in (6, 7, 8)]},
        [
            "B.xlsx, rivi 3: pisteet puuttuvat kaikista kohdista (Kokonaisuus, Mittarit, Arviointi)",
            "B.xlsx, rivi 3: rivi jätettiin pois edellisten ongelmien vuoksi",
        ],
    ),
    "model not in the assignment": (
        {"B": lambda s: setattr(s.cell(2, 1), "value", 999)},
        [
            "B.xlsx, rivi 2, sarake Vastaajan numero: malli 999 ei ole jaossa (jako.csv)",
            "B.xlsx, rivi 2: rivi jätettiin pois edellisten ongelmien vuoksi",
        ],
    ),
    "model not assigned to this reviewer": (
        {"C": lambda s: setattr(s.cell(3, 1), "value", 303)},
        [
            "C.xlsx, rivi 3, sarake Vastaajan numero: mallia 303 ei ole jaettu arvioijalle C (jaettu: A, B)",
            "C.xlsx, rivi 3: rivi jätettiin pois edellisten ongelmien vuoksi",
        ],
    ),
    "model twice in one workbook": (
        {"C": lambda s: setattr(s.cell(3, 1), "value", 301)},
        [
            "C.xlsx, rivi 2, sarake Vastaajan numero: malli 301 on työkirjassa useammin kuin kerran (myös rivillä 3): "
            "kumpaakaan riviä ei luettu",
            "C.xlsx, rivi 2: rivi jätettiin pois edellisten ongelmien vuoksi",
            "C.xlsx, rivi 3, sarake Vastaajan numero: malli 301 on työkirjassa useammin kuin kerran (myös rivillä 2): "
            "kumpaakaan riviä ei luettu",
            "C.xlsx, rivi 3: rivi jätettiin pois edellisten ongelmien vuoksi",
        ],
    ),
}


@pytest.mark.parametrize("case", list(BAD_CASES))
def test_each_problem_has_its_message_and_its_row_is_left_out(panel: Path, tmp_path: Path, case: str) -> None:
    edits, expected = BAD_CASES[case]
    result = collect(filled(panel, tmp_path / "palautetut", edits), CUTOFF)
    assert [str(p) for p in result.problems] == expected
    rows_out = len([m for m in expected if m.endswith("edellisten ongelmien vuoksi")])
    assert result.block["ratings_accepted"] == 24 - 3 * rows_out
    assert result.block["problems"] == len(expected) - rows_out  # "the row was left out" lines are not counted
    lines = (panel / "ongelmat.csv").read_text(encoding="utf-8-sig").splitlines()
    assert len(lines) == 1 + len(expected)


def test_a_workbook_given_twice_is_not_read_at_all(panel: Path, tmp_path: Path) -> None:
    paths = filled(panel, tmp_path / "palautetut")
    copy = shutil.copy(paths[0], tmp_path / "palautetut" / "A_korjattu.xlsx")
    result = collect([*paths, Path(copy)], CUTOFF)
    message = (
        "arvioijan A työkirja on annettu 2 kertaa (A.xlsx, A_korjattu.xlsx): mitään niistä ei luettu; anna vain yksi"
    )
    assert [str(p) for p in result.problems] == [f"A.xlsx: {message}", f"A_korjattu.xlsx: {message}"]
    assert result.block["workbooks_read"] == 2 and result.block["ratings_missing"] == 3


def test_not_a_workbook_and_a_workbook_of_another_cutoff(panel: Path, tmp_path: Path) -> None:
    junk = tmp_path / "muistiinpanot.xlsx"
    junk.write_text("ei työkirja", encoding="utf-8")
    other = fill(
        workbook(panel, "C"),
        tmp_path / "vanha.xlsx",
        SCORES["C"],
    )
    book = openpyxl.load_workbook(other)
    book["Tiedot"]["B2"] = "2025-10-31"
    book.save(other)
    expected = [
        "muistiinpanot.xlsx: tiedosto ei ole luettava Excel-työkirja (.xlsx)",
        "vanha.xlsx: työkirja on rajapäivän 31.10.2025 arviointiin, jako on rajapäivän 31.12.2025: työkirjaa ei luettu",
    ]
    with pytest.raises(PanelError) as caught:  # nothing read: nothing written
        collect([junk, other], CUTOFF)
    assert caught.value.lines("fi") == [*expected, "yhtään työkirjaa ei voitu lukea"]
    assert not (panel / "paneeli.json").exists()
    good = fill(workbook(panel, "A"), tmp_path / "A.xlsx", SCORES["A"])
    result = collect([junk, other, good], CUTOFF)
    assert [str(p) for p in result.problems] == expected


def test_cli_collect_prints_problems_and_agreement(panel: Path, tmp_path: Path, capsys) -> None:
    filled(panel, tmp_path / "palautetut", {"A": lambda s: setattr(s.cell(3, 7), "value", "hyvä")})
    assert commands.main(["review-collect", str(tmp_path / "palautetut")]) == 0
    out = capsys.readouterr().out
    assert "A.xlsx, row 3, column Mittarit: the value 'hyvä' is not on the scale 1–4" in out
    assert "Kokonaisuus" in out and "For the consensus meeting" in out


def test_cli_pack_refuses_a_bad_reviewers_file(project: Path, capsys) -> None:
    shutil.copy(FIXTURES / "panel_models.csv", project / "data/raw/panel_models.csv")
    assert commands.main(["clean", "--cutoff", "2025-12-31"]) == 0
    bad = project / "arvioijat.csv"
    bad.write_text("nimi;oma alue\nA;Lappi\nB;Lapin hyvinvointialue\n", encoding="utf-8")
    assert commands.main(["review-pack", "--cutoff", "2025-12-31", "--reviewers", str(bad)]) == 1
    err = capsys.readouterr().err
    assert err.splitlines()[0] == (
        "CANNOT USE the model 301 (Kotikuntoutus <b>tehostettu</b>, Lapin hyvinvointialue) has only 0 eligible "
        "reviewer(s), 2 are needed: add reviewers from other areas or without an own area"
    )
    assert len(err.splitlines()) == 2  # the other models have two eligible reviewers
    assert not (project / "internal/2025-12-31/arviointi").exists()
    assert commands.main(["review-collect", str(bad)]) == 2  # not a workbook: no cutoff to tell
    assert "cannot tell the cutoff from the workbooks (found: none); give --cutoff DATE" in capsys.readouterr().err
    (project / "tyhja").mkdir()
    assert commands.main(["review-collect", str(project / "tyhja")]) == 1
    assert "no .xlsx workbook there. Nothing was written" in capsys.readouterr().err


# --- cards ----------------------------------------------------------------------------


def test_cards_show_every_stage_escaped_and_no_personal_data(panel: Path) -> None:
    card = (panel / "kortit" / "301.html").read_text(encoding="utf-8")
    assert "<h1 id='otsikko-301'>Kotikuntoutus &lt;b&gt;tehostettu&lt;/b&gt;</h1>" in card
    assert "<b>tehostettu" not in card
    assert "Toimintamalli täyttää vaiheen 1 ehdot" in card and "yhteensä 10,0 / 10</caption>" in card
    assert (
        '<tr class="total"><th scope="row">Yhteensä</th><td data-label="Vastaus"></td><td data-label="Pisteet" class="num">10,0</td></tr>'
        in card
    )
    assert "Toimintamallin kehitysvaihe: Käyttöönotettu: Koko hyvinvointialueella" in card
    assert "Ammattilaisten välinen yhteistyö" in card or "yhteistyö" in card.lower()
    assert "Yhteistyö" in card  # the word that fired
    assert "Kokonaisuus" in card and "Mittarit" in card and "1 heikko" in card
    card303 = (panel / "kortit" / "303.html").read_text(encoding="utf-8")
    assert "Toimintamalli <strong>ei täytä</strong> vaiheen 1 ehtoja" in card303
    assert "Linkki toimintamallin kuvaukseen Innokylässä: ei vastausta" in card303
    everything = "".join(p.read_text(encoding="utf-8") for p in panel.rglob("*.html"))
    everything += "".join(p.read_text(encoding="utf-8-sig") for p in panel.glob("*.csv"))
    for name in PERSONAL_DATA:
        assert name not in everything
    combined = (panel / "kortit.html").read_text(encoding="utf-8")
    assert combined.count("<article class='card'") == 4 and '<html lang="fi">' in combined
    own = (panel / "tyokirjat" / "kortit_c.html").read_text(encoding="utf-8")  # C reviews 301 and 302
    assert own.count("<article class='card'") == 2 and "id='malli-301'" in own and "id='malli-302'" in own


# --- the report ---------------------------------------------------------------------------


@pytest.mark.slow  # builds a report / prints through Chromium
def test_report_section_only_with_collected_scores(panel: Path, project: Path, tmp_path: Path) -> None:
    from analysis.publish.build import build_cutoff

    processed = project / "data/processed"
    report_dir = project / "reports/2025-12-31"
    build_cutoff(CUTOFF, processed, report_dir)
    page = (report_dir / "report.html").read_text(encoding="utf-8")
    assert "Asiantuntija-arvio</h2>" not in page and "panel_review" not in json.loads(
        (report_dir / "summary.json").read_text(encoding="utf-8")
    )
    assert not (report_dir / "arviointi").exists() and (panel / "jako.json").is_file()  # the pack stays internal
    collect(filled(panel, tmp_path / "palautetut"), CUTOFF)
    build_cutoff(CUTOFF, processed, report_dir)
    page = (report_dir / "report.html").read_text(encoding="utf-8")
    assert '<h2 id="asiantuntija-arvio">12. Asiantuntija-arvio</h2>' in page
    assert '<a href="#asiantuntija-arvio">12. Asiantuntija-arvio</a>' in page
    assert "13. Arvioidut toimintamallit" in page  # the later sections move down a number
    assert "Kotikuntoutus &lt;b&gt;tehostettu&lt;/b&gt;" in page and "Sisäiseen käyttöön: mukana" in page
    section = page.split('<h2 id="asiantuntija-arvio">')[1].split("<h2")[0]
    assert "criteria.yaml" not in section and ".csv" not in section and ".xlsx" not in section  # no file paths
    summary = json.loads((report_dir / "summary.json").read_text(encoding="utf-8"))
    block = summary["panel_review"]
    assert block["consensus_needed"] == ["304"] and block["final_ranking"][0]["response_id"] == "301"
    assert summary["report_kind"] == "internal" and not list(report_dir.rglob("arviointi"))
    for name in SCORES:  # no reviewer's name anywhere under reports/
        assert not any(f";{name};" in p.read_text(errors="ignore") for p in report_dir.rglob("*.csv"))
    from analysis.publish.index_page import write_index

    index = write_index(project / "reports").read_text(encoding="utf-8")
    assert "arviointi" not in index and "<td>sisäiseen käyttöön</td>" in index
    # the report for outside THL: no screening, no panel, no internal counts; it and the index say so
    build_cutoff(CUTOFF, processed, report_dir, public=True)
    page = (report_dir / "report.html").read_text(encoding="utf-8")
    assert "Asiantuntija-arvio" not in page and "esikarsinta</h2>" not in page.lower()
    assert "Julkinen: ilman hankkeen omaa esikarsintaa ja THL:n asiantuntijapaneelin arviota" in page
    summary = json.loads((report_dir / "summary.json").read_text(encoding="utf-8"))
    assert summary["report_kind"] == "public" and "panel_review" not in summary and "screening" not in summary
    assert "Esikarsinta" not in (report_dir / "listaus.csv").read_text(encoding="utf-8-sig")
    index = write_index(project / "reports").read_text(encoding="utf-8")
    assert "<td>julkinen</td>" in index and "sisäisissä" not in index
    build_cutoff(CUTOFF, processed, tmp_path / "muualle")  # build --out: the panel is read from internal/ still
    assert '<h2 id="asiantuntija-arvio">12. Asiantuntija-arvio</h2>' in (tmp_path / "muualle/report.html").read_text(
        encoding="utf-8"
    )
    report_dir = tmp_path / "muualle"  # the internal report, for axe below
    from test_publication import AXE, has_chromium

    from analysis.publish import chromium

    if has_chromium() and AXE.is_file():  # the section keeps the report WCAG-clean (tools: test_publication)
        violations = chromium.axe_violations(report_dir / "report.html", AXE, width=1280)
        assert not violations, chromium.summarise(violations)


@pytest.mark.slow  # headless Chromium with axe-core
@pytest.mark.parametrize("which,width", [("kortit/301.html", 1280), ("kortit/303.html", 390), ("kortit.html", 1280)])
def test_cards_pass_axe_as_the_report_does(panel: Path, which: str, width: int) -> None:
    from test_publication import AXE, has_chromium, require

    from analysis.publish import chromium

    require(has_chromium(), f"headless Chromium is not installed ({chromium.INSTALL})")
    require(AXE.is_file(), "axe-core is not installed: run `npm ci` in the project folder")
    violations = chromium.axe_violations(panel / which, AXE, width=width)
    assert not violations, chromium.summarise(violations)


@pytest.mark.slow  # builds a report / prints through Chromium
def test_a_card_prints_on_a4_with_its_stages(panel: Path, tmp_path: Path) -> None:
    import subprocess

    from test_publication import has_chromium, has_poppler, require

    from analysis.publish import chromium

    require(has_chromium() and has_poppler(), "headless Chromium or poppler-utils is not installed")
    pdf = chromium.print_pdf(panel / "kortit" / "304.html", tmp_path / "304.pdf")
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    assert "595 x 842" in info or "594.96 x 841.92" in info
    text = " ".join(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout.split())
    for part in (
        "Matalan kynnyksen palvelu",
        "Vaihe 1: ehdot",
        "Vaihe 3: kriteerit",
        "yhteensä 9,0 / 10",
        "Vaihe 2: arvioi Innokylän kuvauksesta",
        "Tulosteemat",
        "Itsearvioinnin vastaukset",
    ):
        assert part in text, part


def test_packing_again_keeps_the_results_of_the_same_assignment(panel: Path, project: Path, tmp_path: Path) -> None:
    collect(filled(panel, tmp_path / "palautetut"), CUTOFF)
    final = (panel / "loppulista.csv").read_bytes()
    pack(CUTOFF, project / "arvioijat.csv")
    assert (panel / "loppulista.csv").read_bytes() == final and (panel / "paneeli.json").is_file()


def test_a_pack_with_another_assignment_is_replaced_only_with_force(panel: Path, project: Path, capsys) -> None:
    reviewers = project / "arvioijat.csv"
    reviewers.write_text("nimi;oma alue\nA;Lappi\nB;Pirha\nC;\nD;\n", encoding="utf-8")
    assert commands.main(["review-pack", "--cutoff", "2025-12-31", "--reviewers", str(reviewers)]) == 1
    assert "an earlier pack assigned the models otherwise" in capsys.readouterr().err
    assert not workbook(panel, "D").exists()
    assert commands.main(["review-pack", "--cutoff", "2025-12-31", "--reviewers", str(reviewers), "--force"]) == 0
    assert workbook(panel, "D").is_file() and not (panel / "paneeli.json").exists()
    assert "     2  D\n" in capsys.readouterr().out
    # by hand: 301 {B, C, D} and 302 {A, C, D} first: 301 -> B, C; 302 -> A, D (load 0 before C's 1);
    # 303 -> A, B (all at 1, file order); 304 -> C, D (1 before A's and B's 2)
    plan = json.loads((panel / "jako.json").read_text(encoding="utf-8"))
    assert plan["assignment"] == {"303": ["A", "B"], "304": ["C", "D"], "301": ["B", "C"], "302": ["A", "D"]}


def test_scope_30_6_takes_the_competitions_models(project: Path) -> None:
    """A model first assessed after 30.6.2025 is out of the 30.6. scope."""
    rows = (FIXTURES / "panel_models.csv").read_text(encoding="utf-8").splitlines()
    rows[4] = rows[4].replace("4.5.2025 10:00", "4.9.2025 10:00")  # 304 came in September
    (project / "data/raw/panel_models.csv").write_text("\r\n".join(rows) + "\r\n", encoding="utf-8")
    assert commands.main(["clean", "--cutoff", "2025-06-30", "--cutoff", "2025-12-31"]) == 0
    reviewers = project / "arvioijat.csv"
    reviewers.write_text("nimi;oma alue\nA;Lappi\nB;Pirha\nC;\n", encoding="utf-8")
    result = pack(CUTOFF, reviewers, "30.6.")
    assert result.models == 3
    assert sorted(p.name for p in (result.folder / "kortit").iterdir()) == ["301.html", "302.html", "303.html"]
