"""The report's section *Asiantuntija-arvio*: the expert panel's collected results
(``paneeli.json`` in the panel's internal folder, written by ``review-collect``):
its scope, stages, the reviewers' agreement and the final ranking, drawn by the
template ``report_parts/panel_section.html.j2``. Only in THL's internal report with
the screening, and only once the scores are collected. Stage 1 and the criteria
points are shown only for the models the report's screening (§11) counts; the
others' cells are empty and one sentence says so. Its counts and the reading of the
agreement are sentences made from the data, written as Finnish counts them
(:mod:`analysis.language.finnish`): tasks (models × reviewers) and item scores
each in their own unit."""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from datetime import date

import pandas as pd

from analysis import config
from analysis.language import finnish, formatting
from analysis.report.data import PANEL_ANCHOR, PANEL_HEADING, SCREENING_SECTION, ReportData, panel_heading, sections
from analysis.report.section import Part, Section, Table
from analysis.tables.screening import RANKING_KEYS, STAGE1_MET

# the ranking's headers with a range that never breaks ("1–4" stays on one line)
STAGE2_HEADER = f"Vaiheen 2 tulos ({formatting.range_fi(1, 4)})"
POINTS_HEADER = f"Kriteeripisteet ({formatting.range_fi(0, 10)})"


def _num(value: float | None, decimals: int = 2) -> str:
    return "" if value is None else formatting.number(float(value), decimals)


def _verdict(passed: bool | None) -> str:
    return {True: "hyväksytty", False: "hylätty"}.get(passed, "kesken")  # type: ignore[arg-type]


def _scope_day(scope: object) -> date | None:
    """A block's scope ("all" or an ISO day) as a day (None: every model)."""
    return None if scope in (None, "all") else date.fromisoformat(str(scope))


def _twice(reviewers_per_model: int) -> str:
    return (
        "molemmat arvioijat"
        if reviewers_per_model == 2
        else f"kaikki {finnish.counted(reviewers_per_model, 'arvioija')}"
    )


def work_sentences(block: dict) -> str:
    """Who reviewed, what was returned, what was accepted: tasks (a model times its
    reviewers) and item scores are counted apart, each in its own unit."""
    models, per_model = block["models"], block.get("reviewers_per_model", 2)
    read, missing = block["workbooks_read"], block.get("workbooks_missing", 0)
    sent = read + missing
    items = len(block["items"])
    tasks = block.get("tasks_assigned", models * per_model)
    absent, accepted, problems = block["ratings_missing"], block["ratings_accepted"], block["problems"]
    done = tasks - absent
    out = [
        f"Arvioijia oli {finnish.numeral(sent)}, ja jokaisen toimintamallin arvioi {finnish.numeral(per_model)} heistä."
        if sent
        else "Arvioijia ei ollut yhtään."
    ]
    if sent and read == sent:
        out.append("Kaikki arvioijat ovat palauttaneet arviointitaulukkonsa.")
    elif read:
        gone = (
            "yhden arvioijan taulukko puuttuu"
            if missing == 1
            else f"{finnish.numeral(missing, 'genitive')} arvioijan taulukot puuttuvat"
        )
        out.append(f"Arvioijista {finnish.numeral(read)} on palauttanut arviointitaulukkonsa, ja {gone}.")
    elif sent:
        out.append("Yksikään arvioija ei ole palauttanut arviointitaulukkoaan.")
    formula = (
        f" ({finnish.digits(models, 'toimintamalli')} × {finnish.digits(per_model, 'arvioija')})"
        if tasks == models * per_model
        else ""
    )
    out.append(f"Arvioijille jaettiin {finnish.counted(tasks, 'arviointitehtävä')}{formula}.")
    if not done:
        out.append("Niistä yhtäkään ei ole palautettu hyväksyttynä.")
    elif not absent:
        out.append("Kaikki on palautettu ja hyväksytty.")
    else:
        out.append(f"Niistä {finnish.numeral(done)} on palautettu ja hyväksytty, ja {finnish.numeral(absent)} puuttuu.")
    if accepted:
        product = f" ({formatting.number(done)} × {finnish.digits(items, 'kohta')})" if accepted == done * items else ""
        out.append(f"Kohdittain hyväksyttyjä pisteitä on {formatting.number(accepted)}{product}.")
    if problems:
        out.append(
            f"Palautetuissa taulukoissa oli {finnish.counted(problems, 'virhe')}; "
            f"{'virheellistä arviota' if problems == 1 else 'virheellisiä arvioita'} ei ole otettu mukaan."
        )
    elif read:
        out.append("Palautetuissa taulukoissa ei ollut virheitä.")
    return " ".join(out)


