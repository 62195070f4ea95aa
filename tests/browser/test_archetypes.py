"""Acceptance of issue 5: the programme office writes an archetype in the administration,
links practice examples and publishes it; a partner's staff member reads it, with the costs
and ratios of the shared monitoring worked out by hand."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from archetypes.models import Archetype
from tests.browser.conftest import assert_accessible, sign_in
from tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    make_plan,
    make_published,
)
from wwidw.models import Organisation

pytestmark = pytest.mark.browser

TITLE = "Huismeester in de portiekflats"
INGREDIENT = "Vast gezicht in het complex"
REFERENCE_AUTHORS = "Wittebrood, K., & Van Dijk, T."
REFERENCE_TITLE = "Aandacht voor de wijk: effecten van herstructurering"
# Title, partner, total cost, valued benefits; no discounting, so the ratio is benefits / cost.
SHARED = [
    ("Huismeester Transvaal", "Woonstichting De Maasoever", Decimal(2000), Decimal(3000)),
    ("Huismeester Kanaleneiland", "Hofstad Woonkracht", Decimal(3000), Decimal(7500)),
    ("Huismeester Presikhaaf", "Vivare Wonen", Decimal(10000), Decimal(8000)),
]
# Published for all partners and linked, but its organisation does not share the monitoring:
# counted, it would lift the median to € 6.500 and the highest ratio to 10,00 : 1.
UNSHARED = ("Huismeester Schilderswijk", "Staedion Den Haag", Decimal(100000), Decimal(1000000))


def percentile_cont(values: list[Decimal], fraction: Decimal) -> Decimal:
    """PostgreSQL's percentile_cont: interpolate linearly between the two nearest values."""
    ordered = sorted(values)
    position = fraction * (len(ordered) - 1)
    below = int(position)
    above = min(below + 1, len(ordered) - 1)
    return ordered[below] + (position - below) * (ordered[above] - ordered[below])


def _ratio(cost: Decimal, benefits: Decimal) -> Decimal:
    return (benefits / cost).quantize(Decimal("0.01"))


def euro(amount: Decimal) -> str:
    """A whole amount as the Dutch pages write it: € 6.500."""
    return "€ " + f"{amount:,.0f}".replace(",", ".")


def ratio(value: Decimal) -> str:
    return f"{value:.2f}".replace(".", ",") + " : 1"


def _describe(title: str, partner: str, cost: Decimal, benefits: Decimal, *, is_shared: bool):
    """A description of the type published for all partners, with one year of monitoring."""
    # The first two partners are the fixtures partner_a (the reader's) and partner_b.
    organisation = Organisation.objects.filter(name=partner).first() or OrganisationFactory(
        name=partner
    )
    author = MembershipFactory(organisation=organisation).user
    intervention = make_published(organisation, author, title=title)
    plan = make_plan(intervention, cost=cost, benefits=benefits, is_shared=is_shared)
    # The figures stored are the ones this test works out by hand.
    assert (plan.total_cost, plan.sroi_ratio) == (cost, _ratio(cost, benefits))
    return organisation


def _choose_in_autocomplete(page, widget, search: str, option: str) -> None:
    """Open a select2 autocomplete, type part of the name and pick the option offered."""
    widget.click()
    # The open dropdown's search field has the focus.
    page.keyboard.type(search)
    page.get_by_role("option", name=option, exact=True).click()


def _write_archetype(page) -> None:
    page.get_by_role("table", name="Archetypen").get_by_role("link", name="Toevoegen").click()
    # Before the reference row exists, whose title is labelled the same.
    page.get_by_role("textbox", name="Titel:").fill(TITLE)
    # select2's combobox is named by its selection, not by the field's label: find it by row.
    _choose_in_autocomplete(
        page,
        page.locator(".field-intervention_type").get_by_role("combobox"),
        "Huismeester",
        "Huismeester / complexbeheerder",
    )
    page.get_by_label("Samenvatting:").fill(
        "Een vaste huismeester is dagelijks in het complex en spreekt bewoners aan."
    )
    page.get_by_label("Het gemeenschappelijke probleem:").fill(
        "Vervuiling en overlast in portiekflats; bewoners kennen elkaar niet."
    )
    page.get_by_label("Oordeel:").select_option(label="werkt waarschijnlijk")
    page.get_by_label("Bewijskracht:").select_option(label="2 Theoretisch onderbouwd")

    ingredients = page.get_by_role("group", name="Werkzame bestanddelen")
    ingredients.get_by_role("button", name="Nog een Werkzaam bestanddeel toevoegen").click()
    ingredients.get_by_role("textbox", name="Naam:").fill(INGREDIENT)
    ingredients.get_by_role("textbox", name="Toelichting:").fill(
        "Bewoners weten wie ze kunnen aanspreken, en de huismeester kent hen."
    )
    ingredients.get_by_role("checkbox", name="Essentieel").check()
    ingredients.get_by_role("combobox", name="Onderbouwd door:").select_option(
        label="praktijk en onderzoek"
    )

    references = page.get_by_role("group", name="Bronnen")
    references.get_by_role("button", name="Nog een Bron toevoegen").click()
    references.get_by_role("textbox", name="Auteurs:").fill(REFERENCE_AUTHORS)
    references.get_by_role("spinbutton", name="Jaar:").fill("2007")
    references.get_by_role("textbox", name="Titel:").fill(REFERENCE_TITLE)
    references.get_by_role("textbox", name="Uitgever of tijdschrift:").fill("SCP")

    examples = page.get_by_role("group", name="Praktijkvoorbeelden")
    for index, (title, *_rest) in enumerate([*SHARED, UNSHARED], start=1):
        examples.get_by_role("button", name="Nog een Praktijkvoorbeeld toevoegen").click()
        row = examples.get_by_role("row").nth(index)
        _choose_in_autocomplete(page, row.get_by_role("combobox").first, title.split()[-1], title)
    page.get_by_role("button", name="Opslaan", exact=True).click()
    expect(page.get_by_text(f"De archetype ‘{TITLE}’ is met succes toegevoegd.")).to_be_visible()


