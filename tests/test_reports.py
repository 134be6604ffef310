"""End to end: papermill executes the real notebook, nbconvert writes the HTML.

One `build --all` on the bundled sample (in a temporary project) serves most
tests; the published figures are checked through summary.json at each cutoff.
"""

from __future__ import annotations

import ast
import base64
import hashlib
import html
import json
import re
import shutil
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
import yaml
from conftest import FIXTURES, output_files

from analysis import config
from analysis.cli.commands import main
from analysis.publish.build import NOTEBOOK, BuildError, build_cutoff
from analysis.report.data import APPENDIX_ANCHOR, SECTIONS

# every test here builds reports (executes the report notebook) or times large exports
pytestmark = pytest.mark.slow

PUBLISHED = yaml.safe_load((Path(__file__).parent / "published_figures.yaml").read_text(encoding="utf-8"))
FINAL = PUBLISHED["final_2025_12_31"]
SAMPLE_FILES = ["itsearviointi_vienti_synteettinen.xlsx", "exclusions.csv", "listing_status.csv"]
EPOCH = "1767225600"  # 1.1.2026 00:00 UTC
# published short labels -> the form's labels, which summary.json uses
GROUPS = {
    "Ikäihmiset": "Ikäihmiset",
    "Työikäiset": "Työikäiset",
    "Paljon palveluita tarvitsevat": "Paljon palveluita tarvitsevat, pitkäaikaissairaat",
    "Paljon palveluita tarvitsevat, pitkäaikaissairaat": "Paljon palveluita tarvitsevat, pitkäaikaissairaat",
    "Nuoret ja nuoret aikuiset miepä": "Nuoret ja nuoret aikuiset, mielenterveys- ja päihdepalvelut",
    "Aikuiset miepä": "Aikuiset, mielenterveys- ja päihdepalvelut",
    "Koko väestö": "Koko väestö",
}


def _sample_project(root: Path) -> Path:
    for sub in ("data/raw", "data/processed", "reports"):
        (root / sub).mkdir(parents=True, exist_ok=True)
    for name in SAMPLE_FILES:
        shutil.copy(config.REPO_DIR / "data" / "raw" / name, root / "data" / "raw" / name)
    return root


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    root = _sample_project(tmp_path_factory.mktemp("project"))
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("RRP_PROJECT_DIR", str(root))
        mp.setenv("SOURCE_DATE_EPOCH", EPOCH)
        assert main(["build", "--all"]) == 0
    return root / "reports"


def summary_of(reports: Path, cutoff: str) -> dict:
    return json.loads((reports / cutoff / "summary.json").read_text(encoding="utf-8"))


def percent(count: int, n: int) -> int:
    return int(100 * count / n + 0.5)


# --- what is written --------------------------------------------------------------------


def test_every_cutoff_has_its_files_and_the_index_links_them(built: Path) -> None:
    for cutoff in ("2025-06-30", "2025-10-31", "2025-12-31"):
        assert sorted(p.name for p in (built / cutoff).iterdir()) == [
            "build.json",
            "listaus.csv",
            "listaus.xlsx",
            "report.html",
            "summary.json",
        ]
    index = (built / "index.html").read_text(encoding="utf-8")
    for cutoff, n in (("2025-06-30", 67), ("2025-10-31", 83), ("2025-12-31", 108)):
        assert f"href='{cutoff}/report.html'" in index
        assert f"<td class='num'>{n}</td>" in index


# --- the published figures through summary.json -----------------------------------------


def test_n_and_areas_at_each_cutoff(built: Path) -> None:
    june, october, december = (summary_of(built, c) for c in ("2025-06-30", "2025-10-31", "2025-12-31"))
    assert (june["n"], october["n"], december["n"]) == (67, 83, 108)
    assert len(june["regions"]) == 22
    assert min(june["regions"].values()) == 1 and max(june["regions"].values()) == 8
    published = PUBLISHED["cutoffs"]["2025-10-31"]
    assert october["regions_distribution"] == {
        "at_least_3": published["regions_with_at_least_3"],
        "exactly_2": published["regions_with_exactly_2"],
        "exactly_1": published["regions_with_exactly_1"],
        "none": 0,
    }


def test_final_figures(built: Path) -> None:
    s = summary_of(built, "2025-12-31")
    n = s["n"]
    assert s["attached_to_innokyla"] == FINAL["attached_to_innokyla"]
    assert s["participants"] == {
        "total": FINAL["participants_total"],
        "both_represented": FINAL["both_hva_and_rrp_represented"]["count"],
    }
    assert s["scope"] == {k: v["count"] for k, v in FINAL["scope"].items()}
    assert s["investment"] == {k: v["count"] for k, v in FINAL["investment"].items() if k != "Yhteensä"}
    assert s["dev_targets"]["Sekä so- että te-kehittämistä"] == FINAL["both_social_and_health"]
    table = FINAL["target_group_by_dev_target"]
    for row_label, expected in table["rows"].items():
        group, size = row_label.rsplit(" (", 1)
        got = s["target_group_by_dev_target"][GROUPS[group]]
        assert got["n"] == int(size.rstrip(")"))
        assert [got[c] for c in table["columns"]] == expected, group
    utilisation = {k: v["Kyllä"] for k, v in s["utilisation"].items()}
    assert percent(utilisation["Toimintamallin ydinelementit on tunnistettu"], n) == 100
    assert percent(utilisation["Toimintamalli soveltuu ympäristöön, jonne se on kehitetty"], n) == 100
    assert percent(utilisation["Toimintamalli on siirrettävissä muille hyvinvointialueille"], n) == 95
    assert utilisation["Toimintamalli on sovellettavissa muille asiakasryhmille"] == 94
    assert {k: percent(v, n) for k, v in s["phase"].items()} == {k: v["percent"] for k, v in FINAL["phase"].items()}
    assert s["themes"] == FINAL["result_themes"]
    theme_table = FINAL["theme_by_target_group"]
    names = list(FINAL["result_themes"])[:3]
    for group, expected in theme_table["rows"].items():
        key = "Yhteensä" if group == "Yhteensä" else GROUPS[group]
        assert [s["theme_by_target_group"][key][name] for name in names] == expected, group
    assert set(s["excluded"]) == {
        "excluded_by_analyst",
        "duplicate_response_id",
        "invalid",
        "test_submission",
        "after_cutoff",
        "superseded",
    }
    assert s["synthetic_data"] is True


