"""A GET never writes: every page, export and document of every app is opened and no INSERT,
UPDATE or DELETE may reach the database, except the bookkeeping of the session, the login
throttle and the caches. Nor may a browser or proxy store what a signed-in person was sent. New
URLs are found by walking the URL configuration, so a page added later is checked without a new
test."""

import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from api import services as api_services
from archetypes import choices as archetype_choices
from conversation.models import Answer, Question
from events.models import CalendarFeed
from tests.factories import (
    ArchetypeFactory,
    BudgetApplicationFactory,
    BudgetRoundFactory,
    InvitationFactory,
    MonitoringPlanFactory,
    RegistrationFactory,
    ThemeSessionFactory,
)
from wwidw.models import invitation_token_hash

WRITES = ("INSERT", "UPDATE", "DELETE")
# Tables that a GET may write: the session, the login throttle (axes), the cache, and the PDFs
# kept as last rendered (a cache keyed by their HTML: monitoring.models.RenderedReport).
BOOKKEEPING = ('"django_session"', '"axes_', '"wwidw_cache"', '"monitoring_renderedreport"')
# URLs that need what no page links to with a GET: a one-time token or a version to restore.
NOT_OPENED = {
    "password_reset_confirm",
    "interventions:restore",
    "monitoring:restore",
}

# Parameters that no object of world() has: a value that finds nothing, so the page answers 404;
# it still may not write.
ABSENT = {"result_id": uuid.UUID(int=0)}


def _named_urls(patterns, namespace=""):
    """(name, its parameters) of every URL outside the admin."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue
            inner = f"{namespace}:{pattern.namespace}" if pattern.namespace else namespace
            yield from _named_urls(pattern.url_patterns, inner.strip(":"))
        elif isinstance(pattern, URLPattern) and pattern.name:
            name = f"{namespace}:{pattern.name}" if namespace else pattern.name
            yield name, set(pattern.pattern.converters)


URLS = sorted(
    (name, parameters)
    for name, parameters in _named_urls(get_resolver().url_patterns)
    if name not in NOT_OPENED
)


@pytest.fixture
def world(partner_a, member_a, manager_a, shared_a, concept_a):
    """One of everything of partner A, that member and manager A may open, as the values of the
    URL parameters per app; the monitoring twice: begun, and not yet begun."""
    plan = MonitoringPlanFactory(intervention=shared_a)
    budget_round = BudgetRoundFactory(organisation=partner_a)
    application = BudgetApplicationFactory(round=budget_round, applicant=member_a)
    archetype = ArchetypeFactory(status=archetype_choices.Status.PUBLISHED)
    session = ThemeSessionFactory()
    RegistrationFactory(session=session, user=member_a, organisation=partner_a)
    feed = CalendarFeed.objects.create(user=member_a, key="agenda-van-member-a")
    key = api_services.create_api_key(organisation=partner_a, name="Intranet", by=manager_a)[0]
    InvitationFactory(
        organisation=partner_a, token_hash=invitation_token_hash("wereld"), invited_by=manager_a
    )
    question = Question.objects.create(intervention=shared_a, author=member_a, body="Hoe?")
    answer = Answer.objects.create(question=question, author=manager_a, body="Zo.")
    return {
        "interventions": [{"pk": shared_a.pk}, {"pk": concept_a.pk}],
        "monitoring": [
            {"pk": plan.intervention_id, "slug": partner_a.slug},
            {"pk": concept_a.pk, "slug": partner_a.slug},
        ],
        "budgets:round": [{"pk": budget_round.pk}],
        "budgets:application": [{"pk": application.pk}],
        "archetypes": [{"slug": archetype.slug}],
        "events": [{"slug": session.slug, "key": feed.key}],
        # The read API answers a session without a key with 401; the keys are the managers'.
        "api_v1": [{"pk": shared_a.pk, "slug": archetype.slug}],
        "api_keys": [{"slug": partner_a.slug, "pk": key.pk}],
        # Following is a POST; the unsubscribe link's GET only asks to confirm.
        "follows": [{"key": shared_a.pk, "pk": 1, "token": "not-a-signed-token"}],
        "conversation": [{"pk": shared_a.pk, "question_pk": question.pk, "answer_pk": answer.pk}],
        # A membership to end (invitations are withdrawn by POST only) and an invitation link.
        "": [{"slug": partner_a.slug, "pk": member_a.memberships.get().pk, "token": "wereld"}],
    }


def _urls(world: dict) -> list[tuple[str, str]]:
    """(name, URL) of every URL, with the parameters of its app's part of `world`."""
    urls = []
    for name, parameters in URLS:
        scope = next(key for key in world if name.startswith(key))  # "" comes last
        for values in world[scope] if parameters else [{}]:
            missing = parameters - {*values, *ABSENT}
            assert not missing, f"{name}: add {missing} to world() or the name to NOT_OPENED"
            kwargs = {
                parameter: values.get(parameter, ABSENT.get(parameter)) for parameter in parameters
            }
            urls.append((name, reverse(name, kwargs=kwargs)))
    return urls


def _writes(queries) -> list[str]:
    return [
        query["sql"]
        for query in queries
        if query["sql"].startswith(WRITES)
        and not any(table in query["sql"] for table in BOOKKEEPING)
    ]


def test_the_walk_finds_the_pages_of_every_app():
    names = {name for name, _parameters in URLS}
    for name in ["home", "interventions:detail", "monitoring:detail", "budgets:round_detail"]:
        assert name in names
    for name in ["archetypes:detail", "events:ical", "monitoring:export_xlsx"]:
        assert name in names


@pytest.mark.parametrize("who", ["member_a", "manager_a"])
def test_no_get_writes_to_the_database(
    client, request, settings, django_capture_on_commit_callbacks, world, who
):
    # Tasks are queued in PostgreSQL as in production, so a GET that queues one is caught too.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    client.force_login(request.getfixturevalue(who))
    opened = 0
    for name, url in _urls(world):
        # What a GET would leave for after the commit (e-mail, tasks) runs and is counted too.
        with (
            CaptureQueriesContext(connection) as queries,
            django_capture_on_commit_callbacks(execute=True),
        ):
            response = client.get(url)
        assert response.status_code < 500, url
        assert _writes(queries) == [], f"GET {url} ({name}) wrote"
        assert "no-store" in response.get("Cache-Control", ""), f"GET {url} may be stored"
        opened += response.status_code == 200
    assert opened > 30
