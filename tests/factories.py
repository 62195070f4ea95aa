import datetime
import decimal
from collections.abc import Iterable

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from archetypes import choices as archetype_choices
from archetypes.models import ActiveIngredient as ArchetypeIngredient
from archetypes.models import Archetype, ArchetypeIntervention, EffectVerdict, Reference
from budgets.models import BudgetApplication, BudgetRound
from events.models import Registration, SessionIngredient, ThemeSession
from interventions import services
from interventions.models import (
    ActiveIngredient,
    Activity,
    Effect,
    IntendedEffect,
    Intervention,
    InterventionType,
    TargetGroup,
    Theme,
    TheoryStep,
)
from monitoring.models import (
    CostLine,
    EffectIndicator,
    EffectMeasurement,
    Financing,
    MonitoringPlan,
    OutputIndicator,
    OutputValue,
    ReportingPeriod,
    StandardIndicator,
    ValuedOutcome,
)
from wwidw.models import (
    INVITATION_DAYS,
    Invitation,
    Membership,
    Organisation,
    User,
    invitation_token_hash,
)

TEST_PASSWORD = "een-lang-testwachtwoord"


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"gebruiker{n}@partner.example")
    full_name = factory.Sequence(lambda n: f"Medewerker {n}")
    password = factory.django.Password(TEST_PASSWORD)


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Woonstichting {n}")
    slug = factory.Sequence(lambda n: f"woonstichting-{n}")
    kind = Organisation.Kind.HOUSING_CORPORATION
    city = "Rotterdam"


class InvitationFactory(DjangoModelFactory):
    """An open invitation whose link token is `invitation-<n>`."""

    class Meta:
        model = Invitation

    organisation = factory.SubFactory(OrganisationFactory)
    email = factory.Sequence(lambda n: f"collega{n}@partner.example")
    token_hash = factory.Sequence(lambda n: invitation_token_hash(f"invitation-{n}"))
    expires_at = factory.LazyFunction(
        lambda: timezone.now() + datetime.timedelta(days=INVITATION_DAYS)
    )


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Membership.Role.MEMBER


class InterventionFactory(DjangoModelFactory):
    """A draft description with only a title; see `make_complete` for one ready to publish."""

    class Meta:
        model = Intervention

    organisation = factory.SubFactory(OrganisationFactory)
    created_by = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Huismeester in de portiekflats {n}")


def make_complete(intervention: Intervention) -> Intervention:
    """Fill every required item of the format, so the description can be published."""
    intervention.summary = "Een vaste huismeester is dagelijks aanwezig in de portiekflats."
    intervention.phase = Intervention.Phase.RUNNING
    intervention.start_date = datetime.date(2024, 1, 1)
    intervention.municipality = "Rotterdam"
    intervention.neighbourhood = "Oude Westen"
    intervention.occasion = "Veel klachten over vervuiling en overlast in de portieken."
    intervention.problem_analysis = "Bewoners voelen zich onveilig; de woningen staan vaak leeg."
    intervention.main_goal = "Schone, veilige portieken en tevreden huurders."
    intervention.approach = "De huismeester loopt dagelijks rond en spreekt bewoners aan."
    intervention.total_budget = decimal.Decimal("77072.00")
    intervention.save()
    intervention.intervention_types.add(
        InterventionType.objects.get(slug="huismeester-complexbeheerder")
    )
    intervention.themes.add(Theme.objects.get(slug="leefbaarheid"))
    intervention.target_groups.add(TargetGroup.objects.get(slug="huurders-van-een-complex"))
    IntendedEffect.objects.create(
        intervention=intervention, effect=Effect.objects.get(code="VE.01"), indicator="meldingen"
    )
    Activity.objects.create(intervention=intervention, name="Dagelijkse ronde")
    TheoryStep.objects.create(
        intervention=intervention,
        position=1,
        if_text="de huismeester dagelijks in de portieken is",
        then_text="worden overlast en vervuiling eerder gesignaleerd",
        because_text="er een aanspreekpunt en sociale controle is",
    )
    ActiveIngredient.objects.create(intervention=intervention, name="Vast gezicht")
    return intervention


def make_published(organisation, by, *, visibility: str = "partners", **fields) -> Intervention:
    """A complete description, published through the service and ready for search."""
    intervention = make_complete(
        InterventionFactory(
            organisation=organisation, created_by=by, visibility=visibility, **fields
        )
    )
    services.publish_intervention(intervention=intervention, by=by)
    services.refresh_derived_fields(intervention)
    return intervention


# Monitoring


class MonitoringPlanFactory(DjangoModelFactory):
    class Meta:
        model = MonitoringPlan

    intervention = factory.SubFactory(InterventionFactory)
    organisation = factory.SelfAttribute("intervention.organisation")
    start_date = datetime.date(2025, 1, 1)


class ReportingPeriodFactory(DjangoModelFactory):
    class Meta:
        model = ReportingPeriod

    plan = factory.SubFactory(MonitoringPlanFactory)
    label = factory.Sequence(lambda n: str(2025 + n))
    start_date = factory.LazyAttribute(lambda period: datetime.date(int(period.label), 1, 1))
    end_date = factory.LazyAttribute(lambda period: datetime.date(int(period.label), 12, 31))


