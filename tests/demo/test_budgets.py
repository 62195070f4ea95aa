"""The demo liveability budget rounds of seed_demo: last year's decided, this year's open."""

import datetime
from decimal import Decimal
from io import StringIO

from django.core.management import call_command
from django.utils import timezone
from reversion.models import Version

from budgets.models import BudgetApplication, BudgetDecision, BudgetRound
from demo import budgets as budget_demo
from monitoring.models import Financing, MonitoringPlan
from wwidw.models import Membership

MODELS = [BudgetRound, BudgetApplication, BudgetDecision, Financing, MonitoringPlan]
Status = BudgetApplication.Status


def test_second_run_adds_nothing(seeded):
    rows = {model: sorted(model.objects.values_list("pk", flat=True)) for model in MODELS}
    output = StringIO()
    call_command("seed_demo", stdout=output)
    assert {model: sorted(model.objects.values_list("pk", flat=True)) for model in MODELS} == rows
    assert "0 new demo liveability budget rounds." in output.getvalue()
    assert budget_demo.seed_budget_rounds() == 0


def test_three_partners_run_a_decided_and_an_open_round(seeded):
    today = timezone.localdate()
    rounds = BudgetRound.objects.select_related("organisation")
    assert rounds.count() == 6
    slugs = {item.organisation.slug for item in rounds}
    assert "maasoever" in slugs and len(slugs) == 3
    manager = Membership.objects.get(user__email="annemieke@maasoever.example")
    assert manager.role == Membership.Role.MANAGER
    assert rounds.filter(organisation=manager.organisation).count() == 2

    decided = rounds.filter(status=BudgetRound.Status.DECIDED)
    assert {item.year for item in decided} == {today.year - 1}
    assert all(item.closing_date < today for item in decided)
    open_rounds = rounds.filter(status=BudgetRound.Status.OPEN)
    assert open_rounds.count() == 3
    for item in open_rounds:
        assert item.is_accepting_applications(today)
        assert item.closing_date == today + datetime.timedelta(days=21)
        statuses = set(item.applications.values_list("status", flat=True))
        assert statuses == {Status.DRAFT, Status.SUBMITTED}


def test_submitted_applications_in_the_open_round_are_complete(seeded):
    submitted = BudgetApplication.objects.filter(
        round__status=BudgetRound.Status.OPEN, status=Status.SUBMITTED
    )
    assert submitted.count() == 3
    for application in submitted:
        assert application.missing() == []
        assert application.submitted_at is not None


def test_decided_rounds_award_within_budget_and_every_award_has_its_financing_line(seeded):
    for budget_round in BudgetRound.objects.filter(status=BudgetRound.Status.DECIDED):
        applications = list(budget_round.applications.select_related("intervention"))
        assert 4 <= len(applications) <= 6
        assert {item.status for item in applications} == {
            Status.AWARDED,
            Status.PARTLY_AWARDED,
            Status.REJECTED,
        }
        assert budget_round.awarded_total() <= budget_round.total_budget
        for application in applications:
            assert application.decided_at.year == budget_round.year
            assert application.decisions.count() == 1
            if application.status == Status.REJECTED:
                assert application.decision_reason
                assert not Financing.objects.filter(application=application).exists()
                continue
            if application.status == Status.PARTLY_AWARDED:
                assert application.decision_reason
            line = Financing.objects.select_related("plan").get(application=application)
            assert line.kind == "leefbaarheidsbudget"
            assert line.committed == application.awarded_amount
            assert line.funder_organisation_id == budget_round.organisation_id
            assert line.plan.intervention_id == application.intervention_id


def test_awarded_projects_have_realised_costs_and_results(seeded):
    awards = BudgetApplication.objects.filter(status__in=BudgetApplication.AWARDS)
    assert awards.count() == 6
    plans = MonitoringPlan.objects.with_details().filter(
        intervention__budget_applications__in=awards
    )
    assert plans.count() == 6
    for plan in plans:
        figures = plan.figures()
        assert not figures.is_forecast
        assert figures.costs.total > 0
        assert any(output.attainment.realised for output in figures.outputs)
        assert figures.sroi.ratio is not None
        assert Decimal(0) < plan.financing.get(application__isnull=False).committed


def test_award_shows_in_the_monitoring_history_on_the_day_of_the_decision(seeded):
    application = BudgetApplication.objects.filter(status=Status.AWARDED).first()
    plan = application.intervention.monitoring
    [version] = Version.objects.get_for_object(plan)
    assert "Leefbaarheidsbudget" in version.revision.comment
    assert version.revision.date_created == application.decided_at