def _publish_from_changelist(page) -> None:
    page.get_by_role("row", name=TITLE).get_by_role("checkbox").check()
    page.get_by_label("Actie:").select_option(label="Publiceren")
    page.get_by_role("button", name="Uitvoeren").click()
    expect(
        page.get_by_text("1 archetype gepubliceerd: elk account kan het nu lezen.")
    ).to_be_visible()
    expect(page.get_by_role("row", name=TITLE)).to_contain_text("gepubliceerd")


def test_curator_publishes_an_archetype_a_partner_reads_its_practice_figures(
    page, programme_staff, member_a, partner_b
):
    # The reader's own partner wrote the first description; Hofstad the second.
    for title, partner, cost, benefits in SHARED:
        _describe(title, partner, cost, benefits, is_shared=True)
    _describe(*UNSHARED, is_shared=False)

    sign_in(page, programme_staff)
    page.goto("/beheer/")
    _write_archetype(page)
    _publish_from_changelist(page)
    assert Archetype.objects.get(title=TITLE).is_published
    page.get_by_role("button", name="Uitloggen").click()

    sign_in(page, member_a)
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Archetypen").click()
    page.get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)

    ingredients = page.get_by_role("region", name="5. Werkzame bestanddelen")
    expect(ingredients).to_contain_text(INGREDIENT)
    expect(ingredients).to_contain_text("essentieel")
    expect(ingredients).to_contain_text("praktijk en onderzoek")
    evidence = page.get_by_role("region", name="8. Wetenschappelijke onderbouwing")
    expect(evidence).to_contain_text(REFERENCE_AUTHORS)
    expect(evidence).to_contain_text(REFERENCE_TITLE)
    examples = page.get_by_role("region", name="10. Praktijkvoorbeelden")
    for title, partner, *_rest in [*SHARED, UNSHARED]:
        expect(examples.get_by_role("link", name=title)).to_be_visible()
        expect(examples).to_contain_text(partner)

    costs = [cost for _title, _partner, cost, _benefits in SHARED]
    ratios = [_ratio(cost, benefits) for *_rest, cost, benefits in SHARED]
    median = percentile_cont(costs, Decimal("0.5"))
    p25 = percentile_cont(costs, Decimal("0.25"))
    p75 = percentile_cont(costs, Decimal("0.75"))
    assert (median, p25, p75) == (3000, 2500, 6500)
    figures = page.get_by_role("region", name="9. Kosten en resultaten in de praktijk")
    expect(figures).to_contain_text("4 beschrijvingen van 4 partners")
    expect(figures).to_contain_text("Met gedeelde monitoring 3 beschrijvingen")
    expect(figures).to_contain_text(
        f"mediaan {euro(median)} (de helft tussen {euro(p25)} en {euro(p75)})"
        " (op basis van 3 gerealiseerde en 0 begrote kosten)"
    )
    expect(figures).to_contain_text(
        f"van {ratio(min(ratios))} tot {ratio(max(ratios))} (op basis van 3 beschrijvingen)"
    )
    # The unshared description counts for its running time, never for money.
    expect(figures.locator(".figure-running-time")).to_contain_text("op basis van 4")
    for money in (".figure-total-cost", ".figure-cost-per-year", ".figure-sroi"):
        expect(figures.locator(money)).not_to_contain_text("op basis van 4")
    expect(figures).not_to_contain_text(ratio(_ratio(*UNSHARED[2:])))
    assert_accessible(page)