class CostLineFactory(DjangoModelFactory):
    class Meta:
        model = CostLine

    period = factory.SubFactory(ReportingPeriodFactory)
    plan = factory.SelfAttribute("period.plan")
    category = "materiaal"
    amount = decimal.Decimal("1000.00")


class FinancingFactory(DjangoModelFactory):
    class Meta:
        model = Financing

    plan = factory.SubFactory(MonitoringPlanFactory)
    kind = "eigen_middelen"
    committed = decimal.Decimal("1000.00")
    received = decimal.Decimal("1000.00")


class OutputIndicatorFactory(DjangoModelFactory):
    class Meta:
        model = OutputIndicator

    plan = factory.SubFactory(MonitoringPlanFactory)
    name = factory.Sequence(lambda n: f"Huisbezoeken {n}")
    unit = "bezoeken"
    target = decimal.Decimal("100")


class OutputValueFactory(DjangoModelFactory):
    class Meta:
        model = OutputValue

    indicator = factory.SubFactory(OutputIndicatorFactory)
    period = factory.SubFactory(
        ReportingPeriodFactory, plan=factory.SelfAttribute("..indicator.plan")
    )
    target = decimal.Decimal("100")
    realised = decimal.Decimal("80")


class ValuedOutcomeFactory(DjangoModelFactory):
    class Meta:
        model = ValuedOutcome

    plan = factory.SubFactory(MonitoringPlanFactory)
    outcome = "Minder vandalismeherstel"
    beneficiary = "Corporatie"
    quantity = decimal.Decimal("40")
    proxy = decimal.Decimal("250.00")


class StandardIndicatorFactory(DjangoModelFactory):
    """A library indicator of VE.03 hogere veiligheidsbeleving."""

    class Meta:
        model = StandardIndicator

    effect = factory.LazyFunction(lambda: Effect.objects.get(code="VE.03"))
    name = factory.Sequence(lambda n: f"% bewoners dat zich veilig voelt in de buurt {n}")
    scale = "procent"
    unit = "%"
    direction = "hoger"
    method = "enquete"
    source = "Bewonersenquête"


class EffectIndicatorFactory(DjangoModelFactory):
    """The first worked example of DOMAIN.md §6a without its measurements: % feeling safe,
    baseline 62.0 in March 2018, target 70.0. Pass `effect=` one of the description's intended
    effects when it matters."""

    class Meta:
        model = EffectIndicator

    plan = factory.SubFactory(MonitoringPlanFactory)
    effect = factory.LazyFunction(lambda: Effect.objects.get(code="VE.03"))
    name = factory.Sequence(lambda n: f"Bewoners die zich veilig voelen in de buurt {n}")
    scale = "procent"
    unit = "%"
    direction = "hoger"
    method = "enquete"
    baseline_value = decimal.Decimal("62.0")
    baseline_date = datetime.date(2018, 3, 1)
    target_value = decimal.Decimal("70.0")
    target_date = datetime.date(2021, 3, 1)


class EffectMeasurementFactory(DjangoModelFactory):
    class Meta:
        model = EffectMeasurement

    indicator = factory.SubFactory(EffectIndicatorFactory)
    date = factory.Sequence(lambda n: datetime.date(2019 + n, 3, 1))
    value = decimal.Decimal("66.0")


def store_figures(plan: MonitoringPlan) -> MonitoringPlan:
    """Keep the plan's figures (and its indicators' status) as a save of the monitoring does."""
    MonitoringPlan.objects.with_details().get(pk=plan.pk).store_figures()
    plan.refresh_from_db()
    return plan


# Liveability budget rounds


class BudgetRoundFactory(DjangoModelFactory):
    """An open round of partner-sized money that accepts applications today."""

    class Meta:
        model = BudgetRound

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Leefbaarheidsbudget ronde {n}")
    year = factory.LazyFunction(lambda: datetime.date.today().year)
    total_budget = decimal.Decimal("50000.00")
    opening_date = factory.LazyFunction(lambda: datetime.date.today() - datetime.timedelta(days=7))
    closing_date = factory.LazyFunction(
        lambda: datetime.date.today() + datetime.timedelta(days=14)
    )
    threshold = decimal.Decimal("10000.00")


class BudgetApplicationFactory(DjangoModelFactory):
    """A draft application of a description of the round's own organisation."""

    class Meta:
        model = BudgetApplication

    round = factory.SubFactory(BudgetRoundFactory)
    applicant = factory.SubFactory(UserFactory)
    intervention = factory.SubFactory(
        InterventionFactory,
        organisation=factory.SelfAttribute("..round.organisation"),
        created_by=factory.SelfAttribute("..applicant"),
    )
    amount_requested = decimal.Decimal("5000.00")
    motivation = "De portiekflats hebben dagelijks een aanspreekpunt nodig."


# Archetypes


