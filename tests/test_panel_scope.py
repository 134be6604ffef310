"""The screening's scope and the expert panel agree (#24 items 3, 5, 6; the Finnish
editor's findings 1, 2, 11, 13, 21, 22, 24 and 27 of 6.12.2026).

On the bundled sample, for both panel scopes (the default, the models assessed by
30.6.2025, and ``--scope all``): stage 1 and the criteria points appear in §12,
summary.json's ``panel_review``, loppulista and listaus.csv only for the models
§11 screens, and their counts agree with a hand count made here with pandas from
the processed answers (not with the package's screening), and with THL's figure
(44 of the 67 meet stage 1 at 31.12.2025)."""

from __future__ import annotations

import csv
import io
import json
import re

import openpyxl
import pandas as pd
import pytest
from conftest import fill_review_workbooks
from test_reports import EPOCH, _listing_csv, _model, _sample_project, visible_text

from analysis.cli.commands import main
from analysis.language import formatting
from analysis.report.sections.panel import agreement_reading
from analysis.tables.screening import load_criteria

CUTOFF = "2025-12-31"
REVIEWERS = "nimi;oma alue\nAino Ärväs;Lappi\nBo Öberg;Pirkanmaa\nCarl Åberg;\nDiana;Vantaa-Kerava\nEero;Helsinki\n"


def hand_screening(kept: pd.DataFrame) -> pd.DataFrame:
    """Stage 1 and the ten-criteria points of each assessment, written out by hand
    from THL's criteria (docs/thl_arviointiprosessi.md), not with tables.screening."""
    given = lambda c: kept[c].notna()  # noqa: E731
    not_no = lambda c: given(c) & (kept[c] != "Ei")  # noqa: E731
    some = lambda c: kept[c].isin(["Kyllä", "Osittain"])  # noqa: E731
    stage1 = (
        kept["innokyla_url"].fillna("").str.match(r"https?://")
        & kept["participant_roles__region_representative"].fillna(False).astype(bool)
        & kept["participant_roles__rrp_representative"].fillna(False).astype(bool)
        & (not_no("phase__adopted") | not_no("phase__rooted"))
        & (kept["utilisation__transferable_regions"] == "Kyllä")
        & some("results_evaluation__goals_defined")
        & some("results_evaluation__change_achieved")
        & not_no("adoption__management_commitment")
        & not_no("adoption__resources_defined")
    )
    columns = [
        "results_evaluation__strategy",
        "results_evaluation__goals_defined",
        "results_evaluation__change_achieved",
        "results_evaluation__change_measured",
        "results_evaluation__cost_assessed",
        "utilisation__core_elements",
        "utilisation__transferable_regions",
        "adoption__resources_defined",
        "adoption__management_followup",
        "adoption__permanent_decision",
    ]
    worth = {"Kyllä": 1.0, "Osittain": 0.5, "Valmistelussa": 0.5}
    points = sum(kept[c].map(worth).fillna(0.0).astype(float) for c in columns)
    return pd.DataFrame(
        {"response_id": kept["response_id"].astype(str), "stage1": stage1.astype(bool), "points": points}
    ).set_index("response_id")


def _ranking_rows(page: str) -> list[dict[str, str]]:
    """§12's final ranking table as the reader sees it."""
    table = page.split('panel-ranking">', 1)[1].split("</table>", 1)[0]
    rows = []
    for body in re.findall(r"<tr>(.*?)</tr>", table.split("<tbody>", 1)[1], flags=re.S):
        cells = re.findall(r'<td[^>]*data-label="([^"]*)"[^>]*>(.*?)</td>', body, flags=re.S)
        rows.append({label.replace("\u2060", ""): visible_text(text).strip() for label, text in cells})
    return rows


