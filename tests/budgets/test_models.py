import datetime
import decimal

import pytest
from django.db import IntegrityError, transaction

from budgets.models import BudgetApplication, BudgetDecision, BudgetRound, Completeness
from interventions.models import Intervention
from tests.factories import (
    BudgetApplicationFactory,
    BudgetRoundFactory,
    InterventionFactory,
    make_complete,
)

D = decimal.Decimal
TODAY = datetime.date(2026, 3, 10)


@pytest.fixture
def budget_round(partner_a):
    return BudgetRoundFactory(organisation=partner_a, total_budget=D("50000.00"))


@pytest.fixture
def application(budget_round, member_a):
    return BudgetApplicationFactory(round=budget_round, applicant=member_a)


# Constraints


@pytest.mark.parametrize("amount", [D("0.00"), D("-1.00")])
def test_a_round_needs_a_positive_budget(partner_a, amount):
    with pytest.raises(IntegrityError), transaction.atomic():
        BudgetRoundFactory(organisation=partner_a, total_budget=amount)


def test_a_round_cannot_close_before_it_opens(partner_a):
    with pytest.raises(IntegrityError), transaction.atomic():
        BudgetRoundFactory(
            organisation=partner_a,
            opening_date=datetime.date(2026, 3, 1),
            closing_date=datetime.date(2026, 2, 28),
        )


def test_a_round_may_open_and_close_on_one_day(partner_a):
    day = datetime.date(2026, 3, 1)
    assert BudgetRoundFactory(organisation=partner_a, opening_date=day, closing_date=day).pk


def test_a_negative_threshold_is_refused(partner_a):
    with pytest.raises(IntegrityError), transaction.atomic():
        BudgetRoundFactory(organisation=partner_a, threshold=D("-0.01"))


def test_a_round_name_is_unique_within_the_organisation(partner_a, partner_b):
    BudgetRoundFactory(organisation=partner_a, name="Ronde 2026")
    assert BudgetRoundFactory(organisation=partner_b, name="Ronde 2026").pk
    with pytest.raises(IntegrityError), transaction.atomic():
        BudgetRoundFactory(organisation=partner_a, name="Ronde 2026")


def test_an_unknown_round_status_is_refused(partner_a):
    with pytest.raises(IntegrityError), transaction.atomic():
        BudgetRoundFactory(organisation=partner_a, status="gesloten")


@pytest.mark.parametrize("amount", [D("0.00"), D("-500.00")])
def test_an_application_asks_a_positive_amount(budget_round, member_a, amount):
    with pytest.raises(IntegrityError), transaction.atomic():
        BudgetApplicationFactory(round=budget_round, applicant=member_a, amount_requested=amount)


def test_negative_co_financing_is_refused(budget_round, member_a):
    with pytest.raises(IntegrityError), transaction.atomic():
        BudgetApplicationFactory(round=budget_round, applicant=member_a, co_financing=D("-1"))


def test_a_description_applies_once_per_round(application, member_a, partner_a):
    with pytest.raises(IntegrityError), transaction.atomic():
        BudgetApplicationFactory(
            round=application.round, applicant=member_a, intervention=application.intervention
        )
    other_round = BudgetRoundFactory(organisation=partner_a)
    assert BudgetApplicationFactory(
        round=other_round, applicant=member_a, intervention=application.intervention
    ).pk


def _decide(application, manager, **fields) -> None:
    BudgetApplication.objects.filter(pk=application.pk).update(
        decided_by=manager, decided_at=datetime.datetime.now(datetime.UTC), **fields
    )


@pytest.mark.parametrize(
    ("status", "awarded"),
    [
        ("toegekend", D("4999.99")),  # awarded is what was asked
        ("toegekend", None),  # a CHECK passes on NULL: the award states its amount
        ("deels_toegekend", D("5000.00")),  # partly is less than asked
        ("deels_toegekend", D("0.00")),
        ("deels_toegekend", None),
        ("afgewezen", D("100.00")),  # nothing otherwise
        ("ingediend", D("100.00")),
        ("concept", D("5000.00")),
    ],
)
def test_an_award_must_match_the_status(application, manager_a, status, awarded):
    with pytest.raises(IntegrityError), transaction.atomic():
        _decide(application, manager_a, status=status, awarded_amount=awarded)


@pytest.mark.parametrize(
    ("status", "awarded"),
    [("toegekend", D("5000.00")), ("deels_toegekend", D("0.01")), ("afgewezen", None)],
)
def test_awards_that_match_the_status_are_stored(application, manager_a, status, awarded):
    _decide(application, manager_a, status=status, awarded_amount=awarded)
    application.refresh_from_db()
    assert application.awarded_amount == awarded
    assert application.is_decided


def test_a_decision_names_who_took_it(application):
    with pytest.raises(IntegrityError), transaction.atomic():
        BudgetApplication.objects.filter(pk=application.pk).update(
            status="afgewezen", decided_at=datetime.datetime.now(datetime.UTC)
        )


