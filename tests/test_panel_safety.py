"""The expert panel safe with people's data (issue 24): every finding of the issue
as a test. The four models of tests/fixtures/panel_models.csv (see test_panel.py),
and where a replaced assessment is needed a fifth row, 305, the same model as 301
(the same Innokylä link) assessed again later: 301 is then excluded as superseded
and 305 is the model's assessment at the cutoff."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from conftest import FIXTURES
from test_panel import CUTOFF, SCORES, fill, filled, workbook

from analysis.cli import commands
from analysis.panel.assignment import PanelError, Reviewer, read_reviewers
from analysis.panel.commands import collect, move_out_of_reports, pack
from analysis.panel.results import ranking
from analysis.report.sections.panel import agenda_sentence, verdict_sentence, work_sentences
from analysis.tables.screening import load_criteria

NAMES = "nimi;oma alue;jäävi\r\nCarl Åberg;;301\r\nÄrväs Öhman;Lappi;\r\nBo Ström;Vanda och Kervo;\r\n"


@pytest.fixture
def four(project: Path) -> Path:
    """The four models cleaned at 31.12.2025 in this test's project."""
    shutil.copy(FIXTURES / "panel_models.csv", project / "data/raw/panel_models.csv")
    assert commands.main(["clean", "--cutoff", "2025-12-31"]) == 0
    return project


@pytest.fixture
def replaced(project: Path) -> Path:
    """The four models and 305, a later assessment of 301's model."""
    rows = (FIXTURES / "panel_models.csv").read_text(encoding="utf-8").splitlines()
    again = rows[1].split("\t")
    again[0], again[1] = "305", "1.6.2025 10:00"
    (project / "data/raw/panel_models.csv").write_text("\r\n".join([*rows, "\t".join(again)]) + "\r\n", "utf-8")
    assert commands.main(["clean", "--cutoff", "2025-12-31"]) == 0
    return project


# --- 1. the reviewers file read as every hand-kept file ---------------------------------


def test_a_cp1252_semicolon_file_as_excel_saves_it_keeps_names_and_conflicts(tmp_path: Path) -> None:
    path = tmp_path / "arvioijat.csv"
    path.write_bytes(NAMES.encode("cp1252"))  # Excel's "CSV (puolipisteeroteltu)"
    assert read_reviewers(path) == [
        Reviewer("Carl Åberg", None, frozenset({"301"})),
        Reviewer("Ärväs Öhman", "Lapin hyvinvointialue"),
        Reviewer("Bo Ström", "Vantaan ja Keravan hyvinvointialue"),  # the Swedish name without "välfärdsområde"
    ]
    book = openpyxl.Workbook()
    for line in NAMES.splitlines():
        book.active.append(line.split(";"))
    book.save(tmp_path / "arvioijat.xlsx")
    assert read_reviewers(tmp_path / "arvioijat.xlsx") == read_reviewers(path)
    path.write_bytes(("\ufeff" + NAMES.replace(";", "\t")).encode("utf-16-le"))  # "Unicode-teksti"
    assert read_reviewers(path)[0] == Reviewer("Carl Åberg", None, frozenset({"301"}))


def test_a_misspelt_header_is_refused_naming_the_accepted_ones(tmp_path: Path) -> None:
    path = tmp_path / "arvioijat.csv"
    path.write_bytes(NAMES.replace("jäävi", "jaavi").encode("cp1252"))
    with pytest.raises(PanelError) as caught:
        read_reviewers(path)
    (line,) = caught.value.lines("en")
    assert line.startswith("arvioijat.csv, row 1, column jaavi: the header 'jaavi' is not one of the reviewers file's")
    assert "conflicts: jäävi, esteellinen, conflicts" in line and "name: nimi, arvioija" in line


# --- 2. conflicts of interest ------------------------------------------------------------


def test_a_conflict_with_a_replaced_assessment_covers_the_models_current_one(replaced: Path) -> None:
    reviewers = replaced / "arvioijat.csv"
    reviewers.write_bytes("nimi;oma alue;jäävi\r\nCarl Åberg;;301\r\nB;Pirha;\r\nC;;\r\n".encode("cp1252"))
    result = pack(CUTOFF, reviewers)
    assert result.reviewers[0] == Reviewer("Carl Åberg", None, frozenset({"305"})) and result.carried == {"301": "305"}
    plan = json.loads((result.folder / "jako.json").read_text(encoding="utf-8"))
    assert "301" not in plan["assignment"] and plan["assignment"]["305"] == ["B", "C"]
    assert all("Carl Åberg" not in names for i, names in plan["assignment"].items() if i == "305")
    assert plan["reviewers"][0]["conflicts"] == ["305"]


