"""Demo effect measurement: did the neighbourhood change? (DOMAIN.md §6a and the end of §7)

`seed_effects` gives most monitored demo descriptions (demo/monitoring.py) an effect indicator
per intended effect, mostly from the library of standard indicators (monitoring migration 0010),
with a nulmeting, a target, two to five measurements and, for half of them, a comparison area:
Leefbaarometer scores every two years, survey percentages with their respondents, reports of
overlast per year. Most improved, some stayed the same, a few got worse, and one has only its
nulmeting while the planned measurement date has passed (the reminders show it).

On the archetypes it writes the research verdict per effect, taken from the archetype's own
references, the recommended standard indicators, and ticks of applied active ingredients. Two
archetypes rest on at least three measured shared cases: the caretaker, where practice confirms
research on a cleaner neighbourhood, and the sale of rented homes, where research (RIGO) says +
for the Leefbaarometer but the shared cases did not improve: they sold too few homes.

Deterministic and safe to repeat: a plan that has effect indicators is left alone, and intended
effects, verdicts, recommendations and ticks are added only where missing. The figures of every
plan it changes are stored again (MonitoringPlan.store_figures).
"""

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

import reversion
from django.db import transaction
from django.db.models import F

from archetypes.models import Archetype, EffectVerdict
from demo import accounts as cast
from demo import archetypes as syntheses
from demo import interventions as descriptions
from demo.monitoring import LAST_DAY
from interventions import choices as intervention_choices
from interventions import services
from interventions.models import Effect, IntendedEffect, Intervention
from monitoring import choices
from monitoring.models import EffectIndicator, EffectMeasurement, MonitoringPlan, StandardIndicator
from wwidw.models import User

IMPROVED = choices.EffectStatus.IMPROVED
UNCHANGED = choices.EffectStatus.UNCHANGED
WORSENED = choices.EffectStatus.WORSENED
NOT_MEASURED = choices.EffectStatus.NOT_MEASURED
Rating = EffectVerdict.Rating

# The planned measurement that did not happen: the reminders of the dashboard list it.
MISSED_MEASUREMENT = datetime.date(2025, 10, 1)
NEXT_MEASUREMENT = datetime.date(2027, 3, 1)
MOST_MEASUREMENTS = 5


@dataclass(frozen=True)
class Profile:
    """How an effect is measured in the demo buurten: the standard indicator's name (or an
    own indicator's fields), a typical nulmeting and the decimals it is reported in."""

    name: str
    baseline: Decimal
    places: int = 1
    comparison: bool = False
    # A score that moves little: a few percent is a large change (the Leefbaarometer).
    is_modest: bool = False
    # Only for an own indicator, not from the library:
    scale: str = ""
    unit: str = ""
    direction: str = ""
    method: str = ""
    source: str = ""


def _profile(name: str, baseline: str, places: int = 1, comparison: bool = False) -> Profile:
    return Profile(name, Decimal(baseline), places, comparison)


