"""Demo monitoring: costs, results and social return for about half of the demo descriptions.

`seed_monitoring` gives every other pair of demo descriptions (demo/interventions.py) a plan with
periods, cost lines, financing, results and valued outcomes, and shares the results of half of
them. The first description, the caretaker in the porch flats of Oude Westen, carries the worked
example of DOMAIN.md §6 to the cent. Deterministic and safe to repeat: a description that has a
plan is left alone. The financial proxies are indicative demo values, and their sources say so.
"""

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction

from demo import interventions as descriptions
from interventions import choices as intervention_choices
from interventions.models import Intervention
from monitoring import calculations, choices
from monitoring.models import (
    CostLine,
    FinancialProxy,
    Financing,
    MonitoringPlan,
    OutputIndicator,
    OutputValue,
    ReportingPeriod,
    ValuedOutcome,
)
from wwidw.models import Organisation

CENT = Decimal("0.01")
# Realised figures only for periods that ended before this day.
LAST_DAY = datetime.date(2025, 12, 31)

INDICATIVE = "Indicatieve demowaarde"
WORKED_EXAMPLE_SOURCE = "Rekenvoorbeeld Huismeester portiekflats (WWidW), indicatief"

# The shared proxy library: the values of DOMAIN.md's worked example, marked as indicative.
PROXIES = [
    ("Herstel na vandalisme", "herstelbeurt", Decimal(250)),
    ("Voorkomen ontruiming", "ontruiming", Decimal(3000)),
    ("Woongenot in een schone, veilige portiek", "huishouden per jaar", Decimal(60)),
    ("Voorkomen verhuizing", "verhuizing", Decimal(2500)),
]
PROXY_PRICE_YEAR = 2025


@dataclass(frozen=True)
class Outcome:
    """A valued outcome as a demo plan uses it; the quantity is scaled per plan."""

    outcome: str
    beneficiary: str
    indicator: str
    quantity: int
    proxy: Decimal
    source: str
    deadweight: int = 0
    displacement: int = 0
    attribution: int = 0
    drop_off: int = 0
    duration: int = 1
    justification: str = ""


# DOMAIN.md §6, "Huismeester portiekflats": the figures of the worked example, exactly.
WORKED_EXAMPLE_OUTCOMES = [
    Outcome(
        "Minder vandalismeherstel",
        "Corporatie",
        "Herstelbeurten na vandalisme",
        40,
        Decimal(250),
        WORKED_EXAMPLE_SOURCE,
        deadweight=20,
        attribution=10,
        justification="Herstelregistratie van de portieken voor en na de start.",
    ),
    Outcome(
        "Voorkomen ontruimingen",
        "Corporatie",
        "Ontruimingen die niet nodig waren",
        3,
        Decimal(3000),
        WORKED_EXAMPLE_SOURCE,
        deadweight=30,
        attribution=40,
        justification="Dossiers van huurachterstand; het wijkteam deed een groot deel mee.",
    ),
    Outcome(
        "Voorkomen ontruimingen",
        "Gemeente",
        "Ontruimingen die niet nodig waren",
        3,
        Decimal(3000),
        WORKED_EXAMPLE_SOURCE,
        deadweight=30,
        attribution=40,
        justification="Kosten van opvang en schuldhulp na een ontruiming.",
    ),
    Outcome(
        "Woongenot",
        "Bewoners",
        "Huishoudens in de portieken",
        600,
        Decimal(60),
        WORKED_EXAMPLE_SOURCE,
        deadweight=25,
        displacement=5,
        attribution=20,
        drop_off=25,
        duration=3,
        justification="Bewonersenquête: tevredenheid over schoon en heel in de portiek.",
    ),
    Outcome(
        "Minder verhuizingen",
        "Corporatie",
        "Verhuizingen uit onvrede met de buurt",
        6,
        Decimal(2500),
        WORKED_EXAMPLE_SOURCE,
        deadweight=30,
        attribution=20,
        drop_off=25,
        duration=3,
        justification="Opzeggingen met de buurt als reden, vergeleken met eerdere jaren.",
    ),
]

