"""Questions and answers on a description: asking and answering with their e-mail, marking
useful and hiding with a reason, who may do what, and the page's queries."""

import pytest
from django.test import Client
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from conversation.models import Answer, Question
from interventions.models import Intervention
from tests.factories import MembershipFactory, make_published
from wwidw.models import Membership

QUESTION = "Hoe hebben jullie de huismeester gefinancierd?"
ANSWER = "Uit het leefbaarheidsbudget, drie jaar lang."
PRIVATE_TEXT = "Alleen voor De Maasoever"


@pytest.fixture
def described(shared_a, member_a):
    """The shared description, with member A as its contact person."""
    Intervention.objects.filter(pk=shared_a.pk).update(contact=member_a)
    shared_a.refresh_from_db()
    return shared_a


def ask_url(intervention) -> str:
    return reverse("conversation:question_create", args=[intervention.pk])


def answer_url(question) -> str:
    return reverse("conversation:answer_create", args=[question.intervention_id, question.pk])


def useful_url(answer) -> str:
    return reverse("conversation:answer_useful", args=[answer.question.intervention_id, answer.pk])


def hide_url(post) -> str:
    if isinstance(post, Question):
        return reverse("conversation:question_hide", args=[post.intervention_id, post.pk])
    return reverse("conversation:answer_hide", args=[post.question.intervention_id, post.pk])


def _question(intervention, author, body=QUESTION) -> Question:
    return Question.objects.create(intervention=intervention, author=author, body=body)


def _answer(question, author, body=ANSWER) -> Answer:
    return Answer.objects.create(question=question, author=author, body=body)


# Asking


