"""The start page of a signed-in member: what is new in what they follow, their organisation's
to-dos, the sessions to come and, for programme staff, what awaits curation; in a number of
queries that does not grow with the follows and to-dos, and correct per reader though cached."""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from conversation.models import Answer, Follow, Question
from interventions.models import Intervention, InterventionType
from tests.factories import (
    ArchetypeFactory,
    BudgetRoundFactory,
    InterventionFactory,
    MonitoringPlanFactory,
    ReportingPeriodFactory,
    SessionIngredientFactory,
    ThemeSessionFactory,
    make_published,
)

TYPE_SLUG = "huismeester-complexbeheerder"
# Session, the user with the version and the memberships (the cache key), the follows; four kinds
# of news; drafts, open questions, periods without figures and open budget rounds; the sessions
# to come; the organisations.
MEMBER_QUERIES = 13
# From the cache: the session, and the user with the version of their own pages, the version of
# the data and the memberships (wwidw.auth.SiteBackend).
CACHED_QUERIES = 2


@pytest.fixture
def huismeester():
    return InterventionType.objects.get(slug=TYPE_SLUG)


def test_the_anonymous_home_page_stays_as_it_was(client, db):
    response = client.get("/")
    assertContains(response, "Inloggen")
    assertNotContains(response, "Nieuw in wat je volgt")


def test_new_in_what_you_follow_shows_only_what_the_reader_may_see(
    client, member_b, partner_a, member_a, huismeester
):
    Follow.objects.create(user=member_b, intervention_type=huismeester)
    shared = make_published(partner_a, member_a, title="Huismeester Tarwewijk")
    make_published(partner_a, member_a, title="Geheime huismeester", visibility="organisatie")
    client.force_login(member_b)
    response = client.get("/")
    assertContains(response, "Nieuw in wat je volgt")
    assertContains(response, f'<a href="{shared.get_absolute_url()}">Huismeester Tarwewijk</a>')
    assertContains(response, "Nieuwe beschrijving")
    assertNotContains(response, "Geheime huismeester")
    assertContains(response, reverse("follows:list"))


def test_nothing_followed_says_how_to_follow(client, member_b):
    client.force_login(member_b)
    assertContains(client.get("/"), "Je volgt nog niets.")


def test_the_organisations_to_dos(client, member_a, manager_a, partner_a, member_b):
    draft = InterventionFactory(organisation=partner_a, created_by=member_a, title="Klushuizen")
    asked = make_published(partner_a, member_a, title="Buurtbemiddeling Crooswijk")
    Intervention.objects.filter(pk=asked.pk).update(contact=member_a)
    waiting = Question.objects.create(
        intervention=asked, author=member_b, body="Wie bemiddelt er?"
    )
    answered = Question.objects.create(intervention=asked, author=member_b, body="Hoe lang?")
    Answer.objects.create(question=answered, author=member_a, body="Een half jaar.")
    plan = MonitoringPlanFactory(intervention=asked)
    ReportingPeriodFactory(plan=plan, label="2025")
    budget_round = BudgetRoundFactory(organisation=partner_a, name="Leefbaarheid 2026")
    session = ThemeSessionFactory(title="Wat werkt in buurtbemiddeling")
    client.force_login(member_a)
    response = client.get("/")
    assertContains(response, "Te doen voor je organisatie")
    assertContains(response, "1 conceptbeschrijving")
    assertContains(response, f'<a href="{draft.get_absolute_url()}">Klushuizen</a>', html=True)
    assertContains(response, "1 vraag aan jou wacht op antwoord")
    assertContains(response, f'href="{waiting.get_absolute_url()}"')  # the question itself
    assertContains(response, "1 monitoringperiode is afgelopen zonder cijfers")
    assertContains(response, reverse("monitoring:costs", args=[asked.pk]))
    assertContains(response, "1 ronde leefbaarheidsbudget staat open voor aanvragen")
    assertContains(response, budget_round.get_absolute_url())
    assertContains(response, session.get_absolute_url())
    assertNotContains(response, "Wacht op het programmabureau")
    # The other partner has none of these to do.
    other = Client()
    other.force_login(member_b)
    page = other.get("/")
    assertNotContains(page, "Klushuizen")
    assertContains(page, "Er wacht niets op je")