def _listing_csv(path: Path) -> list[dict]:
    """listaus.csv's rows; the sample's file says on its first line that it is synthetic."""
    import csv

    with open(path, encoding="utf-8-sig", newline="") as f:
        assert f.readline().rstrip("\r\n") == config.SYNTHETIC_NOTICE
        return list(csv.DictReader(f, delimiter=";"))


def _listing(built: Path, cutoff: str) -> list[dict]:
    return _listing_csv(built / cutoff / "listaus.csv")


def _section_11(page: str) -> str:
    return visible_text(page.split('id="esikarsinta"', 1)[1].split('id="listaus"', 1)[0])


def _screening_agrees(folder: Path, screened_ids: set[str]) -> None:
    """The same counts in the report's section, summary.json and listaus.csv: the
    assessments screened (``screened_ids``, found another way by the caller), how
    many pass stage 1 and how many score at least 7,5."""
    s = json.loads((folder / "summary.json").read_text(encoding="utf-8"))["screening"]
    rows = _listing_csv(folder / "listaus.csv")
    scored = [r for r in rows if r["Kriteeripisteet 0–10 (hankkeen tulkinta)"]]
    assert {r["Vastaajan numero"] for r in scored} == screened_ids
    # an assessment outside the screening's scope says so (its model was first assessed later)
    assert all(
        r["Vaiheen 1 ehdot (hankkeen tulkinta)"].startswith("Ei tarkasteltu: arvioitu vasta ")
        for r in rows
        if r not in scored
    )
    passed = sum(r["Vaiheen 1 ehdot (hankkeen tulkinta)"] == "Täyttää" for r in rows)
    high = sum(float(r["Kriteeripisteet 0–10 (hankkeen tulkinta)"].replace(",", ".")) >= 7.5 for r in scored)
    assert s["screened"] == len(screened_ids) == sum(s["score_distribution"].values())
    assert s["stage1"]["passed"] == passed
    assert sum(v for k, v in s["score_distribution"].items() if float(k) >= 7.5) == high
    section = _section_11((folder / "report.html").read_text(encoding="utf-8"))
    assert f"Vaiheen 1 ehdot täytti {passed} arviointia {len(screened_ids)}:stä" in section


def _model(row: dict) -> object:
    """A listing row's model, told another way than the pipeline's model key: its
    Innokylä link, else its area and name."""
    link = re.sub(r"^https?://(www\.)?", "", row["Kuvaus Innokylässä"].strip().lower()).split("?")[0].split("#")[0]
    return link.rstrip("/") or (row["Hyvinvointialue"], row["Toimintamalli"].lower())


def test_screening_in_section_summary_and_listing_agree(built: Path) -> None:
    """One reading of the screening's scope at every cutoff: the models assessed by
    30.6.2025 (the 67 of the ministry's competition), each with its current
    assessment, as every other count of the report takes a model."""
    june = PUBLISHED["cutoffs"]["2025-06-30"]["n"]  # "these 67 took part in the ministry's competition"
    june_models = {_model(r) for r in _listing(built, "2025-06-30")}
    assert len(june_models) == june
    for cutoff in ("2025-06-30", "2025-10-31", "2025-12-31"):
        rows = _listing(built, cutoff)
        screened = {r["Vastaajan numero"] for r in rows if _model(r) in june_models}
        assert len(screened) == june
        _screening_agrees(built / cutoff, screened)
        scope = summary_of(built, cutoff)["screening"]["scope"]
        assert scope == ("all" if cutoff == "2025-06-30" else "2025-06-30")
    # the sample's one model assessed again after 30.6.: screened by its new assessment
    june_ids = {r["Vastaajan numero"] for r in _listing(built, "2025-06-30")}
    final_ids = {r["Vastaajan numero"] for r in _listing(built, "2025-12-31")}
    assert len(june_ids - final_ids) == 1
    section = _section_11((built / "2025-12-31" / "report.html").read_text(encoding="utf-8"))
    assert (
        "Yksi niistä arvioitiin uudelleen 30.6.2025 jälkeen. Siitä käytetään uudempaa arviointia, kuten tämän "
        "raportin muissakin luvuissa, joten sen osalta tarkastelu ei perustu 30.6.2025 tilanteeseen." in section
    )


def test_every_output_of_the_synthetic_sample_says_so(built: Path) -> None:
    """The report, its printed pages' header, listaus.csv (first line), listaus.xlsx
    (the first sheet, which it opens on, and the document properties), summary.json
    and the index all flag the synthetic sample."""
    import openpyxl

    for cutoff in ("2025-06-30", "2025-10-31", "2025-12-31"):
        folder = built / cutoff
        page = (folder / "report.html").read_text(encoding="utf-8")
        assert "SYNTEETTINEN ESIMERKKIAINEISTO." in visible_text(page)
        # every printed page, the first too, carries it in its header
        assert re.search(r'@page \{ @top-right \{ content: "SYNTEETTINEN ESIMERKKIAINEISTO";', page)
        first = (folder / "listaus.csv").read_text(encoding="utf-8-sig").splitlines()[0]
        assert first == config.SYNTHETIC_NOTICE and "Myös lainaukset ja Innokylä-linkit ovat keksittyjä" in first
        book = openpyxl.load_workbook(folder / "listaus.xlsx")
        assert book.sheetnames == ["Huomio", "Toimintamallit"] and book.active.title == "Huomio"
        assert book["Huomio"]["A1"].value == config.SYNTHETIC_NOTICE
        assert book["Toimintamallit"]["A1"].value == "Vastaajan numero"
        assert "SYNTEETTINEN ESIMERKKIAINEISTO" in book.properties.title
        assert book.properties.description == config.SYNTHETIC_NOTICE
        assert summary_of(built, cutoff)["synthetic_data"] is True
    index = visible_text((built / "index.html").read_text(encoding="utf-8"))
    assert config.SYNTHETIC_NOTICE.split(":")[0] in index.split("Raportit THL:n yhteenvetojen rajapäiviltä")[0]


