"""The bundled synthetic sample reproduces every figure THL published.

Each figure is counted here directly from the cleaned data with pandas (not with
the package's own summary code) and compared with tests/published_figures.yaml,
a verbatim copy of the published figures.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
import yaml

from analysis import config
from analysis.form.codebook import load_codebook
from analysis.ingest.pipeline import Inputs, load_inputs
from analysis.synthetic.design import ORACLE_DIR, ORACLE_FILE, load_design, theme_names
from analysis.synthetic.sample_files import sample_files
from analysis.themes.rules import load_themebook

PUBLISHED = yaml.safe_load((Path(__file__).parent / "published_figures.yaml").read_text(encoding="utf-8"))
FINAL = PUBLISHED["final_2025_12_31"]
JUNE, OCTOBER, DECEMBER = date(2025, 6, 30), date(2025, 10, 31), date(2025, 12, 31)
RAW = config.PACKAGE_DIR.parent.parent / "data" / "raw"
EXPORT = RAW / load_design()["export_file"]

GROUP_COLUMNS = {  # the published row labels -> processed columns
    "Ikäihmiset": "target_groups__older_people",
    "Työikäiset": "target_groups__working_age",
    "Paljon palveluita tarvitsevat": "target_groups__high_service_needs",
    "Paljon palveluita tarvitsevat, pitkäaikaissairaat": "target_groups__high_service_needs",
    "Nuoret ja nuoret aikuiset miepä": "target_groups__youth_mental_health",
    "Aikuiset miepä": "target_groups__adult_mental_health",
    "Koko väestö": "target_groups__whole_population",
}


@pytest.fixture(scope="module")
def inputs() -> Inputs:
    return load_inputs([EXPORT], RAW / config.EXCLUSIONS_FILE_NAME, RAW / config.LISTING_STATUS_FILE_NAME, None)


@pytest.fixture(scope="module")
def cleaned(inputs: Inputs) -> dict[date, pd.DataFrame]:
    return {cutoff: inputs.clean(cutoff).assessments for cutoff in (JUNE, OCTOBER, DECEMBER)}


@pytest.fixture(scope="module")
def final(cleaned) -> pd.DataFrame:
    return cleaned[DECEMBER]


@pytest.fixture(scope="module")
def intended_themes() -> pd.DataFrame:
    """The generator's oracle, wide: response id -> one boolean column per theme name."""
    oracle = pd.read_csv(RAW / ORACLE_DIR / ORACLE_FILE, sep=";", dtype={"response_id": str})
    return oracle.pivot(index="response_id", columns="theme", values="code").astype(bool)


@pytest.fixture(scope="module")
def coded_themes(final) -> pd.DataFrame:
    """The automatic coder's themes of the kept assessments, by Finnish theme name."""
    book = load_themebook()
    return pd.DataFrame({t.name: final[t.column].astype(bool).to_numpy() for t in book.themes})


def per_area(frame: pd.DataFrame) -> pd.Series:
    return frame["region"].value_counts().reindex(load_codebook().region_names, fill_value=0)


def percent(count: int, n: int) -> int:
    return int(100 * count / n + 0.5)


# --- per cutoff ---------------------------------------------------------------------


def test_n_at_each_cutoff(cleaned) -> None:
    for cutoff, frame in cleaned.items():
        assert len(frame) == PUBLISHED["cutoffs"][cutoff.isoformat()]["n"], cutoff


def test_every_area_returned_at_least_one_by_june_and_at_most_eight(cleaned) -> None:
    counts = per_area(cleaned[JUNE])
    assert len(counts) == 22
    assert counts.min() == PUBLISHED["cutoffs"]["2025-06-30"]["every_region_at_least"]
    assert counts.max() == PUBLISHED["cutoffs"]["2025-06-30"]["per_region_max"]


def test_areas_by_october(cleaned) -> None:
    counts = per_area(cleaned[OCTOBER])
    published = PUBLISHED["cutoffs"]["2025-10-31"]
    assert (counts >= 3).sum() == published["regions_with_at_least_3"]
    assert (counts == 2).sum() == published["regions_with_exactly_2"]
    assert (counts == 1).sum() == published["regions_with_exactly_1"]


# --- the final summary --------------------------------------------------------------


def test_n_and_attached_to_innokyla(final) -> None:
    assert len(final) == FINAL["n"]
    assert int(final["attached_to_innokyla"].sum()) == FINAL["attached_to_innokyla"]


def test_participants(final) -> None:
    assert int(final["participants"].sum()) == FINAL["participants_total"]
    both = (final["participant_roles__region_representative"] & final["participant_roles__rrp_representative"]).sum()
    assert int(both) == FINAL["both_hva_and_rrp_represented"]["count"]
    assert percent(both, len(final)) == FINAL["both_hva_and_rrp_represented"]["percent"]


def test_scope_counts(final) -> None:
    counts = final["scope"].value_counts()
    assert {label: int(counts[label]) for label in FINAL["scope"]} == {
        label: figure["count"] for label, figure in FINAL["scope"].items()
    }