def agreement_reading(alphas: Sequence[float | None]) -> str:
    """What the alphas say, read from their values (Krippendorff's own limits: 0,800
    for reliable agreement, 0,667 for tentative conclusions; ``config``): below 0,
    disagreement more often than chance; near 0, no agreement beyond chance."""
    values = [a for a in alphas if a is not None]
    if not values:
        return "Alfaa ei voitu laskea, koska yhtäkään kohtaa ei ole arvioinut kaksi arvioijaa."
    out = []
    if any(a < 0 for a in values):
        out.append(
            "Alle 0:n arvo tarkoittaa, että arvioijat olivat keskenään eri mieltä useammin kuin sattumalta "
            "olisi odotettavissa."
        )
    caution = "joten vaiheen 2 tuloksia on tulkittava varoen, kunnes konsensuskäsittely on tehty."
    if all(abs(a) < config.ALPHA_NEAR_ZERO for a in values):
        out.append(f"Nyt {'kaikki arvot ovat' if len(values) > 1 else 'arvo on'} lähellä nollaa, {caution}")
    elif all(a >= config.ALPHA_RELIABLE for a in values):
        limit = formatting.number(config.ALPHA_RELIABLE, 2)
        which = "Kaikki arvot ovat" if len(values) > 1 else "Arvo on"
        out.append(f"{which} vähintään {limit}, mitä pidetään luotettavan yksimielisyyden rajana.")
    elif all(a >= config.ALPHA_TENTATIVE for a in values):
        limit = formatting.number(config.ALPHA_RELIABLE, 2)
        which = "Kaikki arvot jäävät" if all(a < config.ALPHA_RELIABLE for a in values) else "Osa arvoista jää"
        out.append(f"{which} alle {limit}:n, joten vaiheen 2 tuloksista voi tehdä vain varovaisia päätelmiä.")
    else:
        limit = formatting.number(config.ALPHA_TENTATIVE, 2)
        which = "Kaikki arvot jäävät" if all(a < config.ALPHA_TENTATIVE for a in values) else "Osa arvoista jää"
        out.append(f"{which} alle {limit}:n, jota Krippendorff pitää varovaistenkin päätelmien alarajana, {caution}")
    return " ".join(out)


def order_sentences(block: dict, outside: int, screening_day: date | None) -> str:
    """How a model passes stage 2 and how the final ranking is made."""
    per_model = block.get("reviewers_per_model", 2)
    pass_at = _num(block["stage2_pass_at"], 1)
    text = (
        "Vaiheen 2 tulos on kohtien keskiarvojen keskiarvo. Toimintamalli hyväksytään vaiheessa 2, kun "
        f"{_twice(per_model)} ovat arvioineet kaikki kohdat ja tulos on vähintään {pass_at}."
    )
    if tuple(block.get("ranking_order", RANKING_KEYS)) == RANKING_KEYS:
        text += (
            " Loppujärjestys muodostetaan näin: ensin vaiheen 1 ehdot täyttäneet, sitten muut. Kummankin ryhmän "
            "sisällä ensin vaiheessa 2 hyväksytyt, sitten hylätyt ja viimeisinä ne, joiden arvio on kesken. Saman "
            "ryhmän sisällä järjestys määräytyy vaiheen 2 tuloksen ja sen jälkeen kriteeripisteiden mukaan."
        )
    else:
        names = {
            "stage1_passed": "vaiheen 1 ehdot",
            "stage2_passed": "vaiheen 2 hyväksyntä",
            "stage2_result": "vaiheen 2 tulos",
            "stage3_score": "kriteeripisteet",
        }
        text += (
            " Loppujärjestyksen perusteet järjestyksessä: "
            + finnish.join([names[k] for k in block["ranking_order"]])
            + "."
        )
    if outside:
        when = (
            f"on arvioitu {formatting.date_fi(screening_day)} jälkeen"
            if screening_day
            else "eivät ole luvun vaiheen 1 tarkastelussa"
        )
        text += (
            f" Viimeisinä ovat toimintamallit ({formatting.number(outside)}), jotka {when}: niillä ei ole vaihetta 1 "
            "eikä kriteeripisteitä, joten ne on järjestetty vain vaiheen 2 mukaan."
        )
    return text


