"""The cached parts of pages (wwidw/pagecache.py): served again while nothing changed, never
stale after a write, never shown to a reader of another kind, with the reader's own CSRF token."""

import importlib
import re

import pytest
from django.apps import apps
from django.core.cache import caches
from django.db import connection
from django.template import Context, Template
from django.test import Client
from django.urls import reverse
from django.utils.safestring import mark_safe
from pytest_django.asserts import assertContains, assertNotContains

from archetypes.models import ArchetypeIntervention
from events.models import Registration
from interventions.models import TheoryStep
from monitoring.models import CostLine
from tests.conftest import LIST_VERSION_MIGRATIONS
from tests.factories import (
    ArchetypeFactory,
    ArchetypeInterventionFactory,
    BudgetApplicationFactory,
    BudgetRoundFactory,
    CostLineFactory,
    MembershipFactory,
    RegistrationFactory,
    ThemeSessionFactory,
    make_plan,
    make_published,
)
from wwidw import pagecache

TOKEN = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]*"')
# Tables whose rows no cached page shows: the permissions of the admin, the history of
# versions (its pages are not cached), the version itself, and the PDFs kept as last rendered
# (keyed by their own HTML, monitoring/models.py RenderedReport), the members' calendar feed
# addresses (shown only on their own page, which is not cached), and the imports of
# descriptions (their pages are not cached).
NOT_SHOWN = {
    "events_calendarfeed",
    "interventions_descriptionimport",
    "monitoring_renderedreport",
    "auth_permission",
    "auth_group",
    "auth_group_permissions",
    "wwidw_user_user_permissions",
    "reversion_revision",
    "reversion_version",
    "interventions_listversion",
    # API keys show on their own page, which is not cached; the rate limit's counters nowhere.
    "api_apikey",
    "api_requestcount",
    # What a member follows and their digest show only to them, outside every cached part.
    "conversation_follow",
    "conversation_digestsubscription",
    # Invitations show on the members page, which is not cached.
    "wwidw_invitation",
    # What a writer typed and did not save yet: only the description form, not cached, shows it.
    "interventions_formdraft",
}
SITE_APPS = (
    "wwidw",
    "interventions",
    "monitoring",
    "budgets",
    "archetypes",
    "events",
    "api",
    "conversation",
)


def without_tokens(response) -> bytes:
    """The page without its CSRF tokens, which are masked anew for every response."""
    return TOKEN.sub(b"", response.content)


def cached_parts() -> int:
    return len(caches["pages"]._cache)


def test_every_table_of_the_site_changes_the_version_or_is_named_as_not_shown():
    versioned = {
        table
        for name in LIST_VERSION_MIGRATIONS
        for table in importlib.import_module(name).COUNTED_TABLES
    }
    tables = {
        model._meta.db_table
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_label in SITE_APPS and model._meta.managed
    }
    assert tables - versioned - NOT_SHOWN == set()


@pytest.mark.django_db
def test_every_versioned_table_has_its_trigger():
    versioned = {
        table
        for name in LIST_VERSION_MIGRATIONS
        for table in importlib.import_module(name).COUNTED_TABLES
    }
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT DISTINCT event_object_table FROM information_schema.triggers "
            "WHERE trigger_name LIKE %s",
            ["%_list_version"],
        )
        triggered = {row[0] for row in cursor.fetchall()}
    assert versioned <= triggered


def test_a_login_changes_no_version(member_a):
    before = pagecache.data_version(_Request(member_a))
    member_a.last_login = "2026-12-05T08:00:00+01:00"
    member_a.save(update_fields=["last_login"])
    assert pagecache.data_version(_Request(member_a)) == before
    member_a.full_name = "Youssef El Amrani-Bakker"
    member_a.save(update_fields=["full_name"])
    assert pagecache.data_version(_Request(member_a)) != before


class _Request:
    def __init__(self, user):
        self.user = user


# The description page


