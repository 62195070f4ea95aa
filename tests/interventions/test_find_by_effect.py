"""Finding descriptions by effect: the facets "Beoogd effect", phase and "met monitoring /
effectmeting / SROI", and the search of effect names and codes.

Monitoring that is not shared never changes a count or a result another partner sees.
"""

import decimal

import pytest
from django.db import transaction
from django.tasks.signals import task_enqueued
from django.test import override_settings
from django.urls import reverse

from interventions import services
from interventions.models import Effect, IntendedEffect, Intervention
from monitoring import services as monitoring_services
from monitoring.forms import PlanForm
from tests.conftest import _run_when_due
from tests.factories import (
    EffectIndicatorFactory,
    EffectMeasurementFactory,
    MembershipFactory,
    OrganisationFactory,
    make_plan,
    make_published,
    store_figures,
)
from tests.interventions.test_facets import facet, filterset_for, get_counting
from wwidw.models import Organisation, User

LIST_URL = reverse("interventions:list")


def with_effects(intervention: Intervention, *codes: str) -> Intervention:
    for code in codes:
        IntendedEffect.objects.create(
            intervention=intervention, effect=Effect.objects.get(code=code)
        )
    services.refresh_derived_fields(intervention)
    return intervention


def measured_plan(intervention: Intervention, *, is_shared: bool):
    """Costs, a social return and a measured effect indicator."""
    plan = make_plan(
        intervention,
        cost=decimal.Decimal("1000.00"),
        benefits=decimal.Decimal("2500.00"),
        is_shared=is_shared,
    )
    indicator = EffectIndicatorFactory(plan=plan, effect=Effect.objects.get(code="VE.01"))
    EffectMeasurementFactory(indicator=indicator, value=decimal.Decimal("68.5"))
    return store_figures(plan)


@pytest.fixture(scope="module")
def _written_once(django_db_setup, django_db_blocker):
    """The partners, their members and the world, written once for this module's tests in a
    transaction that stays open while they run and is rolled back after the last; each test runs
    in a savepoint within it (the `db` fixture), as the demo's tests do (tests/demo/conftest.py).
    Returns the primary keys: each test reads its own instances (`world`)."""
    # The tests' password hasher, and tasks that are due run at once (tests/conftest.py).
    hashers = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    task_enqueued.connect(_run_when_due, dispatch_uid="find-by-effect-run-when-due")
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=hashers),
        transaction.atomic(),
    ):
        # As tests/conftest.py makes them.
        partner_a = OrganisationFactory(name="Woonstichting De Maasoever", slug="maasoever")
        partner_b = OrganisationFactory(name="Hofstad Woonkracht", slug="hofstad", city="Den Haag")
        member_a = MembershipFactory(
            organisation=partner_a, user__full_name="Youssef El Amrani"
        ).user
        member_b = MembershipFactory(organisation=partner_b, user__full_name="Rachid Bouzian").user
        world = _world(partner_a, partner_b, member_a, member_b)
        yield {
            "partners": (partner_a.pk, partner_b.pk),
            "members": (member_a.pk, member_b.pk),
            "world": {name: intervention.pk for name, intervention in world.items()},
        }
        transaction.set_rollback(True)
    task_enqueued.disconnect(dispatch_uid="find-by-effect-run-when-due")


@pytest.fixture
def partner_a(_written_once, db):
    return Organisation.objects.get(pk=_written_once["partners"][0])


@pytest.fixture
def partner_b(_written_once, db):
    return Organisation.objects.get(pk=_written_once["partners"][1])


@pytest.fixture
def member_a(_written_once, db):
    return User.objects.get(pk=_written_once["members"][0])


@pytest.fixture
def member_b(_written_once, db):
    return User.objects.get(pk=_written_once["members"][1])


@pytest.fixture
def world(_written_once, db) -> dict[str, Intervention]:
    return {name: Intervention.objects.get(pk=pk) for name, pk in _written_once["world"].items()}


