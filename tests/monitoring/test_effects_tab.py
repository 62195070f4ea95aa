"""The effects tab: effect indicators of the intended effects and their measurements, entered
with formsets, checked with clear messages, versioned and offered from the standard library."""

import datetime
import decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects
from reversion.models import Version

from interventions.models import Effect, IntendedEffect, InterventionType
from monitoring import forms, services
from monitoring.models import EffectIndicator, EffectMeasurement, MonitoringPlan, StandardIndicator
from tests.factories import (
    ArchetypeFactory,
    EffectIndicatorFactory,
    EffectMeasurementFactory,
    InterventionFactory,
    MonitoringPlanFactory,
    StandardIndicatorFactory,
)
from tests.monitoring.test_views import page_data

D = decimal.Decimal
SAVED = "Opgeslagen. De samenvatting toont nu de nieuwe cijfers."
NOT_SAVED = "Nog niet opgeslagen"


@pytest.fixture
def intervention_a(partner_a, member_a):
    intervention = InterventionFactory(organisation=partner_a, created_by=member_a)
    for code in ("VE.01", "VE.03"):
        IntendedEffect.objects.create(
            intervention=intervention, effect=Effect.objects.get(code=code)
        )
    intervention.intervention_types.add(
        InterventionType.objects.get(slug="huismeester-complexbeheerder")
    )
    return intervention


@pytest.fixture
def plan_a(intervention_a):
    return MonitoringPlanFactory(intervention=intervention_a)


@pytest.fixture
def safety(plan_a):
    """The worked example of DOMAIN.md §6a, with the city as comparison area."""
    return EffectIndicatorFactory(
        plan=plan_a,
        name="Bewoners die zich veilig voelen in de buurt",
        comparison_area="Rotterdam",
        comparison_baseline=D("61.0"),
    )


def effect(code: str) -> Effect:
    return Effect.objects.get(code=code)


def url(intervention) -> str:
    return reverse("monitoring:effects", kwargs={"pk": intervention.pk})


def post(client, user, intervention, **changes):
    """Open the tab as `user`, change inputs by name as a browser would, and save."""
    client.force_login(user)
    response = client.get(url(intervention))
    assert response.status_code == 200
    return client.post(url(intervention), page_data(response, **changes))


def new_indicator(index: int = 0, **changes) -> dict:
    values = {
        "effect": str(effect("VE.03").pk),
        "name": "Bewoners die zich veilig voelen in de buurt",
        "scale": "procent",
        "unit": "%",
        "direction": "hoger",
        "method": "enquete",
        "baseline_value": "62",
        "baseline_date": "2018-03-01",
        "target_value": "70",
        "target_date": "2021-03-01",
        "comparison_area": "Rotterdam",
        "comparison_baseline": "61",
        **changes,
    }
    return {f"effects-{index}-{name}": value for name, value in values.items()}


def measurement(index: int, indicator, **changes) -> dict:
    values = {
        "indicator": str(indicator.pk),
        "date": "2019-03-01",
        "value": "66",
        "respondents": "412",
        "source": "Bewonersenquête",
        **changes,
    }
    return {f"measurements-{index}-{name}": value for name, value in values.items()}


def assert_refused(response, message: str, typed: str) -> None:
    """The page comes back with the message and with what was typed."""
    assert response.status_code == 200
    assertContains(response, NOT_SAVED)
    assertContains(response, message)
    assertContains(response, typed)


# Entering and reading


def test_the_tab_explains_a_nulmeting_and_a_comparison_area(client, member_a, plan_a):
    client.force_login(member_a)
    response = client.get(url(plan_a.intervention))
    assertContains(response, f'aria-current="page" href="{url(plan_a.intervention)}">Effecten</a>')
    assertContains(response, "Nog nooit een effect gemeten?")
    assertContains(response, "De nulmeting is de meting voordat de interventie begint")
    assertContains(response, "Een vergelijkingsgebied is een gebied zonder jouw interventie")
    assertContains(response, "Effectindicator")
    # Only the description's own intended effects are offered.
    effects = response.context["formsets"][0].forms[0].fields["effect"].choices
    assert [label for _value, label in effects][1:] == [
        str(effect("VE.01")),
        str(effect("VE.03")),
    ]