def test_programme_staff_see_what_awaits_curation(
    client, programme_staff, partner_a, member_a, member_b
):
    ArchetypeFactory(status="gepubliceerd")
    unlinked = make_published(partner_a, member_a, title="Huismeester Bospolder")
    make_published(partner_a, member_a, title="Eigen huismeester", visibility="organisatie")
    past = ThemeSessionFactory(
        title="Wat werkt in portiekflats",
        starts_at=timezone.now() - datetime.timedelta(days=20),
        ends_at=timezone.now() - datetime.timedelta(days=20) + datetime.timedelta(hours=3),
        registration_opens_at=timezone.now() - datetime.timedelta(days=60),
        registration_closes_at=timezone.now() - datetime.timedelta(days=21),
    )
    SessionIngredientFactory(session=past)
    old = Question.objects.create(intervention=unlinked, author=member_b, body="Kosten?")
    Question.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=8)
    )
    client.force_login(programme_staff)
    response = client.get("/")
    assertContains(response, "Wacht op het programmabureau")
    assertContains(
        response, "1 nieuwe beschrijving van een type met een archetype, nog in geen archetype"
    )
    assertContains(response, "Huismeester Bospolder")
    assertNotContains(response, "Eigen huismeester")
    assertContains(response, "1 bijeenkomst met uitkomsten die nog niet in een archetype staan")
    assertContains(response, past.get_absolute_url())
    assertContains(response, "1 vraag is al meer dan een week onbeantwoord")
    assertContains(response, f'href="{old.get_absolute_url()}"')


def _fill(count: int, member_a, member_b, partner_a, huismeester) -> None:
    """`count` follows of member A, and `count` of each of their to-dos."""
    for number in range(count):
        shared = make_published(partner_a, member_a)
        Intervention.objects.filter(pk=shared.pk).update(contact=member_a)
        Follow.objects.create(user=member_a, intervention=shared)
        InterventionFactory(organisation=partner_a, created_by=member_a)
        Question.objects.create(intervention=shared, author=member_b, body="Vraag")
        answered = Question.objects.create(intervention=shared, author=member_a, body="Vraag")
        Answer.objects.create(question=answered, author=member_b, body="Antwoord")
        ReportingPeriodFactory(plan=MonitoringPlanFactory(intervention=shared), label="2025")
        BudgetRoundFactory(organisation=partner_a)
        ThemeSessionFactory(intervention_type=huismeester)
        ArchetypeFactory(status="gepubliceerd", slug=f"huismeester-{number}")
    Follow.objects.create(user=member_a, intervention_type=huismeester)


@pytest.mark.parametrize("count", [1, 10])
def test_the_start_page_takes_the_same_queries_for_1_and_10(
    client, member_a, member_b, partner_a, huismeester, count, django_assert_num_queries
):
    _fill(count, member_a, member_b, partner_a, huismeester)
    client.force_login(member_a)
    with django_assert_num_queries(MEMBER_QUERIES):
        response = client.get("/")
    start = response.context["start"]
    assert start.drafts.total == count
    assert start.open_questions.total == count
    assert start.overdue_periods.total == count
    assert start.open_rounds.total == count
    assert len(start.news) == min(10, 4 * count)
    with django_assert_num_queries(CACHED_QUERIES):
        assert client.get("/").status_code == 200


def test_a_write_shows_on_the_cached_start_page_at_once(
    client, member_a, partner_a, member_b, huismeester
):
    client.force_login(member_a)
    assertNotContains(client.get("/"), "Klushuizen Zwaluwhof")
    InterventionFactory(organisation=partner_a, created_by=member_a, title="Klushuizen Zwaluwhof")
    assertContains(client.get("/"), "Klushuizen Zwaluwhof")
    shared = make_published(member_b.memberships.get().organisation, member_b, title="Wijkschouw")
    assertNotContains(client.get("/"), "Wijkschouw")
    Follow.objects.create(user=member_a, intervention_type=huismeester)
    assertContains(client.get("/"), shared.title)
    Follow.objects.filter(user=member_a).delete()
    assertNotContains(client.get("/"), shared.title)


def _curation(count: int, partner_a, member_a, member_b) -> None:
    """`count` of each thing that awaits curation."""
    week_ago = timezone.now() - datetime.timedelta(days=8)
    for _number in range(count):
        unlinked = make_published(partner_a, member_a)
        question = Question.objects.create(intervention=unlinked, author=member_b, body="?")
        Question.objects.filter(pk=question.pk).update(created_at=week_ago)
        past = ThemeSessionFactory(
            starts_at=week_ago,
            ends_at=week_ago + datetime.timedelta(hours=3),
            registration_opens_at=week_ago - datetime.timedelta(days=30),
            registration_closes_at=week_ago - datetime.timedelta(days=1),
        )
        SessionIngredientFactory(session=past)


def test_the_curation_block_takes_the_same_queries_for_1_and_10(
    client, programme_staff, partner_a, member_a, member_b, django_assert_num_queries
):
    ArchetypeFactory()  # a draft of the type of every description here
    _curation(1, partner_a, member_a, member_b)
    client.force_login(programme_staff)
    with CaptureQueriesContext(connection) as with_one:
        client.get("/")
    _curation(9, partner_a, member_a, member_b)
    with django_assert_num_queries(len(with_one)):
        response = client.get("/")
    start = response.context["start"]
    assert start.unlinked_descriptions.total == 10
    assert start.unplaced_outcomes.total == 10
    assert start.waiting_questions.total == 10
