"""Who decides on an application: a manager, never on their own application; programme staff
when the round asks them and no manager can. The decision log names who decided."""

import decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from budgets import services
from budgets.models import BudgetApplication, BudgetDecision, BudgetRound
from tests.factories import (
    BudgetApplicationFactory,
    BudgetRoundFactory,
    InterventionFactory,
    MembershipFactory,
    make_complete,
)
from wwidw.models import Membership

D = decimal.Decimal
OWN = "Je hebt deze aanvraag zelf ingediend, dus je kunt er niet over besluiten."
AWARD = {"status": "toegekend", "awarded_amount": "", "reason": ""}


@pytest.fixture
def round_a(partner_a):
    return BudgetRoundFactory(organisation=partner_a, name="Leefbaar 2026")


def submitted_by(budget_round, applicant) -> BudgetApplication:
    intervention = make_complete(
        InterventionFactory(
            organisation=budget_round.organisation, created_by=applicant, title="Buurtkamer"
        )
    )
    application = BudgetApplicationFactory(
        round=budget_round, applicant=applicant, intervention=intervention
    )
    return services.submit_application(application=application, by=applicant)


def in_review(budget_round, manager) -> None:
    services.set_round_status(round=budget_round, status=BudgetRound.Status.REVIEW, by=manager)


def decide(application, by) -> BudgetApplication:
    return services.decide_application(
        application=application, status="toegekend", awarded_amount=None, reason="", by=by
    )


def second_manager(partner_a):
    return MembershipFactory(
        organisation=partner_a, role=Membership.Role.MANAGER, user__full_name="Karin Smit"
    ).user


def decide_url(application) -> str:
    return reverse("budgets:application_decide", kwargs={"pk": application.pk})


def review_url(budget_round) -> str:
    return reverse("budgets:round_review", kwargs={"pk": budget_round.pk})


# The service


def test_a_manager_cannot_decide_on_their_own_application(round_a, manager_a, partner_a):
    second_manager(partner_a)
    application = submitted_by(round_a, manager_a)
    in_review(round_a, manager_a)
    with pytest.raises(PermissionDenied, match=OWN):
        decide(application, manager_a)
    application.refresh_from_db()
    assert application.status == BudgetApplication.Status.SUBMITTED
    assert not BudgetDecision.objects.exists()


def test_another_manager_decides_on_a_managers_application(round_a, manager_a, partner_a):
    colleague = second_manager(partner_a)
    application = submitted_by(round_a, manager_a)
    in_review(round_a, manager_a)
    decide(application, colleague)
    [decision] = BudgetDecision.objects.all()
    assert (decision.decided_by, decision.is_by_programme_staff) == (colleague, False)
    assert decision.decider_name == "Karin Smit"


def test_programme_staff_decide_when_the_round_asks_and_no_other_manager_can(
    round_a, manager_a, programme_staff
):
    round_a.has_programme_staff_backup = True
    round_a.save()
    application = submitted_by(round_a, manager_a)
    in_review(round_a, manager_a)
    decide(application, programme_staff)
    application.refresh_from_db()
    assert application.is_decided_by_programme_staff
    [decision] = BudgetDecision.objects.all()
    assert decision.decided_by == programme_staff
    assert decision.decider_name == "Programmabureau (programmabureau)"


def test_programme_staff_do_not_decide_when_the_round_does_not_ask(
    round_a, manager_a, programme_staff
):
    application = submitted_by(round_a, manager_a)
    in_review(round_a, manager_a)
    with pytest.raises(PermissionDenied):
        decide(application, programme_staff)
    assert not BudgetDecision.objects.exists()


def test_programme_staff_do_not_decide_when_another_manager_can(
    round_a, manager_a, member_a, programme_staff
):
    round_a.has_programme_staff_backup = True
    round_a.save()
    application = submitted_by(round_a, member_a)
    in_review(round_a, manager_a)
    with pytest.raises(PermissionDenied, match="Het programmabureau besluit alleen"):
        decide(application, programme_staff)
    assert not BudgetDecision.objects.exists()


def test_an_inactive_manager_does_not_count_as_one_who_can_decide(
    round_a, manager_a, partner_a, programme_staff
):
    colleague = second_manager(partner_a)
    colleague.is_active = False
    colleague.save()
    round_a.has_programme_staff_backup = True
    round_a.save()
    application = submitted_by(round_a, manager_a)
    managers = round_a.managers()
    assert managers == [manager_a]
    assert application.is_for_programme_staff(managers)
    assert application.can_decide(programme_staff, managers)


# The pages


def test_the_decision_page_refuses_the_applicant_manager_and_saves_nothing(
    client, round_a, manager_a, partner_a
):
    second_manager(partner_a)
    application = submitted_by(round_a, manager_a)
    in_review(round_a, manager_a)
    client.force_login(manager_a)
    response = client.get(decide_url(application))
    assert response.status_code == 403
    assertContains(response, OWN, status_code=403)
    assertNotContains(response, "Besluit opslaan", status_code=403)
    response = client.post(decide_url(application), AWARD)
    assert response.status_code == 403
    application.refresh_from_db()
    assert application.status == BudgetApplication.Status.SUBMITTED
    assert not BudgetDecision.objects.exists()


def test_the_review_hides_the_decision_on_an_own_application_and_names_who_can(
    client, round_a, manager_a, partner_a
):
    second_manager(partner_a)
    application = submitted_by(round_a, manager_a)
    in_review(round_a, manager_a)
    client.force_login(manager_a)
    response = client.get(review_url(round_a))
    assertContains(response, OWN)
    assertContains(response, "Wie kan het wel: Karin Smit.")
    assertNotContains(response, decide_url(application))


