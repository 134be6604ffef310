"""The bundled synthetic sample export: deterministic, seeded, and faithful to the
published figures.

``python -m analysis sample-data`` (``make sample-data``) writes into data/raw/:

itsearviointi_vienti_synteettinen.xlsx  a Webropol-like export: the responses on
        the first sheet in the wide layout (a column per option, 1/0), Finnish
        question texts, made-up names and e-mails in the personal-data columns, and
        a second sheet saying the data is synthetic
exclusions.csv       the analyst's hand-kept exclusions (one response)
listing_status.csv   which assessments are attached to their Innokylä description
sample_oracle/intended_themes.csv
        the themes each open answer was written to express (response id, theme,
        1/0): a test oracle for the theme coder, not part of the export

Run through the pipeline, the sample reproduces every figure THL published, at
each cutoff (see design.yaml). Regenerating gives the same bytes.
"""

from __future__ import annotations

import random
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import datetime, timedelta

from analysis.form.codebook import Codebook, load_codebook
from analysis.synthetic.composition import Profile, assign_other_themes, compose_profiles
from analysis.synthetic.design import WINDOWS, Assessment, Sample, load_design, load_texts, theme_names

# --- building --------------------------------------------------------------------


def _exact(rng: random.Random, counts: Iterable[tuple[object, int]]) -> list:
    """A shuffled list holding each value exactly its count times."""
    values = [value for value, count in counts for _ in range(count)]
    rng.shuffle(values)
    return values


def url_slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text.lower()).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")


