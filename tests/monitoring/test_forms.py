import datetime
import decimal

import pytest

from monitoring import forms
from monitoring.models import FinancialProxy
from tests.factories import (
    CostLineFactory,
    InterventionFactory,
    MonitoringPlanFactory,
    OrganisationFactory,
    OutputIndicatorFactory,
    ReportingPeriodFactory,
)

D = decimal.Decimal
NEGATIVE = "Vul nul of meer in; dit kan niet negatief zijn."
TOO_LARGE = "Dit getal is te groot. Kijk of er nullen te veel staan."
NOT_A_NUMBER = "Vul een getal in, alleen met cijfers."
PERCENT = "Vul een percentage van 0 tot 100 in."


@pytest.fixture
def plan(partner_a):
    intervention = InterventionFactory(
        organisation=partner_a,
        start_date=datetime.date(2025, 1, 1),
        end_date=datetime.date(2026, 12, 31),
    )
    return MonitoringPlanFactory(intervention=intervention)


@pytest.fixture
def period(plan):
    return ReportingPeriodFactory(plan=plan, label="2025")


def rows(prefix: str, *typed: dict) -> dict:
    """The POST of a formset with only new rows."""
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(typed)),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(typed):
        data.update({f"{prefix}-{index}-{name}": value for name, value in row.items()})
    return data


def cost_rows(plan, *typed: dict):
    return forms.CostRows(rows("costs", *typed), instance=plan, prefix="costs")


def cost(period, **fields) -> dict:
    return {"period": str(period.pk), "category": "materiaal", **fields}


def errors(form, name: str) -> list[str]:
    return form.errors.get(name, [])


# Cost lines


def test_amounts_are_typed_and_shown_the_dutch_way(plan, period):
    formset = cost_rows(
        plan,
        cost(period, amount="1560,50"),
        cost(period, amount=None, hours="12,5", hourly_rate="42,25"),
    )
    assert formset.is_valid(), formset.errors
    assert formset.forms[0].cleaned_data["amount"] == D("1560.50")
    assert formset.forms[1].cleaned_data["hours"] == D("12.5")
    line = CostLineFactory(period=period, amount=D("1560.50"))
    shown = forms.CostRows(instance=plan, prefix="costs").forms[0]
    assert shown.instance == line
    assert 'value="1560,50"' in str(shown["amount"])


def test_bad_amounts_get_dutch_messages_and_every_row_is_kept(plan, period):
    formset = cost_rows(
        plan,
        cost(period, amount="-5", description="Bezems"),
        cost(period, amount="1000000000000", description="Verbouwing"),
        cost(period, amount="veel", description="Kantoor"),
        cost(period, amount="250", description="Koffie"),
    )
    assert not formset.is_valid()
    assert errors(formset.forms[0], "amount") == [NEGATIVE]
    assert errors(formset.forms[1], "amount") == [TOO_LARGE]
    assert errors(formset.forms[2], "amount") == [NOT_A_NUMBER]
    assert formset.forms[3].errors == {}
    typed = [form["description"].value() for form in formset.forms]
    assert typed == ["Bezems", "Verbouwing", "Kantoor", "Koffie"]
    assert formset.forms[2]["amount"].value() == "veel"


def test_negative_hours_and_rate_are_refused(plan, period):
    formset = cost_rows(plan, cost(period, hours="-1", hourly_rate="-42"))
    assert not formset.is_valid()
    assert errors(formset.forms[0], "hours") == [NEGATIVE]
    assert errors(formset.forms[0], "hourly_rate") == [NEGATIVE]


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        (
            {"amount": "100", "hours": "10", "hourly_rate": "42"},
            "amount",
            "Vul een bedrag in, of uren en een uurtarief; niet allebei. Maak een van beide leeg.",
        ),
        (
            {"description": "Alleen een omschrijving"},
            "amount",
            "Vul een bedrag in, of voor eigen personeel de uren en het uurtarief.",
        ),
        ({"hours": "10"}, "hourly_rate", "Vul het uurtarief in dat bij de uren hoort."),
        ({"hourly_rate": "42"}, "hours", "Vul de uren in die bij het uurtarief horen."),
    ],
)
def test_an_amount_or_hours_with_a_rate(plan, period, fields, field, message):
    formset = cost_rows(plan, cost(period, **fields))
    assert not formset.is_valid()
    assert errors(formset.forms[0], field) == [message]