def test_a_real_export_carries_no_synthetic_flag(tmp_path: Path) -> None:
    """A real (non-synthetic) cutoff's listings have no notice: the CSV starts with
    its header, the workbook with its listing."""
    import io

    import openpyxl

    from analysis.ingest.pipeline import load_inputs
    from analysis.processed.read import Processed
    from analysis.publish.build import listing_files
    from analysis.tables.screening import Screening

    inputs = load_inputs([FIXTURES / "summary_small.csv"])
    assert not inputs.synthetic
    cleaned = inputs.clean(date(2025, 12, 31))
    processed = Processed(date(2025, 12, 31), cleaned.assessments, cleaned.excluded, pd.DataFrame(), {})
    files = listing_files(processed, Screening(scope=None), tmp_path)
    assert list(files) == ["listaus.csv", "listaus.xlsx"]
    csv_bytes, xlsx = files["listaus.csv"], files["listaus.xlsx"]
    assert csv_bytes.decode("utf-8-sig").startswith("Vastaajan numero;")
    book = openpyxl.load_workbook(io.BytesIO(xlsx))
    assert book.sheetnames == ["Toimintamallit"] and "SYNTEETTINEN" not in (book.properties.title or "")


def test_every_change_names_its_baseline_and_a_rise_from_new_assessments_is_not_progress(built: Path) -> None:
    page = (built / "2025-12-31" / "report.html").read_text(encoding="utf-8")
    front = visible_text(page.split('id="keskeiset">Keskeiset luvut', 1)[1].split("1. Itsearvioinnit", 1)[0])
    assert (
        "Muutos 31.10.–31.12.2025" in front.replace("\u2060", "")
        and "Muutos on ero edelliseen rajapäivään 31.10.2025." in front
    )
    # the rooted phase among the assessments new since 31.10., counted from the listings
    before = {r["Vastaajan numero"] for r in _listing(built, "2025-10-31")}
    new = [r for r in _listing(built, "2025-12-31") if r["Vastaajan numero"] not in before]
    rooted = sum(r["Kehitysvaihe"].startswith("Juurrutettu") for r in new)
    assert f"31.10.2025 jälkeen palautetuista {len(new)} arvioinnista" in front
    assert f"vaiheen Juurrutettu {rooted}." in front
    assert "Vaiheiden kasvu ei siis kerro, että aiemmin arvioidut toimintamallit olisivat edenneet." in front


def test_a_reassessment_is_said_so_returned_and_growth_both_read_right(built: Path) -> None:
    """The editor's findings 9 and 14: 31.10.'s "17 returned" and "+16" are one
    reassessment apart, and 31.12.'s "+41" since 30.6. is net. The counts from the
    listings: returned = response ids new since, growth = the listings' lengths."""
    before, middle, last = (_listing(built, c) for c in ("2025-06-30", "2025-10-31", "2025-12-31"))
    ids = [{r["Vastaajan numero"] for r in rows} for rows in (before, middle, last)]
    returned, growth = len(ids[1] - ids[0]), len(middle) - len(before)
    assert (returned, growth) == (17, 16)  # one reassessment
    page = (built / "2025-10-31" / "report.html").read_text(encoding="utf-8")
    front = visible_text(page.split('id="keskeiset">Keskeiset luvut', 1)[1].split("1. Itsearvioinnit", 1)[0])
    assert f"Rajapäivän jälkeen palautettiin {returned} arviointia." in front
    assert "Yksi niistä oli jo aiemmin arvioidun toimintamallin uusi arviointi, joka korvasi vanhan" in front
    assert f"joten arviointeja on {growth} enemmän." in front
    new = [r for r in middle if r["Vastaajan numero"] not in ids[0]]
    models = {(r["Toimintamalli"], r["Hyvinvointialue"]) for r in before}
    fresh = [r for r in new if (r["Toimintamalli"], r["Hyvinvointialue"]) not in models]
    rooted = sum(r["Kehitysvaihe"].startswith("Juurrutettu") for r in fresh)
    assert f"Uusista {len(fresh)} toimintamallista" in front and f"vaiheen Juurrutettu {rooted}." in front
    # the reassessed model moved on (Käyttöönotettu → Juurrutettu): the rise is not said to be new models only
    assert "Uudelleen arvioidun toimintamallin vaihe muuttui: aiemmin Käyttöönotettu, nyt Juurrutettu." in front
    assert "ei siitä, että aiemmin arvioidut" not in front
    text = visible_text((built / "2025-12-31" / "report.html").read_text(encoding="utf-8"))
    returned, growth = len(ids[2] - ids[0]), len(last) - len(before)
    assert (returned, growth) == (42, 41)
    assert (
        f"Rajapäivän 30.6.2025 jälkeen palautettiin {returned} arviointia, mutta määrä kasvoi {growth} arvioinnilla: "
        "yksi aiemmin arvioitu toimintamalli arvioitiin uudelleen, ja siitä on mukana vain uudempi arviointi."
    ) in text
    # no reassessment since 31.10.: nothing said of one in 31.12.'s key figures
    front = visible_text(
        (built / "2025-12-31" / "report.html").read_text(encoding="utf-8").split('id="keskeiset">Keskeiset luvut', 1)[1]
    ).split("1. Itsearvioinnit", 1)[0]
    assert "uudelleen" not in front