class Builder:
    def __init__(self, design: dict, texts: dict, codebook: Codebook):
        self.design = design
        self.texts = texts
        self.codebook = codebook
        self.rng = random.Random(design["seed"])
        self.targets = design["targets"]
        self.used_names: set[tuple[str, str]] = set()
        self.used_slugs: set[str] = set()

    # texts ---------------------------------------------------------------------------

    def answer(self, themes: frozenset[str]) -> str:
        rng, texts = self.rng, self.texts
        if not themes:
            return rng.choice(texts["no_theme_answers"])
        order = [t for t in theme_names() if t in themes]
        rng.shuffle(order)
        sentences = [rng.choice(self.sentences(t, themes)) for t in order]
        if rng.random() < 0.35:
            sentences.insert(rng.randrange(len(sentences) + 1), rng.choice(texts["neutral_sentences"]))
        deniable = [t for t in texts["negated_sentences"] if t not in themes]
        if deniable and rng.random() < 0.15:
            sentences.append(rng.choice(texts["negated_sentences"][rng.choice(deniable)]))
        return " ".join(sentences)

    def sentences(self, theme: str, themes: frozenset[str]) -> list[str]:
        """The sentences an answer's ``theme`` is written with: an answer carrying
        both digital services and cost savings speaks of remote services' savings."""
        if theme == "digital" and "cost_savings" in themes:
            return self.texts["digital_with_cost_savings"]
        return self.texts["theme_sentences"][theme]

    def model_name(self, groups: Sequence[str], dev_targets: frozenset[str], region_code: str) -> str:
        rng, texts = self.rng, self.texts
        group = rng.choice(sorted(groups)) if groups else "whole_population"
        dev = rng.choice(sorted(dev_targets))
        for attempt in range(50):
            name = f"{rng.choice(texts['model_name_prefixes'][group])} {rng.choice(texts['model_name_cores'][dev])}"
            if attempt > 10:
                name = f"{name} {rng.choice(['2.0', 'uudistettu', 'laajennettu', 'pilotti'])}"
            if (region_code, name) not in self.used_names:
                break
        self.used_names.add((region_code, name))
        return name[0].upper() + name[1:]

    def url(self, name: str, region_code: str) -> str:
        slug = url_slug(name)
        if slug in self.used_slugs:
            region = next(r for r in self.codebook.regions if r.code == region_code)
            slug = f"{slug}-{url_slug(region.short)}"
        n = 2
        base = slug
        while slug in self.used_slugs:
            slug, n = f"{base}-{n}", n + 1
        self.used_slugs.add(slug)
        return f"https://innokyla.fi/fi/toimintamalli/{slug}"

    def people(self, participants: int, region_code: str) -> tuple[str, str]:
        rng, texts = self.rng, self.texts
        region = next(r for r in self.codebook.regions if r.code == region_code)
        names = []
        for _ in range(min(participants, 3)):
            first, last = rng.choice(texts["first_names"]), rng.choice(texts["last_names"])
            names.append(f"{first} {last}, {rng.choice(texts['job_titles'])}, {region.short}")
        if participants > 3:
            names.append(f"ja {participants - 3} muuta")
        first_person = names[0].split(",")[0].lower().replace(" ", ".")
        email = unicodedata.normalize("NFKD", first_person).encode("ascii", "ignore").decode()
        return "; ".join(names), f"{email}@esimerkki.invalid"

    # answers outside the published figures ------------------------------------------

    def results_evaluation(self, themes: frozenset[str]) -> dict[str, str]:
        rng = self.rng

        def pick(weights: dict[str, float]) -> str:
            return rng.choices(list(weights), weights=list(weights.values()))[0]

        return {
            "strategy": pick({"Kyllä": 0.85, "Osittain": 0.13, "En osaa sanoa": 0.02}),
            "goals_defined": pick({"Kyllä": 0.8, "Osittain": 0.18, "Ei": 0.02}),
            "change_achieved": pick({"Kyllä": 0.45, "Osittain": 0.45, "Ei": 0.04, "En osaa sanoa": 0.06}),
            "change_measured": pick({"Kyllä": 0.35, "Osittain": 0.4, "Ei": 0.2, "En osaa sanoa": 0.05}),
            "cost_assessed": (
                pick({"Kyllä": 0.7, "Osittain": 0.3})
                if "cost_savings" in themes
                else pick({"Kyllä": 0.15, "Osittain": 0.3, "Ei": 0.45, "En osaa sanoa": 0.1})
            ),
        }

    def adoption(self, rooted: bool) -> dict[str, str]:
        rng = self.rng
        yes = 0.9 if rooted else 0.55
        answers = {}
        for item in ("management_commitment", "resources_defined", "management_followup", "permanent_decision"):
            bar = yes - (0.15 if item == "permanent_decision" else 0)
            r = rng.random()
            answers[item] = (
                "Kyllä" if r < bar else "Valmistelussa" if r < bar + 0.3 else rng.choice(["Ei", "En osaa sanoa"])
            )
        return answers

    def strengthened(self, themes: frozenset[str]) -> tuple[frozenset[str], str | None]:
        rng = self.rng
        options = ["availability", "accessibility", "access_to_care", "continuity", "coordination"]
        chosen = set(rng.sample(options, rng.randint(1, 3)))
        if "client_experience" in themes:
            chosen.add("client_participation")
        if "cost_savings" in themes:
            chosen.add("cost_effectiveness")
        if rng.random() < 0.1:
            chosen.add("care_debt")
        other = None
        if rng.random() < 0.05:
            chosen.add("other")
            other = rng.choice(self.texts["strengthened_other_texts"])
        return frozenset(chosen), other

    def other_evaluation(self) -> frozenset[str]:
        rng = self.rng
        if rng.random() < 0.12:
            return frozenset({"none"})
        return frozenset(rng.sample(["internal", "external", "client_feedback", "staff_feedback"], rng.randint(1, 3)))

    def digital(self, dev_targets: frozenset[str]) -> frozenset[str]:
        rng = self.rng
        if "digital" in dev_targets:
            return frozenset(rng.sample(["new_service", "further_development", "adoption"], rng.randint(1, 2)))
        if rng.random() < 0.25:
            return frozenset({"adoption"})
        return frozenset({"none"})

    def phase(self, reached: tuple[bool, bool, bool]) -> dict[str, str]:
        levels = ["Yhdessä yksikössä", "Useammassa yksikössä", "Koko hyvinvointialueella"]
        rng = self.rng
        piloted, adopted, rooted = reached
        answer = {"piloted": "Ei", "adopted": "Ei", "rooted": "Ei"}
        top = rng.choices([0, 1, 2], weights=[0.3, 0.4, 0.3])[0]
        if piloted:
            answer["piloted"] = levels[rng.randint(0, 1)] if adopted else levels[rng.randint(0, 2)]
        if adopted:
            answer["adopted"] = levels[top]
        if rooted:
            answer["rooted"] = levels[rng.randint(0, top)]
        return answer

    # the whole sample ----------------------------------------------------------------

    def timestamp(self, bucket: int) -> datetime:
        start, end, mode = WINDOWS[bucket]
        span = (end - start).days
        day = start + timedelta(days=round(self.rng.triangular(0, span, (mode - start).days)))
        minutes = self.rng.randint(8 * 60, 16 * 60 + 30)
        return datetime.combine(day, datetime.min.time()) + timedelta(minutes=minutes, seconds=self.rng.randint(0, 59))

    def assessment(
        self,
        profile: Profile,
        themes: frozenset[str],
        region_code: str,
        submitted_at: datetime,
        *,
        other_groups: frozenset[str] = frozenset(),
        scope: str,
        investment: tuple[str, ...],
        participants: int,
        roles: frozenset[str],
        utilisation: dict[str, str],
        phase_reached: tuple[bool, bool, bool],
    ) -> Assessment:
        groups = profile.groups | other_groups
        name = self.model_name(sorted(groups), profile.dev_targets, region_code)
        invest = frozenset(o.split(":")[0] for o in investment)
        invest_other = next((o.split(":", 1)[1] for o in investment if o.startswith("other:")), None)
        target_other = self.rng.choice(self.design["other_target_group_texts"]) if "other" in groups else None
        strengthened, strengthened_other = self.strengthened(themes)
        phase = self.phase(phase_reached)
        assessors, email = self.people(participants, region_code)
        return Assessment(
            submitted_at=submitted_at,
            region_code=region_code,
            model_name=name,
            url=self.url(name, region_code),
            participants=participants,
            roles=roles,
            investment=invest,
            investment_other=invest_other,
            scope=scope,
            target_groups=frozenset(groups),
            target_other=target_other,
            dev_targets=profile.dev_targets,
            strengthened=strengthened,
            strengthened_other=strengthened_other,
            other_evaluation=self.other_evaluation(),
            results_evaluation=self.results_evaluation(themes),
            key_results=self.answer(themes),
            themes=themes,
            utilisation=utilisation,
            adoption=self.adoption(phase_reached[2]),
            phase=phase,
            digital=self.digital(profile.dev_targets),
            assessors=assessors,
            email=email,
        )

    def final_assessments(self) -> list[Assessment]:
        rng, targets, n = self.rng, self.targets, self.targets["n_final"]
        without = self.design["answers_without_theme"]
        profiles = compose_profiles(targets, min_without_leading_theme=without + 6)
        rng.shuffle(profiles)
        themes = assign_other_themes(
            [p.leading_themes for p in profiles],
            targets["themes"],
            without,
            rng,
            groups=[len(p.groups) for p in profiles],
            across_groups=self.design.get("themes_across_groups", ()),
        )
        # Groups outside the six: every assessment has at least one target group.
        other_groups: list[set[str]] = [set() for _ in range(n)]
        homeless = [i for i, p in enumerate(profiles) if not p.groups]
        for group, count in self.design["other_target_groups"].items():
            first = [i for i in homeless if not other_groups[i]][:count]
            rest = rng.sample([i for i in range(n) if i not in first], count - len(first))
            for i in first + rest:
                other_groups[i].add(group)
        if any(not p.groups and not o for p, o in zip(profiles, other_groups)):
            raise RuntimeError("an assessment was left without a target group")

        scopes = _exact(rng, targets["scope"].items())
        investments = _exact(rng, ((tuple(c["options"]), c["count"]) for c in targets["investment"]))
        participants, roles = self.participation(n)
        utilisation = self.utilisation(n)
        phases = self.phases_reached(n)
        buckets = self.area_buckets()

        rows = []
        for i in range(n):
            region_code, bucket = buckets[i]
            rows.append(
                self.assessment(
                    profiles[i],
                    themes[i],
                    region_code,
                    self.timestamp(bucket),
                    other_groups=frozenset(other_groups[i]),
                    scope=scopes[i],
                    investment=investments[i],
                    participants=participants[i],
                    roles=roles[i],
                    utilisation=utilisation[i],
                    phase_reached=phases[i],
                )
            )
            rows[-1].first_cutoff = bucket
        # the deadline evening: the last model of the first cutoff arrives late on 30.6.
        late = max((r for r in rows if r.first_cutoff == 0), key=lambda r: r.submitted_at)
        late.submitted_at = datetime(2025, 6, 30, 23, 41, 7)
        for row in rng.sample(rows, self.targets["attached_to_innokyla"]):
            row.attached = True
        return rows

    def participation(self, n: int) -> tuple[list[int], list[frozenset[str]]]:
        rng, targets = self.rng, self.targets
        both = targets["both_represented"]
        single = n - both
        region_only = single - single * 2 // 5
        roles = _exact(
            rng,
            [
                (frozenset({"region_representative", "rrp_representative"}), both),
                (frozenset({"region_representative"}), region_only),
                (frozenset({"rrp_representative"}), single - region_only),
            ],
        )
        people = [2 if len(r) == 2 else 1 for r in roles]
        extra = targets["participants_total"] - sum(people)
        while extra > 0:
            i = rng.randrange(n)
            if people[i] < 9:
                people[i] += 1
                extra -= 1
        return people, roles

    def utilisation(self, n: int) -> list[dict[str, str]]:
        """ "Kyllä" exactly as published; the other answers mostly "Osittain"."""
        rng, yes = self.rng, self.targets["utilisation_yes"]
        columns = {}
        for item, count in yes.items():
            rest = n - count
            no, unknown = rest // 5, rest // 10
            columns[item] = _exact(
                rng, [("Kyllä", count), ("Osittain", rest - no - unknown), ("Ei", no), ("En osaa sanoa", unknown)]
            )
        return [{item: columns[item][i] for item in yes} for i in range(n)]

    def phases_reached(self, n: int) -> list[tuple[bool, bool, bool]]:
        """Nested as in practice: rooted models are adopted; a few models were adopted
        without a pilot; the rest of the piloted ones are not adopted yet."""
        reached = self.targets["phase_reached"]
        piloted, adopted, rooted = reached["piloted"], reached["adopted"], reached["rooted"]
        not_piloted = n - piloted  # adopted directly, without a pilot
        pilot_only = n - adopted
        adopted_after_pilot = adopted - not_piloted
        rooted_after_pilot = min(rooted, adopted_after_pilot)
        combos = [
            ((True, True, True), rooted_after_pilot),
            ((True, True, False), adopted_after_pilot - rooted_after_pilot),
            ((False, True, True), rooted - rooted_after_pilot),
            ((False, True, False), not_piloted - (rooted - rooted_after_pilot)),
            ((True, False, False), pilot_only),
        ]
        return _exact(self.rng, combos)

    def area_buckets(self) -> list[tuple[str, int]]:
        pairs = []
        for code, (june, october, december) in self.design["areas"].items():
            pairs += [(code, 0)] * june + [(code, 1)] * (october - june) + [(code, 2)] * (december - october)
        self.rng.shuffle(pairs)
        return pairs

    # the mess ----------------------------------------------------------------------

    def extra_row(self, submitted_at: datetime, role: str, region_code: str | None = None) -> Assessment:
        rng = self.rng
        groups = frozenset(rng.sample(list(self.targets["target_groups"]), rng.randint(1, 2)))
        dev = frozenset(
            rng.sample(["health_care", "social_care", "multiprofessional", "preventive"], rng.randint(1, 2))
        )
        themes = frozenset(rng.sample(list(theme_names()), rng.randint(1, 3)))
        profile = Profile(groups, dev, frozenset(t for t in themes if t in ("uniformity", "collaboration", "digital")))
        row = self.assessment(
            profile,
            themes,
            region_code or rng.choice(sorted(self.design["areas"])),
            submitted_at,
            scope=rng.choice(list(self.targets["scope"])),
            investment=("i1",),
            participants=rng.randint(2, 4),
            roles=frozenset({"region_representative", "rrp_representative"}),
            utilisation={item: "Kyllä" for item in self.targets["utilisation_yes"]},
            phase_reached=(True, rng.random() < 0.5, False),
        )
        row.role = role
        return row

    def build(self) -> Sample:
        rng, mess = self.rng, self.design["mess"]
        rows = self.final_assessments()
        extras: list[Assessment] = []
        for stamp in mess["test_submissions"]:
            row = self.extra_row(datetime.fromisoformat(stamp), "test")
            row.model_name = f"TESTI – {row.model_name}"
            row.key_results = "Testivastaus, ei oikea arviointi."
            row.themes = frozenset()
            extras.append(row)
        # A resubmission: a model first assessed by 30.6. and assessed again later, its
        # link spelled differently. The earlier version counts at 30.6. only.
        for row in rng.sample([r for r in rows if r.first_cutoff == 0], mess["resubmissions"]):
            earlier = replace(
                row,
                submitted_at=datetime(2025, 5, 20, 10, 4, 51),
                url=row.url.replace("https://", "http://www.") + "/",
                phase={**row.phase, "rooted": "Ei"},
                role="earlier_version",
            )
            row.submitted_at = datetime(2025, 9, 15, 13, 22, 40)
            row.url = row.url + "?kieli=fi"
            extras.append(earlier)
        for stamp in mess["after_last_cutoff"]:
            extras.append(self.extra_row(datetime.fromisoformat(stamp), "after_cutoff"))
        exclusions = []
        for item in mess["excluded_by_analyst"]:
            row = self.extra_row(datetime.fromisoformat(item["submitted_at"]), "excluded")
            row.model_name = f"Koulutuksen esimerkki: {row.model_name.lower()}"
            extras.append(row)
            exclusions.append((row, item["reason"]))

        every = sorted(rows + extras, key=lambda r: r.submitted_at)
        for number, row in enumerate(every, start=1):
            row.response_id = number
            row.region_written = self.area_spelling(row.region_code)
        for original in rng.sample(rows, mess["duplicated_rows"]):
            copy = replace(original, role="duplicate")
            every.insert(every.index(original) + 1, copy)

        checked = self.design["exported_at"]
        listing = []
        for row in sorted(rows, key=lambda r: r.response_id):
            url = row.url.split("?")[0]
            if rng.random() < 0.2:
                url = url.replace("https://", "https://www.") + "/"
            listing.append((url, "kyllä" if row.attached else "ei", f"{checked:%Y-%m-%d}"))
        return Sample(
            rows=every,
            exclusions=[(row.response_id, reason) for row, reason in exclusions],
            listing_status=listing,
            exported_at=checked,
        )

    def area_spelling(self, code: str) -> str:
        region = next(r for r in self.codebook.regions if r.code == code)
        if self.rng.random() >= self.design["area_spelling_variants"]:
            return region.name
        return self.rng.choice([region.short, region.sv, *region.brands])


def build_sample(design: dict | None = None) -> Sample:
    """The synthetic sample, built from design.yaml (the same every time)."""
    return Builder(design or load_design(), load_texts(), load_codebook()).build()
