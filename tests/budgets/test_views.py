import datetime
import decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from budgets import services
from budgets.models import BudgetApplication, BudgetDecision, BudgetRound
from monitoring.models import Financing
from tests.factories import (
    BudgetApplicationFactory,
    BudgetRoundFactory,
    InterventionFactory,
    MembershipFactory,
    MonitoringPlanFactory,
    OutputIndicatorFactory,
    make_complete,
)

D = decimal.Decimal
TODAY = datetime.date.today()
ABOVE_ZERO = "Vul een bedrag van meer dan € 0,00 in."
NOT_A_NUMBER = "Vul een getal in, alleen met cijfers."
NOT_NEGATIVE = "Vul nul of meer in; dit kan niet negatief zijn."
FIVE_THOUSAND = D("5000.00")


@pytest.fixture
def round_a(partner_a):
    return BudgetRoundFactory(organisation=partner_a, name="Leefbaar 2026")


@pytest.fixture
def complete_a(partner_a, member_a):
    return make_complete(
        InterventionFactory(organisation=partner_a, created_by=member_a, title="Buurtkamer")
    )


@pytest.fixture
def draft_a(round_a, member_a, complete_a):
    return BudgetApplicationFactory(round=round_a, applicant=member_a, intervention=complete_a)


@pytest.fixture
def submitted_a(draft_a, member_a):
    return services.submit_application(application=draft_a, by=member_a)


@pytest.fixture
def review_a(round_a, submitted_a, manager_a):
    services.set_round_status(round=round_a, status=BudgetRound.Status.REVIEW, by=manager_a)
    submitted_a.refresh_from_db()
    return submitted_a


def other_member_a(partner_a):
    return MembershipFactory(organisation=partner_a, user__full_name="Fatima Ouali").user


def login_url(url: str) -> str:
    return f"{reverse('login')}?next={url}"


# The boundary trio: anonymous → login, another partner → 404, too little role → 403.

MANAGER_ROUND_PAGES = [
    ("round_update", "get"),
    ("round_review", "get"),
    ("round_status", "post"),
]
APPLICANT_PAGES = [
    ("application_update", "get"),
    ("application_submit", "post"),
    ("application_unsubmit", "post"),
    ("application_withdraw", "post"),
]


@pytest.mark.parametrize(("name", "method"), MANAGER_ROUND_PAGES)
def test_manager_round_pages_keep_out_anonymous_others_and_members(
    client, name, method, round_a, member_a, member_b
):
    url = reverse(f"budgets:{name}", kwargs={"pk": round_a.pk})
    assertRedirects(getattr(client, method)(url), login_url(url))
    client.force_login(member_b)
    assert getattr(client, method)(url).status_code == 404
    client.force_login(member_a)
    assert getattr(client, method)(url).status_code == 403
    round_a.refresh_from_db()
    assert round_a.status == BudgetRound.Status.OPEN


@pytest.mark.parametrize("name", ["round_detail", "application_create"])
def test_member_round_pages_keep_out_anonymous_and_other_partners(
    client, name, round_a, member_a, member_b
):
    url = reverse(f"budgets:{name}", kwargs={"pk": round_a.pk})
    assertRedirects(client.get(url), login_url(url))
    client.force_login(member_b)
    assert client.get(url).status_code == 404
    client.force_login(member_a)
    assert client.get(url).status_code == 200


def test_new_round_is_for_managers(client, member_a, manager_a):
    url = reverse("budgets:round_create")
    assertRedirects(client.get(url), login_url(url))
    client.force_login(member_a)
    assert client.get(url).status_code == 403
    client.force_login(manager_a)
    assertContains(client.get(url), "Nieuwe ronde")


def test_round_list_needs_login_and_shows_only_own_rounds(client, round_a, member_b):
    url = reverse("budgets:round_list")
    assertRedirects(client.get(url), login_url(url))
    client.force_login(member_b)
    response = client.get(url)
    assertNotContains(response, "Leefbaar 2026")
    assertContains(response, "Je organisaties hebben nog geen budgetrondes.")


