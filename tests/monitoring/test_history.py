import datetime
import decimal

import pytest
import reversion
from django import forms
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects
from reversion.models import Version

from monitoring.models import CostLine, FinancialProxy, ReportingPeriod, ValuedOutcome
from tests.factories import (
    CostLineFactory,
    InterventionFactory,
    MonitoringPlanFactory,
    ReportingPeriodFactory,
    ValuedOutcomeFactory,
)

D = decimal.Decimal


@pytest.fixture
def intervention_a(partner_a, member_a):
    return InterventionFactory(organisation=partner_a, created_by=member_a)


@pytest.fixture
def plan_a(intervention_a):
    return MonitoringPlanFactory(intervention=intervention_a)


@pytest.fixture
def period_a(plan_a):
    return ReportingPeriodFactory(plan=plan_a, label="2025")


def url(name: str, plan, **kwargs) -> str:
    return reverse(f"monitoring:{name}", kwargs={"pk": plan.intervention_id, **kwargs})


def restore_url(plan, version) -> str:
    return url("restore", plan, version_id=version.pk)


def versions(plan) -> list[Version]:
    return list(Version.objects.get_for_object(plan).select_related("revision__user"))


def _add_form(data: dict, form) -> None:
    for bound in form:
        if isinstance(bound.field, forms.BooleanField):
            if bound.value():
                data[bound.html_name] = "on"
            continue
        value = bound.field.prepare_value(bound.value())
        if isinstance(value, datetime.date):
            value = value.isoformat()
        data[bound.html_name] = "" if value is None else str(value)


def post_page(client, name: str, plan, **changes):
    """Open an edit page, change inputs by name as a browser would, and save it."""
    response = client.get(url(name, plan))
    assert response.status_code == 200
    data: dict = {}
    for formset in response.context["formsets"]:
        _add_form(data, formset.management_form)
        for form in formset:
            _add_form(data, form)
    data.update(changes)
    response = client.post(url(name, plan), data)
    assertRedirects(response, url(name, plan))
    return response


def save_two_cost_lines(client, plan, period):
    post_page(
        client,
        "costs",
        plan,
        **{
            "costs-0-period": str(period.pk),
            "costs-0-category": "materiaal",
            "costs-0-description": "Bezems",
            "costs-0-amount": "1250.50",
            "costs-1-period": str(period.pk),
            "costs-1-category": "personeel",
            "costs-1-description": "Huismeester",
            "costs-1-hours": "100",
            "costs-1-hourly_rate": "42",
        },
    )


def record(plan, by, comment: str = "Kosten opgeslagen") -> Version:
    """A version of the plan as the save services make one."""
    with reversion.create_revision():
        plan.save()
        reversion.set_user(by)
        reversion.set_comment(comment)
    return versions(plan)[0]


# Every save is a version


def test_saving_costs_makes_a_version_by_that_member(client, member_a, plan_a, period_a):
    client.force_login(member_a)
    save_two_cost_lines(client, plan_a, period_a)
    [version] = versions(plan_a)
    assert version.revision.user == member_a
    assert version.revision.comment == "Kosten opgeslagen"
    stored = {item.object_repr for item in version.revision.version_set.all()}
    assert {"Bezems", "Huismeester", "2025"} <= stored


def test_saving_settings_makes_a_version_named_after_the_page(client, member_a, plan_a):
    client.force_login(member_a)
    response = client.get(url("plan", plan_a))
    data: dict = {}
    _add_form(data, response.context["form"])
    data["discount_rate"] = "4"
    client.post(url("plan", plan_a), data)
    [version] = versions(plan_a)
    assert version.revision.comment == "Instellingen opgeslagen"
    assert version.field_dict["discount_rate"] == D("4.00")


def test_a_removed_line_is_not_in_the_next_version(client, member_a, plan_a, period_a):
    client.force_login(member_a)
    save_two_cost_lines(client, plan_a, period_a)
    post_page(client, "costs", plan_a, **{"costs-0-DELETE": "on"})
    newest = versions(plan_a)[0]
    stored = {item.object_repr for item in newest.revision.version_set.all()}
    assert "Huismeester" in stored
    assert "Bezems" not in stored