def test_a_report_of_one_cutoff_says_one_date_and_has_no_change(built: Path) -> None:
    page = (built / "2025-06-30" / "report.html").read_text(encoding="utf-8")
    text = visible_text(page)
    assert "Keskeiset luvut rajapäivänä 30.6.2025" in text and "rajapäivinä 30.6.2025" not in text
    assert "Muutos" not in text.split("Hyödynnettävyys")[0].replace("Muutos todennettu", "")
    assert "Itsearvioinnit hyvinvointialueittain rajapäivänä 30.6.2025, n=67" in text
    # THL's count of models in Innokylä is of 31.10.2025: not shown as a 30.6. figure
    assert "1 173" not in text


def test_thls_innokyla_total_and_call_outs_are_thls(built: Path) -> None:
    total = PUBLISHED["context"]["operating_models_in_innokyla_2025_10_31"]
    for cutoff in ("2025-10-31", "2025-12-31"):
        text = visible_text((built / cutoff / "report.html").read_text(encoding="utf-8"))
        shown = f"{total // 1000} {total % 1000:03d}"
        assert f"THL:n mukaan Innokylään oli 31.10.2025 mennessä kuvattu {shown} RRP:n toimintamallia (THL:n" in text
        assert "Lukua ei ole laskettu tämän raportin aineistosta." in text
        # THL's call-outs are of 31.12.2025's data (n=108): only in that report (the editor's finding 17)
        for n in PUBLISHED["context"]["target_group_callouts"]:
            assert (f"”{n}:ssä kohteena lisäksi muita ryhmiä”" in text) == (cutoff == "2025-12-31")
        assert ("Niitä ei voi toistaa lomakkeen vastauksista" in text) == (cutoff == "2025-12-31")


# --- the HTML ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def page(built: Path) -> str:
    return (built / "2025-12-31" / "report.html").read_text(encoding="utf-8")


def test_every_section_and_its_contents_link(page: str) -> None:
    for anchor, heading in SECTIONS:
        assert re.search(rf"id=[\"']{anchor}[\"']", page), anchor
        assert re.search(rf"href=[\"']#{anchor}[\"']", page), anchor
        assert heading.split(". ", 1)[1] in page


def test_no_code_no_prompts(page: str) -> None:
    body = page.split("<body", 1)[1]  # the styles before it name every class JupyterLab has
    assert "report.areas()" not in body and "import Report" not in body
    assert "jp-CodeMirrorEditor" not in body and 'class="highlight' not in body  # no code input
    assert "jp-InputPrompt" not in body and "jp-OutputPrompt" not in body
    assert "In&nbsp;[" not in body and "Out[" not in body
    assert "papermill" not in body


def test_nothing_loads_from_the_network(page: str) -> None:
    assert "<script" not in page
    assert not re.search(r"<(img|iframe|link|audio|video|source)[^>]+(src|href)=[\"']?https?:", page)
    assert not re.search(r"url\(\s*['\"]?https?:", page)
    assert "@import" not in page
    charts = re.findall(r"data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)", page)
    assert len(charts) >= 10  # charts are embedded
    for chart in charts:  # and load nothing themselves
        svg = base64.b64decode(chart).decode("utf-8")
        assert "<image" not in svg and "@import" not in svg and "<script" not in svg
        assert not re.search(r"(href|src)=[\"']?https?:|url\(\s*['\"]?https?:", svg)
    assert not re.search(r"<img(?![^>]*\balt=)[^>]*>", page)  # every chart has alternative text


def test_finnish_numbers_and_the_synthetic_banner(page: str) -> None:
    assert "SYNTEETTINEN ESIMERKKIAINEISTO" in page
    assert "63,9" in page and "100,0" in page
    assert "31.12.2025" in page and "2025-12-31" not in page.split("Lähdetiedostot")[0]
    assert '<html lang="fi">' in page


def test_earlier_cutoffs_side_by_side(page: str) -> None:
    # (nbconvert writes attributes in alphabetical order)
    assert (
        '<th class="num" scope="col">30.6.2025</th><th class="num" scope="col">31.10.2025</th>'
        '<th class="num" scope="col">31.12.2025</th>'
    ) in page
    assert "Muutos 31.10.\u2060–\u206031.12.2025" in page
    key_figures = page.split('id="keskeiset">Keskeiset luvut', 1)[1].split("</table>", 1)[0]
    assert (
        '<th scope="row">Itsearviointeja</th><td class="num" data-label="30.6.2025">67</td>'
        '<td class="num" data-label="31.10.2025">83</td><td class="num" data-label="31.12.2025">108</td>'
        '<td class="num" data-label="Muutos 31.10.\u2060–\u206031.12.2025">+25</td>'
    ) in key_figures


# --- robustness ---------------------------------------------------------------------------


def _digest(folder: Path) -> dict[str, str]:
    return {name: hashlib.sha256(p.read_bytes()).hexdigest() for name, p in output_files(folder).items()}


def test_same_inputs_same_outputs(built: Path, tmp_path: Path, monkeypatch) -> None:
    root = built.parent
    monkeypatch.setenv("RRP_PROJECT_DIR", str(root))
    # with SOURCE_DATE_EPOCH: every byte, the HTML included
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    assert main(["build", "--cutoff", "2025-06-30", "--out", str(tmp_path / "a")]) == 0
    assert _digest(tmp_path / "a") == _digest(built / "2025-06-30")
    # without it: summary.json and the listings still identical
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert main(["build", "--cutoff", "2025-06-30", "--out", str(tmp_path / "b")]) == 0
    for name in ("summary.json", "listaus.csv", "listaus.xlsx"):
        assert (tmp_path / "b" / name).read_bytes() == (built / "2025-06-30" / name).read_bytes(), name


