"""The report's section *Asiantuntija-arvio*: the expert panel's collected results
(``paneeli.json`` in the panel's internal folder, written by ``review-collect``):
its scope, stages, the reviewers' agreement and the final ranking, drawn by the
template ``report_parts/panel_section.html.j2``. Only in THL's internal report with
the screening, and only once the scores are collected. Stage 1 and the criteria
points are shown only for the models the report's screening (§11) counts; the
others' cells are empty and one sentence says so. Its counts and the reading of the
agreement are sentences made from the data, written as Finnish counts them
(:mod:`analysis.language.finnish`): tasks (models × reviewers) and item scores
each in their own unit. In Swedish and English the same parts, tables and
numbers with the sentences of data/sentences/panel.yaml (:func:`panel_part_in`);
the panel's own files stay Finnish."""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from datetime import date

import pandas as pd

from analysis import config
from analysis.language import cldr, finnish, formatting
from analysis.language.sentences import sentence
from analysis.report.data import (
    PANEL_ANCHOR,
    PANEL_HEADING,
    SCREENING_SECTION,
    ReportData,
    heading,
    panel_heading,
    sections,
)
from analysis.report.section import Part, Section, Table
from analysis.tables.screening import RANKING_KEYS, STAGE1_MET, load_criteria

ALPHA_METHOD_FI = (
    "Arvioijien yksimielisyyttä mittaa Krippendorffin alfa järjestysasteikolle: arvo 1 tarkoittaa täyttä "
    "yksimielisyyttä ja 0 sattuman tasoa. Alfa lasketaan toimintamalleista, joilla on vähintään kaksi arviota."
)
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


@dataclass(frozen=True)
class WorkCounts:
    """What the panel's work sentences count, in every language: reviewers sent a
    workbook and those who returned it, tasks (a model times its reviewers, unless
    the block says otherwise), tasks done, item scores accepted, the errors."""

    models: int
    per_model: int
    read: int
    missing: int
    items: int
    tasks: int
    absent: int
    accepted: int
    problems: int

    @property
    def sent(self) -> int:
        return self.read + self.missing

    @property
    def done(self) -> int:
        return self.tasks - self.absent

    @classmethod
    def of(cls, block: dict) -> WorkCounts:
        models, per_model = block["models"], block.get("reviewers_per_model", 2)
        return cls(
            models=models,
            per_model=per_model,
            read=block["workbooks_read"],
            missing=block.get("workbooks_missing", 0),
            items=len(block["items"]),
            tasks=block.get("tasks_assigned", models * per_model),
            absent=block["ratings_missing"],
            accepted=block["ratings_accepted"],
            problems=block["problems"],
        )


def work_sentences(block: dict) -> str:
    """Who reviewed, what was returned, what was accepted: tasks (a model times its
    reviewers) and item scores are counted apart, each in its own unit."""
    w = WorkCounts.of(block)
    models, per_model, read, missing, sent, items = w.models, w.per_model, w.read, w.missing, w.sent, w.items
    tasks, absent, accepted, problems, done = w.tasks, w.absent, w.accepted, w.problems, w.done
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


def _screening_of(
    block: dict, screening: bool, screened_ids: Collection[str] | None, screening_scope: date | None | str
) -> tuple[str, date | None, list[bool]]:
    """What the panel's section says of the screening, in every language: the
    screening section's number, the screening's scope day (``screening_scope``, or
    the block's when it is "block"), and for each ranked model whether it shows
    stage 1 and points (screened by the block, and counted by the report's
    screening: ``screened_ids``, None for every model the block screened)."""
    numbers = dict(sections(screening, True))
    screening_number = numbers.get(SCREENING_SECTION, "").split(".", 1)[0]
    day = _scope_day(block.get("screening_scope")) if isinstance(screening_scope, str) else screening_scope

    def shown(r: dict) -> bool:
        in_block = r.get("screened", True) and r.get("stage1_passed") is not None
        return bool(in_block and (screened_ids is None or str(r["response_id"]) in screened_ids))

    return screening_number, day, [shown(r) for r in block["final_ranking"]]


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
    screening_number, day, with_stage1 = _screening_of(block, screening, screened_ids, screening_scope)
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
            lead=f"THL:n asiantuntijapaneeli arvioi vaiheessa 2 toimintamallien Innokylä-kuvaukset kohdittain "
            f"({', '.join(items)}; asteikko {scale}).",
            alpha_method=ALPHA_METHOD_FI,
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
    s = Section(PANEL_ANCHOR, PANEL_HEADING if r.language == "fi" else heading(PANEL_ANCHOR, r.language))
    if r.panel and r.screening_on and not r.public:
        s.figures = {"panel_review": r.panel}
        screened = {str(i) for i in (r.scoped if r.scoped is not None else r.kept)["response_id"]}
        if r.language == "fi":
            s.blocks.append(panel_part(r.panel, r.area_short, r.screening_on, screened, r.screening_scope))
        else:

            def area(name: object) -> object:
                try:
                    return r.label("region", r.codebook.region_by_name(str(name)).code)
                except KeyError:
                    return name  # not one of the 22 areas: shown as written

            s.blocks.append(panel_part_in(r.panel, r.language, area, r.screening_on, screened, r.screening_scope))
    return s