def _world(partner_a, partner_b, member_a, member_b) -> dict[str, Intervention]:
    """Every description has VE.01 (make_complete) and is running, unless said otherwise.

    a_shared   A, for all partners; LB.01; shared monitoring: costs, SROI, a measurement
    a_private  A, for all partners; monitoring NOT shared: costs, SROI, a measurement
    a_internal A, own organisation only; WO.03; no monitoring
    b_finished B, for all partners, finished; BE.04; own monitoring: a realised result only
    b_costs    B, for all partners; own monitoring, not shared: costs only
    """
    a_shared = with_effects(make_published(partner_a, member_a, title="Schoon portiek"), "LB.01")
    measured_plan(a_shared, is_shared=True)
    a_private = make_published(partner_a, member_a, title="Huismeester Bloemhof")
    measured_plan(a_private, is_shared=False)
    a_internal = with_effects(
        make_published(partner_a, member_a, title="Woonwensen", visibility="organisatie"), "WO.03"
    )
    b_finished = with_effects(
        make_published(partner_b, member_b, title="Klantpanel Transvaal"), "BE.04"
    )
    Intervention.objects.filter(pk=b_finished.pk).update(phase="afgerond")
    make_plan(b_finished, cost=decimal.Decimal(0), outputs=[("bezoeken", 40)], is_shared=False)
    b_costs = make_published(partner_b, member_b, title="Buurtconciërge Moerwijk")
    make_plan(b_costs, cost=decimal.Decimal("500.00"), is_shared=False)
    return {
        "a_shared": a_shared,
        "a_private": a_private,
        "a_internal": a_internal,
        "b_finished": b_finished,
        "b_costs": b_costs,
    }


def counts(user, params=None) -> dict[str, dict[str, int]]:
    counted: dict[str, dict[str, int]] = {}
    for name, value, _label, count in filterset_for(user, params or {}).facet_counts():
        counted.setdefault(name, {})[value] = count
    return counted


def titles(user, params) -> set[str]:
    return {item.title for item in filterset_for(user, params).qs}


# Facet counts, by hand.


def test_another_partner_counts_only_shared_monitoring(member_b, world):
    counted = counts(member_b)
    # a_shared (shared), b_finished and b_costs (own); a_private's monitoring is not shared.
    assert counted["met"] == {"monitoring": 3, "effectmeting": 1, "sroi": 1}
    assert counted["effect"] == {"VE.01": 4, "LB.01": 1, "BE.04": 1}
    assert counted["fase"] == {"in_uitvoering": 3, "afgerond": 1}


def test_members_count_their_own_unshared_monitoring(member_a, world):
    counted = counts(member_a)
    # a_shared, a_private (own) and nothing of B's unshared plans.
    assert counted["met"] == {"monitoring": 2, "effectmeting": 2, "sroi": 2}
    assert counted["effect"] == {"VE.01": 5, "LB.01": 1, "WO.03": 1, "BE.04": 1}


def test_programme_staff_count_only_shared_monitoring(programme_staff, world):
    assert counts(programme_staff)["met"] == {"monitoring": 1, "effectmeting": 1, "sroi": 1}


def test_an_unshared_plan_changes_no_count_nor_result_of_another_partner(
    member_a, member_b, partner_a, world
):
    before = counts(member_b)
    before_results = titles(member_b, {"met": "monitoring"})
    extra = make_published(partner_a, member_a, title="Nieuwe nulmeting")
    measured_plan(extra, is_shared=False)
    assert counts(member_b)["met"] == before["met"]
    assert titles(member_b, {"met": "monitoring"}) == before_results
    assert titles(member_b, {"met": ["effectmeting"]}) == {"Schoon portiek"}
    # A's own members see it at once.
    assert counts(member_a)["met"] == {"monitoring": 3, "effectmeting": 3, "sroi": 3}
    assert "Nieuwe nulmeting" in titles(member_a, {"met": "sroi"})


def test_monitoring_of_a_description_kept_within_its_organisation_never_counts(
    member_a, member_b, world
):
    # Shared monitoring of a description that is not published for all partners is not shared.
    plan = world["a_private"].monitoring
    plan.is_shared = True
    plan.save()
    Intervention.objects.filter(pk=world["a_private"].pk).update(visibility="organisatie")
    assert counts(member_b)["met"] == {"monitoring": 3, "effectmeting": 1, "sroi": 1}


# Filters.


