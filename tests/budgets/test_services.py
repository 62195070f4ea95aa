import datetime
import decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from reversion.models import Version

from budgets import services
from budgets.models import BudgetApplication, BudgetDecision, BudgetRound
from interventions import services as intervention_services
from monitoring import services as monitoring_services
from monitoring.models import Financing, MonitoringPlan
from tests.budgets.test_models import short_plan
from tests.factories import (
    BudgetApplicationFactory,
    BudgetRoundFactory,
    FinancingFactory,
    InterventionFactory,
    MembershipFactory,
)

D = decimal.Decimal
TODAY = datetime.date.today()
DAY = datetime.timedelta(days=1)
ASKED = D("5000.00")


def messages(error: ValidationError) -> list[str]:
    return list(error.messages)


def field_messages(error: ValidationError, field: str) -> list[str]:
    return error.message_dict[field]


@pytest.fixture
def budget_round(partner_a):
    return BudgetRoundFactory(
        organisation=partner_a,
        name="Leefbaar Maasoever 2026",
        total_budget=D("50000.00"),
        threshold=D("10000.00"),
    )


@pytest.fixture
def plan_a(partner_a, member_a):
    return short_plan(partner_a, created_by=member_a)


def submitted(budget_round, applicant, amount=ASKED, **fields) -> BudgetApplication:
    """A submitted application of a short plan (complete enough up to the threshold)."""
    return BudgetApplicationFactory(
        round=budget_round,
        applicant=applicant,
        intervention=short_plan(budget_round.organisation),
        amount_requested=amount,
        status=BudgetApplication.Status.SUBMITTED,
        **fields,
    )


def in_review(budget_round) -> BudgetRound:
    BudgetRound.objects.filter(pk=budget_round.pk).update(status=BudgetRound.Status.REVIEW)
    budget_round.refresh_from_db()
    return budget_round


def round_data(**fields) -> dict:
    return {
        "name": "Buurtgeld 2026",
        "year": 2026,
        "description": "Voor projecten die de buurt samen met bewoners leefbaarder maken.",
        "total_budget": D("40000.00"),
        "opening_date": TODAY,
        "closing_date": TODAY + 30 * DAY,
        "threshold": D("7500.00"),
        **fields,
    }


def application_data(intervention, **fields) -> dict:
    return {
        "intervention": intervention,
        "amount_requested": D("6000.00"),
        "co_financing": D("1500.00"),
        "motivation": "De speeltuin is het enige groen in de wijk.",
        **fields,
    }


# Rounds


def test_a_manager_creates_an_open_round(partner_a, manager_a):
    budget_round = services.create_round(organisation=partner_a, **round_data(), by=manager_a)
    budget_round.refresh_from_db()
    assert budget_round.organisation == partner_a
    assert budget_round.status == BudgetRound.Status.OPEN
    assert budget_round.total_budget == D("40000.00")
    assert budget_round.threshold == D("7500.00")


def test_a_member_or_another_partner_cannot_create_a_round(partner_a, member_a, member_b):
    manager_b = MembershipFactory(
        organisation=member_b.memberships.get().organisation, role="manager"
    ).user
    for user in (member_a, member_b, manager_b):
        with pytest.raises(PermissionDenied):
            services.create_round(organisation=partner_a, **round_data(), by=user)
    assert not BudgetRound.objects.exists()


def test_a_round_closing_before_it_opens_is_refused(partner_a, manager_a):
    data = round_data(closing_date=TODAY - DAY)
    with pytest.raises(ValidationError) as caught:
        services.create_round(organisation=partner_a, **data, by=manager_a)
    assert field_messages(caught.value, "closing_date") == [
        "De sluitingsdatum ligt voor de openingsdatum. Controleer beide datums."
    ]


def test_a_round_name_is_used_once(partner_a, manager_a, budget_round):
    with pytest.raises(ValidationError) as caught:
        services.create_round(
            organisation=partner_a, **round_data(name=budget_round.name), by=manager_a
        )
    assert field_messages(caught.value, "name") == [
        "Je organisatie heeft al een ronde met deze naam. Kies een andere naam."
    ]