def test_the_description_comes_from_the_cache_until_it_changes(
    client, member_b, partner_b, shared_a, django_assert_num_queries
):
    colleague = Client()  # same rights, so the same part; not the same whole page
    colleague.force_login(MembershipFactory(organisation=partner_b).user)
    client.force_login(member_b)
    url = shared_a.get_absolute_url()
    first = client.get(url)
    assert first.context["sections"]  # built
    # The whole page, kept for its reader: the session and the user with the version and the
    # memberships.
    with django_assert_num_queries(2):
        again = client.get(url)
    assert again.context is None
    assert without_tokens(again) == without_tokens(first)
    # A colleague with the same rights gets the part, and the description's title around it.
    with django_assert_num_queries(3):
        part = colleague.get(url)
    assert "sections" not in part.context
    TheoryStep.objects.create(
        intervention=shared_a,
        position=9,
        if_text="een buurtfeest",
        then_text="buren kennen elkaar",
    )
    assertContains(client.get(url), "een buurtfeest")
    type(shared_a).objects.filter(pk=shared_a.pk).update(title="Huismeester in de Tarwewijk")
    assertContains(client.get(url), "Huismeester in de Tarwewijk")


def test_from_the_cache_the_description_reads_only_its_row_around_its_part_and_slots(
    client, member_b, partner_b, shared_a
):
    from django.test.utils import CaptureQueriesContext

    colleague = Client()  # same rights, so the same part and slots; not the same whole page
    colleague.force_login(MembershipFactory(organisation=partner_b).user)
    client.force_login(member_b)
    url = shared_a.get_absolute_url()
    first = client.get(url)
    with CaptureQueriesContext(connection) as captured:
        again = colleague.get(url)
    assert "sections" not in again.context
    # The row with the version of its own rows; none of its parts, similar descriptions,
    # questions or archetypes.
    (row,) = [query["sql"] for query in captured if "interventions_intervention" in query["sql"]]
    assert len(captured) == 3  # the session, the account with the version, the row
    assert "xmin" in row
    assertContains(again, f"<title>{shared_a.title} ·", html=False)
    article = re.compile(rb'<article class="document">.*</article>', re.S)
    assert (
        article.search(without_tokens(again)).group()
        == article.search(without_tokens(first)).group()
    )


def test_from_the_cache_each_reader_gets_their_follow_and_contact_part(
    client, member_a, partner_a, shared_a
):
    from conversation.models import Answer, Follow, Question
    from tests.factories import MembershipFactory

    type(shared_a).objects.filter(pk=shared_a.pk).update(contact=member_a)
    asker = MembershipFactory().user
    question = Question.objects.create(intervention=shared_a, author=asker, body="Werkt het?")
    Answer.objects.create(question=question, author=asker, body="Ja, in Pendrecht.")
    url = shared_a.get_absolute_url()
    colleague = Client()
    colleague.force_login(MembershipFactory(organisation=partner_a).user)
    Follow.objects.create(user=member_a, intervention=shared_a)
    client.force_login(member_a)
    # The colleague builds the part of a reader who is not the contact; the contact then gets
    # their own part, built, and both come from the cache after, each with their own follow.
    for _round in range(2):
        page = colleague.get(url)
        assertNotContains(page, "Als nuttig markeren")
        assertContains(page, "Volg deze beschrijving")
        page = client.get(url)
        assertContains(page, "Als nuttig markeren")
        assertContains(page, "Je volgt deze beschrijving.")
    assert page.context is None  # the second time, each reader's whole page
    # Following changes the reader's pages_version, so not the whole page but the contact's
    # part comes from the cache, with the new state of the follow around it.
    Follow.objects.filter(user=member_a).delete()
    page = client.get(url)
    assertContains(page, "Als nuttig markeren")
    assertContains(page, "Volg deze beschrijving")
    assert "sections" not in page.context


def test_a_description_the_reader_may_not_see_is_a_404_with_a_part_in_the_cache(
    client, member_a, member_b, partner_a
):
    private = make_published(partner_a, member_a, visibility="organisatie")
    url = private.get_absolute_url()
    client.force_login(member_a)
    assert client.get(url).status_code == 200
    assert client.get(url).status_code == 200  # from the cache
    other = Client()
    other.force_login(member_b)
    assert other.get(url).status_code == 404


def test_a_reader_of_another_organisation_never_gets_the_owners_part(
    client, member_a, member_b, shared_a
):
    url = shared_a.get_absolute_url()
    client.force_login(member_a)
    edit = reverse("interventions:update", args=[shared_a.pk])
    assertContains(client.get(url), edit)
    other = Client()
    other.force_login(member_b)
    response = other.get(url)
    assertNotContains(response, edit)
    assert response.context["sections"]  # built for this kind of reader, not taken
    assertContains(client.get(url), edit)