# Typical nulmetingen in the krachtwijken, per effect (the standard indicator of the library).
PROFILES = {
    "WO.01": _profile("Woningen met energielabel A of beter (%)", "34"),
    "WO.02": _profile("Aandeel koopwoningen in de buurt (%)", "17", comparison=True),
    "WO.03": _profile("Woontevredenheid (rapportcijfer)", "6.6", comparison=True),
    "WO.04": _profile("% bewoners dat binnen twee jaar wil verhuizen", "34"),
    "WO.05": _profile("Mutatiegraad (%)", "11.5"),
    "WO.06": _profile("Energielasten per huishouden (€ per maand)", "168", places=0),
    "LB.01": _profile("Schouwscore schoon", "58"),
    "LB.02": _profile("Herstelbeurten na vandalisme per jaar", "85", places=0),
    "LB.03": Profile(
        "Leefbaarometer-score", Decimal("3.85"), places=2, comparison=True, is_modest=True
    ),
    "LB.04": _profile("Schouwscore heel", "62"),
    "VE.01": _profile("Meldingen van woonoverlast per jaar", "120", places=0),
    "VE.02": _profile(
        "Geregistreerde misdrijven per 1.000 inwoners", "78", places=1, comparison=True
    ),
    "VE.03": _profile("% bewoners dat zich veilig voelt in de buurt", "62", comparison=True),
    "VE.04": _profile("Meldingen van jeugdoverlast per jaar", "95", places=0),
    "VE.05": _profile("Vastgestelde woonfraude per 1.000 woningen", "6.5"),
    "SC.01": _profile("% bewoners met regelmatig contact met buren", "41", comparison=True),
    "SC.02": _profile("Actieve vrijwilligers in de buurt", "35", places=0),
    "SC.03": _profile("% bewoners dat zich verantwoordelijk voelt voor de buurt", "48"),
    "SC.04": _profile("% eenzame bewoners", "52", comparison=True),
    "WI.01": _profile("Nettoarbeidsparticipatie (%)", "56", comparison=True),
    "WI.02": _profile("% huishoudens met huurachterstand", "7.5"),
    "WI.03": _profile("Ontruimingen wegens huurachterstand per jaar", "14", places=0),
    "WI.04": _profile("% huishoudens met problematische schulden", "9.5", comparison=True),
    "LO.01": _profile("Voortijdig schoolverlaters (%)", "4.2"),
    "LO.02": _profile("% deelnemers op taalniveau A2 of hoger", "38"),
    "ZW.01": _profile("Zorgmijders in beeld bij het wijkteam", "18", places=0),
    "ZW.02": _profile("% 75-plussers dat zelfstandig woont", "78"),
    "ZW.03": _profile("% bewoners met een goede ervaren gezondheid", "61", comparison=True),
    "IM.01": _profile("Imago van de buurt (rapportcijfer)", "5.9"),
    "IM.02": _profile("Aandeel huishoudens met een middeninkomen (%)", "24", comparison=True),
    "BE.01": _profile("Huurderving (% van de jaarhuur)", "2.4"),
    "BE.04": _profile("Klanttevredenheid (rapportcijfer)", "7.1"),
}

# Own indicators, outside the library: (description number, effect code) → profile.
OWN_INDICATORS = {
    (54, "LB.01"): Profile(
        "Klachten over vervuiling in de portieken per jaar",
        Decimal(64),
        places=0,
        scale=choices.Scale.COUNT,
        unit="klachten per jaar",
        direction=choices.Direction.LOWER,
        method=choices.EffectMethod.REGISTRATION,
        source="Klachtenregistratie corporatie",
    ),
    (21, "WI.02"): Profile(
        "Huurachterstand in euro's, totaal van het complex",
        Decimal(48000),
        places=0,
        scale=choices.Scale.SCORE,
        unit="euro",
        direction=choices.Direction.LOWER,
        method=choices.EffectMethod.REGISTRATION,
        source="Huuradministratie corporatie",
    ),
}

# The cases the archetypes confront with research: description number → effect → outcome.
# Only these effects are measured for these descriptions.
CASES = {
    # Huismeester in het complex: research + on a cleaner neighbourhood, and practice agrees.
    0: {"LB.01": IMPROVED, "WO.03": IMPROVED, "VE.01": IMPROVED},
    54: {"LB.01": IMPROVED, "WO.03": UNCHANGED},
    36: {"LB.01": IMPROVED, "WI.01": UNCHANGED},
    10: {"LB.01": UNCHANGED, "VE.01": IMPROVED, "BE.04": IMPROVED},
    27: {},
    44: {},
    # Verkoop huurwoningen: research + on the Leefbaarometer, but the shared cases did not
    # improve; the ownership mix did change, as research says.
    2: {"LB.03": UNCHANGED, "WO.02": IMPROVED, "IM.02": UNCHANGED},
    56: {"LB.03": UNCHANGED, "WO.02": IMPROVED, "IM.02": IMPROVED},
    30: {"LB.03": WORSENED, "WO.02": IMPROVED},
    29: {"LB.03": IMPROVED, "WO.02": IMPROVED},
    # Sloop en nieuwbouw: one shared case, too few to confront.
    28: {"LB.03": IMPROVED, "VE.03": IMPROVED, "WO.02": IMPROVED},
    1: {"LB.03": IMPROVED, "WO.02": IMPROVED},
    # Vroeg erop af: one shared case.
    48: {"WI.02": IMPROVED, "WI.03": IMPROVED},
    21: {"WI.02": UNCHANGED, "WI.03": IMPROVED},
    # A wijkcentrum in preparation: the nulmeting is done, the follow-up is overdue.
    8: {"SC.01": NOT_MEASURED},
}