def test_an_unknown_conflict_id_is_an_error_naming_file_row_and_column(replaced: Path, capsys) -> None:
    reviewers = replaced / "arvioijat.csv"
    reviewers.write_bytes("nimi;oma alue;jäävi\r\nA;;\r\nB;;\r\nC;;305, 999\r\n".encode("cp1252"))
    assert commands.main(["review-pack", "--cutoff", "2025-12-31", "--reviewers", str(reviewers)]) == 1
    assert capsys.readouterr().err.splitlines()[0] == (
        "CANNOT USE arvioijat.csv, row 4, column jäävi: response id(s) 999 are neither assessments at the cutoff "
        "nor earlier assessments of a model there: check the ids"
    )
    assert not (replaced / "internal").exists()


# --- 3. internal and public apart ---------------------------------------------------------


def test_the_pack_lives_outside_reports_and_an_old_copy_there_is_moved(four: Path) -> None:
    reviewers = four / "arvioijat.csv"
    reviewers.write_text("nimi;oma alue\nAino Åberg;Lappi\nB;Pirha\nC;\n", encoding="utf-8")
    result = pack(CUTOFF, reviewers)
    assert result.folder == four / "internal/2025-12-31/arviointi"
    assert not any("Åberg" in p.read_text(errors="ignore") for p in (four / "reports").rglob("*") if p.is_file())
    # an earlier version's layout: the panel inside the report's generation, and a stale generation
    old = four / "reports/.generations/g-1-old/2025-12-31/arviointi"
    shutil.copytree(result.folder.resolve(), old)
    (four / "reports/2025-12-31").symlink_to(".generations/g-1-old/2025-12-31")
    stale = four / "reports/.generations/g-2-stale/2025-12-31/arviointi"
    shutil.copytree(result.folder.resolve(), stale)
    done = move_out_of_reports()
    assert [m.code for m in done] == ["panel_copy_removed", "panel_stale_copy_removed"]
    assert not old.exists() and not stale.exists() and result.folder.is_dir()
    assert not list((four / "reports").rglob("arviointi"))


def test_an_old_panel_folder_moves_to_internal_when_there_is_none(four: Path) -> None:
    reviewers = four / "arvioijat.csv"
    reviewers.write_text("nimi;oma alue\nA;Lappi\nB;Pirha\nC;\n", encoding="utf-8")
    made = pack(CUTOFF, reviewers).folder
    old = four / "reports/2025-12-31/arviointi"
    shutil.copytree(made.resolve(), old)
    jako = (made / "jako.json").read_bytes()
    shutil.rmtree(four / "internal")
    (moved,) = move_out_of_reports()
    assert moved.code == "panel_folder_moved" and not old.exists()
    assert (made / "jako.json").read_bytes() == jako


# --- 4. nothing wiped by a mistake ---------------------------------------------------------


@pytest.fixture
def collected(four: Path, tmp_path: Path) -> Path:
    reviewers = four / "arvioijat.csv"
    reviewers.write_text("nimi;oma alue\nA;Lappi\nB;Pirha\nC;\n", encoding="utf-8")
    folder = pack(CUTOFF, reviewers).folder
    collect(filled(folder, tmp_path / "palautetut"), CUTOFF)
    return folder


def test_collect_on_a_missing_path_or_an_empty_folder_keeps_the_results(collected: Path, tmp_path: Path, capsys):
    before = {p.name: p.read_bytes() for p in collected.iterdir() if p.is_file()}
    assert commands.main(["review-collect", str(tmp_path / "palautetu")]) == 1
    assert "palautetu: no such file or folder (a typo in the path?)" in capsys.readouterr().err
    assert commands.main(["review-collect", str(tmp_path / "palautetu"), "--cutoff", "2025-12-31"]) == 1
    (tmp_path / "tyhja").mkdir()
    (tmp_path / "tyhja" / "muistio.txt").write_text("x", encoding="utf-8")
    assert commands.main(["review-collect", str(tmp_path / "tyhja"), "--cutoff", "2025-12-31"]) == 1
    err = capsys.readouterr().err
    assert "muistio.txt: not an Excel workbook (.xlsx): not read" in err and "no .xlsx workbook there" in err
    assert {p.name: p.read_bytes() for p in collected.iterdir() if p.is_file()} == before