# The other plans take a few of these, for different stakeholders.
OUTCOMES = [
    *WORKED_EXAMPLE_OUTCOMES[:2],
    Outcome(
        "Minder meldingen van overlast",
        "Politie",
        "Meldingen van woonoverlast",
        25,
        Decimal(400),
        f"{INDICATIVE}: inzet van wijkagent en noodhulp per melding",
        deadweight=30,
        displacement=10,
        attribution=40,
        drop_off=50,
        duration=2,
        justification="Politiecijfers van de buurt; de wijkagent werkte mee.",
    ),
    Outcome(
        "Minder zorggebruik door eenzaamheid",
        "Zorg",
        "Bewoners met minder huisartsbezoek",
        15,
        Decimal(1200),
        f"{INDICATIVE}: eerstelijnszorg per persoon per jaar",
        deadweight=30,
        attribution=40,
        drop_off=33,
        duration=2,
        justification="Gesprekken met de praktijkondersteuner van de huisarts.",
    ),
    WORKED_EXAMPLE_OUTCOMES[3],
    Outcome(
        "Minder afgeschreven huurachterstand",
        "Corporatie",
        "Huishoudens met een betalingsregeling",
        10,
        Decimal(1500),
        f"{INDICATIVE}: afgeschreven huur per dossier",
        deadweight=25,
        attribution=20,
        justification="Registratie van de huurincasso.",
    ),
    Outcome(
        "Minder inzet van het wijkteam",
        "Gemeente",
        "Huishoudens zonder doorverwijzing",
        12,
        Decimal(2000),
        f"{INDICATIVE}: begeleiding door het wijkteam per huishouden",
        deadweight=30,
        attribution=30,
        drop_off=25,
        duration=2,
        justification="Cijfers van het sociaal wijkteam.",
    ),
    Outcome(
        "Veiliger gevoel op straat",
        "Bewoners",
        "Bewoners die zich veiliger voelen",
        300,
        Decimal(40),
        f"{INDICATIVE}: betalingsbereidheid voor veiligheid per persoon",
        deadweight=30,
        displacement=10,
        attribution=40,
        drop_off=25,
        duration=2,
        justification="Bewonersenquête voor en na, met de Leefbaarometer als controle.",
    ),
    WORKED_EXAMPLE_OUTCOMES[4],
]

# Building work pays back over many years, per home.
INVESTMENT_OUTCOMES = [
    Outcome(
        "Meer woongenot in een vernieuwde woning",
        "Bewoners",
        "Vernieuwde woningen",
        100,
        Decimal(1200),
        f"{INDICATIVE}: huurwaarde van de betere woonkwaliteit per woning per jaar",
        deadweight=20,
        attribution=10,
        drop_off=5,
        duration=15,
        justification="Bewonersenquête voor en na de oplevering.",
    ),
    Outcome(
        "Minder onderhoud en herstel",
        "Corporatie",
        "Vernieuwde woningen",
        100,
        Decimal(800),
        f"{INDICATIVE}: onderhoudskosten per woning per jaar, oud tegen nieuw",
        deadweight=10,
        drop_off=5,
        duration=15,
        justification="Onderhoudsbegroting van het complex voor en na.",
    ),
]