# Intended effects the cases measure that their descriptions did not name yet.
ADDED_EFFECTS = {
    0: (("VE.01", "meldingen van woonoverlast"),),
    10: (("LB.01", "schouwscore schoon"),),
    2: (("LB.03", "Leefbaarometer-score"),),
    56: (("LB.03", "Leefbaarometer-score"),),
    29: (("LB.03", "Leefbaarometer-score"),),
    30: (("LB.03", "Leefbaarometer-score"), ("WO.02", "aandeel koopwoningen")),
    28: (("LB.03", "Leefbaarometer-score"), ("VE.03", "veiligheidsbeleving")),
    1: (("LB.03", "Leefbaarometer-score"),),
}

# What the indicator's note says, where the case tells a story.
NOTES = {
    (2, "LB.03"): (
        "In vijf jaar 1,1 % van de huurwoningen in de buurt verkocht, minder dan de 2,5 % "
        "waarboven RIGO effect op de leefbaarheid vond."
    ),
    (56, "LB.03"): "Verkocht bij mutatie: 0,9 % van de huurwoningen, verspreid over drie buurten.",
    (30, "LB.03"): (
        "De klushuizen liggen verspreid; de buurt kreeg in dezelfde jaren een grote instroom "
        "van urgenten."
    ),
    (29, "LB.03"): "Geconcentreerd verkocht: 3,2 % van de huurwoningen van de buurt.",
    (0, "LB.01"): "Schouw elk voorjaar met de bewonerscommissie, dezelfde twintig schouwpunten.",
    (8, "SC.01"): "De vervolgmeting was gepland voor het najaar van 2025 en is nog niet gedaan.",
}

# The other descriptions: their outcomes in turn, mostly improved.
OUTCOME_CYCLE = [
    IMPROVED,
    IMPROVED,
    UNCHANGED,
    IMPROVED,
    WORSENED,
    IMPROVED,
    IMPROVED,
    UNCHANGED,
    IMPROVED,
]