def make_plan(
    intervention,
    *,
    cost: decimal.Decimal,
    benefits: decimal.Decimal | None = None,
    outputs: Iterable[tuple[str, decimal.Decimal]] = (),
    is_shared: bool = True,
) -> MonitoringPlan:
    """A monitoring plan of one year with its figures stored, as archetype figures read it:
    one cost line of `cost`, one valued outcome worth `benefits` (no discounting, so the SROI
    ratio is benefits / cost), and a direct result per (unit, realised) of `outputs`."""
    plan = MonitoringPlanFactory(
        intervention=intervention, is_shared=is_shared, discount_rate=decimal.Decimal(0)
    )
    period = ReportingPeriodFactory(plan=plan, label="2025")
    CostLineFactory(plan=plan, period=period, amount=cost)
    if benefits is not None:
        ValuedOutcomeFactory(plan=plan, quantity=decimal.Decimal(1), proxy=benefits)
    for unit, realised in outputs:
        OutputValueFactory(
            indicator=OutputIndicatorFactory(plan=plan, unit=unit),
            period=period,
            realised=realised,
        )
    MonitoringPlan.objects.with_details().get(pk=plan.pk).store_figures()
    plan.refresh_from_db()
    return plan


class ArchetypeFactory(DjangoModelFactory):
    """A draft archetype of the type "Huismeester / complexbeheerder" (from the vocabulary
    migration); pass `status=archetype_choices.Status.PUBLISHED` for a published one."""

    class Meta:
        model = Archetype

    title = factory.Sequence(lambda n: f"Huismeester in de buurt {n}")
    slug = factory.Sequence(lambda n: f"huismeester-in-de-buurt-{n}")
    intervention_type = factory.LazyFunction(
        lambda: InterventionType.objects.get(slug="huismeester-complexbeheerder")
    )
    status = archetype_choices.Status.CONCEPT
    summary = "Een vaste huismeester is dagelijks aanwezig en spreekt bewoners aan."
    published_at = factory.LazyAttribute(
        lambda archetype: (
            timezone.now() if archetype.status == archetype_choices.Status.PUBLISHED else None
        )
    )


class ReferenceFactory(DjangoModelFactory):
    class Meta:
        model = Reference

    archetype = factory.SubFactory(ArchetypeFactory)
    authors = "Wittebrood, K., & Van Dijk, T."
    year = 2007
    title = factory.Sequence(lambda n: f"Aandacht voor de wijk {n}")


class ActiveIngredientFactory(DjangoModelFactory):
    """An active ingredient of an archetype (not of a description)."""

    class Meta:
        model = ArchetypeIngredient

    archetype = factory.SubFactory(ArchetypeFactory)
    position = factory.Sequence(lambda n: n)
    name = factory.Sequence(lambda n: f"Vast gezicht {n}")
    support = archetype_choices.Support.PRACTICE


class EffectVerdictFactory(DjangoModelFactory):
    class Meta:
        model = EffectVerdict

    archetype = factory.SubFactory(ArchetypeFactory)
    effect = factory.LazyFunction(lambda: Effect.objects.get(code="VE.03"))
    rating = "+"


class ArchetypeInterventionFactory(DjangoModelFactory):
    class Meta:
        model = ArchetypeIntervention

    archetype = factory.SubFactory(ArchetypeFactory)
    intervention = factory.SubFactory(InterventionFactory)


# Theme sessions


class ThemeSessionFactory(DjangoModelFactory):
    """An upcoming session, two weeks ahead, whose registration is open, with 30 places."""

    class Meta:
        model = ThemeSession

    title = factory.Sequence(lambda n: f"Wat werkt in de huismeesterij {n}")
    slug = factory.Sequence(lambda n: f"wat-werkt-in-de-huismeesterij-{n}")
    starts_at = factory.LazyFunction(
        lambda: (timezone.now() + datetime.timedelta(days=14)).replace(microsecond=0)
    )
    ends_at = factory.LazyAttribute(
        lambda session: session.starts_at + datetime.timedelta(hours=3)
    )
    venue = "Buurthuis De Schakel"
    address = "Hoogstraat 1, Rotterdam"
    capacity = 30
    registration_opens_at = factory.LazyAttribute(
        lambda session: session.starts_at - datetime.timedelta(days=30)
    )
    registration_closes_at = factory.LazyAttribute(
        lambda session: session.starts_at - datetime.timedelta(days=1)
    )


class RegistrationFactory(DjangoModelFactory):
    """A confirmed registration; the user becomes a member of the organisation if not yet."""

    class Meta:
        model = Registration
        skip_postgeneration_save = True  # the hook saves a membership, not the registration

    session = factory.SubFactory(ThemeSessionFactory)
    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    status = Registration.Status.CONFIRMED

    @factory.post_generation
    def membership(self, create, extracted, **kwargs):
        if create:
            Membership.objects.get_or_create(user=self.user, organisation=self.organisation)


class SessionIngredientFactory(DjangoModelFactory):
    class Meta:
        model = SessionIngredient

    session = factory.SubFactory(ThemeSessionFactory)
    name = factory.Sequence(lambda n: f"Vaste aanwezigheid {n}")