# Direct results per kind of intervention: (name, unit, per year).
RESULTS = {
    "Huismeester / complexbeheerder": [
        ("Portiekbezoeken", "bezoeken", 400),
        ("Gesprekken met bewoners", "gesprekken", 150),
    ],
    "Buurtbemiddeling": [("Bemiddelde conflicten", "zaken", 40)],
    "Vroeg Eropaf / huurachterstand": [
        ("Huisbezoeken bij achterstand", "huisbezoeken", 120),
        ("Betalingsregelingen", "regelingen", 60),
    ],
    "Achter de voordeur": [
        ("Huishoudens bezocht", "huishoudens", 200),
        ("Doorverwijzingen", "doorverwijzingen", 50),
        ("Afgeronde trajecten", "trajecten", 30),
    ],
    "Bewonersinitiatieven / wijkbudget": [("Gesteunde initiatieven", "initiatieven", 20)],
    "Taaltrajecten": [("Deelnemers taalcafé", "deelnemers", 60)],
    "Groen- en tuinprojecten": [("Aangelegde geveltuinen", "tuinen", 40)],
    "Sloop en nieuwbouw (herstructurering)": [("Opgeleverde woningen", "woningen", 40)],
    "Klushuizen": [("Verkochte klushuizen", "woningen", 12)],
    "Renovatie en verduurzaming": [("Gerenoveerde woningen", "woningen", 80)],
}
GENERAL_RESULTS = [
    ("Bereikte huishoudens", "huishoudens", 150),
    ("Bijeenkomsten in de buurt", "bijeenkomsten", 24),
]
# Kinds whose budget is mostly a one-off investment in the first period.
INVESTMENTS = {
    "Sloop en nieuwbouw (herstructurering)",
    "Klushuizen",
    "Renovatie en verduurzaming",
}
# The SROI ratio each demo plan is scaled to: varied, sometimes below 1.
RATIOS = [Decimal(value) for value in ("1.4", "0.8", "2.1", "1.1", "0.6", "1.7", "2.6")]
NOT_STARTED = {intervention_choices.Phase.IDEA, intervention_choices.Phase.PLAN}
FINISHED = {intervention_choices.Phase.FINISHED, intervention_choices.Phase.STOPPED}
# Who bears the own organisation's costs, by kind of organisation.
ACTORS = {
    Organisation.Kind.HOUSING_CORPORATION: "Corporatie",
    Organisation.Kind.MUNICIPALITY: "Gemeente",
    Organisation.Kind.WELFARE: "Welzijnsorganisatie",
}


# Practice examples of the archetypes, published for all partners: monitored and shared, so
# that two archetypes confront research with three or more measured cases (demo/effects.py).
MEASURED_EXAMPLES = {2, 10, 30, 54}


def is_monitored(plan: descriptions.Plan) -> bool:
    """Every other pair of descriptions: about half of them, both shared and internal ones."""
    return plan.number % 4 in (0, 1) or plan.number in MEASURED_EXAMPLES


def is_shared(plan: descriptions.Plan) -> bool:
    return plan.number % 4 == 0 or plan.number in MEASURED_EXAMPLES


def _money(amount) -> Decimal:
    return Decimal(amount).quantize(CENT, rounding=ROUND_HALF_UP)