@pytest.mark.parametrize(("name", "method"), APPLICANT_PAGES)
def test_applicant_pages_keep_out_anonymous_others_and_managers(
    client, name, method, draft_a, manager_a, member_b
):
    url = reverse(f"budgets:{name}", kwargs={"pk": draft_a.pk})
    assertRedirects(getattr(client, method)(url), login_url(url))
    client.force_login(member_b)
    assert getattr(client, method)(url).status_code == 404
    client.force_login(manager_a)
    assert getattr(client, method)(url).status_code == 403
    draft_a.refresh_from_db()
    assert draft_a.status == BudgetApplication.Status.DRAFT


def test_application_is_read_by_applicant_and_managers_only(
    client, draft_a, partner_a, member_a, manager_a, member_b
):
    url = draft_a.get_absolute_url()
    assertRedirects(client.get(url), login_url(url))
    client.force_login(member_b)
    assert client.get(url).status_code == 404
    client.force_login(other_member_a(partner_a))
    assert client.get(url).status_code == 403
    client.force_login(manager_a)
    assertContains(client.get(url), "Buurtkamer")
    client.force_login(member_a)
    assertContains(client.get(url), "Indienen")


def test_decision_page_is_for_managers(client, review_a, member_a, member_b, manager_a):
    url = reverse("budgets:application_decide", kwargs={"pk": review_a.pk})
    assertRedirects(client.get(url), login_url(url))
    client.force_login(member_b)
    assert client.get(url).status_code == 404
    client.force_login(member_a)
    assert client.post(url, {"status": "toegekend"}).status_code == 403
    review_a.refresh_from_db()
    assert review_a.status == BudgetApplication.Status.SUBMITTED
    client.force_login(manager_a)
    assertContains(client.get(url), "Besluit")


# Rounds.


def _round_data(**changes) -> dict:
    data = {
        "name": "Wijkbudget 2027",
        "year": "2027",
        "description": "Voor kleine buurtprojecten.",
        "total_budget": "25000,50",
        "opening_date": "2027-01-01",
        "closing_date": "2027-03-31",
        "threshold": "7500",
    }
    return {**data, **changes}


def test_manager_creates_a_round_with_dutch_amounts(client, manager_a, partner_a):
    client.force_login(manager_a)
    response = client.post(
        reverse("budgets:round_create"), _round_data(organisation=partner_a.pk), follow=True
    )
    budget_round = BudgetRound.objects.get(name="Wijkbudget 2027")
    assert budget_round.organisation == partner_a
    assert budget_round.total_budget == D("25000.50")
    assert budget_round.status == BudgetRound.Status.OPEN
    assertRedirects(response, budget_round.get_absolute_url())
    assertContains(response, "De ronde is aangemaakt en staat open.")
    assertContains(response, "Vraag je meer dan € 7.500,00, dan is een volledige")


def test_manager_cannot_create_a_round_for_another_organisation(client, manager_a, partner_b):
    client.force_login(manager_a)
    response = client.post(reverse("budgets:round_create"), _round_data(organisation=partner_b.pk))
    assert response.status_code == 200
    assert not BudgetRound.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"total_budget": "veel"}, "total_budget", NOT_A_NUMBER),
        ({"total_budget": "-5"}, "total_budget", ABOVE_ZERO),
        (
            {"closing_date": "2026-12-01"},
            "closing_date",
            "De sluitingsdatum ligt voor de openingsdatum. Controleer beide datums.",
        ),
    ],
)
def test_bad_round_input_is_refused_next_to_the_field(
    client, manager_a, partner_a, changes, field, message
):
    client.force_login(manager_a)
    data = _round_data(organisation=partner_a.pk, **changes)
    response = client.post(reverse("budgets:round_create"), data)
    assert response.status_code == 200
    assert message in response.context["form"].errors[field]
    assertContains(response, "Wijkbudget 2027")  # what was typed stays
    assert not BudgetRound.objects.exists()


def test_round_name_is_unique_per_organisation(client, manager_a, partner_a, round_a):
    client.force_login(manager_a)
    data = _round_data(organisation=partner_a.pk, name="Leefbaar 2026")
    response = client.post(reverse("budgets:round_create"), data)
    assert response.context["form"].errors == {
        "name": ["Je organisatie heeft al een ronde met deze naam. Kies een andere naam."]
    }
    assert BudgetRound.objects.count() == 1


