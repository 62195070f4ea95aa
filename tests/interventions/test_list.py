import datetime
import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from interventions import services
from interventions.models import InterventionType, TargetGroup, Theme
from interventions.views import browse
from tests.factories import InterventionFactory, make_complete

LIST_URL = reverse("interventions:list")


def publish(organisation, by, *, visibility="partners", types=(), **fields):
    """A complete, published description; `types` (slugs) replace the huismeester type."""
    intervention = make_complete(
        InterventionFactory(organisation=organisation, created_by=by, visibility=visibility)
    )
    for name, value in fields.items():
        setattr(intervention, name, value)
    intervention.save()
    if types:
        intervention.intervention_types.set(InterventionType.objects.filter(slug__in=types))
    services.publish_intervention(intervention=intervention, by=by)
    services.refresh_derived_fields(intervention)
    return intervention


def draft(organisation, by, **fields):
    intervention = InterventionFactory(organisation=organisation, created_by=by, **fields)
    services.refresh_derived_fields(intervention)
    return intervention


def titles(response) -> list[str]:
    return [item.title for item in response.context["page_obj"]]


def facet(response, name: str) -> dict[str, int]:
    """{label: count} of one facet on the page."""
    for item in response.context["facets"]:
        if item.name == name:
            return {option.label: option.count for option in item.options}
    raise AssertionError(f"no facet {name}")


@pytest.fixture
def secret_b(partner_b, member_b):
    """Partner B's draft and internal description, which partner A may never see."""
    b_draft = draft(
        partner_b,
        member_b,
        title="Geheim concept Skaeve Huse",
        municipality="Geheimstad",
        evidence_level=5,
        start_date=datetime.date(1999, 5, 1),
    )
    b_draft.intervention_types.add(InterventionType.objects.get(slug="skaeve-huse"))
    b_draft.themes.add(Theme.objects.get(slug="zorg-en-welzijn"))
    b_draft.target_groups.add(TargetGroup.objects.get(slug="overlastgevers"))
    services.refresh_derived_fields(b_draft)
    b_internal = publish(
        partner_b,
        member_b,
        visibility="organisatie",
        title="Interne aanpak Hofstad woonfraude",
        municipality="Geheimstad",
        types=["aanpak-woonfraude"],
    )
    return b_draft, b_internal


# Boundaries


