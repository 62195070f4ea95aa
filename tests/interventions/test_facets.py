import datetime

import pytest
from django.core.cache import caches
from django.db import connection, transaction
from django.db.models import Count, Value
from django.db.models.functions import Concat
from django.http import QueryDict
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from interventions import facets, services
from interventions.filters import InterventionFilter
from interventions.models import (
    Intervention,
    InterventionType,
    ListVersion,
    TargetGroup,
    Theme,
)
from tests.factories import InterventionFactory, make_complete
from wwidw import pagecache

LIST_URL = reverse("interventions:list")


def publish(organisation, by, *, types=(), **fields):
    intervention = make_complete(
        InterventionFactory(organisation=organisation, created_by=by, visibility="partners")
    )
    for name, value in fields.items():
        setattr(intervention, name, value)
    intervention.save()
    if types:
        intervention.intervention_types.set(InterventionType.objects.filter(slug__in=types))
    services.publish_intervention(intervention=intervention, by=by)
    services.refresh_derived_fields(intervention)
    return intervention


def facet(response, name: str) -> dict[str, int]:
    for item in response.context["facets"]:
        if item.name == name:
            return {option.label: option.count for option in item.options}
    raise AssertionError(f"no facet {name}")


def get_counting(client, params=None):
    """The response, and whether the facet counts were counted (not read from the cache)."""
    caches["pages"].clear()  # the page built, and the counts from their own cache
    with CaptureQueriesContext(connection) as captured:
        response = client.get(LIST_URL, params or {})
    assert response.status_code == 200
    return response, any("MATERIALIZED" in query["sql"] for query in captured.captured_queries)


def filterset_for(user, params: dict) -> InterventionFilter:
    request = RequestFactory().get(LIST_URL, params)
    request.user = user
    data = QueryDict(mutable=True)
    for name, value in params.items():
        data.setlist(name, value if isinstance(value, list) else [value])
    return InterventionFilter(
        data, queryset=Intervention.objects.visible_to(user), request=request
    )


@pytest.fixture
def world(partner_a, partner_b, member_a, member_b, secret_drafts):
    return [
        publish(partner_a, member_a, title="Huismeester Oude Westen"),
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
            types=["buurtbemiddeling", "huismeester-complexbeheerder"],
            evidence_level=3,
        ),
        publish(
            partner_b,
            member_b,
            title="Schuldhulp Moerwijk",
            municipality="den haag",
            types=["buurtbemiddeling"],
            start_date=datetime.date(2023, 6, 1),
        ),
    ]


@pytest.fixture
def secret_drafts(partner_a, partner_b, member_a, member_b):
    for organisation, user in ((partner_a, member_a), (partner_b, member_b)):
        draft = InterventionFactory(organisation=organisation, created_by=user, evidence_level=5)
        draft.intervention_types.add(InterventionType.objects.get(slug="skaeve-huse"))
        draft.target_groups.add(TargetGroup.objects.get(slug="overlastgevers"))
        services.refresh_derived_fields(draft)


# The statement


FIELDS = {
    "type": "intervention_types__slug",
    "thema": "themes__slug",
    "organisatie": "organisation__slug",
    "doelgroep": "target_groups__slug",
    "bewijskracht": "evidence_level",
    "jaar": "start_date__year",
    "status": "status",
}


def reference_counts(filterset: InterventionFilter, name: str) -> dict[str, int]:
    """One aggregate query per facet, as the list counted before: the oracle."""
    matched = filterset.narrowed(filterset.searched(), except_filters={name}).order_by()
    rows = matched.values(FIELDS[name]).annotate(count=Count("pk")).order_by()
    return {str(row[FIELDS[name]]): row["count"] for row in rows if row[FIELDS[name]] is not None}


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"type": "buurtbemiddeling"},
        {"type": ["buurtbemiddeling", "huismeester-complexbeheerder"], "bewijskracht": "3"},
        {"gemeente": "den haag", "jaar": "2023"},
        {"organisatie": "hofstad", "thema": "leefbaarheid", "start_vanaf": "2023-01-01"},
        {"q": "huismeester", "doelgroep": "huurders-van-een-complex"},
        {"status": "concept", "type": "skaeve-huse"},
    ],
)
def test_one_statement_counts_as_one_query_per_facet_did(member_a, world, params):
    filterset = filterset_for(member_a, params)
    assert not filterset.link_errors
    counted = {name: {} for name in facets.FACET_NAMES}
    for name, value, _label, count in filterset.facet_counts():
        counted[name][value] = count
    for name in FIELDS:
        assert counted[name] == reference_counts(filterset, name), name


