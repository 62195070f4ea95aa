"""The portfolio and round PDFs are made by a task: a POST starts it, a status page shows its
progress, and whoever started it downloads the file from there (wwidw/downloads.py)."""

import re
from decimal import Decimal

import pytest
from django.tasks import TaskContext
from django.urls import reverse
from django_tasks_db.models import DBTaskResult
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from budgets.models import BudgetRound
from tests.factories import BudgetRoundFactory, MembershipFactory
from tests.monitoring.test_reports import make_worked_example, pdf_text
from wwidw import downloads

JSON = {"HTTP_ACCEPT": "application/json"}


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def worked_example(partner_a):
    return make_worked_example(partner_a, title="Huismeester portiekflats")


@pytest.fixture
def budget_round(partner_a):
    return BudgetRoundFactory(
        organisation=partner_a,
        name="Leefbaarheidsbudget 2025",
        total_budget=Decimal("50000.00"),
        status=BudgetRound.Status.REVIEW,
    )


def _start_portfolio(client, organisation):
    response = client.post(reverse("monitoring:portfolio_pdf", args=[organisation.slug]))
    assert response.status_code == 302
    return response.url


def _download_url(status_url: str) -> str:
    return f"{status_url}rapport.pdf"


def test_the_portfolio_report_is_made_in_the_background_then_downloaded(
    client, member_a, partner_a, worked_example, database_tasks, tmp_path
):
    client.force_login(member_a)
    status_url = _start_portfolio(client, partner_a)
    assert re.fullmatch(r"/monitoring/organisatie/maasoever/rapport/[0-9a-f-]{36}/", status_url)

    page = client.get(status_url)
    assertContains(page, "Het rapport wordt gemaakt.")
    assertContains(
        page, '<progress class="document-progress" max="100" aria-labelledby', html=False
    )
    assertContains(page, '<script src="/static/js/document_status.js" defer></script>', html=False)
    assert client.get(status_url, **JSON).json() == {"state": "waiting", "progress": 0}
    assert client.get(_download_url(status_url)).status_code == 404

    assert database_tasks() == 1

    assert client.get(status_url, **JSON).json() == {"state": "ready", "progress": 100}
    assertContains(client.get(status_url), _download_url(status_url))
    response = client.get(_download_url(status_url))
    assert response["Content-Type"] == "application/pdf"
    assert (
        'attachment; filename="monitoring-woonstichting-de-maasoever-20'
        in (response["Content-Disposition"])
    )
    assert "Huismeester portiekflats" in pdf_text(response.getvalue())
    [stored] = (tmp_path / "private" / "documents").iterdir()
    assert stored.name.endswith(".pdf")


def test_the_status_page_shows_how_far_the_task_is(client, member_a, partner_a, database_tasks):
    client.force_login(member_a)
    status_url = _start_portfolio(client, partner_a)
    result = DBTaskResult.objects.get()
    result.claim("another-worker")
    downloads.report_progress(TaskContext(task_result=result.task_result), 50)
    assert client.get(status_url, **JSON).json() == {"state": "running", "progress": 50}
    assertContains(client.get(status_url), 'max="100" value="50"')


def test_the_page_offers_to_make_the_report(client, member_a, partner_a):
    client.force_login(member_a)
    url = reverse("monitoring:portfolio_pdf", args=[partner_a.slug])
    response = client.get(url)
    assertContains(response, f'<form method="post" action="{url}">', html=False)
    assertContains(response, "Maak het rapport")
    assert DBTaskResult.objects.count() == 0


def test_a_failed_report_says_so_and_offers_to_try_again(
    client, member_a, partner_a, settings, tmp_path
):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("")
    settings.MEDIA_ROOT = blocked  # the file cannot be stored
    client.force_login(member_a)
    status_url = _start_portfolio(client, partner_a)
    assert client.get(status_url, **JSON).json() == {"state": "failed", "progress": 0}
    page = client.get(status_url)
    assertContains(page, "Het rapport kon niet worden gemaakt.")
    assertContains(page, "Probeer het opnieuw")
    assert client.get(_download_url(status_url)).status_code == 404
    assert DBTaskResult.objects.get().status == "FAILED"


def test_the_portfolio_report_needs_a_login(client, member_a, partner_a):
    client.force_login(member_a)
    status_url = _start_portfolio(client, partner_a)
    client.logout()
    for url in [status_url, _download_url(status_url)]:
        assertRedirects(client.get(url), f"{reverse('login')}?next={url}")


def test_only_who_started_it_gets_the_report(client, member_a, partner_a, member_b):
    client.force_login(member_a)
    status_url = _start_portfolio(client, partner_a)
    colleague = MembershipFactory(organisation=partner_a).user
    for someone in [member_b, colleague]:
        client.force_login(someone)
        assert client.get(status_url).status_code == 404
        assert client.get(_download_url(status_url)).status_code == 404
    client.force_login(member_b)
    assert client.post(reverse("monitoring:portfolio_pdf", args=[partner_a.slug])).status_code == (
        404
    )


def test_a_report_is_not_found_under_another_organisation(client, member_a, partner_a, partner_b):
    MembershipFactory(organisation=partner_b, user=member_a)
    client.force_login(member_a)
    status_url = _start_portfolio(client, partner_a)
    elsewhere = status_url.replace(partner_a.slug, partner_b.slug)
    assert client.get(elsewhere).status_code == 404
    assert client.get(_download_url(elsewhere)).status_code == 404


def test_the_round_report_is_made_in_the_background_for_its_managers(
    client, manager_a, member_a, member_b, budget_round
):
    client.force_login(manager_a)
    response = client.post(reverse("budgets:round_pdf", args=[budget_round.pk]))
    status_url = response.url
    assert status_url.startswith(f"/leefbaarheidsbudget/{budget_round.pk}/rapport/")
    response = client.get(_download_url(status_url))  # the task ran when it was queued
    assert response["Content-Type"] == "application/pdf"
    assert "Leefbaarheidsbudget 2025" in pdf_text(response.getvalue())

    client.force_login(member_a)
    assert client.get(status_url).status_code == 403
    assert client.post(reverse("budgets:round_pdf", args=[budget_round.pk])).status_code == 403
    client.force_login(member_b)
    assert client.get(status_url).status_code == 404
    assert client.get(_download_url(status_url)).status_code == 404


def test_the_report_links_start_the_task_by_post(client, manager_a, partner_a, budget_round):
    client.force_login(manager_a)
    dashboard = client.get(reverse("organisation_dashboard", args=[partner_a.slug]))
    url = reverse("monitoring:portfolio_pdf", args=[partner_a.slug])
    assertContains(dashboard, f'<form method="post" action="{url}" class="d-inline">', html=False)
    assertNotContains(dashboard, f'<a href="{url}">', html=False)
    round_page = client.get(budget_round.get_absolute_url())
    url = reverse("budgets:round_pdf", args=[budget_round.pk])
    assertContains(round_page, f'<form method="post" action="{url}">', html=False)
