"""The comparison page: adding and removing descriptions through the search on the page, and
the key figures and effects of the monitoring, only where the reader may see that monitoring."""

import datetime
import decimal

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from interventions import services
from interventions.models import Effect
from tests.factories import (
    EffectIndicatorFactory,
    EffectMeasurementFactory,
    make_plan,
    make_published,
    store_figures,
)

COMPARE_URL = reverse("interventions:compare")


def compare_url(*interventions, q: str = "") -> str:
    query = "&".join(f"id={item.pk}" for item in interventions)
    return f"{COMPARE_URL}?{query}" + (f"&q={q}" if q else "")


def monitored(intervention, *, is_shared: bool):
    """€ 1.000 of costs, € 2.500 of social value (ratio 2,50 : 1) and the worked example of
    % feeling safe measured at 68.5 on its intended effect VE.01."""
    plan = make_plan(
        intervention,
        cost=decimal.Decimal("1000.00"),
        benefits=decimal.Decimal("2500.00"),
        is_shared=is_shared,
    )
    indicator = EffectIndicatorFactory(
        plan=plan, effect=Effect.objects.get(code="VE.01"), name="Bewoners die zich veilig voelen"
    )
    EffectMeasurementFactory(indicator=indicator, value=decimal.Decimal("68.5"))
    return store_figures(plan)


@pytest.fixture
def own_b(partner_b, member_b):
    return make_published(partner_b, member_b, title="Buurtbeheer Transvaal")


@pytest.fixture
def portiek_a(partner_a, member_a):
    return make_published(partner_a, member_a, title="Portiekportier Oude Westen")


@pytest.fixture
def private_a(partner_a, member_a):
    return make_published(
        partner_a, member_a, title="Portiekportier Bospolder", visibility="organisatie"
    )


# Adding and removing through the search on the page.


def test_the_search_lists_what_the_reader_may_see_with_an_add_button(
    client, member_b, own_b, portiek_a, private_a
):
    client.force_login(member_b)
    response = client.get(compare_url(own_b, q="portiekportier"))
    found = response.context["found"]
    assert [item.title for item in found] == ["Portiekportier Oude Westen"]
    content = response.content.decode()
    assert f'<input type="hidden" name="id" value="{own_b.pk}">' in content
    assert f'name="id" value="{portiek_a.pk}"' in content
    assert '<input type="hidden" name="q" value="portiekportier">' in content
    assert f'value="{private_a.pk}"' not in content
    assertNotContains(response, "Bospolder")


def test_adding_shows_both_and_removing_leaves_the_other(client, member_b, own_b, portiek_a):
    client.force_login(member_b)
    # The add button submits the ids on the page and the one added.
    response = client.get(compare_url(own_b, portiek_a, q="portiekportier"))
    assert [column.intervention for column in response.context["columns"]] == [own_b, portiek_a]
    assert response.context["found"] == []  # already compared
    assertContains(response, "Geen andere beschrijving die je mag lezen past bij")
    remove = f'href="{COMPARE_URL}?id={own_b.pk}">Verwijderen'
    assertContains(response, remove)
    response = client.get(compare_url(own_b))
    assert [column.intervention for column in response.context["columns"]] == [own_b]


def test_a_private_description_of_another_partner_is_never_shown(
    client, member_b, own_b, private_a
):
    client.force_login(member_b)
    assert client.get(compare_url(own_b, private_a)).status_code == 404
    response = client.get(compare_url(own_b, q="Bospolder"))
    assert response.context["found"] == []


def test_own_drafts_can_be_added(client, member_a, portiek_a, concept_a):
    client.force_login(member_a)
    concept_a.title = "Portiekportier concept"
    concept_a.save()
    services.refresh_derived_fields(concept_a)
    response = client.get(compare_url(portiek_a, q="portiekportier"))
    assert [item.title for item in response.context["found"]] == ["Portiekportier concept"]


def test_the_search_needs_a_login(client, own_b):
    response = client.get(compare_url(own_b, q="portiek"))
    assert response.status_code == 302
    assert response["Location"].startswith(f"{reverse('login')}?next=")


# Key figures and effects.


