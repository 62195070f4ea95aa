"""A round decides on what was submitted: an application keeps the version of its description
it was submitted with, and the review, the report, the decision and its e-mail show that
version, with a notice and a link to the changes when the description changed since."""

import io

import pytest
import reversion
from django.db.models import ProtectedError
from django.urls import reverse
from openpyxl import load_workbook
from pytest_django.asserts import assertContains, assertNotContains
from reversion.models import Version

from budgets import documents, emails, services
from budgets.exports import round_xlsx
from budgets.models import BudgetApplication, BudgetRound
from interventions.versions import descriptions_as_saved, versions_of_description
from tests.factories import (
    BudgetApplicationFactory,
    BudgetRoundFactory,
    InterventionFactory,
    make_complete,
)
from tests.monitoring.test_reports import page_texts

CHANGED = "De beschrijving is gewijzigd na het indienen"


@pytest.fixture
def round_a(partner_a):
    return BudgetRoundFactory(organisation=partner_a, name="Leefbaar 2026")


@pytest.fixture
def application(round_a, member_a):
    intervention = make_complete(
        InterventionFactory(
            organisation=round_a.organisation, created_by=member_a, title="Buurtkamer Oost"
        )
    )
    draft = BudgetApplicationFactory(round=round_a, applicant=member_a, intervention=intervention)
    return services.submit_application(application=draft, by=member_a)


def edit(intervention, by, **fields) -> None:
    """Change the description as its form does: a save that is a new version."""
    with reversion.create_revision():
        for name, value in fields.items():
            setattr(intervention, name, value)
        intervention.save()
        reversion.set_user(by)


def in_review(budget_round, manager) -> None:
    services.set_round_status(round=budget_round, status=BudgetRound.Status.REVIEW, by=manager)


def changes_url(application) -> str:
    url = reverse("interventions:diff", kwargs={"pk": application.intervention_id})
    latest = versions_of_description(application.intervention_id).first()
    return f"{url}?van={application.submitted_version_id}&amp;naar={latest.pk}"


# Submitting keeps the version


def test_submitting_keeps_a_version_of_a_description_that_had_none(application, member_a):
    version = application.submitted_version
    assert version is not None
    assert version.object_id == str(application.intervention_id)
    assert version.revision.comment == "Ingediend bij Leefbaar 2026"
    assert version.revision.user == member_a
    assert version.field_dict["title"] == "Buurtkamer Oost"


def test_submitting_keeps_the_newest_version_when_it_holds_the_description(round_a, member_a):
    intervention = make_complete(InterventionFactory(organisation=round_a.organisation))
    edit(intervention, member_a, title="Speeltuin")
    [version] = versions_of_description(intervention.pk)
    draft = BudgetApplicationFactory(round=round_a, applicant=member_a, intervention=intervention)
    application = services.submit_application(application=draft, by=member_a)
    assert application.submitted_version == version
    assert versions_of_description(intervention.pk).count() == 1


def test_taking_an_application_back_to_draft_lets_go_of_the_version(application, member_a):
    services.unsubmit_application(application=application, by=member_a)
    application.refresh_from_db()
    assert application.submitted_version is None


def test_a_version_kept_by_an_application_cannot_be_deleted(application):
    with pytest.raises(ProtectedError):
        Version.objects.filter(pk=application.submitted_version_id).delete()


def test_the_description_as_submitted_has_its_text_and_parts(application, member_a):
    intervention = application.intervention
    steps_before = list(intervention.theory_steps.values_list("if_text", flat=True))
    effects_before = list(intervention.intended_effects.values_list("effect__code", flat=True))
    edit(intervention, member_a, title="Nieuwe titel", problem_analysis="Ander probleem.")
    intervention.theory_steps.all().delete()
    application = BudgetApplication.objects.get(pk=application.pk)
    description = application.description
    assert description.title == "Buurtkamer Oost"
    assert description.problem_analysis != "Ander probleem."
    assert [step.if_text for step in description.theory_steps.all()] == steps_before
    assert [item.effect.code for item in description.intended_effects.all()] == effects_before
    assert description.intervention_types.exists()
    assert application.missing() == []
    assert application.is_description_changed