# Research verdicts per effect, from the archetype's own references (demo/archetypes.py keys).
VERDICTS = {
    syntheses.SALES.slug: (
        (
            "LB.03",
            Rating.POSITIVE,
            "RIGO: de leefbaarheid nam toe in buurten waar een wezenlijk deel van de "
            "huurwoningen werd verkocht (indicatief 2,5 %), met grote verschillen per buurt. Het "
            "SCP vond geen afzonderlijk effect van verkoop.",
            ("rigo",),
        ),
        (
            "WO.02",
            Rating.POSITIVE,
            "Verkoop maakt de eigendomsverhouding gemengder; RIGO volgde de verandering van "
            "de bevolkingssamenstelling die daarop volgt.",
            ("rigo",),
        ),
        (
            "IM.02",
            Rating.POSITIVE,
            "Kopers hebben vaker een hoger inkomen en blijven langer in de buurt (RIGO).",
            ("rigo",),
        ),
        (
            "VE.03",
            Rating.NONE,
            "Het SCP schrijft de gunstige effecten op de veiligheid in de aandachtswijken eerder "
            "toe aan herstructurering dan aan verkoop.",
            ("scp2013",),
        ),
        ("WO.04", Rating.NOT_RESEARCHED, "", ()),
    ),
    syntheses.RESTRUCTURING.slug: (
        (
            "LB.03",
            Rating.POSITIVE,
            "Herstructurering gaat samen met een betere leefbaarheid (SCP 2007); in de "
            "quasi-experimentele evaluatie van 2013 blijven de gunstige effecten staan.",
            ("scp2007", "scp2013"),
        ),
        (
            "VE.03",
            Rating.POSITIVE,
            "Gunstige effecten op de veiligheid, eerder door herstructurering dan door ander "
            "beleid (SCP 2007 en 2013).",
            ("scp2007", "scp2013"),
        ),
        (
            "WO.02",
            Rating.STRONG,
            "De woningvoorraad wordt aantoonbaar gevarieerder: dat is de ingreep zelf, en "
            "Posthumus, Kleinhans en Bolt beschrijven de verandering.",
            ("scp2013", "bijwerkingen"),
        ),
        (
            "WO.03",
            Rating.POSITIVE,
            "De meeste gedwongen verhuizers zijn tevredener met hun nieuwe woning (Posthumus, "
            "Kleinhans en Bolt).",
            ("bijwerkingen",),
        ),
        (
            "IM.02",
            Rating.NOT_RESEARCHED,
            "Of middeninkomens langer in de wijk blijven, is niet afzonderlijk onderzocht.",
            (),
        ),
    ),
    syntheses.CARETAKER.slug: (
        (
            "LB.01",
            Rating.POSITIVE,
            "Binnen een jaar in de meeste van 31 complexen minder vervuiling en bekladding.",
            ("nrc1991", "wodc1993"),
        ),
        (
            "LB.02",
            Rating.POSITIVE,
            "Minder vernieling in de meeste van de 31 complexen.",
            ("nrc1991",),
        ),
        (
            "VE.01",
            Rating.POSITIVE,
            "In de helft van de complexen minder overlast.",
            ("nrc1991",),
        ),
        (
            "WO.03",
            Rating.POSITIVE,
            "Twee derde van de bewoners woont prettiger sinds er een huismeester is.",
            ("nrc1991",),
        ),
        ("WO.05", Rating.NOT_RESEARCHED, "Het vertrek uit de complexen is niet gemeten.", ()),
    ),
    syntheses.RENT_ARREARS.slug: (
        (
            "WI.03",
            Rating.POSITIVE,
            "Geen dwingend bewijs, wel aanwijzingen dat schuldhulp en juridische hulp "
            "ontruimingen voorkomen; de hoogte van de achterstand voorspelt een vonnis.",
            ("review", "predictors"),
        ),
        (
            "WI.02",
            Rating.NOT_RESEARCHED,
            "Of vroeg erop af de achterstand zelf kleiner maakt, is niet onderzocht.",
            ("handreiking",),
        ),
        ("ZW.01", Rating.NOT_RESEARCHED, "", ()),
    ),
}

# The standard indicators each archetype recommends: (effect code, name).
RECOMMENDED = {
    syntheses.SALES.slug: ("LB.03", "WO.02", "IM.02"),
    syntheses.RESTRUCTURING.slug: ("LB.03", "VE.03", "WO.02", "WO.03"),
    syntheses.CARETAKER.slug: ("LB.01", "VE.01", "WO.03", "WO.05"),
    syntheses.RENT_ARREARS.slug: ("WI.02", "WI.03"),
}

# The ingredients of the archetype's checklist that linked descriptions apply (by number).
APPLIED = {
    syntheses.SALES.slug: {
        "Schaal in één buurt": (29,),
        "Voorrang voor buurtbewoners": (2, 56, 30),
        "Meten voor en na": (2, 56),
    },
    syntheses.RESTRUCTURING.slug: {
        "Sociaal plan": (28, 1, 55),
        "Gemengde woningvoorraad": (28, 1),
        "Wooncoach per huishouden": (28,),
    },
    syntheses.CARETAKER.slug: {
        "Vast gezicht": (0, 54, 27, 36),
        "Beperkt aantal woningen": (0, 54),
        "Mandaat en korte lijnen": (0, 10),
        "Snel herstel": (0, 36, 10),
    },
    syntheses.RENT_ARREARS.slug: {
        "Vroege melding": (48, 21),
        "Huisbezoek": (48, 21, 19),
    },
}


# Which descriptions, which effects


def _descriptions() -> dict[int, Intervention]:
    """The demo descriptions that exist, by number."""
    numbers = {(plan.title, plan.organisation): plan.number for plan in descriptions.plans()}
    found = Intervention.objects.filter(title__in={title for title, _ in numbers}).select_related(
        "organisation", "monitoring"
    )
    return {
        numbers[key]: item
        for item in found
        if (key := (item.title, item.organisation.slug)) in numbers
    }