def test_an_indicator_is_saved_as_a_version_with_its_figures(client, member_a, plan_a):
    response = post(client, member_a, plan_a.intervention, **new_indicator())
    assertRedirects(response, url(plan_a.intervention), fetch_redirect_response=False)
    assertContains(client.get(url(plan_a.intervention)), SAVED)
    indicator = plan_a.effect_indicators.get()
    assert indicator.effect == effect("VE.03")
    assert indicator.baseline_value == D("62")
    assert indicator.comparison_area == "Rotterdam"
    assert indicator.status == "niet_gemeten"
    version = Version.objects.get_for_object(plan_a).get()
    assert version.revision.comment == "Effecten opgeslagen"
    assert version.revision.user == member_a


def test_two_measurements_show_the_change_in_words(client, member_a, plan_a, safety):
    response = post(
        client,
        member_a,
        plan_a.intervention,
        **measurement(0, safety, date="2019-03-01", value="66", comparison_value="62"),
        **measurement(1, safety, date="2020-03-01", value="68,5", comparison_value="63"),
    )
    assertRedirects(response, url(plan_a.intervention))
    assert [item.value for item in safety.measurements.order_by("date")] == [D("66"), D("68.5")]
    safety.refresh_from_db()
    assert safety.status == "verbeterd"
    assert safety.improvement == D("7.2581")
    assert safety.latest_date == datetime.date(2020, 3, 1)
    response = client.get(url(plan_a.intervention))
    assertContains(response, "6,5 procentpunt beter dan de nulmeting; 81 % van het doel")
    assertContains(response, "netto 4,5 procentpunt beter dan het vergelijkingsgebied")
    assertContains(response, "verbeterd")


def test_a_measurement_and_its_indicator_can_be_removed(client, member_a, plan_a, safety):
    EffectMeasurementFactory(indicator=safety, date=datetime.date(2019, 3, 1))
    response = post(
        client,
        member_a,
        plan_a.intervention,
        **{"effects-0-DELETE": "on", "measurements-0-DELETE": "on"},
    )
    assertRedirects(response, url(plan_a.intervention))
    assert not EffectIndicator.objects.exists()
    assert not EffectMeasurement.objects.exists()


def test_removing_an_indicator_takes_its_unchanged_measurements(client, member_a, plan_a, safety):
    EffectMeasurementFactory(indicator=safety, date=datetime.date(2019, 3, 1))
    response = post(client, member_a, plan_a.intervention, **{"effects-0-DELETE": "on"})
    assertRedirects(response, url(plan_a.intervention))
    assert not EffectMeasurement.objects.exists()


def test_without_intended_effects_the_tab_says_where_to_add_them(client, partner_a, member_a):
    plan = MonitoringPlanFactory(
        intervention=InterventionFactory(organisation=partner_a, created_by=member_a)
    )
    client.force_login(member_a)
    response = client.get(url(plan.intervention))
    assertContains(response, "Noem eerst de beoogde effecten van de beschrijving")
    link = reverse("interventions:update", kwargs={"pk": plan.intervention_id}) + "#doelen"
    assertContains(response, f'href="{link}"')
    assertNotContains(response, 'id="monitoring-form"')


def test_before_the_monitoring_began_the_tab_offers_to_begin(client, member_a, intervention_a):
    client.force_login(member_a)
    response = client.get(url(intervention_a))
    assert response.status_code == 200
    assert not MonitoringPlan.objects.exists()
    response = client.post(
        reverse("monitoring:start", kwargs={"pk": intervention_a.pk}), {"page": "effects"}
    )
    assertRedirects(response, url(intervention_a))


# Checks: a clear message at the field, and everything typed comes back


def test_a_measurement_on_the_baseline_date_is_refused(client, member_a, plan_a, safety):
    response = post(
        client,
        member_a,
        plan_a.intervention,
        **measurement(0, safety, date="2018-03-01", value="64,25"),
    )
    assert_refused(response, "Deze datum ligt op of vóór de nulmeting van 1 maart 2018", "64,25")
    assert not EffectMeasurement.objects.exists()