def test_hours_times_rate_is_a_cost_line(plan, period):
    formset = cost_rows(plan, cost(period, category="personeel", hours="1560", hourly_rate="42"))
    assert formset.is_valid(), formset.errors
    line = formset.save()[0]
    assert line.total == D("65520")


def test_a_partner_or_another_party_bears_it_not_both(plan, period, partner_b):
    formset = cost_rows(
        plan,
        cost(period, amount="10", bearer_organisation=str(partner_b.pk), bearer_name="Gemeente"),
    )
    assert not formset.is_valid()
    assert errors(formset.forms[0], "bearer_name") == [
        "Kies een partner of noem een andere partij, niet allebei. Maak een van beide leeg."
    ]


def test_period_of_another_plan_cannot_be_chosen(plan, period):
    other = ReportingPeriodFactory(label="2025")
    formset = cost_rows(plan, cost(other, amount="10"))
    assert not formset.is_valid()
    assert errors(formset.forms[0], "period")
    choices = [value for value, _label in formset.forms[0].fields["period"].choices]
    assert choices == ["", period.pk]


def test_partners_that_left_are_offered_only_where_chosen(plan, period, partner_b):
    gone = OrganisationFactory(name="Woonbron Oud", is_active=False)
    offered = cost_rows(plan).empty_form.fields["bearer_organisation"].choices
    assert [label for _value, label in offered][1:] == [partner_b.name, plan.organisation.name]
    CostLineFactory(period=period, bearer_organisation=gone)
    offered = cost_rows(plan).empty_form.fields["bearer_organisation"].choices
    assert gone.name in [label for _value, label in offered]


def test_financing_amounts_are_checked(plan):
    formset = forms.FinancingRows(
        rows("financing", {"kind": "subsidie", "committed": "-1", "received": "1e13"}),
        instance=plan,
        prefix="financing",
    )
    assert not formset.is_valid()
    assert errors(formset.forms[0], "committed") == [NEGATIVE]
    assert errors(formset.forms[0], "received") == [TOO_LARGE]


# Periods


def period_rows(plan, *typed: dict):
    return forms.PeriodRows(rows("periods", *typed), instance=plan, prefix="periods")


def test_end_before_start_is_refused(plan):
    formset = period_rows(
        plan,
        {"label": "2025", "start_date": "2025-12-31", "end_date": "2025-01-01", "status": "open"},
    )
    assert not formset.is_valid()
    assert errors(formset.forms[0], "end_date") == [
        "De laatste dag ligt vóór de eerste dag. Controleer beide datums."
    ]


def test_period_outside_the_intervention_names_its_dates(plan):
    formset = period_rows(
        plan,
        {"label": "2027", "start_date": "2027-01-01", "end_date": "2027-12-31", "status": "open"},
        {"label": "2025", "start_date": "2025-01-01", "end_date": "2025-12-31", "status": "open"},
    )
    assert not formset.is_valid()
    assert formset.forms[0].non_field_errors() == [
        "Deze periode valt buiten de interventie, die loopt van 1 januari 2025 tot en met "
        "31 december 2026. Pas de datums van de periode of van de beschrijving aan."
    ]
    assert formset.forms[1].errors == {}
    assert formset.forms[1]["label"].value() == "2025"


def test_period_before_an_open_ended_intervention(plan):
    plan.intervention.end_date = None
    formset = period_rows(
        plan,
        {"label": "2024", "start_date": "2024-01-01", "end_date": "2030-12-31", "status": "open"},
    )
    assert not formset.is_valid()
    assert "begint vóór de interventie, die begint op 1 januari 2025" in str(
        formset.forms[0].non_field_errors()
    )


def test_a_period_of_a_plan_without_dates_is_free(plan):
    plan.intervention.start_date = plan.intervention.end_date = None
    formset = period_rows(
        plan,
        {"label": "2019", "start_date": "2019-01-01", "end_date": "2019-12-31", "status": "open"},
    )
    assert formset.is_valid(), formset.errors


# Results


def test_one_value_per_result_and_period(plan, period):
    indicator = OutputIndicatorFactory(plan=plan)
    row = {"indicator": str(indicator.pk), "period": str(period.pk), "realised": "5"}
    formset = forms.OutputValueRows(
        rows("values", row, {**row, "realised": "6"}), plan=plan, prefix="values"
    )
    assert not formset.is_valid()
    assert formset.non_form_errors() == [
        "Dit resultaat heeft al een waarde voor deze periode. Pas die regel aan, of kies een "
        "andere periode."
    ]