def _measured_effects(plan: descriptions.Plan, intervention: Intervention) -> dict[str, str]:
    """The effects to measure on a description, with the outcome each should show; none for
    archived descriptions and those in preparation that no archetype confronts."""
    if plan.number in CASES:
        return CASES[plan.number]
    if intervention.status == intervention_choices.Status.ARCHIVED:
        return {}
    if intervention.phase in (intervention_choices.Phase.IDEA, intervention_choices.Phase.PLAN):
        return {}
    codes = [code for code, _indicator in plan.practice.effects if code in PROFILES]
    return {
        code: OUTCOME_CYCLE[(plan.number + position) % len(OUTCOME_CYCLE)]
        for position, code in enumerate(codes)
    }


def _add_intended_effects(interventions: dict[int, Intervention], effects: dict) -> int:
    """The intended effects the cases measure, each description's as one new version by
    the colleague who wrote it."""
    added = 0
    for number, items in ADDED_EFFECTS.items():
        intervention = interventions.get(number)
        if intervention is None:
            continue
        named = set(intervention.intended_effects.values_list("effect__code", flat=True))
        missing = [(code, text) for code, text in items if code not in named]
        if not missing:
            continue
        with reversion.create_revision(atomic=False):
            IntendedEffect.objects.bulk_create(
                IntendedEffect(intervention=intervention, effect=effects[code], indicator=text)
                for code, text in missing
            )
            Intervention.objects.filter(pk=intervention.pk).update(revision=F("revision") + 1)
            intervention.refresh_from_db(fields=["revision"])
            reversion.add_to_revision(intervention)
            reversion.set_user(intervention.created_by)
            reversion.set_comment("Beoogd effect toegevoegd voor de effectmeting")
        services.refresh_derived_fields(intervention)
        added += len(missing)
    return added


# The series


def _round(value: Decimal, places: int, *, scale: str = "") -> Decimal:
    if scale == choices.Scale.PERCENTAGE:
        value = min(max(value, Decimal(0)), Decimal("99.9"))
    return value.quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)


def _change(outcome: str, number: int, *, is_modest: bool) -> Decimal:
    """The relative change towards better (positive) that the outcome shows at the end: at
    least 7 % when it improved (net of a comparison area that moves a quarter as much, still
    over the 5 % of formula 13)."""
    if outcome == IMPROVED:
        step = Decimal("0.01") * (number % 3) if is_modest else Decimal("0.03") * (number % 4)
        return Decimal("0.07") + step if is_modest else Decimal("0.09") + step
    if outcome == WORSENED:
        return -(Decimal("0.08") + Decimal("0.02") * (number % 3))
    return Decimal("0.012") if number % 2 else Decimal("-0.008")


def _add_years(day: datetime.date, years: int) -> datetime.date:
    return day.replace(year=day.year + years, day=min(day.day, 28))


def _dates(intervention: Intervention, method: str) -> tuple[datetime.date, list]:
    """The nulmeting and the measurement dates: yearly, and every two years (the editions)
    for the Leefbaarometer; at most five, spread over the years."""
    start = intervention.start_date
    if method == choices.EffectMethod.LEEFBAAROMETER:
        year = start.year - start.year % 2
        years = list(range(year + 2, LAST_DAY.year + 1, 2))
        if len(years) < 2:
            year, years = year - 2, [year, *years]
        return datetime.date(year, 7, 1), [datetime.date(item, 7, 1) for item in years]
    baseline = start - datetime.timedelta(days=30)
    dates = []
    while (day := _add_years(baseline, len(dates) + 1)) <= LAST_DAY:
        dates.append(day)
    if len(dates) > MOST_MEASUREMENTS:
        last = len(dates) - 1
        dates = [
            dates[round(index * last / (MOST_MEASUREMENTS - 1))]
            for index in range(MOST_MEASUREMENTS)
        ]
    return baseline, dates


@dataclass(frozen=True)
class Definition:
    """What an indicator records: from the library, or an own indicator."""

    name: str
    scale: str
    unit: str
    direction: str
    method: str
    source: str
    standard: StandardIndicator | None