def test_descriptions_as_saved_reads_any_number_in_a_fixed_number_of_queries(
    round_a, member_a, django_assert_num_queries
):
    versions = []
    for number in range(3):
        intervention = make_complete(
            InterventionFactory(organisation=round_a.organisation, title=f"Plan {number}")
        )
        draft = BudgetApplicationFactory(
            round=round_a, applicant=member_a, intervention=intervention
        )
        versions.append(services.submit_application(application=draft, by=member_a))
    versions = [
        Version.objects.get(pk=application.submitted_version_id) for application in versions
    ]
    with django_assert_num_queries(5):
        one = descriptions_as_saved(versions[:1])
    with django_assert_num_queries(5):
        three = descriptions_as_saved(versions)
    assert [three[version.pk].title for version in versions] == ["Plan 0", "Plan 1", "Plan 2"]
    assert one[versions[0].pk].title == "Plan 0"


# The pages, the report and the e-mail show it


def test_the_review_shows_the_submitted_text_with_a_link_to_the_changes(
    client, application, member_a, manager_a, round_a
):
    edit(application.intervention, member_a, title="Buurtkamer West")
    in_review(round_a, manager_a)
    client.force_login(manager_a)
    response = client.get(reverse("budgets:round_review", kwargs={"pk": round_a.pk}))
    assertContains(response, "Buurtkamer Oost")
    assertNotContains(response, "Buurtkamer West")
    assertContains(response, CHANGED)
    assertContains(response, changes_url(application))
    diff = client.get(changes_url(application).replace("&amp;", "&"))
    assertContains(diff, "Buurtkamer West")


def test_without_a_later_version_there_is_no_notice(client, application, manager_a, round_a):
    in_review(round_a, manager_a)
    client.force_login(manager_a)
    response = client.get(reverse("budgets:round_review", kwargs={"pk": round_a.pk}))
    assertContains(response, "Buurtkamer Oost")
    assertNotContains(response, CHANGED)


def test_an_application_submitted_before_versions_were_kept_shows_the_description_now(
    client, application, member_a, manager_a, round_a
):
    BudgetApplication.objects.filter(pk=application.pk).update(submitted_version=None)
    edit(application.intervention, member_a, title="Buurtkamer West")
    in_review(round_a, manager_a)
    client.force_login(manager_a)
    response = client.get(reverse("budgets:round_review", kwargs={"pk": round_a.pk}))
    assertContains(response, "Buurtkamer West")
    assertNotContains(response, CHANGED)


def test_the_application_and_decision_pages_show_the_submitted_version(
    client, application, member_a, manager_a, round_a
):
    edit(application.intervention, member_a, title="Buurtkamer West")
    in_review(round_a, manager_a)
    client.force_login(manager_a)
    for name in ("application_detail", "application_decide"):
        response = client.get(reverse(f"budgets:{name}", kwargs={"pk": application.pk}))
        assertContains(response, "Buurtkamer Oost")
        assertContains(response, CHANGED)
        assertContains(response, changes_url(application))


def test_the_round_report_shows_the_submitted_version(
    application, member_a, manager_a, round_a, settings
):
    edit(application.intervention, member_a, title="Buurtkamer West")
    in_review(round_a, manager_a)
    services.decide_application(
        application=application, status="toegekend", awarded_amount=None, reason="", by=manager_a
    )
    text = " ".join(page_texts(documents.render_round_pdf(round_a)))
    assert "Buurtkamer Oost" in text
    assert "Buurtkamer West" not in text
    assert CHANGED in text
    assert "door Annemieke de Vries" in text
    workbook = load_workbook(io.BytesIO(round_xlsx(round_a)))
    [_heading, row] = list(workbook["Aanvragen"].iter_rows(values_only=True))
    assert row[0] == "Buurtkamer Oost"
    assert row[-1] == settings.SITE_URL + changes_url(application).replace("&amp;", "&")


def test_the_decision_mail_names_the_submitted_version_and_the_changes(
    application, member_a, manager_a, round_a, settings
):
    edit(application.intervention, member_a, title="Buurtkamer West")
    in_review(round_a, manager_a)
    services.decide_application(
        application=application, status="toegekend", awarded_amount=None, reason="", by=manager_a
    )
    application = BudgetApplication.objects.get(pk=application.pk)
    message = emails.build_decision_message(application)
    assert message.subject == "Besluit over je aanvraag: Buurtkamer Oost"
    assert CHANGED in message.body
    assert settings.SITE_URL + changes_url(application).replace("&amp;", "&") in message.body
