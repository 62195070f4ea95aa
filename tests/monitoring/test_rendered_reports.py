"""A monitoring report is rendered once and kept: downloaded again while what it shows is the
same, the kept PDF is served; any write to what it shows renders it anew."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.template import defaulttags
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django_tasks_db.models import DBTaskResult

from monitoring import services
from monitoring.models import MonitoringPlan, RenderedReport
from tests.factories import (
    EffectIndicatorFactory,
    EffectMeasurementFactory,
    MembershipFactory,
    UserFactory,
)
from tests.monitoring.test_reports import (
    download_pdf,
    make_worked_example,
    pdf_text,
    portfolio_url,
    report_url,
)
from wwidw import pdf
from wwidw.models import Membership


@pytest.fixture
def renders(monkeypatch) -> list[str]:
    """The HTML of every PDF rendered from now on."""
    rendered = []
    render = pdf.html_to_pdf

    def spy(html: str, **kwargs) -> bytes:
        rendered.append(html)
        return render(html, **kwargs)

    monkeypatch.setattr(pdf, "html_to_pdf", spy)
    return rendered


@pytest.fixture
def worked_example(partner_a):
    return make_worked_example(partner_a, title="Huismeester portiekflats")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _text(response) -> str:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return " ".join(pdf_text(response.content).split())


def test_a_report_downloaded_again_is_served_as_kept(client, member_a, worked_example, renders):
    client.force_login(member_a)
    first = client.get(report_url(worked_example))
    second = client.get(report_url(worked_example))
    assert len(renders) == 1
    assert second.content == first.content
    assert second["Content-Disposition"] == first["Content-Disposition"]
    assert "€ 77.072,00" in _text(second)


@pytest.fixture
def next_day(monkeypatch):
    """Moves the clock a day on: Django's `timezone.now()` and the `{% now %}` tag."""

    class NextDay(datetime.datetime):
        @classmethod
        def now(cls, tz=None):
            return datetime.datetime.now(tz) + datetime.timedelta(days=1)

    def move() -> None:
        monkeypatch.setattr(timezone, "now", lambda: NextDay.now(datetime.UTC))
        monkeypatch.setattr(defaulttags, "datetime", NextDay)

    return move


def test_a_report_downloaded_the_next_day_is_served_as_kept(
    client, member_a, worked_example, renders, next_day
):
    """The cover dates the figures by the last save of the monitoring, not by the day of the
    download: the next day, without a change, the kept PDF is served."""
    client.force_login(member_a)
    first = client.get(report_url(worked_example))
    next_day()
    client.force_login(member_a)  # a new day's session
    second = client.get(report_url(worked_example))
    assert len(renders) == 1
    assert second.content == first.content
    saved = date_format(timezone.localtime(worked_example.updated_at), "j F Y")
    assert f"Stand per {saved}" in _text(second)


def test_the_cover_is_dated_by_the_last_save_of_the_monitoring(
    client, member_a, partner_a, worked_example, renders
):
    MonitoringPlan.objects.filter(pk=worked_example.pk).update(
        updated_at=datetime.datetime(2026, 3, 2, 12, tzinfo=datetime.UTC)
    )
    client.force_login(member_a)
    assert "Stand per 2 maart 2026" in _text(client.get(report_url(worked_example)))
    with services.plan_version(worked_example, by=member_a, comment="Kosten"):
        worked_example.save()
    today = date_format(timezone.localdate(), "j F Y")
    assert f"Stand per {today}" in _text(client.get(report_url(worked_example)))
    # The portfolio: the latest save of its plans.
    other = make_worked_example(partner_a, title="Buurtconciërge")
    MonitoringPlan.objects.filter(pk=other.pk).update(
        updated_at=datetime.datetime(2026, 3, 2, 12, tzinfo=datetime.UTC)
    )
    portfolio = download_pdf(client, portfolio_url(partner_a))
    text = " ".join(pdf_text(b"".join(portfolio.streaming_content)).split())
    assert f"Stand per {today}" in text


def test_a_changed_cost_is_in_the_next_download(client, member_a, worked_example, renders):
    client.force_login(member_a)
    assert "€ 77.072,00" in _text(client.get(report_url(worked_example)))
    line = worked_example.cost_lines.get(category="overhead", bearer_name="Gemeente")
    line.amount = Decimal("2310.40")  # € 1,000 more
    line.save()
    text = _text(client.get(report_url(worked_example)))
    assert len(renders) == 2
    assert "€ 78.072,00" in text
    assert "€ 77.072,00" not in text


def test_a_new_measurement_is_in_the_next_download(client, member_a, worked_example, renders):
    indicator = EffectIndicatorFactory(plan=worked_example, name="Veilig in de buurt")
    EffectMeasurementFactory(indicator=indicator, date=datetime.date(2019, 3, 1))
    client.force_login(member_a)
    assert "66 % · 1 maart 2019" in _text(client.get(report_url(worked_example)))
    EffectMeasurementFactory(
        indicator=indicator, date=datetime.date(2020, 3, 1), value=Decimal("71.5")
    )
    text = _text(client.get(report_url(worked_example)))
    assert len(renders) == 2
    assert "71,5 % · 1 maart 2020" in text