# --- Swedish and English -----------------------------------------------------------


def _say(language: str, key: str, **values: object) -> str:
    return sentence(f"panel.{key}", language, **values)


def _stage2_ids() -> dict[str, str]:
    """Stage 2's items' Finnish labels (paneeli.json's) -> their ids (data/criteria.yaml)."""
    return {item.label: item.id for item in load_criteria().stage2}


def item_in(label: str, language: str) -> str:
    """A stage 2 item (its Finnish label in paneeli.json) in ``language``; an item
    the criteria file no longer has is shown as the panel wrote it."""
    found = _stage2_ids().get(label)
    return _say(language, f"items.{found}") if found else label


def scale_in(scale: dict, language: str) -> str:
    """ "1 weak, 2 satisfactory, 3 good, 4 very good": the panel's scale in ``language``."""
    words = []
    for level, word in scale.items():
        try:
            shown = _say(language, f"scale.{level}")
        except KeyError:
            shown = str(word).lower()  # a level the catalogue does not have: as the panel wrote it
        words.append(_say(language, "scale_level", level=str(level), word=shown))
    return ", ".join(words)


def _signed(value: float, language: str) -> str:
    """An alpha with two decimals, a negative one with the minus sign (U+2212) that
    CLDR gives Swedish and Finnish, and typesetting gives English too."""
    return cldr.number(value, language, 2).replace("-", "\u2212")


def work_sentences_in(block: dict, language: str) -> str:
    """:func:`work_sentences` in Swedish or English."""
    w = WorkCounts.of(block)
    models, per_model, read, missing, sent, items = w.models, w.per_model, w.read, w.missing, w.sent, w.items
    tasks, absent, accepted, problems, done = w.tasks, w.absent, w.accepted, w.problems, w.done
    out = [_say(language, "reviewers", sent=sent, per_model=per_model) if sent else _say(language, "no_reviewers")]
    if sent and read == sent:
        out.append(_say(language, "all_returned"))
    elif read:
        out += [_say(language, "returned", read=read), _say(language, "sheets_missing", missing=missing)]
    elif sent:
        out.append(_say(language, "none_returned"))
    if models and tasks == models * per_model:
        key = "tasks_formula" if per_model > 1 else "tasks_formula_one"
        out.append(_say(language, key, tasks=tasks, models=models, per_model=per_model))
    else:
        out.append(_say(language, "tasks", tasks=tasks))
    if not done:
        out.append(_say(language, "none_done"))
    elif not absent:
        out.append(_say(language, "all_done"))
    else:
        out += [_say(language, "done", done=done), _say(language, "absent", absent=absent)]
    if accepted:
        if accepted == done * items and items > 1:
            out.append(_say(language, "accepted_product", accepted=accepted, done=done, items=items))
        else:
            out.append(_say(language, "accepted", accepted=accepted))
    if problems:
        out.append(_say(language, "errors", problems=problems))
    elif read:
        out.append(_say(language, "no_errors"))
    return " ".join(out)


