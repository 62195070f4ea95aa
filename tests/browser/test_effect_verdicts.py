"""A curator of the programme office (not a superuser) records what research says per intended
effect in the administration; the archetype page then confronts it with the shared
monitoring of three practice examples."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from archetypes import choices
from interventions.models import Effect, IntendedEffect
from tests.browser.conftest import assert_accessible, sign_in
from tests.factories import (
    ArchetypeFactory,
    ArchetypeInterventionFactory,
    EffectIndicatorFactory,
    EffectMeasurementFactory,
    MembershipFactory,
    MonitoringPlanFactory,
    OrganisationFactory,
    ReferenceFactory,
    make_published,
    store_figures,
)

pytestmark = pytest.mark.browser

TITLE = "Huismeester in de portiekflats"
NOTE = "Twee voor-/nametingen met vergelijkingsgebied vonden een hogere veiligheidsbeleving."
# % feeling safe from a baseline of 62.0: 10 % and 7 % better, 1 % worse (unchanged).
LATEST = [Decimal("68.2"), Decimal("66.34"), Decimal("61.38")]


def _practice_example(archetype, latest: Decimal) -> None:
    """A description of its own partner, published for all and linked, aiming at VE.03, with
    shared monitoring that measured it."""
    organisation = OrganisationFactory()
    author = MembershipFactory(organisation=organisation).user
    intervention = make_published(organisation, author)
    ArchetypeInterventionFactory(archetype=archetype, intervention=intervention)
    safety = Effect.objects.get(code="VE.03")
    IntendedEffect.objects.create(intervention=intervention, effect=safety)
    plan = MonitoringPlanFactory(intervention=intervention, is_shared=True)
    indicator = EffectIndicatorFactory(plan=plan, effect=safety)
    EffectMeasurementFactory(indicator=indicator, date=datetime.date(2020, 3, 1), value=latest)
    store_figures(plan)


def _add_verdict(page, index: int, effect: str, rating: str, note: str = "") -> None:
    verdicts = page.get_by_role("group", name="Onderzoeksoordelen per effect")
    verdicts.get_by_role("button", name="Nog een Onderzoeksoordeel per effect toevoegen").click()
    row = page.locator(f"#effect_verdicts-{index}")
    row.get_by_label("Beoogd effect:").select_option(label=effect)
    row.get_by_label("Oordeel van onderzoek:").select_option(label=rating)
    if note:
        row.get_by_label("Toelichting:").fill(note)


def _assert_labelled(page, selector: str) -> None:
    """axe-core finds no serious or critical violation in that part of the admin form."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, context=selector)
    violations = [
        violation
        for violation in results.response["violations"]
        if violation["impact"] in {"serious", "critical"}
    ]
    assert violations == [], results.generate_report()


def test_curator_records_a_verdict_per_effect_and_reads_it_on_the_page(
    page, programme_staff, member_b
):
    assert not programme_staff.is_superuser
    archetype = ArchetypeFactory(title=TITLE, slug="huismeester", status=choices.Status.PUBLISHED)
    ReferenceFactory(
        archetype=archetype,
        authors="Wittebrood, K., & Van Dijk, T.",
        year=2007,
        title="Aandacht voor de wijk",
    )
    for latest in LATEST:
        _practice_example(archetype, latest)

    sign_in(page, programme_staff)
    page.goto("/beheer/archetypes/archetype/")
    page.get_by_role("link", name=TITLE).click()
    _add_verdict(page, 0, "VE.03 Hogere veiligheidsbeleving", "+ (positief)", NOTE)
    page.locator("#effect_verdicts-0").get_by_role("checkbox", name="Wittebrood").check()
    _add_verdict(page, 1, "VE.01 Minder woonoverlast", "niet onderzocht")
    _assert_labelled(page, "#effect_verdicts-group")
    _assert_labelled(page, ".field-recommended_indicators")
    page.get_by_role("button", name="Opslaan", exact=True).click()
    expect(page.get_by_text(f"De archetype ‘{TITLE}’ is met succes gewijzigd.")).to_be_visible()
    assert archetype.effect_verdicts.count() == 2
    page.get_by_role("button", name="Uitloggen").click()

    sign_in(page, member_b)
    page.goto(reverse("archetypes:detail", args=[archetype.slug]))
    confrontation = page.get_by_role("region", name="Onderzoek en praktijk per beoogd effect")
    safety = confrontation.get_by_role("rowgroup").filter(has_text="VE.03")
    expect(safety).to_contain_text("+ (positief)")
    expect(safety).to_contain_text(NOTE)
    expect(safety).to_contain_text("(Wittebrood & Van Dijk, 2007)")
    expect(safety).to_contain_text("verbeterd 2 · gelijk 1 · verslechterd 0")
    expect(safety).to_contain_text(
        "Onderzoek: + · praktijk: 2 van 3 verbeterd (mediaan +7 %): "
        "de praktijk bevestigt het onderzoek"
    )
    nuisance = confrontation.get_by_role("rowgroup").filter(has_text="VE.01")
    expect(nuisance).to_contain_text(
        "Onderzoek: niet onderzocht · praktijk: te weinig praktijkgegevens"
    )
    assert_accessible(page)