def _investment_label(row: pd.Series) -> str:
    chosen = [o for o in ("I1", "I2", "I3", "I4") if row[f"investment__{o.lower()}"]]
    if row["investment__other"]:
        chosen.append(row["investment__other_text"])
    return chosen[0] if len(chosen) == 1 else ", ".join(chosen[:-1]) + " ja " + chosen[-1]


def test_investment_combinations(final) -> None:
    combos = final.apply(_investment_label, axis=1).value_counts()
    published = {k: v for k, v in FINAL["investment"].items() if k != "Yhteensä"}
    assert combos.to_dict() == {label: figure["count"] for label, figure in published.items()}
    for label, figure in published.items():
        assert f"{100 * combos[label] / len(final):.1f}".replace(".", ",") == figure["percent"], label
    assert combos.sum() == FINAL["investment"]["Yhteensä"]["count"]


def test_both_social_and_health_care(final) -> None:
    both = final["dev_targets__health_care"] & final["dev_targets__social_care"]
    assert int(both.sum()) == FINAL["both_social_and_health"]


def test_target_group_by_development_target(final) -> None:
    table = FINAL["target_group_by_dev_target"]
    dev = {
        "Terveydenhuolto": final["dev_targets__health_care"],
        "Sosiaalihuolto": final["dev_targets__social_care"],
        "Sekä so- että te-kehittämistä": final["dev_targets__health_care"] & final["dev_targets__social_care"],
        "Monialaiset palvelut": final["dev_targets__multiprofessional"],
        "Ennaltaehkäisevät palvelut": final["dev_targets__preventive"],
        "Digitaaliset palvelut": final["dev_targets__digital"],
    }
    sizes = {}
    for row_label, expected in table["rows"].items():
        group, size = row_label.rsplit(" (", 1)
        members = final[GROUP_COLUMNS[group]].astype(bool)
        sizes[group] = int(members.sum())
        assert sizes[group] == int(size.rstrip(")")), group
        got = [int((dev[column] & members).sum()) for column in table["columns"]]
        assert got == expected, group
    # these six are the most common target groups: every other group is smaller
    others = [
        c
        for c in final.columns
        if c.startswith("target_groups__") and c not in GROUP_COLUMNS.values() and not c.endswith("_text")
    ]
    assert max(int(final[c].sum()) for c in others) < min(sizes.values())


def test_utilisation(final) -> None:
    n = len(final)
    published = FINAL["utilisation"]
    yes = {
        item: int((final[f"utilisation__{item}"] == "Kyllä").sum())
        for item in ("core_elements", "fits_environment", "transferable_regions", "applicable_groups")
    }
    assert percent(yes["core_elements"], n) == published["core_elements_identified"]["percent"]
    assert percent(yes["fits_environment"], n) == published["fits_environment"]["percent"]
    assert percent(yes["transferable_regions"], n) == published["transferable_to_other_regions"]["percent"]
    assert yes["applicable_groups"] == published["applicable_to_other_groups"]["count"]
    assert percent(yes["applicable_groups"], n) == published["applicable_to_other_groups"]["percent"]


def test_phases(final) -> None:
    n = len(final)
    for label, column in (
        ("Pilotoitu", "phase__piloted"),
        ("Käyttöönotettu", "phase__adopted"),
        ("Juurrutettu", "phase__rooted"),
    ):
        reached = int((final[column].notna() & (final[column] != "Ei")).sum())
        assert percent(reached, n) == FINAL["phase"][label]["percent"], label


# --- themes: the generator's intended codes, and the automatic coder's ----------------


def test_intended_theme_counts(final, intended_themes) -> None:
    kept = intended_themes.loc[list(final["response_id"])]
    assert kept.sum().to_dict() == FINAL["result_themes"]


def test_the_coder_finds_exactly_the_intended_themes(inputs: Inputs, intended_themes) -> None:
    book = load_themebook()
    responses = inputs.ingested.responses.drop_duplicates("response_id").set_index("response_id")
    for theme in book.themes:
        coded = responses[theme.column].astype(bool)
        intended = intended_themes.loc[coded.index, theme.name].to_numpy()
        wrong = list(coded.index[coded.to_numpy() != intended])
        assert wrong == [], f"{theme.id}: responses {wrong}"


def test_coded_theme_counts(coded_themes) -> None:
    assert coded_themes.sum().to_dict() == FINAL["result_themes"]


def test_themes_by_target_group(final, coded_themes) -> None:
    table = FINAL["theme_by_target_group"]
    names = list(theme_names().values())[:3]  # the table's three themes, in order
    totals = [0, 0, 0]
    for group, expected in table["rows"].items():
        if group == "Yhteensä":
            continue
        members = final[GROUP_COLUMNS[group]].astype(bool).to_numpy()
        got = [int(coded_themes[name].to_numpy()[members].sum()) for name in names]
        assert got == expected, group
        totals = [a + b for a, b in zip(totals, got)]
    assert totals == table["rows"]["Yhteensä"] == [127, 93, 78]


