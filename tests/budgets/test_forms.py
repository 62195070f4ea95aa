import decimal

import pytest

from budgets import forms
from budgets.models import BudgetApplication, BudgetRound
from monitoring import forms as monitoring_forms
from monitoring.choices import FinancingKind
from monitoring.models import Financing
from tests.factories import (
    BudgetApplicationFactory,
    BudgetRoundFactory,
    FinancingFactory,
    InterventionFactory,
    MonitoringPlanFactory,
)
from wwidw.models import Organisation

D = decimal.Decimal
ROUND = {
    "name": "Buurtbudget",
    "year": "2027",
    "total_budget": "12345,60",
    "opening_date": "2027-01-01",
    "closing_date": "2027-02-01",
    "threshold": "",
}


@pytest.fixture
def round_a(partner_a):
    return BudgetRoundFactory(organisation=partner_a, name="Leefbaar 2026")


def test_round_form_reads_dutch_amounts_and_offers_only_the_given_organisations(
    partner_a, partner_b
):
    organisations = Organisation.objects.filter(pk=partner_a.pk)
    form = forms.BudgetRoundForm(
        {**ROUND, "organisation": partner_a.pk}, organisations=organisations
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["total_budget"] == D("12345.60")
    assert form.cleaned_data["threshold"] is None
    other = forms.BudgetRoundForm(
        {**ROUND, "organisation": partner_b.pk}, organisations=organisations
    )
    assert "organisation" in other.errors


def test_round_form_refuses_closing_before_opening(partner_a):
    organisations = Organisation.objects.filter(pk=partner_a.pk)
    data = {**ROUND, "organisation": partner_a.pk, "closing_date": "2026-12-31"}
    form = forms.BudgetRoundForm(data, organisations=organisations)
    assert form.errors == {
        "closing_date": ["De sluitingsdatum ligt voor de openingsdatum. Controleer beide datums."]
    }


def test_round_form_keeps_names_unique_also_when_editing(partner_a, round_a):
    other = BudgetRoundFactory(organisation=partner_a, name="Najaar")
    form = forms.BudgetRoundForm({**ROUND, "name": "Leefbaar 2026"}, instance=other)
    assert "organisation" not in form.fields
    assert form.errors["name"] == [
        "Je organisatie heeft al een ronde met deze naam. Kies een andere naam."
    ]
    same = forms.BudgetRoundForm({**ROUND, "name": "Leefbaar 2026"}, instance=round_a)
    assert same.is_valid(), same.errors


def _application_form(budget_round, data, user, instance=None):
    instance = instance or BudgetApplication(round=budget_round, applicant=user)
    return forms.BudgetApplicationForm(data, instance=instance)


def test_application_form_offers_own_descriptions_plans_first(
    partner_a, partner_b, member_a, round_a
):
    running = InterventionFactory(organisation=partner_a, title="A lopend", phase="in_uitvoering")
    plan = InterventionFactory(organisation=partner_a, title="Z plan", phase="plan")
    InterventionFactory(organisation=partner_a, title="Oud", status="gearchiveerd")
    InterventionFactory(organisation=partner_b, title="Van een ander")
    form = _application_form(round_a, None, member_a)
    assert list(form.fields["intervention"].queryset) == [plan, running]


def test_application_form_puts_a_second_application_next_to_the_description(
    partner_a, member_a, round_a
):
    first = BudgetApplicationFactory(round=round_a, applicant=member_a)
    data = {
        "intervention": first.intervention_id,
        "amount_requested": "100",
        "co_financing": "0",
        "motivation": "Nog een keer.",
    }
    form = _application_form(round_a, data, member_a)
    assert form.errors["intervention"] == [
        "Deze beschrijving heeft al een aanvraag in deze ronde."
    ]
    # The application itself may keep its description.
    assert _application_form(round_a, data, member_a, instance=first).is_valid()


def test_application_form_asks_no_more_than_the_round_holds(partner_a, member_a, round_a):
    intervention = InterventionFactory(organisation=partner_a)
    data = {
        "intervention": intervention.pk,
        "amount_requested": "50000,01",
        "co_financing": "0",
        "motivation": "Veel.",
    }
    form = _application_form(round_a, data, member_a)
    assert form.errors["amount_requested"] == [
        "Vraag hoogstens het totale budget van de ronde van € 50.000,00."
    ]


@pytest.fixture
def submitted(round_a, member_a):
    return BudgetApplicationFactory(round=round_a, applicant=member_a, status="ingediend")


def test_decision_awarded_is_the_amount_requested(submitted):
    form = forms.DecisionForm(
        {"status": "toegekend", "awarded_amount": "12", "reason": ""}, application=submitted
    )
    assert form.is_valid()
    assert form.cleaned_data["awarded_amount"] == D("5000.00")


def test_decision_rejected_awards_nothing(submitted):
    form = forms.DecisionForm(
        {"status": "afgewezen", "awarded_amount": "12", "reason": "Past niet."},
        application=submitted,
    )
    assert form.is_valid()
    assert form.cleaned_data["awarded_amount"] is None


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("", "Vul het bedrag in dat je toekent."),
        ("veel", "Vul een getal in, alleen met cijfers."),
        ("-1", "Vul nul of meer in; dit kan niet negatief zijn."),
    ],
)
def test_decision_partly_needs_an_amount(submitted, amount, message):
    form = forms.DecisionForm(
        {"status": "deels_toegekend", "awarded_amount": amount, "reason": "Deels."},
        application=submitted,
    )
    assert form.errors["awarded_amount"] == [message]