def agreement_reading_in(alphas: Sequence[float | None], language: str) -> str:
    """:func:`agreement_reading` in Swedish or English (the same limits of ``config``)."""
    values = [a for a in alphas if a is not None]
    if not values:
        return _say(language, "no_alpha")
    out = []
    n = len(values)
    if any(a < 0 for a in values):
        out.append(_say(language, "below_zero"))
    if all(abs(a) < config.ALPHA_NEAR_ZERO for a in values):
        out.append(_say(language, "near_zero", n=n))
    elif all(a >= config.ALPHA_RELIABLE for a in values):
        out.append(_say(language, "reliable", n=n, limit=config.ALPHA_RELIABLE))
    elif all(a >= config.ALPHA_TENTATIVE for a in values):
        if all(a < config.ALPHA_RELIABLE for a in values):
            out.append(_say(language, "tentative_all", n=n, limit=config.ALPHA_RELIABLE))
        else:
            out.append(_say(language, "tentative_some", limit=config.ALPHA_RELIABLE))
    elif all(a < config.ALPHA_TENTATIVE for a in values):
        out.append(_say(language, "unreliable_all", n=n, limit=config.ALPHA_TENTATIVE))
    else:
        out.append(_say(language, "unreliable_some", limit=config.ALPHA_TENTATIVE))
    return " ".join(out)


def order_sentences_in(block: dict, outside: int, screening_day: date | None, language: str) -> str:
    """:func:`order_sentences` in Swedish or English."""
    per_model = block.get("reviewers_per_model", 2)
    out = [_say(language, "passing", per_model=per_model, pass_at=float(block["stage2_pass_at"]))]
    if tuple(block.get("ranking_order", RANKING_KEYS)) == RANKING_KEYS:
        out.append(_say(language, "ranking_rule"))
    else:
        keys = [_say(language, f"ranking_key.{k}") for k in block["ranking_order"]]
        out.append(_say(language, "ranking_keys", keys=cldr.join(keys, language)))
    if outside:
        out.append(
            _say(language, "outside_day", outside=outside, day=screening_day)
            if screening_day
            else _say(language, "outside", outside=outside)
        )
    return " ".join(out)


def verdict_sentence_in(block: dict, language: str) -> str:
    """:func:`verdict_sentence` in Swedish or English."""
    out = [_say(language, "passed", passed=block["stage2_passed"])]
    if block["stage2_incomplete"]:
        out.append(
            _say(
                language,
                "incomplete",
                incomplete=block["stage2_incomplete"],
                per_model=block.get("reviewers_per_model", 2),
            )
        )
    return " ".join(out)


def agenda_sentence_in(block: dict, language: str) -> str:
    """:func:`agenda_sentence` in Swedish or English."""
    twice = sum(1 for r in block["final_ranking"] if r.get("reviews", 0) >= 2)
    flagged = len(block["consensus_needed"])
    margin = float(block["disagreement_margin"])
    whole = margin.is_integer() and margin >= 1
    count = int(margin) if whole else margin
    margin_text = cldr.number(margin, language, 0 if whole else 1)
    if not twice:
        return _say(language, "nothing_twice")
    many = "twice" if all(r.get("reviews", 0) <= 2 for r in block["final_ranking"]) else "twice_or_more"
    out = [_say(language, many, twice=twice)]
    if not flagged:
        out.append(_say(language, "no_disagreement", margin=count, margin_text=margin_text))
    else:
        out += [
            _say(language, "disagreement", margin=count, margin_text=margin_text, flagged=flagged),
            _say(language, "to_meeting", flagged=flagged),
        ]
    return " ".join(out)


def scope_in(block: dict, language: str) -> str:
    """The panel's scope (paneeli.json's ``scope`` and ``cutoff``) as :func:`analysis.panel.commands.scope_text`
    says it in Finnish; empty when the block does not say."""
    if not block.get("scope_fi"):
        return ""
    day = _scope_day(block.get("scope"))
    cutoff = date.fromisoformat(str(block["cutoff"])) if block.get("cutoff") else None
    if cutoff is None:
        return ""
    if day is None or day >= cutoff:
        return _say(language, "scope_all", cutoff=cutoff)
    return _say(language, "scope_day", day=day, cutoff=cutoff)