# Putting a version back


def test_restoring_brings_back_a_removed_cost_line(client, member_a, plan_a, period_a):
    client.force_login(member_a)
    save_two_cost_lines(client, plan_a, period_a)
    post_page(client, "costs", plan_a, **{"costs-0-DELETE": "on"})
    assert not CostLine.objects.filter(description="Bezems").exists()
    first = versions(plan_a)[-1]

    response = client.post(restore_url(plan_a, first), follow=True)

    assertRedirects(response, url("detail", plan_a))
    assert CostLine.objects.get(description="Bezems").amount == D("1250.50")
    assert CostLine.objects.get(description="Huismeester").total == D("4200.00")
    assertContains(response, "De cijfers van ")
    assertContains(response, "zijn terug.")
    newest = versions(plan_a)[0]
    assert len(versions(plan_a)) == 3
    assert newest.revision.user == member_a
    assert newest.revision.comment.startswith("Versie van ")
    assert newest.revision.comment.endswith(" teruggezet")
    assert newest.revision.version_set.count() == 4  # the plan, its period, two cost lines
    plan_a.refresh_from_db()
    assert plan_a.total_cost == D("5450.50")  # the stored key figures follow


def test_restoring_removes_a_period_and_its_costs_added_since(client, member_a, plan_a, period_a):
    client.force_login(member_a)
    save_two_cost_lines(client, plan_a, period_a)
    first = versions(plan_a)[0]
    later = ReportingPeriodFactory(plan=plan_a, label="2026")
    CostLineFactory(period=later, description="Later")
    record(plan_a, member_a)

    response = client.post(restore_url(plan_a, first))

    assertRedirects(response, url("detail", plan_a), fetch_redirect_response=False)
    assert list(ReportingPeriod.objects.values_list("label", flat=True)) == ["2025"]
    assert sorted(CostLine.objects.values_list("description", flat=True)) == [
        "Bezems",
        "Huismeester",
    ]


def test_restoring_moves_a_line_back_to_a_removed_period(client, member_a, plan_a, period_a):
    line = CostLineFactory(period=period_a, description="Verhuizer")
    first = record(plan_a, member_a)
    later = ReportingPeriodFactory(plan=plan_a, label="2026")
    CostLine.objects.filter(pk=line.pk).update(period=later)
    removed_pk = period_a.pk
    period_a.delete()
    record(plan_a, member_a)
    client.force_login(member_a)

    client.post(restore_url(plan_a, first))

    period = ReportingPeriod.objects.get()
    assert (period.pk, period.label) == (removed_pk, "2025")
    assert CostLine.objects.get().period == period


def test_restore_the_database_refuses_shows_why_and_changes_nothing(client, member_a, plan_a):
    proxy = FinancialProxy.objects.create(
        name="Voorkomen ontruiming", unit="ontruiming", value=D("3000.00"), price_year=2024
    )
    ValuedOutcomeFactory(plan=plan_a, library_proxy=proxy)
    first = record(plan_a, member_a, "Maatschappelijke waarde opgeslagen")
    proxy.delete()
    ValuedOutcome.objects.update(quantity=D("7"))
    record(plan_a, member_a)
    client.force_login(member_a)

    response = client.post(restore_url(plan_a, first), follow=True)

    assertRedirects(response, url("history", plan_a))
    assertContains(response, "kon niet worden teruggezet")
    assert ValuedOutcome.objects.get().quantity == D("7")
    assert len(versions(plan_a)) == 2


# Boundaries


def test_anonymous_is_sent_to_login(client, member_a, plan_a):
    version = record(plan_a, member_a)
    for response in [
        client.get(url("history", plan_a)),
        client.post(restore_url(plan_a, version)),
    ]:
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