def _add_months(day: datetime.date, months: int) -> datetime.date:
    month = day.month - 1 + months
    return datetime.date(day.year + month // 12, month % 12 + 1, min(day.day, 28))


# Periods


def _period_dates(intervention: Intervention, *, months: int, count: int) -> list[tuple]:
    """Up to `count` periods of `months` from the start, within the description's dates."""
    last = min(filter(None, [intervention.end_date, LAST_DAY]))
    dates = []
    start = intervention.start_date
    for number in range(count):
        end = _add_months(intervention.start_date, months * (number + 1)) - datetime.timedelta(1)
        if end > last:
            break
        dates.append((start, end))
        start = end + datetime.timedelta(1)
    return dates


def _create_periods(
    plan: MonitoringPlan, intervention: Intervention, number: int
) -> list[ReportingPeriod]:
    quarters = number % 3 == 0
    months = 3 if quarters else 12
    name = "Kwartaal" if quarters else "Jaar"
    dates = _period_dates(intervention, months=months, count=2 + number % 5)
    if len(dates) < 2:
        months, name = 3, "Kwartaal"
        dates = _period_dates(intervention, months=3, count=2 + number % 5)
    plan.granularity = choices.Granularity.QUARTER if months == 3 else choices.Granularity.YEAR
    plan.save(update_fields=["granularity"])
    is_done = plan.intervention.phase not in NOT_STARTED
    return ReportingPeriod.objects.bulk_create(
        ReportingPeriod(
            plan=plan,
            label=f"{name} {index} ({start:%Y})",
            start_date=start,
            end_date=end,
            status=choices.PeriodStatus.APPROVED if is_done else choices.PeriodStatus.OPEN,
            narrative="Uitgevoerd zoals gepland." if is_done else "",
        )
        for index, (start, end) in enumerate(dates, start=1)
    )


# Costs and financing


def _cost_lines(
    plan: MonitoringPlan, periods: list, *, yearly: Decimal, number: int, practice_type: str
) -> list[CostLine]:
    """Own staff as hours × rate, materials, overhead (10 % of staff), hired help and
    activities per period; a one-off investment in the first period for building work."""
    own = ACTORS.get(plan.organisation.kind, "Eigen organisatie")
    rate = Decimal(45 + (number * 7) % 21)  # a wijkbeheerder, € 45–65 (DOMAIN.md §9)
    budget = plan.intervention.phase in NOT_STARTED
    # Building work: the budget is one investment, and running it costs 5 % of it a year.
    share = Decimal("0.05") if practice_type in INVESTMENTS else Decimal(1)
    lines = []
    if practice_type in INVESTMENTS:
        lines.append(
            CostLine(
                period=periods[0],
                category=choices.CostCategory.CONSTRUCTION,
                description="Bouwkundige ingreep",
                amount=_money(yearly * Decimal("0.75")),
            )
        )
    for period in periods:
        months = Decimal((period.end_date - period.start_date).days + 1) / Decimal("365.25")
        running = yearly * share * months
        hours = (running * Decimal("0.55") / rate).quantize(Decimal(1))
        lines += [
            CostLine(
                period=period,
                category=choices.CostCategory.STAFF,
                description="Inzet wijkbeheerder",
                hours=hours,
                hourly_rate=rate,
            ),
            CostLine(
                period=period,
                category=choices.CostCategory.MATERIALS,
                description="Materiaal en gereedschap",
                amount=_money(running * Decimal("0.08")),
            ),
            CostLine(
                period=period,
                category=choices.CostCategory.OVERHEAD,
                description="Overhead, 10 % van de personeelskosten",
                amount=_money(hours * rate / 10),
            ),
            CostLine(
                period=period,
                category=choices.CostCategory.HIRED,
                description="Inhuur extern adviseur",
                hours=(running * Decimal("0.2") / 110).quantize(Decimal(1)),
                hourly_rate=Decimal(110),
                bearer_name="Gemeente" if number % 3 == 1 else "",
            ),
            CostLine(
                period=period,
                category=choices.CostCategory.ACTIVITIES,
                description="Activiteiten met bewoners",
                amount=_money(running * Decimal("0.06")),
            ),
        ]
    for line in lines:
        line.plan = plan
        line.is_budget = budget
        line.bearer_name = line.bearer_name or own
        line.source = "Begroting" if budget else "Financiële administratie"
    return CostLine.objects.bulk_create(lines)


def _financing(plan: MonitoringPlan, total: Decimal, *, is_finished: bool) -> list[Financing]:
    """The municipality's neighbourhood budget, the corporations' liveability budget for
    others' work, and the own funds: committed for what others do not pay."""
    municipality = plan.intervention.municipality or plan.organisation.city
    received = Decimal(1) if is_finished else Decimal("0.6")
    items = [
        Financing(
            kind=choices.FinancingKind.MUNICIPAL,
            funder_name=f"Gemeente {municipality}",
            committed=_money(total * Decimal("0.2")),
            received=_money(total * Decimal("0.2") * received),
        )
    ]
    if plan.organisation.kind != Organisation.Kind.HOUSING_CORPORATION:
        items.append(
            Financing(
                kind=choices.FinancingKind.LIVEABILITY,
                funder_name=f"Woningcorporaties in {municipality}",
                committed=_money(total * Decimal("0.3")),
                received=_money(total * Decimal("0.3") * received),
            )
        )
    others = sum((item.committed for item in items), Decimal(0))
    # The organisation's own funds: they stay in its own share (MonitoringPlan.figures()).
    items.append(
        Financing(
            kind=choices.FinancingKind.OWN,
            funder_organisation=plan.organisation,
            committed=_money(total - others),
            received=_money((total - others) * received),
        )
    )
    for item in items:
        item.plan = plan
    return Financing.objects.bulk_create(items)


# Results and valued outcomes


def _results(plan: MonitoringPlan, periods: list, *, practice_type: str, number: int) -> None:
    rows = RESULTS.get(practice_type, GENERAL_RESULTS)[: 1 + number % 3]
    values = []
    for position, (name, unit, per_year) in enumerate(rows):
        targets = [_per_period(per_year, period) for period in periods]
        indicator = OutputIndicator.objects.create(
            plan=plan, name=name, unit=unit, target=sum(targets), baseline=Decimal(0)
        )
        score = Decimal(70 + (number * 13 + position * 29) % 46) / 100  # 70–115 %
        values += [
            OutputValue(
                indicator=indicator,
                period=period,
                target=target,
                realised=(target * score).quantize(Decimal(1)),
                source="Eigen registratie",
            )
            for period, target in zip(periods, targets, strict=True)
        ]
    OutputValue.objects.bulk_create(values)


def _per_period(per_year: int, period: ReportingPeriod) -> Decimal:
    days = (period.end_date - period.start_date).days + 1
    return max(Decimal(1), (Decimal(per_year) * days / Decimal("365.25")).quantize(Decimal(1)))


def _outcome(plan: MonitoringPlan, item: Outcome, quantity: Decimal) -> ValuedOutcome:
    return ValuedOutcome(
        plan=plan,
        outcome=item.outcome,
        beneficiary=item.beneficiary,
        indicator=item.indicator,
        quantity=quantity,
        proxy=item.proxy,
        proxy_source=item.source,
        deadweight=Decimal(item.deadweight),
        displacement=Decimal(item.displacement),
        attribution=Decimal(item.attribution),
        drop_off=Decimal(item.drop_off),
        duration_years=item.duration,
        justification=item.justification,
    )


def _scaled_outcomes(plan: MonitoringPlan, items: list[Outcome], ratio: Decimal) -> list:
    """The outcomes with quantities scaled so the plan's SROI ratio comes near `ratio`."""
    plan = MonitoringPlan.objects.with_details().get(pk=plan.pk)
    pv_costs = plan.figures().sroi.pv_costs
    draft = [_outcome(plan, item, Decimal(item.quantity)) for item in items]
    pv = calculations.present_value_of_benefits(
        calculations.yearly_benefits(outcome.as_calculation() for outcome in draft),
        plan.discount_rate,
    )
    factor = ratio * pv_costs / pv if pv else Decimal(1)
    return [
        _outcome(plan, item, max(Decimal(1), (item.quantity * factor).quantize(Decimal(1))))
        for item in items
    ]


# The plans


def create_plan(intervention: Intervention, plan: descriptions.Plan) -> MonitoringPlan:
    number = plan.number
    monitoring = MonitoringPlan.objects.create(
        intervention=intervention,
        organisation=intervention.organisation,
        start_date=intervention.start_date,
        price_year=PROXY_PRICE_YEAR,
        is_shared=is_shared(plan),
        evidence_notes=(
            "Kosten uit de financiële administratie, resultaten uit de eigen registratie. "
            "De waarden per eenheid zijn indicatief; zie de bron per regel."
        ),
    )
    periods = _create_periods(monitoring, intervention, number)
    practice_type = plan.practice.type
    yearly = intervention.total_budget or descriptions._money(plan)
    lines = _cost_lines(
        monitoring, periods, yearly=yearly, number=number, practice_type=practice_type
    )
    total = sum((line.total for line in lines), Decimal(0))
    _financing(monitoring, total, is_finished=intervention.phase in FINISHED)
    _results(monitoring, periods, practice_type=practice_type, number=number)
    items = [OUTCOMES[(number + step) % len(OUTCOMES)] for step in range(2 + number % 4)]
    if practice_type in INVESTMENTS:
        items = [*INVESTMENT_OUTCOMES, items[0]]
    outcomes = _scaled_outcomes(monitoring, items, RATIOS[number % len(RATIOS)])
    ValuedOutcome.objects.bulk_create(outcomes)
    return monitoring


def _create_worked_example(intervention: Intervention) -> MonitoringPlan:
    """DOMAIN.md §6: 1,560 hours × € 42, € 5,000 materials, 10 % overhead, one year, borne
    80 % by the corporation and 20 % by the municipality; five valued outcomes."""
    plan = MonitoringPlan.objects.create(
        intervention=intervention,
        organisation=intervention.organisation,
        granularity=choices.Granularity.QUARTER,
        start_date=intervention.start_date,
        price_year=PROXY_PRICE_YEAR,
        is_shared=True,
        evidence_notes="Het rekenvoorbeeld van het monitorformat: één jaar inzet.",
    )
    dates = _period_dates(intervention, months=3, count=4)
    periods = ReportingPeriod.objects.bulk_create(
        ReportingPeriod(
            plan=plan,
            label=f"Kwartaal {index} ({start:%Y})",
            start_date=start,
            end_date=end,
            status=choices.PeriodStatus.APPROVED,
        )
        for index, (start, end) in enumerate(dates, start=1)
    )
    _worked_example_costs(plan, periods)
    OutputIndicator.objects.create(
        plan=plan, name="Portiekbezoeken", unit="bezoeken", target=Decimal(400)
    )
    indicator = plan.outputs.get()
    OutputValue.objects.bulk_create(
        OutputValue(
            indicator=indicator,
            period=period,
            target=Decimal(100),
            realised=Decimal(95),
            source="Logboek huismeester",
        )
        for period in periods
    )
    Financing.objects.create(
        plan=plan,
        kind=choices.FinancingKind.MUNICIPAL,
        funder_name="Gemeente Rotterdam",
        committed=Decimal("15414.40"),
        received=Decimal("15414.40"),
    )
    ValuedOutcome.objects.bulk_create(
        _outcome(plan, item, Decimal(item.quantity)) for item in WORKED_EXAMPLE_OUTCOMES
    )
    return plan


def _worked_example_costs(plan: MonitoringPlan, periods: list) -> None:
    """Per quarter 312 + 78 hours × € 42 and overhead; the materials in the first quarter."""
    lines = []
    for bearer, hours, materials in (("Corporatie", 312, 4000), ("Gemeente", 78, 1000)):
        lines.append(
            CostLine(
                period=periods[0],
                category=choices.CostCategory.MATERIALS,
                description="Materiaal en gereedschap",
                amount=Decimal(materials),
                bearer_name=bearer,
            )
        )
        for period in periods:
            lines += [
                CostLine(
                    period=period,
                    category=choices.CostCategory.STAFF,
                    description="Huismeester",
                    hours=Decimal(hours),
                    hourly_rate=Decimal(42),
                    bearer_name=bearer,
                ),
                CostLine(
                    period=period,
                    category=choices.CostCategory.OVERHEAD,
                    description="Overhead, 10 % van de personeelskosten",
                    amount=_money(Decimal(hours) * 42 / 10),
                    bearer_name=bearer,
                ),
            ]
    for line in lines:
        line.plan = plan
        line.source = "Financiële administratie"
    CostLine.objects.bulk_create(lines)


def seed_proxies() -> int:
    created = 0
    for name, unit, value in PROXIES:
        _, is_new = FinancialProxy.objects.get_or_create(
            name=name,
            defaults={
                "unit": unit,
                "value": value,
                "price_year": PROXY_PRICE_YEAR,
                "source": WORKED_EXAMPLE_SOURCE,
            },
        )
        created += is_new
    return created


def worked_example_description() -> descriptions.Plan:
    """The demo description that carries the worked example: the first caretaker."""
    return descriptions.plans()[0]


@transaction.atomic
def seed_monitoring() -> int:
    """Create the demo monitoring that does not exist yet; return how many plans were created."""
    seed_proxies()
    example = worked_example_description()
    interventions = {
        (item.title, item.organisation.slug): item
        for item in Intervention.objects.filter(monitoring__isnull=True).select_related(
            "organisation"
        )
    }
    created = 0
    for plan in descriptions.plans():
        intervention = interventions.get((plan.title, plan.organisation))
        if intervention is None or not is_monitored(plan) or not intervention.start_date:
            continue
        if plan == example:
            _create_worked_example(intervention)
        else:
            create_plan(intervention, plan)
        created += 1
    return created