def test_manager_edits_a_round(client, manager_a, round_a):
    client.force_login(manager_a)
    url = reverse("budgets:round_update", kwargs={"pk": round_a.pk})
    data = _round_data(name="Leefbaar 2026 (verlengd)", opening_date="2026-01-01")
    response = client.post(url, data, follow=True)
    round_a.refresh_from_db()
    assert round_a.name == "Leefbaar 2026 (verlengd)"
    assert round_a.organisation.slug == "maasoever"
    assertContains(response, "De ronde is opgeslagen.")


def test_total_budget_cannot_go_below_what_is_awarded(client, manager_a, round_a, review_a):
    services.decide_application(
        application=review_a, status="toegekend", awarded_amount=None, reason="", by=manager_a
    )
    client.force_login(manager_a)
    url = reverse("budgets:round_update", kwargs={"pk": round_a.pk})
    response = client.post(url, _round_data(total_budget="1000", opening_date="2026-01-01"))
    assert response.status_code == 200
    assertContains(response, "€ 5.000,00")
    round_a.refresh_from_db()
    assert round_a.total_budget == D("50000.00")


def test_manager_closes_the_round_for_review(client, manager_a, round_a):
    client.force_login(manager_a)
    url = reverse("budgets:round_status", kwargs={"pk": round_a.pk})
    response = client.post(url, {"status": "in_beoordeling"}, follow=True)
    round_a.refresh_from_db()
    assert round_a.status == BudgetRound.Status.REVIEW
    assertContains(response, "De ronde is nu “in beoordeling”.")


def test_round_is_not_decided_while_applications_wait(client, manager_a, round_a, review_a):
    client.force_login(manager_a)
    url = reverse("budgets:round_status", kwargs={"pk": round_a.pk})
    response = client.post(url, {"status": "besloten"}, follow=True)
    round_a.refresh_from_db()
    assert round_a.status == BudgetRound.Status.REVIEW
    assertContains(response, "1 ingediende aanvraag heeft nog geen besluit.")


@pytest.mark.parametrize("status", ["besloten", "onzin", ""])
def test_a_status_change_the_round_cannot_make_is_refused_with_a_message(
    client, manager_a, round_a, status
):
    client.force_login(manager_a)
    url = reverse("budgets:round_status", kwargs={"pk": round_a.pk})
    response = client.post(url, {"status": status}, follow=True)
    round_a.refresh_from_db()
    assert round_a.status == BudgetRound.Status.OPEN
    assertContains(response, "Een ronde die ‘open’ is, kan niet")


def test_review_ignores_filters_it_does_not_know(client, manager_a, round_a, review_a):
    client.force_login(manager_a)
    url = reverse("budgets:round_review", kwargs={"pk": round_a.pk})
    response = client.get(url, {"sorteer": "prijs", "status": "zoek", "volledigheid": "?"})
    assert [row.application for row in response.context["rows"]] == [review_a]


def test_round_detail_shows_the_budget_to_managers_only(
    client, member_a, manager_a, round_a, draft_a
):
    client.force_login(member_a)
    response = client.get(round_a.get_absolute_url())
    assertContains(response, "Aanvragen")
    assertContains(response, "Buurtkamer")
    assertNotContains(response, "Resterend")
    client.force_login(manager_a)
    response = client.get(round_a.get_absolute_url())
    assertContains(response, "€ 50.000,00")
    assertContains(response, "Sluiten voor beoordeling")


# Applications.


def _application_data(intervention, **changes) -> dict:
    data = {
        "intervention": intervention.pk,
        "amount_requested": "4500,00",
        "co_financing": "1000",
        "motivation": "Een plek waar buren elkaar treffen.",
    }
    return {**data, **changes}


def test_member_applies_with_a_draft(client, member_a, round_a, complete_a):
    client.force_login(member_a)
    url = reverse("budgets:application_create", kwargs={"pk": round_a.pk})
    response = client.post(url, _application_data(complete_a), follow=True)
    application = BudgetApplication.objects.get()
    assert application.applicant == member_a
    assert application.amount_requested == D("4500.00")
    assert application.status == BudgetApplication.Status.DRAFT
    assertRedirects(response, application.get_absolute_url())
    assertContains(response, "Je aanvraag is als concept opgeslagen.")


