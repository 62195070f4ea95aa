"""Decisions at the same moment from separate database connections, against the real
PostgreSQL: the row lock on the round keeps the awarded total within the budget."""

import decimal
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from budgets import services
from budgets.models import BudgetApplication, BudgetDecision, BudgetRound
from monitoring.models import Financing
from tests.budgets.test_models import short_plan
from tests.factories import BudgetApplicationFactory, BudgetRoundFactory, MembershipFactory

D = decimal.Decimal
THREADS = 8


def _all_at_once(calls) -> tuple[list, list[Exception]]:
    """Run every call in its own thread and connection, released together by a barrier."""
    barrier = threading.Barrier(len(calls))
    results, errors = [], []

    def run(call):
        try:
            barrier.wait()
            results.append(call())
        except Exception as error:  # every failure is collected and asserted
            errors.append(error)
        finally:
            # Each thread has its own connection; close it so the test database can be dropped.
            connection.close()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, errors


@pytest.mark.django_db(transaction=True)
def test_two_managers_deciding_at_once_never_exceed_the_budget(reference_data, mailoutbox):
    budget_round = BudgetRoundFactory(total_budget=D("10000.00"), threshold=None)
    organisation = budget_round.organisation
    managers = [
        MembershipFactory(organisation=organisation, role="manager").user for _ in range(2)
    ]
    applicant = MembershipFactory(organisation=organisation).user
    applications = [
        BudgetApplicationFactory(
            round=budget_round,
            applicant=applicant,
            intervention=short_plan(organisation),
            amount_requested=D("3000.00"),
            status=BudgetApplication.Status.SUBMITTED,
        )
        for _ in range(THREADS)
    ]
    BudgetRound.objects.filter(pk=budget_round.pk).update(status=BudgetRound.Status.REVIEW)

    def deciding(number, application):
        return lambda: services.decide_application(
            application=application,
            status="toegekend",
            awarded_amount=None,
            reason="",
            by=managers[number % 2],
        )

    results, errors = _all_at_once(
        [deciding(number, application) for number, application in enumerate(applications)]
    )

    assert len(results) == 3
    assert len(errors) == THREADS - 3
    # Each refusal saw the three awards before it: € 1.000,00 is left, not enough for € 3.000.
    for error in errors:
        assert isinstance(error, ValidationError)
        assert error.message_dict == {
            "awarded_amount": [
                "Dit is meer dan de ronde nog heeft. Er is nog € 1.000,00 over in deze ronde."
            ]
        }
    assert budget_round.awarded_total() == D("9000.00")
    assert BudgetApplication.objects.awarded().count() == 3
    assert BudgetDecision.objects.count() == 3
    assert Financing.objects.filter(committed=D("3000.00")).count() == 3
    assert len(mailoutbox) == 3


@pytest.mark.django_db(transaction=True)
def test_one_description_applied_twice_at_once_gets_one_application(reference_data):
    budget_round = BudgetRoundFactory(threshold=None)
    organisation = budget_round.organisation
    intervention = short_plan(organisation)
    members = [MembershipFactory(organisation=organisation).user for _ in range(4)]
    data = {
        "intervention": intervention,
        "amount_requested": D("2000.00"),
        "co_financing": D("0.00"),
        "motivation": "Samen met de bewonerscommissie.",
    }

    def applying(member):
        return lambda: services.save_application(round=budget_round, **data, by=member)

    results, errors = _all_at_once([applying(member) for member in members])

    assert len(results) == 1
    assert [error.message_dict for error in errors] == [
        {"intervention": ["Deze beschrijving heeft al een aanvraag in deze ronde."]}
    ] * 3
    assert BudgetApplication.objects.get().applicant == results[0].applicant