@pytest.mark.parametrize("budget", [D("0.00"), D("-100.00")])
def test_a_round_without_budget_is_refused(partner_a, manager_a, budget):
    with pytest.raises(ValidationError) as caught:
        services.create_round(
            organisation=partner_a, **round_data(total_budget=budget), by=manager_a
        )
    assert "total_budget" in caught.value.message_dict
    assert not BudgetRound.objects.exists()


def test_a_manager_changes_a_round(budget_round, manager_a):
    services.update_round(
        round=budget_round, **{"total_budget": D("60000.00"), "threshold": None}, by=manager_a
    )
    budget_round.refresh_from_db()
    assert budget_round.total_budget == D("60000.00")
    assert budget_round.threshold is None


def test_a_member_cannot_change_a_round(budget_round, member_a):
    with pytest.raises(PermissionDenied):
        services.update_round(round=budget_round, **{"name": "Anders"}, by=member_a)


def test_the_budget_cannot_go_below_what_is_awarded(budget_round, manager_a, member_a):
    application = submitted(budget_round, member_a, D("30000.00"))
    in_review(budget_round)
    services.decide_application(
        application=application, status="toegekend", awarded_amount=None, reason="", by=manager_a
    )
    with pytest.raises(ValidationError) as caught:
        services.update_round(round=budget_round, **{"total_budget": D("29999.99")}, by=manager_a)
    assert field_messages(caught.value, "total_budget") == [
        "Het totale budget kan niet lager zijn dan wat al is toegekend: € 30.000,00."
    ]
    services.update_round(round=budget_round, **{"total_budget": D("30000.00")}, by=manager_a)


def test_a_decided_round_cannot_be_changed(budget_round, manager_a):
    BudgetRound.objects.filter(pk=budget_round.pk).update(status=BudgetRound.Status.DECIDED)
    budget_round.refresh_from_db()
    with pytest.raises(ValidationError) as caught:
        services.update_round(round=budget_round, **{"name": "Anders"}, by=manager_a)
    assert messages(caught.value) == [
        "Deze ronde is afgerond: alle besluiten zijn genomen. Zet de ronde terug naar "
        "‘in beoordeling’ om haar te wijzigen."
    ]


def test_a_round_goes_to_review_back_to_open_and_to_decided(budget_round, manager_a):
    for status in ("in_beoordeling", "open", "in_beoordeling", "besloten", "in_beoordeling"):
        services.set_round_status(round=budget_round, status=status, by=manager_a)
        budget_round.refresh_from_db()
        assert budget_round.status == status


@pytest.mark.parametrize(
    ("start", "target"), [("open", "besloten"), ("besloten", "open"), ("open", "gesloten")]
)
def test_a_round_skips_no_step(budget_round, manager_a, start, target):
    BudgetRound.objects.filter(pk=budget_round.pk).update(status=start)
    budget_round.refresh_from_db()
    with pytest.raises(ValidationError) as caught:
        services.set_round_status(round=budget_round, status=target, by=manager_a)
    assert "status" in caught.value.message_dict
    budget_round.refresh_from_db()
    assert budget_round.status == start


def test_a_member_cannot_change_the_round_status(budget_round, member_a):
    with pytest.raises(PermissionDenied):
        services.set_round_status(round=budget_round, status="in_beoordeling", by=member_a)


def test_a_round_is_decided_only_when_every_submission_has_a_decision(
    budget_round, manager_a, member_a
):
    first = submitted(budget_round, member_a)
    second = submitted(budget_round, member_a)
    in_review(budget_round)
    with pytest.raises(ValidationError) as caught:
        services.set_round_status(round=budget_round, status="besloten", by=manager_a)
    assert messages(caught.value) == [
        "2 ingediende aanvragen hebben nog geen besluit. Neem daar eerst een besluit over en "
        "sluit dan de ronde af."
    ]
    services.decide_application(
        application=first, status="afgewezen", awarded_amount=None, reason="Te duur", by=manager_a
    )
    with pytest.raises(ValidationError) as caught:
        services.set_round_status(round=budget_round, status="besloten", by=manager_a)
    assert messages(caught.value)[0].startswith("1 ingediende aanvraag heeft nog geen besluit.")
    services.decide_application(
        application=second, status="toegekend", awarded_amount=None, reason="", by=manager_a
    )
    services.set_round_status(round=budget_round, status="besloten", by=manager_a)
    budget_round.refresh_from_db()
    assert budget_round.status == BudgetRound.Status.DECIDED