def _definition(profile: Profile, standard: StandardIndicator | None) -> Definition | None:
    if profile.scale:
        return Definition(
            profile.name,
            profile.scale,
            profile.unit,
            profile.direction,
            profile.method,
            profile.source,
            None,
        )
    if standard is None:  # removed from the library by the programme staff
        return None
    return Definition(
        standard.name,
        standard.scale,
        standard.unit,
        standard.direction,
        standard.method,
        standard.source,
        standard,
    )


def _comparison_area(definition: Definition, intervention: Intervention) -> str:
    town = intervention.municipality or intervention.organisation.city
    if definition.method == choices.EffectMethod.SURVEY:
        return f"{town}, alle buurten (stadsenquête)"
    return f"Gemeente {town}"


def _indicator(
    plan: MonitoringPlan,
    effect: Effect,
    definition: Definition,
    profile: Profile,
    *,
    number: int,
    outcome: str,
) -> tuple[EffectIndicator, list[EffectMeasurement]]:
    intervention = plan.intervention
    sign = 1 if definition.direction == choices.Direction.HIGHER else -1
    spread = 1 if profile.is_modest else 3  # percent of the typical nulmeting
    variation = 1 + Decimal((number % 5) - 2) * spread / 100
    baseline = _round(profile.baseline * variation, profile.places)
    baseline_date, dates = _dates(intervention, definition.method)
    aim = Decimal("0.08") if profile.is_modest else Decimal("0.15")
    target = _round(baseline * (1 + sign * aim), profile.places, scale=definition.scale)
    with_comparison = profile.comparison and number % 2 == 0 and outcome != NOT_MEASURED
    comparison_baseline = _round(
        baseline * (1 + sign * Decimal("0.08")), profile.places, scale=definition.scale
    )
    running = intervention.phase in (
        intervention_choices.Phase.PLAN,
        intervention_choices.Phase.RUNNING,
    )
    indicator = EffectIndicator(
        plan=plan,
        effect=effect,
        standard=definition.standard,
        name=definition.name,
        scale=definition.scale,
        unit=definition.unit,
        direction=definition.direction,
        method=definition.method,
        baseline_value=baseline,
        baseline_date=baseline_date,
        target_value=target,
        target_date=_add_years(baseline_date, 4),
        next_measurement_date=(
            MISSED_MEASUREMENT
            if outcome == NOT_MEASURED
            else NEXT_MEASUREMENT
            if running
            else None
        ),
        comparison_area=_comparison_area(definition, intervention) if with_comparison else "",
        comparison_baseline=comparison_baseline if with_comparison else None,
        note=NOTES.get((number, effect.code), ""),
    )
    if outcome == NOT_MEASURED:
        return indicator, []
    change = sign * _change(outcome, number, is_modest=profile.is_modest) * baseline
    measurements = []
    for step, day in enumerate(dates, start=1):
        share = Decimal(step) / len(dates)
        if step < len(dates):  # a little up and down on the way, as measurements go
            share += Decimal("0.08") * (-1) ** step
        measurements.append(
            EffectMeasurement(
                indicator=indicator,
                date=day,
                value=_round(baseline + change * share, profile.places, scale=definition.scale),
                respondents=(
                    150 + (number * 37 + step * 13) % 250
                    if definition.method == choices.EffectMethod.SURVEY
                    else None
                ),
                source=f"{definition.source}, {day.year}"[:200],
                comparison_value=(
                    _round(
                        comparison_baseline + change * share / 4,
                        profile.places,
                        scale=definition.scale,
                    )
                    if with_comparison
                    else None
                ),
            )
        )
    return indicator, measurements


def _create_indicators(
    plan: MonitoringPlan, number: int, measured: dict[str, str], library: dict, effects: dict
) -> int:
    indicators, measurements = [], []
    for code, outcome in measured.items():
        profile = OWN_INDICATORS.get((number, code), PROFILES[code])
        definition = _definition(profile, library.get((code, profile.name)))
        if definition is None:
            continue
        indicator, items = _indicator(
            plan, effects[code], definition, profile, number=number, outcome=outcome
        )
        indicators.append(indicator)
        measurements += items
    EffectIndicator.objects.bulk_create(indicators)
    EffectMeasurement.objects.bulk_create(measurements)
    return len(indicators)


