"""Demo liveability budget rounds: a decided round of last year and an open round of this year.

Three partners run rounds, Woonstichting De Maasoever of the demo manager among them. Last
year's round was decided through `services.decide_application`, so every award is a financing
line in the monitoring of its description; the services refuse dates in the past, so that round
and its applications are written directly (valid, the constraints hold) and backdated after the
decisions. This year's round closes three weeks from today; its drafts and submitted
applications go through the services. Deterministic and safe to repeat: a round is known by its
organisation and name, and an existing one is left alone.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from reversion.models import Revision

from budgets import services
from budgets.models import BudgetApplication, BudgetDecision, BudgetRound
from demo import accounts as cast
from demo import interventions as descriptions
from demo import monitoring as monitoring_demo
from interventions.models import Intervention
from monitoring.models import MonitoringPlan
from wwidw.models import Organisation, User

Status = BudgetApplication.Status


@dataclass(frozen=True)
class DemoApplication:
    """An application of the demo description `number` (demo/interventions.py), with its
    decision in last year's round, or its status (draft or submitted) in this year's."""

    number: int
    amount: int
    co_financing: int
    motivation: str
    status: str
    awarded: int | None = None
    reason: str = ""


@dataclass(frozen=True)
class DemoRound:
    organisation: str
    total_budget: int
    threshold: int
    decided: tuple[DemoApplication, ...]
    open: tuple[DemoApplication, ...]


ROUND_DESCRIPTION = (
    "Geld voor projecten die de leefbaarheid in onze buurten versterken. Vraag je meer dan de "
    "drempel, beschrijf het project dan volledig in het WWidW-format; anders volstaat een kort "
    "plan. We kijken naar het probleem, de onderbouwing en wat het project bij bewoners oplevert."
)

ROUNDS = [
    DemoRound(
        "maasoever",
        total_budget=150_000,
        threshold=25_000,
        decided=(
            DemoApplication(
                17,
                45_000,
                95_000,
                "De straatcoaches houden de pleinen van Crooswijk 's avonds rustig; zonder "
                "extra geld stoppen ze na de zomer.",
                Status.PARTLY_AWARDED,
                awarded=30_000,
                reason=(
                    "De ronde betaalt het eerste halfjaar. Daarna delen de gemeente en de "
                    "corporatie de kosten, zoals afgesproken in het wijkoverleg."
                ),
            ),
            DemoApplication(
                51,
                20_000,
                40_000,
                "Bewoners van Vreewijk dienen steeds meer initiatieven in; het wijkbudget is "
                "halverwege het jaar op.",
                Status.AWARDED,
                reason="Past precies bij de regeling: bewoners beslissen zelf mee.",
            ),
            DemoApplication(
                0,
                30_000,
                47_072,
                "Een tweede huismeester voor de portiekflats aan de westkant van Oude Westen.",
                Status.REJECTED,
                reason=(
                    "De huismeester wordt al uit het wijkbudget van de gemeente betaald. Het "
                    "leefbaarheidsbudget is voor wat er nog niet is; vraag de uitbreiding aan "
                    "bij de gemeente."
                ),
            ),
            DemoApplication(
                34,
                18_000,
                0,
                "Meer uren voor de wooncoach, zodat ook senioren op de wachtlijst een gesprek "
                "krijgen.",
                Status.REJECTED,
                reason=(
                    "Wooncoaching hoort bij de gewone dienstverlening. Vraag de uren aan in de "
                    "begroting van het klantteam."
                ),
            ),
        ),
        open=(
            DemoApplication(
                0,
                25_000,
                15_000,
                "De huismeester van Oude Westen krijgt er twee portieken bij aan de Gaffelstraat.",
                Status.SUBMITTED,
            ),
            DemoApplication(
                51,
                15_000,
                30_000,
                "Een tweede jaar wijkbudget voor bewonersinitiatieven in Vreewijk.",
                Status.DRAFT,
            ),
        ),
    ),
    DemoRound(
        "amstelkring",
        total_budget=120_000,
        threshold=20_000,
        decided=(
            DemoApplication(
                52,
                35_000,
                62_000,
                "Het bewonersbedrijf wil de oude school ook 's avonds openstellen.",
                Status.AWARDED,
                reason="Een sterk plan met veel eigen inzet van bewoners.",
            ),
            DemoApplication(
                1,
                60_000,
                0,
                "Wooncoaches en een buurtkamer tijdens de sloop en nieuwbouw in Bos en Lommer.",
                Status.PARTLY_AWARDED,
                awarded=25_000,
                reason=(
                    "Alleen de wooncoaches bij de verhuizingen. De buurtkamer hoort bij het "
                    "projectbudget van de herstructurering."
                ),
            ),
            DemoApplication(
                18,
                40_000,
                10_000,
                "Begeleiding van de bewoners van de Skaeve Huse en hun buren.",
                Status.REJECTED,
                reason="De begeleiding is een taak van de zorgpartner; die betaalt haar al.",
            ),
            DemoApplication(
                35,
                22_000,
                5_000,
                "Het buurthuis weer openen op zaterdag.",
                Status.REJECTED,
                reason="Het buurthuis is gesloten; kom terug met een nieuwe beheerder.",
            ),
        ),
        open=(
            DemoApplication(
                18,
                15_000,
                10_000,
                "Een buurtavond per kwartaal met de bewoners van de Skaeve Huse en de buren.",
                Status.SUBMITTED,
            ),
            DemoApplication(
                52,
                12_000,
                20_000,
                "Een werkplaats in het bewonersbedrijf voor jongeren uit de buurt.",
                Status.DRAFT,
            ),
        ),
    ),
    DemoRound(
        "hofstad-woonkracht",
        total_budget=100_000,
        threshold=15_000,
        decided=(
            DemoApplication(
                36,
                40_000,
                160_000,
                "Twee extra leerwerkplekken in het buurtbeheerbedrijf van Moerwijk.",
                Status.AWARDED,
                reason="Werk en een schone buurt tegelijk: precies waar de regeling voor is.",
            ),
            DemoApplication(
                53,
                12_000,
                3_000,
                "Taalmaatjes voor nieuwe bewoners van de Schilderswijk.",
                Status.PARTLY_AWARDED,
                awarded=8_000,
                reason="De ronde betaalt de maatjes; de lesboeken vraagt de bibliotheek.",
            ),
            DemoApplication(
                2,
                25_000,
                0,
                "Een korting op de verkoopprijs voor starters uit de buurt.",
                Status.REJECTED,
                reason="Korting op verkoop is geen leefbaarheidsproject.",
            ),
            DemoApplication(
                19,
                30_000,
                10_000,
                "Een extra medewerker achter de voordeur in Transvaal.",
                Status.REJECTED,
                reason="Het project is afgerond; dien een nieuw plan in voor een vervolg.",
            ),
        ),
        open=(
            DemoApplication(
                36,
                10_000,
                40_000,
                "Gereedschap en werkkleding voor de nieuwe leerlingen van het buurtbeheerbedrijf.",
                Status.SUBMITTED,
            ),
            DemoApplication(
                2,
                8_000,
                0,
                "Voorlichtingsavonden voor huurders die hun woning willen kopen.",
                Status.DRAFT,
            ),
        ),
    ),
]


def _people(slug: str) -> tuple[User, list[User]] | None:
    """The demo manager and staff members of the organisation, or None when missing."""
    item = next(item for item in cast.ORGANISATIONS if item.slug == slug)
    members = cast.members_of(item)
    users = {user.email: user for user in User.objects.filter(email__in=[m[1] for m in members])}
    manager, *staff = [users.get(email) for _name, email, _role in members]
    staff = [user for user in staff if user is not None]
    return (manager, staff) if manager and staff else None


def _descriptions(slug: str) -> dict[int, Intervention]:
    """The organisation's demo descriptions by their number, leaving archived ones out."""
    plans = {plan.title: plan.number for plan in descriptions.plans() if plan.organisation == slug}
    found = Intervention.objects.filter(organisation__slug=slug, title__in=plans).exclude(
        status=Intervention.Status.ARCHIVED
    )
    return {plans[item.title]: item for item in found}


