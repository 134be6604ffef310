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

import pytest
import yaml
from conftest import FIXTURES, output_files

from analysis import config
from analysis.cli.commands import main
from analysis.publish.build import NOTEBOOK, BuildError, build_cutoff
from analysis.report.data import SECTIONS

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


def _listing(built: Path, cutoff: str) -> list[dict]:
    import csv

    with open(built / cutoff / "listaus.csv", encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f, delimiter=";"))


def test_screening_in_summary_and_listing_agree(built: Path) -> None:
    june = PUBLISHED["cutoffs"]["2025-06-30"]["n"]  # "these 67 took part in the ministry's competition"
    # 30.6.2025 itself: every assessment screened, summary and listing agree
    s = summary_of(built, "2025-06-30")
    rows = _listing(built, "2025-06-30")
    assert s["screening"]["scope"] == "all" and s["screening"]["screened"] == len(rows) == june
    passed = sum(r["Esikarsinta (vaihe 1)"] == "Läpäisee" for r in rows)
    assert s["screening"]["stage1"]["passed"] == passed
    # 31.12.2025: by default only the assessments returned by 30.6.2025, as the competition
    final = summary_of(built, "2025-12-31")
    assert final["screening"]["scope"] == "2025-06-30" and final["screening"]["screened"] == june
    assert final["screening"]["stage1"] == s["screening"]["stage1"]
    assert sum(final["screening"]["score_distribution"].values()) == june
    rows = _listing(built, "2025-12-31")
    assert len(rows) == 108
    june_ids = {r["Vastaajan numero"] for r in _listing(built, "2025-06-30")}
    scored = [r for r in rows if r["Kriteeripisteet (0–10)"]]
    # the 31.12. listing scores its assessments that were counted at 30.6. (one was assessed again since)
    assert {r["Vastaajan numero"] for r in scored} == june_ids & {r["Vastaajan numero"] for r in rows}
    assert all(not r["Esikarsinta (vaihe 1)"] for r in rows if r not in scored)
    scores = sorted(float(r["Kriteeripisteet (0–10)"].replace(",", ".")) for r in scored)
    assert 0 <= scores[0] and scores[-1] <= 10


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
    assert "Muutos 31.10.2025 – 31.12.2025" in page
    key_figures = page.split('id="keskeiset">Keskeiset luvut', 1)[1].split("</table>", 1)[0]
    assert (
        '<th scope="row">Itsearviointeja</th><td class="num" data-label="30.6.2025">67</td>'
        '<td class="num" data-label="31.10.2025">83</td><td class="num" data-label="31.12.2025">108</td>'
        '<td class="num" data-label="Muutos">+25</td>'
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
        "on liitetty Innokylään toimintamallikuvauksiin (tarkistettu 16.1.2026)"
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
        "33 toimintamallissa kehitettiin sekä sosiaali- että terveydenhuollon",
    ],
    "Itsearvioinnit investoinneittain": ["Itsearvioinnit investoinneittain, n=108", "I2, I1 ja I4"],
    "Asiakasryhmien määrät, n=108": ["Asiakasryhmien määrät, n=108", "Kohteena lisäksi muita ryhmiä"],
    "Yleisimpien asiakasryhmien kehittämisen kohteet": ["Yleisimpien asiakasryhmien kehittämisen kohteet"],
    "Toimintamallilla on vahvistettu": ["Toimintamallilla on vahvistettu, n=108"],
    "Toimintamallista tehty muu arviointi": ["Toimintamallista tehty muu arviointi, n=108"],
    "Toimintamallin tulosten arviointi": ["Toimintamallin tulosten arviointi: vastaukset väittämittäin"],
    "Toimintamallin hyödyntäminen ja käyttöönotto": [
        "Toimintamallin hyödyntäminen: vastaukset väittämittäin",
        "Toimintamallin käyttöönotto: vastaukset väittämittäin",
        "87 % (94 kpl) toimintamalleista",
    ],
    "Toimintamallien kehitysvaihe": [
        "Kehitysvaiheet ja THL:n määritelmät",
        "Yksikkö: esim. yksi terveysasema",
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
        "Tärkeimpien tulosten teemojen yleisyys isoimmissa asiakasryhmissä",
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

    assert set(english_words("same response id as vienti.xlsx row 90")) == {"same", "response", "row"}
    for cutoff in ("2025-06-30", "2025-10-31", "2025-12-31"):
        folder = built / cutoff
        found = english_words(visible_text((folder / "report.html").read_text(encoding="utf-8")))
        assert not found, (cutoff, found)
        listing = (folder / "listaus.csv").read_text(encoding="utf-8-sig")
        assert not english_words(re.sub(r"https?://\S+?(;|$)", ";", listing, flags=re.M)), cutoff
        book = openpyxl.load_workbook(folder / "listaus.xlsx")
        cells = " ".join(
            str(c.value)
            for row in book.active.iter_rows()
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
    assert "Vähintään kolme arviointia oli 21 alueella ja kaksi arviointia yhdellä alueella." in text
    assert "21 alueella 22:sta oli vähintään kolme arviointia" in text


def test_innokyla_figure_is_one_check_not_a_series(page: str) -> None:
    key_figures = page.split('id="keskeiset">Keskeiset luvut', 1)[1].split("</table>", 1)[0]
    row = re.search(r"<tr><th scope=\"row\">Liitetty Innokylään[^<]*</th>(.*?)</tr>", key_figures).group(0)
    assert "tarkistettu 16.1.2026" in row
    assert re.findall(r"<td[^>]*>([^<]*)</td>", row) == ["", "", "38", ""]  # only at the cutoff, no change
    assert "yhdestä tarkistuksesta 16.1.2026" in visible_text(page)


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
    assert 'id="esikarsinta"' not in page and "Kriteeristön mukainen esikarsinta" not in page
    assert "Kriteeripisteet" not in page and "Lyhytlista" not in page
    headings = re.findall(r"<h2[^>]*>(\d+)\. ", page)
    assert headings == [str(i) for i in range(1, 14)]  # numbered without a gap
    assert "11. Arvioidut toimintamallit" in page and "13. Hyödynnettävyys ja lisätietoja" in page
    with open(out / "listaus.csv", encoding="utf-8-sig", newline="") as f:
        header = next(csv.reader(f, delimiter=";"))
    assert "Kriteeripisteet (0–10)" not in header and "Esikarsinta (vaihe 1)" not in header
    assert "screening" not in json.loads((out / "summary.json").read_text(encoding="utf-8"))


def test_screening_of_all_assessments_on_request(built: Path, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("RRP_PROJECT_DIR", str(built.parent))
    out = tmp_path / "kaikki"
    assert main(["build", "--cutoff", "2025-12-31", "--screening-scope", "all", "--out", str(out)]) == 0
    s = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert s["screening"]["scope"] == "all" and s["screening"]["screened"] == 108
    text = visible_text((out / "report.html").read_text(encoding="utf-8"))
    assert "Esikarsinta kattaa kaikki 108 itsearviointia" in text
    assert "hankkeen tulkinta THL:n kriteereistä" in text


def test_the_screening_says_its_scope_and_whose_reading_it_is(page: str) -> None:
    section = visible_text(page.split('id="esikarsinta"', 1)[1].split('id="listaus"', 1)[0])
    assert "Esikarsinta kattaa vain rajapäivään 30.6.2025 mennessä palautetut 67 itsearviointia" in section
    assert "ovat tämän hankkeen tulkinta THL:n kriteereistä" in section
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
    standard, other = index.split("<h2>Muut rajapäivät</h2>")
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
    assert "Lukuvaiheen huomiot" in quality and "Poistetut rivit" in quality
    text = visible_text(quality)
    assert "huomautus" in text and "solu jätetty tyhjäksi" in text and "vastausaika puuttuu" in text
    assert not english_words(text), english_words(text)
    assert not english_words(visible_text(page))