def test_a_measurement_before_a_baseline_moved_in_the_same_save_is_refused(
    client, member_a, plan_a, safety
):
    response = post(
        client,
        member_a,
        plan_a.intervention,
        **{"effects-0-baseline_date": "2019-06-01"},
        **measurement(0, safety, date="2019-03-01"),
    )
    assert_refused(response, "vóór de nulmeting van 1 juni 2019", "2019-06-01")
    safety.refresh_from_db()
    assert safety.baseline_date == datetime.date(2018, 3, 1)


def test_a_target_equal_to_the_baseline_is_refused(client, member_a, plan_a):
    response = post(
        client,
        member_a,
        plan_a.intervention,
        **new_indicator(target_value="62", note="Eerste enquête"),
    )
    assert_refused(response, "Het doel is gelijk aan de nulmeting", "Eerste enquête")
    assert not EffectIndicator.objects.exists()


@pytest.mark.parametrize("name", ["baseline_value", "target_value", "comparison_baseline"])
@pytest.mark.parametrize("value", ["100,5", "-1"])
def test_an_indicator_value_outside_a_percentage_is_refused(client, member_a, plan_a, name, value):
    response = post(client, member_a, plan_a.intervention, **new_indicator(**{name: value}))
    assert_refused(response, "Een percentage ligt tussen 0 en 100.", f'value="{value}"')
    assert not EffectIndicator.objects.exists()


@pytest.mark.parametrize("name", ["value", "comparison_value"])
@pytest.mark.parametrize("value", ["101", "-0,5"])
def test_a_measured_percentage_outside_0_to_100_is_refused(
    client, member_a, plan_a, safety, name, value
):
    response = post(
        client, member_a, plan_a.intervention, **measurement(0, safety, **{name: value})
    )
    assert_refused(response, "Een percentage ligt tussen 0 en 100.", f'value="{value}"')
    assert not EffectMeasurement.objects.exists()


def test_a_report_mark_outside_1_to_10_is_refused(client, member_a, plan_a):
    grade = EffectIndicatorFactory(
        plan=plan_a, scale="rapportcijfer", unit="", baseline_value=D("6.8"), target_value=D("7.5")
    )
    response = post(
        client,
        member_a,
        plan_a.intervention,
        **new_indicator(
            1,
            scale="rapportcijfer",
            baseline_value="0,5",
            target_value="7",
            comparison_baseline="8",
        ),
        **measurement(0, grade, value="11"),
    )
    assertContains(response, "Een rapportcijfer ligt tussen 1 en 10.", count=2)
    assertContains(response, 'value="8"')
    assert not EffectMeasurement.objects.exists()
    assert plan_a.effect_indicators.count() == 1


def test_a_comparison_value_without_a_comparison_area_is_refused(client, member_a, plan_a):
    indicator = EffectIndicatorFactory(plan=plan_a)
    response = post(
        client,
        member_a,
        plan_a.intervention,
        **measurement(0, indicator, comparison_value="63,5"),
    )
    assert_refused(response, "Deze indicator heeft geen vergelijkingsgebied.", "63,5")
    assert not EffectMeasurement.objects.exists()


def test_a_comparison_baseline_needs_a_comparison_area(client, member_a, plan_a):
    response = post(client, member_a, plan_a.intervention, **new_indicator(comparison_area=""))
    assert_refused(response, "Noem het vergelijkingsgebied waar deze waarde bij hoort", "61")


def test_two_measurements_on_one_date_are_refused(client, member_a, plan_a, safety):
    EffectMeasurementFactory(indicator=safety, date=datetime.date(2019, 3, 1))
    response = post(
        client,
        member_a,
        plan_a.intervention,
        **measurement(1, safety, date="2019-03-01", value="67,75"),
    )
    assert_refused(response, "Deze indicator heeft al een meting op deze datum.", "67,75")
    assert EffectMeasurement.objects.count() == 1


def test_two_new_measurements_on_one_date_are_refused(client, member_a, plan_a, safety):
    response = post(
        client,
        member_a,
        plan_a.intervention,
        **measurement(0, safety, date="2019-03-01", value="66"),
        **measurement(1, safety, date="2019-03-01", value="67,75"),
    )
    assert_refused(response, "Deze indicator heeft al een meting op deze datum.", "67,75")
    assert not EffectMeasurement.objects.exists()