def test_all_facets_take_one_query(member_a, world, django_assert_num_queries):
    filterset = filterset_for(member_a, {"type": "buurtbemiddeling", "gemeente": "Rotterdam"})
    filterset.narrowed(filterset.searched()).exists()  # validates the form, reads memberships
    with django_assert_num_queries(1):
        rows = filterset.facet_counts()
    assert ("organisatie", "maasoever", "Woonstichting De Maasoever", 1) in rows


def test_other_partners_drafts_are_never_counted(member_b, world):
    rows = filterset_for(member_b, {"status": "concept"}).facet_counts()
    statuses = {value: count for name, value, _label, count in rows if name == "status"}
    assert statuses == {"gepubliceerd": 4, "concept": 1}
    types = {value: count for name, value, _label, count in rows if name == "type"}
    assert types == {"skaeve-huse": 1}


# The cache


def test_anonymous_is_sent_to_login(client):
    response = client.get(LIST_URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_counts_come_from_the_cache_until_a_description_is_saved(
    client, member_a, partner_a, world
):
    client.force_login(member_a)
    first, counted = get_counting(client)
    assert counted
    assert facet(first, "organisatie") == {
        "Woonstichting De Maasoever": 2,
        "Hofstad Woonkracht": 2,
    }
    again, counted = get_counting(client)
    assert not counted
    assert facet(again, "organisatie") == facet(first, "organisatie")
    publish(partner_a, member_a, title="Huismeester Bospolder")
    after_save, counted = get_counting(client)
    assert counted
    assert facet(after_save, "organisatie")["Woonstichting De Maasoever"] == 3
    assert 'Woonstichting De Maasoever <span class="facet-count">(3)' in (
        after_save.content.decode()
    )


def test_a_search_counts_from_the_cache_until_a_description_is_saved(
    client, member_a, partner_a, world
):
    client.force_login(member_a)
    search = {"q": "huismeester"}
    first, counted = get_counting(client, search)
    assert counted
    before = facet(first, "organisatie")["Woonstichting De Maasoever"]
    again, counted = get_counting(client, {**search, "page": "1"})
    assert not counted
    assert facet(again, "organisatie") == facet(first, "organisatie")
    publish(partner_a, member_a, title="Huismeester Bospolder")
    after_save, counted = get_counting(client, {**search, "page": "1"})
    assert counted
    assert facet(after_save, "organisatie")["Woonstichting De Maasoever"] == before + 1


def test_a_status_change_and_a_new_type_are_counted_at_once(client, member_a, world):
    client.force_login(member_a)
    get_counting(client)
    services.archive_intervention(intervention=world[0], by=member_a)
    response, counted = get_counting(client)
    assert counted
    assert facet(response, "organisatie")["Woonstichting De Maasoever"] == 1
    # The admin saves the description, then its links.
    world[2].save()
    world[2].intervention_types.add(InterventionType.objects.get(slug="skaeve-huse"))
    response, counted = get_counting(client)
    assert counted
    assert facet(response, "type")["Skaeve Huse"] == 1


def test_a_deleted_description_and_a_renamed_organisation_are_counted_at_once(
    client, member_a, partner_b, world
):
    client.force_login(member_a)
    get_counting(client)
    # Delete one that is not the newest: the newest updated_at stays the same.
    Intervention.objects.filter(pk=world[1].pk).delete()
    response, counted = get_counting(client)
    assert counted
    assert facet(response, "organisatie")["Hofstad Woonkracht"] == 1
    partner_b.name = "Hofstad Wonen"
    partner_b.save()
    response, counted = get_counting(client)
    assert counted
    assert facet(response, "organisatie") == {"Woonstichting De Maasoever": 2, "Hofstad Wonen": 1}


def test_another_partner_never_gets_the_cached_numbers(
    client, member_a, member_b, partner_a, member_a_internal, world
):
    client.force_login(member_a)
    response, _counted = get_counting(client)
    assert facet(response, "organisatie")["Woonstichting De Maasoever"] == 3
    client.force_login(member_b)
    response, counted = get_counting(client)
    assert counted
    assert facet(response, "organisatie")["Woonstichting De Maasoever"] == 2
    assert "Intern" not in response.content.decode()


@pytest.fixture
def member_a_internal(partner_a, member_a):
    intervention = make_complete(
        InterventionFactory(organisation=partner_a, created_by=member_a, title="Intern plan")
    )
    services.publish_intervention(intervention=intervention, by=member_a)
    return intervention


@pytest.mark.django_db(transaction=True)
def test_the_list_version_changes_when_a_write_commits(reference_data, partner_a, member_a):
    before = pagecache.data_version()
    with transaction.atomic():
        publish(partner_a, member_a, title="Huismeester Bospolder")
        assert pagecache.data_version() == before  # not before the commit
    after_save = pagecache.data_version()
    assert after_save != before
    InterventionType.objects.filter(slug="buurtbemiddeling").update(name="Bemiddeling")
    assert pagecache.data_version() != after_save


@pytest.mark.django_db(transaction=True)
def test_a_commit_of_many_rows_changes_the_list_version_once(reference_data, partner_a):
    """The deferred triggers of a transaction bump the version once at its commit, however
    many rows it wrote (an import writes thousands); each later commit bumps it again."""

    def number() -> int:
        return ListVersion.objects.get(pk=1).number

    before = number()
    with transaction.atomic():
        for index in range(30):
            Theme.objects.create(name=f"Thema {index}", slug=f"thema-{index}")
        Theme.objects.filter(slug__startswith="thema-").update(name=Concat("name", Value("!")))
    assert number() == before + 1
    with transaction.atomic():
        Theme.objects.filter(slug="thema-1").delete()
    assert number() == before + 2


def test_counts_are_not_stored_before_the_first_version(client, member_a, world):
    ListVersion.objects.all().delete()
    client.force_login(member_a)
    get_counting(client)
    _response, counted = get_counting(client)
    assert counted


def test_each_filter_and_search_has_its_own_counts(client, member_a, world):
    client.force_login(member_a)
    get_counting(client)
    response, counted = get_counting(client, {"type": "buurtbemiddeling"})
    assert counted
    assert facet(response, "organisatie") == {
        "Woonstichting De Maasoever": 1,
        "Hofstad Woonkracht": 1,
    }
    response, counted = get_counting(client, {"q": "Transvaal"})
    assert counted
    assert facet(response, "organisatie") == {"Hofstad Woonkracht": 1}
    # The same search in another order, or its next page, takes the counts from the cache.
    response, counted = get_counting(client, {"q": "Transvaal", "sort": "titel"})
    assert not counted
    assert facet(response, "organisatie") == {"Hofstad Woonkracht": 1}
    _response, counted = get_counting(client, {"q": "Transvaa"})
    assert counted  # another search


def test_counts_of_similar_titles(client, member_a, world):
    client.force_login(member_a)
    response, counted = get_counting(client, {"q": "huismeestr"})
    assert counted
    assert "een titel met een woord dat erop lijkt" in response.content.decode()
    assert facet(response, "organisatie") == {
        "Woonstichting De Maasoever": 1,
        "Hofstad Woonkracht": 1,
    }


def test_an_account_without_organisation_counts_only_shared_descriptions(
    client, programme_staff, world, member_a_internal
):
    client.force_login(programme_staff)
    response, counted = get_counting(client)
    assert counted
    assert facet(response, "status") == {"Gepubliceerd": 4}
    assert facet(response, "organisatie") == {
        "Woonstichting De Maasoever": 2,
        "Hofstad Woonkracht": 2,
    }


def test_the_facets_are_written_with_their_headings_escaped_and_checked_as_chosen():
    from interventions.filters import Facet, FacetOption
    from interventions.templatetags.interventions_extras import facet_fieldsets

    effect = Facet(
        "effect",
        "Beoogd effect",
        [
            FacetOption("LB.01", "LB.01 <b>Veilig</b>", 3, True, "LB Leefbaarheid"),
            FacetOption("LB.02", "LB.02 Schoon", 2, False, "LB Leefbaarheid"),
            FacetOption("VE.01", "VE.01 Meedoen", 1, False, "VE Verbinding"),
        ],
    )
    status = Facet(
        "status", "Status", [FacetOption("gepubliceerd", "Gepubliceerd", 9, True)], True
    )
    html = facet_fieldsets([effect, Facet("leeg", "Leeg", []), status])

    assert html.count("<fieldset") == 2  # a facet without options is left out
    assert html.count("LB Leefbaarheid</p>") == 1 and html.count("VE Verbinding</p>") == 1
    assert "LB.01 &lt;b&gt;Veilig&lt;/b&gt;" in html and "<b>" not in html
    assert 'type="checkbox" name="effect" value="LB.01" id="effect-1" checked>' in html
    assert 'name="effect" value="LB.02" id="effect-2">' in html
    assert 'type="radio" name="status" value="gepubliceerd" id="status-1" checked>' in html
    assert (
        '<label class="form-check-label" for="effect-3">'
        'VE.01 Meedoen <span class="facet-count">(1)</span>' in html
    )