def test_colleagues_of_one_kind_share_the_part(client, member_a, partner_a, shared_a):
    from tests.factories import MembershipFactory

    colleague = MembershipFactory(organisation=partner_a).user
    client.force_login(member_a)
    client.get(shared_a.get_absolute_url())
    other = Client()
    other.force_login(colleague)
    assert "sections" not in other.get(shared_a.get_absolute_url()).context


def test_a_description_made_private_is_a_404_even_with_its_part_cached(client, member_b, shared_a):
    client.force_login(member_b)
    url = shared_a.get_absolute_url()
    assert client.get(url).status_code == 200
    type(shared_a).objects.filter(pk=shared_a.pk).update(visibility="organisatie")
    assert client.get(url).status_code == 404


def test_a_removed_membership_takes_the_part_away(client, member_a, partner_a):
    private = make_published(partner_a, member_a, visibility="organisatie")
    client.force_login(member_a)
    assert client.get(private.get_absolute_url()).status_code == 200
    member_a.memberships.all().delete()
    assert client.get(private.get_absolute_url()).status_code == 404


def test_the_csrf_token_in_a_cached_part_is_the_readers_own(member_a, partner_a):
    description = make_published(partner_a, member_a)
    first = Client(enforce_csrf_checks=True)
    first.force_login(member_a)
    url = description.get_absolute_url()
    assert b"csrfmiddlewaretoken" in first.get(url).content
    second = Client(enforce_csrf_checks=True)
    second.force_login(member_a)
    page = second.get(url)
    assert page.context is None  # the whole page from the cache
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page.content).group(1)
    assert token != pagecache.CSRF_PLACEHOLDER.encode()
    response = second.post(
        reverse("interventions:publish", args=[description.pk]),
        {"csrfmiddlewaretoken": token.decode()},
    )
    assert response.status_code != 403


# The monitoring, the archetype, the list, the sessions, the review


def test_the_monitoring_overview_shows_a_new_cost_line_at_once(client, member_a, partner_a):
    plan = make_plan(make_published(partner_a, member_a), cost=1000)
    client.force_login(member_a)
    url = reverse("monitoring:detail", args=[plan.intervention_id])
    assertContains(client.get(url), "1.000,00")
    assert client.get(url).context is None  # the whole page from the cache
    CostLineFactory(plan=plan, period=plan.periods.first(), amount=234)
    assertContains(client.get(url), "1.234,00")
    CostLine.objects.filter(plan=plan).delete()
    assertNotContains(client.get(url), "1.234,00")


def test_the_archetype_page_shows_a_new_practice_example_at_once(
    client, member_b, shared_a, programme_staff
):
    archetype = ArchetypeFactory(status="gepubliceerd")
    client.force_login(member_b)
    url = archetype.get_absolute_url()
    assertNotContains(client.get(url), shared_a.title)
    ArchetypeInterventionFactory(archetype=archetype, intervention=shared_a)
    assertContains(client.get(url), shared_a.title)
    ArchetypeIntervention.objects.all().delete()
    assertNotContains(client.get(url), shared_a.title)


def test_the_list_and_a_search_show_a_new_description_at_once(client, member_a, partner_a):
    client.force_login(member_a)
    list_url = reverse("interventions:list")
    client.get(list_url)
    client.get(list_url, {"q": "zwaluwhof"})
    make_published(partner_a, member_a, title="Klushuis Zwaluwhof")
    assertContains(client.get(list_url), "Klushuis Zwaluwhof")
    assertContains(client.get(list_url, {"q": "zwaluwhof"}), "Klushuis Zwaluwhof")


def test_the_sessions_list_is_each_readers_own(client, member_a, member_b, partner_a):
    session = ThemeSessionFactory(title="Wat werkt in portiekflats")
    RegistrationFactory(session=session, user=member_a, organisation=partner_a)
    client.force_login(member_a)
    url = reverse("events:list")
    assertContains(client.get(url), "Je bent aangemeld")
    other = Client()
    other.force_login(member_b)
    assertNotContains(other.get(url), "Je bent aangemeld")
    Registration.objects.filter(user=member_a).delete()
    assertNotContains(client.get(url), "Je bent aangemeld")