@pytest.fixture(scope="module")
def flows(tmp_path_factory) -> dict:
    """The sample built at every cutoff, then the panel of 31.12.2025 packed, filled,
    collected and the report rebuilt, once with the default scope and once with
    ``--scope all``: each run's outputs, and the hand screening of 31.12.2025."""
    root = _sample_project(tmp_path_factory.mktemp("project"))
    (root / "arvioijat.csv").write_text(REVIEWERS, encoding="utf-8")
    out: dict = {}
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("RRP_PROJECT_DIR", str(root))
        mp.setenv("SOURCE_DATE_EPOCH", EPOCH)
        assert main(["build", "--all"]) == 0
        kept = pd.read_parquet(root / "data/processed" / CUTOFF / "assessments.parquet")
        out["hand"] = hand_screening(kept)
        # the models assessed by 30.6.2025, told by their Innokylä link or area and name (not the pipeline's key)
        june = {_model(r) for r in _listing_csv(root / "reports/2025-06-30/listaus.csv")}
        final = _listing_csv(root / "reports" / CUTOFF / "listaus.csv")
        out["june_ids"] = {r["Vastaajan numero"] for r in final if _model(r) in june}
        for scope in ("default", "all"):
            extra = [] if scope == "default" else ["--scope", "all", "--force"]
            assert main(["review-pack", "--cutoff", CUTOFF, "--reviewers", str(root / "arvioijat.csv"), *extra]) == 0
            pack = root / "internal" / CUTOFF / "arviointi"
            assert main(["review-collect", str(fill_review_workbooks(pack, root / f"palautetut_{scope}"))]) == 0
            assert main(["build", "--cutoff", CUTOFF]) == 0
            folder = root / "reports" / CUTOFF
            listing = _listing_csv(folder / "listaus.csv")
            final = list(
                csv.reader(io.StringIO((pack / "loppulista.csv").read_text(encoding="utf-8-sig")), delimiter=";")
            )
            book = openpyxl.load_workbook(pack / "loppulista.xlsx")
            out[scope] = {
                "cards": visible_text((pack / "kortit.html").read_text(encoding="utf-8")),
                "page": (folder / "report.html").read_text(encoding="utf-8"),
                "summary": json.loads((folder / "summary.json").read_text(encoding="utf-8")),
                "listing": listing,
                "final": [dict(zip(final[0], row)) for row in final[1:]],
                "final_xlsx": [
                    dict(zip([c.value for c in book.active[1]], [c.value for c in row]))
                    for row in book.active.iter_rows(min_row=2)
                ],
            }
    return out


@pytest.mark.slow  # builds the sample's three reports and the panel twice
@pytest.mark.parametrize("scope", ["default", "all"])
def test_stage1_and_points_only_for_the_screened_models_in_every_output(flows: dict, scope: str) -> None:
    hand, june_ids, run = flows["hand"], flows["june_ids"], flows[scope]
    assert len(june_ids) == 67  # THL: 67 assessed by 30.6.2025 (the ministry's competition)
    screened = hand.loc[sorted(june_ids)]
    assert int(screened["stage1"].sum()) == 44  # THL's count at 31.12.2025
    block = run["summary"]["panel_review"]
    models = {r["response_id"] for r in block["final_ranking"]}
    assert len(models) == (67 if scope == "default" else 108)
    in_panel = screened.loc[sorted(models & june_ids)]
    passed, with_points = int(in_panel["stage1"].sum()), len(in_panel)
    # summary.json
    assert block["screening_scope"] == "2025-06-30" and block["screened"] == with_points
    given = [r for r in block["final_ranking"] if r["stage1_passed"] is not None]
    assert {r["response_id"] for r in given} == models & june_ids
    assert sum(r["stage1_passed"] for r in given) == passed == block["stage1_passed"]
    assert all(r["stage3_score"] == in_panel.loc[r["response_id"], "points"] for r in given)
    assert all(r["stage3_score"] is None for r in block["final_ranking"] if r not in given)
    # loppulista.csv and .xlsx
    for rows in (run["final"], run["final_xlsx"]):
        with_stage1 = [r for r in rows if r["Vaihe 1"]]
        assert {str(r["Vastaajan numero"]) for r in with_stage1} == models & june_ids
        assert sum(r["Vaihe 1"] == "Täyttää" for r in with_stage1) == passed
        assert all(r["Vaihe 1"].startswith(("Täyttää", "Ei täytä: ")) for r in with_stage1)
        assert all(r["Vaihe 3: kriteeripisteet (0–10)"] in ("", None) for r in rows if not r["Vaihe 1"])
    # §12 of the report
    table = _ranking_rows(run["page"])
    assert len(table) == len(models)
    assert sum(r["Vaihe 1"] == "täyttää" for r in table) == passed
    assert sum(r["Vaihe 1"] == "ei täytä" for r in table) == with_points - passed
    assert sum(bool(r["Kriteeripisteet (0–10)"]) for r in table) == with_points
    assert all(not r["Kriteeripisteet (0–10)"] for r in table if not r["Vaihe 1"])
    # the screened models rank first; the others after them
    order = [bool(r["Vaihe 1"]) for r in table]
    assert order == sorted(order, reverse=True)
    section = visible_text(run["page"].split('id="asiantuntija-arvio"', 1)[1].split('id="listaus"', 1)[0])
    note = "Vaihe 1 ja kriteeripisteet on esitetty vain niille toimintamalleille, jotka oli arvioitu 30.6.2025 mennessä"
    assert (note in section) == (scope == "all")
    if scope == "all":
        assert "Paneeli arvioi 108 toimintamallia, mutta vaihe 1 ja kriteeripisteet on laskettu vain" in section
    else:
        assert "Rajaus on sama kuin luvussa 11" in section
    # §11 and listaus.csv: the same 67 and 44
    eleven = visible_text(run["page"].split('id="esikarsinta"', 1)[1].split('id="asiantuntija-arvio"', 1)[0])
    assert "Vaiheen 1 ehdot täytti 44 arviointia 67:stä" in eleven
    assert run["summary"]["screening"]["stage1"]["passed"] == 44
    scored = [r for r in run["listing"] if r["Kriteeripisteet 0–10 (hankkeen tulkinta)"]]
    assert {r["Vastaajan numero"] for r in scored} == june_ids
    assert sum(r["Vaiheen 1 ehdot (hankkeen tulkinta)"] == "Täyttää" for r in scored) == 44
    outside = [r for r in run["listing"] if r not in scored]
    assert len(outside) == 41 and all(
        r["Vaiheen 1 ehdot (hankkeen tulkinta)"] == "Ei tarkasteltu: arvioitu vasta 30.6.2025 jälkeen" for r in outside
    )
    # the editor's recurring patterns, in §11, §12 and the files
    words = eleven + " " + section + " " + json.dumps(run["final"], ensure_ascii=False)
    words += " " + json.dumps(run["listing"], ensure_ascii=False)
    for never in ("läpäis", "HVA", "hv-alue", "½", "työkirj", "luettiin", "Käyttöönotettu tai", "yhteenvedon"):
        assert never not in words, never
    assert not re.search(r"(?<![\w–-])-\d", eleven + section)  # a negative number has a minus sign
    for text in re.findall(r"−\d", section):
        assert text.startswith("\u2212")
    # the review cards: stages 1 and 3 only on the screened models' cards
    cards = run["cards"]
    assert cards.count("Vaihe 1: ehdot") == with_points
    assert cards.count("ei ole mukana hankkeen esikarsinnassa") == len(models) - with_points
    # the reassessment after 30.6.2025 (respondent 33 replaced by 78 in the sample)
    assert "Yksi niistä arvioitiin uudelleen 30.6.2025 jälkeen. Siitä käytetään uudempaa arviointia" in eleven
    # the alpha is read from its values, and any negative one is printed with U+2212
    alphas = [a["krippendorff_alpha_ordinal"] for a in block["agreement"].values()]
    assert agreement_reading(alphas) in section
    for a in alphas:
        if a is not None:
            assert formatting.number(a, 2) in section
    # tasks and item scores in their own units, from the block's own counts
    tasks = block["tasks_assigned"]
    assert tasks == 2 * len(models)
    assert f"Arvioijille jaettiin {tasks} arviointitehtävää ({len(models)} toimintamallia × 2 arvioijaa)." in section
    assert f"Kohdittain hyväksyttyjä pisteitä on {block['ratings_accepted']} ({tasks} × 3 kohtaa)." in section