# Applying


def test_a_member_applies_with_a_description_of_the_organisation(budget_round, member_a, plan_a):
    application = services.save_application(
        round=budget_round, **application_data(plan_a), by=member_a
    )
    application.refresh_from_db()
    assert application.applicant == member_a
    assert application.status == BudgetApplication.Status.DRAFT
    assert application.amount_requested == D("6000.00")
    assert application.total_investment == D("7500.00")


def test_another_partner_cannot_apply(budget_round, member_b, plan_a):
    with pytest.raises(PermissionDenied):
        services.save_application(round=budget_round, **application_data(plan_a), by=member_b)


def test_a_description_of_another_organisation_is_refused(budget_round, member_a, partner_b):
    other = InterventionFactory(organisation=partner_b)
    with pytest.raises(ValidationError) as caught:
        services.save_application(round=budget_round, **application_data(other), by=member_a)
    assert field_messages(caught.value, "intervention") == [
        "Kies een beschrijving van Woonstichting De Maasoever."
    ]


def test_an_archived_description_is_refused(budget_round, member_a, plan_a):
    intervention_services.archive_intervention(intervention=plan_a, by=member_a)
    with pytest.raises(ValidationError) as caught:
        services.save_application(round=budget_round, **application_data(plan_a), by=member_a)
    assert field_messages(caught.value, "intervention") == [
        "Deze beschrijving is gearchiveerd. Kies een andere, of haal haar eerst terug uit het "
        "archief."
    ]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("amount_requested", D("0.00")),
        ("amount_requested", D("-250.00")),
        ("co_financing", D("-1.00")),
        ("motivation", ""),
    ],
)
def test_negative_amounts_and_an_empty_motivation_are_refused(
    budget_round, member_a, plan_a, field, value
):
    with pytest.raises(ValidationError) as caught:
        services.save_application(
            round=budget_round, **application_data(plan_a, **{field: value}), by=member_a
        )
    assert field in caught.value.message_dict
    assert not BudgetApplication.objects.exists()


def test_asking_more_than_the_round_has_is_refused(budget_round, member_a, plan_a):
    data = application_data(plan_a, amount_requested=D("50000.01"))
    with pytest.raises(ValidationError) as caught:
        services.save_application(round=budget_round, **data, by=member_a)
    assert field_messages(caught.value, "amount_requested") == [
        "Vraag hoogstens het totale budget van de ronde van € 50.000,00."
    ]


def test_a_description_applies_once_per_round(budget_round, member_a, manager_a, plan_a):
    services.save_application(round=budget_round, **application_data(plan_a), by=member_a)
    with pytest.raises(ValidationError) as caught:
        services.save_application(round=budget_round, **application_data(plan_a), by=manager_a)
    assert field_messages(caught.value, "intervention") == [
        "Deze beschrijving heeft al een aanvraag in deze ronde."
    ]


def test_no_application_before_the_round_opens(partner_a, member_a, plan_a):
    budget_round = BudgetRoundFactory(
        organisation=partner_a,
        opening_date=TODAY + DAY,
        closing_date=datetime.date(TODAY.year + 1, 1, 31),
    )
    with pytest.raises(ValidationError) as caught:
        services.save_application(round=budget_round, **application_data(plan_a), by=member_a)
    assert messages(caught.value)[0].startswith("Deze ronde neemt nu geen aanvragen aan.")


def test_the_applicant_changes_the_draft(budget_round, member_a, plan_a):
    application = services.save_application(
        round=budget_round, **application_data(plan_a), by=member_a
    )
    services.save_application(
        round=budget_round,
        **{"amount_requested": D("7000.00")},
        by=member_a,
        application=application,
    )
    application.refresh_from_db()
    assert application.amount_requested == D("7000.00")