def test_results_of_another_plan_are_not_offered(plan, period):
    mine = OutputIndicatorFactory(plan=plan)
    OutputIndicatorFactory()
    formset = forms.OutputValueRows(plan=plan)
    choices = [value for value, _label in formset.forms[0].fields["indicator"].choices]
    assert choices == ["", mine.pk]


def test_negative_realised_value_is_refused(plan, period):
    indicator = OutputIndicatorFactory(plan=plan)
    row = {"indicator": str(indicator.pk), "period": str(period.pk), "realised": "-3"}
    formset = forms.OutputValueRows(rows("values", row), plan=plan, prefix="values")
    assert not formset.is_valid()
    assert errors(formset.forms[0], "realised") == [NEGATIVE]


# Valued outcomes


def outcome(**fields) -> dict:
    return {
        "outcome": "Woongenot",
        "beneficiary": "Bewoners",
        "quantity": "600",
        "proxy": "60",
        "deadweight": "25",
        "displacement": "5",
        "attribution": "20",
        "drop_off": "25",
        "duration_years": "3",
        "start_offset": "0",
        **fields,
    }


def outcome_rows(plan, *typed: dict):
    return forms.OutcomeRows(rows("outcomes", *typed), instance=plan, prefix="outcomes")


@pytest.mark.parametrize("name", ["deadweight", "displacement", "attribution", "drop_off"])
def test_percentages_over_100_are_refused(plan, name):
    formset = outcome_rows(plan, outcome(**{name: "101"}), outcome(outcome="Veiligheid"))
    assert not formset.is_valid()
    assert errors(formset.forms[0], name) == [PERCENT]
    assert formset.forms[1]["outcome"].value() == "Veiligheid"


def test_negative_percentage_and_text_are_refused(plan):
    formset = outcome_rows(plan, outcome(deadweight="-1", quantity="zes"))
    assert not formset.is_valid()
    assert errors(formset.forms[0], "deadweight") == [PERCENT]
    assert errors(formset.forms[0], "quantity") == [NOT_A_NUMBER]


def test_a_value_from_the_library_fills_value_and_source(plan):
    proxy = FinancialProxy.objects.create(
        name="Voorkomen ontruiming", unit="ontruiming", value=D("3000"), price_year=2024,
        source="Aedes, indicatief",
    )  # fmt: skip
    formset = outcome_rows(plan, outcome(proxy="", library_proxy=str(proxy.pk)))
    assert formset.is_valid(), formset.errors
    saved = formset.save()[0]
    assert (saved.proxy, saved.proxy_source, saved.library_proxy) == (
        D("3000"),
        "Aedes, indicatief",
        proxy,
    )


def test_a_typed_value_wins_over_the_library(plan):
    proxy = FinancialProxy.objects.create(
        name="Woongenot", unit="huishouden", value=D("50"), price_year=2024, source="Bron"
    )
    formset = outcome_rows(plan, outcome(proxy="60", library_proxy=str(proxy.pk)))
    assert formset.is_valid(), formset.errors
    assert formset.save()[0].proxy == D("60")


def test_an_outcome_needs_a_value(plan):
    formset = outcome_rows(plan, outcome(proxy=""))
    assert not formset.is_valid()
    assert errors(formset.forms[0], "proxy") == [
        "Vul in wat één eenheid waard is in euro's, of kies een waarde uit de bibliotheek."
    ]


def test_the_words_are_explained_to_a_layperson(plan):
    form = outcome_rows(plan).empty_form
    assert "zonder de interventie ook was gebeurd" in str(form.fields["deadweight"].help_text)
    for name in ["displacement", "attribution", "drop_off"]:
        assert "Voorbeeld" in str(form.fields[name].help_text)


# Settings


def test_discount_rate_over_100_is_refused(plan):
    form = forms.PlanForm({"discount_rate": "150"}, instance=plan)
    assert not form.is_valid()
    assert errors(form, "discount_rate") == [PERCENT]


def test_a_price_year_too_early_names_the_limit(plan):
    form = forms.PlanForm({"discount_rate": "3.5", "price_year": "1850"}, instance=plan)
    assert not form.is_valid()
    assert errors(form, "price_year") == ["Vul minstens 1990 in."]


def test_an_outcome_lasts_at_least_a_year(plan):
    formset = outcome_rows(plan, outcome(duration_years="0", start_offset="99"))
    assert not formset.is_valid()
    assert errors(formset.forms[0], "duration_years") == ["Vul minstens 1 in."]
    assert errors(formset.forms[0], "start_offset") == ["Vul hoogstens 50 in."]