def test_other_partner_gets_404(client, member_a, member_b, plan_a, period_a):
    line = CostLineFactory(period=period_a)
    version = record(plan_a, member_a)
    line.delete()
    client.force_login(member_b)
    assert client.get(url("history", plan_a)).status_code == 404
    assert client.post(restore_url(plan_a, version)).status_code == 404
    assert not CostLine.objects.exists()


def test_version_of_another_plan_gets_404(client, member_a, partner_a, plan_a, period_a):
    other_plan = MonitoringPlanFactory(
        intervention=InterventionFactory(organisation=partner_a, created_by=member_a)
    )
    CostLineFactory(period=ReportingPeriodFactory(plan=other_plan), description="Elders")
    other = record(other_plan, member_a)
    CostLine.objects.filter(description="Elders").delete()
    client.force_login(member_a)
    assert client.post(restore_url(plan_a, other)).status_code == 404
    assert not CostLine.objects.filter(description="Elders").exists()


def test_version_that_holds_another_plan_too_gets_404(client, member_a, partner_a, plan_a):
    other_plan = MonitoringPlanFactory(
        intervention=InterventionFactory(organisation=partner_a, created_by=member_a)
    )
    ValuedOutcomeFactory(plan=other_plan, quantity=D("5"))
    with reversion.create_revision():
        plan_a.save()
        other_plan.save()
    mixed = versions(plan_a)[0]
    ValuedOutcome.objects.update(quantity=D("7"))
    client.force_login(member_a)
    assert client.post(restore_url(plan_a, mixed)).status_code == 404
    assert ValuedOutcome.objects.get().quantity == D("7")


def test_restore_is_post_only(client, member_a, plan_a):
    version = record(plan_a, member_a)
    client.force_login(member_a)
    assert client.get(restore_url(plan_a, version)).status_code == 405


# The history page


def test_history_lists_versions_newest_first_with_what_they_held(
    client, member_a, plan_a, period_a
):
    client.force_login(member_a)
    save_two_cost_lines(client, plan_a, period_a)
    post_page(client, "costs", plan_a, **{"costs-0-DELETE": "on"})
    response = client.get(url("history", plan_a))
    assertContains(response, f"<td>{member_a.get_full_name()}</td>", count=2)
    assertContains(response, "Kosten opgeslagen", count=2)
    rows = response.context["rows"]
    assert [row.number for row in rows] == [2, 1]
    assert [row.costs for row in rows] == [D("4200.00"), D("5450.50")]
    assert [row.counts for row in rows] == [[1, 1, 0, 0, 0, 0, 0], [1, 2, 0, 0, 0, 0, 0]]
    assertContains(response, "Versie 1 terugzetten")
    assertNotContains(response, "Versie 2 terugzetten")  # the current one
    assertNotContains(response, "terugzetten?")  # no confirm step until one is chosen


def test_putting_back_asks_to_confirm_first(client, member_a, plan_a):
    first = record(plan_a, member_a)
    record(plan_a, member_a)
    client.force_login(member_a)
    response = client.get(url("history", plan_a), {"terugzetten": first.pk})
    assertContains(response, "Versie 1 terugzetten?")
    assertContains(response, f'action="{restore_url(plan_a, first)}"')
    assert len(versions(plan_a)) == 2


def test_history_without_versions(client, member_a, plan_a):
    client.force_login(member_a)
    response = client.get(url("history", plan_a))
    assertContains(response, "Er zijn nog geen versies opgeslagen.")


@pytest.mark.parametrize("count", [1, 10])
def test_history_queries_do_not_grow_with_versions(
    client, member_a, plan_a, period_a, count, django_assert_num_queries
):
    for number in range(count):
        CostLineFactory(period=period_a, amount=D(number + 1))
        record(plan_a, member_a)
    client.force_login(member_a)
    client.get(url("history", plan_a))  # content types cached
    # Session, user, plan, versions, rows per kind, cost lines stored.
    with django_assert_num_queries(6):
        response = client.get(url("history", plan_a))
    assert len(response.context["rows"]) == count
    assert response.context["rows"][0].costs == D(count * (count + 1) // 2)