def test_only_the_applicant_changes_an_application(budget_round, member_a, manager_a, plan_a):
    application = services.save_application(
        round=budget_round, **application_data(plan_a), by=member_a
    )
    colleague = MembershipFactory(organisation=budget_round.organisation).user
    for user in (colleague, manager_a):
        with pytest.raises(PermissionDenied):
            services.save_application(
                round=budget_round, **{"motivation": "Anders"}, by=user, application=application
            )
        for action in (
            services.submit_application,
            services.unsubmit_application,
            services.withdraw_application,
        ):
            with pytest.raises(PermissionDenied):
                action(application=application, by=user)


def test_a_submitted_application_is_not_changed_until_back_to_draft(
    budget_round, member_a, plan_a
):
    application = services.save_application(
        round=budget_round, **application_data(plan_a), by=member_a
    )
    services.submit_application(application=application, by=member_a)
    with pytest.raises(ValidationError) as caught:
        services.save_application(
            round=budget_round, **{"motivation": "Anders"}, by=member_a, application=application
        )
    assert messages(caught.value) == [
        "Alleen een concept kan worden gewijzigd. Zet de aanvraag eerst terug naar concept."
    ]
    services.unsubmit_application(application=application, by=member_a)
    application.refresh_from_db()
    assert application.status == BudgetApplication.Status.DRAFT
    assert application.submitted_at is None
    services.save_application(
        round=budget_round, **{"motivation": "Anders"}, by=member_a, application=application
    )
    services.submit_application(application=application, by=member_a)
    application.refresh_from_db()
    assert application.status == BudgetApplication.Status.SUBMITTED
    assert application.motivation == "Anders"


def test_submitting_names_every_missing_item(budget_round, member_a, partner_a):
    intervention = short_plan(partner_a)
    intervention.main_goal = ""
    intervention.save()
    application = BudgetApplicationFactory(
        round=budget_round,
        applicant=member_a,
        intervention=intervention,
        amount_requested=D("12000.00"),
    )
    with pytest.raises(ValidationError) as caught:
        services.submit_application(application=application, by=member_a)
    assert messages(caught.value) == [
        "Doelen en beoogde effecten: hoofddoel",
        "Veronderstellingen en werkzame bestanddelen: veronderstellingen (als-dan-keten)",
        "Veronderstellingen en werkzame bestanddelen: werkzame bestanddelen",
    ]
    application.refresh_from_db()
    assert application.status == BudgetApplication.Status.DRAFT


def test_a_short_plan_is_submitted_up_to_the_threshold(budget_round, member_a, plan_a):
    application = services.save_application(
        round=budget_round,
        **application_data(plan_a, amount_requested=D("10000.00")),
        by=member_a,
    )
    services.submit_application(application=application, by=member_a)
    application.refresh_from_db()
    assert application.status == BudgetApplication.Status.SUBMITTED
    assert application.submitted_at is not None


def test_the_applicant_withdraws(budget_round, member_a):
    application = submitted(budget_round, member_a)
    services.withdraw_application(application=application, by=member_a)
    application.refresh_from_db()
    assert application.status == BudgetApplication.Status.WITHDRAWN
    with pytest.raises(ValidationError):
        services.withdraw_application(application=application, by=member_a)


def test_a_withdrawal_is_undone_while_the_round_is_open(budget_round, member_a):
    application = submitted(budget_round, member_a)
    services.withdraw_application(application=application, by=member_a)
    services.unsubmit_application(application=application, by=member_a)
    application.refresh_from_db()
    assert application.status == BudgetApplication.Status.DRAFT
    assert application.submitted_at is None