def test_alpha_is_read_from_its_values() -> None:
    """Finding 13: 0,8 reads as reliable; −0,07 as disagreement and near zero."""
    assert agreement_reading([0.8, 0.85]) == (
        "Kaikki arvot ovat vähintään 0,80, mitä pidetään luotettavan yksimielisyyden rajana."
    )
    reading = agreement_reading([-0.07, 0.09, None])
    assert reading.startswith("Alle 0:n arvo tarkoittaa, että arvioijat olivat keskenään eri mieltä useammin")
    assert "Nyt kaikki arvot ovat lähellä nollaa, joten vaiheen 2 tuloksia on tulkittava varoen" in reading
    assert "Alle 0:n" not in agreement_reading([0.09, 0.12])
    assert "Kaikki arvot jäävät alle 0,67:n" in agreement_reading([0.3, 0.5])
    assert agreement_reading([None]).startswith("Alfaa ei voitu laskea")


def test_negative_numbers_have_a_minus_sign() -> None:
    assert formatting.number(-0.07, 2) == "\u22120,07"
    assert formatting.number(-1234.5, 1) == "\u22121\u00a0234,5"
    assert formatting.number(-0.001, 2) == "0,00" and formatting.number(0.07, 2) == "0,07"


def test_criteria_names_without_abbreviations_or_passive_participles() -> None:
    """Finding 21, 23: the conditions and criteria as THL's readers say them."""
    book = load_criteria()
    names = [c.label for c in book.stage1] + [c.description for c in book.stage1] + [c.label for c in book.criteria]
    for name in names:
        assert not re.search(r"\bHVA\b|hv-alue|käyttöönotettu", name, flags=re.I), name
    assert "Hyvinvointialue ja RRP-hanke arvioineet yhdessä" in names
    assert "Otettu käyttöön tai juurrutettu" in names