def test_unshared_monitoring_is_shown_to_its_own_organisation_only(
    client, member_a, member_b, own_b, portiek_a
):
    monitored(portiek_a, is_shared=False)
    client.force_login(member_b)
    response = client.get(compare_url(own_b, portiek_a))
    assertContains(response, "Geen gedeelde monitoring")
    assertNotContains(response, "€ 1.000,00")
    assertNotContains(response, "2,50 : 1")
    assertNotContains(response, "Bewoners die zich veilig voelen")
    assertNotContains(response, "procentpunt")
    client.force_login(member_a)
    response = client.get(compare_url(own_b, portiek_a))
    assertContains(response, "€ 1.000,00")
    assertContains(response, "2,50 : 1")
    assertContains(response, "Bewoners die zich veilig voelen")
    assertContains(response, "6,5 procentpunt beter dan de nulmeting; 81 % van het doel")


def test_shared_monitoring_shows_its_figures_and_effects_to_every_partner(
    client, member_b, own_b, portiek_a
):
    monitored(portiek_a, is_shared=True)
    client.force_login(member_b)
    response = client.get(compare_url(own_b, portiek_a))
    assertContains(response, "€ 1.000,00")
    assertContains(response, "2,50 : 1")
    assertContains(response, "<strong>verbeterd</strong>", html=True)
    assertContains(response, "6,5 procentpunt beter dan de nulmeting; 81 % van het doel")
    # The reader's own description without monitoring.
    assertContains(response, "Nog geen monitoring")


def test_shared_monitoring_of_a_description_kept_within_its_organisation_stays_hidden(
    client, member_b, partner_a, member_a, own_b
):
    # Shared, but the description is for its own organisation only: never to other partners.
    description = make_published(partner_a, member_a, title="Intern", visibility="organisatie")
    monitored(description, is_shared=True)
    description.visibility = "partners"
    description.save(update_fields=["visibility"])
    description.monitoring.is_shared = False
    description.monitoring.save(update_fields=["is_shared"])
    client.force_login(member_b)
    response = client.get(compare_url(own_b, description))
    assertNotContains(response, "€ 1.000,00")


def test_effects_are_compared_per_intended_effect(client, member_a, portiek_a, partner_a):
    other = make_published(partner_a, member_a, title="Schoonmaak")
    other.intended_effects.create(effect=Effect.objects.get(code="LB.01"))
    make_plan(other, cost=decimal.Decimal("400.00"), is_shared=False)
    monitored(portiek_a, is_shared=False)
    client.force_login(member_a)
    response = client.get(compare_url(portiek_a, other))
    rows = response.context["effect_rows"]
    assert [row.effect.code for row in rows] == ["LB.01", "VE.01"]
    assert rows[0].cells[0] is None  # portiek_a does not aim at LB.01
    assert rows[0].cells[1].indicators == []
    assert [item.status for item in rows[1].cells[0].indicators] == ["verbeterd"]
    assertContains(response, "Nog geen effectindicator")


@pytest.mark.parametrize("count", [1, 10])
def test_the_page_takes_the_same_queries_for_1_and_10_descriptions(
    client, member_a, partner_a, count, django_assert_num_queries
):
    descriptions = [
        make_published(partner_a, member_a, title=f"Portiekportier {number}")
        for number in range(count)
    ]
    for description in descriptions:
        monitored(description, is_shared=description.pk % 2 == 0)
    client.force_login(member_a)
    client.get(compare_url(*descriptions, q="portiekportier"))  # warm: session, user
    # Session, user, memberships; the descriptions with their parts; the plans with their
    # rows; the search; the similar descriptions.
    with django_assert_num_queries(22):
        response = client.get(compare_url(*descriptions, q="portiekportier"))
    assert len(response.context["columns"]) == count


def test_the_cost_per_year_divides_by_the_years_of_running_time(
    client, member_b, own_b, portiek_a
):
    portiek_a.start_date = datetime.date(2021, 1, 1)
    portiek_a.end_date = datetime.date(2025, 1, 1)  # 1,461 days: 4 years
    portiek_a.save(update_fields=["start_date", "end_date"])
    monitored(portiek_a, is_shared=True)
    client.force_login(member_b)
    response = client.get(compare_url(own_b, portiek_a))
    assert response.context["columns"][1].cost_per_year == decimal.Decimal("250.00")
    assertContains(response, "€ 250,00")