def test_answers_are_prose_not_keyword_lists(final) -> None:
    answers = final["key_results"]
    assert answers.notna().all()
    assert answers.str.len().median() > 100
    assert answers.str.contains(r"\.").all()  # sentences
    assert answers.nunique() > 100


# --- the mess of a real export ------------------------------------------------------


def test_the_mess(inputs: Inputs) -> None:
    june, december = inputs.clean(JUNE), inputs.clean(DECEMBER)
    reasons = december.excluded_by_reason
    assert reasons["test_submission"] >= 2
    assert reasons["duplicate_response_id"] >= 1
    assert reasons["excluded_by_analyst"] == 1
    assert reasons["after_cutoff"] >= 1
    # the resubmission: its earlier version counts at 30.6., the later one at 31.12.
    superseded = december.excluded[december.excluded["exclusion_reason"] == "superseded"]
    assert len(superseded) == 1
    earlier = superseded.iloc[0]
    later_id = earlier["exclusion_detail"].rsplit(" ", 1)[1]
    assert earlier["response_id"] in set(june.assessments["response_id"])
    assert later_id in set(december.assessments["response_id"])
    later = december.assessments.set_index("response_id").loc[later_id]
    assert later["innokyla_url"] != earlier["innokyla_url"]  # spelled differently


def test_area_names_in_more_than_one_spelling() -> None:
    sheet = openpyxl.load_workbook(EXPORT, read_only=True).worksheets[0]
    header = [c.value for c in next(sheet.iter_rows(max_row=1))]
    column = header.index("Hyvinvointialue")
    written = {row[column] for row in sheet.iter_rows(min_row=2, values_only=True)}
    codebook = load_codebook()
    official = {r.name for r in codebook.regions}
    short = {r.short for r in codebook.regions}
    brands = {b for r in codebook.regions for b in r.brands}
    assert written & official and written & short and written & brands


def test_the_export_carries_personal_data_that_the_ingest_drops(inputs: Inputs) -> None:
    sheet = openpyxl.load_workbook(EXPORT, read_only=True).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    email = rows[0].index("Yhteyshenkilön sähköpostiosoite")
    emails = {r[email] for r in rows[1:]}
    assert all(e.endswith("@esimerkki.invalid") for e in emails)
    as_text = inputs.ingested.responses.astype(str).to_csv()
    assert not any(e in as_text for e in emails)
    assert "esimerkki.invalid" not in as_text


def test_the_sample_says_it_is_synthetic(inputs: Inputs) -> None:
    assert inputs.synthetic
    sheets = openpyxl.load_workbook(EXPORT, read_only=True).sheetnames
    assert sheets[0] == "Vastaukset" and "SYNTEETTINEN" in sheets[1]


@pytest.mark.slow  # composes the whole sample again (an integer program)
def test_regenerating_gives_the_same_bytes() -> None:
    files = sample_files()
    assert set(files) == {EXPORT.name, "exclusions.csv", "listing_status.csv", f"{ORACLE_DIR}/{ORACLE_FILE}"}
    for name, data in files.items():
        assert (RAW / name).read_bytes() == data, f"{name} differs: run `make sample-data` and commit"


def test_every_bullet_of_thls_syntheses_is_a_sub_topic_and_the_sample_gives_it_weight(inputs: Inputs) -> None:
    """Each of THL's bullets is one of the theme's sub-topics (in order; the project's
    own additions are marked and left out), its words in the sub-topic's name; on the
    sample every one of THL's sub-topics is mentioned, and remote services' savings,
    which THL calls significant, in at least a fifth of the cost-savings answers."""
    import re

    from analysis.themes.checking import subtopic_counts

    book = load_themebook()
    bullets = PUBLISHED["theme_synthesis_bullets"]
    assert [t.id for t in book.themes] == list(bullets)
    kept = inputs.clean(date(2025, 12, 31)).assessments
    counts = subtopic_counts(kept, book)
    for theme in book.themes:
        thls = [sub for sub in theme.subtopics if not sub.own]
        assert len(thls) == len(bullets[theme.id]), theme.id
        for sub, bullet in zip(thls, bullets[theme.id]):
            stems = {w[:5].lower() for w in re.findall(r"\w{5,}", bullet)}
            assert stems & {w[:5].lower() for w in re.findall(r"\w{5,}", sub.name)}, (sub.name, bullet)
            assert counts[theme.name][sub.name] > 0, sub.name
    assert sum(sub.own for theme in book.themes for sub in theme.subtopics) == 3
    cost = next(t for t in book.themes if t.id == "cost_savings")
    remote = counts[cost.name]["Etäratkaisujen säästöt ja kotikäyntien korvaaminen"]
    assert remote * 5 >= FINAL["result_themes"][cost.name]