def test_an_effect_the_description_does_not_intend_is_refused(client, member_a, plan_a):
    response = post(
        client, member_a, plan_a.intervention, **new_indicator(effect=str(effect("WO.03").pk))
    )
    assert_refused(response, "Kies een van de beoogde effecten van de beschrijving.", "Rotterdam")
    assert not EffectIndicator.objects.exists()


def test_a_measurement_of_an_indicator_being_removed_is_refused(client, member_a, plan_a, safety):
    response = post(
        client,
        member_a,
        plan_a.intervention,
        **{"effects-0-DELETE": "on"},
        **measurement(0, safety, value="66,25"),
    )
    assert_refused(response, "Je verwijdert deze indicator bij deze keer opslaan.", "66,25")
    assert EffectIndicator.objects.count() == 1


@pytest.mark.parametrize(
    "changes",
    [
        {"effects-0-baseline_value": "123456789012345678"},
        {"effects-0-target_value": "1e400"},
        {"effects-0-baseline_date": "2018-02-31"},
        {"effects-0-baseline_date": "99999-01-01"},
        {"effects-0-target_date": "gisteren"},
        {"effects-0-scale": "kilo"},
        {"effects-0-standard": "abc"},
        {"effects-0-effect": "999999"},
        {"measurements-0-value": "99999999999999999999"},
        {"measurements-0-respondents": "99999999999999"},
        {"measurements-0-date": "0000-00-00"},
        {"measurements-0-indicator": "abc"},
        {"measurements-0-comparison_value": "NaN"},
    ],
)
def test_no_input_breaks_the_page(client, member_a, plan_a, safety, changes):
    data = measurement(0, safety, date="2019-03-01")
    response = post(client, member_a, plan_a.intervention, **{**data, **changes})
    assert response.status_code == 200
    assertContains(response, NOT_SAVED)
    assert not EffectMeasurement.objects.exists()


# Standard indicators


def test_standard_indicators_recommended_by_an_archetype_come_first(plan_a):
    StandardIndicator.objects.all().delete()  # the starter library of the migrations
    own = StandardIndicatorFactory(effect=effect("VE.01"), name="Meldingen van woonoverlast")
    recommended = StandardIndicatorFactory(effect=effect("VE.03"), name="% veilig")
    StandardIndicatorFactory(effect=effect("WO.03"), name="Woontevredenheid")  # not intended
    archetype = ArchetypeFactory()  # of the description's intervention type
    archetype.recommended_indicators.add(recommended)
    ArchetypeFactory(
        intervention_type=InterventionType.objects.exclude(
            slug="huismeester-complexbeheerder"
        ).first()
    ).recommended_indicators.add(own)
    formset = forms.EffectIndicatorRows(instance=plan_a, prefix="effects")
    choices = formset.forms[0].fields["standard"].choices
    assert choices == [
        ("", "Geen: een eigen indicator"),
        ("Aanbevolen voor dit soort interventie", [(recommended.pk, str(recommended))]),
        ("Andere standaardindicatoren van de beoogde effecten", [(own.pk, str(own))]),
    ]


def test_a_standard_indicator_fills_in_what_is_left_empty(client, member_a, plan_a):
    standard = StandardIndicatorFactory(
        effect=effect("VE.01"),
        name="Meldingen van woonoverlast per jaar (wijkteam)",
        scale="aantal",
        unit="meldingen",
        direction="lager",
        method="registratie",
    )
    typed = new_indicator(
        standard=str(standard.pk),
        effect="",
        name="",
        scale="",
        unit="",
        direction="",
        method="",
        baseline_value="120",
        target_value="80",
        comparison_area="",
        comparison_baseline="",
    )
    response = post(client, member_a, plan_a.intervention, **typed)
    assertRedirects(response, url(plan_a.intervention))
    indicator = plan_a.effect_indicators.get()
    assert indicator.standard == standard
    assert (indicator.effect, indicator.name, indicator.scale, indicator.unit) == (
        effect("VE.01"),
        "Meldingen van woonoverlast per jaar (wijkteam)",
        "aantal",
        "meldingen",
    )
    assert (indicator.direction, indicator.method) == ("lager", "registratie")