def test_collect_names_whose_workbook_is_missing_and_every_file_not_read(collected: Path, tmp_path: Path, capsys):
    back = tmp_path / "takaisin"
    fill(workbook(collected, "A"), back / "A.XLSX", SCORES["A"])  # read: the suffix in capitals
    fill(workbook(collected, "B"), back / "B.xlsm", SCORES["B"])
    for name in ("C.xls", "C.csv", "~$A.xlsx", "saate.docx"):
        (back / name).write_bytes(b"x")
    (back / "vanhat").mkdir()
    assert commands.main(["review-collect", str(back)]) == 0
    out = capsys.readouterr().out
    assert "Read 2 of 3 reviewers' workbooks" in out
    assert "Not returned (or not given):\n  C (arviointi_c.xlsx)\n" in out
    for line in (
        "C.xls: an old Excel file (.xls): not read; save it in Excel as .xlsx",
        "C.csv: a .csv file: not read; the scores come back in the .xlsx workbook",
        "~$A.xlsx: Excel's lock file (the workbook is open in Excel): not read",
        "saate.docx: not an Excel workbook (.xlsx): not read",
        "vanhat: a folder: not searched (put the workbooks in the folder itself)",
    ):
        assert f"  {line}\n" in out, line
    problems = (collected / "ongelmat.csv").read_text(encoding="utf-8-sig")
    assert "arviointi_c.xlsx;;;arvioijan C työkirja ei ollut annettujen joukossa" in problems
    block = json.loads((collected / "paneeli.json").read_text(encoding="utf-8"))
    # five files not read, none of them an error in anyone's scores: the report's
    # "Palautetuissa taulukoissa oli N virhettä" does not count them
    assert block["workbooks_missing"] == 1 and block["problems"] == 0 and block["files_not_read"] == 5


# --- 5. the ranking honest about missing work -----------------------------------------------


def test_a_model_with_one_accepted_review_of_two_is_incomplete() -> None:
    """By hand: 1 has two reviews (4,4,4 and 2,2,2: result 3, passes); 2 has one review
    (4,4,4): every item scored, but by one reviewer of two -> kesken, ranked after 1
    and after 3, which has two reviews and fails (1,1,1 twice: result 1)."""
    models = pd.DataFrame(
        {
            "response_id": ["1", "2", "3"],
            "model_name": ["a", "b", "c"],
            "region": ["X", "X", "X"],
            "innokyla_url": ["", "", ""],
            "stage1_passed": [True, True, True],
            "score": [5.0, 10.0, 5.0],
        }
    )
    rows = [("P", "1", 4), ("Q", "1", 2), ("P", "2", 4), ("P", "3", 1), ("Q", "3", 1)]
    book = load_criteria()
    items = [i.id for i in book.stage2]
    scores = pd.DataFrame(
        [(r, m, item, s) for r, m, s in rows for item in items], columns=["reviewer", "response_id", "item", "score"]
    )
    ranked = ranking(models, scores, book).set_index("response_id")
    assert ranked.loc["2", "stage2_passed"] is None and pd.isna(ranked.loc["2", "stage2_result"])
    assert ranked["reviews"].to_dict() == {"1": 2, "2": 1, "3": 2}
    assert ranked["rank"].to_dict() == {"1": 1, "3": 2, "2": 3}


# --- 6. messages and the section in Finnish ---------------------------------------------------


def test_the_sections_counts_read_as_finnish_with_zero_one_and_many() -> None:
    block = {
        "models": 1,
        "reviewers": 2,
        "workbooks_read": 0,
        "workbooks_missing": 2,
        "reviewers_per_model": 2,
        "ratings_accepted": 0,
        "problems": 1,
        "ratings_missing": 2,
        "stage2_passed": 0,
        "stage2_incomplete": 1,
        "consensus_needed": [],
        "disagreement_margin": 1,
    }
    block |= {"items": ["Kokonaisuus", "Mittarit", "Arviointi"], "tasks_assigned": 2, "final_ranking": [{"reviews": 0}]}
    said = " ".join([work_sentences(block), verdict_sentence(block), agenda_sentence(block)])
    for wrong in ("1 ongelmaa", "0 mallia", "oli 0", "ei yhtään toimintamallia, joiden", "työkirj", "luettiin"):
        assert wrong not in said
    assert "Arvioijia oli kaksi, ja jokaisen toimintamallin arvioi kaksi heistä." in said
    assert "Yksikään arvioija ei ole palauttanut arviointitaulukkoaan." in said
    assert "Arvioijille jaettiin kaksi arviointitehtävää (1 toimintamalli × 2 arvioijaa)." in said
    assert "Niistä yhtäkään ei ole palautettu hyväksyttynä." in said
    assert "Palautetuissa taulukoissa oli yksi virhe; virheellistä arviota ei ole otettu mukaan." in said
    assert "Vaiheessa 2 ei hyväksytty yhtään toimintamallia. Kesken on yksi toimintamalli" in said
    assert "Yhtäkään toimintamallia ei ole vielä arvioitu kahdesti" in said