def test_a_member_of_another_partner_asks_and_the_contact_gets_the_mail(
    client, described, member_a, member_b, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(member_b)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(ask_url(described), {"body": QUESTION})
    question = Question.objects.get()
    assert (question.author, question.intervention, question.body) == (
        member_b,
        described,
        QUESTION,
    )
    assertRedirects(response, f"{described.get_absolute_url()}#vraag-{question.pk}")
    [message] = mailoutbox
    assert message.to == [member_a.email]
    assert message.subject == f"Een vraag over {described.title}"
    assert QUESTION in message.body
    assert f"http://localhost:8000/kennisbank/{described.pk}/#vraag-{question.pk}" in message.body
    assertContains(client.get(described.get_absolute_url()), QUESTION)


def test_without_a_contact_the_managers_get_the_question(
    client, shared_a, manager_a, member_b, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(member_b)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(ask_url(shared_a), {"body": QUESTION})
    assert [message.to for message in mailoutbox] == [[manager_a.email]]


def test_an_inactive_contact_gets_no_question(
    client,
    described,
    member_a,
    manager_a,
    member_b,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    type(member_a).objects.filter(pk=member_a.pk).update(is_active=False)
    client.force_login(member_b)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(ask_url(described), {"body": QUESTION})
    assert [message.to for message in mailoutbox] == [[manager_a.email]]


def test_a_contact_whose_membership_ended_gets_no_question(
    client,
    described,
    member_a,
    manager_a,
    member_b,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    Membership.objects.filter(user=member_a).delete()
    client.force_login(member_b)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(ask_url(described), {"body": QUESTION})
    assert [message.to for message in mailoutbox] == [[manager_a.email]]
    assertContains(client.get(described.get_absolute_url()), "Vragen gaan naar de beheerders")


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("", "Typ je vraag voordat je die verstuurt."),
        ("   ", "Typ je vraag voordat je die verstuurt."),
        ("x" * 5001, "Houd het op hoogstens 5000 tekens; nu zijn het er 5001."),
    ],
)
def test_an_empty_or_overlong_question_comes_back_with_a_message(
    client, described, member_b, body, message
):
    client.force_login(member_b)
    response = client.post(ask_url(described), {"body": body})
    assert response.status_code == 200
    assertContains(response, message)
    if body.strip():
        assertContains(response, body)
    assert not Question.objects.exists()


def test_the_page_shows_the_contact_and_the_question_form(client, described, member_b):
    client.force_login(member_b)
    response = client.get(described.get_absolute_url())
    assertContains(response, "Contactpersoon: <strong>Youssef El Amrani</strong>")
    assertContains(response, 'href="#stel-een-vraag">Stel een vraag</a>')
    assertContains(response, f'action="{ask_url(described)}"')


def test_programme_staff_without_membership_cannot_ask(client, described, programme_staff):
    client.force_login(programme_staff)
    assertNotContains(client.get(described.get_absolute_url()), "stel-een-vraag")
    assert client.post(ask_url(described), {"body": QUESTION}).status_code == 403
    assert not Question.objects.exists()


# What another partner may not see


@pytest.mark.parametrize("kind", ["private", "draft"])
def test_a_question_on_a_description_the_reader_may_not_see_is_a_404(
    client, partner_a, member_a, concept_a, member_b, kind
):
    hidden = (
        make_published(partner_a, member_a, visibility="organisatie")
        if kind == "private"
        else concept_a
    )
    question = _question(hidden, member_a)
    answer = _answer(question, member_a)
    client.force_login(member_b)
    assert client.get(ask_url(hidden)).status_code == 404
    assert client.post(ask_url(hidden), {"body": QUESTION}).status_code == 404
    assert client.get(answer_url(question)).status_code == 404
    assert client.post(answer_url(question), {"body": ANSWER}).status_code == 404
    assert client.post(useful_url(answer)).status_code == 404
    assert client.post(hide_url(question), {"reason": "weg"}).status_code == 404
    assert client.post(hide_url(answer), {"reason": "weg"}).status_code == 404
    assert Question.objects.count() == 1
    assert Answer.objects.get().useful_at is None


def test_a_question_of_another_description_in_the_url_is_a_404(client, described, member_b):
    other = make_published(described.organisation, described.created_by)
    question = _question(described, member_b)
    client.force_login(member_b)
    url = reverse("conversation:answer_create", args=[other.pk, question.pk])
    assert client.post(url, {"body": ANSWER}).status_code == 404


def test_anonymous_readers_go_to_the_login(client, described, member_b):
    response = client.post(ask_url(described), {"body": QUESTION})
    assert response.status_code == 302
    assert "/account/inloggen/" in response["Location"]


# Answering


def test_the_contact_answers_and_the_asker_gets_the_mail(
    client, described, member_a, member_b, mailoutbox, django_capture_on_commit_callbacks
):
    question = _question(described, member_b)
    client.force_login(member_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(answer_url(question), {"body": ANSWER})
    answer = Answer.objects.get()
    assertRedirects(response, f"{described.get_absolute_url()}#antwoord-{answer.pk}")
    [message] = mailoutbox
    assert message.to == [member_b.email]
    assert message.subject == f"Een antwoord op je vraag over {described.title}"
    assert ANSWER in message.body and QUESTION in message.body
    assert f"/kennisbank/{described.pk}/#antwoord-{answer.pk}" in message.body


def test_someone_else_answers_and_asker_and_contact_get_the_mail(
    client,
    described,
    member_a,
    member_b,
    partner_b,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    question = _question(described, member_b)
    colleague = MembershipFactory(organisation=partner_b).user
    client.force_login(colleague)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(answer_url(question), {"body": ANSWER})
    assert sorted(message.to[0] for message in mailoutbox) == sorted(
        [member_a.email, member_b.email]
    )


def test_an_asker_who_may_no_longer_see_the_description_gets_no_text(
    client, described, member_a, member_b, mailoutbox, django_capture_on_commit_callbacks
):
    question = _question(described, member_b)
    Intervention.objects.filter(pk=described.pk).update(
        visibility="organisatie", title=PRIVATE_TEXT
    )
    client.force_login(member_a)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(answer_url(question), {"body": ANSWER})
    [message] = mailoutbox
    assert message.to == [member_b.email]
    assert message.subject == "Een antwoord op je vraag"
    for text in (ANSWER, QUESTION, PRIVATE_TEXT):
        assert text not in message.body
    assert f"/kennisbank/{described.pk}/#antwoord-" in message.body
    other = Client()
    other.force_login(member_b)
    assert other.get(described.get_absolute_url()).status_code == 404


def test_an_empty_answer_comes_back_with_a_message(client, described, member_a, member_b):
    question = _question(described, member_b)
    client.force_login(member_a)
    response = client.post(answer_url(question), {"body": ""})
    assertContains(response, "Typ je antwoord voordat je het verstuurt.")
    assertContains(response, QUESTION)
    assert not Answer.objects.exists()


# Useful and hidden


def test_the_contact_marks_an_answer_useful_and_takes_it_back(
    client, described, member_a, member_b
):
    answer = _answer(_question(described, member_b), member_b)
    client.force_login(member_a)
    client.post(useful_url(answer))
    answer.refresh_from_db()
    assert answer.useful_by == member_a and answer.useful_at is not None
    assertContains(client.get(described.get_absolute_url()), "Nuttig antwoord")
    client.post(useful_url(answer))
    answer.refresh_from_db()
    assert answer.useful_at is None and answer.useful_by is None


@pytest.mark.parametrize("who", ["member_b", "colleague"])
def test_a_forged_useful_or_hide_by_someone_else_is_refused(
    client, request, described, member_b, partner_a, who
):
    question = _question(described, member_b)
    answer = _answer(question, member_b)
    # A colleague of the contact who is no manager may see, not moderate.
    user = (
        MembershipFactory(organisation=partner_a).user
        if who == "colleague"
        else request.getfixturevalue(who)
    )
    client.force_login(user)
    assert client.post(useful_url(answer)).status_code == 403
    assert client.post(hide_url(answer), {"reason": "weg"}).status_code == 403
    assert client.get(hide_url(question)).status_code == 403
    assert client.post(hide_url(question), {"reason": "weg"}).status_code == 403
    page = client.get(described.get_absolute_url())
    assertNotContains(page, "Als nuttig markeren")
    assertNotContains(page, "verbergen")
    assert not Answer.objects.filter(useful_at__isnull=False).exists()
    assert not Question.objects.filter(hidden_at__isnull=False).exists()


def test_a_manager_hides_a_question_with_a_reason(
    client, described, manager_a, member_a, member_b
):
    question = _question(described, member_b, body="Koop nu goedkope zonnepanelen!")
    client.force_login(manager_a)
    assert client.get(hide_url(question)).status_code == 200
    response = client.post(hide_url(question), {"reason": ""})
    assertContains(response, "Geef aan waarom je deze bijdrage verbergt.")
    response = client.post(hide_url(question), {"reason": "Reclame"})
    assertRedirects(response, question.get_absolute_url(), fetch_redirect_response=False)
    question.refresh_from_db()
    assert (question.hidden_by, question.hidden_reason) == (manager_a, "Reclame")
    assert question.hidden_at is not None
    # The managers and the contact read who and why; others that it is hidden.
    assertContains(
        client.get(described.get_absolute_url()), "Verborgen door Annemieke de Vries: Reclame"
    )
    contact = Client()
    contact.force_login(member_a)
    assertContains(contact.get(described.get_absolute_url()), "Verborgen door Annemieke de Vries")
    reader = Client()
    reader.force_login(member_b)
    page = reader.get(described.get_absolute_url())
    assertContains(page, "Deze bijdrage is verborgen.")
    assertNotContains(page, "zonnepanelen")
    assertNotContains(page, "Reclame")
    # A hidden question takes no answers.
    assert reader.post(answer_url(question), {"body": ANSWER}).status_code == 403

    # Hidden by mistake: the reader may not show it again, the manager may.
    show = f"{described.get_absolute_url()}vragen/{question.pk}/weer-tonen/"
    assert reader.post(show).status_code == 403
    assert client.get(show).status_code == 405
    assertRedirects(client.post(show), question.get_absolute_url(), fetch_redirect_response=False)
    question.refresh_from_db()
    assert (question.hidden_at, question.hidden_by, question.hidden_reason) == (None, None, "")
    assertContains(reader.get(described.get_absolute_url()), "zonnepanelen")


def test_the_contact_hides_an_answer_and_a_colleague_does_not_read_why(
    client, described, member_a, member_b, partner_a
):
    answer = _answer(_question(described, member_b), member_b, body="Onzin, dit werkt nooit.")
    client.force_login(member_a)
    client.post(hide_url(answer), {"reason": "Niet respectvol"})
    answer.refresh_from_db()
    assert answer.hidden_by == member_a
    assertContains(client.get(described.get_absolute_url()), "Verborgen door Youssef El Amrani")
    colleague = Client()
    colleague.force_login(MembershipFactory(organisation=partner_a).user)
    page = colleague.get(described.get_absolute_url())
    assertContains(page, "Deze bijdrage is verborgen.")
    assertNotContains(page, "Niet respectvol")
    assertNotContains(page, "Onzin")


# The page's queries


def _thread(intervention, author, answerer, count: int) -> None:
    for number in range(count):
        question = _question(intervention, author, body=f"Vraag {number}")
        _answer(question, answerer, body=f"Antwoord {number}a")
        answer = _answer(question, author, body=f"Antwoord {number}b")
        Answer.objects.filter(pk=answer.pk).update(
            hidden_at=answer.created_at, hidden_by=answerer, hidden_reason="Dubbel"
        )


# The description page (tests/interventions/test_detail.py: 14 for another partner, 15 for the
# owning organisation), its questions (1) and their answers (1).
THREAD_QUERIES = {"member_b": 16, "manager_a": 17}


@pytest.mark.parametrize("who", ["member_b", "manager_a"])
@pytest.mark.parametrize("count", [1, 10])
def test_the_page_reads_the_same_number_of_queries_for_any_number_of_questions(
    client, request, described, member_a, member_b, count, who, django_assert_num_queries
):
    _thread(described, member_b, member_a, count)
    client.force_login(request.getfixturevalue(who))
    with django_assert_num_queries(THREAD_QUERIES[who]):
        response = client.get(described.get_absolute_url())
    assertContains(response, f"Antwoord {count - 1}a")
    hidden = "Verborgen door Youssef El Amrani: Dubbel" if who == "manager_a" else "verborgen."
    assertContains(response, hidden, count=count)
    # The whole page from the cache: the session, the user with the version.
    with django_assert_num_queries(2):
        client.get(described.get_absolute_url())


# The description form


def _form_data(intervention, **changes) -> dict:
    data = {
        "title": intervention.title,
        "summary": intervention.summary,
        "main_goal": intervention.main_goal,
        "start_date": intervention.start_date or "",
        "opened_revision": intervention.revision,
    }
    for prefix in (
        "theory_steps",
        "intended_effects",
        "activities",
        "partners",
        "active_ingredients",
    ):
        data |= {f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0}
    return data | changes


def test_a_new_description_has_its_author_as_contact(client, member_a):
    client.force_login(member_a)
    form = client.get(reverse("interventions:create")).context["form"]
    assert form["contact"].value() == member_a.pk
    assert member_a in form.fields["contact"].queryset


def test_the_form_takes_a_colleague_as_contact_and_refuses_an_outsider(
    client, concept_a, member_a, manager_a, member_b
):
    url = reverse("interventions:update", args=[concept_a.pk])
    client.force_login(member_a)
    response = client.post(url, _form_data(concept_a, contact=member_b.pk))
    assert response.status_code == 200
    assertContains(response, "Selecteer een geldige keuze")
    concept_a.refresh_from_db()
    assert concept_a.contact is None
    response = client.post(url, _form_data(concept_a, contact=manager_a.pk))
    assert response.status_code == 302
    concept_a.refresh_from_db()
    assert concept_a.contact == manager_a


def test_a_new_description_refuses_a_contact_of_the_users_other_organisation(
    client, member_a, partner_a, partner_b, member_b
):
    MembershipFactory(user=member_a, organisation=partner_b)
    client.force_login(member_a)
    data = _form_data(
        Intervention(title="Buurtconciërge", revision=0),
        organisation=partner_a.pk,
        contact=member_b.pk,
    )
    response = client.post(reverse("interventions:create"), data)
    assert response.status_code == 200
    assertContains(response, "De contactpersoon moet lid zijn van de organisatie")
    assert not Intervention.objects.filter(title="Buurtconciërge").exists()