def test_the_decision_log_holds_decisions_only(application, manager_a):
    with pytest.raises(IntegrityError), transaction.atomic():
        BudgetDecision.objects.create(
            application=application, status="ingediend", decided_by=manager_a
        )


# Accepting applications


@pytest.mark.parametrize(
    ("today", "accepting"),
    [
        (datetime.date(2026, 2, 28), False),  # the day before opening
        (datetime.date(2026, 3, 1), True),  # the opening day
        (datetime.date(2026, 3, 31), True),  # the closing day is included
        (datetime.date(2026, 4, 1), False),  # the day after
    ],
)
def test_a_round_accepts_applications_from_opening_to_closing_day(partner_a, today, accepting):
    budget_round = BudgetRoundFactory(
        organisation=partner_a,
        opening_date=datetime.date(2026, 3, 1),
        closing_date=datetime.date(2026, 3, 31),
    )
    assert budget_round.is_accepting_applications(today) is accepting
    found = BudgetRound.objects.accepting_applications(today).filter(pk=budget_round.pk).exists()
    assert found is accepting


@pytest.mark.parametrize("status", ["in_beoordeling", "besloten"])
def test_a_round_under_review_or_decided_accepts_nothing(partner_a, status):
    budget_round = BudgetRoundFactory(organisation=partner_a, status=status)
    assert not budget_round.is_accepting_applications()


# What a description lacks


def _labels(application) -> list[str]:
    return [f"{item.section.title}: {item.label}" for item in application.missing()]


def short_plan(organisation, **fields) -> Intervention:
    """A description with the short plan filled in (steps 1–4 and 6), in phase "plan"."""
    intervention = make_complete(InterventionFactory(organisation=organisation, **fields))
    intervention.phase = Intervention.Phase.PLAN
    intervention.save()
    intervention.theory_steps.all().delete()
    intervention.active_ingredients.all().delete()
    return intervention


def test_a_title_alone_lacks_the_short_plan(application):
    labels = _labels(application)
    assert labels[0] == "Basisgegevens: fase ‘plan’ of ‘in uitvoering’ (nu: idee)"
    assert "Basisgegevens: samenvatting" in labels
    assert "Probleem en doelgroep: aanleiding" in labels
    assert "Doelen en beoogde effecten: beoogde effecten" in labels
    assert "Middelen: totale begroting (€)" in labels
    # Below the threshold the other steps are not asked.
    assert not any(label.startswith("Veronderstellingen") for label in labels)


def test_a_short_plan_suffices_up_to_the_threshold(budget_round, member_a, partner_a):
    application = BudgetApplicationFactory(
        round=budget_round,
        applicant=member_a,
        intervention=short_plan(partner_a),
        amount_requested=D("10000.00"),  # the threshold itself
    )
    assert not application.needs_complete_description
    assert application.missing() == []
    assert application.completeness() == Completeness.SHORT_PLAN


def test_above_the_threshold_the_whole_format_is_asked(budget_round, member_a, partner_a):
    application = BudgetApplicationFactory(
        round=budget_round,
        applicant=member_a,
        intervention=short_plan(partner_a),
        amount_requested=D("10000.01"),
    )
    assert application.needs_complete_description
    names = [item.name for item in application.missing()]
    assert names == ["theory_steps", "active_ingredients"]
    assert application.completeness() == Completeness.INCOMPLETE
    complete = make_complete(InterventionFactory(organisation=partner_a))
    application.intervention = complete
    assert application.missing() == []
    assert application.completeness() == Completeness.COMPLETE


def test_without_threshold_a_short_plan_always_suffices(partner_a, member_a):
    budget_round = BudgetRoundFactory(organisation=partner_a, threshold=None)
    application = BudgetApplicationFactory(
        round=budget_round,
        applicant=member_a,
        intervention=short_plan(partner_a),
        amount_requested=D("50000.00"),
    )
    assert application.missing() == []


@pytest.mark.parametrize(
    ("phase", "lacks_phase"),
    [("idee", True), ("plan", False), ("in_uitvoering", False), ("afgerond", True)],
)
def test_only_a_plan_or_running_project_applies(application, partner_a, phase, lacks_phase):
    application.intervention = short_plan(partner_a, phase=phase)
    Intervention.objects.filter(pk=application.intervention.pk).update(phase=phase)
    application.intervention.refresh_from_db()
    names = [item.name for item in application.missing()]
    assert ("phase" in names) is lacks_phase
    assert names in ([], ["phase"])


def test_a_decided_project_may_since_have_finished(application, partner_a, manager_a):
    """The phase rule holds until the decision: last year's award is not made incomplete
    because its project has finished since."""
    application.intervention = short_plan(partner_a)
    application.save()
    _decide(application, manager_a, status="toegekend", awarded_amount=D("5000.00"))
    application.refresh_from_db()
    Intervention.objects.filter(pk=application.intervention.pk).update(phase="afgerond")
    application.intervention.refresh_from_db()
    assert application.missing() == []