def test_the_review_shows_a_new_application_at_once(client, manager_a, partner_a, member_a):
    budget_round = BudgetRoundFactory(organisation=partner_a, status="in_beoordeling")
    client.force_login(manager_a)
    url = reverse("budgets:round_review", args=[budget_round.pk])
    assert client.get(url).status_code == 200
    description = make_published(partner_a, member_a, title="Buurtmoestuin Oleanderhof")
    BudgetApplicationFactory(
        round=budget_round, intervention=description, applicant=member_a, status="ingediend"
    )
    assertContains(client.get(url), "Buurtmoestuin Oleanderhof")


def test_the_cache_of_a_process_is_bounded():
    assert caches["pages"]._max_entries <= 1000


def test_the_archetype_and_the_review_come_from_the_cache_in_two_queries(
    client, manager_a, partner_a, member_a, member_b, django_assert_num_queries
):
    archetype = ArchetypeFactory(status="gepubliceerd")
    for _ in range(3):
        ArchetypeInterventionFactory(
            archetype=archetype, intervention=make_published(partner_a, member_a)
        )
    budget_round = BudgetRoundFactory(organisation=partner_a, status="in_beoordeling")
    review = reverse("budgets:round_review", args=[budget_round.pk])
    client.force_login(manager_a)
    # Both are kept as whole pages for their reader: the session and the user with the
    # version and the memberships; no archetype title, no round.
    for url in (archetype.get_absolute_url(), review):
        built = client.get(url)
        with django_assert_num_queries(2):
            again = client.get(url)
        assert without_tokens(again) == without_tokens(built)
    # Following changes the reader's pages_version: the page shows it at once, around the
    # part from the cache.
    from conversation.models import Follow

    Follow.objects.create(user=manager_a, archetype=archetype)
    followed = client.get(archetype.get_absolute_url())
    assertContains(followed, "Je volgt dit archetype.")
    assert "archetype" in followed.context and "confrontation" not in followed.context


def test_a_kept_review_page_is_not_sent_to_a_reader_who_no_longer_manages_the_round(
    client, manager_a, partner_a
):
    budget_round = BudgetRoundFactory(organisation=partner_a, status="in_beoordeling")
    review = reverse("budgets:round_review", args=[budget_round.pk])
    client.force_login(manager_a)
    assert client.get(review).status_code == 200
    assert client.get(review).status_code == 200  # from the cache
    other_manager = MembershipFactory(
        organisation=partner_a, role="manager", user__full_name="Annemieke Jansen"
    ).user
    colleague = Client()
    colleague.force_login(other_manager)
    assertContains(colleague.get(review), "Annemieke Jansen")  # the frame names its reader
    manager_a.memberships.filter(organisation=partner_a).update(role="medewerker")
    assert client.get(review).status_code == 403


def test_the_home_page_greets_each_reader_by_name(client, member_a, partner_a):
    from tests.factories import MembershipFactory, OrganisationFactory

    colleague = MembershipFactory(organisation=partner_a, user__full_name="Annemieke Jansen").user
    client.force_login(member_a)
    assertContains(client.get("/"), "Youssef")
    other = Client()
    other.force_login(colleague)
    page = other.get("/")
    assertContains(page, "Annemieke")
    assertNotContains(page, "Youssef")
    MembershipFactory(user=member_a, organisation=OrganisationFactory(name="Woonbron Delfshaven"))
    assertContains(client.get("/"), "Woonbron Delfshaven")


def test_a_slot_gets_its_html_at_every_response_around_the_kept_part():
    template = Template(
        '{% load pagecache %}{% pagecached %}<p>{{ text }} {% pageslot "news" %}</p>'
        "{% endpagecached %}"
    )
    part = pagecache.CachedPart(key="slot-test")
    first = template.render(
        Context({"page_cache": part, "text": "kept", "page_slots": {"news": "<b>één</b>"}})
    )
    kept = pagecache.CachedPart.look_up("slot-test")
    second = template.render(
        Context(
            {"page_cache": kept, "text": "other", "page_slots": {"news": mark_safe("<b>2</b>")}}
        )
    )

    assert first == "<p>kept &lt;b&gt;één&lt;/b&gt;</p>"  # not safe: escaped
    assert second == "<p>kept <b>2</b></p>"
    assert "<b>" not in kept.html
    # Without a part (a page that is not kept) the slot is rendered in place.
    assert template.render(Context({"text": "x", "page_slots": {"news": "n"}})) == "<p>x n</p>"