def seed_indicators(interventions: dict[int, Intervention], effects: dict) -> int:
    """Effect indicators for the monitored demo descriptions that have none yet; the plans'
    figures are stored again."""
    library = {
        (item.effect.code, item.name): item
        for item in StandardIndicator.objects.select_related("effect")
    }
    with_indicators = set(
        EffectIndicator.objects.values_list("plan__intervention_id", flat=True).distinct()
    )
    created, changed = 0, []
    for plan in descriptions.plans():
        intervention = interventions.get(plan.number)
        monitoring = getattr(intervention, "monitoring", None)
        if monitoring is None or intervention.pk in with_indicators:
            continue
        count = _create_indicators(
            monitoring, plan.number, _measured_effects(plan, intervention), library, effects
        )
        if count:
            created += count
            changed.append(monitoring.pk)
    for monitoring in MonitoringPlan.objects.filter(pk__in=changed).with_details():
        monitoring.store_figures()
    return created


# The archetypes


def _references(archetype: Archetype, synthesis: syntheses.Synthesis) -> dict:
    """The archetype's references by the demo's citation keys."""
    found = {(item.authors, item.title): item for item in archetype.references.all()}
    return {
        citation.key: found[key]
        for citation in synthesis.citations
        if (key := (citation.publication.authors, citation.publication.title)) in found
    }


def _seed_verdicts(archetype: Archetype, synthesis, effects: dict, curator: User | None) -> int:
    """The missing verdicts, saved as one version of the archetype by its curator."""
    references = _references(archetype, synthesis)
    existing = set(archetype.effect_verdicts.values_list("effect__code", flat=True))
    missing = [item for item in VERDICTS.get(archetype.slug, ()) if item[0] not in existing]
    if not missing:
        return 0
    with reversion.create_revision(atomic=False):
        for code, rating, note, keys in missing:
            verdict = EffectVerdict.objects.create(
                archetype=archetype, effect=effects[code], rating=rating, note=note
            )
            verdict.references.add(*(references[key] for key in keys if key in references))
        reversion.add_to_revision(archetype)
        if curator is not None:
            reversion.set_user(curator)
        reversion.set_comment("Onderzoeksoordeel per effect toegevoegd")
    return len(missing)


def _seed_recommendations(archetype: Archetype) -> None:
    names = {code: PROFILES[code].name for code in RECOMMENDED.get(archetype.slug, ())}
    wanted = [
        item
        for item in StandardIndicator.objects.filter(effect__code__in=names).select_related(
            "effect"
        )
        if names[item.effect.code] == item.name
    ]
    archetype.recommended_indicators.add(*wanted)


def _seed_ticks(archetype: Archetype, interventions: dict[int, Intervention]) -> None:
    linked = set(archetype.links.values_list("intervention_id", flat=True))
    for ingredient in archetype.active_ingredients.all():
        numbers = APPLIED.get(archetype.slug, {}).get(ingredient.name, ())
        ingredient.applied_in.add(
            *(
                interventions[number]
                for number in numbers
                if number in interventions and interventions[number].pk in linked
            )
        )


def seed_archetype_effects(interventions: dict[int, Intervention], effects: dict) -> int:
    """Verdicts per effect, recommended indicators and ingredient ticks on the demo archetypes
    that exist; returns how many verdicts were created."""
    curator = User.objects.filter(email__iexact=cast.PROGRAMME_STAFF_EMAIL).first()
    created = 0
    for synthesis in syntheses.SYNTHESES:
        archetype = Archetype.objects.filter(slug=synthesis.slug).first()
        if archetype is None:
            continue
        created += _seed_verdicts(archetype, synthesis, effects, curator)
        _seed_recommendations(archetype)
        _seed_ticks(archetype, interventions)
    return created


@transaction.atomic
def seed_effects() -> tuple[int, int]:
    """Add the demo effect measurement that is missing; return how many effect indicators and
    research verdicts were created."""
    effects = {item.code: item for item in Effect.objects.all()}
    interventions = _descriptions()
    _add_intended_effects(interventions, effects)
    indicators = seed_indicators(interventions, effects)
    verdicts = seed_archetype_effects(interventions, effects)
    return indicators, verdicts