@pytest.mark.parametrize("closed", ["after_closing_date", "under_review"])
def test_nothing_changes_after_the_round_closes(budget_round, member_a, closed):
    application = submitted(budget_round, member_a)
    draft = BudgetApplicationFactory(
        round=budget_round, applicant=member_a, intervention=short_plan(budget_round.organisation)
    )
    if closed == "under_review":
        in_review(budget_round)
    else:
        BudgetRound.objects.filter(pk=budget_round.pk).update(closing_date=TODAY - DAY)
        budget_round.refresh_from_db()
    closed_message = ["De ronde is gesloten; je aanvraag kan niet meer worden gewijzigd."]
    attempts = [
        lambda: services.unsubmit_application(application=application, by=member_a),
        lambda: services.withdraw_application(application=application, by=member_a),
        lambda: services.submit_application(application=draft, by=member_a),
        lambda: services.save_application(
            round=budget_round, **{"motivation": "Anders"}, by=member_a, application=draft
        ),
    ]
    for attempt in attempts:
        with pytest.raises(ValidationError) as caught:
            attempt()
        assert messages(caught.value) == closed_message
    application.refresh_from_db()
    draft.refresh_from_db()
    assert application.status == BudgetApplication.Status.SUBMITTED
    assert draft.status == BudgetApplication.Status.DRAFT


# Deciding


def decide(application, by, status="toegekend", amount=None, reason=""):
    return services.decide_application(
        application=application, status=status, awarded_amount=amount, reason=reason, by=by
    )


def test_a_member_cannot_decide(budget_round, member_a):
    application = submitted(budget_round, member_a)
    in_review(budget_round)
    with pytest.raises(PermissionDenied):
        decide(application, member_a)
    other_manager = MembershipFactory(role="manager").user
    with pytest.raises(PermissionDenied):
        decide(application, other_manager)


def test_decisions_only_while_under_review(budget_round, manager_a, member_a):
    application = submitted(budget_round, member_a)
    with pytest.raises(ValidationError) as caught:
        decide(application, manager_a)
    assert messages(caught.value) == [
        "Besluiten neem je terwijl de ronde in beoordeling is. Sluit de ronde eerst voor "
        "beoordeling."
    ]


@pytest.mark.parametrize("status", ["concept", "ingetrokken"])
def test_only_submitted_applications_are_decided(budget_round, manager_a, member_a, status):
    application = submitted(budget_round, member_a)
    BudgetApplication.objects.filter(pk=application.pk).update(status=status)
    in_review(budget_round)
    with pytest.raises(ValidationError) as caught:
        decide(application, manager_a)
    assert messages(caught.value) == [
        "Alleen over een ingediende aanvraag kan een besluit worden genomen."
    ]


def test_awarding_grants_what_was_asked_and_logs_it(budget_round, manager_a, member_a):
    application = submitted(budget_round, member_a, D("8000.00"))
    in_review(budget_round)
    decide(application, manager_a, amount=D("1.00"), reason="Mooi plan")
    application.refresh_from_db()
    assert application.status == BudgetApplication.Status.AWARDED
    assert application.awarded_amount == D("8000.00")
    assert application.decided_by == manager_a
    assert application.decision_reason == "Mooi plan"
    decision = BudgetDecision.objects.get()
    assert (decision.status, decision.awarded_amount, decision.decided_by) == (
        "toegekend",
        D("8000.00"),
        manager_a,
    )


@pytest.mark.parametrize(
    ("status", "amount", "reason", "field", "message"),
    [
        ("deels_toegekend", D("4000.00"), "", "reason", "Geef een reden; de aanvrager leest "),
        ("afgewezen", None, "  ", "reason", "Geef een reden; de aanvrager leest "),
        ("deels_toegekend", None, "Deels", "awarded_amount", "Vul het toegekende bedrag in"),
        ("deels_toegekend", D("0.00"), "Deels", "awarded_amount", "Vul het toegekende bedrag"),
        ("deels_toegekend", D("-5.00"), "Deels", "awarded_amount", "Vul het toegekende bedrag"),
        (
            "deels_toegekend",
            D("8000.00"),
            "Deels",
            "awarded_amount",
            "Een deels toegekend bedrag is lager dan de aangevraagde € 8.000,00.",
        ),
        ("ingediend", None, "", "status", "Kies een besluit: toegekend, deels toegekend of "),
    ],
)
def test_an_incomplete_decision_is_refused(
    budget_round, manager_a, member_a, status, amount, reason, field, message
):
    application = submitted(budget_round, member_a, D("8000.00"))
    in_review(budget_round)
    with pytest.raises(ValidationError) as caught:
        decide(application, manager_a, status=status, amount=amount, reason=reason)
    assert field_messages(caught.value, field)[0].startswith(message)
    application.refresh_from_db()
    assert application.status == BudgetApplication.Status.SUBMITTED
    assert not BudgetDecision.objects.exists()