def test_the_sections_units_tasks_and_item_scores_apart_many() -> None:
    """Finding 11: tasks (models × reviewers) and item scores in their own units,
    by hand: 108 models × 2 = 216 tasks, 32 without accepted scores, 184 × 3 = 552."""
    block = {
        "models": 108,
        "reviewers": 7,
        "workbooks_read": 6,
        "workbooks_missing": 1,
        "reviewers_per_model": 2,
        "ratings_accepted": 552,
        "problems": 3,
        "ratings_missing": 32,
        "items": ["Kokonaisuus", "Mittarit", "Arviointi"],
        "tasks_assigned": 216,
    }
    assert work_sentences(block) == (
        "Arvioijia oli seitsemän, ja jokaisen toimintamallin arvioi kaksi heistä. Arvioijista kuusi on "
        "palauttanut arviointitaulukkonsa, ja yhden arvioijan taulukko puuttuu. Arvioijille jaettiin 216 "
        "arviointitehtävää (108 toimintamallia × 2 arvioijaa). Niistä 184 on palautettu ja hyväksytty, ja 32 "
        "puuttuu. Kohdittain hyväksyttyjä pisteitä on 552 (184 × 3 kohtaa). Palautetuissa taulukoissa oli kolme "
        "virhettä; virheellisiä arvioita ei ole otettu mukaan."
    )
    ranked = [{"reviews": 2}] * 76 + [{"reviews": 1}] * 32
    agenda = agenda_sentence({"final_ranking": ranked, "consensus_needed": list(range(56)), "disagreement_margin": 1})
    assert agenda == (
        "Kahdesti arvioituja toimintamalleja on 76, ja arvioijien pisteet eroavat jossakin kohdassa yli yhdellä "
        "pisteellä 56 toimintamallissa. Nämä toimintamallit käsitellään konsensuskokouksessa."
    )


def test_scope_of_any_day_is_written_in_the_pack(four: Path) -> None:
    reviewers = four / "arvioijat.csv"
    reviewers.write_text("nimi;oma alue\nA;Lappi\nB;Pirha\nC;\n", encoding="utf-8")
    assert commands.main(["clean", "--cutoff", "2025-05-02"]) == 0  # 301 and 302 by then
    assert (
        commands.main(["review-pack", "--cutoff", "2025-12-31", "--reviewers", str(reviewers), "--scope", "2.5.2025"])
        == 0
    )
    folder = four / "internal/2025-12-31/arviointi"
    plan = json.loads((folder / "jako.json").read_text(encoding="utf-8"))
    assert plan["scope"] == "2025-05-02" and sorted(plan["assignment"]) == ["301", "302"]
    scope = "2.5.2025 mennessä arvioidut toimintamallit, kunkin vastaukset rajapäivän 31.12.2025 tilanteen mukaan"
    assert f"Rajaus: {scope}." in (folder / "LUEMINUT.txt").read_text(encoding="utf-8")
    guide = [r for r in openpyxl.load_workbook(workbook(folder, "C"))["Ohjeet"].iter_rows(values_only=True)]
    assert ("Rajaus", scope) in guide


def test_workbook_structure_locked_renamed_sheet_named_and_final_list_links(collected: Path, tmp_path: Path) -> None:
    book = openpyxl.load_workbook(workbook(collected, "A"))
    assert book.security is not None and book.security.lockStructure
    renamed = fill(workbook(collected, "A"), tmp_path / "A.xlsx", SCORES["A"])
    book = openpyxl.load_workbook(renamed)
    book["Pisteytys"].title = "Pisteet"
    book.save(renamed)
    result = collect([renamed, *filled(collected, tmp_path / "muut")[1:]], CUTOFF)
    assert str(result.problems[0]) == (
        "A.xlsx: työkirjassa ei ole välilehteä Pisteytys (sen välilehdet: Pisteet, Ohjeet, Tiedot): välilehti on "
        "nimetty uudelleen tai poistettu; käytä review-packin tekemää työkirjaa"
    )
    final = openpyxl.load_workbook(collected / "loppulista.xlsx")["Loppulista"]
    header = [c.value for c in final[1]]
    link = final.cell(2, header.index("Innokylä") + 1)
    assert link.hyperlink is not None and link.hyperlink.target == link.value.strip()
    mean = final.cell(2, header.index("Vaihe 2: tulos") + 1)
    assert isinstance(mean.value, float) and mean.number_format == "0.00"