def test_decision_form_starts_from_the_decision_taken(submitted, manager_a):
    BudgetApplication.objects.filter(pk=submitted.pk).update(
        status="deels_toegekend",
        awarded_amount=D("2000"),
        decision_reason="Deels.",
        decided_by=manager_a,
        decided_at=submitted.created_at,
    )
    submitted.refresh_from_db()
    form = forms.DecisionForm(application=submitted)
    assert form["status"].value() == "deels_toegekend"
    assert form["reason"].value() == "Deels."


def test_financing_rows_leave_out_award_lines(partner_a, member_a, round_a, manager_a):
    application = BudgetApplicationFactory(round=round_a, applicant=member_a)
    plan = MonitoringPlanFactory(intervention=application.intervention)
    own = FinancingFactory(plan=plan)
    award = Financing.objects.create(
        plan=plan,
        kind=FinancingKind.LIVEABILITY,
        funder_organisation=partner_a,
        committed=D("3000"),
        application=application,
    )
    formset = monitoring_forms.FinancingRows(instance=plan, prefix="financing")
    assert [form.instance for form in formset.initial_forms] == [own]
    assert formset.award_lines == [award]
    assert formset.award_lines[0].application.round == round_a
    assert BudgetRound.objects.count() == 1


ODD_AMOUNTS = [
    "1e999",
    "NaN",
    "Infinity",
    "-0,001",
    "99999999999,999",
    "1000000000000",
    "1.2.3",
    "vijf euro",
]


@pytest.mark.parametrize("amount", ODD_AMOUNTS)
def test_odd_amounts_get_a_message_next_to_the_field(partner_a, round_a, submitted, amount):
    """Whatever is typed in an amount, every form answers next to the field; none raises."""
    organisations = Organisation.objects.filter(pk=partner_a.pk)
    round_form = forms.BudgetRoundForm(
        {**ROUND, "organisation": partner_a.pk, "total_budget": amount},
        organisations=organisations,
    )
    application = BudgetApplication(round=round_a, applicant=submitted.applicant)
    application_form = forms.BudgetApplicationForm(
        {"intervention": submitted.intervention_id, "amount_requested": amount, "motivation": "x"},
        instance=application,
    )
    decision_form = forms.DecisionForm(
        {"status": "deels_toegekend", "awarded_amount": amount, "reason": "Deels."},
        application=submitted,
    )
    assert round_form.errors.get("total_budget")
    assert application_form.errors.get("amount_requested")
    assert decision_form.errors.get("awarded_amount")