def test_anonymous_is_sent_to_login(client):
    response = client.get(LIST_URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_list_shows_shared_and_own_published_not_drafts_by_default(
    client, member_a, member_b, partner_b, shared_a, internal_a, concept_a, secret_b
):
    shared_b = publish(partner_b, member_b, title="Wijkschouw B")
    client.force_login(member_a)
    response = client.get(LIST_URL)
    assert response.status_code == 200
    assert set(titles(response)) == {shared_a.title, internal_a.title, shared_b.title}
    content = response.content.decode()
    assert "Kennisbank" in content
    assert "3 beschrijvingen" in content
    assert "Geheim concept" not in content
    assert "Interne aanpak Hofstad" not in content
    assert "Geheimstad" not in content
    assert "Alleen eigen organisatie" in content  # the badge of internal_a


def test_status_facet_shows_own_drafts_and_archive(
    client, member_a, concept_a, shared_a, secret_b
):
    services.archive_intervention(intervention=shared_a, by=member_a)
    client.force_login(member_a)
    drafts = client.get(LIST_URL, {"status": "concept"})
    assert titles(drafts) == [concept_a.title]
    assert "Concept" in drafts.content.decode()
    archived = client.get(LIST_URL, {"status": "gearchiveerd"})
    assert titles(archived) == [shared_a.title]
    assert facet(archived, "status") == {"Mijn concepten": 1, "Gearchiveerd": 1}


FACET_PARAMS = [
    {"status": "concept"},
    {"status": "gearchiveerd"},
    {"type": "skaeve-huse"},
    {"thema": "zorg-en-welzijn"},
    {"organisatie": "hofstad"},
    {"gemeente": "Geheimstad"},
    {"doelgroep": "overlastgevers"},
    {"bewijskracht": "5"},
    {"jaar": "1999"},
    {"start_tot": "2000-01-01"},
    {"status": "concept", "organisatie": "hofstad", "type": "skaeve-huse"},
]


@pytest.mark.parametrize("params", FACET_PARAMS)
def test_no_facet_reveals_another_partners_draft_or_internal(client, member_a, params, secret_b):
    client.force_login(member_a)
    response = client.get(LIST_URL, params)
    assert response.status_code == 200
    assert titles(response) == []
    content = response.content.decode()
    assert "Geheim concept" not in content
    assert "Interne aanpak" not in content
    for item in response.context["facets"]:
        assert all(option.count == 0 for option in item.options), item.name


def test_other_partner_sees_no_status_options_for_drafts_it_does_not_own(
    client, member_b, concept_a, shared_a
):
    client.force_login(member_b)
    response = client.get(LIST_URL)
    assert titles(response) == [shared_a.title]
    assert facet(response, "status") == {"Gepubliceerd": 1}
    assert "Mijn concepten" not in response.content.decode()


# Facets and filters


@pytest.fixture
def three(partner_a, partner_b, member_a, member_b):
    return [
        publish(partner_a, member_a, title="Huismeester Oude Westen", municipality="Rotterdam"),
        publish(
            partner_b,
            member_b,
            title="Huismeester Transvaal",
            municipality="Den Haag, Rijswijk",
            evidence_level=3,
            start_date=datetime.date(2022, 3, 1),
        ),
        publish(
            partner_a,
            member_a,
            title="Buurtbemiddeling Crooswijk",
            municipality="Rotterdam",
            types=["buurtbemiddeling"],
            evidence_level=3,
        ),
    ]


def test_facet_counts_each_option_within_the_result(client, member_a, three):
    client.force_login(member_a)
    response = client.get(LIST_URL)
    assert facet(response, "type") == {"Huismeester / complexbeheerder": 2, "Buurtbemiddeling": 1}
    assert facet(response, "organisatie") == {
        "Woonstichting De Maasoever": 2,
        "Hofstad Woonkracht": 1,
    }
    assert facet(response, "gemeente") == {"Rotterdam": 2, "Den Haag": 1, "Rijswijk": 1}
    assert facet(response, "bewijskracht") == {
        "0 Impliciet": 1,
        "3 Eerste aanwijzingen voor effectiviteit": 2,
    }
    assert facet(response, "jaar") == {"2024": 2, "2022": 1}
    assert facet(response, "thema") == {"Leefbaarheid": 3}


def test_a_chosen_option_narrows_the_other_facets_but_not_its_own(client, member_a, three):
    client.force_login(member_a)
    response = client.get(LIST_URL, {"type": "buurtbemiddeling"})
    assert titles(response) == ["Buurtbemiddeling Crooswijk"]
    assert facet(response, "type") == {"Huismeester / complexbeheerder": 2, "Buurtbemiddeling": 1}
    assert facet(response, "organisatie") == {"Woonstichting De Maasoever": 1}
    chosen = [o for f in response.context["facets"] for o in f.options if o.is_selected]
    assert [option.value for option in chosen] == ["gepubliceerd", "buurtbemiddeling"]
    content = response.content.decode()
    assert 'value="buurtbemiddeling" id="type-2" checked' in content


def test_filters_combine(client, member_a, three):
    client.force_login(member_a)
    both = client.get(LIST_URL, {"gemeente": "rotterdam", "bewijskracht": "3"})
    assert titles(both) == ["Buurtbemiddeling Crooswijk"]
    either_type = client.get(
        LIST_URL, {"type": ["buurtbemiddeling", "huismeester-complexbeheerder"], "jaar": "2022"}
    )
    assert titles(either_type) == ["Huismeester Transvaal"]
    period = client.get(LIST_URL, {"start_vanaf": "2023-01-01", "start_tot": "2024-12-31"})
    assert set(titles(period)) == {"Huismeester Oude Westen", "Buurtbemiddeling Crooswijk"}
    one_of_several_places = client.get(LIST_URL, {"gemeente": "Rijswijk"})
    assert titles(one_of_several_places) == ["Huismeester Transvaal"]


def test_a_municipality_in_other_letter_case_is_the_same_option(client, member_a, three):
    client.force_login(member_a)
    response = client.get(LIST_URL, {"gemeente": "rotterdam"})
    places = next(item for item in response.context["facets"] if item.name == "gemeente")
    assert [(o.label, o.count, o.is_selected) for o in places.options] == [
        ("Rotterdam", 2, True),
        ("Den Haag", 1, False),
        ("Rijswijk", 1, False),
    ]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"type": "bestaat-niet"}, "Selecteer een geldige keuze"),
        ({"type": "\x00"}, "Selecteer een geldige keuze"),
        ({"gemeente": "\x00"}, "Selecteer een geldige keuze"),
        ({"jaar": "abcd"}, "Selecteer een geldige keuze"),
        ({"bewijskracht": "9"}, "Selecteer een geldige keuze"),
        ({"status": "verwijderd"}, "Selecteer een geldige keuze"),
        ({"sort": "'; DROP TABLE"}, "Selecteer een geldige keuze"),
        ({"start_vanaf": "31-02-2024"}, "Voer een geldige datum in"),
        ({"page": "\x00"}, "beschrijving"),
        ({"page": "99999"}, "beschrijving"),
    ],
)
def test_bad_filter_values_give_a_dutch_message_not_an_error(
    client, member_a, shared_a, params, message
):
    client.force_login(member_a)
    response = client.get(LIST_URL, params)
    assert response.status_code == 200
    assert message in unescape(response.content.decode())
    assert titles(response) == [shared_a.title]