def _moment(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _ensure_monitoring(intervention: Intervention, number: int) -> None:
    """Give an awarded description without monitoring the demo monitoring of its kind."""
    if not MonitoringPlan.objects.filter(intervention=intervention).exists():
        monitoring_demo.create_plan(intervention, descriptions.plans()[number])


def _create_decided_round(
    demo: DemoRound, organisation: Organisation, people: tuple, found: dict, year: int
) -> BudgetRound:
    manager, staff = people
    budget_round = BudgetRound(
        organisation=organisation,
        name=f"Leefbaarheidsbudget {year}",
        year=year,
        description=ROUND_DESCRIPTION,
        total_budget=Decimal(demo.total_budget),
        threshold=Decimal(demo.threshold),
        opening_date=datetime.date(year, 3, 1),
        closing_date=datetime.date(year, 4, 30),
        status=BudgetRound.Status.REVIEW,
    )
    budget_round.full_clean()
    budget_round.save()
    applications = []
    for index, item in enumerate(demo.decided):
        if item.number not in found:
            continue
        application = BudgetApplication(
            round=budget_round,
            intervention=found[item.number],
            applicant=staff[index % len(staff)],
            amount_requested=Decimal(item.amount),
            co_financing=Decimal(item.co_financing),
            motivation=item.motivation,
            status=Status.SUBMITTED,
            submitted_at=_moment(datetime.date(year, 4, 10 + index), 10),
        )
        application.full_clean()
        application.save()
        applications.append((application, item))
    _decide(budget_round, applications, manager, year)
    return budget_round


def _decide(budget_round: BudgetRound, applications: list, manager: User, year: int) -> None:
    """Decide as the manager did last May, then close the round and date it all back."""
    started = timezone.now()
    for application, item in applications:
        if item.status in BudgetApplication.AWARDS:
            _ensure_monitoring(application.intervention, item.number)
        services.decide_application(
            application=application,
            status=item.status,
            awarded_amount=None if item.awarded is None else Decimal(item.awarded),
            reason=item.reason,
            by=manager,
            notify=False,
        )
    services.set_round_status(round=budget_round, status=BudgetRound.Status.DECIDED, by=manager)
    decided_at = _moment(datetime.date(year, 5, 20), 14)
    BudgetRound.objects.filter(pk=budget_round.pk).update(
        created_at=_moment(datetime.date(year, 2, 15), 9), updated_at=decided_at
    )
    for application, _item in applications:
        BudgetApplication.objects.filter(pk=application.pk).update(
            created_at=application.submitted_at - datetime.timedelta(days=5),
            updated_at=decided_at,
            decided_at=decided_at,
        )
    BudgetDecision.objects.filter(application__round=budget_round).update(decided_at=decided_at)
    # The monitoring's history shows the award on the day it was decided.
    Revision.objects.filter(date_created__gte=started, comment__contains=budget_round.name).update(
        date_created=decided_at
    )


def _create_open_round(
    demo: DemoRound, organisation: Organisation, people: tuple, found: dict, today: datetime.date
) -> BudgetRound:
    staff = people[1]
    budget_round = BudgetRound(
        organisation=organisation,
        name=f"Leefbaarheidsbudget {today.year}",
        year=today.year,
        description=ROUND_DESCRIPTION,
        total_budget=Decimal(demo.total_budget),
        threshold=Decimal(demo.threshold),
        opening_date=today - datetime.timedelta(days=14),
        closing_date=today + datetime.timedelta(days=21),
    )
    budget_round.full_clean()
    budget_round.save()
    for index, item in enumerate(demo.open):
        if item.number not in found:
            continue
        applicant = staff[index % len(staff)]
        data = {
            "intervention": found[item.number],
            "amount_requested": Decimal(item.amount),
            "co_financing": Decimal(item.co_financing),
            "motivation": item.motivation,
        }
        application = services.save_application(round=budget_round, **data, by=applicant)
        if item.status == Status.SUBMITTED:
            services.submit_application(application=application, by=applicant)
    return budget_round


@transaction.atomic
def seed_budget_rounds() -> int:
    """Create the demo rounds that do not exist yet; return how many were created."""
    today = timezone.localdate()
    last_year = today.year - 1
    organisations = Organisation.objects.in_bulk(
        [demo.organisation for demo in ROUNDS], field_name="slug"
    )
    created = 0
    for demo in ROUNDS:
        organisation = organisations.get(demo.organisation)
        people = _people(demo.organisation)
        if organisation is None or people is None:
            continue
        found = _descriptions(demo.organisation)
        existing = set(organisation.budget_rounds.values_list("name", flat=True))
        if f"Leefbaarheidsbudget {last_year}" not in existing:
            _create_decided_round(demo, organisation, people, found, last_year)
            created += 1
        if f"Leefbaarheidsbudget {today.year}" not in existing:
            _create_open_round(demo, organisation, people, found, today)
            created += 1
    return created