def test_the_monitoring_options_all_apply_and_count_what_remains(member_a, member_b, world):
    assert titles(member_b, {"met": "monitoring"}) == {
        "Schoon portiek",
        "Klantpanel Transvaal",
        "Buurtconciërge Moerwijk",
    }
    assert titles(member_b, {"met": ["monitoring", "sroi"]}) == {"Schoon portiek"}
    assert titles(member_a, {"met": ["effectmeting", "sroi"]}) == {
        "Schoon portiek",
        "Huismeester Bloemhof",
    }
    # With "met monitoring" ticked, each option counts what remains when it is ticked too.
    counted = counts(member_b, {"met": "monitoring"})
    assert counted["met"] == {"monitoring": 3, "effectmeting": 1, "sroi": 1}
    assert counted["organisatie"] == {"hofstad": 2, "maasoever": 1}
    assert counted["status"] == {"gepubliceerd": 3}


def test_filter_by_effect_and_phase(member_a, member_b, world):
    assert titles(member_b, {"effect": "LB.01"}) == {"Schoon portiek"}
    assert titles(member_a, {"effect": ["WO.03", "BE.04"]}) == {
        "Woonwensen",
        "Klantpanel Transvaal",
    }
    assert titles(member_b, {"fase": "afgerond"}) == {"Klantpanel Transvaal"}
    counted = counts(member_b, {"effect": "VE.01", "fase": "afgerond"})
    assert counted["effect"] == {"VE.01": 1, "BE.04": 1}
    assert counted["fase"] == {"in_uitvoering": 3, "afgerond": 1}


def test_an_invalid_effect_in_the_link_is_left_out(member_b, world):
    filterset = filterset_for(member_b, {"effect": ["<b>", "XX.99"]})
    assert filterset.link_errors
    assert len(filterset.qs) == 4


# The page.


def test_the_page_groups_effects_by_domain_and_lists_the_monitoring_options(
    client, member_b, world
):
    client.force_login(member_b)
    response, _counted = get_counting(client, {"effect": "LB.01"})
    content = response.content.decode()
    assert facet(response, "effect") == {
        "BE.04 Hogere klanttevredenheid": 1,
        "LB.01 Schonere buurt": 1,
        "VE.01 Minder woonoverlast": 4,
    }
    effects = next(item for item in response.context["facets"] if item.name == "effect")
    assert [(option.group, option.value) for option in effects.options] == [
        ("BE Bedrijfsvoering corporatie", "BE.04"),
        ("LB Leefbaarheid", "LB.01"),
        ("VE Veiligheid", "VE.01"),
    ]
    assert [option.value for option in effects.options if option.is_selected] == ["LB.01"]
    assert content.index("LB Leefbaarheid") < content.index("LB.01 Schonere buurt")
    assert 'name="effect" value="LB.01"' in content
    assert "Beoogd effect" in content
    response, _counted = get_counting(client)
    assert facet(response, "met") == {
        "Met monitoring": 3,
        "Met effectmeting": 1,
        "Met SROI": 1,
    }
    assert facet(response, "fase") == {"In uitvoering": 3, "Afgerond": 1}
    assert 'name="met" value="effectmeting"' in response.content.decode()


def test_a_chosen_effect_without_results_keeps_its_domain(client, member_b, world):
    client.force_login(member_b)
    response, _counted = get_counting(client, {"effect": "ZW.02"})
    effects = next(item for item in response.context["facets"] if item.name == "effect")
    chosen = [option for option in effects.options if option.value == "ZW.02"]
    assert chosen[0].group == "ZW Zorg"
    assert chosen[0].is_selected and chosen[0].count == 0


def test_sharing_the_monitoring_counts_at_once_for_other_partners(
    client, member_a, member_b, world
):
    client.force_login(member_b)
    response, counted = get_counting(client)
    assert counted
    assert facet(response, "met")["Met effectmeting"] == 1
    _response, counted = get_counting(client)
    assert not counted  # from the cache
    plan = world["a_private"].monitoring
    form = PlanForm({"discount_rate": "0", "is_shared": "on"}, instance=plan)
    assert form.is_valid(), form.errors
    monitoring_services.save_plan(plan=plan, form=form, by=member_a)
    response, counted = get_counting(client)
    assert counted
    assert facet(response, "met")["Met effectmeting"] == 2