def test_a_new_title_of_the_description_is_in_the_next_download(
    client, member_a, worked_example, renders
):
    client.force_login(member_a)
    client.get(report_url(worked_example))
    intervention = worked_example.intervention
    intervention.title = "Huismeester galerijflats"
    intervention.save()
    text = _text(client.get(report_url(worked_example)))
    assert len(renders) == 2
    assert "Huismeester galerijflats" in text
    assert "Huismeester portiekflats" not in text


def test_a_new_name_of_the_organisation_is_in_the_next_download(
    client, member_a, partner_a, worked_example, renders
):
    client.force_login(member_a)
    client.get(report_url(worked_example))
    partner_a.name = "Woonstichting Maas en Waal"
    partner_a.save()
    assert "Woonstichting Maas en Waal" in _text(client.get(report_url(worked_example)))
    assert len(renders) == 2


def test_the_kept_report_is_served_only_after_the_permission_check(
    client, member_a, member_b, worked_example, renders
):
    client.force_login(member_a)
    client.get(report_url(worked_example))
    client.logout()
    assert client.get(report_url(worked_example)).status_code == 302  # to the login page
    client.force_login(member_b)
    assert client.get(report_url(worked_example)).status_code == 404
    Membership.objects.filter(user=member_a).delete()
    client.force_login(member_a)
    assert client.get(report_url(worked_example)).status_code == 404
    assert len(renders) == 1


def test_every_member_gets_the_same_kept_report(
    client, member_a, manager_a, partner_a, worked_example, renders
):
    client.force_login(member_a)
    first = client.get(report_url(worked_example))
    colleague = UserFactory()
    MembershipFactory(user=colleague, organisation=partner_a)
    for user in [manager_a, colleague]:
        client.force_login(user)
        assert client.get(report_url(worked_example)).content == first.content
    assert len(renders) == 1


def test_each_language_has_its_own_kept_report(
    client, member_a, worked_example, renders, settings
):
    client.force_login(member_a)
    dutch = _text(client.get(report_url(worked_example)))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = _text(client.get(report_url(worked_example)))
    assert "Monitoringrapportage" in dutch
    assert "Monitoring report" in english
    assert _text(client.get(report_url(worked_example))) == english
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nl"
    assert _text(client.get(report_url(worked_example))) == dutch
    assert len(renders) == 2
    kept = RenderedReport.objects.filter(plan=worked_example)
    assert sorted(kept.values_list("language", flat=True)) == ["en", "nl"]


def test_only_the_latest_rendering_is_kept(client, member_a, worked_example, renders):
    client.force_login(member_a)
    for amount in ["5241.60", "5341.60", "5441.60"]:
        worked_example.cost_lines.filter(category="overhead", bearer_name="Corporatie").update(
            amount=Decimal(amount)
        )
        latest = client.get(report_url(worked_example)).content
    assert len(renders) == 3
    kept = RenderedReport.objects.get(plan=worked_example)
    assert (kept.language, bytes(kept.content)) == ("nl", latest)
    assert kept.key == pdf.document_key(renders[-1])


def test_a_portfolio_made_again_is_served_as_kept(
    client, member_a, partner_a, worked_example, renders
):
    client.force_login(member_a)
    first = download_pdf(client, portfolio_url(partner_a))
    second = download_pdf(client, portfolio_url(partner_a))
    assert len(renders) == 1
    assert b"".join(second.streaming_content) == b"".join(first.streaming_content)
    make_worked_example(partner_a, title="Buurtconciërge")
    third = download_pdf(client, portfolio_url(partner_a))
    assert len(renders) == 2
    assert "Buurtconciërge" in pdf_text(b"".join(third.streaming_content))
    assert RenderedReport.objects.filter(organisation=partner_a, plan=None).count() == 1


def test_the_portfolio_and_the_report_are_kept_apart(
    client, member_a, partner_a, worked_example, renders
):
    client.force_login(member_a)
    client.get(report_url(worked_example))
    download_pdf(client, portfolio_url(partner_a))
    client.get(report_url(worked_example))
    assert len(renders) == 2
    assert RenderedReport.objects.filter(organisation=partner_a).count() == 2


def test_an_other_partners_portfolio_is_a_404_with_a_kept_one(
    client, member_a, member_b, partner_a, worked_example, renders
):
    client.force_login(member_a)
    download_pdf(client, portfolio_url(partner_a))
    client.force_login(member_b)
    assert client.post(portfolio_url(partner_a)).status_code == 404
    assert len(renders) == 1