def test_the_review_of_a_single_manager_says_nobody_else_can_and_how_to_ask_programme_staff(
    client, round_a, manager_a
):
    application = submitted_by(round_a, manager_a)
    in_review(round_a, manager_a)
    client.force_login(manager_a)
    response = client.get(review_url(round_a))
    assertContains(response, "Geen andere manager kan hierover besluiten.")
    assertContains(response, reverse("budgets:round_update", kwargs={"pk": round_a.pk}))
    assertContains(response, "De managers van Woonstichting De Maasoever besluiten:")
    assertNotContains(response, decide_url(application))


def test_the_review_says_programme_staff_decide_once_the_round_asks(client, round_a, manager_a):
    round_a.has_programme_staff_backup = True
    round_a.save()
    submitted_by(round_a, manager_a)
    in_review(round_a, manager_a)
    client.force_login(manager_a)
    response = client.get(review_url(round_a))
    assertContains(response, "Geen andere manager kan dit, dus het programmabureau besluit.")
    assertNotContains(response, "Geen andere manager kan hierover besluiten.")


def test_a_manager_asks_programme_staff_in_the_round_form(client, round_a, manager_a):
    client.force_login(manager_a)
    url = reverse("budgets:round_update", kwargs={"pk": round_a.pk})
    assertContains(
        client.get(url), "Het programmabureau mag besluiten als er geen andere manager is"
    )
    data = {
        "name": round_a.name,
        "year": round_a.year,
        "description": "",
        "total_budget": "50000,00",
        "opening_date": round_a.opening_date.isoformat(),
        "closing_date": round_a.closing_date.isoformat(),
        "threshold": "10000,00",
        "has_programme_staff_backup": "on",
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    round_a.refresh_from_db()
    assert round_a.has_programme_staff_backup


def test_programme_staff_decide_through_the_page_and_the_log_names_them(
    client, round_a, manager_a, programme_staff
):
    round_a.has_programme_staff_backup = True
    round_a.save()
    application = submitted_by(round_a, manager_a)
    in_review(round_a, manager_a)
    client.force_login(programme_staff)
    assertContains(client.get(decide_url(application)), "Besluit opslaan")
    response = client.post(decide_url(application), AWARD)
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == BudgetApplication.Status.AWARDED
    assert application.decided_by == programme_staff
    assertContains(client.get(decide_url(application)), "Programmabureau (programmabureau)")
    client.force_login(manager_a)
    detail = reverse("budgets:application_detail", kwargs={"pk": application.pk})
    assertContains(client.get(detail), "Programmabureau (programmabureau)")
    assertContains(client.get(review_url(round_a)), "door Programmabureau (programmabureau)")


def test_programme_staff_get_404_unless_the_round_asks_them(
    client, round_a, manager_a, programme_staff
):
    application = submitted_by(round_a, manager_a)
    in_review(round_a, manager_a)
    client.force_login(programme_staff)
    assert client.post(decide_url(application), AWARD).status_code == 404
    assert not BudgetDecision.objects.exists()


def test_programme_staff_get_403_when_another_manager_can_decide(
    client, round_a, manager_a, member_a, programme_staff
):
    round_a.has_programme_staff_backup = True
    round_a.save()
    application = submitted_by(round_a, member_a)
    in_review(round_a, manager_a)
    client.force_login(programme_staff)
    response = client.post(decide_url(application), AWARD)
    assertContains(response, "Het programmabureau besluit alleen", status_code=403)
    assert not BudgetDecision.objects.exists()


def test_another_partners_manager_gets_404_also_when_the_round_asks_programme_staff(
    client, round_a, manager_a, partner_b
):
    round_a.has_programme_staff_backup = True
    round_a.save()
    application = submitted_by(round_a, manager_a)
    in_review(round_a, manager_a)
    other = MembershipFactory(organisation=partner_b, role=Membership.Role.MANAGER).user
    client.force_login(other)
    assert client.post(decide_url(application), AWARD).status_code == 404
    assert not BudgetDecision.objects.exists()


def test_programme_staff_find_the_applications_waiting_for_them(
    client, round_a, manager_a, member_a, programme_staff
):
    round_a.has_programme_staff_backup = True
    round_a.save()
    waiting = submitted_by(round_a, manager_a)
    other = make_complete(
        InterventionFactory(organisation=round_a.organisation, title="Speeltuin")
    )
    services.submit_application(
        application=BudgetApplicationFactory(
            round=round_a, applicant=member_a, intervention=other
        ),
        by=member_a,
    )
    in_review(round_a, manager_a)
    assert list(BudgetApplication.objects.waiting_for_programme_staff()) == [waiting]
    client.force_login(programme_staff)
    response = client.get(reverse("budgets:round_list"))
    assertContains(response, "Wacht op een besluit van het programmabureau")
    assertContains(response, decide_url(waiting))
    client.force_login(manager_a)
    assertNotContains(client.get(reverse("budgets:round_list")), decide_url(waiting))


def test_the_application_page_shows_why_the_applicant_manager_cannot_decide(
    client, round_a, manager_a, partner_a
):
    colleague = second_manager(partner_a)
    application = submitted_by(round_a, manager_a)
    in_review(round_a, manager_a)
    detail = reverse("budgets:application_detail", kwargs={"pk": application.pk})
    client.force_login(manager_a)
    response = client.get(detail)
    assertContains(response, OWN)
    assertNotContains(response, decide_url(application))
    client.force_login(colleague)
    response = client.get(detail)
    assertContains(response, decide_url(application))
    assertNotContains(response, OWN)