def agenda_sentence(block: dict) -> str:
    """The consensus meeting's agenda against the models reviewed at least twice."""
    twice = sum(1 for r in block["final_ranking"] if r.get("reviews", 0) >= 2)
    flagged = len(block["consensus_needed"])
    margin = float(block["disagreement_margin"])
    by = (
        f"{finnish.numeral(int(margin), 'adessive')} pisteellä"
        if margin.is_integer() and margin >= 1
        else f"{_num(margin, 1)} pisteellä"
    )
    if not twice:
        return "Yhtäkään toimintamallia ei ole vielä arvioitu kahdesti, joten konsensuskokoukseen ei ole käsiteltävää."
    many = "Kahdesti" if all(r.get("reviews", 0) <= 2 for r in block["final_ranking"]) else "Vähintään kahdesti"
    head = f"{many} arvioituja toimintamalleja on {finnish.numeral(twice)}"
    if not flagged:
        return (
            f"{head}, eikä minkään niistä pisteissä ole yli {by} eroa arvioijien kesken. "
            "Konsensuskokoukseen ei ole käsiteltävää."
        )
    return (
        f"{head}, ja arvioijien pisteet eroavat jossakin kohdassa yli {by} "
        f"{finnish.counted(flagged, 'toimintamalli', 'inessive')}. "
        f"{'Tämä toimintamalli' if flagged == 1 else 'Nämä toimintamallit'} käsitellään konsensuskokouksessa."
    )