def panel_part_in(
    block: dict,
    language: str,
    area: Callable[[object], object] = lambda a: a,
    screening: bool = True,
    screened_ids: Collection[str] | None = None,
    screening_scope: date | None | str = "block",
) -> Part:
    """:func:`panel_part` in Swedish or English: the same part, tables and numbers;
    ``area``: an area's name in the language."""
    ranked = block["final_ranking"]
    screening_number, day, with_stage1 = _screening_of(block, screening, screened_ids, screening_scope)
    outside = with_stage1.count(False)
    c = {k: _say(language, f"agreement_columns.{k}") for k in ("item", "alpha", "ratings", "models")}
    rows = []
    for label, a in block["agreement"].items():
        alpha = a["krippendorff_alpha_ordinal"]
        rows.append(
            {
                c["item"]: _say(language, "all_items")
                if label == block.get("all_items_label")
                else item_in(label, language),
                c["alpha"]: _say(language, "not_computable") if alpha is None else _signed(alpha, language),
                c["ratings"]: cldr.number(a["ratings"], language),
                c["models"]: cldr.number(a["models"], language),
            }
        )
    if not rows:
        rows_frame = pd.DataFrame(columns=list(c.values()))
    else:
        rows_frame = pd.DataFrame(rows)
    h = {k: _say(language, f"ranking_columns.{k}") for k in ("rank", "model", "region", "stage1", "reviews", "stage2")}
    stage2_header = _say(language, "ranking_columns.stage2_result", range=formatting.range_fi(1, 4))
    points_header = _say(language, "ranking_columns.points", range=formatting.range_fi(0, 10))
    met = {True: _say(language, "stage1_met"), False: _say(language, "stage1_not_met")}
    verdicts = {True: "accepted", False: "rejected"}
    table = pd.DataFrame(
        {
            h["rank"]: [r["rank"] for r in ranked],
            h["model"]: [r["model"] for r in ranked],
            h["region"]: [area(r["region"]) for r in ranked],
            h["stage1"]: [met[bool(r["stage1_passed"])] if ok else "" for r, ok in zip(ranked, with_stage1)],
            h["reviews"]: [r.get("reviews", "") for r in ranked],
            stage2_header: [
                "" if r["stage2_result"] is None else cldr.number(float(r["stage2_result"]), language, 2)
                for r in ranked
            ],
            h["stage2"]: [_say(language, f"verdict.{verdicts.get(r['stage2_passed'], 'in_progress')}") for r in ranked],
            points_header: [
                cldr.number(r["stage3_score"], language, 1) if ok else "" for r, ok in zip(ranked, with_stage1)
            ],
        }
    )
    ranking = Table(
        table,
        small=True,
        row_headers=False,
        css="panel-ranking",
        caption=_say(language, "ranking_caption", n=len(ranked)),
        widths={
            h["rank"]: "6%",
            h["model"]: "28%",
            h["region"]: "15%",
            h["stage1"]: "9%",
            h["reviews"]: "8%",
            stage2_header: "11%",
            h["stage2"]: "11%",
            points_header: "12%",
        },
    )
    intro = _say(language, "intro_section", number=screening_number) if screening_number else _say(language, "intro")
    scope = scope_in(block, language)
    panel_day = _scope_day(block.get("scope"))
    screened_count = len(ranked) - outside
    if outside and len(ranked) > outside:
        if day is not None:
            scope_sentence = _say(
                language, "scope_wider_day", scope=scope, total=len(ranked), day=day, screened=screened_count
            )
        elif screening_number:
            scope_sentence = _say(
                language,
                "scope_wider_section",
                scope=scope,
                total=len(ranked),
                number=screening_number,
                screened=screened_count,
            )
        else:
            scope_sentence = _say(language, "scope_wider", scope=scope, total=len(ranked), screened=screened_count)
    elif outside:
        scope_sentence = _say(language, "scope_none_screened", scope=scope)
    elif panel_day == day and screening_number:
        scope_sentence = _say(language, "scope_same", number=screening_number, scope=scope)
    else:
        scope_sentence = _say(language, "scope", scope=scope) if scope else ""
    note = ""
    if outside:
        if day is not None:
            note = _say(language, "note_day", day=day, screened=screened_count)
        elif screening_number:
            note = _say(language, "note_section", number=screening_number, screened=screened_count)
        else:
            note = _say(language, "note", screened=screened_count)
    alphas = [a["krippendorff_alpha_ordinal"] for a in block["agreement"].values()]
    items = ", ".join(item_in(label, language) for label in block["items"])
    return Part(
        "report_parts/panel_section.html.j2",
        dict(
            anchor=PANEL_ANCHOR,
            heading=panel_heading(screening, language),
            intro=intro,
            lead=_say(language, "lead", items=items, scale=scale_in(block["scale"], language)),
            alpha_method=_say(language, "alpha_method"),
            scope=scope_sentence,
            counts=work_sentences_in(block, language),
            order=order_sentences_in(block, outside, day, language),
            verdict=verdict_sentence_in(block, language),
            agreement=Table(rows_frame, caption=_say(language, "agreement_caption")),
            reading=agreement_reading_in(alphas, language),
            agenda=agenda_sentence_in(block, language),
            ranking=ranking,
            note=note,
        ),
    )