def test_the_form_offers_own_descriptions_that_are_not_archived(
    client, member_a, round_a, complete_a, partner_b
):
    archived = InterventionFactory(organisation=complete_a.organisation, status="gearchiveerd")
    other = InterventionFactory(organisation=partner_b)
    client.force_login(member_a)
    response = client.get(reverse("budgets:application_create", kwargs={"pk": round_a.pk}))
    offered = list(response.context["form"].fields["intervention"].queryset)
    assert complete_a in offered
    assert archived not in offered
    assert other not in offered


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"amount_requested": "-100"},
            "amount_requested",
            ABOVE_ZERO,
        ),
        (
            {"amount_requested": "veel"},
            "amount_requested",
            NOT_A_NUMBER,
        ),
        (
            {"co_financing": "-1"},
            "co_financing",
            NOT_NEGATIVE,
        ),
        (
            {"amount_requested": "60000"},
            "amount_requested",
            "Vraag hoogstens het totale budget van de ronde van € 50.000,00.",
        ),
    ],
)
def test_bad_amounts_are_refused_next_to_the_field(
    client, member_a, round_a, complete_a, changes, field, message
):
    client.force_login(member_a)
    url = reverse("budgets:application_create", kwargs={"pk": round_a.pk})
    response = client.post(url, _application_data(complete_a, **changes))
    assert response.status_code == 200
    assert message in response.context["form"].errors[field]
    assertContains(response, "Een plek waar buren elkaar treffen.")
    assert not BudgetApplication.objects.exists()


def test_a_description_applies_once_per_round(client, member_a, round_a, draft_a, complete_a):
    client.force_login(member_a)
    url = reverse("budgets:application_create", kwargs={"pk": round_a.pk})
    response = client.post(url, _application_data(complete_a))
    assert response.status_code == 200
    message = "Deze beschrijving heeft al een aanvraag in deze ronde."
    assert message in response.context["form"].errors["intervention"]
    assert BudgetApplication.objects.count() == 1


def test_a_closed_round_takes_no_applications(client, member_a, round_a, complete_a):
    round_a.closing_date = TODAY - datetime.timedelta(days=1)
    round_a.save()
    client.force_login(member_a)
    url = reverse("budgets:application_create", kwargs={"pk": round_a.pk})
    response = client.post(url, _application_data(complete_a), follow=True)
    assertRedirects(response, round_a.get_absolute_url())
    assertContains(response, "Deze ronde neemt nu geen aanvragen aan.")
    assert not BudgetApplication.objects.exists()


def test_applicant_edits_a_draft(client, member_a, draft_a, complete_a):
    client.force_login(member_a)
    url = reverse("budgets:application_update", kwargs={"pk": draft_a.pk})
    client.post(url, _application_data(complete_a, amount_requested="3250,75"))
    draft_a.refresh_from_db()
    assert draft_a.amount_requested == D("3250.75")


def test_submitting_an_incomplete_description_names_what_is_missing(
    client, member_a, round_a, partner_a
):
    lacking = InterventionFactory(organisation=partner_a, created_by=member_a, phase="plan")
    application = BudgetApplicationFactory(round=round_a, applicant=member_a, intervention=lacking)
    client.force_login(member_a)
    url = reverse("budgets:application_submit", kwargs={"pk": application.pk})
    response = client.post(url, follow=True)
    application.refresh_from_db()
    assert application.status == BudgetApplication.Status.DRAFT
    assertContains(response, "Je aanvraag is niet ingediend")
    assertContains(response, "Dit ontbreekt nog:")
    edit = reverse("interventions:update", kwargs={"pk": lacking.pk})
    assertContains(response, f'href="{edit}#probleem"')
    assertContains(response, "Probleem en doelgroep: aanleiding")


def test_applicant_submits_takes_back_and_withdraws(client, member_a, draft_a):
    client.force_login(member_a)
    response = client.post(
        reverse("budgets:application_submit", kwargs={"pk": draft_a.pk}), follow=True
    )
    draft_a.refresh_from_db()
    assert draft_a.status == BudgetApplication.Status.SUBMITTED
    assertContains(response, "Je aanvraag is ingediend.")
    assertContains(response, "Terug naar concept")
    client.post(reverse("budgets:application_unsubmit", kwargs={"pk": draft_a.pk}))
    draft_a.refresh_from_db()
    assert draft_a.status == BudgetApplication.Status.DRAFT
    response = client.post(
        reverse("budgets:application_withdraw", kwargs={"pk": draft_a.pk}), follow=True
    )
    draft_a.refresh_from_db()
    assert draft_a.status == BudgetApplication.Status.WITHDRAWN
    # A description applies once per round: a withdrawal is undone by going back to draft.
    assertContains(response, "Terug naar concept")
    client.post(reverse("budgets:application_unsubmit", kwargs={"pk": draft_a.pk}))
    draft_a.refresh_from_db()
    assert draft_a.status == BudgetApplication.Status.DRAFT