def test_a_failing_cell_fails_the_build_and_keeps_the_earlier_report(built: Path, tmp_path: Path) -> None:
    import nbformat  # imported where used: it takes about 2 s (jsonschema's format checkers)

    notebook = nbformat.read(NOTEBOOK, as_version=4)
    notebook.cells.insert(3, nbformat.v4.new_code_cell('raise RuntimeError("rikki solu")', id="broken"))
    broken = tmp_path / "broken.ipynb"
    nbformat.write(notebook, broken)
    target = tmp_path / "report"
    shutil.copytree(built / "2025-06-30", target)
    before = _digest(target)
    with pytest.raises(BuildError, match="RuntimeError: rikki solu"):
        build_cutoff(date(2025, 6, 30), built.parent / "data" / "processed", target, notebook=broken)
    assert _digest(target) == before
    assert (tmp_path / "report.failed.ipynb").is_file()


def test_a_bad_export_fails_the_build_with_its_message(built: Path, tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.setenv("RRP_PROJECT_DIR", str(built.parent))
    bad = tmp_path / "vienti.csv"
    bad.write_text("Vastaajan numero;Hyvinvointialue\n1;Lappi\n", encoding="utf-8")
    before = _digest(built)
    assert main(["build", "--cutoff", "2025-12-31", "--raw", str(bad)]) == 1
    err = capsys.readouterr().err
    assert f"CANNOT USE {bad}: required column missing: 'Vastausaika'" in err
    assert _digest(built) == before


def test_hostile_text_is_shown_as_text(tmp_path: Path, monkeypatch) -> None:
    root = tmp_path / "project"
    for sub in ("data/raw", "data/processed", "reports"):
        (root / sub).mkdir(parents=True)
    text = (FIXTURES / "summary_small.csv").read_text(encoding="utf-8")
    text = text.replace("Etäkuntoutus\t", '<script>alert("x")</script> & <img src=x onerror=alert(1)>\t')
    (root / "data/raw/vienti.csv").write_text(text, encoding="utf-8")
    monkeypatch.setenv("RRP_PROJECT_DIR", str(root))
    assert main(["build", "--cutoff", "2025-06-30"]) == 0
    page = (root / "reports/2025-06-30/report.html").read_text(encoding="utf-8")
    assert '&lt;script&gt;alert("x")&lt;/script&gt; &amp; &lt;img src=x onerror=alert(1)&gt;' in page
    assert "<script" not in page and "<img src=x" not in page
    listing = (root / "reports/2025-06-30/listaus.csv").read_text(encoding="utf-8-sig")
    assert "'=HYPERLINK" in listing


# --- the notebook itself -----------------------------------------------------------------


def test_the_parameters_cell_holds_plain_values_only() -> None:
    import nbformat  # imported where used: it takes about 2 s (jsonschema's format checkers)

    notebook = nbformat.read(NOTEBOOK, as_version=4)
    cells = [c for c in notebook.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(cells) == 1
    for statement in ast.parse(cells[0].source).body:
        assert isinstance(statement, ast.Assign)
        ast.literal_eval(statement.value)  # raises for anything but a plain value


def test_the_notebook_is_committed_without_outputs() -> None:
    import nbformat  # imported where used: it takes about 2 s (jsonschema's format checkers)

    notebook = nbformat.read(NOTEBOOK, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            assert not cell.outputs and cell.execution_count is None


# --- everything THL's summary says, in Finnish (issue 15) ----------------------------------

# THL's summary of 31.12.2025 (the slides THL published), slide by slide, and what in the report is its
# counterpart: a heading, a caption or a sentence that the report must hold.
THL_SECTIONS = {
    "RRP:n toimintamallien määrä Innokylässä": [
        "oli liitetty Innokylään toimintamallikuvauksiin (tarkistettu 16.1.2026)"
    ],
    "Itsearviointien määrät hyvinvointialueittain, n=108": ["Itsearvioinnit hyvinvointialueittain, n=108"],
    "Vaikutusten itsearviointeihin osallistuneet": ["Arviointeihin osallistuneet", "310 henkilöä"],
    "Toimintamallien laajuus": [
        "Toimintamallien laajuus ja THL:n määritelmät, n=108",
        "nuorten ahdistuneisuushäiriöiden hoito- ja palveluketju",
        "Innokylään on hyvä kuvata mihin palveluun tuote liittyy",
    ],
    "Toimintamallin kehittämisen kohde": [
        "Toimintamallin kehittämisen kohde, n=108",
        "sosiaali- että terveydenhuollon palveluita kehitettiin 33 toimintamallissa",
    ],
    "Itsearvioinnit investoinneittain": ["Itsearvioinnit investoinneittain, n=108", "I1, I2 ja I4"],
    "Asiakasryhmien määrät, n=108": ["Asiakasryhmien määrät, n=108", "Kohteena lisäksi muita ryhmiä"],
    "Yleisimpien asiakasryhmien kehittämisen kohteet": ["Yleisimpien asiakasryhmien kehittämisen kohteet"],
    "Toimintamallilla on vahvistettu": ["Toimintamallilla on vahvistettu, n=108"],
    "Toimintamallista tehty muu arviointi": ["Toimintamallista tehty muu arviointi, n=108"],
    "Toimintamallin tulosten arviointi": ["Toimintamallin tulosten arviointi: vastaukset väittämittäin"],
    "Toimintamallin hyödyntäminen ja käyttöönotto": [
        "Toimintamallin hyödyntäminen: vastaukset väittämittäin",
        "Toimintamallin käyttöönotto: vastaukset väittämittäin",
        "Toimintamalleista 87 % (94) oli sovellettavissa",
    ],
    "Toimintamallien kehitysvaihe": [
        "Kehitysvaiheet ja THL:n määritelmät",
        "Yksiköllä tarkoitetaan esimerkiksi yhtä terveysasemaa",  # THL: "Yksikkö: esim. yksi terveysasema"
        "Pilotoinnin aikana kerätään palautetta",
    ],
    "Toimintamalliin liittyvä digitaalisten palveluiden kehittäminen": [
        "Toimintamalliin liittyvä digitaalisten palveluiden kehittäminen, n=108"
    ],
    "Kehittämistyön tärkeimmät tulokset": ["Kehittämistyön tärkeimmät tulokset"],
    "Vaikuttavimmat ja tärkeimmät tulokset kehittämistyössä, seitsemän yleisintä teemakokonaisuutta": [
        "Tärkeimpien tulosten teemat, n=108"
    ],
    "Vaikuttavimmat ja tärkeimmät tulokset teemoittain": ["Teemat ja niiden kuvaukset"],
    "Tärkeimpien tulosten teemojen yleisyys isoimmissa asiakasryhmissä": [
        "Tärkeimpien tulosten teemojen yleisyys suurimmissa asiakasryhmissä",
        "korostu",
    ],
    "Hyödynnettävyys": ["Hyödynnettävyys", "RRP:n kansallisessa raportissa"],
    "Lisätietoja": ["Lisätietoja"],
}


def visible_text(page: str) -> str:
    """What a reader sees or hears: text, alternative texts and captions; no styles,
    no addresses, and no file names (summary.json, criteria.yaml)."""
    page = re.sub(r"<style.*?</style>", " ", page, flags=re.S)
    alts = " ".join(html.unescape(a) for a in re.findall(r'\balt="([^"]*)"', page))
    text = html.unescape(re.sub(r"<[^>]+>", " ", page)) + " " + alts
    text = re.sub(r"https?://\S+|\S+\.(?:json|csv|xlsx|yaml|pdf|html|py)\b|\S+/\S+", " ", text)
    return re.sub(r"\s+", " ", text.replace("\u00a0", " "))


def test_every_section_of_thls_summary_is_in_the_report(page: str) -> None:
    text = visible_text(page)
    seed_titles = list(THL_SECTIONS)
    assert len(seed_titles) == 20
    for title, counterparts in THL_SECTIONS.items():
        for counterpart in counterparts:
            assert counterpart.replace("\u00a0", " ") in text, f"{title}: {counterpart}"


def test_every_chart_has_its_numbers_in_a_table(page: str) -> None:
    body = page.split("<body", 1)[1]
    chunks = body.split('<figure class="chart"')[1:]
    assert len(chunks) >= 13
    for chunk in chunks:
        before_next = re.split(r"<h2|<figure class=\"chart\"", chunk, maxsplit=1)[0]
        assert "<table" in before_next, chunk[:300]


# English that must not reach a reader: words of the pipeline's messages, of code,
# and of missing values rendered by Python or pandas.
ENGLISH = (
    "the",
    "and",
    "of",
    "with",
    "from",
    "before",
    "after",
    "same",
    "submitted",
    "response",
    "cutoff",
    "row",
    "rows",
    "column",
    "file",
    "error",
    "warning",
    "ignored",
    "empty",
    "published",
    "removed",
    "not",
    "is",
    "are",
    "was",
    "UTC",
    "assessment",
    "report",
    "model",
    "area",
    "yes",
    "none",
    "true",
    "false",
    "nan",
    "NaT",
    "null",
    "dirty",
    "left",
    "link",
    "digits",
    "unknown",
    "missing",
    "page",
)


def english_words(text: str) -> list[str]:
    return [w for w in ENGLISH if re.search(rf"(?<![\w-]){re.escape(w)}(?![\w-])", text, flags=re.IGNORECASE)]


def test_no_english_reaches_a_report_the_index_or_a_listing(built: Path) -> None:
    import openpyxl

    assert set(english_words("same response number as vienti.xlsx row 90")) == {"same", "response", "row"}
    for cutoff in ("2025-06-30", "2025-10-31", "2025-12-31"):
        folder = built / cutoff
        found = english_words(visible_text((folder / "report.html").read_text(encoding="utf-8")))
        assert not found, (cutoff, found)
        listing = (folder / "listaus.csv").read_text(encoding="utf-8-sig")
        assert not english_words(re.sub(r"https?://\S+?(;|$)", ";", listing, flags=re.M)), cutoff
        book = openpyxl.load_workbook(folder / "listaus.xlsx")
        cells = " ".join(
            str(c.value)
            for sheet in book.worksheets
            for row in sheet.iter_rows()
            for c in row
            if c.value is not None and not str(c.value).startswith("http")
        )
        assert not english_words(cells), cutoff
    index = (built / "index.html").read_text(encoding="utf-8")
    assert not english_words(visible_text(index))
    assert re.search(r"\d{1,2}\.\d{1,2}\.\d{4} klo \d{1,2}\.\d{2}", index)  # Finnish time, no ISO, no UTC


def test_times_are_finnish_time_the_finnish_way(page: str) -> None:
    # SOURCE_DATE_EPOCH is 1.1.2026 00:00 UTC: 2.00 in Helsinki (winter time, UTC+2)
    assert "1.1.2026 klo 2.00 (Suomen aikaa)" in page
    assert "UTC" not in visible_text(page)


def test_data_quality_details_are_finnish(page: str) -> None:
    quality = page.split('id="laatu"', 1)[1]
    text = visible_text(quality)
    assert "lähetetty ennen lomakkeen julkaisua 12.3.2025" in text
    assert "sama vastaajan numero kuin tiedoston" in text
    assert "lähetetty rajapäivän 31.12.2025 jälkeen" in text
    assert "sama toimintamalli arvioitiin myöhemmin uudelleen" in text
    assert "THL:n oma testivastaus koulutustilaisuudesta" in text  # the analyst's own reason, as written


def test_generated_sentences_read_as_written_by_a_person(page: str) -> None:
    text = visible_text(page)
    assert not re.search(r"\b0 (alueella|arvioinnissa|toimintamallissa|arviointia|riviä)\b", text)
    assert not re.search(r"\b1 (alueella|arvioinnissa|toimintamallissa|arviointia)\b", text)
    assert "siitä)" not in text and "Taulukko näyttää valitun" not in text
    assert "vähintään 1 arviointia" not in text and "vähintään 3 arviointia oli" not in text
    assert (
        "STM:n suosittelemat vähintään kolme arviointia oli tehty 21 alueella 22:sta, ja yhdellä alueella "
        "arviointeja oli kaksi."
    ) in text
    assert "21 alueella" not in text.replace("tehty 21 alueella 22:sta", "", 1)  # said once


def test_innokyla_figure_is_one_check_not_a_series(page: str) -> None:
    key_figures = page.split('id="keskeiset">Keskeiset luvut', 1)[1].split("</table>", 1)[0]
    # one check, not a figure of any cutoff: under the table, not in a cutoff's column
    assert "Liitetty Innokylään" not in key_figures
    note = visible_text(page.split('id="keskeiset">Keskeiset luvut', 1)[1].split("1. Itsearvioinnit", 1)[0])
    assert "Kun asia tarkistettiin 16.1.2026, tämän raportin 108 itsearvioinnista 38 oli liitetty Innokylään." in note
    assert "Liittämisen ajankohtaa ei tiedetä, joten luku ei kuvaa tilannetta rajapäivänä eikä sitä esitetä" in note


def test_summary_json_names_the_innokyla_check_and_the_groups_with_others(built: Path) -> None:
    s = summary_of(built, "2025-12-31")
    assert s["attached_to_innokyla_checked_on"] == "2026-01-16"
    groups = s["target_group_with_other_groups"]
    assert {k: v["n"] for k, v in groups.items()} == s["target_groups"]
    assert all(0 <= v["with_others"] <= v["n"] for v in groups.values())


def test_target_groups_also_aimed_at_other_groups_counted_another_way(built: Path) -> None:
    """ "Kohteena lisäksi muita ryhmiä" against a count made row by row from the processed data."""
    import pandas as pd

    kept = pd.read_parquet(built.parent / "data" / "processed" / "2025-12-31" / "assessments.parquet")
    columns = [c for c in kept.columns if c.startswith("target_groups__") and str(kept[c].dtype) == "boolean"]
    assert len(columns) == 10
    page = (built / "2025-12-31" / "report.html").read_text(encoding="utf-8")
    row = re.search(r'<th scope="row">Ikäihmiset</th>(.*?)</tr>', page.split("Asiakasryhmien määrät, n=108", 1)[1])
    expected = 0
    for record in kept[columns].fillna(False).itertuples(index=False):
        chosen = [bool(v) for v in record]
        if chosen[columns.index("target_groups__older_people")] and sum(chosen) >= 2:
            expected += 1
    assert re.findall(r"<td[^>]*>([^<]*)</td>", row.group(1))[-1] == str(expected)


def test_a_cutoff_with_no_assessments_says_so_first_and_draws_nothing(
    built: Path, tmp_path: Path, monkeypatch, capsys
) -> None:
    monkeypatch.setenv("RRP_PROJECT_DIR", str(built.parent))
    out = tmp_path / "tyhja"
    assert main(["build", "--cutoff", "2025-03-12", "--out", str(out)]) == 0
    assert "WARNING: no assessments were returned by 12.3.2025" in capsys.readouterr().err
    page = (out / "report.html").read_text(encoding="utf-8")
    body = visible_text(page.split("</h1>", 1)[1])
    assert body.strip().startswith("Rajapäivään 12.3.2025 mennessä ei ole palautettu yhtään itsearviointia.")
    assert "<img" not in page  # no chart on an empty axis
    assert json.loads((out / "summary.json").read_text(encoding="utf-8"))["n"] == 0
    assert not english_words(visible_text(page))
    assert not re.search(
        r"\b0 (alueella|arvioinnissa|toimintamallissa|itsearviointia|arviointia)\b", visible_text(page)
    )


def test_no_screening_leaves_section_11_out_everywhere(built: Path, tmp_path: Path, monkeypatch) -> None:
    import csv

    monkeypatch.setenv("RRP_PROJECT_DIR", str(built.parent))
    out = tmp_path / "ulos"
    assert main(["build", "--cutoff", "2025-12-31", "--no-screening", "--out", str(out)]) == 0
    page = (out / "report.html").read_text(encoding="utf-8")
    assert 'id="esikarsinta"' not in page and "Hankkeen tarkastelu: itsearvioinnit" not in page
    assert "Kriteeripisteet" not in page and "hankkeen pisteiden mukaan" not in page
    headings = re.findall(r"<h2[^>]*>(\d+)\. ", page)
    assert headings == [str(i) for i in range(1, 14)]  # numbered without a gap
    assert "11. Arvioidut toimintamallit" in page and "13. Hyödynnettävyys ja lisätietoja" in page
    with open(out / "listaus.csv", encoding="utf-8-sig", newline="") as f:
        assert f.readline().startswith("SYNTEETTINEN ESIMERKKIAINEISTO")
        header = next(csv.reader(f, delimiter=";"))
    assert (
        "Vastaajan numero" in header
        and "Kriteeripisteet 0–10 (hankkeen tulkinta)" not in header
        and "Vaiheen 1 ehdot (hankkeen tulkinta)" not in header
    )
    assert "screening" not in json.loads((out / "summary.json").read_text(encoding="utf-8"))


def test_screening_of_all_assessments_on_request(built: Path, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("RRP_PROJECT_DIR", str(built.parent))
    out = tmp_path / "kaikki"
    assert main(["build", "--cutoff", "2025-12-31", "--screening-scope", "all", "--out", str(out)]) == 0
    s = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert s["screening"]["scope"] == "all" and s["screening"]["screened"] == 108
    _screening_agrees(out, {r["Vastaajan numero"] for r in _listing(built, "2025-12-31")})
    text = visible_text((out / "report.html").read_text(encoding="utf-8"))
    assert "Tarkastelu kattaa kaikki 108 itsearviointia" in text
    assert "hankkeen oma tulkinta THL:n kriteerien pohjalta" in text
    # no ranked list of named models unless the analyst asks for it
    default = _section_11((built / "2025-12-31" / "report.html").read_text(encoding="utf-8"))
    assert "hankkeen pisteiden mukaan" not in default and "Puuttuvat kriteerit" not in default
    assert "hankkeen pisteiden mukaan" not in _section_11((out / "report.html").read_text(encoding="utf-8"))
    ranked = tmp_path / "jarjestys"
    assert main(["build", "--cutoff", "2025-12-31", "--ranked-list", "--out", str(ranked)]) == 0
    section = _section_11((ranked / "report.html").read_text(encoding="utf-8"))
    assert "hankkeen pisteiden mukaan (analyytikon pyynnöstä; ei THL:n eikä STM:n valinta)" in section
    assert "Puuttuvat kriteerit" in section


def test_the_screening_says_its_scope_and_whose_reading_it_is(page: str) -> None:
    section = _section_11(page)
    assert (
        "Tarkastelu on rajattu samoin kuin STM:n toimintamallikilpailu: mukana ovat vain ne 67 toimintamallia, "
        "jotka oli arvioitu 30.6.2025 mennessä." in section
    )
    assert "ovat tämän hankkeen oma tulkinta THL:n kriteerien pohjalta" in section
    # not THL's nor the ministry's selection; THL assessed the Innokylä descriptions, this reads the areas' answers
    assert "Se ei ole THL:n eikä STM:n valinta" in section and "Innokylä-kuvausten perusteella" in section
    assert "on tulkittu siitä, mitä alueet itse vastasivat itsearviointilomakkeessa" in section
    # no panel collected: stage 2 is said to be elsewhere, with no chapter that is not there
    assert "Vaihe 2 eli THL:n asiantuntijapaneelin arvio Innokylä-kuvauksista ei ole tässä raportissa." in section
    # no command name, no file name, no section that is not there
    # command and file names only in the technical appendix at the end
    reader = page.split(f'id="{APPENDIX_ANCHOR}"', 1)[0]
    assert "review-collect" not in reader and "criteria.yaml" not in reader and "Asiantuntija-arvio" not in page
    # each condition with the form question it reads
    assert "Toimintamallin hyödyntäminen: Toimintamalli on siirrettävissä muille hyvinvointialueille" in section
    assert "Arviointiin osallistui: RRP-hankkeen edustaja" in section


def test_the_index_marks_ad_hoc_cutoffs_and_prune_removes_them_after_asking(
    built: Path, tmp_path: Path, monkeypatch, capsys
) -> None:
    root = tmp_path / "project"
    shutil.copytree(built.parent, root, symlinks=True)
    reports = root / "reports"
    monkeypatch.setenv("RRP_PROJECT_DIR", str(root))
    assert main(["build", "--cutoff", "2025-09-15"]) == 0
    index = (reports / "index.html").read_text(encoding="utf-8")
    standard, other = index.split("<h2>Raportit muilta rajapäiviltä</h2>")
    assert "15.9.2025" in other and "15.9.2025" not in standard
    assert all(day in standard for day in ("30.6.2025", "31.10.2025", "31.12.2025"))
    capsys.readouterr()
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("builtins.input", lambda prompt: "n")
    assert main(["build", "--prune"]) == 0  # asked, and the answer was no
    assert (reports / "2025-09-15" / "report.html").is_file()
    assert "2025-09-15" in capsys.readouterr().out
    monkeypatch.setattr("builtins.input", lambda prompt: "y")
    assert main(["build", "--prune"]) == 0
    assert not (reports / "2025-09-15").exists()
    for cutoff in ("2025-06-30", "2025-10-31", "2025-12-31"):
        assert (reports / cutoff / "report.html").is_file()
    assert "15.9.2025" not in (reports / "index.html").read_text(encoding="utf-8")
    assert main(["build", "--prune", "--all"]) == 2


def test_thls_texts_come_from_the_editable_text_file_not_the_notebook(page: str) -> None:
    texts = yaml.safe_load((config.PACKAGE_DIR / "data" / "report_texts.yaml").read_text(encoding="utf-8"))
    notebook = NOTEBOOK.read_text(encoding="utf-8")
    shown = visible_text(page)
    for text in [
        texts["utilisation"],
        *texts["contact"],
        texts["phase_unit"],
        *[t for t in texts["scope_definitions"].values() if t],
        *texts["phase_definitions"].values(),
    ]:
        text = re.sub(r"\s+", " ", text)
        assert text in shown, text
        assert text[:40] not in notebook


def test_data_quality_of_a_messy_export_is_all_finnish(tmp_path: Path, monkeypatch) -> None:
    """A messy export (problems of several kinds, duplicates, tests, a superseded
    model, a hand exclusion): §13 shows every problem and detail in Finnish."""
    root = tmp_path / "project"
    for sub in ("data/raw", "data/processed", "reports"):
        (root / sub).mkdir(parents=True)
    shutil.copy(FIXTURES / "messy.csv", root / "data/raw/messy.csv")
    shutil.copy(FIXTURES / "messy_exclusions.csv", root / "data/raw/exclusions.csv")
    monkeypatch.setenv("RRP_PROJECT_DIR", str(root))
    assert main(["build", "--cutoff", "2025-12-31"]) == 0
    page = (root / "reports/2025-12-31/report.html").read_text(encoding="utf-8")
    quality = page.split('id="laatu"', 1)[1]
    assert "Lukuvaiheen huomiot" in quality and "Pois jätetyt vastaukset" in quality
    text = visible_text(quality)
    assert "huomautus" in text and "solu jätetty tyhjäksi" in text and "vastausaika puuttuu" in text
    assert not english_words(text), english_words(text)
    assert not english_words(visible_text(page))