def test_a_new_measurement_counts_at_once(client, member_a, world):
    client.force_login(member_a)
    get_counting(client)
    extra = with_effects(make_published(world["a_shared"].organisation, member_a, title="Extra"))
    plan = make_plan(extra, cost=decimal.Decimal("100.00"), is_shared=False)
    response, counted = get_counting(client)
    assert counted
    assert facet(response, "met")["Met effectmeting"] == 2
    indicator = EffectIndicatorFactory(plan=plan, effect=Effect.objects.get(code="VE.01"))
    EffectMeasurementFactory(indicator=indicator, value=decimal.Decimal("70.0"))
    store_figures(plan)
    response, counted = get_counting(client)
    assert counted
    assert facet(response, "met")["Met effectmeting"] == 3


# Search by effect name and code.


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("klanttevredenheid", {"Klantpanel Transvaal"}),
        ("LB.01", {"Schoon portiek"}),
        ("lb.01", {"Schoon portiek"}),
        ("LB01", {"Schoon portiek"}),
        ("(LB.01)", {"Schoon portiek"}),
        ("schonere", {"Schoon portiek"}),
        ("BE.04 klanttevredenheid", {"Klantpanel Transvaal"}),
        ("LB.01 OR BE.04", {"Schoon portiek", "Klantpanel Transvaal"}),
    ],
)
def test_search_finds_effect_names_and_codes(member_b, world, text, found):
    assert {item.title for item in Intervention.objects.visible_to(member_b).search(text)} == found


def test_search_by_effect_code_on_the_list_page(client, member_a, world):
    client.force_login(member_a)
    response = client.get(LIST_URL, {"q": "WO.03"})
    assert [item.title for item in response.context["page_obj"]] == ["Woonwensen"]


def test_the_search_follows_a_change_of_the_intended_effects(member_a, world):
    intervention = world["a_shared"]
    IntendedEffect.objects.filter(intervention=intervention, effect__code="LB.01").delete()
    IntendedEffect.objects.create(
        intervention=intervention, effect=Effect.objects.get(code="SC.04")
    )
    services.save_intervention(intervention=intervention, by=member_a)
    visible = Intervention.objects.visible_to(member_a)
    assert not visible.search("LB.01").exists()
    assert [item.title for item in visible.search("eenzaamheid")] == ["Schoon portiek"]
    assert [item.title for item in visible.search("SC.04")] == ["Schoon portiek"]


def test_the_effects_text_is_code_squashed_code_and_name(member_a, world):
    assert services.effects_text(world["a_shared"]) == (
        "LB.01 LB01 Schonere buurt\nVE.01 VE01 Minder woonoverlast"
    )


def test_a_search_counts_and_filters_the_monitoring_the_same_way(member_a, member_b, world):
    # Every description of the world says "huismeester" in its summary.
    assert counts(member_b, {"q": "huismeester"})["met"] == {
        "monitoring": 3,
        "effectmeting": 1,
        "sroi": 1,
    }
    assert counts(member_a, {"q": "huismeester", "met": "sroi"})["met"] == {
        "monitoring": 2,
        "effectmeting": 2,
        "sroi": 2,
    }
    assert titles(member_b, {"q": "huismeester", "met": "effectmeting"}) == {"Schoon portiek"}


def test_a_capped_search_within_the_monitoring_facet_keeps_to_what_the_reader_may_see(
    member_a, member_b, world, monkeypatch
):
    """At its cap the search runs again within the chosen "met" options (by the plans' ids):
    the same descriptions as below the cap, and never another partner's unshared plan."""
    from interventions import models as intervention_models

    both = {"Schoon portiek", "Huismeester Bloemhof"}
    cases = [
        (member_b, {"q": "huismeester", "met": "sroi"}, {"Schoon portiek"}),
        (member_a, {"q": "huismeester", "met": "sroi"}, both),
        (member_b, {"q": "huismeester", "met": ["sroi", "monitoring"]}, {"Schoon portiek"}),
        (member_b, {"q": "huismeester", "met": "monitoring"}, None),
    ]
    below_the_cap = [titles(user, params) for user, params, _expected in cases]
    # Member B sees four matching descriptions, three of them with monitoring.
    monkeypatch.setattr(intervention_models, "SEARCH_CANDIDATES", 3)
    for (user, params, expected), found_below in zip(cases, below_the_cap, strict=True):
        assert not filterset_for(user, params).results_are_matches
        assert titles(user, params) == found_below
        assert expected is None or found_below == expected
    assert "Huismeester Bloemhof" not in below_the_cap[3]