def test_after_closing_the_applicant_changes_nothing(client, member_a, review_a):
    client.force_login(member_a)
    url = reverse("budgets:application_unsubmit", kwargs={"pk": review_a.pk})
    response = client.post(url, follow=True)
    review_a.refresh_from_db()
    assert review_a.status == BudgetApplication.Status.SUBMITTED
    assertContains(response, "De ronde is gesloten; je aanvraag kan niet meer worden gewijzigd.")
    assertNotContains(response, "Terug naar concept")


# Deciding.


def test_manager_partly_awards_and_the_applicant_reads_why(client, manager_a, member_a, review_a):
    client.force_login(manager_a)
    url = reverse("budgets:application_decide", kwargs={"pk": review_a.pk})
    data = {"status": "deels_toegekend", "awarded_amount": "3000,00", "reason": "Minder huur."}
    response = client.post(url, data, follow=True)
    assertRedirects(response, reverse("budgets:round_review", kwargs={"pk": review_a.round_id}))
    assertContains(response, "Het besluit is opgeslagen.")
    review_a.refresh_from_db()
    assert review_a.status == BudgetApplication.Status.PARTLY_AWARDED
    assert review_a.awarded_amount == D("3000.00")
    assert BudgetDecision.objects.filter(application=review_a).count() == 1
    line = Financing.objects.get(application=review_a)
    assert line.committed == D("3000.00")
    client.force_login(member_a)
    response = client.get(review_a.get_absolute_url())
    assertContains(response, "Deels toegekend")
    assertContains(response, "Minder huur.")
    assertContains(response, reverse("monitoring:costs", kwargs={"pk": review_a.intervention_id}))
    assertNotContains(response, "Besluitenlog")


def test_an_award_over_the_budget_is_refused_with_what_is_left(
    client, manager_a, round_a, review_a
):
    BudgetRound.objects.filter(pk=round_a.pk).update(total_budget=D("5000.00"))
    other = BudgetApplicationFactory(
        round=round_a, status="toegekend", amount_requested=D("2500.00"),
        awarded_amount=D("2500.00"), decided_by=manager_a, decided_at=round_a.created_at,
    )  # fmt: skip
    assert other.round == round_a
    client.force_login(manager_a)
    url = reverse("budgets:application_decide", kwargs={"pk": review_a.pk})
    response = client.post(url, {"status": "toegekend", "reason": ""})
    assert response.status_code == 200
    assertContains(response, "Er is nog € 2.500,00 over in deze ronde.")
    review_a.refresh_from_db()
    assert review_a.status == BudgetApplication.Status.SUBMITTED


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"status": "deels_toegekend", "reason": "Te duur."}, "awarded_amount"),
        ({"status": "deels_toegekend", "awarded_amount": "-5", "reason": "x"}, "awarded_amount"),
        ({"status": "deels_toegekend", "awarded_amount": "veel", "reason": "x"}, "awarded_amount"),
        ({"status": "afgewezen", "reason": ""}, "reason"),
        ({"status": "misschien"}, "status"),
    ],
)
def test_an_incomplete_decision_is_refused_next_to_the_field(
    client, manager_a, review_a, data, field
):
    client.force_login(manager_a)
    url = reverse("budgets:application_decide", kwargs={"pk": review_a.pk})
    response = client.post(url, data)
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    review_a.refresh_from_db()
    assert review_a.status == BudgetApplication.Status.SUBMITTED


def test_review_compares_applications_and_filters_them(
    client, manager_a, member_a, partner_a, round_a, review_a
):
    plan = MonitoringPlanFactory(intervention=review_a.intervention)
    OutputIndicatorFactory(plan=plan, name="Bijeenkomsten", unit="bijeenkomst", target=D("40"))
    client.force_login(manager_a)
    url = reverse("budgets:round_review", kwargs={"pk": round_a.pk})
    response = client.get(url)
    assertContains(response, "Buurtkamer")
    assertContains(response, "VE.01")
    assertContains(response, "de huismeester dagelijks in de portieken is")
    # (5.000 requested + 0 co-financing) / 40 meetings.
    assertContains(response, "€ 125,00 per eenheid (bijeenkomst)")
    assertContains(response, "Kort plan")
    response = client.get(url, {"volledigheid": "onvolledig"})
    assert response.context["rows"] == []
    response = client.get(url, {"volledigheid": "kort_plan", "sorteer": "volledigheid"})
    assert [row.application for row in response.context["rows"]] == [review_a]