def test_an_award_over_the_remaining_budget_is_refused_with_what_is_left(
    budget_round, manager_a, member_a
):
    first = submitted(budget_round, member_a, D("37500.00"))
    second = submitted(budget_round, member_a, D("20000.00"))
    in_review(budget_round)
    decide(first, manager_a)
    with pytest.raises(ValidationError) as caught:
        decide(second, manager_a)
    assert field_messages(caught.value, "awarded_amount") == [
        "Dit is meer dan de ronde nog heeft. Er is nog € 12.500,00 over in deze ronde."
    ]
    with pytest.raises(ValidationError):
        decide(second, manager_a, "deels_toegekend", D("12500.01"), "Wat er over is")
    decide(second, manager_a, "deels_toegekend", D("12500.00"), "Wat er over is")
    assert budget_round.awarded_total() == D("50000.00")
    assert budget_round.remaining_budget() == D("0.00")


def test_a_revised_award_counts_only_once(budget_round, manager_a, member_a):
    application = submitted(budget_round, member_a, D("50000.00"))
    in_review(budget_round)
    decide(application, manager_a)
    decide(application, manager_a, "deels_toegekend", D("45000.00"), "Iets minder")
    application.refresh_from_db()
    assert application.awarded_amount == D("45000.00")


def test_an_award_becomes_a_financing_line_of_the_monitoring(budget_round, manager_a, member_a):
    application = submitted(budget_round, member_a, D("8000.00"))
    in_review(budget_round)
    assert not MonitoringPlan.objects.exists()

    decide(application, manager_a, "deels_toegekend", D("6000.00"), "Zonder catering")

    plan = MonitoringPlan.objects.with_details().get(intervention=application.intervention)
    [line] = plan.financing.all()
    assert line.application == application
    assert line.kind == "leefbaarheidsbudget"
    assert line.funder_organisation == budget_round.organisation
    assert (line.committed, line.received) == (D("6000.00"), D("0.00"))
    [figure] = plan.figures().financing
    assert (figure.funder, figure.kind, figure.committed) == (
        "Woonstichting De Maasoever",
        "leefbaarheidsbudget",
        D("6000.00"),
    )
    [version] = Version.objects.get_for_object(plan)
    assert version.revision.get_comment() == (
        "Leefbaarheidsbudget toegekend: Leefbaar Maasoever 2026, € 6.000,00"
    )
    assert version.revision.user == manager_a


def test_a_revised_award_updates_the_line_and_keeps_what_was_received(
    budget_round, manager_a, member_a
):
    application = submitted(budget_round, member_a, D("8000.00"))
    in_review(budget_round)
    decide(application, manager_a)
    Financing.objects.filter(application=application).update(received=D("2000.00"))

    decide(application, manager_a, "deels_toegekend", D("7000.00"), "Iets minder")

    line = Financing.objects.get()
    assert (line.committed, line.received) == (D("7000.00"), D("2000.00"))
    plan = line.plan
    assert Version.objects.get_for_object(plan).count() == 2


def test_a_rejection_removes_the_line_and_the_log_keeps_every_decision(
    budget_round, manager_a, member_a
):
    application = submitted(budget_round, member_a, D("8000.00"))
    other_line = FinancingFactory(
        plan=monitoring_services.plan_for(intervention=application.intervention, by=member_a)
    )
    in_review(budget_round)
    decide(application, manager_a)
    decide(application, manager_a, "deels_toegekend", D("7000.00"), "Iets minder")
    decide(application, manager_a, "afgewezen", None, "Toch niet: past niet in de ronde")

    application.refresh_from_db()
    assert application.awarded_amount is None
    assert application.decision_reason == "Toch niet: past niet in de ronde"
    assert list(Financing.objects.all()) == [other_line]
    log = BudgetDecision.objects.filter(application=application).order_by("pk")
    assert [(item.status, item.awarded_amount) for item in log] == [
        ("toegekend", D("8000.00")),
        ("deels_toegekend", D("7000.00")),
        ("afgewezen", None),
    ]
    assert budget_round.awarded_total() == D("0.00")
    plan = other_line.plan
    comments = [v.revision.get_comment() for v in Version.objects.get_for_object(plan)]
    assert comments[0] == "Leefbaarheidsbudget ingetrokken: Leefbaar Maasoever 2026"