# Order and pages


def test_sort_orders(client, member_a, partner_a):
    first = publish(partner_a, member_a, title="bewonersbedrijf Pendrecht", evidence_level=1)
    second = publish(partner_a, member_a, title="Achter de voordeur", evidence_level=4)
    third = publish(partner_a, member_a, title="Zorgbuurthuis", evidence_level=2)
    client.force_login(member_a)
    assert titles(client.get(LIST_URL)) == [third.title, second.title, first.title]
    assert titles(client.get(LIST_URL, {"sort": "titel"})) == [
        second.title,
        first.title,
        third.title,
    ]
    assert titles(client.get(LIST_URL, {"sort": "bewijskracht"})) == [
        second.title,
        third.title,
        first.title,
    ]
    # Relevance without a search falls back to the newest first.
    assert titles(client.get(LIST_URL, {"sort": "relevantie"}))[0] == third.title


def test_pagination_links_keep_the_filters(client, member_a, partner_a, monkeypatch):
    monkeypatch.setattr(browse, "PAGE_SIZE", 2)
    for number in range(5):
        publish(
            partner_a, member_a, title=f"Buurtbemiddeling {number}", types=["buurtbemiddeling"]
        )
    publish(partner_a, member_a, title="Huismeester elders")
    client.force_login(member_a)
    response = client.get(LIST_URL, {"type": "buurtbemiddeling", "sort": "titel", "page": "2"})
    assert titles(response) == ["Buurtbemiddeling 2", "Buurtbemiddeling 3"]
    content = response.content.decode()
    assert "Pagina 2 van 3" in content
    links = {unescape(href) for href in re.findall(r'class="page-link" href="([^"]+)"', content)}
    pages = set()
    for link in links:
        query = parse_qs(urlsplit(link).query)
        assert query["type"] == ["buurtbemiddeling"]
        assert query["sort"] == ["titel"]
        pages.add(query["page"][0])
    assert pages == {"1", "3"}


def test_export_links_carry_the_filters_but_not_the_page(client, member_a, shared_a):
    client.force_login(member_a)
    response = client.get(LIST_URL, {"q": "huismeester", "type": "huismeester-complexbeheerder"})
    content = unescape(response.content.decode())
    assert (
        f"{reverse('interventions:export_csv')}?q=huismeester&type=huismeester-complexbeheerder"
        in content
    )
    assert reverse("interventions:export_xlsx") in content


def test_empty_result_says_what_to_try(client, member_a):
    client.force_login(member_a)
    response = client.get(LIST_URL, {"q": "zwembad"})
    content = response.content.decode()
    assert "Geen beschrijvingen gevonden." in content
    assert "Zet een of meer filters uit." in content


def test_new_description_button_only_for_members(client, member_a, programme_staff):
    client.force_login(member_a)
    assert reverse("interventions:create") in client.get(LIST_URL).content.decode()
    client.force_login(programme_staff)
    assert reverse("interventions:create") not in client.get(LIST_URL).content.decode()


# Query counts


def _count_queries(client, params) -> int:
    caches["pages"].clear()  # the page built, not its cached part
    with CaptureQueriesContext(connection) as context:
        response = client.get(LIST_URL, params)
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"q": "huismeester"},
        {"q": "portieken", "type": "huismeester-complexbeheerder", "gemeente": "Rotterdam"},
        {"q": "huismeestr"},
        {"sort": "titel", "thema": "leefbaarheid", "jaar": "2024", "bewijskracht": "0"},
    ],
)
def test_number_of_queries_is_the_same_for_1_and_10_results(
    client, member_a, partner_a, params, django_assert_num_queries
):
    publish(partner_a, member_a)
    client.force_login(member_a)
    with_one = _count_queries(client, params)
    caches["pages"].clear()
    assert len(titles(client.get(LIST_URL, params))) == 1
    for _number in range(9):
        publish(partner_a, member_a)
    with django_assert_num_queries(with_one):
        response = client.get(LIST_URL, params)
    assert len(titles(response)) == 10
    # From the cache: session, the user with the data version and the memberships.
    with django_assert_num_queries(2):
        assert client.get(LIST_URL, params).status_code == 200