def test_the_key_follows_the_html(settings):
    html = "<html><body><p>Huismeester</p></body></html>"
    assert pdf.document_key(html) == pdf.document_key(html)
    assert pdf.document_key(html) != pdf.document_key(html.replace("Huis", "Buurt"))
    # A chart's name, numbered per process, shows nowhere on paper.
    named = '<html><body><svg id="chart-1" aria-labelledby="chart-1-title"></svg></body></html>'
    assert pdf.document_key(named) == pdf.document_key(named.replace("chart-1", "chart-7"))


def test_the_report_page_still_offers_its_html_in_debug(
    client, member_a, worked_example, settings
):
    settings.DEBUG = True
    client.force_login(member_a)
    response = client.get(
        reverse("monitoring:report_pdf", args=[worked_example.intervention_id]), {"html": 1}
    )
    assert response["Content-Type"].startswith("text/html")
    assert b"Huismeester portiekflats" in response.content


def test_a_save_renders_the_report_ahead_for_the_next_download(
    client,
    member_a,
    worked_example,
    renders,
    database_tasks,
    settings,
    django_capture_on_commit_callbacks,
):
    """The worker renders the report a little after a save of its monitoring, so the manager's
    download is the kept PDF at once; saves within that time are rendered once."""
    settings.MONITORING_REPORT_AHEAD_SECONDS = 0
    line = worked_example.cost_lines.get(category="overhead", bearer_name="Gemeente")
    with django_capture_on_commit_callbacks(execute=True):
        for amount in ("1810.40", "2310.40"):
            with services.plan_version(worked_example, by=member_a, comment="Kosten"):
                line.amount = Decimal(amount)
                line.save()
    assert database_tasks() == 2
    assert len(renders) == 1  # the second task found the report kept
    client.force_login(member_a)
    text = _text(client.get(report_url(worked_example)))
    assert len(renders) == 1
    assert "€ 78.072,00" in text


def test_the_rendering_ahead_waits_for_the_saves_that_follow(
    member_a, worked_example, renders, database_tasks, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True),
        services.plan_version(worked_example, by=member_a, comment="Kosten"),
    ):
        worked_example.save()
    assert database_tasks() == 0
    task = DBTaskResult.objects.get()
    assert task.task_path == "monitoring.tasks.keep_plan_report"
    assert task.run_after > timezone.now() + datetime.timedelta(seconds=15)
    assert renders == []


@pytest.fixture
def other_print_styles(settings, tmp_path):
    """A deploy with other print styles: one more style sheet among the static files."""

    def deploy() -> None:
        styles = tmp_path / "deployed" / "css"
        styles.mkdir(parents=True)
        (styles / "pdf_extra.css").write_text("h2 { color: #143f32; }\n")
        settings.STATICFILES_DIRS = [*settings.STATICFILES_DIRS, styles.parent]

    return deploy


def test_a_deploy_with_other_print_styles_renders_the_kept_reports_again(
    client, member_a, partner_a, worked_example, renders, database_tasks, other_print_styles
):
    """After a deploy that changes the renderer or the print styles, `manage.py keep_reports`
    has the worker render each kept report of a plan again, after the tasks people wait for,
    so its next download is at once again. A portfolio is left to the reader who asks."""
    other = make_worked_example(partner_a, title="Buurtconciërge")
    client.force_login(member_a)
    for plan in (worked_example, other):
        _text(client.get(report_url(plan)))
    download_pdf(client, portfolio_url(partner_a))
    assert database_tasks() == 1 and len(renders) == 3
    before = pdf.renderer_key()
    assert set(RenderedReport.objects.values_list("renderer", flat=True)) == {before}

    other_print_styles()
    assert pdf.renderer_key() != before
    call_command("keep_reports", stdout=io.StringIO())
    assert database_tasks() == 3  # the search for them, then one task per report
    assert len(renders) == 5
    kept = RenderedReport.objects.filter(plan__isnull=False)
    assert set(kept.values_list("renderer", flat=True)) == {pdf.renderer_key()}
    assert RenderedReport.objects.get(plan=None).renderer == before

    _text(client.get(report_url(worked_example)))
    assert len(renders) == 5  # at once: the kept PDF
    call_command("keep_reports", stdout=io.StringIO())
    assert database_tasks() == 1 and len(renders) == 5  # nothing left to render


def test_the_reports_of_an_earlier_renderer_wait_for_the_tasks_people_wait_for(
    client, member_a, worked_example, renders, database_tasks, other_print_styles
):
    client.force_login(member_a)
    _text(client.get(report_url(worked_example)))
    other_print_styles()
    call_command("keep_reports", stdout=io.StringIO())
    scan = DBTaskResult.objects.get()
    assert scan.task_path == "monitoring.tasks.render_kept_reports_again"
    assert scan.priority < 0
    assert database_tasks() == 2
    queued = DBTaskResult.objects.get(task_path="monitoring.tasks.keep_plan_report")
    assert queued.priority == scan.priority
    assert queued.args_kwargs["kwargs"] == {"plan_id": worked_example.pk, "language": "nl"}