def test_a_rejection_without_award_leaves_the_monitoring_alone(budget_round, manager_a, member_a):
    application = submitted(budget_round, member_a)
    in_review(budget_round)
    decide(application, manager_a, "afgewezen", None, "Past niet in de ronde")
    assert not MonitoringPlan.objects.exists()


# Restoring an old version of the monitoring


def test_restoring_an_old_version_keeps_the_award_line(budget_round, manager_a, member_a):
    application = submitted(budget_round, member_a, D("8000.00"))
    plan = monitoring_services.plan_for(intervention=application.intervention, by=member_a)
    own = FinancingFactory(plan=plan, committed=D("500.00"))
    with monitoring_services.plan_version(plan, by=member_a, comment="Kosten opgeslagen"):
        plan.save()
    before_award = Version.objects.get_for_object(plan).get()
    in_review(budget_round)
    decide(application, manager_a, "deels_toegekend", D("6000.00"), "Eerst")
    after_award = Version.objects.get_for_object(plan).first()
    decide(application, manager_a, "deels_toegekend", D("7000.00"), "Later bijgesteld")
    line = Financing.objects.get(application=application)
    Financing.objects.filter(pk=line.pk).update(received=D("1000.00"))

    for version in (before_award, after_award):
        monitoring_services.restore_monitoring_version(plan=plan, version=version, by=member_a)
        line = Financing.objects.get(application=application)
        assert (line.committed, line.received) == (D("7000.00"), D("1000.00"))
        assert line.kind == "leefbaarheidsbudget"
        assert set(Financing.objects.filter(plan=plan)) == {own, line}


def test_restoring_brings_back_no_line_of_a_rejected_award(budget_round, manager_a, member_a):
    application = submitted(budget_round, member_a, D("8000.00"))
    in_review(budget_round)
    decide(application, manager_a)
    plan = MonitoringPlan.objects.get()
    with_award = Version.objects.get_for_object(plan).get()
    decide(application, manager_a, "afgewezen", None, "Toch niet")

    monitoring_services.restore_monitoring_version(plan=plan, version=with_award, by=member_a)

    assert not Financing.objects.exists()


def test_restoring_after_a_new_award_line_keeps_the_current_one(budget_round, manager_a, member_a):
    application = submitted(budget_round, member_a, D("8000.00"))
    in_review(budget_round)
    decide(application, manager_a)
    plan = MonitoringPlan.objects.get()
    old_line = Financing.objects.get()
    first = Version.objects.get_for_object(plan).get()
    decide(application, manager_a, "afgewezen", None, "Toch niet")
    decide(application, manager_a, "deels_toegekend", D("5000.00"), "Toch wel, deels")
    new_line = Financing.objects.get()
    assert new_line.pk != old_line.pk

    monitoring_services.restore_monitoring_version(plan=plan, version=first, by=member_a)

    assert list(Financing.objects.all()) == [new_line]
    assert Financing.objects.get().committed == D("5000.00")


def test_the_database_refusing_a_second_application_reads_as_the_same_message(
    budget_round, member_a, manager_a, plan_a, monkeypatch
):
    """The constraint catches what the check before the insert missed (a race)."""
    services.save_application(round=budget_round, **application_data(plan_a), by=member_a)
    monkeypatch.setattr(services, "_has_other_application", lambda application: False)
    with pytest.raises(ValidationError) as caught:
        services.save_application(round=budget_round, **application_data(plan_a), by=manager_a)
    assert caught.value.message_dict == {
        "intervention": ["Deze beschrijving heeft al een aanvraag in deze ronde."]
    }
    assert BudgetApplication.objects.count() == 1