def panel_part(
    block: dict,
    area_short: Callable[[object], object] = lambda a: a,
    screening: bool = True,
    screened_ids: Collection[str] | None = None,
    screening_scope: date | None | str = "block",
) -> Part:
    """The panel's results (paneeli.json's ``block``) as the section's one part.
    ``screened_ids``: the response ids the report's screening (its section) counts,
    None: every model the block screened; only those show stage 1 and points.
    ``screening_scope``: the report's screening scope (default the block's)."""
    items = block["items"]
    scale = ", ".join(f"{k} {v.lower()}" for k, v in block["scale"].items())
    ranked = block["final_ranking"]
    numbers = dict(sections(screening, True))
    screening_number = numbers.get(SCREENING_SECTION, "").split(".", 1)[0]
    day = _scope_day(block.get("screening_scope")) if isinstance(screening_scope, str) else screening_scope

    def shown(r: dict) -> bool:
        in_block = r.get("screened", True) and r.get("stage1_passed") is not None
        return bool(in_block and (screened_ids is None or str(r["response_id"]) in screened_ids))

    with_stage1 = [shown(r) for r in ranked]
    outside = with_stage1.count(False)
    rows = []
    for label, a in block["agreement"].items():
        alpha = a["krippendorff_alpha_ordinal"]
        rows.append(
            {
                "Kohta": label,
                "Alfa": "ei laskettavissa" if alpha is None else formatting.number(alpha, 2),
                "Arvioita": formatting.number(a["ratings"]),
                "Toimintamalleja": formatting.number(a["models"]),
            }
        )
    table = pd.DataFrame(
        {
            "Sija": [r["rank"] for r in ranked],
            "Toimintamalli": [r["model"] for r in ranked],
            "Hyvinvointialue": [area_short(r["region"]) for r in ranked],
            "Vaihe 1": [STAGE1_MET[bool(r["stage1_passed"])] if ok else "" for r, ok in zip(ranked, with_stage1)],
            "Arvioita": [r.get("reviews", "") for r in ranked],
            STAGE2_HEADER: [_num(r["stage2_result"]) for r in ranked],
            "Vaihe 2": [_verdict(r["stage2_passed"]) for r in ranked],
            POINTS_HEADER: [
                formatting.number(r["stage3_score"], 1) if ok else "" for r, ok in zip(ranked, with_stage1)
            ],
        }
    )
    ranking = Table(
        table,
        small=True,
        row_headers=False,
        css="panel-ranking",
        caption=f"Loppujärjestys, {finnish.digits(len(ranked), 'toimintamalli')}",
        widths={
            "Sija": "6%",
            "Toimintamalli": "28%",
            "Hyvinvointialue": "15%",
            "Vaihe 1": "9%",
            "Arvioita": "8%",
            STAGE2_HEADER: "11%",
            "Vaihe 2": "11%",
            POINTS_HEADER: "12%",
        },
    )
    chapter = f" (luku {screening_number})" if screening_number else ""
    intro = (
        "Tässä luvussa yhdistetään THL:n asiantuntijapaneelin arvio (vaihe 2) ja hankkeen oma tulkinta "
        f"vaiheista 1 ja 3{chapter}. Loppujärjestys ei ole THL:n eikä STM:n valinta."
    )
    scope = block.get("scope_fi") or ""
    panel_day = _scope_day(block.get("scope"))
    if outside and len(ranked) > outside:
        scope_sentence = (
            f"Rajaus: {scope}. Paneeli arvioi {finnish.counted(len(ranked), 'toimintamalli')}, mutta vaihe 1 ja "
            f"kriteeripisteet on laskettu vain {_screened_words(day, screening_number)} "
            f"({formatting.number(len(ranked) - outside)})."
        )
    elif outside:
        scope_sentence = f"Rajaus: {scope}. Vaihetta 1 ja kriteeripisteitä ei ole laskettu yhdellekään näistä."
    elif panel_day == day:
        scope_sentence = (
            f"Rajaus on sama kuin luvussa {screening_number}: {scope}." if screening_number else f"Rajaus: {scope}."
        )
    else:
        scope_sentence = f"Rajaus: {scope}." if scope else ""
    note = ""
    if outside:
        note = (
            f"Vaihe 1 ja kriteeripisteet on esitetty vain {_screened_words(day, screening_number)} "
            f"({formatting.number(len(ranked) - outside)}). Muilta sarakkeet ovat tyhjiä."
        )
    alphas = [a["krippendorff_alpha_ordinal"] for a in block["agreement"].values()]
    return Part(
        "report_parts/panel_section.html.j2",
        dict(
            anchor=PANEL_ANCHOR,
            heading=panel_heading(screening),
            intro=intro,
            items=", ".join(items),
            scale=scale,
            scope=scope_sentence,
            counts=work_sentences(block),
            order=order_sentences(block, outside, day),
            verdict=verdict_sentence(block),
            agreement=Table(pd.DataFrame(rows), caption="Arvioijien yksimielisyys (Krippendorffin alfa)"),
            reading=agreement_reading(alphas),
            agenda=agenda_sentence(block),
            ranking=ranking,
            note=note,
        ),
    )


def _screened_words(day: date | None, screening_number: str) -> str:
    """Whom stage 1 and the points are given for, in the allative plural."""
    if day is not None:
        return f"niille toimintamalleille, jotka oli arvioitu {formatting.date_fi(day)} mennessä"
    where = f"luvun {screening_number} " if screening_number else ""
    return f"niille toimintamalleille, jotka ovat {where}tarkastelussa mukana"


def verdict_sentence(block: dict) -> str:
    per_model = block.get("reviewers_per_model", 2)
    passed, incomplete = block["stage2_passed"], block["stage2_incomplete"]
    if passed:
        verdict = f"Vaiheessa 2 hyväksyttiin {finnish.counted(passed, 'toimintamalli')}."
    else:
        verdict = "Vaiheessa 2 ei hyväksytty yhtään toimintamallia."
    if incomplete:
        verdict += (
            f" Kesken on {finnish.counted(incomplete, 'toimintamalli')}: jostakin kohdasta on vähemmän kuin "
            f"{finnish.numeral(per_model)} hyväksyttyä arviota."
        )
    return verdict


def panel(r: ReportData) -> Section:
    """Asiantuntija-arvio: empty until review-collect has written the panel's results
    (and always in the public report, which has no screening and no panel)."""
    s = Section(PANEL_ANCHOR, PANEL_HEADING)
    if r.panel and r.screening_on and not r.public:
        s.figures = {"panel_review": r.panel}
        screened = {str(i) for i in (r.scoped if r.scoped is not None else r.kept)["response_id"]}
        s.blocks.append(panel_part(r.panel, r.area_short, r.screening_on, screened, r.screening_scope))
    return s
