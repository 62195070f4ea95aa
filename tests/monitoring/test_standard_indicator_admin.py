"""Programme staff keep the library of standard indicators in the admin; partners cannot."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from interventions.models import Effect
from monitoring.models import StandardIndicator
from tests.factories import StandardIndicatorFactory

CHANGELIST = "admin:monitoring_standardindicator_changelist"


def test_programme_staff_add_a_standard_indicator(client, programme_staff):
    client.force_login(programme_staff)
    effect = Effect.objects.get(code="LB.03")
    response = client.post(
        reverse("admin:monitoring_standardindicator_add"),
        {
            "effect": effect.pk,
            "name": "Leefbaarometer-score van de wijk",
            "scale": "score",
            "unit": "punten",
            "direction": "hoger",
            "method": "leefbaarometer",
            "source": "Leefbaarometer 3.0",
            "explanation": "De score van de buurt op leefbaarometer.nl.",
        },
    )
    assertRedirects(response, reverse(CHANGELIST))
    indicator = StandardIndicator.objects.get(name="Leefbaarometer-score van de wijk")
    assert (indicator.effect, indicator.method) == (effect, "leefbaarometer")


def test_programme_staff_search_and_filter_the_library(client, programme_staff):
    StandardIndicatorFactory(name="% veilig in de buurt", method="enquete")
    StandardIndicatorFactory(
        effect=Effect.objects.get(code="VE.01"),
        name="Meldingen woonoverlast",
        method="registratie",
    )
    client.force_login(programme_staff)
    response = client.get(reverse(CHANGELIST), {"q": "woonoverlast"})
    assertContains(response, "Meldingen woonoverlast")
    assertNotContains(response, "% veilig in de buurt")
    response = client.get(reverse(CHANGELIST), {"method__exact": "enquete"})
    assertContains(response, "% veilig in de buurt")
    assertNotContains(response, "Meldingen woonoverlast")
    response = client.get(reverse(CHANGELIST), {"effect__domain": "Veiligheid"})
    assert response.status_code == 200


def test_programme_staff_may_not_delete_a_standard_indicator(client, programme_staff):
    indicator = StandardIndicatorFactory()
    client.force_login(programme_staff)
    response = client.post(
        reverse("admin:monitoring_standardindicator_delete", args=[indicator.pk]), {"post": "yes"}
    )
    assert response.status_code == 403
    assert StandardIndicator.objects.exists()


@pytest.mark.parametrize("name", [CHANGELIST, "admin:monitoring_standardindicator_add"])
def test_a_partner_member_cannot_reach_the_library(client, manager_a, name):
    client.force_login(manager_a)
    url = reverse(name)
    assertRedirects(client.get(url), f"{reverse('admin:login')}?next={url}")