def test_what_was_typed_wins_over_the_standard(client, member_a, plan_a):
    standard = StandardIndicatorFactory(effect=effect("VE.03"), name="% veilig", method="enquete")
    response = post(
        client,
        member_a,
        plan_a.intervention,
        **new_indicator(standard=str(standard.pk), name="Veilig in de portiek", method="schouw"),
    )
    assertRedirects(response, url(plan_a.intervention))
    indicator = plan_a.effect_indicators.get()
    assert (indicator.standard, indicator.name, indicator.method) == (
        standard,
        "Veilig in de portiek",
        "schouw",
    )


def test_a_standard_indicator_of_another_effect_is_refused(client, member_a, plan_a):
    standard = StandardIndicatorFactory(effect=effect("VE.01"), name="Meldingen")
    response = post(
        client, member_a, plan_a.intervention, **new_indicator(standard=str(standard.pk))
    )
    assert_refused(response, "Deze standaardindicator meet VE.01", "Rotterdam")


def test_the_options_carry_what_the_browser_fills_in(client, member_a, plan_a):
    standard = StandardIndicatorFactory(effect=effect("VE.03"), name="% veilig")
    client.force_login(member_a)
    response = client.get(url(plan_a.intervention))
    assertContains(response, f'data-effect="{effect("VE.03").pk}"')
    assertContains(response, 'data-name="% veilig"')
    assertContains(response, "js/effect_indicators.js")
    assert standard.pk


# Who may


def test_anonymous_is_sent_to_login(client, plan_a):
    response = client.get(url(plan_a.intervention))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_other_partner_gets_404_also_for_a_shared_description(client, member_b, shared_a):
    MonitoringPlanFactory(intervention=shared_a, is_shared=True)
    client.force_login(member_b)
    assert client.get(url(shared_a)).status_code == 404
    assert client.post(url(shared_a), new_indicator()).status_code == 404
    assert not EffectIndicator.objects.exists()


def test_programme_staff_cannot_enter_a_partners_effects(client, programme_staff, plan_a):
    client.force_login(programme_staff)
    assert client.get(url(plan_a.intervention)).status_code == 404


def test_the_service_refuses_a_reader_without_change_rights(member_b, plan_a):
    indicators = forms.EffectIndicatorRows(instance=plan_a, prefix="effects")
    measurements = forms.EffectMeasurementRows(
        plan=plan_a, indicators=indicators, prefix="measurements"
    )
    with pytest.raises(PermissionDenied):
        services.save_effects(
            plan=plan_a, indicators=indicators, measurements=measurements, by=member_b
        )


# History


def test_restoring_a_version_brings_removed_effect_rows_back(client, member_a, plan_a):
    post(client, member_a, plan_a.intervention, **new_indicator())
    indicator = plan_a.effect_indicators.get()
    post(client, member_a, plan_a.intervention, **measurement(0, indicator, value="66"))
    response = post(client, member_a, plan_a.intervention, **{"effects-0-DELETE": "on"})
    assertRedirects(response, url(plan_a.intervention))
    assert not EffectIndicator.objects.exists()
    history = client.get(reverse("monitoring:history", kwargs={"pk": plan_a.intervention_id}))
    rows = history.context["rows"]
    assert [row.counts[4:6] for row in rows] == [[0, 0], [1, 1], [1, 0]]
    assertContains(history, "Effectindicatoren")
    restore = reverse(
        "monitoring:restore",
        kwargs={"pk": plan_a.intervention_id, "version_id": rows[1].version.pk},
    )
    client.post(restore)
    restored = plan_a.effect_indicators.get()
    assert restored.measurements.get().value == D("66")
    assert restored.status == "verbeterd"


# Queries


@pytest.mark.parametrize("count", [1, 10])
def test_the_tab_queries_do_not_grow_with_indicators(
    client, member_a, plan_a, count, django_assert_num_queries
):
    StandardIndicatorFactory(effect=effect("VE.03"))
    for number in range(count):
        indicator = EffectIndicatorFactory(plan=plan_a, name=f"Indicator {number}")
        EffectMeasurementFactory(indicator=indicator, date=datetime.date(2019, 3, 1))
        EffectMeasurementFactory(indicator=indicator, date=datetime.date(2020, 3, 1))
    client.force_login(member_a)
    # Session, user, description, plan with its 6 prefetches and the measurements, then the
    # rows of both formsets, the effects, the standard indicators and the indicators offered.
    with django_assert_num_queries(16):
        response = client.get(url(plan_a.intervention))
    assert len(response.context["effects"]) == count