def test_review_sorts_by_amount_requested(client, manager_a, round_a, submitted_a, member_a):
    bigger = _submitted(round_a, member_a, D("9000.00"))
    review_a = submitted_a
    client.force_login(manager_a)
    url = reverse("budgets:round_review", kwargs={"pk": round_a.pk})
    response = client.get(url, {"sorteer": "bedrag"})
    assert [row.application for row in response.context["rows"]] == [bigger, review_a]
    response = client.get(url, {"sorteer": "ingediend"})
    assert [row.application for row in response.context["rows"]] == [review_a, bigger]


def test_costs_page_shows_the_award_line_read_only(client, manager_a, member_a, review_a):
    services.decide_application(
        application=review_a, status="toegekend", awarded_amount=None, reason="", by=manager_a
    )
    client.force_login(member_a)
    response = client.get(reverse("monitoring:costs", kwargs={"pk": review_a.intervention_id}))
    assertContains(response, "toegekend uit leefbaarheidsbudget Leefbaar 2026")
    financing = response.context["formsets"][1]
    assert [form.instance.pk for form in financing.forms if form.instance.pk] == []


def test_navigation_offers_the_budget_to_members(client, member_a):
    client.force_login(member_a)
    response = client.get(reverse("budgets:round_list"))
    labels = [item.label for item in response.context["nav_items"]]
    assert "Leefbaarheidsbudget" in labels


def test_navigation_has_no_budget_for_anonymous_visitors(rf):
    from wwidw.context_processors import navigation

    request = rf.get("/")
    request.user = AnonymousUser()
    assert navigation(request)["nav_items"] == []


# Constant queries for 1 and 10 applications.


def _submitted(budget_round, applicant, amount=FIVE_THOUSAND) -> BudgetApplication:
    intervention = make_complete(
        InterventionFactory(organisation=budget_round.organisation, created_by=applicant)
    )
    application = BudgetApplicationFactory(
        round=budget_round, applicant=applicant, intervention=intervention, amount_requested=amount
    )
    return services.submit_application(application=application, by=applicant)


def _count_queries(client, django_assert_num_queries, url, queries):
    with django_assert_num_queries(queries):
        response = client.get(url)
    assert response.status_code == 200
    return response


@pytest.mark.parametrize(
    ("name", "user", "queries"),
    [
        ("round_list", "member_a", 5),
        ("round_detail", "member_a", 5),
        ("round_detail", "manager_a", 6),
    ],
)
def test_round_pages_read_a_fixed_number_of_queries(
    client, django_assert_num_queries, request, round_a, member_a, name, user, queries
):
    applicant = request.getfixturevalue(user)
    client.force_login(applicant)
    url = reverse(f"budgets:{name}", kwargs={"pk": round_a.pk} if name != "round_list" else {})
    _submitted(round_a, applicant)
    _count_queries(client, django_assert_num_queries, url, queries)
    for _index in range(9):
        _submitted(round_a, applicant)
    response = _count_queries(client, django_assert_num_queries, url, queries)
    assert len(response.context["applications"]) == 10


@pytest.mark.parametrize("params", [{}, {"volledigheid": "kort_plan", "sorteer": "volledigheid"}])
def test_review_reads_a_fixed_number_of_queries(
    client, django_assert_num_queries, round_a, member_a, manager_a, params
):
    client.force_login(manager_a)
    url = reverse("budgets:round_review", kwargs={"pk": round_a.pk}) + (
        "?volledigheid=kort_plan&sorteer=volledigheid" if params else ""
    )
    _submitted(round_a, member_a)
    queries = 44 if params else 18
    _count_queries(client, django_assert_num_queries, url, queries)
    for _index in range(9):
        _submitted(round_a, member_a)
    response = _count_queries(client, django_assert_num_queries, url, queries)
    assert len(response.context["rows"]) == 10
